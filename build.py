#!/usr/bin/env python3
"""The command line behind `make site`, `make test` and `make serve`.

    python build.py check             report every problem as FILE:LINE:COL; write nothing
    python build.py build [-s FILE]   check, then build into output/ (replaced only on success)
    python build.py serve             build, serve http://127.0.0.1:8000, rebuild on change
    python build.py schema            write claims.schema.json and docs/data-model.md

Exit status: 0 on success, 1 when the input has errors, 2 when the build itself fails.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from factcheck.schemadoc import write_schema_files
from factcheck.site import SettingsError, SiteBuilder

ROOT = Path(__file__).resolve().parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="build.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["check", "build", "serve", "schema"])
    parser.add_argument("-s", "--settings", default="pelicanconf.py",
                        help="Pelican settings file (publishconf.py for production)")
    parser.add_argument("-o", "--output", default="output", help="output folder")
    parser.add_argument("--root", default=str(ROOT), help="project folder (default: this one)")
    parser.add_argument("--port", type=int, default=8000, help="port for serve")
    args = parser.parse_args(argv)
    root = Path(args.root).resolve()

    if args.command == "schema":
        for path in write_schema_files(root):
            print(f"wrote {path.relative_to(root)}")
        return 0
    builder = SiteBuilder(root, root / args.settings, root / args.output)
    try:
        if args.command == "check":
            return 0 if builder.check().ok else 1
        if args.command == "build":
            return builder.build()
        return builder.serve(args.port)
    except SettingsError as err:
        print(err, file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
