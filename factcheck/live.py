"""Rebuilds in a second while `make serve` runs: the serve process keeps what it knew.

`factcheck build` is a new process each time: start-up, the inputs' digests, the whole check
and Pelican's set-up come before the first page is rendered (about 4.5 s at 10,000 claims).
A serve process builds in itself instead and keeps, from its last full build, the generator
(its context, views, templates and search index) and the check. When the inputs then differ
only in analyses' text (reuse.py's rule: build_state's shared digest, output/ as that build
left it) and every edited analysis checks clean, as it did before, and cites the sources it
cited, only those analyses are read, rendered and checked, their claim pages rendered and
the search index rewritten from the edited documents (search/index.py's
rewrite_search_files); the new files are moved into output/ where they stand
(in_place.py). Anything else (a YAML or template edit, an analysis with a problem,
output/ replaced by another build) is a full build, whose generator is then kept in turn.
tests/test_live.py holds the result to a clean build after each kind of edit.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Optional

from . import build_state
from .checked_site import CheckedSite
from .model.analyses import Analysis, read_analysis
from .model.markup import MarkupRenderer
from .model.problems import Problems
from .model.render_cache import RenderCache, cache_folder
from .render.generator import FactCheckGenerator
from .reuse import rendering_digests

# More analyses edited at once than this (a search and replace) are checked and rendered
# on both cores by a full build, sooner than one by one here.
MOST_EDITED = 50


@dataclass
class LiveSite:
    """What a serve process keeps between builds: the last full build's generator and
    check, and the digests of what the output it last swapped in was built from."""

    generator: FactCheckGenerator
    checked: CheckedSite
    report: str  # the check's warnings and summary, the same after an edit made here
    inputs: build_state.Inputs
    output: str  # output/'s listing digest after that build
    renderings: dict[str, str]  # claim id -> digest of its rendered analysis (reuse.py)
    cites: str
    renderer: Optional[MarkupRenderer] = field(default=None, repr=False)

    def edited(self, inputs: build_state.Inputs, output_listing: str) -> Optional[list[str]]:
        """The claims whose analysis text changed, when nothing else did and output/ is the
        one this process left; None when a full build is needed."""
        if (os.environ.get("CI") or inputs.shared != self.inputs.shared
                or inputs.analyses != self.inputs.analyses or output_listing != self.output
                or inputs.texts.keys() != self.inputs.texts.keys()):
            return None
        names = [name for name, digest in inputs.texts.items()
                 if self.inputs.texts[name] != digest]
        if len(names) > MOST_EDITED:
            return None
        claims = self.checked.result.analyses
        ids = [name[:-len(".md")] for name in names]
        return ids if all(claim_id in claims for claim_id in ids) else None

    def check_edited(self, claim_ids: list[str]) -> Optional[dict[str, Analysis]]:
        """The edited analyses, read, rendered and checked as the full check would; None if
        any has a problem or had one, or cites other sources than before (source pages
        list the claims citing them): the full build then reports or renders it."""
        project, result = self.checked.project, self.checked.result
        with_problems = {problem.position.path for problem in result.problems}
        found: dict[str, Analysis] = {}
        for claim_id in claim_ids:
            old = result.analyses[claim_id]
            problems = Problems()
            analysis = read_analysis(project.root, project.analyses, claim_id,
                                     self._renderer(), problems)
            if (analysis is None or problems.items or old.path in with_problems
                    or analysis.cites != old.cites):
                return None
            found[claim_id] = analysis
        return found

    def record(self, inputs: build_state.Inputs, output: str,
               analyses: dict[str, Analysis]) -> build_state.BuildState:
        """Take in an edit built here (``output``: output/'s listing digest after it); the
        build state to save, as a full build of the same inputs would."""
        self.renderings = {**self.renderings, **rendering_digests(analyses)[0]}
        self.inputs, self.output = inputs, output
        return build_state.BuildState(inputs.digest, output, self.report, inputs.shared,
                                      self.cites, self.renderings)

    def _renderer(self) -> MarkupRenderer:
        """One renderer for every edit, as the check makes it (its known source ids and
        image hosts, the same rendering cache)."""
        if self.renderer is None:
            project, catalog = self.checked.project, self.checked.result.catalog
            sources = set(catalog.sources) if catalog is not None else set()
            folder = cache_folder()
            self.renderer = MarkupRenderer(sources, project.image_hosts, RenderCache(
                folder, sources, project.image_hosts) if folder else None)
        return self.renderer
