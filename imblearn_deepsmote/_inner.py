"""An over-sampler run inside another one: checked, cloned, seeded, asked for
counts, and its new samples trimmed to them."""

from collections import Counter

import numpy as np
from imblearn.over_sampling import SMOTEN, SMOTENC
from sklearn.base import clone

from ._validation import ParameterError


def check_inner_sampler(sampler, *, parameter):
    """Refuse an inner ``sampler`` that cannot over-sample continuous features.

    Parameters
    ----------
    sampler : object
        The value of the parameter ``parameter``.

    parameter : str
        Name of the parameter that holds it, e.g. ``"latent_sampler"``.
    """
    if getattr(sampler, "_sampling_type", None) != "over-sampling":
        raise ParameterError(
            f"{parameter} must be an imbalanced-learn over-sampler, such as SMOTE "
            f"or ADASYN; got {sampler!r}, which is not an over-sampler.",
            parameter=parameter,
            hint="an over-sampler such as SMOTE()",
        )
    if isinstance(sampler, SMOTEN | SMOTENC):
        raise ParameterError(
            f"{parameter}={sampler!r} is an over-sampler for categorical "
            "features, but it runs here on continuous ones.",
            parameter=parameter,
            hint=(
                "one for continuous data: SMOTE, BorderlineSMOTE, SVMSMOTE, "
                "KMeansSMOTE, ADASYN or RandomOverSampler(shrinkage=...)"
            ),
        )


def asking_for(sampler, counts, n_new, seed=None):
    """A clone of ``sampler`` that adds ``n_new[label]`` samples to each class.

    Parameters
    ----------
    sampler : imbalanced-learn over-sampler
        Left unchanged.

    counts : Counter
        Number of samples of each class in the data it will run on.

    n_new : dict
        Number of new samples wanted for each class; classes of 0 are left
        out of its ``sampling_strategy``.

    seed : int or None, default=None
        Its ``random_state``, for a sampler that has one; None keeps its own.

    Returns
    -------
    sampler : imbalanced-learn over-sampler
        The clone, not fitted.
    """
    sampler = clone(sampler)
    if seed is not None and "random_state" in sampler.get_params():
        sampler.set_params(random_state=seed)
    return sampler.set_params(
        sampling_strategy={
            label: counts[label] + n for label, n in n_new.items() if n > 0
        }
    )


def new_samples(sampler, X, y, *, role):
    """Run ``sampler`` on ``(X, y)``: its new samples, as many as it asked for.

    ``sampler`` is one from :func:`asking_for`; it is fitted here.

    Returns
    -------
    X_new : ndarray of shape (n_new, n_features)
        At most the number of new samples of each class that its
        ``sampling_strategy`` asks for, class after class as it made them.

    y_new : ndarray of shape (n_new,)

    dropped : Counter
        Number of new samples of each class beyond the counts asked for, as
        ADASYN, which rounds its counts, may make; they are left out.

    Raises
    ------
    ValueError
        Naming ``role`` (the parameter that holds the sampler), when it does
        not return the original samples first, as SMOTE does.
    """
    X_res, y_res = sampler.fit_resample(X, y)
    if not np.array_equal(X_res[: len(X)], X):
        raise ValueError(
            f"{role} {type(sampler).__name__} did not return the original samples "
            "first; an over-sampler that appends the new samples after the "
            "original ones, as SMOTE does, is needed here."
        )
    X_new, y_new = X_res[len(X) :], y_res[len(X) :]
    counts = Counter(y.tolist())
    keep = np.zeros(len(y_new), dtype=bool)
    for label, target in sampler.sampling_strategy.items():
        keep[np.flatnonzero(y_new == label)[: target - counts[label]]] = True
    return X_new[keep], y_new[keep], Counter(y_new[~keep].tolist())


def shortfall(n_new, y_new):
    """Number of samples of each class that ``y_new`` lacks against ``n_new``.

    Returns
    -------
    short : dict
        Classes short of their count, as plain Python values (``1``, not
        ``np.int64(1)``), and how many samples each lacks.
    """
    made = Counter(np.asarray(y_new).tolist())
    return {
        np.asarray(label).tolist(): int(n - made[label])
        for label, n in n_new.items()
        if n > made[label]
    }
