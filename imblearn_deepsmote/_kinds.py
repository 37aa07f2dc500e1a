"""Images or tabular rows: the one place that tells them apart, and their scalers.

:class:`~imblearn_deepsmote._layout.SampleLayout` turns what the user passed
into the autoencoder's ``input_shape``: ``(channels, height, width)`` for
images, ``(n_features,)`` for rows. Everything that differs between the two
(the default autoencoder, the default code size, the scaler, the memory
layout of the tensors) is read from :func:`kind_of` that shape, here.

The scalers put training data in the autoencoder's range and back. Both
record the range seen in ``fit`` (``data_min_``, ``data_max_``), to which the
codec clips decoded samples.
"""

from typing import NamedTuple

import numpy as np
import torch
from sklearn.base import BaseEstimator, OneToOneFeatureMixin, TransformerMixin
from sklearn.preprocessing import StandardScaler
from sklearn.utils.validation import check_is_fitted

from ._architectures import ConvAutoencoder, MLPAutoencoder


class ImageScaler(OneToOneFeatureMixin, TransformerMixin, BaseEstimator):
    """Map all pixel values linearly from their global range to [-1, 1].

    One minimum and one maximum over every pixel of every image, so that the
    relative brightness of pixels is kept, and the scaled images match the
    Tanh output of the convolutional decoders.

    Attributes
    ----------
    data_min_ : float
        Smallest value seen in ``fit``.

    data_max_ : float
        Largest value seen in ``fit``.
    """

    def fit(self, X, y=None):
        # In the dtype of X: floats round integers beyond 2**53.
        self.data_min_ = np.min(X)
        self.data_max_ = np.max(X)
        return self

    def _half_range(self):
        # Halved before subtracting: the range of data near the float64 limits
        # overflows. A constant image set has no range: any positive scale maps
        # it to -1.
        return max(
            self.data_max_ / 2.0 - self.data_min_ / 2.0, np.finfo(np.float64).tiny
        )

    def transform(self, X):
        check_is_fitted(self)
        # In float64: float32 overflows on a wide range, and rounds away a
        # narrow range far from zero (1e9 + 1e-3).
        X = np.array(X, dtype=np.float64)
        X /= 2.0
        X -= float(self.data_min_) / 2.0
        X /= self._half_range()
        X *= 2.0
        X -= 1.0
        return X.astype(np.float32)

    def inverse_transform(self, X):
        check_is_fitted(self)
        # From the middle of the range, halved as the range is: values of
        # [-1, 1] map into the data range without overflow, also near the
        # float64 limits, where (X + 1) * half range overflows to inf.
        X = np.array(X, dtype=np.float64)
        with np.errstate(over="ignore"):
            X *= self._half_range()
            X += float(self.data_min_) / 2.0 + float(self.data_max_) / 2.0
        return X


class FeatureScaler(StandardScaler):
    """Standardise each feature, after mapping its range to [-1, 1].

    Attributes
    ----------
    data_min_ : ndarray of shape (n_features,)
        Per-feature minimum seen in ``fit``.

    data_max_ : ndarray of shape (n_features,)
        Per-feature maximum seen in ``fit``.
    """

    def fit(self, X, y=None, sample_weight=None):
        self.data_min_ = np.min(X, axis=0)
        self.data_max_ = np.max(X, axis=0)
        low = self.data_min_.astype(np.float64)
        high = self.data_max_.astype(np.float64)
        self.center_ = low / 2.0 + high / 2.0
        half = high / 2.0 - low / 2.0
        self.half_range_ = np.where(half > 0, half, 1.0)
        super().fit(self._to_unit_range(X), y, sample_weight)
        return self

    def _to_unit_range(self, X):
        # Each feature into [-1, 1], in float64, before standardising: sklearn
        # standardises in the dtype of X, where float16 overflows, and the
        # variance of float64 values beyond 1e154 overflows.
        X = np.asarray(X, dtype=np.float64)
        return (X / 2.0 - self.center_ / 2.0) / (self.half_range_ / 2.0)

    def transform(self, X, copy=None):
        return super().transform(self._to_unit_range(X), copy=False).astype(np.float32)

    def inverse_transform(self, X, copy=None):
        X = super().inverse_transform(np.asarray(X, dtype=np.float64), copy=True)
        with np.errstate(over="ignore"):
            return X * self.half_range_ + self.center_


# Code size of images, the paper's value.
IMAGE_LATENT_DIM = 300


class DataKind(NamedTuple):
    """What DeepSMOTE does differently for one kind of sample."""

    name: str
    module: type
    scaler: type
    # Memory layout of 4-D tensors: the default ConvAutoencoder trains
    # faster channels-last on a CPU.
    memory_format: torch.memory_format

    def latent_dim(self, n_features):
        """The default code size for samples of ``n_features`` values."""
        if self is IMAGES:
            return min(IMAGE_LATENT_DIM, n_features)
        return min(n_features, max(2, min(64, n_features // 2)))


IMAGES = DataKind("images", ConvAutoencoder, ImageScaler, torch.channels_last)
TABLE = DataKind("tabular rows", MLPAutoencoder, FeatureScaler, torch.contiguous_format)


def kind_of(input_shape):
    """:data:`IMAGES` for ``(channels, height, width)``, else :data:`TABLE`."""
    return IMAGES if len(input_shape) == 3 else TABLE
