"""Where each value and key of a YAML file is (model/yamlpos.py): every reported problem
points at these, so they are checked against the file itself, whatever the storage."""

from __future__ import annotations

from factcheck.model.problems import Problems
from factcheck.model.yamlpos import load_yaml

TEXT = """\
claims:
  - id: a
    tags: [x, y]
    quotes:
      - {text: one, lang: en}
  - &second
    id: b
    quotes: []
copy: *second
big: {k00: 0, k01: 1, k02: 2, k03: 3, k04: 4, k05: 5, k06: 6, k07: 7, k08: 8, k09: 9,
      k10: 10, k11: 11, k12: 12, k13: 13, k14: 14, k15: 15, k16: 16, k17: 17, k18: 18}
"""


def where(path, key=False, text=TEXT):
    position = load_yaml("claims.yaml", text, Problems()).position(path, key=key)
    return position.line, position.col


def test_values_and_keys_are_where_the_file_has_them():
    assert where(()) == (1, 1)
    assert where(("claims",)) == (2, 3) and where(("claims",), key=True) == (1, 1)
    assert where(("claims", 0, "id")) == (2, 9) and where(("claims", 0, "id"), key=True) == (2, 5)
    assert where(("claims", 0, "tags", 1)) == (3, 15)
    assert where(("claims", 0, "quotes", 0, "lang")) == (5, 27)
    assert where(("claims", 0, "quotes", 0, "lang"), key=True) == (5, 21)
    assert where(("claims", 1)) == (6, 5) and where(("claims", 1, "quotes")) == (8, 13)
    assert where(("claims", 1, 0), key=True) == (6, 5)  # a list item has no key: its value


def test_a_missing_path_is_placed_at_its_nearest_ancestor():
    assert where(("claims", 0, "rating")) == (2, 5)
    assert where(("claims", 0, "quotes", 3)) == (5, 7)
    assert where(("claims", "0")) == (2, 3) and where(("nothing", 1)) == (1, 1)
    assert where(("claims", 0, "id", "deeper")) == (2, 9)


def test_inside_an_alias_the_alias_is_the_position():
    assert where(("copy",)) == (9, 7) and where(("copy", "quotes")) == (9, 7)
    assert where(("copy", "quotes"), key=True) == (9, 1)  # the key naming the alias


def test_keys_of_a_large_mapping_are_found_each_time():
    assert where(("big", "k18")) == (11, 84) and where(("big", "k18"), key=True) == (11, 79)
    assert where(("big", "k00"), key=True) == (10, 7)
    assert [where(("big", f"k{i:02d}"))[1] for i in range(3)] == [12, 20, 28]


def test_a_duplicate_key_is_reported_with_the_line_of_the_first():
    problems = Problems()
    text = "a:\n" + "".join(f"  k{i}: {i}\n" for i in range(40)) + "  k3: again\n"
    load_yaml("claims.yaml", text, problems)
    assert [str(p) for p in problems] == [
        "claims.yaml:42:3: error: duplicate key 'k3' (first at line 5); expected each key once per "
        "entry"]
