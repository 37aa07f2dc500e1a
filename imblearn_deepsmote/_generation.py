"""New samples: an over-sampler run on the training codes, decoded by the codec."""

import warnings
from collections import Counter

import numpy as np
from imblearn.over_sampling import SMOTE
from sklearn.base import clone
from sklearn.utils import check_random_state

from ._delta import DeltaOverSampler
from ._inner import asking_for, check_inner_sampler, new_samples, shortfall
from ._validation import warn_caller


def check_latent_sampler(latent_sampling, labels, n_new, seed):
    """The latent sampler of a fit, refused before training if it cannot run.

    Beyond its type, the sampler is run, on clones, on stand-in codes of
    the class counts of ``labels``: a class too small for its neighbours,
    donor classes absent from the data, a sampler that does not return the
    original samples first show here, not after training. It is refused
    only when it fails on every stand-in: codes of overlapping classes, of
    classes far apart that meet at one sample each, and of classes far
    apart, as samplers such as ADASYN fail on some of them by the layout of
    the codes, which training decides.

    Parameters
    ----------
    latent_sampling : LatentSampling
        The latent sampling of the fit.

    labels : ndarray of shape (n_samples,)
        Labels of the training samples.

    n_new : dict
        Number of new samples for each class.

    seed : int
        Seed of the latent sampler when it has none.

    Returns
    -------
    latent_sampler : imbalanced-learn over-sampler
        ``latent_sampling.sampler_for(labels, n_new, seed)``, not fitted.
    """
    if latent_sampling.latent_sampler is not None:
        check_inner_sampler(latent_sampling.latent_sampler, parameter="latent_sampler")
    sampler = latent_sampling.sampler_for(labels, n_new, seed)
    failures = []
    for codes in _stand_in_codes(labels, seed):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                new_samples(clone(sampler), codes, labels, role="latent_sampler")
        except Exception as error:  # any failure of a user's sampler, shown whole
            failures.append(error)
        else:
            return sampler
    error = failures[0]
    message = f"{type(error).__name__}: {str(error).rstrip('.')}."
    counts = Counter(labels.tolist())
    smallest = min(
        (label for label, n in n_new.items() if n > 0), key=counts.get, default=None
    )
    if "neighbors" in message and smallest is not None:
        message += (
            " The smallest class to over-sample, "
            f"{np.asarray(smallest).tolist()!r}, has {counts[smallest]} samples: "
            "an over-sampler that interpolates between neighbours needs its "
            "k_neighbors below that (or leave the class out of sampling_strategy)."
        )
    named = latent_sampling.latent_sampler
    if named is None:
        named = f"None ({default_latent_sampler(latent_sampling.k_neighbors)!r})"
    raise ValueError(
        f"latent_sampler={named!s} fails on stand-in codes "
        f"of the class counts of y, so it would fail on the codes after training: "
        f"{message}"
    ) from error


def default_latent_sampler(k_neighbors):
    """DeepSMOTE's latent sampler when its ``latent_sampler`` is None.

    Half of each class's new codes borrow the difference between a code of
    a frequent class and one of its neighbours, half are interpolated
    between neighbouring codes of the class, as SMOTE does.
    """
    return DeltaOverSampler(k_neighbors=k_neighbors, smote_share=0.5)


def _stand_in_codes(labels, seed):
    """Codes for ``labels``: of overlapping classes, then of classes apart.

    Of the classes apart, one sample of each class is first moved to the
    origin, where the classes meet: samplers that make new samples only
    near other classes, such as ADASYN, need such a border.
    """
    random_state = check_random_state(seed)
    _, classes = np.unique(labels, return_inverse=True)
    centres = random_state.normal(size=(classes.max() + 1, 4))[classes]
    noise = random_state.normal(size=(len(labels), 4))
    yield noise + centres
    apart = 0.01 * noise + 100 * centres
    bordered = apart.copy()
    bordered[np.unique(classes, return_index=True)[1]] = 0.0
    yield bordered
    yield apart


class LatentSampling:
    """How new latent codes are made, as fixed by ``fit_resample``.

    Holds the user's ``latent_sampler`` (or None for
    :func:`default_latent_sampler` with ``k_neighbors``) and ``residual`` as
    they were at fit time, so that :meth:`DeepSMOTE.generate` draws as the
    fit did, whatever ``set_params`` changed since; a refit takes the new
    values.

    Parameters
    ----------
    latent_sampler : imbalanced-learn over-sampler or None
        Cloned.

    k_neighbors : int or object
        Neighbours of the default latent sampler.

    residual : {"nearest"} or None
        As DeepSMOTE's: "nearest" adds to each new sample the reconstruction
        residual of the nearest training sample of its class.
    """

    def __init__(self, latent_sampler, k_neighbors, residual):
        self.latent_sampler = None if latent_sampler is None else clone(latent_sampler)
        self.k_neighbors = k_neighbors
        self.residual = residual

    def __setstate__(self, state):
        # Fits pickled before 0.4.0 stored residual as a bool, and their
        # default latent sampler was SMOTE.
        if isinstance(state.get("residual"), bool):
            state = {**state, "residual": "nearest" if state["residual"] else None}
            if state.get("latent_sampler") is None:
                state["latent_sampler"] = SMOTE(k_neighbors=state["k_neighbors"])
        vars(self).update(state)

    def __repr__(self):
        return (
            f"LatentSampling(latent_sampler={self.latent_sampler!r}, "
            f"k_neighbors={self.k_neighbors!r}, residual={self.residual!r})"
        )

    def sampler_for(self, labels, n_new, seed, *, reseed=False):
        """The over-sampler that adds ``n_new[label]`` codes to each class.

        A clone of ``latent_sampler``, or of :func:`default_latent_sampler`
        with ``k_neighbors``, asked for the class counts of ``labels`` plus
        ``n_new``. Its ``random_state`` is ``seed`` when it was None, or
        always with ``reseed``.
        """
        sampler = self.latent_sampler
        if sampler is None:
            sampler = default_latent_sampler(self.k_neighbors)
        own_seed = sampler.get_params().get("random_state")
        return asking_for(
            sampler,
            Counter(labels),
            n_new,
            seed if reseed or own_seed is None else None,
        )

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
            new_codes, new_labels, dropped = new_samples(
                chunk, codes, labels, role="latent_sampler"
            )
            extra.update(dropped)
            codec.decode(
                new_codes,
                labels=new_labels if self.residual == "nearest" else None,
                out=out[n_made : n_made + len(new_codes)],
            )
            n_made += len(new_codes)
            made.append(new_labels)
        made = np.concatenate(made)
        _warn_on_other_counts(sampler, n_new, made, extra)
        return made


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
        yield asking_for(latent_sampler, counts, n_chunk, seed)


def _warn_on_other_counts(sampler, n_new, made, extra):
    """Warn when the latent sampler made other counts than asked for.

    BorderlineSMOTE, SVMSMOTE and ADASYN generate only around the samples
    they select, so a class may stay short of its target; ADASYN rounds its
    counts and may overshoot, and the samples beyond the target are dropped.
    """
    short = shortfall(n_new, made)
    name = type(sampler).__name__
    if short:
        warn_caller(
            f"{name} in latent space generated fewer samples than asked for; "
            f"missing per class: {short}. Such samplers only generate around the "
            "samples they select; use the default latent sampler or SMOTE for "
            "exact counts."
        )
    if extra:
        dropped = {np.asarray(label).tolist(): n for label, n in extra.items()}
        warn_caller(
            f"{name} in latent space generated more samples than asked for; the "
            f"samples beyond the counts asked for were dropped, per class: "
            f"{dropped}. Use the default latent sampler or SMOTE for exact counts."
        )
