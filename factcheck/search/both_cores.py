"""The search index's counting on both cores: half the documents in a forked worker.

Analysing and counting the documents' terms is CPU-bound Python: at 10,000 claims, several
seconds in one process. A ProcessPoolExecutor of one forked worker takes the second half of
the documents (inherited by the fork, never pickled) while this process takes the first;
the worker sends back its postings as text and its field lengths. Postings hold counts, not
weights (term_counts.py), so nothing crosses before the end, and term_counts.posting_json
joins the two runs into exactly what one process writes: the files are the same bytes
either way.

Only where it pays and is safe (render/parallel.py's rule): enough documents, a second core,
fork available, and no other thread in this process (``make serve``'s server thread).
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Callable, Sequence

from ..render.parallel import can_fork
from .term_counts import Postings, Segment, count_terms, hit_texts, posting_json, posting_texts

MINIMUM = 500  # documents; below this the worker's start and the transfers cost more
Analyse = Callable[[Any], dict[str, list[str]]]

# In the worker: the second half's documents and what to do with them, set before the
# fork so the worker inherits them.
_RUN: dict = {}


def postings_on_both_cores(docs: Sequence, analyse: Analyse, names: Sequence[str]) -> Postings:
    """The postings of ``docs`` (term_counts.posting_texts), the second half analysed and
    counted in a forked worker when that pays."""
    if len(docs) < MINIMUM or not can_fork():
        return posting_texts(map(analyse, docs), names)
    half = _middle(docs, names)
    _RUN.update(docs=docs[half:], analyse=analyse, names=names, first_ref=half)
    try:
        with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
            theirs = pool.submit(_count_second_half)
            ours = count_terms(map(analyse, docs[:half]), names)
            lengths = ours.lengths
            first = hit_texts(ours)
            second, their_lengths, handed = theirs.result()
            if handed is not None:  # what a caching analyser did there (terms_cache.py)
                getattr(analyse, "take")(handed)
            return Postings(posting_json([first, second]),
                            tuple(map(sum, zip(lengths, their_lengths))))
    finally:
        _RUN.clear()


def _middle(docs: Sequence, names: Sequence[str]) -> int:
    """Where to cut ``docs`` so both halves hold about as much text: claims, with their
    analyses, come first and weigh far more than sources, events and pages."""
    sizes = [sum(len(getattr(doc, name)) for name in names)
             + sum(len(text) for *_, text in getattr(doc, "foreign", ())) for doc in docs]
    total, running = sum(sizes), 0
    for at, size in enumerate(sizes):
        running += size
        if 2 * running >= total:
            return max(1, min(at + 1, len(docs) - 1))
    return len(docs) // 2


def _count_second_half() -> tuple[dict[str, list[Segment]], tuple[int, ...], Any]:
    """The worker's postings, field lengths, and what its analyser hands over, if it keeps
    anything (search/terms_cache.py)."""
    analyse = _RUN["analyse"]
    counted = count_terms(map(analyse, _RUN["docs"]), _RUN["names"], _RUN["first_ref"])
    handover = getattr(analyse, "handover", None)
    return hit_texts(counted), counted.lengths, handover() if handover else None
