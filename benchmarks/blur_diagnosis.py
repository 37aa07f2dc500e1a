"""What costs plain DeepSMOTE the rare classes: the decoder's blur, or SMOTE?

On one seed of the quality benchmark's full mode (long-tailed Fashion-MNIST),
one DeepSMOTE autoencoder is trained with the library's defaults, and the
training set is balanced in three ways that all use it, each scored with the
benchmark's fixed classifier exactly as ``quality.py`` scores a method::

    python benchmarks/blur_diagnosis.py --seed 0 --output diagnosis_0.json

- ``smote_plain``: SMOTE between same-class codes (5 neighbours), decoded:
  plain DeepSMOTE, written out here so that the base code of each new code
  is known.
- ``recon_ros``: random over-sampling, each repeated image replaced by its
  reconstruction ``D(E(x))``: the decoder's blur without any interpolation.
- ``residual``: as ``smote_plain``, plus the base image's reconstruction
  residual: ``x + D(z_new) - D(E(x))``.

Compare with ``random_over`` of the benchmark (same seed, same classifier):
if ``recon_ros`` loses to it as much as ``smote_plain`` does, the blur, not
the interpolation, is what costs.
"""

import argparse
import json
import time
from pathlib import Path

import numpy as np
import torch
from _data import load_benchmark_data
from quality import MODE_SETTINGS, evaluate
from sklearn.neighbors import NearestNeighbors

from imblearn_deepsmote import DeepSMOTE

TREATMENTS = ("smote_plain", "recon_ros", "residual")


class Precomputed:
    """An over-sampler stand-in that returns a training set made beforehand."""

    def __init__(self, X_res, y_res):
        self.X_res, self.y_res = X_res, y_res

    def fit_resample(self, X, y):
        return self.X_res.reshape(len(self.X_res), -1).astype(np.float32), self.y_res


def balanced_set(treatment, sampler, X, y, codes, rng):
    """The training set balanced to the majority count by ``treatment``."""

    def decode(Z):
        return sampler.decode(Z).reshape(len(Z), *X.shape[1:])

    counts = np.bincount(y)
    images, labels = [X.astype(np.float64)], [y]
    for label, count in enumerate(counts):
        n_new = counts.max() - count
        if n_new == 0:
            continue
        members = np.flatnonzero(y == label)
        base = rng.choice(members, n_new)
        if treatment == "recon_ros":
            new = decode(codes[base])
        else:
            search = NearestNeighbors(n_neighbors=min(6, len(members)))
            neighbours = search.fit(codes[members]).kneighbors(
                codes[base], return_distance=False
            )[:, 1:]
            column = rng.integers(0, neighbours.shape[1], n_new)
            chosen = neighbours[np.arange(n_new), column]
            gap = rng.random((n_new, 1)).astype(np.float32)
            new_codes = codes[base] + gap * (codes[members[chosen]] - codes[base])
            new = decode(new_codes)
            if treatment == "residual":
                new = X[base] + (new - decode(codes[base]))
        images.append(np.clip(np.rint(new), 0, 255))
        labels.append(np.full(n_new, label))
    return Precomputed(np.concatenate(images), np.concatenate(labels))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--treatments", nargs="+", choices=TREATMENTS, default=TREATMENTS
    )
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--output", type=Path, help="JSON file for the records")
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)
    data = load_benchmark_data("full", args.seed)
    settings = argparse.Namespace(
        classifier="cnn",
        classifier_epochs=MODE_SETTINGS["full"]["classifier_epochs"],
        device="cpu",
    )
    X, y = data.X_train, data.y_train
    start = time.perf_counter()
    sampler = DeepSMOTE(random_state=args.seed)
    sampler.fit_resample(X, y)
    print(f"autoencoder trained in {time.perf_counter() - start:.1f} s", flush=True)
    codes = sampler.encode(X.reshape(len(X), -1))
    rng = np.random.default_rng(args.seed)
    records = {}
    for treatment in args.treatments:
        balanced = balanced_set(treatment, sampler, X, y, codes, rng)
        record, _ = evaluate(balanced, treatment, data, args.seed, settings)
        records[treatment] = record
        scores = record["balanced_test"]
        recall = " ".join(f"{value:.1f}" for value in scores["per_class_recall"])
        print(
            f"{treatment:12s} balanced ACSA {scores['acsa']:.2f}  "
            f"per-class recall {recall}",
            flush=True,
        )
    if args.output is not None:
        args.output.write_text(json.dumps(records, indent=1))


if __name__ == "__main__":
    main()
