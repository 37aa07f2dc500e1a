"""New samples redrawn until their nearest real samples are of their class."""

import numbers
from collections import Counter

import numpy as np
from imblearn.over_sampling import SMOTE
from imblearn.utils import Substitution
from imblearn.utils._docstring import _random_state_docstring
from sklearn.neighbors import NearestNeighbors
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import HasMethods, Interval

from ._class_wise import OUTPUT_DOCSTRING, DenseOverSampler
from ._inner import asking_for, check_inner_sampler, new_samples, shortfall
from ._validation import warn_caller


@Substitution(
    sampling_strategy=DenseOverSampler._sampling_strategy_docstring,
    random_state=_random_state_docstring,
    output=OUTPUT_DOCSTRING,
)
class CleanedOverSampler(DenseOverSampler):
    """Run an over-sampler, and redraw new samples that lie among another class.

    A new sample is clean when, among its ``n_neighbors`` nearest original
    samples (all classes together), no other class has more samples than
    its own class: the rule of the edited nearest neighbours that SMOTE-ENN
    applies, here to the new samples only. The over-sampler is run again,
    for the same counts, until each class has as many clean samples as
    asked for, up to ``max_rounds`` runs in all. Then a class still short of
    clean samples gets the best of its others: those with the most
    neighbours of their class, the earliest drawn first on a tie.

    It works in any space of continuous features: on the latent codes of
    :class:`DeepSMOTE` as its ``latent_sampler``, or on rows of pixels on
    its own.

    {output}

    Parameters
    ----------
    sampler : imbalanced-learn over-sampler, default=None
        The over-sampler whose new samples are cleaned; None for
        :class:`~imblearn.over_sampling.SMOTE` with its defaults. It is
        cloned for each run, and its ``sampling_strategy`` and
        ``random_state`` are set by this over-sampler: the counts asked for,
        and a seed drawn from ``random_state``. It runs on floating-point
        rows (float64 for integer input).

    {sampling_strategy}

    {random_state}

    n_neighbors : int, default=5
        Number of nearest original samples that judge a new sample.

    max_rounds : int, default=5
        Most runs of ``sampler``. With 1, nothing is redrawn: the samples are
        those of a single run.

    Attributes
    ----------
    sampling_strategy_ : dict
        Number of samples asked for each class.

    sampler_ : imbalanced-learn over-sampler
        The clone of ``sampler`` (or the SMOTE) of the last run, fitted.

    n_rejected_ : dict
        Number of new samples of each class over-sampled that were not clean,
        over all runs, whether they were redrawn or kept.

    n_kept_unclean_ : dict
        Number of samples of each class over-sampled, among those returned,
        that are not clean: kept after ``max_rounds`` runs to give the counts
        asked for.

    n_short_ : dict
        Number of samples of each class over-sampled fewer than
        ``sampling_strategy_`` asks for: 0 unless ``sampler`` made too few
        samples in all its runs together, which is warned about.

    n_features_in_ : int
        Number of features in the input.

    See Also
    --------
    imblearn.combine.SMOTEENN : Removes original and new samples by the
        same rule, which changes the counts.

    Notes
    -----
    An over-sampler that makes new samples only around some samples, such
    as :class:`~imblearn.over_sampling.BorderlineSMOTE` or
    :class:`~imblearn.over_sampling.SVMSMOTE`, may make fewer samples than
    asked for in a run: the runs go on until the counts are reached, and a
    class still short after ``max_rounds`` runs is returned short, with a
    warning and its shortfall in ``n_short_``. Samples beyond the counts
    asked for, as :class:`~imblearn.over_sampling.ADASYN` may make, are
    left out.

    Examples
    --------
    >>> import numpy as np
    >>> from imblearn.over_sampling import SMOTE
    >>> from imblearn_deepsmote import CleanedOverSampler
    >>> rng = np.random.RandomState(0)
    >>> X = np.vstack([rng.normal(size=(40, 2)), rng.normal(2, 1, size=(10, 2))])
    >>> y = np.repeat([0, 1], [40, 10])
    >>> sampler = CleanedOverSampler(sampler=SMOTE(k_neighbors=3), random_state=0)
    >>> X_res, y_res = sampler.fit_resample(X, y)
    >>> np.bincount(y_res)
    array([40, 40])
    >>> sampler.n_rejected_[1] > sampler.n_kept_unclean_[1]
    True
    """

    _parameter_constraints: dict = {
        **DenseOverSampler._parameter_constraints,
        "sampler": [HasMethods(["fit_resample"]), None],
        "n_neighbors": [Interval(numbers.Integral, 1, None, closed="left")],
        "max_rounds": [Interval(numbers.Integral, 1, None, closed="left")],
    }

    def __init__(
        self,
        *,
        sampler=None,
        sampling_strategy="auto",
        random_state=None,
        n_neighbors=5,
        max_rounds=5,
    ):
        super().__init__(sampling_strategy=sampling_strategy)
        self.sampler = sampler
        self.random_state = random_state
        self.n_neighbors = n_neighbors
        self.max_rounds = max_rounds

    def _new_samples(self, X, y):
        sampler = SMOTE() if self.sampler is None else self.sampler
        check_inner_sampler(sampler, parameter="sampler")
        random_state = check_random_state(self.random_state)
        nn = NearestNeighbors(n_neighbors=min(self.n_neighbors, len(X))).fit(X)
        counts = Counter(y.tolist())
        wanted = {label: n for label, n in self.sampling_strategy_.items() if n > 0}
        clean = {label: [] for label in wanted}
        unclean = {label: [] for label in wanted}
        for _ in range(self.max_rounds):
            missing = {
                label: n - sum(map(len, clean[label]))
                for label, n in wanted.items()
                if n > sum(map(len, clean[label]))
            }
            if not missing:
                break
            # Each run asks for the whole counts: a run asked for a few
            # samples makes none with ADASYN, which rounds its counts.
            self.sampler_ = asking_for(
                sampler, counts, wanted, random_state.randint(np.iinfo(np.int32).max)
            )
            X_new, y_new, _ = new_samples(self.sampler_, X, y, role="sampler")
            own, is_clean = self._judge(nn, y, X_new, y_new)
            for label, n in missing.items():
                rows = np.flatnonzero(y_new == label)
                kept = rows[is_clean[rows]][:n]
                clean[label].append(X_new[kept])
                others = rows[~is_clean[rows]]
                unclean[label].append((X_new[others], own[others]))
        self.n_rejected_ = {
            label: sum(len(rows) for rows, _ in unclean[label]) for label in wanted
        }
        self.n_kept_unclean_ = {}
        X_parts, y_parts = [X[:0]], [y[:0]]
        for label, n in wanted.items():
            made = np.concatenate(clean[label] or [X[:0]])
            short = n - len(made)
            rows = np.concatenate([rows for rows, _ in unclean[label]] or [X[:0]])
            own = np.concatenate([own for _, own in unclean[label]] or [[]])
            best = rows[np.argsort(-own, kind="stable")[:short]]
            self.n_kept_unclean_[label] = len(best)
            X_parts += [made, best]
            y_parts.append(np.full(len(made) + len(best), label, dtype=y.dtype))
        y_new = np.hstack(y_parts)
        self.n_short_ = {
            label: int(n - np.sum(y_new == label)) for label, n in wanted.items()
        }
        short = shortfall(wanted, y_new)
        if short:
            warn_caller(
                f"{type(sampler).__name__} inside CleanedOverSampler made fewer "
                f"samples than asked for in {self.max_rounds} runs; missing per "
                f"class: {short}. It only generates around the samples it "
                "selects; raise max_rounds, or use SMOTE (the default) for exact "
                "counts."
            )
        return np.vstack(X_parts), y_new

    @staticmethod
    def _judge(nn, y, X_new, y_new):
        """Own-class neighbours of each new sample, and whether it is clean."""
        if len(X_new) == 0:
            return np.zeros(0, dtype=int), np.zeros(0, dtype=bool)
        votes = y[nn.kneighbors(X_new, return_distance=False)]
        own = (votes == y_new[:, np.newaxis]).sum(axis=1)
        most = np.max([(votes == label).sum(axis=1) for label in np.unique(y)], axis=0)
        return own, own >= most
