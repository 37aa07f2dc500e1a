"""What the over-samplers for latent codes share: exact counts, original
samples first, seeds, and their use by DeepSMOTE (their imbalanced-learn
and scikit-learn checks run in test_estimator_checks.py)."""

import pickle
from collections import Counter

import numpy as np
import pandas as pd
import pytest
from helpers import EpochsSeen
from imblearn.over_sampling import ADASYN, SMOTE
from scipy import sparse
from sklearn.base import clone

from imblearn_deepsmote import (
    CentroidOverSampler,
    CleanedOverSampler,
    DeepSMOTE,
    DeltaOverSampler,
    HullOverSampler,
)

# Seeded: the imbalanced-learn checks compare two runs on the same data.
SAMPLERS = [
    DeltaOverSampler(min_donor_samples=5, random_state=0),
    CleanedOverSampler(sampler=SMOTE(k_neighbors=3), n_neighbors=3, random_state=0),
    CentroidOverSampler(random_state=0),
    HullOverSampler(k_neighbors=3, random_state=0),
]
IDS = [type(sampler).__name__ for sampler in SAMPLERS]
with_each_sampler = pytest.mark.parametrize("sampler", SAMPLERS, ids=IDS)


# Exact counts, original samples first


@with_each_sampler
@pytest.mark.parametrize(
    "sampling_strategy, expected",
    [
        ("auto", {0: 30, 1: 30, 2: 30}),
        ("minority", {0: 30, 1: 30, 2: 20}),
        ({1: 17, 2: 41}, {0: 30, 1: 17, 2: 41}),
        ("all", {0: 30, 1: 30, 2: 30}),
    ],
)
def test_resampling_gives_the_counts_asked_for_after_the_original_samples(
    tabular_data, sampler, sampling_strategy, expected
):
    X, y = tabular_data
    sampler = clone(sampler).set_params(
        sampling_strategy=sampling_strategy, random_state=0
    )

    X_res, y_res = sampler.fit_resample(X, y)

    assert Counter(y_res.tolist()) == expected
    np.testing.assert_array_equal(X_res[: len(X)], X)
    np.testing.assert_array_equal(y_res[: len(y)], y)
    assert np.all(np.isfinite(X_res))


@with_each_sampler
def test_new_samples_follow_class_after_class(tabular_data, sampler):
    X, y = tabular_data
    sampler = clone(sampler).set_params(random_state=0)

    _, y_res = sampler.fit_resample(X, y)

    np.testing.assert_array_equal(y_res[len(y) :], np.repeat([1, 2], [20, 10]))


@with_each_sampler
@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.uint8, np.int64])
def test_the_dtype_of_the_input_is_kept_as_smote_keeps_it(tabular_data, sampler, dtype):
    X, y = tabular_data
    X = (20 * X + 100).astype(dtype)
    sampler = clone(sampler).set_params(random_state=0)

    X_res, _ = sampler.fit_resample(X, y)
    X_smote, _ = SMOTE(random_state=0).fit_resample(X, y)

    assert X_res.dtype == X_smote.dtype == X.dtype


@with_each_sampler
def test_boolean_rows_stay_boolean(tabular_data, sampler):
    X, y = tabular_data
    sampler = clone(sampler).set_params(random_state=0)

    X_res, _ = sampler.fit_resample(X > 1, y)

    assert X_res.dtype == bool


@with_each_sampler
@pytest.mark.parametrize("dtype", [np.float64, np.uint8])
def test_new_samples_lie_within_the_training_range_of_each_feature(
    tabular_data, sampler, dtype
):
    X, y = tabular_data
    # A feature of a narrow range beside wide ones; uint8 pixels near 0 and 255.
    X = np.column_stack([20 * X[:, :3] + 128, X[:, 3] > 1]).clip(0, 255).astype(dtype)
    sampler = clone(sampler).set_params(random_state=0)

    X_res, _ = sampler.fit_resample(X, y)

    new = X_res[len(X) :]
    assert np.all(new >= X.min(axis=0)) and np.all(new <= X.max(axis=0))
    if dtype is np.uint8:
        assert set(new[:, 3].tolist()) <= {0, 1}


@with_each_sampler
def test_integer_columns_of_a_dataframe_are_rounded_not_truncated(
    tabular_data, sampler
):
    X, y = tabular_data
    frame = pd.DataFrame(
        {"count": (10 * X[:, 0] + 50).astype(int), "x": X[:, 1], "flag": X[:, 2] > 1}
    )
    sampler = clone(sampler).set_params(random_state=0)

    X_res, _ = sampler.fit_resample(frame, y)
    X_float, _ = sampler.fit_resample(frame.astype(float), y)

    assert X_res.dtypes.tolist() == frame.dtypes.tolist()
    for column in ["count", "flag"]:
        np.testing.assert_array_equal(X_res[column], np.rint(X_float[column]))


@with_each_sampler
def test_input_is_left_unchanged(tabular_data, sampler):
    X, y = tabular_data
    X_before, y_before = X.copy(), y.copy()

    clone(sampler).fit_resample(X, y)

    np.testing.assert_array_equal(X, X_before)
    np.testing.assert_array_equal(y, y_before)


@with_each_sampler
def test_sparse_input_is_refused_with_advice_to_densify(tabular_data, sampler):
    X, y = tabular_data

    with pytest.raises(TypeError, match="toarray"):
        clone(sampler).fit_resample(sparse.csr_matrix(X), y)


# Seeds


@with_each_sampler
def test_a_seed_gives_the_same_samples_and_another_seed_others(tabular_data, sampler):
    X, y = tabular_data

    def resample(seed):
        return clone(sampler).set_params(random_state=seed).fit_resample(X, y)[0]

    np.testing.assert_array_equal(resample(0), resample(0))
    assert not np.array_equal(resample(0), resample(1))


@with_each_sampler
def test_clone_keeps_the_parameters(sampler):
    copy = clone(sampler)

    assert copy.get_params().keys() == sampler.get_params().keys()
    assert repr(copy) == repr(sampler)


# As the latent sampler of DeepSMOTE, and on string labels


@with_each_sampler
def test_deepsmote_runs_it_on_codes_of_rows(tabular_data, fast_params, sampler):
    X, y = tabular_data
    sampler = clone(sampler).set_params(random_state=None)
    deepsmote = DeepSMOTE(latent_sampler=sampler, latent_dim=3, **fast_params)

    X_res, y_res = deepsmote.fit_resample(X, y)

    assert Counter(y_res.tolist()) == {0: 30, 1: 30, 2: 30}
    np.testing.assert_array_equal(X_res[: len(X)], X)
    assert type(deepsmote.latent_sampler_) is type(sampler)
    # Seeded from DeepSMOTE's random_state: the samples repeat.
    again, _ = clone(deepsmote).fit_resample(X, y)
    np.testing.assert_array_equal(again, X_res)


@with_each_sampler
def test_deepsmote_runs_it_on_codes_of_images(
    make_images, image_labels, fast_params, sampler
):
    images = make_images((8, 8))
    deepsmote = DeepSMOTE(latent_sampler=sampler, **fast_params)

    X_res, y_res = deepsmote.fit_resample(images, image_labels)

    assert X_res.shape == (48, 8, 8)
    assert Counter(y_res.tolist()) == {0: 24, 1: 24}
    np.testing.assert_array_equal(X_res[: len(images)], images)


@with_each_sampler
def test_string_labels_are_kept(tabular_data, sampler):
    X, y = tabular_data
    labels = np.array(["cat", "dog", "eel"])[y]
    sampler = clone(sampler).set_params(random_state=0)

    _, y_res = sampler.fit_resample(X, labels)

    assert Counter(y_res.tolist()) == {"cat": 30, "dog": 30, "eel": 30}


# Checked before training


def test_donor_classes_absent_from_the_data_are_refused_before_training(
    tabular_data, fast_params, count_trainings
):
    X, y = tabular_data
    epochs = []
    deepsmote = DeepSMOTE(
        latent_sampler=DeltaOverSampler(donor_classes=[7]),
        callbacks=[("epochs", EpochsSeen(lambda: epochs.append(1)))],
        **fast_params,
    )

    with pytest.raises(ValueError, match=r"donor_classes=\[7\].*absent from y"):
        deepsmote.fit_resample(X, y)

    assert epochs == []
    assert count_trainings.count == 0
    deepsmote.set_params(latent_sampler=DeltaOverSampler()).fit_resample(X, y)
    assert epochs == [1] * fast_params["max_epochs"]


def test_a_class_too_small_for_an_inner_smote_is_refused_before_training(
    fast_params, count_trainings
):
    rng = np.random.RandomState(0)
    X, y = rng.normal(size=(35, 4)), np.repeat([0, 1], [30, 5])
    epochs = []
    deepsmote = DeepSMOTE(
        latent_sampler=CleanedOverSampler(),
        callbacks=[("epochs", EpochsSeen(lambda: epochs.append(1)))],
        **fast_params,
    )

    with pytest.raises(ValueError, match="1, has 5 samples.*k_neighbors below"):
        deepsmote.fit_resample(X, y)

    assert epochs == []
    assert count_trainings.count == 0


@pytest.mark.filterwarnings("ignore:ADASYN in latent space generated")
def test_a_sampler_that_fails_only_by_the_layout_of_the_codes_is_not_refused(
    fast_params,
):
    # ADASYN, asked for 2 samples of class 1, makes none on overlapping
    # classes, and fails on classes apart with no border: the trained codes
    # decide, so only a failure on every stand-in is refused.
    rng = np.random.RandomState(0)
    y = np.repeat([0, 1, 2], [60, 62, 10])
    X = rng.normal(size=(len(y), 4)) + 3 * y[:, np.newaxis]
    deepsmote = DeepSMOTE(latent_sampler=ADASYN(), latent_dim=3, **fast_params)

    _, y_res = deepsmote.fit_resample(X, y)

    assert np.sum(y_res == 2) > 10


# What DeepSMOTE keeps of the latent sampling


@pytest.mark.parametrize("residual", ["nearest", None])
def test_deepsmote_keeps_no_nan_from_a_hull_of_tiny_alpha(
    tabular_data, fast_params, residual
):
    X, y = tabular_data
    deepsmote = DeepSMOTE(
        latent_sampler=HullOverSampler(alpha=1e-3),
        residual=residual,
        latent_dim=3,
        **fast_params,
    )

    X_res, y_res = deepsmote.fit_resample(X, y)

    assert np.all(np.isfinite(X_res))
    assert Counter(y_res.tolist()) == {0: 30, 1: 30, 2: 30}


@pytest.mark.parametrize("residual", ["nearest", None])
def test_latent_sampling_shows_the_values_of_the_fit(
    tabular_data, fast_params, residual
):
    X, y = tabular_data
    deepsmote = DeepSMOTE(
        latent_sampler=HullOverSampler(k_neighbors=3),
        residual=residual,
        latent_dim=3,
        **fast_params,
    )

    deepsmote.fit_resample(X, y)

    assert deepsmote.latent_sampling_.residual == residual
    assert repr(deepsmote.latent_sampling_) == (
        "LatentSampling(latent_sampler=HullOverSampler(k_neighbors=3), "
        f"k_neighbors=5, residual={residual!r})"
    )


@pytest.mark.parametrize("stored, residual", [(True, "nearest"), (False, None)])
def test_a_fit_pickled_by_0_3_0_generates_as_it_did(
    tabular_data, fast_params, stored, residual
):
    # 0.3.0 stored residual as a bool, and latent_sampler=None meant SMOTE.
    X, y = tabular_data
    deepsmote = DeepSMOTE(
        latent_sampler=SMOTE(), residual=residual, latent_dim=3, **fast_params
    )
    deepsmote.fit_resample(X, y)
    as_fitted = pickle.loads(pickle.dumps(deepsmote))
    deepsmote.latent_sampling_.residual = stored  # as 0.3.0 stored them
    deepsmote.latent_sampling_.latent_sampler = None

    loaded = pickle.loads(pickle.dumps(deepsmote))

    assert loaded.latent_sampling_.residual == residual
    np.testing.assert_array_equal(
        loaded.generate({1: 3}, random_state=0)[0],
        as_fitted.generate({1: 3}, random_state=0)[0],
    )
