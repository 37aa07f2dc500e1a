"""DeltaOverSampler: a real sample plus a difference between neighbours of a
donor class, the donor classes chosen by count or by name, and a share of the
new samples interpolated as SMOTE does."""

from collections import Counter

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.neighbors import NearestNeighbors
from sklearn.utils._param_validation import InvalidParameterError

from imblearn_deepsmote import DeepSMOTE, DeltaOverSampler
from imblearn_deepsmote._validation import ParameterError


def two_donors_and_a_single_rare_sample():
    """Class 0 differs along x by 1, class 2 along y by 3; class 1 is one sample,
    in the middle of the range of the features."""
    X = np.array([[0.0, 0.0], [1.0, 0.0], [50.0, 50.0], [100.0, 100.0], [100.0, 103.0]])
    y = np.array([0, 0, 1, 2, 2])
    return X, y


def new_samples(sampler, X, y):
    X_res, y_res = sampler.fit_resample(X, y)
    return X_res[len(X) :], y_res[len(X) :]


# Where the differences come from


def test_new_samples_are_the_rare_sample_plus_a_difference_of_the_donor_class():
    X, y = two_donors_and_a_single_rare_sample()
    sampler = DeltaOverSampler(
        sampling_strategy={1: 201}, donor_classes=[0], k_neighbors=1, random_state=0
    )

    new, labels = new_samples(sampler, X, y)

    assert set(map(tuple, new.tolist())) == {(51.0, 50.0), (49.0, 50.0)}
    assert set(labels.tolist()) == {1}


def test_every_donor_class_lends_its_differences_and_no_other_class_does():
    X, y = two_donors_and_a_single_rare_sample()
    sampler = DeltaOverSampler(
        sampling_strategy={1: 401}, donor_classes=[0, 2], k_neighbors=1, random_state=0
    )

    new, _ = new_samples(sampler, X, y)

    deltas = set(map(tuple, (new - X[2]).tolist()))
    assert deltas == {(1.0, 0.0), (-1.0, 0.0), (0.0, 3.0), (0.0, -3.0)}


def test_donor_classes_are_drawn_uniformly_whatever_their_sizes():
    rng = np.random.RandomState(0)
    X = np.vstack(
        [
            np.column_stack([rng.uniform(size=200), np.zeros(200)]),  # moves along x
            np.column_stack([np.zeros(10), rng.uniform(size=10)]),  # moves along y
            [[0.5, 0.5]],
        ]
    )
    y = np.repeat([0, 1, 2], [200, 10, 1])
    sampler = DeltaOverSampler(
        sampling_strategy={2: 2001}, donor_classes=[0, 1], random_state=0
    )

    new, _ = new_samples(sampler, X, y)

    share_of_class_0 = np.mean(new[:, 1] == 0.5)
    assert 0.45 < share_of_class_0 < 0.55


def test_a_difference_is_between_a_donor_sample_and_one_of_its_k_nearest_neighbours():
    X = np.vstack([np.column_stack([np.arange(10.0), np.zeros(10)]), [[5.0, 50.0]]])
    y = np.repeat([0, 1], [10, 1])
    sampler = DeltaOverSampler(
        sampling_strategy={1: 1001}, donor_classes=[0], k_neighbors=2, random_state=0
    )

    new, _ = new_samples(sampler, X, y)

    assert set((new[:, 0] - X[10, 0]).tolist()) == {-2.0, -1.0, 1.0, 2.0}


def test_scale_multiplies_the_difference():
    X, y = two_donors_and_a_single_rare_sample()
    sampler = DeltaOverSampler(
        sampling_strategy={1: 101}, donor_classes=[0], scale=0.5, random_state=0
    )

    new, _ = new_samples(sampler, X, y)

    assert set(map(tuple, new.tolist())) == {(50.5, 50.0), (49.5, 50.0)}


def test_a_donor_class_smaller_than_k_neighbors_uses_all_its_other_samples():
    X, y = two_donors_and_a_single_rare_sample()
    sampler = DeltaOverSampler(
        sampling_strategy={1: 101}, donor_classes=[0], k_neighbors=5, random_state=0
    )

    new, _ = new_samples(sampler, X, y)

    assert set(map(tuple, new.tolist())) == {(51.0, 50.0), (49.0, 50.0)}


def test_a_neighbours_object_finds_the_neighbours_as_smote_does():
    X = np.vstack([np.column_stack([np.arange(10.0), np.zeros(10)]), [[5.0, 50.0]]])
    y = np.repeat([0, 1], [10, 1])

    def resample(k_neighbors):
        sampler = DeltaOverSampler(
            sampling_strategy={1: 1001},
            donor_classes=[0],
            k_neighbors=k_neighbors,
            random_state=0,
        )
        return new_samples(sampler, X, y)[0]

    # As for SMOTE, the object's n_neighbors counts the sample itself.
    with_object = resample(NearestNeighbors(n_neighbors=3))
    np.testing.assert_array_equal(with_object, resample(2))
    assert set((with_object[:, 0] - 5.0).tolist()) == {-2.0, -1.0, 1.0, 2.0}


def test_a_neighbours_object_that_finds_only_the_sample_itself_is_refused():
    X, y = two_donors_and_a_single_rare_sample()
    sampler = DeltaOverSampler(k_neighbors=NearestNeighbors(n_neighbors=1))

    with pytest.raises(ParameterError, match="counts the sample itself") as error:
        sampler.fit_resample(X, y)

    assert error.value.parameter == "k_neighbors"


# A share made by interpolation, as SMOTE


def rare_line_and_orthogonal_donor_differences():
    """Class 1 is five samples on the line y = 50; class 0 differs only along y
    (steps of 1 to 5), so that a borrowed difference always leaves the line."""
    donor = np.column_stack([np.full(60, 100.0), np.cumsum(np.arange(60) % 5 + 1)])
    rare = np.column_stack([[0.0, 1.0, 3.0, 6.0, 10.0], np.full(5, 50.0)])
    return np.vstack([donor, rare]), np.repeat([0, 1], [60, 5])


def segment_hits(new, starts, ends, tol=1e-9):
    """Boolean (n_new, n_segments): whether each new row lies on each segment."""
    direction = ends - starts
    offset = new[:, np.newaxis, :] - starts[np.newaxis]
    t = (offset * direction).sum(axis=2) / (direction**2).sum(axis=1)
    off_line = np.linalg.norm(offset - t[..., np.newaxis] * direction, axis=2)
    return (off_line < tol) & (t > -tol) & (t < 1 + tol)


def test_smote_share_zero_gives_the_samples_of_the_default_all_borrowed():
    X, y = rare_line_and_orthogonal_donor_differences()
    rare = X[y == 1]

    default, _ = new_samples(DeltaOverSampler(random_state=3), X, y)
    zero, _ = new_samples(DeltaOverSampler(smote_share=0.0, random_state=3), X, y)

    np.testing.assert_array_equal(zero, default)
    # Every new sample is a rare sample moved along y by a donor difference.
    assert np.all(np.isin(zero[:, 0], rare[:, 0]))
    assert np.all(zero[:, 1] != 50.0)


@pytest.mark.parametrize("smote_share", [0.25, 0.5, 0.7, 1.0])
def test_a_share_of_the_new_samples_is_interpolated_and_the_rest_borrowed(
    smote_share,
):
    X, y = rare_line_and_orthogonal_donor_differences()
    sampler = DeltaOverSampler(
        sampling_strategy={1: 102}, smote_share=smote_share, random_state=3
    )

    new, _ = new_samples(sampler, X, y)

    assert len(new) == 97
    on_the_line = new[:, 1] == 50.0
    assert on_the_line.sum() == round(smote_share * 97)
    # The borrowed ones keep their rule: a rare sample moved along y.
    assert np.all(np.isin(new[~on_the_line, 0], X[y == 1, 0]))
    default, _ = new_samples(DeltaOverSampler(random_state=3), X, y)
    assert not np.array_equal(new, default)


def test_with_smote_share_one_each_new_sample_lies_between_a_sample_and_a_neighbour():
    rng = np.random.RandomState(0)
    X = np.vstack([rng.normal(size=(80, 2)), rng.normal(size=(8, 2)) + 10.0])
    y = np.repeat([0, 1], [80, 8])
    sampler = DeltaOverSampler(
        sampling_strategy={1: 2000}, k_neighbors=2, smote_share=1.0, random_state=0
    )

    new, _ = new_samples(sampler, X, y)

    rare = X[y == 1]
    neighbours = NearestNeighbors(n_neighbors=3).fit(rare).kneighbors(rare)[1][:, 1:]
    starts, ends = np.repeat(rare, 2, axis=0), rare[neighbours.ravel()]
    hits = segment_hits(new, starts, ends)
    assert hits.any(axis=1).all()
    # Every pair of a sample and one of its two nearest is drawn.
    assert hits.any(axis=0).all()
    # None is a rare sample plus a difference of the donor class.
    borrowed, _ = new_samples(DeltaOverSampler(random_state=0), X, y)
    assert not segment_hits(borrowed, starts, ends).any()


def test_a_class_smaller_than_k_neighbors_interpolates_with_all_its_other_samples():
    X, y = rare_line_and_orthogonal_donor_differences()
    X[60:, 1] += [0.0, 3.0, 1.0, 7.0, 2.0]  # not on one line any more
    sampler = DeltaOverSampler(
        sampling_strategy={1: 2000}, k_neighbors=5, smote_share=1.0, random_state=0
    )

    new, _ = new_samples(sampler, X, y)

    rare = X[y == 1]
    starts, ends = np.triu_indices(5, k=1)
    hits = segment_hits(new, rare[starts], rare[ends])
    assert hits.any(axis=1).all()
    assert hits.any(axis=0).all()


def test_a_class_of_a_single_sample_borrows_all_its_samples_with_smote_share_one():
    X, y = two_donors_and_a_single_rare_sample()
    sampler = DeltaOverSampler(
        sampling_strategy={1: 101}, donor_classes=[0], smote_share=1.0, random_state=0
    )

    new, _ = new_samples(sampler, X, y)

    assert set(map(tuple, new.tolist())) == {(51.0, 50.0), (49.0, 50.0)}


def test_smote_share_survives_clone_and_set_params():
    sampler = clone(DeltaOverSampler(smote_share=0.3))

    assert sampler.get_params()["smote_share"] == 0.3
    assert sampler.set_params(smote_share=1.0).smote_share == 1.0


def test_as_deepsmote_latent_sampler_a_share_gives_balanced_classes(
    tabular_data, fast_params
):
    X, y = tabular_data
    deepsmote = DeepSMOTE(
        latent_sampler=DeltaOverSampler(smote_share=0.5, min_donor_samples=20),
        **fast_params,
    )

    X_res, y_res = deepsmote.fit_resample(X, y)

    assert Counter(y_res.tolist()) == {0: 30, 1: 30, 2: 30}
    assert np.isfinite(X_res).all()


# Within the range of the training data


def test_pixels_stay_pixels_of_their_dtype():
    # Dark digits of class 1 borrow the strokes of bright digits of class 0.
    rng = np.random.RandomState(0)
    X = np.vstack(
        [rng.randint(0, 256, size=(80, 16)), rng.randint(0, 30, size=(5, 16))]
    ).astype(np.uint8)
    y = np.repeat([0, 1], [80, 5])

    X_res, _ = DeltaOverSampler(random_state=0).fit_resample(X, y)

    assert X_res.dtype == np.uint8
    new = X_res[len(X) :].astype(int)
    assert new.min() >= X.min() and new.max() <= X.max()
    # The differences do move the dark samples.
    assert new.max() > 30


def test_a_zero_one_column_stays_zero_or_one():
    rng = np.random.RandomState(0)
    X = np.column_stack(
        [rng.randint(0, 2, size=85), rng.normal(size=85).round(2) * 100]
    ).astype(np.int64)
    y = np.repeat([0, 1], [80, 5])

    X_res, _ = DeltaOverSampler(random_state=0).fit_resample(X, y)

    assert X_res.dtype == np.int64
    assert set(X_res[:, 0].tolist()) <= {0, 1}


# Which classes are donors


def frequent_x_rare_and_y_moves(n_x, n_y):
    """n_x samples moving along x, n_y along y (classes 0 and 1), one rare sample."""
    rng = np.random.RandomState(0)
    X = np.vstack(
        [
            np.column_stack([rng.uniform(size=n_x), np.zeros(n_x)]),
            np.column_stack([np.zeros(n_y), rng.uniform(size=n_y)]),
            [[5.0, 5.0]],
        ]
    )
    return X, np.repeat([0, 1, 2], [n_x, n_y, 1])


def test_auto_donors_are_the_classes_of_at_least_min_donor_samples():
    X, y = frequent_x_rare_and_y_moves(60, 59)
    sampler = DeltaOverSampler(random_state=0)

    new, labels = new_samples(sampler, X, y)

    np.testing.assert_array_equal(sampler.donor_classes_, [0])
    # Class 1 is over-sampled too, with differences of class 0 only.
    assert np.all(new[labels == 2, 1] == 5.0)
    assert np.any(new[labels == 2, 0] != 5.0)


def test_min_donor_samples_lowers_the_bar():
    X, y = frequent_x_rare_and_y_moves(60, 59)
    sampler = DeltaOverSampler(min_donor_samples=59, random_state=0)

    new_samples(sampler, X, y)

    np.testing.assert_array_equal(sampler.donor_classes_, [0, 1])


def test_without_a_class_of_min_donor_samples_the_largest_class_is_the_donor():
    X, y = frequent_x_rare_and_y_moves(8, 12)
    sampler = DeltaOverSampler(random_state=0)

    new, labels = new_samples(sampler, X, y)

    np.testing.assert_array_equal(sampler.donor_classes_, [1])
    assert np.all(new[labels == 2, 0] == 5.0)


def test_the_first_largest_class_is_the_donor_on_a_tie():
    X, y = frequent_x_rare_and_y_moves(10, 10)
    sampler = DeltaOverSampler(random_state=0)

    new_samples(sampler, X, y)

    np.testing.assert_array_equal(sampler.donor_classes_, [0])


def test_donor_classes_keep_the_type_of_string_labels():
    X, y = two_donors_and_a_single_rare_sample()
    labels = np.array(["cat", "dog", "eel"])[y]
    sampler = DeltaOverSampler(donor_classes=["eel", "cat"], random_state=0)

    new_samples(sampler, X, labels)

    np.testing.assert_array_equal(sampler.donor_classes_, ["cat", "eel"])


# Refused, with what to pass


@pytest.mark.parametrize(
    "donor_classes, shown", [([0, 7], r"\[7\]"), ([], r"\[\]"), (["cat"], "cat")]
)
def test_donor_classes_absent_from_y_are_refused(donor_classes, shown):
    X, y = two_donors_and_a_single_rare_sample()
    sampler = DeltaOverSampler(donor_classes=donor_classes)

    with pytest.raises(ParameterError, match=shown) as error:
        sampler.fit_resample(X, y)

    assert error.value.parameter == "donor_classes"
    assert "Pass donor_classes='auto' or a list of classes of y." in str(error.value)


def test_a_donor_class_of_a_single_sample_is_refused():
    X, y = two_donors_and_a_single_rare_sample()
    sampler = DeltaOverSampler(donor_classes=[1, 2])

    with pytest.raises(ParameterError, match=r"donor classes \[1\] have a single"):
        sampler.fit_resample(X, y)


def test_classes_of_a_single_sample_each_are_refused():
    X, y = np.eye(3), np.array([0, 1, 2])
    sampler = DeltaOverSampler(sampling_strategy={0: 2})

    with pytest.raises(ValueError, match="Every class has a single sample"):
        sampler.fit_resample(X, y)


def test_classes_of_a_single_sample_each_with_nothing_to_make_are_kept():
    X, y = np.eye(3), np.array([0, 1, 2])

    X_res, y_res = DeltaOverSampler().fit_resample(X, y)

    np.testing.assert_array_equal(X_res, X)
    np.testing.assert_array_equal(y_res, y)


@pytest.mark.parametrize(
    "params, shown",
    [
        ({"k_neighbors": 0}, "'k_neighbors' parameter of DeltaOverSampler must be"),
        ({"k_neighbors": 2.5}, "'k_neighbors' parameter of DeltaOverSampler must be"),
        ({"scale": 0.0}, "'scale' parameter of DeltaOverSampler must be"),
        ({"min_donor_samples": 1}, "'min_donor_samples' parameter"),
        ({"donor_classes": "frequent"}, "'donor_classes' parameter"),
        ({"smote_share": -0.1}, "'smote_share' parameter of DeltaOverSampler"),
        ({"smote_share": 1.5}, "'smote_share' parameter of DeltaOverSampler"),
        ({"smote_share": "half"}, "'smote_share' parameter of DeltaOverSampler"),
    ],
)
def test_bad_parameters_are_refused_before_any_sampling(params, shown):
    X, y = two_donors_and_a_single_rare_sample()

    with pytest.raises(InvalidParameterError, match=shown):
        DeltaOverSampler(**params).fit_resample(X, y)
