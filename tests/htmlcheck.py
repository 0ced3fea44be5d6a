"""Helpers for asserting on built HTML: parse once, walk links."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def page(output: Path, url: str) -> BeautifulSoup:
    """The parsed page at a site-relative directory URL such as 'claims/x/'."""
    return soup(output / url / "index.html")


def jsonld(document: BeautifulSoup) -> list[dict]:
    return [json.loads(s.string) for s in document.find_all("script", type="application/ld+json")]


def claim_reviews(document: BeautifulSoup) -> list[dict]:
    """The page's ClaimReview data (every page also carries the publisher's Organization)."""
    return [data for data in jsonld(document) if data.get("@type") == "ClaimReview"]


def broken_links(output: Path, site_url: str = "", directories: bool = True) -> list[str]:
    """Every internal href/src in output/ that does not resolve to a file (and fragment).

    Internal means relative, or starting with ``site_url`` (absolute builds). With
    ``directories=False`` (a site opened from disk) a link to a folder is broken too, since
    a browser shows the folder's listing rather than its index.html."""
    pages = {p: soup(p) for p in output.rglob("*.html")}
    problems = []
    for path, document in pages.items():
        for element in document.find_all(["a", "link", "script", "img", "form"]):
            target = element.get("href") or element.get("src") or element.get("action")
            if target is None:
                continue
            where = f"{path.relative_to(output)}: {target}"
            if site_url and target.startswith(site_url + "/"):
                target, base = target[len(site_url) + 1:], output / "index.html"
            elif urlsplit(target).scheme or target.startswith(("//", "mailto:")):
                continue
            elif target.startswith("/"):
                problems.append(f"{where}: root-absolute link")
                continue
            else:
                base = path
            parts = urlsplit(target)
            resolved = _resolve(base, unquote(parts.path))
            if not directories and parts.path.endswith("/"):
                problems.append(f"{where}: names a folder, which does not open from disk")
            elif resolved is None or not resolved.is_file():
                problems.append(f"{where}: does not exist")
            elif parts.fragment and resolved.suffix == ".html":
                ids = {e.get("id") for e in pages[resolved].find_all(id=True)}
                if parts.fragment not in ids:
                    problems.append(f"{where}: no #{parts.fragment} there")
    return problems


def _resolve(page_path: Path, link_path: str) -> Path | None:
    if not link_path:
        return page_path
    target = (page_path.parent / link_path).resolve()
    return target / "index.html" if link_path.endswith("/") or target.is_dir() else target
