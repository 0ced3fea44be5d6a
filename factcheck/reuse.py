"""A rebuild after analyses were edited renders only their claim pages and the search index.

An analysis reaches the output in three ways: its rendering on its claim page (text and
numbered source list), the sources it cites (every source page lists the claims citing it,
the open data lists each claim's sources), and its words in the search index. So when a
build's inputs differ from the last build's only in the text of analyses (build_state's
``shared`` digest: every input file, name and byte, but the analyses' bytes), and no
analysis cites other sources than before, every file but those claim pages and the search
index is what the last build wrote. Those are rendered; every other file is hard-linked
from the last output/ into the new build's folder (no copy, no extra disk), which is then
swapped in as usual, so a failed build still leaves output/ as it was.

This holds because no template but the claim page can reach an analysis: the views every
page gets hold only each claim's cited source ids, and the claim page alone is given the
rendered analysis (``analysis``, render/views.py's AnalysisView), so a site's overridden
templates cannot make another page depend on an analysis's text either. Only when output/
is exactly what the last build left (its listing's digest, checked again after linking),
never in CI; tests/test_incremental.py checks the result against a clean build after
each kind of edit.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Optional

from . import build_state
from .model.analyses import Analysis

SEARCH_FOLDER = "search"  # where search/index.py writes the index, anew in every build
INDEX_PARTS = ("t", "d")  # its shards and results parts, named by their content's hash


def rendering_digests(analyses: Mapping[str, Analysis]) -> tuple[dict[str, str], str]:
    """(claim id -> digest of its rendered analysis, one digest of every analysis's cited
    sources in order): what the claim pages and what the other pages take from them."""
    each, cites = {}, hashlib.blake2b(digest_size=20)
    for claim_id in sorted(analyses):
        rendered = analyses[claim_id].rendered
        digest = hashlib.blake2b(rendered.html.encode("utf-8", "surrogatepass"),
                                 digest_size=16)
        digest.update(repr(rendered.sources).encode("utf-8", "surrogatepass"))
        each[claim_id] = digest.hexdigest()
        cites.update(repr((claim_id, analyses[claim_id].cites)).encode(
            "utf-8", "surrogatepass"))
    return each, cites.hexdigest()


@dataclass(frozen=True)
class Reuse:
    """What a build may take from the last one: every file of output/ (whose listing's
    digest is ``output``) but these claims' pages and the search index."""

    claims: frozenset[str]
    output: str


class OutputChanged(Exception):
    """output/ is no longer what the last build left (another build finished meanwhile)."""


def changed_claims(last: Optional[build_state.BuildState], inputs: build_state.Inputs,
                   analyses_folder: Path, renderings: dict[str, str], cites: str,
                   output: Path) -> Optional[Reuse]:
    """The claims whose page must be rendered again, when only analyses' text changed and
    output/ is the last build's; None when the build must render everything."""
    if (os.environ.get("CI") or last is None or not last.shared
            or last.shared != inputs.shared or last.cites != cites
            or os.path.realpath(analyses_folder) != inputs.analyses
            or last.analyses.keys() != renderings.keys()
            or last.output != build_state.output_digest(output)):
        return None
    return Reuse(frozenset(claim_id for claim_id, digest in renderings.items()
                           if last.analyses[claim_id] != digest), last.output)


def link_unchanged(old: Path, new: Path, reuse: Reuse) -> int:
    """Hard-link into ``new`` every file of ``old`` that the build did not write, but the
    last search index's parts (a page a site keeps under search/ is linked like any
    other); returns how many. Where a link cannot be made, the file is copied. If
    ``old`` is not the output ``reuse`` was decided on any more (a build that ran beside
    this one replaced it), OutputChanged: this build's folder is then not used."""
    linked = _link_folder(str(old), str(new))
    if build_state.output_digest(old) != reuse.output:
        raise OutputChanged(f"{old.name}/ was replaced while this build ran (another build?); "
                            "expected it unchanged: build again")
    return linked


def _link_folder(old: str, new: str, relative: tuple[str, ...] = ()) -> int:
    linked = 0
    with os.scandir(old) as entries:
        for entry in entries:
            target = os.path.join(new, entry.name)
            if entry.is_dir(follow_symlinks=False):
                os.makedirs(target, exist_ok=True)
                linked += _link_folder(entry.path, target, relative + (entry.name,))
            elif not os.path.lexists(target) and not _index_part(relative, entry.name):
                try:
                    os.link(entry.path, target, follow_symlinks=False)
                except OSError:
                    shutil.copy2(entry.path, target, follow_symlinks=False)
                linked += 1
    return linked


def _index_part(folders: tuple[str, ...], name: str) -> bool:
    """search/t/3-1a2b3c4d5e.js and the like: the last index's, replaced by this one's."""
    return (len(folders) == 2 and folders[0] == SEARCH_FOLDER and folders[1] in INDEX_PARTS
            and name.endswith(".js"))
