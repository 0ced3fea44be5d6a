"""This site checks without errors and builds, locally and for production: what CI runs.

The site is built into a temporary folder with the real build.py, so output/ is left alone.
What a page must show is the generator's business (its own tests); these only keep a
content or settings change from breaking the site.
"""

import os
import subprocess
import sys
from pathlib import Path

SITE = Path(__file__).resolve().parent.parent


def build_py(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SITE / "build.py"), *args], cwd=SITE,
                          capture_output=True, text=True, timeout=600,
                          env={**os.environ, **env})


def test_the_site_checks_without_errors():
    result = build_py("check")
    assert result.returncode == 0, result.stderr


def test_the_site_builds(tmp_path):
    result = build_py("build", "--output", str(tmp_path / "output"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "output" / "index.html").is_file()


def test_the_production_build(tmp_path):
    result = build_py("build", "-s", "publishconf.py", "--output", str(tmp_path / "output"),
                      SITEURL="https://example.org/factcheck")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "output" / "sitemap.xml").is_file()
