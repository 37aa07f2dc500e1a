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
