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
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from itertools import accumulate
from operator import sub
from typing import Iterable, Iterator, Sequence


class _Lowered(dict):
    """term -> term.lower(), one string per distinct term (lunr.py lowercases each token;
    ours are lowercase already, but the index must not depend on that)."""

    def __missing__(self, term: str) -> str:
        lowered = self[term] = term.lower()
        return lowered


@dataclass
class Counted:
    """A run of documents counted in one pass: per field, each term's hits as flat
    ``array("i", [ref, tf, length, ref, tf, length, ...])``, refs ascending; and each
    field's length summed over the run (for the field's mean length). Nothing per document
    is kept: at 10,000 claims a per-document table of terms cost tens of megabytes more."""

    hits: list[dict[str, array]]
    lengths: tuple[int, ...]


def count_terms(field_terms: Iterable[dict[str, list[str]]], names: Sequence[str],
                first_ref: int = 0) -> Counted:
    """Count a run of documents whose first ref is ``first_ref``."""
    found: list[dict[str, array]] = [{} for _ in names]
    lengths = [0] * len(names)
    lowered = _Lowered()
    for ref, terms in enumerate(field_terms, first_ref):
        for number, name in enumerate(names):
            tokens = terms[name]
            length = len(tokens)
            lengths[number] += length
            hits_of = found[number]
            for term, tf in Counter(map(lowered.__getitem__, tokens)).items():
                hits = hits_of.get(term)
                if hits is None:
                    hits_of[term] = array("i", (ref, tf, length))
                else:
                    hits.extend((ref, tf, length))
    return Counted(found, tuple(lengths))


# A run's postings of one term: (field number, "ref,tf,length,gap,tf,length,...", last ref).
Segment = tuple[int, str, int]


def hit_texts(counted: Counted) -> dict[str, list[Segment]]:
    """Each term's postings in a counted run, fields in order, refs after the first as
    gaps from the previous. Consumes ``counted``: each field's arrays are freed as they are
    written out, so the run is never held twice."""
    texts: dict[str, list[Segment]] = {}
    for number, found in enumerate(counted.hits):
        for term, hits in _drained(found):
            refs = hits[0::3]
            hits[3::3] = array("i", map(sub, refs[1:], refs[:-1]))
            texts.setdefault(term, []).append((number, ",".join(map(str, hits)), refs[-1]))
    counted.hits = []
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
    ``hit_texts`` of consecutive runs of documents, in order. Consumes the runs (each
    term's segments are dropped as its text is made: the postings are never held twice)."""
    if len(runs) == 1:
        run = runs[0]
        return {term: "[" + ",".join(f"[{number},{text}]" for number, text, _ in segments)
                + "]" for term, segments in _drained(run)}
    joined: dict[str, dict[int, tuple[str, int]]] = {}
    for run in runs:
        for term, segments in _drained(run):
            fields = joined.setdefault(term, {})
            for number, text, last in segments:
                if number in fields:  # continue the earlier run: its first ref as a gap
                    before, previous = fields[number]
                    first, _, rest = text.partition(",")
                    text = f"{before},{int(first) - previous},{rest}"
                fields[number] = (text, last)
    return {term: "[" + ",".join(f"[{number},{fields[number][0]}]" for number in sorted(fields))
            + "]" for term, fields in _drained(joined)}


def _drained(table: dict) -> Iterator[tuple]:
    """``table``'s items in order, each removed as it is taken."""
    for key in list(table):
        yield key, table.pop(key)


def posting_texts(field_terms: Iterable[dict[str, list[str]]],
                  names: Sequence[str]) -> Postings:
    """The postings of all documents, counted in one process."""
    counted = count_terms(field_terms, names)
    return Postings(posting_json([hit_texts(counted)]), counted.lengths)


def replace_documents(postings: Postings, old: dict[int, dict[str, list[str]]],
                      new: dict[int, dict[str, list[str]]], names: Sequence[str]) -> Postings:
    """The postings after the documents ``old`` (ref -> their field terms) are replaced by
    ``new`` (the same refs): only the terms either holds are read and written again, to
    exactly the text ``posting_texts`` would write for the edited documents."""
    changes: dict[str, dict[int, _FieldChange]] = {}  # term -> field number ->
    lengths = list(postings.lengths)
    for sign, documents in ((-1, old), (1, new)):
        for ref, terms in documents.items():
            for number, name in enumerate(names):
                tokens = terms[name]
                lengths[number] += sign * len(tokens)
                for term, tf in Counter(token.lower() for token in tokens).items():
                    change = changes.setdefault(term, {}).setdefault(number, _FieldChange())
                    if sign > 0:
                        change.added[ref] = (tf, len(tokens))
                    else:
                        change.removed.append(ref)
    texts = dict(postings.texts)
    for term, fields in changes.items():
        text = _replaced(texts.get(term), fields)
        if text is None:
            texts.pop(term, None)
        else:
            texts[term] = text
    return Postings(texts, tuple(lengths))


@dataclass
class _FieldChange:
    """One term in one field: the refs whose hits go, the hits that come (ref -> tf,
    length)."""

    removed: list[int] = field(default_factory=list)
    added: dict[int, tuple[int, int]] = field(default_factory=dict)


def _replaced(text: str | None, changes: dict[int, _FieldChange]) -> str | None:
    """A term's postings text changed in the fields of ``changes``; None when no hit is
    left. A common term's postings hold most documents, so the text is cut into its fields
    (``[[0,...],[3,...]]``: only digits and commas inside) and only the changed fields are
    cut into numbers, kept as the strings they are: only the refs (the running sum of the
    gaps) are read as integers, only the hits that change are written (``_Posting``)."""
    segments = {int(seg.partition(",")[0]): seg for seg in text[2:-2].split("],[")} \
        if text else {}
    for number, change in changes.items():
        posting = _Posting(segments[number].split(",") if number in segments else [str(number)])
        for ref in sorted(set(change.removed) - change.added.keys()):
            posting.remove(ref)
        for ref, (tf, length) in sorted(change.added.items()):
            posting.put(ref, tf, length)
        if len(posting.parts) > 1:
            segments[number] = ",".join(posting.parts)
        else:
            segments.pop(number, None)
    if not segments:
        return None
    return "[[" + "],[".join(segments[number] for number in sorted(segments)) + "]]"


class _Posting:
    """One field's posting as its numbers' strings: [field, gap, tf, length, gap, ...]."""

    def __init__(self, parts: list[str]) -> None:
        self.parts = parts

    def _find(self, ref: int) -> tuple[int, int, bool]:
        """(hit index where ``ref`` is or would go, the ref before it, whether it is there)."""
        refs = list(accumulate(map(int, self.parts[1::3])))
        at = bisect_left(refs, ref)
        return at, refs[at - 1] if at else 0, at < len(refs) and refs[at] == ref

    def remove(self, ref: int) -> None:
        at, _, found = self._find(ref)
        if not found:
            return
        parts, gap = self.parts, 1 + 3 * at
        if gap + 3 < len(parts):  # the next hit's gap spans both
            parts[gap + 3] = str(int(parts[gap + 3]) + int(parts[gap]))
        del parts[gap:gap + 3]

    def put(self, ref: int, tf: int, length: int) -> None:
        """Set ``ref``'s hit, inserted in ref order if it is not there."""
        at, previous, found = self._find(ref)
        parts, gap = self.parts, 1 + 3 * at
        if found:
            parts[gap + 1:gap + 3] = [str(tf), str(length)]
            return
        if gap < len(parts):
            parts[gap] = str(int(parts[gap]) - (ref - previous))
        parts[gap:gap] = [str(ref - previous), str(tf), str(length)]
