"""Each term's postings as the search files carry them: counts, not weights.

A posting lists, for one term and one field, each document holding the term, how often
(tf) and how long that document's field is: ``[field number, ref, tf, length, ref gap, tf,
length, ...]``, refs ascending. The browser (search-engine.js) computes lunr's BM25 weight
of each hit from these, the term's document count (its postings' length) and the manifest's
totals (bm25.py). So a term's postings depend only on the documents that hold it: editing one
analysis changes the shards of its own terms and the manifest, not every weight in the index,
and no weight is computed at build time (at 10,000 claims, 3.3 million of them, 4.5 s).

Counting works on a run of documents, so two processes can each take half (both_cores.py);
``posting_json`` joins the runs into exactly what one process writes.
"""

from __future__ import annotations

from array import array
from collections import Counter
from dataclasses import dataclass, field
from operator import sub
from typing import Iterable, Sequence


class _Lowered(dict):
    """term -> term.lower(), one string per distinct term (lunr.py lowercases each token;
    ours are lowercase already, but the index must not depend on that)."""

    def __missing__(self, term: str) -> str:
        lowered = self[term] = term.lower()
        return lowered


@dataclass
class FieldCounts:
    """One field over a run of documents: each document's terms, their counts and the
    field's length; and the lengths' sum (for the field's mean length)."""

    docs: list[tuple[tuple, array, int]] = field(default_factory=list)
    total_length: int = 0

    def add(self, counts: Counter, length: int) -> None:
        self.docs.append((tuple(counts), array("I", counts.values()), length))
        self.total_length += length


def count_terms(field_terms: Iterable[dict[str, list[str]]],
                names: Sequence[str]) -> list[FieldCounts]:
    """Per field, the counts of each document of the run."""
    counted = [FieldCounts() for _ in names]
    lowered = _Lowered()
    for terms in field_terms:
        for name, counts_of in zip(names, counted):
            tokens = terms[name]
            counts_of.add(Counter(map(lowered.__getitem__, tokens)), len(tokens))
    return counted


# A run's postings of one term: (field number, "ref,tf,length,gap,tf,length,...", last ref).
Segment = tuple[int, str, int]


def hit_texts(counted: Sequence[FieldCounts], first_ref: int) -> dict[str, list[Segment]]:
    """Each term's postings in a run of documents whose first ref is ``first_ref``, fields
    in order, refs after the first as gaps from the previous."""
    texts: dict[str, list[Segment]] = {}
    for number, counts in enumerate(counted):
        found: dict[str, array] = {}
        for ref, (terms, tfs, length) in enumerate(counts.docs, first_ref):
            for term, tf in zip(terms, tfs):
                hits = found.get(term)
                if hits is None:
                    found[term] = array("i", (ref, tf, length))
                else:
                    hits.extend((ref, tf, length))
        counts.docs = []  # free each field's counts once read
        for term, hits in found.items():
            refs = hits[0::3]
            hits[3::3] = array("i", map(sub, refs[1:], refs[:-1]))
            texts.setdefault(term, []).append((number, ",".join(map(str, hits)), refs[-1]))
    return texts


@dataclass(frozen=True)
class Postings:
    """term -> its postings as JSON text; and each field's length summed over all
    documents, which the manifest carries for the mean field length."""

    texts: dict[str, str]
    lengths: tuple[int, ...]


def posting_json(runs: Sequence[dict[str, list[Segment]]]) -> dict[str, str]:
    """term -> its postings as the JSON text shards.py writes
    (``[[field number, ref, tf, length, ref gap, tf, length, ...], ...]``), from the
    ``hit_texts`` of consecutive runs of documents, in order."""
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


def field_lengths(*runs: Sequence[FieldCounts]) -> tuple[int, ...]:
    return tuple(map(sum, zip(*([f.total_length for f in run] for run in runs))))


def posting_texts(field_terms: Iterable[dict[str, list[str]]],
                  names: Sequence[str]) -> Postings:
    """The postings of all documents, counted in one process."""
    counted = count_terms(field_terms, names)
    lengths = field_lengths(counted)
    return Postings(posting_json([hit_texts(counted, 0)]), lengths)
