"""Problems found in the input, each pinned to FILE:LINE:COL.

Every check appends to one ``Problems`` list instead of raising, so a contributor sees all
that is wrong in one run, in file order, in the format editors and CI understand.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator, Literal

Severity = Literal["error", "warning"]


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
        self.items.append(Problem(position, message, "error"))

    def warning(self, position: Position, message: str) -> None:
        self.items.append(Problem(position, message, "warning"))

    def extend(self, other: "Problems") -> None:
        self.items.extend(other.items)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "error"]

    def __iter__(self) -> Iterator[Problem]:
        return iter(sorted(self.items, key=lambda p: (p.position, p.message)))

    def __len__(self) -> int:
        return len(self.items)


class CheckFailed(Exception):
    """Raised by the Pelican plugin when the input has errors, so nothing is written."""

    def __init__(self, problems: Problems):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
