"""Omissions in a quote, marked "[…]" (or "[...]"), as in print.

A quote with an omission is several verbatim passages of one source, in order. The schema
refuses a marker with no words on one side of it (an omission at the start or end is not an
omission: quote less instead), and quotes.py checks each passage against the local copy.
Both use the one split here; plain ``str`` operations, so time stays linear in the text.
"""

from __future__ import annotations

from typing import Optional

ELISION = "[…]"
ELISION_ASCII = "[...]"  # what a keyboard without "…" types; read as the same mark


def elided_parts(text: str) -> list[str]:
    """The passages between omission marks, stripped: 'a […] b' -> ['a', 'b']; a quote
    without a mark is one passage."""
    return [part.strip() for part in text.replace(ELISION_ASCII, ELISION).split(ELISION)]


def elision_problem(text: str) -> Optional[str]:
    """Why the omission marks of ``text`` cannot stand, or None."""
    parts = elided_parts(text)
    if len(parts) == 1:
        return None
    if not any(parts):
        return (f"quote is only the omission mark {ELISION}; expected the quoted words, with "
                f"{ELISION} only between two passages of them")
    if not parts[0]:
        return (f"quote starts with the omission mark {ELISION}; expected it only between two "
                "quoted passages (to leave out what comes before, start the quote later)")
    if not parts[-1]:
        return (f"quote ends with the omission mark {ELISION}; expected it only between two "
                "quoted passages (to leave out what comes after, end the quote earlier)")
    if not all(parts):
        return (f"quote has two omission marks with nothing between them; expected one "
                f"{ELISION} for each omission")
    return None
