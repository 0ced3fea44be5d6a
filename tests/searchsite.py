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
