"""Site settings (local builds: relative URLs, no feeds); publishconf.py is production.

Every value starting with TODO is yours to fill in: `make check` warns about each one."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent

SITENAME = "TODO: the site's name"
SITE_DESCRIPTION = "TODO: one sentence saying what this site fact-checks"
# The home page's opening paragraph (plain text, escaped).
SITE_INTRO = "TODO: a short paragraph introducing what this site checks and why"
SITEURL = ""
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
# Pin Pelican's setlocale: a build must not depend on the contributor's LANG.
LOCALE = ("C.UTF-8", "C")

PATH = str(ROOT / "content")
# The generator's templates and static files; a template of the same name in theme/templates
# replaces the generator's (see theme/README.md).
THEME_TEMPLATES_OVERRIDES = [str(ROOT / "theme" / "templates")]
# The generator is installed (requirements.txt), so no PLUGIN_PATHS.
PLUGINS = ["factcheck"]

# The fact-check plugin: inputs beside content/, and who publishes the reviews.
FACTCHECK_ROOT = str(ROOT)
FACTCHECK_DATA = "claims.yaml"
FACTCHECK_ANALYSES = "content/claims"
FACTCHECK_NODE_MODULES = str(ROOT / "node_modules")  # lunr.js and lunr-languages, from npm
FACTCHECK_SEARCH_ANALYSES = True  # analysis bodies in the search index
# Who publishes the fact-checks (IFCN principles), shown on the about and corrections pages
# and in every page's Organization JSON-LD; the keys are in docs/publisher-settings.md.
# An empty value is shown as "not stated"; `build.py check -s publishconf.py` (the
# production check) warns about each one until it is set.
FACTCHECK_PUBLISHER = {
    "name": "TODO: the organisation that publishes these fact-checks",
    "url": "",  # TODO: its website; publishconf.py uses SITEURL while this is empty
    "email": "",  # TODO: a mail address where readers reach the editors
    "owner": "TODO: who owns the publisher (people, company or charity)",
    "funding": "TODO: who funds it, and how",
    "nonpartisanship": "TODO: your statement that no party, government or claimant decides "
                       "what you check or how you rate it",
    "corrections_contact": "",  # TODO: a mail address or web page for corrections
    "corrections_response_time": "TODO: how soon a correction request is answered",
}
# Other sites that Markdown images may load from (each reader's visit tells them). Empty:
# a remote image is a check warning and is shown as a link; the pages' CSP allows only these.
FACTCHECK_IMAGE_HOSTS = []
# Templates a page in content/pages may choose with its 'Template:' header.
FACTCHECK_PAGE_TEMPLATES = ["page", "methodology", "about", "corrections"]

# Relative URLs so the site works at a domain root, under a subpath, and from disk. Opened
# from disk, a browser does not add index.html to a folder link, so local URLs name it;
# publishconf.py goes back to the generator's clean folder URLs.
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
