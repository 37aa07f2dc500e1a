"""Reusing the trained autoencoder: generate, memory, warm start, saving."""

import pickle

import joblib
import numpy as np
import pytest
import torch
from imblearn.over_sampling import SMOTE
from imblearn.pipeline import Pipeline
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, StratifiedKFold
from skorch.callbacks import Callback

from imblearn_deepsmote import DeepSMOTE, _codec


class CountTrainings(Callback):
    """Counts trainings in a class attribute, so that instances stay equal."""

    count = 0

    def on_train_begin(self, net, X=None, y=None, **kwargs):
        type(self).count += 1


@pytest.fixture
def count_trainings():
    CountTrainings.count = 0
    return CountTrainings


@pytest.fixture
def fitted(tabular_data, fast_params):
    X, y = tabular_data
    sampler = DeepSMOTE(**fast_params)
    sampler.fit_resample(X, y)
    return sampler


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


def test_generate_is_reproducible_with_a_seed(fitted):
    first, _ = fitted.generate({0: 20}, random_state=3)
    again, _ = fitted.generate({0: 20}, random_state=3)
    other, _ = fitted.generate({0: 20}, random_state=4)
    np.testing.assert_array_equal(first, again)
    assert not np.array_equal(first, other)


def test_large_requests_are_generated_in_distinct_reproducible_chunks(
    fitted, monkeypatch
):
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
    fit_resample = SMOTE.fit_resample

    def counted(self, X, y, **params):
        runs.append(len(X))
        return fit_resample(self, X, y, **params)

    monkeypatch.setattr(SMOTE, "fit_resample", counted)
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


def test_generate_refuses_unknown_classes(fitted):
    with pytest.raises(ValueError, match="not in the training data: \\['cat'\\]"):
        fitted.generate({"cat": 3})


def test_generate_before_fit_raises_not_fitted():
    from sklearn.exceptions import NotFittedError

    with pytest.raises(NotFittedError):
        DeepSMOTE().generate({0: 1})


def grid_search(X, y, memory, callback):
    pipeline = Pipeline(
        [
            (
                "sampler",
                DeepSMOTE(
                    max_epochs=2,
                    batch_size=16,
                    random_state=0,
                    memory=memory,
                    callbacks=[callback()],
                ),
            ),
            ("clf", LogisticRegression()),
        ]
    )
    grid = GridSearchCV(
        pipeline,
        {
            "sampler__k_neighbors": [1, 3, 5],
            "sampler__sampling_strategy": ["auto", "all"],
        },
        cv=StratifiedKFold(3),
        scoring="balanced_accuracy",
    )
    return grid.fit(X, y)


def test_memory_trains_once_per_fold_and_gives_identical_results(
    tabular_data, tmp_path, count_trainings
):
    X, y = tabular_data
    uncached = grid_search(X, y, None, count_trainings)
    trainings_uncached = count_trainings.count
    count_trainings.count = 0
    cached = grid_search(X, y, str(tmp_path), count_trainings)

    # 6 candidates x 3 folds + the refit on all the data.
    assert trainings_uncached == 6 * 3 + 1
    assert count_trainings.count == 3 + 1
    np.testing.assert_array_equal(
        cached.cv_results_["mean_test_score"], uncached.cv_results_["mean_test_score"]
    )


def test_memory_accepts_a_joblib_memory(tabular_data, tmp_path, count_trainings):
    X, y = tabular_data
    memory = joblib.Memory(tmp_path, verbose=0)
    params = {"max_epochs": 1, "random_state": 0, "callbacks": [count_trainings()]}
    first = DeepSMOTE(memory=memory, **params).fit_resample(X, y)
    second = DeepSMOTE(
        memory=memory, k_neighbors=2, residual=None, verbose=1, **params
    ).fit_resample(X, y)
    assert count_trainings.count == 1
    np.testing.assert_array_equal(first[0][: len(X)], second[0][: len(X)])


@pytest.mark.parametrize(
    "change",
    [
        {"max_epochs": 2},
        {"lr": 0.01},
        {"latent_dim": 3},
        {"penalty": "released"},
        {"penalty_weight": 0.5},
        {"batch_size": 8},
        {"random_state": 1},
    ],
)
def test_memory_is_not_reused_when_a_training_parameter_changes(
    tabular_data, tmp_path, count_trainings, change
):
    X, y = tabular_data
    params = {"max_epochs": 1, "random_state": 0, "memory": str(tmp_path)}
    params["callbacks"] = [count_trainings()]
    DeepSMOTE(**params).fit_resample(X, y)
    DeepSMOTE(**{**params, **change}).fit_resample(X, y)
    assert count_trainings.count == 2


def test_memory_is_not_reused_when_the_training_data_change(
    tabular_data, tmp_path, count_trainings
):
    X, y = tabular_data
    sampler = DeepSMOTE(
        max_epochs=1,
        random_state=0,
        memory=str(tmp_path),
        callbacks=[count_trainings()],
    )
    sampler.fit_resample(X, y)
    X_changed = X.copy()
    X_changed[0, 0] += 1e-3
    sampler.fit_resample(X_changed, y)
    assert count_trainings.count == 2


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
