"""The samplers the benchmarks compare, and how each resamples.

A method is a training-set treatment: no resampling, class weights in the
classifier's loss, or an over-sampler. Every over-sampler balances all
classes up to the majority count (``sampling_strategy="auto"``), as in the
paper. The imbalanced-learn samplers work on pixel rows; DeepSMOTE takes
the images as they are.
"""

import numpy as np
import torch
from imblearn.over_sampling import ADASYN, SMOTE, BorderlineSMOTE, RandomOverSampler
from sklearn.base import clone
from skorch.callbacks import Callback

from imblearn_deepsmote import (
    CentroidOverSampler,
    CleanedOverSampler,
    ConvAutoencoder,
    DeepSMOTE,
    DeltaOverSampler,
    HullOverSampler,
)

from .borrowed import FittedDeltaOverSampler

CLASS_WEIGHT = "class_weight"
"""Marker for the method that weighs the loss instead of resampling."""

METHODS = {
    "none": "no resampling",
    CLASS_WEIGHT: "inverse-frequency class weights in the loss",
    "random_over": "RandomOverSampler",
    "smote": "SMOTE in pixel space",
    "borderline_smote": "BorderlineSMOTE in pixel space",
    "adasyn": "ADASYN in pixel space",
    "deepsmote": "DeepSMOTE's defaults before 0.4.0: SMOTE in latent space, "
    "named (latent_sampler=SMOTE(), which gives the runs of those defaults)",
    "deepsmote_mix": "DeepSMOTE with latent_sampler=DeltaOverSampler("
    "smote_share=0.5), the default from 0.4.0, named: the rule of "
    "deepsmote_delta_mix as the library draws it (new codes clipped to the "
    "range of the training codes)",
    "deepsmote_e40": "DeepSMOTE, defaults but max_epochs=40",
    "deepsmote_ros_latent": "DeepSMOTE, defaults but "
    "latent_sampler=RandomOverSampler(shrinkage=0.3)",
    "deepsmote_balanced": "DeepSMOTE, defaults but balanced_batches=True",
    "deepsmote_plain": "DeepSMOTE, defaults but residual=None",
    "deepsmote_paper_penalty": "DeepSMOTE, defaults but penalty='paper'",
    "deepsmote_delta": "DeepSMOTE with latent_sampler=DeltaOverSampler() "
    "(variation borrowed from the frequent classes); recommended for a CNN",
    "deepsmote_delta_e5": "DeepSMOTE, latent_sampler=DeltaOverSampler(), max_epochs=5",
    "deepsmote_cleaned": "DeepSMOTE, defaults but latent_sampler="
    "CleanedOverSampler() (SMOTE, new codes redrawn where their real "
    "neighbours are of another class)",
    "deepsmote_centroid": "DeepSMOTE, defaults but latent_sampler="
    "CentroidOverSampler() (towards the class centre)",
    "deepsmote_hull": "DeepSMOTE, defaults but latent_sampler=HullOverSampler() "
    "(convex mix of a code and its 5 neighbours)",
    "deepsmote_e5": "DeepSMOTE, defaults but max_epochs=5",
    "deepsmote_compact": "DeepSMOTE, defaults but penalty='compact' (codes of a "
    "class pulled together: a class-aware latent space)",
    "deepsmote_delta_half": "DeepSMOTE, latent_sampler=DeltaOverSampler(scale=0.5) "
    "(half the borrowed difference)",
    "deepsmote_classify": "DeepSMOTE, defaults but penalty='classify' (an "
    "auxiliary classification loss on the codes: a supervised autoencoder)",
    "deepsmote_latent32": "DeepSMOTE, defaults but latent_dim=32 (a smaller code)",
    "deepsmote_narrow": "DeepSMOTE, defaults but a ConvAutoencoder of 8 base "
    "channels (half the width)",
    "deepsmote_wide": "DeepSMOTE, defaults but a ConvAutoencoder of 32 base "
    "channels (twice the width)",
    "delta": "DeltaOverSampler in pixel space",
    "deepsmote_delta_near": "DeepSMOTE, latent_sampler=FittedDeltaOverSampler("
    "near_donors=3) (benchmarks/_shared/borrowed.py: Delta borrowing only from "
    "the three donor classes whose mean code is nearest the class's)",
    "deepsmote_delta_span": "DeepSMOTE, latent_sampler=FittedDeltaOverSampler("
    "fit='span') (the borrowed difference projected onto the span of the "
    "class's real codes: new codes stay in its affine hull)",
    "deepsmote_delta_spread": "DeepSMOTE, latent_sampler=FittedDeltaOverSampler("
    "fit='spread') (the borrowed difference scaled by the class's spread over "
    "the donor class's)",
    "deepsmote_delta_cleaned": "DeepSMOTE, latent_sampler=CleanedOverSampler("
    "sampler=DeltaOverSampler()) (Delta codes redrawn where another class has "
    "more of their 5 nearest real codes)",
    "deepsmote_delta_mix": "DeepSMOTE, latent_sampler=FittedDeltaOverSampler("
    "smote_share=0.5) (half of each class's new codes by SMOTE, half by Delta)",
    "deepsmote_onecycle5": "DeepSMOTE, defaults but max_epochs=5 with a "
    "one-cycle learning rate peaking at 1e-2 (OneCycle callback; a cost change)",
}
"""Name of each method, as on the command line, and what it does.

"Defaults" in a description are the library's before 0.4.0, with SMOTE in
latent space: the variants of them say ``latent_sampler=SMOTE()``
explicitly, so that their recorded runs repeat now that the default latent
sampler has changed."""

LATENT_CANDIDATES = {
    "delta_near": FittedDeltaOverSampler(near_donors=3),
    "delta_span": FittedDeltaOverSampler(fit="span"),
    "delta_spread": FittedDeltaOverSampler(fit="spread"),
    "delta_cleaned": CleanedOverSampler(sampler=DeltaOverSampler()),
    "delta_mix": FittedDeltaOverSampler(smote_share=0.5),
}
"""Latent over-samplers of the benchmarks alone, by name (``_shared/borrowed.py``):
``benchmarks/diagnose_delta.py`` runs them on the codes of one autoencoder."""

GENERATIVE = tuple(
    name for name in METHODS if "smote" in name or name in ("adasyn", "delta")
)
"""Methods that make new samples (worth scoring their quality)."""


class NarrowConvAutoencoder(ConvAutoencoder):
    """The default network at half its width: 8 base channels."""

    def __init__(self, input_shape, latent_dim):
        super().__init__(input_shape, latent_dim, base_channels=8)


class WideConvAutoencoder(ConvAutoencoder):
    """The default network at twice its width: 32 base channels."""

    def __init__(self, input_shape, latent_dim):
        super().__init__(input_shape, latent_dim, base_channels=32)


class OneCycle(Callback):
    """A one-cycle learning rate over the whole training, stepped every batch.

    The number of steps is the net's ``max_epochs`` times its batches per
    epoch, counted at the start of training.

    Parameters
    ----------
    max_lr : float, default=1e-2
        Peak learning rate (``torch.optim.lr_scheduler.OneCycleLR``).
    """

    def __init__(self, max_lr=1e-2):
        self.max_lr = max_lr

    def on_train_begin(self, net, X=None, y=None, **kwargs):
        batches = len(net.get_iterator(net.get_dataset(X, y), training=True))
        self.total_steps_ = net.max_epochs * batches
        self.steps_ = 0
        self.schedule_ = torch.optim.lr_scheduler.OneCycleLR(
            net.optimizer_, max_lr=self.max_lr, total_steps=self.total_steps_
        )

    def on_batch_end(self, net, training=False, **kwargs):
        self.steps_ += training
        if training and self.steps_ < self.total_steps_:
            self.schedule_.step()


def make_sampler(name, seed, *, deepsmote_epochs=None, device="cpu"):
    """The sampler of a method, None for no resampling, or CLASS_WEIGHT.

    Parameters
    ----------
    name : str
        A key of :data:`METHODS`.
    seed : int
        ``random_state`` of the sampler.
    deepsmote_epochs : int, default=None
        ``max_epochs`` of the DeepSMOTE methods that keep the default
        (tests); None keeps the library's default.
    device : str, default="cpu"
        Torch device DeepSMOTE trains on.
    """
    deep = {"random_state": seed, "device": device}
    if deepsmote_epochs is not None:
        deep["max_epochs"] = deepsmote_epochs

    def smote_latent(**params):
        # SMOTE on the codes, named, so that the runs repeat whatever the
        # library's default latent sampler becomes.
        return DeepSMOTE(latent_sampler=SMOTE(), **{**deep, **params})

    def delta_latent(**params):
        return DeepSMOTE(latent_sampler=DeltaOverSampler(), **{**deep, **params})

    factories = {
        "none": lambda: None,
        CLASS_WEIGHT: lambda: CLASS_WEIGHT,
        "random_over": lambda: RandomOverSampler(random_state=seed),
        "smote": lambda: SMOTE(random_state=seed),
        "borderline_smote": lambda: BorderlineSMOTE(random_state=seed),
        "adasyn": lambda: ADASYN(random_state=seed),
        "deepsmote": smote_latent,
        "deepsmote_e40": lambda: smote_latent(max_epochs=40),
        "deepsmote_ros_latent": lambda: DeepSMOTE(
            latent_sampler=RandomOverSampler(shrinkage=0.3), **deep
        ),
        "deepsmote_balanced": lambda: smote_latent(balanced_batches=True),
        "deepsmote_plain": lambda: smote_latent(residual=None),
        "deepsmote_paper_penalty": lambda: smote_latent(penalty="paper"),
        "deepsmote_delta": delta_latent,
        "deepsmote_mix": lambda: DeepSMOTE(
            latent_sampler=DeltaOverSampler(smote_share=0.5), **deep
        ),
        "deepsmote_delta_e5": lambda: delta_latent(max_epochs=5),
        "deepsmote_cleaned": lambda: DeepSMOTE(
            latent_sampler=CleanedOverSampler(), **deep
        ),
        "deepsmote_centroid": lambda: DeepSMOTE(
            latent_sampler=CentroidOverSampler(), **deep
        ),
        "deepsmote_hull": lambda: DeepSMOTE(latent_sampler=HullOverSampler(), **deep),
        "deepsmote_e5": lambda: smote_latent(max_epochs=5),
        "deepsmote_compact": lambda: smote_latent(penalty="compact"),
        "deepsmote_delta_half": lambda: DeepSMOTE(
            latent_sampler=DeltaOverSampler(scale=0.5), **deep
        ),
        "deepsmote_classify": lambda: smote_latent(penalty="classify"),
        "deepsmote_latent32": lambda: smote_latent(latent_dim=32),
        "deepsmote_narrow": lambda: smote_latent(module=NarrowConvAutoencoder),
        "deepsmote_wide": lambda: smote_latent(module=WideConvAutoencoder),
        "delta": lambda: DeltaOverSampler(random_state=seed),
        **{
            f"deepsmote_{name}": (
                lambda latent=latent: DeepSMOTE(latent_sampler=clone(latent), **deep)
            )
            for name, latent in LATENT_CANDIDATES.items()
        },
        "deepsmote_onecycle5": lambda: smote_latent(
            max_epochs=5, callbacks=[OneCycle()]
        ),
    }
    return factories[name]()


def resample(sampler, X, y):
    """Resample images of shape (n, channels, height, width), or rows.

    None and CLASS_WEIGHT return the set as it is. DeepSMOTE takes the
    samples as they are. The other samplers get float32 rows; for integer
    ``X`` (images), their output is rounded and clipped back to the dtype
    and shape of ``X`` (imbalanced-learn's SMOTE run on uint8 itself would
    wrap around). The original samples come first in the output.
    """
    if sampler is None or sampler == CLASS_WEIGHT:
        return X, y
    if isinstance(sampler, DeepSMOTE):
        return sampler.fit_resample(X, y)
    rows, y_res = sampler.fit_resample(X.reshape(len(X), -1).astype(np.float32), y)
    if not np.issubdtype(X.dtype, np.integer):
        return rows.astype(X.dtype).reshape(-1, *X.shape[1:]), y_res
    info = np.iinfo(X.dtype)
    images = np.clip(np.rint(rows), info.min, info.max).astype(X.dtype)
    return images.reshape(-1, *X.shape[1:]), y_res
