"""What each generated page shows, assembled from the catalog before any template runs.

Templates stay declarative: they receive ready view objects (a claim with its rating,
rendered analysis and numbered sources; a source with everything that cites it) and never
look anything up themselves. URLs are made in one place, ``url_for``.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

import langcodes

from ..model.catalog import Catalog
from .chronology import Entry, claim_context
from ..model.citations import CitedSource
from ..model.schema import VERDICT_STYLES, Claim, Event, Quote, Rating, Source
from .taxonomy import claimant_key, claimant_slugs, sort_key

SECTION_PATHS = {"claim": "claims", "source": "sources", "claimant": "claimants", "tag": "tags"}


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


ON_SCALE_STYLES = VERDICT_STYLES[:-1]  # worst to best; the last one is for off-scale verdicts


def verdict_styles(ratings) -> dict[str, str]:
    """Rating id -> the theme's look for it, for a scale of any length and any ids: each
    distinct value is placed by rank from worst (0) to best (1) and takes the nearest of the
    seven on-scale looks, so a scale of up to seven values gets seven different ones (by rank,
    not value: values 1, 2, 3, 100 are four steps). Off-scale ratings look "unrated"; a
    rating's own ``style`` wins over both."""
    values = sorted({r.value for r in ratings if r.value is not None})
    last = max(1, len(values) - 1)
    position = {value: i / last if len(values) > 1 else 0.5 for i, value in enumerate(values)}

    def look(rating: Rating) -> str:
        if rating.style:
            return rating.style
        if rating.value is None:
            return VERDICT_STYLES[-1]
        return ON_SCALE_STYLES[round(position[rating.value] * (len(ON_SCALE_STYLES) - 1))]
    return {rating.id: look(rating) for rating in ratings}


def verdict_class(styles: dict[str, str]):
    """The templates' ``verdict_class(rating)``: a CSS class made here, from a fixed set of
    names, never from the rating's id or other text of claims.yaml."""
    def css_class(rating: Rating) -> str:
        return f"verdict-style-{styles.get(rating.id, VERDICT_STYLES[-1])}"
    return css_class


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
    claimant_url: str = ""

    @property
    def last_update(self) -> Optional[datetime.date]:
        """The day of the latest update (whatever order the log is in), or None."""
        return max((update.date for update in self.claim.updates), default=None)

    @property
    def tag_links(self) -> list[tuple[str, str]]:
        """(tag, URL of its page) for each of the claim's tags."""
        return [(tag, url_for("tag", tag)) for tag in self.claim.tags]


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
    slugs = claimant_slugs(claim.claimant for claim in catalog.claims.values())
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
            claimant_url=url_for("claimant", slugs[claimant_key(claim.claimant)]),
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


@dataclass(frozen=True)
class GroupView:
    """A claimant's or a tag's page: its claims (in the order given) and how they were rated."""

    name: str
    url: str
    claims: list[ClaimView]
    tally: list[tuple[Rating, int]]
    roles: tuple[str, ...] = ()


def ratings_in_order(catalog: Catalog) -> list[Rating]:
    """The scale worst first, then the off-scale verdicts in file order: the tally's order."""
    return catalog.scale + [r for r in catalog.ratings.values() if r.value is None]


def verdict_tally(views: list[ClaimView], ordered: list[Rating]) -> list[tuple[Rating, int]]:
    """(rating, number of claims) for each rating the claims received, in ``ordered``'s order."""
    counts = Counter(view.rating.id for view in views)
    return [(rating, counts[rating.id]) for rating in ordered if counts[rating.id]]


def claimant_views(views: list[ClaimView], ordered: list[Rating]) -> list[GroupView]:
    """One page per claimant name (taxonomy.claimant_key), A to Z; grouped in one pass."""
    grouped: dict[str, list[ClaimView]] = defaultdict(list)
    for view in views:
        grouped[claimant_key(view.claim.claimant)].append(view)
    return [GroupView(name, claims[0].claimant_url, claims, verdict_tally(claims, ordered),
                      _roles(claims))
            for name, claims in sorted(grouped.items(), key=lambda item: sort_key(item[0]))]


def _roles(views: list[ClaimView]) -> tuple[str, ...]:
    """Each role the claims give their claimant, once, newest claim's first (roles change)."""
    return tuple(dict.fromkeys(view.claim.claimant_role for view in views
                               if view.claim.claimant_role))


def tag_views(views: list[ClaimView], ordered: list[Rating]) -> list[GroupView]:
    """One page per tag, A to Z; grouped in one pass."""
    grouped: dict[str, list[ClaimView]] = defaultdict(list)
    for view in views:
        for tag in dict.fromkeys(view.claim.tags):
            grouped[tag].append(view)
    return [GroupView(tag, url_for("tag", tag), claims, verdict_tally(claims, ordered))
            for tag, claims in sorted(grouped.items())]


def latest_fact_checks(views: list[ClaimView]) -> list[ClaimView]:
    """Newest fact-check first, by the day it was first published (as PolitiFact and Full
    Fact list theirs): a later correction does not push an old check above new ones; the
    list shows it as "updated". Same-day checks by claim id, A to Z."""
    by_id = sorted(views, key=lambda view: view.claim.id)
    return sorted(by_id, key=lambda view: view.claim.published, reverse=True)
