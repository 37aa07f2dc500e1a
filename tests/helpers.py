"""Settings shared by the test modules, defined once.

Fixtures live in ``conftest.py``; what tests use directly, at the top of a
module or inside a test, is imported from here (``from helpers import FAST``).
"""

from skorch.callbacks import Callback

# Settings under which DeepSMOTE trains in a fraction of a second on tiny data.
FAST = {"max_epochs": 1, "batch_size": 16, "random_state": 0}


# The training settings as options of the command line, whose seed is 0 by
# default (a --random-state here would override a test's own).
FAST_OPTIONS = ["--max-epochs", str(FAST["max_epochs"])]
FAST_OPTIONS += ["--batch-size", str(FAST["batch_size"])]


class EpochsSeen(Callback):
    """Calls ``record()`` at the end of each training epoch.

    DeepSMOTE trains on a deep copy of its callbacks; a function is not
    copied, so what ``record`` appends to is the test's own.
    """

    def __init__(self, record):
        self.record = record

    def on_epoch_end(self, net, **kwargs):
        self.record()
