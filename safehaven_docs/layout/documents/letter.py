"""The 2019 letter to families on US Letter paper.

Letterhead on the first page, the localized date, salutation, body, the
commitments as a list, closing, and the three signatures side by side. Long
translations continue onto further pages, each numbered "Page N of M" in the
language; the text is fitted to whole pages (see :func:`letter`).
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import count

from msgspec import Struct
from msgspec.structs import replace

from ...dates import format_month_year, format_number
from ...model.content import Signatory
from ...text.boxes import Align
from ...text.scripts import script_info
from ...text.typeset import TextStyle
from ..flow import FlowItem, Overflow, Placed, Region, place
from ..lists import commitment_items
from ..page import ARTIFACT, Block, Page, RuleBlock, Structure, TextBlock, new_key
from .common import (
    GREY,
    INCH,
    SHEETS,
    DoesNotFit,
    Kit,
    bare_url,
    isolate,
    monogram,
    notice_structure,
    text_block,
)

BODY = 11.0
MARGIN = 0.9 * INCH
TOP = 0.7 * INCH
FOOTER = 0.55 * INCH
#: How far a letter may tighten to save a page: leading by 8 %, paragraph spaces by half.
LEADING_GIVE, SPACE_GIVE = 0.08, 0.5
#: A last page that cannot be saved carries at least this share of a page.
LAST_PAGE = 0.25


def letter(kit: Kit, *, draft: str | None) -> list[Page]:
    """The letter's pages: as few as the text fills with slightly tighter setting.

    A letter first sets at its natural leading and spacing; if the same text
    fits one page fewer at the tightest allowed setting, it takes the loosest
    setting that still does. Otherwise its last page still carries a quarter
    page or more, never only a few lines and the signatures.
    """
    width, height = SHEETS["letter"]
    head, head_bottom = _letterhead(kit, width)
    placed = _fitted(kit, head_bottom, height - FOOTER - BODY)
    total = max(p.page for p in placed) + 1
    pages = []
    for number in range(total):
        blocks: list[Block] = list(head) if number == 0 else []
        blocks += [p.block for p in placed if p.page == number]
        blocks += _footer(kit, number + 1, total, draft, width, height)
        pages.append(Page(width, height, tuple(blocks)))
    return pages


def _fitted(kit: Kit, head_bottom: float, bottom: float) -> list[Placed]:
    """The body placed at the loosest setting (0 natural … 1 tightest) that fills fewest pages.

    When even the tightest setting needs as many pages, the text stays at its
    natural setting and the page before the last ends earlier, so the last page
    carries at least :data:`LAST_PAGE` of a page rather than a few lines.
    """
    natural = _body(kit, head_bottom, bottom, 0.0)
    tightest = _body(kit, head_bottom, bottom, 1.0)
    if _count(tightest) >= _count(natural):
        return _filled_last(kit, head_bottom, bottom, natural)
    low, high, best = 0.0, 1.0, tightest
    for _ in range(6):
        middle = (low + high) / 2
        candidate = _body(kit, head_bottom, bottom, middle)
        if _count(candidate) < _count(natural):
            best, high = candidate, middle
        else:
            low = middle
    return best


def _filled_last(kit: Kit, head_bottom: float, bottom: float,
                 placed: list[Placed]) -> list[Placed]:
    """``placed`` again with more text moved to a near-empty last page."""
    pages = _count(placed)
    wanted = (bottom - TOP) * LAST_PAGE
    used = _last_used(placed)
    if pages < 2 or used >= wanted:
        return placed
    line = BODY * script_info(kit.language.meta.script).leading
    for extra in range(4):  # lines move whole: shorten by up to three lines more
        shorter = _body(kit, head_bottom, bottom, 0.0, {pages - 2: wanted - used + extra * line})
        if _count(shorter) != pages:
            break
        if _last_used(shorter) >= wanted:
            return shorter
    return placed


def _last_used(placed: list[Placed]) -> float:
    last = _count(placed) - 1
    return max(p.block.bottom for p in placed if p.page == last) - TOP


def _count(placed: list[Placed]) -> int:
    return max(p.page for p in placed) + 1


def _body(kit: Kit, head_bottom: float, bottom: float, tight: float,
          shorten: dict[int, float] | None = None) -> list[Placed]:
    """Everything under the letterhead, set ``tight`` (0 to 1) of the way to the tightest.

    ``shorten`` ends the given pages (0-based) that many points earlier.
    """
    width = SHEETS["letter"][0]
    inner = width - 2 * MARGIN
    spacing = _Spacing.at(kit, tight)
    items = _items(kit, spacing)
    body, tail = items[:-2], items[-2:]
    bottoms = _Bottoms(bottom, shorten or {})
    placed = place(body, _regions(head_bottom + BODY * 1.5 * spacing.space, inner, bottoms))
    return placed + _closing(kit, placed, tail, inner, bottoms, spacing)


class _Bottoms(Struct, frozen=True):
    """Where each page's body ends: the frame's bottom, less any shortening."""

    frame: float
    shorten: dict[int, float]

    def __call__(self, page: int) -> float:
        return self.frame - self.shorten.get(page, 0.0)


class _Spacing(Struct, frozen=True):
    """The body's leading (points per line, as a multiple of the size) and space factor."""

    leading: float
    space: float

    @classmethod
    def at(cls, kit: Kit, tight: float) -> _Spacing:
        natural = script_info(kit.language.meta.script).leading
        return cls(natural * (1 - LEADING_GIVE * tight), 1 - SPACE_GIVE * tight)


def _regions(first_top: float, inner: float, bottoms: _Bottoms) -> Iterator[Region]:
    for page in count():
        yield Region(page, MARGIN, first_top if page == 0 else TOP, inner, bottoms(page))


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


def _items(kit: Kit, spacing: _Spacing) -> list[FlowItem]:
    texts = kit.language
    letter_texts = texts.letter
    spaced = script_info(texts.meta.script).spaces_between_words
    plain = TextStyle(BODY, leading=spacing.leading)
    body = TextStyle(BODY, Align.JUSTIFY if spaced else Align.START, leading=spacing.leading)
    gap = BODY * 0.75 * spacing.space
    items = [
        FlowItem(kit.para(format_month_year(texts, letter_texts.date)), plain),
        FlowItem(kit.para(letter_texts.salutation), plain, space_before=BODY * 1.4 * spacing.space),
    ]
    items += [FlowItem(kit.para(p), body, space_before=gap) for p in letter_texts.opening]
    items.append(FlowItem(kit.para(texts.resolution.commitments_intro),
                          TextStyle(BODY, bold=True, leading=spacing.leading), space_before=gap,
                          keep_together=True, keep_with_next=True, balance=True))
    items += commitment_items(kit.para, texts.resolution.commitments, body,
                              space=BODY * 0.45 * spacing.space,
                              sub_space=BODY * 0.3 * spacing.space)
    items += [FlowItem(kit.para(p), body, space_before=gap)
              for p in letter_texts.closing_paragraphs]
    items.append(FlowItem(kit.para(letter_texts.closing), plain, space_before=gap))
    return items


def _closing(kit: Kit, placed: list[Placed], tail: list[FlowItem], inner: float,
             bottoms: _Bottoms, spacing: _Spacing) -> list[Placed]:
    """The last paragraph, the closing and the signatures, kept together.

    The three go under the body when they fit there. Otherwise the last
    paragraph may split, so that at least two of its lines go over with the
    closing and the signatures; failing that, all three move to the next page.
    A letter never ends with a page that holds only signatures.
    """
    signatories = kit.language.letter.signatories
    gap = BODY
    column = (inner - gap * (len(signatories) - 1)) / len(signatories)
    columns = [_signature(kit, s, column) for s in signatories]
    signed = BODY * 3.2 * spacing.space
    signatures_height = max(_stack_height(c) for c in columns) + signed
    _check_signatures(signatories, columns, bottoms.frame - TOP)
    unit, page = _tail(placed, tail, inner, bottoms, signatures_height)
    top = max(p.block.bottom for p in unit if p.page == page) + signed
    out = list(unit)
    table = new_key("Table")
    for index, blocks in enumerate(columns):
        slot = len(columns) - 1 - index if kit.rtl else index
        x = MARGIN + slot * (column + gap)
        line_top = top
        for block, structure in zip(blocks, _signature_cells(table), strict=False):
            out.append(Placed(page, replace(block, x=x, y=line_top, structure=structure)))
            line_top += block.paragraph.height + BODY * 0.35
    return out


def _signature_cells(table: str) -> list[Structure]:
    """The structure of one signature's lines (name, role, organization): a row of the
    signatures' table, headed by the name (a TH whose Scope is its row), the role and
    organization paragraphs of its one TD. Drawn as columns, read as rows: the reading
    order stays name, role, organization, signatory after signatory."""
    row, cell = new_key("TR"), new_key("TD")
    return [Structure((table, row, new_key("TH")), scope="Row"),
            Structure((table, row, cell, "P")), Structure((table, row, cell, "P"))]


def _tail(placed: list[Placed], tail: list[FlowItem], inner: float, bottoms: _Bottoms,
          signatures: float) -> tuple[list[Placed], int]:
    """The last paragraph and the closing placed; returns them and the signatures' page."""
    page = max(p.page for p in placed)
    start = max(p.block.bottom for p in placed if p.page == page) + tail[0].space_before
    here = Region(page, MARGIN, start, inner, bottoms(page) - signatures)
    try:
        return place(tail, iter([here])), page
    except Overflow:
        pass
    following = Region(page + 1, MARGIN, TOP, inner, bottoms(page + 1) - signatures)
    try:
        unit = place(tail, iter([replace(here, bottom=bottoms(page)), following]))
    except Overflow:
        unit = []
    closing = [p for p in unit if p.block.paragraph.text == tail[-1].paragraph.text]
    if closing and all(p.page == page + 1 for p in closing):
        return unit, page + 1
    return place(tail, iter([following])), page + 1


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
        page = text_block(kit, label, MARGIN, y, inner, 8.5, align=Align.END, color=GREY,
                          structure=ARTIFACT)
        blocks.append(page)
        room = inner - max(line.width for line in page.paragraph.lines) - 18
    if draft:  # read once, after the letter; on later pages it is page furniture
        x = MARGIN + inner - room if kit.rtl else MARGIN  # the start of the line
        blocks.append(text_block(kit, draft, x, y, room, 7.5, color=GREY, balance=True,
                                 structure=notice_structure(
                                     draft, Structure(order=1) if number == 1 else ARTIFACT)))
    return blocks
