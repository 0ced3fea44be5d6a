"""Real headless Chromium (Debian's package) driven by Playwright, and a local web server.

The browser is found by .ci/chromium, as on CI: $CHROMIUM if set, else a Chromium or Chrome on
PATH. It is not skipped when missing: a browser test that cannot run fails, saying how to
install it (.ci/run installs it on CI).
"""

from __future__ import annotations

import functools
import http.server
import shutil
import subprocess
import threading
from contextlib import contextmanager
from pathlib import Path

FIND_CHROMIUM = Path(__file__).resolve().parent.parent / ".ci" / "chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]


@functools.cache
def chromium_path() -> str:
    """The browser .ci/chromium finds (never installs), so tests and CI use the same one."""
    bash = shutil.which("bash")
    assert bash, "bash is needed to run .ci/chromium, which finds the browser"
    found = subprocess.run([bash, str(FIND_CHROMIUM)], capture_output=True, text=True,
                           stdin=subprocess.DEVNULL, timeout=60)
    assert found.returncode == 0, found.stderr.strip()
    return found.stdout.strip()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextmanager
def serve(directory: Path):
    """Serve ``directory`` on an ephemeral localhost port; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def chromium():
    """Headless Chromium for a test module (Playwright driving the browser found above)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def open_page(browser, timeout_ms: int = 15_000):
    """A page in a fresh context; uncaught script errors are collected in ``page.errors``."""
    context = browser.new_context()
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.set_default_timeout(timeout_ms)
    try:
        yield page
    finally:
        context.close()


def run_query(page, query: str) -> list[str]:
    """Submit a query on the search page; return the result titles once the status names it."""
    page.fill("#search-q", query)
    page.press("#search-q", "Enter")
    page.wait_for_function(
        "q => document.getElementById('search-status').textContent.includes(q)", arg=query)
    assert "could not" not in page.inner_text("#search-status")
    return page.locator("#search-results .result-title").all_inner_texts()
