"""The report tool: tables of results files, with the declared tests.

Reads the ``results.json`` of one or more runs of ``quality.py`` (of one
phase; a file of the other phase is refused) and prints Markdown:

1. per data set and classifier family (the CNN; the classical classifiers,
   averaged within a unit), each sampler's ACSA, mean +- sd over units;
2. the declared comparisons: DeepSMOTE's defaults minus each declared
   baseline, units won, the exact sign-flip p and Wilcoxon p on unit
   means, and the sign-flip p Holm-adjusted per data set;
3. per classifier, the same differences and units won (no tests: these are
   not declared comparisons);
4. cost: median seconds to resample, per data set and sampler;
5. sample quality: precision, recall, density, coverage and Fréchet
   distance of the new images, mean over classes and seeds.

Run::

    python benchmarks/report.py benchmarks/recorded/report_*/results.json
"""

import argparse
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np
from _shared.analysis import (
    classifier_scores,
    declared_comparisons,
    sampler_summary,
)
from _shared.protocol import CLASSIFIER_FAMILIES
from _shared.records import read_results

QUALITY = ("precision", "recall", "density", "coverage", "frechet")


def load(paths, phase):
    """Runs, resamples, quality records and the declared comparisons."""
    merged = defaultdict(list)
    declared = None
    for path in paths:
        try:
            results = read_results(path, phase)
        except ValueError as error:
            raise SystemExit(str(error)) from None
        for key in ("runs", "resamples", "quality"):
            merged[key] += results[key]
        declared = results["declared"]
    return merged, declared


def _p(value):
    return f"{value:.3g}"


def sampler_tables(runs, declared):
    """Markdown: per data set and family, each sampler's mean +- sd."""
    samplers = list(dict.fromkeys(run["sampler"] for run in runs))
    lines = []
    for dataset in dict.fromkeys(run["dataset"] for run in runs):
        for family in CLASSIFIER_FAMILIES:
            summary = sampler_summary(runs, dataset, family, samplers)
            if not summary:
                continue
            lines += [
                f"**{dataset}, {family}** (ACSA %, mean ± sd over units)",
                "",
                "| sampler | units | ACSA |",
                "|---|---|---|",
            ]
            lines += [
                f"| {s} | {v['n']} | {v['mean']:.2f} ± {v['sd']:.2f} |"
                for s, v in summary.items()
            ]
            lines.append("")
    return lines


def comparison_table(rows, sampler):
    """Markdown: the declared comparisons."""
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
    lines = [
        "| data set | classifier | baseline | units | difference | won/lost |",
        "|---|---|---|---|---|---|",
    ]
    classifiers = list(dict.fromkeys(run["classifier"] for run in runs))
    for dataset in dict.fromkeys(run["dataset"] for run in runs):
        for classifier in classifiers:
            ours = classifier_scores(runs, dataset, declared["sampler"], classifier)
            for baseline in declared["against"]:
                theirs = classifier_scores(runs, dataset, baseline, classifier)
                units = sorted(set(ours) & set(theirs))
                if not units:
                    continue
                d = np.array([ours[u] - theirs[u] for u in units])
                lines.append(
                    f"| {dataset} | {classifier} | {baseline} | {len(units)} | "
                    f"{d.mean():+.2f} | {int((d > 0).sum())}/{int((d < 0).sum())} |"
                )
    return lines


def cost_table(resamples):
    """Markdown: median resampling seconds per data set and sampler."""
    seconds = defaultdict(list)
    for r in resamples:
        seconds[(r["dataset"], r["sampler"])].append(r["seconds"])
    lines = ["| data set | sampler | median s | n |", "|---|---|---|---|"]
    lines += [
        f"| {d} | {s} | {np.median(v):.2f} | {len(v)} |"
        for (d, s), v in seconds.items()
    ]
    return lines


def quality_table(quality):
    """Markdown: sample quality, mean over classes and seeds."""
    values = defaultdict(list)
    for r in quality:
        values[(r["dataset"], r["sampler"])].append([r[k] for k in QUALITY])
    lines = [
        "| data set | sampler | " + " | ".join(QUALITY) + " |",
        "|---|---|" + "---|" * len(QUALITY),
    ]
    for (d, s), v in values.items():
        means = np.mean(v, axis=0)
        lines.append(f"| {d} | {s} | " + " | ".join(f"{m:.3g}" for m in means) + " |")
    return lines


def report(paths, phase="report"):
    """The Markdown report of results files."""
    merged, declared = load(paths, phase)
    runs = merged["runs"]
    rows = declared_comparisons(runs, declared)
    lines = ["## Samplers", "", *sampler_tables(runs, declared)]
    lines += [
        "## Declared comparisons",
        "",
        *comparison_table(rows, declared["sampler"]),
    ]
    lines += ["", "## Per classifier", "", *per_classifier_table(runs, declared)]
    lines += ["", "## Cost", "", *cost_table(merged["resamples"])]
    if merged["quality"]:
        lines += ["", "## Sample quality", "", *quality_table(merged["quality"])]
    return "\n".join(lines) + "\n"


def main(argv=None):
    """Print the report of the results files given."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("results", nargs="+", type=Path)
    parser.add_argument("--phase", choices=("select", "report"), default="report")
    args = parser.parse_args(argv)
    print(report(args.results, args.phase))
    return 0


if __name__ == "__main__":
    sys.exit(main())
