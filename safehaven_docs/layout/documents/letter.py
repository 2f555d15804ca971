"""The 2019 letter to families on US Letter paper.

Letterhead on the first page, the localized date, salutation, body, the
commitments as a list, closing, and the three signatures side by side. Long
translations continue onto further pages, each numbered "Page N of M" in the
language.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import count

from ...dates import format_month_year
from ...model.content import Signatory
from ...text.boxes import Align
from ...text.scripts import script_info
from ...text.typeset import TextStyle
from ..flow import FlowItem, Placed, Region, place
from ..page import Block, Page, RuleBlock, TextBlock
from .common import GREY, INCH, SHEETS, Kit, monogram, text_block
from .poster import BULLET, DASH

BODY = 11.0
MARGIN = 0.9 * INCH
TOP = 0.7 * INCH
FOOTER = 0.55 * INCH


def letter(kit: Kit, *, draft: str | None) -> list[Page]:
    """The letter's pages."""
    width, height = SHEETS["letter"]
    inner = width - 2 * MARGIN
    head, head_bottom = _letterhead(kit, width)
    bottom = height - FOOTER - BODY
    placed = place(_items(kit), _regions(head_bottom + BODY * 1.5, inner, bottom))
    placed += _signatures(kit, placed, inner, bottom)
    total = max(p.page for p in placed) + 1
    pages = []
    for number in range(total):
        blocks: list[Block] = list(head) if number == 0 else []
        blocks += [p.block for p in placed if p.page == number]
        blocks += _footer(kit, number + 1, total, draft, width, height)
        pages.append(Page(width, height, tuple(blocks)))
    return pages


def _regions(first_top: float, inner: float, bottom: float) -> Iterator[Region]:
    for page in count():
        yield Region(page, MARGIN, first_top if page == 0 else TOP, inner, bottom)


def _letterhead(kit: Kit, width: float) -> tuple[list[Block], float]:
    labels = kit.language.labels
    mark = 0.6 * INCH
    inner = width - 2 * MARGIN - mark - 10
    mark_x = width - MARGIN - mark if kit.rtl else MARGIN
    text_x = MARGIN if kit.rtl else MARGIN + mark + 10
    district = text_block(kit, labels["district"], text_x, TOP, inner, 15, bold=True,
                          color=kit.primary)
    board = text_block(kit, labels["board"], text_x, district.bottom + 2, inner, 9.5,
                       color=GREY)
    address = text_block(kit, kit.branding.address, text_x, board.bottom + 1, inner, 8.5,
                         color=GREY)
    bottom = max(address.bottom, TOP + mark) + 8
    rule = RuleBlock(MARGIN, bottom, width - 2 * MARGIN, 1.2, kit.accent)
    return [*monogram(kit, mark_x, TOP, mark), district, board, address, rule], bottom


def _items(kit: Kit) -> list[FlowItem]:
    texts = kit.language
    letter_texts = texts.letter
    spaced = script_info(texts.meta.script).spaces_between_words
    body = TextStyle(BODY, Align.JUSTIFY if spaced else Align.START)
    gap = BODY * 0.75
    items = [
        FlowItem(kit.para(format_month_year(texts, letter_texts.date)), TextStyle(BODY)),
        FlowItem(kit.para(letter_texts.salutation), TextStyle(BODY), space_before=BODY * 1.4),
    ]
    items += [FlowItem(kit.para(p), body, space_before=gap) for p in letter_texts.opening]
    items.append(FlowItem(kit.para(texts.resolution.commitments_intro),
                          TextStyle(BODY, bold=True), space_before=gap, keep_together=True))
    for commitment in texts.resolution.commitments:
        items.append(FlowItem(kit.para(commitment.text), body, marker=BULLET,
                              space_before=BODY * 0.45))
        items += [FlowItem(kit.para(sub.text), body, indent=BODY * 1.6, marker=DASH,
                           space_before=BODY * 0.3) for sub in commitment.items]
    items += [FlowItem(kit.para(p), body, space_before=gap)
              for p in letter_texts.closing_paragraphs]
    items.append(FlowItem(kit.para(letter_texts.closing), TextStyle(BODY), space_before=gap))
    return items


def _signatures(kit: Kit, placed: list[Placed], inner: float, bottom: float) -> list[Placed]:
    """The signatories side by side under the closing, on a new page if they do not fit."""
    signatories = kit.language.letter.signatories
    gap = BODY
    column = (inner - gap * (len(signatories) - 1)) / len(signatories)
    page = max(p.page for p in placed)
    y = max(p.block.bottom for p in placed if p.page == page) + BODY * 3.2
    columns = [_signature(kit, s, column) for s in signatories]
    if y + max(sum(b.paragraph.height for b in c) for c in columns) > bottom:
        page, y = page + 1, TOP
    out = []
    for index, blocks in enumerate(columns):
        slot = len(columns) - 1 - index if kit.rtl else index
        x = MARGIN + slot * (column + gap)
        top = y
        for block in blocks:
            out.append(Placed(page, TextBlock(block.paragraph, x, top, block.color)))
            top += block.paragraph.height + 1
    return out


def _signature(kit: Kit, signatory: Signatory, width: float) -> list[TextBlock]:
    lines = [text_block(kit, signatory.name, 0, 0, width, BODY * 0.95, bold=True),
             text_block(kit, signatory.role, 0, 0, width, BODY * 0.85, color=GREY)]
    if signatory.organization:
        lines.append(text_block(kit, signatory.organization, 0, 0, width, BODY * 0.85,
                                color=GREY))
    return lines


def _footer(kit: Kit, number: int, total: int, draft: str | None, width: float,
            height: float) -> list[Block]:
    y = height - FOOTER
    inner = width - 2 * MARGIN
    blocks: list[Block] = []
    if total > 1:
        label = kit.language.labels.format("page_of", page=number, pages=total)
        blocks.append(text_block(kit, label, MARGIN, y, inner, 8.5, align=Align.END,
                                 color=GREY))
    if draft:
        blocks.append(text_block(kit, draft, MARGIN, y, inner * 0.7, 7.5, color=GREY))
    return blocks
