"""The shared package of the benchmarks (benchmarks/_shared)."""

import ast
import json
import subprocess
from pathlib import Path

import numpy as np
import pytest


@pytest.fixture
def shared(import_benchmarks):
    names = (
        "data",
        "methods",
        "classifiers",
        "fidelity",
        "analysis",
        "protocol",
        "records",
    )
    modules = import_benchmarks(*(f"_shared.{name}" for name in names))
    return {name: modules[f"_shared.{name}"] for name in names}


def test_select_phase_validates_on_pool_images_never_trained_on_nor_tested(shared):
    data = shared["data"]
    select = data.load_images("digits", 1000, "select")
    report = data.load_images("digits", 1000, "report")
    assert np.bincount(select.y_eval).tolist() == [10] * 10
    assert select.imbalanced_index is None
    rows = {x.tobytes() for x in select.X_train}
    assert not rows & {x.tobytes() for x in select.X_eval}
    # The test half of this seed's split is neither trained on nor validated on.
    test_rows = {x.tobytes() for x in report.X_eval}
    assert not {x.tobytes() for x in select.X_eval} & test_rows
    assert not rows & test_rows


def test_report_phase_scores_the_balanced_test_with_the_imbalanced_one_inside(shared):
    report = shared["data"].load_images("digits", 100, "report")
    assert np.bincount(report.y_train).tolist() == [
        80,
        61,
        47,
        37,
        28,
        22,
        17,
        13,
        10,
        8,
    ]
    counts = np.bincount(report.y_eval[report.imbalanced_index]).tolist()
    assert counts == [80, 61, 47, 37, 28, 22, 17, 13, 10, 8]


def test_table_splits_of_the_select_phase_leave_the_test_folds_unused(shared):
    y = np.repeat([0, 1], [40, 10])
    select = list(shared["data"].table_splits(y, 1000, "select"))
    report = list(shared["data"].table_splits(y, 1000, "report"))
    assert len(select) == len(report) == 5
    for (fit, validation), (train, test) in zip(select, report, strict=True):
        assert set(fit) | set(validation) == set(train)
        assert not set(validation) & set(test)


def test_protocol_refuses_a_seed_of_the_other_phase(shared):
    protocol = shared["protocol"]
    protocol.check_seeds("report", [100, 109])
    with pytest.raises(ValueError, match="not report seeds"):
        protocol.check_seeds("report", [1000])
    with pytest.raises(ValueError, match="selection|select"):
        protocol.check_seeds("select", [100])


def test_a_report_run_must_hold_the_declared_baselines(shared):
    protocol = shared["protocol"]
    protocol.check_run("report", None, ["none", "random_over", "smote", "deepsmote"])
    protocol.check_run("select", [1000], ["deepsmote_plain"])
    with pytest.raises(ValueError, match="add --samplers random_over smote"):
        protocol.check_run("report", [100], ["none", "deepsmote"])


@pytest.mark.parametrize("candidate", ["deepsmote_delta", "deepsmote_delta_half"])
def test_a_report_run_may_hold_a_declared_design_pick_alone(shared, candidate):
    protocol = shared["protocol"]
    protocol.check_run("report", [100], [candidate])
    with pytest.raises(ValueError, match="add --samplers"):
        protocol.check_run("report", [100], ["deepsmote_wide"])
    with pytest.raises(ValueError, match="add --samplers"):
        protocol.check_run("report", [100], [candidate, "deepsmote_wide"])


def test_results_of_one_phase_are_refused_as_the_other(shared, tmp_path):
    records = shared["records"]
    path = tmp_path / "results.json"
    records.write_json(path, {"phase": "select", "runs": []})
    assert records.read_results(path, "select") == {"phase": "select", "runs": []}
    with pytest.raises(ValueError, match="holds select runs, not report runs"):
        records.read_results(path, "report")


def test_resample_keeps_float_rows_and_rounds_images(shared):
    from imblearn.over_sampling import SMOTE

    resample = shared["methods"].resample
    y = np.repeat([0, 1], [12, 6])
    rows = np.random.default_rng(0).normal(size=(18, 3))
    X_res, _ = resample(SMOTE(k_neighbors=3, random_state=0), rows, y)
    assert X_res.dtype == rows.dtype and not np.allclose(X_res, np.rint(X_res))
    images = np.random.default_rng(0).integers(250, 256, size=(18, 1, 2, 2))
    X_res, _ = resample(
        SMOTE(k_neighbors=3, random_state=0), images.astype(np.uint8), y
    )
    assert X_res.dtype == np.uint8 and X_res.min() >= 250  # no wrap-around


def test_step_batches_give_every_training_set_the_same_number_of_full_batches(shared):
    from skorch.dataset import Dataset

    StepBatches = shared["classifiers"].StepBatches
    for n in (5, 40):
        batches = StepBatches(Dataset(np.zeros((n, 2)), np.arange(n)), 8, n_batches=7)
        sizes = [len(Xb) for Xb, _ in batches]
        assert sizes == [8] * 7
    one_pass = StepBatches(Dataset(np.zeros((5, 2)), None), 2)
    assert [len(Xb) for Xb, yb in one_pass] == [2, 2, 1]


def test_prdc_and_frechet_distance(shared):
    fidelity = shared["fidelity"]
    real = np.random.default_rng(0).normal(size=(300, 4))
    same = fidelity.sample_quality(real, real.copy(), seed=0)
    assert same["precision"] == 1 and same["coverage"] == 1
    assert same["frechet"] == pytest.approx(0, abs=1e-6)
    shifted = fidelity.sample_quality(real, real + 10, seed=0)
    assert shifted["precision"] == 0 and shifted["recall"] == 0
    assert shifted["frechet"] == pytest.approx(4 * 100, rel=1e-6)


def _run(dataset, seed, sampler, classifier, acsa, fold=None):
    return {
        "dataset": dataset,
        "seed": seed,
        "fold": fold,
        "sampler": sampler,
        "classifier": classifier,
        "eval": {"acsa": acsa},
    }


def test_family_scores_average_classifiers_within_a_unit_and_skip_incomplete_units(
    shared,
):
    analysis = shared["analysis"]
    classical = shared["protocol"].CLASSIFIER_FAMILIES["classical"]
    runs = [_run("d", 100, "smote", c, 80.0 + i) for i, c in enumerate(classical)]
    runs += [_run("d", 101, "smote", "lr", 50.0)]  # one classifier only
    assert analysis.family_scores(runs, "d", "smote", "classical") == {100: 82.0}


def test_declared_comparisons_are_holm_adjusted_per_data_set(shared):
    analysis = shared["analysis"]
    declared = {
        "sampler": "deepsmote",
        "against": ("random_over", "smote"),
        "families": ("cnn",),
    }
    runs = []
    for seed in range(100, 105):
        runs.append(_run("d", seed, "deepsmote", "cnn", 90.0 + seed % 2))
        runs.append(_run("d", seed, "random_over", "cnn", 80.0))
        runs.append(_run("d", seed, "smote", "cnn", 95.0 - seed % 3))
    rows = analysis.declared_comparisons(runs, declared)
    ros, smote = rows
    assert (ros["won"], ros["n"]) == (5, 5)
    assert ros["p_sign_flip"] == pytest.approx(0.0625)
    assert ros["p_holm"] == pytest.approx(0.125)  # the smaller of two, times 2
    assert smote["lost"] == 5 and smote["p_holm"] == pytest.approx(0.125)


RECORDED = Path(__file__).resolve().parents[1] / "benchmarks" / "recorded"


def _recorded_commits():
    """Every commit a recorded results file names, without "+changes"."""
    commits = set()
    for path in RECORDED.rglob("*.json"):
        results = json.loads(path.read_text())
        if not isinstance(results, dict):
            continue
        for record in (results, *results.get("invocations", ())):
            commit = record.get("commit")
            if commit and commit != "unknown":
                commits.add(commit.removesuffix("+changes"))
    return commits


def _in_repository(commit):
    root = Path(__file__).resolve().parents[1]
    found = subprocess.run(
        ["git", "-C", str(root), "cat-file", "-e", f"{commit}^{{commit}}"],
        capture_output=True,
    )
    return found.returncode == 0


def test_every_recorded_commit_is_in_the_repository_or_its_runs_are_left_out(shared):
    left_out = {entry["commit"] for entry in shared["records"].OUTSIDE_REPOSITORY}
    commits = _recorded_commits()
    assert commits, "no recorded results file names a commit"
    missing = {commit for commit in commits if not _in_repository(commit)}
    assert missing <= left_out


def test_runs_recorded_at_a_commit_outside_the_repository_are_not_read(shared):
    records = shared["records"]
    results = records.read_results(
        RECORDED / "report_design" / "results.json", "report"
    )
    delta_fmnist = [
        run
        for run in results["runs"]
        if run["dataset"] == "fmnist" and run["sampler"] == "deepsmote_delta"
    ]
    classical = {
        run["seed"]
        for run in delta_fmnist
        if run["classifier"] in ("lr", "svc", "knn", "rf", "mlp")
    }
    assert classical == {103, 104}
    assert {run["seed"] for run in delta_fmnist if run["classifier"] == "cnn"} == {
        100,
        101,
        102,
        103,
        104,
    }
    resamplings = [
        r
        for r in results["resamples"]
        if r["dataset"] == "fmnist" and r["sampler"] == "deepsmote_delta"
    ]
    assert len(resamplings) == 5 + 2 + 5  # the CNN, seeds 103-104, cnn_aug
    assert results["dropped"] == 3 * 5


def test_the_machine_record_names_the_gpu_or_none(shared):
    machine = shared["records"].machine_info()
    assert "gpu" in machine
    assert machine["gpu"] is None or isinstance(machine["gpu"], str)


@pytest.mark.parametrize(
    "script",
    [
        "quality.py",
        "cost.py",
        "diagnose_delta.py",
        "speed.py",
        "scale_out.py",
        "cuda_check.py",
    ],
)
def test_every_benchmark_script_records_commit_and_machine_through_records(script):
    tree = ast.parse((RECORDED.parent / script).read_text())
    imported = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "_shared.records"
        for alias in node.names
    }
    called = {
        node.func.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    }
    assert {"git_commit", "machine_info"} <= imported & called


def test_the_report_gives_a_design_pick_per_classifier_against_each_baseline(
    import_benchmarks,
):
    report = import_benchmarks("report")["report"]
    text, _ = report.report(
        [
            RECORDED / "report_digits_mnist" / "results.json",
            RECORDED / "report_design" / "results.json",
        ]
    )
    section = text.split("### The design pick `deepsmote_delta` on report seeds")[1]
    section = section.split("###")[0]
    header, *rows = [
        line for line in section.split("Per classifier:")[1].splitlines() if line
    ]
    assert "minus deepsmote" in header and "minus smote" in header
    classifiers = {row.split(" | ")[1] for row in rows[1:]}
    assert {"lr", "svc", "knn", "rf", "mlp", "cnn"} <= classifiers


def test_the_tables_declaration_names_ten_tables_report_seeds_and_baselines(shared):
    protocol = shared["protocol"]
    tables = protocol.DECLARED_TABLES
    assert len(set(tables["datasets"])) == 10
    protocol.check_seeds("report", tables["report_seeds"])
    protocol.check_run("report", tables["report_seeds"], tables["samplers"])
    assert set(tables["classifiers"]) == set(
        protocol.CLASSIFIER_FAMILIES[tables["family"]]
    )
    assert {
        tables["comparisons"]["deepsmote"],
        tuple(protocol.DECLARED["against"]),
    } == {("random_over", "smote")}


def test_the_tables_declaration_states_the_smallest_p_of_each_test(shared):
    tables = shared["protocol"].DECLARED_TABLES
    n_comparisons = len(tables["comparisons"]["deepsmote"])
    per_table = n_comparisons * 2 / 2 ** len(tables["report_seeds"])
    pooled = n_comparisons * 2 / 2 ** len(tables["datasets"])
    assert f"{per_table:.3f}" in tables["per_table"]["holm_family"]
    assert per_table >= 0.05
    assert f"{pooled:.4f}" in tables["pooled"]["holm_family"]
    assert pooled < 0.05
