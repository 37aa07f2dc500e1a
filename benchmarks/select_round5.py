"""The round-5 design selection's rule applied to its selection runs.

Reads results files of ``quality.py --phase select`` and prints, per
candidate of ``protocol.DESIGN_ROUND5``, its mean minus the defaults' per
classical classifier and for the CNN, the classical family's minus the
defaults' and minus SMOTE's (each data set weighing the same), whether it
passes, and the pick; first the same means per data set, for reading only. Run::

    python benchmarks/select_round5.py benchmarks/recorded/select_round5/*.json

Nothing is decided until every declared unit is run.
"""

import argparse
import sys
from pathlib import Path

from _shared import protocol
from _shared.margin_rule import decide
from _shared.records import read_results


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("results", nargs="+", type=Path)
    args = parser.parse_args(argv)
    runs = [r for path in args.results for r in read_results(path, "select")["runs"]]
    declaration = protocol.DESIGN_ROUND5
    for dataset, spec in declaration["datasets"].items():
        print(f"\n{dataset} alone (seeds {spec['seeds']}): not the rule")
        print_rows(decide(runs, {**declaration, "datasets": {dataset: spec}})[0])
    rows, chosen, cost_passed = decide(runs, declaration)
    print(
        "\nThe rule: all data sets, each weighing the same, "
        f"margin {declaration['margin']}"
    )
    print_rows(rows)
    complete = all(row["complete"] for row in rows)
    print(
        f"Complete: {complete}. Pick: {chosen}. Cost candidates passing: {cost_passed}"
    )
    return 0


def print_rows(rows):
    """A candidate a line: its means minus the defaults', and whether it passes."""
    classical = protocol.DESIGN_ROUND5["families"]["classical"]
    header = ["candidate", *classical, "cnn", "classical", "minus smote", "passes"]
    print(" | ".join(header))

    def cell(value):
        return "not run" if value is None else f"{value:+.2f}"

    for row in rows:
        values = [row["per_classifier"][c] for c in classical]
        values += [row["cnn"], row["classical"], row["classical_minus_smote"]]
        print(" | ".join([row["sampler"], *map(cell, values), str(row["passes"])]))


if __name__ == "__main__":
    sys.exit(main())
