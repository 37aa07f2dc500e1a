"""The contract of an autoencoder for DeepSMOTE, checked before training.

:func:`check_constructor` checks that the module can be built from
``input_shape`` and ``latent_dim``; :func:`check_autoencoder` runs the built
module as a training step and as encoding and decoding run it, so that a
module breaking the contract is refused with :data:`AUTOENCODER_CONTRACT`
before any training starts, not with an error from inside torch during it.
"""

import inspect

import torch
from torch import nn

AUTOENCODER_CONTRACT = (
    "An autoencoder for DeepSMOTE is an nn.Module built as "
    "module(input_shape=..., latent_dim=...), with encode(x) mapping a batch "
    "(n, *input_shape) to codes (n, latent_dim) and decode(z) mapping codes "
    "back to (n, *input_shape)."
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
