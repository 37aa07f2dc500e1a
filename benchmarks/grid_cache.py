"""Trainings and wall time of a grid search with and without ``memory``.

A grid over parameters that only affect generation (``k_neighbors``,
``latent_sampler``, ``sampling_strategy``) needs one trained autoencoder per
fold; with ``memory`` DeepSMOTE trains exactly that many. Run::

    python benchmarks/grid_cache.py [--max-epochs 30] [--cv 3]

on the 8x8 digits made long-tailed, a DeepSMOTE + logistic regression
pipeline, and prints, for each setting, the number of autoencoder trainings,
the wall time, and whether both grids found the same scores.
"""

import argparse
import tempfile
import time

import numpy as np
import torch
from imblearn.over_sampling import BorderlineSMOTE
from imblearn.pipeline import Pipeline
from sklearn.datasets import load_digits
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, StratifiedKFold
from sklearn.preprocessing import MinMaxScaler
from skorch.callbacks import Callback
from threadpoolctl import threadpool_limits

from imblearn_deepsmote import DeepSMOTE
from imblearn_deepsmote.datasets import make_long_tailed


class CountTrainings(Callback):
    """Counts trainings in a class attribute, so instances stay equal."""

    count = 0

    def on_train_begin(self, net, X=None, y=None, **kwargs):
        type(self).count += 1


def run_grid(X, y, memory, args):
    CountTrainings.count = 0
    pipeline = Pipeline(
        [
            (
                "sampler",
                DeepSMOTE(
                    input_shape=(8, 8),
                    max_epochs=args.max_epochs,
                    random_state=0,
                    memory=memory,
                    callbacks=[CountTrainings()],
                ),
            ),
            ("scale", MinMaxScaler()),
            ("clf", LogisticRegression(max_iter=1000)),
        ]
    )
    grid = {
        "sampler__k_neighbors": [1, 3, 5],
        "sampler__latent_sampler": [None, BorderlineSMOTE(random_state=0)],
        "sampler__sampling_strategy": ["auto", "all"],
    }
    search = GridSearchCV(
        pipeline, grid, cv=StratifiedKFold(args.cv), scoring="balanced_accuracy"
    )
    start = time.perf_counter()
    search.fit(X, y)
    return search, CountTrainings.count, time.perf_counter() - start


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-epochs", type=int, default=30)
    parser.add_argument("--cv", type=int, default=3)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args(argv)
    # Small networks and models: more threads than cores only add contention.
    torch.set_num_threads(args.threads)
    threadpool_limits(args.threads)

    digits = load_digits()
    X, y = make_long_tailed(
        digits.data, digits.target, imbalance_ratio=10, random_state=0
    )
    n_candidates = 3 * 2 * 2
    print(
        f"{len(X)} long-tailed 8x8 digits, {n_candidates} candidates x {args.cv} "
        f"folds + 1 refit, max_epochs={args.max_epochs}, threads={args.threads}"
    )
    uncached, trainings, seconds = run_grid(X, y, None, args)
    print(f"without memory: {trainings:3d} trainings, {seconds:6.1f} s")
    with tempfile.TemporaryDirectory() as cache:
        cached, trainings_cached, seconds_cached = run_grid(X, y, cache, args)
    print(f"with memory:    {trainings_cached:3d} trainings, {seconds_cached:6.1f} s")
    same = np.array_equal(
        uncached.cv_results_["mean_test_score"], cached.cv_results_["mean_test_score"]
    )
    print(f"speed-up {seconds / seconds_cached:.1f}x; identical scores: {same}")
    print(f"best: {cached.best_params_} ({cached.best_score_:.3f})")


if __name__ == "__main__":
    main()
