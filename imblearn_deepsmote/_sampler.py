"""DeepSMOTE: SMOTE in the latent space of a trained autoencoder."""

import contextlib
import numbers
from collections.abc import Mapping
from types import MappingProxyType

import numpy as np
from imblearn.over_sampling.base import BaseOverSampler
from imblearn.utils import Substitution, check_sampling_strategy
from imblearn.utils._docstring import _random_state_docstring
from sklearn.preprocessing import label_binarize
from sklearn.utils import check_array, check_random_state
from sklearn.utils._param_validation import HasMethods, Interval, StrOptions
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, validate_data

from ._architectures import PAPER_REFERENCE, PaperAutoencoder
from ._cache import check_cacheable, code_version, locking_memory
from ._codec import fit_codec
from ._generation import LatentSampling, check_latent_sampler
from ._kinds import kind_of
from ._layout import SampleLayout
from ._net import PENALTY_FORMS
from ._validation import check_device, warn_caller

# max_epochs="auto": this many epochs, or fewer where they would take more
# than AUTO_STEPS optimiser steps.
AUTO_EPOCHS = 15
AUTO_STEPS = 1500

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
    paper_reference=PAPER_REFERENCE,
)
class DeepSMOTE(BaseOverSampler):
    """Over-sample with SMOTE in the latent space of a trained autoencoder.

    DeepSMOTE [1]_ trains an encoder/decoder on all classes, with a
    reconstruction loss plus a penalty loss that teaches the decoder to map
    the code of a same-class neighbour onto a sample. It then encodes the
    classes to over-sample, runs SMOTE (or another over-sampler) on their
    codes, and decodes the new codes into new samples. By default half of
    the new codes are SMOTE's and half borrow the variation between
    neighbouring codes of a frequent class (:class:`DeltaOverSampler`), and
    each new sample gets back the detail that decoding loses, from the
    nearest real sample of its class (``residual``). New samples made from
    codes rather than pixels are realistic images where SMOTE in pixel space
    yields blurred overlays.

    It is a drop-in replacement for :class:`~imblearn.over_sampling.SMOTE`
    on tabular rows, and handles images given as flattened rows (set
    ``input_shape``) or as arrays of shape (n_samples, height, width) or
    (n_samples, channels, height, width).

    Parameters
    ----------
    {sampling_strategy}

    {random_state}

    k_neighbors : int or object, default=5
        The nearest neighbours, in latent space, of the default latent
        sampler, as :class:`~imblearn.over_sampling.SMOTE` takes it: an int,
        or an object with ``kneighbors`` and ``kneighbors_graph`` whose
        ``n_neighbors`` counts the sample itself. Used only when
        ``latent_sampler`` is None. A class of at most ``k_neighbors``
        samples uses all its other samples.

    latent_sampler : imbalanced-learn over-sampler, default=None
        The over-sampler run on the latent codes of all training samples,
        e.g. ``BorderlineSMOTE()`` or ``ADASYN()``. It is cloned; its
        ``sampling_strategy`` is set to produce the counts that this
        sampler's ``sampling_strategy`` asks for, and its ``random_state``,
        when None, is derived from ``random_state``. None means
        ``DeltaOverSampler(k_neighbors=k_neighbors, smote_share=0.5)``: of
        each class's new codes, half add to a code of the class the
        difference between a code of a frequent class and one of its
        neighbours, half are interpolated between neighbouring codes of the
        class, as SMOTE makes them. It over-samples a class of a single
        sample too. ``SMOTE()`` gives the default of versions before 0.4.0.

    input_shape : tuple of int, default=None
        Layout of one image, ``(channels, height, width)`` or
        ``(height, width)``, when each row of ``X`` is a flattened image.
        None treats 2-D ``X`` as tabular rows, and takes the layout of n-D
        ``X`` from its shape.

    latent_dim : int, default=None
        Size of the latent code. None uses 300 for images (the paper's
        value), and half the number of features, between 2 and 64, for
        tabular rows; never more than the number of features.

    max_epochs : int or "auto", default="auto"
        Training epochs. "auto" trains 15 epochs, or on large data sets as
        many whole epochs as fit in 1,500 optimiser steps (at least one), so
        that training time stops growing with the data beyond about 10,000
        samples (at the default ``batch_size``). Small data sets need more
        epochs for as many optimiser steps.

    batch_size : int, default=100
        Samples per training batch, and per batch of the penalty loss.

    balanced_batches : bool, default=False
        Whether the autoencoder trains on batches in which every class is
        drawn equally often (samples drawn at random with replacement: a
        class at random, then a sample of it), as many batches per epoch as
        there are batches of the training set. When False, each epoch visits
        the samples once in a random order, so that a class has the share of
        a batch that it has of the data.

    lr : float, default=1e-3
        Learning rate of the Adam optimiser.

    penalty : {{"paper", "released", "compact", "classify"}} or None, default=None
        Form of the penalty loss (see :class:`DeepSMOTENet`). "paper" decodes
        a same-class neighbour's code and compares it with the sample, with
        gradients through encoder and decoder; "released" is the authors'
        script form, an extra reconstruction of one class through the decoder
        only; "compact" pulls the codes of each class together (their
        scatter around their class mean over their scatter in the batch), so
        that the latent space knows the classes; "classify" adds a
        classification loss on the codes (each nearer the mean of its own
        class in the batch than of any other), as a supervised autoencoder
        does; None trains a plain autoencoder, the fastest.

    penalty_weight : float, default=1.0
        Weight of the penalty loss against the reconstruction loss.

    residual : {{"nearest"}} or None, default="nearest"
        How a new code becomes a sample. None decodes it as it is, as the
        paper does. "nearest" adds to the decoded code the reconstruction
        residual of the training sample of its class whose code is nearest
        (that sample minus the decoding of its code): the detail that the
        autoencoder does not reproduce is taken from a real sample instead
        of being lost, and a new code equal to a training code gives back
        that training sample. It affects generation only, not training;
        ``benchmarks/RESULTS.md`` compares it with None.

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
        training, by this library's version, by the network that ``module``
        builds (its layers, parameters and buffers) and by the code reached
        from ``module`` and ``callbacks`` (classes, ``functools.partial``,
        factory functions, ``("name", callback)`` pairs) with the
        module-level values that code reads, so a grid search over
        parameters that only affect generation (``k_neighbors``,
        ``latent_sampler``, ``sampling_strategy``, ``residual``) trains one
        autoencoder per fold, not one per candidate. Only seeded fits use
        it: with ``random_state=None`` a fit trains a new autoencoder, as
        without ``memory``, and caches nothing. The cache pickles ``module``
        and ``callbacks`` by reference: classes and functions defined inside
        a function, or in the ``__main__`` script of a worker process, are
        refused before training. A cache on the local file system is locked
        per entry, so that workers of a grid search sharing it (processes,
        or Dask and Ray workers) train each entry once.

    warm_start : bool, default=False
        When True, ``fit_resample`` on a fitted sampler trains a copy of its
        autoencoder ``max_epochs`` more epochs instead of a new one. The
        scaling follows the data of the refit, as a new fit's would: new
        samples span the range of the refit's data, not the first fit's. The
        refit trains with the
        current ``max_epochs``, ``batch_size``, ``balanced_batches``, ``lr``,
        ``penalty``, ``penalty_weight``, ``callbacks`` and ``verbose``; a
        change of ``module``, ``latent_dim``, ``device`` or of the layout of
        the samples is refused before training.

    Attributes
    ----------
    sampling_strategy_ : dict
        Number of samples to generate for each class.

    codec_ : LatentCodec
        The trained state: the scaler, the skorch net, and the codes, labels
        and rows of the training samples, from which :meth:`generate` draws.

    layout_ : SampleLayout
        How the samples passed to ``fit_resample`` were laid out (rows,
        images, list or DataFrame); generated samples come back in it.

    latent_sampler_ : imbalanced-learn over-sampler
        The over-sampler that produced the new latent codes, set up for the
        counts of the whole request. Large requests run clones of it on
        chunks of the counts, each with its own seed, so that memory stays
        bounded.

    latent_sampling_ : LatentSampling
        How :meth:`generate` makes new codes: ``latent_sampler``,
        ``k_neighbors`` and ``residual`` as they were at the fit.

    autoencoder_ : DeepSMOTENet
        The fitted skorch net (``codec_.net_``); its ``module_`` is the
        trained autoencoder.

    input_shape_ : tuple of int
        Layout of one sample for the autoencoder: ``(channels, height,
        width)`` for images, ``(n_features,)`` for tabular rows.

    latent_dim_ : int
        Size of the latent code.

    n_features_in_ : int
        Number of features (pixels times channels for images).

    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of features seen during `fit_resample`. Defined only when `X`
        has feature names that are all strings.

    See Also
    --------
    imblearn.over_sampling.SMOTE : SMOTE in the input space.
    imblearn.over_sampling.RandomOverSampler : Duplicates, or a smoothed
        bootstrap with ``shrinkage``.
    DeltaOverSampler : The default latent sampler, with ``smote_share=0.5``.
    DeepSMOTENet : The skorch net that trains the autoencoder.

    Notes
    -----
    The original samples come first in the output, followed by the synthetic
    ones. Synthetic samples are clipped to the training range and cast to the
    dtype of ``X`` (rounded for integer dtypes).

    With the same ``random_state``, results are identical on the CPU in the
    same environment, also for fits run at once in threads: seeded training
    runs one thread at a time, since torch's random generators are global.
    Fits with ``random_state=None`` train unseeded and run in parallel in
    threads.

    References
    ----------
    {paper_reference}

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
        "max_epochs": [
            Interval(numbers.Integral, 1, None, closed="left"),
            StrOptions({"auto"}),
        ],
        "batch_size": [Interval(numbers.Integral, 1, None, closed="left")],
        "balanced_batches": ["boolean"],
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
        max_epochs="auto",
        batch_size=100,
        balanced_batches=False,
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
        self.balanced_batches = balanced_batches
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

        A fit that does not finish, by an error or Ctrl-C, leaves the sampler
        as it was before the call. Callbacks that end training early, such as
        skorch's ``EarlyStopping``, give a fitted sampler.

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
        self._validate_params()
        _check_labels(y)
        with self._kept_as_it_was_on_failure():
            layout = SampleLayout(X, y, self.input_shape)
            X, y, binarize_y = self._check_X_y(layout.rows(X), y)
            self.sampling_strategy_ = check_sampling_strategy(
                self.sampling_strategy, y, self._sampling_type
            )
            self.layout_ = layout
            X_res, y_res = self._fit_resample(X, y)
        if binarize_y:
            y_res = label_binarize(y_res, classes=np.unique(y))
        return layout.restore_X(X_res), layout.restore_y(y_res)

    def _fit_resample(self, X, y):
        check_device(self.device)
        training_seed, sampling_seed = _seeds(self.random_state)
        n_new = self.sampling_strategy_
        latent_sampling = LatentSampling(
            self.latent_sampler, self.k_neighbors, self.residual
        )
        latent_sampler = check_latent_sampler(latent_sampling, y, n_new, sampling_seed)
        self.codec_ = self._trained_codec(X, y, training_seed)
        self.latent_sampling_, self.latent_sampler_ = latent_sampling, latent_sampler
        X_res = _rows_with_room(X, n_new)
        y_new = self.latent_sampling_.generate(
            self.codec_, self.latent_sampler_, n_new, out=X_res[len(X) :]
        )
        return X_res[: len(X) + len(y_new)], np.concatenate([y, y_new])

    @contextlib.contextmanager
    def _kept_as_it_was_on_failure(self):
        fitted = {name: value for name, value in vars(self).items() if _fitted(name)}
        try:
            yield
        except BaseException:
            self._forget_fit()
            vars(self).update(fitted)
            raise

    def _forget_fit(self):
        """Remove every fitted attribute."""
        for name in [name for name in vars(self) if _fitted(name)]:
            delattr(self, name)

    def fit(self, X, y):
        """Check the inputs and compute ``sampling_strategy_``, without training.

        Use :meth:`fit_resample` to train the autoencoder and resample. As
        every fit does, it replaces all fitted state: the autoencoder of an
        earlier :meth:`fit_resample` is dropped, so that :meth:`encode`,
        :meth:`decode` and :meth:`generate` raise ``NotFittedError`` until the
        next :meth:`fit_resample`.

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
        self._validate_params()
        _check_labels(y)
        with self._kept_as_it_was_on_failure():
            self._forget_fit()
            return super().fit(SampleLayout(X, y, self.input_shape).rows(X), y)

    def _check_X_y(self, X, y, accept_sparse=False):
        try:
            X, y, binarize_y = super()._check_X_y(X, y, accept_sparse=accept_sparse)
        except np.exceptions.DTypePromotionError as error:
            # DataFrame columns of no common dtype, e.g. datetimes and floats.
            raise ValueError(_NUMERIC_FEATURES.format(error)) from error
        except ValueError as error:
            if "convert" not in str(error).lower():
                raise
            raise ValueError(_NUMERIC_FEATURES.format(error)) from error
        if X.dtype.kind not in "biuf":
            raise ValueError(_NUMERIC_FEATURES.format(f"X has dtype {X.dtype}."))
        return X, y, binarize_y

    def _trained_codec(self, X, y, seed):
        """The codec of a warm refit, or a new one, trained on ``(X, y)``.

        ``memory`` caches seeded trainings only: an unseeded fit
        (``seed=None``) trains a new network, as a fit without ``memory``
        does, and stores nothing.
        """
        params = self._codec_params(len(X))
        if self.warm_start and hasattr(self, "codec_"):
            return self.codec_.continued(X, y, seed=seed, **params)
        if self.memory is None or seed is None:
            return fit_codec(X, y, seed=seed, **params)
        check_cacheable(params["module"], params["callbacks"])
        train = locking_memory(self.memory).cache(fit_codec, ignore=["verbose"])
        version = code_version(
            params["module"],
            params["callbacks"],
            input_shape=params["input_shape"],
            latent_dim=params["latent_dim"],
        )
        return train(X, y, seed=seed, code_version=version, **params)

    def _codec_params(self, n_samples):
        """Every parameter of the codec: with the data, the cache key."""
        input_shape = self.layout_.input_shape
        return {
            "module": self.module or kind_of(input_shape).module,
            "input_shape": input_shape,
            "latent_dim": self._latent_dim(input_shape),
            "penalty": self.penalty,
            "penalty_weight": self.penalty_weight,
            "lr": self.lr,
            "max_epochs": self._max_epochs(n_samples),
            "batch_size": self.batch_size,
            "balanced_batches": self.balanced_batches,
            "device": self.device,
            "callbacks": self.callbacks,
            "verbose": self.verbose,
        }

    def _max_epochs(self, n_samples):
        if self.max_epochs != "auto":
            return self.max_epochs
        batches = -(-n_samples // self.batch_size)
        return max(1, min(AUTO_EPOCHS, AUTO_STEPS // batches))

    def _latent_dim(self, input_shape):
        n_features = int(np.prod(input_shape))
        if self.latent_dim is None:
            return kind_of(input_shape).latent_dim(n_features)
        if self.latent_dim > n_features:
            warn_caller(
                f"latent_dim={self.latent_dim} is larger than the {n_features} "
                "features of a sample: the autoencoder can copy samples into its "
                "codes, and new codes made from them are much as new samples "
                "made from the samples. Use a latent_dim below the number of features."
            )
        return self.latent_dim

    def generate(self, n_samples, *, random_state=None):
        """Draw new synthetic samples from the trained autoencoder.

        Runs the latent sampler of the fit again on the codes of the
        training samples and decodes the new codes, without retraining.
        Generation is as fitted (``latent_sampling_``): ``latent_sampler``,
        ``k_neighbors`` and ``residual`` changed by ``set_params`` after the
        fit take effect at the next fit, as every parameter does.

        Parameters
        ----------
        n_samples : dict
            Number of new samples for each class, e.g. ``{"cat": 100}``: a
            non-negative int for each class of the training data.

        random_state : int, RandomState instance or None, default=None
            Seed of the latent sampler, also when the ``latent_sampler``
            passed to the fit carries its own; an int gives reproducible
            samples, None new ones on each call.

        Returns
        -------
        X_new : {ndarray, dataframe, list}
            New samples, in the container, dtype and per-sample shape of the
            ``X`` given to :meth:`fit_resample`, as its synthetic samples are.

        y_new : {ndarray, series, list} of shape (sum of n_samples,)
            Their labels.
        """
        check_is_fitted(self, "codec_", msg=_NOT_TRAINED)
        labels = self.codec_.train_labels_
        n_samples = _checked_counts(n_samples, labels)
        seed = check_random_state(random_state).randint(np.iinfo(np.int32).max)
        sampler = self.latent_sampling_.sampler_for(
            labels, n_samples, seed, reseed=True
        )
        X_new = _rows_with_room(self.codec_.train_rows_[:0], n_samples)
        y_new = self.latent_sampling_.generate(
            self.codec_, sampler, n_samples, out=X_new
        )
        return self.layout_.restore_X(X_new[: len(y_new)]), self.layout_.restore_y(
            y_new
        )

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
        check_is_fitted(self, "codec_", msg=_NOT_TRAINED)
        X = validate_data(self, self.layout_.rows(X), reset=False)
        return self.codec_.encode(X)

    def decode(self, Z):
        """Samples decoded from latent codes, with the trained decoder.

        They are the decoder's output alone: the residual that generation
        adds (``residual``) is not added.

        Parameters
        ----------
        Z : array-like of shape (n_codes, `latent_dim_`)
            Latent codes, e.g. from :meth:`encode`.

        Returns
        -------
        samples : {ndarray, dataframe, list}
            Decoded samples in the container, dtype and per-sample shape of
            the ``X`` given to :meth:`fit_resample`, within the range of its
            values.
        """
        check_is_fitted(self, "codec_", msg=_NOT_TRAINED)
        Z = check_array(Z, dtype=np.float32)
        if Z.shape[1] != self.latent_dim_:
            raise ValueError(
                f"Z has {Z.shape[1]} columns, but the codes of this sampler have "
                f"latent_dim_={self.latent_dim_}."
            )
        return self.layout_.restore_X(self.codec_.decode(Z))

    @property
    def autoencoder_(self):
        """The fitted skorch net; its ``module_`` is the trained autoencoder."""
        return self.codec_.net_

    @property
    def input_shape_(self):
        """Layout of one sample for the autoencoder."""
        return self.codec_.input_shape

    @property
    def latent_dim_(self):
        """Size of the latent code."""
        return self.codec_.latent_dim

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = False
        return tags


_NOT_TRAINED = (
    "This %(name)s instance is not fitted yet: call fit_resample to train its "
    "autoencoder (fit only checks the inputs and computes sampling_strategy_)."
)

_NUMERIC_FEATURES = (
    "DeepSMOTE needs numeric features; encode categorical or text columns "
    "first (e.g. with OneHotEncoder). Original error: {}"
)


def _check_labels(y):
    """Refuse labels that are not classes, for ``fit`` and ``fit_resample``.

    Labels mixing text and other types are refused before scikit-learn's
    checks of classification targets run (continuous labels, NaN): in an
    object array, Series or DataFrame numpy cannot sort them, and in a list
    it would turn them all into text, making 1 and '1' one class.
    """
    if isinstance(y, list) or np.asarray(y).dtype == object:
        types = {type(label) for label in np.ravel(np.asarray(y, dtype=object))}
        if len({issubclass(kind, str) for kind in types}) > 1:
            names = ", ".join(sorted({kind.__name__ for kind in types}))
            raise ValueError(
                f"y mixes labels of types {names}, which cannot be sorted into "
                "classes (as text, 1 and '1' would be one class). Use one type "
                "for every label, e.g. y.astype(str)."
            )
    check_classification_targets(y)


def _seeds(random_state):
    """Seeds of training and of the latent sampler.

    Training is unseeded when ``random_state`` is None, so that unseeded fits
    in threads do not wait for each other (seeded training holds torch's
    global generators).
    """
    training_seed, sampling_seed = check_random_state(random_state).randint(
        np.iinfo(np.int32).max, size=2
    )
    return (None if random_state is None else training_seed), sampling_seed


def _checked_counts(n_samples, labels):
    """``n_samples`` of :meth:`DeepSMOTE.generate` as ``{label: int}``, checked."""
    if not isinstance(n_samples, Mapping):
        raise ValueError(
            "n_samples must be a dict of the number of new samples of each class, "
            f"e.g. {{{np.asarray(labels[0]).tolist()!r}: 100}}; got {n_samples!r}."
        )
    known = set(labels.tolist())
    unknown = [label for label in n_samples if np.asarray(label).tolist() not in known]
    if unknown:
        raise ValueError(
            "n_samples names classes that were not in the training data: "
            f"{sorted((np.asarray(label).tolist() for label in unknown), key=str)}. "
            f"The classes are {sorted(known, key=str)}."
        )
    checked = {}
    for label, n in n_samples.items():
        if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 0:
            raise ValueError(
                f"n_samples[{np.asarray(label).tolist()!r}] must be a non-negative "
                f"int, the number of new samples of that class; got {n!r}."
            )
        checked[label] = int(n)
    return checked


def _fitted(name):
    """Whether an attribute name is one of fitted state."""
    return name.endswith("_") and not name.startswith("__")


def _rows_with_room(rows, n_new):
    """A new array holding ``rows``, then room for ``sum(n_new)`` more rows.

    Its pages are allocated only once written, so that room a sampler short of
    its counts leaves empty costs no memory.
    """
    out = np.empty((len(rows) + sum(n_new.values()), rows.shape[1]), rows.dtype)
    out[: len(rows)] = rows
    return out
