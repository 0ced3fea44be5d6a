"""Run every check over a project and return the checked model, or all the problems.

This is the single entry point shared by ``build.py check``, ``build.py build`` and the
Pelican plugin: load once, collect every problem in one pass, and only hand out a model
when there are no errors, so nothing is ever rendered from bad input.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from .analyses import Analysis, check_event_texts, read_analyses
from .catalog import Catalog
from .editorial import check_editorial
from .inputs import read_text
from .markup import MarkupRenderer
from .pages import DEFAULT_TEMPLATES, check_pages
from .placeholders import PLACEHOLDER
from .problems import Problems
from .quotes import check_quotes
from .render_cache import RenderCache, cache_folder
from .references import check_references, collect_ids
from .validate import validate
from .yaml_cache import load_yaml_cached

CLAIM_REVIEWED_LIMIT = 75  # Google's ClaimReview guidance: keep claimReviewed shorter


@dataclass(frozen=True)
class Project:
    """Where a site's inputs are, relative to its root; paths in messages use these."""

    root: Path
    data: str = "claims.yaml"
    analyses: str = "content/claims"
    pages: str = "content/pages"
    image_hosts: tuple[str, ...] = ()  # other sites Markdown images may load from
    page_templates: tuple[str, ...] = DEFAULT_TEMPLATES  # templates a page may choose


@dataclass
class CheckResult:
    problems: Problems
    catalog: Optional[Catalog] = None
    analyses: dict[str, Analysis] = field(default_factory=dict)
    event_html: dict[str, str] = field(default_factory=dict)
    verified_sources: set[str] = field(default_factory=set)

    @property
    def ok(self) -> bool:
        return not self.problems.errors

    def summary(self) -> str:
        """One closing line for the terminal."""
        errors = len(self.problems.errors)
        warnings = len(self.problems) - errors
        if not self.ok:
            return f"check: {errors} error(s), {warnings} warning(s); nothing written"
        counts = ", ".join(f"{len(getattr(self.catalog, name))} {name}"
                           for name in ("claims", "sources", "events"))
        return f"check: ok ({counts}; {warnings} warning(s))"


def warn_placeholders(loaded, problems: Problems) -> None:
    """Values left as "TODO..." by `build.py new` are reported until they are replaced (in
    analyses, by analyses.check_analysis)."""
    def walk(value, path):
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, path + (key,))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                walk(item, path + (i,))
        elif isinstance(value, str) and value.startswith(PLACEHOLDER):
            problems.warning(loaded.position(path), f"placeholder left to fill in: '{value}'")

    walk(loaded.data, ())


def check_project(project: Project, problems: Optional[Problems] = None) -> CheckResult:
    """Check claims.yaml and the analyses; ``catalog`` is set only when there is no error.
    ``problems`` may already hold the settings' problems: all are reported together."""
    problems = Problems() if problems is None else problems
    text = read_text(project.root, project.data, project.data, problems)
    if text is None:
        return CheckResult(problems)
    before = len(problems.errors)
    loaded = load_yaml_cached(project.root, project.data, text, problems)
    if len(problems.errors) > before:  # a syntax error: checking further would only mislead
        return CheckResult(problems)
    entries = validate(loaded, problems)
    if not isinstance(loaded.data, dict):
        return CheckResult(problems)
    ids = collect_ids(loaded, problems)
    check_references(loaded, ids, problems)
    verified = check_quotes(project.root, loaded, problems)
    folder = cache_folder()
    renderer = MarkupRenderer(ids["sources"], project.image_hosts, RenderCache(
        folder, ids["sources"], project.image_hosts) if folder else None)
    analyses = read_analyses(project.root, project.analyses, loaded, renderer, problems)
    event_html = check_event_texts(loaded, renderer, problems)
    check_pages(project.root, project.pages, renderer, project.page_templates, problems)
    warn_placeholders(loaded, problems)
    check_editorial(loaded, problems)
    for index, claim in entries["claims"]:
        text = getattr(claim, "claim", "")
        if len(text) >= CLAIM_REVIEWED_LIMIT:
            problems.warning(loaded.position(("claims", index, "claim")),
                             f"claim is {len(text)} characters; expected under "
                             f"{CLAIM_REVIEWED_LIMIT} for search engines' ClaimReview")
    result = CheckResult(problems, analyses=analyses, event_html=event_html,
                         verified_sources=verified)
    if result.ok:
        def valid(name: str) -> tuple[Any, ...]:  # the entries of one section, checked
            return tuple(entry for _, entry in entries[name])
        result.catalog = Catalog.build(
            valid("ratings"), valid("sources"), valid("claims"), valid("events"),
            {claim_id: a.cites for claim_id, a in analyses.items()})
    return result

