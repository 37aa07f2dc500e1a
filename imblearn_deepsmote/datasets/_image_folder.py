"""Images in a folder with one subfolder per class: read them, write them."""

import os
import warnings
from pathlib import Path

import numpy as np
from imblearn.utils import Substitution

from . import _docstrings as doc
from ._loaders import _image_bunch
from ._pillow import (
    COLOR_MODES,
    ON_ERROR,
    check_choice,
    check_image_size,
    is_image_file,
    name_files,
    plural,
    read_images,
    require_pillow,
)

# Files that file managers leave in folders; never images, never warned about.
_SYSTEM_FILES = frozenset({"thumbs.db", "desktop.ini"})

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

# Rows checked at a time when validating the pixel values of X.
_CHUNK = 1024


def _hidden(name):
    return name.startswith(".") or name.lower() in _SYSTEM_FILES


def _sort_key(relative):
    return Path(relative).parts


def _list_class_files(folder):
    """The image files below a class folder, sorted, and the other files.

    Subfolders are searched too; hidden files and folders (names starting
    with a dot) are left out.
    """
    images, others = [], []
    for root, dirs, files in os.walk(folder):
        dirs[:] = [name for name in dirs if not name.startswith(".")]
        for name in files:
            if _hidden(name):
                continue
            relative = os.path.relpath(os.path.join(root, name), folder)
            (images if is_image_file(name) else others).append(relative)
    images.sort(key=_sort_key)
    others.sort(key=_sort_key)
    return images, others


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


def _scan_folder(folder, classes):
    """List the image files of each class folder, and warn about the rest.

    Returns the class names and, for each image, its path and class code.
    """
    entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    subfolders = [e.name for e in entries if e.is_dir() and not _hidden(e.name)]
    loose = [e.name for e in entries if not e.is_dir() and not _hidden(e.name)]
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
        images, others = _list_class_files(folder / name)
        if not images:
            empty.append(name)
        paths.extend(folder / name / relative for relative in images)
        codes.extend([code] * len(images))
        ignored.extend(os.path.join(name, relative) for relative in others)
    if empty:
        raise ValueError(
            f"The class folder{'s' if len(empty) > 1 else ''} "
            f"{', '.join(empty)} in {folder} hold{'' if len(empty) > 1 else 's'} "
            "no image files (by their endings, e.g. .png or .jpg). Add images, "
            "remove the folders, or pass classes=[...] to read the other "
            "classes only."
        )
    if loose_images:
        warnings.warn(
            f"Ignored {plural(len(loose_images), 'image')} in {folder} that "
            f"{'is' if len(loose_images) == 1 else 'are'} not in a class folder: "
            f"{name_files(loose_images)}.",
            UserWarning,
            stacklevel=3,
        )
    ignored.extend(name for name in loose if not is_image_file(name))
    if ignored:
        warnings.warn(
            f"Ignored {plural(len(ignored), 'file')} in {folder} that "
            f"{'is' if len(ignored) == 1 else 'are'} not an image (by the ending "
            f"of the name): {name_files(ignored)}.",
            UserWarning,
            stacklevel=3,
        )
    return class_names, paths, np.asarray(codes, dtype=np.int64)


def _check_folder(path):
    folder = Path(os.path.expanduser(os.fspath(path)))
    if not folder.exists():
        raise FileNotFoundError(
            f"The image folder {folder} does not exist. Pass the folder that "
            "holds one subfolder of images per class."
        )
    if not folder.is_dir():
        raise NotADirectoryError(
            f"{folder} is a file, not a folder. Pass the folder that holds one "
            "subfolder of images per class."
        )
    return folder


@Substitution(
    **doc.reader_docs(
        ("channels", "height", "width"),
        target="The class of each image: the position of its class folder "
        "in ``target_names``.",
        n_classes="n_classes",
        data_home="The folder the images were read from.",
    )
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
    subfolders of a class folder belong to that class. Images come back
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

    color_mode : {{"auto", "grayscale", "rgb"}}, default="auto"
        One channel, three channels, or one if every image is greyscale and
        three otherwise.

    {reading}

    {returns}

    Raises
    ------
    FileNotFoundError, NotADirectoryError
        If ``path`` does not exist or is a file.

    ValueError
        If the folder has no class subfolders, a class folder holds no
        images, ``classes`` names a folder that is not there, images of
        different sizes are read without ``image_size`` (the message lists
        the sizes), or files cannot be read as images and ``on_error`` is
        "raise" (the message names them).

    ImportError
        If Pillow is not installed.

    Warns
    -----
    UserWarning
        Naming the files that are ignored: files that are not images (by
        their endings), images directly in ``path`` next to the class
        folders, and, with ``on_error="skip"``, files that cannot be read.
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
    check_choice("color_mode", color_mode, COLOR_MODES)
    check_choice("on_error", on_error, ON_ERROR)
    size = check_image_size(image_size)
    folder = _check_folder(path)
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
        raise ValueError(
            f"No image of the class{'es' if len(unread) > 1 else ''} "
            f"{', '.join(unread)} could be read: every file there was skipped. "
            "Fix the files, or pass classes=[...] to read the other classes only."
        )
    filenames = np.asarray([str(paths[i]) for i in kept])
    n_channels, height, width = data.shape[1:]
    descr = (
        f"Images read from {folder}: {len(data)} images of {len(class_names)} "
        f"classes, {height}x{width} pixels, {n_channels} "
        f"channel{'s' if n_channels > 1 else ''}."
    )
    return _image_bunch(
        data, target, class_names, folder, descr, return_X_y, filenames=filenames
    )


# --------------------------------------------------------------------------
# Writing


def _check_images(X):
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
    if X.dtype == np.uint8:
        return X
    if X.dtype == bool or not (
        np.issubdtype(X.dtype, np.integer) or np.issubdtype(X.dtype, np.floating)
    ):
        raise TypeError(
            f"X must hold 8-bit pixel values (uint8, or whole numbers from 0 "
            f"to 255); got dtype {X.dtype}. Convert it first, e.g. "
            "X.astype(np.uint8) * 255 for a boolean mask."
        )
    for start in range(0, len(X), _CHUNK):
        chunk = X[start : start + _CHUNK]
        if chunk.size and not (
            np.all(chunk >= 0)
            and np.all(chunk <= 255)
            and np.all(chunk == np.rint(chunk))
        ):
            raise ValueError(
                f"X (dtype {X.dtype}) holds values that are not whole numbers "
                "from 0 to 255, which is what an image file stores; here "
                f"from {np.nanmin(X)} to {np.nanmax(X)}. Scale and round them "
                "first, e.g. np.clip(np.rint(X * 255), 0, 255).astype(np.uint8) "
                "for values from 0 to 1."
            )
    return X


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


def _check_folder_name(name, what):
    bad = (
        not name
        or name in (".", "..")
        or name.startswith(".")
        or any(sep and sep in name for sep in ("/", "\\", os.sep, os.altsep, "\0"))
    )
    if bad:
        raise ValueError(
            f"{what} {name!r} cannot name a class folder: it is empty, starts "
            "with a dot, or holds a path separator. Pass target_names with "
            "plain names, e.g. [name.replace('/', '-') for name in names]."
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
            raise ValueError(
                f"y holds negative labels ({labels[0]}); pass target_names "
                "to name their folders."
            )
        # Zero-padded, so that sorting the folder names sorts the numbers.
        width = len(str(labels[-1])) if labels.size else 1
        names = [f"{label:0{width}d}" for label in labels]
    else:
        names = [str(label) for label in labels]
    for name in names:
        _check_folder_name(name, "y holds the label")
    if len(set(names)) < len(names):
        raise ValueError(
            f"The labels of y give the same folder name twice: {names}; pass "
            "target_names."
        )
    return names, codes.reshape(-1)


def _check_target_folder(folder, overwrite):
    if folder.exists() and not folder.is_dir():
        raise NotADirectoryError(f"{folder} is a file, not a folder.")
    if not overwrite and folder.is_dir():
        content = sorted(
            entry.name for entry in os.scandir(folder) if not _hidden(entry.name)
        )
        if content:
            raise FileExistsError(
                f"{folder} is not empty: it holds {name_files(content, limit=5)}. "
                "Choose a new or empty folder, or pass overwrite=True to write "
                "into it, replacing files of the same names."
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
        The images, channels first, with 1 or 3 channels. uint8, or any
        integer or float dtype whose values are whole numbers from 0 to 255
        (as :class:`~imblearn_deepsmote.DeepSMOTE` returns for uint8 input);
        other values are refused, not rescaled.

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

    ValueError, TypeError
        If ``X`` does not hold 8-bit images of 1 or 3 channels, ``y`` or
        ``generated`` does not match it, or a class name cannot name a
        folder.

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
    key = str(format).lower()
    key = _FORMAT_ALIASES.get(key, key)
    if key not in _SAVE_FORMATS:
        raise ValueError(
            f"format must be one of {tuple(_SAVE_FORMATS)}; got {format!r}."
        )
    pil_format, ending, options = _SAVE_FORMATS[key]
    X = _check_images(X)
    y = np.asarray(y)
    if y.ndim != 1 or len(y) != len(X):
        raise ValueError(
            f"y must have shape ({len(X)},), one label per image of X; got "
            f"shape {y.shape}."
        )
    mask = _check_generated(generated, len(X))
    names, codes = _class_folders(y, target_names)
    folder = Path(os.path.expanduser(os.fspath(path)))
    _check_target_folder(folder, overwrite)
    width = max(6, len(str(len(X) - 1)))
    mode = "wb" if overwrite else "xb"
    written = []
    for row, image in enumerate(X):
        prefix = "image" if mask is None else ("generated" if mask[row] else "original")
        class_folder = folder / names[codes[row]]
        class_folder.mkdir(parents=True, exist_ok=True)
        file = class_folder / f"{prefix}_{row:0{width}d}{ending}"
        pixels = image[0] if image.shape[0] == 1 else image.transpose(1, 2, 0)
        # 2-D uint8 arrays become "L" images, (h, w, 3) ones "RGB" images.
        picture = Image.fromarray(np.ascontiguousarray(pixels, dtype=np.uint8))
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
        images, _ = _list_class_files(folder / name)
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
