#!/usr/bin/env python3
"""The command line behind `make site`, `make test` and `make serve`.

    python build.py check [-s FILE] [--format human|github|json]
                                      report every problem as FILE:LINE:COL; write nothing
                                      (-s publishconf.py: the production check, which also
                                      warns about each publisher setting not yet set)
    python build.py build [-s FILE]   check, then build into output/ (replaced only on success)
    python build.py serve             build, serve http://127.0.0.1:8000, rebuild on change
    python build.py schema            write claims.schema.json and docs/data-model.md
    python build.py new claim ID      add a skeleton claim (or source, event) to fill in

Exit status: 0 on success, 1 when the input has errors, 2 when the build itself fails.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from factcheck.model.problems import FORMATS, escape_controls
from factcheck.model.scaffold import SECTION_OF, ScaffoldError
from factcheck.model.schema import id_problem
from factcheck.model.schemadoc import write_schema_files
from factcheck.site import SettingsError, SiteBuilder

ROOT = Path(__file__).resolve().parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="build.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["check", "build", "serve", "schema", "new"])
    parser.add_argument("what", nargs="*", help="for new: claim|source|event ID")
    parser.add_argument("-s", "--settings", default="pelicanconf.py",
                        help="Pelican settings file (publishconf.py for production)")
    parser.add_argument("-o", "--output", default="output", help="output folder")
    parser.add_argument("--root", default=str(ROOT), help="project folder (default: this one)")
    parser.add_argument("--port", type=int, default=8000, help="port for serve")
    parser.add_argument("--format", choices=FORMATS, default="human",
                        help="how check reports problems: human (default), github, json")
    args, extra = parser.parse_known_args(argv)
    if extra and args.command != "new":
        parser.error(f"unrecognized arguments: {' '.join(map(escape_controls, extra))}")
    args.what += extra  # `new claim -rf`: an id that looks like an option is still an id
    root = Path(args.root).resolve()

    if args.command == "schema":
        for path in write_schema_files(root):
            print(f"wrote {path.relative_to(root)}")
        return 0
    builder = SiteBuilder(root, root / args.settings, root / args.output)
    if args.command == "new":
        return _new(parser, builder, args.what)
    try:
        if args.command == "check":
            return 0 if builder.check(args.format).ok else 1
        if args.command == "build":
            return builder.build()
        return builder.serve(args.port)
    except SettingsError as err:
        print(err, file=sys.stderr)
        return 2


def _new(parser, builder: SiteBuilder, what: list[str]) -> int:
    """build.py new claim|source|event ID"""
    if len(what) != 2 or what[0] not in SECTION_OF:
        parser.error("usage: build.py new claim|source|event ID")
    problem = id_problem(what[1])
    if problem:  # the schema's own rule, before anything is written
        print(escape_controls(f"new: {problem}; nothing was written"), file=sys.stderr)
        return 1
    try:
        told, checks = builder.new(*what)
    except (ScaffoldError, SettingsError) as err:
        print(escape_controls(f"new: {err}"), file=sys.stderr)
        return 1
    for line in told:
        print(escape_controls(line), file=sys.stderr)
    return 0 if checks else 1  # an error left to fix (an event's date, a source's language)


if __name__ == "__main__":
    sys.exit(main())
