"""Plain words for the YAML mistakes contributors make most: tabs and misaligned lines.

PyYAML reports a tab in the indentation at the end of the line before it, and a line
indented one space too far as "mapping values are not allowed in this context". Here the
parser's error is turned into the line that is wrong and what it should be. Everything is
a look at one or two lines of the file: no regular expressions, linear time.
"""

from __future__ import annotations

from typing import NamedTuple, Optional

import yaml


class Hint(NamedTuple):
    line: int  # 1-based
    column: int  # 1-based
    message: str


def indentation(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _content_line_before(lines: list[str], index: int) -> Optional[int]:
    """The nearest line above ``index`` that holds more than blanks or a comment."""
    for above in range(index - 1, -1, -1):
        stripped = lines[above].strip()
        if stripped and not stripped.startswith("#"):
            return above
    return None


def _tab_hint(lines: list[str], index: int) -> Optional[Hint]:
    """The first line from ``index`` on whose indentation holds a tab."""
    for number in range(index, min(index + 2, len(lines))):
        line = lines[number]
        lead = line[:len(line) - len(line.lstrip(" \t"))]
        if "\t" in lead:
            return Hint(number + 1, lead.index("\t") + 1,
                        "a tab in the indentation; expected spaces (YAML indents with spaces "
                        "only: replace the tab with spaces that line up with the lines above)")
    return None


def _key_of(line: str) -> str:
    text = line.strip().removeprefix("- ")
    return text.split(":", 1)[0] if ":" in text else text


def _spaces(count: int) -> str:
    return f"{count} space" + ("" if count == 1 else "s")


def _has_value(line: str) -> bool:
    """``key: value`` or ``- value``: a deeper line below it continues that value."""
    text = line.strip().removeprefix("-").strip()
    key, colon, value = text.partition(":")
    return bool(value.strip()) if colon else bool(text)


def _misaligned_hint(lines: list[str], index: int, deeper: bool) -> Optional[Hint]:
    """A line indented differently from the line above it in the same block."""
    above = _content_line_before(lines, index)
    if above is None:
        return None
    here, there = indentation(lines[index]), indentation(lines[above])
    if lines[above].lstrip().startswith("- ") and not lines[index].lstrip().startswith("-"):
        there += 2  # the keys of a list item line up after its "- "
    name = _key_of(lines[above])
    if deeper and here > there and _has_value(lines[above]):
        return Hint(index + 1, 1, (
            f"this line is indented {_spaces(here)}, more than the '{name}' line above it "
            f"({there}), so YAML reads it as part of that line's value; expected "
            f"{_spaces(there)} to line up with it (indent further only under a key with no "
            "value on its line)"))
    if not deeper and here < there:
        return Hint(index + 1, 1, (
            f"this line is indented {_spaces(here)}, which matches no level above it (the "
            f"'{name}' line has {there}); expected the same indentation as the other keys or "
            "items of its block"))
    return None


def explain(err: yaml.MarkedYAMLError, text: str) -> Optional[Hint]:
    """A plain-words hint for ``err`` in ``text``, or None when there is none to give."""
    mark = err.problem_mark
    if mark is None:
        return None
    problem = err.problem or ""
    lines = text.split("\n")
    index = min(mark.line, len(lines) - 1)
    if "tab" in problem or "'\\t'" in problem:
        return _tab_hint(lines, index)
    if problem.startswith("mapping values are not allowed"):
        return _misaligned_hint(lines, index, deeper=True) or Hint(
            mark.line + 1, mark.column + 1,
            "a second ': ' on one line; expected one key per line, or the value in quotes "
            "(e.g. title: \"Shusha: the find\")")
    if problem.startswith(("did not find expected key", "did not find expected '-'")):
        return _misaligned_hint(lines, index, deeper=False)
    return None
