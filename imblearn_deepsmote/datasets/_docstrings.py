"""Docstring text shared by the loaders.

Each loader's docstring holds placeholders such as ``{parameters}`` that
imbalanced-learn's :class:`~imblearn.utils.Substitution` decorator fills in
with the text built here, as imbalanced-learn does for its
``sampling_strategy`` parameter. The parameter descriptions are written
without indentation; :func:`parameters` and :func:`bunch_returns` build a
whole section from them, and :func:`indent` indents a piece for a docstring
of a module-level function, whose sections start at four spaces. (Literal
braces in a decorated docstring are written doubled, ``{{`` and ``}}``.)
"""

import textwrap

_DOCSTRING_INDENT = "    "


def indent(text):
    """Dedent ``text``, then indent all lines but the first for a docstring.

    The first line takes the place of its placeholder, which stands at the
    indentation of the section already.
    """
    first, *rest = textwrap.dedent(text).strip("\n").split("\n")
    return "\n".join(
        [first] + [_DOCSTRING_INDENT + line if line else "" for line in rest]
    )


RETURN_X_Y = """\
return_X_y : bool, default=False
    If True, return ``(data, target)`` instead of a Bunch."""


def subset(n_train, n_test):
    """The ``subset`` parameter of a data set with a training and a test set."""
    return (
        'subset : {"train", "test", "all"}, default="train"\n'
        f"    The {n_train} training images, the {n_test} test images, or both\n"
        "    (training images first)."
    )


def data_home(holding, fallback):
    """The ``data_home`` parameter: the folder ``holding`` the files."""
    description = textwrap.fill(
        f"Folder holding {holding}. None uses {fallback}.",
        width=72,
        initial_indent="    ",
        subsequent_indent="    ",
    )
    return f"data_home : str or path-like, default=None\n{description}"


def parameters(*params):
    """The Parameters section, from the descriptions of the parameters."""
    return indent("Parameters\n----------\n" + "\n\n".join(params))


def bunch_returns(
    *,
    data_shape,
    images_shape,
    target,
    n_classes,
    n_samples="n_samples",
    data_home="The folder the files were read from.",
    extra="",
):
    """The Returns section of a loader that returns an image Bunch.

    Parameters
    ----------
    data_shape, images_shape : str
        The shapes of ``data`` (channels first) and ``images`` (channels
        last), e.g. ``"(n_samples, 1, 28, 28)"``.

    target : str
        What ``target`` holds, e.g. ``"The class of each image, 0-9."``.

    n_classes : str
        The number of classes, e.g. ``"10"``.

    n_samples : str, default="n_samples"
        The number of samples in the ``return_X_y`` tuple's shapes.

    data_home : str
        What the Bunch's ``data_home`` holds.

    extra : str
        More attributes of the Bunch, written like the others, placed after
        ``data_home``.
    """
    tuple_shape = data_shape.replace("n_samples", n_samples)
    attributes = _BUNCH_ATTRIBUTES.format(
        data_shape=data_shape,
        images_shape=images_shape,
        target=_wrap(target),
        n_classes=n_classes,
        data_home=_wrap(data_home),
    )
    if extra:
        attributes += "\n\n" + textwrap.dedent(extra).strip("\n")
    attributes += "\n\nDESCR : str\n    A short description of the data set."
    text = (
        "Returns\n-------\n"
        "data : :class:`~sklearn.utils.Bunch`\n"
        "    Dictionary-like object with the attributes:\n\n"
        + textwrap.indent(attributes, "    ")
        + "\n\n(data, target) : tuple if ``return_X_y`` is True\n"
        f"    ``data`` of shape {tuple_shape}, dtype uint8, and\n"
        f"    ``target`` of shape ({n_samples},), dtype int64."
    )
    return indent(text)


def _wrap(text):
    """Wrap a description that stands at four spaces in a Bunch's attributes."""
    return "\n    ".join(textwrap.wrap(text, width=68))


_BUNCH_ATTRIBUTES = """\
data : ndarray of shape {data_shape}, dtype uint8
    The images in the channels-first layout that
    :class:`~imblearn_deepsmote.DeepSMOTE` takes, pixel values 0-255.

target : ndarray of shape (n_samples,), dtype int64
    {target}

target_names : ndarray of str of shape ({n_classes},)
    The name of each class.

images : ndarray of shape {images_shape}, dtype uint8
    The same pixels, channels last, ready for ``plt.imshow`` (a view
    of ``data``, not a copy).

data_home : str or None
    {data_home}"""


def shapes(image_shape):
    """The shapes of ``data`` and ``images`` for images of ``image_shape``.

    ``image_shape`` is (channels, height, width), numbers or names;
    ``images`` drops a single channel and puts three last (either, if the
    number of channels is not known).
    """
    channels, height, width = image_shape
    data_shape = f"(n_samples, {channels}, {height}, {width})"
    grey = f"(n_samples, {height}, {width})"
    colour = f"(n_samples, {height}, {width}, 3)"
    if channels == 1:
        return data_shape, grey
    if channels == 3:
        return data_shape, colour
    return data_shape, f"{grey} or {colour}"


def loader_docs(image_shape, *, folder=None, subsets=None, **returns):
    """The ``parameters`` and ``returns`` texts of a loader's docstring.

    Parameters
    ----------
    image_shape : tuple of int
        (channels, height, width) of the images.

    folder : (str, str) or None
        What the data folder holds and what None uses instead, for the
        ``data_home`` parameter; None if the loader takes no folder.

    subsets : (str, str) or None
        The numbers of training and test images, for the ``subset``
        parameter; None if the loader has no subsets.

    **returns
        Passed on to :func:`bunch_returns`; ``target`` and ``n_classes``
        default to ten classes numbered 0-9.
    """
    params = []
    if folder is not None:
        params.append(data_home(*folder))
    if subsets is not None:
        params.append(subset(*subsets))
    params.append(RETURN_X_Y)
    data_shape, images_shape = shapes(image_shape)
    returns.setdefault("target", "The class of each image, 0-9.")
    returns.setdefault("n_classes", "10")
    return {
        "parameters": parameters(*params),
        "returns": bunch_returns(
            data_shape=data_shape, images_shape=images_shape, **returns
        ),
    }


CROP_TO_ASPECT_RATIO = """\
crop_to_aspect_ratio : bool, default=False
    When resizing, first crop each image to the largest centred region
    with the aspect ratio of ``image_size``, instead of stretching it."""

ON_ERROR = """\
on_error : {"raise", "skip"}, default="raise"
    What to do with files that have the ending of an image but cannot
    be read as one (corrupt, truncated, or of another kind): raise a
    ``ValueError`` that names every such file (after trying all files),
    or leave them out with a warning that names them."""

VERBOSE = """\
verbose : int, default=0
    If > 0, show progress bars while reading."""

# The parameters that control how image files are read, in the order that
# load_image_folder and load_celeba take them.
READING_PARAMETERS = indent(
    "\n\n".join((CROP_TO_ASPECT_RATIO, ON_ERROR, RETURN_X_Y, VERBOSE))
)

FILENAMES = """\
filenames : ndarray of str of shape (n_samples,)
    The file of each image."""


def reader_docs(image_shape, **returns):
    """The ``reading`` and ``returns`` texts of a loader of image files.

    Parameters
    ----------
    image_shape : tuple
        (channels, height, width) of the images, numbers or names.

    **returns
        Passed on to :func:`bunch_returns`, which also lists ``filenames``.
    """
    data_shape, images_shape = shapes(image_shape)
    return {
        "reading": READING_PARAMETERS,
        "returns": bunch_returns(
            data_shape=data_shape, images_shape=images_shape, extra=FILENAMES, **returns
        ),
    }
