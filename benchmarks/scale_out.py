"""Wall time of one grid search run locally, on a Dask cluster and on Ray.

Run::

    python benchmarks/scale_out.py [--max-epochs 10] [--cv 3] [--workers 2]

One ``GridSearchCV`` (4 candidates x ``--cv`` folds and the refit) over a
DeepSMOTE + logistic regression pipeline, on scikit-learn's 8x8 digits made
long-tailed, is run in turn:

1. with ``n_jobs=1`` and torch on one thread (the reference),
2. with ``n_jobs=1`` and torch on all the cores (torch's default),
3. with ``n_jobs=--workers`` (joblib's loky processes),
4. inside ``joblib.parallel_backend("dask")``, on a ``LocalCluster`` of
   ``--workers`` processes of one thread each (needs ``dask[distributed]``),
5. inside ``joblib.parallel_backend("ray")``, with ``ray.init(num_cpus=
   --workers)`` (needs ``ray``).

It prints the commit and the machine (``_shared.records``), then each run's
wall time and its ratio to the reference from the same invocation, and
whether its cross-validation scores equal the reference's; ``--output``
writes them all to a JSON file as well.
The candidates change training parameters, so every fit trains a network.
Starting a cluster is timed apart from the grid search; Ray's joblib backend
starts its worker processes inside each search, so their start-up is part of
its time. Runs 4 and 5 are skipped, with a note, where the package is
missing.
"""

import argparse
import logging
import os
import sys
import time
from contextlib import nullcontext
from pathlib import Path

import joblib
import numpy as np
import torch
from _shared.records import git_commit, machine_info, write_json
from imblearn.pipeline import Pipeline
from sklearn.datasets import load_digits
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, StratifiedKFold
from sklearn.preprocessing import MinMaxScaler
from threadpoolctl import threadpool_limits

from imblearn_deepsmote import DeepSMOTE
from imblearn_deepsmote.datasets import make_long_tailed

GRID = {"sampler__latent_dim": [16, 32], "sampler__lr": [1e-3, 3e-3]}


def make_search(args, n_jobs=None):
    pipeline = Pipeline(
        [
            (
                "sampler",
                DeepSMOTE(
                    input_shape=(8, 8), max_epochs=args.max_epochs, random_state=0
                ),
            ),
            ("scale", MinMaxScaler()),
            ("clf", LogisticRegression(max_iter=1000)),
        ]
    )
    return GridSearchCV(
        pipeline,
        GRID,
        scoring="balanced_accuracy",
        cv=StratifiedKFold(args.cv),
        n_jobs=n_jobs,
    )


def timed_search(X, y, args, n_jobs=None, backend=None, threads=1):
    """(seconds, search) of one grid search, torch on ``threads`` threads here."""
    previous = torch.get_num_threads()
    torch.set_num_threads(threads)
    context = joblib.parallel_backend(backend) if backend else nullcontext()
    try:
        with threadpool_limits(threads), context:
            start = time.perf_counter()
            search = make_search(args, n_jobs).fit(X, y)
            return time.perf_counter() - start, search
    finally:
        torch.set_num_threads(previous)


def same_scores(search, reference):
    return all(
        np.array_equal(search.cv_results_[key], reference.cv_results_[key])
        for key in [f"split{i}_test_score" for i in range(reference.n_splits_)]
    )


def report(name, seconds, search, reference, reference_seconds, note=""):
    """Print one run's line and return it as a record."""
    ratio = seconds / reference_seconds
    same = same_scores(search, reference)
    print(
        f"{name:34s} {seconds:7.1f} s {ratio:7.2f}x   same scores: "
        f"{'yes' if same else 'no':3s} {note}",
        flush=True,
    )
    return {"run": name, "seconds": seconds, "ratio": ratio, "same_scores": same}


def run_dask(X, y, args, reference, reference_seconds):
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        print("dask LocalCluster: skipped, dask[distributed] is not installed")
        return None
    start = time.perf_counter()
    with (
        LocalCluster(
            n_workers=args.workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster),
    ):
        started = time.perf_counter() - start
        seconds, search = timed_search(X, y, args, backend="dask")
    name = f"dask LocalCluster, {args.workers} x 1 thread"
    note = f"(cluster start {started:.1f} s, not included)"
    return report(name, seconds, search, reference, reference_seconds, note)


def run_ray(X, y, args, reference, reference_seconds):
    try:
        import ray
        from ray.util.joblib import register_ray
    except ImportError:
        print("ray: skipped, ray is not installed")
        return None
    start = time.perf_counter()
    ray.init(
        num_cpus=args.workers,
        include_dashboard=False,
        log_to_driver=False,
        object_store_memory=200 * 2**20,
    )
    started = time.perf_counter() - start
    register_ray()
    try:
        seconds, search = timed_search(X, y, args, backend="ray")
    finally:
        ray.shutdown()
    name = f"ray, num_cpus={args.workers}"
    note = f"(ray.init {started:.1f} s, not included)"
    return report(name, seconds, search, reference, reference_seconds, note)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-epochs", type=int, default=10)
    parser.add_argument("--cv", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--output", type=Path, help="JSON file for every run")
    args = parser.parse_args(argv)
    record = {
        "argv": sys.argv if argv is None else ["scale_out.py", *argv],
        "commit": git_commit(),
        "machine": machine_info(),
        "runs": [],
    }
    print(f"commit {record['commit']}; load average {os.getloadavg()[0]:.2f}")

    digits = load_digits()
    X, y = make_long_tailed(
        digits.data, digits.target, imbalance_ratio=10, random_state=0
    )
    n_candidates = len(GRID["sampler__latent_dim"]) * len(GRID["sampler__lr"])
    print(
        f"{len(X)} long-tailed 8x8 digits; {n_candidates} candidates x {args.cv} "
        f"folds + 1 refit; max_epochs={args.max_epochs}; {os.cpu_count()} CPUs "
        f"seen; torch {torch.__version__}"
    )
    runs = record["runs"]
    reference_seconds, reference = timed_search(X, y, args, n_jobs=1)
    name = "n_jobs=1, torch 1 thread"
    runs.append(
        report(name, reference_seconds, reference, reference, reference_seconds)
    )

    cores = os.cpu_count() or 1
    seconds, search = timed_search(X, y, args, n_jobs=1, threads=cores)
    name = f"n_jobs=1, torch {cores} threads"
    runs.append(report(name, seconds, search, reference, reference_seconds))

    seconds, search = timed_search(X, y, args, n_jobs=args.workers)
    name = f"n_jobs={args.workers} (loky)"
    runs.append(report(name, seconds, search, reference, reference_seconds))

    for run in (run_dask, run_ray):
        row = run(X, y, args, reference, reference_seconds)
        if row is not None:
            runs.append(row)
    if args.output:
        write_json(args.output, record)


if __name__ == "__main__":
    main()
