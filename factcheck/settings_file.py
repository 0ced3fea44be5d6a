"""Read a site's Pelican settings file in a process that may have read another site's.

Pelican loads a settings file as a module and leaves it in ``sys.modules``, and a site's
``publishconf.py`` (Pelican's quickstart pattern, ours too) does ``sys.path.append(its
folder)`` then ``from pelicanconf import *``. In one process that has built another site
before (the test suite; ``make serve`` after an edit to pelicanconf.py) that import found
the earlier ``pelicanconf`` module, or the earlier folder first on sys.path: the build used
another site's settings. Each read here starts from this folder's own files.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Optional


def read_site_settings(settings_file: Path, override: Optional[dict] = None) -> dict[str, Any]:
    """Pelican's read_settings, with the settings file's folder first on sys.path and no
    module of that folder's settings files (``*conf.py``) left from an earlier read."""
    from pelican.settings import read_settings

    folder = settings_file.resolve().parent
    for path in folder.glob("*conf.py"):
        sys.modules.pop(path.stem, None)
    sys.path.insert(0, str(folder))
    try:
        return read_settings(str(settings_file), override=override)
    finally:
        sys.path.remove(str(folder))
