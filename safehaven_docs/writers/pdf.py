"""Write laid-out pages as a PDF with ReportLab: fonts embedded, text searchable.

The writer only draws what the layout decided. Output is deterministic (no
dates or random ids), every font is an embedded subset, and the document
carries its title and natural language (/Lang). With bleed or crop marks, the
MediaBox grows around the trim and the TrimBox and BleedBox are written; the
content is translated, never scaled. In CMYK mode every colour is written as
DeviceCMYK, black as pure K.
"""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Callable, Iterator

from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from ..layout.flow import keyed
from ..layout.page import (
    ARTIFACT,
    Block,
    Color,
    Document,
    ImageBlock,
    Page,
    RuleBlock,
    Structure,
    TextBlock,
)
from ..text.fonts import font_library
from .kept_plans import page_needs_rtl
from .model_preflight import BASE_FAMILY
from .pdf_fonts import codes_running_out, reportlab_font, reset_codes
from .pdf_text import Parts, draw_line, forget_plans
from .tags import CLOSE, Tagger
from .text_layer import Construction, choose_construction, poppler_counts_ltr, reading_size

PRODUCER = "safehaven_docs"
#: PDF/UA-1 is built on ISO 32000-1, which is PDF 1.7 (ReportLab writes 1.3 otherwise).
PDF_VERSION = (1, 7)


def pdf_bytes(document: Document, elsewhere: Callable[[Block], bool] | None = None,
              cut: bool = False) -> bytes:
    """The PDF file for ``document``.

    Blocks for which ``elsewhere`` is true are not drawn: in a tagged document their
    element and MCID are written, and a comment marks where their content goes
    (``pdf_join.overlay_marked`` paints it there from another file). With ``cut``, a
    comment (:data:`~.pdf_join.LAYER_CUT`) between blocks marks where that file's page
    is cut into one piece per block.
    """
    with _fixed_dates():
        return _pdf_bytes(document, elsewhere, cut)


@contextlib.contextmanager
def _fixed_dates() -> Iterator[None]:
    """The same dates whatever the environment: ReportLab would read SOURCE_DATE_EPOCH
    (and fail on a value that is not a number); our dates are fixed already."""
    saved = os.environ.pop("SOURCE_DATE_EPOCH", None)
    try:
        yield
    finally:
        if saved is not None:
            os.environ["SOURCE_DATE_EPOCH"] = saved


def _pdf_bytes(document: Document, elsewhere: Callable[[Block], bool] | None,
               cut: bool) -> bytes:
    if codes_running_out():  # a long-running process: start the codes (and plans) afresh
        forget_plans()
        reset_codes()
    out = io.BytesIO()
    first = document.pages[0]
    initial = reportlab_font(font_library().get(BASE_FAMILY)).fontName
    canvas = Canvas(out, pagesize=first.media_size, invariant=1, pageCompression=1,
                    lang=document.language, initialFontName=initial, initialFontSize=10,
                    pdfVersion=PDF_VERSION)
    canvas.setTitle(document.title)
    canvas.setSubject(document.subject)
    canvas.setCreator(PRODUCER)
    canvas.setProducer(PRODUCER)
    canvas.setAuthor("")
    tagger = Tagger() if document.tagged else None
    for page in document.pages:
        _start_page(canvas, page)
        if tagger is not None:
            tagger.start_page()
        _PageWriter(canvas, page, document.cmyk, tagger, elsewhere, cut).draw()
        canvas.showPage()
    if tagger is not None:
        tagger.finish(canvas, document)
    canvas.save()
    return out.getvalue()


def _start_page(canvas: Canvas, page: Page) -> None:
    canvas.setPageSize(page.media_size)
    canvas.setTrimBox(page.trim_box)
    canvas.setBleedBox(page.bleed_box)


def rgb_to_cmyk(color: Color) -> tuple[float, float, float, float]:
    """A plain conversion for flat colours; neutral greys and black go to K only."""
    r, g, b = color
    k = 1.0 - max(r, g, b)
    if k >= 1.0 - 1e-9:
        return 0.0, 0.0, 0.0, 1.0
    if abs(r - g) < 1e-6 and abs(g - b) < 1e-6:
        return 0.0, 0.0, 0.0, round(k, 4)
    c, m, y = (round((1.0 - v - k) / (1.0 - k), 4) for v in (r, g, b))
    return c, m, y, round(k, 4)


def structure_of(block: Block) -> Structure:
    """A block's place in the structure: as the layout says, else a paragraph of its own
    (text) or an artifact (rules, decoration)."""
    if block.structure is not None:
        return block.structure
    if isinstance(block, TextBlock) and not block.decorative:
        return Structure()
    return ARTIFACT


class _PageWriter:
    """Draws one page's blocks; y is flipped and the bleed/slug offset added.

    With a tagger, every line of text is a marked-content sequence of its own
    element; consecutive blocks of one figure (a QR code's modules) or of
    decoration share one sequence.
    """

    def __init__(self, canvas: Canvas, page: Page, cmyk: bool, tagger: Tagger | None = None,
                 elsewhere: Callable[[Block], bool] | None = None, cut: bool = False):
        self.canvas, self.page, self.cmyk, self.tagger = canvas, page, cmyk, tagger
        self.elsewhere, self.cut = elsewhere, cut
        self.offset = page.outset
        self.top = self.offset + page.height
        self.marked: Structure | None = None  # the figure or artifact whose sequence is open
        paragraphs = [block.paragraph for block in page.blocks
                      if isinstance(block, TextBlock) and not block.decorative]
        texts = [paragraph.text for paragraph in paragraphs]
        self.poppler_rtl = page_needs_rtl(texts, [
            paragraph.text for paragraph in paragraphs
            if choose_construction(paragraph) is Construction.INVISIBLE_LAYER])
        #: Whether poppler counts the page left to right (asked only of a page with a
        #: right-to-left line in ``GLYPH_TEXT``: see ``draw_line``).
        self._texts = texts
        self._poppler_ltr: bool | None = None

    def draw(self) -> None:
        if self.cut:
            from .pdf_join import LAYER_CUT  # its many patterns load only for layered files
        for index, block in enumerate(self.page.blocks):
            if self.cut and index:
                self._close()
                self.canvas.addLiteral(LAYER_CUT)
            structure = structure_of(block)
            if self.elsewhere is not None and self.elsewhere(block):
                self._reserve(structure)
                continue
            lines = (isinstance(block, TextBlock) and not structure.artifact
                     and structure.path[-1].partition("#")[0] != "Figure")
            if self.tagger is not None and (lines or structure != self.marked):
                self._close()
                if not lines:
                    self.canvas.addLiteral(self.tagger.open(structure))
                    self.marked = structure
            if isinstance(block, RuleBlock):
                self._rule(block)
            elif isinstance(block, ImageBlock):
                self._image(block)
            else:
                self._text(block, keyed(structure) if lines else None)
        self._close()

    def _reserve(self, structure: Structure) -> None:
        """Mark where a block drawn from another file goes, with its role and MCID."""
        from .pdf_join import LAYER_MARK  # its many patterns load only for layered files

        self._close()
        if self.tagger is not None and not structure.artifact:
            keyed_structure = keyed(structure)
            mcid = self.tagger.reserve(keyed_structure)
            role = keyed_structure.path[-1].partition("#")[0]
            self.canvas.addLiteral(f"{LAYER_MARK} /{role} {mcid}")

    def _close(self) -> None:
        if self.marked is not None:
            self.canvas.addLiteral(CLOSE)
            self.marked = None

    def _fill(self, color: Color) -> None:
        if self.cmyk:
            self.canvas.setFillColorCMYK(*rgb_to_cmyk(color))
        else:
            self.canvas.setFillColorRGB(*color)

    def _rule(self, block: RuleBlock) -> None:
        self._fill(block.color)
        self.canvas.rect(self.offset + block.x, self.top - block.y - block.height,
                         block.width, block.height, stroke=0, fill=1)

    def _image(self, block: ImageBlock) -> None:
        self.canvas.drawImage(ImageReader(str(block.path)), self.offset + block.x,
                              self.top - block.y - block.height, block.width, block.height,
                              preserveAspectRatio=True, anchor="c", mask="auto")

    def _text(self, block: TextBlock, structure: Structure | None) -> None:
        """Each paragraph in the text construction its script needs (see text_layer);
        with a ``structure``, each line in a marked-content sequence of its element.

        Every construction draws a line's text layer — hidden glyphs, /ActualText
        spans, an invisible copy of the text — inside that line's sequence, so
        what the structure reads is the line's logical text, once.
        """
        self._fill(block.color)
        chosen = Construction.HIDDEN if block.decorative else choose_construction(block.paragraph)
        parts = (_parts(self.tagger, structure) if self.tagger is not None
                 and structure is not None else None)
        size, reading = block.paragraph.size, reading_size(block.paragraph)
        # Not on a page whose Hanifi copies make poppler count it right to left: there an
        # Arabic line reads from its glyphs, as on an Arabic page.
        poppler_ltr = (chosen is Construction.GLYPH_TEXT and not self.poppler_rtl
                       and self._counted_ltr())
        for line in block.paragraph.lines:
            draw_line(self.canvas, line, self.offset + block.x,
                      self.top - block.y - line.baseline, chosen, parts,
                      size=size, reading=reading, poppler_rtl=self.poppler_rtl,
                      poppler_ltr=poppler_ltr)

    def _counted_ltr(self) -> bool:
        """:func:`.text_layer.poppler_counts_ltr` of the page, once."""
        if self._poppler_ltr is None:
            self._poppler_ltr = poppler_counts_ltr(self._texts)
        return self._poppler_ltr


def _parts(tagger: Tagger, structure: Structure) -> Parts:
    """How a line of ``structure``'s element is marked: its own element's sequences, and a
    Span's for the text of each of ``structure.spans`` (text in another language).

    The MCIDs of a line's sequences are handed out in logical order (the tree reads in
    the order ids are handed out), whatever order the construction draws them in.
    """
    spans = structure.spans

    def part_of(index: int) -> int:
        return next((n + 1 for n, (start, end, _) in enumerate(spans) if start <= index < end),
                    0)

    def opener(groups: list[tuple[int, int, str]]) -> list[str]:
        opens = [""] * len(groups)
        for index in sorted(range(len(groups)), key=lambda i: (groups[i][1], i)):
            part, _, actual = groups[index]
            opens[index] = tagger.open(structure, part - 1 if part else None, actual)
        return opens

    return (part_of if spans else None), opener
