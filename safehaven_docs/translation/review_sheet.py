"""A review sheet for a bilingual reviewer on paper, and the same as a CSV.

Each unit is a row: its key and status above, the English on the left, the
translation in the middle — set by our own engine in its script and
direction, exactly as the documents print it — and an empty box on the right
for corrections, with a small box to tick when the unit is approved. Rows
never split across pages; every page says which language, which page, and
how to use the sheet. The CSV has the same rows for reviewers who prefer a
spreadsheet (UTF-8 with a byte order mark, so Excel reads every script).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from msgspec import Struct
from msgspec.structs import replace

from ..errors import SafehavenError
from ..files import write_atomic
from ..layout.page import Block, Color, Document, Page, RuleBlock, TextBlock
from ..text.boxes import Align, TypesetParagraph
from ..text.typeset import Paragraph, TextStyle, typeset
from .exchange import Exchange, ExchangeUnit

#: US Letter, landscape: three columns side by side.
WIDTH, HEIGHT = 792.0, 612.0
MARGIN = 36.0
GAP = 14.0
COLUMNS = (250.0, 250.0)  # English, translation; the correction box takes the rest
BODY, SMALL = 9.5, 7.0
GREY: Color = (0.35, 0.35, 0.35)
LINE: Color = (0.6, 0.6, 0.6)
HEADER_BOTTOM = MARGIN + 34.0
INSTRUCTIONS = ("Read each translation against the English. Write any correction in its "
                "Correction box and tick the small box when the translation is right as it stands "
                "or once corrected. Return the sheet to the district's translation office.")
CSV_COLUMNS = ("key", "section", "status", "english", "translation", "correction", "approved")


class _Row(Struct, frozen=True):
    """One unit's blocks, placed at y = 0, and its height."""

    blocks: tuple[Block, ...]
    height: float


def review_document(exchange: Exchange) -> Document:
    """The laid-out review sheet of ``exchange`` (pure: pages of placed blocks)."""
    rows = [_row(exchange, unit) for unit in exchange.units]
    pages: list[list[Block]] = [[]]
    y = HEADER_BOTTOM + _instructions().height + 10.0
    for row in rows:
        if y + row.height > HEIGHT - MARGIN and pages[-1]:
            pages.append([])
            y = HEADER_BOTTOM
        pages[-1] += [_moved(block, y) for block in row.blocks]
        y += row.height
    total = len(pages)
    laid = []
    for number, blocks in enumerate(pages, start=1):
        head = _header(exchange, number, total)
        if number == 1:
            head.append(TextBlock(_instructions(), MARGIN, HEADER_BOTTOM, GREY))
        laid.append(Page(WIDTH, HEIGHT, (*head, *blocks)))
    title = f"Review sheet: {exchange.english_name} ({exchange.tag})"
    return Document(tuple(laid), title, exchange.tag)


def _latin(text: str, width: float, size: float, *, bold: bool = False,
           align: Align = Align.START) -> TypesetParagraph:
    return typeset(Paragraph(text, "en", "Latn", False), width, TextStyle(size, align, bold))


def _instructions() -> TypesetParagraph:
    return _latin(INSTRUCTIONS, WIDTH - 2 * MARGIN, SMALL + 1)


def _columns(rtl: bool) -> tuple[float, float, float, float]:
    """x of the English, the translation and the correction box, and the box's width.

    A right-to-left language gets the sheet mirrored: its reviewer reads from
    the right, English first, and readers extract each line in that order.
    """
    box_width = WIDTH - 2 * MARGIN - sum(COLUMNS) - 2 * GAP
    if rtl:
        english = WIDTH - MARGIN - COLUMNS[0]
        return english, english - GAP - COLUMNS[1], MARGIN, box_width
    return MARGIN, MARGIN + COLUMNS[0] + GAP, MARGIN + sum(COLUMNS) + 2 * GAP, box_width


def _header(exchange: Exchange, number: int, total: int) -> list[Block]:
    title = _latin(f"Review sheet — {exchange.english_name} ({exchange.tag})",
                   WIDTH - 2 * MARGIN - 120, 13, bold=True)
    page = _latin(f"Page {number} of {total}", 120, SMALL + 1, align=Align.END)
    english_x, translation_x, box_x, _ = _columns(exchange.rtl)
    heads = [("English", english_x), (f"{exchange.english_name} ({exchange.tag})",
                                      translation_x), ("Correction", box_x)]
    blocks: list[Block] = [TextBlock(title, MARGIN, MARGIN),
                           TextBlock(page, WIDTH - MARGIN - 120, MARGIN + 3, GREY)]
    blocks += [TextBlock(_latin(text, COLUMNS[0], SMALL + 1, bold=True,
                                align=Align.END if exchange.rtl and x == translation_x
                                else Align.START), x, MARGIN + 20, GREY)
               for text, x in heads]
    blocks.append(RuleBlock(MARGIN, MARGIN + 31, WIDTH - 2 * MARGIN, 0.8, LINE))
    return blocks


def _row(exchange: Exchange, unit: ExchangeUnit) -> _Row:
    label = _latin(f"{unit.key} · {unit.state.value}", COLUMNS[0], SMALL)
    # (the key sits above the English, the column every reviewer reads first)
    top = label.height + 3.0
    english = _latin(unit.source, COLUMNS[0], BODY)
    translated = typeset(Paragraph(unit.target or "—", exchange.tag, exchange.script,
                                   exchange.rtl), COLUMNS[1], TextStyle(BODY))
    height = max(english.height, translated.height, 30.0)
    english_x, translation_x, box_x, box_width = _columns(exchange.rtl)
    blocks: list[Block] = [
        TextBlock(label, english_x, 6.0, GREY),
        TextBlock(english, english_x, 6.0 + top),
        TextBlock(translated, translation_x, 6.0 + top),
        *_outline(box_x, 6.0 + top, box_width, height),
        TextBlock(_latin("approved", 60.0, SMALL, align=Align.END),
                  box_x + box_width - 76.0, 6.0, GREY),
        *_outline(box_x + box_width - 10.0, 6.0 + 1.0, 8.0, 8.0),
    ]
    return _Row(tuple(blocks), 6.0 + top + height + 6.0)


def _outline(x: float, y: float, width: float, height: float, weight: float = 0.6) -> list[Block]:
    """A rectangle drawn as four thin rules (the page model fills rectangles only)."""
    return [RuleBlock(x, y, width, weight, LINE), RuleBlock(x, y + height - weight, width,
                                                             weight, LINE),
            RuleBlock(x, y, weight, height, LINE), RuleBlock(x + width - weight, y, weight,
                                                             height, LINE)]


def _moved(block: Block, dy: float) -> Block:
    """``block`` moved down by ``dy``, all else kept (its role and its place in the tree)."""
    if isinstance(block, (TextBlock, RuleBlock)):
        return replace(block, y=block.y + dy)
    return block


def review_csv(exchange: Exchange) -> bytes:
    """The sheet's rows as CSV: key, section, status, English, translation, and two blanks."""
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for unit in exchange.units:
        writer.writerow((unit.key, unit.section, unit.state.value, unit.source, unit.target,
                         "", ""))
    return stream.getvalue().encode("utf-8-sig")


def review_sheet_pdf(tag: str, texts: Path | str | None = None) -> bytes:
    """The review sheet of language ``tag`` as preflighted PDF bytes."""
    from ..documents import finish
    from .export import exchange_for

    return finish(review_document(exchange_for(tag, texts)))


def write_review_sheet(tag: str, out: Path | str, texts: Path | str | None = None, *,
                       force: bool = False) -> tuple[Path, Path]:
    """Write the PDF to ``out`` and the CSV beside it (same name, ``.csv``)."""
    from ..documents import finish  # the PDF writer: loaded when a sheet is written
    from .export import exchange_for

    pdf_path = Path(out)
    csv_path = pdf_path.with_suffix(".csv")
    existing = [str(p) for p in (pdf_path, csv_path) if p.exists() or p.is_symlink()]
    if existing and not force:
        raise SafehavenError(f"{', '.join(existing)} already exist(s); choose another --out "
                             "or pass --force")
    exchange = exchange_for(tag, texts)
    pdf = finish(review_document(exchange))
    write_atomic(pdf_path, pdf, replace=force)
    write_atomic(csv_path, review_csv(exchange), replace=force)
    return pdf_path, csv_path
