"""Scalers: the training range maps onto the network's range and back."""

import numpy as np
import pytest

from imblearn_deepsmote._kinds import FeatureScaler, ImageScaler


@pytest.mark.parametrize("dtype", [np.uint8, np.float32, np.float64])
def test_image_scaler_maps_training_range_onto_minus_one_to_one(dtype):
    X = np.array([[0, 4, 16], [8, 2, 1]], dtype=dtype)
    scaled = ImageScaler().fit(X).transform(X)
    assert scaled.dtype == np.float32
    assert scaled.min() == -1.0 and scaled.max() == 1.0
    np.testing.assert_allclose(scaled[0], [-1.0, -0.5, 1.0])


def test_image_scaler_round_trip_and_linear_inverse():
    X = np.array([[0.0, 4.0, 16.0], [8.0, 2.0, 1.0]])
    scaler = ImageScaler().fit(X)
    np.testing.assert_allclose(scaler.inverse_transform(scaler.transform(X)), X)
    # Clipping to the training range is the codec's, after the residual.
    np.testing.assert_array_equal(scaler.inverse_transform([[-3.0, 3.0]]), [[-16, 32]])
    assert (scaler.data_min_, scaler.data_max_) == (0.0, 16.0)


def test_image_scaler_on_constant_images():
    X = np.full((3, 4), 7.0)
    scaler = ImageScaler().fit(X)
    np.testing.assert_array_equal(scaler.transform(X), -1.0)
    np.testing.assert_array_equal(scaler.inverse_transform(scaler.transform(X)), 7.0)


def test_feature_scaler_standardises_each_feature_and_records_its_range():
    rng = np.random.RandomState(0)
    X = rng.normal(loc=[0.0, 1e6], scale=[1.0, 1e3], size=(200, 2))
    scaler = FeatureScaler().fit(X)
    scaled = scaler.transform(X)
    assert scaled.dtype == np.float32
    np.testing.assert_allclose(scaled.mean(axis=0), 0.0, atol=1e-5)
    np.testing.assert_allclose(scaled.std(axis=0), 1.0, rtol=1e-4)
    np.testing.assert_allclose(scaler.inverse_transform(scaled), X, rtol=1e-6)
    np.testing.assert_array_equal(scaler.data_min_, X.min(axis=0))
    np.testing.assert_array_equal(scaler.data_max_, X.max(axis=0))
