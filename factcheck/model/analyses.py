"""Read the analysis files once, render them once, and report what is wrong in them.

Citations and links are taken from the Markdown parse itself (see markup.py), so ``check``
and the page agree on what is code and what is prose; each finding is then placed at its
LINE:COL in the .md file by finding the text as written, in order. The rendered HTML is
kept for the build: each file is read and parsed once.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterator, Optional

from .citations import Finding
from .editorial import warn_uncited
from .inputs import folder_reader, read_text_with
from .markup import HEADING_ID_PREFIX, MarkupRenderer, Rendered
from .placeholders import placeholder_line
from .problems import Position, Problems
from .references import raw_entries
from .render_both_cores import render_all
from .yamlpos import LoadedYaml


@dataclass
class Analysis:
    """One analysis file: where it is and its rendered HTML. Its text is checked as it is
    read (``check_analysis``) and not kept: at 10,000 claims, 25 MB no page needs."""

    path: str
    rendered: Rendered

    @property
    def cites(self) -> list[str]:
        """The cited source ids, in order of first citation."""
        return [cited.source_id for cited in self.rendered.sources]


def read_analyses(root: Path, folder: str, loaded: LoadedYaml, renderer: MarkupRenderer,
                  problems: Problems) -> dict[str, Analysis]:
    """Analyses by claim id; reports missing, orphaned, unreadable and broken files."""
    directory = root / folder
    found = {p.stem: p for p in sorted(directory.glob("*.md"))} if directory.is_dir() else {}
    analyses: dict[str, Analysis] = {}
    known = set()
    # Issue 12, both cores: read every file first (its problems kept in order), render them
    # all at once (render_all: half in a worker), then report in the same order as before.
    read: list[tuple[str, str, Optional[str], Problems]] = []
    reader = folder_reader(root, folder)
    for index, claim in raw_entries(loaded, "claims"):
        claim_id = claim.get("id")
        if not isinstance(claim_id, str):
            continue
        known.add(claim_id)
        shown = f"{folder}/{claim_id}.md"
        found_here = Problems()
        if claim_id not in found:
            found_here.error(loaded.position(("claims", index, "id")), f"claim '{claim_id}' "
                             f"has no analysis; expected a Markdown file {shown}")
            read.append((claim_id, shown, None, found_here))
            continue
        read.append((claim_id, shown, read_text_with(reader, root, folder, f"{claim_id}.md",
                                                     found_here), found_here))
    rendered = iter(render_all(renderer, [text for *_, text, _ in read if text is not None],
                               located))
    for claim_id, shown, text, found_here in read:
        problems.items.extend(found_here.items)
        if text is not None:
            analyses[claim_id] = Analysis(shown, report_findings(shown, text, next(rendered),
                                                                 problems).reported())
            check_analysis(analyses[claim_id], text, problems)
    for stem in sorted(set(found) - known):
        problems.error(Position(f"{folder}/{stem}.md"),
                       f"analysis without a claim; expected a claim with id '{stem}' in "
                       f"{loaded.path}, or remove this file")
    return analyses


def read_analysis(root: Path, folder: str, claim_id: str, renderer: MarkupRenderer,
                  problems: Problems) -> Optional[Analysis]:
    """One analysis read, rendered and checked as ``read_analyses`` reads, renders and
    checks each: for a serve process's rebuild after it was edited (live.py)."""
    shown = f"{folder}/{claim_id}.md"
    text = read_text_with(folder_reader(root, folder), root, folder, f"{claim_id}.md", problems)
    if text is None:
        return None
    analysis = Analysis(shown, render_checked(shown, text, renderer, problems).reported())
    check_analysis(analysis, text, problems)
    return analysis


def check_analysis(analysis: Analysis, text: str, problems: Problems) -> None:
    """What is checked of one analysis beyond its reading and rendering: a placeholder
    left in it, no citation. The one list of these checks, for both readers above."""
    line = placeholder_line(text)
    if line:
        problems.warning(Position(analysis.path, line, 1),
                         "placeholder analysis left to write (a line starting TODO)")
    warn_uncited(analysis.path, analysis.cites, text, problems)


def render_checked(path: str, text: str, renderer: MarkupRenderer, problems: Problems,
                   allow_citations: bool = True, heading_top: int = 3,
                   heading_prefix: str = HEADING_ID_PREFIX) -> Rendered:
    """Render a Markdown file and report its findings at their LINE:COL."""
    return report_findings(path, text, renderer.render(text, allow_citations, heading_top,
                                                       heading_prefix), problems)


def report_findings(path: str, text: str, rendered: Rendered, problems: Problems) -> Rendered:
    """Report a rendering's findings at their LINE:COL in ``text``; returns the rendering."""
    for findings in (rendered.citation_findings, rendered.link_findings):
        for (line, col), finding in locate(text, findings):
            if finding.severity == "ok":
                continue
            report = problems.warning if finding.severity == "warning" else problems.error
            report(Position(path, line, col), finding.message)
    return rendered


def located(rendered: Rendered, text: str) -> Rendered:
    """``rendered`` with only the findings check reports, each already placed at its
    LINE:COL in ``text``: what comes back from the worker rendering half the analyses
    (render_both_cores), without the "ok" records that only keep the others in order."""
    def placed(findings: list[Finding]) -> list[Finding]:
        return [replace(finding, at=at) for at, finding in locate(text, findings)
                if finding.severity != "ok"]
    return Rendered(rendered.html, rendered.sources, placed(rendered.citation_findings),
                    placed(rendered.link_findings))


def locate(text: str, findings: list[Finding]) -> Iterator[tuple[tuple[int, int], Finding]]:
    """(line, column) of each finding, searched in document order from the previous one;
    one pass over the text however many findings there are."""
    cursor, line, line_start = 0, 1, 0
    expanded = None
    for finding in findings:
        if finding.at:
            yield finding.at, finding
            continue
        at = text.find(finding.written, cursor) if finding.written else -1
        if at == -1:
            if expanded is None:  # Markdown expands tabs first: "java<TAB>script:" is moved
                expanded = text.expandtabs(4)
            yield _in_expanded(text, expanded, finding.written), finding
            continue
        line += text.count("\n", cursor, at)
        newline = text.rfind("\n", cursor, at)
        line_start = newline + 1 if newline != -1 else line_start
        yield (line, at - line_start + 1), finding
        line += text.count("\n", at, at + len(finding.written))
        newline = text.rfind("\n", at, at + len(finding.written))
        line_start = newline + 1 if newline != -1 else line_start
        cursor = at + len(finding.written)


def _in_expanded(text: str, expanded: str, written: str) -> tuple[int, int]:
    """Where ``written`` is, found in the tab-expanded text, as a position in ``text``;
    the file's start when Markdown changed it beyond recognition."""
    at = expanded.find(written) if written else -1
    if at == -1 and "\\" in written:  # Markdown turned an escaped backslash into one
        written = written.replace("\\", "\\\\")
        at = expanded.find(written)
    if at == -1:
        return 1, 1
    line = expanded.count("\n", 0, at) + 1
    column = at - (expanded.rfind("\n", 0, at) + 1)  # 0-based, in the expanded line
    original = text.split("\n")[line - 1]
    width = 0
    for index, char in enumerate(original):
        width = width + 4 - width % 4 if char == "\t" else width + 1
        if width > column:
            return line, index + 1
    return line, len(original) + 1


def check_event_texts(loaded: LoadedYaml, renderer: MarkupRenderer,
                      problems: Problems) -> dict[str, str]:
    """Event texts are Markdown too: same link rules, and no citations (they would point at a
    source list the chronology does not have). Returns each event's HTML, by id."""
    html: dict[str, str] = {}
    for index, event in raw_entries(loaded, "events"):
        text = event.get("text")
        if not isinstance(text, str):
            continue
        where = loaded.position(("events", index, "text"))
        found = Problems()
        event_id = event.get("id") if isinstance(event.get("id"), str) else str(index)
        rendered = render_checked("", text, renderer, found, allow_citations=False,
                                  heading_prefix=f"h-{event_id}-")
        for problem in found.items:
            report = problems.warning if problem.severity == "warning" else problems.error
            report(where, f"event text: {problem.message}")
        if isinstance(event.get("id"), str):
            html[event["id"]] = rendered.html
    return html
