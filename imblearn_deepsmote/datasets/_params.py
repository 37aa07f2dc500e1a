"""Checks of the arguments that several loaders share."""

import numpy as np

SUBSETS = ("train", "test", "all")


def check_choice(name, value, choices):
    """Refuse a ``value`` of the argument ``name`` that is not in ``choices``."""
    if value not in choices:
        raise ValueError(f"{name} must be one of {choices}; got {value!r}.")


def check_subset(subset):
    """The subsets to read for ``subset``: ("train",), ("test",) or both."""
    check_choice("subset", subset, SUBSETS)
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
    return isinstance(value, int | np.integer) and not isinstance(value, bool)
