"""A joblib.Memory that computes each cached call once across processes.

joblib.Memory looks an entry up, computes it when it is missing and writes
it; its writes are atomic (a temporary file renamed into place), so
processes that share a cache directory never corrupt an entry, but two of
them that miss the same entry at the same time both compute it. For
DeepSMOTE that means two workers of a grid search training the same
autoencoder on the same fold side by side. :class:`LockingMemory` holds an
exclusive file lock, one per call (the function and its arguments), around
the look-up and the computation: the second worker waits for the first and
then loads its result.

Under the lock it also works around a joblib behaviour seen with joblib
1.6: a process that has already used the function with another cache
stores its entries without the ``func_code.py`` that joblib compares, and a
process that has never used the function takes the missing file for a new
function and computes again, even though the entry is there.

The lock is ``flock`` on a file under the cache directory, so it works for
the processes and threads of one machine, and across machines on a file
system that supports ``flock`` (NFS on Linux does, through byte-range
locks, which do not lock the threads of one process against each other).
The kernel releases it when its process dies. Where ``fcntl`` is missing
(Windows), calls are not locked: concurrent misses compute twice, as with
plain joblib.Memory.
"""

import hashlib
import inspect
import marshal
import os
import pickle
from pathlib import Path

import joblib
from sklearn.utils.validation import check_memory

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None

LOCK_FOLDER = "deepsmote-locks"


def locking_memory(memory):
    """``check_memory(memory)``, with its cached calls locked across processes.

    Parameters
    ----------
    memory : None, str, path or object with the joblib.Memory interface
        As the ``memory`` parameter of DeepSMOTE.

    Returns
    -------
    memory : object with the joblib.Memory interface
        A :class:`LockingMemory` for a cache on the local file system;
        otherwise what :func:`~sklearn.utils.validation.check_memory` returns
        (None caches nothing, and needs no lock).
    """
    if isinstance(memory, LockingMemory):
        return memory
    if isinstance(memory, os.PathLike):
        memory = os.fspath(memory)
    memory = check_memory(memory)
    if _lock_folder(memory) is None or fcntl is None:
        return memory
    return LockingMemory(memory)


def _lock_folder(memory):
    """Folder of the lock files of a local joblib.Memory, or None."""
    if not isinstance(memory, joblib.Memory) or memory.backend != "local":
        return None
    location = getattr(memory.store_backend, "location", None)
    return None if location is None else Path(location) / LOCK_FOLDER


class LockingMemory:
    """A joblib.Memory whose cached calls hold a lock while computing.

    Parameters
    ----------
    memory : str, path or joblib.Memory
        The cache: a directory, or a joblib.Memory with a local location.

    Examples
    --------
    >>> import tempfile
    >>> from imblearn_deepsmote._cache import LockingMemory
    >>> def square(x):
    ...     return x * x
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     cached = LockingMemory(folder).cache(square)
    ...     print(cached(3), cached(3))
    9 9
    """

    def __init__(self, memory):
        if isinstance(memory, os.PathLike):
            memory = os.fspath(memory)
        self.memory = check_memory(memory)
        if _lock_folder(self.memory) is None:
            raise ValueError(
                "LockingMemory needs a cache directory or a joblib.Memory on the "
                f"local file system; got {memory!r}."
            )

    def cache(self, func=None, ignore=None, **kwargs):
        """``memory.cache(func, ...)``, each call locked while it computes.

        Takes the arguments of :meth:`joblib.Memory.cache`.
        """
        if func is None:
            return lambda func: self.cache(func, ignore=ignore, **kwargs)
        memorized = self.memory.cache(func, ignore=ignore, **kwargs)
        return LockedCall(memorized, func, ignore, _lock_folder(self.memory))

    def __getattr__(self, name):
        # clear, reduce_size, location, ... come from the joblib.Memory.
        if name == "memory":
            raise AttributeError(name)
        return getattr(self.memory, name)

    def __repr__(self):
        return f"LockingMemory({self.memory!r})"


class LockedCall:
    """A function cached by joblib.Memory, called under a per-call file lock.

    Parameters
    ----------
    memorized : callable
        The function as ``joblib.Memory.cache`` returned it.

    func : callable
        The function itself, whose arguments name the lock.

    ignore : list of str or None
        Arguments that do not belong to the cache key, as given to
        ``joblib.Memory.cache``.

    lock_folder : path
        Where the lock files are created.
    """

    def __init__(self, memorized, func, ignore, lock_folder):
        self.memorized = memorized
        self.func = func
        self.ignore = list(ignore or [])
        self.lock_folder = Path(lock_folder)

    def lock_path(self, *args, **kwargs):
        """The lock file of one call: named by the function and its key."""
        bound = inspect.signature(self.func).bind(*args, **kwargs)
        bound.apply_defaults()
        key_arguments = {
            name: value
            for name, value in bound.arguments.items()
            if name not in self.ignore
        }
        name = f"{self.func.__module__}.{self.func.__qualname__}"
        key = joblib.hash((name, key_arguments))
        return self.lock_folder / f"{self.func.__qualname__}-{key}.lock"

    def __call__(self, *args, **kwargs):
        if fcntl is None:
            return self.memorized(*args, **kwargs)
        path = self.lock_path(*args, **kwargs)
        path.parent.mkdir(parents=True, exist_ok=True)
        # The lock files stay: removing one that another process is about to
        # lock would let a third process take a new lock beside it.
        with open(path, "a") as lock_file:
            fcntl.flock(lock_file.fileno(), fcntl.LOCK_EX)
            try:
                # A process that has run the function before, with another
                # cache, stores its output here without the func_code.py that
                # joblib compares; a process that has not takes the missing
                # file for a new function and computes again. The check
                # writes that file (joblib 1.3+), so that the call that
                # follows loads the entry.
                self.memorized.check_call_in_cache(*args, **kwargs)
                return self.memorized(*args, **kwargs)
            finally:
                fcntl.flock(lock_file.fileno(), fcntl.LOCK_UN)

    def __getattr__(self, name):
        if name == "memorized":
            raise AttributeError(name)
        return getattr(self.memorized, name)


# Classes of these packages change with their versions, not with user code.
_LIBRARIES = frozenset({"builtins", "torch", "skorch"})


def code_version(*objects):
    """A digest of the code of the classes of ``objects`` and of this library.

    Parameters
    ----------
    *objects : class or instance
        The autoencoder class and the callbacks: every method defined in
        their classes and base classes, outside torch and skorch, is hashed
        as compiled (its bytecode, constants and names), so that editing a
        class changes the digest even where the source file is gone.

    Returns
    -------
    digest : str
        Hexadecimal; it changes with the code and with ``__version__``.
    """
    import imblearn_deepsmote

    digest = hashlib.sha256(imblearn_deepsmote.__version__.encode())
    for obj in objects:
        cls = obj if isinstance(obj, type) else type(obj)
        for klass in cls.__mro__:
            if klass.__module__.split(".")[0] in _LIBRARIES:
                continue
            digest.update(f"{klass.__module__}.{klass.__qualname__}".encode())
            for name, member in sorted(vars(klass).items()):
                for code in _codes(member):
                    digest.update(name.encode())
                    digest.update(marshal.dumps(code))
    return digest.hexdigest()


def _codes(member):
    """Code objects of a class member: a function, a descriptor of functions."""
    if isinstance(member, property):
        functions = [member.fget, member.fset, member.fdel]
    else:
        functions = [getattr(member, "__func__", member)]
    return [f.__code__ for f in functions if hasattr(f, "__code__")]


def check_cacheable(module, callbacks):
    """Refuse, before training, a module or callback that the cache cannot key.

    Parameters
    ----------
    module : class
        The autoencoder class.

    callbacks : list or None
        The user's skorch callbacks.

    Raises
    ------
    ValueError
        When pickle cannot name one of them: a class defined inside a
        function, or in the ``__main__`` script of another process (the
        workers of ``GridSearchCV(n_jobs=...)`` receive such classes by
        value, under no importable name).
    """
    named = [("module", module)]
    named += [("callback", callback) for callback in callbacks or []]
    for role, obj in named:
        cls = obj if isinstance(obj, type) else type(obj)
        try:
            pickle.dumps(obj)
        except (pickle.PicklingError, AttributeError, TypeError) as error:
            raise ValueError(
                f"memory= keys its cache by pickling the parameters, and the "
                f"{role} class {cls.__qualname__} (module {cls.__module__!r}) "
                f"cannot be pickled by name: {error}. This happens to classes "
                "defined inside a function, and to classes of a script's "
                "__main__ in the worker processes of GridSearchCV(n_jobs=...). "
                "Define the class at the top level of a module that the "
                "workers can import (a .py file next to your script, imported "
                "with 'from my_nets import ...'), or use memory=None."
            ) from None
