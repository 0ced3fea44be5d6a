"""``[@source-id]`` and ``[@source-id, locator]`` citations as a Python-Markdown extension.

Each cited source gets a number in order of first citation; every citation becomes a
superscript link to that number in the page's source list, and the list links back to
every place the source is cited. The numbering lives on the extension instance and is
cleared by ``Markdown.reset()``, so one Markdown instance serves every claim page.

``check`` reports citations from this same parse, so it and the renderer always agree on
what is a citation and what is code. The pattern is deliberately loose (anything opening
with ``[@``) so a malformed citation is reported rather than published as literal text,
and linear: it never backtracks, because ``[^[\\]]*`` cannot overlap the next ``[@``.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from dataclasses import dataclass, field
from typing import Optional

from markdown import Extension, Markdown
from markdown.inlinepatterns import InlineProcessor

from .schema import id_problem

CITATION_PATTERN = r"\[@([^\[\]]*)(\]?)"
CITATION_FORM = "[@source-id] or [@source-id, locator]"


def parse_citation(inner: str, closed: bool) -> tuple[Optional[str], str, str]:
    """(source id, locator, problem) of a citation's text between "[@" and "]"."""
    shown = f"[@{inner}" + ("]" if closed else "")
    if len(shown) > 60:
        shown = shown[:57] + "..."
    if not closed:
        return None, "", f"citation '{shown}' is not closed; expected {CITATION_FORM}"
    source_id, comma, locator = inner.partition(",")
    source_id, locator = source_id.rstrip(), " ".join(locator.split())
    if not source_id.strip():
        return None, "", f"citation '{shown}' names no source; expected {CITATION_FORM}"
    if source_id[0].isspace():
        return None, "", f"citation '{shown}' has a space after '@'; expected {CITATION_FORM}"
    if any(c.isspace() or c == ";" for c in source_id):
        return None, "", (f"citation '{shown}' needs a comma between the source id and the "
                          f"locator; expected {CITATION_FORM}")
    if id_problem(source_id):
        return None, "", f"citation '{shown}' does not name a source id; expected {CITATION_FORM}"
    if comma and not locator:
        return None, "", f"citation '{shown}' has an empty locator; expected {CITATION_FORM}"
    return source_id, locator, ""


@dataclass
class CitedSource:
    """One entry of a page's numbered source list."""

    number: int
    source_id: str
    anchors: list[str] = field(default_factory=list)
    locators: list[str] = field(default_factory=list)

    @property
    def list_anchor(self) -> str:
        return f"source-{self.number}"


@dataclass(frozen=True)
class Finding:
    """Something ``check`` reports, with the text as written, to find where it is."""

    written: str
    message: str
    severity: str = "error"  # or "warning"; "ok" only marks where valid text is
    at: tuple[int, int] | None = None  # (line, column) when the finder knows it already


@dataclass
class CitationRegistry:
    """The citations of one document, numbered in order of first appearance."""

    known: frozenset = frozenset()
    allowed: bool = True  # False where the page has no source list to cite into
    cited: dict[str, CitedSource] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)

    def cite(self, source_id: str, locator: str) -> CitedSource:
        entry = self.cited.get(source_id)
        if entry is None:
            entry = self.cited[source_id] = CitedSource(len(self.cited) + 1, source_id)
        entry.anchors.append(f"cite-{entry.number}-{len(entry.anchors) + 1}")
        entry.locators.append(locator)
        return entry


class _CitationProcessor(InlineProcessor):
    def __init__(self, extension: "CitationExtension"):
        super().__init__(CITATION_PATTERN)
        self.extension = extension

    def handleMatch(self, m, data):  # noqa: N802 (Markdown's API name)
        registry = self.extension.registry
        source_id, locator, problem = parse_citation(m.group(1), bool(m.group(2)))
        if source_id is not None and (not registry.allowed or source_id not in registry.known):
            problem = unknown_source(source_id, registry)
        if problem:  # check reports it; the text stays as written, never a link to nothing
            registry.findings.append(Finding(m.group(0), problem))
            return None, None, None
        registry.findings.append(Finding(m.group(0), "", "ok"))  # keeps the others in order
        entry = registry.cite(source_id, locator)
        sup = etree.Element("sup", {"class": "citation", "id": entry.anchors[-1]})
        link = etree.SubElement(sup, "a", {"href": f"#{entry.list_anchor}",
                                           "role": "doc-noteref"})
        link.text = f"[{entry.number}]"
        if locator:
            link.set("title", locator)
        return sup, m.start(0), m.end(0)


def unknown_source(source_id: str, registry: CitationRegistry) -> str:
    from .references import unknown_id  # the one wording of "unknown ... did you mean"

    if not registry.allowed:
        return (f"citation of '{source_id}' where citations are not shown; expected no "
                "citation here (list the source with the entry instead)")
    return "citation of " + unknown_id(source_id, "sources", set(registry.known))


class CitationExtension(Extension):
    """Register with the set of known source ids; read ``registry`` after each convert."""

    def __init__(self, known_sources=(), **kwargs):
        super().__init__(**kwargs)
        self.known = frozenset(known_sources)
        self.registry = CitationRegistry(self.known)

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802
        md.registerExtension(self)
        # Above links (160) so "[@id]" is never taken for a reference link.
        md.inlinePatterns.register(_CitationProcessor(self), "citation", 175)

    def reset(self) -> None:
        self.registry = CitationRegistry(self.known)
