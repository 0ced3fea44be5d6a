"""What each generated page shows, assembled from the catalog before any template runs.

Templates stay declarative: they receive ready view objects (a claim with its rating,
rendered analysis and numbered sources; a source with everything that cites it) and never
look anything up themselves. URLs are made in one place, ``url_for``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

import langcodes

from .catalog import Catalog
from .chronology import Entry, claim_context
from .citations import CitedSource
from .schema import Claim, Event, Quote, Rating, Source

SECTION_PATHS = {"claim": "claims", "source": "sources"}


def url_for(kind: str, entry_id: str = "") -> str:
    """Site-relative URL of a page: 'claims/ID/', or 'claims/' for the index."""
    return f"{SECTION_PATHS[kind]}/{entry_id}/" if entry_id else f"{SECTION_PATHS[kind]}/"


def save_as(url: str) -> str:
    """Output file for a directory-style URL."""
    return f"{url}index.html"


@lru_cache(maxsize=None)
def language_name(tag: str) -> str:
    """'de' -> 'German'; the tag itself when the name is not known."""
    try:
        return langcodes.Language.get(tag).display_name()
    except (LookupError, ValueError, ImportError):
        return tag


@dataclass(frozen=True)
class CitedEntry:
    """A numbered entry of a claim page's source list."""

    cited: CitedSource
    source: Source

    @property
    def backlinks(self) -> list[tuple[str, str]]:
        """(anchor, label) for each place the source is cited, in reading order:
        'mention 1, para. 4', 'mention 2' ..."""
        return [(anchor, f"mention {i}" + (f", {loc}" if loc else ""))
                for i, (anchor, loc) in enumerate(zip(self.cited.anchors, self.cited.locators),
                                                  start=1)]


@dataclass(frozen=True)
class ClaimView:
    claim: Claim
    rating: Rating
    said_in: Source
    quotes: list[tuple[Quote, Source]]
    analysis_html: str
    cited: list[CitedEntry]
    context: list[Entry]
    url: str


@dataclass(frozen=True)
class SourceView:
    source: Source
    cites: list[Source]
    cited_by: list[Source]
    translation_of: Optional[Source]
    translations: list[Source]
    claims: list[Claim]
    events: list[Event]
    quote_checked: bool
    url: str

    @property
    def language_name(self) -> str:
        return language_name(self.source.language)


def claim_views(catalog: Catalog, analyses: dict) -> list[ClaimView]:
    """One view per claim, newest first, from the analyses ``check`` rendered."""
    views = []
    for claim in catalog.claims_by_date():
        rendered = analyses[claim.id].rendered
        views.append(ClaimView(
            claim=claim,
            rating=catalog.ratings[claim.rating],
            said_in=catalog.sources[claim.said_in],
            quotes=[(q, catalog.sources[q.source]) for q in claim.quotes],
            analysis_html=rendered.html,
            cited=[CitedEntry(c, catalog.sources[c.source_id]) for c in rendered.sources],
            context=claim_context(claim, catalog),
            url=url_for("claim", claim.id),
        ))
    return views


def source_views(catalog: Catalog, verified: set[str]) -> list[SourceView]:
    """One view per source, in file order, with every reverse reference resolved."""
    views = []
    for source in catalog.sources.values():
        of = source.translation.of if source.translation else None
        views.append(SourceView(
            source=source,
            cites=[catalog.sources[s] for s in source.cites],
            cited_by=catalog.cited_by.get(source.id, []),
            translation_of=catalog.sources.get(of) if of else None,
            translations=catalog.translations_of.get(source.id, []),
            claims=catalog.claims_citing.get(source.id, []),
            events=catalog.events_citing.get(source.id, []),
            quote_checked=source.id in verified,
            url=url_for("source", source.id),
        ))
    return views
