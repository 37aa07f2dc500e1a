"""Folders the loaders read from and the folder ``save_image_folder`` writes to.

Each check stats the path itself and turns what the file system answers (a
missing folder, a file in the way, a name too long, no permission) into an
error that names the folder; no ``OSError`` of the operating system's
wording reaches the user. :func:`check_output_folder` is the one check of a
folder to write into: :func:`~imblearn_deepsmote.datasets.save_image_folder`
runs it before writing, and the command line before training.
"""

import errno
import os
import stat
import tempfile
from pathlib import Path

from ._folder_layout import is_hidden
from ._messages import name_files

# Longest path shown whole in a message; longer ones are shortened.
_SHOWN = 120


class FolderNotEmptyError(FileExistsError):
    """A folder to write into holds files; the fix is ``overwrite=True``.

    Like :class:`~imblearn_deepsmote._errors.ParameterError`, it keeps the
    problem apart from the advice, so that a front end can give its own.

    Attributes
    ----------
    problem : str
        What is wrong, without the advice.

    parameter, value : str, object
        The argument and value that would write into the folder anyway:
        ``"overwrite"`` and True.
    """

    parameter = "overwrite"
    value = True

    def __init__(self, problem):
        self.problem = problem
        super().__init__(
            f"{problem} Choose a new or empty folder, or pass overwrite=True to "
            "write into it, replacing files of the same names."
        )

    def __reduce__(self):
        return (type(self), (self.problem,))


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
        raise _unusable(Path(path), error) from error
    return "folder" if stat.S_ISDIR(mode) else "file"


def _unusable(path, error):
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


def check_image_folder(path):
    """The folder of class folders to read, as a Path, checked to exist."""
    folder = Path(os.path.expanduser(os.fspath(path)))
    kind = kind_of_path(folder)
    if kind is None:
        raise FileNotFoundError(
            f"The image folder {shown(folder)} does not exist. Pass the folder "
            "that holds one subfolder of images per class."
        )
    if kind == "file":
        raise NotADirectoryError(
            f"{shown(folder)} is a file, not a folder. Pass the folder that "
            "holds one subfolder of images per class."
        )
    return folder


def check_output_folder(path, *, overwrite=False):
    """The folder to write files into, checked before anything is written.

    The folder must be a folder or a path where one can be made (no file in
    the way, names no longer than the file system allows, permission to
    make it), and empty unless ``overwrite``. Whether files can be made
    there is tried: a folder is made where the folder would go, or in it,
    and removed again, so that the file system is left as it was.

    Parameters
    ----------
    path : str or path-like
        The folder.

    overwrite : bool, default=False
        Whether a folder that holds files is accepted. Hidden files (names
        starting with a dot) never count.

    Returns
    -------
    folder : Path
        The folder, with ``~`` expanded.

    Raises
    ------
    NotADirectoryError
        If ``path``, or a folder above it, is a file.

    FolderNotEmptyError
        A ``FileExistsError``: if the folder holds files and ``overwrite``
        is False.

    PermissionError, OSError
        If the folder cannot be made or written into, or its path is too
        long for the file system.
    """
    folder = Path(os.path.expanduser(os.fspath(path)))
    kind = kind_of_path(folder)
    if kind == "file":
        raise NotADirectoryError(f"{shown(folder)} is a file, not a folder.")
    if kind == "folder":
        _check_empty(folder, overwrite)
        _try_writing_in(folder)
    else:
        _try_making(folder)
    return folder


def _check_empty(folder, overwrite):
    if overwrite:
        return
    try:
        content = sorted(
            entry.name for entry in os.scandir(folder) if not is_hidden(entry.name)
        )
    except OSError as error:
        raise _unusable(folder, error) from error
    if content:
        raise FolderNotEmptyError(
            f"{shown(folder)} is not empty: it holds {name_files(content, limit=5)}."
        )


def _try_writing_in(folder):
    try:
        os.rmdir(tempfile.mkdtemp(prefix=".write-check-", dir=folder))
    except OSError as error:
        kind = PermissionError if isinstance(error, PermissionError) else OSError
        raise kind(
            f"Cannot write in the folder {shown(folder)}: {error.strerror or error}."
        ) from error


def _try_making(folder):
    """Make ``folder`` and the missing folders above it, then remove them."""
    missing = [folder]
    while kind_of_path(missing[-1].parent) is None:
        missing.append(missing[-1].parent)
    base = missing[-1].parent
    if kind_of_path(base) == "file":
        raise NotADirectoryError(
            f"{shown(base)} is a file, so the folder {shown(folder)} cannot be "
            "made in it."
        )
    made = []
    try:
        for new in reversed(missing):
            os.mkdir(new)
            made.append(new)
    except OSError as error:
        if error.errno == errno.ENAMETOOLONG:
            raise _unusable(folder, error) from error
        kind = PermissionError if isinstance(error, PermissionError) else OSError
        raise kind(
            f"Cannot make the folder {shown(folder)} in {shown(base)}: "
            f"{error.strerror or error}."
        ) from error
    finally:
        for new in reversed(made):
            try:
                os.rmdir(new)
            except OSError:
                pass


def resolve_home(data_home, env_var, default, how_to_get):
    """Pick the data folder: the argument, else the env variable, else default.

    The first one given is used and must hold the files: a folder given
    explicitly never falls back silently to another one.
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
