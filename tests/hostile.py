"""Hostile inputs, a sandboxed runner and a page scanner for tests/test_hostile.py.

Everything a pull request can change is here in a hostile form: YAML values of each field
kind, whole YAML files, Markdown for analyses, event texts and pages, page headers, and
file-system tricks (symlinks out of the project, FIFOs, odd file names). Each case is a
function that applies one hostile change to a copy of a valid fixture site.

``run_cli`` runs build.py in a forked child (no interpreter start-up per case) with a hard
timeout, so a catastrophic regular expression fails one case instead of hanging the suite.
``scan_page`` says what in a built page could run script, load from another site or send
a reader elsewhere; it is tested on its own in test_hostile.py so it cannot pass vacuously.
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
import re
import shutil
import signal
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit

from bs4 import BeautifulSoup

from conftest import PAGES, VALID_ANALYSIS, VALID_YAML

ANALYSIS = "content/claims/sky-is-green.md"
ABOUT = "content/pages/about.md"
SECRET = "SECRET-LINE-7f3a"  # in files outside the project; must never be echoed or published

# --- writing values into the fixture ---------------------------------------------------------


def yaml_quoted(value: str) -> str:
    """``value`` as a YAML double-quoted scalar that loads back to exactly ``value``,
    control characters included (written as escapes, which YAML allows)."""
    out = ['"']
    for char in value:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif code < 0x20 or 0x7F <= code <= 0x9F or 0xD800 <= code <= 0xDFFF or char in (
                "\u2028\u2029\ufeff\ufffe\uffff"):
            out.append(f"\\u{code:04x}")
        else:
            out.append(char)
    return "".join(out) + '"'


# Where each field kind sits in conftest.VALID_YAML: the line, and its replacement with {}
# standing for the quoted hostile value. Insertions keep the original line.
FIELDS = {
    "rating.id": ("  - id: unproven\n", "  - id: {}\n"),
    "rating.label": ("    label: Unproven\n", "    label: {}\n"),
    "rating.meaning": ("    meaning: The cited evidence neither confirms nor refutes the claim.\n",
                       "    meaning: {}\n"),
    "source.id": ("  - id: report-b\n", "  - id: {}\n"),
    "source.title": ("    title: Report A\n", "    title: {}\n"),
    "source.publisher": ("    publisher: Outlet A\n", "    publisher: {}\n"),
    "source.authors": ("    authors: [Ann Author]\n", "    authors: [{}]\n"),
    "source.published": ("    published: 2021-04-13\n", "    published: {}\n"),
    "source.url": ("    url: https://example.org/a\n", "    url: {}\n"),
    "source.archive_url": ("    url: https://example.org/a\n",
                           "    url: https://example.org/a\n    archive_url: {}\n"),
    "source.language": ("    language: en\n", "    language: {}\n"),
    "source.cites": ("    cites: [report-b]\n", "    cites: [{}]\n"),
    "source.note": ("    language: de\n", "    language: de\n    note: {}\n"),
    "source.local_copy": ("    language: de\n", "    language: de\n    local_copy: {}\n"),
    "claim.claim": ("    claim: The sky is green.\n", "    claim: {}\n"),
    "claim.claimant": ("    claimant: Sam Speaker\n", "    claimant: {}\n"),
    "claim.claimant_role": ("    claimant_role: Spokesperson\n", "    claimant_role: {}\n"),
    "claim.date": ("    date: 2021-04\n", "    date: {}\n"),
    "claim.summary": ("    summary: Report A says the sky is blue.\n", "    summary: {}\n"),
    "claim.tag": ("    tags: [sky]\n", "    tags: [{}]\n"),
    "claim.published": ("    published: 2026-11-24\n", "    published: {}\n"),
    "quote.text": ("        text: Der Himmel ist grün.\n", "        text: {}\n"),
    "quote.lang": ("        lang: de\n", "        lang: {}\n"),
    "quote.translation": ("        translation: The sky is green.\n", "        translation: {}\n"),
    "update.date": ("      - date: 2026-11-25\n", "      - date: {}\n"),
    "update.note": ("        note: Added a source.\n", "        note: {}\n"),
    "event.id": ("  - id: speech\n", "  - id: {}\n"),
    "event.date": ("    date: 2021-04-02\n", "    date: {}\n"),
    "event.title": ("    title: Sam speaks\n", "    title: {}\n"),
    "event.text": ("    sources: [report-a]\n", "    text: {}\n    sources: [report-a]\n"),
    "event.says": ("    claims: [sky-is-green]\n", "    claims: [sky-is-green]\n    accounts:\n"
                   "      - source: report-a\n        says: {}\n"),
}
# Fields holding display text or Markdown: where the property test splices fragments.
TEXT_FIELDS = ("rating.label", "rating.meaning", "source.title", "source.publisher",
               "source.authors", "source.note", "claim.claim", "claim.claimant",
               "claim.claimant_role", "claim.summary", "quote.text", "quote.translation",
               "update.note", "event.title", "event.text", "event.says")


def yaml_with(field: str, value: str) -> str:
    """VALID_YAML with ``field`` set to ``value`` (quoted, so it is a value, not syntax)."""
    return yaml_with_values({field: value})


class Raw(str):
    """A value written into the YAML as it is (a number, a list, a tag), not quoted."""


# Values of the wrong type or shape for any field, written raw.
RAW_VALUES = ["123", "-1", "1.5", "true", "null", "~", "''", "[]", "[a, [b]]", "{a: b}", "{}",
              "2021-04-02", ".nan", "1e400", "0x1F", "!!binary aGVsbG8=", "!!set {a, b}",
              "!!omap [a: 1]", "!!timestamp 2021-04-02", "!!float 1"]


def yaml_with_values(values: dict[str, str]) -> str:
    """VALID_YAML with several fields set at once. Fields added beside a line go first,
    while the line they are added beside is still there to find."""
    text = VALID_YAML
    for field, value in sorted(values.items(), key=lambda item: FIELDS[item[0]][0] not in
                               FIELDS[item[0]][1]):
        line, template = FIELDS[field]
        assert text.count(line) == 1, field
        written = value if isinstance(value, Raw) else yaml_quoted(value)
        text = text.replace(line, template.format(written), 1)
    return text


# The fixture's own text in each text field ('' where the field is added).
ORIGINAL = {field: (line.split(": ", 1)[1].rstrip("\n").strip("[]")
                    if template.count("\n") == 1 else "")
            for field, (line, template) in FIELDS.items()}


def write(root: Path, name: str, data: str | bytes) -> None:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_bytes(data.encode("utf-8", "surrogatepass"))


# --- cases -----------------------------------------------------------------------------------

Apply = Callable[[Path, Path], None]  # (site root, a scratch folder outside the site)


@dataclass(frozen=True)
class Where:
    """The lines of ``path`` that hold the hostile input. With ``only``, the rest of the file
    is valid, so every problem in the file must be on those lines; otherwise an input that
    must be refused needs an error there (other entries may fail as well, e.g. those that
    refer to an id the input changed)."""

    path: str
    first: int
    last: int
    only: bool


@dataclass(frozen=True)
class Case:
    name: str
    apply: Apply
    refuse: bool = False  # check must report an error (passing it would be the bug)
    fragment: str | None = None  # the hostile text, when the case is one; for the fuzz test
    where: Where | None = None


def yaml_case(name: str, field: str, value: str, refuse: bool) -> Case:
    text = yaml_with(field, value)
    line = text[:text.index(yaml_quoted(value))].count("\n") + 1
    return Case(name, lambda root, scratch: write(root, "claims.yaml", text), refuse,
                value if field in TEXT_FIELDS else None,
                Where("claims.yaml", line, line, only=field == "event.text"))


def yaml_file(data: str | bytes) -> Apply:
    return lambda root, scratch: write(root, "claims.yaml", data)


def analysis_case(name: str, text: str) -> Case:
    first = VALID_ANALYSIS.count("\n") + 2  # after a blank line
    return Case(name, lambda root, scratch: write(root, ANALYSIS, VALID_ANALYSIS + "\n" + text
                                                  + "\n"),
                fragment=text, where=Where(ANALYSIS, first, first + text.count("\n") + 1, True))


def page_case(name: str, text: str) -> Case:
    return Case(name, lambda root, scratch: write(root, ABOUT, "Title: About\nSlug: about\n\n"
                                                  + text + "\n"),
                fragment=text, where=Where(ABOUT, 4, 4 + text.count("\n") + 1, True))


def header_case(name: str, lines: str, refuse: bool) -> Case:
    return Case(name, lambda root, scratch: write(root, ABOUT, lines + "\n\nAbout.\n"), refuse,
                where=Where(ABOUT, 1, lines.count("\n") + 1, True))


# Markdown that tries to publish script, a dangerous URL or a tracker. Rendered or refused,
# none of it may reach a page as markup.
MARKUP = {
    "script": "<script>alert(1)</script>",
    "img-onerror": "<img src=x onerror=alert(1)>",
    "svg-onload": "<svg onload=alert(1)>",
    "iframe": '<iframe src="javascript:alert(1)"></iframe>',
    "a-javascript": '<a href="javascript:alert(1)">x</a>',
    "a-onclick": '<a href="#" onclick="alert(1)">x</a>',
    "split-script": "<scr<script>ipt>alert(1)</script>",
    "html-block": "<div>\n<script>alert(1)</script>\n</div>",
    "style-element": "<style>body{background:url(https://tracker.example/x)}</style>",
    "style-attr": '<p style="background:url(javascript:alert(1))">x</p>',
    "meta-refresh": '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "base": '<base href="https://evil.example/">',
    "form": '<form action="https://evil.example/"><input name=q></form>',
    "object-embed": '<object data="data:text/html,x"></object><embed src="x.swf">',
    "md-javascript": "[x](javascript:alert(1))",
    "md-mixed-case": "[x](JaVaScRiPt:alert(1))",
    "md-tab": "[x](java\tscript:alert(1))",
    "md-entity-colon": "[x](javascript&#58;alert(1))",
    "md-entity-hex": "[x](&#x6A;avascript:alert(1))",
    "md-control-prefix": "[x](\x01javascript:alert(1))",
    "md-data": "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "md-vbscript": "[x](vbscript:msgbox(1))",
    "md-image-javascript": "![x](javascript:alert(1))",
    "md-angle-destination": "[x](<javascript:alert(1)>)",
    "md-title": '[x](javascript:alert(1) "t")',
    "md-title-breakout": '[x](https://example.org "a\\" onmouseover=\\"alert(1)")',
    "md-quote-in-url": '[x](https://example.org/"onmouseover="alert(1))',
    "reference-link": "[x][r]\n\n[r]: javascript:alert(1)",
    "reference-image": "![x][r]\n\n[r]: data:image/svg+xml,<svg/onload=alert(1)>",
    "autolink-javascript": "<javascript:alert(1)>",
    "autolink-data": "<data:text/html,x>",
    "attr-list": "# Heading {onclick=alert(1)}",
    "attr-list-colon": '## Heading {: onclick="alert(1)" #site-search }',
    "link-in-heading": "# [x](javascript:alert(1))",
    "table-cell": "| a |\n|---|\n| <img src=x onerror=alert(1)> |",
    "remote-image": "![](https://tracker.example/p.gif)",
    "remote-image-no-scheme": "![](//tracker.example/p.gif)",
    "remote-image-reference": "![t][p]\n\n[p]: https://tracker.example/p.gif",
    "remote-image-uppercase": "![](HTTPS://TRACKER.EXAMPLE/p.gif)",
    "heading-ids": "## main\n\n## site-search\n\n## content",
    "jinja": "{{ 7*7 }} {% if 1 %}x{% endif %}",
    "terminal-escapes": "\x1b[31mred\x1b[0m \x07 \x9b",
    "bidi-override": "\u202eevil",
    "workflow-command": "x\n::error file=x::pwned\n::add-mask::x",
    "nul": "a\x00b",
    "bom-inside": "a\ufeffb",
    "autolink-quotes": '<http://a.example/"onmouseover="alert(1)>',
    "autolink-mailto-quotes": '<mailto:x@y.example?subject=a"onclick="alert(1)>',
    "email-autolink": "<a@b.example>",
    "reference-entity": "[x][r]\n\n[r]: &#106;avascript:alert(1)",
    "reference-title-quotes": '[x][r]\n\n[r]: https://e.example "a\\" onclick=\\"alert(1)"',
    "newline-in-destination": "[x](\njavascript:alert(1))",
    "nul-in-scheme": "[x](java\x00script:alert(1))",
    "nested-image-link": "[![a](javascript:alert(1))](https://e.example)",
    "image-title-quotes": '![a](x.png "a\\" onerror=\\"alert(1)")',
    "image-svg-data": "![a](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "image-backslash-host": "![a](/\\evil.example/p.gif)",
    "image-https-backslash": "![a](https:\\\\evil.example/p.gif)",
    "image-https-no-slashes": "![a](https:evil.example/p.gif)",
    "image-unc-path": "![a](\\\\\\\\evil.example\\share\\p.gif)",  # \\ once escaped
    "link-file": "[x](file:///etc/passwd)",
    "link-intent": "[x](intent://x#Intent;end)",
    "code-span-html": "`<script>alert(1)</script>`",
    "fenced-html": "```html\n<script>alert(1)</script>\n```",
    "numeric-entity-tags": "&#60;script&#62;alert(1)&#60;/script&#62;",
    "cdata": "<![CDATA[<script>alert(1)</script>]]>",
    "doctype": "<!DOCTYPE html><script>alert(1)</script>",
    "headings-odd": "## ***\n\n## Same\n\n## Same\n\n## \u202e\n\n## cite-1-1",
    "citation-locator-markup": "[@report-a, <script>alert(1)</script>]",
    "citation-locator-link": "[@report-a, [x](javascript:alert(1))]",
    "citation-locator-quote": '[@report-a, a" onclick="alert(1)]',
    "citation-unclosed-prefix": "B [@report",  # a prefix of the valid [@report-a] above
}
# Inputs that make a backtracking pattern or a recursive parser take forever.
PATHOLOGICAL = {
    "cite-comma-spaces": "[@a," + " " * 6000,
    "backticks": "`" * 6000,
    "brackets": "[" * 5000,
    "angles": "<" * 5000,
    "link-openers": "](" * 3000,
    "cite-openers": "[@" * 3000,
    "dotdot-link": "[x](" + "../" * 3000 + ")",
    "stars": "*" * 5000,
    "star-underscore": "*_" * 3000,
    "image-openers": "![" * 3000,
    "nested-link-openers": "[a](" * 5000,
    "backslashes": "\\" * 6000,
    "html-comments": "<!--" * 3000,
    "entities": "&#" * 5000,
    "blockquotes": "> " * 5000,
    "many-images": "![a](b) " * 7900,  # 63 KB, under the analysis and page size limit
}
# Markup also tried in event texts and pages (all of it is tried in analyses).
EVERYWHERE = ("script", "img-onerror", "html-block", "md-javascript", "md-entity-colon",
              "md-tab", "md-data", "reference-link", "autolink-javascript", "attr-list",
              "remote-image", "remote-image-no-scheme", "image-backslash-host",
              "workflow-command", "terminal-escapes", "headings-odd")


def markup_cases() -> list[Case]:
    cases = [analysis_case(f"analysis-{name}", text) for name, text in MARKUP.items()]
    for name in EVERYWHERE:
        cases.append(yaml_case(f"event-text-{name}", "event.text", MARKUP[name], False))
        cases.append(page_case(f"page-{name}", MARKUP[name]))
    for name, text in PATHOLOGICAL.items():
        cases += [analysis_case(f"analysis-{name}", text),
                  yaml_case(f"event-text-{name}", "event.text", text, False),
                  page_case(f"page-{name}", text)]
    return cases


WORKFLOW = "x\n::error file=x::pwned\n::add-mask::x"
CONTROLS = "x\x1b[31m\x07\x9b\u202ey"
# (field, value) that check must refuse: every field kind that is not free text.
REFUSED_VALUES = [
    ("rating.id", "unproven "), ("source.id", " report-b"), ("event.id", "x\n"),
    ("event.id", "a" * 300), ("event.id", "a" * 81), ("event.id", "con"), ("event.id", "nul"),
    ("event.id", "com1"), ("event.id", "lpt9"), ("event.id", "CON"), ("event.id", WORKFLOW),
    ("event.id", "-x"), ("event.id", "x\u0301"), ("claim.tag", "con"), ("claim.tag", "a" * 300),
    ("source.cites", "report-a"),  # a source that cites itself
    ("source.published", "0000-01-01"), ("source.published", "9999-12-31~"),
    ("source.published", "0000"), ("source.published", "9999"), ("event.date", "0999"),
    ("event.date", "2021-02-30"), ("event.date", "2021-04-02/2021-04-01"),
    ("event.date", "2021-04-02" + WORKFLOW), ("claim.date", "99999"),
    ("claim.published", "0001-01-01"), ("claim.published", "9999-12-31"),
    ("update.date", "9999-12-31"), ("update.date", "2026-11-25\x1b[2J"),
    ("source.url", "javascript:alert(1)"), ("source.url", "JaVaScRiPt://x/%0aalert(1)"),
    ("source.url", "data:text/html,x"), ("source.url", "https://"), ("source.url", "http://[::1"),
    ("source.archive_url", "vbscript:msgbox(1)"),
    ("source.language", "en" + WORKFLOW), ("source.language", "en_US"),
    ("source.language", "\u202een"), ("source.language", "a" * 300),
    ("quote.lang", "x-klingon\x07"),
    ("source.local_copy", "/etc/passwd"), ("source.local_copy", "../../../../etc/passwd"),
    ("source.local_copy", "evidence/\x00x"), ("source.local_copy", "."),
]
# (field, value) that may pass check, as long as the page shows it as text.
TEXT_VALUES = [
    ("source.url", 'https://e.org/"><script>alert(1)</script>'),
    ("source.url", "https://e.org/" + WORKFLOW), ("source.url", "https://e.org/" + "a" * 5000),
    ("source.archive_url", " https://e.org/"),
    ("claim.claim", "</script><script>alert(1)</script>"),
    ("claim.claimant", "<img src=x onerror=alert(1)>"), ("source.title", "<svg onload=alert(1)>"),
    ("source.publisher", "{{ 7*7 }}"), ("claim.summary", WORKFLOW), ("update.note", CONTROLS),
    ("rating.label", "<script>alert(1)</script>"), ("event.title", "\ud800"),
    ("quote.text", "\u2028\u2029x"), ("source.authors", "a\ufeffb"),
    ("source.note", "\x00"), ("event.says", "<a href=javascript:alert(1)>x</a>"),
    ("claim.claimant_role", "x" * 100_000), ("quote.translation", " "),
]


def value_cases() -> list[Case]:
    return [yaml_case(f"yaml-{field}-{label(value)}", field, value, refuse)
            for values, refuse in ((REFUSED_VALUES, True), (TEXT_VALUES, False))
            for field, value in values]


def label(value: str) -> str:
    """A readable, unique test id for a hostile value."""
    words = re.sub(r"[^A-Za-z0-9]+", "_", value[:16]).strip("_") or "x"
    return f"{words}-{hashlib.sha1(value.encode('utf-8', 'surrogatepass')).hexdigest()[:4]}"


# Nine aliases of nine aliases ... eight levels: 9**8 (43 million) values from 8 lines.
BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{new}: &{new} [{', '.join(['*' + old] * 9)}]\n" for old, new in zip("abcdefg", "bcdefgh"))
# Whole claims.yaml files check must refuse.
REFUSED_YAML = {
    "billion-laughs": "ratings: []\n" + BOMB,
    "billion-laughs-in-ratings": BOMB + "ratings: *h\n",
    "recursive-alias": "ratings: &a [*a]\n",
    "nested-flow": "ratings: " + "[" * 10000 + "]" * 10000 + "\n",
    "nested-map": "ratings: " + "{a: " * 10000 + "x" + "}" * 10000 + "\n",
    "nested-block": "ratings:\n" + "".join(" " * i + "-\n" for i in range(3000)),
    "python-tag": "ratings: !!python/object/apply:os.system [echo pwned]\n",
    "two-documents": "ratings: []\n---\nratings: []\n",
    "top-level-list": "- ratings\n",
    "empty": "",
    "only-comment": "# nothing\n",
    "non-string-key": VALID_YAML + "? [a, b]\n: c\n",
    "duplicate-key": VALID_YAML.replace("    label: Unproven\n",
                                        "    label: Unproven\n    label: Correct\n"),
    "float-inf": VALID_YAML.replace("    value: 4\n", "    value: .inf\n"),
    "tab-indent": VALID_YAML.replace("    label: Unproven\n", "\tlabel: Unproven\n"),
    "raw-escape": VALID_YAML.replace("Report A\n", "Report \x1b[31mA\n", 1),
    "bom-inside": VALID_YAML.replace("Report A\n", "Report\ufeffA\n", 1),
    "unclosed-quote": VALID_YAML.replace("Report A\n", '"Report A\n', 1),
    "self-translation": VALID_YAML.replace(
        "    language: de\n", "    language: de\n    translation: {of: report-b, by: us}\n"),
    "relabel-by-space": VALID_YAML.replace(
        "  - id: unproven\n    label: Unproven\n", "  - id: unproven\n    label: Unproven\n"
        "    value: null\n    meaning: x\n  - id: \"unproven \"\n    label: Correct\n"),
}
# Whole files that may pass, if they are read as what they are.
ODD_YAML = {
    "huge-int": VALID_YAML.replace("    value: 4\n", "    value: " + "9" * 5000 + "\n"),
    "crlf": VALID_YAML.replace("\n", "\r\n"),
    "raw-nel": VALID_YAML.replace("Report A\n", "Report\x85A\n", 1),
    "bom-start": "\ufeff" + VALID_YAML,
    "long-line": VALID_YAML.replace("Report A\n", "R" * 1_000_000 + "\n", 1),
    "small-aliases": VALID_YAML.replace("    title: Report A\n", "    title: &t Report A\n")
                               .replace("    title: Report B\n", "    title: *t\n"),
}
# Valid input that builds pages with more than one entry of a kind.
SECOND_EVENT = ("  - id: speech-two\n    date: 2021-04-03\n    title: Sam speaks again\n"
                "    text: \"# Background\\n\\nMore.\"\n    sources: [report-a]\n")
ODD_YAML["two-event-texts-same-heading"] = VALID_YAML.replace(
    "    title: Sam speaks\n", "    title: Sam speaks\n    text: \"# Background\\n\\nText.\"\n"
) + SECOND_EVENT
ODD_YAML["chronology-year-only-between-days"] = VALID_YAML + "".join(
    f"  - id: e{n}\n    date: \"{date}\"\n    title: Event {n}\n    sources: [report-a]\n"
    for n, date in enumerate(["2021-01-01", "2021", "2021-01-05"]))
# claims.yaml with values of the wrong shape where the code walks raw data.
_QUOTES = ("    quotes:\n      - source: report-b\n        text: Der Himmel ist grün.\n"
           "        lang: de\n        translation: The sky is green.\n")
_UPDATES = "    updates:\n      - date: 2026-11-25\n        note: Added a source.\n"
SHAPES = {
    "tags-scalar": ("    tags: [sky]\n", "    tags: sky\n"),
    "tags-nested": ("    tags: [sky]\n", "    tags: [[sky], {a: b}, null, 1]\n"),
    "quotes-scalar": (_QUOTES, "    quotes: x\n"),
    "quotes-strings": (_QUOTES, "    quotes: [a, b]\n"),
    "updates-mapping": (_UPDATES, "    updates: {date: 2026-11-25}\n"),
    "updates-empty": (_UPDATES, "    updates:\n"),
    "event-no-sources": ("    sources: [report-a]\n", "    sources: []\n"),
    "event-claim-twice": ("    claims: [sky-is-green]\n",
                          "    claims: [sky-is-green, sky-is-green]\n"),
    "sections-wrong-types": ("sources:\n", "sources: {}\nevents: 1\nx:\n"),
    "translation-scalar": ("    language: de\n", "    language: de\n    translation: machine\n"),
    "translation-of-int": ("    language: de\n",
                           "    language: de\n    translation: {of: 1, by: [machine]}\n"),
    "accounts-odd": ("    claims: [sky-is-green]\n", "    claims: [sky-is-green]\n    accounts: "
                     "[{source: report-b, says: x}, {source: 1, says: [x]}, x]\n"),
    "entry-not-mapping": ("  - id: sky-is-green\n", "  - x\n  - [x]\n  - id: sky-is-green\n"),
    "keys-not-strings": ("    claimant: Sam Speaker\n",
                         "    claimant: Sam Speaker\n    1: x\n    null: y\n"),
    "id-int": ("  - id: speech\n", "  - id: 123\n"),
    "id-list": ("  - id: report-b\n", "  - id: [report-b]\n"),
    "title-mapping": ("    title: Report A\n", "    title: {a: b}\n"),
    "date-binary": ("    date: 2021-04-02\n", "    date: !!binary MjAyMQ==\n"),
    "date-float": ("    date: 2021-04-02\n", "    date: 2021.5\n"),
    "value-types": ("    value: 4\n", "    value: true\n"),
    "value-huge": ("    value: 4\n", "    value: 99999999999999999999999999\n"),
    "set-and-omap": ("    title: Report A\n", "    title: !!set {a, b}\n    note: !!omap [a: 1]\n"),
}
for _old, _new in SHAPES.values():
    assert _old in VALID_YAML, _old
REFUSED_YAML_BYTES = {
    "invalid-utf8": VALID_YAML.encode().replace(b"Report A\n", b"Rep\xffort A\n"),
    "truncated-utf8": VALID_YAML.encode() + b"# \xc3",
    "overlong-utf8": VALID_YAML.encode().replace(b"Report A\n", b"Report \xc0\xafA\n"),
    "surrogate-utf8": VALID_YAML.encode().replace(b"Report A\n", b"Report \xed\xa0\x80A\n"),
    "nul-byte": VALID_YAML.encode().replace(b"Report A\n", b"Report\x00A\n"),
    "utf16": VALID_YAML.encode("utf-16"),
}


def yaml_file_cases() -> list[Case]:
    return ([Case(f"yaml-file-{name}", yaml_file(text), True)
             for name, text in REFUSED_YAML.items()]
            + [Case(f"yaml-file-{name}", yaml_file(text)) for name, text in ODD_YAML.items()]
            + [Case(f"yaml-bytes-{name}", yaml_file(data), True)
               for name, data in REFUSED_YAML_BYTES.items()]
            + [Case(f"yaml-shape-{name}", yaml_file(VALID_YAML.replace(old, new, 1)))
               for name, (old, new) in SHAPES.items()])


# Page headers that would let a page write over another file, pick a template, or hide.
REFUSED_HEADERS = {
    "save-as": "Title: About\nSlug: about\nSave_as: claims/sky-is-green/index.html",
    "save-as-outside": "Title: About\nSlug: about\nSave_as: ../../evil.html",
    "url": "Title: About\nSlug: about\nURL: javascript:alert(1)",
    "template-claim": "Title: About\nSlug: about\nTemplate: claim",
    "template-traversal": "Title: About\nSlug: about\nTemplate: ../../../etc/passwd",
    "status-draft": "Title: About\nSlug: about\nStatus: draft",
    "status-hidden": "Title: About\nSlug: about\nStatus: hidden",
    "slug-traversal": "Title: About\nSlug: ../../x",
    "slug-section": "Title: About\nSlug: claims",
    "slug-other-page": "Title: About\nSlug: methodology",
    "slug-reserved": "Title: About\nSlug: con",
    "slug-twice": "Title: About\nSlug: about\nSlug: claims",
    "no-title": "Slug: about",
    "summary": "Title: About\nSlug: about\nSummary: <img src=x onerror=alert(1)>",
    "lang": "Title: About\nSlug: about\nLang: x\" onmouseover=\"alert(1)",
    "date": "Title: About\nSlug: about\nDate: 9999-99-99",
    "css": "Title: About\nSlug: about\nCss: https://evil.example/x.css",
}
TEXT_HEADERS = {
    "title-script": "Title: <script>alert(1)</script>\nSlug: about",
    "title-controls": f"Title: {CONTROLS}\nSlug: about",
    "title-workflow": "Title: x\n::error file=x::pwned\nSlug: about",
}


def header_cases() -> list[Case]:
    return ([header_case(f"page-header-{name}", text, True)
             for name, text in REFUSED_HEADERS.items()]
            + [header_case(f"page-header-{name}", text, False)
               for name, text in TEXT_HEADERS.items()])


# --- file-system tricks --------------------------------------------------------------------


def _secret(scratch: Path) -> Path:
    scratch.mkdir(parents=True, exist_ok=True)
    secret = scratch / "secret.txt"
    secret.write_text(f"root:x:0:0:{SECRET}\nDer Himmel ist grün.\n", encoding="utf-8")
    return secret


def _replace_with_symlink(path: Path, target: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() or path.is_symlink():
        path.unlink()
    path.symlink_to(target)


def _local_copy(root: Path, name: str) -> None:
    write(root, "claims.yaml", yaml_with("source.local_copy", name))  # line 29


def fs_analysis_to_secret(root, scratch):
    _replace_with_symlink(root / ANALYSIS, _secret(scratch))


def fs_analysis_to_etc_passwd(root, scratch):
    _replace_with_symlink(root / ANALYSIS, Path("/etc/passwd"))


def fs_page_to_secret(root, scratch):
    _replace_with_symlink(root / ABOUT, _secret(scratch))


def fs_claims_yaml_to_secret(root, scratch):
    _replace_with_symlink(root / "claims.yaml", _secret(scratch))


def fs_local_copy_to_secret(root, scratch):
    _replace_with_symlink(root / "evidence/b.txt", _secret(scratch))
    _local_copy(root, "evidence/b.txt")


def fs_local_copy_to_etc_passwd(root, scratch):
    _replace_with_symlink(root / "evidence/b.txt", Path("/etc/passwd"))
    _local_copy(root, "evidence/b.txt")


def fs_evidence_folder_outside(root, scratch):
    _secret(scratch)
    (root / "evidence").symlink_to(scratch, target_is_directory=True)
    _local_copy(root, "evidence/secret.txt")


def fs_local_copy_not_utf8(root, scratch):
    write(root, "evidence/b.txt", "Der Himmel ist grün.\n".encode("latin-1"))
    _local_copy(root, "evidence/b.txt")


def fs_analysis_fifo(root, scratch):
    (root / ANALYSIS).unlink()
    os.mkfifo(root / ANALYSIS)


def fs_page_fifo(root, scratch):
    (root / ABOUT).unlink()
    os.mkfifo(root / ABOUT)


def fs_local_copy_fifo(root, scratch):
    (root / "evidence").mkdir()
    os.mkfifo(root / "evidence/b.txt")
    _local_copy(root, "evidence/b.txt")


def fs_analysis_folder(root, scratch):
    (root / ANALYSIS).unlink()
    (root / ANALYSIS).mkdir()


def fs_page_folder(root, scratch):
    (root / ABOUT).unlink()
    (root / ABOUT).mkdir()
    write(root, ABOUT + "/inner.md", PAGES["about.md"])


def fs_claims_yaml_folder(root, scratch):
    (root / "claims.yaml").unlink()
    (root / "claims.yaml").mkdir()


def fs_analysis_dangling(root, scratch):
    _replace_with_symlink(root / ANALYSIS, scratch / "does-not-exist.md")


def fs_analysis_loop(root, scratch):
    (root / ANALYSIS).unlink()
    (root / "content/claims/loop.md").symlink_to(root / ANALYSIS)
    (root / ANALYSIS).symlink_to(root / "content/claims/loop.md")


def fs_pages_folder_outside(root, scratch):
    outside = scratch / "pages"
    outside.mkdir(parents=True)
    (outside / "about.md").write_text(f"Title: About\nSlug: about\n\n{SECRET}\n")
    (root / "content/pages/about.md").unlink()
    (root / "content/pages/more").symlink_to(outside, target_is_directory=True)


def fs_claims_folder_outside(root, scratch):
    outside = scratch / "claims"
    outside.mkdir(parents=True)
    (outside / "sky-is-green.md").write_text(VALID_ANALYSIS + SECRET + "\n", encoding="utf-8")
    shutil.rmtree(root / "content/claims")
    (root / "content/claims").symlink_to(outside, target_is_directory=True)


def fs_content_folder_outside(root, scratch):
    shutil.copytree(root / "content", scratch / "content")
    shutil.rmtree(root / "content")
    (scratch / "content/pages/about.md").write_text(f"Title: About\nSlug: about\n\n{SECRET}\n")
    (root / "content").symlink_to(scratch / "content", target_is_directory=True)


def _analysis_named(name: str) -> Apply:
    return lambda root, scratch: write(root, f"content/claims/{name}", VALID_ANALYSIS)


def _page_named(name: str) -> Apply:
    slug = "x" + hashlib.sha1(name.encode()).hexdigest()[:6]
    return lambda root, scratch: write(root, f"content/pages/{name}",
                                       f"Title: X\nSlug: {slug}\n\nX.\n")


def _analysis_bytes(data: bytes) -> Apply:
    return lambda root, scratch: write(root, ANALYSIS, data)


# File-system tricks check must refuse: inputs outside the project, or not regular files.
REFUSED_FILES = {
    "analysis-symlink-outside": fs_analysis_to_secret,
    "analysis-symlink-etc-passwd": fs_analysis_to_etc_passwd,
    "page-symlink-outside": fs_page_to_secret,
    "claims-yaml-symlink-outside": fs_claims_yaml_to_secret,
    "local-copy-symlink-outside": fs_local_copy_to_secret,
    "local-copy-symlink-etc-passwd": fs_local_copy_to_etc_passwd,
    "evidence-folder-outside": fs_evidence_folder_outside,
    "pages-folder-outside": fs_pages_folder_outside,
    "claims-folder-outside": fs_claims_folder_outside,
    "content-folder-outside": fs_content_folder_outside,
    "analysis-fifo": fs_analysis_fifo,
    "page-fifo": fs_page_fifo,
    "local-copy-fifo": fs_local_copy_fifo,
    "local-copy-not-utf8": fs_local_copy_not_utf8,
    "analysis-folder": fs_analysis_folder,
    "claims-yaml-folder": fs_claims_yaml_folder,
    "analysis-dangling-symlink": fs_analysis_dangling,
    "analysis-symlink-loop": fs_analysis_loop,
    "analysis-name-newline": _analysis_named("x\n::error file=x::pwned.md"),
    "analysis-name-escape": _analysis_named("x\x1b[2J.md"),
    "analysis-name-reserved": _analysis_named("con.md"),
    "page-name-newline": _page_named("x\n::add-mask::x.md"),
    "page-name-html": _page_named("evil.html"),
    "page-name-rst": _page_named("notes.rst"),
    "page-name-hidden": _page_named(".hidden.md"),
    "analysis-invalid-utf8": _analysis_bytes(VALID_ANALYSIS.encode() + b"\xff\n"),
    "analysis-utf16": _analysis_bytes(VALID_ANALYSIS.encode("utf-16")),
    "page-invalid-utf8": lambda root, scratch: write(root, ABOUT, b"Title: About\nSlug: about"
                                                                  b"\n\n\xfe\n"),
}
ODD_FILES = {
    "page-folder": fs_page_folder,  # a folder named about.md holding a page: a page
    "analysis-name-html": _analysis_named("sky-is-green.html"),
    "page-name-backup": _page_named("about.md~"),
    "analysis-nul-byte": _analysis_bytes(VALID_ANALYSIS.encode() + b"a\x00b\n"),
    "analysis-bom": _analysis_bytes(b"\xef\xbb\xbf" + VALID_ANALYSIS.encode()),
    "analysis-crlf": _analysis_bytes(VALID_ANALYSIS.replace("\n", "\r\n").encode()),
    "analysis-cr-only": _analysis_bytes(VALID_ANALYSIS.replace("\n", "\r").encode()),
}


_LOCAL_COPY_LINE = Where("claims.yaml", 29, 29, only=False)
FILE_WHERE = {
    **{name: Where(ANALYSIS, 1, 1, True) for name in (
        "analysis-symlink-outside", "analysis-symlink-etc-passwd", "analysis-fifo",
        "analysis-folder", "analysis-dangling-symlink", "analysis-symlink-loop",
        "analysis-utf16")},
    **{name: Where(ABOUT, 1, 1, True) for name in ("page-symlink-outside", "page-fifo")},
    **{name: _LOCAL_COPY_LINE for name in ("local-copy-symlink-outside", "local-copy-fifo",
                                           "local-copy-not-utf8",
                                           "local-copy-symlink-etc-passwd",
                                           "evidence-folder-outside")},
    "claims-yaml-symlink-outside": Where("claims.yaml", 1, 1, True),
    "claims-yaml-folder": Where("claims.yaml", 1, 1, True),
    "analysis-invalid-utf8": Where(ANALYSIS, 4, 4, True),
    "page-invalid-utf8": Where(ABOUT, 4, 4, True),
}


def file_cases() -> list[Case]:
    return ([Case(f"fs-{name}", apply, True, where=FILE_WHERE.get(name))
             for name, apply in REFUSED_FILES.items()]
            + [Case(f"fs-{name}", apply) for name, apply in ODD_FILES.items()])


def all_cases() -> list[Case]:
    cases = markup_cases() + value_cases() + yaml_file_cases() + header_cases() + file_cases()
    names = [case.name for case in cases]
    assert len(names) == len(set(names)), "case names must be unique"
    return cases


def fragments() -> list[str]:
    """Hostile text the property test splices into values and the analysis."""
    return sorted({case.fragment for case in all_cases() if case.fragment}, key=len)


# --- running build.py with a hard time limit ------------------------------------------------


@dataclass
class Run:
    code: int | None  # None: killed after the timeout
    out: str
    err: str
    seconds: float


def run_cli(argv: list[str], timeout: float) -> Run:
    """build.main(argv) in a forked child; see run_in_child."""
    def main() -> int:
        import build

        return build.main(argv)

    return run_in_child(main, timeout)


def run_in_child(main: Callable[[], int], timeout: float) -> Run:
    """main() in a forked child, its stdout and stderr captured as a terminal would (UTF-8;
    stderr with backslash escapes, as Python's own), killed after ``timeout`` seconds.
    An exception escaping main() is printed as a traceback and exits 70."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        pid = os.fork()
        if pid == 0:  # the child never returns
            _child(main, out.fileno(), err.fileno())
        code = _wait(pid, started + timeout)
        seconds = time.perf_counter() - started
        return Run(code, _read(out), _read(err), seconds)


def _child(main: Callable[[], int], out_fd: int, err_fd: int) -> None:
    code = 70
    try:
        os.dup2(out_fd, 1)
        os.dup2(err_fd, 2)
        sys.stdout = open(1, "w", encoding="utf-8", closefd=False)
        sys.stderr = open(2, "w", encoding="utf-8", errors="backslashreplace", closefd=False)
        code = main()
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 1
    except BaseException:  # noqa: BLE001 - whatever escapes is the finding
        traceback.print_exc()
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:  # noqa: BLE001
                pass
        os._exit(code if isinstance(code, int) else 71)


def _wait(pid: int, deadline: float) -> int | None:
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        if time.perf_counter() > deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            return None
        time.sleep(0.005)


def _read(handle) -> str:
    handle.seek(0)
    return handle.read().decode("utf-8", "backslashreplace")


# --- what a run printed -----------------------------------------------------------------------

PROBLEM_RE = re.compile(r"^(?P<path>.+?):(?P<line>-?\d+):(?P<col>-?\d+): "
                        r"(?P<severity>error|warning): ")
GITHUB_RE = re.compile(r"^::(?P<severity>error|warning) file=(?P<path>[^,:]*),line=(?P<line>-?\d+),"
                       r"col=(?P<col>-?\d+)::")
# The only lines build.py's human output may have: a problem, the quoted line and its caret,
# the summary, the build's own result. Anything else is input that started a line.
HUMAN_LINE_RES = [PROBLEM_RE, re.compile(r"^ {2,6}\d+ \| "),
                  re.compile(r"^        \| *\^$"), re.compile(r"^check: "),
                  re.compile(r"^built output/ in "), re.compile(r"^build failed: "),
                  re.compile(r"^new: "),
                  # what a rebuild changed, or that nothing had to be (output_diff.py,
                  # build_state.py): counts and kinds of pages only, never input text
                  re.compile(r"^output/: (no file changed|(changed|added|removed) [0-9a-z ,;]+)$"),
                  re.compile(r"^output/ is up to date: nothing changed since the last build \(")]
# Raw controls a terminal acts on; bidi and line-separator characters that hide or start text.
UNSAFE_CHARS_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True)
class Reported:
    path: str
    line: int
    col: int
    severity: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.severity}"


def human_problems(err: str) -> list[Reported]:
    return [Reported(m["path"], int(m["line"]), int(m["col"]), m["severity"])
            for m in map(PROBLEM_RE.match, err.splitlines()) if m]


def github_problems(out: str) -> list[Reported]:
    def unescape(value: str) -> str:
        return (value.replace("%2C", ",").replace("%3A", ":").replace("%0A", "\n")
                .replace("%0D", "\r").replace("%25", "%"))

    return [Reported(unescape(m["path"]), int(m["line"]), int(m["col"]), m["severity"])
            for m in map(GITHUB_RE.match, out.splitlines()) if m]


def stray_human_lines(err: str) -> list[str]:
    """Lines of build.py's stderr that are none of the forms it prints."""
    return [line for line in err.split("\n")
            if line and not any(regex.match(line) for regex in HUMAN_LINE_RES)]


def stray_github_lines(out: str) -> list[str]:
    """Lines of `check --format github` that are not one well-formed annotation."""
    return [line for line in out.split("\n") if line and not GITHUB_RE.match(line)]


_INVISIBLE_RE = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]")


def shown(text: str) -> str:
    """``text`` safe to print in a test failure: pytest's report reaches the CI log, where a
    line of input starting with '::error' would be a workflow command. Each control or
    invisible character becomes a visible escape; newlines too."""
    return _INVISIBLE_RE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def report(problems: list[str]) -> str:
    """The failure message for a list of problems: one escaped problem per line."""
    return "\n".join(map(shown, problems))


# --- the output folder ----------------------------------------------------------------------


def tree_digest(folder: Path) -> dict[str, str]:
    """Every entry under ``folder`` with a hash of its content (or its link target)."""
    if not folder.exists():
        return {}
    digest = {}
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if path.is_symlink():
            digest[name] = "link:" + os.readlink(path)
        elif path.is_dir():
            digest[name] = "dir"
        else:
            digest[name] = hashlib.sha256(path.read_bytes()).hexdigest()
    return digest


# --- the page scanner -------------------------------------------------------------------------

URL_ATTRIBUTES = frozenset(["href", "src", "action", "formaction", "xlink:href", "poster",
                            "data", "background", "cite", "longdesc", "lowsrc", "dynsrc",
                            "codebase", "archive", "usemap", "manifest", "icon", "profile",
                            "ping", "srcset", "imagesrcset", "to", "from", "values"])
FORBIDDEN_TAGS = frozenset(["iframe", "frame", "frameset", "object", "embed", "applet", "base",
                            "portal", "style", "noembed", "xmp", "plaintext", "template"])
ALWAYS_FORBIDDEN_ATTRIBUTES = frozenset(["srcdoc", "formaction", "ping", "xmlns:xlink"])
LOADING_TAGS = {"img": ("src", "srcset"), "source": ("src", "srcset"), "link": ("href",),
                "video": ("src", "poster"), "audio": ("src",), "track": ("src",),
                "input": ("src",), "image": ("href", "xlink:href"), "use": ("href", "xlink:href"),
                "script": ("src",), "feimage": ("href", "xlink:href")}
NON_LOADING_LINK_RELS = frozenset(["canonical", "alternate", "license", "author", "help", "me"])
OWN_FORMS = frozenset(["site-search", "search-page-form"])
OWN_SCRIPT_FOLDERS = ("theme/js/", "search/")
_STRIP_RE = re.compile(r"[\x00-\x20\x7f]+")
_DANGEROUS_SCHEMES = ("javascript", "vbscript", "data")


@dataclass(frozen=True)
class Site:
    """What counts as the site's own: its SITEURL (absolute, production builds; '' for
    relative ones) and the other hosts its settings let images load from."""

    url: str = ""
    image_hosts: tuple[str, ...] = ()

    @property
    def hosts(self) -> frozenset[str]:
        own = (urlsplit(self.url).hostname or "") if self.url else ""
        return frozenset(h.lower() for h in (*self.image_hosts, own) if h)

    def path_of(self, page: str, link: str) -> str | None:
        """A link from ``page`` as a path inside the output folder; None if it leads
        elsewhere."""
        if self.url and link.startswith(self.url + "/"):
            return posixpath.normpath(urlsplit(link[len(self.url) + 1:]).path or ".")
        if url_scheme(link) or link.startswith(("/", "\\")):
            return None
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(page),
                                                   urlsplit(link).path))
        return None if joined.startswith("..") else joined


def url_scheme(value: str) -> str:
    """The scheme a browser would see in an attribute value (entities are already decoded
    by the parser): control characters and spaces removed, lowercased; '' if none."""
    match = re.match(r"([A-Za-z][A-Za-z0-9+.\-]*):", _STRIP_RE.sub("", value))
    return match.group(1).lower() if match else ""


def is_remote(value: str, hosts: frozenset[str]) -> bool:
    """An absolute or scheme-relative URL to a host other than the site's. Backslashes
    count as slashes, as browsers read them in http(s) URLs."""
    for candidate in value.split(","):  # srcset lists several
        url = _STRIP_RE.sub("", candidate.strip().split(" ")[0]).replace("\\", "/")
        if not (url_scheme(url) or url.startswith("//")):
            continue
        try:
            host = (urlsplit(url).hostname or "").lower()
        except ValueError:
            return True
        if host not in hosts:
            return True
    return False


def scan_page(markup: str, page: str, site: Site = Site()) -> list[str]:
    """What in one built page could run script, load from elsewhere, redirect, or take
    over one of the page's own ids. ``page`` is its path inside the output folder."""
    document = BeautifulSoup(markup, "html.parser")
    findings = []
    for tag in document.find_all(True):
        findings += [f"{page}: {problem}: {_short(tag)}" for problem in
                     _tag_problems(tag, page, site)]
    ids = [tag["id"] for tag in document.find_all(id=True)]
    findings += [f"{page}: id {name!r} used twice on the page"
                 for name in sorted({i for i in ids if ids.count(i) > 1})]
    opened = len(re.findall(r"<script[\s>/]", markup, re.IGNORECASE))
    if opened != len(document.find_all("script")):
        findings.append(f"{page}: {opened} '<script' in the text but "
                        f"{len(document.find_all('script'))} script elements parsed")
    return findings


def _tag_problems(tag, page: str, site: Site) -> list[str]:
    problems = []
    name = tag.name.lower()
    if name in FORBIDDEN_TAGS:
        problems.append(f"<{name}> element")
    if name == "script" and not _own_script(tag, page, site):
        problems.append("script that is not the site's own")
    if name == "form" and not _own_form(tag, page, site):
        problems.append("form that is not the site's search form")
    if name == "meta" and tag.get("http-equiv", "").lower() not in ("", "content-security-policy"):
        problems.append(f"<meta http-equiv={tag.get('http-equiv')!r}>")
    for attribute, value in tag.attrs.items():
        problems += _attribute_problems(name, attribute.lower(), _text(value))
    for attribute in LOADING_TAGS.get(name, ()):
        value = tag.get(attribute)
        if value and is_remote(_text(value), site.hosts) and not _non_loading_link(tag):
            problems.append(f"{name} {attribute} loads from another site")
    return problems


def _attribute_problems(tag: str, attribute: str, value: str) -> list[str]:
    problems = []
    if attribute.startswith("on"):
        problems.append(f"event handler attribute {attribute}")
    if attribute in ALWAYS_FORBIDDEN_ATTRIBUTES:
        problems.append(f"{attribute} attribute")
    if attribute in URL_ATTRIBUTES or tag in ("set", "animate"):
        if url_scheme(value) in _DANGEROUS_SCHEMES or any(
                url_scheme(part.strip()) in _DANGEROUS_SCHEMES for part in value.split(",")[1:]):
            problems.append(f"{attribute} with a {url_scheme(value) or 'dangerous'}: URL")
    if attribute == "style":
        squeezed = re.sub(r"\s|\\|/\*.*?\*/", "", value).lower()
        if "url(" in squeezed or "expression(" in squeezed or "@import" in squeezed:
            problems.append("style attribute that loads or runs something")
    return problems


def _own_script(tag, page: str, site: Site) -> bool:
    """Ours: a src into theme/js/ or search/ of this site, or the JSON-LD data block."""
    src = tag.get("src")
    if src is None:
        return (tag.get("type", "").lower() == "application/ld+json" and len(tag.attrs) == 1
                and _is_json(tag.string or ""))
    target = site.path_of(page, _text(src))
    return target is not None and target.startswith(OWN_SCRIPT_FOLDERS) and target.endswith(".js")


def _own_form(tag, page: str, site: Site) -> bool:
    if tag.get("id") not in OWN_FORMS:
        return False
    action = _text(tag.get("action", ""))
    target = site.path_of(page, action) if action else posixpath.dirname(page) + "/"
    return target is not None and (target == "search" or target.startswith("search/"))


def _non_loading_link(tag) -> bool:
    rels = {r.lower() for r in (tag.get("rel") or [])} if tag.name == "link" else set()
    return bool(rels) and rels <= NON_LOADING_LINK_RELS


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return "</" not in text and "<!--" not in text


def _text(value) -> str:
    return " ".join(value) if isinstance(value, list) else str(value)


def _short(tag) -> str:
    shown = str(tag)
    return shown if len(shown) <= 160 else shown[:157] + "..."


def scan_site(output: Path, site: Site = Site(), known_clean: dict[str, str] | None = None
              ) -> list[str]:
    """Scan every built page; the HTML inside the TimelineJS export (which TimelineJS
    inserts as markup wherever the chronology is embedded); and the search data scripts.
    Files whose tree_digest entry is in ``known_clean`` (already scanned) are skipped."""
    digest = tree_digest(output) if known_clean else {}
    findings = []
    for path in sorted(output.rglob("*")):
        name = path.relative_to(output).as_posix()
        if known_clean and known_clean.get(name) == digest.get(name):
            continue
        if path.suffix == ".html":
            findings += scan_page(path.read_text(encoding="utf-8"), name, site)
        elif path.name == "timeline.json":
            for index, fragment in enumerate(_html_fragments(json.loads(path.read_text("utf-8")))):
                findings += scan_page(fragment, f"{name}[{index}]", site)
        elif name.startswith("search/") and name.endswith(".js") and "/vendor/" not in name:
            findings += scan_search_data(path.read_text(encoding="utf-8"), name)
    return findings


def _html_fragments(export: dict) -> list[str]:
    slides = [export.get("title", {})] + list(export.get("events", []))
    return [slide.get("text", {}).get(key, "") for slide in slides
            for key in ("headline", "text")]


_SEARCH_DATA_RE = re.compile(r"window\.FactcheckSearch=window\.FactcheckSearch\|\|\{\};"
                             r"window\.FactcheckSearch\.parts=window\.FactcheckSearch\.parts\|\|\{\};"
                             r'window\.FactcheckSearch\.parts\["([\w/-]+)"\]'
                             r'=JSON\.parse\(("(?:[^"\\\n]|\\.)*")\);\n?', re.DOTALL)


def scan_search_data(script: str, name: str) -> list[str]:
    """A search data file (search/index.js, a shard, a part of the results list) must be one
    JSON value stored under its own name, nothing else (input that broke out of a string
    would be code); result URLs must stay inside the site, since search.js makes links of
    them."""
    match = _SEARCH_DATA_RE.fullmatch(script)
    if not match or f"search/{match.group(1)}.js" != name:
        return [f"{name}: not the one assignment of data it should be"]
    try:
        data = json.loads(json.loads(match.group(2)))
    except ValueError as err:
        return [f"{name}: the assigned value is not JSON ({err})"]
    if "<" in match.group(2) or "\u2028" in match.group(2) or "\u2029" in match.group(2):
        return [f"{name}: '<' or a raw line separator inside the data"]
    docs = data if isinstance(data, list) else []
    urls = [doc.get("url", "") if isinstance(doc, dict) else None for doc in docs]
    return [f"{name}: result URL {url!r} leaves the site" for url in urls
            if not isinstance(url, str) or url_scheme(url) or url.startswith(("/", "\\"))]
