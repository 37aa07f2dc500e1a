"""Fits in threads: seeded ones repeat exactly, unseeded ones run at once."""

import threading

import numpy as np
import pytest
from imblearn.pipeline import make_pipeline
from joblib import Parallel, delayed, parallel_backend
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_validate
from skorch.callbacks import Callback

from imblearn_deepsmote import DeepSMOTE, DeepSMOTENet, MLPAutoencoder
from imblearn_deepsmote._net import train


def resample(X, y, seed):
    return DeepSMOTE(max_epochs=3, batch_size=8, random_state=seed).fit_resample(X, y)


def test_fits_in_threads_return_the_samples_of_a_sequential_fit(tabular_data):
    X, y = tabular_data
    expected, _ = resample(X, y, 0)

    results = Parallel(n_jobs=4, backend="threading")(
        delayed(resample)(X, y, 0) for _ in range(4)
    )

    for X_res, _ in results:
        np.testing.assert_array_equal(X_res, expected)


def test_cross_validation_in_threads_repeats_its_scores(tabular_data):
    X, y = tabular_data
    pipeline = make_pipeline(
        DeepSMOTE(max_epochs=3, batch_size=8, random_state=0),
        LogisticRegression(),
    )
    cv = StratifiedKFold(n_splits=3, shuffle=True, random_state=0)

    def scores():
        with parallel_backend("threading", n_jobs=3):
            result = cross_validate(pipeline, X, y, cv=cv, scoring="balanced_accuracy")
        return result["test_score"]

    sequential = cross_validate(
        pipeline, X, y, cv=cv, scoring="balanced_accuracy", n_jobs=1
    )["test_score"]
    for _ in range(2):
        np.testing.assert_array_equal(scores(), sequential)


class MeetAtEpochEnd(Callback):
    """Waits at the end of the first epoch until every fit in the barrier does."""

    def __init__(self, barrier):
        self.barrier = barrier

    def on_epoch_end(self, net, **kwargs):
        if len(net.history) == 1:
            self.barrier.wait()


def train_tiny_net(X, y, barrier, seed):
    net = DeepSMOTENet(
        MLPAutoencoder,
        module__input_shape=(X.shape[1],),
        module__latent_dim=2,
        max_epochs=2,
        batch_size=8,
        verbose=0,
        callbacks=[MeetAtEpochEnd(barrier)],
    )
    return train(net, X, y, seed=seed)


def test_unseeded_trainings_in_threads_run_at_the_same_time(tabular_data):
    X, y = tabular_data
    X = X.astype(np.float32)
    # Each training waits in its first epoch for the other: run one at a time,
    # the first would wait out the timeout and break the barrier.
    barrier = threading.Barrier(2, timeout=20)

    nets = Parallel(n_jobs=2, backend="threading")(
        delayed(train_tiny_net)(X, y, barrier, None) for _ in range(2)
    )

    assert [len(net.history) for net in nets] == [2, 2]


@pytest.mark.parametrize("other_seed", [1, None])
def test_a_seeded_training_in_a_thread_runs_alone(tabular_data, other_seed):
    X, y = tabular_data
    X = X.astype(np.float32)
    # The trainings cannot both reach the barrier: the first breaks it.
    barrier = threading.Barrier(2, timeout=1)

    with pytest.raises(threading.BrokenBarrierError):
        Parallel(n_jobs=2, backend="threading")(
            delayed(train_tiny_net)(X, y, barrier, seed) for seed in (0, other_seed)
        )


class TrainAnotherNet(Callback):
    """Trains a second tiny net, with its own seed, when training begins."""

    def __init__(self, X, y, seed):
        self.X, self.y, self.seed = X, y, seed

    def on_train_begin(self, net, **kwargs):
        barrier = threading.Barrier(1)
        self.inner_ = train_tiny_net(self.X, self.y, barrier, self.seed)


@pytest.mark.parametrize("outer_seed, inner_seed", [(None, 0), (0, None), (0, 1)])
def test_a_training_inside_another_one_in_the_same_thread_does_not_wait_for_it(
    tabular_data, outer_seed, inner_seed
):
    X, y = tabular_data
    X = X.astype(np.float32)
    callback = TrainAnotherNet(X, y, inner_seed)
    outer = DeepSMOTENet(
        MLPAutoencoder,
        module__input_shape=(X.shape[1],),
        module__latent_dim=2,
        max_epochs=1,
        batch_size=8,
        verbose=0,
        callbacks=[callback],
    )
    worker = threading.Thread(
        target=train, args=(outer, X, y), kwargs={"seed": outer_seed}, daemon=True
    )
    worker.start()
    worker.join(timeout=30)

    assert not worker.is_alive()
    assert len(outer.history) == 1 and len(callback.inner_.history) == 2
