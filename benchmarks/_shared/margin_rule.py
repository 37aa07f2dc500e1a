"""The rule of the round-5 design selection (``protocol.DESIGN_ROUND5``).

A candidate passes if (a) for each classical classifier its mean minus the
baseline's is at least ``-margin``, (b) for the CNN its mean minus the
baseline's is above 0, and (c) for the classical family (its classifiers
averaged within a unit) its mean minus SMOTE's is at least 0. A mean is
over data sets of the means over their units, so that each data set weighs
the same. A cost candidate passes if it is at least ``-margin`` against
the baseline for every classifier, the CNN included. Nothing is decided
until every declared unit holds every sampler and classifier.
"""

import numpy as np


def _scores(runs):
    """{(dataset, seed, sampler, classifier): ACSA} of the runs."""
    return {
        (r["dataset"], r["seed"], r["sampler"], r["classifier"]): r["eval"]["acsa"]
        for r in runs
    }


def _weighted_diff(scores, declaration, sampler, against, classifiers):
    """Mean over data sets of the unit means of ``sampler`` minus ``against``.

    A unit's score is the mean of ``classifiers`` within it. None when a
    declared unit misses one of them.
    """
    means = []
    for dataset, spec in declaration["datasets"].items():
        diffs = []
        for seed in spec["seeds"]:
            keys = [
                (dataset, seed, s, c) for s in (sampler, against) for c in classifiers
            ]
            if any(key not in scores for key in keys):
                return None
            mine = np.mean([scores[dataset, seed, sampler, c] for c in classifiers])
            theirs = np.mean([scores[dataset, seed, against, c] for c in classifiers])
            diffs.append(mine - theirs)
        means.append(np.mean(diffs))
    return float(np.mean(means))


def decide(runs, declaration):
    """Rows of every candidate's conditions, the pick, and the cost verdicts.

    Returns
    -------
    rows : list of dict
        One a candidate (quality and cost): its means against the baseline
        per classical classifier, the CNN's, the classical family's against
        SMOTE and against the baseline, and whether it passes; ``None``
        means are units not yet run.
    chosen : str or None
        The quality candidate the rule takes; None if none passes or the
        runs are incomplete.
    cost_passed : list of str
        The cost candidates that pass their rule.
    """
    scores = _scores(runs)
    margin = declaration["margin"]
    baseline = declaration["baseline"]
    classical = declaration["families"]["classical"]
    (cnn,) = declaration["families"]["cnn"]
    rows = []
    for kind, names in (
        ("quality", declaration["candidates"]),
        ("cost", declaration["cost_candidates"]),
    ):
        for name in names:
            row = {
                "sampler": name,
                "kind": kind,
                "per_classifier": {
                    c: _weighted_diff(scores, declaration, name, baseline, (c,))
                    for c in classical
                },
                "cnn": _weighted_diff(scores, declaration, name, baseline, (cnn,)),
                "classical": _weighted_diff(
                    scores, declaration, name, baseline, classical
                ),
                "classical_minus_smote": _weighted_diff(
                    scores, declaration, name, "smote", classical
                ),
            }
            values = [*row["per_classifier"].values(), row["cnn"]]
            complete = None not in values and row["classical_minus_smote"] is not None
            row["complete"] = complete
            if not complete:
                row["passes"] = False
            elif kind == "quality":
                row["passes"] = (
                    min(row["per_classifier"].values()) >= -margin
                    and row["cnn"] > 0
                    and row["classical_minus_smote"] >= 0
                )
            else:
                row["passes"] = min(values) >= -margin
            rows.append(row)
    quality = [r for r in rows if r["kind"] == "quality"]
    passing = [r for r in quality if r["passes"]]
    chosen = None
    if passing and all(r["complete"] for r in quality):
        chosen = max(passing, key=lambda r: r["classical"] + r["cnn"])["sampler"]
    cost_passed = [r["sampler"] for r in rows if r["kind"] == "cost" and r["passes"]]
    return rows, chosen, cost_passed
