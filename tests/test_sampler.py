"""DeepSMOTE behaves as an imbalanced-learn over-sampler on rows and images."""

import pickle
import warnings
from collections import Counter

import numpy as np
import pandas as pd
import pytest
import torch
from helpers import EpochsSeen
from imblearn.over_sampling import (
    ADASYN,
    SMOTE,
    BorderlineSMOTE,
    RandomOverSampler,
)
from imblearn.under_sampling import RandomUnderSampler
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.neighbors import NearestNeighbors
from skorch.callbacks import Callback, EpochScoring
from torch import nn

from imblearn_deepsmote import (
    PAPER_SETTINGS,
    DeepSMOTE,
    DeltaOverSampler,
    PaperAutoencoder,
)


def n_resampled(y):
    """Size of the set resampled to balance y, as SMOTE's "auto" does."""
    counts = Counter(y)
    return max(counts.values()) * len(counts)


class EpochCounter(Callback):
    """A callback with state set in __init__ and changed during training."""

    def __init__(self, label="count"):
        self.label = label
        self.n_epochs = 0

    def on_epoch_end(self, net, **kwargs):
        self.n_epochs += 1


class TinyAutoencoder(nn.Module):
    """A user-defined autoencoder: one linear layer each way."""

    def __init__(self, input_shape, latent_dim):
        super().__init__()
        (n_features,) = input_shape
        self.encoder = nn.Linear(n_features, latent_dim)
        self.decoder = nn.Linear(latent_dim, n_features)

    def encode(self, x):
        return self.encoder(x)

    def decode(self, z):
        return self.decoder(z)


# --- scikit-learn conventions ----------------------------------------------


def test_clone_has_equal_params_and_is_unfitted(tabular_data, fast_params):
    X, y = tabular_data
    sampler = DeepSMOTE(latent_dim=3, k_neighbors=4, penalty="released", **fast_params)
    sampler.fit_resample(X, y)

    cloned = clone(sampler)

    assert cloned.get_params() == sampler.get_params()
    assert not hasattr(cloned, "autoencoder_")
    assert not hasattr(cloned, "sampling_strategy_")


def test_fit_resample_does_not_change_params(tabular_data, fast_params):
    X, y = tabular_data
    sampler = DeepSMOTE(
        latent_sampler=SMOTE(k_neighbors=3),
        callbacks=[EpochCounter()],
        **fast_params,
    )
    before = {
        name: repr(value) for name, value in sampler.get_params(deep=True).items()
    }

    sampler.fit_resample(X, y)

    after = {name: repr(value) for name, value in sampler.get_params(deep=True).items()}
    assert after == before
    # The user's latent sampler is cloned, never set up or fitted in place.
    assert sampler.latent_sampler.sampling_strategy == "auto"
    assert not hasattr(sampler.latent_sampler, "sampling_strategy_")


def test_fitted_sampler_survives_pickle_round_trip(tabular_data, fast_params):
    X, y = tabular_data
    sampler = DeepSMOTE(**fast_params)
    sampler.fit_resample(X, y)
    codes = sampler.encode(X)

    loaded = pickle.loads(pickle.dumps(sampler))

    np.testing.assert_array_equal(loaded.encode(X), codes)
    np.testing.assert_array_equal(loaded.decode(codes), sampler.decode(codes))


def test_sampler_fitted_with_progress_bar_survives_pickle(tabular_data, fast_params):
    X, y = tabular_data
    sampler = DeepSMOTE(verbose=1, **fast_params)
    sampler.fit_resample(X, y)

    loaded = pickle.loads(pickle.dumps(sampler))

    np.testing.assert_array_equal(loaded.encode(X), sampler.encode(X))


def test_same_random_state_gives_identical_samples(tabular_data, fast_params):
    X, y = tabular_data
    X_first, y_first = DeepSMOTE(**fast_params).fit_resample(X, y)
    X_second, y_second = DeepSMOTE(**fast_params).fit_resample(X, y)

    np.testing.assert_array_equal(X_first, X_second)
    np.testing.assert_array_equal(y_first, y_second)


def test_different_random_state_gives_different_samples(tabular_data, fast_params):
    X, y = tabular_data
    X_seed_0, _ = DeepSMOTE(**{**fast_params, "random_state": 0}).fit_resample(X, y)
    X_seed_1, _ = DeepSMOTE(**{**fast_params, "random_state": 1}).fit_resample(X, y)

    assert not np.array_equal(X_seed_0[len(X) :], X_seed_1[len(X) :])


def test_fit_resample_restores_torch_global_random_state(tabular_data, fast_params):
    X, y = tabular_data
    torch.manual_seed(123)
    expected = torch.rand(3)
    torch.manual_seed(123)

    DeepSMOTE(**fast_params).fit_resample(X, y)

    assert torch.equal(torch.rand(3), expected)


@pytest.mark.parametrize(
    "make_input",
    [
        pytest.param(lambda rng: rng.normal(size=(40, 5)), id="float64"),
        pytest.param(
            lambda rng: rng.normal(size=(40, 5)).astype(np.float32), id="float32"
        ),
        pytest.param(
            lambda rng: rng.randint(0, 256, size=(40, 8, 8)).astype(np.uint8),
            id="uint8-images",
        ),
        pytest.param(
            lambda rng: pd.DataFrame(
                {"a": rng.normal(size=40), "b": rng.randint(0, 9, size=40)}
            ),
            id="dataframe",
        ),
    ],
)
def test_fit_resample_does_not_modify_caller_data(make_input, fast_params):
    X = make_input(np.random.RandomState(0))
    y = np.repeat(["majority", "minority"], [30, 10])
    X_copy, y_copy = X.copy(), y.copy()

    DeepSMOTE(**fast_params).fit_resample(X, y)

    if isinstance(X, pd.DataFrame):
        pd.testing.assert_frame_equal(X, X_copy)
    else:
        assert X.dtype == X_copy.dtype
        np.testing.assert_array_equal(X, X_copy)
    np.testing.assert_array_equal(y, y_copy)


def test_fit_only_validates_and_accepts_images(make_images, image_labels):
    images = make_images((8, 8))
    sampler = DeepSMOTE()

    assert sampler.fit(images, image_labels) is sampler
    assert sampler.sampling_strategy_ == {1: 16}
    assert sampler.n_features_in_ == 64
    assert not hasattr(sampler, "autoencoder_")


def test_fit_after_fit_resample_forgets_the_trained_autoencoder(
    tabular_data, fast_params
):
    X, y = tabular_data
    sampler = DeepSMOTE(**fast_params)
    sampler.fit_resample(X, y)
    other_X = pd.DataFrame(X[:, :3], columns=["a", "b", "c"])

    assert sampler.fit(other_X, y) is sampler

    assert sampler.n_features_in_ == 3
    assert list(sampler.feature_names_in_) == ["a", "b", "c"]
    for name in ["codec_", "layout_", "input_shape_", "latent_sampler_"]:
        assert not hasattr(sampler, name), name
    for use in [
        lambda: sampler.encode(other_X),
        lambda: sampler.decode(np.zeros((1, 2))),
        lambda: sampler.generate({1: 3}),
    ]:
        with pytest.raises(NotFittedError, match="fit_resample"):
            use()


# --- shapes, types and values of the output ----------------------------------


@pytest.mark.parametrize(
    "sample_shape, input_shape, expected_input_shape",
    [
        pytest.param((6,), None, (6,), id="tabular-rows"),
        pytest.param((64,), (1, 8, 8), (1, 8, 8), id="flat-1-channel"),
        pytest.param((64,), (8, 8), (1, 8, 8), id="flat-height-width"),
        pytest.param((8, 8), None, (1, 8, 8), id="n-height-width"),
        pytest.param((1, 8, 8), None, (1, 8, 8), id="n-1-height-width"),
        pytest.param((3, 8, 8), None, (3, 8, 8), id="n-3-channels"),
        pytest.param((192,), (3, 8, 8), (3, 8, 8), id="flat-3-channels"),
        pytest.param((1, 8, 12), None, (1, 8, 12), id="non-square"),
        pytest.param((2, 12, 9), None, (2, 12, 9), id="non-square-odd-side"),
    ],
)
def test_output_keeps_sample_shape_dtype_and_balances_labels(
    make_images,
    image_labels,
    fast_params,
    sample_shape,
    input_shape,
    expected_input_shape,
):
    X = make_images(sample_shape)
    sampler = DeepSMOTE(input_shape=input_shape, latent_dim=4, **fast_params)

    X_res, y_res = sampler.fit_resample(X, image_labels)

    assert X_res.shape == (n_resampled(image_labels), *sample_shape)
    assert X_res.dtype == X.dtype
    assert Counter(y_res) == {0: 24, 1: 24}
    assert sampler.input_shape_ == expected_input_shape
    assert sampler.n_features_in_ == np.prod(sample_shape)


def test_original_samples_come_first_unchanged(tabular_data, fast_params):
    X, y = tabular_data
    X_res, y_res = DeepSMOTE(**fast_params).fit_resample(X, y)

    np.testing.assert_array_equal(X_res[: len(X)], X)
    np.testing.assert_array_equal(y_res[: len(y)], y)
    assert set(y_res[len(y) :]) == {1, 2}


def test_generated_rows_lie_within_training_range_of_each_feature(
    tabular_data, fast_params
):
    X, y = tabular_data
    X_res, _ = DeepSMOTE(**fast_params).fit_resample(X, y)

    synthetic = X_res[len(X) :]
    assert np.all(synthetic >= X.min(axis=0))
    assert np.all(synthetic <= X.max(axis=0))


def test_integer_pixels_come_back_as_rounded_uint8_in_training_range(
    make_images, image_labels, fast_params
):
    images = make_images((1, 8, 8), dtype=np.uint8)

    X_res, _ = DeepSMOTE(**fast_params).fit_resample(images, image_labels)

    synthetic = X_res[len(images) :]
    assert X_res.dtype == np.uint8
    assert len(synthetic) == 16
    assert synthetic.min() >= images.min()
    assert synthetic.max() <= images.max()


def test_float32_input_gives_float32_output(tabular_data, fast_params):
    X, y = tabular_data
    X_res, _ = DeepSMOTE(**fast_params).fit_resample(X.astype(np.float32), y)

    assert X_res.dtype == np.float32


def test_string_class_labels(tabular_data, fast_params):
    X, y = tabular_data
    names = np.array(["cat", "dog", "emu"])[y]

    X_res, y_res = DeepSMOTE(**fast_params).fit_resample(X, names)

    assert Counter(y_res) == {"cat": 30, "dog": 30, "emu": 30}
    assert len(X_res) == 90


def test_dataframe_in_gives_dataframe_and_series_out(tabular_data, fast_params):
    X, y = tabular_data
    X_df = pd.DataFrame(X, columns=["height", "weight", "age", "income"])
    y_s = pd.Series(y, name="label")

    X_res, y_res = DeepSMOTE(**fast_params).fit_resample(X_df, y_s)

    assert isinstance(X_res, pd.DataFrame)
    assert list(X_res.columns) == list(X_df.columns)
    assert isinstance(y_res, pd.Series)
    assert y_res.name == "label"
    pd.testing.assert_frame_equal(X_res.iloc[: len(X)], X_df)


def test_integer_and_boolean_dataframe_columns_are_rounded(fast_params):
    rng = np.random.RandomState(3)
    X = np.column_stack(
        [rng.randint(18, 90, size=40), rng.rand(40) < 0.3, rng.normal(size=40)]
    ).astype(np.float64)
    X_df = pd.DataFrame(
        {"age": X[:, 0].astype(np.int64), "flag": X[:, 1] > 0, "score": X[:, 2]}
    )
    y = np.repeat([0, 1], [30, 10])
    # The DataFrame trains on the same float64 values as the array.
    X_res, _ = DeepSMOTE(**fast_params).fit_resample(X, y)

    X_df_res, _ = DeepSMOTE(**fast_params).fit_resample(X_df, y)

    synthetic = X_res[len(X) :]
    assert X_df_res.dtypes.to_dict() == X_df.dtypes.to_dict()
    np.testing.assert_array_equal(X_df_res["age"][40:], np.rint(synthetic[:, 0]))
    np.testing.assert_array_equal(X_df_res["flag"][40:], np.rint(synthetic[:, 1]) > 0)
    np.testing.assert_array_equal(X_df_res["score"][40:], synthetic[:, 2])


def test_list_in_gives_list_out(tabular_data, fast_params):
    X, y = tabular_data

    X_res, y_res = DeepSMOTE(**fast_params).fit_resample(X.tolist(), y.tolist())

    assert isinstance(X_res, list)
    assert isinstance(y_res, list)
    assert len(X_res) == len(y_res) == 90
    assert X_res[: len(X)] == X.tolist()


def test_nested_list_of_images_gives_nested_list_out(
    make_images, image_labels, fast_params
):
    images = make_images((8, 8))

    X_res, y_res = DeepSMOTE(**fast_params).fit_resample(
        images.tolist(), image_labels.tolist()
    )

    assert isinstance(X_res, list)
    assert isinstance(y_res, list)
    assert np.shape(X_res) == (48, 8, 8)


# --- sampling strategies and latent samplers --------------------------------


@pytest.mark.parametrize(
    "sampling_strategy",
    [
        "auto",
        "minority",
        "not majority",
        "not minority",
        "all",
        {1: 25, 2: 30},
        {1: 10},
        pytest.param(lambda y: {1: 15, 2: 22}, id="callable"),
    ],
)
def test_sampling_strategy_gives_the_counts_of_smote(
    tabular_data, fast_params, sampling_strategy
):
    X, y = tabular_data
    _, y_smote = SMOTE(sampling_strategy=sampling_strategy).fit_resample(X, y)

    _, y_res = DeepSMOTE(
        sampling_strategy=sampling_strategy, **fast_params
    ).fit_resample(X, y)

    assert Counter(y_res) == Counter(y_smote)


@pytest.mark.parametrize("ratio", [0.5, 1.0])
def test_float_sampling_strategy_on_binary_data(binary_data, fast_params, ratio):
    X, y = binary_data
    _, y_smote = SMOTE(sampling_strategy=ratio).fit_resample(X, y)

    _, y_res = DeepSMOTE(sampling_strategy=ratio, **fast_params).fit_resample(X, y)

    assert Counter(y_res) == Counter(y_smote)


@pytest.mark.parametrize(
    "latent_sampler",
    [BorderlineSMOTE(k_neighbors=3, m_neighbors=5), RandomOverSampler()],
    ids=["BorderlineSMOTE", "RandomOverSampler"],
)
def test_latent_sampler_gives_requested_counts(
    tabular_data, fast_params, latent_sampler
):
    X, y = tabular_data
    sampler = DeepSMOTE(latent_sampler=latent_sampler, **fast_params)

    X_res, y_res = sampler.fit_resample(X, y)

    assert Counter(y_res) == {0: 30, 1: 30, 2: 30}
    np.testing.assert_array_equal(X_res[: len(X)], X)
    assert type(sampler.latent_sampler_) is type(latent_sampler)
    assert sampler.latent_sampler_ is not latent_sampler
    # Seeded from random_state, so that results are reproducible.
    again, _ = clone(sampler).fit_resample(X, y)
    np.testing.assert_array_equal(again, X_res)


def test_adasyn_as_latent_sampler(tabular_data, fast_params):
    X, y = tabular_data
    sampler = DeepSMOTE(latent_sampler=ADASYN(n_neighbors=3), **fast_params)

    X_res, y_res = sampler.fit_resample(X, y)

    counts = Counter(y_res)
    # ADASYN balances only approximately.
    assert counts[0] == 30
    assert counts[1] > 10 and counts[2] > 20
    assert len(X_res) == len(y_res) > len(X)
    np.testing.assert_array_equal(X_res[: len(X)], X)


def test_under_sampler_as_latent_sampler_is_refused(tabular_data, fast_params):
    X, y = tabular_data
    sampler = DeepSMOTE(latent_sampler=RandomUnderSampler(), **fast_params)

    with pytest.raises(ValueError, match="latent_sampler must be an imbalanced-learn"):
        sampler.fit_resample(X, y)


@pytest.mark.parametrize(
    "k_neighbors", [5, NearestNeighbors(n_neighbors=6)], ids=["int", "object"]
)
def test_a_class_of_at_most_k_neighbors_samples_uses_all_its_others_silently(
    fast_params, k_neighbors
):
    rng = np.random.RandomState(4)
    y = np.repeat([0, 1], [30, 3])
    X = rng.normal(size=(len(y), 4))
    sampler = DeepSMOTE(k_neighbors=k_neighbors, **fast_params)

    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)
        _, y_res = sampler.fit_resample(X, y)

    assert Counter(y_res) == {0: 30, 1: 30}
    assert repr(sampler.latent_sampler_.k_neighbors) == repr(k_neighbors)


@pytest.fixture
def four_sample_class_data(tabular_data):
    """Classes of 26, 4 and 20 samples."""
    X, y = tabular_data
    X, y = X[y != 1], y[y != 1]
    y[:4] = 1
    return X, y


def test_nearest_neighbors_object_as_k_neighbors(four_sample_class_data, fast_params):
    X, y = four_sample_class_data
    k_neighbors = NearestNeighbors(n_neighbors=4)  # three neighbours and itself
    sampler = DeepSMOTE(k_neighbors=k_neighbors, **fast_params)

    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)
        _, y_res = sampler.fit_resample(X, y)

    assert Counter(y_res) == {0: 26, 1: 26, 2: 26}
    assert sampler.latent_sampler_.k_neighbors.get_params() == k_neighbors.get_params()
    assert not hasattr(k_neighbors, "n_samples_fit_")


def test_the_default_latent_sampler_is_half_borrowed_half_interpolated(
    tabular_data, fast_params
):
    X, y = tabular_data
    sampler = DeepSMOTE(k_neighbors=3, **fast_params)
    sampler.fit_resample(X, y)

    assert isinstance(sampler.latent_sampler_, DeltaOverSampler)
    assert sampler.latent_sampler_.smote_share == 0.5
    assert sampler.latent_sampler_.k_neighbors == 3


def test_a_single_sample_class_gets_new_samples_from_borrowed_differences(
    fast_params,
):
    rng = np.random.RandomState(5)
    y = np.repeat([0, 1], [20, 1])
    X = rng.normal(size=(len(y), 3))

    X_res, y_res = DeepSMOTE(**fast_params).fit_resample(X, y)

    assert Counter(y_res) == {0: 20, 1: 20}
    assert np.all(np.isfinite(X_res))


def test_classes_of_a_single_sample_each_are_refused_before_training(fast_params):
    X = np.random.RandomState(5).normal(size=(3, 4))
    y = np.array([0, 1, 2])
    epochs = []
    sampler = DeepSMOTE(
        sampling_strategy={0: 3},
        callbacks=[EpochsSeen(lambda: epochs.append(1))],
        **fast_params,
    )

    with pytest.raises(
        ValueError,
        match=r"latent_sampler=None \(DeltaOverSampler.*"
        r"Every class has a single sample",
    ):
        sampler.fit_resample(X, y)
    assert epochs == []


# --- encode, decode and modules ----------------------------------------------


def test_encode_and_decode_shapes(make_images, image_labels, fast_params):
    images = make_images((1, 8, 12))
    sampler = DeepSMOTE(latent_dim=5, **fast_params)
    sampler.fit_resample(images, image_labels)

    codes = sampler.encode(images)
    rows_codes = sampler.encode(images.reshape(len(images), -1))
    decoded = sampler.decode(codes)

    assert codes.shape == (len(images), 5)
    assert codes.dtype == np.float32
    np.testing.assert_array_equal(rows_codes, codes)
    assert decoded.shape == images.shape
    assert decoded.dtype == images.dtype
    assert decoded.min() >= images.min() and decoded.max() <= images.max()


def test_decode_refuses_codes_of_wrong_width(tabular_data, fast_params):
    X, y = tabular_data
    sampler = DeepSMOTE(latent_dim=3, **fast_params)
    sampler.fit_resample(X, y)

    with pytest.raises(ValueError, match=r"Z has 5 columns.*latent_dim_=3"):
        sampler.decode(np.zeros((2, 5)))


def test_nearest_residual_gives_back_the_training_sample_of_an_equal_code(
    make_images, image_labels, fast_params
):
    # RandomOverSampler in latent space repeats training codes: their nearest
    # training code is themselves, so adding the residual undoes the blur.
    images = make_images((1, 8, 8), dtype=np.uint8)
    sampler = DeepSMOTE(latent_sampler=RandomOverSampler(), **fast_params)
    X_res, y_res = sampler.fit_resample(images, image_labels)

    new = X_res[len(images) :]
    assert len(new) == 16 and set(y_res[len(images) :]) == {1}
    class_1 = images[image_labels == 1].reshape(8, -1)
    for sample in new.reshape(len(new), -1):
        assert (class_1 == sample).all(axis=1).any()


def test_without_residual_new_codes_are_decoded_as_they_are(tabular_data, fast_params):
    X, y = tabular_data
    sampler = DeepSMOTE(
        latent_sampler=RandomOverSampler(), residual=None, **fast_params
    )
    X_res, _ = sampler.fit_resample(X, y)

    new = X_res[len(X) :]
    reconstructions = sampler.decode(sampler.codec_.train_codes_)
    nearest = NearestNeighbors(n_neighbors=1).fit(reconstructions)
    distance, _ = nearest.kneighbors(new)
    np.testing.assert_allclose(distance, 0, atol=1e-9)
    # Reconstructions, not the training rows themselves.
    distance_to_X, _ = NearestNeighbors(n_neighbors=1).fit(X).kneighbors(new)
    assert distance_to_X.min() > 1e-3


def test_nearest_residual_keeps_new_rows_in_the_training_range(fast_params):
    # Widely spread rows: the residual of a base row can push a decoded row
    # past the range, which the clip takes back.
    rng = np.random.RandomState(3)
    X = rng.standard_cauchy(size=(40, 3)) * np.array([1.0, 1e3, 1e300])
    y = np.repeat([0, 1], [30, 10])
    X_res, _ = DeepSMOTE(**fast_params).fit_resample(X, y)

    new = X_res[len(X) :]
    assert np.isfinite(new).all()
    assert np.all(new >= X.min(axis=0)) and np.all(new <= X.max(axis=0))


def test_paper_autoencoder_on_28x28_images(fast_params):
    rng = np.random.RandomState(6)
    y = np.repeat([0, 1], [8, 4])
    images = rng.uniform(size=(len(y), 1, 28, 28)).astype(np.float32)
    sampler = DeepSMOTE(module=PaperAutoencoder, latent_dim=8, **fast_params)
    sampler.set_params(batch_size=6, k_neighbors=2)

    X_res, y_res = sampler.fit_resample(images, y)

    assert isinstance(sampler.autoencoder_.module_, PaperAutoencoder)
    assert X_res.shape == (16, 1, 28, 28)
    assert X_res.dtype == np.float32
    assert Counter(y_res) == {0: 8, 1: 8}


def test_paper_settings_are_valid_parameters_and_read_only():
    sampler = DeepSMOTE(**{**PAPER_SETTINGS, "max_epochs": 1})

    assert sampler.get_params()["module"] is PaperAutoencoder
    assert clone(sampler).get_params()["lr"] == PAPER_SETTINGS["lr"] == 2e-4
    sampler._validate_params()
    with pytest.raises(TypeError):
        PAPER_SETTINGS["max_epochs"] = 1


def test_user_defined_module_class(tabular_data, fast_params):
    X, y = tabular_data
    sampler = DeepSMOTE(module=TinyAutoencoder, latent_dim=2, **fast_params)

    X_res, _ = sampler.fit_resample(X, y)

    assert isinstance(sampler.autoencoder_.module_, TinyAutoencoder)
    assert sampler.autoencoder_.module_.encoder.out_features == 2
    assert X_res.shape == (90, 4)
    assert sampler.encode(X).shape == (60, 2)


# --- callbacks and progress --------------------------------------------------


def test_callbacks_are_used_on_copies_and_never_modified(tabular_data, fast_params):
    X, y = tabular_data
    counter = EpochCounter()
    scoring = EpochScoring(lambda net, X, y: 0.5, name="half", on_train=True)
    counter_state, scoring_state = dict(vars(counter)), dict(vars(scoring))
    sampler = DeepSMOTE(callbacks=[counter, scoring], **fast_params)
    sampler.set_params(max_epochs=2)

    sampler.fit_resample(X, y)

    assert vars(counter) == counter_state
    assert vars(scoring).keys() == scoring_state.keys()
    assert sampler.callbacks == [counter, scoring]
    used = dict(sampler.autoencoder_.callbacks_)
    assert used["EpochCounter"] is not counter
    assert used["EpochCounter"].n_epochs == 2
    assert sampler.autoencoder_.history[-1, "half"] == 0.5


def test_verbose_shows_progress_bar_on_stderr(tabular_data, fast_params, capsys):
    X, y = tabular_data

    DeepSMOTE(verbose=1, **fast_params).fit_resample(X, y)

    captured = capsys.readouterr()
    assert "DeepSMOTE training" in captured.err
    assert "1/1" in captured.err
    assert "loss=" in captured.err
    assert captured.out == ""


def test_silent_by_default(tabular_data, fast_params, capsys):
    X, y = tabular_data

    DeepSMOTE(**fast_params).fit_resample(X, y)

    captured = capsys.readouterr()
    assert captured.err == ""
    assert captured.out == ""


def test_latent_sampler_that_falls_short_of_the_counts_warns(fast_params):
    # Far-apart classes leave BorderlineSMOTE no sample "in danger" to start from.
    rng = np.random.RandomState(0)
    y = np.repeat([0, 1], [30, 10])
    X = rng.normal(size=(40, 3)) + 100.0 * y[:, np.newaxis]
    sampler = DeepSMOTE(latent_sampler=BorderlineSMOTE(), **fast_params)
    with pytest.warns(UserWarning, match=r"fewer samples than asked for.*\{1: 20\}"):
        X_res, y_res = sampler.fit_resample(X, y)
    assert np.sum(y_res == 1) == 10
