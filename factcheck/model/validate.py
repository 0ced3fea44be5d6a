"""Validate loaded YAML against the schema, entry by entry, with positioned messages.

Each entry is validated on its own so that one broken claim does not hide the problems of
the others, and so the valid entries can still go through the cross-reference checks.
Pydantic's errors are turned into "what is wrong; expected what" using the schema's own
field descriptions, so the data model is described only once.
"""

from __future__ import annotations

import difflib
import types
from typing import Any, Optional, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails
from pydantic.fields import FieldInfo

from .problems import Problems
from .schema import Claim, Event, Rating, Site, Source
from .yamlpos import LoadedYaml

SECTIONS: dict[str, type[BaseModel]] = {
    "ratings": Rating, "sources": Source, "claims": Claim, "events": Event}

Entries = dict[str, list[tuple[int, BaseModel]]]


def validate(loaded: LoadedYaml, problems: Problems) -> Entries:
    """Return the valid entries of each section, with their index in the file."""
    data = loaded.data
    entries: Entries = {name: [] for name in SECTIONS}
    if not isinstance(data, dict):
        problems.error(loaded.position(()), "expected a mapping with the sections "
                       + ", ".join(SECTIONS))
        return entries
    _report_keys(loaded, (), set(data), Site, problems)
    for name, model in SECTIONS.items():
        items = data.get(name)
        if items is None:
            continue
        if not isinstance(items, list):
            problems.error(loaded.position((name,)), f"'{name}' must be a list; expected entries "
                           "each starting with '- '")
            continue
        for index, item in enumerate(items):
            entry = _validate_entry(loaded, (name, index), model, item, problems)
            if entry is not None:
                entries[name].append((index, entry))
    return entries


def _validate_entry(loaded, path, model, item, problems) -> Optional[BaseModel]:
    try:
        return model.model_validate(item)
    except ValidationError as err:
        for error in err.errors(include_url=False):
            _report(loaded, path, model, error, problems)
        return None


def _report_keys(loaded, path, keys, model, problems) -> None:
    """Top-level keys are checked here because Site itself is never validated whole."""
    for key in sorted(keys - set(model.model_fields), key=str):
        problems.error(loaded.position(path + (key,), key=True), _unknown_key(key, model))
    for name, info in model.model_fields.items():
        if info.is_required() and name not in keys:
            problems.error(loaded.position(path), f"missing required section '{name}' "
                           f"({info.description})")


def _report(loaded: LoadedYaml, path: tuple, model, error: ErrorDetails,
            problems: Problems) -> None:
    loc = tuple(error["loc"])
    owner, info = _field_at(model, loc)
    kind = error["type"]
    if kind == "extra_forbidden":
        problems.error(loaded.position(path + loc, key=True), _unknown_key(str(loc[-1]), owner))
        return
    if kind == "missing":
        described = f" ({info.description})" if info and info.description else ""
        problems.error(loaded.position(path + loc[:-1]),
                       f"missing required field '{loc[-1]}'{described}")
        return
    problems.error(loaded.position(path + loc), _describe(loc, error, info))


def _describe(loc: tuple, error: ErrorDetails, info: Optional[FieldInfo]) -> str:
    field = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in loc)
    field = field.lstrip(".") or "entry"
    value = error.get("input")
    if error["type"] in ("model_type", "dict_type"):
        return f"{field} must be a mapping; expected name: value pairs"
    if error["type"].startswith(("id_", "url_", "language_", "date_", "full_date", "text_",
                                 "time_", "byline_", "quote_")):
        return f"{field}: {error['msg']}"
    message = f"{field}: {error['msg'].lower()}"
    if error["type"] == "string_type" and isinstance(value, (bool, int, float)):
        message += f" (YAML reads the unquoted {str(value).lower()} as a {type(value).__name__}: "\
                   "put it in quotes)"
    elif info is not None and info.description and not isinstance(loc[-1], int):
        message += f"; expected {info.description}"
    return message


def _unknown_key(key: str, model: type[BaseModel]) -> str:
    fields = list(model.model_fields)
    guess = difflib.get_close_matches(key, fields, n=1, cutoff=0.6)
    hint = f"did you mean '{guess[0]}'? " if guess else ""
    return f"unknown key '{key}'; {hint}expected one of: {', '.join(fields)}"


def _field_at(model: type[BaseModel], loc: tuple) -> tuple[type[BaseModel], Optional[FieldInfo]]:
    """The model that owns the last key of ``loc`` and that key's field, if any."""
    owner, info = model, None
    current: Any = model
    for part in loc:
        current = unwrap(current)
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            break
        owner, info = current, current.model_fields.get(part)
        if info is None:
            break
        current = info.annotation
    return owner, info


def unwrap(annotation: Any) -> Any:
    """Optional[list[X]] -> X: what one item of a field is."""
    while True:
        origin = get_origin(annotation)
        if origin in (Union, types.UnionType):
            annotation = next(a for a in get_args(annotation) if a is not type(None))
        elif origin is list:
            annotation = get_args(annotation)[0]
        else:
            return annotation
