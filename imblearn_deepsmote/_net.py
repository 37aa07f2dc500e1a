"""The skorch net that trains a DeepSMOTE autoencoder, and its callbacks.

The loss of each training step is the reconstruction error of the batch plus
the penalty loss of the DeepSMOTE paper on a batch of one class (see
:meth:`DeepSMOTENet.get_penalty_loss`).
"""

import contextlib
import math
import threading

import numpy as np
import torch
from skorch import NeuralNet
from skorch.callbacks import Callback
from skorch.dataset import unpack_data
from skorch.utils import to_tensor
from torch import nn
from tqdm.auto import tqdm

PENALTY_FORMS = ("paper", "released")


def train(net, X, y, *, seed):
    """Train ``net`` on ``(X, y)`` for ``max_epochs`` epochs, from where it stands.

    Parameters
    ----------
    net : DeepSMOTENet
        A net, initialised or not.

    X : ndarray of shape (n_samples, `*input_shape`), dtype float32
        Scaled training samples.

    y : ndarray of shape (n_samples,)
        Integer class codes.

    seed : int
        Seed of torch's generators during training (initial weights, batch
        order, penalty batches); the caller's generator state is restored.

    Returns
    -------
    net : DeepSMOTENet
        The same net, trained.
    """
    with seeded_torch(net.device, seed):
        try:
            net.partial_fit(torch.from_numpy(X), y)
        except ValueError as error:
            if "more than 1 value per channel" not in str(error):
                raise
            raise ValueError(
                f"batch_size={net.batch_size} is too small: a batch normalisation "
                "layer of the autoencoder got a single value per channel. Use "
                "batch_size=2 or more."
            ) from error
    return net


# torch's generators are global to the process: threads that seed and draw
# from them at once would interleave their draws.
_TORCH_RANDOM_STATE = threading.RLock()


@contextlib.contextmanager
def seeded_torch(device, seed):
    """Seed torch's generators for a block, one thread at a time.

    The caller's generator state is restored after the block, and a thread
    waits while another runs a seeded block, so that seeded work gives the
    same result in threads as in sequence.
    """
    device = torch.device(device)
    cuda_devices = [device.index or 0] if device.type == "cuda" else []
    with _TORCH_RANDOM_STATE, torch.random.fork_rng(devices=cuda_devices):
        torch.manual_seed(seed)
        yield


class DeepSMOTENet(NeuralNet):
    """skorch net training an autoencoder with the DeepSMOTE loss.

    ``fit(X, y)`` takes the scaled samples ``X`` (a float32 array or tensor
    shaped like the module's input) and their integer class codes ``y``. Each
    step minimises::

        criterion(decode(encode(B)), B) + penalty_weight * penalty_loss

    for a shuffled batch ``B`` of all classes, where the penalty loss is
    computed on up to ``batch_size`` samples of one class drawn uniformly at
    random among the classes with at least two samples.

    Parameters
    ----------
    module : torch module class or instance
        An autoencoder exposing ``encode`` and ``decode``.

    penalty : {"paper", "released"} or None, default=None
        Form of the penalty loss; see :meth:`get_penalty_loss`. None trains a
        plain autoencoder.

    penalty_weight : float, default=1.0
        Weight of the penalty loss in the total loss.

    balanced_batches : bool, default=False
        Train on batches that draw every class equally often: the training
        iterator is built with ``balance_classes=True`` (see
        :class:`TensorBatches`).

    criterion, optimizer, train_split, **kwargs
        As in :class:`skorch.NeuralNet`; the defaults here are the paper's:
        mean squared error, Adam, and no validation split.

    iterator_train : class, default=None
        As in :class:`skorch.NeuralNet`; None means :class:`TensorBatches`.
    """

    def __init__(
        self,
        module,
        *args,
        penalty=None,
        penalty_weight=1.0,
        balanced_batches=False,
        criterion=nn.MSELoss,
        optimizer=torch.optim.Adam,
        train_split=None,
        iterator_train=None,
        **kwargs,
    ):
        super().__init__(
            module,
            *args,
            criterion=criterion,
            optimizer=optimizer,
            train_split=train_split,
            iterator_train=TensorBatches if iterator_train is None else iterator_train,
            **kwargs,
        )
        self.penalty = penalty
        self.penalty_weight = penalty_weight
        self.balanced_batches = balanced_batches

    def fit_loop(self, X, y=None, epochs=None, **fit_params):
        # The penalty draws from the whole training set, not from the batch.
        self.penalty_sampler_ = ClassBatchSampler(X, y)
        self._stopped_by_callback = False
        try:
            return super().fit_loop(X, y, epochs=epochs, **fit_params)
        except KeyboardInterrupt:
            self._interrupted = not self._stopped_by_callback
            raise
        finally:
            del self.penalty_sampler_, self._stopped_by_callback

    def notify(self, method_name, **cb_kwargs):
        # skorch callbacks end training early by raising KeyboardInterrupt
        # (EarlyStopping does): that ends training; Ctrl-C aborts it.
        try:
            super().notify(method_name, **cb_kwargs)
        except KeyboardInterrupt:
            if hasattr(self, "_stopped_by_callback"):
                self._stopped_by_callback = True
            raise

    def partial_fit(self, X, y=None, classes=None, **fit_params):
        # skorch ends training quietly on KeyboardInterrupt and returns the
        # half-trained net, from which DeepSMOTE would go on to sample. Raise a
        # Ctrl-C again once skorch has run on_train_end.
        self._interrupted = False
        try:
            super().partial_fit(X, y, classes=classes, **fit_params)
        finally:
            interrupted = self.__dict__.pop("_interrupted", False)
        if interrupted:
            raise KeyboardInterrupt
        return self

    def initialize_module(self):
        super().initialize_module()
        check_autoencoder(self.module_, **self.get_params_for("module"))
        # Measured on a 2-core CPU: the default ConvAutoencoder trains 1.2 to
        # 1.7 times faster in channels-last layout. Only 4-D weights change.
        self.module_.to(memory_format=torch.channels_last)
        return self

    def get_iterator(self, dataset, training=False):
        if not training:
            return super().get_iterator(dataset, training=False)
        kwargs = {"batch_size": self.batch_size, "shuffle": True}
        if self.balanced_batches:
            kwargs["balance_classes"] = True
        kwargs.update(self.get_params_for("iterator_train"))
        # Batch norm cannot train on a last batch of a single sample.
        kwargs.setdefault("drop_last", len(dataset) % kwargs["batch_size"] == 1)
        return self.iterator_train(dataset, **kwargs)

    def _as_input(self, X):
        X = to_tensor(X, device=self.device)
        if X.ndim == 4:
            X = X.contiguous(memory_format=torch.channels_last)
        return X

    def train_step_single(self, batch, **fit_params):
        self._set_training(True)
        Xi, _ = unpack_data(batch)
        Xi = self._as_input(Xi)
        reconstruction = self.module_.decode(self.module_.encode(Xi))
        loss = self.get_loss(reconstruction, Xi, X=Xi, training=True)
        self.history.record_batch("reconstruction_loss", loss.item())
        if self.penalty is not None:
            class_batch = self.penalty_sampler_.draw(len(Xi))
            if class_batch is not None:
                penalty_loss = self.get_penalty_loss(self._as_input(class_batch))
                self.history.record_batch("penalty_loss", penalty_loss.item())
                loss = loss + self.penalty_weight * penalty_loss
        loss.backward()
        return {"loss": loss, "y_pred": reconstruction}

    def get_penalty_loss(self, class_batch):
        """Penalty loss on a batch of samples of one class.

        The codes of the batch are shifted cyclically by one (row ``i`` takes
        the code of row ``i + 1``) and decoded.

        - ``penalty="paper"`` (Algorithm 1 of the paper): the decoded images
          are compared with the batch in its original order, so the decoder
          learns to map a same-class neighbour's code onto each sample, and
          the gradient reaches encoder and decoder.
        - ``penalty="released"`` (the authors' released scripts): the codes
          are detached, so no gradient reaches the encoder, and the target is
          shifted the same way as the codes, so each decoded image is compared
          with its own original: an extra reconstruction loss on one class,
          through the decoder only.

        Parameters
        ----------
        class_batch : torch.Tensor
            Samples of a single class, on the net's device.

        Returns
        -------
        loss : torch.Tensor
            Scalar loss given by the criterion.
        """
        codes = self.module_.encode(class_batch)
        if self.penalty == "released":
            codes = codes.detach()
            target = class_batch.roll(-1, dims=0)
        else:
            target = class_batch
        return self.criterion_(self.module_.decode(codes.roll(-1, dims=0)), target)

    def encode(self, X):
        """Latent codes of ``X``, in evaluation mode, batch by batch.

        Returns
        -------
        codes : ndarray of shape (n_samples, latent_dim), dtype float32
        """
        return self._apply_in_batches(self.module_.encode, X)

    def decode(self, Z):
        """Samples decoded from latent codes ``Z``, batch by batch.

        Returns
        -------
        samples : ndarray of shape (n_samples, `*input_shape`), dtype float32
        """
        return self._apply_in_batches(self.module_.decode, Z)

    def _apply_in_batches(self, function, data):
        """``function`` applied to ``data`` in batches of ``batch_size`` rows.

        A last, smaller batch is padded to the full size by repeating its
        last row, and the padding dropped from the output: every batch then
        has one shape, so that a row's result does not depend on how many
        rows came with it, and the kernels that oneDNN builds and caches for
        each input shape are built once instead of for every size of
        request.
        """
        self.check_is_fitted()
        self._set_training(False)
        data = torch.as_tensor(data, dtype=torch.float32)
        outputs = []
        with torch.no_grad():
            for start in range(0, len(data), self.batch_size):
                chunk = data[start : start + self.batch_size]
                n_rows = len(chunk)
                if n_rows < self.batch_size:
                    padding = chunk[-1:].expand(
                        self.batch_size - n_rows, *chunk.shape[1:]
                    )
                    chunk = torch.cat([chunk, padding])
                output = function(self._as_input(chunk))[:n_rows]
                outputs.append(output.cpu().numpy())
        if not outputs:
            return np.empty((0, 0), dtype=np.float32)
        return np.concatenate(outputs)


AUTOENCODER_CONTRACT = (
    "An autoencoder for DeepSMOTE is an nn.Module built as "
    "module(input_shape=..., latent_dim=...), with encode(x) mapping a batch "
    "(n, *input_shape) to codes (n, latent_dim) and decode(z) mapping codes "
    "back to (n, *input_shape)."
)


def check_autoencoder(module, input_shape=None, latent_dim=None, **kwargs):
    """Check on a batch of two zeros that ``module`` keeps the contract.

    Runs in evaluation mode without gradients, so that nothing the module
    learns (batch norm statistics) changes. ``input_shape`` and
    ``latent_dim`` are the arguments the module was built with; a module
    built otherwise is not checked.
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
    was_training = module.training
    module.eval()
    try:
        with torch.no_grad():
            codes = _call(
                name, module.encode, torch.zeros(2, *input_shape, device=device)
            )
            _check_shape(name, "encode", codes, (2, latent_dim))
            _check_shape(
                name, "decode", _call(name, module.decode, codes), (2, *input_shape)
            )
    finally:
        module.train(was_training)


def _call(name, method, batch):
    try:
        return method(batch)
    except Exception as error:
        raise ValueError(
            f"module {name}: {method.__name__} failed on a batch of shape "
            f"{tuple(batch.shape)}: {error} {AUTOENCODER_CONTRACT}"
        ) from error


def _check_shape(name, method, output, expected):
    shape = tuple(getattr(output, "shape", ()))
    if shape != expected:
        raise ValueError(
            f"module {name}: {method} returned a batch of shape {shape} where "
            f"{expected} was expected. {AUTOENCODER_CONTRACT}"
        )


class TensorBatches:
    """Batches cut from whole tensors by indexing, for skorch nets.

    A drop-in for ``torch.utils.data.DataLoader`` as a skorch
    ``iterator_train`` or ``iterator_valid``, for data that sit in memory.
    The DataLoader collates batches one sample at a time, which costs more
    than training a small autoencoder on a CPU; indexing a tensor does not.
    Shuffling draws from torch's global generator, so a seeded run is
    repeatable.

    Parameters
    ----------
    dataset : skorch.dataset.Dataset
        Holds ``X`` (an array or tensor of samples) and ``y`` (labels, or
        None).

    batch_size : int
        Samples per batch; the last batch of a pass may be smaller.

    shuffle : bool, default=False
        Visit the samples in a new random order on each pass.

    drop_last : bool, default=False
        Leave out the last batch of a pass when it is smaller than
        ``batch_size``.

    n_batches : int, default=None
        Batches per epoch, all full: the samples are visited in as many
        shuffled passes as that takes, the last one cut short. None makes one
        pass per epoch. Gives training sets of any size the same number of
        optimiser steps.

    balance_classes : bool, default=False
        Draw the samples of every batch at random with replacement, each
        class with the same probability and the samples of a class with
        equal probability, instead of visiting the samples in turn; as many
        batches as without it. Needs labels in ``dataset``.

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
        n_batches=None,
        balance_classes=False,
    ):
        self.X = torch.as_tensor(dataset.X)
        self.y = None if dataset.y is None else torch.as_tensor(dataset.y)
        self.batch_size = batch_size
        self.shuffle = shuffle
        self.drop_last = drop_last
        self.n_batches = n_batches
        self.balance_classes = balance_classes
        if balance_classes and self.y is None:
            raise ValueError("balance_classes=True needs the labels of the samples.")

    def __len__(self):
        if self.n_batches is not None:
            return self.n_batches
        if self.drop_last:
            return len(self.X) // self.batch_size
        return -(-len(self.X) // self.batch_size)

    def _order(self):
        n_samples = len(self.X)
        if self.balance_classes:
            return self._balanced_draw(len(self) * self.batch_size)
        if self.n_batches is None:
            order = (
                torch.randperm(n_samples) if self.shuffle else torch.arange(n_samples)
            )
            return order[: len(self) * self.batch_size]
        n_wanted = self.n_batches * self.batch_size
        n_passes = -(-n_wanted // n_samples)
        return torch.cat([torch.randperm(n_samples) for _ in range(n_passes)])[
            :n_wanted
        ]

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

    def __iter__(self):
        order = self._order()
        for start in range(0, len(order), self.batch_size):
            index = order[start : start + self.batch_size]
            yield self.X[index], None if self.y is None else self.y[index]


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


class EpochProgressBar(Callback):
    """A tqdm progress bar over epochs that shows the last epoch's loss."""

    def on_train_begin(self, net, X=None, y=None, **kwargs):
        self.bar_ = tqdm(total=net.max_epochs, desc="DeepSMOTE training", unit="epoch")

    def on_epoch_end(self, net, **kwargs):
        self.bar_.set_postfix(loss=f"{net.history[-1, 'train_loss']:.4f}")
        self.bar_.update(1)

    def on_train_end(self, net, X=None, y=None, **kwargs):
        self.bar_.close()
        # The bar holds sys.stderr, which would make the fitted net unpicklable.
        del self.bar_


class StopOnDivergence(Callback):
    """Stops training with a clear error as soon as it diverges.

    Divergence is a loss that is not finite or above ``max_loss`` (the data
    are scaled to unit variance or to [-1, 1], so a healthy loss is of order
    one), or a weight larger than ``max_weight`` (a Tanh decoder bounds the
    loss, however large its weights grow). Samples decoded by a diverged
    network are garbage, so returning them would hide the failure.
    """

    def __init__(self, max_loss=1e4, max_weight=1e3):
        self.max_loss = max_loss
        self.max_weight = max_weight

    def on_epoch_end(self, net, **kwargs):
        loss = net.history[-1, "train_loss"]
        epoch = len(net.history)
        if not math.isfinite(loss) or loss > self.max_loss:
            self._diverged(net, f"the training loss became {loss:.3g} in epoch {epoch}")
        largest = max(
            (
                p.detach().abs().max().item()
                for p in net.module_.parameters()
                if p.numel()
            ),
            default=0.0,
        )
        if not math.isfinite(largest) or largest > self.max_weight:
            self._diverged(
                net,
                f"a weight of the autoencoder reached {largest:.3g} in epoch {epoch}",
            )

    @staticmethod
    def _diverged(net, what):
        raise FloatingPointError(
            f"DeepSMOTE training diverged: {what}. The learning rate "
            f"(lr={net.lr}) is probably too high; lower it, or check the data for "
            "extreme values."
        )
