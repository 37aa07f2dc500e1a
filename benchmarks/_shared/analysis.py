"""The tables of the report tool, computed from the runs of results files.

Scores are ACSA (balanced accuracy, percent) on the evaluation set. A
classifier family's score of a unit is the mean over the family's
classifiers (for tables, over the folds of the repeat first); a unit counts
for a sampler only when every classifier of the family ran on it.
"""

from collections import defaultdict

import numpy as np

from .protocol import CLASSIFIER_FAMILIES
from .stats import holm, paired


def family_scores(
    runs, dataset, sampler, family, metric="acsa", test="eval", members=None
):
    """``{seed: family mean}`` of one sampler on one data set.

    ``members`` (default: the classifiers of ``family``) are the classifiers
    averaged within a unit.
    """
    members = CLASSIFIER_FAMILIES[family] if members is None else members
    per_classifier = defaultdict(lambda: defaultdict(list))
    for run in runs:
        if (
            run["dataset"] == dataset
            and run["sampler"] == sampler
            and run["classifier"] in members
            and test in run
        ):
            per_classifier[run["seed"]][run["classifier"]].append(run[test][metric])
    return {
        seed: float(np.mean([np.mean(scores[c]) for c in members]))
        for seed, scores in per_classifier.items()
        if all(c in scores for c in members)
    }


def classifier_scores(runs, dataset, sampler, classifier, metric="acsa"):
    """``{seed: score}`` of one classifier (mean over the folds of tables)."""
    folds = defaultdict(list)
    for run in runs:
        if (
            run["dataset"] == dataset
            and run["sampler"] == sampler
            and run["classifier"] == classifier
        ):
            folds[run["seed"]].append(run["eval"][metric])
    return {seed: float(np.mean(scores)) for seed, scores in folds.items()}


def declared_comparisons(runs, declared):
    """Every declared comparison found in ``runs``, Holm-adjusted per data set.

    Returns a list of dicts: ``dataset``, ``family``, ``sampler``,
    ``baseline`` and the
    fields of :func:`_shared.stats.paired`, with ``p_holm`` the sign-flip p
    adjusted over the data set's family of comparisons (the declared
    baselines x classifier families it has).
    """
    rows = []
    for dataset in sorted({run["dataset"] for run in runs}):
        group = []
        for family in declared["families"]:
            ours = family_scores(runs, dataset, declared["sampler"], family)
            for baseline in declared["against"]:
                theirs = family_scores(runs, dataset, baseline, family)
                if set(ours) & set(theirs):
                    group.append(
                        {
                            "dataset": dataset,
                            "family": family,
                            "sampler": declared["sampler"],
                            "baseline": baseline,
                            **paired(ours, theirs),
                        }
                    )
        for row, p in zip(group, holm([r["p_sign_flip"] for r in group]), strict=True):
            row["p_holm"] = p
        rows += group
    return rows


def sampler_summary(runs, dataset, family, samplers):
    """Per sampler: units, mean and sd over units of the family score."""
    summary = {}
    for sampler in samplers:
        scores = list(family_scores(runs, dataset, sampler, family).values())
        if scores:
            summary[sampler] = {
                "n": len(scores),
                "mean": float(np.mean(scores)),
                "sd": float(np.std(scores, ddof=1)) if len(scores) > 1 else 0.0,
            }
    return summary


def design_selection(runs, declaration):
    """The design comparison of a selection run, and what its rule decides.

    For each declared data set and family, the classifiers of the family
    that the declaration runs there are averaged within a unit; each
    candidate and reference is compared with the baseline on the units both
    have. Returns ``(rows, chosen)``: rows of ``dataset`` (or ``"all"``, the
    units of every data set), ``family``, ``sampler``, ``n`` units and the
    mean difference ``diff`` (sampler minus baseline); and the candidate the
    declared rule takes, or None.
    """
    rows = []
    for family, members in declaration["families"].items():
        for sampler in (*declaration["candidates"], *declaration["references"]):
            pooled = []
            for dataset, spec in declaration["datasets"].items():
                ran = spec["classifiers"]
                used = (
                    members if ran == "all" else tuple(c for c in members if c in ran)
                )
                base = family_scores(
                    runs, dataset, declaration["baseline"], family, members=used
                )
                ours = family_scores(runs, dataset, sampler, family, members=used)
                diffs = [
                    ours[seed] - base[seed] for seed in sorted(set(ours) & set(base))
                ]
                if diffs:
                    pooled += diffs
                    rows.append(_design_row(dataset, family, sampler, diffs))
            if pooled:
                rows.append(_design_row("all", family, sampler, pooled))
    return rows, _chosen(rows, declaration)


def _design_row(dataset, family, sampler, diffs):
    return {
        "dataset": dataset,
        "family": family,
        "sampler": sampler,
        "n": len(diffs),
        "diff": float(np.mean(diffs)),
        "won": int(np.sum(np.array(diffs) > 0)),
    }


def _chosen(rows, declaration):
    """The candidate the declared rule takes: positive in each family over
    all units and on at least two data sets per family; the best mean."""
    n_datasets = len(declaration["datasets"])
    qualified = {}
    for sampler in declaration["candidates"]:
        means = []
        for family in declaration["families"]:
            mine = [
                r for r in rows if r["sampler"] == sampler and r["family"] == family
            ]
            pooled = [r for r in mine if r["dataset"] == "all"]
            per_set = [r for r in mine if r["dataset"] != "all"]
            if (
                not pooled
                or len(per_set) < n_datasets
                or pooled[0]["diff"] <= 0
                or sum(r["diff"] > 0 for r in per_set) < 2
            ):
                break
            means.append(pooled[0]["diff"])
        else:
            qualified[sampler] = float(np.mean(means))
    return max(qualified, key=qualified.get) if qualified else None
