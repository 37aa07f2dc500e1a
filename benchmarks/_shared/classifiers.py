"""The classifiers trained on every resampled set.

The CNN is a small skorch ``NeuralNetClassifier`` that trains for the same
number of optimiser steps whatever the size of its training set
(:class:`StepBatches`): a method that does not resample (9,000
Fashion-MNIST images) trains as long as one that balances the classes
(40,000). The classical classifiers are scikit-learn's; which SVC a data
set gets is decided by the data set, not by the resampled size, so that
every sampler of a unit trains the same classifier.
"""

import numpy as np
import torch
from sklearn.ensemble import RandomForestClassifier
from sklearn.kernel_approximation import Nystroem
from sklearn.linear_model import LogisticRegression
from sklearn.neighbors import KNeighborsClassifier
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.svm import SVC, LinearSVC
from skorch import NeuralNetClassifier
from torch import nn

CLASSICAL = ("lr", "svc", "knn", "rf", "mlp")
CNNS = ("cnn", "cnn_aug")
CLASSIFIERS = (*CLASSICAL, *CNNS)
CLASSIFIER_NAMES = {
    "lr": "LogisticRegression",
    "svc": "SVC (RBF); on sets whose balanced training set exceeds 10,000 "
    "rows (Fashion-MNIST), an RBF Nystroem map + LinearSVC for every sampler",
    "knn": "KNeighborsClassifier (k = 5)",
    "rf": "RandomForestClassifier (100 trees)",
    "mlp": "MLPClassifier (one hidden layer of 100)",
    "cnn": "a small CNN (two conv blocks), Adam, a fixed number of steps",
    "cnn_aug": "the same CNN trained on augmented batches: random shifts of up "
    "to 2 pixels (28x28) or 1 pixel (8x8), and horizontal flips where the data "
    "allow them (Fashion-MNIST)",
}
TAKES_CLASS_WEIGHT = ("lr", "svc", "rf", "cnn", "cnn_aug")
SVC_EXACT_MAX = 10_000
NYSTROEM_COMPONENTS = 1000
CNN_LR = 1e-3
CNN_BATCH_SIZE = 128


class SmallCNN(nn.Module):
    """Two 3x3 convolution blocks and a small fully connected head.

    Each block is a padded 3x3 convolution, ReLU and 2x2 max pooling;
    pooling stops once the image side would fall below 2, so the network
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


class StepBatches:
    """Batches cut from whole tensors by indexing, a set number per epoch.

    A skorch iterator (``iterator_train`` / ``iterator_valid``). With
    ``n_batches``, every epoch yields that many full batches, visiting the
    samples in as many shuffled passes as that takes; without, one pass
    (shuffled if ``shuffle``), the last batch maybe smaller. Shuffling
    draws from torch's global generator, which the caller seeds.

    Parameters
    ----------
    dataset : skorch.dataset.Dataset
        Holds ``X`` and ``y`` (or None).
    batch_size : int
        Samples per batch.
    shuffle : bool, default=False
        Visit the samples in a new random order on each pass.
    n_batches : int, default=None
        Batches per epoch; None makes one pass.
    """

    def __init__(
        self, dataset, batch_size, shuffle=False, n_batches=None, augment=None
    ):
        self.X = torch.as_tensor(dataset.X)
        self.y = None if dataset.y is None else torch.as_tensor(dataset.y)
        self.batch_size = batch_size
        self.shuffle = shuffle
        self.n_batches = n_batches
        self.augment = augment

    def __len__(self):
        if self.n_batches is not None:
            return self.n_batches
        return -(-len(self.X) // self.batch_size)

    def __iter__(self):
        n = len(self.X)
        if self.n_batches is None:
            order = torch.randperm(n) if self.shuffle else torch.arange(n)
        else:
            wanted = self.n_batches * self.batch_size
            passes = [torch.randperm(n) for _ in range(-(-wanted // n))]
            order = torch.cat(passes)[:wanted]
        for start in range(0, len(order), self.batch_size):
            index = order[start : start + self.batch_size]
            X = self.X[index]
            if self.augment is not None:
                X = self.augment(X)
            yield X, None if self.y is None else self.y[index]


class Augment:
    """Random shifts of each image (zeros fill in), and horizontal flips.

    Draws from torch's global generator, which the caller seeds.

    Parameters
    ----------
    max_shift : int
        Largest shift in pixels, along each axis.
    flip : bool
        Whether half of the images, at random, are mirrored left to right.
    """

    def __init__(self, max_shift, flip):
        self.max_shift = max_shift
        self.flip = flip

    def __call__(self, X):
        s = self.max_shift
        height, width = X.shape[-2:]
        padded = nn.functional.pad(X, (s, s, s, s))
        shifts = torch.randint(0, 2 * s + 1, (len(X), 2))
        out = torch.stack(
            [
                image[..., dy : dy + height, dx : dx + width]
                for image, (dy, dx) in zip(padded, shifts.tolist(), strict=True)
            ]
        )
        if self.flip:
            mirrored = torch.rand(len(X)) < 0.5
            out[mirrored] = out[mirrored].flip(-1)
        return out


def steps_per_epoch(y_train):
    """Optimiser steps of one epoch over the balanced training set."""
    n_balanced = np.bincount(y_train).max() * len(np.unique(y_train))
    return -(-n_balanced // CNN_BATCH_SIZE)


def fit_cnn(
    X,
    y,
    *,
    input_shape,
    n_classes,
    epochs,
    steps,
    seed,
    class_weight=None,
    augment=None,
):
    """Train the benchmark CNN on float32 images ``X`` in [0, 1].

    Every sampler of a unit gets the same ``epochs`` x ``steps`` optimiser
    steps (:func:`steps_per_epoch` of the original training set), Adam at
    :data:`CNN_LR`, batches of :data:`CNN_BATCH_SIZE`, torch seeded with
    ``seed``; ``class_weight`` (a tensor, or None) weighs the loss;
    ``augment`` (an :class:`Augment`, or None) transforms each batch.
    """
    net = NeuralNetClassifier(
        SmallCNN,
        module__input_shape=input_shape,
        module__n_classes=n_classes,
        criterion=nn.CrossEntropyLoss,
        criterion__weight=class_weight,
        optimizer=torch.optim.Adam,
        lr=CNN_LR,
        max_epochs=epochs,
        batch_size=CNN_BATCH_SIZE,
        iterator_train=StepBatches,
        iterator_train__shuffle=True,
        iterator_train__n_batches=steps,
        iterator_train__augment=augment,
        iterator_valid=StepBatches,
        train_split=None,
        device="cpu",
        verbose=0,
    )
    torch.manual_seed(seed)
    return net.fit(X, y)


def class_weights(y, n_classes):
    """Inverse-frequency class weights, ``n / (n_classes * n_c)``, as a tensor."""
    counts = np.bincount(y, minlength=n_classes)
    return torch.tensor(len(y) / (n_classes * counts), dtype=torch.float32)


def make_classical(kind, seed, *, large, X=None, class_weighted=False):
    """An unfitted classical classifier.

    ``large`` (decided per data set) swaps the exact RBF SVC for an RBF
    Nystroem map of :data:`NYSTROEM_COMPONENTS` components (``gamma`` as
    SVC's ``"scale"``, computed on ``X``) feeding a LinearSVC.
    """
    weight = "balanced" if class_weighted else None
    if kind == "lr":
        return LogisticRegression(max_iter=1000, class_weight=weight)
    if kind == "svc":
        if not large:
            return SVC(class_weight=weight, random_state=seed)
        gamma = 1.0 / (X.shape[1] * X.var())
        return make_pipeline(
            Nystroem(gamma=gamma, n_components=NYSTROEM_COMPONENTS, random_state=seed),
            LinearSVC(class_weight=weight, random_state=seed),
        )
    if kind == "knn":
        return KNeighborsClassifier(n_neighbors=5)
    if kind == "rf":
        return RandomForestClassifier(class_weight=weight, random_state=seed)
    if kind == "mlp":
        return MLPClassifier(hidden_layer_sizes=(100,), max_iter=300, random_state=seed)
    raise ValueError(f"unknown classifier {kind!r}")
