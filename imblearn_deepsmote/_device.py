"""The torch device to train on, checked before training."""

import torch


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
