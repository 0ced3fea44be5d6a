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


def _files(folder: str, prefix: str = "") -> dict[str, int]:
    """Relative name -> inode of every file under ``folder``; scandir gives the inode
    without a stat call (12,000 files)."""
    found: dict[str, int] = {}
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                found.update(_files(entry.path, f"{prefix}{entry.name}/"))
            else:
                found[prefix + entry.name] = entry.inode()
    return found


def _same_bytes(one: Path, other: Path) -> bool:
    if one.stat().st_size != other.stat().st_size:
        return False
    return one.read_bytes() == other.read_bytes()


def kind_of(path: str) -> str:
    parts = path.split("/")
    if len(parts) == 1:
        return "file at the root"
    return KINDS.get(parts[0], "other file")


def compare(old: Path, new: Path) -> dict[str, Counter]:
    """{'added'|'changed'|'removed': Counter of kinds}; empty counters when nothing changed."""
    before, after = _files(str(old)), _files(str(new))
    one_disk = old.stat().st_dev == new.stat().st_dev  # else an inode number means nothing
    changed = [path for path in sorted(before.keys() & after.keys())
               if not (one_disk and before[path] == after[path])  # linked by reuse.py
               and not _same_bytes(old / path, new / path)]
    return {"added": Counter(map(kind_of, after.keys() - before.keys())),
            "changed": Counter(map(kind_of, changed)),
            "removed": Counter(map(kind_of, before.keys() - after.keys()))}


def describe(diff: dict[str, Counter]) -> str:
    """'changed 1 claim page, 2 search files; added 1 claim page' or 'no file changed'."""
    said = []
    for what in ("changed", "added", "removed"):
        counts = diff[what]
        if counts:
            items = [f"{n} {kind}{'' if n == 1 else 's'}" for kind, n in sorted(counts.items())]
            said.append(f"{what} {', '.join(items)}")
    return "; ".join(said) or "no file changed"
