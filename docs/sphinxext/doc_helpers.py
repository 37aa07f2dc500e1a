"""Build-time helpers for the documentation (imported by ``conf.py``)."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BENCHMARK_RESULTS = ROOT / "benchmarks" / "RESULTS.md"
RESULTS_MARKER = "<!-- benchmark results are inserted here by conf.py -->"


def write_cli_help(path):
    """Write the ``--help`` text of the command line job to ``path``.

    The file is rewritten only when the text changed, so that Sphinx does not
    rebuild the pages that include it on every run.
    """
    from imblearn_deepsmote._cli import _build_parser

    previous = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = "80"
    try:
        text = _build_parser().format_help()
    finally:
        if previous is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = previous
    _write_if_changed(path, text)


def write_long_tail_presets(path):
    """Write the presets of ``make_long_tailed`` to ``path`` as an RST table."""
    from imblearn_deepsmote.datasets import LONG_TAIL_PRESETS

    lines = [
        ".. list-table::",
        "   :header-rows: 1",
        "   :widths: 25 75",
        "",
        "   * - preset",
        "     - counts per class, class 0 first",
    ]
    for name, counts in LONG_TAIL_PRESETS.items():
        lines += [f"   * - ``{name}``", f"     - {', '.join(map(str, counts))}"]
    _write_if_changed(path, "\n".join(lines) + "\n")


def _write_if_changed(path, text):
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text() != text:
        path.write_text(text)


def include_benchmark_results(app, docname, source):
    """Put benchmarks/RESULTS.md, or a note that it is missing, on the page.

    Connected to Sphinx's ``source-read`` event: replaces the marker line of
    the ``benchmarks`` page with a MyST ``include`` of the results file, whose
    headings move one level down under the page title and whose relative
    links and images keep pointing into ``benchmarks/``.
    """
    if docname != "benchmarks" or RESULTS_MARKER not in source[0]:
        return
    if BENCHMARK_RESULTS.exists():
        replacement = "\n".join(
            [
                "```{include} ../benchmarks/RESULTS.md",
                ":heading-offset: 1",
                ":relative-images:",
                ":relative-docs: ../",
                "```",
            ]
        )
    else:
        replacement = (
            ":::{note}\n"
            "No measured results are recorded in this version: "
            "`benchmarks/RESULTS.md` does not exist yet.\n"
            ":::"
        )
    source[0] = source[0].replace(RESULTS_MARKER, replacement)
