"""Long-tailed subsets: the DeepSMOTE paper's class counts, or a profile."""

import math
from collections.abc import Mapping
from numbers import Integral, Real
from types import MappingProxyType

import numpy as np
from imblearn.datasets import make_imbalance
from sklearn.utils import _safe_indexing, check_consistent_length
from sklearn.utils._param_validation import Interval, StrOptions, validate_params
from sklearn.utils.validation import column_or_1d

# Per-class counts of the DeepSMOTE paper's data sets, class 0 (the largest)
# first: "<name>" is the imbalanced training set, "<name>_test" the imbalanced
# test set. Read-only; pass a key as make_long_tailed(..., preset=key).
_TEN_CLASS_TEST = (1000, 500, 250, 187, 125, 87, 50, 25, 15, 10)

LONG_TAIL_PRESETS = MappingProxyType(
    {
        "mnist": (4000, 2000, 1000, 750, 500, 350, 200, 100, 60, 40),
        "mnist_test": _TEN_CLASS_TEST,
        "fashion_mnist": (4000, 2000, 1000, 750, 500, 350, 200, 100, 60, 40),
        "fashion_mnist_test": _TEN_CLASS_TEST,
        "cifar10": (4500, 2000, 1000, 800, 600, 500, 400, 250, 150, 80),
        "cifar10_test": _TEN_CLASS_TEST,
        "svhn": (4500, 2000, 1000, 800, 600, 500, 400, 250, 150, 80),
        "svhn_test": _TEN_CLASS_TEST,
        "celeba": (9000, 4500, 1000, 500, 160),
        "celeba_test": (1000, 500, 111, 55, 17),
    }
)

_PROFILES = ("exponential", "step")


def _is_count(value):
    return isinstance(value, Integral) and not isinstance(value, bool)


def _profile_counts(n_classes, n_max, imbalance_ratio, profile):
    """Counts for classes 0..n_classes-1, the first largest."""
    if n_classes == 1:
        return [n_max]
    if profile == "exponential":
        # n_i = n_max * ratio^(-i / (C - 1)); the tiny slack keeps exact
        # values such as 4000 / 100 from flooring to 39 on rounding error.
        counts = [
            math.floor(n_max * imbalance_ratio ** (-i / (n_classes - 1)) + 1e-9)
            for i in range(n_classes)
        ]
    else:  # step: the first ceil(C/2) classes n_max, the rest n_max / ratio
        n_head = n_classes - n_classes // 2
        tail = math.floor(n_max / imbalance_ratio + 1e-9)
        counts = [n_max] * n_head + [tail] * (n_classes - n_head)
    return [max(1, count) for count in counts]


def _counts_from_sequence(counts, classes, what):
    counts = list(counts)
    if len(counts) != len(classes):
        raise ValueError(
            f"{what} gives {len(counts)} class counts but y has "
            f"{len(classes)} classes ({', '.join(map(str, classes))}); give "
            "one count per class, in the order of the sorted labels."
        )
    return dict(zip(classes, counts, strict=True))


def _target_counts(classes, available, counts, imbalance_ratio, profile, n_max, preset):
    given = [
        name
        for name, value in (
            ("counts", counts),
            ("imbalance_ratio", imbalance_ratio),
            ("preset", preset),
        )
        if value is not None
    ]
    if len(given) != 1:
        raise ValueError(
            "Give exactly one of counts, imbalance_ratio and preset; got "
            + (", ".join(given) if given else "none")
            + "."
        )
    for name, value in (("imbalance_ratio", imbalance_ratio), ("n_max", n_max)):
        if isinstance(value, bool | np.bool_):
            raise ValueError(
                f"The {name!r} parameter of make_long_tailed must be None or a "
                f"number, not a bool. Got {value!r} instead."
            )
    if n_max is not None and imbalance_ratio is None:
        raise ValueError("n_max is used only with imbalance_ratio.")

    if preset is not None:
        return _counts_from_sequence(
            LONG_TAIL_PRESETS[preset], classes, f"The preset {preset!r}"
        )

    if imbalance_ratio is not None:
        if n_max is None:
            n_max = int(available.min())
        profile_counts = _profile_counts(
            len(classes), int(n_max), float(imbalance_ratio), profile
        )
        return dict(zip(classes, profile_counts, strict=True))

    if isinstance(counts, Mapping):
        unknown = [label for label in counts if label not in set(classes)]
        if unknown:
            raise ValueError(
                f"counts names classes that are not in y: {unknown}; the "
                f"classes are {list(classes)}."
            )
        return {label: counts[label] for label in classes if label in counts}
    if isinstance(counts, str) or not hasattr(counts, "__len__"):
        raise ValueError(
            "counts must be a dict {class: count} or a sequence with one "
            f"count per class; got {counts!r}."
        )
    return _counts_from_sequence(counts, classes, "counts")


@validate_params(
    {
        "X": ["array-like", "sparse matrix"],
        "y": ["array-like"],
        # A dict {class: count} or one count per class: checked below, where
        # the message can say which.
        "counts": "no_validation",
        "imbalance_ratio": [None, Interval(Real, 1, None, closed="left")],
        "profile": [StrOptions(set(_PROFILES))],
        "n_max": [None, Interval(Integral, 1, None, closed="left")],
        "preset": [None, StrOptions(set(LONG_TAIL_PRESETS))],
        "random_state": ["random_state"],
    },
    prefer_skip_nested_validation=True,
)
def make_long_tailed(
    X,
    y,
    *,
    counts=None,
    imbalance_ratio=None,
    profile="exponential",
    n_max=None,
    preset=None,
    random_state=None,
):
    """Subsample a data set to a long-tailed class distribution.

    Draws, without replacement, a given number of samples of each class:
    the counts given, the counts of one of the DeepSMOTE paper's data sets
    (``preset``), or counts that fall from ``n_max`` for the first class to
    ``n_max / imbalance_ratio`` for the last one. Classes are ordered by
    their sorted labels, class 0 largest as in the paper. The draw is done
    by :func:`imblearn.datasets.make_imbalance`; the kept samples stay in
    their original order. ``X`` may be of any number of dimensions, such as
    images of shape (n_samples, channels, height, width).

    Parameters
    ----------
    X : array-like of shape (n_samples, ...)
        The samples: an array of any number of dimensions, a DataFrame, or
        a sparse matrix.

    y : array-like of shape (n_samples,)
        The class labels.

    counts : dict or sequence of int, default=None
        The number of samples to keep of each class: a dict
        ``{class: count}``, where classes left out keep all their samples,
        or a sequence with one count per class, in the order of the sorted
        labels.

    imbalance_ratio : float, default=None
        Size of the largest class over that of the smallest, at least 1;
        the counts follow ``profile``.

    profile : {"exponential", "step"}, default="exponential"
        With ``imbalance_ratio``: "exponential" keeps
        ``floor(n_max * imbalance_ratio ** (-i / (C - 1)))`` samples of
        class ``i`` of ``C``; "step" keeps ``n_max`` of each of the first
        ``ceil(C / 2)`` classes and ``floor(n_max / imbalance_ratio)`` of
        each other one. Every class keeps at least one sample.

    n_max : int, default=None
        With ``imbalance_ratio``: the number of samples kept of class 0.
        None uses the size of the smallest class in ``y``, so that every
        class has enough samples.

    preset : str, default=None
        A key of :data:`LONG_TAIL_PRESETS`: ``"mnist"``,
        ``"fashion_mnist"``, ``"cifar10"``, ``"svhn"``, ``"celeba"`` for the
        paper's imbalanced training sets, the same with ``"_test"`` for its
        imbalanced test sets. ``y`` must have as many classes as the
        preset.

    random_state : int, RandomState instance or None, default=None
        Seeds the draw; an int gives the same subset on every call.

    Returns
    -------
    X_long_tailed : array-like of shape (n_kept, ...)
        The kept samples, of the same type and trailing shape as ``X``.

    y_long_tailed : array-like of shape (n_kept,)
        Their labels, of the same type as ``y``.

    Raises
    ------
    ValueError
        If not exactly one of ``counts``, ``imbalance_ratio`` and
        ``preset`` is given, if the number of counts does not match the
        number of classes, or if a class has fewer samples than asked for.

    Examples
    --------
    >>> import numpy as np
    >>> from imblearn_deepsmote.datasets import LONG_TAIL_PRESETS, make_long_tailed
    >>> rng = np.random.default_rng(0)
    >>> X = rng.integers(0, 256, size=(300, 1, 8, 8), dtype=np.uint8)
    >>> y = np.repeat([0, 1, 2], 100)
    >>> X_lt, y_lt = make_long_tailed(X, y, imbalance_ratio=10, random_state=0)
    >>> X_lt.shape, X_lt.dtype
    ((141, 1, 8, 8), dtype('uint8'))
    >>> np.bincount(y_lt)
    array([100,  31,  10])
    >>> X_lt, y_lt = make_long_tailed(X, y, counts=[50, 20, 5], random_state=0)
    >>> np.bincount(y_lt)
    array([50, 20,  5])

    The counts of the paper's Fashion-MNIST training set, on 10 classes:

    >>> LONG_TAIL_PRESETS["fashion_mnist"]
    (4000, 2000, 1000, 750, 500, 350, 200, 100, 60, 40)
    >>> X10 = rng.normal(size=(4000 * 10, 3))
    >>> y10 = np.repeat(np.arange(10), 4000)
    >>> _, y_lt = make_long_tailed(X10, y10, preset="fashion_mnist", random_state=0)
    >>> np.bincount(y_lt)
    array([4000, 2000, 1000,  750,  500,  350,  200,  100,   60,   40])
    """
    check_consistent_length(X, y)
    y_labels = column_or_1d(y, warn=True)
    classes, available = np.unique(y_labels, return_counts=True)
    classes = classes.tolist()
    target = _target_counts(
        classes, available, counts, imbalance_ratio, profile, n_max, preset
    )

    have = dict(zip(classes, available.tolist(), strict=True))
    bad = [
        f"{label!r}: {count!r}"
        for label, count in target.items()
        if not _is_count(count) or count < 0
    ]
    if bad:
        raise ValueError(f"Class counts must be ints >= 0; got {', '.join(bad)}.")
    short = [
        f"class {label!r} has {have[label]}, {count} asked for"
        for label, count in target.items()
        if count > have[label]
    ]
    if short:
        raise ValueError(
            "Not enough samples to draw without replacement: " + "; ".join(short) + "."
        )

    # Let imbalanced-learn draw sample indices, then take those rows of X:
    # this keeps X's type, dtype and shape, whatever its number of dimensions.
    indices = np.arange(len(y_labels)).reshape(-1, 1)
    kept, _ = make_imbalance(
        indices,
        y_labels,
        sampling_strategy={label: int(count) for label, count in target.items()},
        random_state=random_state,
    )
    kept = np.sort(kept.ravel())
    return _safe_indexing(X, kept), _safe_indexing(y, kept)
