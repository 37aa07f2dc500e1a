"""``python -m imblearn_deepsmote`` runs the command line job."""

import sys

from ._cli import main

if __name__ == "__main__":
    sys.exit(main())
