"""What ends training, and what a refit with warm_start trains with."""

from collections import Counter

import numpy as np
import pytest
import torch
from skorch.callbacks import Callback, EarlyStopping

from imblearn_deepsmote import DeepSMOTE, _sampler


class RecordEpochs(Callback):
    """Records the learning rate and batch sizes seen in each epoch."""

    def initialize(self):
        self.epochs_ = []
        return self

    def on_epoch_begin(self, net, **kwargs):
        self.epochs_.append({"lr": net.optimizer_.param_groups[0]["lr"], "batches": []})

    def on_batch_end(self, net, batch=None, **kwargs):
        self.epochs_[-1]["batches"].append(len(batch[0]))


class RecordBatchLabels(Callback):
    """Records the class codes of every training batch."""

    def initialize(self):
        self.labels_ = []
        return self

    def on_batch_begin(self, net, batch=None, training=False, **kwargs):
        if training:
            self.labels_.extend(batch[1].tolist())


def trained_callback(sampler, kind):
    """The one callback of class ``kind`` that the fitted net trained with."""
    (callback,) = [
        callback
        for _, callback in sampler.autoencoder_.callbacks_
        if isinstance(callback, kind)
    ]
    return callback


def batch_label_shares(sampler):
    counts = np.bincount(trained_callback(sampler, RecordBatchLabels).labels_)
    return counts / counts.sum()


class InterruptingLoss(torch.nn.Module):
    """Mean squared error that raises KeyboardInterrupt, as Ctrl-C does, on a call."""

    def __init__(self, on_call=3):
        super().__init__()
        self.on_call = on_call
        self.calls = 0

    def forward(self, prediction, target):
        self.calls += 1
        if self.calls == self.on_call:
            raise KeyboardInterrupt
        return torch.nn.functional.mse_loss(prediction, target)


class SwapCriterion(Callback):
    """Replaces the net's criterion at the start of training."""

    def on_train_begin(self, net, **kwargs):
        net.criterion_ = InterruptingLoss()


# --- early stopping --------------------------------------------------------------


def test_early_stopping_gives_a_fitted_sampler(tabular_data):
    X, y = tabular_data
    stop = EarlyStopping(monitor="train_loss", patience=1, threshold=10.0)
    sampler = DeepSMOTE(max_epochs=20, batch_size=8, random_state=0, callbacks=[stop])

    X_res, y_res = sampler.fit_resample(X, y)

    assert len(sampler.autoencoder_.history) < 20
    assert Counter(y_res.tolist()) == {0: 30, 1: 30, 2: 30}
    assert sampler.encode(X).shape == (len(X), sampler.latent_dim_)


def test_a_keyboard_interrupt_outside_callbacks_aborts_the_fit(tabular_data):
    X, y = tabular_data
    sampler = DeepSMOTE(
        max_epochs=3, batch_size=8, random_state=0, callbacks=[SwapCriterion()]
    )
    with pytest.raises(KeyboardInterrupt):
        sampler.fit_resample(X, y)
    assert not hasattr(sampler, "autoencoder_")


# --- how long training runs ---------------------------------------------------


@pytest.mark.parametrize(
    "max_steps, max_epochs, epochs",
    [(1500, "auto", 15), (12, "auto", 2), (3, "auto", 1), (12, 4, 4)],
)
def test_auto_epochs_are_fifteen_or_what_fits_in_the_step_budget(
    tabular_data, monkeypatch, max_steps, max_epochs, epochs
):
    monkeypatch.setattr(_sampler, "AUTO_STEPS", max_steps)
    X, y = tabular_data  # 60 samples: 6 batches of 10
    sampler = DeepSMOTE(max_epochs=max_epochs, batch_size=10, random_state=0)
    sampler.fit_resample(X, y)

    assert len(sampler.autoencoder_.history) == epochs
    assert sampler.max_epochs == max_epochs


# --- what the batches hold ----------------------------------------------------------


def test_batches_hold_each_class_in_its_share_of_the_data(tabular_data):
    X, y = tabular_data
    sampler = DeepSMOTE(
        max_epochs=20, batch_size=10, random_state=0, callbacks=[RecordBatchLabels()]
    )
    sampler.fit_resample(X, y)

    np.testing.assert_allclose(batch_label_shares(sampler), [0.5, 1 / 6, 1 / 3])


def test_balanced_batches_draw_every_class_equally_often(tabular_data):
    X, y = tabular_data
    sampler = DeepSMOTE(
        max_epochs=20,
        batch_size=10,
        balanced_batches=True,
        random_state=0,
        callbacks=[RecordBatchLabels()],
    )
    sampler.fit_resample(X, y)

    # 1,200 draws: a share's standard error is 0.014.
    np.testing.assert_allclose(batch_label_shares(sampler), [1 / 3] * 3, atol=0.05)
    assert len(sampler.autoencoder_.history[-1, "batches"]) == 6


# --- warm start ----------------------------------------------------------------


def test_warm_refit_trains_with_the_parameters_set_since(tabular_data):
    X, y = tabular_data
    sampler = DeepSMOTE(max_epochs=2, batch_size=16, lr=1e-3, random_state=0)
    sampler.set_params(warm_start=True)
    sampler.fit_resample(X, y)
    record = RecordEpochs()

    sampler.set_params(max_epochs=3, lr=0.01, batch_size=7, callbacks=[record])
    sampler.fit_resample(X, y)

    recorded = trained_callback(sampler, RecordEpochs)
    assert len(recorded.epochs_) == 3
    assert [epoch["lr"] for epoch in recorded.epochs_] == [0.01] * 3
    assert max(recorded.epochs_[0]["batches"]) == 7
    assert len(sampler.autoencoder_.history) == 5


def test_warm_refit_can_switch_to_balanced_batches(tabular_data):
    X, y = tabular_data
    sampler = DeepSMOTE(max_epochs=2, batch_size=10, random_state=0, warm_start=True)
    sampler.fit_resample(X, y)

    sampler.set_params(
        max_epochs=20, balanced_batches=True, callbacks=[RecordBatchLabels()]
    )
    sampler.fit_resample(X, y)

    np.testing.assert_allclose(batch_label_shares(sampler), [1 / 3] * 3, atol=0.05)


def test_warm_refit_continues_from_the_trained_weights(tabular_data):
    X, y = tabular_data
    sampler = DeepSMOTE(max_epochs=2, batch_size=8, random_state=0, warm_start=True)
    sampler.fit_resample(X, y)
    loss_before = sampler.autoencoder_.history[-1, "train_loss"]
    sampler.fit_resample(X, y)
    assert len(sampler.autoencoder_.history) == 4
    # A new network starts far above where the first fit ended.
    assert sampler.autoencoder_.history[2, "train_loss"] < loss_before * 1.5


@pytest.mark.parametrize(
    "change, message",
    [
        ({"latent_dim": 3}, "latent_dim"),
        ({"module": "other"}, "module"),
        ({"input_shape": (2, 2)}, "input_shape"),
    ],
)
def test_warm_refit_refuses_what_cannot_change_and_keeps_the_fit(
    tabular_data, change, message
):
    X, y = tabular_data
    sampler = DeepSMOTE(max_epochs=1, batch_size=8, latent_dim=2, random_state=0)
    sampler.set_params(warm_start=True)
    sampler.fit_resample(X, y)
    net, codes = sampler.autoencoder_, sampler.encode(X)
    if change.get("module") == "other":
        from imblearn_deepsmote import MLPAutoencoder

        class Other(MLPAutoencoder):
            pass

        change = {"module": Other}

    sampler.set_params(**change)
    with pytest.raises(ValueError, match=message):
        sampler.fit_resample(X, y)

    assert sampler.autoencoder_ is net
    assert len(net.history) == 1
    np.testing.assert_array_equal(sampler.encode(X), codes)


def test_a_failed_warm_refit_leaves_the_previous_fit_intact(tabular_data):
    X, y = tabular_data
    sampler = DeepSMOTE(max_epochs=1, batch_size=8, random_state=0, warm_start=True)
    X_res, _ = sampler.fit_resample(X, y)
    codes = sampler.encode(X)

    with pytest.raises(ValueError):
        sampler.fit_resample(X[:, :3], y)
    with pytest.raises(ValueError):
        sampler.set_params(device="cuda:7").fit_resample(X, y)

    assert sampler.n_features_in_ == 4
    np.testing.assert_array_equal(sampler.encode(X), codes)
    X_new, _ = sampler.generate({1: 3}, random_state=0)
    assert X_new.shape == (3, 4)


def test_a_fit_prints_nothing_when_print_has_been_replaced(
    tabular_data, monkeypatch, capsys
):
    # Ray's joblib backend replaces builtins.print in the driver; skorch's
    # epoch table then printed whatever verbose said.
    import builtins

    original = builtins.print
    monkeypatch.setattr(builtins, "print", lambda *a, **k: original(*a, **k))
    X, y = tabular_data
    DeepSMOTE(max_epochs=2, batch_size=8, random_state=0).fit_resample(X, y)
    assert capsys.readouterr().out == ""
