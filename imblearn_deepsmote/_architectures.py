"""Encoder/decoder networks that DeepSMOTE trains, and their contract.

Every architecture is an ``nn.Module`` built from two keyword arguments,
``input_shape`` and ``latent_dim``, and exposes ``encode`` (samples to codes)
and ``decode`` (codes to samples). Any module with that contract
(:data:`AUTOENCODER_CONTRACT`) can be passed to
:class:`~imblearn_deepsmote.DeepSMOTE` as ``module``.

The contract is checked before training: :func:`check_constructor` checks
that the module can be built from ``input_shape`` and ``latent_dim``;
:func:`check_autoencoder` runs the built module as a training step and as
encoding and decoding run it, so that a module breaking the contract is
refused with :data:`AUTOENCODER_CONTRACT` before any training starts, not
with an error from inside torch during it.
"""

import inspect
import math

import torch
from imblearn.utils import Substitution
from torch import nn

MIN_IMAGE_SIDE = 8

# The References entry of the docstrings that cite the paper.
PAPER_REFERENCE = (
    '.. [1] D. Dablain, B. Krawczyk, N. V. Chawla, "DeepSMOTE: Fusing Deep\n'
    '       Learning and SMOTE for Imbalanced Data", IEEE Transactions on Neural\n'
    "       Networks and Learning Systems, 2022."
)

AUTOENCODER_CONTRACT = (
    "An autoencoder for DeepSMOTE is an nn.Module built as "
    "module(input_shape=..., latent_dim=...), with encode(x) mapping a batch "
    "(n, *input_shape) to codes (n, latent_dim) and decode(z) mapping codes "
    "back to (n, *input_shape)."
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


def check_constructor(module, **params):
    """Check that ``module`` can be built with the keyword arguments ``params``.

    Parameters
    ----------
    module : class, callable or nn.Module
        What skorch builds the module from: called as ``module(**params)``,
        or, for a module instance and any ``params``, its class is.

    **params
        The arguments of the module (``input_shape``, ``latent_dim`` and
        any other ``module__`` parameter of the net).

    Raises
    ------
    ValueError
        When the arguments do not fit the signature of ``module``.
    """
    if isinstance(module, nn.Module):
        if not params:
            return
        module = type(module)
    try:
        signature = inspect.signature(module)
    except (TypeError, ValueError):
        # Nothing to read the arguments from: building it will tell.
        return
    try:
        signature.bind(**params)
    except TypeError as error:
        # The class a functools.partial builds names it best.
        name = getattr(getattr(module, "func", module), "__name__", repr(module))
        arguments = ", ".join(f"{key}={value!r}" for key, value in params.items())
        raise ValueError(
            f"module {name} cannot be built as {name}({arguments}): {error}. "
            f"{AUTOENCODER_CONTRACT}"
        ) from error


def check_autoencoder(
    module,
    input_shape=None,
    latent_dim=None,
    *,
    memory_format=torch.contiguous_format,
    **kwargs,
):
    """Check on a batch of two zeros that ``module`` keeps the contract.

    The batch goes through ``decode(encode(batch))`` as in a training step,
    in training mode and followed by a backward pass, then again in
    evaluation mode without gradients, as encoding and decoding run. The
    module is left as it was: its buffers (batch norm statistics), gradients
    and mode are restored, and no optimiser steps its weights.

    Parameters
    ----------
    module : nn.Module
        The built module.

    input_shape, latent_dim : tuple of int and int, default=None
        The arguments the module was built with; a module built otherwise
        is only checked for ``encode`` and ``decode`` methods.

    memory_format : torch.memory_format, default=torch.contiguous_format
        Memory format of the batches that training feeds the module.

    **kwargs
        Other arguments the module was built with, unused.

    Raises
    ------
    ValueError
        With :data:`AUTOENCODER_CONTRACT`, when a method is missing, fails,
        or returns a batch of another shape.
    """
    name = type(module).__name__
    for method in ("encode", "decode"):
        if not callable(getattr(module, method, None)):
            raise ValueError(
                f"module {name} has no {method} method. {AUTOENCODER_CONTRACT}"
            )
    if input_shape is None or latent_dim is None:
        return
    device = next(module.parameters(), torch.empty(0)).device
    batch = torch.zeros(2, *input_shape, device=device).contiguous(
        memory_format=memory_format
    )
    check = _Check(name, module, batch, latent_dim, memory_format)
    buffers = [buffer.clone() for buffer in module.buffers()]
    gradients = [
        None if parameter.grad is None else parameter.grad.clone()
        for parameter in module.parameters()
    ]
    was_training = module.training
    try:
        module.train()
        with torch.enable_grad():
            check.training_step()
        module.eval()
        with torch.no_grad():
            check.round_trip()
    finally:
        with torch.no_grad():
            for buffer, saved in zip(module.buffers(), buffers, strict=True):
                buffer.copy_(saved)
        for parameter, saved in zip(module.parameters(), gradients, strict=True):
            parameter.grad = saved
        module.train(was_training)


class _Check:
    """The calls of :func:`check_autoencoder`, each failure told in its terms."""

    def __init__(self, name, module, batch, latent_dim, memory_format):
        self.name = name
        self.module = module
        self.batch = batch
        self.latent_dim = latent_dim
        self.channels_last = memory_format == torch.channels_last

    def round_trip(self):
        """``decode(encode(batch))``, its shapes checked."""
        codes = self._call("encode", self.module.encode, self.batch, self.batch)
        self._check_shape("encode", codes, (len(self.batch), self.latent_dim))
        output = self._call("decode", self.module.decode, codes, codes)
        self._check_shape("decode", output, tuple(self.batch.shape))
        return output

    def training_step(self):
        """The round trip, then a backward pass from its output."""
        output = self.round_trip()
        if output.requires_grad:
            self._call(
                "the backward pass of a training step",
                lambda output: output.sum().backward(),
                output,
                self.batch,
            )

    def _call(self, what, function, data, shown):
        """``function(data)``; a failure names ``shown``, the batch it came from."""
        try:
            return function(data)
        except Exception as error:
            layout = (
                "channels-last " if shown is self.batch and self.channels_last else ""
            )
            hint = ""
            if self.channels_last and "view" in str(error):
                hint = (
                    " Images reach the module in channels-last memory format, "
                    "as in training: flatten them with x.flatten(1) or "
                    "x.reshape(len(x), -1), not x.view(...)."
                )
            raise ValueError(
                f"module {self.name}: {what} failed on a {layout}batch of shape "
                f"{tuple(shown.shape)}: {error}{hint} {AUTOENCODER_CONTRACT}"
            ) from error

    def _check_shape(self, method, output, expected):
        shape = tuple(getattr(output, "shape", ()))
        if shape != expected:
            raise ValueError(
                f"module {self.name}: {method} returned a batch of shape {shape} "
                f"where {expected} was expected. {AUTOENCODER_CONTRACT}"
            )
