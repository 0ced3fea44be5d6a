"""The search index split into small files, so a query fetches only the terms it looks up.

One lunr index for a whole site grows with the site (1.3 MB gzipped at 1,000 claims), and a
reader's first search had to fetch all of it. Here each term's postings (term_counts.py) are
grouped by the first letters of their terms into shards of about ``SHARD_BYTES``, and the
results list is cut into parts of ``DOCS_PER_PART`` documents. The page loads a small
manifest, then the shards holding the query's terms, then the parts holding the hits it shows.

The postings carry counts (``[field number, ref, tf, field length, ref gap, tf, length,
...]``); the manifest carries what turns them into lunr's BM25 weights: the fields' boosts,
their lengths summed over all documents and the number of documents (bm25.py).
theme/static/js/search-engine.js scores a query as lunr.js's Index.query would over the
single index lunr.py builds from the same documents (tests/test_search_shards.py runs both
in Node and compares).

Every file is a script setting ``window.FactcheckSearch.parts[name]`` (index.py explains why
scripts, not JSON); its name carries a hash of its content, so a browser never combines a
cached shard with a newer manifest.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import defaultdict
from pathlib import Path
from functools import partial
from typing import Callable, Iterable, Iterator, Optional, Sequence

from ..render.parallel import in_two_processes
from . import bm25
from .term_counts import Postings

SHARD_BYTES = 12_000      # a shard larger than this is split by one more letter
DOCS_PER_PART = 16        # documents per part of the results list
KIND_LETTERS = {"claim": "c", "source": "s", "event": "e", "page": "p"}


def lunr_weights(index: dict) -> dict[str, list[list[int]]]:
    """term -> ``[field number, ref, weight, ref gap, weight, ...]`` per field it occurs in,
    weights in thousandths, from a serialised lunr index's field vectors (which hold every
    weight lunr scores with): what tests compare, linear in the index's size."""
    field_number = {field: number for number, field in enumerate(index["fields"])}
    term_at = {entry[1]["_index"]: entry[0] for entry in index["invertedIndex"]}
    found: dict[tuple[int, int], list[int]] = defaultdict(list)
    for field_ref, vector in index["fieldVectors"]:
        field, _, ref = field_ref.partition("/")
        field_no, doc = field_number[field], int(ref)
        for term, weight in zip(vector[0::2], vector[1::2]):
            found[term, field_no] += (doc, round(weight * 1000))
    by_term: dict[str, list[list[int]]] = defaultdict(list)
    for (term, field_no), hits in sorted(found.items()):
        by_term[term_at[term]].append(_posting(field_no, hits))
    return dict(by_term)


def _posting(field_no: int, hits: list[int]) -> list[int]:
    """[field number, first ref, weight, ref gap, weight, ...] from [ref, weight, ...]."""
    pairs = sorted(zip(hits[0::2], hits[1::2]))
    flat, previous = [field_no], 0
    for doc, weight in pairs:
        flat += (doc - previous, weight)
        previous = doc
    return flat


def shard_keys(sizes: dict[str, int], limit: int = SHARD_BYTES) -> dict[str, list[str]]:
    """Shard key -> its terms: terms grouped by first letter, and a group larger than
    ``limit`` bytes split by the next letter (a term as long as the key stays in the key's
    own shard). A term's shard is the longest key that begins it."""
    shards: dict[str, list[str]] = {}
    pending = [("", sorted(sizes))]
    while pending:
        key, terms = pending.pop()
        groups: dict[str, list[str]] = defaultdict(list)
        for term in terms:
            groups[term[: len(key) + 1]].append(term)
        for child, members in groups.items():
            too_big = sum(sizes[t] for t in members) > limit
            longer = [t for t in members if len(t) > len(child)]
            if too_big and longer:
                shards[child] = [t for t in members if len(t) == len(child)]
                pending.append((child, longer))
            else:
                shards[child] = members
    return shards


def compact_json(value, sort_keys: bool = False) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=sort_keys)


def script_string(value) -> str:
    """``value`` as JSON text inside a JavaScript string literal that nothing in it can end
    early (see ``literal``)."""
    return literal(compact_json(value))


def literal(text: str) -> str:
    """JSON ``text`` as a JavaScript string literal: quotes and backslashes escaped by
    json.dumps, every "<" written as \\u003c (so no "</script" or "<!--"), and
    U+2028/U+2029 escaped for JavaScript engines older than ES2019."""
    quoted = json.dumps(text, ensure_ascii=False)
    return (quoted.replace("<", "\\u003c").replace("\u2028", "\\u2028")
            .replace("\u2029", "\\u2029"))


def script(name: str, value) -> str:
    """A search data file: ``value`` for JSON.parse, stored under its name."""
    return script_of_text(name, compact_json(value))


def script_of_text(name: str, text: str) -> str:
    """A search data file carrying the JSON ``text`` (compact, as ``compact_json`` writes)."""
    return ("window.FactcheckSearch=window.FactcheckSearch||{};"
            "window.FactcheckSearch.parts=window.FactcheckSearch.parts||{};"
            f"window.FactcheckSearch.parts[{json.dumps(name)}]=JSON.parse({literal(text)});\n")


class PartWriter:
    """Names part files by their content; ``flush`` writes them, on both cores when there
    are many (at 10,000 claims, 5,000 files: creating them is most of the writing). A file
    of the same name in ``previous`` (the last build's folder) holds the same bytes: it is
    hard-linked instead (after one edit, nearly all of them)."""

    def __init__(self, folder: Path, previous: Optional[Path] = None) -> None:
        self.folder, self.previous = folder, previous
        # (name, its JSON text, or what joins into it when the file is written)
        self.pending: list[tuple[str, str | Callable[[], Iterable[str]]]] = []

    def write(self, prefix: str, number: int, value) -> str:
        return self.write_text(prefix, number, compact_json(value),
                               compact_json(value, sort_keys=True))

    def write_text(self, prefix: str, number: int, text: str, body: str = "") -> str:
        """Write JSON ``text``, named by the hash of ``body``: the same JSON with its keys
        sorted, which ``text`` already is when ``body`` is not given."""
        return self._add(prefix, number, [body or text], text)

    def write_pieces(self, prefix: str, number: int,
                     pieces: Callable[[], Iterable[str]]) -> str:
        """Write the JSON text ``"".join(pieces())`` (its keys sorted), joined only when
        the file is written, by whichever process writes it: the shards of a large site
        are never all held at once (at 10,000 claims, some 50 MB)."""
        return self._add(prefix, number, pieces(), pieces)

    def _add(self, prefix: str, number: int, body: Iterable[str],
             text: str | Callable[[], Iterable[str]]) -> str:
        digest = hashlib.sha256()
        for piece in body:
            digest.update(piece.encode())
        name = f"{prefix}/{number}-{digest.hexdigest()[:10]}"
        self.pending.append((name, text))
        return name

    def flush(self) -> None:
        for folder in sorted({name.rpartition("/")[0] for name, _ in self.pending}):
            (self.folder / folder).mkdir(parents=True, exist_ok=True)
        in_two_processes(self.pending, self._write_files)
        self.pending = []

    def _write_files(self, files: Sequence[tuple[str, str | Callable[[], Iterable[str]]]]
                     ) -> None:
        for name, text in files:
            target = self.folder / f"{name}.js"
            if self.previous is not None:
                try:
                    os.link(self.previous / f"{name}.js", target, follow_symlinks=False)
                    continue
                except OSError:  # not there (or not linkable): written below
                    pass
            if not isinstance(text, str):
                text = "".join(text())
            target.write_text(script_of_text(name, text), encoding="utf-8")


def write_posting_texts(folder: Path, postings: Postings, fields: Sequence[tuple[str, int]],
                        results: list[dict], kinds: list[str], limit: int = SHARD_BYTES,
                        tables: dict | None = None, previous: Optional[Path] = None) -> dict:
    """Write the term shards, the results parts and the manifest naming them (index.js,
    which also carries what scoring needs and the letter ``tables`` the page's
    search-words.js reads) into ``folder``; return the manifest. A shard is its terms'
    JSON texts joined, each encoded once, its keys in sorted order."""
    writer, texts = PartWriter(folder, previous), postings.texts
    sizes = {term: len(term) + len(text) + 4 for term, text in texts.items()}
    shards = {}
    for number, (key, terms) in enumerate(sorted(shard_keys(sizes, limit).items())):
        shards[key] = writer.write_pieces("t", number, partial(_shard_pieces, sorted(terms),
                                                               texts))
    parts = [writer.write("d", number, results[start:start + DOCS_PER_PART])
             for number, start in enumerate(range(0, len(results), DOCS_PER_PART))]
    writer.flush()
    manifest = {"fields": [name for name, _ in fields],
                "boosts": [boost for _, boost in fields], "lengths": list(postings.lengths),
                "kinds": "".join(KIND_LETTERS[k] for k in kinds),
                "docsPerPart": DOCS_PER_PART, "parts": parts, "shards": shards,
                "tables": tables or {}}
    (folder / "index.js").write_text(script("index", manifest), encoding="utf-8")
    return manifest


def _shard_pieces(terms: list[str], texts: dict[str, str]) -> Iterator[str]:
    """A shard's JSON text in pieces: its terms (in sorted order) and their postings."""
    yield "{"
    for at, term in enumerate(terms):
        yield f"{',' if at else ''}{compact_json(term)}:"
        yield texts[term]
    yield "}"


def read_part(path: Path):
    """The value a search data file carries (the inverse of ``script``)."""
    text = path.read_text(encoding="utf-8")
    literal = text[text.index("=JSON.parse(") + len("=JSON.parse("):-len(");\n")]
    return json.loads(json.loads(literal))


def read_search_folder(folder: Path) -> tuple[dict, list[dict]]:
    """The serialised lunr index and the results list that ``folder``'s shards and parts
    were written from (``lunr_index``): for tests and tools, and a check that the shards
    lose nothing."""
    manifest = read_part(folder / "index.js")
    terms: dict[str, list[list[int]]] = {}
    for name in manifest["shards"].values():
        terms.update(read_part(folder / f"{name}.js"))
    results = [doc for name in manifest["parts"] for doc in read_part(folder / f"{name}.js")]
    return lunr_index(terms, manifest), results


def lunr_index(terms: dict[str, list[list[int]]], manifest: dict) -> dict:
    """A serialised lunr index of ``terms``' postings (terms numbered in sorted order), each
    weight computed as the browser computes it from the manifest's totals."""
    fields, documents = manifest["fields"], len(manifest["kinds"])
    vectors: dict[str, list] = defaultdict(list)
    inverted = []
    for number, term in enumerate(sorted(terms)):
        entry: dict = {"_index": number, **{field: {} for field in fields}}
        term_idf = bm25.idf(sum((len(flat) - 1) // 3 for flat in terms[term]), documents)
        for flat in terms[term]:
            field, ref = flat[0], 0
            for at in range(1, len(flat), 3):
                ref += flat[at]
                entry[fields[field]][str(ref)] = {}
                weight = bm25.thousandths(flat[at + 1], flat[at + 2], manifest["lengths"][field],
                                          documents, term_idf, manifest["boosts"][field])
                vectors[f"{fields[field]}/{ref}"] += (number, weight / 1000)
        inverted.append([term, entry])
    return {"version": "2.3.9", "fields": fields, "pipeline": [],
            "fieldVectors": [[ref, vector] for ref, vector in vectors.items()],
            "invertedIndex": inverted}
