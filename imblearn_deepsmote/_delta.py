"""Over-sampling with variation borrowed from the frequent classes."""

import numbers
from collections import Counter

import numpy as np
from imblearn.utils import Substitution
from imblearn.utils._docstring import _random_state_docstring
from sklearn.utils._param_validation import Interval, StrOptions

from ._class_wise import (
    K_NEIGHBORS_CONSTRAINT,
    OUTPUT_DOCSTRING,
    ClassWiseOverSampler,
    same_class_neighbours,
)
from ._validation import ParameterError


@Substitution(
    sampling_strategy=ClassWiseOverSampler._sampling_strategy_docstring,
    random_state=_random_state_docstring,
    output=OUTPUT_DOCSTRING,
)
class DeltaOverSampler(ClassWiseOverSampler):
    """Over-sample with differences between neighbours of the frequent classes.

    Interpolation between two samples of a rare class, as SMOTE does, can
    only make what lies between them. This over-sampler instead adds to a
    real sample of the class to over-sample a variation seen in a frequent
    class, the "donor" class: the difference between a donor sample and one
    of its nearest neighbours in the same class (after the delta-encoder of
    Schwartz et al., 2018, and the feature transfer of Yin et al., 2019).
    A share of the new samples, ``smote_share``, can still be made by
    interpolation, as SMOTE makes them.

    Of the ``n`` new samples of class ``c``, ``round(smote_share * n)`` are
    interpolated and the others borrow a difference (all of them with the
    default ``smote_share=0``). Each is made as follows:

    1. draw a sample ``x`` of class ``c`` uniformly;
    2. to borrow a difference, draw a donor class uniformly among the donor
       classes, a sample ``a`` of it uniformly, and ``b`` uniformly among
       the ``k_neighbors`` nearest samples of ``a`` in its class; the new
       sample is ``x + scale * (b - a)``;
    3. to interpolate, draw ``z`` uniformly among the ``k_neighbors``
       nearest samples of ``x`` in class ``c``, and ``u`` uniformly in
       [0, 1]; the new sample is ``x + u * (z - x)``, on the segment from
       ``x`` to ``z``.

    It works in any space of continuous features: on the latent codes of
    :class:`DeepSMOTE` as its ``latent_sampler``, or on rows of pixels on
    its own. A class of a single sample can be over-sampled.

    {output}
    A difference borrowed from another part of the space can carry
    ``x + scale * (b - a)`` past the values seen in training; clipping keeps
    pixels pixels and a 0/1 column 0 or 1.

    Parameters
    ----------
    {sampling_strategy}

    {random_state}

    k_neighbors : int or object, default=5
        Number of nearest neighbours, within its class, among which ``b`` is
        drawn for a donor sample ``a``, and ``z`` for a sample ``x`` to
        interpolate from; or, as for SMOTE, an estimator with ``kneighbors``
        (such as :class:`~sklearn.neighbors.NearestNeighbors`) whose
        ``n_neighbors`` counts the sample itself. A class of at most
        ``k_neighbors`` samples uses all its other samples.

    donor_classes : "auto" or array-like, default="auto"
        Classes whose differences are borrowed. ``"auto"``: the classes of at
        least ``min_donor_samples`` samples, or the largest class when none
        has that many (the first in sorted order on a tie). An array-like
        names the classes; each must have at least two samples. The class
        over-sampled may be a donor of its own new samples.

    min_donor_samples : int, default=60
        With ``donor_classes="auto"``, the least number of samples of a donor
        class.

    scale : float, default=1.0
        Multiplier of the difference ``b - a``.

    smote_share : float in [0, 1], default=0.0
        Share of the new samples of each class made by interpolation between
        two of its samples that are neighbours, as SMOTE makes them, instead
        of by a borrowed difference: ``round(smote_share * n)`` of the ``n``
        new samples of a class (Python's ``round``: a half goes to the even
        number). Interpolated samples stay on the segments between samples
        of their class; borrowed ones can reach past them. A class of a
        single sample has nothing to interpolate with: all its new samples
        borrow a difference. With ``0``, nothing is interpolated and no
        random number is drawn for interpolation.

    Attributes
    ----------
    sampling_strategy_ : dict
        Number of samples made for each class.

    donor_classes_ : ndarray of shape (n_donor_classes,)
        The donor classes of the last ``fit_resample``, sorted.

    n_features_in_ : int
        Number of features in the input.

    See Also
    --------
    CleanedOverSampler : Redraws new samples that lie among another class.
    imblearn.over_sampling.SMOTE : Interpolates between samples of a class.

    Notes
    -----
    The neighbours of each donor sample are found once per
    ``fit_resample``, those of the samples of a class to interpolate from
    once per class, and the new samples are drawn together, class by class,
    with no loop over samples. The new samples of a class are the borrowed
    ones, then the interpolated ones.

    References
    ----------
    .. [1] E. Schwartz et al., "Delta-encoder: an effective sample synthesis
       method for few-shot object recognition", NeurIPS 2018.
    .. [2] X. Yin et al., "Feature transfer learning for face recognition with
       under-represented data", CVPR 2019.

    Examples
    --------
    >>> import numpy as np
    >>> from imblearn_deepsmote import DeltaOverSampler
    >>> rng = np.random.RandomState(0)
    >>> X = np.vstack([rng.normal(size=(80, 2)), [[10.0, 10.0], [11.0, 10.0]]])
    >>> y = np.repeat([0, 1], [80, 2])
    >>> sampler = DeltaOverSampler(random_state=0)
    >>> X_res, y_res = sampler.fit_resample(X, y)
    >>> np.bincount(y_res)
    array([80, 80])
    >>> sampler.donor_classes_
    array([0])
    >>> bool(np.all(X_res[82:] > 6))  # around the two samples of class 1
    True

    With ``smote_share=1``, every new sample of class 1 is interpolated, on
    the segment between its two samples:

    >>> sampler = DeltaOverSampler(smote_share=1.0, random_state=0)
    >>> X_res, y_res = sampler.fit_resample(X, y)
    >>> bool(np.all(X_res[82:, 1] == 10.0))
    True

    As the latent sampler of DeepSMOTE:

    >>> from imblearn_deepsmote import DeepSMOTE
    >>> deepsmote = DeepSMOTE(latent_sampler=DeltaOverSampler(min_donor_samples=20))
    """

    _parameter_constraints: dict = {
        **ClassWiseOverSampler._parameter_constraints,
        "k_neighbors": K_NEIGHBORS_CONSTRAINT,
        "donor_classes": [StrOptions({"auto"}), "array-like"],
        "min_donor_samples": [Interval(numbers.Integral, 2, None, closed="left")],
        "scale": [Interval(numbers.Real, 0, None, closed="neither")],
        "smote_share": [Interval(numbers.Real, 0, 1, closed="both")],
    }

    def __init__(
        self,
        *,
        sampling_strategy="auto",
        random_state=None,
        k_neighbors=5,
        donor_classes="auto",
        min_donor_samples=60,
        scale=1.0,
        smote_share=0.0,
    ):
        super().__init__(sampling_strategy=sampling_strategy)
        self.random_state = random_state
        self.k_neighbors = k_neighbors
        self.donor_classes = donor_classes
        self.min_donor_samples = min_donor_samples
        self.scale = scale
        self.smote_share = smote_share

    def _sample_maker(self, X, y):
        self.donor_classes_ = self._donors(y)
        if not any(self.sampling_strategy_.values()):
            return None  # nothing to make, no neighbours to find
        if len(np.unique(y)) == len(y):
            raise ValueError(
                "Every class has a single sample, but a donor class needs two "
                "samples to lend a difference between neighbours: give one class "
                "a second sample, or draw around single samples with "
                "RandomOverSampler(shrinkage=...)."
            )
        firsts, seconds, starts, sizes = [], [], [], []
        for donor in self.donor_classes_:
            rows = np.flatnonzero(y == donor)
            neighbours = same_class_neighbours(X[rows], self.k_neighbors)
            starts.append(sum(sizes))
            sizes.append(neighbours.size)
            firsts.append(np.repeat(rows, neighbours.shape[1]))
            seconds.append(rows[neighbours.ravel()])
        # Every pair (a, b) of a donor sample and one of its neighbours, donor
        # class after donor class: a pair drawn uniformly within a class's
        # block is a sample drawn uniformly, then one of its neighbours.
        firsts, seconds = np.concatenate(firsts), np.concatenate(seconds)
        starts, sizes = np.array(starts), np.array(sizes)

        def make(label, n_samples, random_state):
            rows = np.flatnonzero(y == label)
            n_interpolated = (
                int(round(self.smote_share * n_samples)) if len(rows) > 1 else 0
            )
            n_borrowed = n_samples - n_interpolated
            bases = rows[random_state.randint(len(rows), size=n_borrowed)]
            donors = random_state.randint(len(sizes), size=n_borrowed)
            pairs = starts[donors] + random_state.randint(sizes[donors])
            borrowed = X[bases] + self.scale * (X[seconds[pairs]] - X[firsts[pairs]])
            if n_interpolated == 0:
                return borrowed
            return np.vstack(
                [borrowed, interpolate(rows, n_interpolated, random_state)]
            )

        def interpolate(rows, n_samples, random_state):
            # As SMOTE: a sample x of the class, z one of its nearest in the
            # class, and a point drawn uniformly on the segment from x to z.
            neighbours = same_class_neighbours(X[rows], self.k_neighbors)
            starts_at = random_state.randint(len(rows), size=n_samples)
            ends_at = neighbours[
                starts_at, random_state.randint(neighbours.shape[1], size=n_samples)
            ]
            x, z = X[rows[starts_at]], X[rows[ends_at]]
            return x + random_state.uniform(size=(n_samples, 1)) * (z - x)

        return make

    def _donors(self, y):
        """The donor classes, sorted, checked against the counts of ``y``."""
        counts = Counter(y.tolist())
        if isinstance(self.donor_classes, str):
            donors = [
                label for label, n in counts.items() if n >= self.min_donor_samples
            ]
            if not donors:
                largest = max(counts.values())
                donors = [min(label for label, n in counts.items() if n == largest)]
            return np.array(sorted(donors), dtype=y.dtype)
        donors = list(dict.fromkeys(np.asarray(self.donor_classes).ravel().tolist()))
        absent = [label for label in donors if label not in counts]
        if absent or not donors:
            raise ParameterError(
                f"donor_classes={self.donor_classes!r} names no class, or classes "
                f"absent from y: {absent}.",
                parameter="donor_classes",
                hint="'auto' or a list of classes of y",
            )
        single = [label for label in donors if counts[label] < 2]
        if single:
            raise ParameterError(
                f"The donor classes {single} have a single sample, but a donor "
                "class needs two samples to lend a difference between neighbours.",
                parameter="donor_classes",
                hint="a list of classes of at least two samples",
            )
        return np.array(sorted(donors), dtype=y.dtype)
