"""`build.py serve`: serves the site on localhost and rebuilds when claims.yaml changes."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request

from conftest import PROJECT, write_site


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _fetch_until(url: str, wanted: str, seconds: float = 20.0) -> str:
    """Poll ``url`` (bounded in time) until its body contains ``wanted``."""
    deadline, body = time.monotonic() + seconds, ""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                body = response.read().decode("utf-8")
            if wanted in body:
                return body
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{url} never contained {wanted!r}; last body: {body[:200]!r}")


@contextlib.contextmanager
def serving(tmp_path):
    """A fixture site and `build.py serve` on it: yields (root, its claim page's URL, the
    serve log, filled in once the process is stopped on leaving). Serve runs as on a
    contributor's machine, CI or not: CI never keeps anything between builds."""
    root = write_site(tmp_path)
    port = _free_port()
    env = {key: value for key, value in os.environ.items() if key != "CI"}
    server = subprocess.Popen(
        [sys.executable, str(PROJECT / "build.py"), "serve", "--root", str(root), "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    log: list[str] = []
    try:
        yield root, f"http://127.0.0.1:{port}/claims/sky-is-green/", log
    finally:
        server.terminate()
        log.append(server.communicate(timeout=10)[0])


def test_serve_rebuilds_on_change_and_keeps_last_good_build(tmp_path):
    with serving(tmp_path) as (root, url, log):
        _fetch_until(url, "Report A says the sky is blue.")
        data = root / "claims.yaml"
        data.write_text(data.read_text().replace("the sky is blue", "the sky is azure"))
        _fetch_until(url, "Report A says the sky is azure.")
        data.write_text(data.read_text().replace("rating: incorrect", "rating: nonsense"))
        time.sleep(2)
        assert "Report A says the sky is azure." in _fetch_until(url, "azure")
    assert "claims.yaml:" in log[0] and "unknown rating 'nonsense'" in log[0]


def test_serve_rebuilds_an_edited_analysis_from_what_it_kept(tmp_path):
    """The serve process builds in itself and keeps its last build (factcheck/live.py): an
    edited analysis is on the page without a full build; the server is its own process and
    stops with the serve process."""
    with serving(tmp_path) as (root, url, log):
        _fetch_until(url, "Report A says the sky is blue")
        analysis = root / "content/claims/sky-is-green.md"
        analysis.write_text(analysis.read_text().replace("sky is blue", "sky is cobalt"))
        _fetch_until(url, "Report A says the sky is cobalt")
    assert "from what this process kept" in log[0]
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:  # the web server saw its parent go and stopped
        try:
            urllib.request.urlopen(url, timeout=1)
        except OSError:
            break
        time.sleep(0.2)
    else:
        raise AssertionError("the web server outlived the serve process")


def test_serve_reports_a_port_in_use(tmp_path):
    root = write_site(tmp_path)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [sys.executable, str(PROJECT / "build.py"), "serve", "--root", str(root),
             "--port", str(port)], capture_output=True, text=True, timeout=60)
    assert done.returncode != 0 and "Address already in use" in done.stderr
    assert "Traceback" not in done.stderr
