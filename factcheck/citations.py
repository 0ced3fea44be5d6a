"""``[@source-id]`` and ``[@source-id, locator]`` citations as a Python-Markdown extension.

Each cited source gets a number in order of first citation; every citation becomes a
superscript link to that number in the page's source list, and the list links back to
every place the source is cited. The numbering lives on the extension instance and is
cleared by ``Markdown.reset()``, so one Markdown instance serves every claim page.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field

from markdown import Extension, Markdown
from markdown.inlinepatterns import InlineProcessor

# Deliberately loose: anything that looks like a citation is matched, so that a malformed or
# unknown id is reported by ``check`` rather than left in the page as literal text.
CITATION_PATTERN = r"\[@([^\]\s,]+)(?:\s*,\s*([^\]\n]*?))?\s*\]"
CITATION_RE = re.compile(CITATION_PATTERN)


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


@dataclass
class CitationRegistry:
    """The citations of one document, numbered in order of first appearance."""

    known: frozenset = frozenset()
    cited: dict[str, CitedSource] = field(default_factory=dict)

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
        source_id, locator = m.group(1), (m.group(2) or "").strip()
        registry = self.extension.registry
        if source_id not in registry.known:
            return None, None, None  # check reports it; never link to nothing
        entry = registry.cite(source_id, locator)
        sup = etree.Element("sup", {"class": "citation", "id": entry.anchors[-1]})
        link = etree.SubElement(sup, "a", {"href": f"#{entry.list_anchor}",
                                           "role": "doc-noteref"})
        link.text = f"[{entry.number}]"
        if locator:
            link.set("title", locator)
        return sup, m.start(0), m.end(0)


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
