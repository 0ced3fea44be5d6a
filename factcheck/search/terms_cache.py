"""Each search document's analysed terms, kept from one build to the next.

Analysing (splitting, folding, dropping stop words, stemming) is about half the search
index's time at 10,000 claims, and an edit changes one document. A document's terms are a
pure function of its indexed text (title, its language, people, tags, text, the foreign
texts with their languages), the analysing code and the stop words, so a digest of those
is its key. One file per project in the user's cache folder (render_cache.py says why
there and why JSON): a JSON line per document, ``["<key>", {"title": "t1\\u0000t2", …}]``.
It is never held in memory: a build indexes where each line is, reads the lines of the
documents it finds, appends what it analyses to a part file of its own (the forked worker
to another), and writes the next file from those lines alone, so the file never grows past
one site's index and a stale entry never survives a build. Not in CI (render_cache).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path
from typing import Any, Callable, Optional

from ..model.render_cache import cache_folder

Terms = dict[str, list[str]]
_CODE = ("index.py", "languages.py", "terms_cache.py")
SEPARATOR = "\0"  # between a field's terms; a term holding one is not kept
_KEY = slice(2, 34)  # a line starts '["' and the 32 hex digits of its key


def cache_file(project_root: Path, analysers_state: str) -> Optional[Path]:
    """This project's file, or None where no cache is kept (CI)."""
    folder = cache_folder()
    if folder is None:
        return None
    digest = hashlib.blake2b(str(project_root.resolve()).encode("utf-8", "surrogateescape"),
                             digest_size=12)
    return folder.parent / "search-terms" / f"{digest.hexdigest()}-{analysers_state}.jsonl"


def analysers_state(stop_words: dict[str, frozenset]) -> str:
    """The analysing code, the stemmer library's version and the stop words: a change to
    any of them starts a new file."""
    from importlib import metadata

    digest = hashlib.blake2b(digest_size=12)
    for name in _CODE:
        digest.update((Path(__file__).parent / name).read_bytes())
    digest.update(metadata.version("snowballstemmer").encode())
    ordered = sorted((lang, sorted(words)) for lang, words in stop_words.items())
    digest.update(repr(ordered).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def document_key(doc: Any) -> str:
    indexed = (doc.title, doc.title_lang, doc.people, doc.tags, doc.text, doc.foreign)
    return hashlib.blake2b(repr(indexed).encode("utf-8", "surrogatepass"),
                           digest_size=16).hexdigest()


class CachedAnalyser:
    """``analyse(doc)``, answered from the last build's file where the document is the
    same. A forked worker hands its part over (``handover``/``take``); ``save`` then
    writes the lines of this build's documents, nothing else."""

    def __init__(self, analyse: Callable[[Any], Terms], path: Optional[Path]):
        self.analyse, self.path = analyse, path
        self.known = _line_index(path) if path else {}  # key -> (offset, length)
        self.last = _open(path) if self.known else None  # read by offset, never whole
        self.hits: set[str] = set()
        self.parts: list[Path] = []  # this build's new lines, one file per process
        self._part: Optional[tuple[int, Any]] = None  # (pid, open file) of this process

    def __call__(self, doc: Any) -> Terms:
        key = document_key(doc)
        where = self.known.get(key)
        if where is not None and self.last is not None:
            entry = _read_line(self.last, key, *where)
            if entry is not None:
                self.hits.add(key)
                return {name: text.split(SEPARATOR) if text else []
                        for name, text in entry.items()}
        terms = self.analyse(doc)
        if all(term and SEPARATOR not in term for found in terms.values() for term in found):
            self._write(key, {name: SEPARATOR.join(found) for name, found in terms.items()})
        return terms  # a term that could not be joined back exactly is never kept

    def _write(self, key: str, joined: dict[str, str]) -> None:
        if self.path is None:
            return
        if self._part is None or self._part[0] != os.getpid():  # a forked worker's own
            part = self.path.with_suffix(f".{os.getpid()}.part")
            try:
                part.parent.mkdir(parents=True, exist_ok=True)
                self._part = (os.getpid(), open(part, "w", encoding="utf-8"))
            except OSError:
                self.path = None  # nothing can be kept: analyse everything, keep nothing
                return
            self.parts.append(part)
        self._part[1].write(json.dumps([key, joined], ensure_ascii=False) + "\n")

    def handover(self) -> tuple[set[str], list[Path]]:
        """In a forked worker: what it found and the part it wrote, closed."""
        if self._part is not None:
            self._part[1].close()
        return self.hits, [part for part in self.parts
                           if part.name.endswith(f".{os.getpid()}.part")]

    def take(self, handed: tuple[set[str], list[Path]]) -> None:
        self.hits.update(handed[0])
        self.parts.extend(handed[1])

    def save(self) -> None:
        """Best effort: a cache that cannot be written only makes the next build slower."""
        if self._part is not None:
            self._part[1].close()
        try:
            if self.path is not None and (self.parts or len(self.hits) != len(self.known)):
                self._rewrite(self.path)
        except OSError:
            pass
        finally:
            if self.last is not None:
                self.last.close()
            for part in self.parts:
                part.unlink(missing_ok=True)

    def _rewrite(self, path: Path) -> None:
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        with open(temporary, "wb") as out:
            if self.hits and self.last is not None:
                for offset, length in sorted(self.known[key] for key in self.hits):
                    out.write(os.pread(self.last.fileno(), length, offset))
            for part in self.parts:
                with open(part, "rb") as new:
                    shutil.copyfileobj(new, out)
        os.replace(temporary, path)
        project = path.name.split("-")[0]
        for older in path.parent.glob(f"{project}-*.jsonl"):  # older analysing code's
            if older != path:
                older.unlink()


def _line_index(path: Path) -> dict[str, tuple[int, int]]:
    """Where each key's line is, read in chunks (the file is not kept in memory)."""
    found: dict[str, tuple[int, int]] = {}
    offset = 0
    try:
        with open(path, "rb") as handle:
            for line in handle:
                if line.endswith(b"\n") and line.startswith(b'["'):
                    found[line[_KEY].decode("ascii", "replace")] = (offset, len(line))
                offset += len(line)
    except OSError:
        return {}
    return found


def _open(path: Optional[Path]) -> Any:
    try:
        return open(path, "rb") if path else None
    except OSError:
        return None


def _read_line(last: Any, key: str, offset: int, length: int) -> Optional[dict[str, str]]:
    """One document's joined terms; None when the line is not what ``_write`` wrote."""
    try:
        entry = json.loads(os.pread(last.fileno(), length, offset))
    except (OSError, ValueError):
        return None
    if not (isinstance(entry, list) and len(entry) == 2 and entry[0] == key
            and isinstance(entry[1], dict)
            and all(isinstance(text, str) for text in entry[1].values())):
        return None
    return entry[1]
