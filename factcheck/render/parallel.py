"""Page rendering on both cores: half the pages in a forked copy of this process.

Rendering is CPU-bound Python (Jinja), so threads would not help; a forked child starts
with the context, the templates and the views already built (copy-on-write), writes its
half of the pages into the same output folder and exits. Every page is written by exactly
one process from the same data, so the output is the same bytes as a serial build. Only
where it pays and is safe: enough pages, a second core, fork available, and no other
thread in this process (a fork copies only the calling thread, so ``make serve``'s web
server thread means rendering stays serial there).
"""

from __future__ import annotations

import os
import sys
import threading
import traceback
from typing import Callable, Optional, Sequence, TypeVar

Item = TypeVar("Item")
MINIMUM = 400  # below this, starting the second process costs more than it saves


class SecondProcessFailed(RuntimeError):
    """The forked half failed; its traceback is already on stderr."""


def can_fork() -> bool:
    return (hasattr(os, "fork") and (os.cpu_count() or 1) > 1
            and threading.active_count() == 1)


def in_two_processes(items: Sequence[Item], work: Callable[[Sequence[Item]], None],
                     minimum: Optional[int] = None) -> None:
    """``work(items)``, the second half of the items in a forked child."""
    if len(items) < (MINIMUM if minimum is None else minimum) or not can_fork():
        work(items)
        return
    half = len(items) // 2
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # the child: its half, then leave without running the parent's cleanup
        code = 0
        try:
            work(items[half:])
        except BaseException:  # noqa: BLE001 - reported to the parent by the exit code
            traceback.print_exc()
            code = 1
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
    try:
        work(items[:half])
    finally:
        _, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SecondProcessFailed("rendering pages in the second process failed (above)")
