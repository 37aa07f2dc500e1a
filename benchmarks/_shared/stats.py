"""Paired tests on unit means, and Holm's correction.

The unit of a comparison is a (data set, seed), or for tables a (data set,
repeat) of a repeated cross-validation: every classifier trained on one
seed shares its training set and its resampled output, so classifier
blocks are averaged within a unit before a test (:func:`unit_means`).
Differences between two samplers, one per unit, are then tested with the
exact sign-flip permutation test (:func:`sign_flip_p`) or the exact
Wilcoxon signed-rank test (:func:`wilcoxon_p`), both two-sided; the
p-values of a declared family of comparisons are adjusted with Holm's
step-down method (:func:`holm`).
"""

import itertools
from collections import defaultdict

import numpy as np
from scipy import stats

MAX_EXACT_UNITS = 20
"""Above this many units the 2^n sign patterns are too many to enumerate."""


def unit_means(records, value, unit, within):
    """Average ``value`` of the records over ``within`` in each unit.

    Parameters
    ----------
    records : iterable of dict
        Flat records, one per (unit, block).
    value : str
        Key of the number to average.
    unit : tuple of str
        Keys whose values name a unit, such as ``("dataset", "seed")``.
    within : str
        Key of the blocks averaged inside a unit, such as ``"classifier"``.

    Returns
    -------
    means : dict
        ``{unit values: mean}``; a unit whose records name one block twice
        is refused.
    """
    blocks = defaultdict(dict)
    for record in records:
        key = tuple(record[k] for k in unit)
        block = record[within]
        if block in blocks[key]:
            raise ValueError(f"unit {key} holds {within}={block!r} twice")
        blocks[key][block] = record[value]
    return {key: float(np.mean(list(b.values()))) for key, b in blocks.items()}


def sign_flip_p(differences):
    """Exact two-sided sign-flip permutation p of paired differences.

    Under the null hypothesis each difference is as likely positive as
    negative; p is the share of the 2^n sign patterns whose sum is at least
    as far from 0 as the observed sum. With n units the smallest possible p
    is 2 / 2^n (0.0625 for 5 units, 0.25 for 3).
    """
    d = np.asarray(differences, dtype=float)
    n = len(d)
    if n == 0:
        raise ValueError("no paired differences to test")
    if n > MAX_EXACT_UNITS:
        raise ValueError(f"{n} units: more than {MAX_EXACT_UNITS} to enumerate")
    signs = np.array(list(itertools.product((1.0, -1.0), repeat=n)))
    sums = np.abs(signs @ d)
    observed = abs(d.sum())
    return float(np.mean(sums >= observed - 1e-9 * max(1.0, observed)))


def wilcoxon_p(differences):
    """Exact two-sided Wilcoxon signed-rank p of paired differences.

    Zero differences are dropped (Wilcoxon's convention); all zero gives 1.
    """
    d = np.asarray(differences, dtype=float)
    d = d[d != 0]
    if len(d) == 0:
        return 1.0
    return float(stats.wilcoxon(d, method="exact").pvalue)


def holm(pvalues):
    """Holm-adjusted p-values, in the order given.

    Sorted ascending, the i-th (from 1) of m p-values is multiplied by
    m - i + 1; each adjusted value is at least the one before it, and at
    most 1. Rejecting where the adjusted p is at most alpha is Holm's
    step-down test at level alpha.
    """
    p = np.asarray(pvalues, dtype=float)
    m = len(p)
    adjusted = np.empty(m)
    running = 0.0
    for rank, index in enumerate(np.argsort(p, kind="stable")):
        running = max(running, min(1.0, (m - rank) * p[index]))
        adjusted[index] = running
    return adjusted.tolist()


def paired(a, b):
    """Compare two samplers on the units both have.

    Parameters
    ----------
    a, b : dict
        ``{unit: mean score}`` of each sampler.

    Returns
    -------
    summary : dict
        ``n`` units, ``mean_difference`` (a - b) and its ``sd``, units
        ``won``, ``lost`` and ``tied`` by a, and the two-sided
        ``p_sign_flip`` and ``p_wilcoxon``.
    """
    units = sorted(set(a) & set(b))
    d = np.array([a[u] - b[u] for u in units])
    return {
        "n": len(units),
        "mean_difference": float(d.mean()),
        "sd": float(d.std(ddof=1)) if len(d) > 1 else 0.0,
        "won": int(np.sum(d > 0)),
        "lost": int(np.sum(d < 0)),
        "tied": int(np.sum(d == 0)),
        "p_sign_flip": sign_flip_p(d),
        "p_wilcoxon": wilcoxon_p(d),
    }
