"""LockingMemory: a joblib.Memory whose cached calls compute once across workers."""

import copy
import pickle
import subprocess
import sys
import threading
import time
from pathlib import Path

import joblib
import numpy as np
import pytest
from sklearn.base import clone
from skorch.callbacks import Callback

from imblearn_deepsmote import DeepSMOTE
from imblearn_deepsmote._cache import LockingMemory, locking_memory

TESTS = Path(__file__).resolve().parent


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


class CountTrainings(Callback):
    count = 0

    def on_train_begin(self, net, X=None, y=None, **kwargs):
        type(self).count += 1


def test_deepsmote_trains_once_with_a_locking_memory(tabular_data, tmp_path):
    X, y = tabular_data
    CountTrainings.count = 0
    sampler = DeepSMOTE(
        max_epochs=1,
        random_state=0,
        memory=LockingMemory(str(tmp_path)),
        callbacks=[CountTrainings()],
    )
    copied = clone(sampler)
    assert isinstance(copied.memory, LockingMemory)
    restored = pickle.loads(pickle.dumps(copy.deepcopy(sampler)))
    assert restored.memory.location == sampler.memory.location

    first = sampler.fit_resample(X, y)
    second = restored.set_params(k_neighbors=2).fit_resample(X, y)
    assert CountTrainings.count == 1
    np.testing.assert_array_equal(first[0][: len(X)], second[0][: len(X)])
    np.testing.assert_array_equal(
        sampler.codec_.train_codes_, restored.codec_.train_codes_
    )  # the same autoencoder
