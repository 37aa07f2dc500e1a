"""The command line job: the digits demo, user .npz files, bad input."""

import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch
from helpers import FAST_OPTIONS as FAST
from sklearn.datasets import load_digits
from threadpoolctl import threadpool_info

import imblearn_deepsmote
from imblearn_deepsmote._cli import main

SCORE_NAMES = ("no resampling", "SMOTE", "DeepSMOTE")


def balanced_accuracies(output):
    scores = {}
    for name in SCORE_NAMES:
        match = re.search(rf"^\s+{name}\s+(\d\.\d{{3}})$", output, flags=re.MULTILINE)
        assert match, f"no balanced accuracy for {name!r} in:\n{output}"
        scores[name] = float(match.group(1))
    return scores


def class_counts(output):
    """(before, after) per class label, from the printed table."""
    rows = re.findall(r"^\s+(\S+)\s+(\d+)\s+(\d+)$", output, flags=re.MULTILINE)
    return {label: (int(before), int(after)) for label, before, after in rows}


def write_npz(path, **arrays):
    np.savez(path, **arrays)
    return str(path)


def run_module(cwd, *args):
    """``python -m imblearn_deepsmote ARGS`` in ``cwd``, as a user runs it."""
    package_root = Path(imblearn_deepsmote.__file__).resolve().parents[1]
    return subprocess.run(
        [sys.executable, "-m", "imblearn_deepsmote", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(package_root)},
        check=False,
    )


@pytest.fixture(scope="module")
def digits():
    X, y = load_digits(n_class=3, return_X_y=True)
    # Imbalanced, with every class large enough for a test split and SMOTE.
    keep = np.concatenate([np.flatnonzero(y == 0)[:80], np.flatnonzero(y > 0)[::5]])
    return X[keep], y[keep]


def test_demo_prints_counts_scores_and_saves_grid(tmp_path, capsys):
    path = tmp_path / "grid.png"

    assert main([*FAST, "--output", str(path)]) == 0

    output = capsys.readouterr().out
    counts = class_counts(output)
    per_class = {label: c for label, c in counts.items() if label != "total"}
    assert sorted(per_class) == [str(digit) for digit in range(10)]
    before = [per_class[str(digit)][0] for digit in range(10)]
    assert before == sorted(before, reverse=True)
    assert before[0] >= 15 * before[-1] and before[-1] >= 6
    assert {after for _, after in per_class.values()} == {before[0]}
    assert counts["total"] == (sum(before), 10 * before[0])
    assert all(0 <= score <= 1 for score in balanced_accuracies(output).values())
    assert path.stat().st_size > 0
    assert path.read_bytes().startswith(b"\x89PNG")


def test_demo_restores_thread_counts():
    torch_threads = torch.get_num_threads()
    blas_threads = [pool["num_threads"] for pool in threadpool_info()]

    main([*FAST, "--no-plot"])

    assert torch.get_num_threads() == torch_threads
    assert [pool["num_threads"] for pool in threadpool_info()] == blas_threads


def test_npz_of_rows_runs_without_a_grid(tmp_path, capsys, digits):
    X, y = digits
    data = write_npz(tmp_path / "rows.npz", X=X, y=y)
    path = tmp_path / "grid.png"

    assert main(["--data", data, *FAST, "--output", str(path)]) == 0

    output = capsys.readouterr().out
    assert set(class_counts(output)) == {"0", "1", "2", "total"}
    balanced_accuracies(output)
    assert "tabular rows" in output
    assert not path.exists()


@pytest.mark.parametrize(
    "layout, input_shape",
    [
        ("flattened", ["--input-shape", "8", "8"]),
        ("flattened", ["--input-shape", "1", "8", "8"]),
        ("height-width", []),
        ("channels-height-width", []),
    ],
)
def test_npz_of_images_saves_grid(tmp_path, capsys, digits, layout, input_shape):
    X, y = digits
    shapes = {
        "flattened": (-1, 64),
        "height-width": (-1, 8, 8),
        "channels-height-width": (-1, 1, 8, 8),
    }
    data = write_npz(tmp_path / "images.npz", X=X.reshape(shapes[layout]), y=y)
    path = tmp_path / "grid.png"

    args = ["--data", data, *input_shape, *FAST, "--output", str(path)]
    assert main(args) == 0

    balanced_accuracies(capsys.readouterr().out)
    assert path.stat().st_size > 0


def test_npz_with_string_labels(tmp_path, capsys, digits):
    X, y = digits
    names = np.array(["zero", "one", "two"])[y]
    data = write_npz(tmp_path / "named.npz", X=X, y=names)

    assert main(["--data", data, *FAST, "--no-plot"]) == 0

    assert {"zero", "one", "two"} <= set(class_counts(capsys.readouterr().out))


def test_no_plot_saves_nothing(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)

    assert main([*FAST, "--no-plot"]) == 0

    assert not list(tmp_path.iterdir())
    balanced_accuracies(capsys.readouterr().out)


def test_no_plot_and_output_are_refused_together_by_the_parser(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--no-plot", "--output", str(tmp_path / "grid.png")])
    assert exit_info.value.code == 2
    assert "not allowed with argument" in capsys.readouterr().err


BAD_NPZ = {
    "npz without y": (lambda X, y: {"X": X, "labels": y}, [], "arrays X and y"),
    "one-hot y": (
        lambda X, y: {"X": X, "y": np.eye(3)[y]},
        [],
        "one class label per sample",
    ),
    "y of the wrong length": (
        lambda X, y: {"X": X, "y": y[:-1]},
        [],
        "inconsistent numbers of samples",
    ),
    "X of one dimension": (
        lambda X, y: {"X": X[:, 0], "y": y},
        [],
        "Expected 2D array, got 1D array",
    ),
    "text X": (lambda X, y: {"X": X.astype(str), "y": y}, [], "numeric features"),
    "input shape of the wrong size": (
        lambda X, y: {"X": X, "y": y},
        ["--input-shape", "7", "7"],
        "describes images of 49 values",
    ),
    "input shape not matching images": (
        lambda X, y: {"X": X.reshape(-1, 8, 8), "y": y},
        ["--input-shape", "4", "16"],
        "does not match the images",
    ),
    "single class": (
        lambda X, y: {"X": X, "y": np.zeros_like(y)},
        [],
        "needs to have more than 1 class",
    ),
    "class too small to split": (
        lambda X, y: {"X": X, "y": np.r_[y[:-1], 7]},
        [],
        "have only 1 member",
    ),
    "images too small for the network": (
        lambda X, y: {"X": X[:, :16], "y": y},
        ["--input-shape", "4", "4"],
        "needs images of at least 8x8 pixels",
    ),
}

# Refused by the library, in its words (the demo's data are fine).
BAD_OPTIONS = {
    "input shape not of the demo": (["--input-shape", "7", "7"], "images of 49 values"),
    "test size out of range": (["--test-size", "1.5"], "'test_size' parameter"),
    "negative learning rate": (["--lr", "-1"], "'lr' parameter of DeepSMOTE"),
    "unknown penalty": (["--penalty", "strong"], "'penalty' parameter of DeepSMOTE"),
    "image size without a folder": (["--image-size", "8"], "--data FOLDER only"),
    "generated only without a folder": (["--generated-only"], "--output-folder only"),
}


def assert_usage_error(capsys, args, message):
    with pytest.raises(SystemExit) as exit_info:
        main([*FAST, *args, "--no-plot"])

    assert exit_info.value.code == 2
    error = capsys.readouterr().err
    assert "Traceback" not in error
    last_line = error.strip().splitlines()[-1]
    assert last_line.startswith("imblearn-deepsmote: error: ")
    assert message in last_line


@pytest.mark.parametrize(
    "make_arrays, options, message", BAD_NPZ.values(), ids=BAD_NPZ.keys()
)
def test_bad_npz_exits_with_status_2(
    tmp_path, capsys, digits, make_arrays, options, message
):
    data = write_npz(tmp_path / "bad.npz", **make_arrays(*digits))

    assert_usage_error(capsys, ["--data", data, *options], message)


@pytest.mark.parametrize(
    "options, message", BAD_OPTIONS.values(), ids=BAD_OPTIONS.keys()
)
def test_bad_option_exits_with_status_2(capsys, options, message):
    assert_usage_error(capsys, options, message)


def test_missing_file_exits_with_status_2(tmp_path, capsys):
    assert_usage_error(
        capsys, ["--data", str(tmp_path / "missing.npz")], "No such file or directory"
    )


@pytest.mark.parametrize("content", [b"not numpy", b"\x93NUMPY broken"])
def test_unreadable_file_exits_with_status_2(tmp_path, capsys, content):
    path = tmp_path / "broken.npz"
    path.write_bytes(content)

    assert_usage_error(capsys, ["--data", str(path)], "cannot read")


def test_single_array_file_exits_with_status_2(tmp_path, capsys):
    path = tmp_path / "array.npy"
    np.save(path, np.zeros((4, 2)))

    assert_usage_error(capsys, ["--data", str(path)], "an .npz file of arrays X and y")


def test_missing_output_folder_exits_before_training(tmp_path, capsys):
    path = tmp_path / "missing" / "grid.png"

    with pytest.raises(SystemExit) as exit_info:
        main(["--output", str(path)])

    assert exit_info.value.code == 2
    captured = capsys.readouterr()
    assert "No such file or directory" in captured.err
    assert "Class counts" not in captured.out


def test_python_dash_m_reports_bad_input_without_traceback(tmp_path):
    result = run_module(tmp_path, "--data", "missing.npz")

    assert result.returncode == 2
    assert "No such file or directory: 'missing.npz'" in result.stderr
    assert "Traceback" not in result.stderr


# --- data and options that used to give wrong results or tracebacks ---------------


def test_smote_baseline_on_uint8_pixels_scores_as_on_floats(tmp_path, capsys, digits):
    X, y = digits
    scores = {}
    for dtype in (np.uint8, np.float64):
        data = write_npz(
            tmp_path / f"{np.dtype(dtype).name}.npz", X=X.astype(dtype), y=y
        )
        assert main(["--data", data, *FAST, "--no-plot"]) == 0
        scores[dtype] = balanced_accuracies(capsys.readouterr().out)
    assert scores[np.uint8]["SMOTE"] == scores[np.float64]["SMOTE"]
    assert scores[np.uint8]["SMOTE"] > 0.8


@pytest.mark.parametrize(
    "value, message", [(np.nan, "X contains NaN"), (np.inf, "X contains infinity")]
)
def test_non_finite_values_anywhere_are_refused_before_training(
    tmp_path, capsys, digits, value, message
):
    X, y = digits
    X = X.copy()
    X[:, 5] = value  # in every sample, so in the test split too
    data = write_npz(tmp_path / "bad.npz", X=X, y=y)
    assert_refused_before_training(capsys, ["--data", data], message)


@pytest.mark.parametrize(
    "X, y, message",
    [
        (np.zeros((0, 4)), np.zeros(0), "Found array with 0 sample"),
        (np.array(3.0), np.array([1]), "got scalar array"),
        (np.zeros((10, 0)), np.repeat([0, 1], 5), "Found array with 0 feature"),
    ],
    ids=["no samples", "0-d X", "no features"],
)
def test_empty_data_are_refused(tmp_path, capsys, X, y, message):
    data = write_npz(tmp_path / "empty.npz", X=X, y=y)
    assert_usage_error(capsys, ["--data", data], message)


def test_continuous_labels_get_a_short_message(tmp_path, capsys, digits):
    X, _ = digits
    y = np.linspace(0, 1, len(X))
    data = write_npz(tmp_path / "regression.npz", X=X, y=y)
    with pytest.raises(SystemExit):
        main(["--data", data, *FAST, "--no-plot"])
    last_line = capsys.readouterr().err.strip().splitlines()[-1]
    assert "Unknown label type: continuous" in last_line
    assert len(last_line) < 200


def test_output_without_extension_saves_and_prints_the_real_path(tmp_path, capsys):
    path = tmp_path / "grid"
    assert main([*FAST, "--output", str(path)]) == 0
    assert (tmp_path / "grid.png").exists()
    assert f"saved to {tmp_path / 'grid.png'}" in capsys.readouterr().out


@pytest.mark.parametrize(
    "make_output, message",
    [
        (lambda tmp: tmp / "grid.xyz", "format"),
        (lambda tmp: tmp / "folder.png", "Is a directory"),
        (lambda tmp: tmp / "file.txt" / "grid.png", "Not a directory"),
    ],
    ids=["unknown extension", "a folder", "parent is a file"],
)
def test_unusable_output_is_refused_before_training(
    tmp_path, capsys, make_output, message
):
    (tmp_path / "file.txt").write_text("x")
    (tmp_path / "folder.png").mkdir()
    with pytest.raises(SystemExit) as exit_info:
        main(["--output", str(make_output(tmp_path)), *FAST])
    assert exit_info.value.code == 2
    captured = capsys.readouterr()
    assert message in captured.err
    assert "Traceback" not in captured.err
    assert "Class counts" not in captured.out


@pytest.mark.parametrize("device", ["mps", "meta", "cuda:9", "tpu"])
def test_unusable_device_gets_the_librarys_advice(capsys, device):
    if device.startswith("cuda") and torch.cuda.device_count() > 9:
        pytest.skip("this machine has 10 GPUs")
    assert_usage_error(capsys, ["--device", device], "'cpu'")


def test_a_class_missing_from_the_test_split_is_reported(tmp_path, capsys, digits):
    X, y = digits
    # Class 9 has 3 samples; a small test split leaves it out.
    X = np.concatenate([X, X[:3]])
    y = np.concatenate([y, [9, 9, 9]])
    data = write_npz(tmp_path / "rare.npz", X=X, y=y)
    assert main(["--data", data, "--test-size", "0.05", *FAST, "--no-plot"]) == 0
    captured = capsys.readouterr()
    assert "class 9 has no sample in the test split" in captured.err


# --- folders of images ------------------------------------------------------------


@pytest.fixture
def image_folder(tmp_path, digits):
    """PNG files of 8x8 digits in one subfolder per class, imbalanced."""
    Image = pytest.importorskip("PIL.Image")
    X, y = digits
    folder = tmp_path / "pets"
    for label in np.unique(y):
        (folder / f"class_{label}").mkdir(parents=True)
        for index, row in enumerate(X[y == label]):
            pixels = (row.reshape(8, 8) * 16).clip(0, 255).astype(np.uint8)
            Image.fromarray(pixels).save(folder / f"class_{label}" / f"{index}.png")
    return folder


def test_one_command_balances_a_folder(image_folder, tmp_path, capsys):
    from imblearn_deepsmote.datasets import load_image_folder

    out = tmp_path / "balanced"
    assert main(["--data", str(image_folder), "--output-folder", str(out), *FAST]) == 0

    output = capsys.readouterr().out
    assert "none held out" in output and "Balanced accuracy" not in output
    counts = {label: after for label, (_, after) in class_counts(output).items()}
    balanced = load_image_folder(out)
    assert sorted(balanced.target_names) == ["class_0", "class_1", "class_2"]
    assert np.bincount(balanced.target).tolist() == [counts["class_0"]] * 3
    original = load_image_folder(image_folder)
    assert len(balanced.data) - sum(
        name.startswith("generated_") for name in map(_name, balanced.filenames)
    ) == len(original.data)
    assert f"to {out}" in output


def _name(path):
    return Path(path).name


def test_generated_only_writes_only_the_new_images(image_folder, tmp_path, capsys):
    out = tmp_path / "new"
    options = ["--output-folder", str(out), "--generated-only", "--no-plot"]
    assert main(["--data", str(image_folder), *options, *FAST]) == 0
    names = [path.name for path in out.rglob("*.png")]
    assert names and all(name.startswith("generated_") for name in names)
    assert not list((out / "class_0").glob("*.png"))  # the majority gets none


def test_a_folder_with_a_test_split_is_scored(image_folder, capsys):
    options = ["--test-size", "0.25", "--no-plot"]
    assert main(["--data", str(image_folder), *options, *FAST]) == 0
    balanced_accuracies(capsys.readouterr().out)


def test_a_corrupt_file_is_named_with_the_librarys_advice(image_folder, capsys):
    (image_folder / "class_1" / "broken.png").write_bytes(b"not an image")
    assert_usage_error(capsys, ["--data", str(image_folder)], "broken.png")
    (image_folder / "class_1" / "other.png").write_bytes(b"not an image")
    with pytest.raises(SystemExit):
        main(["--data", str(image_folder), *FAST, "--no-plot"])
    assert "on_error='skip'" in capsys.readouterr().err

    assert (
        main(["--data", str(image_folder), "--skip-unreadable", *FAST, "--no-plot"])
        == 0
    )
    error = capsys.readouterr().err
    assert "warning: Skipped 2" in error and "Traceback" not in error


def test_mixed_sizes_get_the_librarys_advice(image_folder, capsys):
    Image = pytest.importorskip("PIL.Image")
    Image.new("L", (12, 10)).save(image_folder / "class_2" / "large.png")
    with pytest.raises(SystemExit):
        main(["--data", str(image_folder), *FAST, "--no-plot"])
    last_line = capsys.readouterr().err.strip().splitlines()[-1]
    assert last_line.startswith("imblearn-deepsmote: error: --data: ")
    assert "image_size=(8, 8)" in last_line

    options = ["--image-size", "8", "--no-plot"]
    assert main(["--data", str(image_folder), *options, *FAST]) == 0


def test_a_non_empty_output_folder_is_refused_before_training(
    image_folder, tmp_path, capsys
):
    out = tmp_path / "taken"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    with pytest.raises(SystemExit):
        main(["--data", str(image_folder), "--output-folder", str(out), *FAST])
    captured = capsys.readouterr()
    assert "not empty" in captured.err and "Class counts" not in captured.out
    assert (out / "keep.txt").read_text() == "mine"


# --- checked before training: what --output-folder cannot write -------------------


def assert_refused_before_training(capsys, args, message):
    """The job exits with status 2 and ``message``, before any training."""
    with pytest.raises(SystemExit) as exit_info:
        main([*args, *FAST, "--no-plot"])
    assert exit_info.value.code == 2
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    last_line = captured.err.strip().splitlines()[-1]
    assert last_line.startswith("imblearn-deepsmote: error: ")
    assert re.search(message, last_line), last_line
    assert "Data:" not in captured.out and "Class counts" not in captured.out
    return last_line


def read_folder(folder):
    """Pixels of each file below ``folder``, by file name."""
    Image = pytest.importorskip("PIL.Image")
    return {path.name: np.asarray(Image.open(path)) for path in folder.rglob("*.png")}


@pytest.mark.parametrize("scale", [255, 1], ids=["0-255", "0-1"])
def test_float_images_are_written_as_pixels(tmp_path, capsys, digits, scale):
    pytest.importorskip("PIL.Image")
    X, y = digits
    # Whole numbers from 0 to 240, or values from 0 to 1; DeepSMOTE's images
    # of float input are floats within the same range, no longer whole.
    pixels = (X * 15).reshape(-1, 1, 8, 8)
    data = write_npz(tmp_path / "floats.npz", X=pixels / 255 * scale, y=y)
    out = tmp_path / "out"

    assert main(["--data", data, "--output-folder", str(out), *FAST, "--no-plot"]) == 0

    written = read_folder(out)
    for row in range(len(X)):
        np.testing.assert_array_equal(
            written[f"original_{row:06d}.png"], pixels[row, 0]
        )
    generated = [image for name, image in written.items() if "generated" in name]
    assert generated and max(image.max() for image in generated) > 1


@pytest.mark.parametrize(
    "X, message",
    [
        (lambda X: X.reshape(-1, 1, 8, 8) - 8.0, r"holds values from -8\.0 to 8\.0"),
        (lambda X: X.reshape(-1, 1, 8, 8).astype(np.int64) * 100, "from 0 to 1600"),
        (lambda X: np.repeat(X.reshape(-1, 1, 8, 8), 2, axis=1), "1 or 3 channels"),
        (lambda X: X, "tabular rows; pass --input-shape"),
    ],
    ids=["negative floats", "integers above 255", "two channels", "rows"],
)
def test_images_that_cannot_be_written_are_refused_before_training(
    tmp_path, capsys, digits, X, message
):
    data = write_npz(tmp_path / "bad.npz", X=X(digits[0]), y=digits[1])
    out = tmp_path / "out"
    last_line = assert_refused_before_training(
        capsys, ["--data", data, "--output-folder", str(out)], message
    )
    assert "--output-folder" in last_line
    assert not out.exists()


def test_labels_that_cannot_name_folders_are_refused_before_training(
    tmp_path, capsys, digits
):
    X, y = digits
    data = write_npz(tmp_path / "signed.npz", X=X.reshape(-1, 8, 8), y=y - 1)
    assert_refused_before_training(
        capsys, ["--data", data, "--output-folder", str(tmp_path / "out")], "negative"
    )


@pytest.mark.parametrize(
    "where, message",
    [
        (lambda tmp, _: tmp / "file.txt" / "out", r"file\.txt is a file, so the"),
        (lambda tmp, _: tmp / ("a" * 300), "too long for the file system"),
        (lambda tmp, _: tmp / "x" / ("a" * 300) / "out", "longest name has 300"),
        (lambda _, locked: locked / "out", "Cannot make the folder"),
        (lambda tmp, _: tmp / "taken", "is not empty: it holds keep.txt"),
    ],
    ids=["under a file", "long name", "long name inside", "unwritable", "not empty"],
)
def test_an_output_folder_that_cannot_be_written_is_refused_before_training(
    tmp_path, capsys, unwritable, where, message
):
    (tmp_path / "file.txt").write_text("mine")
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "keep.txt").write_text("mine")
    before = sorted(tmp_path.rglob("*"))
    folder = where(tmp_path, unwritable)
    last_line = assert_refused_before_training(
        capsys, ["--output-folder", str(folder)], message
    )
    assert "--output-folder: " in last_line and "Errno" not in last_line
    assert sorted(tmp_path.rglob("*")) == before


def test_a_long_folder_name_gets_no_traceback_from_python_dash_m(tmp_path):
    result = run_module(tmp_path, "--output-folder", "a" * 300)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert "too long" in result.stderr.strip().splitlines()[-1]


@pytest.mark.parametrize("option", ["--data", "--output"])
def test_long_names_of_other_paths_are_refused_without_traceback(
    tmp_path, capsys, option
):
    path = tmp_path / ("a" * 300 + ".png")
    with pytest.raises(SystemExit) as exit_info:
        main([option, str(path), *FAST])
    assert exit_info.value.code == 2
    last_line = capsys.readouterr().err.strip().splitlines()[-1]
    assert last_line.startswith(f"imblearn-deepsmote: error: {option}: ")
    assert "too long" in last_line


# --- the library's decisions, in the command line's terms -------------------------


def test_channels_last_images_get_the_librarys_advice(tmp_path, capsys, digits):
    X, y = digits
    images = np.repeat(X.reshape(-1, 8, 8, 1), 3, axis=3)
    data = write_npz(tmp_path / "last.npz", X=images, y=y)
    last_line = assert_refused_before_training(
        capsys, ["--data", data], "channels-last"
    )
    assert "X.transpose(0, 3, 1, 2)" in last_line and "8x3" not in last_line


def test_the_deepsmote_options_default_to_the_librarys_defaults():
    from imblearn_deepsmote import DeepSMOTE
    from imblearn_deepsmote._cli import _build_parser

    parser = _build_parser()
    library = DeepSMOTE().get_params()
    args = parser.parse_args([])
    for name in ("latent_dim", "k_neighbors", "penalty", "max_epochs", "lr"):
        assert getattr(args, name) == library[name]
    assert args.random_state == 0  # the job is seeded
    assert parser.parse_args(["--max-epochs", "3"]).max_epochs == 3
    assert parser.parse_args(["--penalty", "none"]).penalty is None


@pytest.mark.parametrize("text", ["0", "-2", "many", "1.5"])
def test_max_epochs_refuses_anything_but_auto_or_a_count(capsys, text):
    with pytest.raises(SystemExit):
        main(["--max-epochs", text])
    assert "'max_epochs' parameter of DeepSMOTE" in capsys.readouterr().err


def test_an_unusable_device_keeps_the_librarys_reason(capsys):
    assert_usage_error(capsys, ["--device", "tpu"], "is not a torch device")


def test_the_smote_baseline_uses_the_other_samples_of_a_class_smaller_than_k(
    tmp_path, capsys, digits, monkeypatch
):
    from imblearn_deepsmote import _cli

    used = []
    original = _cli.SMOTE

    def recording(**params):
        used.append(params["k_neighbors"])
        return original(**params)

    monkeypatch.setattr(_cli, "SMOTE", recording)
    X, y = digits
    X = np.concatenate([X, X[:4]])
    y = np.concatenate([y, [9, 9, 9, 9]])  # 3 training samples: 2 neighbours
    data = write_npz(tmp_path / "rare.npz", X=X, y=y)
    options = ["--test-size", "0.2", "--k-neighbors", "5", "--no-plot"]
    assert main(["--data", data, *options, *FAST]) == 0
    assert used == [2]


def test_a_class_of_one_training_sample_leaves_the_smote_baseline_without_a_score(
    tmp_path, capsys, digits
):
    X, y = digits
    X = np.concatenate([X, X[:2]])
    y = np.concatenate([y, [9, 9]])  # one in training, one in the test split
    data = write_npz(tmp_path / "single.npz", X=X, y=y)
    options = ["--test-size", "0.5", "--no-plot"]
    assert main(["--data", data, *options, *FAST]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert any(line.split()[:2] == ["9", "1"] for line in lines)
    assert any(
        "SMOTE" in line and "n/a (a class of one sample)" in line for line in lines
    )
    assert any("DeepSMOTE" in line and "0." in line for line in lines)


# --- refused in the library's words, naming the option or the data -----------------


@pytest.mark.parametrize(
    "value, message", [(np.nan, "contains NaN"), (np.inf, "contains infinity")]
)
def test_labels_with_nan_or_inf_are_refused_without_traceback(
    tmp_path, digits, value, message
):
    X, y = digits
    labels = y.astype(float)
    labels[0] = value
    data = write_npz(tmp_path / "labels.npz", X=X, y=labels)
    result = run_module(tmp_path, "--data", data, *FAST, "--no-plot")
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    last_line = result.stderr.strip().splitlines()[-1]
    assert last_line.startswith("imblearn-deepsmote: error: ") and message in last_line
    assert "Data:" not in result.stdout


@pytest.mark.parametrize(
    "options, parameter",
    [(["--random-state", "-1"], "random_state"), (["--lr", "inf"], "lr")],
)
def test_an_option_out_of_range_is_refused_as_the_option_not_the_data(
    capsys, options, parameter
):
    assert_refused_before_training(
        capsys,
        options,
        rf"^imblearn-deepsmote: error: The '{parameter}' parameter of DeepSMOTE must",
    )
