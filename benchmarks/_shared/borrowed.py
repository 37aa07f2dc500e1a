"""Variants of Delta on the codes, for the benchmarks alone (quality round 5).

``DeltaOverSampler`` adds to a real code of a rare class the difference
between a code of a frequent ("donor") class and one of its neighbours.
``benchmarks/diagnose_delta.py`` found its new codes far off the rare
class's span and nearer another class's mean than their own four times as
often as SMOTE's. :class:`FittedDeltaOverSampler` keeps the borrowed
difference but fits it to the rare class, in one of these ways (each a
candidate of ``_shared/methods.py``):

- ``near_donors``: borrow only from the donor classes whose mean code is
  nearest the rare class's mean;
- ``fit="span"``: project the difference onto the span of the rare class's
  real codes (the directions in which the class already varies), so that
  new codes stay in the class's affine hull, as SMOTE's do;
- ``fit="spread"``: scale the difference by the rare class's spread over
  the donor class's (root mean square distance of codes to their mean);
- ``smote_share``: make that share of each class's new codes by SMOTE
  (interpolation towards one of the ``k_neighbors`` nearest codes of the
  class), the rest by Delta.
"""

import numbers

import numpy as np
from imblearn.over_sampling.base import BaseOverSampler
from sklearn.neighbors import NearestNeighbors
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, StrOptions


class FittedDeltaOverSampler(BaseOverSampler):
    """Delta whose borrowed differences are fitted to the class over-sampled.

    Parameters
    ----------
    sampling_strategy, random_state
        As in imbalanced-learn's over-samplers.
    k_neighbors : int, default=5
        Neighbours of a donor code among which the second code of a pair is
        drawn (as ``DeltaOverSampler``), and of a code for SMOTE's share.
    min_donor_samples : int, default=60
        Least count of a donor class (the largest class if none has it).
    near_donors : int, default=None
        Borrow, for each class, only from this many donor classes, those
        whose mean is nearest its mean; None: all donor classes.
    fit : {"span", "spread"} or None, default=None
        How the difference is fitted to the class (module docstring).
    smote_share : float, default=0.0
        Share of each class's new codes made by SMOTE instead.
    """

    _parameter_constraints: dict = {
        **BaseOverSampler._parameter_constraints,
        "random_state": ["random_state"],
        "k_neighbors": [Interval(numbers.Integral, 1, None, closed="left")],
        "min_donor_samples": [Interval(numbers.Integral, 2, None, closed="left")],
        "near_donors": [Interval(numbers.Integral, 1, None, closed="left"), None],
        "fit": [StrOptions({"span", "spread"}), None],
        "smote_share": [Interval(numbers.Real, 0, 1, closed="both")],
    }

    def __init__(
        self,
        *,
        sampling_strategy="auto",
        random_state=None,
        k_neighbors=5,
        min_donor_samples=60,
        near_donors=None,
        fit=None,
        smote_share=0.0,
    ):
        super().__init__(sampling_strategy=sampling_strategy)
        self.random_state = random_state
        self.k_neighbors = k_neighbors
        self.min_donor_samples = min_donor_samples
        self.near_donors = near_donors
        self.fit = fit
        self.smote_share = smote_share

    def _fit_resample(self, X, y):
        random_state = check_random_state(self.random_state)
        labels, counts = np.unique(y, return_counts=True)
        donors = labels[counts >= self.min_donor_samples]
        if donors.size == 0:
            donors = labels[[np.argmax(counts)]]
        rows = {c: np.flatnonzero(y == c) for c in labels}
        means = {c: X[rows[c]].mean(axis=0) for c in labels}
        spread = {
            c: np.sqrt(((X[rows[c]] - means[c]) ** 2).sum(axis=1).mean())
            for c in labels
        }
        pairs = {d: self._pairs(X[rows[d]], rows[d]) for d in donors}
        X_parts, y_parts = [X], [y]
        for label, n_samples in self.sampling_strategy_.items():
            if n_samples == 0:
                continue
            n_smote = int(round(self.smote_share * n_samples))
            if len(rows[label]) < 2:
                n_smote = 0
            new = [self._smote(X, rows[label], n_smote, random_state)]
            near = donors
            if self.near_donors is not None:
                distance = [np.linalg.norm(means[d] - means[label]) for d in donors]
                near = donors[np.argsort(distance, kind="stable")[: self.near_donors]]
            n_delta = n_samples - n_smote
            bases = X[rows[label][random_state.randint(len(rows[label]), size=n_delta)]]
            chosen = near[random_state.randint(len(near), size=n_delta)]
            diffs = np.empty_like(bases)
            for donor in np.unique(chosen):
                at = np.flatnonzero(chosen == donor)
                firsts, seconds = pairs[donor]
                pick = random_state.randint(len(firsts), size=len(at))
                diffs[at] = X[seconds[pick]] - X[firsts[pick]]
                if self.fit == "spread":
                    diffs[at] *= spread[label] / max(spread[donor], 1e-12)
            if self.fit == "span":
                centred = X[rows[label]] - means[label]
                _, s, vt = np.linalg.svd(centred, full_matrices=False)
                basis = vt[s > (s[0] * 1e-6 if s.size else 0)]
                diffs = diffs @ basis.T @ basis
            new.append(bases + diffs)
            X_parts.append(np.vstack(new).astype(X.dtype))
            y_parts.append(np.full(n_samples, label, dtype=y.dtype))
        return np.vstack(X_parts), np.hstack(y_parts)

    def _pairs(self, X_class, rows):
        """Every (code, one of its neighbours) pair of a donor class, as rows."""
        k = min(self.k_neighbors, len(X_class) - 1)
        neighbours = (
            NearestNeighbors(n_neighbors=k)
            .fit(X_class)
            .kneighbors(return_distance=False)
        )
        return np.repeat(rows, k), rows[neighbours.ravel()]

    def _smote(self, X, rows, n, random_state):
        """``n`` codes interpolated between codes of ``rows`` and neighbours."""
        if n == 0:
            return X[:0]
        firsts, seconds = self._pairs(X[rows], rows)
        pick = random_state.randint(len(firsts), size=n)
        gaps = random_state.uniform(size=(n, 1))
        return X[firsts[pick]] + gaps * (X[seconds[pick]] - X[firsts[pick]])
