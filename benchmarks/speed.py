"""Speed and memory of DeepSMOTE: the default against the paper's preset.

One command measures everything and prints the tables that RESULTS.md
quotes::

    python benchmarks/speed.py [--threads 2] [--device cpu] [--paper-epochs 1]

1. ``DeepSMOTE(input_shape=(1, 28, 28)).fit_resample(X, y)`` on long-tailed
   Fashion-MNIST (9,000 images, the paper's counts) with the library's
   defaults, and the same with the paper's preset
   (:data:`imblearn_deepsmote.PAPER_SETTINGS`): training images per second,
   seconds per epoch, end-to-end ``fit_resample`` seconds, peak resident
   memory, and the ratios between the two. The paper's 200 epochs take hours
   on a CPU, so the preset trains ``--paper-epochs`` epochs and its 200-epoch
   time is extrapolated from them (and labelled so).
2. Scaling of the default: ``fit_resample`` seconds and peak memory for
   N = 1k, 4k, 16k and 60k Fashion-MNIST training images (the first N,
   every class doubled by generation), and for 4k images resized to 28, 32
   and 64 pixels a side.
3. Memory against the number of generated samples: a fitted sampler
   generates 10k to 200k images; peak memory growth beyond the output array.

The parallel grid search is timed by ``scale_out.py``.

The commit and the machine are recorded through ``_shared.records``, as
the other benchmarks record them. Every measurement runs in a fresh Python
process, so that no run warms
another's caches, and reads its own peak resident memory (``VmHWM``) from
``/proc``: Linux only. ``--device cuda`` runs
the same on a GPU (peak GPU memory is printed as well).
"""

import argparse
import json
import os
import pickle
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import torch
from _shared.records import git_commit, machine_info, write_json

from imblearn_deepsmote import PAPER_SETTINGS, DeepSMOTE
from imblearn_deepsmote.datasets import (
    LONG_TAIL_PRESETS,
    load_fashion_mnist,
    make_long_tailed,
)

PAPER_EPOCHS = PAPER_SETTINGS["max_epochs"]
FULL_SIZES = {
    "scaling_images": (1_000, 4_000, 16_000, 60_000),
    "side_images": 4_000,
    "sides": (28, 32, 64),
    "generated": (10_000, 50_000, 200_000),
    "long_tail_divisor": 1,
    "default_epochs": None,
}
# Seconds instead of minutes: checks that the script runs, measures nothing.
SMOKE_SIZES = {
    "scaling_images": (100, 200),
    "side_images": 100,
    "sides": (28, 32),
    "generated": (500, 1_000),
    "long_tail_divisor": 40,
    "default_epochs": 1,
}


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--threads",
        type=int,
        default=len(os.sched_getaffinity(0)),
        help="torch CPU threads (default: every usable CPU)",
    )
    parser.add_argument("--device", default="cpu", help="cpu or cuda (default: cpu)")
    parser.add_argument(
        "--paper-epochs",
        type=int,
        default=1,
        help="epochs the paper's preset trains here (default: 1)",
    )
    parser.add_argument(
        "--parts",
        nargs="+",
        choices=("compare", "scaling", "generation"),
        default=["compare", "scaling", "generation"],
    )
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="tiny sizes and one epoch: checks the script in seconds",
    )
    parser.add_argument("--output", type=Path, help="JSON file for every measurement")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


# -- measurements, each in its own process ----------------------------------


def fashion_mnist(kind, n_images=None, side=28, long_tail_divisor=1):
    """Training images and labels for one measurement.

    ``kind="long_tailed"``: the paper's 9,000-image profile, its counts
    divided by ``long_tail_divisor`` (at least 5 a class). ``"first"``: the
    first ``n_images`` of the training set, resized to ``side``.
    """
    X, y = load_fashion_mnist(subset="train", return_X_y=True)
    if kind == "long_tailed":
        counts = [
            max(5, count // long_tail_divisor)
            for count in LONG_TAIL_PRESETS["fashion_mnist"]
        ]
        return make_long_tailed(X, y, counts=counts, random_state=0)
    X, y = X[:n_images], y[:n_images]
    if side != X.shape[-1]:
        resized = torch.nn.functional.interpolate(
            torch.from_numpy(X).float(), size=(side, side), mode="bilinear"
        )
        X = resized.round().clamp(0, 255).to(torch.uint8).numpy()
    return X, y


def measure_fit(spec):
    """fit_resample once; time, throughput and peak memory."""
    X, y = fashion_mnist(
        spec["data"],
        spec.get("n_images"),
        spec.get("side", 28),
        spec.get("long_tail_divisor", 1),
    )
    params = dict(PAPER_SETTINGS) if spec["preset"] == "paper" else {}
    if spec["preset"] == "default" and spec.get("default_epochs"):
        params["max_epochs"] = spec["default_epochs"]
    params.update(spec.get("params", {}))
    if spec["data"] == "first":
        # Doubling every class makes N new images, so generation grows with N.
        params["sampling_strategy"] = {
            label: 2 * count for label, count in enumerate(np.bincount(y))
        }
    # As a user of scikit-learn passes images: flattened rows and their shape.
    params["input_shape"] = X.shape[1:]
    X = X.reshape(len(X), -1)
    sampler = DeepSMOTE(random_state=0, device=spec["device"], **params)
    rss_before = _memory_mib("VmRSS")
    start = time.perf_counter()
    X_res, _ = sampler.fit_resample(X, y)
    fit_s = time.perf_counter() - start
    epochs = sampler.autoencoder_.history[:, "dur"]
    result = {
        "n_train": len(X),
        "image_shape": list(sampler.input_shape_),
        "n_generated": len(X_res) - len(X),
        "epochs": len(epochs),
        "seconds_per_epoch": float(np.mean(epochs)),
        "train_images_per_s": len(X) / float(np.mean(epochs)),
        "training_s": float(np.sum(epochs)),
        "fit_resample_s": fit_s,
        "peak_rss_mib": _memory_mib("VmHWM"),
        "rss_before_fit_mib": rss_before,
    }
    if spec.get("save_to"):
        with open(spec["save_to"], "wb") as file:
            pickle.dump(sampler, file)
    return result


def measure_generation(spec):
    """Peak memory growth of generate(n) beyond the output array."""
    with open(spec["sampler"], "rb") as file:
        sampler = pickle.load(file)
    labels = sampler.codec_.train_labels_
    per_class = spec["n_samples"] // len(np.unique(labels))
    before = _memory_mib("VmRSS")
    start = time.perf_counter()
    X_new, _ = sampler.generate({label: per_class for label in np.unique(labels)})
    seconds = time.perf_counter() - start
    growth = _memory_mib("VmHWM") - before
    output = X_new.nbytes / 2**20
    return {
        "n_generated": len(X_new),
        "generate_s": seconds,
        "output_mib": output,
        "peak_rss_growth_mib": growth,
        "growth_beyond_output_mib": growth - output,
    }


def _memory_mib(field):
    """VmRSS (resident now) or VmHWM (peak resident) of this process, in MiB.

    Read from /proc (Linux): getrusage's ru_maxrss would not do, as it starts
    at the resident memory of the parent that spawned the process (it
    survives execve).
    """
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    raise RuntimeError(f"no {field} in /proc/self/status; this benchmark needs Linux")


def run_child(spec):
    torch.set_num_threads(spec["threads"])
    measure = measure_generation if "sampler" in spec else measure_fit
    result = measure(spec)
    if spec["device"].startswith("cuda"):
        result["peak_gpu_mib"] = torch.cuda.max_memory_allocated() / 2**20
    print(json.dumps(result))


def in_fresh_process(spec):
    """Run one measurement in a new interpreter; return its result."""
    completed = subprocess.run(
        [sys.executable, __file__, "--child", json.dumps(spec)],
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"measurement {spec} failed:\n{completed.stderr}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


# -- the three parts ---------------------------------------------------------


def compare(args, common):
    data = {
        "data": "long_tailed",
        "long_tail_divisor": args.sizes["long_tail_divisor"],
    }
    default = in_fresh_process({**common, **data, "preset": "default"})
    paper = in_fresh_process(
        {
            **common,
            **data,
            "preset": "paper",
            "params": {"max_epochs": args.paper_epochs},
        }
    )
    # The 200-epoch fit: the measured epochs scaled up, plus what the measured
    # fit spent outside training (encoding, SMOTE, decoding).
    paper["fit_resample_200_epochs_s"] = (
        paper["seconds_per_epoch"] * PAPER_EPOCHS
        + paper["fit_resample_s"]
        - paper["training_s"]
    )
    print(
        f"\n## Default vs paper preset, long-tailed Fashion-MNIST "
        f"({default['n_train']} images), {args.threads} thread(s), {args.device}\n"
    )
    print("| | default | paper preset | default's advantage |\n|---|---:|---:|---:|")
    speed = default["train_images_per_s"] / paper["train_images_per_s"]
    print(
        f"| training images / s | {default['train_images_per_s']:.0f} | "
        f"{paper['train_images_per_s']:.0f} | {speed:.1f}x faster |"
    )
    per_epoch = paper["seconds_per_epoch"] / default["seconds_per_epoch"]
    print(
        f"| seconds / epoch | {default['seconds_per_epoch']:.2f} | "
        f"{paper['seconds_per_epoch']:.2f} | {per_epoch:.1f}x shorter |"
    )
    print(
        f"| epochs | {default['epochs']} | {PAPER_EPOCHS} (measured: "
        f"{paper['epochs']}) | |"
    )
    fit = paper["fit_resample_200_epochs_s"] / default["fit_resample_s"]
    print(
        f"| fit_resample s | {default['fit_resample_s']:.1f} | "
        f"{paper['fit_resample_200_epochs_s']:.0f} (extrapolated; measured "
        f"{paper['fit_resample_s']:.1f} for {paper['epochs']} epoch(s)) | "
        f"{fit:.0f}x shorter |"
    )
    memory = paper["peak_rss_mib"] / default["peak_rss_mib"]
    print(
        f"| peak resident memory, MiB | {default['peak_rss_mib']:.0f} | "
        f"{paper['peak_rss_mib']:.0f} | {memory:.2f}x smaller |"
    )
    return {"default": default, "paper": paper}


def scaling(args, common):
    print(f"\n## Scaling of the default, {args.threads} thread(s), {args.device}\n")
    print(
        "| images | side | generated | epochs | s / epoch | fit_resample s | "
        "peak MiB |\n|---:|---:|---:|---:|---:|---:|---:|"
    )
    results = []
    sizes = args.sizes
    cases = [(n, 28) for n in sizes["scaling_images"]]
    cases += [(sizes["side_images"], side) for side in sizes["sides"] if side != 28]
    for n_images, side in cases:
        result = in_fresh_process(
            {
                **common,
                "data": "first",
                "preset": "default",
                "n_images": n_images,
                "side": side,
            }
        )
        results.append(result)
        print(
            f"| {n_images} | {side} | {result['n_generated']} | {result['epochs']} | "
            f"{result['seconds_per_epoch']:.2f} | {result['fit_resample_s']:.1f} | "
            f"{result['peak_rss_mib']:.0f} |",
            flush=True,
        )
    return results


def generation(args, common):
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "sampler.pkl")
        in_fresh_process(
            {
                **common,
                "data": "first",
                "preset": "default",
                "n_images": args.sizes["side_images"],
                "side": 28,
                "save_to": path,
            }
        )
        print(
            "\n## Memory of generate(n), default sampler fitted on "
            f"{args.sizes['side_images']} images\n"
        )
        print(
            "| generated | seconds | output MiB | peak growth MiB | growth beyond "
            "output MiB |\n|---:|---:|---:|---:|---:|"
        )
        results = []
        for n_samples in args.sizes["generated"]:
            result = in_fresh_process(
                {**common, "sampler": path, "n_samples": n_samples}
            )
            results.append(result)
            print(
                f"| {result['n_generated']} | {result['generate_s']:.1f} | "
                f"{result['output_mib']:.0f} | {result['peak_rss_growth_mib']:.0f} | "
                f"{result['growth_beyond_output_mib']:.0f} |",
                flush=True,
            )
    return results


def main(argv=None):
    args = parse_args(argv)
    if args.child:
        run_child(json.loads(args.child))
        return
    if args.device.startswith("cuda") and not torch.cuda.is_available():
        print("No CUDA device here: nothing to measure with --device cuda.")
        return
    args.sizes = SMOKE_SIZES if args.smoke else FULL_SIZES
    common = {
        "threads": args.threads,
        "device": args.device,
        "default_epochs": args.sizes["default_epochs"],
    }
    start = time.perf_counter()
    parts = {
        "compare": compare,
        "scaling": scaling,
        "generation": generation,
    }
    results = {
        "argv": sys.argv if argv is None else ["speed.py", *argv],
        "commit": git_commit(),
        "machine": machine_info(),
        "settings": {
            **common,
            "paper_epochs": args.paper_epochs,
            "torch": torch.__version__,
        },
    }
    for name in args.parts:
        results[name] = parts[name](args, common)
    results["total_wall_s"] = time.perf_counter() - start
    print(f"\nTotal wall time: {results['total_wall_s']:.0f} s")
    if args.output:
        write_json(args.output, results)


if __name__ == "__main__":
    main()
