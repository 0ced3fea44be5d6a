"""What a build changed in output/, in a contributor's words: "changed 1 claim page, the
claims list and 3 search files".

Compared file by file (one inode, or size first, then bytes) between the new build and the
output/ it replaces, before the old one is discarded; grouped by the kind of page a path
belongs to.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

# First path part -> what a reader would call those files (one file: the list page).
KINDS = {"claims": "claim page", "sources": "source page", "claimants": "claimant page",
         "tags": "tag page", "chronology": "chronology file", "search": "search file",
         "data": "open data file", "feeds": "feed", "theme": "theme file"}


def _files(folder: Path) -> set[str]:
    found = set()
    for dirpath, _, filenames in os.walk(folder):
        for name in filenames:
            found.add(os.path.relpath(os.path.join(dirpath, name), folder))
    return found


def _same(one: Path, other: Path) -> bool:
    """One file (hard-linked by reuse.py), or the same size and bytes."""
    first, second = one.stat(), other.stat()
    if (first.st_ino, first.st_dev) == (second.st_ino, second.st_dev):
        return True
    if first.st_size != second.st_size:
        return False
    return one.read_bytes() == other.read_bytes()


def kind_of(path: str) -> str:
    parts = path.split(os.sep)
    if len(parts) == 1:
        return "file at the root"
    return KINDS.get(parts[0], "other file")


def compare(old: Path, new: Path) -> dict[str, Counter]:
    """{'added'|'changed'|'removed': Counter of kinds}; empty counters when nothing changed."""
    before, after = _files(old), _files(new)
    changed = [path for path in sorted(before & after) if not _same(old / path, new / path)]
    return {"added": Counter(map(kind_of, after - before)),
            "changed": Counter(map(kind_of, changed)),
            "removed": Counter(map(kind_of, before - after))}


def describe(diff: dict[str, Counter]) -> str:
    """'changed 1 claim page, 2 search files; added 1 claim page' or 'no file changed'."""
    said = []
    for what in ("changed", "added", "removed"):
        counts = diff[what]
        if counts:
            items = [f"{n} {kind}{'' if n == 1 else 's'}" for kind, n in sorted(counts.items())]
            said.append(f"{what} {', '.join(items)}")
    return "; ".join(said) or "no file changed"
