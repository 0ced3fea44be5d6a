"""lunr.py's BM25 weights, computed straight into the postings shards.py writes.

lunr.py's Builder.build() scores every (term, field, document) into a Vector, inserting
each term by a binary search written in Python, builds a token set that our index never
ships, and keeps a dict per posting; shards.postings() then unpicks the serialised vectors
again: at 10,000 claims, 45 s and 800 MB. Here the same numbers come out of two passes:
count each field's terms (``count_terms``), then score them (``hit_texts``) with the same
formula and constants in the same floating-point order, rounded as lunr.py rounds (to three
decimals, then to the thousandths the postings keep). The files written are the same bytes
as through lunr.py (tests/test_search_speed_equivalence.py compares both paths).

Both passes work on a run of documents, so two processes can each take half
(both_cores.py): only the counts' totals (``Scale``) cross between them before scoring.
"""

from __future__ import annotations

import math
from array import array
from collections import Counter
from dataclasses import dataclass, field
from operator import sub
from typing import Callable, Iterable, Sequence

K1, B = 1.2, 0.75  # lunr.py's Builder defaults (k1, b)
NEAR_HALF = 0.499999


class _Lowered(dict):
    """term -> term.lower(), one string per distinct term (lunr.py lowercases each token;
    ours are lowercase already, but the index must not depend on that)."""

    def __missing__(self, term: str) -> str:
        lowered = self[term] = term.lower()
        return lowered


@dataclass
class FieldCounts:
    """Pass one for one field: each document's terms, their counts and the field's length."""

    docs: list[tuple[tuple, array, int]] = field(default_factory=list)
    total_length: int = 0

    def add(self, counts: Counter, length: int) -> None:
        self.docs.append((tuple(counts), array("I", counts.values()), length))
        self.total_length += length


@dataclass
class Counted:
    """Pass one over a run of documents: per field, their counts; per term, the number of
    (field, document) pairs it occurs in (lunr.py's document count for its idf)."""

    fields: list[FieldCounts]
    pairs: Counter
    documents: int


def count_terms(field_terms: Iterable[dict[str, list[str]]], names: Sequence[str]) -> Counted:
    counted = Counted([FieldCounts() for _ in names], Counter(), 0)
    lowered = _Lowered()
    for terms in field_terms:
        counted.documents += 1
        for name, counts_of in zip(names, counted.fields):
            tokens = terms[name]
            counts = Counter(map(lowered.__getitem__, tokens))
            counted.pairs.update(counts.keys())
            counts_of.add(counts, len(tokens))
    return counted


@dataclass(frozen=True)
class Scale:
    """What scoring needs from all documents: each term's idf, each field's mean length."""

    idfs: dict[str, float]
    averages: tuple[float, ...]


def scale(runs: Sequence[Counted]) -> Scale:
    """The Scale of the documents of ``runs`` together; field lengths are summed as integers
    and divided once, as lunr.py's _calculate_average_field_lengths does."""
    documents = sum(run.documents for run in runs)
    pairs = runs[0].pairs.copy() if len(runs) > 1 else runs[0].pairs
    for run in runs[1:]:
        pairs.update(run.pairs)
    averages = tuple(sum(run.fields[number].total_length for run in runs) / documents
                     for number in range(len(runs[0].fields)))
    return Scale({term: idf(n, documents) for term, n in pairs.items()}, averages)


def idf(pairs: int, document_count: int) -> float:
    """lunr.idf, from the number of (field, document) pairs holding the term."""
    x = (document_count - pairs + 0.5) / (pairs + 0.5)
    return math.log(1 + abs(x))


def thousandths(scaled: list[float], exact: Callable[[int], float]) -> list[int]:
    """round(round(score, 3) * 1000) for each score, given score * 1000: the weights lunr.py's
    vectors hold, in thousandths. score * 1000 is within 1e-10 of its exact value, so rounding
    it gives the same integer unless it lies within a millionth of a half; only such a
    weight is recomputed, from ``exact(position)``, the slow way (eight times slower)."""
    whole = list(map(round, scaled))
    if whole and max(map(abs, map(sub, scaled, whole))) >= NEAR_HALF:
        for at, (value, rounded) in enumerate(zip(scaled, whole)):
            if abs(value - rounded) >= NEAR_HALF:
                whole[at] = round(round(exact(at), 3) * 1000)
    return whole


def field_hits(counts: FieldCounts, boost: int, average: float, idfs: dict[str, float],
               first_ref: int) -> dict[str, array]:
    """Pass two for one field: term -> [ref, weight, ref, weight, ...], refs counted from
    ``first_ref``, each weight as Builder._create_field_vectors computes it (the same
    operations in the same order) and rounded as lunr.py rounds it (``thousandths``)."""
    found: dict[str, array] = {}
    k1_plus_1 = K1 + 1
    for ref, (terms, tfs, length) in enumerate(counts.docs, first_ref):
        if not terms:  # lunr.py divides by the mean length only for a term: it may be 0
            continue
        norm = K1 * (1 - B + B * (length / average))

        def score(at: int) -> float:
            term, tf = terms[at], tfs[at]
            value = idfs[term] * (k1_plus_1 * tf) / (norm + tf)
            value *= boost
            return value
        scaled = [idfs[term] * (k1_plus_1 * tf) / (norm + tf) * boost * 1000
                  for term, tf in zip(terms, tfs)]
        for term, weight in zip(terms, thousandths(scaled, score)):
            hits = found.get(term)
            if hits is None:
                found[term] = array("i", (ref, weight))
            else:
                hits.append(ref)
                hits.append(weight)
    return found


# A run's postings of one term: (field number, "ref,weight,gap,weight,...", last ref).
Segment = tuple[int, str, int]


def hit_texts(counted: Counted, boosts: Sequence[int], scaled: Scale, first_ref: int
              ) -> dict[str, list[Segment]]:
    """Pass two over a run of documents whose first ref is ``first_ref``: each term's
    postings in it, fields in order, refs after the first as gaps from the previous."""
    texts: dict[str, list[Segment]] = {}
    for number, (counts, boost) in enumerate(zip(counted.fields, boosts)):
        hits_of = field_hits(counts, boost, scaled.averages[number], scaled.idfs, first_ref)
        counts.docs = []  # free each field's counts once scored
        for term, hits in hits_of.items():
            refs = hits[0::2]
            last = refs[-1]
            hits[2::2] = array("i", map(sub, refs[1:], refs[:-1]))
            texts.setdefault(term, []).append((number, ",".join(map(str, hits)), last))
    return texts


def posting_json(runs: Sequence[dict[str, list[Segment]]]) -> dict[str, str]:
    """term -> its postings as the JSON text shards.py writes
    (``[[field number, ref, weight, ref gap, weight, ...], ...]``), from the ``hit_texts``
    of consecutive runs of documents, in order."""
    if len(runs) == 1:
        return {term: "[" + ",".join(f"[{number},{text}]" for number, text, _ in segments) + "]"
                for term, segments in runs[0].items()}
    joined: dict[str, dict[int, tuple[str, int]]] = {}
    for run in runs:
        for term, segments in run.items():
            fields = joined.setdefault(term, {})
            for number, text, last in segments:
                if number in fields:  # continue the earlier run: its first ref as a gap
                    before, previous = fields[number]
                    first, _, rest = text.partition(",")
                    text = f"{before},{int(first) - previous},{rest}"
                fields[number] = (text, last)
    return {term: "[" + ",".join(f"[{number},{fields[number][0]}]" for number in sorted(fields))
            + "]" for term, fields in joined.items()}


def posting_texts(field_terms: Iterable[dict[str, list[str]]],
                  fields: Sequence[tuple[str, int]]) -> dict[str, str]:
    """term -> its postings' JSON text, for all documents in one process."""
    counted = count_terms(field_terms, [name for name, _ in fields])
    if not counted.documents:
        return {}
    return posting_json([hit_texts(counted, [boost for _, boost in fields], scale([counted]),
                                   0)])
