"""Verify quotes against a local text copy of their source, when the project keeps one.

A quote must appear verbatim, as whole words; only whitespace and the typographic style of
quote marks may differ, because copies taken from web pages and YAML written by hand
disagree on exactly those. A quote with omissions ("[…]") is checked passage by passage: each
must be found, as whole words, after the one before it. Each copy is read and normalised once, however many quotes come
from it. Runs on the raw data, so a claim with other errors still has its quotes checked.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Optional

from .elision import ELISION, elided_parts, elision_problem
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


def find_words(copy: str, quote: str, start: int = 0) -> int:
    """Where the first occurrence of ``quote`` in ``copy`` at or after ``start``, not starting
    or ending inside a word, ends; -1 when there is none."""
    start = copy.find(quote, start)
    while start != -1:
        end = start + len(quote)
        before_ok = start == 0 or not (copy[start - 1].isalnum() and quote[0].isalnum())
        after_ok = end == len(copy) or not (copy[end].isalnum() and quote[-1].isalnum())
        if before_ok and after_ok:
            return end
        start = copy.find(quote, start + 1)
    return -1


def contains_words(copy: str, quote: str) -> bool:
    """True when ``quote`` occurs in ``copy`` not starting or ending inside a word."""
    return find_words(copy, quote) != -1


def missing_passage(copy: str, text: str) -> Optional[int]:
    """The number (from 1) of the first passage of an elided quote that is not in ``copy``
    after the passages before it; None when all are, in order. The earliest match of each
    passage leaves the most room for the rest, so one pass decides."""
    at = 0
    for number, part in enumerate(elided_parts(text), 1):
        at = find_words(copy, normalise(part), at)
        if at == -1:
            return number
    return None


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
            copy = copies.get(str(quote.get("source")))
            if copy is not None and not elision_problem(quote["text"]):  # else: schema's
                _check_quote(copy, quote, loaded.position(("claims", index, "quotes", n,
                                                           "text")), problems)
    return set(copies)


def _check_quote(copy: str, quote: dict, where, problems: Problems) -> None:
    """One error when the quote, or one passage of an elided quote, is not in the copy."""
    parts = len(elided_parts(quote["text"]))
    missing = missing_passage(copy, quote["text"])
    if missing is None:
        return
    if parts == 1:
        problems.error(where, f"quote not found verbatim in the local copy of "
                       f"'{quote['source']}'; expected the exact words of the source "
                       "(only whitespace and quote-mark style may differ)")
    else:
        problems.error(where, f"passage {missing} of {parts} of this quote (between {ELISION} "
                       f"marks) not found verbatim in the local copy of '{quote['source']}'"
                       f"{' after the passages before it' if missing > 1 else ''}; expected "
                       "the exact words of the source, each passage in the source's order "
                       "(only whitespace and quote-mark style may differ)")


def _read_copy(root: Path, name: str, where, problems: Problems) -> Optional[str]:
    """The copy's text; refused when it is not a regular file inside the project."""
    return read_text(root, name, where, problems, "local copy")
