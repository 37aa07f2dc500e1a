"""The command line job: DeepSMOTE on an imbalanced data set, end to end.

The job decides nothing the library decides: its options are the arguments
of DeepSMOTE and of the loaders, checked by them, and every refusal is
caught once, in :func:`main`, and shown as it is worded.
"""

import argparse
import sys
import tempfile
import warnings
from collections import Counter
from contextlib import contextmanager, nullcontext, suppress
from pathlib import Path
from zipfile import BadZipFile, is_zipfile

import numpy as np
import torch
from imblearn.over_sampling import SMOTE
from sklearn.datasets import load_digits
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import balanced_accuracy_score
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import MinMaxScaler
from threadpoolctl import threadpool_limits

from imblearn_deepsmote import DeepSMOTE, plot_class_samples
from imblearn_deepsmote.datasets import (
    load_image_folder,
    make_long_tailed,
    save_image_folder,
)

DEMO_IMBALANCE_RATIO = 20
# The parameters of DeepSMOTE that are options.
DEEPSMOTE_OPTIONS = (
    "latent_dim k_neighbors penalty max_epochs batch_size lr device random_state"
).split()
# What the library, numpy and the job raise for data, files and options.
REFUSALS = (ValueError, TypeError, OSError, ImportError, FloatingPointError, BadZipFile)


def main(argv=None):
    """Run the DeepSMOTE job from the command line.

    Parameters
    ----------
    argv : list of str, default=None
        Arguments without the program name; None reads ``sys.argv[1:]``.

    Returns
    -------
    exit_code : int
        0; refused options or data exit with status 2 and a one-line message.
    """
    parser = _build_parser()
    args = parser.parse_args(argv)
    args.option = None  # the option whose value is in use, named in an error
    # The demo's network is so small that one thread runs it fastest.
    threads = _one_thread() if args.data is None else nullcontext()
    try:
        with threads, warnings.catch_warnings():
            warnings.showwarning = lambda message, *_: print(
                f"warning: {message}", file=sys.stderr
            )
            _run(parser, args)
    except REFUSALS as error:
        message = " ".join(str(error).split())
        parser.error(f"{args.option}: {message}" if args.option else message)
    return 0


def _build_parser():
    parser = argparse.ArgumentParser(
        prog="imblearn-deepsmote",
        description="Fit DeepSMOTE on an imbalanced training split, print the "
        "class counts before and after, compare the balanced accuracy of a "
        "logistic regression trained without resampling, with SMOTE and with "
        "DeepSMOTE, and save real and generated images of each class. Without "
        "--data: a long-tailed version of scikit-learn's 8x8 digits.",
    )
    data = parser.add_argument_group("data")
    sides = {"type": int, "nargs": "+", "metavar": "SIDE"}
    data.add_argument(
        "--data",
        type=Path,
        metavar="PATH",
        help="an .npz file of arrays X (rows, (N, H, W) or (N, C, H, W) images) "
        "and y (classes), or a folder of images, one subfolder per class",
    )
    data.add_argument("--input-shape", **sides, help="C H W or H W of flattened images")
    data.add_argument(
        "--test-size",
        type=float,
        metavar="FRACTION",
        help="fraction held out for testing; 0 fits on every sample and skips "
        "the comparison (default: 0.25, or 0 with --output-folder)",
    )
    folder = parser.add_argument_group("--data FOLDER only")
    folder.add_argument("--image-size", **sides, help="H W (or one side) to resize to")
    folder.add_argument(
        "--skip-unreadable", action="store_true", help="skip unreadable files, warning"
    )
    model = parser.add_argument_group(
        "DeepSMOTE",
        "DeepSMOTE's parameters of the same names and defaults (shown), checked "
        "by it: a number, text or none. --random-state (0) also seeds the split "
        "and the SMOTE baseline, which takes --k-neighbors, or all the other "
        "samples of a smaller class.",
    )
    defaults = {**DeepSMOTE().get_params(), "random_state": 0}  # the job is seeded
    for name in DEEPSMOTE_OPTIONS:
        option, default = f"--{name.replace('_', '-')}", defaults[name]
        model.add_argument(option, type=_value, default=default, help=f"{default}")
    output = parser.add_argument_group("output")
    grid = output.add_mutually_exclusive_group()
    grid.add_argument(
        "--output",
        type=Path,
        default=Path("deepsmote_samples.png"),
        metavar="PATH.png",
        help="where to save the grid of samples (default: %(default)s)",
    )
    grid.add_argument("--no-plot", action="store_true", help="save no grid")
    output.add_argument(
        "--output-folder",
        type=Path,
        metavar="FOLDER",
        help="a new or empty folder to write the balanced images to, as PNG "
        "files in one subfolder per class",
    )
    output.add_argument(
        "--generated-only", action="store_true", help="write only the generated images"
    )
    return parser


def _value(text):
    """An option's value as DeepSMOTE takes it: a number, None or text."""
    for number in (int, float):
        with suppress(ValueError):
            return number(text)
    return None if text.lower() == "none" else text


def _run(parser, args):
    # Everything that can be checked is checked before training.
    if args.generated_only and args.output_folder is None:
        parser.error("--generated-only applies to --output-folder only")
    if args.test_size is None:
        args.test_size = 0.0 if args.output_folder is not None else 0.25
    if not args.no_plot:
        args.option = "--output"
        args.output = _writable_grid_path(args.output)
    args.option = "--data"
    X, y, name, input_shape = _load(parser, args)
    args.option = None
    params = {name: getattr(args, name) for name in DEEPSMOTE_OPTIONS}
    sampler = DeepSMOTE(input_shape=input_shape, verbose=1, **params)
    sampler.fit(X, y)  # DeepSMOTE checks its parameters and the data
    if args.output_folder is not None:
        args.option = "--output-folder"
        _check_writable(_images(X, input_shape), y, args.output_folder)
        args.option = None
    X_train, X_test, y_train, y_test = _split(X, y, args.test_size, args.random_state)
    if args.data is None:
        ratio, seed = DEMO_IMBALANCE_RATIO, args.random_state
        X_train, y_train = make_long_tailed(
            X_train, y_train, imbalance_ratio=ratio, random_state=seed
        )
    held_out = f"{len(y_test)} held-out test samples ({args.test_size:.0%}, stratified)"
    held_out = held_out if args.test_size else "none held out (--test-size 0)"
    print(f"Data: {name}; {len(y_train)} training samples, {held_out}.")

    X_res, y_res = sampler.fit_resample(X_train, y_train)
    print(f"\nClass counts{' in the training split' * bool(args.test_size)}:")
    before, after = Counter(y_train.tolist()), Counter(y_res.tolist())
    rows = [(label, before[label], after[label]) for label in sorted(before)]
    rows.append(("total", len(y_train), len(y_res)))
    print(_table([("class", "before", "after"), *rows]))
    if args.test_size:
        scores = _balanced_accuracies(
            (X_train, y_train), (X_res, y_res), (X_test, y_test), sampler
        )
        print(
            "\nBalanced accuracy on the test split of a logistic regression "
            f"trained with:\n{_table(scores.items())}"
        )
    n_train = len(X_train)
    images = _images(X_res, input_shape)
    if not args.no_plot:
        _save_plot(images, y_res, n_train, args.output)
    if args.output_folder is not None:
        args.option = "--output-folder"
        first = n_train if args.generated_only else 0
        written = save_image_folder(
            images[first:], y_res[first:], args.output_folder, generated=n_train - first
        )
        print(
            f"\nWrote {len(written)} images ({n_train - first} original, "
            f"{len(X_res) - n_train} generated) to {args.output_folder}, one "
            "subfolder per class."
        )


def _writable_grid_path(path):
    """The grid's path, checked to be writable; ``.png`` if it has no extension."""
    path = path if path.suffix else path.with_suffix(".png")
    with suppress(ImportError):  # without matplotlib, _save_plot says why
        from matplotlib.backend_bases import FigureCanvasBase

        formats = sorted(FigureCanvasBase.get_supported_filetypes())
        if path.suffix[1:].lower() not in formats:
            raise ValueError(
                f"matplotlib cannot save the format {path.suffix!r}; use one of "
                f"{', '.join('.' + name for name in formats)}"
            )
    existed = path.exists()
    open(path, "ab").close()
    if not existed:
        path.unlink()
    return path


def _load(parser, args):
    """X, y, a name for the data, and DeepSMOTE's input_shape."""
    input_shape = None if args.input_shape is None else tuple(args.input_shape)
    is_folder = args.data is not None and args.data.is_dir()
    if not is_folder and (args.image_size or args.skip_unreadable):
        parser.error("--image-size and --skip-unreadable apply to --data FOLDER only")
    if is_folder:
        sides = args.image_size
        folder = load_image_folder(
            args.data,
            image_size=sides if sides is None or len(sides) > 1 else sides[0],
            on_error="skip" if args.skip_unreadable else "raise",
            verbose=1,
        )
        labels = np.asarray(folder.target_names)[folder.target]
        name = f"{args.data} ({len(folder.target_names)} classes)"
        return folder.data, labels, name, input_shape
    if args.data is None:
        X, y = load_digits(return_X_y=True)
        name = "scikit-learn's 8x8 digits, training split made long-tailed"
        return X, y, f"{name} ({DEMO_IMBALANCE_RATIO}:1)", input_shape or (8, 8)
    with open(args.data, "rb") as file:
        archive = np.load(file, allow_pickle=False) if is_zipfile(file) else {}
        if not {"X", "y"} <= set(archive) or np.ndim(archive["y"]) != 1:
            raise ValueError(
                f"cannot read {args.data} as an .npz file of arrays X and y (one "
                "class label per sample), such as np.savez(path, X=X, y=y) writes"
            )
        return archive["X"], archive["y"], str(args.data), input_shape


def _images(X, input_shape):
    """The samples as an array of images, or None for tabular rows."""
    if X.ndim > 2:
        return X
    return None if input_shape is None else X.reshape(len(X), *input_shape)


def _check_writable(images, y, folder):
    """Refuse before training what ``save_image_folder`` would refuse after:
    no image written to ``folder`` checks it and the images' layout; the
    darkest and brightest image of each pixel, one per class, written to a
    scratch folder, check the pixel values and the class folder names."""
    if images is None:
        raise ValueError(
            "writes images, but the data are tabular rows; pass --input-shape "
            "C H W (or H W) if the rows are flattened images"
        )
    save_image_folder(images[:0], y[:0], folder)
    labels = np.unique(y)
    extremes = np.stack([images.min(axis=0), images.max(axis=0)])
    with tempfile.TemporaryDirectory() as scratch:
        save_image_folder(extremes[np.arange(len(labels)) % 2], labels, scratch)


def _split(X, y, test_size, random_state):
    if not test_size:
        return X, X[:0], y, y[:0]
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=test_size, stratify=y, random_state=random_state
    )
    for label in sorted(set(y_train.tolist()) - set(y_test.tolist()), key=str):
        message = f"class {label} has no sample in the test split, so the balanced"
        warnings.warn(
            f"{message} accuracy leaves it out. Raise --test-size.", stacklevel=2
        )
    return X_train, X_test, y_train, y_test


@contextmanager
def _one_thread():
    """Limit torch, BLAS and OpenMP to one thread, then restore their counts."""
    previous = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        with threadpool_limits(limits=1):
            yield
    finally:
        torch.set_num_threads(previous)


def _balanced_accuracies(train, deepsmote_resampled, test, sampler):
    """Balanced accuracy of one classifier per way of resampling ``train``.

    SMOTE gets the seed and floats (it subtracts samples in their dtype,
    where uint8 pixels wrap around), and DeepSMOTE's ``k_neighbors``, or all
    the other samples of a smaller class, as DeepSMOTE's default reaches
    them; it has no score where a class of one sample would need it.
    """
    (X, y), resampled, (X_test, y_test) = (
        (X.reshape(len(X), -1), y) for X, y in (train, deepsmote_resampled, test)
    )
    X = X.astype(np.float64)
    smallest = np.unique(y, return_counts=True)[1].min()
    k = min(sampler.k_neighbors, smallest - 1)
    ways = {"no resampling": (X, y), "SMOTE": None, "DeepSMOTE": resampled}
    if k >= 1:
        smote = SMOTE(k_neighbors=k, random_state=sampler.random_state)
        ways["SMOTE"] = smote.fit_resample(X, y)
    scores = {}
    for name, data in ways.items():
        if data is None:
            scores[name] = "n/a (a class of one sample)"
            continue
        classifier = make_pipeline(MinMaxScaler(), LogisticRegression(max_iter=1000))
        classifier.fit(*data)
        score = balanced_accuracy_score(y_test, classifier.predict(X_test))
        scores[name] = f"{score:.3f}"
    return scores


def _table(rows):
    """Rows of cells as indented lines, the first column left-aligned."""
    rows = list(rows)
    width = max(len(str(row[0])) for row in rows)
    return "\n".join(
        f"  {row[0]!s:<{width}}" + "".join(f"  {cell!s:>6}" for cell in row[1:])
        for row in rows
    )


def _save_plot(images, y_res, n_train, path):
    if images is None:
        print("\nNo sample grid: the data are tabular rows (see --input-shape).")
        return
    real, new = slice(None, n_train), slice(n_train, None)
    try:
        plot_class_samples(
            images[real], y_res[real], images[new], y_res[new], n_per_class=6, path=path
        )
        print(f"\nReal and generated samples of each class saved to {path}")
    except ImportError as error:
        print(f"\nNo sample grid: {error}", file=sys.stderr)
