"""Encoder/decoder networks that DeepSMOTE trains.

Every architecture is an ``nn.Module`` built from two keyword arguments,
``input_shape`` and ``latent_dim``, and exposes ``encode`` (samples to codes)
and ``decode`` (codes to samples). Any module with that contract can be
passed to :class:`~imblearn_deepsmote.DeepSMOTE` as ``module``.
"""

import math

from imblearn.utils import Substitution
from torch import nn

MIN_IMAGE_SIDE = 8

# The References entry of the docstrings that cite the paper.
PAPER_REFERENCE = (
    '.. [1] D. Dablain, B. Krawczyk, N. V. Chawla, "DeepSMOTE: Fusing Deep\n'
    '       Learning and SMOTE for Imbalanced Data", IEEE Transactions on Neural\n'
    "       Networks and Learning Systems, 2022."
)


class Autoencoder(nn.Module):
    """Base class: an ``encoder`` and a ``decoder`` applied in turn.

    Subclasses build ``self.encoder`` and ``self.decoder``; ``forward``
    reconstructs its input so that the module also works as a plain
    autoencoder.
    """

    def encode(self, x):
        """Map a batch of samples to latent codes."""
        return self.encoder(x)

    def decode(self, z):
        """Map a batch of latent codes back to samples."""
        return self.decoder(z)

    def forward(self, x):
        return self.decode(self.encode(x))


class MLPAutoencoder(Autoencoder):
    """Fully connected autoencoder for tabular rows.

    Parameters
    ----------
    input_shape : tuple of int
        ``(n_features,)``.

    latent_dim : int
        Size of the latent code.

    hidden_units : int, default=128
        Width of the two hidden layers on each side.

    Examples
    --------
    >>> import torch
    >>> net = MLPAutoencoder(input_shape=(10,), latent_dim=3)
    >>> net.encode(torch.zeros(4, 10)).shape
    torch.Size([4, 3])
    >>> net(torch.zeros(4, 10)).shape
    torch.Size([4, 10])
    """

    def __init__(self, input_shape, latent_dim, hidden_units=128):
        super().__init__()
        (n_features,) = input_shape
        self.encoder = nn.Sequential(
            nn.Linear(n_features, hidden_units),
            nn.LeakyReLU(0.2),
            nn.Linear(hidden_units, hidden_units),
            nn.LeakyReLU(0.2),
            nn.Linear(hidden_units, latent_dim),
        )
        self.decoder = nn.Sequential(
            nn.Linear(latent_dim, hidden_units),
            nn.LeakyReLU(0.2),
            nn.Linear(hidden_units, hidden_units),
            nn.LeakyReLU(0.2),
            nn.Linear(hidden_units, n_features),
        )


class ConvAutoencoder(Autoencoder):
    """Convolutional autoencoder sized from the image shape.

    The encoder halves the height and width with strided 4x4 convolutions
    (LeakyReLU, batch norm after the first) until the smaller side is at most
    4, doubling the channels each time up to ``max_channels``, then maps the
    feature map to the code with a linear layer. The decoder mirrors it with
    transposed convolutions whose output padding restores odd sizes, so the
    output always has exactly ``input_shape``; a Tanh maps it to [-1, 1].

    Parameters
    ----------
    input_shape : tuple of int
        ``(channels, height, width)``; height and width of at least 8.

    latent_dim : int
        Size of the latent code.

    base_channels : int, default=16
        Channels of the first convolution. 16 trains about three times
        faster than 32 on a CPU with the same downstream quality on
        Fashion-MNIST (``benchmarks/RESULTS.md``).

    max_channels : int, default=256
        Upper bound on the channels of any layer.

    Examples
    --------
    >>> import torch
    >>> net = ConvAutoencoder(input_shape=(3, 28, 20), latent_dim=16)
    >>> net.encode(torch.zeros(2, 3, 28, 20)).shape
    torch.Size([2, 16])
    >>> net(torch.zeros(2, 3, 28, 20)).shape
    torch.Size([2, 3, 28, 20])
    """

    def __init__(self, input_shape, latent_dim, base_channels=16, max_channels=256):
        super().__init__()
        n_channels, height, width = input_shape
        if min(height, width) < MIN_IMAGE_SIDE:
            raise ValueError(
                f"ConvAutoencoder needs images of at least {MIN_IMAGE_SIDE}x"
                f"{MIN_IMAGE_SIDE} pixels, got {height}x{width}. Resize the images, "
                "treat them as tabular rows (input_shape=None), or pass your own "
                "module."
            )
        sides = [(height, width)]
        while min(sides[-1]) > 4:
            sides.append((sides[-1][0] // 2, sides[-1][1] // 2))
        n_stages = len(sides) - 1
        widths = [n_channels] + [
            min(base_channels * 2**stage, max_channels) for stage in range(n_stages)
        ]

        encoder = []
        for stage in range(n_stages):
            encoder.append(
                nn.Conv2d(widths[stage], widths[stage + 1], 4, 2, 1, bias=False)
            )
            if stage > 0:
                encoder.append(nn.BatchNorm2d(widths[stage + 1]))
            encoder.append(nn.LeakyReLU(0.2))
        code_shape = (widths[-1], *sides[-1])
        encoder += [nn.Flatten(), nn.Linear(math.prod(code_shape), latent_dim)]
        self.encoder = nn.Sequential(*encoder)

        decoder = [
            nn.Linear(latent_dim, math.prod(code_shape)),
            nn.ReLU(),
            nn.Unflatten(1, code_shape),
        ]
        for stage in reversed(range(n_stages)):
            target_height, target_width = sides[stage]
            last = stage == 0
            decoder.append(
                nn.ConvTranspose2d(
                    widths[stage + 1],
                    widths[stage],
                    4,
                    2,
                    1,
                    output_padding=(target_height % 2, target_width % 2),
                    bias=last,
                )
            )
            if not last:
                decoder += [nn.BatchNorm2d(widths[stage]), nn.ReLU()]
        decoder.append(nn.Tanh())
        self.decoder = nn.Sequential(*decoder)


@Substitution(paper_reference=PAPER_REFERENCE)
class PaperAutoencoder(Autoencoder):
    """The 28x28 architecture of the DeepSMOTE paper.

    Encoder: four 4x4 stride-2 convolutions without bias, 64, 128, 256 and 512
    channels (28 -> 14 -> 7 -> 3 -> 1), LeakyReLU(0.2) after each and batch
    norm on the last three, then a linear layer to the code. Decoder: a
    linear layer to 512x7x7, two 4x4 stride-1 transposed convolutions
    (7 -> 10 -> 13) with batch norm and ReLU, a 4x4 stride-2 transposed
    convolution (13 -> 28) and a Tanh. Use it with ``latent_dim=300`` to
    compare with the paper's results [1]_.

    Parameters
    ----------
    input_shape : tuple of int
        ``(channels, 28, 28)``.

    latent_dim : int
        Size of the latent code (300 in the paper).

    References
    ----------
    {paper_reference}

    Examples
    --------
    >>> import torch
    >>> net = PaperAutoencoder(input_shape=(1, 28, 28), latent_dim=300)
    >>> net.encode(torch.zeros(2, 1, 28, 28)).shape
    torch.Size([2, 300])
    >>> net(torch.zeros(2, 1, 28, 28)).shape
    torch.Size([2, 1, 28, 28])
    """

    def __init__(self, input_shape, latent_dim):
        super().__init__()
        n_channels, height, width = input_shape
        if (height, width) != (28, 28):
            raise ValueError(
                "PaperAutoencoder reproduces the paper's 28x28 architecture; got "
                f"{height}x{width} images. Use ConvAutoencoder for other sizes."
            )
        self.encoder = nn.Sequential(
            nn.Conv2d(n_channels, 64, 4, 2, 1, bias=False),
            nn.LeakyReLU(0.2),
            nn.Conv2d(64, 128, 4, 2, 1, bias=False),
            nn.BatchNorm2d(128),
            nn.LeakyReLU(0.2),
            nn.Conv2d(128, 256, 4, 2, 1, bias=False),
            nn.BatchNorm2d(256),
            nn.LeakyReLU(0.2),
            nn.Conv2d(256, 512, 4, 2, 1, bias=False),
            nn.BatchNorm2d(512),
            nn.LeakyReLU(0.2),
            nn.Flatten(),
            nn.Linear(512, latent_dim),
        )
        self.decoder = nn.Sequential(
            nn.Linear(latent_dim, 512 * 7 * 7),
            nn.ReLU(),
            nn.Unflatten(1, (512, 7, 7)),
            nn.ConvTranspose2d(512, 256, 4, 1),
            nn.BatchNorm2d(256),
            nn.ReLU(),
            nn.ConvTranspose2d(256, 128, 4, 1),
            nn.BatchNorm2d(128),
            nn.ReLU(),
            nn.ConvTranspose2d(128, n_channels, 4, 2),
            nn.Tanh(),
        )
