"""The search index's two passes on both cores: half the documents in a forked worker.

Analysing, counting and scoring the documents' terms is CPU-bound Python: at 10,000 claims,
about ten seconds in one process. A ProcessPoolExecutor of one forked worker takes the
second half of the documents (inherited by the fork, never pickled) while this process
takes the first. Between the passes only the counts' totals cross (weights.Scale: each
term's idf and each field's mean length, which need every document), and at the end the
worker's postings, as text. weights.posting_json joins the two runs into exactly what one
process computes, so the files are the same bytes either way.

Only where it pays and is safe (render/parallel.py's rule): enough documents, a second core,
fork available, and no other thread in this process (``make serve``'s server thread).
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Callable, Sequence

from ..render.parallel import can_fork
from .weights import (Counted, FieldCounts, Scale, Segment, count_terms, hit_texts,
                      posting_json, posting_texts, scale)

MINIMUM = 500  # documents; below this the worker's start and the transfers cost more
Analyse = Callable[[Any], dict[str, list[str]]]

# In the worker: the second half's documents and what to do with them, set before the
# fork so the worker inherits them; then its pass one, kept for pass two.
_RUN: dict = {}


def postings_on_both_cores(docs: Sequence, analyse: Analyse,
                           fields: Sequence[tuple[str, int]]) -> dict[str, str]:
    """term -> its postings' JSON text (weights.posting_texts), the second half of
    ``docs`` analysed and scored in a forked worker when that pays."""
    if len(docs) < MINIMUM or not can_fork():
        return posting_texts(map(analyse, docs), fields)
    names, boosts = [name for name, _ in fields], [boost for _, boost in fields]
    half = _middle(docs, names)
    _RUN.update(docs=docs[half:], analyse=analyse, names=names, boosts=boosts)
    try:
        with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
            theirs = pool.submit(_count_second_half)
            ours = count_terms(map(analyse, docs[:half]), names)
            totals, handed = theirs.result()
            if handed is not None:  # what a caching analyser did there (terms_cache.py)
                getattr(analyse, "take")(handed)
            scaled = scale([ours, totals])
            second = pool.submit(_score_second_half, scaled, half)
            first = hit_texts(ours, boosts, scaled, 0)
            return posting_json([first, second.result()])
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


def _count_second_half() -> tuple[Counted, Any]:
    """Pass one over the worker's documents; returns only its totals (no per-document
    counts), which is all the other half needs, and what its analyser hands over, if it
    keeps anything (search/terms_cache.py)."""
    analyse = _RUN["analyse"]
    counted = count_terms(map(analyse, _RUN["docs"]), _RUN["names"])
    _RUN["counted"] = counted
    handover = getattr(analyse, "handover", None)
    return (Counted([FieldCounts([], f.total_length) for f in counted.fields], counted.pairs,
                    counted.documents), handover() if handover else None)


def _score_second_half(scaled: Scale, first_ref: int) -> dict[str, list[Segment]]:
    return hit_texts(_RUN.pop("counted"), _RUN["boosts"], scaled, first_ref)
