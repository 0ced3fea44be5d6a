"""The plugin's settings (``FACTCHECK_*`` in pelicanconf.py), read and checked once.

Read into one typed object at the start of a check or a build, so the rest of the plugin reads
attributes instead of ``settings.get("FACTCHECK_…", default)`` at each use, and a mistyped or
unknown setting (``FACTCHECK_REPOSITRY``) is an error at its line in the settings file instead
of being ignored. ``docs/plugin-settings.md`` is generated from the definitions here.
"""

from __future__ import annotations

import argparse
import difflib
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, ValidationError
from pydantic_core import ErrorDetails

from . import conventions
from .model.check import Project
from .model.pages import DEFAULT_TEMPLATES
from .model.problems import Problems
from .model.publisher import check_publisher, setting_position, settings_lines

PREFIX = "FACTCHECK_"
# Each page the generator writes, and its URL on a web server (Pelican's *_URL style).
# Local settings choose '.../index.html' URLs so the site also works opened from disk.
URL_DEFAULTS = {
    "home": "", "claims": "claims/", "claim": "claims/{id}/", "sources": "sources/",
    "source": "sources/{id}/", "claimants": "claimants/", "claimant": "claimants/{slug}/",
    "tags": "tags/", "tag": "tags/{slug}/", "chronology": "chronology/", "search": "search/",
    "corrections_log": "corrections/log/", "chronology_year": "chronology/{year}/",
    "chronology_month": "chronology/{year}/{month}/",
    "claims_page": "claims/page/{number}/", "claimant_page": "claimants/{slug}/page/{number}/",
    "tag_page": "tags/{slug}/page/{number}/",
}
_KEY_OF = {"claim": "id", "source": "id", "claimant": "slug", "tag": "slug",
           "chronology_year": "year", "chronology_month": "year", "claimant_page": "slug",
           "tag_page": "slug"}
# The later pages of a paginated list (page 2 on; page 1 is the list's own URL) are a kind
# of their own with a {number} placeholder besides the list's key.
PAGED_KINDS = {"claims": "claims_page", "claimant": "claimant_page", "tag": "tag_page"}
# A crowded chronology year's month pages: the year is the key and the number is the month,
# written in two digits (``url("chronology_month", "2021", 3)`` is 'chronology/2021/03/').
MONTH_KINDS = ("chronology_month",)


class PluginSettings(BaseModel):
    """Every FACTCHECK_* setting but the URLs, with its default and meaning."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    root: Optional[str] = Field(None, description="the project folder claims.yaml, content/ and "
                                "evidence/ are read from; default: the folder above PATH")
    data: str = Field("claims.yaml", description="the data file, relative to the project")
    analyses: str = Field("content/claims", description="folder of the Markdown analyses")
    pages: str = Field("content/pages", description="folder of the site's pages (about, …)")
    image_hosts: tuple[str, ...] = Field((), description="other sites Markdown images may load "
                                         "from (each reader's visit tells them)")
    page_templates: tuple[str, ...] = Field(DEFAULT_TEMPLATES, description="templates a page "
                                            "may choose with its Template: header")
    node_modules: Optional[str] = Field(None, description="where npm installed lunr.js, "
                                        "lunr-languages and the share cards' font; default: "
                                        "node_modules/ in the project")
    search_analyses: StrictBool = Field(True, description="index the analyses' text for search")
    publisher: Any = Field(None, description="who publishes the site: see "
                           "docs/publisher-settings.md")
    repository: Any = Field(None, description="GitHub repository URL readers suggest "
                            "corrections in: see docs/publisher-settings.md")
    chronology_page_size: StrictInt = Field(500, ge=1, description="past this many entries "
                                            "the chronology is one page per year, under an "
                                            "index of the years (one page grows too big to "
                                            "load on a phone)")
    list_page_size: StrictInt = Field(100, ge=1, description="claims per page of the claims "
                                      "list and of each claimant's and tag's page")

    def project(self, settings: dict) -> Project:
        """Where the inputs are: beside the content folder unless FACTCHECK_ROOT says."""
        root = Path(self.root or Path(settings["PATH"]).parent)
        return Project(root, self.data, self.analyses, self.pages, self.image_hosts,
                       self.page_templates)

    def modules(self, settings: dict) -> Path:
        return Path(self.node_modules) if self.node_modules else (
            self.project(settings).root / "node_modules")


@dataclass(frozen=True)
class Urls:
    """Site-relative URL and output file of every page the generator writes."""

    patterns: dict[str, tuple[str, str]]  # kind -> (URL, SAVE_AS)

    def url(self, kind: str, key: str = "", number: Optional[int] = None) -> str:
        """A page's URL; ``number`` is the page of a paginated list (``url("claims",
        number=2)``), page 1 (or None) being the list's own URL."""
        kind = paged_kind(kind, number)
        return self.patterns[kind][0].format(**_placeholder_values(kind, key, number))

    def save_as(self, kind: str, key: str = "", number: Optional[int] = None) -> str:
        kind = paged_kind(kind, number)
        return self.patterns[kind][1].format(**_placeholder_values(kind, key, number))


def paged_kind(kind: str, number: Optional[int]) -> str:
    """The kind of page ``number`` of a list: its own kind for page 1, its _page kind after."""
    return PAGED_KINDS[kind] if kind in PAGED_KINDS and number is not None and number > 1 \
        else kind


def _placeholder_values(kind: str, key: str, number: Optional[int]) -> dict[str, Any]:
    values: dict[str, Any] = {_KEY_OF.get(kind, "id"): key, "number": number}
    if kind in MONTH_KINDS:
        values["month"] = f"{number or 0:02d}"
    return values


def placeholders(kind: str) -> tuple[str, ...]:
    """The placeholders a kind's URL must hold: its key, {number} for a later page and
    {month} for a chronology month page."""
    key = (_KEY_OF[kind],) if kind in _KEY_OF else ()
    return key + (("number",) if kind in PAGED_KINDS.values() else ()) + (
        ("month",) if kind in MONTH_KINDS else ())


def default_save_as(url: str) -> str:
    """Pelican's style: 'claims/{id}/' is saved as 'claims/{id}/index.html'."""
    return f"{url}index.html" if url == "" or url.endswith("/") else url


def url_setting_names(kind: str) -> tuple[str, str]:
    return f"{PREFIX}{kind.upper()}_URL", f"{PREFIX}{kind.upper()}_SAVE_AS"


_URL_SETTINGS = {name: kind for kind in URL_DEFAULTS for name in url_setting_names(kind)}


def read_urls(settings: dict, problems: list[tuple[str, str]]) -> Urls:
    """The URL settings, each checked: text, relative, inside the site, with its key."""
    patterns = {}
    for kind, default in URL_DEFAULTS.items():
        url_name, save_name = url_setting_names(kind)
        url = _url_pattern(settings, url_name, default, kind, problems)
        save_as = _url_pattern(settings, save_name, default_save_as(url), kind, problems)
        if not save_as.endswith(".html") and save_name in settings:
            problems.append((save_name, f"{save_name} is '{save_as}'; expected a file name "
                             "ending in .html, e.g. 'claims/{id}/index.html'"))
        patterns[kind] = (url, save_as)
    return Urls(patterns)


def _url_pattern(settings: dict, name: str, default: str, kind: str,
                 problems: list[tuple[str, str]]) -> str:
    value = settings.get(name, default)
    if not isinstance(value, str):
        problems.append((name, f"{name} is {type(value).__name__}; expected text such as "
                         f"'{default or 'index.html'}'"))
        return default
    wanted = [f"{{{key}}}" for key in placeholders(kind)]
    try:
        formatted = value.format(**{key: "x" for key in placeholders(kind)})
    except (KeyError, IndexError, ValueError):
        formatted = None
    if formatted is None or any(placeholder not in value for placeholder in wanted):
        expected = (f"exactly one placeholder, {wanted[0]}" if len(wanted) == 1 else
                    f"the placeholders {' and '.join(wanted)}" if wanted else "no placeholder")
        problems.append((name, f"{name} is '{value}'; expected {expected}"))
        return default
    parts = formatted.split("/")
    if formatted.startswith("/") or "://" in formatted or ".." in parts or "\\" in formatted:
        problems.append((name, f"{name} is '{value}'; expected a path inside the site, "
                         "relative to its root, such as 'claims/{id}/'"))
        return default
    return value


def read_plugin_settings(settings: dict) -> tuple[PluginSettings, Urls, list[tuple[str, str]]]:
    """The typed settings and URLs, and (setting, message) for each one that cannot be used
    (its default is used instead, so one mistake does not hide the others)."""
    problems: list[tuple[str, str]] = list(conventions.conflicts(settings))
    urls = read_urls(settings, problems)
    raw = {key[len(PREFIX):].lower(): value for key, value in settings.items()
           if key.startswith(PREFIX) and key not in _URL_SETTINGS}
    try:
        return PluginSettings(**raw), urls, problems
    except ValidationError as err:
        for error in err.errors():
            problems.append(_problem(error))
        good = {key: value for key, value in raw.items() if key in PluginSettings.model_fields
                and not any(error["loc"][:1] == (key,) for error in err.errors())}
        return PluginSettings(**good), urls, problems


def _problem(error: ErrorDetails) -> tuple[str, str]:
    name = f"{PREFIX}{str(error['loc'][0]).upper()}" if error["loc"] else PREFIX
    if error["type"] == "extra_forbidden":
        close = difflib.get_close_matches(name, known_settings(), n=1)
        expected = f"did you mean {close[0]}?" if close else "expected one of those listed"
        return name, (f"{name} is not a setting of the factcheck plugin; {expected} (all "
                      "are in docs/plugin-settings.md)")
    return name, f"{name} is {error['input']!r}: {error['msg'][0].lower()}{error['msg'][1:]}"


def known_settings() -> list[str]:
    return [f"{PREFIX}{name.upper()}" for name in PluginSettings.model_fields] + list(
        _URL_SETTINGS)


def check_settings(settings: dict, settings_file: Optional[Path],
                   problems: Problems) -> tuple[PluginSettings, Urls]:
    """Read the settings once; every problem is an error at its line in the settings file."""
    plugin, urls, found = read_plugin_settings(settings)
    root = plugin.project(settings).root
    report_settings(settings_file, root, found, problems)
    check_publisher(settings, settings_file, root, problems)
    return plugin, urls


def report_settings(settings_file: Optional[Path], root: Path,
                    found: list[tuple[str, str]], problems: Problems) -> None:
    """Each (setting, message) as an error at the setting's line in the settings file."""
    shown, lines = settings_lines(settings_file, root)
    for setting, message in found:
        problems.error(setting_position(shown, lines, setting, None), message)


def settings_file_of_pelican_command() -> Optional[Path]:
    """The settings file plain ``pelican`` was started with (its -s option, else
    pelicanconf.py in the current folder, as Pelican itself chooses), to point at its lines."""
    if not sys.argv or Path(sys.argv[0]).name not in ("pelican", "__main__.py"):
        return None
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("-s", "--settings")
    known, _ = parser.parse_known_args(sys.argv[1:])
    path = Path(known.settings or "pelicanconf.py")
    return path.resolve() if path.is_file() else None


DOC_INTRO = """\
Set these in `pelicanconf.py` (all optional). They are read once per check and build; a
setting the plugin does not know (`FACTCHECK_REPOSITRY`) or a value of the wrong type is an
error at its line in the settings file, with the nearest known name."""

DOC_URLS = """\
## Page URLs

Each page the plugin writes has a URL setting and a SAVE_AS setting, in Pelican's style
(`ARTICLE_URL`/`ARTICLE_SAVE_AS`): `FACTCHECK_<KIND>_URL` is how links name the page,
`FACTCHECK_<KIND>_SAVE_AS` the file written (default: the URL, with `index.html` added to a
URL ending in `/`). A claim's or source's URL has the placeholder `{id}`, a claimant's or
tag's `{slug}`, a chronology year page's `{year}`, a chronology month page's `{year}` and
`{month}` (two digits, `chronology/2021/03/`); the later pages of a paginated list
(`claims_page`, `claimant_page`, `tag_page`: page 2 on, page 1 being the list's own URL) also
`{number}`. URLs are relative to the site's root and stay inside it. Templates link pages
with `path_to(kind, key)` (`path_to("claim", claim.id)`, `path_to("page", "about")`), a list's
page with `path_to(kind, key, number)` (`path_to("tag", "sky", 2)`), a chronology month page
with the month as its number (`path_to("chronology_month", "2021", 3)`), never by writing a
path.

A browser opening `output/` from disk does not add `index.html` to a folder link, so the
sample's `pelicanconf.py` names it in every URL (`claims/{id}/index.html`) and
`publishconf.py` goes back to these defaults for the web. Links between Markdown pages are
written as Pelican's `{filename}about.md`, so they follow the same settings.

| kind | default URL |
|---|---|"""

PELICAN_NOTE = """\
## Pelican settings the plugin sets

Left at Pelican's defaults, these become what a fact-check site needs (`factcheck/
conventions.py`): `THEME` (the plugin's templates; override single templates with
`THEME_TEMPLATES_OVERRIDES`), `DIRECT_TEMPLATES` (none: the plugin writes the home page and
lists), `ARTICLE_PATHS` (none), Pelican's blog feeds (off), Jinja `autoescape` (on). A site
that sets `DIRECT_TEMPLATES` to a template the plugin writes, `ARTICLE_PATHS` to a folder, or
`autoescape` to False gets an error at that setting."""


def settings_markdown() -> str:
    """docs/plugin-settings.md, from the definitions above: the settings are described once."""
    lines = ["# Plugin settings", "",
             "Generated from `factcheck/settings.py` by `make schema`; do not edit by hand.", "",
             DOC_INTRO, "", "| setting | default | meaning |", "|---|---|---|"]
    for name, info in PluginSettings.model_fields.items():
        default = "" if info.default is None else repr(info.default)
        lines.append(f"| `{PREFIX}{name.upper()}` | `{default}` | {info.description} |"
                     .replace("``", "(none)"))
    lines += ["", DOC_URLS]
    lines += [f"| {kind} | `{url or '(empty: the root)'}` |" for kind, url in URL_DEFAULTS.items()]
    return "\n".join(lines + ["", PELICAN_NOTE, ""])
