"""What the loaders share: the Bunch they return, data folders, messages.

Every loader returns :func:`image_bunch`; the loaders of files on disk find
their folder with :func:`resolve_home`. Each check of a path stats the
path itself and turns what the file system answers (a missing folder, a
file in the way, a name too long, no permission) into an error that names
the path; no ``OSError`` of the operating system's wording reaches the
user.
"""

import errno
import os
import stat
from numbers import Integral
from pathlib import Path

import numpy as np
from sklearn.utils import Bunch

# The ``subset`` of a data set with a training and a test set.
SUBSETS = ("train", "test", "all")

# How many files a message names before it only counts the rest.
MAX_NAMED = 50

# Longest path shown whole in a message; longer ones are shortened.
_SHOWN = 120


def image_bunch(data, target, target_names, folder, descr, return_X_y, **extra):
    """``(data, target)``, or a Bunch with a channels-last view for plotting.

    ``images`` is ``(n, h, w)`` for grey images and ``(n, h, w, c)`` for
    colour ones; ``extra`` entries (such as ``filenames``) are added as they
    are.
    """
    if return_X_y:
        return data, target
    images = data[:, 0] if data.shape[1] == 1 else data.transpose(0, 2, 3, 1)
    return Bunch(
        data=data,
        target=target,
        target_names=np.asarray(target_names),
        images=images,
        data_home=None if folder is None else str(folder),
        **extra,
        DESCR=descr,
    )


def subsets_of(subset):
    """The subsets to read for ``subset``: ("train",), ("test",) or both."""
    return ("train", "test") if subset == "all" else (subset,)


def check_image_size(image_size):
    """``image_size`` as a (height, width) tuple of positive ints, or None."""
    if image_size is None:
        return None
    pair = (image_size, image_size) if _is_int(image_size) else image_size
    try:
        height, width = pair
    except (TypeError, ValueError):
        height = width = None
    if not (_is_int(height) and _is_int(width) and height > 0 and width > 0):
        raise ValueError(
            "image_size must be None, a positive int or a (height, width) "
            f"pair of positive ints; got {image_size!r}."
        )
    return int(height), int(width)


def _is_int(value):
    return isinstance(value, Integral) and not isinstance(value, bool)


def name_files(paths, reasons=None, limit=MAX_NAMED):
    """Name files in a message: all of them up to ``limit``, then a count."""
    paths = [os.fspath(path) for path in paths]
    named = []
    for i, path in enumerate(paths[:limit]):
        named.append(path if reasons is None else f"{path} ({reasons[i]})")
    text = ", ".join(named)
    if len(paths) > limit:
        text += f", and {len(paths) - limit} more"
    return text


def plural(count, noun):
    """``count`` and ``noun``, with an s unless there is one."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def shown(path):
    """``path`` for a message, shortened in the middle if very long."""
    text = os.fspath(path)
    if len(text) <= _SHOWN:
        return text
    return f"{text[: _SHOWN // 2]}...{text[-_SHOWN // 3 :]}"


def kind_of_path(path):
    """What is at ``path``: "folder", "file", or None where nothing is.

    None too where a file stands in the way (``file.txt/sub``). Any other
    answer of the file system (a name too long, no permission to look) is
    an ``OSError`` that names the path.
    """
    try:
        mode = os.stat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as error:
        raise unusable(Path(path), error) from error
    return "folder" if stat.S_ISDIR(mode) else "file"


def unusable(path, error):
    """The error to raise for an ``OSError`` met at ``path``, in our words."""
    if error.errno == errno.ENAMETOOLONG:
        longest = max(len(os.fsencode(part)) for part in path.parts)
        total = len(os.fsencode(os.fspath(path)))
        return OSError(
            f"The path {shown(path)} is too long for the file system: its "
            f"longest name has {longest} bytes and the whole path {total}, where "
            "file systems allow 255 bytes per name (and about 4096 for a "
            "whole path). Choose a shorter name."
        )
    reason = error.strerror or str(error)
    kind = PermissionError if isinstance(error, PermissionError) else OSError
    return kind(f"{shown(path)} cannot be used: {reason}.")


def resolve_home(data_home, env_var, default, how_to_get):
    """Pick the data folder: the argument, else the env variable, else default.

    The first one given is used and must hold the files: a folder given
    explicitly never falls back silently to another one.

    Returns
    -------
    folder : Path
        The folder, with ``~`` expanded.

    source : str
        Where it came from, for messages.
    """
    if data_home is not None:
        folder, source = data_home, "data_home"
    elif os.environ.get(env_var):
        folder, source = os.environ[env_var], f"${env_var}"
    elif default is not None:
        folder, source = default, "the default folder"
    else:
        raise FileNotFoundError(
            f"No data folder given: pass data_home=... or set the environment "
            f"variable {env_var}. {how_to_get}"
        )
    folder = Path(os.path.expanduser(os.fspath(folder)))
    if kind_of_path(folder) != "folder":
        raise FileNotFoundError(
            f"The data folder {shown(folder)} (from {source}) does not exist or "
            f"is not a folder. {how_to_get}"
        )
    return folder, source
