"""Reproducible builds: the same input gives byte-identical output under any TZ, LANG, LC_ALL
or PYTHONHASHSEED.

A contributor in Germany and CI in UTC must publish the same site. Two real builds run in
subprocesses, one in the C locale at UTC and one in a German locale at UTC+14 with another
hash seed, and every output file is compared byte for byte. The German locale is generated
with ``localedef`` into a temporary folder (``LOCPATH``) and proven active, so the test
cannot pass just because the machine lacks the locale.
"""

from __future__ import annotations

import difflib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PROJECT, VALID_YAML, production_settings, write_site

I18N = Path("/usr/share/i18n")
GERMAN = "de_DE.UTF-8"
# Day numbers below 10 and month names that differ in German (März, Mai, Oktober).
DATES = {
    "published: 2026-11-24": "published: 2026-03-05",
    "- date: 2026-11-25": "- date: 2026-05-07",
    "date: 2021-04\n": "date: 2021-03\n",
    "date: 2021-04-02": "date: 2021-03-02",
    "published: 2021-04-13": "published: 2021-03-01",
    "published: 2021-04?": "published: 2021-10?",
}
EXPECTED_ON_CLAIM_PAGE = ("5 March 2026", "7 May 2026", "March 2021", "2 March 2021",
                          "1 March 2021", "October 2021")


def fixture_yaml() -> str:
    text = VALID_YAML
    for old, new in DATES.items():
        assert old in text, f"conftest.VALID_YAML changed: {old!r} not found"
        text = text.replace(old, new)
    return text


def _clean_environment(**values: str) -> dict[str, str]:
    """The current environment without anything locale-, zone- or seed-related, plus values."""
    dropped = ("LANG", "LANGUAGE", "LOCPATH", "TZ", "PYTHONHASHSEED")
    env = {k: v for k, v in os.environ.items() if k not in dropped and not k.startswith("LC_")}
    env.update(values)
    return env


def _missing_locale_inputs() -> list[str]:
    charmap = [I18N / "charmaps" / "UTF-8", I18N / "charmaps" / "UTF-8.gz"]
    missing = [] if shutil.which("localedef") else ["localedef (Debian package libc-bin)"]
    if not (I18N / "locales" / "de_DE").is_file():
        missing.append(str(I18N / "locales" / "de_DE"))
    if not any(path.is_file() for path in charmap):
        missing.append(str(charmap[1]))
    return missing


@pytest.fixture(scope="module")
def german_env(tmp_path_factory) -> dict[str, str]:
    """An environment in which de_DE.UTF-8 really is the locale, far from UTC."""
    missing = _missing_locale_inputs()
    if missing:
        pytest.fail("cannot generate the de_DE.UTF-8 locale this test needs: missing "
                    f"{', '.join(missing)}; install it with `apt-get install locales` (Debian)")
    locales = tmp_path_factory.mktemp("locales")
    made = subprocess.run(["localedef", "-i", "de_DE", "-f", "UTF-8", str(locales / GERMAN)],
                          capture_output=True, text=True)
    # localedef exits 1 on mere warnings; what counts is that the locale was written.
    assert (locales / GERMAN / "LC_TIME").is_file(), f"localedef failed:\n{made.stderr}"
    return _clean_environment(LANG=GERMAN, LC_ALL=GERMAN, LOCPATH=str(locales),
                              TZ="Pacific/Kiritimati", PYTHONHASHSEED="12345")


DEFAULT_ENV = _clean_environment(LANG="C.UTF-8", TZ="UTC", PYTHONHASHSEED="0")

PROBE = """\
import locale, time
locale.setlocale(locale.LC_ALL, '')
print(locale.nl_langinfo(locale.MON_3))
print(time.strftime('%B', (2026, 3, 5, 0, 0, 0, 0, 64, 0)))
print(time.strftime('%z'))
"""


def test_german_environment_is_really_german(german_env):
    """Without this, a missing locale would silently fall back to C and prove nothing."""
    probe = subprocess.run([sys.executable, "-c", PROBE], env=german_env, capture_output=True,
                           text=True, encoding="utf-8", check=True)
    assert probe.stdout.split() == ["März", "März", "+1400"], probe.stderr


def _start_build(root: Path, output: Path, env: dict[str, str],
                 settings: str = "pelicanconf.py") -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(PROJECT / "build.py"), "build", "--root", str(root),
         "--output", str(output), "--settings", settings],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")


def _finish(build: subprocess.Popen) -> None:
    out, err = build.communicate(timeout=120)
    assert build.returncode == 0, f"build failed ({build.returncode}):\n{out}{err}"


def _files(tree: Path) -> list[str]:
    return sorted(str(p.relative_to(tree)) for p in tree.rglob("*") if p.is_file())


def tree_difference(first: Path, second: Path) -> str:
    """'' when both trees hold the same files with the same bytes; else what differs first."""
    names_a, names_b = _files(first), _files(second)
    if names_a != names_b:
        return (f"different files: only in {first.name}: {sorted(set(names_a) - set(names_b))}; "
                f"only in {second.name}: {sorted(set(names_b) - set(names_a))}")
    for name in names_a:
        a, b = (first / name).read_bytes(), (second / name).read_bytes()
        if a != b:
            lines_a, lines_b = (t.decode("utf-8", "replace").splitlines() for t in (a, b))
            diff = difflib.unified_diff(lines_a, lines_b, f"{first.name}/{name}",
                                        f"{second.name}/{name}", n=1, lineterm="")
            return f"{name} differs:\n" + "\n".join(list(diff)[:30])
    return ""


def test_tree_difference_reports_first_differing_file(tmp_path):
    """The comparison itself can fail: a changed byte is found and shown."""
    for name, day in (("a", "5 March"), ("b", "5 März")):
        write_site(tmp_path / name, extra={"page.html": f"<p>{day} 2026</p>\n"})
    assert tree_difference(tmp_path / "a", tmp_path / "a") == ""
    found = tree_difference(tmp_path / "a", tmp_path / "b")
    assert found.startswith("page.html differs") and "+<p>5 März 2026</p>" in found


# Local builds (relative links) and production builds (absolute SITEURL), which add the
# Atom feeds, sitemap.xml, robots.txt and absolute addresses in the exports.
SETTINGS = {"local": "pelicanconf.py", "production": "publishconf.py"}


@pytest.mark.parametrize("kind", list(SETTINGS))
def test_builds_are_byte_identical_across_locale_zone_and_hash_seed(tmp_path, german_env, kind):
    site = write_site(tmp_path / "site", fixture_yaml(), extra={
        "publishconf.py": production_settings("https://checks.example.org/site")})
    plain, german = tmp_path / "out-c-utc", tmp_path / "out-de-kiritimati"
    builds = [_start_build(site, plain, DEFAULT_ENV, SETTINGS[kind]),
              _start_build(site, german, german_env, SETTINGS[kind])]
    for build in builds:
        _finish(build)
    assert len(_files(plain)) > 10
    if kind == "production":  # the files only production builds write are compared too
        for name in ("sitemap.xml", "robots.txt", "feeds/fact-checks.atom.xml",
                     "feeds/corrections.atom.xml"):
            assert (plain / name).is_file(), name
    difference = tree_difference(plain, german)
    if difference:
        pytest.fail(difference, pytrace=False)
    page = (german / "claims" / "sky-is-green" / "index.html").read_text(encoding="utf-8")
    assert [d for d in EXPECTED_ON_CLAIM_PAGE if d not in page] == []
