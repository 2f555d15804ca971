"""Print furniture: bleed and crop marks, as geometry.

Crop marks are short hairlines in the slug, outside the bleed, aligned with
the trim edges, so a print shop can cut without marks showing on the sheet.
"""

from __future__ import annotations

from msgspec.structs import replace

from .page import BLACK, Page, RuleBlock

INCH = 72.0
BLEED = 0.125 * INCH
#: Crop marks start this far outside the trim (beyond the bleed) and are this long.
MARK_OFFSET = BLEED + 3.0
MARK_LENGTH = 18.0
MARK_WEIGHT = 0.3
SLUG = MARK_OFFSET + MARK_LENGTH + 3.0 - BLEED


def crop_marks(width: float, height: float) -> list[RuleBlock]:
    """Eight hairlines marking the trim corners of a ``width`` × ``height`` page."""
    marks: list[RuleBlock] = []
    half = MARK_WEIGHT / 2
    for x in (0.0, width):
        for y, direction in ((0.0, -1), (height, 1)):
            start = y + direction * MARK_OFFSET
            top = start if direction > 0 else start - MARK_LENGTH
            marks.append(RuleBlock(x - half, top, MARK_WEIGHT, MARK_LENGTH, BLACK, mark=True))
    for y in (0.0, height):
        for x, direction in ((0.0, -1), (width, 1)):
            start = x + direction * MARK_OFFSET
            left = start if direction > 0 else start - MARK_LENGTH
            marks.append(RuleBlock(left, y - half, MARK_LENGTH, MARK_WEIGHT, BLACK, mark=True))
    return marks


def for_print(page: Page, *, bleed: bool, marks: bool) -> Page:
    """``page`` with bleed and/or crop marks added (its layout already reaches the bleed)."""
    blocks = page.blocks + tuple(crop_marks(page.width, page.height) if marks else ())
    return replace(page, blocks=blocks, bleed=BLEED if bleed else 0.0,
                   slug=(SLUG + (0.0 if bleed else BLEED)) if marks else 0.0)
