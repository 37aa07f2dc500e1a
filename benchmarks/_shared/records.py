"""Results files, and the machine and software a run used."""

import json
import os
import platform
import subprocess
from pathlib import Path

import imblearn
import numpy as np
import sklearn
import skorch
import torch

from .data import IMAGE_SETS


def read_results(path, phase):
    """The results file at ``path``, refused unless it holds ``phase`` runs.

    Files of the matrix that came before the two phases (commit 951a22d and
    earlier) read as phase ``"legacy"``, their image runs renamed to this
    harness's keys (``split`` is the seed, ``test`` the evaluation);
    their tabular runs, whose splits are folds, are left out.
    """
    results = json.loads(Path(path).read_text())
    if "phase" not in results:
        results = _legacy(results)
    if results["phase"] != phase:
        raise ValueError(
            f"{path} holds {results['phase']} runs, not {phase} runs: "
            "keep the phases in separate files"
        )
    return results


def _legacy(results):
    runs = [
        {**run, "seed": run["split"], "fold": None, "eval": run["test"]}
        for run in results["runs"]
        if run["dataset"] in IMAGE_SETS
    ]
    resamples = [
        {**r, "seed": r["split"]}
        for r in results["resamples"]
        if r["dataset"] in IMAGE_SETS
    ]
    quality = [{**q, "seed": q["split"]} for q in results.get("quality", [])]
    return {
        "phase": "legacy",
        "runs": runs,
        "resamples": resamples,
        "quality": quality,
        "declared": None,
    }


def write_json(path, results):
    """Write a results file, replacing it only once the new one is complete."""
    partial = path.with_suffix(".json.partial")
    partial.write_text(json.dumps(results, indent=1))
    partial.replace(path)


def git_commit():
    """The commit of the tree the run used, with "+changes" if it is dirty."""
    root = Path(__file__).resolve().parents[2]
    try:
        commit = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(root), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return commit + ("+changes" if dirty else "")


def machine_info():
    """Hardware and software of the run."""
    return {
        "cpu_count": os.cpu_count(),
        "cpus_usable": len(os.sched_getaffinity(0)),
        "load_average_at_start": os.getloadavg(),
        "torch_threads": torch.get_num_threads(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "versions": {
            "torch": torch.__version__,
            "numpy": np.__version__,
            "scikit-learn": sklearn.__version__,
            "imbalanced-learn": imblearn.__version__,
            "skorch": skorch.__version__,
        },
    }
