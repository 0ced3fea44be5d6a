"""Export the chronology in Knight Lab TimelineJS's JSON format, for embedding elsewhere.

The export says no more than the page: partial dates keep only their known parts, the
display date carries "approximate" or "uncertain", and a range gets an end date.
"""

from __future__ import annotations

import html

from ..model.schema import Event
from .chronology import Entry, dated, timeline_date
from ..settings import Urls
from .jsonld import absolute


def timeline(title: str, ordered: list[Entry], event_html: dict[str, str], site_url: str,
             urls: Urls) -> dict:
    """The whole TimelineJS document: a title slide and one slide per entry."""
    return {
        "title": {"text": {"headline": html.escape(title),
                           "text": "Events and the dates claims were made."}},
        # An event no report dates is left out: a TimelineJS slide needs a start date, and
        # giving it any would claim more than is known. The chronology page lists it under
        # "Date unknown".
        "events": [_slide(entry, event_html, site_url, urls) for entry in ordered
                   if entry.date is not None],
    }


def _slide(entry: Entry, event_html: dict[str, str], site_url: str, urls: Urls) -> dict:
    date = dated(entry)
    slide = {
        "unique_id": entry.anchor,
        "start_date": timeline_date(date.start),
        "display_date": date.human(),
        "group": "Events" if entry.kind == "event" else "Claims",
        "text": {"headline": html.escape(_headline(entry)), "text": _text(entry, event_html,
                                                                          site_url, urls)},
    }
    if date.end:
        slide["end_date"] = timeline_date(date.end)
    return slide


def _headline(entry: Entry) -> str:
    item = entry.item
    return item.title if isinstance(item, Event) else f"{item.claimant}: {item.claim}"


def _text(entry: Entry, event_html: dict[str, str], site_url: str, urls: Urls) -> str:
    if entry.kind == "event":
        return event_html.get(entry.id, "")
    url = html.escape(absolute(site_url, urls.url("claim", entry.id)))
    label = entry.rating.label if entry.rating else ""
    return (f"<p>Our verdict: {html.escape(label)}. "
            f'<a href="{url}">Read the fact-check</a>.</p>')
