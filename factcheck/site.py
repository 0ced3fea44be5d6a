"""Check, build, swap and serve: the safe build loop behind build.py.

A build renders into a fresh folder beside ``output/`` and replaces ``output/`` only when
the whole build succeeded, so bad input, a template error or a crash leaves the previous
site exactly as it was, and no stale page survives a rename or a removal. A serve process
keeps what its last build knew and, after an analysis edit that checks clean, moves the
few files it rebuilds into ``output/`` where they stand (live.py, in_place.py).
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable, Optional

from pelican import Pelican

from . import build_state, reuse
from .checked_site import CheckedSite, check_site
from .in_place import update_in_place
from .live import LiveSite
from .output_diff import compare, describe
from .progress import on_terminal, shown_on_terminal
from .model.problems import Problems, escape_controls, format_github, format_human, format_json
from .model.scaffold import ScaffoldError, new_entry
from .model.yamlpos import load_yaml
from .settings import read_plugin_settings
from .settings_file import read_site_settings

WATCHED = ("claims.yaml", "content", "theme", "evidence", "pelicanconf.py")


class _ErrorCounter(logging.Handler):
    """Pelican logs some failures (a page it cannot read) and goes on; we stop on them."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.count = 0

    def emit(self, record):
        self.count += 1


def empty_trash(root: Path, older_than: float = 3600) -> None:
    """Replaced output folders whose background deletion was cut short (an hour is far
    longer than any deletion takes)."""
    trash = root / build_state.TRASH
    if not trash.is_dir():
        return
    for path in trash.iterdir():
        if path.is_dir() and not path.is_symlink() and (
                time.time() - path.lstat().st_mtime > older_than):
            shutil.rmtree(path, ignore_errors=True)


def remove_leftovers(output: Path) -> None:
    """Staging and old folders of builds that were killed before they could clean up
    (their process is gone); those of a build still running are left alone."""
    prefix = f".{output.name}."
    for path in output.parent.glob(prefix + "*"):
        rest = path.name[len(prefix):]
        kind, _, tail = rest.partition("-")
        pid = tail.split("-")[0]
        if kind in ("build", "old") and pid.isdigit() and _alive(int(pid)):
            continue
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)


def remove_in_background(old: Path) -> None:
    """Delete the replaced output/ without holding up the command (at 10,000 claims that
    takes seconds); a deletion cut short is finished by a later build (empty_trash)."""
    try:
        subprocess.Popen([sys.executable, "-c", "import shutil, sys; "
                          "shutil.rmtree(sys.argv[1], ignore_errors=True)", str(old)],
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, start_new_session=True)
    except OSError:
        shutil.rmtree(old, ignore_errors=True)


def human_report(checked: CheckedSite) -> str:
    """The check as a person reads it: each problem with its line, then the summary."""
    result = checked.result
    lines = [format_human(result.problems, checked.project.root)] if result.problems else []
    return "\n".join(lines + [result.summary()])


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class SettingsError(Exception):
    """The Pelican settings file cannot be used."""


class CheckedPelican(Pelican):
    """Pelican, given the check build.py made, for the plugin's generator to start from;
    and what it may take from the last build (reuse.py, live.py)."""

    def __init__(self, settings: dict, checked: CheckedSite,
                 reuse: Optional[frozenset[str]] = None, previous: Optional[Path] = None,
                 keep: Optional[Callable[[Any], None]] = None):
        self.factcheck_checked, self.factcheck_reuse = checked, reuse
        self.factcheck_previous, self.factcheck_keep = previous, keep
        super().__init__(settings)


class SiteBuilder:
    def __init__(self, root: Path, settings_file: Path, output: Path):
        self.root, self.settings_file, self.output = root, settings_file, output
        self.keeps_live = False  # a serve process: keep the generator for the next edit
        self.live: Optional[LiveSite] = None
        self._generator: Optional[Any] = None  # the running build's, kept for live.py

    def _settings(self, override: dict | None = None) -> dict:
        """Pelican's settings; a broken settings file is reported like any input problem."""
        try:
            return read_site_settings(self.settings_file, override=override)
        except Exception as err:  # Pelican raises bare ValueError/OSError/... here
            raise SettingsError(f"{self.settings_file.name}: error: {err}") from err

    def check(self, output_format: str = "human") -> CheckedSite:
        """Check the settings and inputs and report every problem: human-readable on stderr,
        or GitHub annotations / JSON on stdout for CI and tools."""
        checked = check_site(self._settings(), self.settings_file)
        result = checked.result
        if output_format == "github":
            if result.problems:
                print(format_github(result.problems))
        elif output_format == "json":
            print(format_json(result.problems))
        if output_format != "human":
            print(result.summary(), file=sys.stderr)
        else:
            print(human_report(checked), file=sys.stderr)
        return checked

    def new(self, kind: str, entry_id: str) -> tuple[list[str], bool]:
        """Add a skeleton entry (see scaffold.py); then check, so problems show at once.
        Returns what to tell the contributor and whether the result checks without error."""
        settings = self._settings()
        project = read_plugin_settings(settings)[0].project(settings)
        text = (project.root / project.data).read_text(encoding="utf-8")
        problems = Problems()
        loaded = load_yaml(project.data, text, problems)
        if problems.errors:  # adding to a file that does not parse could only make it worse
            raise ScaffoldError("\n".join([*map(str, problems.errors), f"fix {project.data} "
                                            "first; nothing was written"]))
        told = new_entry(project.root, project.data, project.analyses, kind, entry_id, loaded)
        result = check_site(settings, self.settings_file).result
        errors = [str(p) for p in result.problems if p.severity == "error"]
        return told + errors + [result.summary()], result.ok

    def build(self, inputs: Optional[build_state.Inputs] = None) -> int:
        """0 built (or already up to date), 1 input errors (output untouched), 2 build
        failure (output untouched). ``inputs``: the digests of the inputs, when the caller
        has just found that output/ is not up to date."""
        started = time.perf_counter()
        report = None
        if inputs is None:
            inputs, report = build_state.up_to_date(self.root, self._settings(), self.output)
        if report is not None and self.keeps_live and self.live is None:
            report = None  # a serve process builds once, to keep what the build knows
        if report is not None:
            print(report, file=sys.stderr)
            print(build_state.up_to_date_message(self.output, started), file=sys.stderr)
            return 0
        if self.live is not None:
            code = self._build_live(self.live, inputs, started)
            if code is not None:
                return code
        self.live = None
        checked = self.check()
        if not checked.ok:
            return 1
        report = human_report(checked)
        renderings, cites = reuse.rendering_digests(checked.result.analyses)
        project = checked.project
        edited = reuse.changed_claims(build_state.load(self.root), inputs,
                                      project.root / project.analyses, renderings, cites,
                                      self.output)
        code = self._into_new_folder(started, lambda staging: self._render(
            checked, staging, edited))
        if code == 0:
            listing = build_state.output_digest(self.output)
            build_state.save(self.root, build_state.BuildState(
                inputs.digest, listing, report, inputs.shared, cites, renderings), inputs)
            if self._generator is not None:
                self.live = LiveSite(self._generator, checked, report, inputs, listing,
                                     renderings, cites)
        self._generator = None
        return code

    def _build_live(self, live: LiveSite, inputs: build_state.Inputs,
                    started: float) -> Optional[int]:
        """A serve process's rebuild from what it kept (live.py), when only analyses' text
        changed and each edited one checks clean; None when a full build is needed. The
        rebuilt files go into output/ where they stand (in_place.py)."""
        listing = build_state.output_listing(self.output)
        claim_ids = live.edited(inputs, build_state.listing_digest(listing))
        analyses = live.check_edited(claim_ids) if claim_ids is not None else None
        if analyses is None:
            return None
        print(live.report, file=sys.stderr)  # as before: nothing else changed
        print(f"rendering {len(analyses)} claim page(s) whose analysis changed and the search "
              "index, from what this process kept", file=sys.stderr, flush=True)
        self.live = None  # until this build is in place
        staging = Path(tempfile.mkdtemp(prefix=f".{self.output.name}.build-{os.getpid()}-",
                                        dir=self.output.parent))
        try:
            live.generator.previous_output = self.output  # as the last build left it
            live.generator.write_live_edit(staging, analyses)
            moved = update_in_place(staging, self.output)
        except Exception as err:  # noqa: BLE001 - a template or disk failure, said below
            shutil.rmtree(staging, ignore_errors=True)
            print(escape_controls(f"build failed: {type(err).__name__}: {err}; the next "
                                  "build renders the whole site"), file=sys.stderr)
            return 2
        shutil.rmtree(staging, ignore_errors=True)
        assert listing is not None  # live.edited compared it with the last build's
        build_state.save(self.root, live.record(inputs, build_state.listing_digest(
            moved.listing(self.output, listing)), analyses), inputs)
        self.live = live
        print(f"{self.output.name}/: {describe(moved.diff())}", file=sys.stderr)
        print(f"built {self.output.name}/ in {time.perf_counter() - started:.2f} s",
              file=sys.stderr)
        return 0

    def _render(self, checked: CheckedSite, staging: Path,
                edited: Optional[reuse.Reuse]) -> None:
        """Pelican into ``staging``; ``edited``: only these claim pages and the search index
        are rendered, every other file linked from the last build."""
        self._run_pelican(checked, staging, edited.claims if edited else None)
        if edited is not None:
            self._link_last(staging, edited)

    def _link_last(self, staging: Path, edited: reuse.Reuse) -> None:
        kept = reuse.link_unchanged(self.output, staging, edited)
        print(f"kept {kept} unchanged files of the last build", file=sys.stderr)

    def _into_new_folder(self, started: float, fill: Callable[[Path], None]) -> int:
        """``fill`` a new folder beside output/ and swap it in; on failure, output/ stays."""
        staging = None
        try:
            remove_leftovers(self.output)
            empty_trash(self.root)
            staging = Path(tempfile.mkdtemp(prefix=f".{self.output.name}.build-{os.getpid()}-",
                                            dir=self.output.parent))
            fill(staging)
            self._swap(staging)
        except OSError as err:  # a read-only or full disk, a file where a folder should be
            return self._failed(f"cannot write {err.filename or self.output} "
                                f"({err.strerror or err}); expected a writable folder", staging)
        except Exception as err:  # a template or Pelican failure: keep the old site
            return self._failed(f"{type(err).__name__}: {err}", staging)
        print(f"built {self.output.name}/ in {time.perf_counter() - started:.2f} s",
              file=sys.stderr)
        return 0

    def _failed(self, why: str, staging: Optional[Path]) -> int:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        print(escape_controls(f"build failed: {why}; {self._kept()}"), file=sys.stderr)
        return 2

    def _run_pelican(self, checked: CheckedSite, staging: Path,
                     edited: Optional[frozenset[str]] = None) -> None:
        catalog = checked.result.catalog
        if catalog is not None and on_terminal():  # a long build says what it is doing
            if edited is not None:
                print(f"rendering {len(edited)} claim page(s) whose analysis changed and the "
                      "search index; every other file is the last build's:",
                      file=sys.stderr, flush=True)
            else:
                print(f"rendering {len(catalog.claims)} claim pages, {len(catalog.sources)} "
                      f"source pages, the chronology ({len(catalog.events)} events), lists, "
                      "search index and open data:", file=sys.stderr, flush=True)
        settings = self._settings(override={
            "OUTPUT_PATH": str(staging), "DELETE_OUTPUT_DIRECTORY": False})
        counter = _ErrorCounter()
        logging.getLogger("pelican").addHandler(counter)
        try:
            keep = self._keep if self.keeps_live else None
            with contextlib.redirect_stdout(io.StringIO()), shown_on_terminal():
                CheckedPelican(settings, checked, edited,  # stdout: Pelican's "0 articles"
                               self.output if edited is not None else None, keep).run()
        finally:
            logging.getLogger("pelican").removeHandler(counter)
        if counter.count:
            raise RuntimeError(f"Pelican reported {counter.count} error(s) above")

    def _keep(self, generator) -> None:
        self._generator = generator

    def _swap(self, staging: Path) -> None:
        """Replace output/ by the new build with two renames (undone if the second fails)."""
        os.chmod(staging, 0o755)
        old = None
        if self.output.exists() or self.output.is_symlink():
            old = Path(tempfile.mkdtemp(prefix=f".{self.output.name}.old-{os.getpid()}-",
                                        dir=self.output.parent))
            os.rmdir(old)  # a free name beside output/, for the rename
            os.replace(self.output, old)
        try:
            os.replace(staging, self.output)
        except OSError:
            if old is not None:
                os.replace(old, self.output)
            raise
        if old is not None:
            if not os.environ.get("CI"):  # for the contributor; CI always starts afresh
                print(f"{self.output.name}/: {describe(compare(old, self.output))}",
                      file=sys.stderr)
            self._discard(old)

    def _discard(self, old: Path) -> None:
        """Move the replaced output/ out of sight (the project's .cache/factcheck/trash/, on
        the same disk) and delete it there in the background; where it cannot be moved,
        delete it now."""
        trash = self.root / build_state.TRASH
        try:
            trash.mkdir(parents=True, exist_ok=True)
            moved = trash / old.name.lstrip(".")
            os.replace(old, moved)
        except OSError:
            shutil.rmtree(old, ignore_errors=True)
            return
        remove_in_background(moved)

    def _kept(self) -> str:
        if self.output.exists():
            return f"the previous {self.output.name}/ is unchanged"
        return f"no {self.output.name}/ was written"

    def serve(self, port: int) -> int:
        """Serve output/ on localhost and rebuild when an input changes: in this process,
        which keeps what each build knew (live.py); the server runs in a process of its own
        (serve_http.py) on the socket opened here."""
        from watchfiles import watch

        try:
            listening = socket.create_server(("127.0.0.1", port))
        except OSError as err:
            print(f"cannot serve on 127.0.0.1:{port} ({err.strerror or err}); expected a free "
                  "port: choose another with --port", file=sys.stderr)
            return 2
        self.keeps_live = True
        self._serve_build()
        server = subprocess.Popen(
            [sys.executable, "-m", "factcheck.serve_http", str(listening.fileno()),
             str(self.output)], stdin=subprocess.PIPE, pass_fds=[listening.fileno()],
            env=self._child_env())
        listening.close()
        print(f"serving http://127.0.0.1:{port}/ (Ctrl-C to stop)", file=sys.stderr)
        paths = [self.root / name for name in WATCHED if (self.root / name).exists()]
        try:
            for changes in watch(*paths, debounce=200):
                print(f"changed: {', '.join(sorted({Path(p).name for _, p in changes}))}",
                      file=sys.stderr)
                self._serve_build()
        except KeyboardInterrupt:
            pass
        finally:
            server.terminate()
            server.wait()
        return 0

    def _serve_build(self) -> None:
        """A build that reports a broken settings file and goes on serving the last site
        (``factcheck build`` would stop on it)."""
        try:
            self.build()
        except SettingsError as err:
            self.live = None
            print(err, file=sys.stderr)

    @staticmethod
    def _child_env() -> dict[str, str]:
        """This process's environment, with this package importable in a child."""
        package_parent = str(Path(__file__).resolve().parent.parent)
        return {**os.environ, "PYTHONPATH": os.pathsep.join(
            filter(None, [package_parent, os.environ.get("PYTHONPATH")]))}
