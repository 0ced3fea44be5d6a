"""Editorial rules that hold for any content, checked so that CI needs no content tests.

What a contribution can get wrong must be caught by ``check`` at a position, not by a test
pinned to today's sample. These rules are the editorial ones that a machine can judge
(CONTRIBUTING documents each, with its severity):

- a quote not in English, the site's language, needs our English translation (error);
- a quote in English needs none: a translation there means ``lang`` is wrong (warning);
- a machine translation (``translation.by: machine``) needs a ``note`` saying what gives it
  away (warning);
- a ``note`` that calls the report a machine translation while ``translation.by`` is not
  ``machine`` leaves it unflagged on the site (warning);
- an analysis that cites no source at all (warning).

Like quotes.py, the rules run on the raw data, so an entry with other errors is still
checked; each entry is visited once and each note scanned once, so time stays linear.
Values of the wrong type are left to the schema, which already reports them.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Optional

import langcodes

from .problems import Position, Problems
from .references import raw_entries
from .yamlpos import LoadedYaml

# The site's language: the theme marks every translation lang="en" and labels it
# "Our translation from <language>". A tag counts by its primary subtag, so en-GB is English.
SITE_LANGUAGE = "en"
PLACEHOLDER = "TODO"  # what `build.py new` leaves; placeholders are reported elsewhere

_MACHINE_RE = re.compile(r"machine[- ]?translat", re.IGNORECASE)
_SENTENCE_END_RE = re.compile(r"[.!?;](?:\s|$)")
_NEGATION_RE = re.compile(r"\b(?:not|no|never|nor)\b|n't\b", re.IGNORECASE)


def check_editorial(loaded: LoadedYaml, problems: Problems) -> None:
    """Every editorial rule above over claims.yaml's raw data (``warn_uncited`` is run on
    each analysis by analyses.check_analysis)."""
    for index, source in raw_entries(loaded, "sources"):
        check_machine_translation(loaded, index, source, problems)
    for index, claim in raw_entries(loaded, "claims"):
        quotes = claim.get("quotes")
        for n, quote in enumerate(quotes if isinstance(quotes, list) else []):
            if isinstance(quote, dict):
                check_quote_translation(loaded, ("claims", index, "quotes", n), quote, problems)


def language_of(tag: Any) -> Optional[str]:
    """The primary language of a valid BCP 47 tag, normalised (EN-gb, eng -> en); None
    for anything the schema rejects, so a bad tag is reported once, by the schema."""
    return _primary_language(tag) if isinstance(tag, str) else None


@lru_cache(maxsize=1024)  # a site uses a handful of tags, over and over
def _primary_language(tag: str) -> Optional[str]:
    if "_" in tag or not langcodes.tag_is_valid(tag):
        return None
    return langcodes.Language.get(tag).language or "und"


def check_quote_translation(loaded: LoadedYaml, path: tuple, quote: dict,
                            problems: Problems) -> None:
    """Readers get every quote in English: the words, or our translation beside them."""
    language = language_of(quote.get("lang"))
    if language is None:
        return
    where = loaded.position(path + ("lang",))
    translation = quote.get("translation")
    if language != SITE_LANGUAGE and translation is None:
        problems.error(where, f"quote in '{quote['lang']}' has no translation; expected "
                              "translation: our English translation of the quoted words")
    elif language == SITE_LANGUAGE and translation is not None:
        problems.warning(loaded.position(path + ("translation",)),
                         f"quote is marked English (lang: {quote['lang']}) but has a "
                         "translation; expected lang to name the language of the words, "
                         "or no translation")


def check_machine_translation(loaded: LoadedYaml, index: int, source: dict,
                              problems: Problems) -> None:
    """A machine translation is flagged, and the note says why we think it is one."""
    translation = source.get("translation")
    by = translation.get("by") if isinstance(translation, dict) else None
    note = source.get("note")
    if by == "machine" and note is None:
        problems.warning(loaded.position(("sources", index, "translation", "by")),
                         "machine translation without a note; expected a note saying what "
                         "gives it away (e.g. a name rendered wrongly) and what is known of "
                         "the original")
    elif by != "machine" and isinstance(note, str) and calls_machine_translation(note):
        where = ("translation", "by") if by is not None else ("note",)
        problems.warning(loaded.position(("sources", index) + where),
                         "the note calls this report a machine translation but it is not "
                         "flagged; expected translation: {of: <original's id or null>, "
                         "by: machine}")


def calls_machine_translation(note: str) -> bool:
    """True when a sentence of ``note`` says "machine translation" with no negation before
    it ("not a machine translation", "no sign of machine translation" are no flag)."""
    start = 0
    for end in [m.end() for m in _SENTENCE_END_RE.finditer(note)] + [len(note)]:
        sentence = note[start:end]
        found = _MACHINE_RE.search(sentence)
        if found and not _NEGATION_RE.search(sentence, 0, found.start()):
            return True
        start = end
    return False


def warn_uncited(path: str, cites: list[str], text: str, problems: Problems) -> None:
    """An analysis rests on the cited reports: one that cites none cannot. An analysis
    still a placeholder, or whose citations are all broken (reported as errors), is not
    warned about twice."""
    if cites or "[@" in text or text.lstrip().startswith(PLACEHOLDER):
        return
    problems.warning(Position(path), "analysis cites no source; expected a "
                     "citation such as [@source-id, para. 2] for every point it makes")
