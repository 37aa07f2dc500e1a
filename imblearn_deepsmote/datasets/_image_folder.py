"""Image folders: one subfolder of image files per class, read and written.

:func:`load_image_folder` reads the layout of torchvision's ``ImageFolder``
into one array; :func:`save_image_folder` writes images in it. Which
entries are class folders and images is decided here, once, for both.
Image files are read and written with Pillow, an optional dependency
(``pip install imblearn-deepsmote[images]``), imported only when a function
here is called.

Reading takes two passes over the files. The first opens each file and reads
its header only (size, mode, orientation), which Pillow does without
decoding the pixels: it finds the files that are not images, the sizes, and
whether every image is greyscale. The second decodes the images one at a
time into a single uint8 array allocated once, so that memory holds the
result and one decoded image, never a list of all of them.

One rule for links, at every level: a link to a folder is followed like a
folder, both for a class folder and for a folder inside one. A folder is
read once per class: a link that leads back to a folder already read (a
loop, or a second way to the same folder) is skipped, and so is a folder
that cannot be listed, with a warning that names them.
"""

import errno
import os
import tempfile
import warnings
from numbers import Integral
from pathlib import Path

import numpy as np
from sklearn.utils._param_validation import Interval, StrOptions, validate_params
from tqdm.auto import tqdm

from .._layout import check_image_shape
from .._validation import ParameterError
from ._base import (
    check_image_size,
    image_bunch,
    kind_of_path,
    name_files,
    plural,
    shown,
    unusable,
)

# --- Image files, read with Pillow ----------------------------------------------------

# Raster formats that Pillow opens, by file ending. Endings that Pillow
# registers for formats it only identifies (HDF5, GRIB, BUFR, FITS), for
# vector formats (EPS, WMF) or for video (MPEG) are left out, so that a
# model file or a document in a class folder is not taken for a broken image.
IMAGE_EXTENSIONS = frozenset(
    {
        ".apng", ".avif", ".blp", ".bmp", ".bw", ".cur", ".dcx", ".dds",
        ".dib", ".gif", ".icns", ".ico", ".im", ".j2c", ".j2k", ".jfif",
        ".jp2", ".jpc", ".jpe", ".jpeg", ".jpf", ".jpg", ".jpx", ".pbm",
        ".pcx", ".pfm", ".pgm", ".png", ".pnm", ".ppm", ".psd", ".qoi",
        ".ras", ".rgb", ".rgba", ".sgi", ".tga", ".tif", ".tiff", ".webp",
        ".xbm", ".xpm",
    }
)  # fmt: skip

COLOR_MODES = ("auto", "grayscale", "rgb")
ON_ERROR = ("raise", "skip")

# Pillow modes that hold one grey value per pixel (with or without alpha).
_GREY_MODES = frozenset(
    {"1", "L", "LA", "La", "I", "I;16", "I;16L", "I;16B", "I;16N", "F"}
)
# Integer greyscale modes wider than 8 bits: scaled from 0-65535 to 0-255.
_WIDE_MODES = frozenset({"I", "I;16", "I;16L", "I;16B", "I;16N"})
_ALPHA_MODES = frozenset({"RGBA", "RGBa", "LA", "La", "PA"})

_EXIF_ORIENTATION = 0x0112
# EXIF orientation -> the Pillow transpose that shows the image upright.
_TRANSPOSE_NAMES = {
    2: "FLIP_LEFT_RIGHT",
    3: "ROTATE_180",
    4: "FLIP_TOP_BOTTOM",
    5: "TRANSPOSE",
    6: "ROTATE_270",
    7: "TRANSVERSE",
    8: "ROTATE_90",
}

# Errors Pillow raises on files it cannot identify, parse or decode.
_DECODE_ERRORS = (OSError, ValueError, SyntaxError, EOFError, IndexError)


def require_pillow(caller):
    """Import and return ``PIL.Image``, or say how to install Pillow."""
    try:
        from PIL import Image
    except ImportError as exc:
        raise ImportError(
            f"{caller} needs the optional package Pillow to read and write "
            "image files: pip install imblearn-deepsmote[images] "
            "(or pip install Pillow)."
        ) from exc
    return Image


def is_image_file(name):
    """Whether a file name ends in the extension of an image format."""
    return os.path.splitext(name)[1].lower() in IMAGE_EXTENSIONS


def _orientation(image):
    """The EXIF orientation stored in the file's header, 1 if none.

    Only the EXIF block that Pillow reads with the header counts (JPEG and
    WebP files, PNG files that store it before the pixels), so that both
    passes see the same orientation without decoding anything.
    """
    raw = image.info.get("exif")
    if not isinstance(raw, bytes):
        return 1
    exif = type(image.getexif())()
    try:
        exif.load(raw)
        value = int(exif.get(_EXIF_ORIENTATION, 1))
    except Exception:  # a damaged EXIF block is not a damaged image
        return 1
    return value if value in _TRANSPOSE_NAMES else 1


def _is_grey(image):
    if image.mode in _GREY_MODES:
        return True
    if image.mode in ("P", "PA"):
        # Reading the palette decodes the image: palette images only.
        palette = image.getpalette("RGB")
        if palette:
            rgb = np.asarray(palette, dtype=np.uint8).reshape(-1, 3)
            return bool(np.all(rgb == rgb[:, :1]))
    return False


def read_header(Image, path):
    """Open ``path`` and return ((height, width), is_grey, orientation).

    The size is that of the upright image, after the EXIF orientation.
    """
    with Image.open(path) as image:
        width, height = image.size
        orientation = _orientation(image)
        grey = _is_grey(image)
    if orientation >= 5:  # rotated by a quarter turn: width and height swap
        width, height = height, width
    return (height, width), grey, orientation


def _eight_bit(Image, image):
    """Greyscale images of more than 8 bits as mode "L"."""
    if image.mode in _WIDE_MODES:
        wide = np.clip(np.asarray(image), 0, 65535).astype(np.uint32)
        return Image.fromarray(((wide + 128) // 257).astype(np.uint8))
    if image.mode == "F":
        values = np.nan_to_num(np.asarray(image), nan=0.0)
        return Image.fromarray(np.clip(np.rint(values), 0, 255).astype(np.uint8))
    return image


def _convert(Image, image, channels):
    """Convert a decoded image to "L" (one channel) or "RGB" (three).

    Transparent pixels are composited onto black: each value is multiplied
    by its alpha / 255.
    """
    image = _eight_bit(Image, image)
    mode = "L" if channels == 1 else "RGB"
    if image.mode in _ALPHA_MODES or "transparency" in image.info:
        values = np.asarray(image.convert(mode + "A"), dtype=np.uint16)
        composited = (values[..., :-1] * values[..., -1:] + 127) // 255
        pixels = composited.astype(np.uint8)
        return Image.fromarray(pixels[..., 0] if channels == 1 else pixels)
    return image if image.mode == mode else image.convert(mode)


def _crop_box(size, target):
    """The centred box of ``size`` (w, h) with the aspect ratio of ``target``."""
    width, height = size
    target_width, target_height = target
    crop_width = min(width, height * target_width / target_height)
    crop_height = min(height, width * target_height / target_width)
    left = (width - crop_width) / 2
    top = (height - crop_height) / 2
    return (left, top, left + crop_width, top + crop_height)


def decode_image(Image, path, orientation, channels, size, crop):
    """Decode one image as a (channels, height, width) uint8 array.

    ``size`` (height, width) is the size to return; the image is resized to
    it (after a centred crop to its aspect ratio if ``crop``) unless it
    already has it.
    """
    height, width = size
    with Image.open(path) as image:
        if image.format == "JPEG":
            # Let the JPEG decoder shrink large images by 2, 4 or 8 while
            # decoding, to at least twice the size asked for (in the file's
            # own orientation), which the resampling below then reduces.
            asked = (2 * width, 2 * height)
            image.draft(image.mode, asked[::-1] if orientation >= 5 else asked)
        image.load()
        if orientation != 1:
            method = getattr(Image.Transpose, _TRANSPOSE_NAMES[orientation])
            image = image.transpose(method)
        image = _convert(Image, image, channels)
        if image.size != (width, height):
            box = _crop_box(image.size, (width, height)) if crop else None
            image = image.resize((width, height), Image.Resampling.BICUBIC, box=box)
        pixels = np.asarray(image)
    return pixels[np.newaxis] if channels == 1 else pixels.transpose(2, 0, 1)


def _bad_files_error(bad, what, n_files, on_error):
    _, paths, reasons = zip(*sorted(bad), strict=True)
    if len(bad) == n_files:
        head = f"None of the {n_files} {what} could be read as images"
    else:
        head = f"{len(bad)} of the {n_files} {what} could not be read as images"
    problem = f"{head}: {name_files(paths, reasons)}."
    if on_error != "raise":
        return ValueError(problem)
    return ParameterError(
        f"{problem} Fix or remove them, or leave them out with a warning.",
        parameter="on_error",
        value="skip",
    )


def _warn_skipped(bad, what, n_files):
    _, paths, reasons = zip(*sorted(bad), strict=True)
    warnings.warn(
        f"Skipped {len(bad)} of the {n_files} {what}, which could not be read as "
        f"images: {name_files(paths, reasons)}.",
        UserWarning,
        # Here, read_images, the loader, validate_params' wrapper: the caller.
        stacklevel=5,
    )


def _reason(exc, path):
    """The first line of an error's message, without the file's name."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    for name in (repr(os.fspath(path)), os.fspath(path)):
        text = text.replace(name, "")
    return " ".join(text.split()).rstrip(":") or type(exc).__name__


def _common_size(paths, sizes):
    """The one size all images have, or an error that lists the sizes."""
    found = {}
    for path, size in zip(paths, sizes, strict=True):
        found.setdefault(size, []).append(path)
    if len(found) == 1:
        return next(iter(found))
    by_count = sorted(found.items(), key=lambda item: (-len(item[1]), item[0]))
    listed = "; ".join(
        f"{h}x{w}: {plural(len(files), 'image')}, e.g. {os.fspath(files[0])}"
        for (h, w), files in by_count[:10]
    )
    if len(by_count) > 10:
        listed += f"; and {len(by_count) - 10} more sizes"
    (h, w), _ = by_count[0]
    raise ParameterError(
        f"The images have {len(found)} different sizes (height x width): "
        f"{listed}. To read them, every image must be resized to one size.",
        parameter="image_size",
        value=(h, w),
    )


def read_images(
    paths,
    *,
    image_size,
    color_mode,
    crop,
    on_error,
    verbose,
    what="files",
    caller="load_image_folder",
):
    """Read image files into one (n, channels, height, width) uint8 array.

    Parameters
    ----------
    paths : list of path-like
        The files, in the order of the rows to return.

    image_size : (height, width) or None
        The size to resize every image to; None requires that all images
        have the same size.

    color_mode : {"auto", "grayscale", "rgb"}
        One or three channels; "auto" gives one if every image is greyscale.

    crop : bool
        Crop each image to the aspect ratio of ``image_size`` (centred)
        before resizing, instead of stretching it.

    on_error : {"raise", "skip"}
        What to do with files that cannot be read as images: raise a
        ``ValueError`` that names all of them, or leave them out with a
        warning that names them.

    verbose : int
        Show progress bars if > 0.

    what : str
        What the files are, for messages ("files", "CelebA images").

    caller : str
        The public function, for the message when Pillow is missing.

    Returns
    -------
    images : ndarray of shape (n_read, channels, height, width), dtype uint8

    kept : ndarray of shape (n_read,), dtype int64
        The position in ``paths`` of each row of ``images``.
    """
    Image = require_pillow(caller)
    n_files = len(paths)
    if n_files == 0:
        raise ValueError(f"There are no {what} to read.")
    bad = []
    headers = []
    for path in tqdm(
        paths, desc="Reading image headers", unit="file", disable=not verbose
    ):
        try:
            headers.append(read_header(Image, path))
        except _DECODE_ERRORS as exc:
            bad.append((len(headers), path, _reason(exc, path)))
            headers.append(None)
    readable = [i for i, header in enumerate(headers) if header is not None]
    if not readable:
        raise _bad_files_error(bad, what, n_files, on_error)
    if color_mode == "auto":
        channels = 1 if all(headers[i][1] for i in readable) else 3
    else:
        channels = 1 if color_mode == "grayscale" else 3
    if image_size is None:
        try:
            size = _common_size(
                [paths[i] for i in readable], [headers[i][0] for i in readable]
            )
        except ValueError:
            if bad and on_error == "raise":  # the broken files come first
                raise _bad_files_error(bad, what, n_files, on_error) from None
            raise
    else:
        size = image_size
    images = np.empty((len(readable), channels, *size), dtype=np.uint8)
    kept = np.empty(len(readable), dtype=np.int64)
    n_read = 0
    for i in tqdm(readable, desc="Decoding images", unit="image", disable=not verbose):
        try:
            images[n_read] = decode_image(
                Image, paths[i], headers[i][2], channels, size, crop
            )
        except _DECODE_ERRORS as exc:
            bad.append((i, paths[i], _reason(exc, paths[i])))
            continue
        kept[n_read] = i
        n_read += 1
    if bad:
        if on_error == "raise" or n_read == 0:
            raise _bad_files_error(bad, what, n_files, on_error)
        _warn_skipped(bad, what, n_files)
        # Shrink in place: no second array of the images is made.
        images.resize((n_read, channels, *size), refcheck=False)
        kept = kept[:n_read].copy()
    return images, kept


# --- The layout: class folders, image files, folders to write into --------------------

# Files that file managers leave in folders; never images, never warned about.
SYSTEM_FILES = frozenset({"thumbs.db", "desktop.ini"})


def is_hidden(name):
    """Whether an entry is left out silently: a dot file or a system file."""
    return name.startswith(".") or name.lower() in SYSTEM_FILES


def _sort_key(relative):
    return Path(relative).parts


def folder_key(path):
    """What identifies a folder on disk, whatever the path or link to it."""
    info = os.stat(path)
    return info.st_dev, info.st_ino


def list_class_files(folder, seen=None):
    """The image files below a class folder, the other files, and the skipped.

    Subfolders are searched too, links to folders included; hidden files
    and folders (names starting with a dot) are left out.

    Parameters
    ----------
    folder : Path
        The class folder.

    seen : set, default=None
        :func:`folder_key` of the folders not to read again, such as the
        folder of class folders; the folders read here are added to it.

    Returns
    -------
    images, others : list of str
        Paths relative to ``folder``, sorted.

    skipped : list of (str, str)
        Subfolders not read, relative to ``folder``, and why.
    """
    seen = set() if seen is None else seen
    images, others, skipped = [], [], []
    try:
        seen.add(folder_key(folder))
    except OSError as error:
        return images, others, [(".", error.strerror or str(error))]
    pending = [""]
    while pending:
        relative = pending.pop()
        try:
            entries = sorted(os.scandir(folder / relative), key=lambda e: e.name)
        except OSError as error:
            skipped.append((relative, error.strerror or str(error)))
            continue
        for entry in entries:
            if is_hidden(entry.name):
                continue
            path = os.path.join(relative, entry.name)
            if _is_folder(entry):
                try:
                    key = folder_key(entry.path)
                except OSError as error:
                    skipped.append((path, error.strerror or str(error)))
                    continue
                if key in seen:
                    skipped.append((path, "a link to a folder read already"))
                    continue
                seen.add(key)
                pending.append(path)
            else:
                (images if is_image_file(entry.name) else others).append(path)
    images.sort(key=_sort_key)
    others.sort(key=_sort_key)
    skipped.sort(key=lambda item: _sort_key(item[0]))
    return images, others, skipped


def _is_folder(entry):
    """Whether an entry is a folder, or a link to one."""
    try:
        return entry.is_dir()
    except OSError:
        return False


def check_image_folder(path):
    """The folder of class folders to read, as a Path, checked to exist."""
    folder = Path(os.path.expanduser(os.fspath(path)))
    kind = kind_of_path(folder)
    if kind is None:
        raise FileNotFoundError(
            f"The image folder {shown(folder)} does not exist. Pass the folder "
            "that holds one subfolder of images per class."
        )
    if kind == "file":
        raise NotADirectoryError(
            f"{shown(folder)} is a file, not a folder. Pass the folder that "
            "holds one subfolder of images per class."
        )
    return folder


def check_output_folder(path, *, overwrite=False):
    """The folder to write files into, checked before anything is written.

    The folder must be a folder or a path where one can be made (no file in
    the way, names no longer than the file system allows, permission to
    make it), and empty unless ``overwrite``. Whether files can be made
    there is tried: a folder is made where the folder would go, or in it,
    and removed again, so that the file system is left as it was.

    Parameters
    ----------
    path : str or path-like
        The folder.

    overwrite : bool, default=False
        Whether a folder that holds files is accepted. Hidden files (names
        starting with a dot) never count.

    Returns
    -------
    folder : Path
        The folder, with ``~`` expanded.

    Raises
    ------
    NotADirectoryError
        If ``path``, or a folder above it, is a file.

    FileExistsError
        If the folder holds files and ``overwrite`` is False.

    PermissionError, OSError
        If the folder cannot be made or written into, or its path is too
        long for the file system.
    """
    folder = Path(os.path.expanduser(os.fspath(path)))
    kind = kind_of_path(folder)
    if kind == "file":
        raise NotADirectoryError(f"{shown(folder)} is a file, not a folder.")
    if kind == "folder":
        _check_empty(folder, overwrite)
        _try_writing_in(folder)
    else:
        _try_making(folder)
    return folder


def _check_empty(folder, overwrite):
    if overwrite:
        return
    try:
        content = sorted(
            entry.name for entry in os.scandir(folder) if not is_hidden(entry.name)
        )
    except OSError as error:
        raise unusable(folder, error) from error
    if content:
        raise FileExistsError(
            f"{shown(folder)} is not empty: it holds {name_files(content, limit=5)}. "
            "Choose a new or empty folder, or pass overwrite=True to write into "
            "it, replacing files of the same names."
        )


def _try_writing_in(folder):
    try:
        os.rmdir(tempfile.mkdtemp(prefix=".write-check-", dir=folder))
    except OSError as error:
        kind = PermissionError if isinstance(error, PermissionError) else OSError
        raise kind(
            f"Cannot write in the folder {shown(folder)}: {error.strerror or error}."
        ) from error


def _try_making(folder):
    """Make ``folder`` and the missing folders above it, then remove them."""
    missing = [folder]
    while kind_of_path(missing[-1].parent) is None:
        missing.append(missing[-1].parent)
    base = missing[-1].parent
    if kind_of_path(base) == "file":
        raise NotADirectoryError(
            f"{shown(base)} is a file, so the folder {shown(folder)} cannot be "
            "made in it."
        )
    made = []
    try:
        for new in reversed(missing):
            os.mkdir(new)
            made.append(new)
    except OSError as error:
        if error.errno == errno.ENAMETOOLONG:
            raise unusable(folder, error) from error
        kind = PermissionError if isinstance(error, PermissionError) else OSError
        raise kind(
            f"Cannot make the folder {shown(folder)} in {shown(base)}: "
            f"{error.strerror or error}."
        ) from error
    finally:
        for new in reversed(made):
            try:
                os.rmdir(new)
            except OSError:
                pass


# --- Reading --------------------------------------------------------------------------


def _check_classes(classes, folder, subfolders):
    """The class folders to read, in the order of their codes."""
    if classes is None:
        if not subfolders:
            return None
        return subfolders
    if isinstance(classes, str) or not all(isinstance(c, str) for c in classes):
        raise TypeError(
            f"classes must be a list of folder names (str); got {classes!r}."
        )
    classes = list(classes)
    if not classes:
        raise ValueError("classes must name at least one class folder; got [].")
    repeated = sorted({c for c in classes if classes.count(c) > 1})
    if repeated:
        raise ValueError(f"classes names some folders more than once: {repeated}.")
    missing = [c for c in classes if c not in subfolders]
    if missing:
        raise ValueError(
            f"classes names folders that are not in {folder}: {missing}. The "
            f"folder holds the class folders {subfolders}."
        )
    return classes


def _class_folders(folder):
    """The class folders (links to folders included) and the other entries.

    A link that leads back to ``folder`` itself is no class folder: it is
    returned with the skipped folders, and why.
    """
    top = folder_key(folder)
    subfolders, loose, skipped = [], [], []
    for entry in sorted(os.scandir(folder), key=lambda entry: entry.name):
        if is_hidden(entry.name):
            continue
        try:
            is_folder = entry.is_dir()
        except OSError:
            is_folder = False
        if not is_folder:
            loose.append(entry.name)
            continue
        try:
            loops = folder_key(entry.path) == top
        except OSError as error:
            skipped.append((entry.name, error.strerror or str(error)))
            continue
        if loops:
            skipped.append((entry.name, "a link to the folder of class folders"))
        else:
            subfolders.append(entry.name)
    return subfolders, loose, skipped


def _scan_folder(folder, classes):
    """List the image files of each class folder, and warn about the rest.

    Returns the class names and, for each image, its path and class code.
    """
    subfolders, loose, skipped = _class_folders(folder)
    loose_images = [name for name in loose if is_image_file(name)]
    class_names = _check_classes(classes, folder, subfolders)
    if class_names is None:
        if loose_images:
            raise ValueError(
                f"{folder} holds {plural(len(loose_images), 'image')} but no class "
                "subfolders. Put the images of each class in a subfolder "
                "named after the class (e.g. cat/001.png, dog/002.png)."
            )
        raise ValueError(
            f"{folder} holds no class subfolders, so there is nothing to read. "
            "Put the images of each class in a subfolder named after the "
            "class (e.g. cat/001.png, dog/002.png)."
        )
    paths, codes, ignored, empty = [], [], [], []
    for code, name in enumerate(class_names):
        images, others, not_read = list_class_files(
            folder / name, seen={folder_key(folder)}
        )
        if not images:
            empty.append(name)
        paths.extend(folder / name / relative for relative in images)
        codes.extend([code] * len(images))
        ignored.extend(os.path.join(name, relative) for relative in others)
        skipped.extend(
            (os.path.normpath(os.path.join(name, relative)), why)
            for relative, why in not_read
        )
    if empty:
        raise ParameterError(
            f"The class folder{'s' if len(empty) > 1 else ''} "
            f"{', '.join(empty)} in {folder} hold{'' if len(empty) > 1 else 's'} "
            "no image files (by their endings, e.g. .png or .jpg). Add images "
            "or remove the folders, or read the other classes only.",
            parameter="classes",
            hint="[...] naming the other class folders",
        )
    if skipped:
        names, reasons = zip(*skipped, strict=True)
        warnings.warn(
            f"Skipped {plural(len(skipped), 'folder')} in {folder} that "
            f"{'was' if len(skipped) == 1 else 'were'} not read: "
            f"{name_files(names, reasons)}.",
            UserWarning,
            stacklevel=4,
        )
    if loose_images:
        warnings.warn(
            f"Ignored {plural(len(loose_images), 'image')} in {folder} that "
            f"{'is' if len(loose_images) == 1 else 'are'} not in a class folder: "
            f"{name_files(loose_images)}.",
            UserWarning,
            stacklevel=4,
        )
    ignored.extend(name for name in loose if not is_image_file(name))
    if ignored:
        warnings.warn(
            f"Ignored {plural(len(ignored), 'file')} in {folder} that "
            f"{'is' if len(ignored) == 1 else 'are'} not an image (by the ending "
            f"of the name): {name_files(ignored)}.",
            UserWarning,
            stacklevel=4,
        )
    return class_names, paths, np.asarray(codes, dtype=np.int64)


@validate_params(
    {
        "path": [str, os.PathLike],
        # A list of folder names, checked with the folder: see _check_classes.
        "classes": "no_validation",
        "image_size": [None, Interval(Integral, 1, None, closed="left"), "array-like"],
        "color_mode": [StrOptions(set(COLOR_MODES))],
        "crop_to_aspect_ratio": ["boolean"],
        "on_error": [StrOptions(set(ON_ERROR))],
        "return_X_y": ["boolean"],
        "verbose": ["verbose"],
    },
    prefer_skip_nested_validation=True,
)
def load_image_folder(
    path,
    *,
    classes=None,
    image_size=None,
    color_mode="auto",
    crop_to_aspect_ratio=False,
    on_error="raise",
    return_X_y=False,
    verbose=0,
):
    """Load images from a folder that holds one subfolder per class.

    The layout is that of torchvision's ``ImageFolder`` and Keras'
    ``image_dataset_from_directory``::

        path/
            cat/
                001.png
                002.png
            dog/
                003.jpg
                more/004.jpg

    Each subfolder is a class, named after the folder; classes are numbered
    in the order of their names (or of ``classes``). Images in the
    subfolders of a class folder belong to that class. Links to folders
    are followed like folders, for class folders and for the folders in
    them alike; a link that leads back to a folder already read (a loop)
    is skipped with a warning. Images come back
    class by class, each class in the order of the file names. PNG, JPEG,
    BMP, GIF, TIFF, WebP and the other raster formats that Pillow reads are
    read, by their file endings; a file of several frames (GIF, TIFF)
    gives its first. Pillow is an optional dependency:
    ``pip install imblearn-deepsmote[images]``.

    The files are listed and their headers read first, then the images are
    decoded one at a time into a single array: memory holds the result and
    one decoded image at a time.

    How pixels are converted:

    - ``color_mode="grayscale"`` converts colour to grey (ITU-R 601-2 luma,
      as Pillow does); ``"rgb"`` repeats a grey value in three channels;
      ``"auto"`` gives one channel if every image is greyscale (including
      palette images whose palette is grey), else three.
    - 16-bit (and 32-bit integer) greyscale images are scaled from 0-65535
      to 0-255; 32-bit float images are rounded and clipped to 0-255.
      Palette images are expanded through their palette.
    - Transparent pixels (RGBA, LA, palette or PNG transparency) are
      composited onto black: each value is multiplied by its alpha / 255.
    - The EXIF orientation of JPEG, WebP and PNG files (as cameras write
      it) is applied, so images come back upright.

    Parameters
    ----------
    path : str or path-like
        The folder that holds the class folders.

    classes : list of str, default=None
        The class folders to read, in the order of their codes: ``target``
        is the position of the class in this list. None reads every
        subfolder, sorted by name. Pass the ``target_names`` of a training
        set to read a test set with the same codes.

    image_size : int or (int, int), default=None
        The (height, width) to resize every image to, an int for a square.
        None keeps the size of the images, which must then all have the
        same size. Resizing uses bicubic interpolation, with antialiasing
        when shrinking.

    color_mode : {"auto", "grayscale", "rgb"}, default="auto"
        One channel, three channels, or one if every image is greyscale and
        three otherwise.

    crop_to_aspect_ratio : bool, default=False
        When resizing, first crop each image to the largest centred region
        with the aspect ratio of ``image_size``, instead of stretching it.

    on_error : {"raise", "skip"}, default="raise"
        What to do with files that have the ending of an image but cannot
        be read as one (corrupt, truncated, or of another kind): raise a
        ``ValueError`` that names every such file (after trying all files),
        or leave them out with a warning that names them.

    return_X_y : bool, default=False
        If True, return ``(data, target)`` instead of a Bunch.

    verbose : int, default=0
        If > 0, show progress bars while reading.

    Returns
    -------
    data : :class:`~sklearn.utils.Bunch`
        Dictionary-like object with the attributes:

        data : ndarray of shape (n_samples, channels, height, width), dtype uint8
            The images in the channels-first layout that
            :class:`~imblearn_deepsmote.DeepSMOTE` takes, pixel values 0-255.

        target : ndarray of shape (n_samples,), dtype int64
            The class of each image: the position of its class folder in
            ``target_names``.

        target_names : ndarray of str of shape (n_classes,)
            The name of each class.

        images : ndarray of shape (n_samples, height, width) or \
(n_samples, height, width, 3), dtype uint8
            The same pixels, channels last, ready for ``plt.imshow`` (a view
            of ``data``, not a copy).

        data_home : str or None
            The folder the images were read from.

        filenames : ndarray of str of shape (n_samples,)
            The file of each image.

        DESCR : str
            A short description of the data set.

    (data, target) : tuple if ``return_X_y`` is True
        ``data`` of shape (n_samples, channels, height, width), dtype uint8, and
        ``target`` of shape (n_samples,), dtype int64.

    Raises
    ------
    FileNotFoundError, NotADirectoryError
        If ``path`` does not exist or is a file.

    ValueError
        If the folder has no class subfolders, a class folder holds no
        images, ``classes`` names a folder that is not there, images of
        different sizes are read without ``image_size`` (the message lists
        the sizes), or files cannot be read as images and ``on_error`` is
        "raise" (the message names them). Where passing an argument fixes
        it (``image_size``, ``on_error="skip"``, ``classes``), the error is
        a ``ValueError`` with attributes ``problem``, ``parameter`` and
        ``value``, so that a program can give that advice in its own terms.

    ImportError
        If Pillow is not installed.

    Warns
    -----
    UserWarning
        Naming the files and folders that are ignored: files that are not
        images (by their endings), images directly in ``path`` next to the
        class folders, folders that cannot be listed or that a link leads
        back to (read already), and, with ``on_error="skip"``, files that
        cannot be read.
        Hidden files and folders (names starting with a dot) and
        ``Thumbs.db`` and ``desktop.ini`` files are ignored silently.

    See Also
    --------
    save_image_folder : Write images, such as those DeepSMOTE generates, in
        this layout.

    Examples
    --------
    >>> import tempfile
    >>> import numpy as np
    >>> from imblearn_deepsmote.datasets import load_image_folder, save_image_folder
    >>> X = np.arange(4 * 2 * 3, dtype=np.uint8).reshape(4, 2, 3) * 10
    >>> y = np.array(["cat", "dog", "dog", "cat"])
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     files = save_image_folder(X, y, folder)
    ...     pets = load_image_folder(folder)
    >>> pets.data.shape, pets.data.dtype
    ((4, 1, 2, 3), dtype('uint8'))
    >>> pets.target_names, pets.target
    (array(['cat', 'dog'], dtype='<U3'), array([0, 0, 1, 1]))
    """
    size = check_image_size(image_size)
    folder = check_image_folder(path)
    require_pillow("load_image_folder")
    class_names, paths, codes = _scan_folder(folder, classes)
    if verbose:
        print(
            f"Found {len(paths)} image files of {len(class_names)} classes in {folder}."
        )
    data, kept = read_images(
        paths,
        image_size=size,
        color_mode=color_mode,
        crop=crop_to_aspect_ratio,
        on_error=on_error,
        verbose=verbose,
    )
    target = codes[kept]
    unread = [name for code, name in enumerate(class_names) if code not in target]
    if unread:
        raise ParameterError(
            f"No image of the class{'es' if len(unread) > 1 else ''} "
            f"{', '.join(unread)} could be read: every file there was skipped. "
            "Fix the files, or read the other classes only.",
            parameter="classes",
            hint="[...] naming the other class folders",
        )
    filenames = np.asarray([str(paths[i]) for i in kept])
    n_channels, height, width = data.shape[1:]
    descr = (
        f"Images read from {folder}: {len(data)} images of {len(class_names)} "
        f"classes, {height}x{width} pixels, {n_channels} "
        f"channel{'s' if n_channels > 1 else ''}."
    )
    return image_bunch(
        data, target, class_names, folder, descr, return_X_y, filenames=filenames
    )


# --- Writing --------------------------------------------------------------------------

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
    shape = check_image_shape(
        X.shape,
        taker="save_image_folder",
        channels=(1, 3),
        hint=" For flattened images, pass them reshaped, e.g. X.reshape(-1, 8, 8) "
        "for 8x8 greyscale images."
        if X.ndim == 2
        else "",
    )
    X = X.reshape(len(X), *shape)
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


def _folder_names(y, target_names):
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


@validate_params(
    {
        "X": ["array-like"],
        "y": ["array-like"],
        "path": [str, os.PathLike],
        "target_names": [None, "array-like"],
        "generated": "no_validation",
        "overwrite": ["boolean"],
        "format": [str],
    },
    prefer_skip_nested_validation=True,
)
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
    Image = require_pillow("save_image_folder")
    key = _FORMAT_ALIASES.get(format.lower(), format.lower())
    if key not in _SAVE_FORMATS:
        raise ValueError(
            f"format must be one of {tuple(_SAVE_FORMATS)}; got {format!r}."
        )
    pil_format, ending, options = _SAVE_FORMATS[key]
    images = _image_array(X)
    scale = _pixel_scale(images)
    y = np.asarray(y)
    if y.ndim != 1 or len(y) != len(images):
        raise ValueError(
            f"y must have shape ({len(images)},), one label per image of X; got "
            f"shape {y.shape}."
        )
    mask = _check_generated(generated, len(images))
    names, codes = _folder_names(y, target_names)
    folder = check_output_folder(path, overwrite=overwrite)
    # Every check is made: only now is anything written.
    width = max(6, len(str(len(images) - 1)))
    mode = "wb" if overwrite else "xb"
    written = []
    for row in range(len(images)):
        if mask is None:
            prefix = "image"
        else:
            prefix = "generated" if mask[row] else "original"
        class_folder = folder / names[codes[row]]
        class_folder.mkdir(parents=True, exist_ok=True)
        file = class_folder / f"{prefix}_{row:0{width}d}{ending}"
        image = _as_pixels(images[row : row + 1], scale)[0]
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
        _warn_other_images(folder, names, written)
    return written


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
            stacklevel=4,
        )
