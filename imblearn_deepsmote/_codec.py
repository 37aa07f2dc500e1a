"""The trained state of DeepSMOTE: rows to latent codes and back.

:class:`LatentCodec` owns everything training produces: the scaler, the
skorch net, and the codes, labels and rows of the training samples, which
generation draws from and whose reconstruction residuals it adds.
"""

import copy

import numpy as np
from sklearn.base import BaseEstimator
from sklearn.neighbors import NearestNeighbors

from ._callbacks import EpochProgressBar, StopOnDivergence
from ._kinds import kind_of
from ._net import DeepSMOTENet, train

# Parameters of a trained codec that a warm refit cannot change.
FIXED_BY_TRAINING = ("module", "input_shape", "latent_dim", "device")

# Generation works on arrays of at most this size: new codes are made in
# chunks of float32 codes, and decoded in batches of float64 rows, each of
# 8 MiB, so that its working set stays bounded however many samples are
# asked for. (Arrays far from glibc's mmap threshold, 32 MiB at most, are
# returned to the system when freed.)
CHUNK_BYTES = 2**23


class LatentCodec(BaseEstimator):
    """Maps rows of samples to latent codes and back with a trained autoencoder.

    Rows go in; decoded rows come out in the dtype and within the range of
    the training rows, with each code's reconstruction residual added on
    request.

    Parameters
    ----------
    module : class
        Autoencoder ``nn.Module`` class, built as
        ``module(input_shape=input_shape, latent_dim=latent_dim)``.

    input_shape : tuple of int
        ``(channels, height, width)`` for images, ``(n_features,)`` for rows.

    latent_dim : int
        Size of the latent code.

    penalty, penalty_weight, lr, max_epochs, batch_size, device
        As in :class:`DeepSMOTENet`.

    balanced_batches : bool
        As in :class:`DeepSMOTENet`.

    callbacks : list or None
        Extra skorch callbacks; copied, never modified.

    verbose : int
        Whether to show a progress bar over epochs.

    Attributes
    ----------
    scaler_ : transformer
        Maps rows to the autoencoder's scale and back.

    net_ : DeepSMOTENet
        The trained net.

    train_codes_ : ndarray of shape (n_samples, latent_dim)
        Codes of the training rows.

    train_labels_ : ndarray of shape (n_samples,)
        Labels of the training rows.

    train_rows_ : ndarray of shape (n_samples, n_features)
        The training rows, in their dtype: the source of the residuals.
    """

    def __init__(
        self,
        *,
        module,
        input_shape,
        latent_dim,
        penalty=None,
        penalty_weight=1.0,
        lr=1e-3,
        max_epochs=15,
        batch_size=100,
        balanced_batches=False,
        device="cpu",
        callbacks=None,
        verbose=0,
    ):
        self.module = module
        self.input_shape = input_shape
        self.latent_dim = latent_dim
        self.penalty = penalty
        self.penalty_weight = penalty_weight
        self.lr = lr
        self.max_epochs = max_epochs
        self.batch_size = batch_size
        self.balanced_batches = balanced_batches
        self.device = device
        self.callbacks = callbacks
        self.verbose = verbose

    def fit(self, X, y, *, seed):
        """Fit the scaler and train a new autoencoder on the rows.

        Parameters
        ----------
        X : ndarray of shape (n_samples, n_features)
            Training rows, numeric.

        y : ndarray of shape (n_samples,)
            Labels.

        seed : int or None
            Seed of torch's generators during training; None trains unseeded.

        Returns
        -------
        self : LatentCodec
        """
        self.net_ = DeepSMOTENet(
            self.module,
            module__input_shape=self.input_shape,
            module__latent_dim=self.latent_dim,
            device=self.device,
            verbose=0,
            # skorch's epoch table prints through builtins.print whatever
            # verbose says, and Ray's joblib backend replaces print in the
            # driver: without the callback nothing prints.
            callbacks__print_log=None,
            **self._training_params(),
        )
        return self._train(X, y, seed)

    def continued(self, X, y, *, seed, **params):
        """A copy of this codec, trained ``max_epochs`` more epochs on ``X``.

        ``params`` are this codec's parameters as they are now; those that
        training fixed (:data:`FIXED_BY_TRAINING`) must be unchanged. The
        scaler is fitted again on ``X``, so that the range of new samples
        follows the new data, and this codec is left as it is, whether
        training succeeds or not.
        """
        changed = [
            name for name in FIXED_BY_TRAINING if params[name] != getattr(self, name)
        ]
        if changed:
            details = "; ".join(
                f"{name} was {getattr(self, name)!r}, now {params[name]!r}"
                for name in changed
            )
            raise ValueError(
                "warm_start=True continues training the fitted autoencoder, whose "
                f"{' and '.join(changed)} cannot change ({details}). Set "
                "warm_start=False to train a new one."
            )
        codec = copy.deepcopy(self).set_params(**params)
        # skorch builds callbacks_ from the list it had before set_params.
        codec.net_.set_params(**codec._training_params()).initialize_callbacks()
        return codec._train(X, y, seed)

    def _training_params(self):
        net_callbacks = [("stop_on_divergence", StopOnDivergence())]
        if self.verbose:
            net_callbacks.append(("progress_bar", EpochProgressBar()))
        # skorch changes the callbacks it trains with, so the user's are copied.
        net_callbacks += copy.deepcopy(self.callbacks or [])
        return {
            "penalty": self.penalty,
            "penalty_weight": self.penalty_weight,
            "lr": self.lr,
            "max_epochs": self.max_epochs,
            "batch_size": self.batch_size,
            "balanced_batches": self.balanced_batches,
            "callbacks": net_callbacks,
        }

    def _train(self, X, y, seed):
        self.scaler_ = kind_of(self.input_shape).scaler().fit(X)
        _, y_codes = np.unique(y, return_inverse=True)
        train(self.net_, self._scaled(X), y_codes, seed=seed)
        self.train_rows_ = X.copy()
        self.train_labels_ = np.asarray(y).copy()
        self.train_codes_ = self.encode(X)
        self._nearest = {}
        return self

    def _scaled(self, X):
        return self.scaler_.transform(X).reshape(-1, *self.input_shape)

    def encode(self, X):
        """Latent codes of rows.

        Parameters
        ----------
        X : ndarray of shape (n_samples, n_features)

        Returns
        -------
        codes : ndarray of shape (n_samples, latent_dim), dtype float32
        """
        return self.net_.encode(self._scaled(X))

    def decode(self, codes, *, labels=None, out=None):
        """Rows decoded from codes, in the training dtype and range.

        Parameters
        ----------
        codes : ndarray of shape (n_codes, latent_dim)

        labels : ndarray of shape (n_codes,), default=None
            When given, each decoded code gets the reconstruction residual
            (the row minus the decoding of its code) of the training row of
            its label whose code is nearest.

        out : ndarray of shape (n_codes, n_features), default=None
            Where to write the rows; a new array when None.

        Returns
        -------
        rows : ndarray of shape (n_codes, n_features)
        """
        n_features = self.train_rows_.shape[1]
        if out is None:
            out = np.empty((len(codes), n_features), self.train_rows_.dtype)
        if labels is not None:
            nearest = self._nearest_training_rows(codes, labels)
        low, high = self.scaler_.data_min_, self.scaler_.data_max_
        step = max(1, CHUNK_BYTES // (8 * n_features))
        for start in range(0, len(codes), step):
            batch = slice(start, start + step)
            rows = self._decoded(codes[batch])
            if labels is not None:
                # Near the float64 limits the sum may overflow to inf, which
                # the clip takes back to the training range.
                with np.errstate(over="ignore"):
                    rows += self._residuals(nearest[batch])
            _clip_and_cast(rows, low, high, out[batch])
        return out

    @property
    def codes_per_chunk(self):
        """How many new codes generation makes at a time.

        Never fewer than the training codes: the latent sampler's output holds
        them as well, and each chunk repeats its neighbour search over them.
        """
        return max(CHUNK_BYTES // self.train_codes_[:1].nbytes, len(self.train_codes_))

    def _decoded(self, codes):
        """Codes decoded to float64 rows on the scale of the training rows."""
        decoded = self.net_.decode(codes)
        return self.scaler_.inverse_transform(decoded.reshape(len(decoded), -1))

    def _residuals(self, rows):
        """Reconstruction residuals of training rows, each decoded once a batch."""
        unique, inverse = np.unique(rows, return_inverse=True)
        # Data near the float64 limits may overflow to inf, which the clip
        # takes back to the training range.
        with np.errstate(over="ignore", invalid="ignore"):
            residuals = self.train_rows_[unique] - self._decoded(
                self.train_codes_[unique]
            )
        return residuals[inverse]

    def _nearest_training_rows(self, codes, labels):
        """Index of the training row of the same label whose code is nearest."""
        found = np.empty(len(codes), dtype=np.intp)
        for label in np.unique(labels):
            if label not in self._nearest:
                members = np.flatnonzero(self.train_labels_ == label)
                search = NearestNeighbors(n_neighbors=1).fit(self.train_codes_[members])
                self._nearest[label] = members, search
            members, search = self._nearest[label]
            rows = np.flatnonzero(labels == label)
            found[rows] = members[
                search.kneighbors(codes[rows], return_distance=False)[:, 0]
            ]
        return found

    def __getstate__(self):
        # The neighbour searches are rebuilt on demand, not saved.
        return {**super().__getstate__(), "_nearest": {}}


def fit_codec(X, y, *, seed, verbose=0, code_version=None, **params):
    """A :class:`LatentCodec` trained on ``(X, y)``; cached by ``memory``.

    Every argument but ``verbose`` determines the result, so that a
    :class:`joblib.Memory` can cache this function with ``verbose`` ignored.
    ``code_version`` is not used in training: it stands in the cache key for
    the code that trains (see :func:`~imblearn_deepsmote._cache.code_version`),
    which the arguments name without holding.
    """
    return LatentCodec(verbose=verbose, **params).fit(X, y, seed=seed)


def _clip_and_cast(rows, low, high, out):
    """Float rows clipped to the training range [low, high], written to ``out``.

    Integer and boolean dtypes are rounded. float64 rounds integers beyond
    2**53, and float(int64 max) is 2**63, which does not fit: integers are
    clipped to floats that fit the dtype before the cast, then to the range
    in the dtype itself.
    """
    np.clip(rows, low, high, out=rows)
    if out.dtype.kind not in "iu":
        out[...] = np.rint(rows) if out.dtype.kind == "b" else rows
        return
    info = np.iinfo(out.dtype)
    top = float(info.max)
    if int(top) > info.max:
        top = np.nextafter(top, 0.0)
    np.clip(np.rint(rows, out=rows), float(info.min), top, out=rows)
    np.clip(rows.astype(out.dtype), low, high, out=out)
