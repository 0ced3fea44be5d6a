"""Shapes of Markdown that Python-Markdown cannot take from a stranger.

Python-Markdown recurses once per level of nested lists and block quotes (``- - - - x``
thousands deep ends in RecursionError), looks for the closing ``]`` of every ``[``
separately (thousands of unclosed brackets in one paragraph take quadratic time), and
re-splits a block at every heading or rule it finds in it (thousands of lines with no
blank line between them take quadratic time). No real analysis comes near these limits,
so such text is refused at its position before it is parsed, in one linear pass.
"""

from __future__ import annotations

import re

from typing import Optional

from .citations import Finding

MAX_NESTING = 16  # lists and quotes inside each other (4 spaces of indentation count as one)
MAX_UNCLOSED = 64  # "[" without a "]", or "](" without a ")", in one paragraph
MAX_IMAGES = 200  # Pelican scans a page's HTML for images with a quadratic pattern
MAX_BLOCK_LINES = 500  # lines with no blank line between them (its block parser re-splits)
# Some of Python-Markdown's passes are quadratic in the worst case (thousands of headings or
# reference definitions); at this size even those stay within seconds. The longest sample
# analysis is under 3 KB.
MAX_CHARACTERS = 64 * 1024


def structure_problem(text: str) -> Optional[Finding]:
    """The first place ``text`` goes past a limit, or None."""
    if len(text) > MAX_CHARACTERS:
        return Finding("", f"text is {len(text)} characters long; expected at most "
                       f"{MAX_CHARACTERS} (split it, or move detail into sources)", at=(1, 1))
    if text.count("![") > MAX_IMAGES:
        at = text.find("![")
        line_of_image = text.count("\n", 0, at) + 1
        return Finding("", f"more than {MAX_IMAGES} images; expected at most {MAX_IMAGES} in "
                       "one text", at=(line_of_image, at - (text.rfind("\n", 0, at) + 1) + 1))
    unclosed: list[tuple[int, int]] = []
    links: list[tuple[int, int]] = []
    block_start, block_lines = 1, 0
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():  # a blank line ends the paragraph
            unclosed.clear()
            links.clear()
            block_lines = 0
            continue
        block_start = number if block_lines == 0 else block_start
        block_lines += 1
        if block_lines > MAX_BLOCK_LINES:
            return Finding("", f"more than {MAX_BLOCK_LINES} lines without a blank line; "
                           "expected paragraphs, lists and tables separated by blank lines",
                           at=(block_start, 1))
        depth = _nesting(line)
        if depth > MAX_NESTING:
            return Finding("", f"lists or quotes nested more than {MAX_NESTING} levels deep; "
                           f"expected at most {MAX_NESTING}", at=(number, 1))
        _brackets(number, line, unclosed, links)
        if len(unclosed) > MAX_UNCLOSED or len(links) > MAX_UNCLOSED:
            first = (unclosed or links)[0]
            return Finding("", f"more than {MAX_UNCLOSED} '[' or '](' without their closing "
                           "']' or ')' in one paragraph; expected brackets in pairs (write \\[ "
                           "for a lone one)", at=first)
    return None


_BRACKET_RE = re.compile(r"[\[\]()]")  # one character class: linear, no backtracking


def _brackets(number: int, line: str, unclosed: list, links: list) -> None:
    """Track "[" waiting for "]" and "](" waiting for ")" (each search Markdown would make).
    Only the bracket characters are visited: a character loop in Python cost 12% of
    checking 10,000 analyses."""
    for match in _BRACKET_RE.finditer(line):
        char, column = match.group(), match.start() + 1
        if char == "[":
            unclosed.append((number, column))
        elif char == "]":
            if unclosed:
                unclosed.pop()
        elif char == "(":
            if column > 1 and line[column - 2] == "]":
                links.append((number, column))
        elif links:
            links.pop()


def _nesting(line: str) -> int:
    """How many list or quote levels a line opens: its indentation (4 columns a level) plus
    the '>', '-', '*', '+' and '1.' markers at its start."""
    indent = len(line) - len(line.lstrip(" \t"))
    depth = (len(line[:indent].expandtabs(4))) // 4
    rest = line[indent:]
    while rest and depth <= MAX_NESTING:
        if rest[0] == ">":
            rest = rest[1:].lstrip(" \t")
        elif rest[0] in "-*+" and rest[1:2] in (" ", "\t"):
            rest = rest[2:].lstrip(" \t")
        else:
            digits = len(rest) - len(rest.lstrip("0123456789"))
            if not (0 < digits and rest[digits:digits + 1] in (".", ")")
                    and rest[digits + 1:digits + 2] in (" ", "\t")):
                break
            rest = rest[digits + 2:].lstrip(" \t")
        depth += 1
    return depth
