"""What every document shares: sheet sizes, the type scale, fitting, headers, notices.

A document is laid out at a *body size* ``s``; every other size is a fixed
multiple of it (one type scale), so finding the largest body size at which a
poster fits gives the whole poster its proportions.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from msgspec import Struct
from msgspec.structs import replace

from ... import cache
from ...branding import Branding
from ...errors import RenderError, SafehavenError
from ...model.content import LanguageTexts
from ...text.boxes import Align
from ...text.scripts import script_info
from ...text.typeset import Paragraph, TextStyle, measuring, typeset
from ..flow import Overflow, balanced, gauged
from ..page import WHITE, Block, Color, ImageBlock, RuleBlock, Structure, TextBlock, new_key
from ..size_search import largest_on_grid

INCH = 72.0
MM = 72.0 / 25.4
#: Text stays at least this far inside the trim.
SAFE = 0.25 * INCH
GREY: Color = (0.32, 0.32, 0.32)
FSI, PDI = "\u2068", "\u2069"
#: Ends a line inside a paragraph (Unicode's line separator: a mandatory break).
LINE_SEPARATOR = "\u2028"

SHEETS: dict[str, tuple[float, float]] = {
    "letter": (8.5 * INCH, 11 * INCH),
    "tabloid": (11 * INCH, 17 * INCH),
    "a4": (210 * MM, 297 * MM),
    "a3": (297 * MM, 420 * MM),
    "18x24": (18 * INCH, 24 * INCH),
    "24x36": (24 * INCH, 36 * INCH),
    "half-letter": (5.5 * INCH, 8.5 * INCH),
}
#: The paper series of each sheet: a school stocks one (US sizes, or ISO A sizes).
SERIES: dict[str, str] = {"letter": "us", "tabloid": "us", "18x24": "us", "24x36": "us",
                          "half-letter": "us", "a4": "iso", "a3": "iso"}

# The type scale, in multiples of the body size.
HEADLINE, TITLE, LARGE, HEADING, SMALL = 2.6, 2.1, 1.3, 1.1, 0.78


class DoesNotFit(RenderError):
    """A text cannot be set at a readable size on the chosen sheet."""


def sheet_size(name: str) -> tuple[float, float]:
    try:
        return SHEETS[name]
    except KeyError:
        raise SafehavenError(f"unknown size {name!r}; choose one of "
                             f"{', '.join(n for n in SHEETS if n != 'half-letter')}") from None


def minimum_size(width: float, height: float, script: str = "Latn") -> float:
    """The smallest readable body size of ``script`` on a ``width`` × ``height`` sheet.

    The script registry gives the size on a sheet held in the hand (US Letter
    or smaller: 9 pt for Latin, 10 pt for Myanmar script). Larger sheets are
    read from further away; the minimum grows with the short side to the power
    0.75 (Latin: tabloid ≈ 10.9 pt, 24×36 ≈ 19.6 pt).
    """
    scale = max(1.0, min(width, height) / (8.5 * INCH)) ** 0.75
    return round(script_info(script).min_body * scale, 1)


T = TypeVar("T")


def largest_fitting(build: Callable[[float], T], low: float, high: float,
                    precision: float = 0.1, *, remember: str | None = None) -> T | None:
    """The layout at the largest body size in [low, high] that fits, or None.

    ``build`` raises :class:`Overflow` when the text does not fit. Fit is
    monotonic in the size (bigger type never takes less room), so bisection
    finds the largest size; :func:`.size_search.largest_on_grid` finds bisection's
    answer in fewer layouts, aimed by how full each one was. With ``remember`` (a
    description of everything ``build`` depends on), the size found is kept in the cache
    on disk, and a new process asking again builds the layout once, at that size,
    instead of searching: the same size, so the same layout.
    """
    entry = cache.key("largest_fitting", repr((low, high, precision)), remember) \
        if remember is not None else None
    known = cache.load("fitted", entry) if entry is not None else None
    if isinstance(known, float) and low <= known <= high:
        try:
            return build(known)
        except Overflow:  # not the answer it claims to be: search as if it were absent
            pass
    # Layouts at several sizes, their lines measured, not placed (and outside a document's
    # bundle): only the size is kept. The layout at that size is then built in full.
    with measuring():
        size = largest_on_grid(lambda size: _tried(build, size), low, high, precision)
    if size is None:
        return None
    if entry is not None:
        cache.store("fitted", entry, size)
    return build(size)


def _tried(build: Callable[[float], object], size: float) -> tuple[bool, float | None]:
    """Whether the layout at ``size`` fits, and how full its flow was."""
    with gauged() as gauge:
        try:
            build(size)
        except Overflow:
            return False, gauge.fill
    return True, gauge.fill


class Kit(Struct, frozen=True):
    """One language's texts and the branding, with helpers to make paragraphs."""

    language: LanguageTexts
    branding: Branding

    @property
    def rtl(self) -> bool:
        return self.language.meta.direction.value == "rtl"

    @property
    def script(self) -> str:
        return self.language.meta.script

    def para(self, text: str) -> Paragraph:
        meta = self.language.meta
        return Paragraph(text, meta.tag, meta.script, self.rtl)

    def fill(self, text: str) -> str:
        """``text`` with branding placeholders filled, each value isolated for bidi.

        A phone number never breaks across lines: its spaces and hyphens become
        their no-break forms. ``{url}`` is the translations page, the one address
        families are sent to for "other languages".
        """
        return text.format(phone=isolate(self.phone),
                           url=isolate(bare_url(self.branding.translations_page)))

    @property
    def phone(self) -> str:
        """The phone number, unbreakable. Its digits stay ASCII in every language:
        it is dialled from the printed digits, which phone keypads show in ASCII."""
        return self.branding.phone.replace(" ", "\u00a0").replace("-", "\u2011")

    @property
    def primary(self) -> Color:
        return self.branding.rgb("primary_color")

    @property
    def accent(self) -> Color:
        return self.branding.rgb("accent_color")

    @property
    def accent_dark(self) -> Color:
        """The accent darkened for small text on white (legible contrast)."""
        return tuple(c * 0.62 for c in self.accent)  # type: ignore[return-value]


def isolate(value: str) -> str:
    """FSI … PDI: a phone number or address keeps its own order inside any script."""
    return f"{FSI}{value}{PDI}"


def bare_url(url: str) -> str:
    """A web address as printed: without the scheme and a trailing slash."""
    return url.removeprefix("https://").removeprefix("http://").rstrip("/")


def text_block(kit: Kit, text: str, x: float, y: float, width: float, size: float, *,
               bold: bool = False, align: Align = Align.START,
               color: Color = (0, 0, 0), balance: bool = False,
               headline: bool = False, structure: Structure | None = None) -> TextBlock:
    """One paragraph set at (x, y) in ``width`` (``balance``: even line lengths, as
    a headline; ``headline``: no hyphens, phrases kept whole, see ``TextStyle``);
    ``structure``: its place in the tagged PDF's tree (None: a paragraph)."""
    style = TextStyle(size, align, bold, headline=headline)
    if balance:
        paragraph = balanced(kit.para(text), width, style)
        if kit.rtl:
            x += width - paragraph.width
    else:
        paragraph = typeset(kit.para(text), width, style)
    return TextBlock(paragraph, x, y, color, structure=structure)


def band_bottom(width: float, size: float) -> float:
    """Where :func:`band` ends, without setting its text."""
    return max(SAFE, width * 0.055) * 0.8 * 2 + size * 3.2


def band(kit: Kit, width: float, size: float, bleed: float) -> tuple[list[Block], float]:
    """The coloured header band: monogram, district and board names; returns its bottom."""
    labels = kit.language.labels
    margin = max(SAFE, width * 0.055)
    mark = size * 3.2
    top = margin * 0.8
    blocks: list[Block] = [RuleBlock(-bleed, -bleed, width + 2 * bleed, bleed + top * 2 + mark,
                                     kit.primary)]
    mark_x = width - margin - mark if kit.rtl else margin
    blocks += monogram(kit, mark_x, top, mark)
    text_x = margin if kit.rtl else margin + mark + size
    text_width = width - 2 * margin - mark - size
    name = text_block(kit, labels["district"], text_x, top, text_width, size * LARGE, bold=True,
                      color=WHITE)
    board = text_block(kit, labels["board"], text_x, name.bottom + size * 0.2, text_width,
                       size * 0.9, color=WHITE)
    shift = (mark - (board.bottom - top)) / 2
    blocks += [_moved(name, shift), _moved(board, shift)]
    return blocks, top * 2 + mark


def _moved(block: TextBlock, dy: float) -> TextBlock:
    return replace(block, y=block.y + dy)


def monogram(kit: Kit, x: float, y: float, size: float) -> list[Block]:
    """The district's logo if the branding has one, else its initials in an accent square.

    Either is a Figure whose alternative text is the district's name in the language.
    """
    figure = Structure((new_key("Figure"),), alt=kit.language.labels["district"])
    if kit.branding.logo is not None:
        return [ImageBlock(kit.branding.logo, x, y, size, size, structure=figure)]
    letters = Paragraph(kit.branding.monogram, "en", "Latn", False)
    natural = typeset(letters, 1e6, TextStyle(100.0, bold=True)).lines[0].width / 100.0
    text_size = min(size * 0.42, size * 0.74 / natural)
    set_ = typeset(letters, size, TextStyle(text_size, Align.CENTER, bold=True))
    inset = (size - set_.height) / 2
    return [RuleBlock(x, y, size, size, kit.accent, structure=figure),
            TextBlock(set_, x, y + inset, kit.primary, decorative=True, structure=figure)]


class Notice(str):
    """A draft notice's text, with the ranges of it in another language (the English
    half): (start, end, BCP 47 tag). A string, so that it passes through every layout's
    ``draft`` unchanged; :func:`notice_structure` reads the ranges where it is placed."""

    spans: tuple[tuple[int, int, str], ...] = ()

    def __new__(cls, text: str, spans: tuple[tuple[int, int, str], ...] = ()) -> Notice:
        notice = super().__new__(cls, text)
        notice.spans = spans
        return notice

    # Unequal to the same text without its spans: layouts cached by their ``draft`` must not
    # hand a page set for the plain text (a DOCX's fitting) to a tagged PDF.
    def __eq__(self, other: object) -> bool:
        return (isinstance(other, str) and str.__eq__(self, other)
                and self.spans == getattr(other, "spans", ()))

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return hash((str(self), self.spans))


def draft_notice(kit: Kit, english: LanguageTexts) -> str | None:
    """The "draft translation" line in the language and English, or None for reviewed text.

    The English half is isolated for bidi and, in the tagged PDF, a Span in English. In a
    right-to-left language it starts a line of its own: on one line with the language's
    half, Chrome (PDFium) turned its words round ("review pending — translation Draft"),
    as it does any Latin phrase of several words in a right-to-left line.
    """
    if not kit.language.meta.is_draft:
        return None
    own = kit.language.labels["draft_notice"]
    theirs = english.labels["draft_notice"]
    if own == theirs:
        return own
    text = f"{own}{LINE_SEPARATOR if kit.rtl else ' · '}{FSI}{theirs}{PDI}"
    return Notice(text, ((len(text) - len(theirs) - 2, len(text), english.meta.tag),))


def notice_structure(notice: str, structure: Structure | None = None) -> Structure:
    """``structure`` (default: a paragraph) of a block that sets ``notice``, with the
    notice's spans in another language."""
    structure = structure or Structure()
    spans = notice.spans if isinstance(notice, Notice) else ()
    return replace(structure, spans=spans) if spans and not structure.artifact else structure
