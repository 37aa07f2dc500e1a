"""Bad input and bad parameters get errors that say what to do."""

import numpy as np
import pandas as pd
import pytest
import torch
from scipy import sparse
from sklearn.exceptions import NotFittedError
from sklearn.utils._param_validation import InvalidParameterError

from imblearn_deepsmote import DeepSMOTE, PaperAutoencoder


@pytest.mark.parametrize("method", ["fit_resample", "fit"])
@pytest.mark.parametrize("to_sparse", [sparse.csr_matrix, sparse.csc_array])
def test_sparse_matrix_is_refused(tabular_data, fast_params, method, to_sparse):
    X, y = tabular_data
    sampler = DeepSMOTE(**fast_params)

    with pytest.raises(TypeError, match=r"needs dense data.*X\.toarray\(\)"):
        getattr(sampler, method)(to_sparse(X), y)


def test_sparse_dataframe_is_refused(tabular_data, fast_params):
    X, y = tabular_data
    X_df = pd.DataFrame(X, columns=list("abcd")).astype(pd.SparseDtype(float, 0.0))

    with pytest.raises(TypeError, match=r"needs dense data.*sparse\.to_dense\(\)"):
        DeepSMOTE(**fast_params).fit_resample(X_df, y)


@pytest.mark.parametrize(
    "value, message",
    [(np.nan, "Input X contains NaN"), (np.inf, "Input X contains infinity")],
)
@pytest.mark.parametrize("sample_shape", [(4,), (8, 8)], ids=["rows", "images"])
def test_nan_and_inf_are_refused(fast_params, value, message, sample_shape):
    X = np.random.RandomState(0).normal(size=(20, *sample_shape))
    X.flat[5] = value
    y = np.repeat([0, 1], [14, 6])

    with pytest.raises(ValueError, match=message):
        DeepSMOTE(**fast_params).fit_resample(X, y)


@pytest.mark.parametrize(
    "make_X",
    [
        pytest.param(
            lambda: np.array([["red", 1.0], ["blue", 2.0]] * 10, dtype=object),
            id="object-array",
        ),
        pytest.param(lambda: np.array([["red", "big"]] * 20), id="unicode-array"),
        pytest.param(
            lambda: pd.DataFrame({"colour": ["red", "blue"] * 10, "size": 1.0}),
            id="dataframe-text",
        ),
        pytest.param(
            lambda: pd.DataFrame(
                {"colour": pd.Categorical(["red", "blue"] * 10), "size": 1.0}
            ),
            id="dataframe-categorical",
        ),
        pytest.param(lambda: np.full((20, 8, 8), "x"), id="text-images"),
        pytest.param(
            lambda: pd.DataFrame({"when": pd.date_range("2020", periods=20), "x": 1.0}),
            id="dataframe-datetime",
        ),
    ],
)
def test_non_numeric_features_are_refused(fast_params, make_X):
    y = np.repeat([0, 1], [14, 6])

    with pytest.raises(ValueError, match=r"DeepSMOTE needs numeric features.*encode"):
        DeepSMOTE(**fast_params).fit_resample(make_X(), y)


def test_input_shape_not_matching_number_of_features(tabular_data, fast_params):
    X, y = tabular_data
    sampler = DeepSMOTE(input_shape=(1, 3, 3), **fast_params)

    with pytest.raises(
        ValueError, match=r"describes images of 9 values, but X has 4 features"
    ):
        sampler.fit_resample(X, y)


def test_input_shape_not_matching_image_array(make_images, image_labels, fast_params):
    sampler = DeepSMOTE(input_shape=(1, 12, 8), **fast_params)

    with pytest.raises(
        ValueError, match=r"does not match the images passed.*\(1, 8, 12\)"
    ):
        sampler.fit_resample(make_images((8, 12)), image_labels)


@pytest.mark.parametrize(
    "input_shape", [(0, 8), (1, 2, 3, 4), (8,), (8, 8.0), (-1, 8, 8)]
)
def test_malformed_input_shape(tabular_data, fast_params, input_shape):
    X, y = tabular_data
    sampler = DeepSMOTE(input_shape=input_shape, **fast_params)

    with pytest.raises(
        ValueError, match=r"is not the layout of one image\. Pass input_shape="
    ):
        sampler.fit_resample(X, y)


def test_input_shape_of_wrong_type(tabular_data, fast_params):
    X, y = tabular_data
    sampler = DeepSMOTE(input_shape="abc", **fast_params)

    with pytest.raises(
        InvalidParameterError,
        match=r"'input_shape' parameter of DeepSMOTE must be an instance of 'tuple'",
    ):
        sampler.fit_resample(X, y)


@pytest.mark.parametrize("method", ["fit_resample", "fit"])
def test_five_dimensional_array_is_refused(fast_params, method):
    X = np.zeros((20, 1, 2, 8, 8))
    y = np.repeat([0, 1], [14, 6])

    with pytest.raises(
        ValueError, match=r"\(n_samples, channels, height, width\).*\(20, 1, 2, 8, 8\)"
    ):
        getattr(DeepSMOTE(**fast_params), method)(X, y)


def test_cuda_device_without_gpu(tabular_data, fast_params, monkeypatch):
    X, y = tabular_data
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)

    with pytest.raises(ValueError, match=r"no CUDA GPU.*device='cpu'"):
        DeepSMOTE(device="cuda", **fast_params).fit_resample(X, y)


@pytest.mark.parametrize("device", ["gpu0", "cuda:x", ""])
def test_nonsense_device(tabular_data, fast_params, device):
    X, y = tabular_data

    with pytest.raises(ValueError, match=r"is not a torch device; use 'cpu' or 'cuda'"):
        DeepSMOTE(device=device, **fast_params).fit_resample(X, y)


@pytest.mark.parametrize(
    "params",
    [
        {"max_epochs": 0},
        {"max_epochs": 1.5},
        {"batch_size": 0},
        {"lr": -1},
        {"lr": 0},
        {"penalty": "foo"},
        {"penalty_weight": -0.5},
        {"residual": "mean"},
        {"latent_dim": 0},
        {"k_neighbors": 0},
        {"k_neighbors": "five"},
        {"latent_sampler": "SMOTE"},
        {"sampling_strategy": "most"},
        {"callbacks": "progress"},
        {"device": 0},
        {"verbose": "yes"},
    ],
    ids=lambda params: next(iter(params)),
)
def test_invalid_parameter_values(tabular_data, params):
    X, y = tabular_data
    (name,) = params
    sampler = DeepSMOTE(**{"max_epochs": 1, **params})

    with pytest.raises(
        InvalidParameterError, match=rf"The '{name}' parameter of DeepSMOTE must be"
    ):
        sampler.fit_resample(X, y)


@pytest.mark.parametrize(
    "sample_shape, input_shape",
    [((4, 4), None), ((1, 8, 5), None), ((3, 7, 16), None), ((16,), (1, 4, 4))],
)
def test_images_smaller_than_8x8_for_conv_autoencoder(
    make_images, image_labels, fast_params, sample_shape, input_shape
):
    X = make_images(sample_shape)
    sampler = DeepSMOTE(input_shape=input_shape, **fast_params)

    with pytest.raises(ValueError, match=r"needs images of at least 8x8 pixels, got"):
        sampler.fit_resample(X, image_labels)


def test_batch_of_one_sample_for_batch_norm_on_1x1_maps(fast_params):
    # PaperAutoencoder normalises 512 channels of 1x1 after its last convolution.
    images = np.random.RandomState(0).uniform(size=(6, 1, 28, 28))
    sampler = DeepSMOTE(module=PaperAutoencoder, latent_dim=4, **fast_params)
    sampler.set_params(batch_size=1)

    with pytest.raises(ValueError, match=r"batch_size=1 is too small.*batch_size=2"):
        sampler.fit_resample(images, np.repeat([0, 1], [4, 2]))


@pytest.mark.parametrize("method", ["encode", "decode"])
def test_encode_and_decode_before_fitting(method):
    with pytest.raises(NotFittedError, match="not fitted yet"):
        getattr(DeepSMOTE(), method)(np.zeros((2, 4)))


def test_encode_with_wrong_number_of_features(tabular_data, fast_params):
    X, y = tabular_data
    sampler = DeepSMOTE(**fast_params)
    sampler.fit_resample(X, y)

    with pytest.raises(
        ValueError, match="X has 3 features, but DeepSMOTE is expecting 4 features"
    ):
        sampler.encode(X[:, :3])


def test_encode_with_images_of_wrong_size(make_images, image_labels, fast_params):
    sampler = DeepSMOTE(**fast_params)
    sampler.fit_resample(make_images((8, 8)), image_labels)

    with pytest.raises(
        ValueError, match=r"samples of shape \(8, 12\).*fitted on .* \(8, 8\)"
    ):
        sampler.encode(make_images((8, 12)))


def test_single_class_is_refused(fast_params):
    X = np.random.RandomState(0).normal(size=(10, 3))

    with pytest.raises(ValueError, match="needs to have more than 1 class"):
        DeepSMOTE(**fast_params).fit_resample(X, np.zeros(10))


def test_diverging_training_is_reported(tabular_data, fast_params):
    X, y = tabular_data
    sampler = DeepSMOTE(lr=1e12, **fast_params)

    with pytest.raises(FloatingPointError, match=r"training diverged.*lower it"):
        sampler.fit_resample(X * 1e6, y)


# --- samplers and columns for categorical data --------------------------------------


@pytest.mark.parametrize(
    "latent_sampler",
    ["SMOTEN()", "SMOTENC(categorical_features=[0])"],
)
def test_over_samplers_for_categorical_data_are_refused(
    tabular_data, fast_params, latent_sampler
):
    from imblearn.over_sampling import SMOTEN, SMOTENC  # noqa: F401

    X, y = tabular_data
    sampler = DeepSMOTE(latent_sampler=eval(latent_sampler), **fast_params)
    with pytest.raises(ValueError, match="categorical.*SMOTE.*BorderlineSMOTE"):
        sampler.fit_resample(X, y)
    assert not hasattr(sampler, "autoencoder_")


def test_a_categorical_column_is_refused_with_its_name(tabular_data, fast_params):
    X, y = tabular_data
    frame = pd.DataFrame({"size": X[:, 0], "colour": (X[:, 1] > 0).astype(int)})
    frame["colour"] = frame["colour"].astype("category")
    with pytest.raises(ValueError, match="'colour'.*categorical.*OneHotEncoder"):
        DeepSMOTE(**fast_params).fit_resample(frame, y)


# --- checked before training ----------------------------------------------------------


class NoDecoder(torch.nn.Module):
    def __init__(self, input_shape, latent_dim):
        super().__init__()
        self.encoder = torch.nn.Linear(int(np.prod(input_shape)), latent_dim)

    def encode(self, x):
        return self.encoder(x)


class WrongDecoderShape(NoDecoder):
    def __init__(self, input_shape, latent_dim):
        super().__init__(input_shape, latent_dim)
        self.decoder = torch.nn.Linear(latent_dim, 1)

    def decode(self, z):
        return self.decoder(z)


class WrongCodeShape(WrongDecoderShape):
    def encode(self, x):
        return self.encoder(x)[:, :1]


@pytest.mark.parametrize(
    "module, message",
    [
        (NoDecoder, r"no decode method"),
        (WrongDecoderShape, r"decode returned a batch of shape \(2, 1\).*\(2, 4\)"),
        (WrongCodeShape, r"encode returned a batch of shape \(2, 1\).*\(2, 2\)"),
    ],
)
def test_a_module_breaking_the_contract_is_refused_before_training(
    tabular_data, module, message
):
    X, y = tabular_data
    sampler = DeepSMOTE(module=module, latent_dim=2, max_epochs=1000)
    with pytest.raises(ValueError, match=message + r"(.|\n)*encode.*decode"):
        sampler.fit_resample(X, y)


@pytest.mark.parametrize("n_channels", [1, 3, 4])
def test_channels_last_images_are_refused_with_how_to_transpose(
    image_labels, fast_params, n_channels
):
    X = np.zeros((len(image_labels), 8, 8, n_channels), dtype=np.uint8)
    with pytest.raises(ValueError, match=r"\(N, C, H, W\).*transpose\(0, 3, 1, 2\)"):
        DeepSMOTE(**fast_params).fit_resample(X, image_labels)


@pytest.mark.parametrize("device", ["mps", "meta", "cuda:7"])
def test_devices_torch_knows_but_cannot_use_here(tabular_data, fast_params, device):
    X, y = tabular_data
    if device == "cuda:7" and torch.cuda.device_count() > 7:
        pytest.skip("this machine has 8 GPUs")
    with pytest.raises(ValueError, match=rf"device='{device}'.*device='cpu'"):
        DeepSMOTE(device=device, **fast_params).fit_resample(X, y)


def test_a_latent_code_larger_than_the_sample_warns(tabular_data, fast_params):
    X, y = tabular_data
    with pytest.warns(UserWarning, match=r"latent_dim=6 .* 4 features"):
        DeepSMOTE(latent_dim=6, **fast_params).fit_resample(X, y)


def test_warnings_point_at_the_callers_line(fast_params):
    X = np.random.RandomState(0).normal(size=(23, 3))
    y = np.repeat([0, 1], [20, 3])
    with pytest.warns(UserWarning, match="latent_dim=6") as record:
        DeepSMOTE(latent_dim=6, **fast_params).fit_resample(X, y)
    assert {warning.filename for warning in record} == {__file__}


def test_the_shortfall_warning_points_at_the_callers_line(tabular_data, fast_params):
    from imblearn.over_sampling import ADASYN

    X, y = tabular_data
    sampler = DeepSMOTE(latent_sampler=ADASYN(), **fast_params)
    with pytest.warns(UserWarning) as record:
        sampler.fit_resample(X, y)
        sampler.generate({1: 500}, random_state=0)
    shortfalls = [w for w in record if "fewer samples than asked" in str(w.message)]
    assert shortfalls
    assert {warning.filename for warning in shortfalls} == {__file__}


def test_a_list_of_labels_of_mixed_types_is_refused(tabular_data, fast_params):
    X, y = tabular_data
    labels = [1 if label == 0 else "a" if label == 1 else 2.5 for label in y]
    with pytest.raises(ValueError, match=r"y mixes labels of types float, int, str"):
        DeepSMOTE(**fast_params).fit_resample(X, labels)


@pytest.mark.parametrize("method", ["fit_resample", "fit"])
def test_continuous_labels_are_refused_by_fit_as_by_fit_resample(
    tabular_data, fast_params, method
):
    X, _ = tabular_data
    with pytest.raises(ValueError, match="Unknown label type: continuous"):
        getattr(DeepSMOTE(**fast_params), method)(X, np.linspace(0, 1, len(X)))


@pytest.mark.parametrize("method", ["fit_resample", "fit"])
@pytest.mark.parametrize("first", ["a", 1], ids=["text first", "number first"])
@pytest.mark.parametrize(
    "container",
    [lambda labels: np.array(labels, dtype=object), pd.Series, pd.DataFrame],
    ids=["object array", "series", "one-column frame"],
)
def test_labels_mixing_text_and_numbers_are_refused_in_any_container(
    tabular_data, fast_params, method, first, container
):
    X, y = tabular_data
    labels = container(
        [first if label == 0 else "b" if label == 1 else 2 for label in y]
    )
    with pytest.raises(ValueError, match=r"y mixes labels of types int, str"):
        getattr(DeepSMOTE(**fast_params), method)(X, labels)
