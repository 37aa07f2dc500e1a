"""memory=: the cache of trained autoencoders.

What it reuses across the fits of a grid search, what its key covers (the
data, the parameters, the code reached from ``module`` and ``callbacks`` and
the network they build), that unseeded fits never read it, what it refuses,
and its lock across workers.
"""

import copy
import functools
import importlib
import os
import pickle
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import joblib
import numpy as np
import pytest
import torch
from imblearn.pipeline import Pipeline
from sklearn.base import clone
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, StratifiedKFold
from skorch.callbacks import Callback, EpochScoring
from torch import nn

import imblearn_deepsmote
from imblearn_deepsmote import DeepSMOTE
from imblearn_deepsmote._cache import LockingMemory, locking_memory

TESTS = Path(__file__).resolve().parent


# --- one training per fold in a grid search --------------------------------


def grid_search(X, y, memory):
    pipeline = Pipeline(
        [
            (
                "sampler",
                DeepSMOTE(
                    max_epochs=2,
                    batch_size=16,
                    random_state=0,
                    memory=memory,
                ),
            ),
            ("clf", LogisticRegression()),
        ]
    )
    grid = GridSearchCV(
        pipeline,
        {
            "sampler__k_neighbors": [1, 3, 5],
            "sampler__sampling_strategy": ["auto", "all"],
        },
        cv=StratifiedKFold(3),
        scoring="balanced_accuracy",
    )
    return grid.fit(X, y)


def test_memory_trains_once_per_fold_and_gives_identical_results(
    tabular_data, tmp_path, count_trainings
):
    X, y = tabular_data
    uncached = grid_search(X, y, None)
    trainings_uncached = count_trainings.count
    count_trainings.count = 0
    cached = grid_search(X, y, str(tmp_path))

    # 6 candidates x 3 folds + the refit on all the data.
    assert trainings_uncached == 6 * 3 + 1
    assert count_trainings.count == 3 + 1
    np.testing.assert_array_equal(
        cached.cv_results_["mean_test_score"], uncached.cv_results_["mean_test_score"]
    )


def test_memory_accepts_a_joblib_memory(tabular_data, tmp_path, count_trainings):
    X, y = tabular_data
    memory = joblib.Memory(tmp_path, verbose=0)
    params = {"max_epochs": 1, "random_state": 0}
    first = DeepSMOTE(memory=memory, **params).fit_resample(X, y)
    second = DeepSMOTE(
        memory=memory, k_neighbors=2, residual=None, verbose=1, **params
    ).fit_resample(X, y)
    assert count_trainings.count == 1
    np.testing.assert_array_equal(first[0][: len(X)], second[0][: len(X)])


@pytest.mark.parametrize(
    "change",
    [
        {"max_epochs": 2},
        {"lr": 0.01},
        {"latent_dim": 3},
        {"penalty": "released"},
        {"penalty_weight": 0.5},
        {"batch_size": 8},
        {"random_state": 1},
    ],
)
def test_memory_is_not_reused_when_a_training_parameter_changes(
    tabular_data, tmp_path, count_trainings, change
):
    X, y = tabular_data
    params = {"max_epochs": 1, "random_state": 0, "memory": str(tmp_path)}
    DeepSMOTE(**params).fit_resample(X, y)
    DeepSMOTE(**{**params, **change}).fit_resample(X, y)
    assert count_trainings.count == 2


def test_memory_is_not_reused_when_the_training_data_change(
    tabular_data, tmp_path, count_trainings
):
    X, y = tabular_data
    sampler = DeepSMOTE(
        max_epochs=1,
        random_state=0,
        memory=str(tmp_path),
    )
    sampler.fit_resample(X, y)
    X_changed = X.copy()
    X_changed[0, 0] += 1e-3
    sampler.fit_resample(X_changed, y)
    assert count_trainings.count == 2


# --- unseeded fits ----------------------------------------------------------


def test_an_unseeded_fit_never_loads_a_cached_autoencoder(
    tabular_data, tmp_path, count_trainings
):
    X, y = tabular_data
    params = {"max_epochs": 1, "memory": str(tmp_path)}
    first = DeepSMOTE(**params).fit_resample(X, y)
    second = DeepSMOTE(**params).fit_resample(X, y)
    assert count_trainings.count == 2
    assert not np.array_equal(first[0][len(X) :], second[0][len(X) :])


def test_an_unseeded_fit_leaves_the_cache_to_seeded_fits(
    tabular_data, tmp_path, count_trainings
):
    X, y = tabular_data
    params = {"max_epochs": 1, "memory": str(tmp_path)}
    DeepSMOTE(**params).fit_resample(X, y)
    seeded = DeepSMOTE(random_state=0, **params).fit_resample(X, y)
    again = DeepSMOTE(random_state=0, **params).fit_resample(X, y)
    assert count_trainings.count == 2
    np.testing.assert_array_equal(seeded[0], again[0])


# --- the key: the library, the code reached, the network built -------------


def test_memory_key_changes_with_the_library_version(
    tmp_path, tabular_data, monkeypatch, count_trainings
):
    X, y = tabular_data
    params = {"max_epochs": 1, "random_state": 0, "memory": str(tmp_path)}
    DeepSMOTE(**params).fit_resample(X, y)
    DeepSMOTE(**params).fit_resample(X, y)
    assert count_trainings.count == 1
    monkeypatch.setattr(imblearn_deepsmote, "__version__", "99.0.0")
    DeepSMOTE(**params).fit_resample(X, y)
    assert count_trainings.count == 2


@pytest.fixture
def user_code(tmp_path, monkeypatch):
    """Writes a module of user code under tmp_path and imports it, anew each call.

    ``user_code("nets", source)`` returns the freshly imported module, as
    editing the file and re-running the script (or reloading it) gives.
    """
    folder = tmp_path / "code"
    folder.mkdir()
    monkeypatch.syspath_prepend(str(folder))
    written = []

    def load(name, source):
        (folder / f"{name}.py").write_text(textwrap.dedent(source))
        written.append(name)
        importlib.invalidate_caches()
        sys.modules.pop(name, None)
        return importlib.import_module(name)

    yield load
    for name in written:
        sys.modules.pop(name, None)


NET_SOURCE = """
    from torch import nn

    import settings

    WIDTH = {width}
    SCALE = {scale}


    class Net(nn.Module):
        def __init__(self, input_shape, latent_dim, hidden=WIDTH):
            super().__init__()
            n_features = input_shape[0]
            hidden = settings.HIDDEN or hidden
            self.enc = nn.Sequential(
                nn.Linear(n_features, hidden), nn.{activation}(),
                nn.Linear(hidden, latent_dim))
            self.dec = nn.Linear(latent_dim, n_features)

        def encode(self, x):
            return self.enc(x)

        def decode(self, z):
            return self.dec(z) * SCALE


    def make_net(input_shape, latent_dim):
        return Net(input_shape, latent_dim)
    """


def load_nets(user_code, width=64, scale=1.0, activation="ReLU", hidden=None):
    user_code("settings", f"HIDDEN = {hidden}\n")
    return user_code(
        "nets", NET_SOURCE.format(width=width, scale=scale, activation=activation)
    )


def memory_fit(X, y, tmp_path, **params):
    sampler = DeepSMOTE(
        max_epochs=1,
        batch_size=16,
        random_state=0,
        memory=str(tmp_path / "cache"),
        **params,
    )
    sampler.fit_resample(X, y)
    return sampler


def layer(sampler, index):
    return sampler.autoencoder_.module_.enc[index]


@pytest.mark.parametrize(
    "build",
    [
        lambda nets: nets.Net,
        lambda nets: functools.partial(nets.Net, hidden=16),
        lambda nets: nets.make_net,
    ],
    ids=["class", "partial", "factory"],
)
def test_memory_retrains_when_the_code_of_the_module_class_changes(
    tabular_data, tmp_path, user_code, build
):
    # The file is edited and imported again: the same names, other code.
    X, y = tabular_data
    first = memory_fit(X, y, tmp_path, module=build(load_nets(user_code)))
    changed = memory_fit(
        X, y, tmp_path, module=build(load_nets(user_code, activation="Tanh"))
    )
    assert isinstance(layer(first, 1), torch.nn.ReLU)
    assert isinstance(layer(changed, 1), torch.nn.Tanh)


@pytest.mark.parametrize(
    "change",
    [
        {"width": 32},  # a module-level value read by __init__
        {"hidden": 32},  # an attribute of another module read by __init__
        {"scale": 2.0},  # a module-level value read by decode
    ],
    ids=["module-level value", "other module's value", "value read by decode"],
)
def test_memory_retrains_when_a_value_the_module_reads_changes(
    tabular_data, tmp_path, user_code, count_trainings, change
):
    X, y = tabular_data
    memory_fit(X, y, tmp_path, module=load_nets(user_code).Net)
    changed = memory_fit(X, y, tmp_path, module=load_nets(user_code, **change).Net)
    assert count_trainings.count == 2
    assert layer(changed, 0).out_features == change.get(
        "width", change.get("hidden", 64)
    )


def test_memory_retrains_when_a_value_changes_in_the_running_session(
    tabular_data, tmp_path, user_code
):
    # As in a notebook: the same class, its module's value set anew.
    X, y = tabular_data
    nets = load_nets(user_code)
    assert layer(memory_fit(X, y, tmp_path, module=nets.Net), 0).out_features == 64
    nets.settings.HIDDEN = 32
    assert layer(memory_fit(X, y, tmp_path, module=nets.Net), 0).out_features == 32


class HiddenLayerNet(nn.Module):
    """One hidden layer, as wide as ``hidden_width()`` says when it is built."""

    def __init__(self, input_shape, latent_dim):
        super().__init__()
        hidden = self.hidden_width()
        self.enc = nn.Sequential(nn.Linear(input_shape[0], hidden), nn.ReLU())
        self.code = nn.Linear(hidden, latent_dim)
        self.dec = nn.Linear(latent_dim, input_shape[0])

    def encode(self, x):
        return self.code(self.enc(x))

    def decode(self, z):
        return self.dec(z)


class WidthFromEnvironment(HiddenLayerNet):
    """Reads its width where no code can be followed to: the environment."""

    @staticmethod
    def hidden_width():
        return int(os.environ["DEEPSMOTE_TEST_WIDTH"])


def test_memory_retrains_when_the_same_code_builds_another_network(
    tabular_data, tmp_path, monkeypatch
):
    X, y = tabular_data
    for width in (64, 32):
        monkeypatch.setenv("DEEPSMOTE_TEST_WIDTH", str(width))
        sampler = memory_fit(X, y, tmp_path, module=WidthFromEnvironment)
        assert layer(sampler, 0).out_features == width


CALLBACK_SOURCE = """
    from skorch.callbacks import Callback, EpochScoring


    class SlowStart(Callback):
        def on_train_begin(self, net, **kwargs):
            net.set_params(lr={lr})
    """


def test_memory_retrains_when_the_code_of_a_named_callback_changes(
    tabular_data, tmp_path, user_code, count_trainings
):
    X, y = tabular_data
    for lr in (0.002, 0.001):
        callbacks = user_code("callbacks", CALLBACK_SOURCE.format(lr=lr))
        memory_fit(X, y, tmp_path, callbacks=[("slow", callbacks.SlowStart())])
    assert count_trainings.count == 2


SCORING_SOURCE = """
    def constant_score(net, X=None, y=None):
        return {score}
    """


def test_memory_retrains_when_a_function_that_a_callback_holds_changes(
    tabular_data, tmp_path, user_code, count_trainings
):
    X, y = tabular_data
    for score in (1.0, 2.0, 2.0):
        scoring = user_code("scoring", SCORING_SOURCE.format(score=score))
        callback = EpochScoring(scoring.constant_score, on_train=True)
        sampler = memory_fit(X, y, tmp_path, callbacks=[("score", callback)])
        assert sampler.autoencoder_.history[-1, "constant_score"] == score
    assert count_trainings.count == 2


def test_memory_still_reuses_a_partial_a_factory_and_named_callbacks_unchanged(
    tabular_data, tmp_path, user_code, count_trainings
):
    X, y = tabular_data
    nets = load_nets(user_code)
    callbacks = user_code("callbacks", CALLBACK_SOURCE.format(lr=0.001))
    for module in (functools.partial(nets.Net, hidden=16), nets.make_net):
        for _ in range(2):
            memory_fit(
                X,
                y,
                tmp_path,
                module=module,
                callbacks=[("slow", callbacks.SlowStart())],
            )
    assert count_trainings.count == 2


class MeasuredNet(HiddenLayerNet):
    """Measures its hidden width on a tensor: it cannot be built on torch's meta
    device, where the cache key builds a module first."""

    @staticmethod
    def hidden_width():
        return int(torch.ones(8).sum().item())


def test_memory_keys_a_module_built_from_tensors_and_changes_no_result(
    tabular_data, tmp_path, count_trainings
):
    X, y = tabular_data
    params = {"module": MeasuredNet, "max_epochs": 1, "random_state": 0}
    expected, _ = DeepSMOTE(**params).fit_resample(X, y)
    torch.manual_seed(3)
    generator = torch.get_rng_state()
    for _ in range(2):
        X_res, _ = DeepSMOTE(memory=str(tmp_path), **params).fit_resample(X, y)
        np.testing.assert_array_equal(X_res, expected)
    assert count_trainings.count == 2
    assert torch.equal(torch.get_rng_state(), generator)


# --- what the cache cannot key -----------------------------------------------


def test_memory_refuses_a_local_callback_class_before_training(tmp_path, tabular_data):
    class Local(Callback):
        def on_train_begin(self, net, **kwargs):
            raise AssertionError("trained")

    X, y = tabular_data
    for callbacks in ([Local()], [("local", Local())]):
        sampler = DeepSMOTE(
            max_epochs=1, random_state=0, memory=str(tmp_path), callbacks=callbacks
        )
        with pytest.raises(ValueError, match="callback class .*Local .*cannot be pick"):
            sampler.fit_resample(X, y)


def test_memory_refuses_a_local_factory_before_training(
    tmp_path, tabular_data, count_trainings
):
    def make_net(input_shape, latent_dim):
        return imblearn_deepsmote.MLPAutoencoder(input_shape, latent_dim)

    X, y = tabular_data
    for module in (make_net, functools.partial(make_net)):
        sampler = DeepSMOTE(
            max_epochs=1, random_state=0, memory=str(tmp_path), module=module
        )
        with pytest.raises(ValueError, match="module function .*make_net .*cannot be"):
            sampler.fit_resample(X, y)
    assert count_trainings.count == 0


GRID_SCRIPT = """
import numpy as np
from imblearn.pipeline import Pipeline
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV
from torch import nn

from imblearn_deepsmote import DeepSMOTE


class Net(nn.Module):
    def __init__(self, input_shape, latent_dim):
        super().__init__()
        self.enc = nn.Linear(input_shape[0], latent_dim)
        self.dec = nn.Linear(latent_dim, input_shape[0])

    def encode(self, x):
        return self.enc(x)

    def decode(self, z):
        return self.dec(z)


if __name__ == "__main__":
    rng = np.random.RandomState(0)
    y = np.repeat([0, 1], [40, 12])
    X = rng.normal(size=(len(y), 4)) + y[:, None]
    sampler = DeepSMOTE(module=Net, max_epochs=1, random_state=0, memory={cache!r})
    grid = GridSearchCV(
        Pipeline([("s", sampler), ("c", LogisticRegression())]),
        {{"s__k_neighbors": [2, 3]}},
        cv=2,
        n_jobs=2,
        error_score="raise",
    )
    grid.fit(X, y)
"""


@pytest.mark.slow
def test_memory_in_a_loky_grid_search_names_a_main_module_class_and_the_fix(
    tmp_path,
):
    script = tmp_path / "grid.py"
    script.write_text(GRID_SCRIPT.format(cache=str(tmp_path / "cache")))
    result = subprocess.run(
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
    )
    assert result.returncode != 0
    assert "module class Net (module '__main__')" in result.stderr
    assert "Define the class at the top level of a module" in result.stderr


# --- the lock: one training per entry across workers -------------------------


def logged_square(x, log, verbose=0):
    """x squared, after a pause; appends x to the file ``log``."""
    time.sleep(0.2)
    with open(log, "a") as file:
        file.write(f"{x}\n")
    return x * x


def logged_cube(x, log):
    """x cubed; appends x to the file ``log``. Cached by one test only."""
    with open(log, "a") as file:
        file.write(f"{x}\n")
    return x**3


def logged_calls(log):
    return Path(log).read_text().split() if Path(log).exists() else []


def test_locking_memory_takes_what_deepsmote_memory_takes(tmp_path):
    assert locking_memory(None).location is None
    for memory in (str(tmp_path), tmp_path, joblib.Memory(tmp_path, verbose=0)):
        assert isinstance(locking_memory(memory), LockingMemory)
    already = LockingMemory(str(tmp_path))
    assert locking_memory(already) is already
    with pytest.raises(ValueError, match="cache directory"):
        LockingMemory(None)


def test_concurrent_calls_with_the_same_arguments_compute_once(tmp_path):
    log = str(tmp_path / "calls.txt")
    cached = LockingMemory(str(tmp_path / "cache")).cache(logged_square)
    start = threading.Barrier(2)
    results = []

    def call():
        start.wait()
        results.append(cached(3, log))

    threads = [threading.Thread(target=call) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert results == [9, 9]
    assert logged_calls(log) == ["3"]


def test_calls_with_other_arguments_do_not_wait_for_each_other(tmp_path):
    both_computing = threading.Barrier(2, timeout=10)

    def meet(x):
        both_computing.wait()  # broken after 10 s if the calls were serialised
        return x

    cached = LockingMemory(str(tmp_path)).cache(meet)
    results = []
    threads = [
        threading.Thread(target=lambda x=x: results.append(cached(x))) for x in (1, 2)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [1, 2]


def test_ignored_arguments_share_the_entry_and_the_lock(tmp_path):
    log = str(tmp_path / "calls.txt")
    cached = LockingMemory(str(tmp_path / "cache")).cache(
        logged_square, ignore=["verbose"]
    )
    assert cached.lock_path(2, log, verbose=0) == cached.lock_path(2, log, verbose=1)
    assert cached.lock_path(2, log) != cached.lock_path(3, log)
    assert cached(2, log, verbose=0) == cached(2, log, verbose=1) == 4
    assert logged_calls(log) == ["2"]


@pytest.mark.slow
def test_an_entry_stored_by_another_process_is_loaded(tmp_path):
    # The other process has used the function with another cache first, so
    # joblib there writes the entry without func_code.py; this process has
    # never used the function (logged_cube is cached by this test only), and
    # plain joblib.Memory would compute again.
    log = str(tmp_path / "calls.txt")
    script = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "from test_memory import logged_cube;"
        "from imblearn_deepsmote._cache import LockingMemory;"
        "LockingMemory(sys.argv[2]).cache(logged_cube)(5, sys.argv[4]);"
        "LockingMemory(sys.argv[3]).cache(logged_cube)(5, sys.argv[4])"
    )
    first, shared = str(tmp_path / "first"), str(tmp_path / "shared")
    subprocess.run(
        [sys.executable, "-c", script, str(TESTS), first, shared, log], check=True
    )
    assert logged_calls(log) == ["5", "5"]

    assert LockingMemory(shared).cache(logged_cube)(5, log) == 125
    assert logged_calls(log) == ["5", "5"]


def test_deepsmote_trains_once_with_a_locking_memory(
    tabular_data, tmp_path, count_trainings
):
    X, y = tabular_data
    sampler = DeepSMOTE(
        max_epochs=1, random_state=0, memory=LockingMemory(str(tmp_path))
    )
    copied = clone(sampler)
    assert isinstance(copied.memory, LockingMemory)
    restored = pickle.loads(pickle.dumps(copy.deepcopy(sampler)))
    assert restored.memory.location == sampler.memory.location

    first = sampler.fit_resample(X, y)
    second = restored.set_params(k_neighbors=2).fit_resample(X, y)
    assert count_trainings.count == 1
    np.testing.assert_array_equal(first[0][: len(X)], second[0][: len(X)])
    np.testing.assert_array_equal(
        sampler.codec_.train_codes_, restored.codec_.train_codes_
    )  # the same autoencoder
