"""Site pages (about, methodology, corrections): checked and rendered like analyses.

Pages come from pull requests too, so Pelican's own readers are replaced: its Markdown reader
passes raw HTML through and, with the ``extra`` extensions, lets ``{onclick=...}`` set any
attribute; its HTML and reStructuredText readers publish markup as it is. Here a page is a
``.md`` file with a small header (Title, Slug, Template) and a body rendered by our one
Markdown environment. ``check`` reads the same header with the same code, so a header key
that would let a page write over another file (``Save_as``) or pick a template that cannot
render it is an error at its line, never a failed build.
"""

from __future__ import annotations

import os
import posixpath
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from pelican.readers import BaseReader

from .analyses import render_checked
from .inputs import InputError, read_bytes, read_text
from .markup import MarkupRenderer
from .placeholders import placeholder_line
from .problems import Position, Problems, unprintable
from .schema import id_problem

PAGE_KEYS = ("title", "slug", "template")
DEFAULT_TEMPLATES = ("page", "methodology", "about", "corrections")
# First path parts the generator writes; a page slug taking one would overwrite its pages.
RESERVED_SLUGS = frozenset(["claims", "sources", "chronology", "search", "theme", "index",
                            "feeds", "data", "tag", "tags", "claimant", "claimants",
                            "category", "author", "drafts"])


@dataclass
class Page:
    """One page file split into its header and its Markdown body."""

    meta: dict[str, str] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)  # header key -> line number
    body: str = ""
    body_line: int = 1  # where the body starts
    unknown: list[tuple[str, int]] = field(default_factory=list)


def parse_page(text: str) -> Page:
    """Read ``Key: value`` lines up to the first blank line, as Pelican's Markdown reader
    does; plain string operations, so hostile text cannot make it slow."""
    page = Page()
    lines = text.split("\n")
    body_start = len(lines)
    for index, line in enumerate(lines):
        key, colon, value = line.partition(":")
        if not colon or not _is_key(key):  # a blank line or prose: the body begins
            body_start = index if line.strip() else index + 1
            break
        name = key.lower()
        if name in PAGE_KEYS and name not in page.meta:
            page.meta[name], page.lines[name] = value.strip(), index + 1
        else:
            page.unknown.append((key, index + 1))
    page.body = "\n".join(lines[body_start:])
    page.body_line = body_start + 1
    return page


def _is_key(key: str) -> bool:
    return key[:1].isascii() and key[:1].isalpha() and all(
        c.isascii() and (c.isalnum() or c in "-_") for c in key)


def check_pages(root: Path, folder: str, renderer: MarkupRenderer, templates: tuple[str, ...],
                problems: Problems) -> None:
    """Every file under the pages folder: a Markdown page with a valid header and body."""
    directory = root / folder
    if not directory.is_dir():
        return
    slugs: dict[str, tuple[str, int]] = {}
    for path in sorted(directory.rglob("*")):
        shown = f"{folder}/{path.relative_to(directory).as_posix()}"
        if path.is_dir() and not path.is_symlink():
            continue
        if path.suffix != ".md" or id_problem(path.stem):
            problems.error(Position(shown), "not a page file; expected Markdown pages named "
                           "like about.md (lowercase letters, digits and hyphens, then .md)")
            continue
        text = read_text(root, shown, shown, problems, "page")
        if text is not None:
            page = parse_page(text)
            with linking_from(renderer, root, folder, shown):
                _check_page(shown, page, renderer, templates, slugs, problems)
            _warn_placeholder(shown, page, problems)


def page_slugs(root: Path, folder: str) -> list[str]:
    """The slug of every readable page, as Pelican will save it (for the output-path check;
    unreadable pages and bad slugs are reported by check_pages)."""
    slugs = []
    for name in sorted(page_files(root, folder)):
        try:
            text = (root / folder).parent.joinpath(name).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        slug = parse_page(text).meta.get("slug")
        if slug:
            slugs.append(slug)
    return slugs


def page_files(root: Path, folder: str) -> frozenset[str]:
    """The pages' files as Pelican's {filename} links name them: from the content folder
    (the pages folder's parent), e.g. 'pages/about.md'."""
    directory = root / folder
    base = directory.parent
    return frozenset(path.relative_to(base).as_posix() for path in directory.rglob("*.md")
                     if path.is_file() and not path.is_symlink()) if directory.is_dir() else (
        frozenset())


@contextmanager
def linking_from(renderer: MarkupRenderer, root: Path, folder: str, shown: str):
    """While one page is rendered, the renderer knows where it is and what it may link to."""
    renderer.page_files = page_files(root, folder) if not renderer.page_files else (
        renderer.page_files)
    renderer.page_dir = posixpath.dirname(posixpath.relpath(shown, posixpath.dirname(folder)))
    try:
        yield
    finally:
        renderer.page_dir = None


def _warn_placeholder(shown: str, page: Page, problems: Problems) -> None:
    """A new site's pages (`build.py init`) start as TODO text, never to be published as is."""
    line = placeholder_line(page.body)
    if line:
        problems.warning(Position(shown, page.body_line + line - 1, 1),
                         "placeholder page text left to write (a line starting TODO)")


def _check_page(shown: str, page: Page, renderer: MarkupRenderer, templates: tuple[str, ...],
                slugs: dict[str, tuple[str, int]], problems: Problems) -> None:
    for key, value in page.meta.items():
        if unprintable(value):
            problems.error(Position(shown, page.lines[key]), f"page {key} holds the invisible "
                           f"character {unprintable(value)}; expected printable text")
    for key, line in page.unknown:
        problems.error(Position(shown, line), f"page header '{key}' is not allowed; expected "
                       f"only {', '.join(k.capitalize() for k in PAGE_KEYS)}")
    if not page.meta.get("title"):
        problems.error(Position(shown), "page has no title; expected a first line 'Title: ...'")
    slug = page.meta.get("slug")
    where = Position(shown, page.lines.get("slug", 1))
    if slug is None:
        problems.error(where, "page has no slug; expected a line 'Slug: about' (its URL)")
    elif id_problem(slug) or slug in RESERVED_SLUGS:
        problems.error(where, f"page slug '{slug}' cannot be used; expected lowercase letters, "
                       f"digits and hyphens, not one of: {', '.join(sorted(RESERVED_SLUGS))}")
    elif slug in slugs:
        first, first_line = slugs[slug]
        problems.error(where, f"page slug '{slug}' is also used by {first}; expected each page "
                       "its own slug")
        problems.error(Position(first, first_line), f"page slug '{slug}' is also used by "
                       f"{shown}; expected each page its own slug")
    else:
        slugs[slug] = (shown, where.line)
    template = page.meta.get("template", "page")
    if template not in templates:
        problems.error(Position(shown, page.lines.get("template", 1)),
                       f"page template '{template}' is not one pages may use; expected one of: "
                       f"{', '.join(templates)}")
    found = Problems()
    render_checked(shown, page.body, renderer, found, allow_citations=False, heading_top=2)
    for problem in found.items:  # positions are within the body: move them below the header
        at = Position(shown, problem.position.line + page.body_line - 1, problem.position.col)
        (problems.warning if problem.severity == "warning" else problems.error)(at,
                                                                              problem.message)


class PageReader(BaseReader):
    """Pelican reader for pages: our header, our Markdown, inside the project only."""

    enabled = True
    file_extensions: list[str] = []  # registered by the plugin only, never by subclassing

    def __init__(self, settings):
        super().__init__(settings)
        from ..settings import read_plugin_settings  # settings -> where the project is

        project = read_plugin_settings(settings)[0].project(settings)
        self.root, self.pages = project.root, project.pages
        self.renderer = MarkupRenderer((), project.image_hosts)

    def read(self, source_path):
        name = Path(os.path.relpath(source_path, self.root)).as_posix()
        try:
            text = read_bytes(self.root, name, "page").decode("utf-8")
        except (InputError, UnicodeDecodeError) as err:
            raise ValueError(f"{name}: {err}") from None
        page = parse_page(text)
        metadata = {key: self.process_metadata(key, value) for key, value in page.meta.items()}
        with linking_from(self.renderer, self.root, self.pages, name):
            html = self.renderer.render(page.body, allow_citations=False, heading_top=2).html
        return html, metadata
