"""Loaders for SVHN's cropped digits and CelebA's hair-colour classes.

Like the other loaders, these read files that the user already has, found
in ``data_home`` or in the folder an environment variable names; nothing is
downloaded.
"""

import numpy as np
from imblearn.utils import Substitution

from . import _docstrings as doc
from ._loaders import MNIST_CLASSES, _check_subset, _image_bunch, _resolve_home
from ._pillow import ON_ERROR, check_choice, check_image_size, name_files, read_images

SVHN_ENV = "IMBLEARN_DEEPSMOTE_SVHN"
CELEBA_ENV = "IMBLEARN_DEEPSMOTE_CELEBA"

SVHN_CLASSES = MNIST_CLASSES
_SVHN_FILES = {"train": "train_32x32.mat", "test": "test_32x32.mat"}

# The DeepSMOTE paper's five CelebA classes, in its order (class 0 first).
CELEBA_HAIR_CLASSES = ("Black_Hair", "Brown_Hair", "Blond_Hair", "Gray_Hair", "Bald")
_CELEBA_SUBSETS = {"all": None, "train": 0, "valid": 1, "test": 2}
# Where the official archive (Anno/, Img/, Eval/) and the usual re-packagings
# (everything in one folder; Kaggle's CSV files and doubled image folder)
# put the files, relative to data_home.
_CELEBA_ATTRIBUTES = (
    "list_attr_celeba.txt",
    "Anno/list_attr_celeba.txt",
    "list_attr_celeba.csv",
)
_CELEBA_PARTITIONS = (
    "list_eval_partition.txt",
    "Eval/list_eval_partition.txt",
    "list_eval_partition.csv",
)
_CELEBA_IMAGES = (
    "img_align_celeba/img_align_celeba",
    "img_align_celeba",
    "Img/img_align_celeba",
)

_SVHN_HOW_TO_GET = (
    "Download train_32x32.mat and test_32x32.mat (the cropped digits, "
    "format 2) from http://ufldl.stanford.edu/housenumbers/ and pass their "
    f"folder as data_home or in ${SVHN_ENV}."
)
_CELEBA_HOW_TO_GET = (
    "Get the aligned and cropped images (img_align_celeba.zip) and "
    "list_attr_celeba.txt from https://mmlab.ie.cuhk.edu.hk/projects/"
    "CelebA.html, unzip the images into a folder img_align_celeba next to "
    "list_attr_celeba.txt (and list_eval_partition.txt for the official "
    "split), and pass that folder as data_home or in "
    f"${CELEBA_ENV}."
)


# --------------------------------------------------------------------------
# SVHN


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
    subsets = _check_subset(subset)
    folder, source = _resolve_home(data_home, SVHN_ENV, None, _SVHN_HOW_TO_GET)
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
    return _image_bunch(data, target, SVHN_CLASSES, folder, descr, return_X_y)


# --------------------------------------------------------------------------
# CelebA


def _find(folder, candidates, kind):
    for relative in candidates:
        path = folder / relative
        if path.is_dir() if kind == "dir" else path.is_file():
            return path
    return None


def _table_rows(path):
    """The rows of a CelebA list: whitespace-separated (.txt) or CSV."""
    separator = "," if path.suffix.lower() == ".csv" else None
    with open(path, encoding="utf-8") as fh:
        for number, line in enumerate(fh, start=1):
            fields = line.strip().split(separator)
            if fields and fields != [""]:
                yield number, [field.strip() for field in fields]


def _read_hair_attributes(path):
    """File names and the five hair attributes (as 0/1) of each image."""
    rows = _table_rows(path)
    csv = path.suffix.lower() == ".csv"
    try:
        count = None
        if not csv:
            _, first = next(rows)
            if len(first) != 1 or not first[0].isdigit():
                raise ValueError(
                    f"{path}, line 1: expected the number of images, got "
                    f"{' '.join(first)[:80]!r}."
                )
            count = int(first[0])
        _, header = next(rows)
    except StopIteration:
        raise ValueError(f"{path} ends before its header.") from None
    names = header[1:] if csv else header
    missing = [name for name in CELEBA_HAIR_CLASSES if name not in names]
    if missing:
        raise ValueError(
            f"{path} is not a CelebA attribute list: its header lacks "
            f"{', '.join(missing)}."
        )
    columns = [1 + names.index(name) for name in CELEBA_HAIR_CLASSES]
    files, values = [], []
    for number, fields in rows:
        if len(fields) != 1 + len(names):
            raise ValueError(
                f"{path}, line {number}: expected a file name and "
                f"{len(names)} values, got {len(fields)} fields."
            )
        hair = [fields[column] for column in columns]
        if any(value not in ("1", "-1") for value in hair):
            raise ValueError(
                f"{path}, line {number}: hair attributes must be 1 or -1, got {hair}."
            )
        files.append(fields[0])
        values.append([value == "1" for value in hair])
    if count is not None and count != len(files):
        raise ValueError(
            f"{path} declares {count} images on its first line but lists "
            f"{len(files)}; the file may be truncated."
        )
    return files, np.asarray(values, dtype=bool).reshape(-1, len(CELEBA_HAIR_CLASSES))


def _read_partition(path):
    """The official split of each image: 0 train, 1 validation, 2 test."""
    rows = _table_rows(path)
    partition = {}
    for number, fields in rows:
        if number == 1 and fields[-1] == "partition":  # the CSV header
            continue
        if len(fields) != 2 or fields[1] not in ("0", "1", "2"):
            raise ValueError(
                f"{path}, line {number}: expected a file name and 0, 1 or 2, "
                f"got {' '.join(fields)[:80]!r}."
            )
        partition[fields[0]] = int(fields[1])
    return partition


def _celeba_selection(folder, source, files, hair, subset):
    """The images of exactly one hair class (in ``subset``), and their codes."""
    single = hair.sum(axis=1) == 1
    if subset != "all":
        path = _find(folder, _CELEBA_PARTITIONS, "file")
        if path is None:
            raise FileNotFoundError(
                f"subset={subset!r} needs the official split, "
                f"list_eval_partition.txt, which is not in {folder} (from "
                f"{source}). Put it there, or pass subset='all'. "
                f"{_CELEBA_HOW_TO_GET}"
            )
        partition = _read_partition(path)
        unknown = [name for name in files if name not in partition]
        if unknown:
            raise ValueError(
                f"{path} does not list {len(unknown)} of the images of the "
                f"attribute list: {name_files(unknown, limit=10)}."
            )
        wanted = _CELEBA_SUBSETS[subset]
        single &= np.array([partition[name] == wanted for name in files], dtype=bool)
    index = np.flatnonzero(single)
    return [files[i] for i in index], np.argmax(hair[index], axis=1).astype(np.int64)


_CELEBA_DOCS = doc.reader_docs(
    (3, "height", "width"),
    target="The hair colour of each image: 0 black, 1 brown, 2 blond, 3 grey, 4 bald.",
    n_classes="5",
)


@Substitution(**_CELEBA_DOCS)
def load_celeba(
    data_home=None,
    *,
    subset="all",
    image_size=32,
    crop_to_aspect_ratio=False,
    on_error="raise",
    return_X_y=False,
    verbose=0,
):
    """Load CelebA's aligned faces in the DeepSMOTE paper's five hair classes.

    The classes are the CelebA attributes ``Black_Hair``, ``Brown_Hair``,
    ``Blond_Hair``, ``Gray_Hair`` and ``Bald``, numbered 0 to 4 in this
    order, as in the paper (and in
    ``LONG_TAIL_PRESETS["celeba"]``). An image with none of these
    attributes, or with several, has no single class and is left out. The
    images (178x218 JPEG files) are resized to ``image_size``, 32x32 as in
    the paper by default, and decoded one at a time into one array.
    Pillow is needed: ``pip install imblearn-deepsmote[images]``.

    The folder ``data_home``, else the folder named by the environment
    variable ``IMBLEARN_DEEPSMOTE_CELEBA``, must hold the attribute list
    ``list_attr_celeba.txt`` and the folder ``img_align_celeba`` of the
    images ``000001.jpg``, ... (as the official archive unpacks, also found
    under ``Anno/`` and ``Img/``; Kaggle's ``list_attr_celeba.csv`` and its
    doubled ``img_align_celeba/img_align_celeba`` folder are read too). A
    ``subset`` other than "all" needs ``list_eval_partition.txt`` (or
    ``Eval/list_eval_partition.txt``, or the ``.csv``). Nothing is
    downloaded.

    Parameters
    ----------
    data_home : str or path-like, default=None
        Folder holding the attribute list and the image folder. None uses
        the environment variable.

    subset : {{"all", "train", "valid", "test"}}, default="all"
        All images, or one part of CelebA's official split (162,770
        training, 19,867 validation and 19,962 test images before the
        selection of the hair classes).

    image_size : int or (int, int) or None, default=32
        The (height, width) of the images returned, an int for a square.
        None keeps the 218x178 of the files (about 116 KB per image).

    {reading}

    {returns}

    Raises
    ------
    FileNotFoundError
        If no folder is given, or the folder, the attribute list, the image
        folder, the partition list (for a subset) or an image it lists is
        missing.

    ValueError
        If a list is not in CelebA's format, or images cannot be read and
        ``on_error`` is "raise".

    ImportError
        If Pillow is not installed.

    Examples
    --------
    >>> from imblearn_deepsmote.datasets import load_celeba
    >>> celeba = load_celeba("~/data/celeba")  # doctest: +SKIP
    >>> celeba.data.shape[1:], list(celeba.target_names)  # doctest: +SKIP
    ((3, 32, 32), ['Black_Hair', 'Brown_Hair', 'Blond_Hair', 'Gray_Hair', 'Bald'])
    """
    if subset not in _CELEBA_SUBSETS:
        raise ValueError(
            f"subset must be one of {tuple(_CELEBA_SUBSETS)}; got {subset!r}."
        )
    check_choice("on_error", on_error, ON_ERROR)
    size = check_image_size(image_size)
    folder, source = _resolve_home(data_home, CELEBA_ENV, None, _CELEBA_HOW_TO_GET)
    attributes = _find(folder, _CELEBA_ATTRIBUTES, "file")
    images_folder = _find(folder, _CELEBA_IMAGES, "dir")
    if attributes is None or images_folder is None:
        missing = [
            what
            for what, found in (
                ("list_attr_celeba.txt", attributes),
                ("the folder img_align_celeba", images_folder),
            )
            if found is None
        ]
        raise FileNotFoundError(
            f"Missing in {folder} (from {source}): {' and '.join(missing)}. "
            f"{_CELEBA_HOW_TO_GET}"
        )
    files, hair = _read_hair_attributes(attributes)
    names, target = _celeba_selection(folder, source, files, hair, subset)
    paths = [images_folder / name for name in names]
    absent = [path for path in paths if not path.is_file()]
    if absent and on_error == "raise":  # with "skip", read_images skips them
        raise FileNotFoundError(
            f"{len(absent)} of the {len(paths)} images that {attributes.name} "
            f"lists in the hair classes are not in {images_folder}: "
            f"{name_files(absent, limit=10)}. Unpack all of img_align_celeba.zip "
            "there."
        )
    if verbose:
        print(f"Reading {len(paths)} CelebA images of the five hair classes.")
    data, kept = read_images(
        paths,
        image_size=size,
        color_mode="rgb",
        crop=crop_to_aspect_ratio,
        on_error=on_error,
        verbose=verbose,
        what="CelebA images",
        caller="load_celeba",
    )
    height, width = data.shape[2:]
    descr = (
        f"CelebA ({subset}): {len(data)} aligned face images resized to "
        f"{height}x{width}, in five hair classes (black, brown, blond, grey, "
        "bald); images with none or several of these attributes left out."
    )
    return _image_bunch(
        data,
        target[kept],
        CELEBA_HAIR_CLASSES,
        folder,
        descr,
        return_X_y,
        filenames=np.asarray([str(paths[i]) for i in kept]),
    )
