"""Smoke test of the downstream-quality benchmark (benchmarks/quality.py)."""

import json

import pytest
import torch

pytest.importorskip("matplotlib")


@pytest.fixture
def bench(import_benchmarks):
    """The benchmark's modules, imported as the script imports them."""
    return import_benchmarks("quality", "_classifier", "_report")


def test_fast_mode_writes_every_output(bench, tmp_path, capsys, monkeypatch):
    # Sample grids of many images take seconds each to lay out.
    monkeypatch.setattr(bench["quality"], "SAMPLES_PER_CLASS", 1)
    methods = ["none", "class_weight", "smote", "deepsmote"]
    status = bench["quality"].main(
        [
            "--mode=fast",
            "--seeds",
            "0",
            "1",
            "--methods",
            *methods,
            "--classifier-epochs=1",
            "--deepsmote-epochs=1",
            "--threads=1",
            f"--output-dir={tmp_path}",
        ]
    )
    assert status == 0
    assert "Total wall time" in capsys.readouterr().out

    results = json.loads((tmp_path / "results.json").read_text())
    assert [(run["seed"], run["method"]) for run in results["runs"]] == [
        (seed, method) for seed in (0, 1) for method in methods
    ]
    for run in results["runs"]:
        assert "error" not in run
        assert len(run["balanced_test"]["per_class_recall"]) == 10
        assert run["train_counts"] == results["data"][str(run["seed"])]["train_counts"]
    smote = results["runs"][2]
    assert len(set(smote["resampled_counts"])) == 1
    assert results["settings"]["classifier"]["epochs"] == 1
    assert results["machine"]["versions"]["torch"] == torch.__version__
    assert set(results["summary"]) == set(methods)
    assert results["summary"]["smote"]["new_percent"] == pytest.approx(100)

    table = (tmp_path / "results.md").read_text()
    assert table.count("| smote: SMOTE in pixel space | 2 |") == 2
    header = table.split("### Balanced test set (ranking)")[1].split("\n")[2]
    assert "paper" not in header  # no paper numbers for the digits
    for name in ("per_class_recall.png", "samples_smote.png", "samples_deepsmote.png"):
        assert (tmp_path / name).stat().st_size > 0
    assert not (tmp_path / "samples_none.png").exists()


def test_fast_mode_refuses_the_paper_architecture(bench):
    with pytest.raises(SystemExit):
        bench["quality"].parse_args(["--methods", "deepsmote_paper_arch"])


def test_table_puts_the_paper_numbers_beside_ours(bench):
    report = bench["_report"]
    runs = [
        {
            "seed": seed,
            "method": "smote",
            "train_counts": [4, 2],
            "resampled_counts": [4, 4],
            "timings": {"total_s": 1.0},
            **{
                test: {
                    "acsa": 70.0 + seed,
                    "gm": 75.0,
                    "f1": 68.0,
                    "accuracy": 71.0,
                    "per_class_recall": [70.0, 72.0],
                }
                for test in report.TESTS
            },
        }
        for seed in (0, 2)
    ]
    summary = report.summarise(runs, ["smote"])
    assert summary["smote"]["balanced_test"]["acsa"] == pytest.approx([71, 2**0.5])
    methods = bench["quality"].METHODS
    table = report.markdown_table(summary, methods, "full")
    imbalanced = table.split("### Imbalanced")[1]
    assert "71.00 ± 1.41 | 75.00 ± 0.00 | 68.00 ± 0.00 | 67.94 | 74.84 | 67.12" in (
        imbalanced
    )


def test_a_failing_method_is_recorded_and_the_run_goes_on(bench, tmp_path, monkeypatch):
    quality = bench["quality"]
    run_method = quality.run_method

    def fail_on_smote(name, *args):
        if name == "smote":
            raise RuntimeError("no neighbours")
        return run_method(name, *args)

    monkeypatch.setattr(quality, "run_method", fail_on_smote)
    status = quality.main(
        [
            "--methods",
            "none",
            "smote",
            "--seeds",
            "0",
            "--classifier-epochs=1",
            f"--output-dir={tmp_path}",
        ]
    )
    assert status == 1
    results = json.loads((tmp_path / "results.json").read_text())
    assert results["runs"][1] == {
        "seed": 0,
        "method": "smote",
        "error": "seed 0, smote: RuntimeError: no neighbours",
    }
    assert list(results["summary"]) == ["none"]
    assert "- seed 0, smote: RuntimeError: no neighbours" in (
        (tmp_path / "results.md").read_text()
    )
