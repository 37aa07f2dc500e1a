"""Images written as files in one subfolder per class.

:func:`check_save` checks everything that writing needs (the images, their
values, the class folder names, the folder) and writes nothing;
:func:`save_image_folder` runs it, then writes. The command line runs it
before training, so that output it cannot write is refused before the
work, and :func:`to_pixels` turns the resampled images into the pixels that
are written.
"""

import os
import warnings
from typing import NamedTuple

import numpy as np

from .._errors import ParameterError
from ._folder_layout import list_class_files
from ._messages import name_files, plural
from ._paths import check_output_folder
from ._pillow import require_pillow

# Formats that save_image_folder writes: name -> (Pillow format, ending,
# options). WebP is written lossless, so that it round-trips like PNG.
_SAVE_FORMATS = {
    "png": ("PNG", ".png", {}),
    "bmp": ("BMP", ".bmp", {}),
    "tiff": ("TIFF", ".tif", {}),
    "webp": ("WEBP", ".webp", {"lossless": True}),
    "jpeg": ("JPEG", ".jpg", {"quality": 95}),
}
_FORMAT_ALIASES = {"jpg": "jpeg", "tif": "tiff"}

# Rows converted at a time from other dtypes to uint8 pixels.
_CHUNK = 1024


def _image_array(X):
    """X as an (n, channels, height, width) array with 1 or 3 channels."""
    X = np.asarray(X)
    if X.ndim == 3:
        X = X[:, np.newaxis]
    elif X.ndim != 4 or X.shape[1] not in (1, 3):
        if X.ndim == 4 and X.shape[3] in (1, 3):
            hint = (
                " It looks channels-last: pass X.transpose(0, 3, 1, 2) for "
                "channels first."
            )
        elif X.ndim == 2:
            hint = (
                " For flattened images, pass them reshaped, e.g. "
                "X.reshape(-1, 8, 8) for 8x8 greyscale images."
            )
        else:
            hint = ""
        raise ValueError(
            "X must hold images of shape (n_samples, height, width) or "
            "(n_samples, channels, height, width) with 1 or 3 channels; got "
            f"shape {X.shape}.{hint}"
        )
    if X.dtype == bool or not (
        np.issubdtype(X.dtype, np.integer) or np.issubdtype(X.dtype, np.floating)
    ):
        raise TypeError(
            f"X must hold pixel values (integers from 0 to 255, or floats from "
            f"0 to 1 or from 0 to 255); got dtype {X.dtype}. Convert it first, "
            "e.g. X.astype(np.uint8) * 255 for a boolean mask."
        )
    return X


def _pixel_scale(X):
    """What the values of X are multiplied by to give pixels: 1 or 255.

    Integers must lie in [0, 255] and are taken as they are. Floats in
    [0, 1] are scaled by 255; other floats must lie in [0, 255]. Raises a
    ValueError for any other values, NaN included.
    """
    if X.dtype == np.uint8 or X.size == 0:
        return 1
    low, high = np.min(X), np.max(X)
    if np.issubdtype(X.dtype, np.floating):
        if np.isnan(low) or np.isnan(high):
            raise ValueError(
                f"X (dtype {X.dtype}) holds NaN values, which no image file "
                "stores. Remove or replace them first."
            )
        if 0 <= low and high <= 1:
            return 255
        ranges = "from 0 to 255, or from 0 to 1"
    else:
        ranges = "from 0 to 255"
    if not (0 <= low and high <= 255):
        raise ValueError(
            f"X (dtype {X.dtype}) holds values from {low} to {high}, but image "
            f"files store pixel values {ranges}. Scale the images to one of "
            "these ranges first, e.g. (X - X.min()) / (X.max() - X.min()) for "
            "values from 0 to 1."
        )
    return 1


def to_pixels(X):
    """Images as the uint8 pixels an image file stores.

    Parameters
    ----------
    X : array-like of shape (n_samples, height, width) or \
(n_samples, channels, height, width)
        Channels first, with 1 or 3 channels. uint8 is taken as it is;
        other integers must lie in [0, 255]; floats are rounded to whole
        numbers after being scaled by 255 if they all lie in [0, 1], and
        must otherwise lie in [0, 255].

    Returns
    -------
    pixels : ndarray of shape (n_samples, channels, height, width), dtype uint8
    """
    X = _image_array(X)
    return _as_pixels(X, _pixel_scale(X))


def _as_pixels(X, scale):
    """(n, channels, height, width) images as uint8, multiplied by ``scale``."""
    if X.dtype == np.uint8:
        return X
    pixels = np.empty(X.shape, dtype=np.uint8)
    for start in range(0, len(X), _CHUNK):
        chunk = np.asarray(X[start : start + _CHUNK], dtype=np.float64)
        pixels[start : start + _CHUNK] = np.rint(chunk * scale)
    return pixels


def _check_generated(generated, n_samples):
    """A boolean mask of the generated rows, or None."""
    if generated is None:
        return None
    if np.ndim(generated) == 0:
        if isinstance(generated, bool | np.bool_) or not isinstance(
            generated, int | np.integer
        ):
            raise TypeError(
                "generated must be None, an int (the first generated row) or "
                f"a boolean mask; got {generated!r}."
            )
        if not 0 <= generated <= n_samples:
            raise ValueError(
                f"generated={generated} is not a row of X: the first generated "
                f"row must be from 0 to {n_samples}."
            )
        return np.arange(n_samples) >= generated
    mask = np.asarray(generated)
    if mask.dtype != bool or mask.shape != (n_samples,):
        raise ValueError(
            "generated must be None, an int (the first generated row, e.g. "
            "len(X) before fit_resample) or a boolean mask of shape "
            f"({n_samples},); got an array of shape {mask.shape} and dtype "
            f"{mask.dtype}."
        )
    return mask


_NAMES_HINT = "[...], the folder name of each class, with y holding their positions"


def _check_folder_name(name, what):
    bad = (
        not name
        or name in (".", "..")
        or name.startswith(".")
        or any(sep and sep in name for sep in ("/", "\\", os.sep, os.altsep, "\0"))
    )
    if bad:
        raise ParameterError(
            f"{what} {name!r}, which cannot name a class folder: it is empty, "
            "starts with a dot, or holds a path separator.",
            parameter="target_names",
            hint="[...] of plain names, e.g. [name.replace('/', '-') for name in "
            "names]",
        )


def _class_folders(y, target_names):
    """The folder name of each class, and each row's class."""
    if target_names is not None:
        names = [str(name) for name in target_names]
        codes = np.asarray(y)
        if not np.issubdtype(codes.dtype, np.integer) or (
            codes.size and (codes.min() < 0 or codes.max() >= len(names))
        ):
            raise ValueError(
                f"With target_names, y must hold class codes from 0 to "
                f"{len(names) - 1} (positions in target_names); got {codes.dtype} "
                "values"
                + (f" from {codes.min()} to {codes.max()}." if codes.size else ".")
            )
        for name in names:
            _check_folder_name(name, "target_names holds")
        if len(set(names)) < len(names):
            raise ValueError(f"target_names holds a name twice: {names}.")
        return names, codes
    labels, codes = np.unique(y, return_inverse=True)
    if np.issubdtype(labels.dtype, np.integer):
        if labels.size and labels[0] < 0:
            raise ParameterError(
                f"y holds negative labels ({labels[0]}), but integer labels name "
                "class folders only from 0 up.",
                parameter="target_names",
                hint=_NAMES_HINT,
            )
        # Zero-padded, so that sorting the folder names sorts the numbers.
        width = len(str(labels[-1])) if labels.size else 1
        names = [f"{label:0{width}d}" for label in labels]
    else:
        names = [str(label) for label in labels]
    for name in names:
        _check_folder_name(name, "y holds the label")
    if len(set(names)) < len(names):
        raise ParameterError(
            f"The labels of y give the same folder name twice: {names}.",
            parameter="target_names",
            hint=_NAMES_HINT,
        )
    return names, codes.reshape(-1)


def save_image_folder(
    X,
    y,
    path,
    *,
    target_names=None,
    generated=None,
    overwrite=False,
    format="png",
):
    """Write images as files in one subfolder per class.

    The layout is the one :func:`load_image_folder` reads::

        path/
            cat/
                original_000000.png
                generated_000007.png
            dog/
                original_000001.png

    Each image is one file, named after its row in ``X`` (zero-padded to at
    least six digits, so that names sort in row order) and prefixed with
    ``original_`` or ``generated_`` when ``generated`` says which rows are
    which, else with ``image_``. The folder and missing parents are
    created. PNG files read back with :func:`load_image_folder` give the
    same pixels; JPEG is lossy.

    Parameters
    ----------
    X : array-like of shape (n_samples, height, width) or \
(n_samples, channels, height, width)
        The images, channels first, with 1 or 3 channels, as pixel values:

        - uint8, or integers of any dtype from 0 to 255, written as they
          are;
        - floats from 0 to 1 (if every value of ``X`` lies in [0, 1]),
          multiplied by 255 and rounded;
        - other floats from 0 to 255, rounded, as
          :class:`~imblearn_deepsmote.DeepSMOTE` returns for such input
          (its synthetic samples lie within the range of the training
          images, so the originals and the synthetic images of one
          ``fit_resample`` are written alike).

        Other values (negative, above 255, NaN) are refused, not rescaled.

    y : array-like of shape (n_samples,)
        The class of each image.

    path : str or path-like
        The folder to write into.

    target_names : sequence of str, default=None
        The folder name of each class code: ``y`` then holds codes 0 to
        ``len(target_names) - 1``. None names the folders after the labels
        in ``y``; integer labels are zero-padded to the same width, so that
        the folders sort in the order of the numbers. To read the images
        back with the same codes, pass ``classes=target_names`` to
        :func:`load_image_folder`.

    generated : int or array-like of bool, default=None
        Which rows are generated: the first generated row (for the output
        of ``fit_resample``, which appends the new samples to the
        original ones, pass the number of original samples), or a boolean
        mask of shape (n_samples,). None prefixes every file with
        ``image_``.

    overwrite : bool, default=False
        Whether to write into a folder that is not empty, replacing files
        of the same names. Without it, a non-empty folder is refused and no
        file is ever replaced.

    format : {"png", "jpeg", "bmp", "tiff", "webp"}, default="png"
        The file format (``"jpg"`` and ``"tif"`` are accepted too). PNG,
        BMP, TIFF and WebP (written lossless) keep the pixels exactly; JPEG
        (quality 95) does not.

    Returns
    -------
    filenames : list of str
        The file written for each row of ``X``, in row order.

    Raises
    ------
    FileExistsError
        If ``path`` is not empty and ``overwrite`` is False, or a file to
        write exists already.

    NotADirectoryError, PermissionError, OSError
        If ``path`` (or a folder above it) is a file, or the folder cannot
        be made or written into, or its name is too long for the file
        system. Every check is made before the first file is written.

    ValueError, TypeError
        If ``X`` does not hold images of 1 or 3 channels with values as
        above, ``y`` or ``generated`` does not match it, or a class name
        cannot name a folder.

    ImportError
        If Pillow is not installed.

    Warns
    -----
    UserWarning
        With ``overwrite=True``, if the class folders hold image files that
        this call did not write: :func:`load_image_folder` would read them
        too.

    See Also
    --------
    load_image_folder : Read the images back.

    Examples
    --------
    >>> import os
    >>> import tempfile
    >>> import numpy as np
    >>> from imblearn_deepsmote.datasets import save_image_folder
    >>> X = np.zeros((3, 1, 8, 8), dtype=np.uint8)
    >>> y = np.array([0, 1, 1])
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     files = save_image_folder(
    ...         X, y, folder, target_names=["ant", "bee"], generated=2
    ...     )
    ...     print([os.path.relpath(file, folder) for file in files])
    ['ant/original_000000.png', 'bee/original_000001.png', 'bee/generated_000002.png']
    """
    plan = check_save(
        X,
        y,
        path,
        target_names=target_names,
        generated=generated,
        overwrite=overwrite,
        format=format,
    )
    Image = require_pillow("save_image_folder")
    pil_format, ending, options = plan.format
    n_images = len(plan.images)
    width = max(6, len(str(n_images - 1)))
    mode = "wb" if overwrite else "xb"
    written = []
    for row in range(n_images):
        if plan.generated is None:
            prefix = "image"
        else:
            prefix = "generated" if plan.generated[row] else "original"
        class_folder = plan.folder / plan.names[plan.codes[row]]
        class_folder.mkdir(parents=True, exist_ok=True)
        file = class_folder / f"{prefix}_{row:0{width}d}{ending}"
        image = _as_pixels(plan.images[row : row + 1], plan.scale)[0]
        pixels = image[0] if image.shape[0] == 1 else image.transpose(1, 2, 0)
        # 2-D uint8 arrays become "L" images, (h, w, 3) ones "RGB" images.
        picture = Image.fromarray(np.ascontiguousarray(pixels))
        try:
            with open(file, mode) as fh:
                picture.save(fh, format=pil_format, **options)
        except FileExistsError:
            raise FileExistsError(
                f"{file} exists already; pass overwrite=True to replace it."
            ) from None
        written.append(str(file))
    if overwrite:
        _warn_other_images(plan.folder, plan.names, written)
    return written


class SavePlan(NamedTuple):
    """What :func:`check_save` found: everything that writing needs."""

    images: np.ndarray
    scale: int
    generated: np.ndarray | None
    names: list
    codes: np.ndarray
    folder: object
    format: tuple


def check_save(
    X, y, path, *, target_names=None, generated=None, overwrite=False, format="png"
):
    """Check the arguments of :func:`save_image_folder`, and write nothing.

    Takes the arguments of :func:`save_image_folder` and raises what it
    would raise before writing a file: Pillow, the images, their values,
    the labels, the class folder names and the folder (see
    :func:`~imblearn_deepsmote.datasets._paths.check_output_folder`) are
    checked.

    Returns
    -------
    plan : SavePlan
        The images as an (n, channels, height, width) array (not yet
        converted to pixels), what their values are multiplied by to give
        pixels (1 or 255), the mask of generated rows or None, the
        class folder names, the class code of each row, the folder, and
        the (Pillow format, file ending, options) to save with.
    """
    require_pillow("save_image_folder")
    key = str(format).lower()
    key = _FORMAT_ALIASES.get(key, key)
    if key not in _SAVE_FORMATS:
        raise ValueError(
            f"format must be one of {tuple(_SAVE_FORMATS)}; got {format!r}."
        )
    images = _image_array(X)
    scale = _pixel_scale(images)
    y = np.asarray(y)
    if y.ndim != 1 or len(y) != len(images):
        raise ValueError(
            f"y must have shape ({len(images)},), one label per image of X; got "
            f"shape {y.shape}."
        )
    mask = _check_generated(generated, len(images))
    names, codes = _class_folders(y, target_names)
    folder = check_output_folder(path, overwrite=overwrite)
    return SavePlan(images, scale, mask, names, codes, folder, _SAVE_FORMATS[key])


def _warn_other_images(folder, names, written):
    written = set(written)
    others = []
    for name in names:
        images, _, _ = list_class_files(folder / name)
        others.extend(
            path
            for path in (str(folder / name / relative) for relative in images)
            if path not in written
        )
    if others:
        warnings.warn(
            f"{plural(len(others), 'image file')} in {folder} "
            f"{'was' if len(others) == 1 else 'were'} not written by this call: "
            f"{name_files(others)}. load_image_folder will read them too; "
            "delete them if they are left from an earlier run.",
            UserWarning,
            stacklevel=3,
        )
