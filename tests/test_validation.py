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
        ValueError, match=r"input_shape must be \(channels, height, width\)"
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
        ValueError, match="X has 96 features, but DeepSMOTE is expecting 64 features"
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
