"""The shape of data/claims.json, made from the data model in ``schema.py``.

A field that comes straight from claims.yaml is taken from its model here, description and
all, so the export's schema (``claims-export.schema.json``) and its documentation
(``docs/export-fields.md``) never describe the data model a second time; only what the
build adds (page addresses, the verdict's label, the ClaimReview) is described here.
``schemadoc.py`` writes both files; a test fails when either is stale.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Optional

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema, create_model
from pydantic.fields import FieldInfo

from ..model.schema import Byline, Claim, Event, FullDate, Id, Rating, Source, Text

PageUrl = Annotated[str, WithJsonSchema({
    "type": "string", "description": "absolute in production builds, site-relative "
                                     "(e.g. claims/x/) in local ones"})]
Ids = list[Id]
# Pointed at $defs/claimReview (below) once the schema is made: pydantic cannot refer to it.
ClaimReviewJson = dict[str, Any]

# What the build adds to a record: name -> (type, description). Everything else is a field
# of the model in schema.py, listed by name.
ADDED = dict[str, tuple[Any, str]]
CLAIM_ADDED: ADDED = {
    "page_url": (PageUrl, "the claim page"),
    "rating_label": (Text, "the verdict's label on the rating scale"),
    "rating_value": (Optional[int], "the verdict's place on the scale; null: off the scale"),
    "updated": (FullDate, "the latest of published and the updates' dates, YYYY-MM-DD"),
    "sources": (Ids, "ids of every source the claim page uses (where it was said, quotes, "
                     "analysis)"),
    "events": (Ids, "ids of the chronology events that bear on the claim"),
    "claim_review": (ClaimReviewJson, "the schema.org ClaimReview, exactly as embedded in the "
                                      "claim page"),
}
SOURCE_ADDED: ADDED = {
    "page_url": (PageUrl, "the source's page on this site"),
    "byline": (Byline, "named (the authors are listed in authors), none (the report carries "
                       "no byline) or unknown (who wrote it is not known)"),
    "quotes_verified": (bool, "whether its quotes were checked word for word against a copy"),
    "claims": (Ids, "ids of the claims that cite it"),
    "events": (Ids, "ids of the events that cite it"),
}
EVENT_ADDED: ADDED = {"page_url": (PageUrl, "the event's place in the chronology")}

CLAIM_FIELDS = ["id", "page_url", "claim", "claimant", "claimant_role", "claimant_type", "date",
                "said_in", "rating", "rating_label", "rating_value", "summary", "quotes", "tags",
                "published", "updated", "updates", "sources", "events", "claim_review"]
SOURCE_FIELDS = ["id", "page_url", "title", "title_is_description", "title_language",
                 "publisher", "authors", "byline", "published", "published_time", "url",
                 "archive_url", "language", "cites", "republishes", "translation", "note",
                 "quotes_verified", "claims", "events"]
EVENT_FIELDS = ["id", "page_url", "date", "title", "text", "sources", "claims", "accounts"]

# What stands in a CSV file for a field holding objects, which a cell cannot.
CSV_STAND_INS: dict[str, list[str]] = {
    "quotes": [], "claim_review": [], "updates": ["update_count"],
    "translation": ["translation_of", "translated_by"], "accounts": ["account_sources"]}
CSV_ONLY = {
    "update_count": "how many entries the claim's update log has",
    "translation_of": "the source this one translates (translation.of)",
    "translated_by": "who translated it: machine, outlet or us (translation.by)",
    "account_sources": "ids of the sources whose accounts of the event differ",
}


def csv_columns(fields: list[str]) -> list[str]:
    """A CSV file's columns: the record's fields, objects replaced by their stand-ins."""
    return [column for field in fields for column in CSV_STAND_INS.get(field, [field])]


class ExportEntry(BaseModel):
    """Records carry nothing but their fields."""

    model_config = ConfigDict(extra="forbid")


def _inherited(info: FieldInfo) -> tuple[Any, FieldInfo]:
    """The model's field, type and constraints included, without its default: in the
    export every key is present."""
    kind = Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
    return kind, Field(description=info.description)


def record_model(name: str, model: type[BaseModel], order: list[str],
                 added: ADDED) -> type[BaseModel]:
    """An export record: the named fields, from ``added`` or else from ``model``."""
    fields: dict[str, Any] = {}
    for field in order:
        if field in added:
            kind, description = added[field]
            fields[field] = (kind, Field(description=description))
        else:
            fields[field] = _inherited(model.model_fields[field])
    return create_model(name, __base__=ExportEntry, __doc__=f"One {model.__name__.lower()} "
                        "of the export", **fields)


ClaimRecord = record_model("claim", Claim, CLAIM_FIELDS, CLAIM_ADDED)
SourceRecord = record_model("source", Source, SOURCE_FIELDS, SOURCE_ADDED)
EventRecord = record_model("event", Event, EVENT_FIELDS, EVENT_ADDED)


class ExportDocument(ExportEntry):
    """data/claims.json: every claim with its ClaimReview, sources and events."""

    model_config = ConfigDict(title="data/claims.json", json_schema_extra={
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "claims-export.schema.json"})

    name: str = Field(description="the site's name")
    url: str = Field(description="the site's address; empty in local builds")
    ratings: list[Rating] = Field(description="the published rating scale, worst first")
    claims: list[ClaimRecord] = Field(description="every claim checked")  # type: ignore[valid-type]
    sources: list[SourceRecord] = Field(description="every source")  # type: ignore[valid-type]
    events: list[EventRecord] = Field(description="every event")  # type: ignore[valid-type]


def _thing() -> dict:
    return {"type": "object", "required": ["@type", "name"],
            "properties": {"@type": {"type": "string"}, "name": {"type": "string"}}}


ISO_DATE = {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"}
FULL_DATE = {"type": "string", "format": "date"}

# Shapes schema.org defines (ClaimReview, DataFeed): checked, not part of our data model.
SCHEMA_ORG_DEFS: dict[str, dict] = {
    "claimReview": {
        "description": "schema.org ClaimReview, exactly as embedded in the claim page",
        "type": "object",
        "required": ["@type", "url", "claimReviewed", "datePublished", "author",
                     "reviewRating", "itemReviewed"],
        "properties": {
            "@context": {"const": "https://schema.org"}, "@type": {"const": "ClaimReview"},
            "url": {"type": "string"}, "claimReviewed": {"type": "string", "minLength": 1},
            "datePublished": ISO_DATE, "dateModified": ISO_DATE, "author": _thing(),
            "reviewRating": {"type": "object", "required": ["@type", "alternateName"],
                             "properties": {"@type": {"const": "Rating"},
                                            "alternateName": {"type": "string",
                                                              "minLength": 1}}},
            "itemReviewed": {"type": "object", "required": ["@type"],
                             "properties": {"@type": {"const": "Claim"}, "author": _thing()}},
        },
    },
    "dataFeed": {
        "description": "data/claimreview-feed.json: a schema.org DataFeed of the ClaimReviews",
        "type": "object", "additionalProperties": False,
        "required": ["@context", "@type", "name", "url", "dataFeedElement"],
        "properties": {
            "@context": {"const": "https://schema.org"}, "@type": {"const": "DataFeed"},
            "name": {"type": "string"}, "url": {"type": "string"}, "dateModified": FULL_DATE,
            "dataFeedElement": {"type": "array", "items": {
                "type": "object", "additionalProperties": False,
                "required": ["@type", "dateCreated", "dateModified", "item"],
                "properties": {
                    "@type": {"const": "DataFeedItem"}, "dateCreated": FULL_DATE,
                    "dateModified": FULL_DATE,
                    "item": {"type": "array", "minItems": 1, "maxItems": 1,
                             "items": {"$ref": "#/$defs/claimReview"}}}}},
        },
    },
}


def export_schema_text() -> str:
    """claims-export.schema.json, as committed and as published beside the export."""
    return json.dumps(export_json_schema(), indent=2, ensure_ascii=False) + "\n"


def export_json_schema() -> dict:
    """The JSON Schema (2020-12) of claims.json, with the DataFeed's under $defs/dataFeed."""
    schema = _every_key_required(ExportDocument.model_json_schema(mode="serialization"))
    schema["$defs"].update(SCHEMA_ORG_DEFS)
    review = schema["$defs"]["claim"]["properties"]["claim_review"]
    schema["$defs"]["claim"]["properties"]["claim_review"] = {
        "$ref": "#/$defs/claimReview", "description": review["description"]}
    return schema


def _every_key_required(node: Any) -> Any:
    """Every object of the export has all its keys (null when unknown), so all are required;
    defaults and our editor hints (x-refers-to) mean nothing in an export."""
    if isinstance(node, list):
        return [_every_key_required(item) for item in node]
    if not isinstance(node, dict):
        return node
    cleaned = {key: _every_key_required(value) for key, value in node.items()
               if key != "default" and not key.startswith("x-")}
    if cleaned.get("type") == "object" and "properties" in node:
        cleaned["required"] = list(node["properties"])
    return cleaned
