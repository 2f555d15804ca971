"""Word gaps of justified text, read back from the printed letter: none wider than 0.6 em.

The letter is the justified document. For Latin-script letters the gaps are measured in
the PDF itself, from PDFium's character boxes (each box spans its glyph's advance): the
distance from the last letter before a space to the first letter after it, in em of the
line's type size. Right-to-left letters give PDFium text in reading order around marks and
mirrored brackets, so their boxes do not bracket a gap reliably; for them (and as a check
of the same rule on the laid-out pages) the gaps are read from the placed glyphs.
"""

from __future__ import annotations

import ctypes
from collections import defaultdict
from functools import cache

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
import pytest

import safehaven_docs as sh
from safehaven_docs.branding import DEFAULT_BRANDING
from safehaven_docs.documents import Options, lay_out, render
from safehaven_docs.layout.page import TextBlock
from safehaven_docs.text.totalfit import MAX_GAP

LATIN = ["en", "es", "so", "hmn", "rhg-Latn"]
SPACED = [*LATIN, "ar", "rhg"]
#: Wider than this (em) is not a word gap but two blocks on one baseline (signatures).
BETWEEN_BLOCKS = 3.0
#: PDF numbers are written with three decimals.
ROUNDING = 0.005


@cache
def _texts() -> sh.TextSet:
    return sh.load_texts()


def pdf_word_gaps(pdf: bytes) -> list[tuple[float, str]]:
    """Every word gap (em) on every line of ``pdf``, with the line's text."""
    document = pdfium.PdfDocument(pdf)
    gaps: list[tuple[float, str]] = []
    try:
        for page in document:
            for chars in _rows(page.get_textpage()).values():
                gaps += _gaps_in(sorted(chars))
    finally:
        document.close()
    return gaps


def _rows(textpage: pdfium.PdfTextPage) -> dict[float, list[tuple[float, float, str, float]]]:
    """Characters by baseline: (left, right, character, type size)."""
    rows: dict[float, list[tuple[float, float, str, float]]] = defaultdict(list)
    x, y = ctypes.c_double(), ctypes.c_double()
    for index in range(textpage.count_chars()):
        code = pdfium_raw.FPDFText_GetUnicode(textpage, index)
        if pdfium_raw.FPDFText_IsGenerated(textpage, index) or code < 0x20:
            continue
        left, _, right, _ = textpage.get_charbox(index, loose=True)
        pdfium_raw.FPDFText_GetCharOrigin(textpage, index, x, y)
        size = pdfium_raw.FPDFText_GetFontSize(textpage, index)
        rows[round(y.value, 1)].append((left, right, chr(code), size))
    return rows


def _gaps_in(chars: list[tuple[float, float, str, float]]) -> list[tuple[float, str]]:
    text = "".join(c[2] for c in chars)
    size = max(c[3] for c in chars)
    gaps = []
    for index, (_, _, char, _) in enumerate(chars):
        if char != " " or index in (0, len(chars) - 1) or chars[index - 1][2] == " ":
            continue
        after = next((c for c in chars[index + 1:] if c[2] != " "), None)
        if after is None:
            continue
        gap = (after[0] - chars[index - 1][1]) / size
        if gap < BETWEEN_BLOCKS:
            gaps.append((gap, text))
    return gaps


@pytest.mark.parametrize("tag", LATIN)
def test_justified_word_gaps_in_the_pdf_stay_under_the_limit(tag: str) -> None:
    gaps = pdf_word_gaps(render("letter", tag, texts=_texts()))
    assert len(gaps) > 300, "the letter's lines were read"
    widest = max(gaps)
    assert widest[0] <= MAX_GAP + ROUNDING, widest


@pytest.mark.parametrize("tag", SPACED)
def test_justified_word_gaps_on_the_laid_out_letter_stay_under_the_limit(tag: str) -> None:
    document = lay_out("letter", tag, _texts(), DEFAULT_BRANDING, Options())
    gaps = []
    for page in document.pages:
        for block in page.blocks:
            if not isinstance(block, TextBlock):
                continue
            paragraph = block.paragraph
            for line in paragraph.lines:
                end = line.start + len(line.text.rstrip())
                gaps += [(glyph.advance / paragraph.size, line.text) for run in line.runs
                         for glyph in run.glyphs
                         if paragraph.text[glyph.cluster] == " " and glyph.cluster < end]
    assert gaps
    assert max(gaps)[0] <= MAX_GAP + 1e-6, max(gaps)


def test_the_measurement_sees_a_wide_gap() -> None:
    """The PDF measurement can fail: a justified line that must stretch 1.5 em is caught."""
    from safehaven_docs.layout.flow import FlowItem, Frame, flow
    from safehaven_docs.layout.page import Document
    from safehaven_docs.text.boxes import Align
    from safehaven_docs.text.typeset import Paragraph, TextStyle, typeset
    from safehaven_docs.writers.pdf import pdf_bytes

    def para(text: str) -> Paragraph:
        return Paragraph(text, "en", "Latn", False)

    style = TextStyle(10, Align.JUSTIFY)
    first = typeset(para("Families welcome"), 1000, style).lines[0].width
    column = first + 15  # one word gap of 1.5 em more than natural
    text = "Families welcome 12345678901234567890123456789"
    pages = flow([FlowItem(para(text), style)], Frame(column + 24, 200, 12, 12, 12, 12))
    gaps = pdf_word_gaps(pdf_bytes(Document((pages[0],), "en", "en")))
    assert max(gaps)[0] > 1.0
