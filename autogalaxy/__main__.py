"""``python -m autogalaxy``: the main demonstration (see ``--help``)."""

import sys

from autogalaxy.cli import main

sys.exit(main())
