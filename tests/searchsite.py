"""A fixture site with English, German and Russian text, for the search tests."""

from __future__ import annotations

from pathlib import Path

from conftest import VALID_ANALYSIS, VALID_YAML, write_site

MULTILINGUAL_CLAIMS = """\
  - id: rockets-failed
    claim: The rockets failed to explode.
    claimant: Nora Nachricht
    date: 2021-02-23
    said_in: report-b
    rating: unproven
    summary: The German report quotes the remark; nothing settles it.
    quotes:
      - source: report-b
        text: Die Raketen explodierten nicht.
        lang: de
        translation: The missiles did not explode.
    tags: [missiles]
    published: 2026-11-24
  - id: debris-found
    claim: Debris was found in the town.
    claimant: Ivan Ivanov
    date: 2021-03~
    said_in: report-c
    rating: unproven
    summary: Only the Russian report says so.
    quotes:
      - source: report-c
        text: Обломки ракеты нашли в Шуше, под ёлкой.
        lang: ru
        translation: Fragments of the missile were found in Shusha, under a fir tree.
    tags: [debris]
    published: 2026-11-24
"""

RUSSIAN_SOURCE = """\
  - id: report-c
    title: Обломки ракет в Шуше
    publisher: Кавказский узел
    published: 2021-04-07
    url: null
    language: ru
"""


def multilingual_yaml() -> str:
    head, _, tail = VALID_YAML.partition("claims:\n")
    head += RUSSIAN_SOURCE
    claims, _, events = tail.partition("events:\n")
    return head + "claims:\n" + claims + MULTILINGUAL_CLAIMS + "events:\n" + events


def write_multilingual_site(root: Path) -> Path:
    return write_site(root, multilingual_yaml(), analyses={
        "sky-is-green": VALID_ANALYSIS,
        "rockets-failed": "The remark [@report-b].\n",
        "debris-found": "The report [@report-c].\n"})


# A site whose words are written as issue 9's causes 3, 6 and 7 need (tests/test_search_words.py):
# a possessive only, a dotted outlet name, umlauts in German, names in Latin and Cyrillic.
WORDS_SOURCES = """\
  - id: today-az
    title: Ministry statement on the convoy
    publisher: Today.az
    published: 2021-05-02
    url: https://example.org/today
    language: en
  - id: zeitung
    title: Minister kündigte Gespräche an
    publisher: Berliner Blatt
    published: 2021-05-03
    url: null
    language: de
  - id: vedomosti
    title: Заявление Пескова о переговорах
    publisher: Московская газета
    published: 2021-05-04
    url: null
    language: ru
"""

WORDS_CLAIMS = """\
  - id: remark-misquoted
    claim: Peskov's remark on the convoy was misquoted.
    claimant: Nora Nachricht
    date: 2021-05
    said_in: today-az
    rating: unproven
    summary: The spokesman’s words were cut «in half».
    tags: [kremlin]
    published: 2026-11-24
  - id: call-happened
    claim: The two ministers spoke by phone.
    claimant: Nora Nachricht
    date: 2021-05
    said_in: zeitung
    rating: unproven
    summary: The paper reports a call.
    quotes:
      - source: zeitung
        text: „Das Telefongespräch fand statt“, sagte er.
        lang: de
        translation: The call took place, he said.
    tags: [diplomacy]
    published: 2026-11-24
  - id: visit-happened
    claim: Aliyev visited Shusha in May.
    claimant: Nora Nachricht
    date: 2021-05
    said_in: today-az
    rating: unproven
    summary: Photos show the Iskander-M launcher parked nearby.
    tags: [visits]
    published: 2026-11-24
"""


def words_yaml() -> str:
    head, _, tail = VALID_YAML.partition("claims:\n")
    claims, _, events = tail.partition("events:\n")
    return head + WORDS_SOURCES + "claims:\n" + claims + WORDS_CLAIMS + "events:\n" + events


WORDS_ANALYSES = {"sky-is-green": VALID_ANALYSIS,
                  "remark-misquoted": "The outlet [@today-az] cut it.\n",
                  "call-happened": "The paper [@zeitung] has it.\n",
                  "visit-happened": "The agency [@vedomosti] disagrees.\n"}


def write_words_site(root: Path) -> Path:
    return write_site(root, words_yaml(), analyses=WORDS_ANALYSES)


def words_site_texts() -> list[str]:
    """Every text of the fixture sites, for the tokeniser parity test's vocabulary."""
    return [words_yaml(), multilingual_yaml(), *WORDS_ANALYSES.values()]
