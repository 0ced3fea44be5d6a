"""The one Markdown environment for analyses and event texts.

Analyses come from pull requests, so they are rendered as untrusted text: raw HTML is
shown as text, not passed through, and links other than http(s), mailto and in-site
relative ones are dropped (``check`` reports them with their position before that).
One ``Markdown`` instance is built once and reset between documents: building one per
page is the main cost of rendering thousands of short analyses.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from markdown import Markdown
from markdown.treeprocessors import Treeprocessor

from .citations import CitationExtension, CitedSource

SAFE_SCHEMES = ("http", "https", "mailto", "")
_SPACE_BEFORE_CITATION_RE = re.compile(r"\s+(<sup class=\"citation\")")
_STRIPPED_RE = re.compile(r"[\x00-\x20\x7f]")
# Link targets in Markdown source: inline links, reference definitions and autolinks.
LINK_TARGET_RE = re.compile(
    r"\]\(\s*<?(?P<inline>(?:[^()\s<>]|\([^()\s]*\))+)|^\s{0,3}\[[^\]]+\]:\s*<?(?P<ref>\S+?)>?(?:\s|$)"
    r"|<(?P<auto>[A-Za-z][A-Za-z0-9+.-]*:[^>\s]*)>",
    re.MULTILINE,
)


def is_safe_link(target: str) -> bool:
    """True for http(s), mailto and scheme-less (relative or #fragment) targets.

    Judged as a browser reads it: character references decoded (``javascript&#58;``) and
    the control characters and spaces browsers strip from a scheme removed."""
    decoded = _STRIPPED_RE.sub("", html.unescape(target))
    return urlsplit(decoded).scheme.lower() in SAFE_SCHEMES


class _LinkGuard(Treeprocessor):
    """Defence in depth: never emit a javascript:, data: or other unsafe href."""

    def run(self, root):
        for element in root.iter():
            for attr in ("href", "src"):
                if attr in element.attrib and not is_safe_link(element.attrib[attr]):
                    del element.attrib[attr]


class _HeadingShift(Treeprocessor):
    """An analysis's top heading becomes h3, under the page's h1 and section h2s,
    whether its author started at # or ##."""

    TOP = 3

    def run(self, root):
        headings = [e for e in root.iter() if e.tag in ("h1", "h2", "h3", "h4", "h5", "h6")]
        if not headings:
            return
        shift = self.TOP - min(int(h.tag[1]) for h in headings)
        for heading in headings:
            heading.tag = f"h{min(6, int(heading.tag[1]) + shift)}"


@dataclass
class Rendered:
    html: str
    sources: list[CitedSource]


class MarkupRenderer:
    """Render Markdown with numbered citations; reuse one instance for a whole build."""

    def __init__(self, known_sources=()):
        self.citations = CitationExtension(known_sources)
        self.md = Markdown(extensions=[self.citations, "sane_lists", "tables", "toc"],
                           output_format="html")
        self.md.preprocessors.deregister("html_block")
        self.md.inlinePatterns.deregister("html")
        self.md.treeprocessors.register(_LinkGuard(self.md), "link_guard", 0)
        self.md.treeprocessors.register(_HeadingShift(self.md), "heading_shift", 1)

    def render(self, text: str) -> Rendered:
        """Convert one document; its citations come back numbered from 1."""
        self.md.reset()
        # "said so [@x]." -> "said so[1].": a marker never wraps onto a line of its own.
        html = _SPACE_BEFORE_CITATION_RE.sub(r"\1", self.md.convert(text))
        return Rendered(html, list(self.citations.registry.cited.values()))
