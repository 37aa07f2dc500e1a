"""The design selection's declared rule, on runs whose answer is known."""

import pytest

DECLARATION = {
    "datasets": {
        "a": {"seeds": (1000, 1001), "classifiers": "all"},
        "b": {"seeds": (1000,), "classifiers": ("knn", "cnn")},
        "c": {"seeds": (1000,), "classifiers": ("knn", "cnn")},
    },
    "baseline": "base",
    "candidates": ("good", "cnn_only"),
    "references": (),
    "families": {"classical": ("lr", "knn"), "cnn": ("cnn",)},
}


@pytest.fixture
def analysis(import_benchmarks):
    return import_benchmarks("_shared.analysis")["_shared.analysis"]


def runs_of(scores):
    """Runs from {(dataset, seed, sampler, classifier): acsa}."""
    return [
        {
            "dataset": d,
            "seed": seed,
            "sampler": s,
            "classifier": c,
            "eval": {"acsa": acsa},
        }
        for (d, seed, s, c), acsa in scores.items()
    ]


def scores_for(sampler, shift_classical, shift_cnn):
    scores = {}
    for dataset, spec in DECLARATION["datasets"].items():
        ran = ("lr", "knn", "cnn") if spec["classifiers"] == "all" else ("knn", "cnn")
        for seed in spec["seeds"]:
            for c in ran:
                shift = shift_cnn if c == "cnn" else shift_classical
                scores[dataset, seed, sampler, c] = 80.0 + shift[dataset]
    return scores


def test_the_rule_takes_a_candidate_that_wins_in_both_families(analysis):
    zero = {"a": 0.0, "b": 0.0, "c": 0.0}
    # "good" wins on a and b and loses a little on c, in both families.
    runs = runs_of(
        scores_for("base", zero, zero)
        | scores_for("good", {"a": 1.0, "b": 2.0, "c": -0.5}, {"a": 1, "b": 1, "c": -1})
        | scores_for(
            "cnn_only", {"a": -1.0, "b": -1.0, "c": -1.0}, {"a": 3, "b": 3, "c": 3}
        )
    )
    rows, chosen = analysis.design_selection(runs, DECLARATION)
    assert chosen == "good"
    pooled = {
        (r["sampler"], r["family"]): r["diff"] for r in rows if r["dataset"] == "all"
    }
    # classical: units a/1000, a/1001 (+1), b (+2), c (-0.5): mean 0.875.
    assert pooled["good", "classical"] == pytest.approx(0.875)
    assert pooled["cnn_only", "cnn"] == pytest.approx(3.0)


def test_the_rule_keeps_the_defaults_when_no_candidate_wins_both_families(analysis):
    zero = {"a": 0.0, "b": 0.0, "c": 0.0}
    runs = runs_of(
        scores_for("base", zero, zero)
        | scores_for("good", {"a": 1.0, "b": -2.0, "c": -0.5}, {"a": 1, "b": 1, "c": 1})
        | scores_for(
            "cnn_only", {"a": -1.0, "b": -1.0, "c": -1.0}, {"a": 3, "b": 3, "c": 3}
        )
    )
    _, chosen = analysis.design_selection(runs, DECLARATION)
    assert chosen is None


@pytest.fixture
def design(import_benchmarks):
    names = ("_shared.protocol", "_shared.methods", "_shared.classifiers")
    names += ("_shared.data",)
    return import_benchmarks(*names)


def earlier_selection_seeds(protocol):
    """Selection seeds of the earlier design passes and of the diagnostic."""
    seeds = {
        seed
        for spec in protocol.DESIGN_SELECTION["datasets"].values()
        for seed in spec["seeds"]
    }
    return seeds | {1100, 1101, 1102}


def test_round5_selection_runs_every_classifier_on_new_selection_seeds(design):
    protocol = design["_shared.protocol"]
    classifiers = design["_shared.classifiers"]
    round5 = protocol.DESIGN_ROUND5
    assert set(round5["datasets"]) == {"digits", "mnist", "fmnist_small"}
    assert set(round5["classifiers"]) == {*classifiers.CLASSICAL, "cnn"}
    for spec in round5["datasets"].values():
        assert spec["classifiers"] == "all"
        assert len(spec["seeds"]) >= 3
        protocol.check_seeds("select", spec["seeds"])
        assert not set(spec["seeds"]) & earlier_selection_seeds(protocol)
    assert set(round5["families"]["classical"]) == set(classifiers.CLASSICAL)
    assert round5["families"]["cnn"] == ("cnn",)


def test_round5_names_samplers_the_harness_runs_and_states_its_margin(design):
    protocol = design["_shared.protocol"]
    methods = design["_shared.methods"].METHODS
    round5 = protocol.DESIGN_ROUND5
    named = (
        round5["baseline"],
        *round5["candidates"],
        *round5["cost_candidates"],
        *round5["references"],
    )
    assert set(named) <= set(methods)
    assert len(set(named)) == len(named)
    assert "smote" in round5["references"]  # condition (c) compares with it
    assert set(round5["hypotheses"]) == {
        *round5["candidates"],
        *round5["cost_candidates"],
    }
    assert 0 < round5["margin"] <= 1
    assert f"-{round5['margin']} points" in round5["rule"]


def test_round5_report_seeds_are_fresh_and_can_reach_holm_p_below_0_05(design):
    protocol = design["_shared.protocol"]
    report = protocol.DESIGN_REPORT_ROUND5
    reported_before = {
        seed for seeds in protocol.DECLARED["report_seeds"].values() for seed in seeds
    }
    n_comparisons = sum(len(against) for against in report["comparisons"].values())
    assert n_comparisons == 5
    assert set(report["reported_on"]) == {"digits", "mnist", "fmnist"}
    for seeds in report["reported_on"].values():
        protocol.check_seeds("report", seeds)
        assert not set(seeds) & reported_before
        # The smallest exact two-sided sign-flip p, 2 / 2^n, after Holm.
        assert n_comparisons * 2 / 2 ** len(seeds) < 0.05
    assert len(report["reported_on"]["fmnist"]) >= 8


ROUND5 = {
    "datasets": {
        "a": {"seeds": (1, 2), "classifiers": "all"},
        "b": {"seeds": (3,), "classifiers": "all"},
    },
    "baseline": "base",
    "candidates": ("fits", "costs_knn", "no_cnn_gain", "below_smote"),
    "cost_candidates": ("cheap", "cheap_bad_cnn"),
    "families": {"classical": ("lr", "knn"), "cnn": ("cnn",)},
    "margin": 0.5,
}


def round5_runs(shifts):
    """Runs where sampler s scores 80 + shifts[s][dataset][classifier]."""
    scores = {}
    for sampler, shift in shifts.items():
        for dataset, spec in ROUND5["datasets"].items():
            for seed in spec["seeds"]:
                for c in ("lr", "knn", "cnn"):
                    scores[dataset, seed, sampler, c] = 80.0 + shift[dataset][c]
    return runs_of(scores)


def same(lr, knn, cnn):
    return {d: {"lr": lr, "knn": knn, "cnn": cnn} for d in ("a", "b")}


@pytest.fixture
def margin_rule(import_benchmarks):
    return import_benchmarks("_shared.margin_rule")["_shared.margin_rule"]


def test_round5_rule_takes_the_candidate_within_the_margin_everywhere(margin_rule):
    runs = round5_runs(
        {
            "base": same(0, 0, 0),
            "smote": same(0, 0.2, 0),
            "fits": same(-0.4, 1.0, 1.0),
            "costs_knn": same(2.0, -0.6, 3.0),
            "no_cnn_gain": same(1.0, 1.0, 0.0),
            "below_smote": same(0, 0, 2.0),
            "cheap": same(-0.5, -0.5, -0.5),
            "cheap_bad_cnn": same(0, 0, -0.6),
        }
    )
    rows, chosen, cost_passed = margin_rule.decide(runs, ROUND5)
    passes = {r["sampler"]: r["passes"] for r in rows}
    assert chosen == "fits"
    assert passes == {
        "fits": True,  # classical 0.3 minus SMOTE's 0.1: 0.2
        "costs_knn": False,  # (a): kNN 0.6 below the defaults
        "no_cnn_gain": False,  # (b): the CNN not above
        "below_smote": False,  # (c): 0 against SMOTE's 0.1
        "cheap": True,
        "cheap_bad_cnn": False,
    }
    assert cost_passed == ["cheap"]


def test_round5_rule_weighs_each_data_set_the_same_not_each_unit(margin_rule):
    # +2 on both units of a, -1 on the one unit of b: 0.5, not 1.0.
    shift = {"a": {"lr": 2, "knn": 2, "cnn": 2}, "b": {"lr": -1, "knn": -1, "cnn": -1}}
    runs = round5_runs({"base": same(0, 0, 0), "smote": same(0, 0, 0), "fits": shift})
    rows, _, _ = margin_rule.decide(runs, ROUND5)
    (fits,) = [r for r in rows if r["sampler"] == "fits"]
    assert fits["cnn"] == pytest.approx(0.5)
    assert fits["per_classifier"]["lr"] == pytest.approx(0.5)


def test_round5_rule_decides_nothing_until_every_unit_is_run(margin_rule):
    runs = round5_runs(
        {"base": same(0, 0, 0), "smote": same(0, 0, 0), "fits": same(1, 1, 1)}
    )
    runs = [r for r in runs if not (r["sampler"] == "fits" and r["dataset"] == "b")]
    rows, chosen, _ = margin_rule.decide(runs, ROUND5)
    (fits,) = [r for r in rows if r["sampler"] == "fits"]
    assert chosen is None
    assert not fits["complete"] and fits["cnn"] is None
