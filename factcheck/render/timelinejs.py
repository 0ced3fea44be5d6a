"""Export the chronology in Knight Lab TimelineJS's JSON format, for embedding elsewhere.

The export says no more than the page: partial dates keep only their known parts, the
display date carries "approximate" or "uncertain", and a range gets an end date.
"""

from __future__ import annotations

import html

from .chronology import Entry, timeline_date
from .jsonld import absolute


def timeline(title: str, ordered: list[Entry], event_html: dict[str, str], site_url: str) -> dict:
    """The whole TimelineJS document: a title slide and one slide per entry."""
    return {
        "title": {"text": {"headline": html.escape(title),
                           "text": "Events and the dates claims were made."}},
        "events": [_slide(entry, event_html, site_url) for entry in ordered],
    }


def _slide(entry: Entry, event_html: dict[str, str], site_url: str) -> dict:
    slide = {
        "unique_id": entry.anchor,
        "start_date": timeline_date(entry.date.start),
        "display_date": entry.date.human(),
        "group": "Events" if entry.kind == "event" else "Claims",
        "text": {"headline": html.escape(_headline(entry)), "text": _text(entry, event_html,
                                                                          site_url)},
    }
    if entry.date.end:
        slide["end_date"] = timeline_date(entry.date.end)
    return slide


def _headline(entry: Entry) -> str:
    if entry.kind == "event":
        return entry.item.title
    return f"{entry.item.claimant}: {entry.item.claim}"


def _text(entry: Entry, event_html: dict[str, str], site_url: str) -> str:
    if entry.kind == "event":
        return event_html.get(entry.id, "")
    url = html.escape(absolute(site_url, f"claims/{entry.id}/"))
    return (f"<p>Our verdict: {html.escape(entry.rating.label)}. "
            f'<a href="{url}">Read the fact-check</a>.</p>')
