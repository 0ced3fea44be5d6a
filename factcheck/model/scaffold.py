"""`build.py new claim|source|event ID`: add a skeleton entry a contributor fills in.

The entry is inserted as text at the end of its section, so every comment, blank line and
the order of claims.yaml stay exactly as the contributor left them (a YAML round trip
would reflow them). Values the contributor must supply start with "TODO", which `check`
reports as a warning until they are replaced; everything else is schema-valid, so the
editor's schema support and `check` work on the new entry straight away. The one exception
is an event's date: any placeholder date would be an invented one, so it stays TODO and
`check` reports it as an error until the contributor gives the real date.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

from .references import raw_entries
from .schema import id_problem
from .yamlpos import LoadedYaml

SECTION_OF = {"claim": "claims", "source": "sources", "event": "events"}
TODO = "TODO"


class ScaffoldError(Exception):
    """The entry cannot be added; the message says why and what to do."""


@dataclass(frozen=True)
class Skeleton:
    entry: str  # YAML lines of the entry, indented as a list item at column 2
    advice: str  # what the contributor fills in next


def _claim(entry_id: str, loaded: LoadedYaml, today: str) -> Skeleton:
    sources = [item["id"] for _, item in raw_entries(loaded, "sources") if "id" in item]
    ratings = [item for _, item in raw_entries(loaded, "ratings") if "id" in item]
    off_scale = [r["id"] for r in ratings if r.get("value") is None] or [r["id"] for r in ratings]
    said_in = sources[0] if sources else f"{TODO}-add-a-source-first"
    return Skeleton(f"""\
  - id: {entry_id}
    claim: "{TODO}: the claim, restated in one neutral sentence under 75 characters"
    claimant: "{TODO}: who made the claim"
    claimant_role: null  # their office or role, if known
    claimant_type: person  # or organization
    date: null  # when it was said: YYYY, YYYY-MM or YYYY-MM-DD, ~ approximate, ? uncertain
    said_in: {said_in}  # {TODO}: id of the source where the claim appears
    rating: {off_scale[0] if off_scale else TODO}  # the verdict: one of the ratings' ids
    summary: "{TODO}: one paragraph on what the cited evidence shows"
    quotes: []  # - {{source: ID, text: verbatim words, lang: de, translation: our English}}
    tags: []
    published: "{today}"
    updates: []
""", f"fill in claim, claimant, date, said_in, rating and summary in claims.yaml, add "
     f"quotes, and write the analysis in content/claims/{entry_id}.md")


def _source(entry_id: str, loaded: LoadedYaml, today: str) -> Skeleton:
    return Skeleton(f"""\
  - id: {entry_id}
    title: "{TODO}: the report's headline, as printed"
    publisher: null  # the outlet; null when not known
    authors: []
    published: null  # YYYY, YYYY-MM or YYYY-MM-DD; null when not known
    url: null  # http(s) address; null when no online copy is known
    archive_url: null
    language: {TODO}  # BCP 47 tag of the report's language: en, de, ru, az ... (not guessed)
    cites: []  # ids of upstream reports it relies on
    local_copy: null  # e.g. evidence/{entry_id}.txt, a text copy used to verify quotes
    note: null
""", "give the report's language (check reports it as an error until then: it is not "
     "guessed for you), fill in the title and only what you know of the rest; unknowns stay "
     "null")


def _event(entry_id: str, loaded: LoadedYaml, today: str) -> Skeleton:
    sources = [item["id"] for _, item in raw_entries(loaded, "sources") if "id" in item]
    return Skeleton(f"""\
  - id: {entry_id}
    date: {TODO}  # the event's date: YYYY, YYYY-MM or YYYY-MM-DD, ~ or ?, or START/END
    title: "{TODO}: what happened, in one neutral line"
    text: null  # more detail, in Markdown
    sources: [{sources[0] if sources else TODO + "-add-a-source-first"}]  # {TODO}: who reports it
    claims: []
    accounts: []  # where sources disagree: - {{source: ID, says: their version}}
""", "give the event its date (check reports it as an error until then: no date is "
     "guessed for you), title and sources")


# The sections CONTRIBUTING.md asks for; `check` warns while a TODO line is left.
ANALYSIS_SKELETON = f"""\
## What was said

{TODO}: who said what, when and where, citing the report that carries it.

## What the cited reports show

{TODO}: what each report says, cited point by point.

## What they do not settle

{TODO}: what remains unknown or disputed, and why.

## Verdict

{TODO}: why the verdict follows from the cited evidence alone.
"""

BUILDERS: dict[str, Callable[[str, LoadedYaml, str], Skeleton]] = {
    "claim": _claim, "source": _source, "event": _event}


def _header(line: str, section: str) -> Optional[str]:
    """For the line ``section:`` (maybe ``section: []``, maybe with a comment), what follows
    the colon without the comment; None for any other line. No regex: string tests only."""
    if not line.startswith(section + ":"):
        return None
    value = line[len(section) + 1:]
    return value.split("#", 1)[0].strip() if value[:1] in ("", " ", "\t", "\n") else None


def _item_indent(lines: list[str], start: int, end: int) -> int:
    """How far the section's list items are indented: 2 as in our skeletons, 0 in PyYAML's
    own style (items under their key, not inside it), or whatever the file uses."""
    for line in lines[start + 1:end]:
        stripped = line.lstrip(" ")
        if stripped.startswith("- ") or stripped.rstrip("\n") == "-":
            return len(line) - len(stripped)
    return 2


def _indented(entry: str, indent: int) -> str:
    """The skeleton (written with items at column 2) moved to the file's indentation."""
    shift = indent - 2
    if shift == 0:
        return entry
    return "".join(" " * (len(line) - len(line.lstrip(" ")) + shift) + line.lstrip(" ")
                   for line in entry.splitlines(keepends=True))


def insert_entry(text: str, section: str, entry: str) -> str:
    """``text`` with ``entry`` appended to the top-level list ``section``, indented as the
    file indents that list."""
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    start = next((i for i, line in enumerate(lines) if _header(line, section) is not None), None)
    if start is None:
        return "".join(lines) + f"\n{section}:\n{entry}"
    value = _header(lines[start], section)
    if value not in ("", "[]"):
        raise ScaffoldError(f"'{section}:' on line {start + 1} is written on one line "
                            f"({(value or '')[:40]}); expected a block list (one '- ' item per line) "
                            "to add to")
    if value == "[]":  # "claims: []" becomes a block list; its comment stays
        comment = lines[start].split("#", 1)[1].rstrip("\n") if "#" in lines[start] else ""
        lines[start] = f"{section}:" + (f"  #{comment}" if comment else "") + "\n"
    end = next((i for i in range(start + 1, len(lines))
                if lines[i][:1].isalpha() or lines[i][:1] == "_"), len(lines))
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1
    spacer = "\n" if end > start + 1 else ""
    entry = _indented(entry, _item_indent(lines, start, end))
    return "".join(lines[:end]) + spacer + entry + "".join(lines[end:])


def new_entry(root: Path, data: str, analyses: str, kind: str, entry_id: str,
              loaded: LoadedYaml, today: datetime.date | None = None) -> list[str]:
    """Add the skeleton; returns what to tell the contributor, line by line."""
    problem = id_problem(entry_id)
    if problem:
        raise ScaffoldError(f"{problem}, e.g. peskov-close-dialogue")
    section = SECTION_OF[kind]
    if any(item.get("id") == entry_id for _, item in raw_entries(loaded, section)):
        raise ScaffoldError(f"{data} already has a {kind} with id '{entry_id}'")
    analysis = root / analyses / f"{entry_id}.md"
    if kind == "claim" and analysis.exists():
        raise ScaffoldError(f"{analyses}/{entry_id}.md already exists")
    skeleton = BUILDERS[kind](entry_id, loaded, (today or datetime.date.today()).isoformat())
    path = root / data
    path.write_text(insert_entry(path.read_text(encoding="utf-8"), section, skeleton.entry),
                    encoding="utf-8")
    told = [f"added {kind} '{entry_id}' to {data}"]
    if kind == "claim":
        analysis.parent.mkdir(parents=True, exist_ok=True)
        analysis.write_text(ANALYSIS_SKELETON, encoding="utf-8")
        told.append(f"created {analyses}/{entry_id}.md")
    told.append(f"next: {skeleton.advice}; then run `make check`")
    return told
