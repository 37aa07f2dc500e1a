"""The report tool: tables of results files, with the declared tests.

Reads the ``results.json`` of one or more runs of ``quality.py`` of one
phase (a file of another phase is refused; ``--phase legacy`` reads the
files of the matrix that came before the phases, whose seeds informed
choices) and prints Markdown:

1. per data set and classifier family (the CNN; the classical classifiers,
   averaged within a unit), each sampler's ACSA, mean ± sd over units, and
   DeepSMOTE's defaults minus each declared baseline: units won/lost, the
   exact sign-flip p on unit means, and that p Holm-adjusted over the data
   set's declared comparisons;
2. the declared comparisons again, one a row, with Wilcoxon's p;
3. per classifier, the same differences and units won (no tests: these are
   not declared comparisons);
4. cost: median seconds to resample, per data set and sampler;
5. sample quality: precision, recall, density, coverage and Fréchet
   distance of the new images, mean over classes and seeds;
6. the round-5 pick on its declared report seeds (``DESIGN_REPORT_ROUND5``):
   its five comparisons per data set and family, Holm over those five, and
   the conditions of the round-5 rule on those units, and its differences
   per classifier (not declared comparisons).

Run::

    python benchmarks/report.py benchmarks/recorded/report_*/results.json
"""

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np
from _shared.analysis import (
    classifier_scores,
    declared_comparisons,
    design_selection,
    sampler_summary,
)
from _shared.margin_rule import decide
from _shared.protocol import (
    CLASSIFIER_FAMILIES,
    DECLARED,
    DECLARED_AUGMENTED,
    DECLARED_TABLES,
    DESIGN_REPORT_ROUND5,
    DESIGN_REPORTS,
    DESIGN_ROUND4,
    DESIGN_ROUND5,
    DESIGN_SELECTION,
)
from _shared.records import read_results
from _shared.stats import holm

QUALITY = ("precision", "recall", "density", "coverage", "frechet")


def load(paths, phase):
    """Runs, resamples and quality records of the files, and the declared."""
    merged = defaultdict(list)
    declared = None
    for path in paths:
        try:
            results = read_results(path, phase)
        except ValueError as error:
            raise SystemExit(str(error)) from None
        for key in ("runs", "resamples", "quality"):
            merged[key] += results[key]
        declared = results["declared"] or DECLARED
    return merged, declared


def _p(value):
    return f"{value:.2g}" if value < 0.1 else f"{value:.2f}"


def sampler_table(runs, declared, rows):
    """Markdown: a row per data set and family, a column per sampler, then
    DeepSMOTE minus each declared baseline with its test."""
    samplers = list(dict.fromkeys(run["sampler"] for run in runs))
    ours = declared["sampler"]
    tests = {(r["dataset"], r["family"], r["baseline"]): r for r in rows}
    lines = [
        "| data set | family | units | "
        + " | ".join(samplers)
        + "".join(f" | {ours} minus {b}" for b in declared["against"])
        + " |",
        "|---|---|---|" + "---|" * (len(samplers) + len(declared["against"])),
    ]
    for dataset in dict.fromkeys(run["dataset"] for run in runs):
        for family in CLASSIFIER_FAMILIES:
            summary = sampler_summary(runs, dataset, family, samplers)
            if not summary:
                continue
            units = summary.get(ours, next(iter(summary.values())))["n"]
            cells = []
            for sampler in samplers:
                v = summary.get(sampler)
                cells.append(
                    ""
                    if v is None
                    else f"{v['mean']:.2f} ± {v['sd']:.2f}"
                    + ("" if v["n"] == units else f" ({v['n']} units)")
                )
            for baseline in declared["against"]:
                t = tests.get((dataset, family, baseline))
                cells.append(
                    ""
                    if t is None
                    else f"{t['mean_difference']:+.2f} ({t['won']}/{t['lost']}, "
                    f"p {_p(t['p_holm'])})"
                )
            lines.append(
                f"| {dataset} | {family} | {units} | " + " | ".join(cells) + " |"
            )
    return lines


def comparison_table(rows, sampler):
    """Markdown: the declared comparisons, one a row."""
    lines = [
        f"| data set | family | {sampler} minus | units | difference ± sd "
        "| won/lost | p sign-flip | p Wilcoxon | p Holm |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['dataset']} | {r['family']} | {r['baseline']} | {r['n']} | "
            f"{r['mean_difference']:+.2f} ± {r['sd']:.2f} | {r['won']}/{r['lost']} | "
            f"{_p(r['p_sign_flip'])} | {_p(r['p_wilcoxon'])} | {_p(r['p_holm'])} |"
        )
    return lines


def per_classifier_table(runs, declared):
    """Markdown: per classifier, the declared differences and units won."""
    against = declared["against"]
    lines = [
        "| data set | classifier | units | "
        + " | ".join(f"minus {b} (won/lost)" for b in against)
        + " |",
        "|---|---|---|" + "---|" * len(against),
    ]
    classifiers = list(dict.fromkeys(run["classifier"] for run in runs))
    for dataset in dict.fromkeys(run["dataset"] for run in runs):
        for classifier in classifiers:
            ours = classifier_scores(runs, dataset, declared["sampler"], classifier)
            cells, n_units = [], set()
            for baseline in against:
                theirs = classifier_scores(runs, dataset, baseline, classifier)
                units = sorted(set(ours) & set(theirs))
                if not units:
                    cells.append("")
                    continue
                n_units.add(len(units))
                d = np.array([ours[u] - theirs[u] for u in units])
                cells.append(
                    f"{d.mean():+.2f} ({int((d > 0).sum())}/{int((d < 0).sum())})"
                )
            if n_units:
                units = "/".join(str(n) for n in sorted(n_units))
                lines.append(
                    f"| {dataset} | {classifier} | {units} | "
                    + " | ".join(cells)
                    + " |"
                )
    return lines


def cost_table(resamples):
    """Markdown: median resampling seconds per data set and sampler."""
    seconds = defaultdict(list)
    for r in resamples:
        if r["sampler"] not in ("none", "class_weight"):
            seconds[(r["dataset"], r["sampler"])].append(r["seconds"])
    lines = ["| data set | sampler | median s | resamplings |", "|---|---|---|---|"]
    lines += [
        f"| {d} | {s} | {np.median(v):.2f} | {len(v)} |"
        for (d, s), v in seconds.items()
    ]
    return lines


def quality_table(quality):
    """Markdown: sample quality, mean over classes and seeds."""
    values = defaultdict(list)
    seeds = defaultdict(set)
    for r in quality:
        values[(r["dataset"], r["sampler"])].append([r[k] for k in QUALITY])
        seeds[(r["dataset"], r["sampler"])].add(r["seed"])
    lines = [
        "| data set | sampler | seeds | " + " | ".join(QUALITY) + " |",
        "|---|---|---|" + "---|" * len(QUALITY),
    ]
    for (d, s), v in values.items():
        means = np.mean(v, axis=0)
        lines.append(
            f"| {d} | {s} | {len(seeds[(d, s)])} | "
            + " | ".join(f"{m:.3g}" for m in means)
            + " |"
        )
    return lines


def design_table(runs, declaration):
    """Markdown: a declaration's candidates against the defaults, and the choice."""
    rows, chosen = design_selection(runs, declaration)
    datasets = declaration["datasets"]
    lines = [
        f"Minus `{declaration['baseline']}` (validation ACSA, mean over "
        "units of the family mean); units won in brackets.",
        "",
        "| sampler | family | " + " | ".join(datasets) + " | all |",
        "|---|---|" + "---|" * (len(datasets) + 1),
    ]
    cells = {(r["sampler"], r["family"], r["dataset"]): r for r in rows}
    for sampler in dict.fromkeys(r["sampler"] for r in rows):
        for family in declaration["families"]:
            row = [
                (
                    f"{cell['diff']:+.2f} ({cell['won']}/{cell['n']})"
                    if (cell := cells.get((sampler, family, dataset)))
                    else "-"
                )
                for dataset in (*datasets, "all")
            ]
            lines.append(f"| {sampler} | {family} | " + " | ".join(row) + " |")
    lines += ["", f"The declared rule takes: **{chosen or 'none (defaults stay)'}**."]
    return lines


DESIGN_PASSES = {
    "Design selection": DESIGN_SELECTION,
    "Design selection, second pass": DESIGN_ROUND4,
}
"""The declared design selections, by the title of their section."""


def round5_comparisons(runs):
    """The round-5 pick and its rows: per data set and family, the pick and
    the defaults against their declared baselines, Holm over those five.

    Only runs on ``DESIGN_REPORT_ROUND5``'s seeds count; the pick is the
    one ``DESIGN_ROUND5`` candidate among them. ``(None, [])`` without one.
    """
    declaration = DESIGN_REPORT_ROUND5
    runs = [
        run
        for run in runs
        if run["seed"] in declaration["reported_on"].get(run["dataset"], ())
    ]
    picks = {run["sampler"] for run in runs} & set(DESIGN_ROUND5["candidates"])
    if len(picks) != 1:
        return None, []
    (pick,) = picks
    rows = []
    for family in declaration["families"]:
        group = []
        for sampler, against in declaration["comparisons"].items():
            sampler = pick if sampler == "the pick" else sampler
            compared = {"sampler": sampler, "against": against, "families": (family,)}
            group += declared_comparisons(runs, compared)
        for dataset in dict.fromkeys(r["dataset"] for r in group):
            mine = [r for r in group if r["dataset"] == dataset]
            for row, p in zip(
                mine, holm([r["p_sign_flip"] for r in mine]), strict=True
            ):
                row["p_holm"] = p
            rows += mine
    return pick, rows


def round5_rule_table(runs, pick):
    """Markdown: the round-5 rule's means on the report units run, per data
    set and over the data sets (each weighing the same), and its conditions."""
    margin = DESIGN_ROUND5["margin"]
    classical = DESIGN_ROUND5["families"]["classical"]
    reported = {
        dataset: tuple(
            seed
            for seed in seeds
            if any(r["dataset"] == dataset and r["seed"] == seed for r in runs)
        )
        for dataset, seeds in DESIGN_REPORT_ROUND5["reported_on"].items()
    }
    reported = {dataset: seeds for dataset, seeds in reported.items() if seeds}
    lines = [
        f"| data sets (units) | {' | '.join(classical)} | cnn | classical "
        f"| classical minus smote | (a) each >= -{margin} | (b) cnn > 0 "
        "| (c) minus smote >= 0 |",
        "|---|" + "---|" * (len(classical) + 6),
    ]
    groups = [{dataset: seeds} for dataset, seeds in reported.items()]
    for datasets in [*groups, reported] if len(groups) > 1 else groups:
        declaration = {
            **DESIGN_ROUND5,
            "datasets": {d: {"seeds": seeds} for d, seeds in datasets.items()},
            "candidates": (pick,),
            "cost_candidates": (),
        }
        (row,), _, _ = decide(runs, declaration)
        name = " + ".join(f"{d} ({len(s)})" for d, s in datasets.items())
        if not row["complete"]:
            lines.append(f"| {name} | incomplete: a unit misses a cell |")
            continue
        values = [*(row["per_classifier"][c] for c in classical), row["cnn"]]
        values += [row["classical"], row["classical_minus_smote"]]
        held = (
            min(row["per_classifier"].values()) >= -margin,
            row["cnn"] > 0,
            row["classical_minus_smote"] >= 0,
        )
        lines.append(
            f"| {name} | "
            + " | ".join(f"{v:+.2f}" for v in values)
            + " | "
            + " | ".join("yes" if h else "no" for h in held)
            + " |"
        )
    return lines


def augmented_comparisons(runs):
    """``{sampler: rows}``: the declared comparisons of the augmented CNN."""
    family = DECLARED_AUGMENTED["family"]
    if not any(run["classifier"] == family for run in runs):
        return {}
    return {
        sampler: declared_comparisons(
            runs, {"sampler": sampler, "against": against, "families": (family,)}
        )
        for sampler, against in DECLARED_AUGMENTED["comparisons"].items()
    }


def pooled_table_comparisons(runs):
    """``DECLARED_TABLES``' pooled comparisons: the unit is a table, the mean
    of its repeats, over the tables the runs hold (Holm over the two)."""
    tables = set(DECLARED_TABLES["datasets"])
    pooled = [
        {**run, "dataset": "tables", "seed": run["dataset"]}
        for run in runs
        if run["dataset"] in tables
    ]
    declared = {
        "sampler": "deepsmote",
        "against": DECLARED_TABLES["comparisons"]["deepsmote"],
        "families": (DECLARED_TABLES["family"],),
    }
    return declared_comparisons(pooled, declared) if pooled else []


def report(paths, phase="report"):
    """The Markdown report of results files, and the declared comparisons."""
    merged, declared = load(paths, phase)
    runs = merged["runs"]
    rows = declared_comparisons(runs, declared)
    augmented = augmented_comparisons(runs) if phase == "report" else {}
    tested = rows + augmented.get(declared["sampler"], [])
    lines = ["### Samplers and declared comparisons", ""]
    lines += [
        "ACSA %, mean ± sd over units; DeepSMOTE minus a baseline: mean "
        "paired difference (units won/lost, Holm-adjusted sign-flip p).",
        "",
        *sampler_table(runs, declared, tested),
        "",
    ]
    lines += ["### Declared comparisons", ""]
    lines += [*comparison_table(rows, declared["sampler"]), ""]
    lines += ["### Per classifier", "", *per_classifier_table(runs, declared)]
    lines += ["", "### Cost", "", *cost_table(merged["resamples"])]
    if merged["quality"]:
        lines += ["", "### Sample quality", "", *quality_table(merged["quality"])]
    for title, declaration in DESIGN_PASSES.items():
        if phase == "select" and any(
            run["sampler"] in declaration["candidates"] for run in runs
        ):
            lines += ["", f"### {title}", "", *design_table(runs, declaration)]
    for declaration in DESIGN_REPORTS:
        candidate = declaration["candidate"]
        if phase != "report" or not any(run["sampler"] == candidate for run in runs):
            continue
        design = {**declared, "sampler": candidate, "against": declaration["against"]}
        design_rows = declared_comparisons(runs, design)
        lines += ["", f"### The design pick `{candidate}` on report seeds", ""]
        lines += comparison_table(design_rows, candidate)
        lines += ["", "Per classifier:", "", *per_classifier_table(runs, design)]
        rows = rows + design_rows
    pick, round5_rows = round5_comparisons(runs) if phase == "report" else (None, [])
    if pick:
        lines += [
            "",
            f"### The round-5 pick `{pick}` on its report seeds",
            "",
            "`DESIGN_REPORT_ROUND5`: Holm over the five comparisons of a data "
            "set and family (the pick minus three baselines, the defaults "
            "minus two); these replace the p above for these units.",
            "",
        ]
        for sampler in (pick, DECLARED["sampler"]):
            mine = [r for r in round5_rows if r["sampler"] == sampler]
            lines += [*comparison_table(mine, sampler), ""]
        lines += [
            f"The round-5 rule's means, `{pick}` minus the defaults (minus "
            "SMOTE where named), on these units:",
            "",
            *round5_rule_table(runs, pick),
        ]
        against = DESIGN_REPORT_ROUND5["comparisons"]["the pick"]
        design = {**DECLARED, "sampler": pick, "against": against}
        lines += ["", "Per classifier:", "", *per_classifier_table(runs, design)]
        rows = rows + round5_rows
    pooled_rows = pooled_table_comparisons(runs) if phase == "report" else []
    if pooled_rows:
        lines += [
            "",
            "### The tables pooled (`DECLARED_TABLES`)",
            "",
            "The unit is a table (the mean of its repeats); Holm over the two.",
            "",
            *comparison_table(pooled_rows, "deepsmote"),
        ]
        rows = rows + pooled_rows
    if any(augmented.values()):
        lines += ["", "### The CNN with augmentation (declared apart)", ""]
        for sampler, augmented_rows in augmented.items():
            if augmented_rows:
                lines += [*comparison_table(augmented_rows, sampler), ""]
                rows = rows + augmented_rows
    return "\n".join(lines) + "\n", rows


def main(argv=None):
    """Print the report of the results files given."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("results", nargs="+", type=Path)
    parser.add_argument(
        "--phase", choices=("select", "report", "legacy"), default="report"
    )
    parser.add_argument("--json", type=Path, help="write the comparisons here")
    args = parser.parse_args(argv)
    text, rows = report(args.results, args.phase)
    print(text)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
