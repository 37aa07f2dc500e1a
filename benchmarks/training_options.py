"""What makes DeepSMOTE's training faster on a CPU, and what does not.

Trains the default autoencoder on long-tailed Fashion-MNIST images for a few
epochs with one change at a time against the library as shipped, and prints
images per second (first epoch, which includes any compilation, and the
mean of the later ones)::

    python benchmarks/training_options.py [--images 4000] [--epochs 3]

The options: skorch's default ``DataLoader`` instead of
:class:`~imblearn_deepsmote.TensorBatches`; the contiguous (channels-first)
memory layout instead of channels-last; bfloat16 autocast; ``torch.compile``
of the encoder and decoder; one torch thread instead of two. RESULTS.md
records which ones the library keeps.
"""

import argparse
import time

import numpy as np
import torch
from skorch.utils import to_tensor
from torch.utils.data import DataLoader

from imblearn_deepsmote import ConvAutoencoder, DeepSMOTENet
from imblearn_deepsmote._scaling import ImageScaler
from imblearn_deepsmote.datasets import load_fashion_mnist, make_long_tailed


class ContiguousNet(DeepSMOTENet):
    """Keeps torch's default channels-first layout."""

    def initialize_module(self):
        return super(DeepSMOTENet, self).initialize_module()

    def _as_input(self, X):
        return to_tensor(X, device=self.device)


class BFloat16Net(DeepSMOTENet):
    """Runs each training step under bfloat16 autocast."""

    def train_step_single(self, batch, **fit_params):
        with torch.autocast("cpu", dtype=torch.bfloat16):
            return super().train_step_single(batch, **fit_params)


class CompiledNet(DeepSMOTENet):
    """Compiles the encoder and the decoder with ``torch.compile``."""

    def initialize_module(self):
        super().initialize_module()
        self.module_.encoder = torch.compile(self.module_.encoder)
        self.module_.decoder = torch.compile(self.module_.decoder)
        return self


OPTIONS = {
    "as shipped": (DeepSMOTENet, {}, None),
    "skorch DataLoader": (DeepSMOTENet, {"iterator_train": DataLoader}, None),
    "channels-first layout": (ContiguousNet, {}, None),
    "bfloat16 autocast": (BFloat16Net, {}, None),
    "torch.compile": (CompiledNet, {}, None),
    "1 thread": (DeepSMOTENet, {}, 1),
}


def images(n_images):
    X, y = load_fashion_mnist(subset="train", return_X_y=True)
    X, y = make_long_tailed(X, y, preset="fashion_mnist", random_state=0)
    X, y = X[:n_images], y[:n_images]
    scaled = ImageScaler().fit_transform(X.reshape(len(X), -1))
    return scaled.reshape(-1, 1, 28, 28).astype(np.float32), y


def epoch_speeds(net_class, params, X, y, epochs):
    net = net_class(
        ConvAutoencoder,
        module__input_shape=(1, 28, 28),
        module__latent_dim=300,
        penalty=None,
        max_epochs=epochs,
        batch_size=100,
        verbose=0,
        **params,
    )
    torch.manual_seed(0)
    net.fit(torch.from_numpy(X), y)
    durations = net.history[:, "dur"]
    return len(X) / durations[0], len(X) / np.mean(durations[1:])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--images", type=int, default=4000)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args(argv)
    X, y = images(args.images)
    print(
        f"Default ConvAutoencoder, no penalty, batch 100, {args.images} images, "
        f"{args.epochs} epochs, {args.threads} threads unless stated\n"
    )
    print("| option | images/s, first epoch | images/s, later epochs |")
    print("|---|---:|---:|")
    for name, (net_class, params, threads) in OPTIONS.items():
        torch.set_num_threads(threads or args.threads)
        try:
            first, later = epoch_speeds(net_class, params, X, y, args.epochs)
        except Exception as error:  # an option the machine lacks
            print(f"| {name} | failed: {type(error).__name__}: {error} | |")
            continue
        print(f"| {name} | {first:.0f} | {later:.0f} |", flush=True)


if __name__ == "__main__":
    start = time.perf_counter()
    main()
    print(f"\nTotal wall time: {time.perf_counter() - start:.0f} s")
