"""Image files read with Pillow, one at a time, into one preallocated array.

Reading takes two passes over the files. The first opens each file and reads
its header only (size, mode, orientation), which Pillow does without
decoding the pixels: it finds the files that are not images, the sizes, and
whether every image is greyscale. The second decodes the images one at a
time into a single uint8 array allocated once, so that memory holds the
result and one decoded image, never a list of all of them.

Pillow is an optional dependency (``pip install imblearn-deepsmote[images]``)
and is imported only when a function here is called.
"""

import os
import warnings

import numpy as np
from tqdm.auto import tqdm

from .._errors import ParameterError
from ._messages import name_files, plural

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
        stacklevel=4,
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
