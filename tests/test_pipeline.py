"""DeepSMOTE in imbalanced-learn pipelines tuned by scikit-learn's grid search."""

import joblib
import numpy as np
import pytest
import torch
from imblearn.over_sampling import SMOTE
from imblearn.pipeline import Pipeline
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, StratifiedKFold
from skorch.callbacks import Callback

from imblearn_deepsmote import DeepSMOTE


@pytest.fixture
def classification_data():
    """90 rows of 4 features, about a quarter of them in the minority class."""
    return make_classification(
        n_samples=90,
        n_features=4,
        n_informative=3,
        n_redundant=0,
        weights=[0.75, 0.25],
        class_sep=1.5,
        random_state=0,
    )


def make_pipeline(sampler):
    return Pipeline([("sampler", sampler), ("clf", LogisticRegression())])


def search(estimator, param_grid):
    return GridSearchCV(
        estimator,
        param_grid,
        scoring="balanced_accuracy",
        cv=StratifiedKFold(n_splits=3, shuffle=True, random_state=0),
        error_score="raise",
    )


def test_grid_search_over_deepsmote_params(classification_data, fast_params):
    X, y = classification_data
    param_grid = {"sampler__k_neighbors": [3, 5], "sampler__latent_dim": [2, 3]}
    grid = search(make_pipeline(DeepSMOTE(**fast_params)), param_grid)

    grid.fit(X, y)

    assert grid.best_params_.keys() == param_grid.keys()
    assert grid.best_params_["sampler__k_neighbors"] in (3, 5)
    assert grid.best_params_["sampler__latent_dim"] in (2, 3)
    scores = grid.cv_results_["mean_test_score"]
    assert scores.shape == (4,)
    assert np.all(np.isfinite(scores))
    assert grid.best_score_ > 0.5
    best_sampler = grid.best_estimator_.named_steps["sampler"]
    assert best_sampler.latent_dim_ == grid.best_params_["sampler__latent_dim"]
    assert (
        best_sampler.latent_sampler_.k_neighbors
        == (grid.best_params_["sampler__k_neighbors"])
    )
    assert grid.predict(X).shape == y.shape


def test_grid_search_swaps_smote_and_deepsmote(classification_data, fast_params):
    X, y = classification_data
    candidates = [SMOTE(random_state=0), DeepSMOTE(**fast_params)]
    grid = search(make_pipeline(SMOTE()), {"sampler": candidates})

    grid.fit(X, y)

    assert type(grid.best_params_["sampler"]) in (SMOTE, DeepSMOTE)
    scores = grid.cv_results_["mean_test_score"]
    assert scores.shape == (2,)
    assert np.all(np.isfinite(scores))
    assert [type(s) for s in grid.cv_results_["param_sampler"]] == [SMOTE, DeepSMOTE]
    # The grid's candidates are cloned, never fitted in place.
    assert not hasattr(candidates[1], "autoencoder_")


def test_pipeline_resamples_only_during_fit(classification_data, fast_params):
    X, y = classification_data
    pipeline = make_pipeline(DeepSMOTE(**fast_params))

    pipeline.fit(X, y)

    sampler = pipeline.named_steps["sampler"]
    assert sampler.sampling_strategy_ == {1: np.sum(y == 0) - np.sum(y == 1)}
    assert pipeline.named_steps["clf"].n_features_in_ == 4
    assert pipeline.predict(X).shape == y.shape


class RecordTorchThreads(Callback):
    """Appends the torch thread count of the training process to a file."""

    def __init__(self, path):
        self.path = path

    def on_train_begin(self, net, X=None, y=None, **kwargs):
        with open(self.path, "a") as file:
            file.write(f"{torch.get_num_threads()}\n")


def test_parallel_grid_search_does_not_oversubscribe_the_cores(
    classification_data, fast_params, tmp_path
):
    # joblib's workers cap OpenMP at cores // n_jobs threads, and torch, which
    # starts in the worker, takes that cap: DeepSMOTE must not undo it.
    X, y = classification_data
    log = tmp_path / "threads.txt"
    sampler = DeepSMOTE(callbacks=[RecordTorchThreads(str(log))], **fast_params)
    grid = search(make_pipeline(sampler), {"sampler__k_neighbors": [3, 5]})
    grid.set_params(n_jobs=2).fit(X, y)

    threads = [int(line) for line in log.read_text().split()]
    assert len(threads) == 7  # 2 candidates x 3 folds, and the final refit
    per_worker = max(1, joblib.cpu_count() // 2)
    assert max(threads[:-1]) <= per_worker
