"""The ``memory`` cache of trained autoencoders: its key and its lock.

DeepSMOTE caches :func:`~imblearn_deepsmote._codec.fit_codec` with a
joblib.Memory, which keys each call by pickling its arguments. Pickle names
a class or a function by its module and name, without its code, the values
its code reads or the network it builds: :func:`code_version` adds them to
the key, and :func:`check_cacheable` refuses, before training, what pickle
cannot name at all.

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

import functools
import hashlib
import inspect
import marshal
import numbers
import os
import pickle
import site
import sys
import sysconfig
import types
from pathlib import Path

import joblib
import torch
from sklearn.utils.validation import check_memory
from torch import nn

from ._net import seeded_torch

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


def code_version(module, callbacks, *, input_shape, latent_dim):
    """A digest of what the pickled arguments of a training leave out.

    joblib.Memory keys a call by pickling its arguments, and pickle names a
    class or a function by its module and name, without its code or the
    values that its code reads. The digest covers them, so that the cache
    never returns a network that the arguments would no longer build.

    Parameters
    ----------
    module : class, callable or nn.Module
        As the ``module`` of DeepSMOTE: a class, a ``functools.partial``, a
        factory function.

    callbacks : list or None
        The user's skorch callbacks, named ``("name", callback)`` or not.

    input_shape : tuple of int
        The shape of a sample, as the module is built with.

    latent_dim : int
        The size of a code, as the module is built with.

    Returns
    -------
    digest : str
        Hexadecimal. It changes with this library's version, with the code
        reached from ``module`` and ``callbacks`` (see :class:`_Reached`),
        and with the module as built (see :func:`_built_structure`).
    """
    import imblearn_deepsmote

    digest = hashlib.sha256(imblearn_deepsmote.__version__.encode())
    _Reached(digest).add([module, callbacks])
    digest.update(_built_structure(module, input_shape, latent_dim).encode())
    return digest.hexdigest()


class _Reached:
    """Feeds a digest with the values and the code reached from some objects.

    An object is fed as joblib hashes it, by pickling it; pickle names the
    classes and functions it meets (by module and name, without their
    code), and those of user code are followed: a function to its code, its
    defaults and closure, and the module-level names its code reads, also
    through a module of user code (``settings.HIDDEN``); a class to its
    bases and to what it defines. The values read are fed in turn, so that
    state that changes, such as a counter that a callback keeps in a class
    attribute, changes the digest too. Classes and functions of the
    standard library and of installed packages are named, not followed:
    their code changes with their versions.

    Parameters
    ----------
    digest : hashlib hash
        Updated in place.
    """

    def __init__(self, digest):
        self.digest = digest
        # The code already followed, kept alive so that the ids stay theirs.
        self.followed = {}

    def add(self, start):
        """Feed the digest with ``start`` and everything reached from it."""
        pending = [start]
        while pending:
            obj = pending.pop()
            if isinstance(obj, type | types.FunctionType):
                reached = self._code(obj)
            else:
                reached = self._value(obj)
            # Reversed, so that the first of them is fed first.
            pending.extend(reversed(reached))

    def _update(self, kind, text):
        self.digest.update(f"{kind}:{text}\0".encode())

    def _value(self, value):
        """Feed the hash of a value; return the classes and functions it names."""
        pickler = _NamesPickler()
        try:
            pickler.dump(value)
            self._update("value", joblib.hash(value))
        except Exception:
            # Unpicklable: joblib could not key it either; its class says what
            # it is, and the code named before the failure is still followed.
            self._update("value of", _qualified_name(type(value)))
        # Built-in functions and other named objects have no code to follow.
        return [
            named
            for named in pickler.named
            if isinstance(named, type | types.FunctionType)
        ]

    def _code(self, obj):
        """Feed the code of a class or function; return the objects it reaches."""
        self._update("name", _qualified_name(obj))
        if id(obj) in self.followed or _is_library(obj):
            return []
        self.followed[id(obj)] = obj
        if isinstance(obj, type):
            return self._class_members(obj)
        return self._function_parts(obj)

    def _class_members(self, cls):
        reached = list(cls.__bases__)
        for name, member in sorted(vars(cls).items()):
            if name in _CLASS_BOOKKEEPING:
                continue
            self._update("member", name)
            if isinstance(member, property):
                reached += [member.fget, member.fset, member.fdel]
            elif isinstance(member, staticmethod | classmethod):
                reached.append(member.__func__)
            else:
                reached.append(member)
        return reached

    def _function_parts(self, function):
        code = function.__code__
        self.digest.update(marshal.dumps(code))
        reached = [function.__defaults__, function.__kwdefaults__]
        reached += [cell.cell_contents for cell in function.__closure__ or ()]
        names = _names_read(code)
        scope = function.__globals__
        for name in sorted(names & scope.keys()):
            value = scope[name]
            if isinstance(value, types.ModuleType):
                if not _is_library(value):
                    # settings.HIDDEN: the names the code reads that the
                    # module defines.
                    defined = vars(value)
                    reached += [
                        (name, key, defined[key])
                        for key in sorted(names & defined.keys())
                        if not isinstance(defined[key], types.ModuleType)
                    ]
                continue
            reached.append((name, value))
        return reached


class _NamesPickler(pickle._Pickler):
    """Pickles into nothing, and records the classes and functions it names."""

    def __init__(self):
        super().__init__(_Discard(), protocol=pickle.HIGHEST_PROTOCOL)
        self.named = []

    def save_global(self, obj, name=None):
        self.named.append(obj)
        return super().save_global(obj, name)

    # Functions are saved through this table, which names the base method.
    dispatch = {**pickle._Pickler.dispatch, types.FunctionType: save_global}


class _Discard:
    def write(self, data):
        pass


# Entries of a class's namespace that are no part of its behaviour.
_CLASS_BOOKKEEPING = frozenset(
    {
        "__dict__",
        "__doc__",
        "__firstlineno__",
        "__module__",
        "__qualname__",
        "__static_attributes__",
        "__weakref__",
    }
)


def _names_read(code):
    """Global and attribute names that ``code`` and the code nested in it read."""
    names = set(code.co_names)
    for constant in code.co_consts:
        if isinstance(constant, types.CodeType):
            names |= _names_read(constant)
    return names


def _qualified_name(obj):
    """``module.qualname`` of a class, function or module."""
    name = getattr(obj, "__qualname__", None) or getattr(obj, "__name__", "")
    if isinstance(obj, types.ModuleType):
        return name
    return f"{getattr(obj, '__module__', None)}.{name}"


@functools.cache
def _installed_paths():
    """Folders of the standard library and of installed packages."""
    names = ("stdlib", "platstdlib", "purelib", "platlib")
    paths = {sysconfig.get_paths().get(name) for name in names}
    paths.update(site.getsitepackages() if hasattr(site, "getsitepackages") else [])
    return tuple(str(Path(path).resolve()) for path in paths if path)


def _is_library(obj):
    """Whether ``obj`` comes from the standard library or an installed package."""
    if isinstance(obj, types.ModuleType):
        module = obj
    else:
        module = sys.modules.get(getattr(obj, "__module__", None) or "")
    if module is None:
        return False
    if module.__name__.partition(".")[0] in sys.stdlib_module_names:
        return True
    path = getattr(module, "__file__", None)
    if path is None:
        # A notebook's __main__, a module made in memory: user code.
        return False
    return str(Path(path).resolve()).startswith(_installed_paths())


# Settings of a layer told with it: its public attributes of these types.
_PLAIN = (numbers.Number, str, bytes, tuple, type(None))


def _built_structure(module, input_shape, latent_dim):
    """The module as skorch builds it: each layer, parameter and buffer.

    Each layer is told by its name, class and settings (its ``extra_repr``,
    and its public attributes that are plain values), each parameter and
    buffer by its name, shape and dtype. The module is built on torch's
    meta device, which allocates nothing and draws no random numbers, or,
    where that fails, on the CPU with torch's generators restored after.
    A module that cannot be built is told by its error, which training then
    raises.
    """
    build = type(module) if isinstance(module, nn.Module) else module
    params = {"input_shape": input_shape, "latent_dim": latent_dim}
    try:
        with torch.device("meta"):
            built = build(**params)
    except Exception:
        try:
            with seeded_torch("cpu", 0):
                built = build(**params)
        except Exception as error:
            return f"cannot be built: {type(error).__qualname__}"
    if not isinstance(built, nn.Module):
        return f"builds a {_qualified_name(type(built))}"
    lines = []
    for name, layer in built.named_modules():
        settings = {
            key: value
            for key, value in sorted(vars(layer).items())
            if not key.startswith("_") and isinstance(value, _PLAIN)
        }
        lines.append(
            f"{name}: {_qualified_name(type(layer))}({layer.extra_repr()}) {settings}"
        )
    for name, tensor in [*built.named_parameters(), *built.named_buffers()]:
        lines.append(f"{name}: {tuple(tensor.shape)} {tensor.dtype}")
    return "\n".join(lines)


def check_cacheable(module, callbacks):
    """Refuse, before training, a module or callback that the cache cannot key.

    Parameters
    ----------
    module : class or callable
        The autoencoder class, or what builds it.

    callbacks : list or None
        The user's skorch callbacks, named ``("name", callback)`` or not.

    Raises
    ------
    ValueError
        When pickle cannot name one of them: a class or function defined
        inside a function, or in the ``__main__`` script of another process
        (the workers of ``GridSearchCV(n_jobs=...)`` receive such classes by
        value, under no importable name).
    """
    named = [("module", module)]
    for callback in callbacks or []:
        if isinstance(callback, tuple) and len(callback) == 2:
            callback = callback[1]
        named.append(("callback", callback))
    for role, obj in named:
        try:
            pickle.dumps(obj)
        except (pickle.PicklingError, AttributeError, TypeError) as error:
            named_obj = obj.func if isinstance(obj, functools.partial) else obj
            if isinstance(named_obj, type | types.FunctionType):
                kind, culprit = _kind(named_obj), named_obj
            else:
                kind, culprit = "class", type(named_obj)
            raise ValueError(
                f"memory= keys its cache by pickling the parameters, and the "
                f"{role} {kind} {culprit.__qualname__} (module "
                f"{culprit.__module__!r}) cannot be pickled by name: {error}. "
                "This happens to classes and functions defined inside a "
                "function, and to those of a script's __main__ in the worker "
                f"processes of GridSearchCV(n_jobs=...). Define the {kind} at "
                "the top level of a module that the workers can import (a .py "
                "file next to your script, imported with 'from my_nets import "
                "...'), or use memory=None."
            ) from None


def _kind(obj):
    return "class" if isinstance(obj, type) else "function"
