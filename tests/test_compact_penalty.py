"""The "compact" penalty: codes of a class pulled together, scale-free."""

import numpy as np
import pytest
import torch

from imblearn_deepsmote import DeepSMOTENet, MLPAutoencoder


def compact_loss(codes, y):
    net = DeepSMOTENet(MLPAutoencoder, penalty="compact")
    return net.get_compact_loss(torch.as_tensor(codes), torch.as_tensor(y))


def test_compact_loss_is_zero_when_each_class_has_one_code():
    codes = np.array([[1.0, 2.0], [1.0, 2.0], [-3.0, 0.5], [-3.0, 0.5]])
    assert compact_loss(codes, [0, 0, 1, 1]).item() == 0.0


def test_compact_loss_is_the_within_over_the_total_scatter():
    codes = np.array([[0.0], [2.0], [10.0], [14.0]])
    # Class means 1 and 12; within: 1 + 1 + 4 + 4 = 10; batch mean 6.5,
    # total: 42.25 + 20.25 + 12.25 + 56.25 = 131.
    loss = compact_loss(codes, [0, 0, 1, 1])
    np.testing.assert_allclose(loss.item(), 10 / 131, rtol=1e-6)


def test_compact_loss_does_not_change_when_every_code_is_scaled():
    rng = np.random.RandomState(0)
    codes, y = rng.normal(size=(20, 3)), np.repeat([0, 1, 2, 3], 5)
    np.testing.assert_allclose(
        compact_loss(codes, y).item(), compact_loss(1e-3 * codes, y).item(), rtol=1e-5
    )


def codes_a_rounding_error_apart(n_codes):
    """float32 codes as an encoder gives identical samples: equal, or one unit
    in the last place apart."""
    codes = np.tile(np.float32([0.1, 0.7, -0.3]), (n_codes, 1))
    codes[::3] = np.nextafter(codes[::3], np.float32(1))
    return torch.tensor(codes, requires_grad=True)


@pytest.mark.parametrize(
    "y", [[0] * 16, [0] * 10 + [1] * 6, [0, 1] * 8], ids=["one", "two", "alternating"]
)
def test_compact_loss_is_zero_with_a_gradient_when_the_codes_coincide(y):
    # Their scatter is rounding error: its ratio reached 3.1 and, over an
    # exact zero, 1e25.
    codes = codes_a_rounding_error_apart(len(y))
    loss = compact_loss(codes, y)
    loss.backward()
    assert loss.item() == 0.0 and torch.equal(codes.grad, torch.zeros_like(codes))


def test_compact_loss_of_codes_near_one_point_is_still_the_scatter_ratio():
    # Spread 1e-2 around a code of size 5: the ratio of the hand-computed
    # case above, in float32.
    codes = np.float32([[5.0], [5.0], [5.0], [5.0]]) + np.float32(
        [[0.0], [0.02], [0.1], [0.14]]
    )
    loss = compact_loss(codes, [0, 0, 1, 1])
    np.testing.assert_allclose(loss.item(), 10 / 131, rtol=1e-3)


def test_compact_loss_of_bfloat16_codes_is_not_taken_for_rounding_error():
    # Codes 1% apart: hundreds of float32 units in the last place, but two
    # of bfloat16.
    codes = torch.tensor([[5.0], [5.02], [5.1], [5.14]], dtype=torch.bfloat16)
    assert compact_loss(codes, [0, 0, 1, 1]).item() > 0.05


def test_compact_penalty_trains_tighter_classes_than_no_penalty(
    tabular_data, codes_after_training
):
    _, y = tabular_data

    def spread(penalty):
        return compact_loss(codes_after_training(penalty), y).item()

    assert spread("compact") < spread(None)
