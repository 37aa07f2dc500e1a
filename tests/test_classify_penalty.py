"""The "classify" penalty: codes that a nearest-class-mean rule classifies."""

import numpy as np
import pytest
import torch
from sklearn.neighbors import NearestCentroid

from imblearn_deepsmote import DeepSMOTENet, MLPAutoencoder


def classify_loss(codes, y):
    net = DeepSMOTENet(MLPAutoencoder, penalty="classify")
    codes = torch.as_tensor(codes, dtype=torch.float64)
    return net.get_classify_loss(codes, torch.as_tensor(y))


def test_classify_loss_is_the_cross_entropy_of_leave_one_out_class_means():
    codes = np.array([[0.0], [2.0], [10.0], [14.0]])
    y = [0, 0, 1, 1]
    # Batch mean 6.5: mean squared distance 131 / 4. Code 0 (left out of its
    # class): own mean 2 at squared distance 4, class 1's mean 12 at 144.
    scale = 131 / 4
    expected = []
    for code, own, other in [(0, 2, 12), (2, 0, 12), (10, 14, 1), (14, 10, 1)]:
        logits = -np.array([(code - own) ** 2, (code - other) ** 2]) / scale
        expected.append(-logits[0] + np.log(np.exp(logits).sum()))
    np.testing.assert_allclose(classify_loss(codes, y).item(), np.mean(expected))


def test_classify_loss_is_lower_for_separated_classes_than_for_mixed_ones():
    rng = np.random.RandomState(0)
    y = np.repeat([0, 1, 2], 6)
    mixed = rng.normal(size=(18, 4))
    separated = mixed + 6 * np.eye(4)[y]
    # Mixed codes score about log(3), chance for three classes.
    assert classify_loss(mixed, y).item() > 1.0
    assert classify_loss(separated, y).item() < 0.2


def test_classify_loss_does_not_change_when_every_code_is_scaled():
    rng = np.random.RandomState(0)
    codes, y = rng.normal(size=(20, 3)), np.repeat([0, 1, 2, 3], 5)
    np.testing.assert_allclose(
        classify_loss(codes, y).item(), classify_loss(1e-3 * codes, y).item()
    )


@pytest.mark.parametrize(
    "y", [[0, 0, 0, 0], [0, 1, 2, 3]], ids=["one class", "single codes"]
)
def test_classify_loss_is_zero_with_a_gradient_when_nothing_can_be_classified(y):
    codes = torch.randn(4, 3, dtype=torch.float64, requires_grad=True)
    net = DeepSMOTENet(MLPAutoencoder, penalty="classify")
    loss = net.get_classify_loss(codes, torch.as_tensor(y))
    loss.backward()
    assert loss.item() == 0.0 and torch.equal(codes.grad, torch.zeros_like(codes))


def test_classify_loss_is_zero_with_a_gradient_when_the_codes_coincide():
    # float32 codes as an encoder gives identical samples, equal or one unit
    # in the last place apart: logits of rounding error over a scatter of
    # rounding error gave losses up to 1e24.
    codes = np.tile(np.float32([0.1, 0.7, -0.3]), (16, 1))
    codes[::3] = np.nextafter(codes[::3], np.float32(1))
    codes = torch.tensor(codes, requires_grad=True)
    net = DeepSMOTENet(MLPAutoencoder, penalty="classify")
    loss = net.get_classify_loss(codes, torch.as_tensor([0] * 10 + [1] * 6))
    loss.backward()
    assert loss.item() == 0.0 and torch.equal(codes.grad, torch.zeros_like(codes))


def test_classify_penalty_trains_codes_a_nearest_class_mean_classifies_better(
    tabular_data, codes_after_training
):
    _, y = tabular_data

    def accuracy(penalty):
        codes = codes_after_training(penalty)
        return NearestCentroid().fit(codes, y).score(codes, y)

    assert accuracy("classify") > accuracy(None)
