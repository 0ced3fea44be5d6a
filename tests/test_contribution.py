"""Acceptance: a realistic contribution, made as CONTRIBUTING.md says, passes CI.

The project is copied as a clone would have it (the files git tracks or would track), the
contribution is made the way a person makes it (`build.py new`, then replacing the TODO
values in claims.yaml and the .md files by hand), and then `make check`, `make site` and the
copy's own tests/test_sample.py must all succeed. The copy shares this checkout's .venv and
node_modules through symlinks, and make is told (-o) not to reinstall them.

The contribution: four sources (English, Russian in Cyrillic, an English edition translated
by the outlet, Serbian in Latin script without a local copy), all with URLs; two claims with
non-English quotes; an update to a claim already published; an event whose sources disagree.
Its content is invented for the test; URLs are on example domains. About 15 s.
"""

from __future__ import annotations

import datetime
import os
import re
import shutil
import subprocess
from pathlib import Path

from conftest import PROJECT
from htmlcheck import page

DEPENDENCIES = (".venv", "node_modules")
MAKE_KEEP = ("-o", ".venv/.installed", "-o", "node_modules/.package-lock.json")  # STAMP, NODE
TODAY = datetime.date.today().isoformat()


def copy_project(target: Path) -> Path:
    """The working tree as a clone has it: tracked and not-ignored files, no build output."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=PROJECT, capture_output=True, check=True).stdout
    for name in filter(None, listed.decode("utf-8").split("\0")):
        source = PROJECT / name
        if source.is_file() and not name.startswith(DEPENDENCIES):
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    for name in DEPENDENCIES:
        (target / name).symlink_to(PROJECT / name, target_is_directory=True)
    return target


def run(copy: Path, *command: str, expect: int | None = 0) -> subprocess.CompletedProcess:
    """Run a command in the copy as a contributor would; it must exit with ``expect``."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "MAKEFLAGS")}
    done = subprocess.run(command, cwd=copy, env=env, capture_output=True, text=True,
                          timeout=180)
    assert expect is None or done.returncode == expect, (f"{' '.join(command)} exited {done.returncode}\n"
                                  f"--- stdout\n{done.stdout}\n--- stderr\n{done.stderr}")
    return done


def entry_span(text: str, entry_id: str) -> tuple[int, int]:
    """Where the entry with ``entry_id`` starts and ends in claims.yaml's text."""
    start = text.index(f"\n  - id: {entry_id}\n") + 1
    following = re.compile(r"^(?:  - id: |\S)", re.MULTILINE).search(text, start + 1)
    return start, following.start() if following else len(text)


def edit_entry(text: str, entry_id: str, old: str, new: str) -> str:
    """Replace the one occurrence of ``old`` inside the entry ``entry_id``."""
    start, end = entry_span(text, entry_id)
    block = text[start:end]
    assert block.count(old) == 1, f"{old!r} is not once in {entry_id}:\n{block}"
    return text[:start] + block.replace(old, new) + text[end:]


def fill(text: str, entry_id: str, replacements: dict[str, str]) -> str:
    """Replace skeleton lines (matched by their start, comment and all) with real values."""
    for old_start, new in replacements.items():
        start, end = entry_span(text, entry_id)
        line = re.search(rf"^{re.escape(old_start)}.*\n", text[start:end], re.MULTILINE)
        assert line, f"no line starting {old_start!r} in {entry_id}"
        text = edit_entry(text, entry_id, line.group(), new)
    return text


SOURCES = {
    "harbour-gazette-2021-05-03": {
        "    title:": '    title: "Deminers report new missile fragments near the old town"\n',
        "    publisher:": "    publisher: Harbour Gazette\n",
        "    authors:": "    authors: [Mara Lind]\n",
        "    published:": '    published: "2021-05-03"\n',
        "    url:": "    url: https://news.example.org/2021/05/03/new-fragments\n",
        "    language:": "    language: en\n",
        "    local_copy:": "    local_copy: evidence/harbour-gazette-2021-05-03.txt\n",
        "    note:": "    note: English-language report. No archived copy is recorded.\n",
    },
    "vestnik-ru-2021-05-04": {
        "    title:": '    title: "Обломки ракеты изучены специалистами"\n',
        "    publisher:": "    publisher: Vestnik Primera\n",
        "    published:": '    published: "2021-05-04"\n',
        "    url:": "    url: https://vestnik.example.net/ru/news/2021/05/04/oblomki\n",
        "    language:": "    language: ru\n",
        "    local_copy:": "    local_copy: evidence/vestnik-ru-2021-05-04.txt\n",
        "    note:": "    note: Russian-language report; it carries no byline.\n",
    },
    "vestnik-en-2021-05-04": {
        "    title:": '    title: "Missile fragments examined by specialists"\n',
        "    publisher:": "    publisher: Vestnik Primera\n",
        "    published:": '    published: "2021-05-04"\n',
        "    url:": "    url: https://vestnik.example.net/en/news/2021/05/04/fragments\n",
        "    language:": ("    language: en\n    translation:\n"
                         "      of: vestnik-ru-2021-05-04\n      by: outlet\n"),
        "    local_copy:": "    local_copy: evidence/vestnik-en-2021-05-04.txt\n",
        "    note:": ("    note: >-\n      English edition of the Russian report; the outlet"
                     " says it translated it.\n"),
    },
    "novine-sr-2021-05-05": {
        "    title:": '    title: "Pronađeno još šest delova rakete kod Šuše"\n',
        "    publisher:": "    publisher: Novine Primer\n",
        "    authors:": "    authors: [Ljiljana Đoković]\n",
        "    published:": '    published: "2021-05-05"\n',
        "    url:": "    url: https://novine.example.com/vesti/2021/05/05/pronadjeno-jos-sest\n",
        "    language:": "    language: sr-Latn\n",
        "    note:": ("    note: >-\n      Serbian-language report in Latin script. No text copy"
                     " is kept: the quote was compared with the page by hand.\n"),
    },
}

EVIDENCE = {
    "harbour-gazette-2021-05-03": (
        "Deminers report new missile fragments near the old town\nBy Mara Lind\n\n"
        "Deminers said on Monday they had found further missile fragments near the old town.\n\n"
        "A team from the capital examined the fragments on 3 May, the regional office said.\n"),
    "vestnik-ru-2021-05-04": (
        "Обломки ракеты изучены специалистами\n\n"
        "Во вторник представитель службы Иван Петров сообщил журналистам о находке.\n\n"
        "«Обломки ракеты уже изучены специалистами, выводы будут опубликованы позже», —"
        " сказал он.\n"),
    "vestnik-en-2021-05-04": (
        "Missile fragments examined by specialists\n\n"
        "On Tuesday the service's spokesman Ivan Petrov told journalists of the find.\n"),
}

CLAIMS = {
    "petrov-fragments-examined": {
        "    claim:": ('    claim: "Specialists have examined the missile fragments found'
                      ' in May."\n'),
        "    claimant:": "    claimant: Ivan Petrov\n",
        "    claimant_role:": "    claimant_role: Spokesman of the regional emergency service\n",
        "    date:": '    date: "2021-05-04"\n',
        "    said_in:": "    said_in: vestnik-ru-2021-05-04\n",
        "    summary:": ("    summary: >-\n      Vestnik Primera quotes Ivan Petrov saying that"
                        " specialists examined the\n      fragments; no report describes the"
                        " examination or its findings.\n"),
        "    quotes:": (
            "    quotes:\n"
            "      - source: vestnik-ru-2021-05-04\n"
            "        text: \"Обломки ракеты уже изучены специалистами, выводы будут"
            " опубликованы позже\"\n"
            "        lang: ru\n"
            "        translation: \"The missile fragments have already been examined by"
            " specialists; the conclusions will be published later\"\n"
            "        locator: para. 2\n"),
        "    tags:": "    tags: [fragments, examination]\n",
    },
    "sepanovic-six-more-parts": {
        "    claim:": '    claim: "Deminers found six more missile parts in early May."\n',
        "    claimant:": "    claimant: Đorđe Šćepanović\n",
        "    claimant_role:": "    claimant_role: Head of a demining team\n",
        "    date:": '    date: "2021-05~"\n',
        "    said_in:": "    said_in: novine-sr-2021-05-05\n",
        "    summary:": ("    summary: >-\n      Novine Primer quotes the team's head; no other"
                        " cited report mentions six\n      more parts.\n"),
        "    quotes:": (
            "    quotes:\n"
            "      - source: novine-sr-2021-05-05\n"
            "        text: \"Pronašli smo još šest delova rakete; jedan se šćućurio ispod"
            " kamena, kao Đoković pred servis.\"\n"
            "        lang: sr-Latn\n"
            "        translation: \"We found six more parts of the missile; one was huddled"
            " under a stone, like Đoković before a serve.\"\n"),
        "    tags:": "    tags: [fragments, demining]\n",
    },
}

ANALYSES = {
    "petrov-fragments-examined": (
        "## What was said\n\nVestnik Primera reports that Ivan Petrov said the fragments"
        " \"уже изучены специалистами\" (\"have already been examined by specialists\"; our"
        " translation) [@vestnik-ru-2021-05-04, para. 2]. Its English edition gives the same"
        " account [@vestnik-en-2021-05-04, para. 1].\n\n"
        "## What the cited reports show\n\nThe Harbour Gazette says a team from the capital"
        " examined the fragments on 3 May [@harbour-gazette-2021-05-03, para. 2].\n\n"
        "## What they do not settle\n\nNo report describes the findings.\n\n"
        "## Verdict\n\nUnproven: the reports neither confirm nor refute the claim.\n"),
    "sepanovic-six-more-parts": (
        "## What was said\n\nNovine Primer quotes Đorđe Šćepanović: \"Pronašli smo još šest"
        " delova rakete\" (\"We found six more parts of the missile\"; our translation)"
        " [@novine-sr-2021-05-05].\n\n"
        "## What the cited reports show\n\nThe Harbour Gazette reports further fragments"
        " without a number [@harbour-gazette-2021-05-03, para. 1].\n\n"
        "## Verdict\n\nUnproven: only one report gives the number.\n"),
}

EVENT = {
    "    date:": '    date: "2021-05~"\n',
    "    title:": '    title: "Specialists examine the fragments found in May"\n',
    "    text:": ("    text: Both reports say the fragments were **examined**; they differ on"
                 " who examined them and when.\n"),
    "    sources:": "    sources: [harbour-gazette-2021-05-03, vestnik-ru-2021-05-04]\n",
    "    claims:": "    claims: [petrov-fragments-examined]\n",
    "    accounts:": (
        "    accounts:\n"
        "      - source: harbour-gazette-2021-05-03\n"
        "        says: A team from the capital examined the fragments on 3 May.\n"
        "      - source: vestnik-ru-2021-05-04\n"
        "        says: Local specialists examined the fragments; no date is given.\n"),
}


def add_update(text: str, claim_id: str) -> str:
    """Append an update entry to a published claim, whether it has updates or not."""
    update = (f'      - date: "{TODAY}"\n        note: >-\n          Added the Harbour'
              " Gazette's report of 3 May 2021; the verdict is unchanged.\n")
    start, end = entry_span(text, claim_id)
    block = text[start:end]
    if "    updates: []\n" in block:
        return edit_entry(text, claim_id, "    updates: []\n", "    updates:\n" + update)
    listed = re.search(r"^    updates:\n(?:      .*\n|\s*\n)*", block, re.MULTILINE)
    assert listed, f"no updates: in {claim_id}"
    return text[:start + listed.end()] + update + text[start + listed.end():]


def contribute(copy: Path) -> str:
    """Make the contribution; returns the id of the published claim that was updated."""
    python = str(copy / ".venv/bin/python")
    for kind, ids in (("source", SOURCES), ("claim", CLAIMS), ("event", ["fragments-examined"])):
        for entry_id in ids:  # the sources' languages and the event's date are not guessed:
            # until the contributor gives them, claims.yaml does not check and `new` exits 1
            added = run(copy, python, "build.py", "new", kind, entry_id, expect=1)
            assert f"added {kind} '{entry_id}'" in added.stderr
            assert "'TODO' is not a" in added.stderr, added.stderr
    data = copy / "claims.yaml"
    text = data.read_text(encoding="utf-8")
    for entry_id, replacements in {**SOURCES, **CLAIMS, "fragments-examined": EVENT}.items():
        text = fill(text, entry_id, replacements)
    published = re.search(r"^claims:\n(?:\s*#.*\n|\s*\n)*  - id: (\S+)", text, re.MULTILINE)[1]
    data.write_text(add_update(text, published), encoding="utf-8")
    for source_id, copy_text in EVIDENCE.items():
        (copy / "evidence" / f"{source_id}.txt").write_text(copy_text, encoding="utf-8")
    for claim_id, analysis in ANALYSES.items():
        path = copy / "content/claims" / f"{claim_id}.md"
        assert path.read_text(encoding="utf-8").startswith("## What was said\n\nTODO")
        path.write_text(analysis, encoding="utf-8")
    with (copy / "content/claims" / f"{published}.md").open("a", encoding="utf-8") as md:
        md.write("\nA later report says deminers found further fragments in May"
                 " [@harbour-gazette-2021-05-03, para. 1].\n")
    return published


def test_realistic_contribution_passes_ci(tmp_path):
    copy = copy_project(tmp_path / "clone")
    updated = contribute(copy)
    assert "TODO" not in (copy / "claims.yaml").read_text(encoding="utf-8").replace(
        "# TODO", "")
    checked = run(copy, "make", *MAKE_KEEP, "check")
    assert "check: ok" in checked.stderr and "; 0 warning(s))" in checked.stderr, checked.stderr
    run(copy, "make", *MAKE_KEEP, "site")
    run(copy, str(copy / ".venv/bin/python"), "-m", "pytest", "-q", "-p", "no:cacheprovider",
        "tests/test_sample.py")
    out = copy / "output"
    russian = page(out, "claims/petrov-fragments-examined/")
    assert "уже изучены специалистами" in russian.select_one("blockquote[lang=ru]").get_text()
    serbian = page(out, "claims/sepanovic-six-more-parts/")
    assert "šćućurio" in serbian.select_one("blockquote[lang=sr-Latn]").get_text()
    assert "Đorđe Šćepanović" in serbian.get_text()
    assert page(out, f"claims/{updated}/").find("time", datetime=TODAY)
    event = page(out, "chronology/").find(id="event-fragments-examined")
    assert len(event.select(".account")) == 2
