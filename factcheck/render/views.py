"""What each generated page shows, assembled from the catalog before any template runs.

Templates stay declarative: they receive ready view objects (a claim with its rating,
rendered analysis and numbered sources; a source with everything that cites it) and never
look anything up themselves. URLs come from the site's URL settings (``Urls``) only.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import Mapping, Optional

import langcodes

from ..model.analyses import Analysis
from ..model.catalog import Catalog
from .chronology import Entry, claim_context
from ..model.citations import CitedSource
from ..model.schema import VERDICT_STYLES, Claim, Event, Quote, Rating, Source
from ..settings import Urls
from .taxonomy import claimant_key, claimant_slugs, sort_key

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
class AnalysisView:
    """A claim's analysis as its page shows it: the rendered text and the numbered source
    list. Only the claim page is given one (as ``analysis``); no list or other page can
    reach an analysis's text, so editing one changes that page alone (reuse.py)."""

    html: str
    cited: list[CitedEntry]


def analysis_view(analysis: Analysis, catalog: Catalog) -> AnalysisView:
    rendered = analysis.rendered
    return AnalysisView(rendered.html, [CitedEntry(c, catalog.sources[c.source_id])
                                        for c in rendered.sources])


@dataclass(frozen=True)
class ClaimView:
    claim: Claim
    rating: Rating
    said_in: Source
    quotes: list[tuple[Quote, Source, Optional[Source]]]  # and the original it translates
    cites: tuple[str, ...]  # the sources its analysis cites, in order of first citation
    context: list[Entry]
    url: str
    claimant_url: str = ""
    claimant_slug: str = ""
    share_image: str = ""  # the share card's path in the site (production builds draw it)
    tag_links: tuple[tuple[str, str], ...] = ()  # (tag, URL of its page) for each tag

    @property
    def last_update(self) -> Optional[datetime.date]:
        """The day of the latest update (whatever order the log is in), or None."""
        return max((update.date for update in self.claim.updates), default=None)


@dataclass(frozen=True)
class SourceView:
    source: Source
    cites: list[Source]
    cited_by: list[Source]
    translation_of: Optional[Source]
    translations: list[Source]
    claims: tuple[tuple[Claim, Rating], ...]  # the claims citing it, with their verdicts
    events: list[Event]
    quote_checked: bool
    url: str
    republishes: Optional[Source] = None  # the original this report copies word for word
    republished_by: tuple[Source, ...] = ()  # the copies of this report, grouped on its page

    @property
    def language_name(self) -> str:
        return language_name(self.source.language)

    @property
    def published_datetime(self) -> str:
        """The machine value of the publication day and time, '2021-04-07T20:28+04:00' ('Z'
        stays 'Z'), for ``<time datetime>``; '' without a time."""
        source = self.source
        if not (source.published_time and source.published):
            return ""
        return f"{source.published.iso}T{source.published_time}"

    @property
    def published_time_human(self) -> str:
        """'20:28 (UTC+04:00)', '09:00 (UTC)': the time as the report gives it, with its
        offset, never converted (that would change the day it was published on)."""
        time = self.source.published_time or ""
        clock, offset = time[:5], time[5:]
        return f"{clock} (UTC{'' if offset == 'Z' else offset})" if time else ""


def claim_views(catalog: Catalog, analyses: Mapping[str, Analysis], urls: Urls,
                entry_urls: Mapping[str, str] = MappingProxyType({})) -> list[ClaimView]:
    """One view per claim, newest first, from the analyses ``check`` rendered; ``entry_urls``
    (by anchor) says which chronology page each entry of its "In context" list is on."""
    slugs = claimant_slugs(claim.claimant for claim in catalog.claims.values())
    views = []
    for claim in catalog.claims_by_date():
        slug = slugs[claimant_key(claim.claimant)]
        views.append(ClaimView(
            claim=claim,
            rating=catalog.ratings[claim.rating],
            said_in=catalog.sources[claim.said_in],
            quotes=[_quote_view(q, catalog) for q in claim.quotes],
            cites=tuple(analyses[claim.id].cites),
            context=claim_context(claim, catalog, entry_urls),
            url=urls.url("claim", claim.id),
            claimant_url=urls.url("claimant", slug),
            claimant_slug=slug,
            share_image=share_image_path(urls.save_as("claim", claim.id)),
            tag_links=tuple((tag, urls.url("tag", tag)) for tag in claim.tags),
        ))
    return views


def _quote_view(quote: Quote, catalog: Catalog) -> tuple[Quote, Source, Optional[Source]]:
    """A quote, its source and, for a translation, the original when it is known."""
    source = catalog.sources[quote.source]
    of = source.translation.of if source.translation else None
    return quote, source, catalog.sources.get(of) if of else None


def share_image_path(save_as: str) -> str:
    """The card beside its page: 'claims/x/index.html' -> 'claims/x/share.png';
    'claims/x.html' -> 'claims/x.png'."""
    folder, _, name = save_as.rpartition("/")
    stem = "share" if name == "index.html" else name[:-len(".html")]
    return f"{folder}/{stem}.png" if folder else f"{stem}.png"


def source_views(catalog: Catalog, verified: set[str], urls: Urls) -> list[SourceView]:
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
            claims=tuple((claim, catalog.ratings[claim.rating])
                         for claim in catalog.claims_citing.get(source.id, [])),
            events=catalog.events_citing.get(source.id, []),
            quote_checked=source.id in verified,
            url=urls.url("source", source.id),
            republishes=catalog.sources.get(source.republishes) if source.republishes else None,
            republished_by=tuple(catalog.republished_by.get(source.id, ())),
        ))
    return views


@dataclass(frozen=True)
class GroupView:
    """A claimant's or a tag's page: its claims (in the order given) and how they were rated."""

    name: str
    slug: str
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
    return [GroupView(name, claims[0].claimant_slug, claims[0].claimant_url, claims,
                      verdict_tally(claims, ordered), _roles(claims))
            for name, claims in sorted(grouped.items(), key=lambda item: sort_key(item[0]))]


def _roles(views: list[ClaimView]) -> tuple[str, ...]:
    """Each role the claims give their claimant, once, newest claim's first (roles change)."""
    return tuple(dict.fromkeys(view.claim.claimant_role for view in views
                               if view.claim.claimant_role))


def tag_views(views: list[ClaimView], ordered: list[Rating], urls: Urls) -> list[GroupView]:
    """One page per tag, A to Z; grouped in one pass."""
    grouped: dict[str, list[ClaimView]] = defaultdict(list)
    for view in views:
        for tag in dict.fromkeys(view.claim.tags):
            grouped[tag].append(view)
    return [GroupView(tag, tag, urls.url("tag", tag), claims, verdict_tally(claims, ordered))
            for tag, claims in sorted(grouped.items())]


def latest_fact_checks(views: list[ClaimView]) -> list[ClaimView]:
    """Newest fact-check first, by the day it was first published (as PolitiFact and Full
    Fact list theirs): a later correction does not push an old check above new ones; the
    list shows it as "updated". Same-day checks by claim id, A to Z."""
    by_id = sorted(views, key=lambda view: view.claim.id)
    return sorted(by_id, key=lambda view: view.claim.published, reverse=True)
