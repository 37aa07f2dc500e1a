"""Cost of DeepSMOTE's defaults: 9,000 against 60,000 Fashion-MNIST images.

For one seed, in one process, on the machine as it is:

1. SMOTE and DeepSMOTE's defaults (``fit_resample``) on the 9,000
   long-tailed Fashion-MNIST images (the paper's counts), balancing every
   class to 4,000: seconds, and DeepSMOTE's time over SMOTE's;
2. DeepSMOTE's defaults on all 60,000 training images (6,000 a class),
   asked for as many new images of each class as in 1 (31,000):
   ``max_epochs="auto"`` trains 2 epochs there (1,200 optimiser steps,
   against 15 epochs of 90 steps on the 9,000); with ``--with-15-epochs``,
   also 15 epochs on the 60,000 (minutes more);
3. the quality of each set of new images, per class, against the held-out
   test images of the class (precision, recall, density, coverage, Fréchet
   distance) in the features of the CNN trained on the 9,000 real images.

Run::

    python benchmarks/matrix_cost.py [--seed 0] [--with-15-epochs] [--output results/cost.json]
"""

import argparse
import json
import os
import time
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import torch
from _data import load_benchmark_data
from _methods import make_sampler, resample
from matrix import class_quality
from quality import fit_classifier, machine_info, write_json

from imblearn_deepsmote import DeepSMOTE
from imblearn_deepsmote.datasets import load_fashion_mnist

MEASURES = ("precision", "recall", "density", "coverage", "frechet")


def timed(sampler, X, y):
    """Resample; return the new images, their labels and the seconds."""
    start = time.perf_counter()
    X_res, y_res = resample(sampler, X, y)
    seconds = time.perf_counter() - start
    return X_res[len(X) :], y_res[len(X) :], seconds


def run(seed, with_15_epochs=False):
    """Every measurement of the module docstring, as a dict."""
    data = load_benchmark_data("full", seed)
    counts = np.bincount(data.y_train)
    n_new = counts.max() - counts
    net = fit_classifier(
        data.X_train,
        data.y_train,
        data,
        seed,
        SimpleNamespace(classifier="cnn", classifier_epochs=5, device="cpu"),
    )
    results = {"seed": seed, "load_average_at_start": os.getloadavg(), "runs": {}}

    def record(name, new_X, new_y, seconds, n_train):
        quality = class_quality(data, new_X, new_y, net, seed)
        results["runs"][name] = {
            "seconds": seconds,
            "n_train": n_train,
            "n_new": len(new_y),
            "load_average": os.getloadavg()[0],
            "quality": quality,
            "quality_mean": {
                m: float(np.mean([q[m] for q in quality])) for m in MEASURES
            },
        }
        print(f"{name:24s} {seconds:7.1f} s  {results['runs'][name]['quality_mean']}")

    smote = make_sampler("smote", seed, deepsmote_epochs=None, paper_epochs=1)
    record("smote_9k", *timed(smote, data.X_train, data.y_train), len(data.y_train))
    deepsmote = make_sampler("deepsmote", seed, deepsmote_epochs=None, paper_epochs=1)
    record(
        "deepsmote_9k", *timed(deepsmote, data.X_train, data.y_train), len(data.y_train)
    )

    X_all, y_all = load_fashion_mnist(subset="train", return_X_y=True)
    strategy = {c: int(np.sum(y_all == c) + n_new[c]) for c in range(len(counts))}
    samplers = {"deepsmote_60k": {}}
    if with_15_epochs:
        samplers["deepsmote_60k_15_epochs"] = {"max_epochs": 15}
    for name, params in samplers.items():
        sampler = DeepSMOTE(sampling_strategy=strategy, random_state=seed, **params)
        record(name, *timed(sampler, X_all, y_all), len(y_all))
    seconds = {name: run["seconds"] for name, run in results["runs"].items()}
    results["ratios"] = {
        "deepsmote_9k / smote_9k": seconds["deepsmote_9k"] / seconds["smote_9k"],
        **{
            f"{name} / deepsmote_9k": seconds[name] / seconds["deepsmote_9k"]
            for name in samplers
        },
    }
    return results


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument(
        "--with-15-epochs",
        action="store_true",
        help="also train 15 epochs on the 60,000 (the defaults before 0.3)",
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=Path(__file__).resolve().parent / "results" / "matrix_cost.json",
    )
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)
    start = time.perf_counter()
    results = run(args.seed, args.with_15_epochs)
    results["wall_s"] = time.perf_counter() - start
    results["machine"] = machine_info(SimpleNamespace(device="cpu"))
    results["threads"] = args.threads
    args.output.parent.mkdir(parents=True, exist_ok=True)
    write_json(args.output, results)
    print(json.dumps(results["ratios"], indent=1))
    print(f"Wall time: {results['wall_s']:.0f} s; results in {args.output}")


if __name__ == "__main__":
    main()
