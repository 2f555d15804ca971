"""The digest as a handout: half-letter two-up when it reads well there, else full letter.

Each half is a 5.5 × 8.5 in page; the sheet is Letter landscape with a cut
line marked at its centre, top and bottom. ``with_english`` puts the English
digest on the second half, for families who share one sheet between
generations; otherwise the same language is printed twice.

A handout is never set below its script's minimum body size (the script
registry's ``min_body``). A digest that cannot reach it on half a sheet gets a
full Letter page instead (and English, when asked for, a second page): a
larger sheet, not smaller type.
"""

from __future__ import annotations

from msgspec.structs import replace

from ..page import ARTIFACT, Block, ImageBlock, Page, RuleBlock, TextBlock, new_key, with_structure
from .common import GREY, INCH, SHEETS, DoesNotFit, Kit, minimum_size
from .digest import digest, fitting_size

HALF = SHEETS["half-letter"]
FULL = SHEETS["letter"]
#: The sheet a handout prints on: two half-letter handouts, or one full letter page.
TWO_UP, FULL_SHEET = "letter-landscape", "letter"


def handout(kit: Kit, english: Kit | None, *, site: str | None, draft: str | None,
            english_draft: str | None = None, full: bool = False) -> list[Page]:
    """The handout's pages: one Letter-landscape sheet two-up, or full Letter pages.

    ``full`` asks for the full-letter handout even where half a sheet would do.
    """
    sizes = None if full else _half_sizes(kit, english, site, draft, english_draft)
    if sizes is None:
        return _full(kit, english, site, draft, english_draft)
    first = digest(kit, *HALF, site=site, draft=draft, compact=True, size=sizes[0])
    second = (digest(english, *HALF, site=site, draft=english_draft, compact=True,
                     size=sizes[1]) if english else first)
    width, height = HALF[0] * 2, HALF[1]
    blocks: list[Block] = [*first.blocks, *(_shifted(_second(b, english), HALF[0])
                                            for b in second.blocks)]
    blocks += cut_marks(width, height)
    return [Page(width, height, tuple(blocks))]


def handout_sheet(kit: Kit, english: Kit | None, *, site: str | None, draft: str | None,
                  english_draft: str | None = None) -> str:
    """:data:`TWO_UP` or :data:`FULL_SHEET`: what :func:`handout` prints on (for print orders)."""
    fits = _half_sizes(kit, english, site, draft, english_draft) is not None
    return TWO_UP if fits else FULL_SHEET


def body_sizes(kit: Kit, english: Kit | None, *, site: str | None, draft: str | None,
               english_draft: str | None = None,
               full: bool = False) -> tuple[tuple[float, float], tuple[float, ...]]:
    """The sheet each copy is set on (half or full Letter) and each copy's body size.

    The same decision :func:`handout` makes, for documents that set the handout
    themselves (the DOCX).
    """
    sizes = None if full else _half_sizes(kit, english, site, draft, english_draft)
    if sizes is not None:
        return HALF, sizes if english else sizes[:1]
    copies = [(kit, draft)] + ([(english, english_draft)] if english else [])
    return FULL, tuple(fitting_size(one, *FULL, site=site, draft=note, compact=True,
                                    minimum=_minimum(one, FULL)) for one, note in copies)


def _half_sizes(kit: Kit, english: Kit | None, site: str | None, draft: str | None,
                english_draft: str | None) -> tuple[float, float] | None:
    """Body sizes of the two halves, or None if either cannot reach its script's minimum.

    Both halves share one size where that keeps each at or above its minimum,
    so the sheet looks like one piece.
    """
    own = _half_size(kit, site, draft)
    if own is None or english is None:
        return None if own is None else (own, own)
    other = _half_size(english, site, english_draft)
    if other is None:
        return None
    shared = min(own, other)
    if shared >= _minimum(kit, HALF) and shared >= _minimum(english, HALF):
        return shared, shared
    return own, other


def _half_size(kit: Kit, site: str | None, draft: str | None) -> float | None:
    try:
        return fitting_size(kit, *HALF, site=site, draft=draft, minimum=_minimum(kit, HALF),
                            compact=True)
    except DoesNotFit:
        return None


def _minimum(kit: Kit, sheet: tuple[float, float]) -> float:
    return minimum_size(*sheet, kit.script)


def _full(kit: Kit, english: Kit | None, site: str | None, draft: str | None,
          english_draft: str | None) -> list[Page]:
    """The digest on a Letter page, at least at the script's minimum; English on a second
    (tagged as the English section, as on the second half of a two-up sheet)."""
    pages = [digest(kit, *FULL, site=site, draft=draft, compact=True,
                    minimum=_minimum(kit, FULL))]
    if english:
        second = digest(english, *FULL, site=site, draft=english_draft, compact=True,
                        minimum=_minimum(english, FULL))
        pages.append(replace(second, blocks=tuple(_second(b, english) for b in second.blocks)))
    return pages


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
