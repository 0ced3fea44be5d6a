"""The command line behind `make site`, `make test` and `make serve` (`build.py` or `factcheck`).

    factcheck check [-s FILE] [--format human|github|json]
                                      report every problem as FILE:LINE:COL; write nothing
                                      (-s publishconf.py: the production check, which also
                                      warns about each publisher setting not yet set)
    factcheck build [-s FILE]         check, then build into output/ (replaced only on success)
    factcheck serve                   build, serve http://127.0.0.1:8000, rebuild on change
    factcheck schema                  write claims.schema.json and docs/data-model.md
    factcheck new claim ID            add a skeleton claim (or source, event) to fill in
    factcheck init DIR [--generator SPEC]
                                      start a new, empty site in DIR (factcheck/init_site.py)

A site's own `build.py` runs this on the folder it is in; `factcheck` runs it on the current
folder (or --root). Exit status: 0 on success, 1 when the input has errors, 2 when the build
itself fails.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, Optional

from .model.problems import FORMATS, escape_controls

if TYPE_CHECKING:
    from .build_state import Inputs

COMMANDS = ["check", "build", "serve", "schema", "new", "init"]


def _parser(prog: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=prog, description=__doc__.split("\n\n")[0],
                                     epilog=__doc__.split("\n\n")[1],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=COMMANDS)
    parser.add_argument("what", nargs="*", help="for new: claim|source|event ID; for init: DIR")
    parser.add_argument("-s", "--settings", default="pelicanconf.py",
                        help="Pelican settings file (publishconf.py for production)")
    parser.add_argument("-o", "--output", default="output", help="output folder")
    parser.add_argument("--root", default=None,
                        help="project folder (default: build.py's folder, else the current one)")
    parser.add_argument("--port", type=int, default=8000, help="port for serve")
    parser.add_argument("--format", choices=FORMATS, default="human",
                        help="how check reports problems: human (default), github, json")
    parser.add_argument("--generator", default=None, help="for init: the requirements.txt "
                        "line that pins the generator (default: the one running)")
    return parser


def exit_now(code: int) -> NoReturn:
    """Leave at once with ``code``, everything written and flushed, without freeing the
    build's objects one by one: at 10,000 claims the interpreter's teardown alone took
    about 2 s after the build had finished. For the command line only (tests call main)."""
    import os

    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def command() -> NoReturn:
    """The ``factcheck`` command."""
    exit_now(main())


def main(argv: list[str] | None = None, root: Path | None = None) -> int:
    """``root`` is the project folder when --root is not given: a site's build.py passes its
    own folder, so it works from anywhere; the ``factcheck`` command uses the current one."""
    parser = _parser("build.py" if root is not None else "factcheck")
    args, extra = parser.parse_known_args(argv)
    if extra and args.command != "new":
        parser.error(f"unrecognized arguments: {' '.join(map(escape_controls, extra))}")
    args.what += extra  # `new claim -rf`: an id that looks like an option is still an id
    if args.command == "init":
        return _init(parser, args.what, args.generator)
    root = Path(args.root or root or Path.cwd()).resolve()

    inputs = None
    if args.command == "build":
        done, inputs = _already_built(root, root / args.settings, root / args.output)
        if done:
            return 0
    # The rest of the plugin, imported only now: an up-to-date build does not need it.
    from .site import SettingsError, SiteBuilder

    if args.command == "schema":
        from .model.schemadoc import write_schema_files

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
            return builder.build(inputs)
        return builder.serve(args.port)
    except SettingsError as err:
        print(err, file=sys.stderr)
        return 2


def _already_built(root: Path, settings_file: Path,
                   output: Path) -> tuple[bool, Optional["Inputs"]]:
    """True (and the last build's report said again) when output/ is what a build of these
    inputs writes; answered with the settings and build_state.py alone, fast at any size.
    Otherwise False and the inputs' digests, for the build to record (not computed twice)."""
    import time

    from .build_state import up_to_date, up_to_date_message
    from .settings_file import read_site_settings

    started = time.perf_counter()
    try:
        settings = read_site_settings(settings_file)
    except Exception:  # noqa: BLE001 - the full build reports a broken settings file
        return False, None
    inputs, report = up_to_date(root, settings, output)
    if report is None:
        return False, inputs
    print(report, file=sys.stderr)
    print(up_to_date_message(output, started), file=sys.stderr)
    return True, inputs


def _new(parser, builder, what: list[str]) -> int:
    """new claim|source|event ID"""
    from .model.scaffold import SECTION_OF, ScaffoldError
    from .model.schema import id_problem
    from .site import SettingsError

    if len(what) != 2 or what[0] not in SECTION_OF:
        parser.error(f"usage: {parser.prog} new claim|source|event ID")
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


def _init(parser, what: list[str], generator: str | None) -> int:
    """init DIR: a new site from the starter files (init_site.py)."""
    from .init_site import StarterError, init_site, running_generator

    if len(what) != 1:
        parser.error(f"usage: {parser.prog} init DIR [--generator SPEC]")
    target = Path(what[0]).absolute()
    try:
        written = init_site(target, generator or running_generator())
    except StarterError as err:
        print(escape_controls(f"init: {err}; nothing was written"), file=sys.stderr)
        return 1
    print(escape_controls(f"created {target} ({len(written)} files); next:"), file=sys.stderr)
    print(escape_controls(f"  cd {target} && make site   # then fill in every TODO "
                          "(make check lists them)"), file=sys.stderr)
    return 0
