"""DeepSMOTE: SMOTE in the latent space of a trained autoencoder."""

import numbers
import warnings
from collections import Counter
from types import MappingProxyType

import numpy as np
import torch
from imblearn.over_sampling import SMOTE
from imblearn.over_sampling.base import BaseOverSampler
from imblearn.utils import Substitution
from imblearn.utils._docstring import _random_state_docstring
from scipy import sparse
from sklearn.base import clone
from sklearn.neighbors import NearestNeighbors
from sklearn.utils import check_array, check_random_state
from sklearn.utils._param_validation import HasMethods, Interval, StrOptions
from sklearn.utils.validation import check_is_fitted, check_memory, validate_data

from ._architectures import ConvAutoencoder, MLPAutoencoder, PaperAutoencoder
from ._net import PENALTY_FORMS, continue_training, fit_autoencoder
from ._scaling import FeatureScaler, ImageScaler

# Generation makes and decodes new latent codes in chunks of at most this many
# values (16 MiB of float64), so that its working set stays bounded.
GENERATION_CHUNK_VALUES = 2**21

PAPER_SETTINGS = MappingProxyType(
    {
        "module": PaperAutoencoder,
        "latent_dim": 300,
        "penalty": "paper",
        "lr": 2e-4,
        "batch_size": 100,
        "max_epochs": 200,
        "residual": None,
    }
)


@Substitution(
    sampling_strategy=BaseOverSampler._sampling_strategy_docstring,
    random_state=_random_state_docstring,
)
class DeepSMOTE(BaseOverSampler):
    """Over-sample with SMOTE in the latent space of a trained autoencoder.

    DeepSMOTE [1]_ trains an encoder/decoder on all classes, with a
    reconstruction loss plus a penalty loss that teaches the decoder to map
    the code of a same-class neighbour onto a sample. It then encodes the
    classes to over-sample, runs SMOTE (or another over-sampler) on their
    codes, and decodes the new codes into new samples; by default each gets
    back the detail that decoding loses, from the nearest real sample of its
    class (``residual``). Interpolating between codes rather than pixels
    yields realistic images where SMOTE in pixel space yields blurred
    overlays.

    It is a drop-in replacement for :class:`~imblearn.over_sampling.SMOTE`
    on tabular rows, and handles images given as flattened rows (set
    ``input_shape``) or as arrays of shape (n_samples, height, width) or
    (n_samples, channels, height, width).

    Parameters
    ----------
    {sampling_strategy}

    {random_state}

    k_neighbors : int or object, default=5
        The nearest neighbours, in latent space, used to interpolate new
        codes, exactly as :class:`~imblearn.over_sampling.SMOTE` takes it:
        an int, or an object with ``kneighbors`` and ``kneighbors_graph``.
        Used only when ``latent_sampler`` is None. An int larger than the
        smallest class to over-sample allows is reduced, with a warning.

    latent_sampler : imbalanced-learn over-sampler, default=None
        The over-sampler run on the latent codes of all training samples,
        e.g. ``BorderlineSMOTE()`` or ``ADASYN()``. It is cloned; its
        ``sampling_strategy`` is set to produce the counts that this
        sampler's ``sampling_strategy`` asks for, and its ``random_state``,
        when None, is derived from ``random_state``. None means
        ``SMOTE(k_neighbors=k_neighbors)``.

    input_shape : tuple of int, default=None
        Layout of one image, ``(channels, height, width)`` or
        ``(height, width)``, when each row of ``X`` is a flattened image.
        None treats 2-D ``X`` as tabular rows, and takes the layout of n-D
        ``X`` from its shape.

    latent_dim : int, default=None
        Size of the latent code. None uses 300 for images (the paper's
        value), and half the number of features, between 2 and 64, for
        tabular rows; never more than the number of features.

    max_epochs : int, default=15
        Training epochs. 15 epochs of the default network take 35 to 46 s
        on 9,000 28x28 images on 2 CPU cores; small data sets need more
        epochs for as many optimiser steps.

    batch_size : int, default=100
        Samples per training batch, and per batch of the penalty loss.

    lr : float, default=1e-3
        Learning rate of the Adam optimiser.

    penalty : {{"paper", "released"}} or None, default=None
        Form of the penalty loss (see :class:`DeepSMOTENet`). "paper" decodes
        a same-class neighbour's code and compares it with the sample, with
        gradients through encoder and decoder; "released" is the authors'
        script form, an extra reconstruction of one class through the decoder
        only; None trains a plain autoencoder. None is the default because
        it is the fastest and scored within the seed spread of both forms
        downstream (``benchmarks/RESULTS.md``).

    penalty_weight : float, default=1.0
        Weight of the penalty loss against the reconstruction loss.

    residual : {{"nearest"}} or None, default="nearest"
        How a new code becomes a sample. None decodes it as it is, as the
        paper does. "nearest" adds to the decoded code the reconstruction
        residual of the training sample of its class whose code is nearest
        (that sample minus the decoding of its code): the detail that the
        autoencoder does not reproduce is taken from a real sample instead
        of being lost, and a new code equal to a training code gives back
        that training sample. It is the default because it raised the
        benchmark's balanced accuracy on long-tailed Fashion-MNIST by 2.8
        points over None (three seeds, ``benchmarks/RESULTS.md``). It
        affects generation only, not training.

    module : class, default=None
        Autoencoder ``nn.Module`` class, built as
        ``module(input_shape=..., latent_dim=...)`` and exposing ``encode``
        and ``decode``. None chooses :class:`ConvAutoencoder` for images and
        :class:`MLPAutoencoder` for tabular rows; :class:`PaperAutoencoder`
        reproduces the paper's 28x28 network.

    device : str, default="cpu"
        Torch device to train and generate on, e.g. "cuda".

    verbose : int, default=0
        0 trains silently; 1 shows a progress bar over epochs with the loss.

    callbacks : list of skorch callbacks, default=None
        Extra callbacks for the skorch net (copied, never modified), e.g.
        ``[skorch.callbacks.LRScheduler(...)]``.

    memory : str or object with the joblib.Memory interface, default=None
        Where to cache the trained autoencoder, as scikit-learn's Pipeline
        takes it: None caches nothing; a str is a cache directory. The cache
        is keyed by the training data and every parameter that affects
        training, so a grid search over parameters that only affect
        generation (``k_neighbors``, ``latent_sampler``,
        ``sampling_strategy``) trains one autoencoder per fold, not one per
        candidate.

    warm_start : bool, default=False
        When True, ``fit_resample`` on a fitted sampler trains its
        autoencoder ``max_epochs`` more epochs instead of a new one, keeping
        the scaling learnt in the first fit.

    Attributes
    ----------
    sampling_strategy_ : dict
        Number of samples to generate for each class.

    autoencoder_ : DeepSMOTENet
        The fitted skorch net; its ``module_`` is the trained autoencoder.

    latent_sampler_ : imbalanced-learn over-sampler
        The over-sampler that produced the new latent codes, set up for the
        counts of the whole request. Larger requests (more than 6,990 new
        codes at ``latent_dim=300``: 2**21 latent values) run clones of it on
        chunks of the counts, each with its own seed, so that memory stays
        bounded.

    scaler_ : transformer
        Maps samples to the autoencoder's scale and back (clipping to the
        training range).

    input_shape_ : tuple of int
        Layout of one sample: ``(channels, height, width)`` for images,
        ``(n_features,)`` for tabular rows.

    latent_dim_ : int
        Size of the latent code.

    train_codes_ : ndarray of shape (n_samples, `latent_dim_`)
        Latent codes of the training samples, from which :meth:`generate`
        draws.

    train_labels_ : ndarray of shape (n_samples,)
        Labels of the training samples.

    train_samples_ : ndarray of shape (n_samples, `n_features_in_`)
        The training samples as rows, in their dtype, whose residuals
        ``residual="nearest"`` adds.

    train_dtype_ : numpy dtype
        Dtype of the training samples, and of generated ones.

    n_features_in_ : int
        Number of features (pixels times channels for images).

    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of features seen during `fit_resample`. Defined only when `X`
        has feature names that are all strings.

    See Also
    --------
    imblearn.over_sampling.SMOTE : SMOTE in the input space.
    DeepSMOTENet : The skorch net that trains the autoencoder.

    Notes
    -----
    The original samples come first in the output, followed by the synthetic
    ones. Synthetic samples are clipped to the training range and cast to the
    dtype of ``X`` (rounded for integer dtypes).

    With the same ``random_state``, results are identical on the CPU in the
    same environment.

    References
    ----------
    .. [1] D. Dablain, B. Krawczyk, N. V. Chawla, "DeepSMOTE: Fusing Deep
       Learning and SMOTE for Imbalanced Data", IEEE Transactions on Neural
       Networks and Learning Systems, 2022.

    Examples
    --------
    >>> from collections import Counter
    >>> from sklearn.datasets import make_classification
    >>> from imblearn_deepsmote import DeepSMOTE
    >>> X, y = make_classification(n_classes=2, weights=[0.1, 0.9],
    ...                            n_samples=500, random_state=10)
    >>> print(sorted(Counter(y.tolist()).items()))
    [(0, 50), (1, 450)]
    >>> sampler = DeepSMOTE(max_epochs=5, random_state=42)
    >>> X_res, y_res = sampler.fit_resample(X, y)
    >>> print(sorted(Counter(y_res.tolist()).items()))
    [(0, 450), (1, 450)]
    """

    _parameter_constraints: dict = {
        **BaseOverSampler._parameter_constraints,
        "k_neighbors": [
            Interval(numbers.Integral, 1, None, closed="left"),
            HasMethods(["kneighbors", "kneighbors_graph"]),
        ],
        "latent_sampler": [HasMethods(["fit_resample"]), None],
        "input_shape": [tuple, list, None],
        "latent_dim": [Interval(numbers.Integral, 1, None, closed="left"), None],
        "max_epochs": [Interval(numbers.Integral, 1, None, closed="left")],
        "batch_size": [Interval(numbers.Integral, 1, None, closed="left")],
        "lr": [Interval(numbers.Real, 0, None, closed="neither")],
        "penalty": [StrOptions(set(PENALTY_FORMS)), None],
        "penalty_weight": [Interval(numbers.Real, 0, None, closed="left")],
        "residual": [StrOptions({"nearest"}), None],
        "module": [callable, None],
        "device": [str],
        "verbose": ["verbose"],
        "callbacks": [list, None],
        "memory": [None, str, HasMethods(["cache"])],
        "warm_start": ["boolean"],
    }

    def __init__(
        self,
        *,
        sampling_strategy="auto",
        random_state=None,
        k_neighbors=5,
        latent_sampler=None,
        input_shape=None,
        latent_dim=None,
        max_epochs=15,
        batch_size=100,
        lr=1e-3,
        penalty=None,
        penalty_weight=1.0,
        residual="nearest",
        module=None,
        device="cpu",
        verbose=0,
        callbacks=None,
        memory=None,
        warm_start=False,
    ):
        super().__init__(sampling_strategy=sampling_strategy)
        self.random_state = random_state
        self.k_neighbors = k_neighbors
        self.latent_sampler = latent_sampler
        self.input_shape = input_shape
        self.latent_dim = latent_dim
        self.max_epochs = max_epochs
        self.batch_size = batch_size
        self.lr = lr
        self.penalty = penalty
        self.penalty_weight = penalty_weight
        self.residual = residual
        self.module = module
        self.device = device
        self.verbose = verbose
        self.callbacks = callbacks
        self.memory = memory
        self.warm_start = warm_start

    def fit_resample(self, X, y):
        """Train the autoencoder and resample the data set.

        Parameters
        ----------
        X : {array-like, dataframe} of shape (n_samples, n_features), \
                (n_samples, height, width) or (n_samples, channels, height, width)
            Samples; images may be flattened rows (see ``input_shape``) or
            n-D arrays.

        y : array-like of shape (n_samples,)
            Class labels.

        Returns
        -------
        X_resampled : {ndarray, dataframe, list}
            The original samples followed by the synthetic ones, of the type,
            dtype and per-sample shape of ``X``.

        y_resampled : {ndarray, series, list} of shape (n_samples_new,)
            The labels of ``X_resampled``.
        """
        try:
            images = _as_images(X)
            if images is None:
                return super().fit_resample(X, y, integer_columns=_integer_columns(X))
            rows = images.reshape(len(images), -1)
            X_res, y_res = super().fit_resample(
                rows, y, image_shape=_image_shape(images)
            )
            X_res = X_res.reshape(-1, *images.shape[1:])
            return (X_res.tolist() if isinstance(X, list) else X_res), y_res
        except BaseException:
            # A fit that did not finish, by an error or Ctrl-C, leaves the
            # sampler unfitted rather than half-updated.
            self._forget_fit()
            raise

    def _forget_fit(self):
        for name in [
            name
            for name in vars(self)
            if name.endswith("_") and not name.startswith("__")
        ]:
            delattr(self, name)

    def fit(self, X, y):
        """Check the inputs and compute ``sampling_strategy_``, without training.

        Use :meth:`fit_resample` to train the autoencoder and resample.

        Parameters
        ----------
        X : {array-like, dataframe} of shape (n_samples, n_features), \
                (n_samples, height, width) or (n_samples, channels, height, width)
            Samples, as for :meth:`fit_resample`.

        y : array-like of shape (n_samples,)
            Class labels.

        Returns
        -------
        self : object
            The sampler.
        """
        images = _as_images(X)
        return super().fit(X if images is None else images.reshape(len(X), -1), y)

    def _check_X_y(self, X, y, accept_sparse=False):
        try:
            X, y, binarize_y = super()._check_X_y(X, y, accept_sparse=accept_sparse)
        except ValueError as error:
            if "convert" not in str(error).lower():
                raise
            raise ValueError(_NUMERIC_FEATURES.format(error)) from error
        if X.dtype.kind not in "biuf":
            raise ValueError(_NUMERIC_FEATURES.format(f"X has dtype {X.dtype}."))
        return X, y, binarize_y

    def _fit_resample(self, X, y, image_shape=None, integer_columns=None):
        _check_device(self.device)
        random_state = check_random_state(self.random_state)
        training_seed, sampling_seed = random_state.randint(
            np.iinfo(np.int32).max, size=2
        )
        _, y_codes = np.unique(y, return_inverse=True)
        if self.warm_start and hasattr(self, "autoencoder_"):
            self._check_warm_start_input(X.shape[1], image_shape)
            X_scaled = self.scaler_.transform(X).reshape(-1, *self.input_shape_)
            continue_training(self.autoencoder_, X_scaled, y_codes, seed=training_seed)
        else:
            self.input_shape_ = self._resolve_input_shape(X.shape[1], image_shape)
            self.latent_dim_ = self._resolve_latent_dim()
            self.scaler_ = (
                ImageScaler() if len(self.input_shape_) == 3 else FeatureScaler()
            )
            X_scaled = self.scaler_.fit_transform(X).reshape(-1, *self.input_shape_)
            train = check_memory(self.memory).cache(fit_autoencoder, ignore=["verbose"])
            self.autoencoder_ = train(
                X_scaled, y_codes, seed=training_seed, **self._training_params()
            )

        self.train_codes_ = self.autoencoder_.encode(X_scaled)
        self.train_labels_ = y.copy()
        self.train_samples_ = X.copy()
        self.train_dtype_ = X.dtype
        self.latent_sampler_ = self._make_latent_sampler(
            self.sampling_strategy_, sampling_seed
        )
        X_res, y_new = self._sample(self.latent_sampler_, X.dtype, head=X)
        if integer_columns is not None:
            # Integer and boolean columns of a mixed DataFrame arrive as float.
            new = X_res[len(X) :, integer_columns]
            X_res[len(X) :, integer_columns] = np.rint(new)
        return X_res, np.concatenate([y, y_new])

    def _training_params(self):
        """Every parameter that shapes the trained autoencoder: the cache key."""
        if self.module is not None:
            module = self.module
        elif len(self.input_shape_) == 3:
            module = ConvAutoencoder
        else:
            module = MLPAutoencoder
        return {
            "module": module,
            "input_shape": self.input_shape_,
            "latent_dim": self.latent_dim_,
            "penalty": self.penalty,
            "penalty_weight": self.penalty_weight,
            "lr": self.lr,
            "max_epochs": self.max_epochs,
            "batch_size": self.batch_size,
            "device": self.device,
            "callbacks": self.callbacks,
            "verbose": self.verbose,
        }

    def _check_warm_start_input(self, n_features, image_shape):
        if n_features != np.prod(self.input_shape_) or (
            image_shape is not None and image_shape != self.input_shape_
        ):
            raise ValueError(
                "warm_start=True continues training the fitted autoencoder, which "
                f"takes samples of shape {self.input_shape_}; X has "
                f"{image_shape or n_features}. Set warm_start=False to train a new "
                "one."
            )

    def _sample(self, latent_sampler, dtype, head=None):
        """Decoded new codes that ``latent_sampler`` adds to the training codes.

        The samples are written into one output array, after the rows of
        ``head`` when given, so that memory beyond that array stays bounded
        however many samples are asked for.
        """
        counts = Counter(self.train_labels_)
        n_asked = sum(
            target - counts[label]
            for label, target in latent_sampler.sampling_strategy.items()
        )
        n_head = 0 if head is None else len(head)
        # np.empty leaves pages that a sampler short of its target never fills
        # unallocated.
        out = np.empty((n_head + n_asked, self.n_features_in_), dtype=dtype)
        if head is not None:
            out[:n_head] = head
        n_train = len(self.train_codes_)
        filled, labels = n_head, []
        if self.residual == "nearest":
            nearest = _nearest_of_class(self.train_codes_, self.train_labels_)
        chunk_size = max(1, GENERATION_CHUNK_VALUES // self.latent_dim_)
        for sampler in _in_chunks(latent_sampler, counts, chunk_size):
            codes_res, y_res = sampler.fit_resample(
                self.train_codes_, self.train_labels_
            )
            if not np.array_equal(codes_res[:n_train], self.train_codes_):
                raise ValueError(
                    f"latent_sampler {latent_sampler!r} did not return the "
                    "original samples first; DeepSMOTE needs an over-sampler that "
                    "appends the new samples after the original ones, as SMOTE "
                    "does."
                )
            new_codes, new_labels = codes_res[n_train:], y_res[n_train:]
            bases = None
            if self.residual == "nearest":
                bases = nearest(new_codes, new_labels)
            self._decode_scaled(new_codes, dtype, out=out[filled:], bases=bases)
            filled += len(new_codes)
            labels.append(new_labels)
        y_new = np.concatenate(labels) if labels else self.train_labels_[:0]
        _warn_on_shortfall(latent_sampler, counts, y_new)
        return out[:filled], y_new

    def generate(self, n_samples, *, random_state=None):
        """Draw new synthetic samples from the trained autoencoder.

        Runs the latent sampler again on the codes of the training samples
        and decodes the new codes, without retraining.

        Parameters
        ----------
        n_samples : dict
            Number of new samples for each class, e.g. ``{"cat": 100}``.

        random_state : int, RandomState instance or None, default=None
            Seed of the latent sampler; an int gives reproducible samples.

        Returns
        -------
        X_new : ndarray of shape (sum of n_samples, `n_features_in_`)
            New samples as rows, in the dtype of the training data.

        y_new : ndarray of shape (sum of n_samples,)
            Their labels.
        """
        check_is_fitted(self, "autoencoder_")
        unknown = set(n_samples) - set(self.train_labels_.tolist())
        if unknown:
            raise ValueError(
                f"n_samples names classes that were not in the training data: "
                f"{sorted(unknown, key=str)}."
            )
        seed = check_random_state(random_state).randint(np.iinfo(np.int32).max)
        latent_sampler = self._make_latent_sampler(n_samples, seed)
        return self._sample(latent_sampler, self.train_dtype_)

    def _resolve_input_shape(self, n_features, image_shape):
        if self.input_shape is None:
            return image_shape or (n_features,)
        shape = tuple(self.input_shape)
        if len(shape) not in (2, 3) or not all(
            isinstance(side, numbers.Integral) and side > 0 for side in shape
        ):
            raise ValueError(
                "input_shape must be (channels, height, width) or (height, width) "
                f"with positive integers, got {self.input_shape!r}."
            )
        if len(shape) == 2:
            shape = (1, *shape)
        if image_shape is not None and image_shape != shape:
            raise ValueError(
                f"input_shape={self.input_shape!r} does not match the images "
                f"passed, whose layout is {image_shape}. Leave input_shape=None "
                "for n-D image arrays."
            )
        if np.prod(shape) != n_features:
            raise ValueError(
                f"input_shape={self.input_shape!r} describes images of "
                f"{np.prod(shape)} values, but X has {n_features} features per "
                "row. Pass the (channels, height, width) of one image, or "
                "input_shape=None for tabular rows."
            )
        return shape

    def _resolve_latent_dim(self):
        if self.latent_dim is not None:
            return self.latent_dim
        n_features = int(np.prod(self.input_shape_))
        if len(self.input_shape_) == 3:
            return min(300, n_features)
        return min(n_features, max(2, min(64, n_features // 2)))

    def _make_latent_sampler(self, n_new_per_class, seed):
        counts = Counter(self.train_labels_)
        targets = {
            label: counts[label] + n_new
            for label, n_new in n_new_per_class.items()
            if n_new > 0
        }
        if self.latent_sampler is None:
            sampler = SMOTE(k_neighbors=self._fitting_k_neighbors(counts, targets))
        else:
            sampler = clone(self.latent_sampler)
            if getattr(sampler, "_sampling_type", None) != "over-sampling":
                raise ValueError(
                    "latent_sampler must be an imbalanced-learn over-sampler, such "
                    f"as SMOTE or ADASYN; got {self.latent_sampler!r}."
                )
        params = {"sampling_strategy": targets}
        if "random_state" in sampler.get_params() and sampler.random_state is None:
            params["random_state"] = seed
        return sampler.set_params(**params)

    def _fitting_k_neighbors(self, counts, targets):
        """k_neighbors, reduced if a class to over-sample is too small for it."""
        smallest = min(targets, key=counts.get, default=None)
        if smallest is None:
            return self.k_neighbors
        n_smallest = counts[smallest]
        label = np.asarray(smallest).tolist()  # 1 or 'cat', not np.int64(1)
        if n_smallest < 2:
            raise ValueError(
                f"Class {label!r} has a single sample: SMOTE needs two samples "
                "of a class to interpolate between. Leave the class out of a dict "
                "sampling_strategy, or use "
                "latent_sampler=RandomOverSampler(shrinkage=...) to draw new codes "
                "around that sample."
            )
        if isinstance(self.k_neighbors, numbers.Integral):
            if self.k_neighbors < n_smallest:
                return self.k_neighbors
            k_neighbors = n_smallest - 1
        else:
            n_neighbors = self.k_neighbors.get_params().get("n_neighbors")
            if n_neighbors is None or n_neighbors <= n_smallest:
                return self.k_neighbors
            k_neighbors = clone(self.k_neighbors).set_params(n_neighbors=n_smallest)
        warnings.warn(
            f"Class {label!r} has only {n_smallest} samples, too few for "
            f"k_neighbors={self.k_neighbors!r}; using {n_smallest - 1} neighbours "
            "in latent space instead.",
            UserWarning,
            stacklevel=3,
        )
        return k_neighbors

    def _decode_scaled(self, codes, dtype, out=None, bases=None):
        """Samples decoded from ``codes``, written to the first rows of ``out``.

        ``bases``, when given, holds for each code the index of a training
        sample whose reconstruction residual is added to the decoded code.
        """
        if out is None:
            out = np.empty((len(codes), self.n_features_in_), dtype=dtype)
        # Batch by batch into the output, so that the float64 working set stays
        # bounded however many samples are asked for.
        chunk = max(1, 2**20 // self.n_features_in_)  # 8 MiB of float64
        for start in range(0, len(codes), chunk):
            stop = min(start + chunk, len(codes))
            samples = self._decoded_rows(codes[start:stop])
            if bases is not None:
                base = bases[start:stop]
                base_decoded = self._decoded_rows(self.train_codes_[base])
                # Data near the float64 limits may overflow to inf, which the
                # clip takes back to the training range.
                with np.errstate(over="ignore"):
                    samples += self.train_samples_[base] - base_decoded
                np.clip(
                    samples, self.scaler_.data_min_, self.scaler_.data_max_, out=samples
                )
            out[start:stop] = _cast_within(samples, dtype, self.scaler_)
        return out[: len(codes)]

    def _decoded_rows(self, codes):
        """Codes decoded to float64 rows on the scale of the training data."""
        decoded = self.autoencoder_.decode(codes)
        return self.scaler_.inverse_transform(decoded.reshape(len(decoded), -1))

    def encode(self, X):
        """Latent codes of samples, with the trained encoder.

        Parameters
        ----------
        X : {array-like, dataframe} of shape (n_samples, n_features) or \
                (n_samples, `*image_shape`)
            Samples in the layout given to ``fit_resample``.

        Returns
        -------
        codes : ndarray of shape (n_samples, `latent_dim_`), dtype float32
        """
        check_is_fitted(self, "autoencoder_")
        if np.ndim(X) > 2:
            X = np.asarray(X).reshape(len(X), -1)
        X = validate_data(self, X, reset=False)
        X_scaled = self.scaler_.transform(X).reshape(-1, *self.input_shape_)
        return self.autoencoder_.encode(X_scaled)

    def decode(self, Z):
        """Samples decoded from latent codes, with the trained decoder.

        Decoded samples are mapped back to the scale of the training data and
        clipped to its range, as float64 rows; reshape them with
        ``input_shape_`` to get images. They are the decoder's output alone:
        the residual that generation adds (``residual``) is not added.

        Parameters
        ----------
        Z : array-like of shape (n_codes, `latent_dim_`)
            Latent codes, e.g. from :meth:`encode`.

        Returns
        -------
        samples : ndarray of shape (n_codes, `n_features_in_`)
        """
        check_is_fitted(self, "autoencoder_")
        Z = check_array(Z, dtype=np.float32)
        if Z.shape[1] != self.latent_dim_:
            raise ValueError(
                f"Z has {Z.shape[1]} columns, but the codes of this sampler have "
                f"latent_dim_={self.latent_dim_}."
            )
        return self._decode_scaled(Z, np.float64)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = False
        return tags


_NUMERIC_FEATURES = (
    "DeepSMOTE needs numeric features; encode categorical or text columns "
    "first (e.g. with OneHotEncoder). Original error: {}"
)


def _in_chunks(latent_sampler, counts, chunk_size):
    """The latent sampler, or clones of it for chunks of its counts.

    Each clone asks for about ``chunk_size`` new samples, the classes in
    proportion, and gets its own ``random_state`` drawn from the sampler's,
    so that chunks do not repeat each other. A request that fits in one chunk
    runs the sampler itself, as do samplers without a ``random_state``.
    """
    new = {
        label: target - counts[label]
        for label, target in latent_sampler.sampling_strategy.items()
    }
    n_chunks = -(-sum(new.values()) // chunk_size)
    if n_chunks <= 1 or "random_state" not in latent_sampler.get_params():
        yield latent_sampler
        return
    seeds = check_random_state(latent_sampler.random_state).randint(
        np.iinfo(np.int32).max, size=n_chunks
    )
    for chunk, seed in enumerate(seeds):
        targets = {
            label: counts[label]
            + n_new * (chunk + 1) // n_chunks
            - n_new * chunk // n_chunks
            for label, n_new in new.items()
        }
        yield clone(latent_sampler).set_params(
            sampling_strategy={
                label: target
                for label, target in targets.items()
                if target > counts[label]
            },
            random_state=seed,
        )


def _nearest_of_class(train_codes, train_labels):
    """A search for the nearest training code of the same class.

    The returned function maps new codes and their labels to the indices of
    those training codes; it fits each class's search once, on first use.
    """
    members, searches = {}, {}

    def nearest(codes, labels):
        found = np.empty(len(codes), dtype=np.intp)
        for label in np.unique(labels):
            if label not in searches:
                members[label] = np.flatnonzero(train_labels == label)
                searches[label] = NearestNeighbors(n_neighbors=1).fit(
                    train_codes[members[label]]
                )
            rows = np.flatnonzero(labels == label)
            index = searches[label].kneighbors(codes[rows], return_distance=False)
            found[rows] = members[label][index[:, 0]]
        return found

    return nearest


def _warn_on_shortfall(latent_sampler, counts, y_new):
    """Warn when the latent sampler made fewer samples than asked for.

    BorderlineSMOTE, SVMSMOTE and ADASYN generate only around the samples they
    select, so a class may stay short of its target without an error.
    """
    made = Counter(y_new)
    short = {
        np.asarray(label).tolist(): int(target - counts[label] - made[label])
        for label, target in latent_sampler.sampling_strategy.items()
        if target - counts[label] > made[label]
    }
    if short:
        warnings.warn(
            f"{type(latent_sampler).__name__} in latent space generated fewer "
            f"samples than asked for; missing per class: {short}. Such samplers "
            "only generate around the samples they select; use SMOTE (the "
            "default) for exact counts.",
            UserWarning,
            stacklevel=4,
        )


def _cast_within(samples, dtype, scaler):
    """Float samples cast to dtype, rounded for integers, within the training range."""
    dtype = np.dtype(dtype)
    if dtype.kind == "b":
        return np.rint(samples).astype(dtype)
    if dtype.kind not in "iu":
        return samples.astype(dtype)
    info = np.iinfo(dtype)
    # float64 rounds integers beyond 2**53, and float(int64 max) is 2**63, which
    # does not fit: clip to floats that do, then to the range in the dtype itself.
    high = float(info.max)
    if int(high) > info.max:
        high = np.nextafter(high, 0.0)
    samples = np.clip(np.rint(samples), float(info.min), high).astype(dtype)
    return np.clip(samples, scaler.data_min_, scaler.data_max_).astype(dtype)


def _as_images(X):
    """X as an n-D array of images, or None when X holds rows; refuses sparse X."""
    if sparse.issparse(X) or hasattr(X, "sparse"):
        raise TypeError(
            "DeepSMOTE needs dense data, got a sparse matrix. Convert it "
            "with X.toarray() (or DataFrame.sparse.to_dense()) first."
        )
    if np.ndim(X) <= 2:
        return None
    images = np.asarray(X)
    _image_shape(images)
    return images


def _integer_columns(X):
    """Mask of the integer and boolean columns of a DataFrame, else None."""
    dtypes = getattr(X, "dtypes", None)
    if dtypes is None or np.ndim(dtypes) != 1:
        return None
    return np.array([getattr(dtype, "kind", "O") in "biu" for dtype in dtypes])


def _image_shape(images):
    """(channels, height, width) of an n-D image array."""
    if images.ndim == 3:
        return (1, *images.shape[1:])
    if images.ndim == 4:
        return tuple(images.shape[1:])
    raise ValueError(
        "DeepSMOTE takes images as (n_samples, height, width) or "
        f"(n_samples, channels, height, width) arrays; got shape {images.shape}."
    )


def _check_device(device):
    try:
        device = torch.device(device)
    except RuntimeError as error:
        raise ValueError(
            f"device={device!r} is not a torch device; use 'cpu' or 'cuda'."
        ) from error
    if device.type == "cuda" and not torch.cuda.is_available():
        raise ValueError(
            f"device={str(device)!r} was requested, but PyTorch finds no CUDA GPU "
            "on this machine (torch.cuda.is_available() is False). Use "
            "device='cpu', or install a CUDA build of PyTorch on a GPU machine."
        )
