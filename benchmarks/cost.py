"""Cost against quality: DeepSMOTE's training budget on 9,000 and 60,000 images.

For one selection seed, in one process, on the machine as it is:

1. SMOTE, then DeepSMOTE with ``max_epochs`` of each ``--epochs-9k``, on
   the 9,000 long-tailed Fashion-MNIST images of the selection phase (the
   paper's counts; the validation split carved from the training pool),
   balancing every class to 4,000: ``fit_resample`` seconds, optimiser
   steps, and each time over SMOTE's, measured in the same process;
2. DeepSMOTE with each ``--epochs-60k`` on the rest of the training pool
   (55,000 images once the validation split is out), asked for as many new
   images of each class as in 1;
3. the quality of each set of new images, per class, against the validation
   images of the class (precision, recall, density, coverage, Fréchet
   distance) in the features of the benchmark CNN trained on the 9,000 real
   images; and, with ``--latent-sampler delta``, the same budgets with
   ``DeltaOverSampler`` in latent space.

The validation split keeps the test set out of a choice of budget. Run::

    python benchmarks/cost.py --output benchmarks/recorded/cost/results.json
"""

import argparse
import os
import time
from pathlib import Path

import numpy as np
import torch
from _shared.classifiers import fit_cnn, steps_per_epoch
from _shared.data import VALIDATION_PER_CLASS, load_images
from _shared.fidelity import class_quality, penultimate_features
from _shared.methods import resample
from _shared.records import git_commit, machine_info, write_json
from imblearn.over_sampling import SMOTE
from sklearn.model_selection import train_test_split

from imblearn_deepsmote import DeepSMOTE, DeltaOverSampler
from imblearn_deepsmote.datasets import load_fashion_mnist

MEASURES = ("precision", "recall", "density", "coverage", "frechet")
FEATURE_CNN_EPOCHS = 5


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=1000, help="a selection seed")
    parser.add_argument("--epochs-9k", type=int, nargs="+", default=[1, 2, 5, 15])
    parser.add_argument("--epochs-60k", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--latent-sampler", choices=("smote", "delta"), nargs="+")
    parser.add_argument("--threads", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--output", type=Path, required=True)
    return parser.parse_args(argv)


def training_pool(seed):
    """The Fashion-MNIST training pool without the selection phase's
    validation split (as :func:`_shared.data.load_images` carves it)."""
    X, y = load_fashion_mnist(subset="train", return_X_y=True)
    X_pool, _, y_pool, _ = train_test_split(
        X,
        y,
        test_size=VALIDATION_PER_CLASS["fmnist"] * 10,
        stratify=y,
        random_state=seed,
    )
    return X_pool, y_pool


def main(argv=None):
    args = parse_args(argv)
    torch.set_num_threads(args.threads)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    data = load_images("fmnist", args.seed, "select")
    counts = np.bincount(data.y_train)
    n_new = counts.max() - counts
    net = fit_cnn(
        data.X_train.astype(np.float32) / 255,
        data.y_train,
        input_shape=data.image_shape,
        n_classes=data.n_classes,
        epochs=FEATURE_CNN_EPOCHS,
        steps=steps_per_epoch(data.y_train),
        seed=args.seed,
    )

    def features(images):
        return penultimate_features(net, images.astype(np.float32) / 255)

    results = {
        "seed": args.seed,
        "commit": git_commit(),
        "machine": machine_info(),
        "runs": [],
    }

    def measure(name, sampler, X, y, epochs=None):
        began = time.perf_counter()
        X_res, y_res = resample(sampler, X, y)
        seconds = time.perf_counter() - began
        quality = class_quality(
            data.X_eval, data.y_eval, X_res[len(X) :], y_res[len(X) :], features, 0
        )
        run = {
            "name": name,
            "n_train": len(y),
            "max_epochs": epochs,
            "steps": None if epochs is None else epochs * -(-len(y) // 100),
            "seconds": seconds,
            "load_average": os.getloadavg()[0],
            "quality": {m: float(np.mean([q[m] for q in quality])) for m in MEASURES},
        }
        results["runs"].append(run)
        smote_s = results["runs"][0]["seconds"]
        print(
            f"{name:28s} {seconds:7.1f} s = {seconds / smote_s:5.1f} x SMOTE  "
            + "  ".join(f"{m} {v:.3g}" for m, v in run["quality"].items()),
            flush=True,
        )
        write_json(args.output, results)

    measure("smote_9k", SMOTE(random_state=args.seed), data.X_train, data.y_train)
    X_pool, y_pool = training_pool(args.seed)
    strategy = {c: int(np.sum(y_pool == c) + n_new[c]) for c in range(len(counts))}
    for latent in args.latent_sampler or ["smote"]:
        for epochs in args.epochs_9k:
            sampler = DeepSMOTE(
                max_epochs=epochs,
                latent_sampler=DeltaOverSampler() if latent == "delta" else None,
                random_state=args.seed,
            )
            measure(
                f"{latent}_9k_e{epochs}", sampler, data.X_train, data.y_train, epochs
            )
        for epochs in args.epochs_60k:
            sampler = DeepSMOTE(
                sampling_strategy=strategy,
                max_epochs=epochs,
                latent_sampler=DeltaOverSampler() if latent == "delta" else None,
                random_state=args.seed,
            )
            measure(f"{latent}_55k_e{epochs}", sampler, X_pool, y_pool, epochs)
    results["wall_s"] = time.perf_counter() - start
    write_json(args.output, results)
    print(f"Wall time: {results['wall_s']:.0f} s; {args.output}")


if __name__ == "__main__":
    main()
