"""Loader of SVHN's cropped digits, from its MATLAB files.

Like the other loaders, it reads files that the user already has, found in
``data_home`` or in the folder an environment variable names; nothing is
downloaded.
"""

import numpy as np
from imblearn.utils import Substitution

from . import _docstrings as doc
from ._bunch import image_bunch
from ._params import check_subset
from ._paths import resolve_home

SVHN_ENV = "IMBLEARN_DEEPSMOTE_SVHN"

SVHN_CLASSES = tuple(str(digit) for digit in range(10))
_SVHN_FILES = {"train": "train_32x32.mat", "test": "test_32x32.mat"}

_SVHN_HOW_TO_GET = (
    "Download train_32x32.mat and test_32x32.mat (the cropped digits, "
    "format 2) from http://ufldl.stanford.edu/housenumbers/ and pass their "
    f"folder as data_home or in ${SVHN_ENV}."
)


def _svhn_size(path):
    """The number of images in an SVHN .mat file, from its header."""
    import scipy.io

    try:
        variables = {
            name: (shape, kind) for name, shape, kind in scipy.io.whosmat(path)
        }
    except NotImplementedError as exc:  # MATLAB 7.3 files are HDF5
        raise ValueError(
            f"{path} is a MATLAB 7.3 (HDF5) file, which SVHN's cropped digits "
            f"are not: {exc}"
        ) from exc
    except (ValueError, TypeError, OSError, EOFError) as exc:
        raise ValueError(f"{path} is not a readable MATLAB file: {exc}") from exc
    missing = [name for name in ("X", "y") if name not in variables]
    if missing:
        raise ValueError(
            f"{path} is not an SVHN cropped-digits file: it has no variable "
            f"{' or '.join(missing)} (it holds {sorted(variables)})."
        )
    x_shape, y_shape = variables["X"][0], variables["y"][0]
    if len(x_shape) != 4 or x_shape[:3] != (32, 32, 3):
        raise ValueError(
            f"{path} is not an SVHN cropped-digits file: X has shape "
            f"{x_shape}, expected (32, 32, 3, n_images)."
        )
    n_images = x_shape[3]
    if tuple(y_shape) not in ((n_images, 1), (1, n_images)):
        raise ValueError(
            f"{path} holds {n_images} images but y has shape {y_shape}, "
            f"expected ({n_images}, 1)."
        )
    return n_images


def _read_svhn(path, n_images, out):
    """Read one file's images into ``out`` and return its labels, 0-9."""
    import scipy.io

    try:
        content = scipy.io.loadmat(path, variable_names=("X", "y"))
    except (ValueError, TypeError, OSError, EOFError) as exc:
        raise ValueError(f"{path} is not a readable MATLAB file: {exc}") from exc
    images, labels = content["X"], np.asarray(content["y"]).reshape(-1)
    if images.shape != (32, 32, 3, n_images) or labels.shape != (n_images,):
        raise ValueError(
            f"{path} changed while it was read: X has shape {images.shape} "
            f"and y {labels.size} labels, expected {n_images} images."
        )
    if images.dtype != np.uint8:
        raise ValueError(
            f"{path} is not an SVHN cropped-digits file: X has dtype "
            f"{images.dtype}, expected uint8."
        )
    if not np.issubdtype(labels.dtype, np.number) or (
        labels.size
        and not (
            np.all(labels == np.rint(labels))
            and labels.min() >= 1
            and labels.max() <= 10
        )
    ):
        raise ValueError(
            f"{path} has labels outside 1..10 (SVHN labels the digit 0 as 10)."
        )
    # (height, width, channel, image) -> (image, channel, height, width)
    out[...] = images.transpose(3, 2, 0, 1)
    return labels.astype(np.int64) % 10


_SVHN_DOCS = doc.loader_docs(
    (3, 32, 32),
    folder=("``train_32x32.mat`` and ``test_32x32.mat``", "the environment variable"),
    subsets=("73,257", "26,032"),
    target="The digit in each image, 0-9 (the files label the digit 0 as 10).",
)


@Substitution(**_SVHN_DOCS)
def load_svhn(data_home=None, *, subset="train", return_X_y=False):
    """Load SVHN's cropped digits from their MATLAB files.

    Reads ``train_32x32.mat`` and ``test_32x32.mat`` (the "format 2"
    cropped digits of the Street View House Numbers: 32x32 colour images,
    each centred on one digit) from the folder ``data_home``, else from the
    folder named by the environment variable ``IMBLEARN_DEEPSMOTE_SVHN``.
    The files hold the images as an array of shape (32, 32, 3, n_images)
    and the labels 1 to 10, 10 standing for the digit 0; this loader
    returns the images channels first and the labels as the digits 0-9.
    ``extra_32x32.mat`` is not read. Nothing is downloaded. Each file is
    read with :func:`scipy.io.loadmat`, its images copied into one array
    allocated for all of them.

    {parameters}

    {returns}

    Raises
    ------
    FileNotFoundError
        If no folder is given, or the folder or a file that ``subset``
        needs is missing.

    ValueError
        If a file is not an SVHN cropped-digits MATLAB file (format 2).

    Examples
    --------
    >>> from imblearn_deepsmote.datasets import load_svhn
    >>> svhn = load_svhn("~/data/svhn", subset="test")  # doctest: +SKIP
    >>> svhn.data.shape, svhn.images.shape  # doctest: +SKIP
    ((26032, 3, 32, 32), (26032, 32, 32, 3))
    """
    subsets = check_subset(subset)
    folder, source = resolve_home(data_home, SVHN_ENV, None, _SVHN_HOW_TO_GET)
    paths = [folder / _SVHN_FILES[name] for name in subsets]
    missing = [path.name for path in paths if not path.is_file()]
    if missing:
        raise FileNotFoundError(
            f"Missing in {folder} (from {source}): {', '.join(missing)}. "
            f"{_SVHN_HOW_TO_GET}"
        )
    sizes = [_svhn_size(path) for path in paths]
    data = np.empty((sum(sizes), 3, 32, 32), dtype=np.uint8)
    offsets = np.cumsum([0, *sizes])
    target = np.concatenate(
        [
            _read_svhn(path, n, data[start : start + n])
            for path, n, start in zip(paths, sizes, offsets[:-1], strict=True)
        ]
    )
    descr = (
        f"SVHN cropped digits ({subset}): 32x32 colour images of house-number "
        "digits; 73,257 training and 26,032 test images, imbalanced "
        "(the digit 1 is the most frequent)."
    )
    return image_bunch(data, target, SVHN_CLASSES, folder, descr, return_X_y)
