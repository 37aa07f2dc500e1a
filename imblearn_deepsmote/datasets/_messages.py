"""Wording shared by the messages of the loaders: lists of files, counts."""

import os

# How many files a message names before it only counts the rest.
MAX_NAMED = 50


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
