"""The welcome poster: every language on one sheet, readable from two metres.

A strong shared header (the district's band and the resolution's name), then
one block per language — its name in its own script, its headline large, its
one-sentence summary — in a balanced grid, and a footer with the QR code to
the translations page and the phone number.

The grid is balanced for any number of languages: rows hold as many blocks as
each other or one fewer, fuller rows first, every row centred, every block the
same size; no block is left empty. The number of columns is the one that
gives the largest type, so the headlines read from across a hallway.
Right-to-left blocks align to the right.

In the structure tree (a tagged PDF's) the header and footer are in the first
kit's language (the source text): the resolution's name is the H1; each
language's block is a section in its own language, its name an H2 and its
headline an H3; the footer is read after the blocks, its QR code a figure.
"""

from __future__ import annotations

import math

from msgspec import Struct
from msgspec.structs import replace

from ...text.boxes import Align
from ...text.typeset import measuring
from ..flow import Overflow
from ..page import (
    WHITE,
    Block,
    Color,
    Page,
    RuleBlock,
    Structure,
    TextBlock,
    new_key,
    with_structure,
)
from ..qr import QUIET_ZONE, module_size, qr_blocks
from .common import (
    GREY,
    SAFE,
    SMALL,
    DoesNotFit,
    Kit,
    bare_url,
    minimum_size,
    monogram,
    sheet_size,
    text_block,
)

#: The language's name in multiples of the body size (the summary).
NAME = 1.1
#: The headline in multiples of the body size, most contrast first.
HEADLINES = (2.4, 2.0, 1.7)
#: A block's background: the primary colour mixed this far towards white.
CELL_TINT = 0.92
#: Each block's text blocks carry this role and the block's index, e.g. "cell:3".
CELL_ROLE = "cell"
MAX_COLUMNS = 4


class Cell(Struct, frozen=True):
    """One language's block on the sheet."""

    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height


def row_counts(count: int, columns: int) -> list[int]:
    """Blocks per row: as even as can be, fuller rows first (7 in 3 columns: 3, 2, 2)."""
    rows = math.ceil(count / columns)
    base, extra = divmod(count, rows)
    return [base + 1] * extra + [base] * (rows - extra)


def grid(heights: list[float], columns: int, x: float, y: float, width: float,
         height: float, gap: float) -> list[Cell]:
    """One block per entry of ``heights`` (what each needs), rows from :func:`row_counts`.

    Every block in a row has the same width and height (the row's tallest);
    the room left in ``height`` is shared equally between the rows; each row is
    centred. Raises :class:`Overflow` when the rows do not fit in ``height``.
    """
    counts = row_counts(len(heights), columns)
    across = max(counts)
    cell_width = (width - gap * (across - 1)) / across
    starts = [sum(counts[:row]) for row in range(len(counts))]
    needed = [max(heights[start : start + n]) for start, n in zip(starts, counts, strict=True)]
    spare = height - sum(needed) - gap * (len(counts) - 1)
    if spare < 0:
        raise Overflow("the languages' blocks do not fit")
    cells, top = [], y
    for in_row, row_height in zip(counts, needed, strict=True):
        row_height += spare / len(counts)
        start = x + (width - in_row * cell_width - (in_row - 1) * gap) / 2
        cells += [Cell(start + i * (cell_width + gap), top, cell_width, row_height)
                  for i in range(in_row)]
        top += row_height + gap
    return cells


class _Frame(Struct, frozen=True):
    """What does not depend on the body size: the sheet, header and footer, the grid's area."""

    width: float
    height: float
    margin: float
    top: float
    bottom: float
    fixed: tuple[Block, ...]


def multilingual(kits: list[Kit], sheet: str, *, bleed: float = 0.0,
                 draft: str | None = None) -> Page:
    """The welcome poster for every language in ``kits`` (the first gives the header).

    Of every number of columns and headline ratio that fits with the body at
    least the sheet's minimum, the one with the largest headlines wins: they
    are what a family reads from two metres.
    """
    return _fitted(kits, sheet, bleed, draft)[0]


def fitting_size(kits: list[Kit], sheet: str, *, draft: str | None = None) -> float:
    """The body size :func:`multilingual` sets ``sheet`` at (the DOCX follows it)."""
    return _fitted(kits, sheet, 0.0, draft)[1]


def _fitted(kits: list[Kit], sheet: str, bleed: float,
            draft: str | None) -> tuple[Page, float]:
    width, height = sheet_size(sheet)
    margin = max(SAFE, min(width, height) * 0.05)
    header, top = _header(kits[0], width, height, margin, bleed)
    footer, bottom = _footer(kits[0], width, height, margin, draft)
    frame = _Frame(width, height, margin, top, bottom,
                   (*_in_language(header, kits[0]), *_in_language(footer, kits[0])))
    low = minimum_size(width, height) * 0.8
    best: tuple[float, float, int, float] | None = None  # headline, body, columns, ratio
    for ratio in HEADLINES:
        for columns in range(1, min(len(kits), MAX_COLUMNS) + 1):
            # Only a layout with larger headlines than the best so far is worth a search.
            start = low if best is None else max(low, best[0] * 1.02 / ratio)
            size = _largest(kits, frame, columns, ratio, start, low * 4)
            if size is not None:
                best = (size * ratio, size, columns, ratio)
    if best is None:
        raise DoesNotFit(f"{len(kits)} languages do not fit on {sheet}; choose a larger --size")
    _, size, columns, ratio = best
    while True:  # balanced lines can stand a little taller (glyph extents): step down
        try:
            return _build(kits, frame, size, columns, ratio), size
        except Overflow:
            if size - 0.25 < low:
                raise DoesNotFit(f"{len(kits)} languages do not fit on {sheet}; choose a "
                                 "larger --size") from None
            size -= 0.25


def _largest(kits: list[Kit], frame: _Frame, columns: int, ratio: float, low: float,
             high: float) -> float | None:
    """The largest body size in [low, high] at which the blocks fit (to a quarter point),
    or None. Grows from ``low`` in steps of a fifth, then bisects the last step: the
    answer is usually near ``low``, and each try sets every language (headlines
    unbalanced: balancing keeps their lines, and the final build checks again)."""

    def fits(size: float) -> bool:
        try:
            with measuring():  # lines measured, not placed: only the fit is kept
                _cells(kits, frame, size, columns, ratio, balance=False)
        except Overflow:
            return False
        return True

    if low >= high or not fits(low):
        return None
    step = low * 0.2
    while low + step <= high and fits(low + step):
        low += step
    while step > 0.25:
        step /= 2
        if fits(low + step):
            low += step
    return low


def _cells(kits: list[Kit], frame: _Frame, size: float, columns: int, ratio: float, *,
           balance: bool) -> list[tuple[Cell, list[TextBlock]]]:
    gap = size * 1.2
    across = max(row_counts(len(kits), columns))
    inner = frame.width - 2 * frame.margin
    cell_width = (inner - gap * (across - 1)) / across
    contents = [_content(kit, cell_width - 2 * _pad(size), size, ratio, balance)
                for kit in kits]
    heights = [_height(content) + 2.2 * _pad(size) for content in contents]
    cells = grid(heights, columns, frame.margin, frame.top + gap, inner,
                 frame.bottom - frame.top - 2 * gap, gap)
    return list(zip(cells, contents, strict=True))


def _build(kits: list[Kit], frame: _Frame, size: float, columns: int, ratio: float) -> Page:
    blocks = list(frame.fixed)
    tint = _tint(kits[0].primary, CELL_TINT)
    cells = _cells(kits, frame, size, columns, ratio, balance=True)
    for index, (kit, (cell, content)) in enumerate(zip(kits, cells, strict=True)):
        blocks.append(RuleBlock(cell.x, cell.y, cell.width, cell.height, tint))
        blocks.append(RuleBlock(cell.x, cell.y, cell.width, max(2.0, size * 0.25), kit.accent))
        blocks += _placed(content, cell, _pad(size), index)
    return Page(frame.width, frame.height, tuple(blocks))


def _in_language(blocks: list[Block], kit: Kit) -> list[Block]:
    """``blocks`` read in ``kit``'s language (the header's and footer's: the poster's is "mul")."""
    return [b if isinstance(b, RuleBlock) and b.structure is None
            else with_structure(b, lang=kit.language.tag) for b in blocks]


def _pad(size: float) -> float:
    return size * 0.9


def _header(kit: Kit, width: float, height: float, margin: float,
            bleed: float) -> tuple[list[Block], float]:
    """The shared header: a tall band with the mark, the district, and the resolution's name.

    Its sizes follow the sheet, not the number of languages: the poster's
    name reads the same from across the room whatever the grid below holds.
    """
    labels = kit.language.labels
    short = min(width, height)
    mark, district_size, title_size = short * 0.08, short * 0.022, short * 0.05
    top = margin * 0.8
    mark_x = width - margin - mark if kit.rtl else margin
    text_x = margin if kit.rtl else margin + mark + district_size
    text_width = width - 2 * margin - mark - district_size
    district = text_block(kit, labels["district"], text_x, top, text_width, district_size,
                          bold=True, color=WHITE)
    board = text_block(kit, labels["board"], text_x, district.bottom + district_size * 0.15,
                       text_width, district_size * 0.75, color=WHITE)
    shift = max(0.0, (mark - (board.bottom - top)) / 2)
    title = text_block(kit, kit.language.resolution.title, margin,
                       max(top + mark, board.bottom + shift) + title_size * 0.35,
                       width - 2 * margin, title_size, bold=True, color=WHITE, balance=True,
                       structure=Structure(("H1",)))
    bottom = title.bottom + top
    band = RuleBlock(-bleed, -bleed, width + 2 * bleed, bottom + bleed, kit.primary)
    rule = RuleBlock(-bleed, bottom, width + 2 * bleed, max(3.0, short * 0.008), kit.accent)
    return [band, rule, *monogram(kit, mark_x, top, mark), _down(district, shift),
            _down(board, shift), title], bottom + rule.height


def _footer(kit: Kit, width: float, height: float, margin: float,
            draft: str | None) -> tuple[list[Block], float]:
    """QR code to the translations page with its caption; "Questions?" and the phone number.

    Returns the blocks and the footer's top. The phone number keeps ASCII digits.
    Drawn before the languages' blocks, it is read after them, the draft notice last.
    """
    short = min(width, height)
    inner = width - 2 * margin
    code = max(0.9 * 72, short * 0.12)
    url = kit.branding.translations_page
    quiet = module_size(url, code) * QUIET_ZONE
    small = short * 0.016
    blocks: list[Block] = []
    bottom = height - margin
    if draft:
        note = text_block(kit, draft, margin, 0, inner, small * SMALL * 1.2, color=GREY,
                          structure=Structure(order=2))
        bottom -= note.paragraph.height
        blocks.append(_down(note, bottom))
        bottom -= small
    top = bottom - code
    half = (inner - code - quiet) / 2
    code_x = margin if kit.rtl else width - margin - code
    scan_x = margin + code + quiet + half if kit.rtl else margin + half
    ask_x = width - margin - half if kit.rtl else margin
    ask = kit.language.digest.ask
    after = Structure(order=1)
    heading = text_block(kit, ask.heading, ask_x, top, half, small * 1.4, bold=True,
                         color=kit.primary, structure=Structure(("H2",), order=1))
    phone = text_block(kit, kit.phone, ask_x, heading.bottom, half, small * 2.4, bold=True,
                       color=kit.primary, structure=after)
    scan_label = kit.language.labels["scan_for_languages"]
    scan = text_block(kit, scan_label, scan_x, top, half - quiet, small * 1.2, bold=True,
                      color=kit.primary, structure=after)
    link = text_block(kit, bare_url(url), scan_x, scan.bottom + small * 0.3, half - quiet,
                      small, structure=after)
    figure = Structure((new_key("Figure"),), order=1, alt=f"{scan_label}: {url}")
    code_blocks = [replace(b, structure=figure) for b in qr_blocks(url, code_x, top, code)]
    blocks += [heading, phone, scan, link, *code_blocks]
    return blocks, top - quiet


def _content(kit: Kit, width: float, size: float, ratio: float,
             balance: bool) -> list[TextBlock]:
    """A language's name, headline and summary: a section in that language."""
    meta, digest = kit.language.meta, kit.language.digest
    section = new_key("Sect")
    return [
        text_block(kit, meta.native_name, 0, 0, width, size * NAME, bold=True,
                   color=_darker(kit.accent),
                   structure=Structure((section, "H2"), lang=meta.tag)),
        text_block(kit, digest.headline, 0, 0, width, size * ratio, bold=True,
                   color=kit.primary, balance=balance, headline=True,
                   structure=Structure((section, "H3"), lang=meta.tag)),
        text_block(kit, digest.summary, 0, 0, width, size, align=Align.START,
                   structure=Structure((section, "P"), lang=meta.tag)),
    ]


def _spacing(block: TextBlock) -> float:
    """Space after a block: a little under the name, more under the headline."""
    return block.paragraph.size * 0.45


def _height(content: list[TextBlock]) -> float:
    return (sum(b.paragraph.height for b in content)
            + sum(_spacing(b) for b in content[:-1]))


def _placed(content: list[TextBlock], cell: Cell, pad: float, index: int) -> list[Block]:
    placed: list[Block] = []
    y = cell.y + pad * 1.2
    for block in content:
        # Blocks were set at x = 0; balanced right-to-left ones carry their offset in x.
        placed.append(replace(block, x=cell.x + pad + block.x, y=y,
                              role=f"{CELL_ROLE}:{index}"))
        y += block.paragraph.height + _spacing(block)
    return placed


def _down(block: TextBlock, dy: float) -> TextBlock:
    return replace(block, y=block.y + dy)


def _tint(color: Color, amount: float) -> Color:
    return (color[0] + (1 - color[0]) * amount, color[1] + (1 - color[1]) * amount,
            color[2] + (1 - color[2]) * amount)


def _darker(color: Color) -> Color:
    """The accent darkened for text on a light tint (legible contrast)."""
    return (color[0] * 0.55, color[1] * 0.55, color[2] * 0.55)
