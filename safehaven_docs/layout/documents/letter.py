"""The 2019 letter to families on US Letter paper.

Letterhead on the first page, the localized date, salutation, body, the
commitments as a list, closing, and the three signatures side by side. Long
translations continue onto further pages, each numbered "Page N of M" in the
language.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import count

from ...dates import format_month_year, format_number
from ...model.content import Signatory
from ...text.boxes import Align
from ...text.scripts import script_info
from ...text.typeset import TextStyle
from ..flow import FlowItem, Overflow, Placed, Region, place
from ..lists import commitment_items
from ..page import Block, Page, RuleBlock, TextBlock
from .common import (
    GREY,
    INCH,
    SHEETS,
    DoesNotFit,
    Kit,
    bare_url,
    isolate,
    monogram,
    text_block,
)

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
    items = _items(kit)
    body, tail = items[:-2], items[-2:]
    placed = place(body, _regions(head_bottom + BODY * 1.5, inner, bottom))
    placed += _closing(kit, placed, tail, inner, bottom)
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
    """Mark, district and board, then the address and a contact line: phone · web address.

    Each value is isolated, so an address or number keeps its own order in a
    right-to-left letter; the phone number and address keep ASCII digits.
    """
    labels = kit.language.labels
    mark = 0.6 * INCH
    inner = width - 2 * MARGIN - mark - 10
    mark_x = width - MARGIN - mark if kit.rtl else MARGIN
    text_x = MARGIN if kit.rtl else MARGIN + mark + 10
    district = text_block(kit, labels["district"], text_x, TOP, inner, 15, bold=True,
                          color=kit.primary)
    board = text_block(kit, labels["board"], text_x, district.bottom + 2, inner, 9.5,
                       color=GREY)
    address = text_block(kit, isolate(kit.branding.address), text_x, board.bottom + 1, inner,
                         8.5, color=GREY)
    contact = text_block(kit, contact_line(kit), text_x, address.bottom + 1, inner, 8.5,
                         color=GREY)
    bottom = max(contact.bottom, TOP + mark) + 8
    rule = RuleBlock(MARGIN, bottom, width - 2 * MARGIN, 1.2, kit.accent)
    return [*monogram(kit, mark_x, TOP, mark), district, board, address, contact, rule], bottom


def contact_line(kit: Kit) -> str:
    """"(414) 475-8393 · mps.milwaukee.k12.wi.us": the district's phone and web address."""
    return f"{isolate(kit.phone)}\u2002·\u2002{isolate(bare_url(kit.branding.url))}"


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
                          TextStyle(BODY, bold=True), space_before=gap, keep_together=True,
                          balance=True))
    items += commitment_items(kit.para, texts.resolution.commitments, body,
                              space=BODY * 0.45, sub_space=BODY * 0.3)
    items += [FlowItem(kit.para(p), body, space_before=gap)
              for p in letter_texts.closing_paragraphs]
    items.append(FlowItem(kit.para(letter_texts.closing), TextStyle(BODY), space_before=gap))
    return items


def _closing(kit: Kit, placed: list[Placed], tail: list[FlowItem], inner: float,
             bottom: float) -> list[Placed]:
    """The last paragraph, the closing and the signatures, kept together on one page.

    A letter never ends with a page that holds only signatures: if the three
    do not fit under the body, they move to the next page together.
    """
    signatories = kit.language.letter.signatories
    gap = BODY
    column = (inner - gap * (len(signatories) - 1)) / len(signatories)
    columns = [_signature(kit, s, column) for s in signatories]
    signatures_height = max(_stack_height(c) for c in columns) + BODY * 3.2
    _check_signatures(signatories, columns, bottom - TOP)
    page = max(p.page for p in placed)
    y = max(p.block.bottom for p in placed if p.page == page)
    try:
        start = y + tail[0].space_before  # place() drops the space at a region's top
        unit = place(tail, iter([Region(page, MARGIN, start, inner, bottom - signatures_height)]))
    except Overflow:
        page += 1
        unit = place(tail, iter([Region(page, MARGIN, TOP, inner, bottom - signatures_height)]))
    top = max(p.block.bottom for p in unit) + BODY * 3.2
    out = list(unit)
    for index, blocks in enumerate(columns):
        slot = len(columns) - 1 - index if kit.rtl else index
        x = MARGIN + slot * (column + gap)
        line_top = top
        for block in blocks:
            out.append(Placed(page, TextBlock(block.paragraph, x, line_top, block.color)))
            line_top += block.paragraph.height + BODY * 0.35
    return out


def _check_signatures(signatories: tuple[Signatory, ...], columns: list[list[TextBlock]],
                      page_height: float) -> None:
    """Signatures taller than half a page are a text error: name the field, not a paragraph."""
    for signatory, blocks in zip(signatories, columns, strict=True):
        if _stack_height(blocks) <= page_height / 2:
            continue
        fields = {"name": signatory.name, "role": signatory.role,
                  "organization": signatory.organization or ""}
        field = max(fields, key=lambda name: len(fields[name]))
        raise DoesNotFit(
            f"the letter's signature [letter.signatories.{signatory.key}] {field} is "
            f"{len(fields[field])} characters long and does not fit under the letter; "
            "shorten it in the text file (a role is usually a few words)")


def _stack_height(blocks: list[TextBlock]) -> float:
    return sum(b.paragraph.height for b in blocks) + BODY * 0.35 * (len(blocks) - 1)


def _signature(kit: Kit, signatory: Signatory, width: float) -> list[TextBlock]:
    lines = [text_block(kit, isolate(signatory.name), 0, 0, width, BODY * 0.95, bold=True),
             text_block(kit, signatory.role, 0, 0, width, BODY * 0.85, color=GREY)]
    if signatory.organization:
        lines.append(text_block(kit, signatory.organization, 0, 0, width, BODY * 0.85,
                                color=GREY))
    return lines


def _footer(kit: Kit, number: int, total: int, draft: str | None, width: float,
            height: float) -> list[Block]:
    """"Page N of M" at the end of the line; the draft notice in the room left beside it.

    A notice too long for one line is balanced over two, so no word (such as
    "review") is left alone on a line of its own.
    """
    y = height - FOOTER
    inner = width - 2 * MARGIN
    blocks: list[Block] = []
    room = inner
    if total > 1:
        label = kit.language.labels.format(
            "page_of", page=format_number(kit.language, number),
            pages=format_number(kit.language, total))
        page = text_block(kit, label, MARGIN, y, inner, 8.5, align=Align.END, color=GREY)
        blocks.append(page)
        room = inner - max(line.width for line in page.paragraph.lines) - 18
    if draft:
        x = MARGIN + inner - room if kit.rtl else MARGIN  # the start of the line
        blocks.append(text_block(kit, draft, x, y, room, 7.5, color=GREY, balance=True))
    return blocks
