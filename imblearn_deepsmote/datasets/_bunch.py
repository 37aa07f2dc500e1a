"""The Bunch that every loader of images returns."""

import numpy as np
from sklearn.utils import Bunch


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
