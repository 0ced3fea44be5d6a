"""The one definition of the data model in claims.yaml.

These pydantic models validate the YAML (``check``), give the typed, immutable model the
pages are built from, and write ``claims.schema.json`` for editors: describe a field here
and nowhere else. Field descriptions double as the "expected ..." part of error messages.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal, Optional, get_args
from urllib.parse import urlsplit

import langcodes
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    StrictBool,
    StrictInt,
    StringConstraints,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
)
from pydantic_core import PydanticCustomError

from .problems import unprintable
from .dates import DATE_SYNTAX, SPAN_SYNTAX, DateSpan, DateSyntaxError, PartialDate
from .elision import ELISION, ELISION_ASCII, elision_problem

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
ID_MAX_LENGTH = 80  # ids name files and folders; keep paths well inside every OS's limits
_ID_RE = re.compile("[a-z0-9][a-z0-9-]*")
# Names Windows reserves in every folder: a file called con.md makes a clone fail there.
WINDOWS_RESERVED = frozenset(["con", "prn", "aux", "nul", *(f"com{n}" for n in range(10)),
                              *(f"lpt{n}" for n in range(10))])


def id_problem(value: str) -> Optional[str]:
    """Why ``value`` cannot be an id, or None: one rule for the schema and ``build.py new``."""
    if value != value.strip():
        return (f"'{value}' has whitespace around it; expected the id alone (lowercase letters, "
                "digits and hyphens)")
    if not _ID_RE.fullmatch(value):
        return ("'{value}' is not a valid id; expected lowercase letters, digits and hyphens, "
                "starting with a letter or digit").format(value=value)
    if len(value) > ID_MAX_LENGTH:
        return f"id is {len(value)} characters long; expected at most {ID_MAX_LENGTH}"
    if value in WINDOWS_RESERVED:
        return f"'{value}' is a name Windows reserves for a device; expected another id"
    return None


def _check_id(value: str) -> str:
    problem = id_problem(value)
    if problem:
        raise PydanticCustomError("id_syntax", "{problem}", {"problem": problem})
    return value


def _check_http_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise PydanticCustomError(
            "url_scheme",
            "'{value}' is not an http(s) URL; expected an address starting with "
            "http:// or https://",
            {"value": value},
        )
    return value


def _check_language(value: str) -> str:
    if "_" in value or not langcodes.tag_is_valid(value):
        raise PydanticCustomError(
            "language_tag",
            "'{value}' is not a BCP 47 language tag; expected e.g. en, de, ru or pt-BR",
            {"value": value},
        )
    return value


def _date_parser(cls):
    def parse(value: Any):
        if isinstance(value, cls) or value is None:
            return value
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            raise PydanticCustomError("date_type", "expected a date written as text, e.g. 2021-04-02")
        try:
            return cls.parse(value)
        except DateSyntaxError as err:
            raise PydanticCustomError("date_syntax", str(err)) from None

    return parse


def _full_date(value: Any) -> date:
    try:
        parsed = PartialDate.parse(value)
    except DateSyntaxError:
        parsed = None
    if (parsed is None or parsed.precision != "day" or parsed.approximate or parsed.uncertain
            or parsed.month is None or parsed.day is None):
        raise PydanticCustomError("full_date", "'{value}' is not a full date; expected YYYY-MM-DD",
                                  {"value": value})
    return date(parsed.year, parsed.month, parsed.day)


Id = Annotated[str, AfterValidator(_check_id),
               WithJsonSchema({"type": "string", "pattern": ID_PATTERN, "maxLength": ID_MAX_LENGTH,
                               "not": {"enum": sorted(WINDOWS_RESERVED)}})]
HttpUrl = Annotated[str, AfterValidator(_check_http_url),
                    WithJsonSchema({"type": "string", "format": "uri", "pattern": "^https?://"})]
LanguageTag = Annotated[str, AfterValidator(_check_language),
                        WithJsonSchema({"type": "string", "description": "BCP 47 language tag"})]
# Display text: the newline a YAML block scalar ends with is not part of it. Ids are never
# stripped: an id with spaces around it is an error, not silently another id.
# No field needs more than a few paragraphs; a megabyte of one word would only slow the build.
TEXT_MAX_LENGTH = 10_000


def _check_printable(value: str) -> str:
    """Control and direction-override characters (YAML escapes like "\\e" make them) would be
    published raw: invalid HTML at best, text that reads backwards at worst."""
    bad = unprintable(value)
    if bad:
        raise PydanticCustomError("text_control", "text holds the invisible character {char}; "
                                  "expected printable text (remove it)", {"char": bad})
    return value


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                        max_length=TEXT_MAX_LENGTH),
                 AfterValidator(_check_printable)]


def _check_elision(value: str) -> str:
    problem = elision_problem(value)
    if problem:
        raise PydanticCustomError("quote_elision", "{problem}", {"problem": problem})
    return value


QuoteText = Annotated[Text, AfterValidator(_check_elision)]
DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?[~?]?$"
Date = Annotated[
    PartialDate,
    BeforeValidator(_date_parser(PartialDate)),
    PlainSerializer(str),
    # YAML may write a year as a number; what the exports write is always text.
    WithJsonSchema({"type": ["string", "integer"], "description": DATE_SYNTAX,
                    "pattern": DATE_PATTERN}, mode="validation"),
    WithJsonSchema({"type": "string", "description": DATE_SYNTAX, "pattern": DATE_PATTERN},
                   mode="serialization"),
]
Span = Annotated[
    DateSpan,
    BeforeValidator(_date_parser(DateSpan)),
    PlainSerializer(str),
    WithJsonSchema({"type": ["string", "integer"], "description": SPAN_SYNTAX},
                   mode="validation"),
    WithJsonSchema({"type": "string", "description": SPAN_SYNTAX,
                    "pattern": f"{DATE_PATTERN[:-1]}(/{DATE_PATTERN[1:-1]})?$"},
                   mode="serialization"),
]
FullDate = Annotated[date, BeforeValidator(_full_date),
                     WithJsonSchema({"type": "string", "format": "date"})]

# A time of day with its offset from UTC: without the offset, "14:05" names no moment.
TIME_SYNTAX = "HH:MM followed by the offset from UTC (+HH:MM, -HH:MM or Z), e.g. 14:05+04:00"
TIME_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9](Z|[+-](0[0-9]|1[0-4]):[0-5][0-9])$"
_TIME_RE = re.compile(TIME_PATTERN[1:-1])  # no nested repetition: matching is linear


def _check_time(value: str) -> str:
    if not _TIME_RE.fullmatch(value):
        raise PydanticCustomError("time_syntax", "'{value}' is not a time of day with its "
                                  "offset; expected {syntax}",
                                  {"value": value, "syntax": TIME_SYNTAX})
    return value


TimeOfDay = Annotated[str, AfterValidator(_check_time),
                      WithJsonSchema({"type": "string", "pattern": TIME_PATTERN,
                                      "description": TIME_SYNTAX})]


REFERS_TO = "x-refers-to"


def ref(section: str, description: str, default=...) -> Any:
    """A field holding the id of an entry of ``section``; references.py finds these."""
    return Field(default, description=description, json_schema_extra={REFERS_TO: section})


class Entry(BaseModel):
    """Common settings: unknown keys are errors and the model is immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


# The named looks a verdict can take, worst first; the theme has a colour and a symbol for each.
VerdictStyle = Literal["false", "mostly-false", "partly-false", "mixed", "partly-true",
                       "mostly-true", "true", "unrated"]
VERDICT_STYLES: tuple[str, ...] = get_args(VerdictStyle)


class Rating(Entry):
    id: Id = Field(description="rating id that claims refer to, e.g. unproven")
    label: Text = Field(description="the verdict as readers see it, e.g. Unproven")
    value: Optional[StrictInt] = Field(
        description="position on the scale, worst = lowest; null for off-scale verdicts")
    meaning: Text = Field(description="what this verdict means, shown on the methodology page")
    style: Optional[VerdictStyle] = Field(
        None, description="how the verdict looks (colour and symbol), one of "
        f"{', '.join(VERDICT_STYLES)}; null: from its place on the scale (worst = false, "
        "best = true, off-scale = unrated)")


class Translation(Entry):
    of: Optional[Id] = ref("sources", "id of the source this translates, or null if unknown", None)
    by: Literal["machine", "outlet", "us"] = Field(
        description="who translated: machine (machine translation), outlet or us")


Byline = Literal["named", "none", "unknown"]


class Source(Entry):
    id: Id = Field(description="source id, cited as [@id] in analyses")
    title: Text = Field(description="headline or title of the report, as printed; or, with "
                        "title_is_description, our description of a report whose headline "
                        "was not recorded")
    publisher: Optional[Text] = Field(description="outlet or publisher; null when unknown")
    authors: list[Text] = Field([], description="bylines, as printed")
    byline: Optional[Byline] = Field(
        None, description="named (the report names its authors, listed in authors), none "
        "(the report carries no byline) or unknown (who wrote it is not known, e.g. a report "
        "known only through another); null: named when authors are listed, else unknown")
    published: Optional[Date] = Field(description=f"publication date ({DATE_SYNTAX}); null when unknown")
    published_time: Optional[TimeOfDay] = Field(
        None, description=f"time of day of publication, where the report gives it ({TIME_SYNTAX}); "
        "only with a published day")
    url: Optional[HttpUrl] = Field(description="http(s) URL of the report; null when no online copy is known")
    archive_url: Optional[HttpUrl] = Field(None, description="http(s) URL of an archived copy; null when unknown")
    language: LanguageTag = Field(description="BCP 47 tag of the report's language, e.g. en, de, ru")
    title_is_description: StrictBool = Field(
        False, description="true when title is our description of the report, not its "
        "headline (shown in square brackets, never as a headline or in quotation marks)")
    title_language: Optional[LanguageTag] = Field(
        None, description="BCP 47 tag of the title's language when it differs from the "
        "report's, e.g. en for an English description of a Russian report; null: the "
        "report's language")
    cites: list[Id] = ref("sources", "ids of upstream sources this report relies on", [])
    republishes: Optional[Id] = ref(
        "sources", "id of the source this report republishes word for word (a copy, not a "
        "report that relies on another: that is cites); null when it is not a republication",
        None)
    translation: Optional[Translation] = Field(None, description="set when the report is a translation")
    local_copy: Optional[Text] = Field(
        None, description="path of a plain-text copy used only to verify quotes; never published")
    note: Optional[Text] = Field(None, description="what else is known about this source")

    @field_validator("byline")
    @classmethod
    def _byline_matches_authors(cls, value: Optional[str], info: ValidationInfo):
        """A byline that contradicts the authors listed would show readers two stories."""
        authors = info.data.get("authors")
        if value is None or authors is None or (value == "named") == bool(authors):
            return value
        expected = ("authors listed under authors" if value == "named" else
                    "authors: [] (or byline: named, with the authors listed)")
        raise PydanticCustomError("byline_authors", "{value}, but authors lists {count}; "
                                  "expected {expected}",
                                  {"value": value, "count": len(authors), "expected": expected})

    @field_validator("published_time")
    @classmethod
    def _time_needs_a_day(cls, value: Optional[str], info: ValidationInfo):
        """A time of day means something only on a known, exact day."""
        if value is None or "published" not in info.data:
            return value  # published itself is wrong: reported there
        day = info.data["published"]
        if day is None or day.precision != "day" or day.approximate or day.uncertain:
            raise PydanticCustomError("time_without_day", "a time of day, but published is "
                                      "not an exact day; expected published as YYYY-MM-DD, "
                                      "or published_time: null")
        return value

    @property
    def title_lang(self) -> str:
        """The language of the title, for its lang attribute: a description in English of a
        Russian report is English."""
        return self.title_language or self.language

    @property
    def byline_known(self) -> Byline:
        """named, none or unknown, with byline's default worked out."""
        return self.byline or ("named" if self.authors else "unknown")


class Quote(Entry):
    source: Id = ref("sources", "id of the source the quote is taken from")
    text: QuoteText = Field(description="the words verbatim, in the source's language; "
                            f"{ELISION} (or {ELISION_ASCII}) marks words left out between two "
                            "passages, each checked against the local copy")
    lang: LanguageTag = Field(description="BCP 47 tag of the quote's language")
    translation: Optional[Text] = Field(None, description="our English translation, when lang is not English")
    speaker: Optional[Text] = Field(None, description="who is quoted, when not the claimant")
    relayed_by: Optional[Text] = Field(
        None, description="who passed the words on, when the source has them through someone "
        "else (e.g. an ambassador relaying Dmitry Peskov's words)")
    locator: Optional[Text] = Field(None, description="where in the source, e.g. para. 4")


class Update(Entry):
    date: FullDate = Field(description="day of the change, YYYY-MM-DD")
    note: Text = Field(description="what changed and why")


class Claim(Entry):
    id: Id = Field(description="claim id; its analysis is content/claims/<id>.md")
    claim: Text = Field(description="the claim checked, in one neutral sentence (under 75 characters is best)")
    claimant: Text = Field(description="who made the claim, written the same way on every claim by them (claimant pages group claims by this exact name)")
    claimant_role: Optional[Text] = Field(None, description="the claimant's office or role")
    claimant_type: Literal["person", "organization"] = Field(
        "person", description="person or organization, for ClaimReview")
    date: Optional[Date] = Field(description=f"when the claim was made ({DATE_SYNTAX}); null when unknown")
    said_in: Id = ref("sources", "id of the source where the claim appears")
    rating: Id = ref("ratings", "id of the verdict's rating")
    summary: Text = Field(description="one paragraph: what the cited evidence shows")
    quotes: list[Quote] = Field([], description="verbatim quotes with translations")
    tags: list[Id] = Field([], description="topic tags")
    published: FullDate = Field(description="day this fact-check was first published, YYYY-MM-DD")
    updates: list[Update] = Field([], description="corrections and changes, oldest first")


class Account(Entry):
    source: Id = ref("sources", "id of a source listed in the event's sources")
    says: Text = Field(description="that source's version of the disputed fact")
    date: Optional[Span] = Field(
        None, description=f"the date that source gives the event ({SPAN_SYNTAX}); null when "
        "it gives none or agrees with the event's date")


class Event(Entry):
    id: Id = Field(description="event id")
    date: Optional[Span] = Field(description=f"{SPAN_SYNTAX}; null when no report dates the "
                                 "event (it is listed under \"Date unknown\", off the time axis)")
    title: Text = Field(description="what happened, in one neutral line")
    text: Optional[Text] = Field(None, description="more detail, in Markdown")
    sources: list[Id] = Field(min_length=1, description="ids of the sources that report the event",
                              json_schema_extra={REFERS_TO: "sources"})
    claims: list[Id] = ref("claims", "ids of the claims the event bears on", [])
    accounts: list[Account] = Field([], description="each source's version where the sources disagree")


class Site(Entry):
    """The whole of claims.yaml."""

    model_config = ConfigDict(title="claims.yaml", json_schema_extra={
        "$schema": "https://json-schema.org/draft/2020-12/schema"})

    ratings: list[Rating] = Field(description="the published rating scale, worst first")
    sources: list[Source] = Field([], description="reports and documents cited")
    claims: list[Claim] = Field([], description="the claims checked")
    events: list[Event] = Field([], description="dated events for the chronology")
