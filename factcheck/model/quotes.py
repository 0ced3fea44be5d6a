"""Verify quotes against a local text copy of their source, when the project keeps one.

A quote must appear verbatim, as whole words; only whitespace and the typographic style of
quote marks may differ, because copies taken from web pages and YAML written by hand
disagree on exactly those. Each copy is read and normalised once, however many quotes come
from it. Runs on the raw data, so a claim with other errors still has its quotes checked.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Optional

from .inputs import read_text
from .problems import Problems
from .references import raw_entries
from .yamlpos import LoadedYaml

_QUOTE_MARKS = str.maketrans({c: '"' for c in "“”„‟«»″"} | {c: "'" for c in "‘’‚‛′"})
_SPACE_RE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Fold quote-mark style to straight quotes, runs of whitespace to one space, and
    composed and decomposed letters (ё typed two ways) to one form."""
    text = unicodedata.normalize("NFC", text)
    return _SPACE_RE.sub(" ", text.translate(_QUOTE_MARKS)).strip()


def contains_words(copy: str, quote: str) -> bool:
    """True when ``quote`` occurs in ``copy`` not starting or ending inside a word."""
    start = copy.find(quote)
    while start != -1:
        end = start + len(quote)
        before_ok = start == 0 or not (copy[start - 1].isalnum() and quote[0].isalnum())
        after_ok = end == len(copy) or not (copy[end].isalnum() and quote[-1].isalnum())
        if before_ok and after_ok:
            return True
        start = copy.find(quote, start + 1)
    return False


def check_quotes(root: Path, loaded: LoadedYaml, problems: Problems) -> set[str]:
    """Report quotes missing from their source's copy; return ids of sources with a copy."""
    copies: dict[str, str] = {}
    for index, source in raw_entries(loaded, "sources"):
        path = source.get("local_copy")
        if isinstance(path, str) and isinstance(source.get("id"), str):
            text = _read_copy(root, path, loaded.position(("sources", index, "local_copy")),
                              problems)
            if text is not None:
                copies[source["id"]] = normalise(text)
    for index, claim in raw_entries(loaded, "claims"):
        quotes = claim.get("quotes")
        for n, quote in enumerate(quotes if isinstance(quotes, list) else []):
            if not isinstance(quote, dict) or not isinstance(quote.get("text"), str):
                continue
            copy = copies.get(quote.get("source"))
            if copy is not None and not contains_words(copy, normalise(quote["text"])):
                problems.error(loaded.position(("claims", index, "quotes", n, "text")),
                               f"quote not found verbatim in the local copy of "
                               f"'{quote['source']}'; expected the exact words of the source "
                               "(only whitespace and quote-mark style may differ)")
    return set(copies)


def _read_copy(root: Path, name: str, where, problems: Problems) -> Optional[str]:
    """The copy's text; refused when it is not a regular file inside the project."""
    return read_text(root, name, where, problems, "local copy")
