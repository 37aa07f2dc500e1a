"""The skorch net that trains a DeepSMOTE autoencoder, and its training.

The loss of each training step is the reconstruction error of the batch plus
the penalty loss of the DeepSMOTE paper on a batch of one class (see
:meth:`DeepSMOTENet.get_penalty_loss`). :func:`train` trains a net with
torch's generators seeded, or not.
"""

import collections
import contextlib
import threading

import numpy as np
import torch
from skorch import NeuralNet
from skorch.dataset import unpack_data
from skorch.utils import to_tensor
from torch import nn

from ._architectures import Autoencoder, check_autoencoder, check_constructor
from ._batches import ClassBatchSampler, TensorBatches
from ._kinds import kind_of

PENALTY_FORMS = ("paper", "released", "compact", "classify")


def train(net, X, y, *, seed=None):
    """Train ``net`` on ``(X, y)`` for ``max_epochs`` epochs, from where it stands.

    torch's generators are global to the process, so seeded trainings run
    one at a time: in threads (joblib's threading backend, for one), a
    seeded training waits while another training runs, and gives the same
    net as in sequence. Unseeded trainings run at the same time as each
    other.

    Parameters
    ----------
    net : DeepSMOTENet
        A net, initialised or not.

    X : ndarray of shape (n_samples, `*input_shape`), dtype float32
        Scaled training samples.

    y : ndarray of shape (n_samples,)
        Integer class codes.

    seed : int or None, default=None
        Seed of torch's generators during training (initial weights, batch
        order, penalty batches); the caller's generator state is restored.
        None draws from torch's generators as they stand, and advances them.

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


@contextlib.contextmanager
def seeded_torch(device, seed):
    """Seed torch's generators for a block, or share them unseeded.

    With an int ``seed``, the block holds the generators alone: it waits
    while another thread runs a block, seeded or not, and other threads wait
    for it; the caller's generator state is restored after it. Seeded work
    thus gives the same result in threads as in sequence. With ``seed=None``
    the generators are left as they are, and unseeded blocks of any number
    of threads run at once, waiting only for seeded ones.
    """
    if seed is None:
        with _GENERATORS.shared():
            yield
        return
    device = torch.device(device)
    cuda_devices = [device.index or 0] if device.type == "cuda" else []
    with _GENERATORS.exclusive(), torch.random.fork_rng(devices=cuda_devices):
        torch.manual_seed(seed)
        yield


class _GeneratorsLock:
    """Who draws from torch's generators: one seeded block, or unseeded ones.

    A shared and exclusive lock. Blocks nest within a thread: a block in a
    thread that holds the lock already never waits for that thread. A seeded
    block waiting for the lock goes before unseeded blocks that come after
    it, so that a stream of unseeded work cannot hold it off for ever.
    """

    def __init__(self):
        self._condition = threading.Condition()
        self._owner = None
        self._depth = 0
        self._waiting = 0
        self._sharers = collections.Counter()

    @contextlib.contextmanager
    def exclusive(self):
        thread = threading.get_ident()
        with self._condition:
            if self._owner != thread:
                self._waiting += 1
                try:
                    # A thread inside an unseeded block cannot wait for the
                    # other unseeded blocks: they may be waiting for it.
                    self._condition.wait_for(
                        lambda: (
                            self._owner is None
                            and (thread in self._sharers or not self._sharers)
                        )
                    )
                finally:
                    self._waiting -= 1
                self._owner = thread
            self._depth += 1
        try:
            yield
        finally:
            with self._condition:
                self._depth -= 1
                if not self._depth:
                    self._owner = None
                    self._condition.notify_all()

    @contextlib.contextmanager
    def shared(self):
        thread = threading.get_ident()
        with self._condition:
            if self._owner != thread and thread not in self._sharers:
                self._condition.wait_for(
                    lambda: self._owner is None and not self._waiting
                )
            self._sharers[thread] += 1
        try:
            yield
        finally:
            with self._condition:
                self._sharers[thread] -= 1
                if not self._sharers[thread]:
                    del self._sharers[thread]
                    self._condition.notify_all()


# torch's generators are global to the process: threads that seed and draw
# from them at once would interleave their draws.
_GENERATORS = _GeneratorsLock()


def _class_sums(codes, y):
    """``y`` as a long tensor on the codes' device, and the number and the sum
    of the codes of each class ``0 ... max(y)``."""
    y = torch.as_tensor(y, device=codes.device).long()
    counts = torch.bincount(y)
    sums = codes.new_zeros(len(counts), codes.shape[1]).index_add(0, y, codes)
    return y, counts, sums


# Codes whose spread is within this many units in the last place of their
# size coincide: identical samples give codes that differ by rounding alone,
# and a ratio of such spreads is noise, however small they are.
_ROUNDING_ULPS = 128


def _scatter(codes):
    """Squared distance of each code to the mean of the batch, or None where
    the codes coincide up to rounding (identical samples give such codes)."""
    scatter = (codes - codes.mean(dim=0)).pow(2).sum(dim=1)
    # At least float32's resolution: 128 units of bfloat16 are its whole range.
    dtype = torch.promote_types(codes.dtype, torch.float32)
    resolution = _ROUNDING_ULPS * torch.finfo(dtype).eps
    if scatter.sum() <= resolution**2 * codes.pow(2).sum():
        return None
    return scatter


class DeepSMOTENet(NeuralNet):
    """skorch net training an autoencoder with the DeepSMOTE loss.

    ``fit(X, y)`` takes the scaled samples ``X`` (a float32 array or tensor
    shaped like the module's input) and their integer class codes ``y``. Each
    step minimises::

        criterion(decode(encode(B)), B) + penalty_weight * penalty_loss

    for a shuffled batch ``B`` of all classes, where the penalty loss of the
    forms "paper" and "released" is computed on up to ``batch_size`` samples
    of one class drawn uniformly at random among the classes with at least
    two samples, and that of the forms "compact" and "classify" on the codes
    of ``B``.

    Parameters
    ----------
    module : torch module class or instance
        An autoencoder exposing ``encode`` and ``decode``, built from the
        ``module__`` parameters, ``module__input_shape`` and
        ``module__latent_dim`` among them. When the net initialises it, a
        batch of zeros goes through a training step and through encoding
        and decoding, so that a module breaking the contract is refused
        before training, with a message that says what to do. Its batches
        come in the memory format of :meth:`get_memory_format`.

    penalty : {"paper", "released", "compact", "classify"} or None, default=None
        Form of the penalty loss; see :meth:`get_penalty_loss`,
        :meth:`get_compact_loss` and :meth:`get_classify_loss`. None trains a
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
        params = self.get_params_for("module")
        check_constructor(self.module, **params)
        super().initialize_module()
        memory_format = self.get_memory_format()
        if memory_format != torch.contiguous_format:
            self.module_.to(memory_format=memory_format)
        check_autoencoder(self.module_, memory_format=memory_format, **params)
        return self

    def get_memory_format(self):
        """Memory format of the batches the module trains and runs on.

        The library's autoencoders (:class:`Autoencoder` and its subclasses)
        take that of their kind of sample, read from their ``input_shape``:
        images channels-last, in which the default ConvAutoencoder trains 1.2
        to 1.7 times faster on a 2-core CPU. Their 4-D weights are converted
        to it. Any other module gets contiguous batches, as skorch gives
        them, and keeps its weights as built.

        Returns
        -------
        memory_format : torch.memory_format
        """
        input_shape = self.get_params_for("module").get("input_shape")
        if input_shape is None or not isinstance(self.module_, Autoencoder):
            return torch.contiguous_format
        return kind_of(input_shape).memory_format

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
        """Samples on the net's device, in the module's memory format."""
        X = to_tensor(X, device=self.device)
        return X.contiguous(memory_format=self.get_memory_format())

    def train_step_single(self, batch, **fit_params):
        self._set_training(True)
        Xi, yi = unpack_data(batch)
        Xi = self._as_input(Xi)
        codes = self.module_.encode(Xi)
        reconstruction = self.module_.decode(codes)
        loss = self.get_loss(reconstruction, Xi, X=Xi, training=True)
        self.history.record_batch("reconstruction_loss", loss.item())
        penalty_loss = self._penalty_of_step(codes, yi, len(Xi))
        if penalty_loss is not None:
            self.history.record_batch("penalty_loss", penalty_loss.item())
            loss = loss + self.penalty_weight * penalty_loss
        loss.backward()
        return {"loss": loss, "y_pred": reconstruction}

    def _penalty_of_step(self, codes, y, batch_size):
        """The penalty loss of a training step, or None without one."""
        if self.penalty is None:
            return None
        if self.penalty == "compact":
            return self.get_compact_loss(codes, y)
        if self.penalty == "classify":
            return self.get_classify_loss(codes, y)
        class_batch = self.penalty_sampler_.draw(batch_size)
        if class_batch is None:
            return None
        return self.get_penalty_loss(self._as_input(class_batch))

    def get_compact_loss(self, codes, y):
        """Penalty ``"compact"``: how spread each class's codes are in a batch.

        The scatter of the codes around the mean of their class, over their
        scatter around the mean of the batch: 0 when each class's codes
        coincide, about 1 when the classes are mixed. A ratio, so that the
        encoder cannot lower it by shrinking every code. It pulls the codes
        of a class together, as Deep Over-sampling (Ando and Huang, 2017)
        does in a classifier's feature space, so that interpolating between
        two codes of a class stays within the class.

        Parameters
        ----------
        codes : torch.Tensor of shape (n_samples, latent_dim)
            Codes of a training batch.

        y : torch.Tensor of shape (n_samples,)
            Integer class codes of the batch.

        Returns
        -------
        loss : torch.Tensor
            Scalar in [0, 1]; 0, with a zero gradient, when the codes of the
            batch coincide (up to rounding: identical samples give such
            codes), since no spread is then left to divide.
        """
        if _scatter(codes) is None:
            return codes.sum() * 0.0
        y, counts, sums = _class_sums(codes, y)
        means = sums / counts.clamp_min(1)[:, None]
        within = (codes - means[y]).pow(2).sum()
        # The total scatter as within plus between classes, so that rounding
        # cannot take the ratio above 1.
        between = (counts[:, None] * (means - codes.mean(dim=0)).pow(2)).sum()
        return within / (within + between)

    def get_classify_loss(self, codes, y):
        """Penalty ``"classify"``: how badly the codes classify a batch.

        An auxiliary classification loss on the codes, as in a supervised
        autoencoder, with a classifier that has no weights of its own: the
        nearest class mean of the batch. Each code's logit for a class is
        minus its squared distance to the mean of that class's other codes
        in the batch, over the mean squared distance of the codes to the
        batch mean (so that the encoder cannot lower the loss by spreading
        every code apart); the loss is the cross-entropy of those logits.
        Unlike ``"compact"``, it asks only that a code be nearer its own
        class than any other, not that the class shrink. Codes whose class
        has no other code in the batch are not classified, though their
        class mean counts for the others.

        Parameters
        ----------
        codes : torch.Tensor of shape (n_samples, latent_dim)
            Codes of a training batch.

        y : torch.Tensor of shape (n_samples,)
            Integer class codes of the batch.

        Returns
        -------
        loss : torch.Tensor
            Non-negative scalar; 0, with a zero gradient, when no class has
            two codes in the batch, the batch has a single class, or its codes
            coincide (up to rounding: identical samples give such codes).
        """
        y, counts, sums = _class_sums(codes, y)
        present = counts > 0
        kept = counts[y] > 1
        scatter = _scatter(codes)
        if present.sum() < 2 or not kept.any() or scatter is None:
            return codes.sum() * 0.0
        means = sums[present] / counts[present, None]
        own = torch.cumsum(present.long(), 0)[y] - 1  # row of own class in means
        distances = (codes[:, None, :] - means[None]).pow(2).sum(-1)
        # Leave each code out of its own class's mean.
        n_own = counts[y].to(codes.dtype)
        left_out = (sums[y] - codes) / (n_own - 1).clamp_min(1)[:, None]
        distances = distances.scatter(
            1, own[:, None], (codes - left_out).pow(2).sum(1, keepdim=True)
        )
        logits = -distances / scatter.mean()
        return torch.nn.functional.cross_entropy(logits[kept], own[kept])

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
        return self._apply_in_batches(
            lambda batch: self.module_.encode(self._as_input(batch)), X
        )

    def decode(self, Z):
        """Samples decoded from latent codes ``Z``, batch by batch.

        Returns
        -------
        samples : ndarray of shape (n_samples, `*input_shape`), dtype float32
        """
        return self._apply_in_batches(
            lambda codes: self.module_.decode(to_tensor(codes, device=self.device)), Z
        )

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
                output = function(chunk)[:n_rows]
                outputs.append(output.cpu().numpy())
        if not outputs:
            return np.empty((0, 0), dtype=np.float32)
        return np.concatenate(outputs)
