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

from typing import TYPE_CHECKING, Callable, Sequence

if TYPE_CHECKING:
    from .markup import MarkupRenderer, Rendered

Finish = Callable[["Rendered", str], "Rendered"]  # a rendering and its text -> what is kept

MINIMUM = 500  # texts; below this the worker's start and the transfer cost more than they save

_JOB: list = []  # in the worker: (renderer, its texts, finish), set before the fork


def render_all(renderer: "MarkupRenderer", texts: Sequence[str],
               finish: Finish = lambda rendered, text: rendered) -> list["Rendered"]:
    """``finish(renderer.render(text), text)`` for each text, in order; those its cache
    holds are taken from it here, and only the rest are split (after one edit, nothing is).
    ``finish`` runs where each was rendered, so only what it keeps crosses back."""
    found = [renderer.cached(text) for text in texts]
    missing = [text for text, rendered in zip(texts, found) if rendered is None]
    fresh = iter(_render_missing(renderer, missing, finish))
    return [finish(rendered, text) if rendered is not None else next(fresh)
            for text, rendered in zip(texts, found)]


def _render_missing(renderer: "MarkupRenderer", texts: Sequence[str],
                    finish: Finish) -> list["Rendered"]:
    if len(texts) < MINIMUM or not _can_fork():
        return _render(renderer, texts, finish)
    import multiprocessing  # only here: check's start-up stays light
    from concurrent.futures import ProcessPoolExecutor

    half = len(texts) // 2
    _JOB[:] = [renderer, texts[half:], finish]
    try:
        with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
            theirs = pool.submit(_render_second_half)
            ours = _render(renderer, texts[:half], finish)
            return ours + theirs.result()
    finally:
        _JOB.clear()


def _render(renderer: "MarkupRenderer", texts: Sequence[str],
            finish: Finish) -> list["Rendered"]:
    return [finish(renderer.render(text), text) for text in texts]


def _render_second_half() -> list["Rendered"]:
    return _render(*_JOB)


def _can_fork() -> bool:
    from ..render.parallel import can_fork
    return can_fork()
