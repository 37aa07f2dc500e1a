"""Kept for the command line only, until ``_cli.py`` stops importing it.

The library's own checks are in :mod:`._base` and :mod:`._image_folder`;
this module keeps the protocol the command line of 0.3 reads for a folder
that is not empty (``problem``, ``parameter`` and ``value``). It goes with
the command line's rewrite (issue 24).
"""

from ._base import kind_of_path
from ._image_folder import check_output_folder as _check_output_folder

__all__ = ["FolderNotEmptyError", "check_output_folder", "kind_of_path"]


class FolderNotEmptyError(FileExistsError):
    """A folder to write into holds files; the fix is ``overwrite=True``."""

    parameter = "overwrite"
    value = True

    def __init__(self, problem):
        self.problem = problem
        super().__init__(problem)

    def __reduce__(self):
        return (type(self), (self.problem,))


def check_output_folder(path, *, overwrite=False):
    """:func:`._image_folder.check_output_folder`, with the error of 0.3."""
    try:
        return _check_output_folder(path, overwrite=overwrite)
    except FileExistsError as error:
        raise FolderNotEmptyError(str(error).split(" Choose a new", 1)[0]) from None
