"""CUDA checks: train and generate on a GPU, pickle there, load on a CPU.

Run on a machine with a CUDA GPU::

    python benchmarks/cuda_check.py --output-dir OUT

It trains DeepSMOTE with ``device="cuda"`` on synthetic long-tailed 28x28
images, checks the generated samples, times training for the default
architecture and the paper's, pickles the fitted sampler to
``OUT/sampler_cuda.pkl`` and loads it in a process that sees no GPU. Copy the
pickle to a CPU-only machine and run ``--load OUT/sampler_cuda.pkl`` there to
check the same on real CPU-only hardware. Results go to ``OUT/cuda_check.json``,
with the commit and the machine (GPU included) recorded through
``_shared.records`` as the other benchmarks record them.
"""

import argparse
import json
import os
import pickle
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
import torch
from _shared.records import git_commit, machine_info, write_json

from imblearn_deepsmote import DeepSMOTE, PaperAutoencoder

COUNTS = (4000, 2000, 1000, 750, 500, 350, 200, 100, 60, 40)


def make_images(random_state=0):
    """Long-tailed blobs of 28x28 uint8 images, one bright square per class."""
    rng = np.random.RandomState(random_state)
    y = np.repeat(np.arange(len(COUNTS)), COUNTS)
    X = rng.randint(0, 60, size=(len(y), 1, 28, 28)).astype(np.uint8)
    for label in range(len(COUNTS)):
        row, col = divmod(label, 5)
        X[y == label, :, 4 + 10 * row : 12 + 10 * row, 2 + 5 * col : 6 + 5 * col] = 230
    return X, y


def time_training(X, y, **params):
    sampler = DeepSMOTE(random_state=0, **params)
    start = time.perf_counter()
    X_res, y_res = sampler.fit_resample(X, y)
    if params.get("device", "cpu").startswith("cuda"):
        torch.cuda.synchronize()
    seconds = time.perf_counter() - start
    return sampler, X_res, y_res, seconds


def load_and_decode(path):
    """Load a pickled sampler and decode a few codes; return a summary."""
    with open(path, "rb") as file:
        sampler = pickle.load(file)
    codes = np.zeros((4, sampler.latent_dim_), dtype=np.float32)
    decoded = sampler.decode(codes)
    return {
        "cuda_available": torch.cuda.is_available(),
        "net_device": str(sampler.autoencoder_.device),
        "parameter_device": str(next(sampler.autoencoder_.module_.parameters()).device),
        "decoded_shape": list(decoded.shape),
        "decoded_checksum": float(decoded.sum()),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output-dir", type=Path, default=Path("."))
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--load", type=Path, help="only load this pickle and decode")
    args = parser.parse_args(argv)
    if args.load:
        print(json.dumps(load_and_decode(args.load), indent=2))
        return

    args.output_dir.mkdir(parents=True, exist_ok=True)
    X, y = make_images()
    report = {
        "argv": sys.argv if argv is None else ["cuda_check.py", *argv],
        "commit": git_commit(),
        "machine": machine_info(),
    }
    fitted = {}
    for name, params in {
        "default": {},
        "paper": {"module": PaperAutoencoder, "latent_dim": 300},
    }.items():
        sampler, X_res, y_res, seconds = time_training(
            X, y, device="cuda", max_epochs=args.epochs, **params
        )
        report[name] = {
            "fit_resample_seconds": round(seconds, 2),
            "train_images_per_second": round(len(X) * args.epochs / seconds),
            "output_shape": list(X_res.shape),
            "output_dtype": str(X_res.dtype),
            "counts_after": sorted(Counter(y_res.tolist()).items()),
            "original_rows_first": bool(np.array_equal(X_res[: len(X)], X)),
            "synthetic_range": [int(X_res[len(X) :].min()), int(X_res[len(X) :].max())],
        }
        print(name, json.dumps(report[name]))
        fitted[name] = sampler, X_res

    sampler, X_res = fitted["default"]
    _, X_again, _, _ = time_training(X, y, device="cuda", max_epochs=args.epochs)
    report["cuda_repeat_identical"] = bool(np.array_equal(X_again, X_res))

    path = args.output_dir / "sampler_cuda.pkl"
    with open(path, "wb") as file:
        pickle.dump(sampler, file)
    report["on_gpu_machine"] = load_and_decode(path)
    hidden_gpu = subprocess.run(
        [sys.executable, __file__, "--load", str(path)],
        env={**os.environ, "CUDA_VISIBLE_DEVICES": ""},
        capture_output=True,
        text=True,
        check=True,
    )
    report["gpu_hidden"] = json.loads(hidden_gpu.stdout)
    print(json.dumps(report, indent=2))
    write_json(args.output_dir / "cuda_check.json", report)


if __name__ == "__main__":
    main()
