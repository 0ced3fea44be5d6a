"""``python -m factcheck``: the ``factcheck`` command (``make serve`` runs each rebuild so)."""

import sys

from .cli import main

sys.exit(main())
