"""Verify quotes against a local text copy of their source, when the project keeps one.

A quote must appear verbatim; only whitespace and the typographic style of quote marks may
differ, because copies taken from web pages and YAML written by hand disagree on exactly
those. Each copy is read and normalised once, however many quotes come from it.
"""

from __future__ import annotations

import re
from pathlib import Path

from .problems import Problems
from .yamlpos import LoadedYaml

_QUOTE_MARKS = str.maketrans({c: '"' for c in "“”„‟«»″"} | {c: "'" for c in "‘’‚‛′"})
_SPACE_RE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Fold quote-mark style to straight quotes and runs of whitespace to one space."""
    return _SPACE_RE.sub(" ", text.translate(_QUOTE_MARKS)).strip()


def check_quotes(root: Path, loaded: LoadedYaml, entries, problems: Problems) -> set[str]:
    """Report quotes missing from their source's copy; return ids of sources with a copy."""
    copies: dict[str, str] = {}
    for index, source in entries["sources"]:
        if source.local_copy is None:
            continue
        path = root / source.local_copy
        if not path.is_file():
            problems.error(loaded.position(("sources", index, "local_copy")),
                           f"local copy '{source.local_copy}' does not exist; expected a text "
                           "file path relative to the project root")
            continue
        copies[source.id] = normalise(path.read_text(encoding="utf-8"))
    for index, claim in entries["claims"]:
        for n, quote in enumerate(claim.quotes):
            copy = copies.get(quote.source)
            if copy is not None and normalise(quote.text) not in copy:
                problems.error(loaded.position(("claims", index, "quotes", n, "text")),
                               f"quote not found verbatim in the local copy of "
                               f"'{quote.source}'; expected the exact words of the source "
                               "(only whitespace and quote-mark style may differ)")
    return set(copies)
