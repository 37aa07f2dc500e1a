"""Loader of CelebA's aligned faces, in the DeepSMOTE paper's hair classes.

Like the other loaders, it reads files that the user already has, found in
``data_home`` or in the folder an environment variable names; nothing is
downloaded. The images are read as :func:`load_image_folder` reads its
files.
"""

import os
from numbers import Integral

import numpy as np
from sklearn.utils._param_validation import Interval, StrOptions, validate_params

from ._base import check_image_size, image_bunch, name_files, resolve_home
from ._image_folder import ON_ERROR, read_images

CELEBA_ENV = "IMBLEARN_DEEPSMOTE_CELEBA"

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

_CELEBA_HOW_TO_GET = (
    "Get the aligned and cropped images (img_align_celeba.zip) and "
    "list_attr_celeba.txt from https://mmlab.ie.cuhk.edu.hk/projects/"
    "CelebA.html, unzip the images into a folder img_align_celeba next to "
    "list_attr_celeba.txt (and list_eval_partition.txt for the official "
    "split), and pass that folder as data_home or in "
    f"${CELEBA_ENV}."
)


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


@validate_params(
    {
        "data_home": [None, str, os.PathLike],
        "subset": [StrOptions(set(_CELEBA_SUBSETS))],
        "image_size": [None, Interval(Integral, 1, None, closed="left"), "array-like"],
        "crop_to_aspect_ratio": ["boolean"],
        "on_error": [StrOptions(set(ON_ERROR))],
        "return_X_y": ["boolean"],
        "verbose": ["verbose"],
    },
    prefer_skip_nested_validation=True,
)
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

    subset : {"all", "train", "valid", "test"}, default="all"
        All images, or one part of CelebA's official split (162,770
        training, 19,867 validation and 19,962 test images before the
        selection of the hair classes).

    image_size : int or (int, int) or None, default=32
        The (height, width) of the images returned, an int for a square.
        None keeps the 218x178 of the files (about 116 KB per image).

    crop_to_aspect_ratio : bool, default=False
        When resizing, first crop each image to the largest centred region
        with the aspect ratio of ``image_size``, instead of stretching it.

    on_error : {"raise", "skip"}, default="raise"
        What to do with images that cannot be read, as in
        :func:`load_image_folder`: raise an error that names them all, or
        leave them out with a warning that names them.

    return_X_y : bool, default=False
        If True, return ``(data, target)`` instead of a Bunch.

    verbose : int, default=0
        If > 0, show progress bars while reading.

    Returns
    -------
    data : :class:`~sklearn.utils.Bunch`
        The attributes that :func:`load_image_folder` returns, for the five
        hair classes: ``data`` of shape (n_samples, 3, height, width),
        ``target`` the hair colour of each image (0 black, 1 brown, 2 blond,
        3 grey, 4 bald), ``target_names`` the five attributes, ``images``
        of shape (n_samples, height, width, 3), ``data_home``,
        ``filenames``, ``DESCR``.

    (data, target) : tuple if ``return_X_y`` is True
        ``data`` and ``target`` alone.

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
    size = check_image_size(image_size)
    folder, source = resolve_home(data_home, CELEBA_ENV, None, _CELEBA_HOW_TO_GET)
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
    return image_bunch(
        data,
        target[kept],
        CELEBA_HAIR_CLASSES,
        folder,
        descr,
        return_X_y,
        filenames=np.asarray([str(paths[i]) for i in kept]),
    )
