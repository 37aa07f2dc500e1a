"""Settings shared by the test modules, defined once.

Fixtures live in ``conftest.py``; what tests use directly, at the top of a
module or inside a test, is imported from here (``from helpers import FAST``).
"""

# Settings under which DeepSMOTE trains in a fraction of a second on tiny data.
FAST = {"max_epochs": 1, "batch_size": 16, "random_state": 0}


# The training settings as options of the command line, whose seed is 0 by
# default (a --random-state here would override a test's own).
FAST_OPTIONS = ["--max-epochs", str(FAST["max_epochs"])]
FAST_OPTIONS += ["--batch-size", str(FAST["batch_size"])]
