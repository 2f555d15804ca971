"""Write laid-out pages as a PDF with ReportLab: fonts embedded, text searchable.

The writer only draws what the layout decided. Output is deterministic (no
dates or random ids), every font is an embedded subset, and the document
carries its title and natural language (/Lang).
"""

from __future__ import annotations

import io

from reportlab.pdfgen.canvas import Canvas

from ..layout.page import Document, Page, RuleBlock, TextBlock
from ..text.fonts import font_library
from .pdf_fonts import reportlab_font
from .pdf_text import draw_line
from .text_layer import Construction, choose_construction

PRODUCER = "safehaven_docs"


def pdf_bytes(document: Document) -> bytes:
    """The PDF file for ``document``."""
    out = io.BytesIO()
    first = document.pages[0]
    initial = reportlab_font(font_library().get("Noto Sans")).fontName
    canvas = Canvas(out, pagesize=(first.width, first.height), invariant=1, pageCompression=1,
                    lang=document.language, initialFontName=initial, initialFontSize=10)
    canvas.setTitle(document.title)
    canvas.setCreator(PRODUCER)
    canvas.setProducer(PRODUCER)
    canvas.setAuthor("")
    construction = choose_construction(
        block.paragraph for page in document.pages for block in page.blocks
        if isinstance(block, TextBlock))
    for page in document.pages:
        canvas.setPageSize((page.width, page.height))
        _draw_page(canvas, page, construction)
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def _draw_page(canvas: Canvas, page: Page, construction: Construction) -> None:
    for block in page.blocks:
        if isinstance(block, RuleBlock):
            canvas.setFillColorRGB(*block.color)
            canvas.rect(block.x, page.height - block.y - block.height, block.width, block.height,
                        stroke=0, fill=1)
        else:
            _draw_text(canvas, block, page.height, construction)


def _draw_text(canvas: Canvas, block: TextBlock, page_height: float,
               construction: Construction) -> None:
    """Left-to-right paragraphs use /ActualText; right-to-left ones the document's choice."""
    canvas.setFillColorRGB(*block.color)
    chosen = construction if block.paragraph.rtl else Construction.ACTUAL_TEXT
    if block.decorative:
        chosen = Construction.HIDDEN
    for line in block.paragraph.lines:
        draw_line(canvas, line, block.x, page_height - block.y - line.baseline, chosen)
