"""What the over-samplers that make each class's new rows apart have in common."""

from abc import abstractmethod

import numpy as np
from imblearn.over_sampling.base import BaseOverSampler
from imblearn.utils import check_target_type
from sklearn.neighbors import NearestNeighbors
from sklearn.utils import check_random_state
from sklearn.utils.validation import FLOAT_DTYPES, validate_data

FITTED_ATTRIBUTES = """sampling_strategy_ : dict
        Number of samples made for each class.

    n_features_in_ : int
        Number of features in the input."""
"""Docstring text of the fitted attributes that every over-sampler here has."""


class DenseOverSampler(BaseOverSampler):
    """Over-sampler of dense rows of floats, such as latent codes or pixels.

    Integer rows are converted to float64; float32 rows stay float32.
    Sparse input is refused, with scikit-learn's advice to densify it.
    """

    def _check_X_y(self, X, y):
        y, binarize_y = check_target_type(y, indicate_one_vs_all=True)
        X, y = validate_data(self, X=X, y=y, reset=True, dtype=FLOAT_DTYPES)
        return X, y, binarize_y

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = False
        return tags


class ClassWiseOverSampler(DenseOverSampler):
    """Over-sampler whose new rows of a class are made by one rule.

    The resampled data are the original rows, in their order, then the new
    rows of each class to over-sample, class after class in the order of
    ``sampling_strategy_``.
    """

    def _fit_resample(self, X, y):
        random_state = check_random_state(self.random_state)
        make = self._sample_maker(X, y)
        X_parts, y_parts = [X], [y]
        for label, n_samples in self.sampling_strategy_.items():
            if n_samples > 0:
                X_parts.append(make(label, n_samples, random_state).astype(X.dtype))
                y_parts.append(np.full(n_samples, label, dtype=y.dtype))
        return np.vstack(X_parts), np.hstack(y_parts)

    @abstractmethod
    def _sample_maker(self, X, y):
        """A function ``make(label, n_samples, random_state)`` of new rows.

        It returns an array of shape (n_samples, n_features), the new rows of
        class ``label``, drawn from ``random_state``.
        """


def same_class_neighbours(X_class, k_neighbors):
    """Indices of each row's nearest other rows, within ``X_class``.

    Parameters
    ----------
    X_class : ndarray of shape (n_samples, n_features)
        Rows of one class; at least two.

    k_neighbors : int
        Neighbours asked for; a class of ``n_samples <= k_neighbors`` gets its
        ``n_samples - 1`` other rows.

    Returns
    -------
    neighbours : ndarray of shape (n_samples, min(k_neighbors, n_samples - 1))
        Row ``i`` holds the indices, into ``X_class``, of the rows nearest to
        row ``i``, nearest first; row ``i`` itself is left out, even when
        other rows equal it.
    """
    n_neighbors = min(k_neighbors, len(X_class) - 1)
    return (
        NearestNeighbors(n_neighbors=n_neighbors)
        .fit(X_class)
        .kneighbors(return_distance=False)
    )
