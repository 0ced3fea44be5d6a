"""Analyses rendered on both cores: the second half in a forked worker (issue 12).

Rendering 10,000 analyses' Markdown is the largest part of checking them (about 20 s in
one process), and each rendering is a pure function of its text and the renderer's
settings. A ProcessPoolExecutor of one forked worker renders the second half (texts and
renderer inherited by the fork, never pickled) while this process renders the first; the
worker's Rendered values come back in order, so what check reports and the build writes is
what one process gives. Each process has its own copy of the renderer's Markdown state.

Only where it pays and is safe (render/parallel.py's rule): enough texts, a second core,
fork available, and no other thread in this process (``make serve``'s server thread).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:
    from .markup import MarkupRenderer, Rendered

MINIMUM = 500  # texts; below this the worker's start and the transfer cost more than they save

_JOB: list = []  # in the worker: (renderer, its texts), set before the fork


def render_all(renderer: "MarkupRenderer", texts: Sequence[str]) -> list["Rendered"]:
    """``renderer.render(text)`` for each text, in order; those its cache holds are taken
    from it here, and only the rest are split (after one edit, nothing is)."""
    found = [renderer.cached(text) for text in texts]
    missing = [text for text, rendered in zip(texts, found) if rendered is None]
    fresh = iter(_render_missing(renderer, missing))
    return [rendered if rendered is not None else next(fresh) for rendered in found]


def _render_missing(renderer: "MarkupRenderer", texts: Sequence[str]) -> list["Rendered"]:
    if len(texts) < MINIMUM or not _can_fork():
        return [renderer.render(text) for text in texts]
    import multiprocessing  # only here: check's start-up stays light
    from concurrent.futures import ProcessPoolExecutor

    half = len(texts) // 2
    _JOB[:] = [renderer, texts[half:]]
    try:
        with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
            theirs = pool.submit(_render_second_half)
            ours = [renderer.render(text) for text in texts[:half]]
            return ours + theirs.result()
    finally:
        _JOB.clear()


def _render_second_half() -> list["Rendered"]:
    renderer, texts = _JOB
    return [renderer.render(text) for text in texts]


def _can_fork() -> bool:
    from ..render.parallel import can_fork
    return can_fork()
