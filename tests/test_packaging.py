"""The distributions that ship: built from this clone as a release is built.

``python -m build`` makes the sdist and, from it, the wheel; the wheel is
installed into a fresh virtual environment (the CPU build of torch first, as
``dev.py`` installs it, then the wheel with its dependencies from the package
index) and used from a folder outside the clone, so that what runs is the
installed package, not the source tree. This needs the package index and
takes one to three minutes: the tests are marked ``slow``.
"""

import configparser
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from email.parser import HeaderParser
from pathlib import Path

import pytest

import imblearn_deepsmote

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
INSTALL_TIMEOUT = 1800

FIT_SCRIPT = """
import json
from collections import Counter

from sklearn.datasets import make_classification

import imblearn_deepsmote
from imblearn_deepsmote import DeepSMOTE

X, y = make_classification(
    n_samples=100, n_features=8, weights=[0.8, 0.2], random_state=0
)
X_res, y_res = DeepSMOTE(max_epochs=1, random_state=0).fit_resample(X, y)
print(json.dumps({
    "file": imblearn_deepsmote.__file__,
    "version": imblearn_deepsmote.__version__,
    "counts": sorted(Counter(y_res.tolist()).values()),
    "shape": list(X_res.shape),
}))
"""


def torch_requirement():
    """The torch that dev.py installs: the CPU build, not a CUDA one."""
    spec = importlib.util.spec_from_file_location("dev", ROOT / "dev.py")
    dev = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(dev)
    return dev.TORCH


def clean_environment():
    """This environment without what would make Python import the clone."""
    env = dict(os.environ)
    for name in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV"):
        env.pop(name, None)
    return env


def check_run(command, cwd):
    result = subprocess.run(
        command,
        cwd=cwd,
        env=clean_environment(),
        capture_output=True,
        text=True,
        timeout=INSTALL_TIMEOUT,
    )
    assert result.returncode == 0, (
        f"{' '.join(map(str, command))} failed:\n{result.stdout[-3000:]}\n"
        f"{result.stderr[-3000:]}"
    )
    return result.stdout


@pytest.fixture(scope="module")
def release(tmp_path_factory):
    """The built sdist and wheel, and a fresh venv with the wheel installed.

    Yields the venv, its scripts folder and Python, the dist folder, the wheel
    and an empty folder outside the clone to run from.
    """
    work = tmp_path_factory.mktemp("release")
    venv, dist, outside = work / "venv", work / "dist", work / "outside"
    outside.mkdir()
    check_run([sys.executable, "-m", "venv", str(venv)], cwd=outside)
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    python = str(bin_dir / "python")
    pip = [
        python,
        "-m",
        "pip",
        "install",
        "--quiet",
        "--no-compile",
        "--disable-pip-version-check",
    ]
    check_run([*pip, torch_requirement(), "build"], cwd=outside)
    check_run([python, "-m", "build", "--outdir", str(dist), str(ROOT)], cwd=outside)
    (wheel,) = dist.glob("*.whl")
    check_run([*pip, str(wheel)], cwd=outside)
    yield {
        "venv": venv,
        "bin": bin_dir,
        "python": python,
        "dist": dist,
        "wheel": wheel,
        "outside": outside,
    }
    # torch alone takes most of a gigabyte; pytest keeps its last temp folders.
    shutil.rmtree(work, ignore_errors=True)


def wheel_metadata(wheel):
    with zipfile.ZipFile(wheel) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        return HeaderParser().parsestr(archive.read(name).decode())


def test_the_build_gives_a_wheel_and_an_sdist_of_this_version(release):
    version = imblearn_deepsmote.__version__
    assert sorted(path.name for path in release["dist"].iterdir()) == [
        f"imblearn_deepsmote-{version}-py3-none-any.whl",
        f"imblearn_deepsmote-{version}.tar.gz",
    ]


def test_the_sdist_and_the_wheel_hold_the_mit_license(release):
    version = imblearn_deepsmote.__version__
    license_text = (ROOT / "LICENSE").read_text()
    assert license_text.startswith("MIT License")
    with tarfile.open(
        release["dist"] / f"imblearn_deepsmote-{version}.tar.gz"
    ) as sdist:
        names = sdist.getnames()
        assert f"imblearn_deepsmote-{version}/LICENSE" in names, names
        member = sdist.extractfile(f"imblearn_deepsmote-{version}/LICENSE")
        assert member.read().decode() == license_text
    with zipfile.ZipFile(release["wheel"]) as wheel:
        names = wheel.namelist()
        in_wheel = f"imblearn_deepsmote-{version}.dist-info/licenses/LICENSE"
        assert in_wheel in names, names
        assert wheel.read(in_wheel).decode() == license_text


def test_the_wheel_holds_the_package_and_nothing_else(release):
    version = imblearn_deepsmote.__version__
    with zipfile.ZipFile(release["wheel"]) as wheel:
        names = wheel.namelist()
    assert "imblearn_deepsmote/datasets/__init__.py" in names
    # Nothing but the package and its metadata: no tests, benchmarks or docs.
    assert {name.split("/")[0] for name in names} == {
        "imblearn_deepsmote",
        f"imblearn_deepsmote-{version}.dist-info",
    }


def test_the_metadata_declares_the_license_and_a_markdown_readme(release):
    metadata = wheel_metadata(release["wheel"])
    assert metadata["Version"] == imblearn_deepsmote.__version__
    assert metadata["License-Expression"] == "MIT"
    assert metadata["License-File"] == "LICENSE"
    # PyPI renders the README as markdown only when told so.
    assert metadata["Description-Content-Type"] == "text/markdown"
    assert metadata.get_payload().strip() == (ROOT / "README.md").read_text().strip()
    # The README's links lead into the repository that the metadata names.
    project_urls = dict(
        entry.split(", ", 1) for entry in metadata.get_all("Project-URL", [])
    )
    assert {"Source", "Documentation", "Changelog", "Issues"} <= set(project_urls)


def test_the_installed_wheel_fits_from_outside_the_clone(release):
    output = check_run([release["python"], "-c", FIT_SCRIPT], cwd=release["outside"])
    result = json.loads(output.strip().splitlines()[-1])
    # The package imported is the installed one, not the source tree.
    assert Path(result["file"]).resolve().is_relative_to(release["venv"].resolve())
    assert result["version"] == imblearn_deepsmote.__version__
    minority, majority = result["counts"]
    assert minority == majority
    assert result["shape"] == [sum(result["counts"]), 8]


def test_the_installed_command_line_starts(release):
    command = release["bin"] / "imblearn-deepsmote"
    output = check_run([str(command), "--help"], cwd=release["outside"])
    assert output.startswith("usage: imblearn-deepsmote")


def _readme_links():
    """Every link target of the README: Markdown, reference-style and HTML."""
    text = (ROOT / "README.md").read_text()
    return (
        re.findall(r"\]\(\s*<?([^)\s>]+)", text)
        + re.findall(r"^\s*\[[^\]]+\]:\s*(\S+)", text, flags=re.MULTILINE)
        + re.findall(r"(?:href|src)=[\"']([^\"']+)", text)
    )


def test_the_readme_has_no_relative_links_as_the_wheel_ships_it_alone():
    links = _readme_links()
    assert links, "the README links nowhere"
    relative = [link for link in links if not link.startswith("https://")]
    assert relative == []


def test_the_readme_links_into_the_repository_the_metadata_names():
    metadata = configparser.ConfigParser()
    metadata.read(ROOT / "setup.cfg")
    url = metadata["metadata"]["url"]
    project_urls = dict(
        line.split(" = ", 1)
        for line in metadata["metadata"]["project_urls"].strip().splitlines()
    )
    assert project_urls["Source"] == url
    assert {"Documentation", "Changelog", "Issues"} <= set(project_urls)
    ours = [link for link in _readme_links() if "imblearn-deepsmote" in link]
    assert ours and all(link.startswith(url + "/") for link in ours)
