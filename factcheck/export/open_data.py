"""Open data for researchers, rewritten on every build into data/: claims.json (every claim
with its ClaimReview, sources and events), claims.csv, sources.csv, events.csv, and a
schema.org DataFeed of the ClaimReviews (claimreview-feed.json).

The exports say no more than the data: an unknown publisher, date or URL is null in JSON
and an empty cell in CSV, partial dates keep the syntax of claims.yaml ("2021-04?"), and
``local_copy`` (the evidence copies) is never published. claims.json follows
claims-export.schema.json (export_schema.py), which is published beside it. Nothing depends on the clock,
the locale or the hash seed, so two builds of the same input give the same bytes.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping, Optional

from ..model.catalog import Catalog
from .export_schema import (CLAIM_FIELDS, EVENT_FIELDS, SOURCE_FIELDS, csv_columns,
                            export_schema_text)
from .feeds import by_last_change, last_changed
from ..render.jsonld import absolute
from ..model.schema import Claim, Event, Source
from ..render.views import ClaimView, SourceView

DATA_DIR = "data/"
LIST_SEPARATOR = "; "
CLAIM_COLUMNS = csv_columns(CLAIM_FIELDS)
SOURCE_COLUMNS = csv_columns(SOURCE_FIELDS)
EVENT_COLUMNS = csv_columns(EVENT_FIELDS)


def _text(value: Any) -> Optional[str]:
    """A partial date or span as written in claims.yaml; None stays None."""
    return None if value is None else str(value)


def claim_sources(view: ClaimView) -> list[str]:
    """Ids of every source the claim page uses: where it was said, quotes, analysis."""
    used = [view.said_in.id, *(source.id for _, source, _ in view.quotes),
            *view.cites]
    return list(dict.fromkeys(used))


def claim_record(view: ClaimView, catalog: Catalog, review: dict, site_url: str) -> dict:
    claim: Claim = view.claim
    return {
        "id": claim.id, "page_url": absolute(site_url, view.url), "claim": claim.claim,
        "claimant": claim.claimant, "claimant_role": claim.claimant_role,
        "claimant_type": claim.claimant_type, "date": _text(claim.date),
        "said_in": claim.said_in, "rating": claim.rating, "rating_label": view.rating.label,
        "rating_value": view.rating.value, "summary": claim.summary,
        "quotes": [quote.model_dump() for quote in claim.quotes], "tags": list(claim.tags),
        "published": claim.published.isoformat(),
        "updated": last_changed(claim).isoformat(),
        "updates": [{"date": u.date.isoformat(), "note": u.note} for u in claim.updates],
        "sources": claim_sources(view),
        "events": [event.id for event in catalog.events_of_claim.get(claim.id, [])],
        "claim_review": review,
    }


def source_record(view: SourceView, site_url: str) -> dict:
    source: Source = view.source
    translation = source.translation
    return {
        "id": source.id, "page_url": absolute(site_url, view.url), "title": source.title,
        "title_is_description": source.title_is_description,
        "title_language": source.title_language,
        "publisher": source.publisher, "authors": list(source.authors),
        "byline": source.byline_known,
        "published": _text(source.published), "published_time": source.published_time,
        "url": source.url, "archive_url": source.archive_url, "language": source.language,
        "cites": list(source.cites), "republishes": source.republishes,
        "translation": translation.model_dump() if translation else None,
        "note": source.note, "quotes_verified": view.quote_checked,
        "claims": [claim.id for claim, _ in view.claims],
        "events": [event.id for event in view.events],
    }


def event_record(event: Event, site_url: str, url: str) -> dict:
    """An event of claims.json; ``url`` is its place in the chronology (with the anchor),
    on the year page it is listed on once the chronology is split by year."""
    return {
        "id": event.id, "page_url": absolute(site_url, url),
        "date": _text(event.date), "title": event.title, "text": event.text,
        "sources": list(event.sources), "claims": list(event.claims),
        "accounts": [account.model_dump() for account in event.accounts],
    }


def claims_document(claims: Iterable[dict], sources: list[dict], events: list[dict],
                    catalog: Catalog, settings: dict) -> dict:
    """The whole of claims.json (``claims`` may be made as it is written: Streamed)."""
    return {
        "name": settings["SITENAME"],
        "url": absolute(settings.get("SITEURL") or "", ""),
        "ratings": [rating.model_dump() for rating in catalog.ratings.values()],
        "claims": claims, "sources": sources, "events": events,
    }


def claimreview_feed(views: list[ClaimView], review_of: Callable[[ClaimView], dict],
                     settings: dict) -> dict:
    """A schema.org DataFeed of the ClaimReviews, most recently changed first, in the shape
    Google's fact-check tools read (each DataFeedItem's ``item`` is a list); each item is
    made as it is written."""
    site_url = settings.get("SITEURL") or ""
    ordered = by_last_change(views)
    feed: dict[str, Any] = {
        "@context": "https://schema.org", "@type": "DataFeed",
        "name": f"ClaimReviews · {settings['SITENAME']}",
        "url": absolute(site_url, DATA_DIR + "claimreview-feed.json"),
    }
    if ordered:
        feed["dateModified"] = last_changed(ordered[0].claim).isoformat()
    feed["dataFeedElement"] = Streamed(len(ordered), (
        {"@type": "DataFeedItem", "dateCreated": view.claim.published.isoformat(),
         "dateModified": last_changed(view.claim).isoformat(), "item": [review_of(view)]}
        for view in ordered))
    return feed


class Streamed:
    """A list of JSON items made one at a time as ``write_json`` writes them, so a
    10,000-claim export is never held whole; ``count`` says how many there will be."""

    def __init__(self, count: int, items: Iterable[Any]) -> None:
        self.count, self.items = count, items

    def __iter__(self) -> Iterator[Any]:
        return iter(self.items)

    def __len__(self) -> int:
        return self.count


def csv_cell(value: Any) -> str:
    """Unknown is empty; lists are joined by "; "; booleans are true/false."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return LIST_SEPARATOR.join(str(item) for item in value)
    return str(value)


def claim_row(record: dict) -> dict:
    return {**record, "update_count": len(record["updates"])}


def source_row(record: dict) -> dict:
    translation = record["translation"] or {}
    return {**record, "translation_of": translation.get("of"),
            "translated_by": translation.get("by")}


def event_row(record: dict) -> dict:
    return {**record, "account_sources": [a["source"] for a in record["accounts"]]}


def write_csv(path: Path, columns: list[str], rows: Iterable[dict]) -> None:
    """UTF-8, a header row, one row per item, RFC 4180 line ends."""
    with open(path, "w", encoding="utf-8", newline="") as handle:
        write_row = csv_rows(handle, columns)
        for row in rows:
            write_row(row)


def csv_rows(handle, columns: list[str]) -> Callable[[dict], None]:
    """Write the header row to ``handle``; returns what writes each further row."""
    writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    return lambda row: writer.writerow({column: csv_cell(row.get(column))
                                        for column in columns})


def write_json(path: Path, document: dict) -> None:
    """``json_lines(document)``, written a line at a time (the whole text of claims.json
    is never held: some 30 MB at 10,000 claims)."""
    with open(path, "w", encoding="utf-8") as handle:
        handle.writelines(_json_lines(document))


def json_lines(document: dict) -> str:
    """``document`` as JSON with each top-level key on a line and each item of a top-level
    list on a line of its own: readable and diffable, and written by json's C encoder (with
    ``indent=`` json falls back to its Python encoder: 10 s of a 10,000-claim build)."""
    return "".join(_json_lines(document))


def _json_lines(document: dict) -> Iterator[str]:
    def compact(value) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    yield "{\n "
    for number, (key, value) in enumerate(document.items()):
        if number:
            yield ",\n "
        if isinstance(value, Streamed) and not value:
            value = []
        if isinstance(value, (list, Streamed)) and value:
            yield f"{compact(key)}: [\n  "
            for at, item in enumerate(value):
                yield (",\n  " if at else "") + compact(item)
            yield "\n ]"
        else:
            yield f"{compact(key)}: {compact(value)}"
    yield "\n}\n"


def write_exports(output: Path, catalog: Catalog, claim_views: list[ClaimView],
                  source_views: list[SourceView], review_of: Callable[[ClaimView], dict],
                  settings: dict, event_urls: Mapping[str, str]) -> None:
    """Every file of data/ (see the module doc); ``review_of``: a claim's ClaimReview;
    ``event_urls``: each event's place in the chronology, by event id. Each claim's record
    is made once, as claims.json is written, and its claims.csv row written beside it."""
    site_url = settings.get("SITEURL") or ""
    folder = output / DATA_DIR
    folder.mkdir(parents=True, exist_ok=True)
    sources = [source_record(view, site_url) for view in source_views]
    events = [event_record(event, site_url, event_urls[event.id])
              for event in catalog.events.values()]
    with open(folder / "claims.csv", "w", encoding="utf-8", newline="") as handle:
        write_row = csv_rows(handle, CLAIM_COLUMNS)

        def record(view: ClaimView) -> dict:
            made = claim_record(view, catalog, review_of(view), site_url)
            write_row(claim_row(made))
            return made
        claims = Streamed(len(claim_views), map(record, claim_views))
        write_json(folder / "claims.json", claims_document(claims, sources, events, catalog,
                                                           settings))
    write_json(folder / "claimreview-feed.json",
               claimreview_feed(claim_views, review_of, settings))
    write_csv(folder / "sources.csv", SOURCE_COLUMNS, map(source_row, sources))
    write_csv(folder / "events.csv", EVENT_COLUMNS, map(event_row, events))
    (folder / "claims-export.schema.json").write_text(export_schema_text(), encoding="utf-8")
