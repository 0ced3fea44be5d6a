"""Cross-reference checks: unique ids, and every id that points somewhere points to an entry.

Which fields are references is read from the schema (fields marked with ``ref``), and the
checks run on the raw data, so an entry with some other error still has its references
checked in the same run. All lookups go through sets built once: checking 10,000 claims
stays linear.
"""

from __future__ import annotations

import difflib
from functools import lru_cache
from typing import Any, Iterator, get_origin

from pydantic import BaseModel

from .problems import Problems
from .schema import REFERS_TO, id_problem
from .validate import SECTIONS, unwrap
from .yamlpos import LoadedYaml

SINGULAR = {"ratings": "rating", "sources": "source", "claims": "claim", "events": "event"}
ANY = "*"  # stands for every index of a list in a reference path


def raw_entries(loaded: LoadedYaml, section: str) -> Iterator[tuple[int, dict]]:
    """(index, mapping) of every entry of a section that is at least a mapping."""
    data = loaded.data if isinstance(loaded.data, dict) else {}
    items = data.get(section)
    for index, item in enumerate(items if isinstance(items, list) else []):
        if isinstance(item, dict):
            yield index, item


def collect_ids(loaded: LoadedYaml, problems: Problems) -> dict[str, set[str]]:
    """The ids of every section; reports ids used twice in one section."""
    ids: dict[str, set[str]] = {}
    for section in SINGULAR:
        seen: dict[str, int] = {}
        for index, item in raw_entries(loaded, section):
            entry_id = item.get("id")
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


@lru_cache(maxsize=None)
def reference_paths(model: type[BaseModel]) -> tuple[tuple[tuple, str], ...]:
    """(path pattern, target section) of every reference field of ``model``, nested ones too."""
    found: list[tuple[tuple, str]] = []
    for name, info in model.model_fields.items():
        step: tuple = (name, ANY) if _is_list(info.annotation) else (name,)
        extra = info.json_schema_extra
        target = extra.get(REFERS_TO) if isinstance(extra, dict) else None
        inner = unwrap(info.annotation)
        if target:
            found.append((step, str(target)))
        elif isinstance(inner, type) and issubclass(inner, BaseModel):
            found.extend((step + path, section) for path, section in reference_paths(inner))
    return tuple(found)


def _is_list(annotation: Any) -> bool:
    if get_origin(annotation) is list:
        return True
    return any(_is_list(arg) for arg in getattr(annotation, "__args__", ()))


def _values_at(value: Any, pattern: tuple, path: tuple) -> Iterator[tuple[tuple, Any]]:
    if not pattern:
        yield path, value
    elif pattern[0] == ANY:
        for i, item in enumerate(value if isinstance(value, list) else []):
            yield from _values_at(item, pattern[1:], path + (i,))
    elif isinstance(value, dict) and pattern[0] in value:
        yield from _values_at(value[pattern[0]], pattern[1:], path + (pattern[0],))


def check_references(loaded: LoadedYaml, ids: dict[str, set[str]], problems: Problems) -> None:
    """Report every reference to an id that no entry has (wrong types are validate's job)."""
    for section, model in SECTIONS.items():
        patterns = reference_paths(model)
        for index, item in raw_entries(loaded, section):
            for pattern, target in patterns:
                for path, value in _values_at(item, pattern, (section, index)):
                    if not isinstance(value, str) or id_problem(value):
                        continue  # not an id at all: validate reports that once
                    if value not in ids[target]:
                        problems.error(loaded.position(path), unknown_id(value, target, ids[target]))
    for index, event in raw_entries(loaded, "events"):
        _check_accounts(loaded, index, event, ids["sources"], problems)
    for index, source in raw_entries(loaded, "sources"):
        _check_self_reference(loaded, index, source, problems)


def _check_self_reference(loaded: LoadedYaml, index: int, source: dict,
                          problems: Problems) -> None:
    """A report cannot rely on, be a translation of, or republish itself."""
    own = source.get("id")
    for path, value in _values_at(source, ("cites", ANY), ("sources", index)):
        if value == own:
            problems.error(loaded.position(path), f"source '{own}' cites itself; expected the "
                           "ids of other, upstream sources")
    for path, value in _values_at(source, ("translation", "of"), ("sources", index)):
        if value == own:
            problems.error(loaded.position(path), f"source '{own}' is a translation of itself; "
                           "expected the id of the original, or null if it is not known")
    for path, value in _values_at(source, ("republishes",), ("sources", index)):
        if value == own:
            problems.error(loaded.position(path), f"source '{own}' republishes itself; "
                           "expected the id of the report it copies, or null")


def _check_accounts(loaded: LoadedYaml, index: int, event: dict, known: set[str],
                    problems: Problems) -> None:
    """An account must come from one of the event's own sources (unknown ids are reported
    once, above)."""
    sources = [s for s in event.get("sources") or [] if isinstance(s, str)] \
        if isinstance(event.get("sources"), list) else []
    for path, source in _values_at(event, ("accounts", ANY, "source"), ("events", index)):
        if isinstance(source, str) and source in known and source not in sources:
            problems.error(loaded.position(path),
                           f"account by '{source}', which is not among this event's sources; "
                           f"expected one of: {', '.join(sources) or '(none listed)'}")


def unknown_id(value: str, section: str, known: set[str]) -> str:
    """'unknown source 'x'; did you mean 'y'? expected ...'"""
    guess = difflib.get_close_matches(value, list(known), n=1, cutoff=0.75)
    hint = f"did you mean '{guess[0]}'? " if guess else ""
    return (f"unknown {SINGULAR[section]} '{value}'; {hint}expected the id of an entry under "
            f"{section}:")
