"""Each search document's analysed terms, kept from one build to the next.

Analysing (splitting, folding, dropping stop words, stemming) is about half the search
index's time at 10,000 claims, and an edit changes one document. A document's terms are a
pure function of its indexed text (title, its language, people, tags, text, the foreign
texts with their languages), the analysing code and the stop words, so a digest of those
is its key. One JSON file per project in the user's cache folder (render_cache.py says
why there and why JSON), rewritten by each build with exactly that build's documents (and
the file of older analysing code removed), so it never grows past one site's index. Not
in CI (render_cache.cache_folder).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any, Callable, Optional

from ..model.render_cache import cache_folder

Terms = dict[str, list[str]]
_CODE = ("index.py", "languages.py", "terms_cache.py")
SEPARATOR = "\0"  # between a field's terms; a term holding one is not kept


def cache_file(project_root: Path, analysers_state: str) -> Optional[Path]:
    """This project's file, or None where no cache is kept (CI)."""
    folder = cache_folder()
    if folder is None:
        return None
    digest = hashlib.blake2b(str(project_root.resolve()).encode("utf-8", "surrogateescape"),
                             digest_size=12)
    return folder.parent / "search-terms" / f"{digest.hexdigest()}-{analysers_state}.json"


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
    """``analyse(doc)``, answered from the last build's terms where the document is the
    same. ``hits`` (keys) and ``fresh`` (terms) are what this build used (a forked worker
    sends its own back: keys only for what both processes already hold); ``save`` writes
    this build's documents' terms, nothing else."""

    def __init__(self, analyse: Callable[[Any], Terms], path: Optional[Path]):
        self.analyse, self.path = analyse, path
        self.known: dict[str, dict[str, str]] = _load(path) if path else {}
        self.hits: set[str] = set()
        self.fresh: dict[str, dict[str, str]] = {}

    def __call__(self, doc: Any) -> Terms:
        key = document_key(doc)
        joined = self.known.get(key)
        if joined is not None:
            self.hits.add(key)
            return {name: text.split(SEPARATOR) if text else []
                    for name, text in joined.items()}
        terms = self.analyse(doc)
        if all(term and SEPARATOR not in term for found in terms.values() for term in found):
            self.fresh[key] = {name: SEPARATOR.join(found) for name, found in terms.items()}
        return terms  # a term that could not be joined back exactly is never kept

    def save(self) -> None:
        """Best effort: a cache that cannot be written only makes the next build slower."""
        if self.path is None or (not self.fresh and len(self.hits) == len(self.known)):
            return
        used = {key: self.known[key] for key in self.hits}
        used.update(self.fresh)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_suffix(f".{os.getpid()}.tmp")
            with open(temporary, "w", encoding="utf-8") as handle:
                json.dump(used, handle, ensure_ascii=False)
            os.replace(temporary, self.path)
            project = self.path.name.split("-")[0]
            for older in self.path.parent.glob(f"{project}-*.json"):  # older code's terms
                if older != self.path:
                    older.unlink()
        except OSError:
            pass


def _load(path: Path) -> dict[str, dict[str, str]]:
    """The file's entries; none when it is missing, unreadable or not what save writes."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or not all(
            isinstance(terms, dict) and all(isinstance(text, str) for text in terms.values())
            for terms in data.values()):
        return {}
    return data
