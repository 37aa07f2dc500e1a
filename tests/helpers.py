"""Settings shared by the test modules, defined once.

Fixtures live in ``conftest.py``; what tests use directly, at the top of a
module or inside a test, is imported from here (``from helpers import FAST``).
"""

# Settings under which DeepSMOTE trains in a fraction of a second on tiny data.
FAST = {"max_epochs": 1, "batch_size": 16, "random_state": 0}

