"""Rendered analyses kept between checks and builds, keyed by everything they depend on.

Markdown is the larger half of checking 10,000 analyses; an edit changes one of them. A
rendering is a pure function of the text, the render options, the source ids a citation may
name, the image hosts and the rendering code, so a digest of those is its key and a hit is
exactly what rendering again would give (tests/test_incremental.py builds with the cache
against builds without it).

The cache lives in the user's cache folder ($XDG_CACHE_HOME or ~/.cache/factcheck/), never in
the project: a pull request could commit files into the project, and a planted entry would
put HTML past the sanitizer. It is plain JSON, never pickle. CI does not use it.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Optional

import markdown

from .citations import CitedSource, Finding

if TYPE_CHECKING:
    from .markup import Rendered

_CODE = ("markup.py", "citations.py", "markup_limits.py", "page_links.py", "render_cache.py")


def _code_version() -> bytes:
    """The rendering code and the Markdown library: a change to either empties the cache."""
    digest = hashlib.blake2b(markdown.__version__.encode(), digest_size=16)
    for name in _CODE:
        digest.update((Path(__file__).parent / name).read_bytes())
    return digest.digest()


def cache_folder() -> Optional[Path]:
    if os.environ.get("CI"):
        return None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "factcheck" / "rendered"


class RenderCache:
    """One folder of renderings; ``context`` is what every rendering of a site shares."""

    def __init__(self, folder: Path, known_sources: Iterable[str], image_hosts: Iterable[str]):
        self.folder = folder
        shared = hashlib.blake2b(_code_version(), digest_size=20)
        shared.update("\0".join(sorted(known_sources)).encode() + b"\1")
        shared.update("\0".join(sorted(image_hosts)).encode())
        self.shared = shared.digest()

    def key(self, text: str, *options: object) -> str:
        digest = hashlib.blake2b(self.shared, digest_size=20)
        digest.update(repr(options).encode() + b"\0" + text.encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def load(self, key: str) -> Optional["Rendered"]:
        from .markup import Rendered

        try:
            data = json.loads(self._path(key).read_text(encoding="utf-8"))
            return Rendered(str(data["html"]),
                            [CitedSource(*entry) for entry in data["sources"]],
                            [_finding(entry) for entry in data["citation_findings"]],
                            [_finding(entry) for entry in data["link_findings"]])
        except (OSError, ValueError, KeyError, TypeError):
            return None  # missing or unreadable: rendered again

    def save(self, key: str, rendered: "Rendered") -> None:
        path = self._path(key)
        data = {"html": rendered.html,
                "sources": [[s.number, s.source_id, s.anchors, s.locators]
                            for s in rendered.sources],
                "citation_findings": [asdict(f) for f in rendered.citation_findings],
                "link_findings": [asdict(f) for f in rendered.link_findings]}
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
            os.replace(temporary, path)
        except OSError:
            pass  # a cache that cannot be written only costs time


def _finding(entry: dict) -> Finding:
    at = entry.get("at")
    return Finding(str(entry["written"]), str(entry["message"]), str(entry["severity"]),
                   (int(at[0]), int(at[1])) if at else None)
