"""The complete resolution on one page, at the largest type that fits.

Header band, title, preamble, the commitments with their nested duties, and
a footer with the other languages and, for drafts, the draft notice. The body
goes in two columns whenever one column would be longer than about 75
characters a line, so lines stay short enough to read; right-to-left
languages fill the columns from the right.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from msgspec.structs import replace

from ...text.boxes import Align
from ...text.typeset import Paragraph, TextStyle, typeset
from ..flow import FlowItem, Overflow, Region, place
from ..lists import commitment_items
from ..page import Block, Page, RuleBlock, Structure
from .common import (
    FSI,
    GREY,
    INCH,
    PDI,
    SAFE,
    SERIES,
    SHEETS,
    SMALL,
    TITLE,
    DoesNotFit,
    Kit,
    band,
    largest_fitting,
    minimum_size,
    notice_structure,
    sheet_size,
    text_block,
)

#: The longest comfortable line, in characters: past it the body takes two columns.
MEASURE = 75
#: …and never wider than this many em (scripts whose characters are syllables).
MEASURE_EM = 40


def poster(kit: Kit, sheet: str, *, others: list[str], draft: str | None,
           bleed: float = 0.0) -> Page:
    """The full poster of ``kit.language`` on ``sheet``; raises DoesNotFit if it cannot fit."""
    return _fitted(kit, sheet, others, draft, bleed)[1]


def fitting_size(kit: Kit, sheet: str, *, others: list[str], draft: str | None) -> float:
    """The body size :func:`poster` sets ``sheet`` at (for documents that flow it themselves)."""
    return _fitted(kit, sheet, others, draft, 0.0)[0]


def _fitted(kit: Kit, sheet: str, others: list[str], draft: str | None,
            bleed: float) -> tuple[float, Page]:
    return _fitting(kit, sheet, tuple(others), draft, bleed)


@lru_cache(maxsize=256)
def _fitting(kit: Kit, sheet: str, others: tuple[str, ...], draft: str | None,
             bleed: float) -> tuple[float, Page]:
    """The largest body size that fits and its page, searched once per process for the
    same input (a district tool or pack drawing a poster again lays it out once, not a
    dozen times; pages are immutable, so the same one serves every time). The size is
    also kept on disk (:mod:`safehaven_docs.cache`): a new process lays it out once."""
    width, height = sheet_size(sheet)
    low = minimum_size(width, height, kit.script)
    found = largest_fitting(lambda s: (s, _build(kit, width, height, s, list(others), draft,
                                                 bleed)), low, low * 3,
                            remember=repr(("poster", kit, width, height, others, draft, bleed)))
    if found is None:
        raise DoesNotFit(_suggestion(kit, sheet, list(others), draft))
    return found


def fits(kit: Kit, sheet: str, others: list[str], draft: str | None) -> bool:
    width, height = sheet_size(sheet)
    try:
        _build(kit, width, height, minimum_size(width, height, kit.script), others, draft, 0.0)
    except Overflow:
        return False
    return True


def _suggestion(kit: Kit, sheet: str, others: list[str], draft: str | None) -> str:
    tag = kit.language.tag
    for name in larger_sheets(sheet):
        if fits(kit, name, others, draft):
            return (f"the complete resolution in {tag!r} does not fit on {sheet} at the "
                    f"minimum readable size ({minimum_size(*sheet_size(sheet), kit.script)} pt);"
                    f" use --size {name}")
    return f"the complete resolution in {tag!r} does not fit on {sheet} or any larger sheet"


def larger_sheets(sheet: str) -> list[str]:
    """Sheets larger than ``sheet``, the ones of its own series first, smallest first.

    A school that prints on US Letter stocks tabloid, not A4 (which is barely
    larger and sits in another drawer); A4 leads to A3.
    """
    area, series = _area(sheet), SERIES[sheet]
    larger = [n for n in SHEETS if n != "half-letter" and _area(n) > area]
    return sorted(larger, key=lambda n: (SERIES[n] != series, _area(n)))


def _area(name: str) -> float:
    w, h = SHEETS[name]
    return w * h


def _build(kit: Kit, width: float, height: float, size: float, others: list[str],
           draft: str | None, bleed: float) -> Page:
    margin = max(SAFE, min(width, height) * 0.055)
    inner = width - 2 * margin
    blocks: list[Block] = []
    header, y = band(kit, width, size, bleed)
    blocks += header
    resolution = kit.language.resolution
    title = text_block(kit, resolution.title, margin, y + size * 1.1, inner, size * TITLE,
                       bold=True, color=kit.primary, balance=True, structure=Structure(("H1",)))
    subtitle = text_block(kit, resolution.subtitle, margin, title.bottom + size * 0.3, inner,
                          size * 0.95, color=GREY)
    blocks += [title, subtitle]
    footer = _footer(kit, margin, inner, size, others, draft)
    footer_top = height - margin - sum(b.paragraph.height for b in footer) - size * 0.6
    blocks.append(RuleBlock(margin, footer_top, inner, max(0.5, size * 0.06), kit.accent))
    blocks += _stack(footer, footer_top + size * 0.5)
    regions = _columns(kit, width, margin, subtitle.bottom + size * 1.2, footer_top - size, size)
    blocks += [p.block for p in place(_items(kit, size), regions)]
    return Page(width, height, tuple(blocks))


def _columns(kit: Kit, width: float, margin: float, top: float, bottom: float,
             size: float) -> list[Region]:
    """One column, or two when one would be longer than the measure.

    The measure is :data:`MEASURE` characters of this text, and at most
    :data:`MEASURE_EM` em: where one character is a whole syllable about an
    em wide (Myanmar script), 75 of them would make a very long line.
    """
    gap = 0.35 * INCH
    measure = min(MEASURE * _character_width(kit, size), MEASURE_EM * size)
    count = 1 if width - 2 * margin <= measure else 2
    column = (width - 2 * margin - gap * (count - 1)) / count
    lefts = [margin + i * (column + gap) for i in range(count)]
    if kit.rtl:
        lefts.reverse()
    return [Region(0, x, top, column, bottom) for x in lefts]


def _character_width(kit: Kit, size: float) -> float:
    """The average advance of a character of the preamble at ``size`` (marks not counted)."""
    return size * _character_em(kit.para(" ".join(kit.language.resolution.preamble)))


def _character_em(paragraph: Paragraph) -> float:
    """:func:`_character_width` at 1 pt (advances scale with the size). Not cached here:
    the paragraph is, and asking for it each time lets the layout built in full after a
    size search (whose tries are measured, outside the bundle) keep it in a document's
    bundle."""
    line = typeset(paragraph, 1e7, TextStyle(100.0)).lines
    letters = sum(1 for c in paragraph.text if not unicodedata.category(c).startswith("M"))
    return (line[0].width / 100.0 if line else 0.5) / max(1, letters)


def _items(kit: Kit, size: float) -> list[FlowItem]:
    resolution = kit.language.resolution
    body = TextStyle(size, Align.START)  # ragged: justified narrow columns open wide gaps
    items = [FlowItem(kit.para(text), body, space_before=size * 0.6)
             for text in resolution.preamble]
    items.append(FlowItem(kit.para(resolution.commitments_intro), TextStyle(size, bold=True),
                          space_before=size * 0.9, color=kit.primary, balance=True,
                          keep_with_next=True, structure=Structure(("H2",))))
    items += commitment_items(kit.para, resolution.commitments, body, space=size * 0.6,
                              sub_space=size * 0.35)
    return items


def _footer(kit: Kit, margin: float, inner: float, size: float, others: list[str],
            draft: str | None) -> list:
    labels = kit.language.labels
    names = " · ".join(f"{FSI}{name}{PDI}" for name in others)
    after = Structure(order=1)  # drawn before the body, read after it
    lines = [text_block(kit, f"{labels['other_languages']}: {names}", margin, 0, inner,
                        size * SMALL, color=GREY, structure=after)]
    if draft:
        lines.append(text_block(kit, draft, margin, 0, inner, size * SMALL, color=GREY,
                                structure=notice_structure(draft, after)))
    return lines


def _stack(blocks: list, y: float) -> list:
    placed = []
    for block in blocks:
        placed.append(replace(block, y=y))
        y += block.paragraph.height + 2
    return placed


def clear_caches() -> None:
    """Forget fitted sizes (for benchmarks that time the layout's own work; see also
    :func:`safehaven_docs.text.typeset.clear_caches`)."""
    _fitting.cache_clear()
