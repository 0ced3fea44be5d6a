"""Who publishes the fact-checks, as the IFCN's principles ask a fact-checker to disclose:
name, address, contact, owner, funding, nonpartisanship, corrections, source code.

One typed definition (``Publisher``), read once from the settings ``FACTCHECK_PUBLISHER``
(a dict) and ``FACTCHECK_REPOSITORY``. It drives the check's messages, the about and
corrections pages, the Organization JSON-LD and docs/publisher-settings.md, so the
settings are described in one place only. Settings are not trusted more than content:
values are rendered escaped, links are http(s) or a checked mail address.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Optional
from urllib.parse import quote, urlsplit

from pydantic import (AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StrictStr,
                      StringConstraints, ValidationError)
from pydantic_core import ErrorDetails, PydanticCustomError

from .inputs import InputError, read_bytes
from .problems import Position, Problems, unprintable

SETTING = "FACTCHECK_PUBLISHER"
REPOSITORY_SETTING = "FACTCHECK_REPOSITORY"
# The sample's stand-in values carry this mark or an example domain (RFC 2606), which no real
# publisher has; a production check warns until they are replaced.
EXAMPLE_MARK = "replace in pelicanconf.py"
EXAMPLE_DOMAINS = ("example", "example.com", "example.net", "example.org")
NOT_STATED = "not stated"
MAX_TEXT = 2000  # characters: a statement, not a document


def _not_stated(value: Any) -> Any:
    """An empty value ("" from an unset environment variable) is a missing one."""
    return None if isinstance(value, str) and not value.strip() else value


def _printable(value: Optional[str]) -> Optional[str]:
    if value is not None and unprintable(value):
        raise PydanticCustomError("unprintable", "holds the invisible character {char}; expected "
                                  "printable text", {"char": unprintable(value)})
    return value.strip() if value is not None else None


def is_web_address(value: str) -> bool:
    try:
        parts = urlsplit(value)
    except ValueError:  # "http://[" is not a URL at all
        return False
    return (parts.scheme in ("http", "https") and bool(parts.netloc)
            and not any(c.isspace() for c in value))


def _web_address(value: Optional[str]) -> Optional[str]:
    if value is not None and not is_web_address(value):
        raise PydanticCustomError("web_address", "'{value}' is not a web address; expected an "
                                  "http:// or https:// URL", {"value": value})
    return value


def is_email(value: str) -> bool:
    """A plausible mail address: one @, a dotted domain, nothing a mailto: link would misread.
    String operations only, so any input is checked in linear time."""
    local, _, domain = value.partition("@")
    forbidden = set(" \t<>\"'(),;:[]\\/?#%&=")
    return (bool(local) and "@" not in domain and "." in domain.strip(".") and len(value) <= 254
            and not forbidden.intersection(value))


def _email(value: Optional[str]) -> Optional[str]:
    if value is not None and not is_email(value):
        raise PydanticCustomError("email", "'{value}' is not a mail address; expected one such "
                                  "as corrections@example.org", {"value": value})
    return value


def is_example(value: str) -> bool:
    """A stand-in: marked as the sample's, or a web or mail address on an example domain."""
    if EXAMPLE_MARK in value:
        return True
    host = (value.rpartition("@")[2] if is_email(value)
            else urlsplit(value).hostname or "" if is_web_address(value) else "")
    return any(host == domain or host.endswith("." + domain) for domain in EXAMPLE_DOMAINS)


def _contact(value: Optional[str]) -> Optional[str]:
    if value is not None and not is_email(value) and not value.startswith(("http:", "https:")):
        raise PydanticCustomError("contact", "'{value}' is neither a mail address nor a web "
                                  "address; expected one such as corrections@example.org or "
                                  "https://example.org/corrections", {"value": value})
    return _web_address(value) if value is not None and not is_email(value) else value


# A setting that may be missing, typed as text; stated once, checked as each key needs.
_Text = Annotated[Optional[Annotated[StrictStr, StringConstraints(max_length=MAX_TEXT)]],
                  BeforeValidator(_not_stated), AfterValidator(_printable)]
_WebAddress = Annotated[_Text, AfterValidator(_web_address)]
_Email = Annotated[_Text, AfterValidator(_email)]
_Contact = Annotated[_Text, AfterValidator(_contact)]


def _about(description: str, label: str) -> Any:
    """The field's meaning (docs, messages) and ``label``, what readers see beside it."""
    return Field(None, description=description, json_schema_extra={"label": label})


class Publisher(BaseModel):
    """The publishing organisation; a missing value is None and shown as "not stated"."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: _Text = _about("the organisation that publishes the fact-checks (the JSON-LD uses "
                         "SITENAME when unset)", "Publisher")
    url: _WebAddress = _about("its website, an http(s) URL (publishconf.py uses SITEURL when "
                              "unset)", "Website")
    email: _Email = _about("a mail address where readers reach the editors", "Contact")
    owner: _Text = _about("who owns the publisher: the people, company or charity that "
                          "control it", "Owned by")
    funding: _Text = _about("who funds it, and how (grants, donations, own funds); a "
                            "statement", "Funded by")
    nonpartisanship: _Text = _about("its statement of nonpartisanship: no party, government "
                                    "or claimant decides what is checked or how it is rated",
                                    "Nonpartisanship")
    corrections_contact: _Contact = _about("where to ask for a correction: a mail address or "
                                           "an http(s) URL", "Corrections contact")
    corrections_response_time: _Text = _about("how soon a correction request is answered, "
                                              "e.g. 'within two working days'",
                                              "Response to corrections")
    repository: _WebAddress = _about("the site's public source repository, an http(s) URL "
                                     "(publishconf.py reads it from the environment)",
                                     "Source repository")

    def missing(self) -> list[str]:
        """Keys that are not stated, in the order of the definition."""
        return [key for key in type(self).model_fields if getattr(self, key) is None]

    def examples(self) -> list[str]:
        """Keys still holding the sample's marked stand-in values."""
        return [key for key in type(self).model_fields
                if getattr(self, key) is not None and is_example(getattr(self, key))]

    def facts(self, *keys: str) -> list["Fact"]:
        """What the about and corrections pages list, in the order asked."""
        return [Fact(key, label(key), getattr(self, key), _href(getattr(self, key)))
                for key in keys]


def label(key: str) -> str:
    """What readers see beside a publisher setting's value."""
    extra = Publisher.model_fields[key].json_schema_extra
    return str(extra["label"]) if isinstance(extra, dict) else key


@dataclass(frozen=True)
class Fact:
    key: str
    label: str
    text: Optional[str]  # None: not stated
    href: Optional[str]  # a link for a web or mail address


def mailto(address: str) -> str:
    return "mailto:" + quote(address, safe="@.+-_")


def _href(value: Optional[str]) -> Optional[str]:
    if value is None:
        return None
    if is_email(value) and not value.startswith(("http:", "https:")):
        return mailto(value)
    return value if value.startswith(("http://", "https://")) else None


@dataclass(frozen=True)
class SettingProblem:
    setting: str  # FACTCHECK_PUBLISHER or FACTCHECK_REPOSITORY
    key: Optional[str]  # the key in FACTCHECK_PUBLISHER it is about, if any
    message: str


class PublisherError(ValueError):
    """The publisher settings cannot be used (the check reports each problem at its line)."""


KEYS = tuple(key for key in Publisher.model_fields if key != "repository")


def read_publisher(settings: dict) -> tuple[Optional[Publisher], list[SettingProblem]]:
    """The Publisher, or None and every reason the settings do not give one."""
    raw = settings.get(SETTING)
    raw = {} if raw is None else raw
    if not isinstance(raw, dict):
        return None, [SettingProblem(SETTING, None, f"{SETTING} is {type(raw).__name__}; expected "
                                     'a dict such as {"name": "...", "url": "..."}')]
    if "repository" in raw:
        return None, [SettingProblem(SETTING, "repository", f"{SETTING} has 'repository'; "
                                     f"expected it as {REPOSITORY_SETTING} instead")]
    try:
        return Publisher(**{str(k): v for k, v in raw.items()},
                         repository=settings.get(REPOSITORY_SETTING)), []
    except ValidationError as err:
        return None, [_problem(error) for error in err.errors()]


def _problem(error: ErrorDetails) -> SettingProblem:
    """One pydantic error in the words of the settings file."""
    key = str(error["loc"][0]) if error["loc"] else None
    setting, where = ((REPOSITORY_SETTING, REPOSITORY_SETTING) if key == "repository"
                      else (SETTING, f"{SETTING} '{key}'"))
    if error["type"] == "extra_forbidden":
        return SettingProblem(SETTING, key, f"{SETTING} has an unknown key '{key}'; expected "
                              f"only: {', '.join(KEYS)}")
    if error["type"] == "string_type":
        return SettingProblem(setting, key, f"{where} is {type(error['input']).__name__}; "
                              "expected text (a quoted string)")
    return SettingProblem(setting, key, f"{where}: {error['msg'][0].lower()}{error['msg'][1:]}")


def publisher_from_settings(settings: dict) -> Publisher:
    """The Publisher for the generator; PublisherError (all problems) when it cannot be read."""
    publisher, problems = read_publisher(settings)
    if publisher is None:
        raise PublisherError("; ".join(problem.message for problem in problems))
    return publisher


def is_production(settings: dict) -> bool:
    """Production settings link absolutely (publishconf.py: RELATIVE_URLS = False, Pelican's
    default); local ones (pelicanconf.py) relatively. Only a published site must disclose."""
    return not settings.get("RELATIVE_URLS", False)


def check_publisher(settings: dict, settings_file: Optional[Path], root: Path,
                    problems: Problems) -> None:
    """Errors for publisher settings that cannot be used; with production settings, a warning
    for each value that is missing or still the sample's example. Each at its settings line."""
    shown, lines = settings_lines(settings_file, root)
    publisher, found = read_publisher(settings)
    for problem in found:
        problems.error(setting_position(shown, lines, problem.setting, problem.key),
                       problem.message)
    if publisher is None or not is_production(settings):
        return
    fields = Publisher.model_fields
    for key in publisher.missing():
        setting = REPOSITORY_SETTING if key == "repository" else SETTING
        named = setting if key == "repository" else f"{SETTING} '{key}'"
        problems.warning(setting_position(shown, lines, setting, key),
                         f"{named} is not set ({fields[key].description}); the published "
                         f"site says \"{NOT_STATED}\" until it is")
    for key in publisher.examples():
        problems.warning(setting_position(shown, lines, SETTING, key),
                         f"{SETTING} '{key}' is still the sample's example "
                         f"('{getattr(publisher, key)}'); expected your own")


def settings_lines(settings_file: Optional[Path], root: Path) -> tuple[str, list[str]]:
    """The settings file as messages name it (relative to the project) and its lines; no
    lines when it is unknown, outside the project or unreadable (messages then say 1:1)."""
    if settings_file is None:
        return "settings", []
    shown = os.path.relpath(settings_file, root)
    if shown.split(os.sep)[0] == os.pardir:
        return settings_file.name, []
    try:
        return shown, read_bytes(root, shown, "settings file").decode("utf-8").splitlines()
    except (InputError, UnicodeDecodeError):
        return shown, []


def setting_position(shown: str, lines: list[str], setting: str, key: Optional[str]) -> Position:
    """The key's line inside the setting's last assignment, else that assignment, else 1:1."""
    start = _assignment_line(lines, setting)
    if start is None:
        return Position(shown)
    if key and setting == SETTING:
        for number in range(start, min(len(lines), start + 3 * len(KEYS))):
            for quoted in (f'"{key}"', f"'{key}'"):
                column = lines[number].find(quoted)
                if column >= 0:
                    return Position(shown, number + 1, column + 1)
    line = lines[start]
    return Position(shown, start + 1, len(line) - len(line.lstrip()) + 1)


def _assignment_line(lines: list[str], setting: str) -> Optional[int]:
    """Index of the last line assigning ``setting`` (the one that wins), if any."""
    found = None
    for index, line in enumerate(lines):
        rest = line.lstrip()
        after = rest[len(setting):].lstrip()
        if rest.startswith(setting) and after.startswith("=") and not after.startswith("=="):
            found = index
    return found


DOC_INTRO = f"""\
IFCN's principles ask a fact-checker to say who it is, who owns and funds it, that it is
nonpartisan, and how to get a correction. Set these in `pelicanconf.py`: `{SETTING}`, a dict
with the keys below, and `{REPOSITORY_SETTING}`. A key left out (or empty) is shown as
"{NOT_STATED}", never dropped; an unknown key, a value that is not text, or a link that is not
http(s) (a mail address for the contacts) is an error at its line."""

DOC_USE = f"""\
Where they appear: a page with the header `Template: about` lists who publishes the site,
one with `Template: corrections` where and how soon to ask for a correction; every page's
`<head>` has the publisher as a schema.org `Organization` (`@id` SITEURL + `#publisher`:
`name` (SITENAME when unset), `url`, `email`, `ownershipFundingInfo`, a `contactPoint` of type
`corrections`, and `publishingPrinciples`/`correctionsPolicy` for the methodology and
corrections pages when the site has them); each `ClaimReview`'s `author` is that node.

Production check: `python build.py check -s publishconf.py` (any settings with
`RELATIVE_URLS = False`, as production builds have; the publish workflow's build runs the same
check) warns, at the setting's line, about each value not set and each one still the sample's
example (containing "{EXAMPLE_MARK}", or a web or mail address on an example domain such as
example.org). Warnings do not fail the check. A local check (`pelicanconf.py`) does not
warn about them."""


def settings_markdown() -> str:
    """docs/publisher-settings.md, from the definition above: the settings are described once."""
    lines = ["# Publisher settings", "",
             "Generated from `factcheck/model/publisher.py` by `make schema`; do not edit by hand.",
             "", DOC_INTRO, "", "| setting | shown as | meaning |", "|---|---|---|"]
    for key, info in Publisher.model_fields.items():
        setting = REPOSITORY_SETTING if key == "repository" else f'{SETTING}["{key}"]'
        lines.append(f"| `{setting}` | {label(key)} | {info.description} |")
    return "\n".join(lines + ["", DOC_USE, ""])
