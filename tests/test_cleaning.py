"""CleanedOverSampler: new samples that their nearest real samples assign to
another class are redrawn, and the counts stay as asked."""

from collections import Counter

import numpy as np
import pytest
from imblearn.over_sampling import (
    ADASYN,
    SMOTE,
    SVMSMOTE,
    BorderlineSMOTE,
    RandomOverSampler,
)
from imblearn.under_sampling import RandomUnderSampler
from sklearn.neighbors import KNeighborsClassifier
from sklearn.utils._param_validation import InvalidParameterError

from imblearn_deepsmote import CleanedOverSampler, DeepSMOTE, DeltaOverSampler
from imblearn_deepsmote._validation import ParameterError


def rare_class_on_both_sides_of_a_frequent_one():
    """Class 1 in two groups at x = -10 and x = 10; class 0 between them.

    SMOTE with many neighbours draws class-1 samples across class 0.
    """
    rng = np.random.RandomState(0)
    X = np.vstack(
        [
            rng.normal(0, 1, size=(40, 2)) * [4, 1],
            rng.normal(0, 0.3, size=(5, 2)) + [-10, 0],
            rng.normal(0, 0.3, size=(5, 2)) + [10, 0],
        ]
    )
    return X, np.repeat([0, 1], [40, 10])


def share_among_their_class(X, y, X_new, y_new, n_neighbors=5):
    """Share of new samples that a nearest-neighbour vote gives their class."""
    knn = KNeighborsClassifier(n_neighbors=n_neighbors).fit(X, y)
    return np.mean(knn.predict(X_new) == y_new)


def test_new_samples_assigned_to_another_class_are_redrawn():
    X, y = rare_class_on_both_sides_of_a_frequent_one()
    smote = SMOTE(k_neighbors=9, random_state=0)
    sampler = CleanedOverSampler(sampler=smote, n_neighbors=5, random_state=0)

    X_res, y_res = sampler.fit_resample(X, y)
    X_smote, y_smote = smote.fit_resample(X, y)

    # The premise: plain SMOTE puts some samples among class 0.
    assert share_among_their_class(X, y, X_smote[50:], y_smote[50:]) < 0.9
    assert share_among_their_class(X, y, X_res[50:], y_res[50:]) == 1.0
    assert Counter(y_res.tolist()) == {0: 40, 1: 40}
    np.testing.assert_array_equal(X_res[:50], X)
    assert sampler.n_rejected_[1] > 0
    assert sampler.n_kept_unclean_ == {1: 0}


def test_with_a_single_round_the_samples_of_one_run_are_kept():
    X, y = rare_class_on_both_sides_of_a_frequent_one()
    sampler = CleanedOverSampler(
        sampler=SMOTE(k_neighbors=9), max_rounds=1, random_state=0
    )

    X_res, y_res = sampler.fit_resample(X, y)

    assert Counter(y_res.tolist()) == {0: 40, 1: 40}
    assert sampler.n_rejected_ == sampler.n_kept_unclean_
    assert sampler.n_kept_unclean_[1] > 0
    assert share_among_their_class(X, y, X_res[50:], y_res[50:]) < 1.0


def test_when_no_clean_sample_can_be_made_the_counts_are_still_as_asked():
    # Each class-1 sample sits in the middle of a tight group of class 0.
    rng = np.random.RandomState(0)
    centres = np.array([[0.0, 0.0], [5.0, 0.0], [0.0, 5.0]])
    X = np.vstack([centres.repeat(10, axis=0) + rng.normal(0, 0.1, (30, 2)), centres])
    y = np.repeat([0, 1], [30, 3])
    sampler = CleanedOverSampler(
        sampler=SMOTE(k_neighbors=2), max_rounds=3, random_state=0
    )

    _, y_res = sampler.fit_resample(X, y)

    assert Counter(y_res.tolist()) == {0: 30, 1: 30}
    assert sampler.n_kept_unclean_ == {1: 27}
    assert sampler.n_rejected_[1] >= 3 * 27


@pytest.mark.parametrize("seed", range(5))
def test_a_class_short_of_clean_samples_keeps_those_with_most_neighbours_of_it(seed):
    # Copies of P have 1 sample of class 1 among their 5 nearest (P), copies
    # of Q or R have 2 (Q and R); none is clean.
    rng = np.random.RandomState(0)
    P, Q, R = [0.0, 0.0], [10.0, 0.0], [10.0, 0.01]
    X = np.vstack(
        [rng.normal(0, 0.1, (10, 2)), rng.normal(0, 0.1, (10, 2)) + Q, [P, Q, R]]
    )
    y = np.repeat([0, 1], [20, 3])
    duplicates = RandomOverSampler()
    sampler = CleanedOverSampler(
        sampler=duplicates, sampling_strategy={1: 4}, max_rounds=5, random_state=seed
    )

    X_res, _ = sampler.fit_resample(X, y)

    assert X_res[-1].tolist() in [Q, R]
    assert sampler.n_kept_unclean_ == {1: 1}


def test_the_inner_sampler_counts_and_seed_are_replaced():
    X, y = rare_class_on_both_sides_of_a_frequent_one()

    def resample(inner):
        return CleanedOverSampler(sampler=inner, random_state=0).fit_resample(X, y)

    X_a, y_a = resample(SMOTE(random_state=1, sampling_strategy={1: 12}))
    X_b, _ = resample(SMOTE(random_state=2))

    np.testing.assert_array_equal(X_a, X_b)
    assert Counter(y_a.tolist()) == {0: 40, 1: 40}


# Samplers that make other counts than asked for


def rare_class_apart():
    """Class 1 far from class 0: no sample of class 1 is in danger."""
    rng = np.random.RandomState(0)
    X = rng.normal(size=(40, 2)) + np.repeat([[0.0, 0.0], [10.0, 10.0]], [30, 10], 0)
    return X, np.repeat([0, 1], [30, 10])


def test_a_sampler_short_of_its_counts_is_run_again_for_the_missing_samples():
    X, y = rare_class_apart()
    # The premise: one run of SVMSMOTE makes fewer samples than asked for.
    _, y_svm = SVMSMOTE(random_state=0).fit_resample(X, y)
    assert np.sum(y_svm == 1) < 30
    sampler = CleanedOverSampler(sampler=SVMSMOTE(), random_state=0)

    _, y_res = sampler.fit_resample(X, y)

    assert Counter(y_res.tolist()) == {0: 30, 1: 30}
    assert sampler.n_short_ == {1: 0}


def test_a_class_still_short_after_all_runs_is_warned_about_and_shown():
    X, y = rare_class_apart()
    # BorderlineSMOTE makes nothing: no sample of class 1 is in danger.
    sampler = CleanedOverSampler(sampler=BorderlineSMOTE(), random_state=0)

    with pytest.warns(
        UserWarning, match=r"BorderlineSMOTE .*missing per class: \{1: 20\}"
    ):
        _, y_res = sampler.fit_resample(X, y)

    assert Counter(y_res.tolist()) == {0: 30, 1: 10}
    assert sampler.n_short_ == {1: 20}


def test_adasyn_redraws_as_many_samples_as_smote_does(tabular_data):
    X, y = tabular_data
    sampler = CleanedOverSampler(sampler=ADASYN(), random_state=0)

    _, y_res = sampler.fit_resample(X, y)

    # The premise: some samples were redrawn.
    assert sum(sampler.n_rejected_.values()) > 0
    assert Counter(y_res.tolist()) == {0: 30, 1: 30, 2: 30}
    assert sampler.n_short_ == {1: 0, 2: 0}


def test_the_fitted_inner_sampler_of_the_last_run_is_kept():
    X, y = rare_class_on_both_sides_of_a_frequent_one()
    inner = SMOTE(k_neighbors=3)
    sampler = CleanedOverSampler(sampler=inner, random_state=0)

    sampler.fit_resample(X, y)

    assert isinstance(sampler.sampler_, SMOTE)
    assert sampler.sampler_ is not inner
    assert sampler.sampler_.sampling_strategy_ == {1: 30}
    assert not hasattr(inner, "sampling_strategy_")


def test_the_sampler_is_passed_by_keyword():
    with pytest.raises(TypeError, match="positional"):
        CleanedOverSampler(SMOTE())


def test_deepsmote_cleans_the_codes_of_another_latent_sampler(
    tabular_data, fast_params
):
    X, y = tabular_data
    latent_sampler = CleanedOverSampler(sampler=DeltaOverSampler(min_donor_samples=20))
    deepsmote = DeepSMOTE(latent_sampler=latent_sampler, latent_dim=3, **fast_params)

    X_res, y_res = deepsmote.fit_resample(X, y)

    assert Counter(y_res.tolist()) == {0: 30, 1: 30, 2: 30}
    np.testing.assert_array_equal(X_res[: len(X)], X)


def test_a_sampler_that_does_not_over_sample_is_refused():
    X, y = rare_class_on_both_sides_of_a_frequent_one()
    sampler = CleanedOverSampler(sampler=RandomUnderSampler())

    with pytest.raises(ParameterError, match="RandomUnderSampler.* not an over") as e:
        sampler.fit_resample(X, y)

    assert e.value.parameter == "sampler"


class Shuffling(RandomOverSampler):
    """An over-sampler that returns its samples in reverse order."""

    def _fit_resample(self, X, y):
        X_res, y_res = super()._fit_resample(X, y)
        return X_res[::-1], y_res[::-1]


def test_a_sampler_that_does_not_return_the_originals_first_is_refused():
    X, y = rare_class_on_both_sides_of_a_frequent_one()
    sampler = CleanedOverSampler(sampler=Shuffling())

    with pytest.raises(ValueError, match="did not return the original samples first"):
        sampler.fit_resample(X, y)


@pytest.mark.parametrize(
    "params, shown",
    [
        ({"sampler": "smote"}, "'sampler' parameter of CleanedOverSampler"),
        ({"n_neighbors": 0}, "'n_neighbors' parameter of CleanedOverSampler"),
        ({"max_rounds": 0}, "'max_rounds' parameter of CleanedOverSampler"),
    ],
)
def test_bad_parameters_are_refused(params, shown):
    X, y = rare_class_on_both_sides_of_a_frequent_one()

    with pytest.raises(InvalidParameterError, match=shown):
        CleanedOverSampler(**params).fit_resample(X, y)
