"""The README's code examples run as written and print what it shows."""

import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"
EXAMPLES = re.findall(
    r"```python\n(.*?)```(?:\s*```text\n(.*?)```)?",
    README.read_text(),
    flags=re.DOTALL,
)
"""``(code, shown output)`` of every Python block; the output is the
``text`` block right after it, or empty where none follows."""


def test_readme_has_examples():
    assert len(EXAMPLES) >= 3


@pytest.mark.parametrize(
    ("code", "shown"), EXAMPLES, ids=[f"example{i}" for i in range(len(EXAMPLES))]
)
def test_readme_example_prints_what_the_readme_shows(
    code, shown, tmp_path, monkeypatch, capsys
):
    monkeypatch.chdir(tmp_path)  # examples may save files
    exec(compile(code, str(README), "exec"), {})
    assert capsys.readouterr().out == shown
