"""Write the schemas' published forms: JSON Schema for editors and researchers, Markdown
for people.

Both are generated from ``schema.py`` and committed; a test fails when either is stale,
so the data model is never described by hand a second time.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import get_args

from pydantic import BaseModel

from ..export.export_schema import (CSV_ONLY, CSV_STAND_INS, ClaimRecord, EventRecord, SourceRecord,
                            export_schema_text)
from ..settings import settings_markdown as plugin_settings_markdown
from .publisher import settings_markdown
from .schema import Account, Claim, Event, Quote, Rating, Site, Source, Translation, Update

DOCUMENTED: list[type[BaseModel]] = [Rating, Source, Translation, Claim, Quote, Update, Event,
                                     Account]


def json_schema_text() -> str:
    return json.dumps(Site.model_json_schema(mode="validation"), indent=2,
                      ensure_ascii=False) + "\n"


def markdown_text() -> str:
    """A table of fields per entry type, from the field descriptions."""
    lines = ["# The data model of claims.yaml", "",
             "Generated from `factcheck/model/schema.py` by `make schema`; do not edit by hand.", "",
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


def _where(field: str) -> str:
    stand_ins = CSV_STAND_INS.get(field)
    if stand_ins is None:
        return "JSON, CSV"
    return "JSON" + "".join(f"; CSV: `{column}`" for column in stand_ins)


def export_markdown_text() -> str:
    """The fields of the exports' records, from the export's own models."""
    lines = ["# Fields of the exports (`data/`)", "",
             "Generated from `factcheck/export/export_schema.py` (which takes every field of "
             "claims.yaml from `factcheck/model/schema.py`) by `make schema`; do not edit by hand. "
             "What the files are: [open-data.md](open-data.md).", ""]
    for title, model in (("claim", ClaimRecord), ("source", SourceRecord),
                         ("event", EventRecord)):
        lines += [f"## Fields of a {title} (`claims.json`, `{title}s.csv`)", "",
                  "| key | in | meaning |", "|---|---|---|"]
        for name, info in model.model_fields.items():
            lines.append(f"| `{name}` | {_where(name)} | {info.description} |")
            lines += [f"| `{column}` | CSV | {CSV_ONLY[column]} |"
                      for column in CSV_STAND_INS.get(name, [])]
        lines.append("")
    return "\n".join(lines)


def write_schema_files(root: Path) -> list[Path]:
    """Write the schemas (claims.yaml's, the export's) and their docs under ``root``."""
    outputs = {root / "claims.schema.json": json_schema_text(),
               root / "docs" / "data-model.md": markdown_text(),
               root / "claims-export.schema.json": export_schema_text(),
               root / "docs" / "export-fields.md": export_markdown_text(),
               root / "docs" / "publisher-settings.md": settings_markdown(),
               root / "docs" / "plugin-settings.md": plugin_settings_markdown()}
    for path, text in outputs.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return list(outputs)
