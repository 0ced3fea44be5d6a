"""Write the schema's two published forms: JSON Schema for editors, Markdown for people.

Both are generated from ``schema.py`` and committed; a test fails when either is stale,
so the data model is never described by hand a second time.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import get_args

from pydantic import BaseModel

from .schema import Account, Claim, Event, Quote, Rating, Site, Source, Translation, Update

DOCUMENTED: list[type[BaseModel]] = [Rating, Source, Translation, Claim, Quote, Update, Event,
                                     Account]


def json_schema_text() -> str:
    return json.dumps(Site.model_json_schema(mode="validation"), indent=2,
                      ensure_ascii=False) + "\n"


def markdown_text() -> str:
    """A table of fields per entry type, from the field descriptions."""
    lines = ["# The data model of claims.yaml", "",
             "Generated from `factcheck/schema.py` by `make schema`; do not edit by hand.", "",
             "claims.yaml has four lists: " + ", ".join(
                 f"`{name}` ({info.description})" for name, info in Site.model_fields.items())
             + ".", ""]
    for model in DOCUMENTED:
        lines += [f"## {model.__name__}", "", "| key | required | meaning |", "|---|---|---|"]
        for name, info in model.model_fields.items():
            nullable = type(None) in get_args(info.annotation)
            required = ("yes, null if unknown" if nullable else "yes") if info.is_required() \
                else "no"
            lines.append(f"| `{name}` | {required} | {info.description} |")
        lines.append("")
    return "\n".join(lines)


def write_schema_files(root: Path) -> list[Path]:
    """Write claims.schema.json and docs/data-model.md under ``root``."""
    outputs = {root / "claims.schema.json": json_schema_text(),
               root / "docs" / "data-model.md": markdown_text()}
    for path, text in outputs.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return list(outputs)
