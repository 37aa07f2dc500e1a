"""Kept for the command line only, until ``_cli.py`` stops importing it.

:func:`~imblearn_deepsmote.datasets.save_image_folder` makes every check
before it writes; the command line of 0.3 runs them before training with
:func:`check_save`. This module goes with the command line's rewrite
(issue 24).
"""

import numpy as np

from ._image_folder import (
    _as_pixels,
    _folder_names,
    _image_array,
    _pixel_scale,
    require_pillow,
)
from ._paths import check_output_folder


def check_save(X, y, path, *, overwrite=False):
    """Raise what ``save_image_folder(X, y, path)`` would raise, write nothing."""
    require_pillow("save_image_folder")
    images = _image_array(X)
    _pixel_scale(images)
    y = np.asarray(y)
    if y.ndim != 1 or len(y) != len(images):
        raise ValueError(
            f"y must have shape ({len(images)},), one label per image of X; got "
            f"shape {y.shape}."
        )
    _folder_names(y, None)
    check_output_folder(path, overwrite=overwrite)


def to_pixels(X):
    """Images as the uint8 pixels an image file stores."""
    images = _image_array(X)
    return _as_pixels(images, _pixel_scale(images))
