"""What the over-samplers that make each class's new rows apart have in common."""

import numbers
from abc import abstractmethod

import numpy as np
from imblearn.over_sampling.base import BaseOverSampler
from imblearn.utils import check_neighbors_object, check_target_type
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import HasMethods, Interval
from sklearn.utils.validation import validate_data

from ._validation import ParameterError

FITTED_ATTRIBUTES = """sampling_strategy_ : dict
        Number of samples made for each class.

    n_features_in_ : int
        Number of features in the input."""
"""Docstring text of the fitted attributes that every over-sampler here has."""

K_NEIGHBORS_CONSTRAINT = [
    Interval(numbers.Integral, 1, None, closed="left"),
    HasMethods(["kneighbors", "kneighbors_graph"]),
]
"""What ``k_neighbors`` accepts: an int, or a neighbours object, as SMOTE's."""

OUTPUT_DOCSTRING = """New samples are clipped to the range of each feature in
    the training data, and returned in the dtype of ``X``, as SMOTE keeps
    it: integer and boolean values are rounded to the nearest one (SMOTE
    truncates them)."""
"""Docstring text of what every over-sampler here returns."""


class DenseOverSampler(BaseOverSampler):
    """Over-sampler of dense rows of numbers, such as latent codes or pixels.

    The new samples are computed in floating point (float64 for integer and
    boolean rows), clipped to each feature's training range and cast to the
    dtype of the input, integers rounded: uint8 pixels give uint8 pixels of
    the same range, and the integer and boolean columns of a DataFrame are
    rounded before imbalanced-learn gives them back their dtypes. Sparse
    input is refused, with scikit-learn's advice to densify it.
    """

    def _check_X_y(self, X, y):
        y, binarize_y = check_target_type(y, indicate_one_vs_all=True)
        dtypes = getattr(X, "dtypes", None)
        X, y = validate_data(self, X=X, y=y, reset=True, dtype="numeric")
        self._rounded = (
            np.full(X.shape[1], X.dtype.kind != "f")
            if dtypes is None
            else np.array([dtype.kind in "biu" for dtype in dtypes])
        )
        return X, y, binarize_y

    def _fit_resample(self, X, y):
        X_float = X if X.dtype.kind == "f" else X.astype(np.float64)
        X_new, y_new = self._new_samples(X_float, y)
        X_new = np.clip(X_new, X_float.min(axis=0), X_float.max(axis=0))
        X_new[:, self._rounded] = np.rint(X_new[:, self._rounded])
        return np.vstack([X, X_new.astype(X.dtype)]), np.hstack([y, y_new])

    @abstractmethod
    def _new_samples(self, X, y):
        """The new samples and their labels, for floating-point ``X``."""

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

    def _new_samples(self, X, y):
        random_state = check_random_state(self.random_state)
        make = self._sample_maker(X, y)
        X_parts, y_parts = [X[:0]], [y[:0]]
        for label, n_samples in self.sampling_strategy_.items():
            if n_samples > 0:
                X_parts.append(make(label, n_samples, random_state))
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

    k_neighbors : int or object
        Neighbours asked for: an int, or, as for SMOTE, an estimator with
        ``kneighbors`` whose ``n_neighbors`` counts the row itself (cloned).
        A class of ``n_samples <= k_neighbors`` gets its ``n_samples - 1``
        other rows.

    Returns
    -------
    neighbours : ndarray of shape (n_samples, min(k_neighbors, n_samples - 1))
        Row ``i`` holds the indices, into ``X_class``, of the rows nearest to
        row ``i``, nearest first; row ``i`` itself is left out, even when
        other rows equal it.
    """
    nn = check_neighbors_object("k_neighbors", k_neighbors, additional_neighbor=1)
    n_neighbors = nn.get_params().get("n_neighbors", 2) - 1
    if n_neighbors < 1:
        raise ParameterError(
            f"k_neighbors={k_neighbors!r} finds no neighbour but the sample "
            "itself: as for SMOTE, the n_neighbors of a neighbours object counts "
            "the sample itself.",
            parameter="k_neighbors",
            hint="an int, or an object with n_neighbors of 2 or more",
        )
    return nn.fit(X_class).kneighbors(
        n_neighbors=min(n_neighbors, len(X_class) - 1), return_distance=False
    )
