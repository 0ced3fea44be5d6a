"""Links between a site's pages, written as Pelican's ``{filename}`` links.

Pelican replaces ``{filename}about.md`` with the URL of the page made from that file, in
whatever form the settings give (``about/index.html`` locally, so it opens from disk;
``about/`` on the web), so a link written once works everywhere. Pelican itself only logs a
warning for a file it cannot find and publishes the placeholder as the link, so ``check``
makes sure the file is one of the site's pages, and refuses the other placeholders Pelican
would try to read ({static}, {tag}, …), which this plugin does not use.
"""

from __future__ import annotations

import posixpath
from typing import Optional

MARKERS = ("{filename}", "|filename|")


def is_placeholder(target: str) -> bool:
    """True for what Pelican reads as an intrasite link: '{what}…' or '|what|…'."""
    return target[:1] in "{|" and len(target) > 1 and (
        target.find("}" if target[0] == "{" else "|", 1) > 0)


def linked_file(target: str, page_dir: str) -> str:
    """'{filename}about.md#x' on a page in 'pages' -> 'pages/about.md' (from the content
    folder, as Pelican looks it up); '{filename}/pages/about.md' is already from there."""
    path = target[len(MARKERS[0]):].split("#", 1)[0].split("?", 1)[0]
    if path.startswith("/"):
        return posixpath.normpath(path[1:])
    return posixpath.normpath(posixpath.join(page_dir, path))


def link_problem(target: str, page_dir: Optional[str], page_files: frozenset[str]
                 ) -> Optional[str]:
    """Why Pelican could not turn ``target`` into a link, or None."""
    if not target.startswith(MARKERS):
        return (f"link '{target[:60]}' looks like a Pelican placeholder; expected "
                "{filename} and a page's file name, e.g. {filename}about.md, or a web address")
    if page_dir is None:
        return ("{filename} links work between the site's pages only; expected a link to a "
                "claim or source page as a relative link, or a web address")
    if linked_file(target, page_dir) not in page_files:
        return (f"link '{target[:60]}' names no page of this site; expected {{filename}} and "
                f"the file name of a page, one of: {', '.join(sorted(page_files))[:200]}")
    return None
