"""Placeholders: values starting with TODO, left by `build.py new` and `build.py init`.

A skeleton claim, a new site's pages and its settings hold text the contributor must write.
Each TODO is a ``check`` warning at its line until it is replaced, so it is never published
unnoticed; it is not an error, so a half-filled site can still be built and looked at.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from .problems import Problems
from .publisher import SETTING, setting_position, settings_lines

PLACEHOLDER = "TODO"


def placeholder_line(text: str) -> int:
    """The number of the first line that starts with the placeholder, or 0."""
    for number, line in enumerate(text.splitlines(), 1):
        if line.lstrip().startswith(PLACEHOLDER):
            return number
    return 0


def is_placeholder(value: object) -> bool:
    return isinstance(value, str) and value.startswith(PLACEHOLDER)


def warn_placeholder_settings(settings: dict, settings_file: Optional[Path], root: Path,
                              problems: Problems) -> None:
    """A text setting (SITENAME, …) or FACTCHECK_PUBLISHER value still a TODO: a warning at
    its line in the settings file."""
    shown, lines = settings_lines(settings_file, root)
    for name in sorted(settings):
        value = settings[name]
        keys = sorted(value, key=str) if name == SETTING and isinstance(value, dict) else [None]
        for key in keys:
            text = value if key is None else value[key]
            if is_placeholder(text):
                named = name if key is None else f"{name} '{key}'"
                problems.warning(setting_position(shown, lines, name, key),
                                 f"placeholder left to fill in: {named} is '{text}'")
