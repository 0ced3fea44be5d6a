"""Site settings for the sample fact-check site (local builds: relative URLs, no feeds)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent

SITENAME = "Iskander-M fragments in Shusha (Shushi): a fact-check"
SITE_DESCRIPTION = ("Fact-checks of claims about Iskander-M missile fragments found in "
                    "Shusha (Shushi) after the 2020 Karabakh war.")
# The home page's opening paragraph (plain text, escaped).
SITE_INTRO = (
    "In late March and early April 2021, Azerbaijani deminers and officials said fragments of "
    "Iskander-M missiles had been found in Shusha (Shushi) after the 2020 Karabakh war. "
    "Russian officials said the missiles had not been used. This site checks what was said "
    "against what the published reports show, and says plainly what they do not settle.")
SITEURL = ""
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
# Pin Pelican's setlocale: a build must not depend on the contributor's LANG.
LOCALE = ("C.UTF-8", "C")

PATH = str(ROOT / "content")
# The plugin's templates and static files; a template of the same name in theme/templates
# replaces the plugin's (see theme/README.md).
THEME_TEMPLATES_OVERRIDES = [str(ROOT / "theme" / "templates")]
PLUGIN_PATHS = [str(ROOT)]
PLUGINS = ["factcheck"]

# The fact-check plugin: inputs beside content/, and who publishes the reviews.
FACTCHECK_ROOT = str(ROOT)
FACTCHECK_DATA = "claims.yaml"
FACTCHECK_ANALYSES = "content/claims"
FACTCHECK_NODE_MODULES = str(ROOT / "node_modules")  # lunr.js and lunr-languages, from npm
FACTCHECK_SEARCH_ANALYSES = True  # analysis bodies in the index (cost: bench/search_bench.py)
# Who publishes the fact-checks (IFCN principles), shown on the about and corrections pages
# and in every page's Organization JSON-LD; the keys are in docs/publisher-settings.md.
# The sample's values are marked examples: `build.py check -s publishconf.py` warns about
# each one, and about each key left out, until it is replaced.
FACTCHECK_PUBLISHER = {
    "name": "Example Fact-check Team (replace in pelicanconf.py)",
    "url": "",  # publishconf.py uses SITEURL when this is empty
    "email": "editors@example.org",
    "owner": "Example Media Trust (replace in pelicanconf.py)",
    "funding": "Reader donations and a grant from the Example Foundation (replace in "
               "pelicanconf.py)",
    "nonpartisanship": "We support no party, government or claimant, and none of them decides "
                       "what we check or how we rate it (replace in pelicanconf.py).",
    "corrections_contact": "corrections@example.org",
    "corrections_response_time": "within two working days (replace in pelicanconf.py)",
}
# Other sites that Markdown images may load from (each reader's visit tells them). Empty:
# a remote image is a check warning and is shown as a link; the pages' CSP allows only these.
FACTCHECK_IMAGE_HOSTS = []
# Templates a page in content/pages may choose with its 'Template:' header.
FACTCHECK_PAGE_TEMPLATES = ["page", "methodology", "about", "corrections"]

# Relative URLs so the site works at a domain root, under a subpath, and from disk. Opened
# from disk, a browser does not add index.html to a folder link, so local URLs name it;
# publishconf.py goes back to the plugin's clean folder URLs (docs/plugin-settings.md).
RELATIVE_URLS = True
FACTCHECK_HOME_URL = "index.html"
FACTCHECK_CLAIMS_URL = "claims/index.html"
FACTCHECK_CLAIMS_PAGE_URL = "claims/page/{number}/index.html"
FACTCHECK_CLAIM_URL = "claims/{id}/index.html"
FACTCHECK_SOURCES_URL = "sources/index.html"
FACTCHECK_SOURCE_URL = "sources/{id}/index.html"
FACTCHECK_CLAIMANTS_URL = "claimants/index.html"
FACTCHECK_CLAIMANT_URL = "claimants/{slug}/index.html"
FACTCHECK_CLAIMANT_PAGE_URL = "claimants/{slug}/page/{number}/index.html"
FACTCHECK_TAGS_URL = "tags/index.html"
FACTCHECK_TAG_URL = "tags/{slug}/index.html"
FACTCHECK_TAG_PAGE_URL = "tags/{slug}/page/{number}/index.html"
FACTCHECK_CHRONOLOGY_URL = "chronology/index.html"
FACTCHECK_CHRONOLOGY_YEAR_URL = "chronology/{year}/index.html"
FACTCHECK_CHRONOLOGY_MONTH_URL = "chronology/{year}/{month}/index.html"
FACTCHECK_SEARCH_URL = "search/index.html"
FACTCHECK_CORRECTIONS_LOG_URL = "corrections/log/index.html"
# Where readers suggest corrections (a GitHub repository URL); no link when empty.
FACTCHECK_REPOSITORY = ""

# Only pages come from Pelican's readers; claims and analyses come from the plugin.
ARTICLE_PATHS = []
PAGE_PATHS = ["pages"]
STATIC_PATHS = []
PAGE_URL = "{slug}/index.html"
PAGE_SAVE_AS = "{slug}/index.html"
DIRECT_TEMPLATES = []
for _kind in ("CATEGORY", "TAG", "AUTHOR", "ARCHIVES", "AUTHORS", "CATEGORIES", "TAGS"):
    globals()[f"{_kind}_SAVE_AS"] = ""
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

# Untrusted text is escaped unless a template marks it safe on purpose.
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True}
MARKDOWN = {"extension_configs": {"markdown.extensions.extra": {}}, "output_format": "html5"}
