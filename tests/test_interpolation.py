"""CentroidOverSampler and HullOverSampler: where the new samples of a class go."""

import warnings

import numpy as np
import pytest
from sklearn.neighbors import NearestNeighbors
from sklearn.utils._param_validation import InvalidParameterError

from imblearn_deepsmote import CentroidOverSampler, HullOverSampler


def triangles_far_apart():
    """Class 1: two triangles 100 apart; class 0: 40 samples elsewhere."""
    triangle = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0]])
    rng = np.random.RandomState(0)
    X = np.vstack([rng.normal(50, 1, (40, 2)), triangle, triangle + 100])
    return X, np.repeat([0, 1], [40, 6])


def in_triangle(points, offset):
    """Whether each point lies in the triangle (0, 0), (1, 0), (0, 1) + offset."""
    shifted = points - offset
    return (shifted >= -1e-12).all(axis=1) & (shifted.sum(axis=1) <= 1 + 1e-12)


# Towards the centre


def test_centroid_samples_lie_between_a_sample_and_the_class_mean():
    X, y = triangles_far_apart()
    sampler = CentroidOverSampler(random_state=0)

    X_res, _ = sampler.fit_resample(X, y)

    members, new = X[y == 1], X_res[len(X) :]
    mean = members.mean(axis=0)
    # new = x + u (mean - x) with u in [0, 1) for one member x.
    towards = mean - members  # (6, 2)
    offsets = new[:, np.newaxis, :] - members  # (n_new, 6, 2)
    u = (offsets * towards).sum(axis=2) / (towards**2).sum(axis=1)
    off_segment = np.linalg.norm(offsets - u[..., np.newaxis] * towards, axis=2)
    on_a_segment = (off_segment < 1e-9) & (u >= 0) & (u < 1)
    assert on_a_segment.any(axis=1).all()
    # Between the triangles, unlike SMOTE with few neighbours.
    assert np.any((new[:, 0] > 10) & (new[:, 0] < 90))


def test_centroid_samples_are_finite_for_values_near_the_largest_float():
    X, y = triangles_far_apart()
    X = X / np.abs(X).max() * np.finfo(np.float64).max

    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        X_res, _ = CentroidOverSampler(random_state=0).fit_resample(X, y)

    assert np.all(np.isfinite(X_res))


def test_a_class_of_a_single_sample_gets_copies_of_it():
    X = np.array([[0.0, 0.0], [1.0, 0.0], [2.0, 0.0], [5.0, 5.0]])
    y = np.array([0, 0, 0, 1])

    for sampler in [CentroidOverSampler(), HullOverSampler()]:
        X_res, _ = sampler.fit_resample(X, y)

        np.testing.assert_array_equal(X_res[4:], [[5.0, 5.0], [5.0, 5.0]])


# In the hull of the neighbourhood


def test_hull_samples_stay_in_the_hull_of_a_sample_and_its_neighbours():
    X, y = triangles_far_apart()
    sampler = HullOverSampler(k_neighbors=2, random_state=0)

    X_res, _ = sampler.fit_resample(X, y)

    new = X_res[len(X) :]
    near, far = in_triangle(new, 0), in_triangle(new, 100)
    assert np.all(near | far)
    assert near.any() and far.any()
    # Inside the triangles, not only on their edges as SMOTE would draw.
    assert np.any(in_triangle(new, 0.01) & (new.sum(axis=1) < 0.98))


def test_a_small_alpha_draws_near_one_sample_and_a_large_one_near_the_mean():
    X, y = triangles_far_apart()

    def distance_to_nearest_corner(alpha):
        sampler = HullOverSampler(k_neighbors=2, alpha=alpha, random_state=0)
        new = sampler.fit_resample(X, y)[0][len(X) :]
        corners = X[y == 1]
        distances = np.linalg.norm(new[:, np.newaxis] - corners, axis=2)
        return distances.min(axis=1).mean()

    assert distance_to_nearest_corner(0.05) < 0.1
    assert distance_to_nearest_corner(100.0) > 0.4


@pytest.mark.parametrize("alpha", [1e-3, 1e-8])
def test_hull_never_returns_nan_rows_for_a_tiny_alpha(alpha):
    X, y = triangles_far_apart()
    sampler = HullOverSampler(k_neighbors=2, alpha=alpha, random_state=0)

    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        X_res, _ = sampler.fit_resample(X, y)

    new = X_res[len(X) :]
    assert np.all(np.isfinite(new))
    # Nearly all the weight on one member: each sample next to a corner.
    distances = np.linalg.norm(new[:, np.newaxis] - X[y == 1], axis=2)
    assert np.all(distances.min(axis=1) < 1e-3)


def test_hull_takes_a_neighbours_object_as_smote_does():
    X, y = triangles_far_apart()

    def resample(k_neighbors):
        sampler = HullOverSampler(k_neighbors=k_neighbors, random_state=0)
        return sampler.fit_resample(X, y)[0]

    # As for SMOTE, the object's n_neighbors counts the sample itself.
    np.testing.assert_array_equal(
        resample(NearestNeighbors(n_neighbors=3)), resample(2)
    )
    assert not np.array_equal(resample(NearestNeighbors(n_neighbors=2)), resample(2))


@pytest.mark.parametrize(
    "params, shown",
    [
        ({"k_neighbors": 0}, "'k_neighbors' parameter of HullOverSampler must be"),
        ({"alpha": 0.0}, "'alpha' parameter of HullOverSampler must be"),
        ({"alpha": "uniform"}, "'alpha' parameter of HullOverSampler must be"),
        ({"k_neighbors": "5"}, "'k_neighbors' parameter of HullOverSampler must be"),
    ],
)
def test_bad_parameters_are_refused(params, shown):
    X, y = triangles_far_apart()

    with pytest.raises(InvalidParameterError, match=shown):
        HullOverSampler(**params).fit_resample(X, y)
