"""Check, build, swap and serve: the safe build loop behind build.py.

A build renders into a fresh folder beside ``output/`` and replaces ``output/`` only when
the whole build succeeded, so bad input, a template error or a crash leaves the previous
site exactly as it was, and no stale page survives a rename or a removal.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import io
import logging
import os
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Optional

from pelican import Pelican
from pelican.settings import read_settings

from .checked_site import CheckedSite, check_site
from .model.problems import Problems, escape_controls, format_github, format_human, format_json
from .model.scaffold import ScaffoldError, new_entry
from .model.yamlpos import load_yaml
from .settings import read_plugin_settings

WATCHED = ("claims.yaml", "content", "theme", "evidence", "pelicanconf.py")


class _ErrorCounter(logging.Handler):
    """Pelican logs some failures (a page it cannot read) and goes on; we stop on them."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.count = 0

    def emit(self, record):
        self.count += 1


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
    """Pelican, given the check build.py made, for the plugin's generator to start from."""

    def __init__(self, settings: dict, checked: CheckedSite):
        self.factcheck_checked = checked
        super().__init__(settings)


class SiteBuilder:
    def __init__(self, root: Path, settings_file: Path, output: Path):
        self.root, self.settings_file, self.output = root, settings_file, output

    def _settings(self, override: dict | None = None) -> dict:
        """Pelican's settings; a broken settings file is reported like any input problem."""
        try:
            return read_settings(str(self.settings_file), override=override)
        except Exception as err:  # Pelican raises bare ValueError/OSError/... here
            raise SettingsError(f"{self.settings_file.name}: error: {err}") from err

    def check(self, output_format: str = "human") -> CheckedSite:
        """Check the settings and inputs and report every problem: human-readable on stderr,
        or GitHub annotations / JSON on stdout for CI and tools."""
        checked = check_site(self._settings(), self.settings_file)
        result, project = checked.result, checked.project
        if output_format == "github":
            if result.problems:
                print(format_github(result.problems))
        elif output_format == "json":
            print(format_json(result.problems))
        elif result.problems:
            print(format_human(result.problems, project.root), file=sys.stderr)
        print(result.summary(), file=sys.stderr)
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

    def build(self) -> int:
        """0 built, 1 input errors (output untouched), 2 build failure (output untouched)."""
        started = time.perf_counter()
        checked = self.check()
        if not checked.ok:
            return 1
        staging = None
        try:
            remove_leftovers(self.output)
            staging = Path(tempfile.mkdtemp(prefix=f".{self.output.name}.build-{os.getpid()}-",
                                            dir=self.output.parent))
            self._run_pelican(checked, staging)
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

    def _run_pelican(self, checked: CheckedSite, staging: Path) -> None:
        settings = self._settings(override={
            "OUTPUT_PATH": str(staging), "DELETE_OUTPUT_DIRECTORY": False})
        counter = _ErrorCounter()
        logging.getLogger("pelican").addHandler(counter)
        try:
            with contextlib.redirect_stdout(io.StringIO()):  # Pelican's own "0 articles" tally
                CheckedPelican(settings, checked).run()
        finally:
            logging.getLogger("pelican").removeHandler(counter)
        if counter.count:
            raise RuntimeError(f"Pelican reported {counter.count} error(s) above")

    def _swap(self, staging: Path) -> None:
        """Replace output/ by the new build with two renames (undone if the second fails)."""
        os.chmod(staging, 0o755)
        old = None
        if self.output.exists() or self.output.is_symlink():
            old = self.output.with_name(f".{self.output.name}.old-{os.getpid()}")
            os.replace(self.output, old)
        try:
            os.replace(staging, self.output)
        except OSError:
            if old is not None:
                os.replace(old, self.output)
            raise
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)

    def _kept(self) -> str:
        if self.output.exists():
            return f"the previous {self.output.name}/ is unchanged"
        return f"no {self.output.name}/ was written"

    def serve(self, port: int) -> int:
        """Serve output/ on localhost and rebuild when an input changes."""
        from watchfiles import watch

        self.build()
        handler = functools.partial(http.server.SimpleHTTPRequestHandler,
                                    directory=str(self.output))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        print(f"serving http://127.0.0.1:{port}/ (Ctrl-C to stop)", file=sys.stderr)
        paths = [self.root / name for name in WATCHED if (self.root / name).exists()]
        try:
            for changes in watch(*paths, debounce=200):
                print(f"changed: {', '.join(sorted({Path(p).name for _, p in changes}))}",
                      file=sys.stderr)
                self.build()
        except KeyboardInterrupt:
            pass
        finally:
            server.shutdown()
        return 0
