"""Read the analysis files once and check them: pairing with claims, citations and links.

Citations and link targets are found by scanning the source line by line with the same
patterns the renderer uses, so each problem gets the .md file's own LINE:COL without
rendering anything. The text read here is handed on to the renderer: each file is read once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from .citations import CITATION_RE
from .markup import LINK_TARGET_RE, is_safe_link
from .problems import Position, Problems
from .references import raw_entries, unknown_id
from .yamlpos import LoadedYaml


@dataclass
class Analysis:
    """One analysis file: where it is, what it says, which sources it cites."""

    path: str
    text: str
    cites: list[str] = field(default_factory=list)


def read_analyses(root: Path, folder: str, loaded: LoadedYaml, source_ids: set[str],
                  problems: Problems) -> dict[str, Analysis]:
    """Analyses by claim id; reports missing, orphaned, unreadable and broken files."""
    directory = root / folder
    found = {p.stem: p for p in sorted(directory.glob("*.md"))} if directory.is_dir() else {}
    analyses: dict[str, Analysis] = {}
    known = set()
    for index, claim in raw_entries(loaded, "claims"):
        claim_id = claim.get("id")
        if not isinstance(claim_id, str):
            continue
        known.add(claim_id)
        shown = f"{folder}/{claim_id}.md"
        if claim_id not in found:
            problems.error(loaded.position(("claims", index, "id")),
                           f"claim '{claim_id}' has no analysis; expected a Markdown file {shown}")
            continue
        try:
            text = found[claim_id].read_text(encoding="utf-8")
        except UnicodeDecodeError as err:
            problems.error(Position(shown), f"not UTF-8 text (byte {err.start}); expected a "
                                            "UTF-8 encoded Markdown file")
            continue
        analyses[claim_id] = Analysis(shown, text, scan(shown, text, source_ids, problems))
    for stem in sorted(set(found) - known):
        problems.error(Position(f"{folder}/{stem}.md"),
                       f"analysis without a claim; expected a claim with id '{stem}' in "
                       f"{loaded.path}, or remove this file")
    return analyses


_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN_RE = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)")


def _prose_lines(text: str) -> Iterator[tuple[int, str]]:
    """(line number, line) outside fenced code, with inline code spans blanked out
    (same length, so columns stay true): citations and links there are only text."""
    fence = ""
    for line_no, line in enumerate(text.splitlines(), start=1):
        match = _FENCE_RE.match(line)
        if fence:
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                fence = ""
            continue
        if match:
            fence = match.group(1)
            continue
        yield line_no, _CODE_SPAN_RE.sub(lambda m: " " * len(m.group(0)), line)


def scan(path: str, text: str, source_ids: set[str], problems: Problems) -> list[str]:
    """Check citations and links line by line; return the cited ids in order."""
    cited: list[str] = []
    for line_no, line in _prose_lines(text):
        for match in CITATION_RE.finditer(line):
            source_id = match.group(1)
            if source_id in source_ids:
                cited.append(source_id)
            else:
                problems.error(Position(path, line_no, match.start() + 1),
                               "citation of " + unknown_id(source_id, "sources", source_ids))
        for match in LINK_TARGET_RE.finditer(line):
            target = next(g for g in match.groups() if g)
            if not is_safe_link(target):
                problems.error(Position(path, line_no, match.start(match.lastindex) + 1),
                               f"link to '{target}' is not allowed; expected an http(s) URL "
                               "or a relative link")
    return cited


def check_event_texts(loaded: LoadedYaml, source_ids: set[str], problems: Problems) -> None:
    """Event texts are Markdown too: same link rules, and no citations (they would point at a
    source list the chronology does not have; list the source under the event's sources)."""
    for index, event in raw_entries(loaded, "events"):
        text = event.get("text")
        if not isinstance(text, str):
            continue
        where = loaded.position(("events", index, "text"))
        found = Problems()
        scan("", text, source_ids, found)
        for problem in found.items:
            if not problem.message.startswith("citation of"):
                problems.error(where, f"event text: {problem.message}")
        if CITATION_RE.search(text):
            problems.error(where, "citations are not shown in event text; expected the "
                                  "source's id under this event's sources instead")
