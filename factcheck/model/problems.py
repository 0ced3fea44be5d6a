"""Problems found in the input, each pinned to FILE:LINE:COL.

Every check appends to one ``Problems`` list instead of raising, so a contributor sees all
that is wrong in one run, in file order, in the format editors and CI understand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Iterator, Literal

Severity = Literal["error", "warning"]

# Control, format and line-separator characters: a terminal escape, a bidi override, or a
# newline followed by "::error ..." (a GitHub workflow command) must never reach a CI log
# or a terminal as such, so every message shows them as visible escapes instead.
_UNSAFE_RE = re.compile("[\x00-\x1f\x7f-\x9f\u00ad\u061c\u200b-\u200f\u2028-\u202e"
                        "\u2060-\u206f\ufeff\ufff9-\ufffb]")


_UNPRINTABLE_TEXT_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def unprintable(text: str) -> str:
    """'U+001B' for the first control or direction-override character in ``text`` (newlines
    and tabs are text), '' when there is none."""
    match = _UNPRINTABLE_TEXT_RE.search(text)
    return f"U+{ord(match.group()):04X}" if match else ""


def escape_controls(text: str) -> str:
    """``text`` with each control or invisible formatting character written as \\xNN or \\uNNNN."""
    return _UNSAFE_RE.sub(lambda m: (f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100
                                     else f"\\u{ord(m.group()):04x}"), text)


@dataclass(frozen=True, order=True)
class Position:
    """A place in a file; line and column count from 1, as editors do."""

    path: str
    line: int = 1
    col: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


@dataclass(frozen=True)
class Problem:
    position: Position
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        return f"{self.position}: {self.severity}: {self.message}"


@dataclass
class Problems:
    """An ordered collection of problems; errors block the build, warnings do not."""

    items: list[Problem] = field(default_factory=list)

    def error(self, position: Position, message: str) -> None:
        self._add(position, message, "error")

    def warning(self, position: Position, message: str) -> None:
        self._add(position, message, "warning")

    def _add(self, position: Position, message: str, severity: Severity) -> None:
        """Input quoted in a message is escaped once, here, for every output format."""
        position = replace(position, path=escape_controls(position.path),
                           line=max(1, position.line), col=max(1, position.col))
        self.items.append(Problem(position, escape_controls(message), severity))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "error"]

    def __iter__(self) -> Iterator[Problem]:
        return iter(sorted(self.items, key=lambda p: (p.position, p.message)))

    def __len__(self) -> int:
        return len(self.items)


def format_human(problems: "Problems", root) -> str:
    """Compiler style: the message, then the offending line with a caret under the column."""
    lines_of: dict[str, list[str]] = {}
    out = []
    for problem in problems:
        out.append(str(problem))
        path, line, col = problem.position.path, problem.position.line, problem.position.col
        if path not in lines_of:
            lines_of[path] = _source_lines(root, path)
        if 0 < line <= len(lines_of[path]):
            text = escape_controls(lines_of[path][line - 1].expandtabs(1))
            out.append(f"  {line:>5} | {text}")
            out.append(f"        | {' ' * (col - 1)}^")
    return "\n".join(out)


def _source_lines(root, path: str) -> list[str]:
    """The lines of an input file, only if it is one check may read (inside the project,
    a regular file): a message about a symlink to /etc/passwd must not print its first line."""
    from .inputs import InputError, read_bytes

    try:
        return read_bytes(root, path).decode("utf-8").splitlines()
    except (InputError, UnicodeDecodeError):
        return []


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(problems: "Problems") -> str:
    """GitHub Actions workflow commands: each problem becomes an annotation on the diff."""
    return "\n".join(
        f"::{p.severity} file={_escape_property(p.position.path)},line={p.position.line},"
        f"col={p.position.col}::{_escape_data(p.message)}" for p in problems)


def format_json(problems: "Problems") -> str:
    """One JSON document for tools and editors."""
    import json

    return json.dumps([{"file": p.position.path, "line": p.position.line,
                        "column": p.position.col, "severity": p.severity, "message": p.message}
                       for p in problems], ensure_ascii=False, indent=1)


FORMATS = ("human", "github", "json")


class CheckFailed(Exception):
    """Raised by the Pelican plugin when the input has errors, so nothing is written."""

    exitcode = 1  # plain `pelican` exits with it

    def __init__(self, problems: Problems):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
