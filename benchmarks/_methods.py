"""The methods the quality benchmark compares, and how each resamples.

A method is a training-set treatment: no resampling, class weights in the
classifier's loss, or an over-sampler. Every over-sampler balances all
classes up to the majority count (``sampling_strategy="auto"``), as in the
paper. The imbalanced-learn samplers work on pixel rows; DeepSMOTE takes
the images as they are.
"""

from dataclasses import dataclass
from functools import partial

import numpy as np
from imblearn.over_sampling import (
    ADASYN,
    SMOTE,
    BorderlineSMOTE,
    RandomOverSampler,
)

from imblearn_deepsmote import PAPER_SETTINGS, ConvAutoencoder, DeepSMOTE

CLASS_WEIGHT = "class_weight"
"""Marker for the method that weighs the loss instead of resampling."""


@dataclass(frozen=True)
class Method:
    """One method of the benchmark.

    Attributes
    ----------
    name : str
        Short name, used on the command line and in file names.
    description : str
        What it does, for the results table.
    generative : bool
        Whether it makes new images (worth a grid of samples).
    needs_28x28 : bool
        Whether it only runs on 28x28 images (the paper's architecture).
    """

    name: str
    description: str
    generative: bool = False
    needs_28x28: bool = False


DEFAULT_PENALTY = DeepSMOTE().penalty

# The defaults of release 0.1.0, before the speed work chose new ones.
V010_DEFAULTS = {
    "module": partial(ConvAutoencoder, base_channels=32),
    "penalty": "paper",
    "lr": 1e-3,
    "batch_size": 100,
    "max_epochs": 50,
    "residual": None,
}


def _penalty_name(penalty):
    return {"paper": "paper", "released": "released", None: "no"}[penalty]


METHODS = {
    method.name: method
    for method in (
        Method("none", "no resampling"),
        Method(CLASS_WEIGHT, "inverse-frequency class weights in the loss"),
        Method("random_over", "RandomOverSampler"),
        Method("smote", "SMOTE in pixel space", generative=True),
        Method("borderline_smote", "BorderlineSMOTE in pixel space", generative=True),
        Method("adasyn", "ADASYN in pixel space", generative=True),
        Method(
            "deepsmote",
            f"DeepSMOTE, defaults ({_penalty_name(DEFAULT_PENALTY)} penalty, "
            f"residual={DeepSMOTE().residual!r})",
            generative=True,
        ),
        Method(
            "deepsmote_e40",
            "DeepSMOTE, defaults but max_epochs=40",
            generative=True,
        ),
        Method(
            "deepsmote_ros_latent",
            "DeepSMOTE, defaults but latent_sampler=RandomOverSampler(shrinkage=0.3)",
            generative=True,
        ),
        Method(
            "deepsmote_balanced",
            "DeepSMOTE, defaults but balanced_batches=True",
            generative=True,
        ),
        Method(
            "deepsmote_ros_balanced",
            "DeepSMOTE, defaults but latent_sampler=RandomOverSampler(shrinkage=0.3) "
            "and balanced_batches=True",
            generative=True,
        ),
        Method(
            "deepsmote_plain",
            "DeepSMOTE, defaults but residual=None (new codes decoded as they "
            "are, as in the paper)",
            generative=True,
        ),
        *(
            Method(
                f"deepsmote_{_penalty_name(penalty)}_penalty",
                f"DeepSMOTE, defaults but {_penalty_name(penalty)} penalty",
                generative=True,
            )
            for penalty in ("paper", "released", None)
            if penalty != DEFAULT_PENALTY
        ),
        Method(
            "deepsmote_borderline",
            "DeepSMOTE, defaults but BorderlineSMOTE in latent space",
            generative=True,
        ),
        Method(
            "deepsmote_v010",
            "DeepSMOTE, the 0.1.0 defaults (32-channel network, paper penalty, "
            "50 epochs)",
            generative=True,
        ),
        Method(
            "deepsmote_paper_arch",
            "DeepSMOTE, the paper's settings (PAPER_SETTINGS), capped epochs",
            generative=True,
            needs_28x28=True,
        ),
    )
}


def make_sampler(name, seed, *, deepsmote_epochs, paper_epochs, device="cpu"):
    """The sampler of a method, None for no resampling, or CLASS_WEIGHT.

    Parameters
    ----------
    name : str
        A key of :data:`METHODS`.
    seed : int
        ``random_state`` of the sampler.
    deepsmote_epochs : int or None
        Training epochs of every DeepSMOTE method but the two below; None
        keeps the library's default.
    paper_epochs : int
        Training epochs of the paper's settings.
    device : str, default="cpu"
        Torch device DeepSMOTE trains on.
    """
    deepsmote = {"random_state": seed, "device": device}
    if deepsmote_epochs is not None:
        deepsmote["max_epochs"] = deepsmote_epochs
    factories = {
        "none": lambda: None,
        CLASS_WEIGHT: lambda: CLASS_WEIGHT,
        "random_over": lambda: RandomOverSampler(random_state=seed),
        "smote": lambda: SMOTE(random_state=seed),
        "borderline_smote": lambda: BorderlineSMOTE(random_state=seed),
        "adasyn": lambda: ADASYN(random_state=seed),
        "deepsmote": lambda: DeepSMOTE(**deepsmote),
        "deepsmote_e40": lambda: DeepSMOTE(**{**deepsmote, "max_epochs": 40}),
        "deepsmote_ros_latent": lambda: DeepSMOTE(
            latent_sampler=RandomOverSampler(shrinkage=0.3), **deepsmote
        ),
        "deepsmote_balanced": lambda: DeepSMOTE(balanced_batches=True, **deepsmote),
        "deepsmote_ros_balanced": lambda: DeepSMOTE(
            latent_sampler=RandomOverSampler(shrinkage=0.3),
            balanced_batches=True,
            **deepsmote,
        ),
        "deepsmote_plain": lambda: DeepSMOTE(residual=None, **deepsmote),
        "deepsmote_paper_penalty": lambda: DeepSMOTE(penalty="paper", **deepsmote),
        "deepsmote_released_penalty": lambda: DeepSMOTE(
            penalty="released", **deepsmote
        ),
        "deepsmote_no_penalty": lambda: DeepSMOTE(penalty=None, **deepsmote),
        "deepsmote_borderline": lambda: DeepSMOTE(
            latent_sampler=BorderlineSMOTE(), **deepsmote
        ),
        "deepsmote_v010": lambda: DeepSMOTE(
            **V010_DEFAULTS, random_state=seed, device=device
        ),
        "deepsmote_paper_arch": lambda: DeepSMOTE(
            **{**PAPER_SETTINGS, "max_epochs": paper_epochs},
            random_state=seed,
            device=device,
        ),
    }
    return factories[name]()


def resample(sampler, X, y):
    """Resample images of shape (n, channels, height, width), or rows.

    DeepSMOTE takes the samples as they are. The other samplers get float32
    rows; for integer ``X`` (images), their output is rounded and clipped
    back to the dtype and shape of ``X`` (imbalanced-learn's SMOTE run on
    uint8 itself would wrap around). The original samples come first in the
    output.
    """
    if isinstance(sampler, DeepSMOTE):
        return sampler.fit_resample(X, y)
    rows, y_res = sampler.fit_resample(X.reshape(len(X), -1).astype(np.float32), y)
    if not np.issubdtype(X.dtype, np.integer):
        return rows.astype(X.dtype).reshape(-1, *X.shape[1:]), y_res
    info = np.iinfo(X.dtype)
    images = np.clip(np.rint(rows), info.min, info.max).astype(X.dtype)
    return images.reshape(-1, *X.shape[1:]), y_res
