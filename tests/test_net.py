"""The skorch net: both penalty forms, the class batches, the callbacks."""

from collections import Counter

import numpy as np
import pytest
import torch
from skorch.dataset import Dataset
from torch import nn

from imblearn_deepsmote import (
    Autoencoder,
    ConvAutoencoder,
    DeepSMOTE,
    DeepSMOTENet,
    MLPAutoencoder,
    TensorBatches,
)
from imblearn_deepsmote._batches import ClassBatchSampler
from imblearn_deepsmote._callbacks import StopOnDivergence


def make_net(penalty="paper", **params):
    settings = {"max_epochs": 1, "batch_size": 8, "verbose": 0, **params}
    net = DeepSMOTENet(
        MLPAutoencoder,
        module__input_shape=(6,),
        module__latent_dim=3,
        penalty=penalty,
        **settings,
    )
    torch.manual_seed(0)
    return net.initialize()


@pytest.fixture
def class_batch():
    return torch.randn(5, 6, generator=torch.Generator().manual_seed(1))


def gradient_norms(module):
    return [
        0.0 if p.grad is None else p.grad.abs().sum().item()
        for p in module.parameters()
    ]


def test_paper_penalty_decodes_neighbour_code_onto_unpermuted_sample(class_batch):
    net = make_net("paper")
    module = net.module_
    neighbour_codes = module.encode(class_batch).roll(-1, dims=0)
    expected = nn.functional.mse_loss(module.decode(neighbour_codes), class_batch)

    assert torch.allclose(net.get_penalty_loss(class_batch), expected)
    # Not a reconstruction: the target is not the sample whose code was decoded.
    reconstruction = nn.functional.mse_loss(module(class_batch), class_batch)
    assert not torch.allclose(net.get_penalty_loss(class_batch), reconstruction)


def test_released_penalty_compares_each_decoding_with_its_own_original(class_batch):
    net = make_net("released")
    reconstruction = nn.functional.mse_loss(net.module_(class_batch), class_batch)
    assert torch.allclose(net.get_penalty_loss(class_batch), reconstruction)


def test_paper_penalty_trains_encoder_and_decoder(class_batch):
    net = make_net("paper")
    net.get_penalty_loss(class_batch).backward()
    assert all(norm > 0 for norm in gradient_norms(net.module_.encoder))
    assert all(norm > 0 for norm in gradient_norms(net.module_.decoder))


def test_released_penalty_sends_no_gradient_into_encoder(class_batch):
    net = make_net("released")
    net.get_penalty_loss(class_batch).backward()
    assert all(norm == 0 for norm in gradient_norms(net.module_.encoder))
    assert all(norm > 0 for norm in gradient_norms(net.module_.decoder))


@pytest.mark.parametrize("penalty", ["paper", "released"])
def test_training_loss_is_reconstruction_plus_weighted_penalty(penalty):
    X = np.random.RandomState(0).randn(40, 6).astype(np.float32)
    y = np.repeat([0, 1], 20)
    net = make_net(penalty, penalty_weight=0.5).fit(X, y)
    for batch in net.history[-1, "batches"]:
        total = batch["reconstruction_loss"] + 0.5 * batch["penalty_loss"]
        assert batch["train_loss"] == pytest.approx(total, rel=1e-5)


def test_no_penalty_trains_a_plain_autoencoder():
    X = np.random.RandomState(0).randn(40, 6).astype(np.float32)
    net = make_net(None).fit(X, np.repeat([0, 1], 20))
    for batch in net.history[-1, "batches"]:
        assert "penalty_loss" not in batch
        assert batch["train_loss"] == pytest.approx(batch["reconstruction_loss"])


def test_class_batches_hold_one_class_without_replacement():
    X = torch.arange(30, dtype=torch.float32).reshape(30, 1)
    y = np.array([0] * 20 + [1] * 8 + [2] * 2)
    sampler = ClassBatchSampler(X, y)
    torch.manual_seed(0)
    for _ in range(50):
        rows = sampler.draw(6).ravel().long().numpy()
        assert len(set(y[rows])) == 1
        assert len(rows) == min(6, np.sum(y == y[rows[0]]))
        assert len(set(rows)) == len(rows)


def test_class_is_drawn_uniformly_among_classes_with_two_samples():
    X = torch.arange(113, dtype=torch.float32).reshape(113, 1)
    y = np.array([0] * 100 + [1] * 10 + [2] * 2 + [3])
    sampler = ClassBatchSampler(X, y)
    torch.manual_seed(0)
    drawn = Counter(y[sampler.draw(4)[0].long().item()] for _ in range(3000))
    assert set(drawn) == {0, 1, 2}  # never the class with a single sample
    assert all(abs(count / 3000 - 1 / 3) < 0.04 for count in drawn.values())


def test_no_class_batch_when_every_class_has_one_sample():
    sampler = ClassBatchSampler(torch.zeros(3, 1), np.array([0, 1, 2]))
    assert sampler.draw(5) is None


class NaNAutoencoder(MLPAutoencoder):
    def decode(self, z):
        return super().decode(z) * float("nan")


def test_diverged_training_stops_with_clear_error():
    net = DeepSMOTENet(
        NaNAutoencoder,
        module__input_shape=(6,),
        module__latent_dim=3,
        callbacks=[("stop", StopOnDivergence())],
        max_epochs=3,
        verbose=0,
    )
    X = np.random.RandomState(0).randn(20, 6).astype(np.float32)
    with pytest.raises(FloatingPointError, match="diverged.*learning rate"):
        net.fit(X, np.repeat([0, 1], 10))
    assert len(net.history) == 1


@pytest.mark.parametrize("penalty", ["compact", "classify"])
def test_class_aware_penalties_train_on_identical_rows(penalty):
    # The codes coincide: their penalty used to be rounding error over
    # rounding error, up to 1e25, reported as a diverged training.
    y = np.repeat([0, 1], [30, 10])
    X = np.full((len(y), 3), 0.5)
    sampler = DeepSMOTE(penalty=penalty, batch_size=4, max_epochs=2, random_state=0)

    X_res, y_res = sampler.fit_resample(X, y)

    history = sampler.autoencoder_.history[:, "batches", :, "penalty_loss"]
    assert (np.concatenate(history) == 0).all()
    assert len(y_res) == 60 and (X_res == 0.5).all()


def test_encode_and_decode_run_in_eval_mode_in_batches():
    net = make_net("paper", batch_size=4)
    X = np.random.RandomState(0).randn(10, 6).astype(np.float32)
    codes = net.encode(X)
    assert codes.shape == (10, 3) and codes.dtype == np.float32
    assert net.decode(codes).shape == (10, 6)
    assert not net.module_.training


@pytest.mark.parametrize("drop_last, expected", [(False, [4, 4, 2]), (True, [4, 4])])
def test_unshuffled_batches_keep_the_order_of_the_samples(drop_last, expected):
    X = np.arange(10, dtype=np.float32).reshape(10, 1)
    batches = TensorBatches(Dataset(X, np.zeros(10)), 4, drop_last=drop_last)
    torch.manual_seed(0)
    seen = [xb.ravel().tolist() for xb, _ in batches]
    assert [len(batch) for batch in seen] == expected
    assert sum(seen, []) == list(range(sum(expected)))


def test_batches_take_no_count_of_batches_per_epoch():
    with pytest.raises(TypeError, match="n_batches"):
        TensorBatches(Dataset(np.zeros((10, 1)), None), 4, n_batches=7)


@pytest.mark.parametrize("drop_last, expected", [(False, [4, 4, 2]), (True, [4, 4])])
def test_batches_cover_one_pass_and_may_drop_the_short_last_batch(drop_last, expected):
    X = np.arange(10, dtype=np.float32).reshape(10, 1)
    batches = TensorBatches(
        Dataset(X, None), batch_size=4, shuffle=True, drop_last=drop_last
    )
    seen = [xb.ravel().tolist() for xb, _ in batches]
    assert [len(batch) for batch in seen] == expected
    assert len(batches) == len(expected)
    assert len(set(sum(seen, []))) == sum(expected)  # no sample twice


def test_balanced_batches_draw_a_class_at_random_then_a_sample_of_it():
    y = np.repeat([0, 1, 2], [90, 9, 1])
    X = np.arange(100, dtype=np.float32).reshape(100, 1)
    batches = TensorBatches(
        Dataset(X, y), batch_size=10, shuffle=True, balance_classes=True
    )
    torch.manual_seed(0)
    drawn = torch.cat([xb.ravel() for _ in range(100) for xb, _ in batches])

    assert len(batches) == 10
    assert all(len(xb) == 10 for xb, _ in batches)
    labels = y[drawn.long().numpy()]
    # 10,000 draws: a share's standard error is 0.005.
    np.testing.assert_allclose(
        np.bincount(labels) / len(labels), [1 / 3] * 3, atol=0.02
    )
    rare = drawn[torch.from_numpy(labels == 1)].long().numpy()
    np.testing.assert_allclose(
        np.bincount(rare - 90) / len(rare), [1 / 9] * 9, atol=0.03
    )


def test_balanced_batches_need_the_labels():
    with pytest.raises(ValueError, match="needs the labels"):
        TensorBatches(Dataset(np.zeros((4, 1)), None), 2, balance_classes=True)


def test_a_row_decodes_the_same_whatever_rows_come_with_it():
    from imblearn_deepsmote import ConvAutoencoder, DeepSMOTENet

    net = DeepSMOTENet(
        ConvAutoencoder,
        module__input_shape=(1, 8, 8),
        module__latent_dim=4,
        batch_size=16,
        max_epochs=1,
    ).initialize()
    codes = torch.randn(40, 4, generator=torch.Generator().manual_seed(0)).numpy()
    whole = net.decode(codes)
    assert whole.shape == (40, 1, 8, 8)
    for size in (1, 7, 16, 17):
        np.testing.assert_array_equal(net.decode(codes[:size]), whole[:size])


class RecordInputs(nn.Module):
    """Records whether each batch it encodes is channels-last in memory."""

    def __init__(self, input_shape, latent_dim):
        super().__init__()
        self.autoencoder = ConvAutoencoder(input_shape, latent_dim)
        self.channels_last = []

    def encode(self, x):
        self.channels_last.append(_is_channels_last(x))
        return self.autoencoder.encode(x)

    def decode(self, z):
        return self.autoencoder.decode(z)


class RecordInputsAutoencoder(RecordInputs, Autoencoder):
    """The same module, built on the library's base class."""


def _is_channels_last(x):
    return (
        x.ndim == 4
        and not x.is_contiguous()
        and x.is_contiguous(memory_format=torch.channels_last)
    )


@pytest.mark.parametrize(
    "module, channels_last",
    [(RecordInputsAutoencoder, True), (RecordInputs, False)],
)
def test_images_reach_the_library_autoencoders_channels_last_and_others_as_given(
    module, channels_last
):
    X = np.random.RandomState(0).randn(16, 3, 8, 8).astype(np.float32)
    net = DeepSMOTENet(
        module,
        module__input_shape=(3, 8, 8),
        module__latent_dim=4,
        max_epochs=1,
        batch_size=8,
        verbose=0,
    )
    net.fit(X, np.repeat([0, 1], 8))
    net.encode(X)
    seen = net.module_.channels_last
    assert len(seen) > 4 and set(seen) == {channels_last}
