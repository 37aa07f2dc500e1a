"""Images in a folder with one subfolder per class, read into one array."""

import os
import warnings

import numpy as np
from imblearn.utils import Substitution

from .._errors import ParameterError
from . import _docstrings as doc
from ._bunch import image_bunch
from ._folder_layout import folder_key, is_hidden, list_class_files
from ._messages import name_files, plural
from ._params import check_choice, check_image_size
from ._paths import check_image_folder
from ._pillow import COLOR_MODES, ON_ERROR, is_image_file, read_images, require_pillow


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
            stacklevel=3,
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
    check_choice("color_mode", color_mode, COLOR_MODES)
    check_choice("on_error", on_error, ON_ERROR)
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
