"""Cross-reference checks: unique ids, and every id that points somewhere points to an entry.

All lookups go through sets built once, so checking 10,000 claims stays linear.
Ids are collected from the raw data, not only from valid entries, so a claim whose rating
is broken does not also produce "unknown claim" errors everywhere it is referred to.
"""

from __future__ import annotations

import difflib
from typing import Iterable

from .problems import Problems
from .validate import Entries
from .yamlpos import LoadedYaml

SINGULAR = {"ratings": "rating", "sources": "source", "claims": "claim", "events": "event"}


def collect_ids(loaded: LoadedYaml, problems: Problems) -> dict[str, set[str]]:
    """The ids of every section; reports ids used twice in one section."""
    data = loaded.data if isinstance(loaded.data, dict) else {}
    ids: dict[str, set[str]] = {}
    for section in SINGULAR:
        seen: dict[str, int] = {}
        items = data.get(section)
        for index, item in enumerate(items if isinstance(items, list) else []):
            entry_id = item.get("id") if isinstance(item, dict) else None
            if not isinstance(entry_id, str):
                continue
            if entry_id in seen:
                first = loaded.position((section, seen[entry_id], "id"))
                problems.error(loaded.position((section, index, "id")),
                               f"duplicate {SINGULAR[section]} id '{entry_id}' (first at line "
                               f"{first.line}); expected each id once")
            else:
                seen[entry_id] = index
        ids[section] = set(seen)
    return ids


def check_references(loaded: LoadedYaml, entries: Entries, ids: dict[str, set[str]],
                     problems: Problems) -> None:
    """Report every reference to an id that no entry has."""

    def expect(path: tuple, value, section: str) -> None:
        if value is not None and value not in ids[section]:
            problems.error(loaded.position(path), unknown_id(value, section, ids[section]))

    for index, source in entries["sources"]:
        for n, cited in enumerate(source.cites):
            expect(("sources", index, "cites", n), cited, "sources")
        if source.translation is not None:
            expect(("sources", index, "translation", "of"), source.translation.of, "sources")
    for index, claim in entries["claims"]:
        expect(("claims", index, "rating"), claim.rating, "ratings")
        expect(("claims", index, "said_in"), claim.said_in, "sources")
        for n, quote in enumerate(claim.quotes):
            expect(("claims", index, "quotes", n, "source"), quote.source, "sources")
    for index, event in entries["events"]:
        _check_event(loaded, index, event, expect, problems)


def _check_event(loaded, index, event, expect, problems) -> None:
    for n, source in enumerate(event.sources):
        expect(("events", index, "sources", n), source, "sources")
    for n, claim in enumerate(event.claims):
        expect(("events", index, "claims", n), claim, "claims")
    for n, account in enumerate(event.accounts):
        if account.source not in event.sources:
            problems.error(loaded.position(("events", index, "accounts", n, "source")),
                           f"account by '{account.source}', which is not among this event's "
                           f"sources; expected one of: {', '.join(event.sources)}")


def unknown_id(value: str, section: str, known: Iterable[str]) -> str:
    """'unknown source 'x'; did you mean 'y'? expected ...'"""
    guess = difflib.get_close_matches(value, list(known), n=1, cutoff=0.75)
    hint = f"did you mean '{guess[0]}'? " if guess else ""
    return (f"unknown {SINGULAR[section]} '{value}'; {hint}expected the id of an entry under "
            f"{section}:")
