"""Production settings: absolute URLs for GitHub Pages. SITEURL comes from the environment."""

import os
import sys

sys.path.append(os.path.dirname(os.path.abspath(__file__)))

from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("SITEURL", "")
RELATIVE_URLS = False
FACTCHECK_INDEX_LINKS = False  # a web server serves claims/x/ as claims/x/index.html
FACTCHECK_REPOSITORY = os.environ.get("FACTCHECK_REPOSITORY", "")
# The publisher's website is the site itself unless pelicanconf.py names another.
FACTCHECK_PUBLISHER = {**FACTCHECK_PUBLISHER,  # noqa: F405
                       "url": FACTCHECK_PUBLISHER.get("url") or SITEURL}  # noqa: F405
