"""sitemap.xml, robots.txt and 404.html (issue 11): production builds only.

Real builds of a fixture site. In production (absolute SITEURL under a subpath) the sitemap
parses, lists every claim, source, list and content page (never the search page) under the
subpath, dates claims from their data only; robots.txt names it; the 404 page, opened in
Chromium from the subpath, has only absolute links under SITEURL and loads every resource.
A local build has none of the three. About 5 s (two builds, one page load).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import build
from browser import open_page, serve
from conftest import production_settings, write_site

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
SUBPATH = "/sub"


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    """(SITEURL, output folder): the fixture site built for a server that serves it at /sub."""
    tmp = tmp_path_factory.mktemp("sitemap")
    (tmp / "www").mkdir()
    with serve(tmp / "www") as address:
        site_url = address + SUBPATH
        root = write_site(tmp / "site", extra={
            "publishconf.py": production_settings(site_url)})
        output = tmp / "www" / SUBPATH.strip("/")
        assert build.main(["build", "--root", str(root), "-s", "publishconf.py",
                           "-o", str(output)]) == 0
        yield site_url, output


def sitemap_entries(output: Path) -> dict[str, str | None]:
    """loc -> lastmod (None when absent) of the built sitemap."""
    tree = ET.parse(output / "sitemap.xml")
    return {url.findtext("s:loc", namespaces=NS): url.findtext("s:lastmod", namespaces=NS)
            for url in tree.getroot().findall("s:url", NS)}


def test_sitemap_lists_every_page_absolute_under_the_subpath(production):
    site_url, output = production
    entries = sitemap_entries(output)
    expected = {f"{site_url}/{path}" for path in (
        "", "claims/", "claims/sky-is-green/", "sources/", "sources/report-a/",
        "sources/report-b/", "chronology/", "corrections/log/", "about/", "methodology/",
        "corrections/", "claimants/", "claimants/sam-speaker/", "tags/", "tags/sky/")}
    assert set(entries) == expected
    assert not any("search" in loc for loc in entries)
    for loc in entries:  # every listed page exists in the build
        assert (output / loc.removeprefix(site_url + "/") / "index.html").is_file(), loc


def test_lastmod_only_from_the_data(production):
    site_url, output = production
    entries = sitemap_entries(output)
    assert entries[f"{site_url}/claims/sky-is-green/"] == "2026-11-25"  # its latest update
    assert [loc for loc, day in entries.items() if day] == [f"{site_url}/claims/sky-is-green/"]


def test_robots_names_the_sitemap(production):
    site_url, output = production
    robots = (output / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {site_url}/sitemap.xml" in robots.splitlines()


def test_local_build_has_no_sitemap_robots_or_404(tmp_path):
    root = write_site(tmp_path / "site")
    assert build.main(["build", "--root", str(root)]) == 0
    for name in ("sitemap.xml", "robots.txt", "404.html"):
        assert not (root / "output" / name).exists(), name


def test_404_page_links_are_absolute_and_load(production, browser):
    site_url, output = production
    failed, loaded = [], []
    with open_page(browser) as page:
        page.on("requestfailed", lambda request: failed.append(request.url))
        page.on("response", lambda r: loaded.append(r.url) if r.status >= 400 else None)
        page.goto(f"{site_url}/404.html", wait_until="load")
        urls = page.eval_on_selector_all(
            "a[href], link[href], script[src], form[action]",
            "els => els.map(e => e.getAttribute('href') || e.getAttribute('src')"
            " || e.getAttribute('action'))")
        assert page.locator("nav a").count() >= 3 and page.locator("#site-search").count() == 1
        assert page.errors == []
    assert failed == [] and loaded == []
    links = [u for u in urls if not u.startswith("#")]
    assert links and all(u.startswith(site_url + "/") for u in links), links
    assert any(u.endswith("/theme/css/site.css") for u in links)
    assert any(u.endswith("/theme/js/search.js") for u in links)
