"""Why Delta on the codes costs some classifiers: measured on selection seeds.

For each image set and selection seed (validation split carved from the
training pool, never the test set), one DeepSMOTE autoencoder is trained
with the defaults (``latent_sampler=SMOTE()``); its training codes are then
over-sampled by each latent sampler compared (SMOTE, the defaults; Delta,
``DeltaOverSampler()``; and any candidate of ``_shared/borrowed.py``), and
the new codes decoded as ``fit_resample`` decodes them (with the residual
of the nearest training sample of the class). Pixel-space SMOTE and Delta
run on the images as references. One autoencoder for every latent sampler
of a unit: the latent samplers differ only in their new codes.

Measured, for the new samples of the rare classes (the five smallest):

- where they fall among the real training samples, in code space and in
  pixel space: how often the nearest real sample, the majority of the five
  nearest, and the nearest class mean belong to another class;
- how far they move from their class: distance to the affine hull of the
  class's real samples, to its principal subspace (90% of its variance),
  and to its mean, each over the class's own spread (root mean square
  distance of its samples to its mean); the same for the class's real
  validation samples, for scale;
- per classifier (logistic regression, SVC, kNN, random forest, MLP as in
  ``_shared/classifiers.py``), on the validation split: balanced accuracy,
  mean recall and precision of the rare classes, mean recall of the
  frequent ones.

Run (from the repository root)::

    python benchmarks/diagnose_delta.py --datasets digits mnist \
        --seeds 1100 1101 1102 --threads 1 \
        --output benchmarks/recorded/diagnose_delta/results.json

Selection seeds only (``protocol.check_seeds``): nothing here is scored on
a test set.
"""

import argparse
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import torch
from _shared import protocol
from _shared.classifiers import CLASSICAL, SVC_EXACT_MAX, make_classical
from _shared.data import load_images
from _shared.methods import LATENT_CANDIDATES, resample
from _shared.records import git_commit, machine_info, write_json
from imblearn.over_sampling import SMOTE
from sklearn.base import clone
from sklearn.metrics import balanced_accuracy_score, precision_recall_fscore_support
from threadpoolctl import threadpool_limits

from imblearn_deepsmote import DeepSMOTE, DeltaOverSampler

LATENT = {"smote": SMOTE(), "delta": DeltaOverSampler(), **LATENT_CANDIDATES}
"""Latent samplers run on the codes of one trained autoencoder."""

PIXEL = {"pixel_smote": SMOTE(), "pixel_delta": DeltaOverSampler()}
"""References run on the pixel rows."""

N_RARE = 5
VARIANCE_KEPT = 0.9


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--datasets", nargs="+", default=["digits", "mnist"])
    parser.add_argument("--seeds", nargs="+", type=int, default=[1100, 1101, 1102])
    parser.add_argument(
        "--latent", nargs="+", choices=LATENT, default=["smote", "delta"]
    )
    parser.add_argument("--pixel", nargs="*", choices=PIXEL, default=list(PIXEL))
    parser.add_argument(
        "--classifiers", nargs="+", choices=CLASSICAL, default=list(CLASSICAL)
    )
    parser.add_argument("--deepsmote-epochs", type=int, help="override (tests)")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--output", type=Path, required=True)
    args = parser.parse_args(argv)
    try:
        protocol.check_seeds("select", args.seeds)
    except ValueError as error:
        parser.error(str(error))
    return args


class ClassGeometry:
    """The real samples of each class: its mean, spread, hull and subspace."""

    def __init__(self, X, y):
        self.X, self.y = X, y
        self.labels = np.unique(y)
        self.means = np.stack([X[y == c].mean(axis=0) for c in self.labels])
        self.spread, self.hull, self.principal = {}, {}, {}
        for c in self.labels:
            centred = X[y == c] - self.means[c]
            self.spread[c] = np.sqrt((centred**2).sum(axis=1).mean())
            _, s, vt = np.linalg.svd(centred, full_matrices=False)
            rank = int((s > s[0] * 1e-6).sum()) if s.size and s[0] > 0 else 0
            self.hull[c] = vt[:rank]
            kept = np.cumsum(s**2) / max((s**2).sum(), 1e-300)
            self.principal[c] = vt[: int(np.searchsorted(kept, VARIANCE_KEPT)) + 1]

    def place(self, X_new, label):
        """Where new samples of ``label`` fall: foreign rates and distances."""
        d2 = (
            (X_new**2).sum(axis=1)[:, None]
            - 2 * X_new @ self.X.T
            + (self.X**2).sum(axis=1)[None, :]
        )
        order = np.argsort(d2, axis=1)[:, :5]
        votes = self.y[order]
        own = (votes == label).sum(axis=1)
        most = np.max([(votes == c).sum(axis=1) for c in self.labels], axis=0)
        d2_means = ((X_new[:, None, :] - self.means[None]) ** 2).sum(axis=2)
        centred = X_new - self.means[label]
        spread = self.spread[label]

        def off(basis):
            return np.linalg.norm(centred - centred @ basis.T @ basis, axis=1) / spread

        return {
            "nearest_foreign": float(np.mean(votes[:, 0] != label)),
            "five_nearest_foreign": float(np.mean(own < most)),
            "nearest_mean_foreign": float(np.mean(d2_means.argmin(axis=1) != label)),
            "off_hull": float(np.mean(off(self.hull[label]))),
            "off_principal": float(np.mean(off(self.principal[label]))),
            "from_mean": float(np.mean(np.linalg.norm(centred, axis=1) / spread)),
        }


def geometry(train, new, validation, rare):
    """Mean placement over the rare classes of new and real validation samples."""
    space = ClassGeometry(*train)
    out = {}
    for name, (X, y) in (("new", new), ("validation", validation)):
        per_class = [space.place(X[y == c], c) for c in rare if np.any(y == c)]
        out[name] = {k: float(np.mean([p[k] for p in per_class])) for k in per_class[0]}
    return out


def classify(unit, X_res, y_res, rare, kinds, seed):
    """Validation scores of each classical classifier trained on a resampled set."""
    data = unit
    rows = (X_res.astype(np.float32) / data.pixel_max).reshape(len(X_res), -1)
    X_eval = (data.X_eval.astype(np.float32) / data.pixel_max).reshape(
        len(data.X_eval), -1
    )
    large = np.bincount(data.y_train).max() * data.n_classes > SVC_EXACT_MAX
    frequent = [c for c in range(data.n_classes) if c not in rare]
    out = {}
    for kind in kinds:
        model = make_classical(kind, seed, large=large, X=rows)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model.fit(rows, y_res)
        pred = model.predict(X_eval)
        precision, recall, _, _ = precision_recall_fscore_support(
            data.y_eval, pred, labels=range(data.n_classes), zero_division=0
        )
        out[kind] = {
            "acsa": 100 * balanced_accuracy_score(data.y_eval, pred),
            "rare_recall": 100 * float(recall[rare].mean()),
            "rare_precision": 100 * float(precision[rare].mean()),
            "frequent_recall": 100 * float(recall[frequent].mean()),
        }
    return out


def run_unit(dataset, seed, args):
    data = load_images(dataset, seed, "select")
    counts = np.bincount(data.y_train)
    rare = np.argsort(counts, kind="stable")[:N_RARE]
    flat = len(data.X_train), -1
    start = time.perf_counter()
    deep = DeepSMOTE(latent_sampler=SMOTE(), random_state=seed)
    if args.deepsmote_epochs:
        deep.set_params(max_epochs=args.deepsmote_epochs)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        deep.fit_resample(data.X_train, data.y_train)
    train_s = time.perf_counter() - start
    codec = deep.codec_
    codes, labels = codec.train_codes_, codec.train_labels_
    val_codes = codec.encode(data.X_eval.reshape(len(data.X_eval), -1))
    pixels = data.X_train.reshape(flat).astype(np.float64) / data.pixel_max
    val_pixels = data.X_eval.reshape(len(data.X_eval), -1) / data.pixel_max
    record = {
        "dataset": dataset,
        "seed": seed,
        "train_counts": counts.tolist(),
        "rare_classes": rare.tolist(),
        "autoencoder_s": train_s,
        "latent_dim": int(codes.shape[1]),
        "samplers": {},
    }
    print(f"{dataset}/{seed}: autoencoder {train_s:.0f} s", flush=True)
    for name in [*args.latent, *args.pixel]:
        start = time.perf_counter()
        if name in args.latent:
            sampler = clone(LATENT[name]).set_params(random_state=seed)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                Z_res, y_res = sampler.fit_resample(codes, labels)
            Z_new, y_new = Z_res[len(codes) :], y_res[len(codes) :]
            rows = codec.decode(Z_new, labels=y_new)
            X_new = rows.reshape(-1, *data.X_train.shape[1:])
            placed = {
                "codes": geometry(
                    (codes, labels), (Z_new, y_new), (val_codes, data.y_eval), rare
                )
            }
        else:
            sampler = clone(PIXEL[name]).set_params(random_state=seed)
            X_res, y_res = resample(sampler, data.X_train, data.y_train)
            X_new, y_new = X_res[len(data.X_train) :], y_res[len(data.X_train) :]
            placed = {}
        new_pixels = X_new.reshape(len(X_new), -1).astype(np.float64) / data.pixel_max
        placed["pixels"] = geometry(
            (pixels, data.y_train), (new_pixels, y_new), (val_pixels, data.y_eval), rare
        )
        X_res = np.concatenate([data.X_train, X_new])
        y_res = np.concatenate([data.y_train, y_new])
        scores = classify(data, X_res, y_res, rare, args.classifiers, seed)
        record["samplers"][name] = {
            **placed,
            "classifiers": scores,
            "seconds": time.perf_counter() - start,
        }
        print(summary_line(dataset, seed, name, record["samplers"][name]), flush=True)
    return record


def summary_line(dataset, seed, name, entry):
    parts = [f"{dataset}/{seed} {name:18s}"]
    for space in ("codes", "pixels"):
        if space in entry:
            g = entry[space]["new"]
            parts.append(
                f"{space}: foreign nn {g['nearest_foreign']:.2f} "
                f"5nn {g['five_nearest_foreign']:.2f} "
                f"mean {g['nearest_mean_foreign']:.2f}"
                f" off-hull {g['off_hull']:.2f} off-pca {g['off_principal']:.2f}"
                f" radius {g['from_mean']:.2f}"
            )
    parts.append(
        " ".join(
            f"{k} {v['acsa']:.1f}/{v['rare_recall']:.0f}r/{v['rare_precision']:.0f}p"
            for k, v in entry["classifiers"].items()
        )
    )
    return " | ".join(parts)


def averages(units):
    """Per data set and sampler: every number averaged over seeds."""
    out = {}
    for dataset in dict.fromkeys(u["dataset"] for u in units):
        mine = [u for u in units if u["dataset"] == dataset]
        out[dataset] = {}
        for name in mine[0]["samplers"]:
            entries = [u["samplers"][name] for u in mine]
            out[dataset][name] = _mean_tree(entries)
    return out


def _mean_tree(entries):
    first = entries[0]
    if isinstance(first, dict):
        return {k: _mean_tree([e[k] for e in entries]) for k in first}
    return float(np.mean(entries))


def print_table(means):
    print("\nMeans over seeds (rare classes: the five smallest)")
    for dataset, samplers in means.items():
        print(f"\n{dataset}")
        print(
            f"{'sampler':14s} {'space':6s} {'nn-for':>6s} {'5nn-for':>7s} "
            f"{'mean-for':>8s} {'off-hull':>8s} {'off-pca':>7s} {'radius':>6s}"
        )
        for name, entry in samplers.items():
            for space in ("codes", "pixels"):
                if space not in entry:
                    continue
                for who in ("new", "validation"):
                    if who == "validation" and name != next(iter(samplers)):
                        continue
                    g = entry[space][who]
                    label = name if who == "new" else "(real val.)"
                    print(
                        f"{label:14s} {space:6s} {g['nearest_foreign']:6.2f} "
                        f"{g['five_nearest_foreign']:7.2f} "
                        f"{g['nearest_mean_foreign']:8.2f}"
                        f" {g['off_hull']:8.2f} {g['off_principal']:7.2f}"
                        f" {g['from_mean']:6.2f}"
                    )
        print(
            f"\n{'sampler':14s} {'clf':4s} {'ACSA':>6s} {'rare rec':>8s} "
            f"{'rare prec':>9s} {'freq rec':>8s}"
        )
        for name, entry in samplers.items():
            for kind, s in entry["classifiers"].items():
                print(
                    f"{name:14s} {kind:4s} {s['acsa']:6.2f} {s['rare_recall']:8.2f} "
                    f"{s['rare_precision']:9.2f} {s['frequent_recall']:8.2f}"
                )


def main(argv=None):
    args = parse_args(argv)
    threadpool_limits(args.threads)
    torch.set_num_threads(args.threads)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    results = {
        "script": "benchmarks/diagnose_delta.py",
        "argv": sys.argv,
        "commit": git_commit(),
        "machine": machine_info(),
        "phase": "select",
        "n_rare": N_RARE,
        "variance_kept": VARIANCE_KEPT,
        "units": [],
    }
    start = time.perf_counter()
    for dataset in args.datasets:
        for seed in args.seeds:
            results["units"].append(run_unit(dataset, seed, args))
            results["means"] = averages(results["units"])
            write_json(args.output, results)
    results["wall_s"] = time.perf_counter() - start
    write_json(args.output, results)
    print_table(results["means"])
    print(f"\nWall time: {results['wall_s']:.0f} s; {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
