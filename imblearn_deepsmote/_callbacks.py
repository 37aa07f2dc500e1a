"""skorch callbacks that DeepSMOTE trains with: progress and divergence."""

import math

from skorch.callbacks import Callback
from tqdm.auto import tqdm


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
