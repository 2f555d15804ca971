"""One poster with the headline and summary in every language: "you are welcome here".

Each language has a cell with its own name, headline and one-sentence
summary, in its own script and direction: right-to-left cells align to the
right. Cells fill two columns; one body size for all, the largest that fits.
"""

from __future__ import annotations

from ...text.boxes import Align
from ..flow import Overflow
from ..page import Block, Page, RuleBlock, TextBlock
from .common import (
    GREY,
    SAFE,
    SMALL,
    DoesNotFit,
    Kit,
    band,
    largest_fitting,
    minimum_size,
    sheet_size,
    text_block,
)

COLUMNS = 2


def multilingual(kits: list[Kit], sheet: str, *, bleed: float = 0.0,
                 draft: str | None = None) -> Page:
    """The welcome poster for every language in ``kits`` (the first gives the header)."""
    width, height = sheet_size(sheet)
    low = minimum_size(width, height) * 0.8
    page = largest_fitting(lambda s: _build(kits, width, height, s, bleed, draft), low, low * 4)
    if page is None:
        raise DoesNotFit(f"{len(kits)} languages do not fit on {sheet}; choose a larger --size")
    return page


def fitting_size(kits: list[Kit], sheet: str, *, draft: str | None = None) -> float:
    """The body size :func:`multilingual` sets ``sheet`` at."""
    width, height = sheet_size(sheet)
    low = minimum_size(width, height) * 0.8
    found = largest_fitting(lambda s: (s, _build(kits, width, height, s, 0.0, draft)), low,
                            low * 4)
    if found is None:
        raise DoesNotFit(f"{len(kits)} languages do not fit on {sheet}; choose a larger --size")
    return found[0]


def _build(kits: list[Kit], width: float, height: float, size: float, bleed: float,
           draft: str | None) -> Page:
    margin = max(SAFE, min(width, height) * 0.05)
    blocks: list[Block] = []
    header, top = band(kits[0], width, size * 0.9, bleed)
    blocks += header
    gap = size * 1.6
    column = (width - 2 * margin - gap * (COLUMNS - 1)) / COLUMNS
    cells = [_cell(kit, column, size) for kit in kits]
    bottom = height - margin
    if draft:
        note = text_block(kits[0], draft, margin, 0, width - 2 * margin, size * SMALL,
                          color=GREY)
        bottom -= note.paragraph.height
        blocks.append(TextBlock(note.paragraph, margin, bottom, GREY))
        bottom -= size
    y = top + size * 1.2
    for row in range(0, len(cells), COLUMNS):
        row_cells = cells[row : row + COLUMNS]
        row_height = max(_height(cell) for cell in row_cells)
        if y + row_height > bottom:
            raise Overflow("cells do not fit")
        for index, cell in enumerate(row_cells):
            x = margin + index * (column + gap)
            blocks += _placed(cell, x, y)
            blocks.append(RuleBlock(x, y - size * 0.5, column, max(0.5, size * 0.05),
                                    kits[0].accent))
        y += row_height + size * 1.4
    return Page(width, height, tuple(blocks))


def _cell(kit: Kit, width: float, size: float) -> list[TextBlock]:
    meta, digest = kit.language.meta, kit.language.digest
    return [
        text_block(kit, meta.native_name, 0, 0, width, size * 0.85, bold=True,
                   color=kit.accent_dark),
        text_block(kit, digest.headline, 0, 0, width, size * 1.45, bold=True,
                   color=kit.primary, balance=True),
        text_block(kit, digest.summary, 0, 0, width, size, align=Align.START),
    ]


def _height(cell: list[TextBlock]) -> float:
    return sum(b.paragraph.height for b in cell) + 6.0 * (len(cell) - 1)


def _placed(cell: list[TextBlock], x: float, y: float) -> list[Block]:
    placed: list[Block] = []
    for block in cell:
        # Blocks were set at x = 0; balanced right-to-left ones carry their offset in x.
        placed.append(TextBlock(block.paragraph, x + block.x, y, block.color))
        y += block.paragraph.height + 6.0
    return placed

