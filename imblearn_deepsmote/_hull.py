"""Over-sampling by random convex combinations of a sample and its neighbours."""

import numbers

import numpy as np
from imblearn.utils import Substitution
from imblearn.utils._docstring import _random_state_docstring
from sklearn.utils._param_validation import Interval

from ._class_wise import (
    FITTED_ATTRIBUTES,
    K_NEIGHBORS_CONSTRAINT,
    OUTPUT_DOCSTRING,
    ClassWiseOverSampler,
    same_class_neighbours,
)


@Substitution(
    sampling_strategy=ClassWiseOverSampler._sampling_strategy_docstring,
    random_state=_random_state_docstring,
    fitted_attributes=FITTED_ATTRIBUTES,
    output=OUTPUT_DOCSTRING,
)
class HullOverSampler(ClassWiseOverSampler):
    """Over-sample by mixing a sample with all its nearest neighbours at once.

    Each new sample of class ``c`` is a random convex combination of a
    sample ``x`` of class ``c``, drawn uniformly, and its ``k_neighbors``
    nearest samples of class ``c``: ``w_0 x + w_1 n_1 + ... + w_k n_k``,
    with weights drawn from a Dirichlet distribution of concentration
    ``alpha``. Where SMOTE draws on the segment between ``x`` and one
    neighbour, this fills the convex hull of the neighbourhood.

    It works in any space of continuous features: on the latent codes of
    :class:`DeepSMOTE` as its ``latent_sampler``, or on rows of pixels on
    its own. A class of a single sample gets copies of it.

    {output}

    Parameters
    ----------
    {sampling_strategy}

    {random_state}

    k_neighbors : int or object, default=5
        Number of nearest neighbours, within the class, mixed with each
        sample; or, as for SMOTE, an estimator with ``kneighbors`` (such as
        :class:`~sklearn.neighbors.NearestNeighbors`) whose ``n_neighbors``
        counts the sample itself. A class of at most ``k_neighbors`` samples
        mixes all its samples.

    alpha : float, default=1.0
        Concentration of the Dirichlet weights: 1 draws uniformly over the
        hull of the neighbourhood; smaller values favour combinations close
        to one of its samples, larger ones close to its mean. The weights
        are drawn in log space, so that a tiny ``alpha`` gives samples at
        (or next to) one member of the neighbourhood, never NaN.

    Attributes
    ----------
    {fitted_attributes}

    See Also
    --------
    CentroidOverSampler : Interpolates towards the centre of the class.
    imblearn.over_sampling.SMOTE : Interpolates between two neighbours.

    Examples
    --------
    >>> import numpy as np
    >>> from imblearn_deepsmote import HullOverSampler
    >>> rng = np.random.RandomState(0)
    >>> X = np.vstack([rng.normal(size=(20, 2)), [[0, 0], [1, 0], [0, 1]]])
    >>> y = np.repeat([0, 1], [20, 3])
    >>> X_res, y_res = HullOverSampler(k_neighbors=2, random_state=0).fit_resample(X, y)
    >>> np.bincount(y_res)
    array([20, 20])
    >>> new = X_res[23:]  # inside the triangle of the three samples of class 1
    >>> bool(np.all(new >= 0) and np.all(new.sum(axis=1) <= 1))
    True
    """

    _parameter_constraints: dict = {
        **ClassWiseOverSampler._parameter_constraints,
        "k_neighbors": K_NEIGHBORS_CONSTRAINT,
        "alpha": [Interval(numbers.Real, 0, None, closed="neither")],
    }

    def __init__(
        self, *, sampling_strategy="auto", random_state=None, k_neighbors=5, alpha=1.0
    ):
        super().__init__(sampling_strategy=sampling_strategy)
        self.random_state = random_state
        self.k_neighbors = k_neighbors
        self.alpha = alpha

    def _sample_maker(self, X, y):
        def make(label, n_samples, random_state):
            X_class = X[y == label]
            bases = random_state.randint(len(X_class), size=n_samples)
            if len(X_class) < 2:
                return X_class[bases]
            neighbours = same_class_neighbours(X_class, self.k_neighbors)
            members = np.column_stack([bases, neighbours[bases]])
            weights = _dirichlet(self.alpha, members.shape, random_state)
            # One member of each neighbourhood at a time: memory of the
            # new samples, not of all their neighbourhoods.
            new = np.zeros((n_samples, X.shape[1]))
            for member, weight in zip(members.T, weights.T, strict=True):
                new += weight[:, np.newaxis] * X_class[member]
            return new

        return make


def _dirichlet(alpha, shape, random_state):
    """Rows of weights from a symmetric Dirichlet distribution of ``alpha``.

    Each row normalises independent Gamma(alpha) draws, computed by their
    logarithms as ``log G + log(U) / alpha`` with ``G`` of Gamma(alpha + 1)
    and ``U`` uniform on (0, 1]: for a small ``alpha`` every Gamma(alpha)
    draw of a row can underflow to 0, and numpy's ``dirichlet`` then
    returns NaN.
    """
    log_gamma = np.log(random_state.gamma(alpha + 1, size=shape)) + (
        np.log1p(-random_state.uniform(size=shape)) / alpha
    )
    weights = np.exp(log_gamma - log_gamma.max(axis=1, keepdims=True))
    return weights / weights.sum(axis=1, keepdims=True)
