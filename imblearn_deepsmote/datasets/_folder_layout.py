"""The layout of an image folder: which entries are class folders and images.

One rule for links, at every level: a link to a folder is followed like a
folder, both for a class folder and for a folder inside one. A folder is
read once per class: a link that leads back to a folder already read (a
loop, or a second way to the same folder) is skipped, and so is a folder
that cannot be listed; :func:`list_class_files` returns what it skipped, so
that the caller names it in a warning.
"""

import os
from pathlib import Path

from ._pillow import is_image_file

# Files that file managers leave in folders; never images, never warned about.
SYSTEM_FILES = frozenset({"thumbs.db", "desktop.ini"})


def is_hidden(name):
    """Whether an entry is left out silently: a dot file or a system file."""
    return name.startswith(".") or name.lower() in SYSTEM_FILES


def _sort_key(relative):
    return Path(relative).parts


def folder_key(path):
    """What identifies a folder on disk, whatever the path or link to it."""
    info = os.stat(path)
    return info.st_dev, info.st_ino


def list_class_files(folder, seen=None):
    """The image files below a class folder, the other files, and the skipped.

    Subfolders are searched too, links to folders included; hidden files
    and folders (names starting with a dot) are left out.

    Parameters
    ----------
    folder : Path
        The class folder.

    seen : set, default=None
        :func:`folder_key` of the folders not to read again, such as the
        folder of class folders; the folders read here are added to it.

    Returns
    -------
    images, others : list of str
        Paths relative to ``folder``, sorted.

    skipped : list of (str, str)
        Subfolders not read, relative to ``folder``, and why.
    """
    seen = set() if seen is None else seen
    images, others, skipped = [], [], []
    try:
        seen.add(folder_key(folder))
    except OSError as error:
        return images, others, [(".", error.strerror or str(error))]
    pending = [""]
    while pending:
        relative = pending.pop()
        try:
            entries = sorted(os.scandir(folder / relative), key=lambda e: e.name)
        except OSError as error:
            skipped.append((relative, error.strerror or str(error)))
            continue
        for entry in entries:
            if is_hidden(entry.name):
                continue
            path = os.path.join(relative, entry.name)
            if _is_folder(entry):
                try:
                    key = folder_key(entry.path)
                except OSError as error:
                    skipped.append((path, error.strerror or str(error)))
                    continue
                if key in seen:
                    skipped.append((path, "a link to a folder read already"))
                    continue
                seen.add(key)
                pending.append(path)
            else:
                (images if is_image_file(entry.name) else others).append(path)
    images.sort(key=_sort_key)
    others.sort(key=_sort_key)
    skipped.sort(key=lambda item: _sort_key(item[0]))
    return images, others, skipped


def _is_folder(entry):
    """Whether an entry is a folder, or a link to one."""
    try:
        return entry.is_dir()
    except OSError:
        return False
