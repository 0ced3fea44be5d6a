"""Progress of a long build: each stage, its count and its time, as log records.

The generator logs to the ``factcheck`` logger at INFO: plain ``pelican -v`` shows the lines
with its own, and build.py shows them on a terminal (not in CI logs, which stay as they
were). At 10,000 claims a build takes minutes; a person should see it move.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import time
from typing import Iterator

log = logging.getLogger("factcheck")


def on_terminal() -> bool:
    return sys.stderr.isatty() and not os.environ.get("CI")


@contextlib.contextmanager
def stage(what: str) -> Iterator[None]:
    """Log '<what> (1.2 s)' when the stage is done."""
    started = time.perf_counter()
    yield
    log.info("%s (%.1f s)", what, time.perf_counter() - started)


@contextlib.contextmanager
def shown_on_terminal() -> Iterator[None]:
    """While build.py runs Pelican: the stages on stderr, when a person is watching."""
    if not on_terminal():
        yield
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("  %(message)s"))
    level = log.level
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    try:
        yield
    finally:
        log.removeHandler(handler)
        log.setLevel(level)
