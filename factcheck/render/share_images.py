"""Share images: one PNG card per claim, and the favicon, drawn at build time with Pillow.

A link to a claim shared on a social network shows the card named by the page's og:image:
the claim (wrapped, cut with … when too long), who made it, the verdict in its colour with
its symbol, and the site's name, at the 1200×630 size Open Graph and Twitter display.

Claim text is untrusted: control and format characters (bidi overrides among them) are
dropped before drawing, every loop is bounded by the lines that fit, and text is laid out
with Pillow's basic engine, which does not depend on system libraries (raqm, fribidi): with
the pinned Pillow (its wheel brings FreeType and zlib) the same input gives the same bytes
on every machine. PNGs carry no metadata or time. Right-to-left scripts are drawn in
logical order, unshaped: a limit of the basic engine.
The font is DejaVu Sans from npm (dejavu-fonts-ttf), found under FACTCHECK_NODE_MODULES.
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional, Sequence

from PIL import Image, ImageColor, ImageDraw, ImageFont

from ..export.feeds import absolute_site_url
from .parallel import in_two_processes
from .views import ClaimView

WIDTH, HEIGHT = 1200, 630
FAVICON = "favicon.ico"
TEMPLATE_INFO = {"width": WIDTH, "height": HEIGHT}  # for the og: tags
FONT_DIR = Path("dejavu-fonts-ttf") / "ttf"
MARGIN = 64
BAND = 84  # the verdict-coloured band at the foot, with the site's name
INK, MUTED, PAPER = "#1d2127", "#555d66", "#ffffff"
ELLIPSIS = "…"
DRAWN_CHARS = 1200  # more than the smallest claim size can show: longer text is cut first
PIECE = 120  # longest run of characters measured at once (wider than any line of the card)
# Unicode categories never drawn: controls, format characters (bidi overrides, zero-width
# joiners), surrogates, private use, unassigned, line and paragraph separators.
DROPPED = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}
WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class Look:
    """How a verdict style is drawn: a fill colour that white text reads on (AA), a symbol."""

    colour: str
    symbol: str


# One look per style of schema.VERDICT_STYLES, from views.verdict_styles: the colour is the
# theme's light-scheme --v-NAME-fg and the symbol its --v-symbol (theme/static/css/site.css).
LOOKS = {
    "false": Look("#8f1d1d", "✕"),
    "mostly-false": Look("#872a0c", "‼"),
    "partly-false": Look("#7d3800", "!"),
    "mixed": Look("#5f4500", "◐"),
    "partly-true": Look("#475000", "…"),
    "mostly-true": Look("#0d5550", "≈"),
    "true": Look("#1c5b2e", "✓"),
    "unrated": Look("#3e4752", "?"),
}


# ASCII's invisible characters (category Cc), but the whitespace split() turns into spaces.
_ASCII_DROPPED = dict.fromkeys([*range(32), 127])
for _kept in "\t\n\r":
    del _ASCII_DROPPED[ord(_kept)]


class _Dropped(dict):
    """str.translate's table for any text: each character's category is looked up once,
    the first time it is met (then translate stays in C): None drops it, its own code
    keeps it. Real text uses a few hundred characters."""

    def __missing__(self, code: int) -> Optional[int]:
        if len(self) > 20_000:  # a hostile file's every code point: stay small
            self.clear()
        char = chr(code)
        kept = unicodedata.category(char) not in DROPPED or char in "\t\n\r"
        self[code] = code if kept else None
        return self[code]


_DROPPED_TABLE = _Dropped()


def plain(text: str) -> str:
    """Text as drawn or put in a meta tag: NFC, no invisible characters, single spaces.
    ASCII text (most of it) takes a shortcut with the same result: NFC leaves it as it is
    and its only dropped characters are the controls (one pass in C, not one per char)."""
    if text.isascii():
        kept = text.translate(_ASCII_DROPPED)
    else:
        kept = unicodedata.normalize("NFC", text).translate(_DROPPED_TABLE)
    return " ".join(kept.split())


def clip(text: str, limit: int = 300) -> str:
    """``plain(text)`` cut at a word boundary to at most ``limit`` characters, with …
    (a Jinja filter for meta descriptions and titles)."""
    text = plain(text)
    if len(text) <= limit:
        return text
    cut = text[:limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip(" ,;:.") + ELLIPSIS


def canonical_root(settings: dict) -> str:
    """SITEURL without its final slash in production builds, where pages get a canonical
    URL and Open Graph URLs (which must be absolute); "" in local, relative builds."""
    if absolute_site_url(settings) and not settings.get("RELATIVE_URLS"):
        return settings["SITEURL"].rstrip("/")
    return ""


@lru_cache(maxsize=None)
def font(node_modules: Path, bold: bool, size: int) -> ImageFont.FreeTypeFont:
    """DejaVu Sans (Bold), loaded once per size."""
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return ImageFont.truetype(str(node_modules / FONT_DIR / name), size,
                              layout_engine=ImageFont.Layout.BASIC)


def pieces(text: str, face: ImageFont.FreeTypeFont, width: int):
    """The words of ``text`` in order, a word wider than ``width`` (or longer than
    ``PIECE`` characters) split into parts that fit; nothing longer is ever measured."""
    for match in WORD.finditer(text):
        word = match.group()
        while len(word) > PIECE or face.getlength(word) > width:
            head = word[:PIECE]
            fit = len(head) if face.getlength(head) <= width else longest_fit(head, face, width)
            yield word[:fit]
            word = word[fit:]
        if word:
            yield word


def longest_fit(word: str, face: ImageFont.FreeTypeFont, width: int) -> int:
    """How many leading characters of ``word`` fit in ``width`` (at least one), by halving."""
    low, high = 1, len(word)
    while low < high:
        middle = (low + high + 1) // 2
        if face.getlength(word[:middle]) <= width:
            low = middle
        else:
            high = middle - 1
    return low


def wrap(text: str, face: ImageFont.FreeTypeFont, width: int, max_lines: int) -> list[str]:
    """Greedy line breaking into at most ``max_lines`` lines; the last ends in … when text
    is left over. Stops reading at the first word that does not fit, so cost is bounded."""
    lines, line = [], ""
    for word in pieces(text, face, width):
        candidate = f"{line} {word}" if line else word
        if face.getlength(candidate) <= width:
            line = candidate
            continue
        lines.append(line)
        if len(lines) == max_lines:
            return lines[:-1] + [ellipsize(lines[-1], face, width)]
        line = word
    return lines + [line] if line else lines


def ellipsize(line: str, face: ImageFont.FreeTypeFont, width: int) -> str:
    """``line`` shortened until it fits with … after it."""
    while line and face.getlength(line + ELLIPSIS) > width:
        line = line.rsplit(" ", 1)[0] if " " in line else line[:-1]
    return line.rstrip(" ,;:.") + ELLIPSIS


@dataclass(frozen=True)
class Card:
    """What a share card shows, as plain text."""

    claim: str
    claimant: str
    label: str
    style: str
    site_name: str


# Claim text sizes, largest first, with the lines each may take.
CLAIM_SIZES = ((64, 3), (56, 4), (46, 5), (38, 6))


def claim_lines(text: str, node_modules: Path) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest size at which the whole claim fits, else the smallest, cut with …."""
    width, cut = WIDTH - 2 * MARGIN, len(text) > DRAWN_CHARS
    for size, max_lines in CLAIM_SIZES:
        face = font(node_modules, False, size)
        lines = wrap(text[:DRAWN_CHARS], face, width, max_lines)
        if cut and lines and not lines[-1].endswith(ELLIPSIS):
            lines[-1] = ellipsize(lines[-1], face, width)
        if not lines or not lines[-1].endswith(ELLIPSIS) or size == CLAIM_SIZES[-1][0]:
            return face, lines
    raise AssertionError("unreachable")


def draw_verdict(draw: ImageDraw.ImageDraw, card: Card, node_modules: Path) -> int:
    """The verdict badge at the top left: white symbol and label on the verdict colour.
    Returns the badge's bottom edge."""
    look = LOOKS[card.style]
    face = font(node_modules, True, 48)
    text = first_line(f"{look.symbol}  {plain(card.label)}", face, WIDTH - 2 * MARGIN - 56)
    top, pad_x, pad_y = 56, 28, 14
    ascent, descent = face.getmetrics()  # the same height whatever the label's letters
    bottom = top + 2 * pad_y + ascent + descent
    right = MARGIN + 2 * pad_x + round(face.getlength(text))
    draw.rounded_rectangle((MARGIN, top, right, bottom), radius=14, fill=look.colour)
    draw.text((MARGIN + pad_x, top + pad_y), text, font=face, fill=PAPER)
    return bottom


def first_line(text: str, face: ImageFont.FreeTypeFont, width: int) -> str:
    """``text`` on one line, cut with … when it does not fit."""
    lines = wrap(text, face, width, 1)
    return lines[0] if lines else ""


def draw_card(card: Card, node_modules: Path) -> Image.Image:
    """The 1200×630 card: verdict badge, claim, claimant, then the site's name on a band
    in the verdict's colour."""
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    y = draw_verdict(draw, card, node_modules) + 36
    # Our neutral restatement of the claim, not a quotation: no quotation marks, and the
    # claimant is credited as who made the claim, not as the author of these words.
    face, lines = claim_lines(plain(card.claim), node_modules)
    line_height = round(face.size * 1.22)
    for line in lines:
        draw.text((MARGIN, y), line, font=face, fill=INK)
        y += line_height
    small = font(node_modules, False, 30)
    who = first_line(f"Claim by {plain(card.claimant)}", small, WIDTH - 2 * MARGIN)
    draw.text((MARGIN, y + 14), who, font=small, fill=MUTED)
    draw.rectangle((0, HEIGHT - BAND, WIDTH, HEIGHT), fill=LOOKS[card.style].colour)
    band_face = font(node_modules, True, 28)
    name = first_line(plain(card.site_name), band_face, WIDTH - 2 * MARGIN)
    draw.text((MARGIN, HEIGHT - BAND / 2), name, font=band_face, fill=PAPER, anchor="lm")
    return image


@lru_cache(maxsize=None)
def palette(colour: str) -> Image.Image:
    """The card's few colours and the anti-aliased steps between those that touch: ink and
    grey on white, white on the verdict colour, the verdict colour on white."""
    rgb = [ImageColor.getrgb(c) for c in (PAPER, INK, MUTED, colour)]
    pairs = ((rgb[0], rgb[1]), (rgb[0], rgb[2]), (rgb[3], rgb[0]), (rgb[0], rgb[3]))
    colours = list(dict.fromkeys(tuple(round(a + (b - a) * step / 15) for a, b in zip(x, y))
                                 for x, y in pairs for step in range(16)))
    image = Image.new("P", (1, 1))
    image.putpalette([v for c in colours for v in c])
    return image


def png_bytes(image: Image.Image, colour: str) -> bytes:
    """An 8-bit palette PNG (a third of the RGB size, and faster to compress) without
    metadata: the same pixels always give the same bytes."""
    buffer = io.BytesIO()
    image.quantize(palette=palette(colour), dither=Image.Dither.NONE).save(
        buffer, "PNG", compress_level=3)  # level 6: 20% smaller, twice the time
    return buffer.getvalue()


def write_share_image(output: Path, path_in_site: str, card: Card, node_modules: Path) -> None:
    """Write the card where the claim page's og:image says (ClaimView.share_image)."""
    path = output / path_in_site
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(png_bytes(draw_card(card, node_modules), LOOKS[card.style].colour))


def favicon_image() -> Image.Image:
    """The favicon drawn as theme/static/favicon.svg is: a white tick in a blue rounded
    square; drawn at 4× and scaled down for smooth edges."""
    big = Image.new("RGBA", (128, 128), (0, 0, 0, 0))
    draw = ImageDraw.Draw(big)
    draw.rounded_rectangle((0, 0, 127, 127), radius=24, fill="#0a58a5")
    tick = [(30, 68), (54, 92), (100, 38)]
    draw.line(tick, fill="#ffffff", width=18, joint="curve")
    for x, y in (tick[0], tick[-1]):  # round line caps, as the SVG's stroke-linecap
        draw.ellipse((x - 9, y - 9, x + 9, y + 9), fill="#ffffff")
    return big.resize((32, 32), Image.Resampling.LANCZOS)


def write_favicon(output: Path) -> None:
    """favicon.ico (32×32) at the output root, for browsers without SVG favicons."""
    buffer = io.BytesIO()
    favicon_image().save(buffer, "ICO", sizes=[(32, 32)])
    (output / FAVICON).write_bytes(buffer.getvalue())


def claimant_line(view: ClaimView) -> str:
    """'Name, role' as the card credits the claim."""
    claim = view.claim
    return f"{claim.claimant}, {claim.claimant_role}" if claim.claimant_role else claim.claimant


def write_share_images(output: Path, claims: list[ClaimView], styles: dict[str, str],
                       site_name: str, node_modules: Path) -> None:
    """A card beside every claim page (``styles``: rating id -> verdict style), drawn on
    both cores: 12-20 ms a card, three minutes for 10,000 claims in one process."""
    cards = []
    for view in claims:
        style = styles.get(view.rating.id, "unrated")
        cards.append((view.share_image, Card(view.claim.claim, claimant_line(view),
                                             view.rating.label,
                                             style if style in LOOKS else "unrated", site_name)))
    in_two_processes(cards, lambda part: _draw_all(output, part, node_modules),
                     minimum=PARALLEL_CARDS)


PARALLEL_CARDS = 64  # fewer cards than this are drawn in this process alone


def _draw_all(output: Path, cards: Sequence[tuple[str, Card]], node_modules: Path) -> None:
    for path, card in cards:
        write_share_image(output, path, card, node_modules)
