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


def broken_links(output: Path) -> list[str]:
    """Every internal href/src in output/ that does not resolve to a file (and fragment)."""
    pages = {p: soup(p) for p in output.rglob("*.html")}
    problems = []
    for path, document in pages.items():
        for element in document.find_all(["a", "link", "script", "img"]):
            target = element.get("href") or element.get("src")
            if target is None:
                continue
            parts = urlsplit(target)
            if parts.scheme or parts.netloc or target.startswith("mailto:"):
                continue
            if target.startswith("/"):
                problems.append(f"{path.relative_to(output)}: root-absolute link {target}")
                continue
            resolved = _resolve(path, unquote(parts.path))
            if resolved is None or not resolved.is_file():
                problems.append(f"{path.relative_to(output)}: {target} does not exist")
            elif parts.fragment and resolved.suffix == ".html":
                ids = {e.get("id") for e in pages[resolved].find_all(id=True)}
                if parts.fragment not in ids:
                    problems.append(f"{path.relative_to(output)}: #{parts.fragment} not in {target}")
    return problems


def _resolve(page_path: Path, link_path: str) -> Path | None:
    if not link_path:
        return page_path
    target = (page_path.parent / link_path).resolve()
    return target / "index.html" if link_path.endswith("/") or target.is_dir() else target
