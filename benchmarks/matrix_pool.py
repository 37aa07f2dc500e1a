"""Pool the image runs of several matrix results: ranks over data sets.

Each run of ``matrix.py`` ranks the samplers within its own data sets.
This script pools the image runs of several ``results.json`` files (a run
held by two files counts once, from the first), keeps the samplers that
ran on every (data set, seed, classifier) block, and prints their mean
ranks by balanced accuracy over all blocks, the Friedman test, and paired
Wilcoxon tests of each DeepSMOTE variant against the defaults and the
baselines. Run::

    python benchmarks/matrix_pool.py A/results.json B/results.json ...
"""

import argparse
import json
import sys
from pathlib import Path

from _matrix_report import (
    DEEPSMOTE_PREFIX,
    block_table,
    friedman,
    mean_ranks,
    paired,
    runs_frame,
)


def pooled_runs(paths):
    """The image runs of the files, each (data set, split, sampler, classifier) once."""
    runs, seen = [], set()
    for path in paths:
        for run in json.loads(Path(path).read_text())["runs"]:
            key = (run["dataset"], run["split"], run["sampler"], run["classifier"])
            if key not in seen:
                seen.add(key)
                runs.append(run)
    frame = runs_frame({"runs": runs})
    return frame[frame.group == "images"]


def report(frame):
    """Markdown: blocks per data set, mean ranks, Friedman p, paired tests."""
    table = block_table(frame, share=1.0)
    blocks = table.index.get_level_values("dataset").value_counts().sort_index()
    lines = [
        "Blocks: "
        + ", ".join(f"{dataset} {count}" for dataset, count in blocks.items())
        + f" ({len(table)} in all)",
        "",
        "| sampler | mean rank |",
        "|---|---:|",
        *(f"| {name} | {rank:.2f} |" for name, rank in mean_ranks(table).items()),
        f"| Friedman p | {friedman(table):.2g} |",
        "",
        "| comparison | blocks | difference | W/T/L | p |",
        "|---|---:|---:|---:|---:|",
    ]
    variants = [s for s in table.columns if s.startswith(DEEPSMOTE_PREFIX)]
    baselines = [s for s in table.columns if not s.startswith(DEEPSMOTE_PREFIX)]
    for variant in variants:
        against = baselines + (["deepsmote"] if variant != "deepsmote" else [])
        for other in against:
            test = paired(table[variant], table[other])
            lines.append(
                f"| {variant} − {other} | {test['n']} | {test['mean']:+.2f} ± "
                f"{test['sd']:.2f} | {test['wins']}/{test['ties']}/{test['losses']} "
                f"| {test['p']:.2g} |"
            )
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("results", nargs="+", type=Path, help="results.json files")
    args = parser.parse_args(argv)
    print(report(pooled_runs(args.results)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
