"""The command line job: DeepSMOTE on an imbalanced data set, end to end.

``python -m imblearn_deepsmote`` (or the ``imblearn-deepsmote`` script) keeps
a stratified test split aside, fits DeepSMOTE on the training split, prints
the class counts before and after resampling, compares the balanced accuracy
of one classifier trained without resampling, with SMOTE and with DeepSMOTE,
and saves a grid of real and generated images of each class.

Without ``--data`` the data are scikit-learn's 8x8 digits, whose training
split is made long-tailed first. ``--data`` takes an ``.npz`` file or a
folder of images with one subfolder per class; ``--output-folder`` writes
the balanced images back as such a folder, and then, unless ``--test-size``
is given, DeepSMOTE is fitted on every image and nothing is held out.
"""

import argparse
import pickle
import sys
import warnings
import zipfile
from collections import Counter
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import NamedTuple

import numpy as np
import torch
from imblearn.over_sampling import SMOTE
from sklearn.datasets import load_digits
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import balanced_accuracy_score
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import MinMaxScaler
from sklearn.utils.multiclass import type_of_target
from threadpoolctl import threadpool_limits

from ._layout import SampleLayout
from ._net import PENALTY_FORMS
from ._plotting import plot_class_samples
from ._sampler import DeepSMOTE
from ._validation import ParameterError, check_device
from .datasets import load_image_folder, make_long_tailed, save_image_folder
from .datasets._folder_writing import check_save, to_pixels
from .datasets._paths import check_output_folder, kind_of_path

DEMO_IMBALANCE_RATIO = 20
PENALTIES = {**{form: form for form in PENALTY_FORMS}, "none": None}


class InputError(Exception):
    """Data or options that the job cannot run on; reported without traceback."""


class Dataset(NamedTuple):
    """Samples as rows, their classes, and the layout of one image if any."""

    X: np.ndarray
    y: np.ndarray
    image_shape: tuple | None
    name: str


def main(argv=None):
    """Run the DeepSMOTE job from the command line.

    Parameters
    ----------
    argv : list of str, default=None
        Arguments without the program name; None reads ``sys.argv[1:]``.

    Returns
    -------
    exit_code : int
        0 on success. Invalid options or data exit with status 2 and a
        one-line message, through :class:`SystemExit`.
    """
    parser = _build_parser()
    args = parser.parse_args(argv)
    # The demo's network and data are so small that threads cost more in
    # synchronisation than they save; on a busy machine they stall, and one
    # thread runs the demo several times faster.
    try:
        with (
            _one_thread() if args.data is None else nullcontext(),
            warnings.catch_warnings(),
        ):
            warnings.showwarning = _print_warning
            _run(args)
    except InputError as error:
        parser.error(str(error))
    return 0


def _print_warning(message, category, filename, lineno, file=None, line=None):
    """Show a warning as a line of the job's output, not as Python's."""
    print(f"warning: {message}", file=sys.stderr)


def _build_parser():
    parser = argparse.ArgumentParser(
        prog="imblearn-deepsmote",
        description=(
            "Fit DeepSMOTE on an imbalanced training split, print the class "
            "counts before and after resampling, compare the balanced accuracy "
            "of a logistic regression trained without resampling, with SMOTE and "
            "with DeepSMOTE on a held-out test split, and save real and "
            "generated images of each class. Without --data, runs on a "
            "long-tailed version of scikit-learn's 8x8 digits. To balance a "
            "folder of images: --data FOLDER --output-folder NEW_FOLDER."
        ),
    )
    data = parser.add_argument_group("data")
    data.add_argument(
        "--data",
        type=Path,
        metavar="PATH",
        help="an .npz file with arrays X (rows, (N, H, W) or (N, C, H, W) images) "
        "and y (classes), or a folder of images with one subfolder per class "
        "(PNG, JPEG and the other formats Pillow reads); default: the digits demo",
    )
    data.add_argument(
        "--image-size",
        type=_positive_int,
        nargs="+",
        metavar="SIDE",
        help="H W (or one side for squares) to resize the images of a folder to; "
        "needed when they differ in size",
    )
    data.add_argument(
        "--skip-unreadable",
        action="store_true",
        help="leave out, with a warning, files of a folder that cannot be read as "
        "images (default: refuse the folder, naming them)",
    )
    data.add_argument(
        "--input-shape",
        type=_positive_int,
        nargs="+",
        metavar="SIDE",
        help="C H W or H W of one image, when the rows of X are flattened images",
    )
    data.add_argument(
        "--test-size",
        type=_fraction,
        metavar="FRACTION",
        help="fraction of the samples held out for testing; 0 fits on every "
        "sample and skips the comparison (default: 0.25, or 0 with "
        "--output-folder)",
    )
    model = parser.add_argument_group("DeepSMOTE")
    model.add_argument(
        "--max-epochs",
        type=_max_epochs,
        default="auto",
        metavar="N",
        help="training epochs, or auto for DeepSMOTE's choice from the size of "
        "the data (default: %(default)s)",
    )
    model.add_argument(
        "--latent-dim",
        type=_positive_int,
        metavar="N",
        help="size of the latent code (default: DeepSMOTE's choice)",
    )
    model.add_argument(
        "--k-neighbors",
        type=_positive_int,
        default=5,
        metavar="N",
        help="neighbours for SMOTE, in latent space and in the SMOTE baseline "
        "(default: %(default)s)",
    )
    model.add_argument(
        "--penalty",
        choices=list(PENALTIES),
        default="none",
        help="penalty loss: the paper's, the authors' released code's, codes of "
        "a class pulled together (compact), codes that classify (classify), or "
        "none (default: %(default)s)",
    )
    model.add_argument(
        "--batch-size",
        type=_positive_int,
        default=100,
        metavar="N",
        help="training batch size (default: %(default)s)",
    )
    model.add_argument(
        "--lr",
        type=_positive_float,
        default=1e-3,
        help="Adam learning rate (default: %(default)s)",
    )
    model.add_argument(
        "--device", default="cpu", help="torch device, e.g. cuda (default: cpu)"
    )
    model.add_argument(
        "--random-state",
        type=int,
        default=0,
        metavar="SEED",
        help="seed of the split, the samplers and the training (default: %(default)s)",
    )
    output = parser.add_argument_group("output")
    output.add_argument(
        "--output",
        type=Path,
        default=Path("deepsmote_samples.png"),
        metavar="PATH.png",
        help="where to save the grid of samples (default: %(default)s)",
    )
    output.add_argument(
        "--no-plot", action="store_true", help="do not save the grid of samples"
    )
    output.add_argument(
        "--output-folder",
        type=Path,
        metavar="FOLDER",
        help="write the balanced images (the originals DeepSMOTE was fitted on "
        "and the generated ones) as PNG files, one subfolder per class; the "
        "folder must be new or empty",
    )
    output.add_argument(
        "--generated-only",
        action="store_true",
        help="with --output-folder, write only the generated images",
    )
    return parser


def _positive_int(text):
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a positive integer, got {text}")
    return value


def _max_epochs(text):
    if text == "auto":
        return text
    try:
        return _positive_int(text)
    except (ValueError, argparse.ArgumentTypeError):
        raise argparse.ArgumentTypeError(
            f"must be auto or a positive integer, got {text}"
        ) from None


def _positive_float(text):
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be a positive number, got {text}")
    return value


def _fraction(text):
    value = float(text)
    if not 0 <= value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 0 and below 1, got {text}")
    return value


def _run(args):
    # Everything that can be checked is checked before training.
    if args.test_size is None:
        args.test_size = 0.0 if args.output_folder is not None else 0.25
    if not args.no_plot:
        args.output = _writable_output(args.output)
    if args.output_folder is not None:
        _check_output_folder(args.output_folder)
    elif args.generated_only:
        raise InputError("--generated-only applies to --output-folder only")
    _check_device(args.device)
    dataset = _load_dataset(args)
    _check_data(dataset)
    if args.output_folder is not None:
        _check_images_to_write(dataset, args.output_folder)
    X_train, X_test, y_train, y_test = _split(
        dataset, args.test_size, args.random_state
    )
    if args.data is None:
        X_train, y_train = make_long_tailed(
            X_train,
            y_train,
            imbalance_ratio=DEMO_IMBALANCE_RATIO,
            random_state=args.random_state,
        )
    held_out = (
        f"{len(y_test)} held-out test samples ({args.test_size:.0%}, stratified)"
        if args.test_size
        else "none held out (--test-size 0)"
    )
    print(f"Data: {dataset.name}; {len(y_train)} training samples, {held_out}.")

    sampler = _make_deepsmote(args, dataset.image_shape)
    X_res, y_res = _resample(sampler, X_train, y_train)
    # Images or tabular rows, as the fitted sampler took them.
    image_shape = sampler.layout_.image_shape
    print(
        "\nClass counts in the training split:" if args.test_size else "\nClass counts:"
    )
    print(_format_counts(y_train, y_res))

    if args.test_size:
        scores = _compare_resampling(
            (X_train, y_train), (X_res, y_res), (X_test, y_test), sampler
        )
        print(
            "\nBalanced accuracy on the test split of a logistic regression "
            "trained with:"
        )
        print(_format_scores(scores))

    if not args.no_plot:
        _save_plot(image_shape, X_train, y_train, X_res, y_res, args.output)
    if args.output_folder is not None:
        _save_folder(image_shape, X_res, y_res, len(X_train), args)


# --- the library's errors in the command line's terms ---------------------------

# The option that sets each argument of the library that an error may advise,
# and what stands for its value when the error names none.
_OPTIONS = {
    "image_size": ("--image-size", "H W"),
    "input_shape": ("--input-shape", "C H W"),
}
# Advice for arguments that no option sets.
_ADVICE = {"overwrite": "Name a new or empty folder."}


def _explain(error, context):
    """A library error as one line: ``context: problem advice``.

    Errors that say which argument fixes them (:class:`ParameterError`, or
    any error with ``problem`` and ``parameter``) get the advice in terms of
    the option that sets it; others are shown as they are.
    """
    problem = getattr(error, "problem", None)
    parameter = getattr(error, "parameter", None)
    if problem is None or parameter is None:
        return f"{context}: {_one_line(error)}"
    if parameter == "input_shape":
        context = "--input-shape"
    advice = _option_advice(parameter, error.value, getattr(error, "hint", None))
    return f"{context}: {_one_line(problem)} {advice}".rstrip()


def _option_advice(parameter, value, hint):
    """What to pass on the command line, or the advice of an optionless one."""
    if parameter == "on_error":
        return "Pass --skip-unreadable." if value == "skip" else ""
    if parameter not in _OPTIONS:
        return _ADVICE.get(parameter, "")
    option, placeholder = _OPTIONS[parameter]
    if value is None and hint is None:  # the argument's fix is None
        return f"Leave out {option}."
    if value is None:
        return f"Pass {option} {placeholder}."
    return f"Pass {option} {' '.join(str(side) for side in np.ravel(value))}."


def _one_line(error):
    return " ".join(str(error).split())


# --- output ----------------------------------------------------------------------


def _check_output_folder(folder):
    """Refuse, before loading anything, a folder that cannot be written into."""
    try:
        check_output_folder(folder)
    except OSError as error:
        raise InputError(_explain(error, "--output-folder")) from None


def _check_images_to_write(dataset, folder):
    """Refuse, before training, data that cannot be written as image files."""
    if dataset.image_shape is None:
        raise InputError(
            "--output-folder writes images, but the data are tabular rows; pass "
            "--input-shape C H W (or H W) if the rows are flattened images"
        )
    images = dataset.X.reshape(len(dataset.X), *dataset.image_shape)
    try:
        check_save(images, dataset.y, folder)
    except ImportError as error:
        raise InputError(f"--output-folder: {error}") from None
    except (ValueError, TypeError, OSError) as error:
        raise InputError(_explain(error, "--output-folder")) from None


def _save_folder(image_shape, X_res, y_res, n_original, args):
    rows = slice(n_original, None) if args.generated_only else slice(None)
    try:
        # Pixels of every image at once, so that the originals and the
        # generated images are converted alike, whichever are written.
        pixels = to_pixels(X_res.reshape(len(X_res), *image_shape))
        written = save_image_folder(
            pixels[rows],
            y_res[rows],
            args.output_folder,
            generated=0 if args.generated_only else n_original,
        )
    except (ValueError, TypeError, OSError) as error:
        raise InputError(_explain(error, "--output-folder")) from None
    n_generated = len(X_res) - n_original
    kept = 0 if args.generated_only else n_original
    print(
        f"\nWrote {len(written)} images ({kept} original, {n_generated} "
        f"generated) to {args.output_folder}, one subfolder per class."
    )


def _writable_output(path):
    """The path the grid will be saved to, checked to be writable.

    A path without an extension gets ``.png``, as matplotlib would give it.
    """
    if not path.suffix:
        path = path.with_suffix(".png")
    formats = _image_formats()
    if formats and path.suffix[1:].lower() not in formats:
        raise InputError(
            f"--output: matplotlib cannot save the format {path.suffix!r}; use one "
            f"of {', '.join('.' + name for name in sorted(formats))}"
        )
    try:
        parent = kind_of_path(path.parent)
        existed = kind_of_path(path) is not None
    except OSError as error:
        raise InputError(f"--output: {error}") from None
    if parent is None:
        raise InputError(f"--output: folder {path.parent} does not exist")
    if parent != "folder":
        raise InputError(f"--output: {path.parent} is not a folder")
    try:
        with open(path, "ab"):
            pass
    except OSError as error:
        raise InputError(f"--output: cannot write {path}: {error.strerror}") from None
    if not existed:
        path.unlink()
    return path


def _image_formats():
    """File extensions matplotlib saves to; empty without matplotlib."""
    try:
        from matplotlib.backend_bases import FigureCanvasBase
    except ImportError:
        return set()
    return set(FigureCanvasBase.get_supported_filetypes())


def _check_device(device):
    try:
        check_device(device)
    except ValueError as error:
        reason = _one_line(getattr(error, "problem", error)).rstrip(".")
        raise InputError(
            f"--device {device}: PyTorch cannot use this device here ({reason}). "
            "Use --device cpu, or --device cuda on a machine with a CUDA GPU"
        ) from None


# --- data ------------------------------------------------------------------------


def _load_dataset(args):
    try:
        is_folder = args.data is not None and kind_of_path(args.data) == "folder"
    except OSError as error:
        raise InputError(f"--data: {error}") from None
    if is_folder:
        if args.input_shape is not None:
            raise InputError("--input-shape applies to .npz files, not folders")
        return _load_folder(args.data, args.image_size, args.skip_unreadable)
    if args.image_size is not None or args.skip_unreadable:
        raise InputError(
            "--image-size and --skip-unreadable apply to --data FOLDER only"
        )
    if args.data is not None:
        return _load_npz(args.data, args.input_shape)
    if args.input_shape is not None:
        raise InputError("--input-shape applies to --data only")
    return _load_digits()


def _dataset(X, y, input_shape, name):
    """The samples as rows, with the image layout that DeepSMOTE reads in X."""
    try:
        layout = SampleLayout(X, y, None if input_shape is None else tuple(input_shape))
    except ParameterError as error:
        raise InputError(_explain(error, "--data")) from None
    except (ValueError, TypeError) as error:
        raise InputError(f"--data: {_one_line(error)}") from None
    return Dataset(X.reshape(len(X), -1), y, layout.image_shape, name)


def _load_folder(path, image_size, skip_unreadable):
    """Read a folder of class subfolders; labels are the class names."""
    if image_size is not None and len(image_size) not in (1, 2):
        raise InputError("--image-size takes H W, or one side for square images")
    size = None if image_size is None else tuple(image_size) * (3 - len(image_size))
    on_error = "skip" if skip_unreadable else "raise"
    try:
        folder = load_image_folder(path, image_size=size, on_error=on_error, verbose=1)
    except ImportError as error:
        raise InputError(str(error)) from None
    except (ValueError, OSError) as error:
        raise InputError(_explain(error, "--data")) from None
    names = np.asarray(folder.target_names)
    return _dataset(
        folder.data, names[folder.target], None, f"{path} ({len(names)} classes)"
    )


def _load_digits():
    digits = load_digits()
    return _dataset(
        digits.data,
        digits.target,
        (8, 8),
        f"scikit-learn's 8x8 digits, training split made long-tailed "
        f"({DEMO_IMBALANCE_RATIO}:1)",
    )


def _load_npz(path, input_shape):
    """Read X and y from an .npz file; X comes back as rows."""
    try:
        archive = np.load(path, allow_pickle=False)
    except FileNotFoundError:
        raise InputError(f"--data: no such file: {path}") from None
    except (OSError, ValueError, zipfile.BadZipFile, pickle.UnpicklingError):
        raise InputError(f"--data: cannot read {path} as a NumPy .npz file") from None
    if not isinstance(archive, np.lib.npyio.NpzFile):
        raise InputError(f"--data: {path} holds a single array, not arrays X and y")
    with archive:
        if not {"X", "y"} <= set(archive.files):
            raise InputError(
                f"--data: {path} must hold arrays named X and y; it holds "
                f"{', '.join(archive.files) or 'none'}"
            )
        try:
            X, y = archive["X"], archive["y"]
        except ValueError as error:
            raise InputError(f"--data: cannot read X and y: {error}") from None
    if X.dtype.kind not in "biuf":
        raise InputError(f"--data: X must hold numbers, not {X.dtype} values")
    if X.ndim < 2:
        raise InputError(
            f"--data: X must be rows (N, features) or images (N, H, W) or "
            f"(N, C, H, W); got shape {X.shape}"
        )
    if len(X) == 0:
        raise InputError(f"--data: {path} holds no samples")
    if y.ndim != 1 or len(y) != len(X):
        raise InputError(
            f"--data: y must be one class per sample of X, of shape ({len(X)},); "
            f"got shape {y.shape}"
        )
    return _dataset(X, y, input_shape, str(path))


def _check_data(dataset):
    """Refuse data that no step of the job can use, with what to do."""
    X, y = dataset.X, dataset.y
    if len(X) == 0:
        raise InputError("the data hold no samples")
    if X.shape[1] == 0:
        raise InputError("the samples have no features")
    if X.dtype.kind == "f" and not np.isfinite(X).all():
        bad = np.flatnonzero(~np.isfinite(X).all(axis=1))
        raise InputError(
            f"X holds NaN or infinite values, in {len(bad)} samples (the first is "
            f"sample {bad[0]}); remove or impute them first"
        )
    kind = type_of_target(y)
    if kind == "continuous":
        example = next(value for value in y.tolist() if value != int(value))
        raise InputError(
            f"y holds continuous values (such as {example:.4g}); DeepSMOTE needs "
            "class labels, such as integers or names"
        )
    if kind not in ("binary", "multiclass"):
        raise InputError(f"y must hold one class label per sample; got {kind} data")


def _split(dataset, test_size, random_state):
    if len(np.unique(dataset.y)) < 2:
        raise InputError("y must hold at least two classes")
    if not test_size:
        X_train, X_test, y_train, y_test = (
            dataset.X,
            dataset.X[:0],
            dataset.y,
            dataset.y[:0],
        )
    else:
        try:
            X_train, X_test, y_train, y_test = train_test_split(
                dataset.X,
                dataset.y,
                test_size=test_size,
                stratify=dataset.y,
                random_state=random_state,
            )
        except ValueError as error:
            raise InputError(
                f"cannot split the data into train and test: {error}"
            ) from None
    label, count = min(Counter(y_train.tolist()).items(), key=lambda item: item[1])
    if count < 2:
        # SMOTE needs two samples of a class to interpolate between.
        raise InputError(
            f"the training split is too small: class {label!r} has a single "
            "training sample, and SMOTE needs two. Lower --test-size or add "
            "samples of that class"
        )
    missing = set(y_train.tolist()) - set(y_test.tolist()) if test_size else set()
    for label in sorted(missing, key=str):
        print(
            f"warning: class {label} has no sample in the test split, so the "
            "balanced accuracy leaves it out. Raise --test-size or add samples "
            "of that class.",
            file=sys.stderr,
        )
    return X_train, X_test, y_train, y_test


def _make_deepsmote(args, image_shape):
    return DeepSMOTE(
        input_shape=image_shape,
        latent_dim=args.latent_dim,
        k_neighbors=args.k_neighbors,
        penalty=PENALTIES[args.penalty],
        max_epochs=args.max_epochs,
        batch_size=args.batch_size,
        lr=args.lr,
        device=args.device,
        random_state=args.random_state,
        verbose=1,
    )


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


def _resample(sampler, X, y):
    # DeepSMOTE's messages about data it cannot use are written for users.
    try:
        return sampler.fit_resample(X, y)
    except (ValueError, FloatingPointError) as error:
        message = " ".join(str(error).split())
        raise InputError(f"DeepSMOTE cannot resample these data: {message}") from None


def _compare_resampling(train, deepsmote_resampled, test, sampler):
    """Balanced accuracy of one classifier per way of resampling ``train``.

    The SMOTE baseline gets the fitted DeepSMOTE's seed and the
    ``k_neighbors`` its latent SMOTE used: the library reduces it for a
    class too small for it, and the baseline follows that decision.
    """
    # Every baseline gets floats: SMOTE subtracts samples in their dtype, where
    # unsigned integers (uint8 pixels) wrap around.
    X_train, y_train = train
    X_train = X_train.astype(np.float64)
    train = (X_train, y_train)
    smote = SMOTE(
        k_neighbors=sampler.latent_sampler_.k_neighbors,
        random_state=sampler.random_state,
    )
    training_sets = {
        "no resampling": train,
        "SMOTE": smote.fit_resample(X_train, y_train),
        "DeepSMOTE": deepsmote_resampled,
    }
    return {
        name: _balanced_accuracy(*training_set, *test)
        for name, training_set in training_sets.items()
    }


def _balanced_accuracy(X_train, y_train, X_test, y_test):
    classifier = make_pipeline(MinMaxScaler(), LogisticRegression(max_iter=1000))
    classifier.fit(X_train, y_train)
    return balanced_accuracy_score(y_test, classifier.predict(X_test))


def _format_counts(y_before, y_after):
    before, after = Counter(y_before.tolist()), Counter(y_after.tolist())
    rows = [(str(label), before[label], after[label]) for label in sorted(before)]
    rows.append(("total", len(y_before), len(y_after)))
    width = max(len("class"), *(len(label) for label, _, _ in rows))
    lines = [f"  {'class':<{width}}  {'before':>6}  {'after':>6}"]
    lines += [
        f"  {label:<{width}}  {n_before:>6}  {n_after:>6}"
        for label, n_before, n_after in rows
    ]
    return "\n".join(lines)


def _format_scores(scores):
    width = max(len(name) for name in scores)
    return "\n".join(
        f"  {name:<{width}}  {score:.3f}" for name, score in scores.items()
    )


def _save_plot(image_shape, X_train, y_train, X_res, y_res, path):
    if image_shape is None:
        print(
            "\nNo sample grid: the data are tabular rows (pass --input-shape if "
            "they are flattened images)."
        )
        return
    n_train = len(X_train)
    try:
        plot_class_samples(
            X_train,
            y_train,
            X_res[n_train:],
            y_res[n_train:],
            image_shape=image_shape,
            n_per_class=6,
            path=path,
        )
    except ImportError as error:
        print(f"\nNo sample grid: {error}", file=sys.stderr)
        return
    print(f"\nReal and generated samples of each class saved to {path}")
