"""Images or tabular rows: the one place that tells them apart.

:class:`~imblearn_deepsmote._layout.SampleLayout` turns what the user passed
into the autoencoder's ``input_shape``: ``(channels, height, width)`` for
images, ``(n_features,)`` for rows. Everything that differs between the two
(the default autoencoder, the default code size, the scaler, the memory
layout of the tensors) is read from :func:`kind_of` that shape, here.
"""

from typing import NamedTuple

import torch

from ._architectures import ConvAutoencoder, MLPAutoencoder
from ._scaling import FeatureScaler, ImageScaler

# Code size of images, the paper's value.
IMAGE_LATENT_DIM = 300


class DataKind(NamedTuple):
    """What DeepSMOTE does differently for one kind of sample."""

    name: str
    module: type
    scaler: type
    # Memory layout of 4-D tensors: the default ConvAutoencoder trains
    # faster channels-last on a CPU.
    memory_format: torch.memory_format

    def latent_dim(self, n_features):
        """The default code size for samples of ``n_features`` values."""
        if self is IMAGES:
            return min(IMAGE_LATENT_DIM, n_features)
        return min(n_features, max(2, min(64, n_features // 2)))


IMAGES = DataKind("images", ConvAutoencoder, ImageScaler, torch.channels_last)
TABLE = DataKind("tabular rows", MLPAutoencoder, FeatureScaler, torch.contiguous_format)


def kind_of(input_shape):
    """:data:`IMAGES` for ``(channels, height, width)``, else :data:`TABLE`."""
    return IMAGES if len(input_shape) == 3 else TABLE
