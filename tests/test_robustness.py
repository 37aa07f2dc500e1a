"""Robustness: random and extreme input either resamples correctly or is refused.

The property-based tests draw data sets of random shapes, dtypes, value
ranges, label types, class counts and ``sampling_strategy`` forms, and check
every outcome against an oracle: the counts that imbalanced-learn's
``check_sampling_strategy`` asks for, and the input that DeepSMOTE documents
as refused (see ``docs/accepted_input.rst``). A result must keep the
original rows first and untouched, reach the requested count of every
class, stay within the training range, keep the dtype, and hold no NaN; a
refusal must be a ValueError or TypeError with one of the documented
messages, never a torch error, a FloatingPointError blaming the learning
rate for the data, or a hang.

Hypothesis profiles, chosen with the environment variable
``HYPOTHESIS_PROFILE``: "ci" (the default: 25 examples a test, derandomised
so that CI runs are reproducible) and "thorough" (1000 random examples a
test, shrunk to a minimal failing example).
"""

import json
import os
import re
import signal
import subprocess
import sys
import textwrap
import threading
import warnings
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pytest
import torch
from helpers import FAST
from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context
from imblearn.utils import check_sampling_strategy
from sklearn.exceptions import NotFittedError
from sklearn.utils.validation import check_is_fitted
from skorch.callbacks import Callback

from imblearn_deepsmote import DeepSMOTE

settings.register_profile(
    "ci",
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    # No shrinking: a failure is reported as found, in seconds, not minutes.
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "thorough",
    max_examples=1000,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate, Phase.shrink],
    suppress_health_check=[HealthCheck.too_slow],
)
# Applied per test (not with load_profile) so that the profile does not leak
# into other test modules.
PROFILE = settings.get_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# Longest a single tiny fit_resample may take before it counts as a hang.
TIME_LIMIT_S = 120

FLOAT_DTYPES = [np.float16, np.float32, np.float64]
INT_DTYPES = [np.uint8, np.int8, np.int16, np.int32, np.int64, np.uint64]
DTYPES = FLOAT_DTYPES + INT_DTYPES + [np.bool_]

# Every refusal a valid parameter set may meet, as documented in
# docs/accepted_input.rst; the oracle picks the ones that apply.
SINGLE_SAMPLES = r"Every class has a single sample"
SMALL_IMAGES = r"needs images of at least 8x8 pixels"


# --- helpers -----------------------------------------------------------------


class TookTooLong(AssertionError):
    pass


@contextmanager
def time_limit(seconds):
    """Fail, rather than hang, when the block runs longer than ``seconds``."""
    if not hasattr(signal, "SIGALRM") or (
        threading.current_thread() is not threading.main_thread()
    ):
        yield
        return

    def alarm(signum, frame):
        raise TookTooLong(f"fit_resample ran longer than {seconds} s: a hang?")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def make_values(rng, dtype, mode, shape, scale=1.0, offset=0.0):
    """An array of ``shape`` and ``dtype`` whose values follow ``mode``.

    - "normal": offset + scale * N(0, 1) for floats, small integers, random
      booleans;
    - "full": values spread over the whole range of the dtype, with its
      extremes included;
    - "constant": a single value.
    """
    dtype = np.dtype(dtype)
    if mode == "constant":
        return np.full(shape, make_values(rng, dtype, "normal", 1, scale, offset)[0])
    if dtype.kind == "b":
        return rng.random(shape) < 0.5
    if dtype.kind == "f":
        info = np.finfo(dtype)
        if mode == "full":
            values = rng.uniform(-1.0, 1.0, size=shape) * float(info.max)
            values.flat[0], values.flat[-1] = info.max, info.min
            return values.astype(dtype)
        return (offset + scale * rng.standard_normal(shape)).astype(dtype)
    info = np.iinfo(dtype)
    if mode == "full":
        low, high = info.min, info.max
    else:
        low, high = max(info.min, -50), min(info.max, 50)
    values = rng.integers(low, high, size=shape, dtype=dtype, endpoint=True)
    if mode == "full":
        values.flat[0], values.flat[-1] = info.min, info.max
    return values


def make_labels(kind, n_classes):
    if kind == "int":
        return np.arange(n_classes) * 7 - 3
    if kind == "str":
        return np.array([f"class {i}" for i in range(n_classes)])
    if kind == "bool":
        return np.array([False, True])[:n_classes]
    return np.arange(n_classes, dtype=np.float64)  # integral floats


def make_sampling_strategy(form, rng, labels, counts):
    """A ``sampling_strategy`` of the given form for classes with ``counts``."""
    majority = max(counts)
    if form == "float":
        return float(rng.choice([0.5, 0.8, 1.0]))
    if form in ("dict", "callable"):
        chosen = rng.random(len(labels)) < 0.6
        strategy = {
            label.item(): int(count + rng.integers(-1, majority + 2))
            for label, count, keep in zip(labels, counts, chosen, strict=True)
            if keep
        }
        return strategy if form == "dict" else (lambda y: dict(strategy))
    return form


def expected_refusals(sampling_strategy, y, image_side=None):
    """Regexes of the refusals that apply, and the new samples per class.

    An empty list means that fit_resample must succeed.
    """
    refusals = []
    if image_side is not None and image_side < 8:
        refusals.append(SMALL_IMAGES)
    try:
        n_new = check_sampling_strategy(sampling_strategy, y, "over-sampling")
    except ValueError as error:
        # imbalanced-learn's own message, which DeepSMOTE passes on.
        return [*refusals, re.escape(str(error)[:60])], None
    counts = Counter(y.tolist())
    if any(n_new.values()) and max(counts.values()) == 1:
        refusals.append(SINGLE_SAMPLES)
    return refusals, n_new


def count_outcome(outcome):
    """Count outcomes in the Hypothesis statistics (--hypothesis-show-statistics)."""
    if currently_in_test_context():
        event(outcome)


def snapshot(array):
    return np.array(array, copy=True)


def check_fit_resample(sampler, X, y, refusals, n_new, images):
    """Run fit_resample and check its outcome against the oracle.

    Returns the resampled data, or None after an expected refusal.
    """
    X_before, y_before = snapshot(X), snapshot(y)
    with warnings.catch_warnings(record=True) as caught, time_limit(TIME_LIMIT_S):
        warnings.simplefilter("always")
        try:
            X_res, y_res = sampler.fit_resample(X, y)
        except (ValueError, TypeError) as error:
            if not refusals:
                raise
            assert any(re.search(pattern, str(error)) for pattern in refusals), (
                f"unexpected refusal {error!r}; expected one of {refusals}"
            )
            assert_raised_outside_torch(error)
            count_outcome(f"refused: {str(error)[:40]}")
            return None
    assert not refusals, f"expected a refusal matching one of {refusals}"
    np.testing.assert_array_equal(X, X_before)
    np.testing.assert_array_equal(y, y_before)
    check_result(X, y, X_res, y_res, n_new, images)
    count_outcome("resampled")
    # Overflow in this package's arithmetic (e.g. a float cast to an integer
    # dtype it does not fit), not sklearn's fast finiteness check of X.
    numeric_warnings = [
        f"{w.filename}:{w.lineno}: {w.message}"
        for w in caught
        if issubclass(w.category, RuntimeWarning) and "imblearn_deepsmote" in w.filename
    ]
    assert not numeric_warnings, numeric_warnings
    return X_res, y_res


def assert_raised_outside_torch(error):
    """The refusal was raised by this package or its sklearn/imblearn checks."""
    frame = error.__traceback__
    while frame.tb_next is not None:
        frame = frame.tb_next
    origin = Path(frame.tb_frame.f_code.co_filename).parts
    assert "torch" not in origin and "skorch" not in origin, (
        f"{type(error).__name__} raised from {frame.tb_frame.f_code.co_filename}"
    )


def check_result(X, y, X_res, y_res, n_new, images):
    n_samples = len(X)
    assert isinstance(X_res, np.ndarray)
    assert X_res.dtype == X.dtype
    assert X_res.shape[1:] == X.shape[1:]
    # Original rows untouched and first.
    np.testing.assert_array_equal(X_res[:n_samples], X)
    np.testing.assert_array_equal(y_res[:n_samples], y)
    # The requested count of every class, and nothing else.
    counts = Counter(y.tolist())
    expected = {label: counts[label] + int(n_new.get(label, 0)) for label in counts}
    assert dict(Counter(y_res.tolist())) == expected
    assert len(X_res) == len(y_res)
    # Within the training range (per feature for rows, over all pixels for
    # images), and finite.
    X_new = X_res[n_samples:]
    if X.dtype.kind == "f":
        assert np.isfinite(X_new).all(), "NaN or infinity in the synthetic samples"
    if len(X_new):
        if images:
            assert X_new.min() >= X.min() and X_new.max() <= X.max()
        else:
            assert (X_new >= X.min(axis=0)).all() and (X_new <= X.max(axis=0)).all()


def assert_not_collapsed(X, X_new):
    """Synthetic samples of distinct training samples are not all one sample.

    Distinct as float64, the precision DeepSMOTE computes in: integers beyond
    2**53 that differ by less than their float64 spacing count as one.
    """
    rows = X.reshape(len(X), -1).astype(np.float64)
    if len(np.unique(rows, axis=0)) > 1 and len(X_new) > 1:
        new_rows = np.asarray(X_new).reshape(len(X_new), -1)
        assert len(np.unique(new_rows, axis=0)) > 1, (
            "every synthetic sample is the same: the autoencoder collapsed"
        )


# --- property-based tests ----------------------------------------------------

SAMPLING_FORMS = [
    "auto",
    "minority",
    "not minority",
    "not majority",
    "all",
    "float",
    "dict",
    "callable",
]


@st.composite
def class_setups(draw, max_count):
    n_classes = draw(st.sampled_from([1, 2, 2, 3, 3, 4]))
    label_kind = draw(st.sampled_from(["int", "str", "bool", "float"]))
    if label_kind == "bool":
        n_classes = min(n_classes, 2)
    counts = draw(
        st.lists(st.integers(1, max_count), min_size=n_classes, max_size=n_classes)
    )
    return make_labels(label_kind, n_classes), counts


@st.composite
def value_setups(draw):
    dtype = draw(st.sampled_from(DTYPES))
    mode = draw(st.sampled_from(["normal", "normal", "full", "constant"]))
    scales = [1e-3, 1.0, 1e3] if dtype == np.float16 else [1e-9, 1e-3, 1.0, 1e9]
    scale = draw(st.sampled_from(scales))
    offset = draw(st.sampled_from([0.0, 10.0 * scale]))
    return dtype, mode, scale, offset


def build_labels(rng, labels, counts):
    y = np.repeat(labels, counts)
    return y[rng.permutation(len(y))]


@PROFILE
@given(
    classes=class_setups(max_count=12),
    values=value_setups(),
    n_features=st.integers(1, 6),
    duplicated=st.booleans(),
    sampling_form=st.sampled_from(SAMPLING_FORMS),
    batch_size=st.integers(1, 8),
    latent_dim=st.one_of(st.none(), st.integers(1, 4)),
    k_neighbors=st.integers(1, 6),
    seed=st.integers(0, 2**32 - 1),
)
def test_random_rows_are_resampled_or_refused(
    classes,
    values,
    n_features,
    duplicated,
    sampling_form,
    batch_size,
    latent_dim,
    k_neighbors,
    seed,
):
    rng = np.random.default_rng(seed)
    labels, counts = classes
    dtype, mode, scale, offset = values
    y = build_labels(rng, labels, counts)
    X = make_values(rng, dtype, mode, (len(y), n_features), scale, offset)
    if duplicated:
        # Every sample of a class is the same row.
        X = X[[int(np.flatnonzero(y == label)[0]) for label in y]]
    sampling_strategy = make_sampling_strategy(sampling_form, rng, labels, counts)
    refusals, n_new = expected_refusals(sampling_strategy, y)
    sampler = DeepSMOTE(
        sampling_strategy=sampling_strategy,
        k_neighbors=k_neighbors,
        latent_dim=latent_dim,
        batch_size=batch_size,
        max_epochs=1,
        random_state=seed % 1000,
    )

    check_fit_resample(sampler, X, y, refusals, n_new, images=False)


# Mostly sides the default ConvAutoencoder takes, sometimes too small ones.
IMAGE_SIDES = st.sampled_from([4, 7] + [8, 9, 10, 11, 12] * 3)


@PROFILE
@given(
    classes=class_setups(max_count=8),
    values=value_setups(),
    layout=st.sampled_from(["hw", "chw", "flat"]),
    n_channels=st.integers(1, 3),
    height=IMAGE_SIDES,
    width=IMAGE_SIDES,
    sampling_form=st.sampled_from(SAMPLING_FORMS),
    batch_size=st.integers(1, 8),
    latent_dim=st.one_of(st.none(), st.integers(1, 4)),
    seed=st.integers(0, 2**32 - 1),
)
def test_random_images_are_resampled_or_refused(
    classes,
    values,
    layout,
    n_channels,
    height,
    width,
    sampling_form,
    batch_size,
    latent_dim,
    seed,
):
    rng = np.random.default_rng(seed)
    labels, counts = classes
    dtype, mode, scale, offset = values
    y = build_labels(rng, labels, counts)
    sample_shape = {
        "hw": (height, width),
        "chw": (n_channels, height, width),
        "flat": (n_channels * height * width,),
    }[layout]
    X = make_values(rng, dtype, mode, (len(y), *sample_shape), scale, offset)
    sampling_strategy = make_sampling_strategy(sampling_form, rng, labels, counts)
    refusals, n_new = expected_refusals(
        sampling_strategy, y, image_side=min(height, width)
    )
    sampler = DeepSMOTE(
        sampling_strategy=sampling_strategy,
        input_shape=(n_channels, height, width) if layout == "flat" else None,
        latent_dim=latent_dim,
        batch_size=batch_size,
        max_epochs=1,
        random_state=seed % 1000,
    )

    check_fit_resample(sampler, X, y, refusals, n_new, images=True)


# --- extreme values, constant and duplicated data ---------------------------


def two_classes(n_major=14, n_minor=6):
    return np.repeat([0, 1], [n_major, n_minor])


def extreme_data(case, sample_shape):
    rng = np.random.default_rng(0)
    shape = (20, *sample_shape)
    if case == "scale 1e9":
        return rng.standard_normal(shape) * 1e9
    if case == "scale 1e-9":
        return rng.standard_normal(shape) * 1e-9
    if case == "offset 1e9, spread 1e-3":
        return 1e9 + rng.standard_normal(shape) * 1e-3
    if case == "float16 full range":
        return make_values(rng, np.float16, "full", shape)
    if case == "float32 full range":
        return make_values(rng, np.float32, "full", shape)
    if case == "float64 up to 1e200":
        return rng.standard_normal(shape) * 1e200
    if case == "float64 full range":
        return make_values(rng, np.float64, "full", shape)
    if case == "int64 full range":
        return make_values(rng, np.int64, "full", shape)
    if case == "uint64 full range":
        return make_values(rng, np.uint64, "full", shape)
    if case == "int64 near its maximum":
        # float64 holds no integer between 2**63 - 1024 and 2**63 - 1.
        high = np.iinfo(np.int64).max
        return high - rng.integers(0, 4096, size=shape, dtype=np.int64)
    if case == "uint64 near its maximum":
        high = np.iinfo(np.uint64).max
        return high - rng.integers(0, 4096, size=shape, dtype=np.uint64)
    raise AssertionError(case)


EXTREME_CASES = [
    "scale 1e9",
    "scale 1e-9",
    "offset 1e9, spread 1e-3",
    "float16 full range",
    "float32 full range",
    "float64 up to 1e200",
    "float64 full range",
    "int64 full range",
    "uint64 full range",
    "int64 near its maximum",
    "uint64 near its maximum",
]


@pytest.mark.parametrize("case", EXTREME_CASES)
@pytest.mark.parametrize("sample_shape", [(4,), (8, 8)], ids=["rows", "images"])
def test_extreme_value_ranges_are_resampled(case, sample_shape):
    X = extreme_data(case, sample_shape)
    y = two_classes()
    sampler = DeepSMOTE(latent_dim=2, **FAST)
    n_new = {0: 0, 1: 8}

    X_res, _ = check_fit_resample(
        sampler, X, y, [], n_new, images=len(sample_shape) > 1
    )
    if "near its maximum" not in case:
        # Near 2**63, float64 resolves only a few of the values: synthetic
        # samples between them may round to one.
        assert_not_collapsed(X[y == 1], X_res[len(X) :])


def test_constant_features_stay_constant(fast_params):
    rng = np.random.default_rng(0)
    y = two_classes()
    X = np.column_stack([np.full(20, 3.5), rng.standard_normal(20), np.zeros(20)])

    X_res, y_res = DeepSMOTE(latent_dim=2, **fast_params).fit_resample(X, y)

    assert Counter(y_res.tolist()) == {0: 14, 1: 14}
    np.testing.assert_array_equal(X_res[:, 0], 3.5)
    np.testing.assert_array_equal(X_res[:, 2], 0.0)
    assert len(np.unique(X_res[20:, 1])) > 1


@pytest.mark.parametrize("sample_shape", [(5,), (8, 8), (3, 9, 10)])
@pytest.mark.parametrize("dtype", [np.float32, np.uint8])
def test_constant_data_gives_the_constant(fast_params, sample_shape, dtype):
    X = np.full((20, *sample_shape), 7, dtype=dtype)

    X_res, y_res = DeepSMOTE(latent_dim=2, **fast_params).fit_resample(X, two_classes())

    assert X_res.dtype == dtype
    assert X_res.shape == (28, *sample_shape)
    np.testing.assert_array_equal(X_res, 7)


@pytest.mark.parametrize("sample_shape", [(4,), (8, 8)])
def test_duplicated_rows(fast_params, sample_shape):
    rng = np.random.default_rng(0)
    y = np.repeat([0, 1, 2], [12, 5, 3])
    # Each class is one sample, repeated; classes 1 and 2 share theirs.
    distinct = rng.standard_normal((2, *sample_shape))
    X = distinct[(y > 0).astype(int)]

    check_fit_resample(
        DeepSMOTE(latent_dim=2, **fast_params),
        X,
        y,
        [],
        {0: 0, 1: 7, 2: 9},
        images=len(sample_shape) > 1,
    )


def test_very_wide_rows(fast_params):
    rng = np.random.default_rng(0)
    y = two_classes()
    X = rng.standard_normal((len(y), 20_000)).astype(np.float32)

    check_fit_resample(
        DeepSMOTE(latent_dim=4, **fast_params), X, y, [], {1: 8}, images=False
    )


# --- divergence --------------------------------------------------------------


def divergence_data(kind):
    rng = np.random.default_rng(0)
    if kind == "rows":
        return rng.standard_normal((40, 4))
    if kind == "uint8 images":
        return rng.integers(0, 256, size=(40, 1, 8, 8), dtype=np.uint8)
    if kind == "binary images":
        return (rng.random((40, 12, 12)) < 0.15).astype(np.uint8) * 255
    return rng.uniform(size=(40, 3, 10, 9))  # RGB float images


@pytest.mark.parametrize(
    "kind, lr",
    [
        (kind, lr)
        for kind in ["rows", "uint8 images", "binary images", "rgb images"]
        for lr in [1e3, 1e6, 1e12]
    ]
    # On rows lr=10 makes the loss explode to ~1e25, yet stay finite.
    + [("rows", 10.0)],
)
def test_absurd_learning_rate_stops_with_clear_error(kind, lr):
    X = divergence_data(kind)
    y = np.repeat([0, 1], [30, 10])
    sampler = DeepSMOTE(lr=lr, latent_dim=4, max_epochs=3, batch_size=8, random_state=0)

    with pytest.raises(FloatingPointError, match=r"(?s)diverged.*lr="):
        X_res, _ = sampler.fit_resample(X, y)
        # Reached only when nothing was raised: say what came back.
        new = np.asarray(X_res[len(X) :]).reshape(len(X_res) - len(X), -1)
        pytest.fail(
            f"lr={lr} returned {len(np.unique(new, axis=0))} distinct synthetic "
            f"samples of {len(new)}, final training loss "
            f"{sampler.autoencoder_.history[-1, 'train_loss']:.3g}"
        )


# --- KeyboardInterrupt -------------------------------------------------------


class InterruptAfter(Callback):
    """Makes the loss raise KeyboardInterrupt, as Ctrl-C does, in a later batch.

    The interruption comes from the criterion, outside any callback hook:
    a KeyboardInterrupt raised by a callback ends training early instead.
    """

    def __init__(self, n_batches=2):
        self.n_batches = n_batches

    def on_train_begin(self, net, **kwargs):
        criterion, n_batches = net.criterion_, self.n_batches
        calls = []

        def interrupting(prediction, target):
            calls.append(None)
            if len(calls) > n_batches:
                raise KeyboardInterrupt
            return criterion(prediction, target)

        net.criterion_ = interrupting


def fitted_attributes(estimator):
    return sorted(
        name
        for name in vars(estimator)
        if name.endswith("_") and not name.startswith("__")
    )


@pytest.mark.parametrize("refit", [False, True], ids=["fresh", "refit"])
@pytest.mark.parametrize("sample_shape", [(4,), (8, 8)], ids=["rows", "images"])
def test_keyboard_interrupt_leaves_sampler_as_it_was(refit, sample_shape):
    rng = np.random.default_rng(0)
    y = np.repeat(["cat", "dog"], [30, 10])
    X = rng.integers(0, 256, size=(len(y), *sample_shape), dtype=np.uint8)
    X_before, y_before = snapshot(X), snapshot(y)
    sampler = DeepSMOTE(max_epochs=3, batch_size=8, latent_dim=2, random_state=0)
    if refit:
        sampler.fit_resample(X, y)
        codes = sampler.encode(X)
    before = {name: getattr(sampler, name) for name in fitted_attributes(sampler)}
    sampler.set_params(callbacks=[InterruptAfter(n_batches=2)])
    torch_state = torch.get_rng_state()

    with pytest.raises(KeyboardInterrupt):
        sampler.fit_resample(X, y)

    assert {name: getattr(sampler, name) for name in fitted_attributes(sampler)} == (
        before
    )
    if refit:
        np.testing.assert_array_equal(sampler.encode(X), codes)
    else:
        with pytest.raises(NotFittedError):
            check_is_fitted(sampler)
        with pytest.raises(NotFittedError):
            sampler.encode(X)
    np.testing.assert_array_equal(X, X_before)
    np.testing.assert_array_equal(y, y_before)
    assert torch.equal(torch.get_rng_state(), torch_state)
    # The sampler is usable again once the interruption is gone.
    sampler.set_params(callbacks=None)
    X_res, y_res = sampler.fit_resample(X, y)
    assert Counter(y_res.tolist()) == {"cat": 30, "dog": 30}


# --- memory --------------------------------------------------------------------

MEMORY_SCRIPT = textwrap.dedent(
    """
    import json, math, sys, time

    import numpy as np
    import torch
    from torch import nn

    from imblearn_deepsmote import DeepSMOTE

    torch.set_num_threads(1)


    class LinearAutoencoder(nn.Module):
        # Cheap to decode, so that the test measures the sampler, not convolutions.
        def __init__(self, input_shape, latent_dim):
            super().__init__()
            n_features = math.prod(input_shape)
            self.encoder = nn.Sequential(
                nn.Flatten(), nn.Linear(n_features, latent_dim)
            )
            self.decoder = nn.Sequential(
                nn.Linear(latent_dim, n_features),
                nn.Tanh(),
                nn.Unflatten(1, tuple(input_shape)),
            )

        def encode(self, x):
            return self.encoder(x)

        def decode(self, z):
            return self.decoder(z)


    def memory(field):
        # From /proc: getrusage's ru_maxrss would start at the resident memory
        # of the pytest process that spawned this one, as it survives execve.
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) * 1024


    n_new = int(sys.argv[1])
    rng = np.random.default_rng(0)
    X = rng.integers(0, 256, size=(40, 28, 28), dtype=np.uint8)
    y = np.repeat([0, 1], [20, 20])
    params = dict(
        module=LinearAutoencoder, latent_dim=64, max_epochs=1, batch_size=20,
        random_state=0,
    )
    # Warm up torch and numpy, so that their one-off allocations are not counted.
    DeepSMOTE(sampling_strategy={0: 1020}, **params).fit_resample(X, y)
    before = memory("VmRSS")
    start = time.perf_counter()
    X_res, y_res = DeepSMOTE(
        sampling_strategy={0: 20 + n_new}, **params
    ).fit_resample(X, y)
    seconds = time.perf_counter() - start
    peak = memory("VmHWM")
    print(json.dumps({
        "growth": peak - before,
        "output": X_res.nbytes + y_res.nbytes,
        "shape": list(X_res.shape),
        "dtype": str(X_res.dtype),
        "seconds": seconds,
    }))
    """
)


@pytest.mark.slow
@pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="reads /proc/self/status"
)
def test_memory_beyond_the_output_does_not_grow_with_the_samples_asked_for():
    # 50,000 and 250,000 new 28x28 uint8 images: 38 and 187 MiB of output.
    # The output array is allocated once and filled chunk by chunk (latent
    # sampling in chunks of 32,768 codes of 64 values, decoding in batches of
    # 8 MiB of float64), so the peak resident memory beyond the output is a
    # working set that stays the same: measured 40 to 44 MiB at 50k and 45 to
    # 49 MiB at 250k.
    # A second copy of the new samples (as stacking the originals onto them
    # made) would add 150 MiB more at 250k than at 50k; decoding all at once,
    # in float64, took 1.8 GiB at 100k. The bounds leave room for the memory
    # that malloc keeps after a free: with batches of 32 MiB that was up to
    # 60 MiB, which once took the working set from 140 to 203 MiB.
    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": str(root)}
    beyond_output = {}
    for n_new in (50_000, 250_000):
        result = subprocess.run(
            [sys.executable, "-c", MEMORY_SCRIPT, str(n_new)],
            capture_output=True,
            text=True,
            timeout=600,
            env=env,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        measured = json.loads(result.stdout.strip().splitlines()[-1])
        assert measured["shape"] == [40 + n_new, 28, 28]
        assert measured["dtype"] == "uint8"
        beyond_output[n_new] = (measured["growth"] - measured["output"]) / 2**20

    assert beyond_output[250_000] <= beyond_output[50_000] + 64, beyond_output
    assert max(beyond_output.values()) <= 128, beyond_output
