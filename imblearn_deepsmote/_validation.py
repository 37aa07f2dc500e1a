"""Checks of the arguments before training, and how their failures are told.

- :class:`ParameterError`: an error about one argument, worded
  ``"<problem> Pass <parameter>=<value>."`` everywhere, which also names the
  argument (``parameter``) for a program that catches it. The command line
  shows it as it is.
- :func:`warn_caller`: a warning that points at the line of the caller's code.
- :func:`check_device`: the torch device to train on, refused before training
  where torch cannot use it here.
"""

import os
import sys
import warnings
from pathlib import Path

import torch

_PACKAGE = str(Path(__file__).parent) + os.sep


class ParameterError(ValueError):
    """A ValueError whose fix is to pass one argument.

    Parameters
    ----------
    problem : str
        What is wrong, as a sentence, without the advice.

    parameter : str
        Name of the argument that fixes it, e.g. ``"image_size"``.

    value : object, default=None
        The value to pass, or None where the user must choose one; then
        ``hint`` describes it.

    hint : str, default=None
        What to pass, in words, when ``value`` is None, e.g.
        ``"(height, width)"``.

    Attributes
    ----------
    problem, parameter, value, hint
        As given.
    """

    def __init__(self, problem, *, parameter, value=None, hint=None):
        self.problem = problem
        self.parameter = parameter
        self.value = value
        self.hint = hint
        super().__init__(f"{problem} {self.advice()}")

    def advice(self):
        """The advice in the library's terms: ``Pass name=value.``"""
        if self.value is None:
            return f"Pass {self.parameter}={self.hint}."
        return f"Pass {self.parameter}={self.value!r}."

    def __reduce__(self):
        return (
            _rebuild,
            (type(self), self.problem, self.parameter, self.value, self.hint),
        )


def _rebuild(cls, problem, parameter, value, hint):
    return cls(problem, parameter=parameter, value=value, hint=hint)


def warn_caller(message, category=UserWarning):
    """Warn, attributing the warning to the first frame outside this package."""
    frame, level = sys._getframe(1), 2
    while frame is not None and frame.f_code.co_filename.startswith(_PACKAGE):
        frame, level = frame.f_back, level + 1
    warnings.warn(message, category, stacklevel=level)


def check_device(device):
    """Refuse, before training, a device that torch cannot use here."""
    try:
        parsed = torch.device(device)
    except RuntimeError as error:
        raise ValueError(
            f"device={device!r} is not a torch device; use 'cpu' or 'cuda'."
        ) from error
    if parsed.type == "cuda" and not torch.cuda.is_available():
        raise ValueError(
            f"device={device!r} was requested, but PyTorch finds no CUDA GPU on "
            "this machine (torch.cuda.is_available() is False). Use "
            "device='cpu', or install a CUDA build of PyTorch on a GPU machine."
        )
    if parsed.type == "cuda" and (parsed.index or 0) >= torch.cuda.device_count():
        raise ValueError(
            f"device={device!r} was requested, but PyTorch finds "
            f"{torch.cuda.device_count()} CUDA GPU(s) here, numbered from 0. Use "
            "device='cuda:0' or device='cpu'."
        )
    if parsed.type == "meta":
        raise ValueError(
            "device='meta' holds shapes without values, so nothing can be trained "
            "on it. Use device='cpu' or 'cuda'."
        )
    try:
        torch.zeros(1, device=parsed)
    except Exception as error:
        reason = (
            str(error).splitlines()[0][:200] if str(error) else type(error).__name__
        )
        raise ValueError(
            f"device={device!r} cannot be used by PyTorch on this machine "
            f"({reason}). Use device='cpu', or 'cuda' on a machine with a GPU."
        ) from None
