"""The digest as a half-letter handout, imposed two-up on a Letter sheet.

Each half is a 5.5 × 8.5 in page; the sheet is Letter landscape with a cut
line marked at its centre, top and bottom. ``with_english`` puts the English
digest on the second half, for families who share one sheet between
generations; otherwise the same language is printed twice.
"""

from __future__ import annotations

from dataclasses import replace

from ..page import ARTIFACT, Block, ImageBlock, Page, RuleBlock, TextBlock, new_key, with_structure
from .common import GREY, INCH, SHEETS, Kit
from .digest import digest, fitting_size

HALF = SHEETS["half-letter"]
MINIMUM = 8.0  # handouts are read in the hand: smaller than a wall poster


def handout(kit: Kit, english: Kit | None, *, site: str | None, draft: str | None,
            english_draft: str | None = None) -> Page:
    """A Letter-landscape sheet with two half-letter digests and a centre cut mark."""
    size = fitting_size(kit, *HALF, site=site, draft=draft, minimum=MINIMUM, compact=True)
    if english:  # both halves in one type size, so the sheet looks like one piece
        size = min(size, fitting_size(english, *HALF, site=site, draft=english_draft,
                                      minimum=MINIMUM, compact=True))
    first = digest(kit, *HALF, site=site, draft=draft, compact=True, size=size)
    second = (digest(english, *HALF, site=site, draft=english_draft, compact=True, size=size)
              if english else first)
    width, height = HALF[0] * 2, HALF[1]
    blocks: list[Block] = [*first.blocks, *(_shifted(_second(b, english), HALF[0])
                                            for b in second.blocks)]
    blocks += cut_marks(width, height)
    return Page(width, height, tuple(blocks))


def cut_marks(width: float, height: float) -> list[Block]:
    """Short hairlines at the centre of the top and bottom edges: where to cut."""
    length, weight = 0.2 * INCH, 0.4
    x = width / 2 - weight / 2
    return [RuleBlock(x, 0.0, weight, length, GREY), RuleBlock(x, height - length, weight,
                                                               length, GREY)]


def _second(block: Block, english: Kit | None) -> Block:
    """The second half's structure: the English digest is a section in English, read
    after the first half; a second copy of the same digest is read once, so it is an
    artifact."""
    if english is None:
        return replace(block, structure=ARTIFACT)
    if block.structure is None and not isinstance(block, TextBlock):
        return block  # furniture stays an artifact
    current = with_structure(block)
    assert current.structure is not None
    if current.structure.artifact:
        return current
    return with_structure(current, path=(_SECTION, *current.structure.path),
                          lang=english.language.tag, order=current.structure.order + _AFTER)


#: The English half's elements: one section, read after every part of the first half.
_SECTION, _AFTER = new_key("Sect"), 10


def _shifted(block: Block, dx: float) -> Block:
    if isinstance(block, (TextBlock, RuleBlock, ImageBlock)):
        return replace(block, x=block.x + dx)
    return block
