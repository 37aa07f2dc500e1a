"""DeepSMOTE for imbalanced-learn: SMOTE in the latent space of an autoencoder."""

from ._architectures import (
    Autoencoder,
    ConvAutoencoder,
    MLPAutoencoder,
    PaperAutoencoder,
)
from ._batches import TensorBatches
from ._centroid import CentroidOverSampler
from ._cleaning import CleanedOverSampler
from ._delta import DeltaOverSampler
from ._hull import HullOverSampler
from ._net import DeepSMOTENet
from ._plotting import plot_class_samples
from ._sampler import PAPER_SETTINGS, DeepSMOTE

__version__ = "0.3.0"

__all__ = [
    "PAPER_SETTINGS",
    "Autoencoder",
    "CentroidOverSampler",
    "CleanedOverSampler",
    "ConvAutoencoder",
    "DeepSMOTE",
    "DeepSMOTENet",
    "DeltaOverSampler",
    "HullOverSampler",
    "MLPAutoencoder",
    "PaperAutoencoder",
    "TensorBatches",
    "__version__",
    "plot_class_samples",
]
