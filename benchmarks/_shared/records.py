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

OUTSIDE_REPOSITORY = (
    {
        "file": "report_design/results.json",
        "commit": "1bdc7be283d16ae59ba7c04d89d609b3ab682416",
        "dataset": "fmnist",
        "sampler": "deepsmote_delta",
        "classifiers": ("lr", "svc", "knn", "rf", "mlp"),
        "seeds": (100, 101, 102),
    },
)
"""Runs recorded at a commit that is in no branch of the repository.

The code that made them cannot be read or re-run, so :func:`read_results`
leaves them out, with the resamplings they were trained on.
"""


def read_results(path, phase):
    """The results file at ``path``, refused unless it holds ``phase`` runs.

    Files of the matrix that came before the two phases (commit 951a22d and
    earlier) read as phase ``"legacy"``, their image runs renamed to this
    harness's keys (``split`` is the seed, ``test`` the evaluation);
    their tabular runs, whose splits are folds, are left out. Runs listed
    in :data:`OUTSIDE_REPOSITORY` are left out too, and ``results["dropped"]``
    then counts them.
    """
    results = json.loads(Path(path).read_text())
    if "phase" not in results:
        results = _legacy(results)
    if results["phase"] != phase:
        raise ValueError(
            f"{path} holds {results['phase']} runs, not {phase} runs: "
            "keep the phases in separate files"
        )
    return _without_runs_outside_repository(results, Path(path))


def _without_runs_outside_repository(results, path):
    """``results`` less the runs of :data:`OUTSIDE_REPOSITORY` and the
    resamplings they used (those whose seconds the runs recorded)."""
    name = "/".join(path.resolve().parts[-2:])
    dropped = [
        run
        for run in results["runs"]
        for entry in OUTSIDE_REPOSITORY
        if entry["file"] == name
        and run["dataset"] == entry["dataset"]
        and run["sampler"] == entry["sampler"]
        and run["classifier"] in entry["classifiers"]
        and run["seed"] in entry["seeds"]
    ]
    if not dropped:
        return results
    used = {(r["dataset"], r["sampler"], r["seed"], r["resample_s"]) for r in dropped}
    return {
        **results,
        "runs": [run for run in results["runs"] if run not in dropped],
        "resamples": [
            r
            for r in results["resamples"]
            if (r["dataset"], r["sampler"], r["seed"], r["seconds"]) not in used
        ],
        "dropped": len(dropped),
    }


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
    """Hardware and software of the run; ``gpu`` names the first CUDA
    device, or is None."""
    return {
        "cpu_count": os.cpu_count(),
        "gpu": torch.cuda.get_device_name(0) if torch.cuda.is_available() else None,
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
