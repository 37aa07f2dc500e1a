"""Grid searches on a Dask and a Ray cluster, and a cache shared by their workers.

The clusters run on this machine: Dask's LocalCluster with two worker
processes of one thread each, and Ray with two CPUs. Each test module's
trainings are tiny (200 rows, 3 epochs); the clusters start once per module.
The tests skip where the ``distributed`` extra (dask[distributed], ray) is
not installed.
"""

import logging
import os
import time
from pathlib import Path

import joblib
import numpy as np
import pytest
import torch
from imblearn.pipeline import Pipeline
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, StratifiedKFold
from skorch.callbacks import Callback

from imblearn_deepsmote import DeepSMOTE
from imblearn_deepsmote._cache import LockingMemory

pytestmark = pytest.mark.slow
TESTS = Path(__file__).resolve().parent
SAMPLER = {"max_epochs": 3, "batch_size": 32, "random_state": 0}
N_FOLDS = 3
# Grids over parameters that change generation only, not training.
K_GRID = {"sampler__k_neighbors": [3, 5]}
GENERATION_GRID = {
    "sampler__k_neighbors": [1, 3, 5],
    "sampler__sampling_strategy": ["auto", "all"],
}


class LogTrainings(Callback):
    """Appends a line per training: process id, torch threads, training rows.

    Each line is one ``write`` to a file opened with O_APPEND, so processes
    that log to the same file do not mix their lines.
    """

    def __init__(self, path):
        self.path = path

    def on_train_begin(self, net, X=None, y=None, **kwargs):
        line = f"{os.getpid()} {torch.get_num_threads()} {len(X)}\n"
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
        try:
            os.write(fd, line.encode())
        finally:
            os.close(fd)


def read_log(path):
    """(pid, torch threads, training rows) of each logged training."""
    if not Path(path).exists():
        return []
    return [
        tuple(map(int, line.split()))
        for line in Path(path).read_text().split("\n")
        if line
    ]


def cache_entries(folder):
    """Outputs of fit_codec that joblib.Memory stored under ``folder``."""
    return sorted(Path(folder).glob("**/fit_codec/*/output.pkl"))


def make_search(param_grid, log, memory=None):
    pipeline = Pipeline(
        [
            (
                "sampler",
                DeepSMOTE(memory=memory, callbacks=[LogTrainings(str(log))], **SAMPLER),
            ),
            ("clf", LogisticRegression()),
        ]
    )
    return GridSearchCV(
        pipeline,
        param_grid,
        scoring="balanced_accuracy",
        cv=StratifiedKFold(N_FOLDS),
        error_score="raise",
    )


def assert_same_scores(expected, actual):
    keys = [f"split{i}_test_score" for i in range(N_FOLDS)]
    keys += ["mean_test_score", "rank_test_score"]
    for key in keys:
        np.testing.assert_array_equal(
            actual.cv_results_[key], expected.cv_results_[key]
        )
    assert actual.best_params_ == expected.best_params_


@pytest.fixture(scope="module")
def data():
    return make_classification(
        n_samples=200,
        n_features=6,
        n_informative=4,
        weights=[0.8, 0.2],
        random_state=0,
    )


def k_grid_on(backend, data, folder):
    """The K_GRID search run under a joblib backend, and the trainings it logged."""
    log = folder / "trainings.txt"
    with joblib.parallel_backend(backend):
        search = make_search(K_GRID, log).fit(*data)
    return search, read_log(log)


@pytest.fixture(scope="module")
def serial_k_grid(data, tmp_path_factory):
    log = tmp_path_factory.mktemp("serial") / "trainings.txt"
    search = make_search(K_GRID, log).set_params(n_jobs=1).fit(*data)
    # 2 candidates x 3 folds and the refit, all in this process.
    assert [pid for pid, _, _ in read_log(log)] == [os.getpid()] * 7
    return search


@pytest.fixture(scope="module")
def serial_generation_grid(data, tmp_path_factory):
    log = tmp_path_factory.mktemp("serial") / "trainings.txt"
    search = make_search(GENERATION_GRID, log).set_params(n_jobs=1).fit(*data)
    assert len(read_log(log)) == 6 * N_FOLDS + 1  # nothing cached
    return search


# -- Dask ------------------------------------------------------------------


@pytest.fixture(scope="module")
def dask_client():
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        silence_logs=logging.ERROR,
    )
    client = distributed.Client(cluster)
    yield client
    client.close()
    cluster.close()


def worker_shares(client):
    """Process id of each Dask worker -> its number of threads."""
    pids = client.run(os.getpid)
    workers = client.scheduler_info(n_workers=-1)["workers"]
    return {pid: workers[address]["nthreads"] for address, pid in pids.items()}


@pytest.fixture(scope="module")
def dask_k_grid(dask_client, data, tmp_path_factory):
    return k_grid_on("dask", data, tmp_path_factory.mktemp("dask"))


def test_dask_grid_search_gives_the_scores_of_n_jobs_1(dask_k_grid, serial_k_grid):
    search, _ = dask_k_grid
    assert_same_scores(serial_k_grid, search)


def test_dask_grid_search_trains_in_the_workers_within_their_thread_share(
    dask_client, dask_k_grid
):
    _, trainings = dask_k_grid
    shares = worker_shares(dask_client)
    assert sorted(shares.values()) == [1, 1]
    in_workers = [(pid, threads) for pid, threads, _ in trainings if pid in shares]
    # The 6 fits of the cross-validation ran on the cluster; the refit runs
    # here, in the process that called fit.
    assert len(in_workers) == 2 * N_FOLDS
    assert len(trainings) == 2 * N_FOLDS + 1
    for pid, threads in in_workers:
        assert threads <= shares[pid]
    # And at rest: torch in each worker starts within its share.
    for address, threads in dask_client.run(torch.get_num_threads).items():
        assert (
            threads
            <= dask_client.scheduler_info(n_workers=-1)["workers"][address]["nthreads"]
        )


def test_shared_cache_on_dask_trains_one_autoencoder_per_fold(
    dask_client, data, serial_generation_grid, tmp_path
):
    # LockingMemory: a worker that misses an entry that another worker is
    # computing waits for it instead of training the same network again.
    log, cache = tmp_path / "trainings.txt", tmp_path / "cache"
    with joblib.parallel_backend("dask"):
        search = make_search(GENERATION_GRID, log, LockingMemory(str(cache)))
        search.fit(*data)

    trainings = read_log(log)
    shares = worker_shares(dask_client)
    # One training per fold, in the workers, for 6 candidates; one refit here.
    assert sorted(rows for pid, _, rows in trainings if pid in shares) == [
        133,
        133,
        134,
    ]
    assert [pid for pid, _, _ in trainings if pid not in shares] == [os.getpid()]
    assert len(cache_entries(cache)) == N_FOLDS + 1
    assert_same_scores(serial_generation_grid, search)


def test_directory_cache_on_dask_keys_one_entry_per_fold(
    dask_client, data, serial_generation_grid, tmp_path
):
    # A plain directory, as users pass it: DeepSMOTE locks it as
    # LockingMemory does, so that no fold trains twice.
    log, cache = tmp_path / "trainings.txt", tmp_path / "cache"
    with joblib.parallel_backend("dask"):
        search = make_search(GENERATION_GRID, log, str(cache)).fit(*data)

    assert len(read_log(log)) == N_FOLDS + 1
    assert len(cache_entries(cache)) == N_FOLDS + 1
    assert_same_scores(serial_generation_grid, search)


def fit_together(X, y, memory, log, barrier, name):
    """Fit DeepSMOTE once the other caller is also ready, and return the result."""
    Path(barrier, name).touch()
    deadline = time.monotonic() + 60
    while len(os.listdir(barrier)) < 2:
        if time.monotonic() > deadline:
            raise TimeoutError("the other worker never arrived")
        time.sleep(0.005)
    sampler = DeepSMOTE(memory=memory, callbacks=[LogTrainings(log)], **SAMPLER)
    return sampler.fit_resample(X, y)


@pytest.mark.parametrize("locking", [False, True], ids=["directory", "locking"])
def test_workers_fitting_the_same_entry_at_once_share_it(
    dask_client, data, tmp_path, locking
):
    X, y = data
    log, cache, barrier = tmp_path / "trainings.txt", tmp_path / "cache", tmp_path / "b"
    barrier.mkdir()
    memory = LockingMemory(str(cache)) if locking else str(cache)
    futures = [
        dask_client.submit(
            fit_together,
            X,
            y,
            memory,
            str(log),
            str(barrier),
            f"worker{index}",
            workers=[address],
            allow_other_workers=False,
            pure=False,
        )
        for index, address in enumerate(
            dask_client.scheduler_info(n_workers=-1)["workers"]
        )
    ]
    (X_a, y_a), (X_b, y_b) = dask_client.gather(futures)

    np.testing.assert_array_equal(X_a, X_b)
    np.testing.assert_array_equal(y_a, y_b)
    trainings = read_log(log)
    assert len({pid for pid, _, _ in trainings}) == len(trainings)
    assert len(trainings) == 1  # the other worker loaded it
    assert len(cache_entries(cache)) == 1

    # A later fit loads the entry, intact, instead of training, also in a
    # process that has not used fit_codec yet (see imblearn_deepsmote._cache).
    X_later, y_later = fit_together(X, y, memory, str(log), str(barrier), "later")
    assert read_log(log) == trainings
    np.testing.assert_array_equal(X_later, X_a)
    np.testing.assert_array_equal(y_later, y_a)


# -- Ray -------------------------------------------------------------------


@pytest.fixture(scope="module")
def ray_backend():
    ray = pytest.importorskip("ray")
    ray_joblib = pytest.importorskip("ray.util.joblib")
    # Ray's workers import this module to unpickle LogTrainings.
    paths = [str(TESTS), str(TESTS.parent), os.environ.get("PYTHONPATH", "")]
    ray.init(
        num_cpus=2,
        include_dashboard=False,
        object_store_memory=100 * 2**20,
        runtime_env={"env_vars": {"PYTHONPATH": os.pathsep.join(filter(None, paths))}},
        log_to_driver=False,
    )
    ray_joblib.register_ray()
    yield ray
    ray.shutdown()


@pytest.fixture(scope="module")
def ray_k_grid(ray_backend, data, tmp_path_factory):
    return k_grid_on("ray", data, tmp_path_factory.mktemp("ray"))


def test_ray_grid_search_gives_the_scores_of_n_jobs_1(ray_k_grid, serial_k_grid):
    search, _ = ray_k_grid
    assert_same_scores(serial_k_grid, search)


def test_ray_grid_search_trains_in_ray_workers_within_their_thread_share(
    ray_k_grid,
):
    _, trainings = ray_k_grid
    in_workers = [threads for pid, threads, _ in trainings if pid != os.getpid()]
    assert len(in_workers) == 2 * N_FOLDS
    # Each of Ray's joblib tasks holds one of its CPUs.
    assert max(in_workers) <= 1
