"""The statistics of the benchmarks, on cases that can be checked by hand."""

import pytest


@pytest.fixture
def stats(import_benchmarks):
    return import_benchmarks("_shared.stats")["_shared.stats"]


def test_sign_flip_p_of_three_positive_units_is_its_floor_of_one_quarter(stats):
    # 8 sign patterns; only all-plus and all-minus reach |sum| = 6.
    assert stats.sign_flip_p([1.0, 2.0, 3.0]) == pytest.approx(2 / 8)


def test_sign_flip_p_of_five_positive_units_is_0_0625(stats):
    assert stats.sign_flip_p([0.5, 0.1, 2.0, 0.3, 0.7]) == pytest.approx(0.0625)


def test_sign_flip_p_counts_every_pattern_at_least_as_extreme(stats):
    # Sums of the 4 patterns of (2, 1): 3, 1, -1, -3; |3| is reached twice.
    assert stats.sign_flip_p([2.0, 1.0]) == pytest.approx(0.5)
    # (3, -1, -1, -1) sums to 0: every pattern is at least as extreme.
    assert stats.sign_flip_p([3.0, -1.0, -1.0, -1.0]) == 1.0


def test_sign_flip_p_refuses_no_units(stats):
    with pytest.raises(ValueError, match="no paired differences"):
        stats.sign_flip_p([])


def test_wilcoxon_p_of_five_positive_units_is_0_0625_and_ignores_zeros(stats):
    assert stats.wilcoxon_p([1.0, 2.0, 3.0, 4.0, 5.0]) == pytest.approx(0.0625)
    assert stats.wilcoxon_p([1.0, 2.0, 3.0, 4.0, 5.0, 0.0]) == pytest.approx(0.0625)
    assert stats.wilcoxon_p([0.0, 0.0]) == 1.0


def test_holm_multiplies_the_sorted_p_values_and_keeps_them_monotone(stats):
    # Sorted: 0.01 * 3 = 0.03; 0.03 * 2 = 0.06; 0.04 * 1 = 0.04 -> 0.06.
    assert stats.holm([0.01, 0.04, 0.03]) == pytest.approx([0.03, 0.06, 0.06])
    assert stats.holm([0.5, 0.9]) == pytest.approx([1.0, 1.0])


def test_unit_means_average_classifier_blocks_within_a_unit(stats):
    records = [
        {"dataset": "d", "seed": 1, "classifier": "a", "acsa": 80.0},
        {"dataset": "d", "seed": 1, "classifier": "b", "acsa": 90.0},
        {"dataset": "d", "seed": 2, "classifier": "a", "acsa": 70.0},
    ]
    means = stats.unit_means(records, "acsa", ("dataset", "seed"), "classifier")
    assert means == {("d", 1): 85.0, ("d", 2): 70.0}


def test_unit_means_refuse_a_block_counted_twice(stats):
    record = {"dataset": "d", "seed": 1, "classifier": "a", "acsa": 80.0}
    with pytest.raises(ValueError, match="twice"):
        stats.unit_means([record, record], "acsa", ("dataset", "seed"), "classifier")


def test_paired_counts_units_won_on_units_both_samplers_have(stats):
    a = {1: 2.0, 2: 3.0, 3: 1.0, 4: 9.0}
    b = {1: 1.0, 2: 3.0, 3: 2.0}
    summary = stats.paired(a, b)
    assert (summary["n"], summary["won"], summary["lost"], summary["tied"]) == (
        3,
        1,
        1,
        1,
    )
    assert summary["mean_difference"] == pytest.approx(0.0)
    assert summary["p_sign_flip"] == 1.0
