"""Reusing the trained autoencoder: generate, warm start, saving.

``memory=``, the cache of trained autoencoders, is tested in test_memory.py.
"""

import pickle
import warnings

import joblib
import numpy as np
import pytest
import torch
from imblearn.over_sampling import ADASYN, SMOTE, RandomOverSampler
from imblearn.under_sampling import RandomUnderSampler
from sklearn.datasets import load_digits, make_classification

from imblearn_deepsmote import DeepSMOTE, DeltaOverSampler, _codec


@pytest.fixture
def fitted(tabular_data, fast_params):
    X, y = tabular_data
    sampler = DeepSMOTE(**fast_params)
    sampler.fit_resample(X, y)
    return sampler


@pytest.fixture
def readme_data():
    return make_classification(n_samples=600, weights=[0.1, 0.9], random_state=0)


# --- generate: counts, seeds, fitted state, messages ------------------------


def test_generate_draws_requested_counts_without_retraining(fitted, tabular_data):
    X, _ = tabular_data
    weights = [p.detach().clone() for p in fitted.autoencoder_.module_.parameters()]
    n_epochs = len(fitted.autoencoder_.history)

    X_new, y_new = fitted.generate({1: 7, 2: 300})

    assert X_new.shape == (307, X.shape[1]) and X_new.dtype == X.dtype
    assert np.sum(y_new == 1) == 7 and np.sum(y_new == 2) == 300
    assert np.all(X_new >= X.min(axis=0)) and np.all(X_new <= X.max(axis=0))
    assert len(fitted.autoencoder_.history) == n_epochs
    for before, after in zip(
        weights, fitted.autoencoder_.module_.parameters(), strict=True
    ):
        assert torch.equal(before, after)


@pytest.mark.parametrize(
    "latent_sampler", [None, SMOTE(random_state=0)], ids=["default", "seeded SMOTE"]
)
def test_generate_is_reproducible_with_its_own_seed(
    tabular_data, fast_params, latent_sampler
):
    # The seed of generate is used, also over the latent sampler's own.
    X, y = tabular_data
    sampler = DeepSMOTE(latent_sampler=latent_sampler, **fast_params)
    sampler.fit_resample(X, y)
    first, _ = sampler.generate({1: 10}, random_state=1)
    again, _ = sampler.generate({1: 10}, random_state=1)
    other, _ = sampler.generate({1: 10}, random_state=2)
    np.testing.assert_array_equal(first, again)
    assert not np.array_equal(first, other)


def test_large_requests_are_generated_in_distinct_reproducible_chunks(
    tabular_data, fast_params, monkeypatch
):
    # SMOTE draws each code from a continuum: a repeated row betrays a
    # repeated seed (the default's borrowed codes can repeat by chance).
    fitted = DeepSMOTE(latent_sampler=SMOTE(), **fast_params)
    fitted.fit_resample(*tabular_data)
    # Chunks of 60 codes (as many as the training codes: never fewer),
    # decoded in batches of 5 rows.
    monkeypatch.setattr(_codec, "CHUNK_BYTES", 40 * fitted.latent_dim_)
    n_samples = {1: 100, 2: 50}

    X_new, y_new = fitted.generate(n_samples, random_state=5)
    again, _ = fitted.generate(n_samples, random_state=5)

    assert np.sum(y_new == 1) == 100 and np.sum(y_new == 2) == 50
    np.testing.assert_array_equal(X_new, again)
    # Each chunk has its own seed: no chunk repeats another's samples.
    assert len(np.unique(X_new, axis=0)) == len(X_new)


def test_a_request_within_the_training_set_size_runs_the_latent_sampler_once(
    fitted, monkeypatch
):
    # Each run repeats the sampler's neighbour search over every training
    # code, however small the chunk of new codes.
    monkeypatch.setattr(_codec, "CHUNK_BYTES", 40 * fitted.latent_dim_)
    runs = []
    fit_resample = DeltaOverSampler.fit_resample

    def counted(self, X, y, **params):
        runs.append(len(X))
        return fit_resample(self, X, y, **params)

    monkeypatch.setattr(DeltaOverSampler, "fit_resample", counted)
    fitted.generate({1: 35, 2: 25}, random_state=5)
    assert runs == [60]
    fitted.generate({1: 35, 2: 26}, random_state=5)
    assert runs == [60, 60, 60]


def test_one_chunk_gives_the_samples_of_an_unchunked_request(fitted, monkeypatch):
    whole, _ = fitted.generate({1: 23}, random_state=5)
    # One chunk of exactly 23 codes, decoded in batches of 5 rows: the net
    # pads every batch to batch_size, so rows decode exactly as in one batch.
    monkeypatch.setattr(_codec, "CHUNK_BYTES", 4 * 23 * fitted.latent_dim_)
    chunked, _ = fitted.generate({1: 23}, random_state=5)
    np.testing.assert_array_equal(chunked, whole)


def test_generate_before_fit_raises_not_fitted():
    from sklearn.exceptions import NotFittedError

    with pytest.raises(NotFittedError):
        DeepSMOTE().generate({0: 1})


def test_generate_uses_the_fitted_latent_sampler_not_a_changed_parameter(
    tabular_data, fast_params
):
    X, y = tabular_data
    sampler = DeepSMOTE(**fast_params)
    sampler.fit_resample(X, y)
    before, _ = sampler.generate({1: 10}, random_state=3)
    sampler.set_params(latent_sampler=RandomOverSampler(), residual=None, k_neighbors=1)
    after, _ = sampler.generate({1: 10}, random_state=3)
    np.testing.assert_array_equal(before, after)
    assert isinstance(sampler.latent_sampler_, DeltaOverSampler)
    # Exact copies of training rows would betray the RandomOverSampler.
    assert not (after[:, None, :] == X[None, :, :]).all(axis=2).any()


@pytest.mark.parametrize(
    "n_samples, message",
    [
        (10, "n_samples must be a dict"),
        ({1: -3}, "n_samples\\[1\\] must be a non-negative int"),
        ({1: 2.5}, "n_samples\\[1\\] must be a non-negative int"),
        ({"cat": 3}, "not in the training data: \\['cat'\\]"),
    ],
)
def test_generate_refuses_bad_counts_with_its_own_message(
    tabular_data, fast_params, n_samples, message
):
    X, y = tabular_data
    sampler = DeepSMOTE(**fast_params)
    sampler.fit_resample(X, y)
    with pytest.raises(ValueError, match=message):
        sampler.generate(n_samples)


def test_generate_accepts_numpy_integer_counts(tabular_data, fast_params):
    X, y = tabular_data
    sampler = DeepSMOTE(**fast_params)
    sampler.fit_resample(X, y)
    _, y_new = sampler.generate({np.int64(1): np.int64(4), 2: 0})
    assert np.bincount(y_new, minlength=3).tolist() == [0, 4, 0]


@pytest.mark.parametrize("latent_sampler", ["smote", RandomUnderSampler()])
def test_generate_after_set_params_of_a_bad_latent_sampler_still_works(
    tabular_data, fast_params, latent_sampler
):
    # generate reads the fitted state; a bad parameter is refused at the next
    # fit, with DeepSMOTE's message.
    X, y = tabular_data
    sampler = DeepSMOTE(**fast_params)
    sampler.fit_resample(X, y)
    sampler.set_params(latent_sampler=latent_sampler)
    _, y_new = sampler.generate({1: 4}, random_state=0)
    assert len(y_new) == 4
    with pytest.raises(ValueError, match="latent_sampler"):
        sampler.fit_resample(X, y)


# --- generate returns what fit_resample returns -----------------------------------


@pytest.mark.parametrize("sample_shape", [(8, 8), (1, 8, 8), (3, 8, 8)])
def test_generate_returns_samples_in_the_layout_of_fit_resample(
    make_images, image_labels, sample_shape
):
    images = make_images(sample_shape, dtype=np.uint8)
    sampler = DeepSMOTE(max_epochs=1, batch_size=8, random_state=0)
    X_res, _ = sampler.fit_resample(images, image_labels)

    X_new, y_new = sampler.generate({1: 5}, random_state=0)

    assert X_new.shape == (5, *sample_shape) == (5, *X_res.shape[1:])
    assert X_new.dtype == X_res.dtype == np.uint8
    assert y_new.tolist() == [1] * 5


def test_generate_returns_a_dataframe_with_integer_columns_rounded(tabular_data):
    pd = pytest.importorskip("pandas")
    X, y = tabular_data
    frame = pd.DataFrame(
        {"age": (X[:, 0] * 10 + 50).round().astype("int64"), "income": X[:, 1]}
    )
    series = pd.Series(y, name="label")
    sampler = DeepSMOTE(max_epochs=1, batch_size=8, random_state=0)
    X_res, y_res = sampler.fit_resample(frame, series)

    X_new, y_new = sampler.generate({1: 20, 2: 4}, random_state=0)

    assert isinstance(X_new, pd.DataFrame)
    assert list(X_new.columns) == ["age", "income"]
    assert X_new.dtypes.tolist() == X_res.dtypes.tolist()
    assert X_res["age"].dtype == np.int64
    assert (X_new["age"] == X_new["age"].round()).all()
    assert isinstance(y_new, pd.Series) and y_new.name == "label"
    assert len(X_new) == len(y_new) == 24


def test_generate_returns_a_list_for_list_input(tabular_data):
    X, y = tabular_data
    sampler = DeepSMOTE(max_epochs=1, batch_size=8, random_state=0)
    sampler.fit_resample(X.tolist(), y.tolist())
    X_new, y_new = sampler.generate({1: 2}, random_state=0)
    assert isinstance(X_new, list) and isinstance(y_new, list)
    assert len(X_new[0]) == 4


# --- latent samplers that return other counts, or other orders --------------


def test_adasyn_in_latent_space_keeps_the_asked_counts_on_the_readme_data(
    readme_data,
):
    # With this seed ADASYN returned 490 codes where 474 were asked for, and
    # the fit crashed with numpy's "could not broadcast" error.
    X, y = readme_data
    sampler = DeepSMOTE(latent_sampler=ADASYN(), random_state=3)
    with pytest.warns(UserWarning, match="ADASYN in latent space generated more"):
        X_res, y_res = sampler.fit_resample(X, y)
    n_new = sampler.sampling_strategy_
    assert len(X_res) == len(y_res) == len(X) + sum(n_new.values())
    assert np.bincount(y_res).tolist() == [max(np.bincount(y))] * 2


def test_adasyn_in_latent_space_on_digit_images_and_in_generate():
    digits = load_digits()
    keep = np.isin(digits.target, [0, 1, 2])
    images, y = digits.images[keep], digits.target[keep]
    rare = np.flatnonzero(y == 2)[:20]
    keep = np.concatenate([np.flatnonzero(y != 2), rare])
    images, y = images[keep], y[keep]
    sampler = DeepSMOTE(
        latent_sampler=ADASYN(), max_epochs=1, latent_dim=8, random_state=0
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        images_res, y_res = sampler.fit_resample(images, y)
        X_new, y_new = sampler.generate({2: 101, 0: 3}, random_state=1)
    assert len(images_res) == len(y_res)
    assert np.sum(y_new == 2) <= 101 and np.sum(y_new == 0) <= 3
    assert X_new.shape == (len(y_new), 8, 8)


class ReversingOverSampler(RandomOverSampler):
    """Returns the over-sampled set in reverse order: originals last."""

    def _fit_resample(self, X, y):
        X_res, y_res = super()._fit_resample(X, y)
        return X_res[::-1], y_res[::-1]


def test_a_latent_sampler_that_does_not_return_the_originals_first_is_refused(
    tabular_data, fast_params
):
    X, y = tabular_data
    sampler = DeepSMOTE(latent_sampler=ReversingOverSampler(), **fast_params)
    with pytest.raises(ValueError, match="latent_sampler .* did not return the orig"):
        sampler.fit_resample(X, y)


# --- warm start --------------------------------------------------------------


def test_warm_start_continues_training_a_copy_of_the_autoencoder(tabular_data):
    X, y = tabular_data
    sampler = DeepSMOTE(max_epochs=2, random_state=0, warm_start=True)
    sampler.fit_resample(X, y)
    net = sampler.autoencoder_
    weights = [p.detach().clone() for p in net.module_.parameters()]
    sampler.fit_resample(X, y)

    assert len(sampler.autoencoder_.history) == 4
    assert any(
        not torch.equal(before, after)
        for before, after in zip(
            weights, sampler.autoencoder_.module_.parameters(), strict=True
        )
    )
    # The first fit's net is left as it was, should the refit have failed.
    assert len(net.history) == 2
    for before, after in zip(weights, net.module_.parameters(), strict=True):
        assert torch.equal(before, after)


def test_without_warm_start_a_refit_trains_a_new_autoencoder(tabular_data):
    X, y = tabular_data
    sampler = DeepSMOTE(max_epochs=2, random_state=0)
    sampler.fit_resample(X, y)
    first = sampler.autoencoder_
    sampler.fit_resample(X, y)
    assert sampler.autoencoder_ is not first
    assert len(sampler.autoencoder_.history) == 2


def test_warm_start_refuses_data_of_another_shape(tabular_data):
    X, y = tabular_data
    sampler = DeepSMOTE(max_epochs=1, random_state=0, warm_start=True)
    sampler.fit_resample(X, y)
    with pytest.raises(ValueError, match="warm_start=True continues training"):
        sampler.fit_resample(X[:, :3], y)


def test_warm_refit_of_images_follows_the_range_of_the_new_data(image_labels):
    rng = np.random.RandomState(0)
    y = image_labels
    dark = rng.randint(0, 128, size=(len(y), 8, 8)).astype(np.uint8)
    bright = rng.randint(0, 256, size=(len(y), 8, 8)).astype(np.uint8)
    sampler = DeepSMOTE(max_epochs=1, batch_size=16, random_state=0, warm_start=True)
    sampler.fit_resample(dark, y)
    images_res, _ = sampler.fit_resample(bright, y)
    new = images_res[len(y) :]
    assert new.max() > 127
    assert np.mean(new == 127) < 0.05


def test_warm_refit_of_a_table_follows_the_range_of_the_new_data(tabular_data):
    X, y = tabular_data
    rng = np.random.RandomState(0)
    unit = rng.uniform(0, 1, size=X.shape)
    wide = rng.uniform(0, 10, size=X.shape)
    sampler = DeepSMOTE(max_epochs=1, batch_size=16, random_state=0, warm_start=True)
    sampler.fit_resample(unit, y)
    X_res, _ = sampler.fit_resample(wide, y)
    assert X_res[len(X) :].max(axis=0).min() > 1


# --- saving and loading ------------------------------------------------------


def test_fitted_sampler_joblib_round_trip(fitted, tmp_path):
    codes = np.random.RandomState(0).randn(5, fitted.latent_dim_).astype(np.float32)
    joblib.dump(fitted, tmp_path / "sampler.joblib")
    loaded = joblib.load(tmp_path / "sampler.joblib")
    np.testing.assert_array_equal(loaded.decode(codes), fitted.decode(codes))
    np.testing.assert_array_equal(
        loaded.generate({1: 5}, random_state=0)[0],
        fitted.generate({1: 5}, random_state=0)[0],
    )


def test_autoencoder_weights_save_and_load(fitted, tabular_data, tmp_path):
    X, y = tabular_data
    fitted.autoencoder_.save_params(f_params=tmp_path / "weights.pt")
    other = DeepSMOTE(**{**fitted.get_params(), "random_state": 7})
    other.fit_resample(X, y)
    codes = fitted.codec_.train_codes_[:5]
    assert not np.array_equal(other.decode(codes), fitted.decode(codes))

    other.autoencoder_.load_params(f_params=tmp_path / "weights.pt")
    np.testing.assert_array_equal(other.decode(codes), fitted.decode(codes))


def test_sampler_saved_with_cuda_device_loads_on_cpu(fitted, monkeypatch):
    # Simulated: the net records device "cuda", as one fitted on a GPU does;
    # skorch maps its tensors to the CPU when CUDA is unavailable.
    codes = fitted.codec_.train_codes_[:5]
    expected = fitted.decode(codes)
    fitted.autoencoder_.device = "cuda"
    saved = pickle.dumps(fitted)
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    with pytest.warns(UserWarning, match="cuda.*is not available"):
        loaded = pickle.loads(saved)
    assert str(loaded.autoencoder_.device) == "cpu"
    np.testing.assert_array_equal(loaded.decode(codes), expected)
