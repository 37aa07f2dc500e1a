"""What the ``memory`` cache of trained autoencoders is keyed by, beyond the data.

joblib.Memory hashes the arguments of the cached call by pickling them, and
pickle names a class by its module and name without its code: a module class
whose code changed under the same name would hit the entry of the old code.
:func:`code_version` puts the code itself and this library's version in the
key. :func:`check_cacheable` refuses, before training, classes that pickle
cannot name at all.
"""

import hashlib
import marshal
import pickle

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
