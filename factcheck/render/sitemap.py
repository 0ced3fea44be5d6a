"""sitemap.xml, robots.txt and the 404 page, for production builds only.

A sitemap needs absolute URLs, and GitHub Pages serves 404.html for a missing path at any
depth, so its links must be absolute too: all three are written only when SITEURL is an
absolute http(s) URL (publishconf.py). A local build has relative links and none of them.

The XML is built with xml.etree (every value escaped), in a fixed order, with no build time:
two builds of the same input give the same bytes. ``lastmod`` is given only for claims,
whose data dates them (the latest of published and updates); nothing else is dated.
"""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path

from ..export.feeds import absolute_site_url, last_changed
from ..settings import Urls
from .jsonld import absolute
from .views import ClaimView, GroupView, SourceView

SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
NOT_FOUND = "404.html"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def site_urls(claims: list[ClaimView], sources: list[SourceView], page_urls: list[str],
              list_urls: list[str], groups: Sequence[GroupView] = (),
              paged: Sequence[str] = ()) -> list[tuple[str, datetime.date | None]]:
    """Every content page as (site-relative URL, last change or None), in a fixed order.
    The search page is left out: its results are not content. Claimant and tag pages are
    not dated: they list claims, and a claim's own entry carries its date; nor are
    ``paged``, the later pages of lists and the chronology's year pages, in the order given."""
    entries: list[tuple[str, datetime.date | None]] = [(url, None) for url in list_urls]
    entries += [(url, None) for url in paged]
    entries += [(url, None) for url in sorted(page_urls)]
    entries += sorted((view.url, last_changed(view.claim)) for view in claims)
    entries += sorted((view.url, None) for view in sources)
    entries += sorted((group.url, None) for group in groups)
    return entries


def sitemap_xml(site_url: str, entries: list[tuple[str, datetime.date | None]]) -> bytes:
    """The sitemap document; URLs absolute under SITEURL."""
    ET.register_namespace("", SITEMAP_NS)
    urlset = ET.Element(f"{{{SITEMAP_NS}}}urlset")
    for path, changed in entries:
        url = ET.SubElement(urlset, f"{{{SITEMAP_NS}}}url")
        ET.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = absolute(site_url, path)
        if changed is not None:
            ET.SubElement(url, f"{{{SITEMAP_NS}}}lastmod").text = changed.isoformat()
    ET.indent(urlset)
    return ET.tostring(urlset, encoding="utf-8", xml_declaration=True) + b"\n"


def write_sitemap(output: Path, settings: dict, claims: list[ClaimView],
                  sources: list[SourceView], pages: list, urls: Urls,
                  groups: Sequence[GroupView] = (), paged: Sequence[str] = ()) -> None:
    """sitemap.xml and robots.txt at the output root, in production builds only; ``pages``
    are Pelican's content pages (from the context), ``groups`` the claimant and tag pages."""
    if not absolute_site_url(settings):
        return
    site_url = settings["SITEURL"].rstrip("/")
    entries = site_urls(claims, sources, [page.url for page in pages], list_urls(urls), groups,
                        paged)
    (output / SITEMAP).write_bytes(sitemap_xml(site_url, entries))
    robots = f"User-agent: *\nAllow: /\n\nSitemap: {site_url}/{SITEMAP}\n"
    (output / ROBOTS).write_text(robots, encoding="utf-8")


def list_urls(urls: Urls) -> list[str]:
    """The home page and the site's own lists, in the order of the navigation."""
    return [urls.url(kind) for kind in ("home", "claims", "sources", "chronology",
                                        "corrections_log", "claimants", "tags")]


def write_not_found(writer, template, context: dict, settings: dict) -> None:
    """404.html at the output root with absolute links, in production builds only."""
    if absolute_site_url(settings):
        writer.write_file(NOT_FOUND, template, context, relative_urls=False, url=NOT_FOUND,
                          page_url=NOT_FOUND)
