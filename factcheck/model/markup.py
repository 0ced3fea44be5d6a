"""The one Markdown environment for analyses, event texts and pages.

All of them come from pull requests, so they are rendered as untrusted text: raw HTML is
shown as text, not passed through; links other than http(s), mailto and in-site relative
ones are dropped; images from other sites are not loaded unless the site allows their
host; heading ids get a prefix the page's own ids never use. What was dropped is also
returned as findings, which ``check`` reports at their position: check and renderer see
the same parse. One ``Markdown`` instance is built once and reset between documents:
building one per page is the main cost of rendering thousands of short analyses.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field
from typing import Optional
from urllib.parse import urlsplit

from markdown import Markdown
from markdown.extensions.toc import slugify_unicode
from markdown.treeprocessors import Treeprocessor

from .citations import CitationExtension, CitedSource, Finding
from .markup_limits import structure_problem
from .page_links import is_placeholder, link_problem
from .render_cache import RenderCache

SAFE_SCHEMES = ("http", "https", "mailto", "")
HEADING_ID_PREFIX = "h-"  # no id of the theme's starts with this
_STRIPPED_RE = re.compile(r"[\x00-\x20\x7f]")


def is_safe_link(target: str) -> bool:
    """True for http(s), mailto and scheme-less (relative or #fragment) targets.

    Judged as a browser reads it: character references decoded (``javascript&#58;``) and
    the control characters and spaces browsers strip from a scheme removed."""
    decoded = _STRIPPED_RE.sub("", html.unescape(target))
    try:
        return urlsplit(decoded).scheme.lower() in SAFE_SCHEMES
    except ValueError:  # e.g. an invalid IPv6 host: not a link a browser would follow either
        return False


def remote_host(target: str) -> str:
    """Who an image URL would be loaded from, as a browser reads it: '' for an in-site path.
    Browsers take a backslash for a slash in web URLs (so "/\\evil.example/x" is another
    site) and "https:evil.example/x" as absolute, so any scheme or leading "//" is remote."""
    decoded = _STRIPPED_RE.sub("", html.unescape(target)).replace("\\", "/")
    try:
        parts = urlsplit(decoded)
    except ValueError:
        return "an unreadable address"
    if not parts.scheme and not decoded.startswith("//"):
        return ""
    host = (parts.hostname or "").lower()
    return host if host and parts.scheme.lower() in ("http", "https") else \
        (host or "an address with no host")


def _shown(target: str) -> str:
    return target if len(target) <= 60 else target[:57] + "..."


class _LinkGuard(Treeprocessor):
    """Never emit a javascript:, data: or other unsafe URL, nor load a remote image."""

    def __init__(self, md, renderer: "MarkupRenderer"):
        super().__init__(md)
        self.renderer = renderer

    def run(self, root):
        findings = self.renderer.link_findings
        for parent in root.iter():
            for index, element in enumerate(list(parent)):
                for attr in ("href", "src"):
                    target = element.get(attr)
                    if target is None:
                        continue
                    if is_placeholder(target):  # Pelican's {filename}about.md, pages only
                        problem = link_problem(target, self.renderer.page_dir,
                                               self.renderer.page_files)
                        findings.append(Finding(target, problem or "", "error" if problem
                                                else "ok"))
                        if problem:
                            del element.attrib[attr]
                        continue
                    if is_safe_link(target):  # recorded too, so later ones are found in order
                        findings.append(Finding(target, "", "ok"))
                        continue
                    del element.attrib[attr]
                    findings.append(Finding(target, (
                        f"link to '{_shown(target)}' is not allowed; expected an http(s) "
                        "URL or a relative link")))
                if element.tag == "img" and element.get("src"):
                    self._guard_image(parent, index, element)

    def _guard_image(self, parent, index: int, image) -> None:
        """A remote image would tell a third party about every reader: link to it instead."""
        target = image.get("src")
        host = remote_host(target)
        if not host or host in self.renderer.image_hosts:
            return
        self.renderer.link_findings.pop()  # its "ok" record: this finding takes its place
        self.renderer.link_findings.append(Finding(target, (
            f"image from another site ('{host}') would be loaded on every reader's visit; "
            "expected an image in the project, or the host in FACTCHECK_IMAGE_HOSTS "
            "(it is shown as a link until then)"), "warning"))
        link = etree.Element("a", {"href": target})
        link.text = image.get("alt") or target
        link.tail = image.tail
        parent[index] = link


class _HeadingShift(Treeprocessor):
    """A document's top heading becomes the level the page has room for (h3 in an analysis,
    under the page's h1 and section h2s; h2 on a page), whether its author started at # or ##."""

    def __init__(self, md, renderer: "MarkupRenderer"):
        super().__init__(md)
        self.renderer = renderer

    def run(self, root):
        headings = [e for e in root.iter() if e.tag in ("h1", "h2", "h3", "h4", "h5", "h6")]
        if not headings:
            return
        shift = self.renderer.heading_top - min(int(h.tag[1]) for h in headings)
        for heading in headings:
            heading.tag = f"h{min(6, int(heading.tag[1]) + shift)}"


class _TightCitations(Treeprocessor):
    """"said so [@x]." -> "said so[1].": a marker never wraps onto a line of its own.
    Done on the tree, not with a regular expression over the HTML, so it stays linear."""

    def run(self, root):
        for parent in root.iter():
            previous = None
            for child in parent:
                if child.tag == "sup" and child.get("class") == "citation":
                    if previous is None:
                        parent.text = (parent.text or "").rstrip()
                    else:
                        previous.tail = (previous.tail or "").rstrip()
                previous = child




@dataclass
class Rendered:
    html: str
    sources: list[CitedSource]
    citation_findings: list[Finding] = field(default_factory=list)
    link_findings: list[Finding] = field(default_factory=list)

    def reported(self) -> "Rendered":
        """This rendering once check has reported its findings: what a build keeps of each
        analysis (at 10,000 claims the findings, one per citation and link, are 10 MB)."""
        return Rendered(self.html, self.sources)


class MarkupRenderer:
    """Render Markdown with numbered citations; reuse one instance for a whole build.

    ``known_sources`` are the ids a citation may name (none: citations are reported);
    ``image_hosts`` the other sites images may be loaded from."""

    def __init__(self, known_sources=(), image_hosts=(), cache: Optional[RenderCache] = None):
        self.cache = cache  # analyses rendered before, by a digest of all they depend on
        self.citations = CitationExtension(known_sources)
        self.heading_top = 3
        self.image_hosts = frozenset(h.lower() for h in image_hosts)
        self.link_findings: list[Finding] = []
        self.heading_prefix = HEADING_ID_PREFIX
        # Set while a site page is rendered: where it is and which pages it may link to.
        self.page_dir: Optional[str] = None
        self.page_files: frozenset[str] = frozenset()
        self.md = Markdown(extensions=[self.citations, "sane_lists", "tables", "toc"],
                           extension_configs={"toc": {"slugify": self._heading_id}},
                           output_format="html")
        self.md.preprocessors.deregister("html_block")
        self.md.inlinePatterns.deregister("html")
        # After Markdown's own unescaping (priority 0): judge the URL the browser will get.
        self.md.treeprocessors.register(_LinkGuard(self.md, self), "link_guard", -1)
        self.md.treeprocessors.register(_TightCitations(self.md), "tight_citations", 4)
        self.md.treeprocessors.register(_HeadingShift(self.md, self), "heading_shift", 3)

    def _heading_id(self, value: str, separator: str) -> str:
        return self.heading_prefix + slugify_unicode(value, separator)

    def render(self, text: str, allow_citations: bool = True, heading_top: int = 3,
               heading_prefix: str = HEADING_ID_PREFIX) -> Rendered:
        """Convert one document; its citations come back numbered from 1. Where the page
        has no source list (events, pages), ``allow_citations=False`` reports them; where
        several documents share a page (events), ``heading_prefix`` keeps their ids apart."""
        key = self._cache_key(text, allow_citations, heading_top, heading_prefix)
        cached = self.cache.load(key) if key is not None and self.cache is not None else None
        if cached is not None:
            return cached
        rendered = self._render(text, allow_citations, heading_top, heading_prefix)
        if key is not None and self.cache is not None:
            self.cache.save(key, rendered)
        return rendered

    def cached(self, text: str) -> Optional[Rendered]:
        """``render(text)`` from the cache, or None when it would have to be rendered."""
        key = self._cache_key(text, True, 3, HEADING_ID_PREFIX)
        return self.cache.load(key) if key is not None and self.cache is not None else None

    def _cache_key(self, text: str, *options: object) -> Optional[str]:
        if self.cache is None or self.page_dir is not None:  # pages: few, and link-aware
            return None
        return self.cache.key(text, *options)

    def _render(self, text: str, allow_citations: bool, heading_top: int,
                heading_prefix: str) -> Rendered:
        self.md.reset()
        self.heading_top = heading_top
        self.heading_prefix = heading_prefix
        if not allow_citations:
            self.citations.registry.allowed = False
        self.link_findings = []
        refused = structure_problem(text)
        if refused:  # never handed to the parser; check reports it, so nothing is published
            return Rendered("", [], [refused], [])
        output = self.md.convert(text)
        registry = self.citations.registry
        return Rendered(output, list(registry.cited.values()), list(registry.findings),
                        self.link_findings)
