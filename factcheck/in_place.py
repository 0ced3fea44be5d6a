"""Put a few rebuilt files into output/ where they stand, for a serve process's rebuild.

A full build renders into a new folder and swaps it in whole. After one analysis edit a
serve process (live.py) renders one page and the search index, and linking the 12,000 other
files into a new folder costs more than the rendering (about 1.3 s at 10,000 claims, most
of it creating folders). So the rebuilt files, rendered into a folder beside output/, are
moved into output/ one by one with os.replace: a reader sees a page's old file or its new
one, never half of one. The search index's parts are named by their content, so the new
ones go in beside the old ones first, then the manifest naming them, then the pages; the
old parts no manifest names any more are removed last. A browser mid-search thus finds
either index whole. If a move fails half way, output/ no longer matches the build state,
so the next build is a full one.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .build_state import Listing
from .output_diff import kind_of

INDEX_PARTS = ("search/t/", "search/d/")  # named by their content (search/shards.py)
MANIFEST = "search/index.js"


@dataclass(frozen=True)
class Moved:
    """The files (names relative to output/) a move added, replaced and removed."""

    added: list[str]
    changed: list[str]
    removed: list[str]

    def diff(self) -> dict[str, Counter]:
        """What changed, in output_diff.compare's form."""
        return {what: Counter(map(kind_of, getattr(self, what)))
                for what in ("added", "changed", "removed")}

    def listing(self, output: Path, before: Listing) -> Listing:
        """output/'s listing after the move, from the one before it."""
        after = dict(before)
        for name in self.removed:
            after.pop(name, None)
        for name in self.added + self.changed:
            info = os.lstat(output / name)
            after[name] = (info.st_size, info.st_mtime_ns)
        return after


def update_in_place(staging: Path, output: Path) -> Moved:
    """Move every file of ``staging`` that differs from output/'s into output/, then remove
    the index parts the new manifest does not name."""
    moved: dict[str, list[str]] = {"added": [], "changed": []}
    files = sorted(_files(str(staging)), key=_order)
    for name in files:
        new, old = staging / name, output / name
        state = _differs(new, old)
        if state is None:
            continue
        old.parent.mkdir(parents=True, exist_ok=True)
        os.replace(new, old)
        moved[state].append(name)
    kept = set(files)
    removed = [name for folder in INDEX_PARTS if (output / folder).is_dir()
               for name in _files(str(output / folder), folder) if name not in kept]
    for name in removed:
        os.unlink(output / name)
    return Moved(moved["added"], moved["changed"], removed)


def _order(name: str) -> tuple[int, str]:
    """Index parts first, then the manifest, then everything else."""
    return (0 if name.startswith(INDEX_PARTS) else 1 if name == MANIFEST else 2, name)


def _differs(new: Path, old: Path) -> str | None:
    """"added", "changed", or None when ``old`` is the same file (a link) or the same
    bytes."""
    try:
        before = os.lstat(old)
    except FileNotFoundError:
        return "added"
    after = os.lstat(new)
    if (before.st_ino, before.st_dev) == (after.st_ino, after.st_dev):
        return None
    if before.st_size == after.st_size and old.read_bytes() == new.read_bytes():
        return None
    return "changed"


def _files(folder: str, prefix: str = "") -> list[str]:
    found = []
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                found += _files(entry.path, f"{prefix}{entry.name}/")
            else:
                found.append(prefix + entry.name)
    return found
