"""Downstream quality and fit time of candidate DeepSMOTE defaults.

Each candidate is a set of DeepSMOTE parameters. It resamples one seed's
long-tailed training set of the quality benchmark's ``--mode`` and trains the
benchmark's fixed classifier, exactly as ``quality.py`` does, and the script
prints the fit time and the test scores. This is the measurement behind the
library's defaults (see RESULTS.md)::

    python benchmarks/tune_defaults.py --mode full --seed 0
"""

import argparse
import json
import time
from functools import partial
from pathlib import Path

import torch
from _data import MODES, load_benchmark_data
from quality import MODE_SETTINGS, evaluate
from skorch.callbacks import LRScheduler
from torch.optim.lr_scheduler import CosineAnnealingLR

from imblearn_deepsmote import ConvAutoencoder, DeepSMOTE

# (name, DeepSMOTE parameters). Networks are named by their first layer's
# channels ("c16" is ConvAutoencoder(base_channels=16)).
CANDIDATES = [
    ("c32 paper-penalty 50ep (0.1.0 default)", {"max_epochs": 50, "base": 32}),
    ("c32 no-penalty 5ep", {"penalty": None, "max_epochs": 5, "base": 32}),
    ("c16 no-penalty 10ep", {"penalty": None, "max_epochs": 10, "base": 16}),
    ("c16 no-penalty 20ep", {"penalty": None, "max_epochs": 20, "base": 16}),
    ("c16 released 10ep", {"penalty": "released", "max_epochs": 10, "base": 16}),
    ("c16 paper-penalty 10ep", {"penalty": "paper", "max_epochs": 10, "base": 16}),
    (
        "c16 no-penalty 15ep latent 64",
        {"penalty": None, "max_epochs": 15, "base": 16, "latent_dim": 64},
    ),
    (
        "c16 no-penalty 15ep latent 16",
        {"penalty": None, "max_epochs": 15, "base": 16, "latent_dim": 16},
    ),
    (
        "c16 no-penalty 15ep latent 300",
        {"penalty": None, "max_epochs": 15, "base": 16},
    ),
    (
        "c16 no-penalty 15ep lr 2e-3 cosine",
        {"penalty": None, "max_epochs": 15, "base": 16, "lr": 2e-3, "cosine": True},
    ),
    (
        "c16 no-penalty 20ep batch 256 lr 2e-3",
        {"penalty": None, "max_epochs": 20, "base": 16, "batch_size": 256, "lr": 2e-3},
    ),
]


def make_deepsmote(params, seed):
    params = dict(params)
    base = params.pop("base", None)
    if base is not None:
        params["module"] = partial(ConvAutoencoder, base_channels=base)
    if params.pop("cosine", False):
        params["callbacks"] = [
            LRScheduler(CosineAnnealingLR, T_max=params["max_epochs"])
        ]
    return DeepSMOTE(random_state=seed, **params)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mode", choices=MODES, default="full")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument(
        "--only", nargs="+", type=int, help="indices of CANDIDATES to run"
    )
    parser.add_argument("--output", type=Path, help="JSON file for the results")
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)
    settings = argparse.Namespace(
        classifier="cnn",
        classifier_epochs=MODE_SETTINGS[args.mode]["classifier_epochs"],
        device="cpu",
    )
    data = load_benchmark_data(args.mode, args.seed)
    records = []
    chosen = args.only if args.only is not None else range(len(CANDIDATES))
    for index in chosen:
        name, params = CANDIDATES[index]
        start = time.perf_counter()
        record, _ = evaluate(
            make_deepsmote(params, args.seed), name, data, args.seed, settings
        )
        record["wall_s"] = time.perf_counter() - start
        records.append(record)
        print(
            f"{name:40s} fit_resample {record['timings']['resample_s']:6.1f} s  "
            f"balanced ACSA {record['balanced_test']['acsa']:.2f}  "
            f"imbalanced ACSA {record['imbalanced_test']['acsa']:.2f}",
            flush=True,
        )
    if args.output is not None:
        args.output.write_text(json.dumps(records, indent=1))


if __name__ == "__main__":
    main()
