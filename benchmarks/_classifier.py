"""The fixed downstream classifier of the quality benchmark.

Every method's resampled training set trains the same skorch
``NeuralNetClassifier``: a small CNN by default, or a CIFAR-style ResNet-18
for users with a GPU. Batches are cut from one tensor by indexing
(:class:`imblearn_deepsmote.TensorBatches`), which is several times faster on a CPU than
skorch's default ``DataLoader`` collating one sample at a time.
"""

import numpy as np
import torch
from skorch import NeuralNetClassifier
from torch import nn

from imblearn_deepsmote import TensorBatches

CLASSIFIERS = ("cnn", "resnet18")


class SmallCNN(nn.Module):
    """Two 3x3 convolution blocks and a small fully connected head.

    Each block is a padded 3x3 convolution, ReLU and 2x2 max pooling;
    blocks stop once the image side would fall below 2, so the network
    takes 8x8 and 28x28 images alike.

    Parameters
    ----------
    input_shape : tuple of int
        ``(channels, height, width)`` of one image.

    n_classes : int
        Number of output logits.

    channels : tuple of int, default=(16, 32)
        Output channels of the convolution blocks.

    hidden_units : int, default=64
        Width of the hidden fully connected layer.
    """

    def __init__(self, input_shape, n_classes, channels=(16, 32), hidden_units=64):
        super().__init__()
        n_channels, height, width = input_shape
        layers = []
        for out_channels in channels:
            layers += [nn.Conv2d(n_channels, out_channels, 3, padding=1), nn.ReLU()]
            if min(height, width) >= 4:
                layers.append(nn.MaxPool2d(2))
                height, width = height // 2, width // 2
            n_channels = out_channels
        self.features = nn.Sequential(*layers)
        self.head = nn.Sequential(
            nn.Flatten(),
            nn.Linear(n_channels * height * width, hidden_units),
            nn.ReLU(),
            nn.Linear(hidden_units, n_classes),
        )

    def forward(self, x):
        return self.head(self.features(x))


class _BasicBlock(nn.Module):
    """Two 3x3 convolutions with batch norm and an identity or 1x1 shortcut."""

    def __init__(self, in_channels, out_channels, stride):
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv2d(in_channels, out_channels, 3, stride, 1, bias=False),
            nn.BatchNorm2d(out_channels),
            nn.ReLU(),
            nn.Conv2d(out_channels, out_channels, 3, 1, 1, bias=False),
            nn.BatchNorm2d(out_channels),
        )
        self.shortcut = nn.Identity()
        if stride != 1 or in_channels != out_channels:
            self.shortcut = nn.Sequential(
                nn.Conv2d(in_channels, out_channels, 1, stride, bias=False),
                nn.BatchNorm2d(out_channels),
            )

    def forward(self, x):
        return torch.relu(self.body(x) + self.shortcut(x))


class ResNet18(nn.Module):
    """ResNet-18 in its CIFAR form: a 3x3 stem without max pooling.

    Four stages of two basic blocks with 64, 128, 256 and 512 channels, the
    last three halving the image side, then global average pooling and a
    linear layer. Slow on a CPU: meant for a GPU (``--device cuda``).

    Parameters
    ----------
    input_shape : tuple of int
        ``(channels, height, width)`` of one image.

    n_classes : int
        Number of output logits.
    """

    def __init__(self, input_shape, n_classes):
        super().__init__()
        widths = (64, 128, 256, 512)
        layers = [
            nn.Conv2d(input_shape[0], widths[0], 3, 1, 1, bias=False),
            nn.BatchNorm2d(widths[0]),
            nn.ReLU(),
        ]
        in_channels = widths[0]
        for stage, out_channels in enumerate(widths):
            stride = 1 if stage == 0 else 2
            layers += [
                _BasicBlock(in_channels, out_channels, stride),
                _BasicBlock(out_channels, out_channels, 1),
            ]
            in_channels = out_channels
        layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten()]
        self.features = nn.Sequential(*layers)
        self.fc = nn.Linear(in_channels, n_classes)

    def forward(self, x):
        return self.fc(self.features(x))


def class_weights(y, n_classes):
    """Inverse-frequency class weights, ``n / (n_classes * n_c)``, as a tensor."""
    counts = np.bincount(y, minlength=n_classes)
    return torch.tensor(len(y) / (n_classes * counts), dtype=torch.float32)


def make_classifier(
    kind,
    input_shape,
    n_classes,
    *,
    max_epochs,
    lr=1e-3,
    batch_size=128,
    batches_per_epoch=None,
    class_weight=None,
    device="cpu",
):
    """The fixed classifier: a skorch net with Adam and no validation split.

    Parameters
    ----------
    kind : {"cnn", "resnet18"}
        The network: :class:`SmallCNN` or :class:`ResNet18`.

    input_shape : tuple of int
        ``(channels, height, width)`` of one image.

    n_classes : int
        Number of classes.

    max_epochs : int
        Training epochs.

    batches_per_epoch : int, default=None
        Optimiser steps per epoch, whatever the size of the training set
        (see :class:`TensorBatches`); None makes one pass per epoch.

    lr : float, default=1e-3
        Adam's learning rate.

    batch_size : int, default=128
        Samples per batch.

    class_weight : torch.Tensor, default=None
        Per-class weights of the cross-entropy loss; None weighs all
        classes alike.

    device : str, default="cpu"
        Torch device.

    Returns
    -------
    net : skorch.NeuralNetClassifier
        Unfitted; fit it on float32 images and int64 labels.
    """
    module = {"cnn": SmallCNN, "resnet18": ResNet18}[kind]
    return NeuralNetClassifier(
        module,
        module__input_shape=input_shape,
        module__n_classes=n_classes,
        criterion=nn.CrossEntropyLoss,
        criterion__weight=class_weight,
        optimizer=torch.optim.Adam,
        lr=lr,
        max_epochs=max_epochs,
        batch_size=batch_size,
        iterator_train=TensorBatches,
        iterator_train__shuffle=True,
        iterator_train__n_batches=batches_per_epoch,
        iterator_valid=TensorBatches,
        train_split=None,
        device=device,
        verbose=0,
    )
