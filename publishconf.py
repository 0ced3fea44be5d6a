"""Production settings: absolute URLs for GitHub Pages. SITEURL comes from the environment."""

import os
import sys

sys.path.append(os.path.dirname(os.path.abspath(__file__)))

from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("SITEURL", "")
RELATIVE_URLS = False
FACTCHECK_INDEX_LINKS = False  # a web server serves claims/x/ as claims/x/index.html
FACTCHECK_REPOSITORY = os.environ.get("FACTCHECK_REPOSITORY", "")
FACTCHECK_PUBLISHER = {"name": SITENAME, "url": SITEURL}  # noqa: F405
