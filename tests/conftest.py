"""Tiny shared data sets and sampler settings that keep the tests fast."""

import importlib
import os
import tempfile
import types
from pathlib import Path

import numpy as np
import pytest
import torch
from helpers import FAST

from imblearn_deepsmote import DeepSMOTE, DeepSMOTENet

# The networks trained here are tiny: a second intra-op thread only adds
# synchronisation, which costs up to a second per fit on a busy machine.
torch.set_num_threads(1)


@pytest.fixture
def fast_params():
    """Keyword arguments for a DeepSMOTE that trains quickly and reproducibly."""
    return dict(FAST)


@pytest.fixture
def count_trainings(monkeypatch):
    """Counts the autoencoders trained in this process: ``count_trainings.count``.

    Counted where the net trains, not by a callback: the code and state of
    a callback's class are part of the key of DeepSMOTE's ``memory``
    cache, and a count kept there would change the key with every training.
    """
    counter = types.SimpleNamespace(count=0)
    partial_fit = DeepSMOTENet.partial_fit

    def counted(net, *args, **kwargs):
        counter.count += 1
        return partial_fit(net, *args, **kwargs)

    monkeypatch.setattr(DeepSMOTENet, "partial_fit", counted)
    return counter


@pytest.fixture
def tabular_data():
    """60 rows of 4 features in three classes of 30, 10 and 20 samples."""
    rng = np.random.RandomState(0)
    y = np.repeat([0, 1, 2], [30, 10, 20])
    X = rng.normal(size=(len(y), 4)) + y[:, np.newaxis]
    return X, y


@pytest.fixture
def codes_after_training(tabular_data):
    """Codes of ``tabular_data``'s rows once DeepSMOTE has trained with a
    penalty form (weight 5, 30 epochs): ``codes_after_training(penalty)``."""
    X, y = tabular_data

    def train(penalty):
        sampler = DeepSMOTE(
            penalty=penalty, penalty_weight=5.0, max_epochs=30, random_state=0
        )
        sampler.fit_resample(X, y)
        return sampler.encode(X)

    return train


@pytest.fixture
def binary_data():
    """40 rows of 3 features, 30 of class 0 and 10 of class 1."""
    rng = np.random.RandomState(1)
    y = np.repeat([0, 1], [30, 10])
    X = rng.uniform(-2.0, 3.0, size=(len(y), 3)) + y[:, np.newaxis]
    return X, y


@pytest.fixture
def image_labels():
    """Labels of the tiny image sets: 24 of class 0 and 8 of class 1."""
    return np.repeat([0, 1], [24, 8])


@pytest.fixture
def make_images(image_labels):
    """Factory of tiny random image sets shaped (n_samples, *sample_shape)."""

    def make(sample_shape, dtype=np.float64):
        rng = np.random.RandomState(2)
        images = rng.uniform(10, 200, size=(len(image_labels), *sample_shape))
        return images.astype(dtype)

    return make


BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


@pytest.fixture
def import_benchmarks(monkeypatch):
    """Import modules of benchmarks/ as its scripts import them, by name."""
    monkeypatch.syspath_prepend(str(BENCHMARKS))

    def load(*names):
        return {name: importlib.import_module(name) for name in names}

    return load


@pytest.fixture
def unwritable(tmp_path):
    """A folder in which no folder can be made, even by root."""
    if not hasattr(os, "geteuid"):
        pytest.skip("POSIX permissions only")
    if os.geteuid() != 0:
        folder = tmp_path / "locked"
        folder.mkdir()
        folder.chmod(0o555)
        yield folder
        folder.chmod(0o755)
        return
    # Root writes through permissions, but not into sysfs.
    folder = Path("/sys/fs")
    try:
        os.rmdir(tempfile.mkdtemp(dir=folder))
    except OSError:
        yield folder
    else:
        pytest.skip("no folder here that root cannot write into")
