"""Readers for the IDX files of (Fashion-)MNIST and CIFAR-10 pickle batches.

Both readers check what they read and raise ``ValueError`` with the file's
path on anything that is not a well-formed file of the expected kind, so a
truncated download or a wrong file never turns into silently wrong arrays.
"""

import codecs
import gzip
import math
import os
import pickle
import struct
import zlib

import numpy as np

_GZIP_MAGIC = b"\x1f\x8b"
_IDX_UBYTE = 0x08


def _is_gzip(path):
    with open(path, "rb") as fh:
        return fh.read(2) == _GZIP_MAGIC


def _read_exactly(fh, n_bytes):
    """Read ``n_bytes`` into a new writable uint8 array; None if short."""
    out = np.empty(n_bytes, dtype=np.uint8)
    view = memoryview(out)
    filled = 0
    while filled < n_bytes:
        got = fh.readinto(view[filled:])
        if not got:
            return None, filled
        filled += got
    return out, filled


def read_idx_ubyte(path, ndim):
    """Read an IDX file of unsigned bytes with ``ndim`` dimensions.

    The file may be gzip-compressed or raw; gzip is recognised by its magic
    bytes, not by the file name. The magic number must be ``0x000008XX``
    with ``XX == ndim``, and the data must hold exactly the number of bytes
    the header declares.

    Parameters
    ----------
    path : str or path-like
        The IDX file.

    ndim : int
        Expected number of dimensions: 3 for images, 1 for labels.

    Returns
    -------
    array : ndarray of dtype uint8
        Writable array with the shape the header declares.
    """
    path = os.fspath(path)
    expected_magic = (_IDX_UBYTE << 8) | ndim
    compressed = _is_gzip(path)
    try:
        with gzip.open(path, "rb") if compressed else open(path, "rb") as fh:
            header = fh.read(4)
            if len(header) < 4:
                raise ValueError(
                    f"{path} is not an IDX file: it holds {len(header)} bytes, "
                    "less than the 4-byte magic number."
                )
            (magic,) = struct.unpack(">I", header)
            if magic != expected_magic:
                raise ValueError(
                    f"{path} is not the expected IDX file: its magic number is "
                    f"0x{magic:08X}, expected 0x{expected_magic:08X} (unsigned "
                    f"bytes, {ndim} dimension{'s' if ndim > 1 else ''}). The "
                    "file may be corrupt, of another kind, or mixed up with "
                    "another file of the set."
                )
            dims_bytes = fh.read(4 * ndim)
            if len(dims_bytes) < 4 * ndim:
                raise ValueError(
                    f"{path} is truncated: its header ends before the "
                    f"{ndim} dimension sizes."
                )
            shape = struct.unpack(f">{ndim}I", dims_bytes)
            n_bytes = math.prod(shape)
            header_size = 4 + 4 * ndim
            if compressed:
                # Deflate expands at most about 1032-fold: a header declaring
                # more is corrupt, and must not make us allocate that much.
                limit = 1032 * os.stat(path).st_size + 1024
                if n_bytes > limit:
                    raise ValueError(
                        f"{path} is corrupt: its header declares shape {shape} "
                        f"({n_bytes} bytes of data), more than the gzip file "
                        "can hold."
                    )
            else:
                size = os.stat(path).st_size
                if size != header_size + n_bytes:
                    raise ValueError(
                        f"{path} is truncated or corrupt: its header declares "
                        f"shape {shape} ({n_bytes} bytes of data) but the file "
                        f"holds {size - header_size} bytes of data."
                    )
            data, filled = _read_exactly(fh, n_bytes)
            if data is None:
                raise ValueError(
                    f"{path} is truncated: its header declares shape {shape} "
                    f"({n_bytes} bytes of data) but only {filled} bytes follow."
                )
            if fh.read(1):
                raise ValueError(
                    f"{path} is corrupt: its header declares shape {shape} "
                    f"({n_bytes} bytes of data) but more bytes follow them."
                )
    except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
        raise ValueError(f"{path} is a corrupt or truncated gzip file: {exc}") from exc
    return data.reshape(shape)


def _numpy_unpickling_globals():
    """The only globals a CIFAR-10 batch may name, mapped to their objects.

    Taken from live objects rather than module paths, so that the same names
    resolve under NumPy 1 (``numpy.core``) and NumPy 2 (``numpy._core``), and
    Python 2 pickles (the files as distributed) load without deprecation
    warnings.
    """
    reconstruct = np.empty(0).__reduce__()[0]
    frombuffer = np.empty(0).__reduce_ex__(5)[0]
    scalar = np.int64(0).__reduce__()[0]
    allowed = {
        ("numpy", "ndarray"): np.ndarray,
        ("numpy", "dtype"): np.dtype,
        ("_codecs", "encode"): codecs.encode,
    }
    for core in ("numpy.core", "numpy._core"):
        allowed[(f"{core}.multiarray", "_reconstruct")] = reconstruct
        allowed[(f"{core}.multiarray", "scalar")] = scalar
        allowed[(f"{core}.numeric", "_frombuffer")] = frombuffer
    return allowed


class _ArrayOnlyUnpickler(pickle.Unpickler):
    """Unpickler that builds dicts, lists, strings and NumPy arrays only.

    A pickle can run arbitrary code when loaded; a CIFAR-10 batch needs
    nothing but NumPy's array reconstruction, so every other global is
    refused.
    """

    _allowed = None

    def find_class(self, module, name):
        if _ArrayOnlyUnpickler._allowed is None:
            _ArrayOnlyUnpickler._allowed = _numpy_unpickling_globals()
        try:
            return self._allowed[(module, name)]
        except KeyError:
            raise pickle.UnpicklingError(
                f"refusing to load the global {module}.{name}: a CIFAR-10 "
                "batch holds only NumPy arrays, lists and strings"
            ) from None


def _get(batch, key):
    for candidate in (key.encode(), key):
        if candidate in batch:
            return batch[candidate]
    raise KeyError(key)


def read_cifar_batch(path, n_classes=10):
    """Read one CIFAR python pickle batch.

    Parameters
    ----------
    path : str or path-like
        The batch file, e.g. ``data_batch_1`` or ``test_batch``: a pickled
        dict with ``b"data"`` (uint8, shape (n, 3072), rows of 1024 red, 1024
        green, then 1024 blue values) and ``b"labels"`` (n ints). Keys may
        also be str.

    n_classes : int, default=10
        Labels must lie in ``[0, n_classes)``.

    Returns
    -------
    images : ndarray of shape (n, 3, 32, 32), dtype uint8

    labels : ndarray of shape (n,), dtype int64
    """
    path = os.fspath(path)
    try:
        with open(path, "rb") as fh:
            batch = _ArrayOnlyUnpickler(fh, encoding="bytes").load()
    except (pickle.UnpicklingError, EOFError, ValueError, TypeError) as exc:
        raise ValueError(
            f"{path} is not a readable CIFAR-10 python batch: {exc}"
        ) from exc
    if not isinstance(batch, dict):
        raise ValueError(
            f"{path} is not a CIFAR-10 python batch: it holds a "
            f"{type(batch).__name__}, not a dict."
        )
    try:
        data = _get(batch, "data")
        labels = _get(batch, "labels")
    except KeyError as exc:
        raise ValueError(
            f"{path} is not a CIFAR-10 python batch: it has no {exc} entry."
        ) from None
    data = np.asarray(data)
    if data.dtype != np.uint8 or data.ndim != 2 or data.shape[1] != 3 * 32 * 32:
        raise ValueError(
            f"{path} is not a CIFAR-10 python batch: its data has shape "
            f"{data.shape} and dtype {data.dtype}, expected (n, 3072) uint8."
        )
    labels = np.asarray(labels)
    if labels.shape != (data.shape[0],) or not np.issubdtype(labels.dtype, np.integer):
        raise ValueError(
            f"{path} is not a CIFAR-10 python batch: it has {data.shape[0]} "
            f"images but labels of shape {labels.shape} and dtype "
            f"{labels.dtype}."
        )
    labels = labels.astype(np.int64)
    if labels.size and (labels.min() < 0 or labels.max() >= n_classes):
        raise ValueError(
            f"{path} has labels outside 0..{n_classes - 1} "
            f"(from {labels.min()} to {labels.max()})."
        )
    return data.reshape(-1, 3, 32, 32), labels
