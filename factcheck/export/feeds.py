"""Atom feeds of fact-checks and of corrections, and the site-wide corrections log.

Atom needs absolute IRIs for entry ids and links, so the feeds (and the ``<link
rel="alternate">`` tags that announce them) exist only when SITEURL is an absolute http(s)
URL, as in production (publishconf.py). A local build has relative links and no feeds.

Feeds are written by feedgenerator (a Pelican dependency), never by string templates, so
every value is XML-escaped; summaries are declared ``type="html"`` and are HTML-escaped
first, so a claim's text is always shown as text. Every date comes from the data, never
from the clock: two builds of the same input give the same bytes.
"""

from __future__ import annotations

import datetime
import html
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from feedgenerator import Atom1Feed

from ..model.catalog import Catalog
from ..render.jsonld import absolute
from ..model.publisher import publisher_from_settings
from ..model.schema import Claim, Update
from ..render.views import ClaimView

FEEDS_DIR = "feeds/"
FACT_CHECKS_FEED = FEEDS_DIR + "fact-checks.atom.xml"
CORRECTIONS_FEED = FEEDS_DIR + "corrections.atom.xml"
UPDATES_ANCHOR = "updates-heading"  # the update log's heading on a claim page (claim.html)


@dataclass(frozen=True)
class Correction:
    """One item of one claim's update log; ``number`` counts from 1, oldest first."""

    view: ClaimView
    update: Update
    number: int

    @property
    def anchor(self) -> str:
        return f"{self.view.claim.id}-update-{self.number}"


def corrections(views: list[ClaimView]) -> list[Correction]:
    """Every update of every claim, newest first; same-day updates by claim id, then the
    later update of a claim first, so the order never depends on input order."""
    items = sorted((Correction(view, update, number) for view in views
                    for number, update in enumerate(view.claim.updates, start=1)),
                   key=lambda c: (c.view.claim.id, -c.number))
    return sorted(items, key=lambda c: c.update.date, reverse=True)  # stable: ties keep order


def last_changed(claim: Claim) -> datetime.date:
    """The day a fact-check last changed: its latest update, or its publication."""
    return max([claim.published, *(update.date for update in claim.updates)])


def by_last_change(views: list[ClaimView]) -> list[ClaimView]:
    """Most recently changed fact-check first; ties by publication day, then by id A to Z."""
    by_id = sorted(views, key=lambda view: view.claim.id)
    return sorted(by_id, key=lambda v: (last_changed(v.claim), v.claim.published), reverse=True)


def feeds_enabled(settings: dict, catalog: Catalog) -> bool:
    """Feeds need an absolute SITEURL (Atom ids and links are absolute) and a claim (a feed's
    ``updated`` must come from the data, not the build time)."""
    return absolute_site_url(settings) and bool(catalog.claims)


def absolute_site_url(settings: dict) -> bool:
    """A production build: SITEURL is an absolute http(s) URL (local builds leave it empty
    and link relatively), so files that need absolute addresses can be written."""
    parts = urlsplit(settings.get("SITEURL") or "")
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def feed_links(settings: dict, catalog: Catalog) -> list[dict[str, str]]:
    """What base.html announces in every page's head; empty when there are no feeds."""
    if not feeds_enabled(settings, catalog):
        return []
    site_url = settings["SITEURL"]
    return [{"kind": "fact-checks", "title": "Fact-checks",
             "href": absolute(site_url, FACT_CHECKS_FEED)},
            {"kind": "corrections", "title": "Corrections and updates",
             "href": absolute(site_url, CORRECTIONS_FEED)}]


class _DataDatedFeed(Atom1Feed):
    """An Atom feed whose ``updated`` is its newest entry's, or the day the site's first
    fact-check was published when it has none (feedgenerator would use the clock)."""

    def __init__(self, *args, since: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.since = since

    def latest_post_date(self):
        return max([self.since, *(item["updateddate"] for item in self.items)])


def _tag_uri(site_url: str, day: datetime.date, path: str) -> str:
    """A permanent entry id (RFC 4151): the site's host, the day the entry began, the path."""
    parts = urlsplit(site_url)
    return f"tag:{parts.hostname},{day.isoformat()}:{parts.path.rstrip('/')}/{path}"


def _new_feed(title: str, path: str, settings: dict, views: list[ClaimView]) -> _DataDatedFeed:
    site_url = settings["SITEURL"]
    publisher = publisher_from_settings(settings)  # checked already: check_publisher
    return _DataDatedFeed(
        title=f"{title} · {settings['SITENAME']}", link=absolute(site_url, ""),
        description=settings.get("SITE_DESCRIPTION") or "", language=settings.get("DEFAULT_LANG"),
        feed_url=absolute(site_url, path), feed_guid=absolute(site_url, path),
        author_name=publisher.name or settings["SITENAME"],
        author_link=publisher.url or None,
        since=min(view.claim.published for view in views))


def fact_checks_feed(views: list[ClaimView], settings: dict) -> _DataDatedFeed:
    """One entry per claim, most recently changed first; the verdict ends the title."""
    site_url = settings["SITEURL"]
    feed = _new_feed("Fact-checks", FACT_CHECKS_FEED, settings, views)
    for view in by_last_change(views):
        claim = view.claim
        feed.add_item(
            title=f"{claim.claim} (Verdict: {view.rating.label})",
            link=absolute(site_url, view.url), description=html.escape(claim.summary),
            unique_id=_tag_uri(site_url, claim.published, view.url),
            pubdate=claim.published, updateddate=last_changed(claim),
            categories=[f"Verdict: {view.rating.label}", *claim.tags])
    return feed


def corrections_feed(views: list[ClaimView], settings: dict) -> _DataDatedFeed:
    """One entry per update of any claim, newest first; an entry's id is the claim and the
    update's place in its log (update logs only grow, oldest first)."""
    site_url = settings["SITEURL"]
    feed = _new_feed("Corrections and updates", CORRECTIONS_FEED, settings, views)
    for item in corrections(views):
        claim, update = item.view.claim, item.update
        feed.add_item(
            title=f"Updated: {claim.claim}",
            link=absolute(site_url, f"{item.view.url}#{UPDATES_ANCHOR}"),
            description=html.escape(update.note),
            unique_id=_tag_uri(site_url, update.date, f"{item.view.url}#update-{item.number}"),
            pubdate=update.date, updateddate=update.date)
    return feed


def write_feeds(output: Path, views: list[ClaimView], settings: dict, catalog: Catalog) -> None:
    """Both feeds into feeds/, when the site has an absolute URL (see the module doc)."""
    if not feeds_enabled(settings, catalog):
        return
    (output / FEEDS_DIR).mkdir(parents=True, exist_ok=True)
    for path, feed in ((FACT_CHECKS_FEED, fact_checks_feed(views, settings)),
                       (CORRECTIONS_FEED, corrections_feed(views, settings))):
        with open(output / path, "w", encoding="utf-8", newline="\n") as handle:
            feed.write(handle, "utf-8")
