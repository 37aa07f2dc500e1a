"""The README's code examples run as written."""

import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"
EXAMPLES = re.findall(r"```python\n(.*?)```", README.read_text(), flags=re.DOTALL)


def test_readme_has_examples():
    assert len(EXAMPLES) >= 3


@pytest.mark.parametrize(
    "code", EXAMPLES, ids=[f"example{i}" for i in range(len(EXAMPLES))]
)
def test_readme_example_runs(code, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # examples may save files
    exec(compile(code, str(README), "exec"), {})
