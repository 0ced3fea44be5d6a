"""Production settings: absolute URLs for GitHub Pages. SITEURL comes from the environment."""

import os
import sys

sys.path.append(os.path.dirname(os.path.abspath(__file__)))

from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("SITEURL", "")
RELATIVE_URLS = False
# A web server serves claims/x/ as claims/x/index.html: clean folder URLs, the plugin's
# defaults, instead of the local settings' index.html ones.
for _name in [name for name in dir() if name.startswith("FACTCHECK_") and name.endswith("_URL")]:
    del globals()[_name]
PAGE_URL = "{slug}/"
FACTCHECK_REPOSITORY = os.environ.get("FACTCHECK_REPOSITORY", "")
# The publisher's website is the site itself unless pelicanconf.py names another.
FACTCHECK_PUBLISHER = {**FACTCHECK_PUBLISHER,  # noqa: F405
                       "url": FACTCHECK_PUBLISHER.get("url") or SITEURL}  # noqa: F405
