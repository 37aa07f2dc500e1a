"""New samples: an over-sampler run on the training codes, decoded by the codec."""

import numbers
from collections import Counter

import numpy as np
from imblearn.over_sampling import SMOTE, SMOTEN, SMOTENC
from sklearn.base import clone
from sklearn.utils import check_random_state

from ._validation import warn_caller


def check_latent_sampler(latent_sampler):
    """Refuse, before training, a latent sampler that cannot run on codes."""
    if latent_sampler is None:
        return
    if getattr(latent_sampler, "_sampling_type", None) != "over-sampling":
        raise ValueError(
            "latent_sampler must be an imbalanced-learn over-sampler, such as SMOTE "
            f"or ADASYN; got {latent_sampler!r}."
        )
    if isinstance(latent_sampler, SMOTEN | SMOTENC):
        raise ValueError(
            f"latent_sampler={latent_sampler!r} is an over-sampler for categorical "
            "features, but latent codes are continuous. Use one for continuous "
            "data: SMOTE, BorderlineSMOTE, SVMSMOTE, KMeansSMOTE, ADASYN or "
            "RandomOverSampler(shrinkage=...)."
        )


class LatentSampling:
    """How new latent codes are made, as fixed by ``fit_resample``.

    Holds the user's ``latent_sampler`` (or None for SMOTE with
    ``k_neighbors``) and ``residual`` as they were at fit time, so that
    :meth:`DeepSMOTE.generate` draws as the fit did, whatever ``set_params``
    changed since; a refit takes the new values.

    Parameters
    ----------
    latent_sampler : imbalanced-learn over-sampler or None
        Cloned.

    k_neighbors : int or object
        Neighbours of the default SMOTE, which clones an estimator before
        fitting it.

    residual : bool
        Whether each new sample gets the reconstruction residual of the
        nearest training sample of its class.
    """

    def __init__(self, latent_sampler, k_neighbors, residual):
        self.latent_sampler = None if latent_sampler is None else clone(latent_sampler)
        self.k_neighbors = k_neighbors
        self.residual = residual

    def sampler_for(self, labels, n_new, seed, *, reseed=False):
        """The over-sampler that adds ``n_new[label]`` codes to each class.

        A clone of ``latent_sampler``, or SMOTE with ``k_neighbors`` (reduced,
        with a warning, for a class too small for it), asked for the class
        counts of ``labels`` plus ``n_new``. Its ``random_state`` is ``seed``
        when it was None, or always with ``reseed``.
        """
        counts = Counter(labels)
        if self.latent_sampler is None:
            k_neighbors = _fitting_k_neighbors(self.k_neighbors, counts, n_new)
            sampler = SMOTE(k_neighbors=k_neighbors)
        else:
            sampler = clone(self.latent_sampler)
        if "random_state" in sampler.get_params() and (
            reseed or sampler.random_state is None
        ):
            sampler.set_params(random_state=seed)
        return _asking_for(sampler, counts, n_new)

    def generate(self, codec, sampler, n_new, *, out):
        """Write new samples into ``out``; return their labels.

        Parameters
        ----------
        codec : LatentCodec
            The trained codec, whose training codes ``sampler`` runs on.

        sampler : imbalanced-learn over-sampler
            From :meth:`sampler_for`.

        n_new : dict
            Number of new samples for each class.

        out : ndarray of shape (n_new, n_features)
            Where the samples go, in order; a sampler short of its counts
            leaves the last rows unwritten.

        Returns
        -------
        labels : ndarray of shape (n_made,)
            Labels of the samples written to the first ``n_made`` rows of
            ``out``.
        """
        codes, labels = codec.train_codes_, codec.train_labels_
        n_made, made, extra = 0, [labels[:0]], Counter()
        counts = Counter(labels)
        for chunk in _in_chunks(sampler, counts, n_new, codec.codes_per_chunk):
            new_codes, new_labels, dropped = _as_asked(
                *new_samples(chunk, codes, labels, role="latent_sampler"),
                _wanted(chunk, counts),
            )
            extra.update(dropped)
            codec.decode(
                new_codes,
                labels=new_labels if self.residual else None,
                out=out[n_made : n_made + len(new_codes)],
            )
            n_made += len(new_codes)
            made.append(new_labels)
        made = np.concatenate(made)
        _warn_on_other_counts(sampler, n_new, made, extra)
        return made


def _asking_for(sampler, counts, n_new):
    """``sampler`` set to add ``n_new[label]`` samples to each class."""
    return sampler.set_params(
        sampling_strategy={
            label: counts[label] + n for label, n in n_new.items() if n > 0
        }
    )


def _fitting_k_neighbors(k_neighbors, counts, n_new):
    """k_neighbors, reduced if a class to over-sample is too small for it."""
    wanted = [label for label, n in n_new.items() if n > 0]
    smallest = min(wanted, key=counts.get, default=None)
    if smallest is None:
        return k_neighbors
    n_smallest = counts[smallest]
    label = np.asarray(smallest).tolist()  # 1 or 'cat', not np.int64(1)
    if n_smallest < 2:
        raise ValueError(
            f"Class {label!r} has a single sample: SMOTE needs two samples of a "
            "class to interpolate between. Leave the class out of a dict "
            "sampling_strategy, or use latent_sampler=RandomOverSampler("
            "shrinkage=...) to draw new codes around that sample."
        )
    if isinstance(k_neighbors, numbers.Integral):
        if k_neighbors < n_smallest:
            return k_neighbors
        reduced = n_smallest - 1
    else:
        n_neighbors = k_neighbors.get_params().get("n_neighbors")
        if n_neighbors is None or n_neighbors <= n_smallest:
            return k_neighbors
        reduced = clone(k_neighbors).set_params(n_neighbors=n_smallest)
    warn_caller(
        f"Class {label!r} has only {n_smallest} samples, too few for "
        f"k_neighbors={k_neighbors!r}; using {n_smallest - 1} neighbours in "
        "latent space instead."
    )
    return reduced


def new_samples(sampler, X, y, *, role):
    """The samples and labels that over-sampler ``sampler`` adds to ``(X, y)``.

    Refuses, naming ``role`` (the parameter that holds it), an over-sampler
    that does not return the original samples first, as SMOTE does.
    """
    X_res, y_res = sampler.fit_resample(X, y)
    if not np.array_equal(X_res[: len(X)], X):
        raise ValueError(
            f"{role} {type(sampler).__name__} did not return the original samples "
            "first; an over-sampler that appends the new samples after the "
            "original ones, as SMOTE does, is needed here."
        )
    return X_res[len(X) :], y_res[len(X) :]


def _wanted(sampler, counts):
    """New samples per class that ``sampler`` is asked for."""
    return {
        label: target - counts[label]
        for label, target in sampler.sampling_strategy.items()
    }


def _as_asked(codes, labels, wanted):
    """The first ``wanted[label]`` new codes of each class, and what was dropped.

    Over-samplers such as ADASYN round their counts and may return more
    samples of a class than asked for.
    """
    keep = np.zeros(len(labels), dtype=bool)
    for label, n in wanted.items():
        keep[np.flatnonzero(labels == label)[:n]] = True
    return codes[keep], labels[keep], Counter(labels[~keep].tolist())


def _in_chunks(latent_sampler, counts, n_new, chunk_size):
    """The latent sampler, or clones of it for chunks of ``n_new``.

    Each clone asks for about ``chunk_size`` new samples, the classes in
    proportion, and gets its own ``random_state`` drawn from the sampler's,
    so that chunks do not repeat each other. A request that fits in one chunk
    runs the sampler itself, as do samplers without a ``random_state``.
    """
    n_chunks = -(-sum(n_new.values()) // chunk_size)
    if n_chunks <= 1 or "random_state" not in latent_sampler.get_params():
        yield latent_sampler
        return
    seeds = check_random_state(latent_sampler.random_state).randint(
        np.iinfo(np.int32).max, size=n_chunks
    )
    for chunk, seed in enumerate(seeds):
        n_chunk = {
            label: n * (chunk + 1) // n_chunks - n * chunk // n_chunks
            for label, n in n_new.items()
        }
        sampler = clone(latent_sampler).set_params(random_state=seed)
        yield _asking_for(sampler, counts, n_chunk)


def _warn_on_other_counts(sampler, n_new, made, extra):
    """Warn when the latent sampler made other counts than asked for.

    BorderlineSMOTE, SVMSMOTE and ADASYN generate only around the samples
    they select, so a class may stay short of its target; ADASYN rounds its
    counts and may overshoot, and the samples beyond the target are dropped.
    """
    made = Counter(made.tolist())
    short = {
        np.asarray(label).tolist(): int(n - made[label])
        for label, n in n_new.items()
        if n > made[label]
    }
    name = type(sampler).__name__
    if short:
        warn_caller(
            f"{name} in latent space generated fewer samples than asked for; "
            f"missing per class: {short}. Such samplers only generate around the "
            "samples they select; use SMOTE (the default) for exact counts."
        )
    if extra:
        dropped = {np.asarray(label).tolist(): n for label, n in extra.items()}
        warn_caller(
            f"{name} in latent space generated more samples than asked for; the "
            f"samples beyond the counts asked for were dropped, per class: "
            f"{dropped}. Use SMOTE (the default) for exact counts."
        )
