"""claims.yaml kept parsed between checks (model/yaml_cache.py) is exactly the parse.

Each test runs as on a contributor's machine (CI keeps no cache) with its own cache
folder: a kept parse must give the same data, positions and problems as parsing, and
anything else (a changed file, anchors, a problem, a damaged cache file) is parsed again.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import VALID_YAML, write_site
from factcheck.model.check import Project, check_project
from factcheck.model.problems import Problems
from factcheck.model.yaml_cache import load_yaml_cached
from factcheck.model.yamlpos import load_yaml

SHAPES = """\
numbers: [1, -2, 3.5, 1e3, 123456789012345678901234567890, 0x1f, .inf]
flags: [true, false, null, ~, yes]
text: "Şuşa / Шуша — \\u00e9"
dates: [2021-04-02, 2021-03~]
nested:
  - {a: [1, {b: [[], {}]}], c: ''}
"""


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "factcheck" / "parsed-yaml"


def kept_files(cache: Path) -> list[Path]:
    return sorted(cache.glob("*")) if cache.is_dir() else []


def test_a_kept_parse_is_the_parse(tmp_path, cache):
    parsed = load_yaml("claims.yaml", SHAPES, Problems())
    first = load_yaml_cached(tmp_path, "claims.yaml", SHAPES, Problems())
    assert len(kept_files(cache)) == 1
    second = load_yaml_cached(tmp_path, "claims.yaml", SHAPES, Problems())
    assert first == parsed and second == parsed
    for path in every_path(parsed.data):  # the kept parse finds its blocks by walking
        for key in (False, True):
            assert second.position(path, key=key) == parsed.position(path, key=key), path


def every_path(data, path=()):
    yield path
    items = data.items() if isinstance(data, dict) else \
        enumerate(data) if isinstance(data, list) else ()
    for step, value in items:
        yield from every_path(value, path + (step,))


def test_a_second_check_reports_the_same_problems_from_the_kept_parse(tmp_path, cache):
    yaml_text = VALID_YAML.replace("claim: The sky is green.", "claim: The sky is green"
                                   + ", and so on" * 8 + ".")  # longer than ClaimReview's
    root = write_site(tmp_path / "site", yaml_text)
    first = check_project(Project(root))
    assert kept_files(cache) and first.problems.items  # a warning, at its line
    second = check_project(Project(root))
    assert [str(p) for p in second.problems] == [str(p) for p in first.problems]
    assert second.catalog == first.catalog


@pytest.mark.parametrize("text", [
    "a: &x [1, 2]\nb: *x\n",  # anchors: one object used twice
    "a: 1\na: 2\n",  # a problem (duplicate key)
    "a: [1\n",  # a syntax error
])
def test_anchors_and_problems_are_never_kept(tmp_path, cache, text):
    problems = Problems()
    loaded = load_yaml_cached(tmp_path, "claims.yaml", text, problems)
    assert not kept_files(cache)
    again = Problems()
    assert load_yaml_cached(tmp_path, "claims.yaml", text, again) == loaded
    assert [str(p) for p in again] == [str(p) for p in problems]


def test_a_changed_file_or_a_damaged_cache_is_parsed_again(tmp_path, cache):
    load_yaml_cached(tmp_path, "claims.yaml", SHAPES, Problems())
    [kept] = kept_files(cache)
    changed = SHAPES.replace("3.5", "4.5")
    assert load_yaml_cached(tmp_path, "claims.yaml", changed, Problems()) == load_yaml(
        "claims.yaml", changed, Problems())
    for damage in (b"", b"\x00garbage", kept.read_bytes()[:100]):
        kept.write_bytes(damage)
        assert load_yaml_cached(tmp_path, "claims.yaml", SHAPES, Problems()) == load_yaml(
            "claims.yaml", SHAPES, Problems())


def test_ci_keeps_nothing(tmp_path, cache, monkeypatch):
    monkeypatch.setenv("CI", "true")
    load_yaml_cached(tmp_path, "claims.yaml", SHAPES, Problems())
    assert not kept_files(cache)
