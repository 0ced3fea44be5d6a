"""Read the analysis files once and check them: pairing with claims, citations and links.

Citations and link targets are found by scanning the source line by line with the same
patterns the renderer uses, so each problem gets the .md file's own LINE:COL without
rendering anything. The text read here is handed on to the renderer: each file is read once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .citations import CITATION_RE
from .markup import LINK_TARGET_RE, is_safe_link
from .problems import Position, Problems
from .references import unknown_id
from .yamlpos import LoadedYaml


@dataclass
class Analysis:
    """One analysis file: where it is, what it says, which sources it cites."""

    path: str
    text: str
    cites: list[str] = field(default_factory=list)


def read_analyses(root: Path, folder: str, loaded: LoadedYaml, claim_ids: list[tuple[int, str]],
                  source_ids: set[str], problems: Problems) -> dict[str, Analysis]:
    """Analyses by claim id; reports missing, orphaned and broken files."""
    directory = root / folder
    found = {p.stem: p for p in sorted(directory.glob("*.md"))} if directory.is_dir() else {}
    analyses: dict[str, Analysis] = {}
    for index, claim_id in claim_ids:
        shown = f"{folder}/{claim_id}.md"
        if claim_id not in found:
            problems.error(loaded.position(("claims", index, "id")),
                           f"claim '{claim_id}' has no analysis; expected a Markdown file {shown}")
            continue
        text = found[claim_id].read_text(encoding="utf-8")
        analyses[claim_id] = Analysis(shown, text, scan(shown, text, source_ids, problems))
    known = {claim_id for _, claim_id in claim_ids}
    for stem in sorted(set(found) - known):
        problems.error(Position(f"{folder}/{stem}.md"),
                       f"analysis without a claim; expected a claim with id '{stem}' in "
                       f"{loaded.path}, or remove this file")
    return analyses


def scan(path: str, text: str, source_ids: set[str], problems: Problems) -> list[str]:
    """Check citations and links line by line; return the cited ids in order."""
    cited: list[str] = []
    fenced = False
    for line_no, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        if fenced:
            continue
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
