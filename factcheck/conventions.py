"""The Pelican settings the plugin relies on, so that a site on Pelican's defaults just works.

A setting left at Pelican's default is changed to what a fact-check site needs (the plugin's
theme, no blog pages, no blog feeds, escaping on); a value a site chose on purpose that
cannot work with the plugin is reported, by ``check`` and by a build, with what to write
instead. Both ``build.py`` and plain ``pelican`` go through here.
"""

from __future__ import annotations

from pathlib import Path

from pelican.settings import DEFAULT_CONFIG

THEME = str(Path(__file__).resolve().parent / "theme")
# Templates the fact-check generator renders itself; Pelican must not render them directly.
GENERATED_TEMPLATES = frozenset(
    ["index", "claims", "claim", "sources", "source", "claimants", "claimant", "tags", "tag",
     "chronology", "search", "corrections_log", "404"])
# Pelican's blog machinery: with no articles it would still write empty feeds and lists.
_BLOG_DEFAULTS = ("FEED_ALL_ATOM", "CATEGORY_FEED_ATOM", "TRANSLATION_FEED_ATOM",
                  "AUTHOR_FEED_ATOM", "AUTHOR_FEED_RSS")


def adopt_defaults(settings: dict) -> None:
    """Replace, in place, each Pelican default the plugin cannot work with."""
    if settings.get("THEME") == DEFAULT_CONFIG["THEME"]:
        settings["THEME"] = THEME
    if settings.get("DIRECT_TEMPLATES") == DEFAULT_CONFIG["DIRECT_TEMPLATES"]:
        settings["DIRECT_TEMPLATES"] = []
    if settings.get("ARTICLE_PATHS") == DEFAULT_CONFIG["ARTICLE_PATHS"]:
        settings["ARTICLE_PATHS"] = []  # analyses are the plugin's, not Pelican's articles
    for name in _BLOG_DEFAULTS:
        if settings.get(name) == DEFAULT_CONFIG[name]:
            settings[name] = None
    jinja = dict(settings.get("JINJA_ENVIRONMENT") or {})
    jinja.setdefault("autoescape", True)
    settings["JINJA_ENVIRONMENT"] = jinja
    # Pelican would take a date from a page named 2021-13-45-x.md and fail on it.
    settings["FILENAME_METADATA"] = ""
    settings["PATH_METADATA"] = ""


def conflicts(settings: dict) -> list[tuple[str, str]]:
    """(setting, what is wrong and what is expected) for each value the plugin cannot use."""
    found = []
    direct = settings.get("DIRECT_TEMPLATES") or []
    if direct != DEFAULT_CONFIG["DIRECT_TEMPLATES"]:
        clash = sorted(GENERATED_TEMPLATES.intersection(direct))
        if clash:
            found.append(("DIRECT_TEMPLATES", f"DIRECT_TEMPLATES has {', '.join(map(repr, clash))}"
                          ", which the factcheck plugin writes itself; expected [] or only "
                          "templates of your own"))
    if (settings.get("JINJA_ENVIRONMENT") or {}).get("autoescape") is False:
        found.append(("JINJA_ENVIRONMENT", "JINJA_ENVIRONMENT has 'autoescape': False, which "
                      "would publish HTML from pull requests as it is; expected True or the key "
                      "left out"))
    articles = settings.get("ARTICLE_PATHS")
    if articles and articles != DEFAULT_CONFIG["ARTICLE_PATHS"]:
        found.append(("ARTICLE_PATHS", "ARTICLE_PATHS names folders of blog articles, which "
                      "the factcheck plugin does not publish; expected [] (analyses belong in "
                      "FACTCHECK_ANALYSES, pages in PAGE_PATHS)"))
    return found
