"""Scalers that put training data in the autoencoder's range and back.

Both scalers clip in ``inverse_transform``, so that decoded samples never
leave the range seen in training.
"""

import numpy as np
from sklearn.base import BaseEstimator, OneToOneFeatureMixin, TransformerMixin
from sklearn.preprocessing import StandardScaler
from sklearn.utils.validation import check_is_fitted


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
        self.data_min_ = float(np.min(X))
        self.data_max_ = float(np.max(X))
        return self

    def _half_range(self):
        # A constant image set has no range: any positive scale maps it to -1.
        return max((self.data_max_ - self.data_min_) / 2.0, np.finfo(np.float32).tiny)

    def transform(self, X):
        check_is_fitted(self)
        return (
            np.asarray(X, dtype=np.float32) - self.data_min_
        ) / self._half_range() - 1.0

    def inverse_transform(self, X):
        check_is_fitted(self)
        X = (
            np.asarray(X, dtype=np.float64) + 1.0
        ) * self._half_range() + self.data_min_
        return np.clip(X, self.data_min_, self.data_max_)


class FeatureScaler(StandardScaler):
    """Standardise each feature; clip the inverse to each feature's range.

    Attributes
    ----------
    data_min_ : ndarray of shape (n_features,)
        Per-feature minimum seen in ``fit``.

    data_max_ : ndarray of shape (n_features,)
        Per-feature maximum seen in ``fit``.
    """

    def fit(self, X, y=None, sample_weight=None):
        super().fit(X, y, sample_weight)
        self.data_min_ = np.min(X, axis=0)
        self.data_max_ = np.max(X, axis=0)
        return self

    def transform(self, X, copy=None):
        return super().transform(X, copy=True).astype(np.float32)

    def inverse_transform(self, X, copy=None):
        X = super().inverse_transform(np.asarray(X, dtype=np.float64), copy=True)
        return np.clip(X, self.data_min_, self.data_max_)
