"""Batches for training on data held in memory.

:class:`TensorBatches` cuts the training batches of a skorch net from whole
tensors; :class:`ClassBatchSampler` draws the batches of one class that the
DeepSMOTE penalty loss is computed on.
"""

import numpy as np
import torch


class TensorBatches:
    """Batches cut from whole tensors by indexing, for skorch nets.

    A drop-in for ``torch.utils.data.DataLoader`` as a skorch
    ``iterator_train`` or ``iterator_valid``, for data that sit in memory.
    The DataLoader collates batches one sample at a time, which costs more
    than training a small autoencoder on a CPU; indexing a tensor does not.
    Random orders and draws come from torch's global generator, so a seeded
    run is repeatable.

    Parameters
    ----------
    dataset : skorch.dataset.Dataset
        Holds ``X`` (an array or tensor of samples) and ``y`` (labels, or
        None).

    batch_size : int
        Samples per batch; the last batch of a pass may be smaller.

    shuffle : bool, default=False
        Visit the samples in a new random order on each pass; without it,
        in the order of ``dataset``.

    drop_last : bool, default=False
        Leave out the last batch of a pass when it is smaller than
        ``batch_size``.

    balance_classes : bool, default=False
        Draw the samples of every batch at random with replacement, each
        class with the same probability and the samples of a class with
        equal probability, instead of visiting the samples in turn; as many
        batches as without it. The draws are random whatever ``shuffle``
        says. Needs labels in ``dataset``.

    Examples
    --------
    >>> import numpy as np
    >>> from skorch.dataset import Dataset
    >>> batches = TensorBatches(Dataset(np.zeros((5, 2)), np.arange(5)), 2)
    >>> [len(Xb) for Xb, yb in batches]
    [2, 2, 1]
    """

    def __init__(
        self,
        dataset,
        batch_size,
        shuffle=False,
        drop_last=False,
        balance_classes=False,
    ):
        self.X = torch.as_tensor(dataset.X)
        self.y = None if dataset.y is None else torch.as_tensor(dataset.y)
        self.batch_size = batch_size
        self.shuffle = shuffle
        self.drop_last = drop_last
        self.balance_classes = balance_classes
        if balance_classes and self.y is None:
            raise ValueError("balance_classes=True needs the labels of the samples.")

    def __len__(self):
        if self.drop_last:
            return len(self.X) // self.batch_size
        return -(-len(self.X) // self.batch_size)

    def __iter__(self):
        order = self._order()
        for start in range(0, len(order), self.batch_size):
            index = order[start : start + self.batch_size]
            yield self.X[index], None if self.y is None else self.y[index]

    def _order(self):
        """Indices of the samples of one pass, batch after batch."""
        n_draws = len(self) * self.batch_size
        if self.balance_classes:
            return self._balanced_draw(n_draws)
        n_samples = len(self.X)
        if self.shuffle:
            return torch.randperm(n_samples)[:n_draws]
        return torch.arange(n_samples)[:n_draws]

    def _balanced_draw(self, n_draws):
        """Indices of ``n_draws`` samples: a class at random, then a sample of it."""
        _, classes, counts = torch.unique(
            self.y, return_inverse=True, return_counts=True
        )
        by_class = torch.argsort(classes, stable=True)
        starts = torch.cumsum(counts, 0) - counts
        drawn = torch.randint(len(counts), (n_draws,))
        within = (torch.rand(n_draws, dtype=torch.float64) * counts[drawn]).long()
        return by_class[starts[drawn] + within]


class ClassBatchSampler:
    """Draws batches of one class, the class chosen uniformly at random.

    Classes with fewer than two samples are never drawn: they have no
    same-class neighbour to learn from. Uses torch's global generator, which
    the caller seeds.

    Parameters
    ----------
    X : array-like or tensor of shape (n_samples, ...)
        Training samples.

    y : array-like of shape (n_samples,)
        Integer class codes.
    """

    def __init__(self, X, y):
        self.X = torch.as_tensor(X)
        y = np.asarray(y)
        self.class_indices = [
            torch.from_numpy(np.flatnonzero(y == label)) for label in np.unique(y)
        ]
        self.class_indices = [idx for idx in self.class_indices if len(idx) > 1]

    def draw(self, batch_size):
        """Up to ``batch_size`` samples of one class, without replacement.

        Returns None when no class has two samples.
        """
        if not self.class_indices:
            return None
        choice = torch.randint(len(self.class_indices), ()).item()
        indices = self.class_indices[choice]
        chosen = indices[torch.randperm(len(indices))[:batch_size]]
        return self.X[chosen]
