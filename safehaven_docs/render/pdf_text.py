"""PDF operators for placed glyph runs, wrapped in /ActualText.

Glyphs are drawn exactly where the engine placed them: each segment of glyphs
on one vertical offset and in one font subset starts with a ``Tm`` at its
first glyph, and a ``TJ`` array corrects every following advance to the
shaped one. Each line is one marked-content span whose /ActualText is the
line's logical text, so copy, search and screen readers get the source.
"""

from __future__ import annotations

from collections.abc import Iterator

from reportlab.pdfgen.canvas import Canvas

from ..text.boxes import Line, PlacedRun
from .pdf_fonts import glyph_char, reportlab_font


def actual_text_open(text: str) -> str:
    """The BDC operator that makes a span's text read as ``text``."""
    encoded = ("\ufeff" + text).encode("utf-16-be").hex().upper()
    return f"/Span <</ActualText <{encoded}>>> BDC"


#: Scripts whose right-to-left spans poppler itself reverses when extracting.
_EXTRACTOR_REVERSED_SCRIPTS = ("\u0590", "\u08ff")  # Hebrew, Arabic, Syriac, Thaana, …


def actual_text(line: Line) -> str:
    """The /ActualText of ``line``, in the order that extractors give back as logical.

    Measured (docs/pdf-text-extraction.md): poppler reverses an /ActualText
    span that holds Arabic letters, so such a line's span holds its visual
    order (runs left to right, right-to-left runs reversed) and comes back
    logical. Spans of other scripts, Hanifi Rohingya included, are not
    reversed by poppler and hold the logical text.
    """
    low, high = _EXTRACTOR_REVERSED_SCRIPTS
    if not any(run.rtl and any(low <= c <= high and c.isalpha() for c in run.text)
               for run in line.runs):
        return line.text
    return "".join(run.text[::-1] if run.rtl else run.text for run in line.runs)


def draw_line(canvas: Canvas, line: Line, left: float, baseline: float) -> None:
    """Draw ``line`` with its left edge at ``left`` and baseline at ``baseline`` (PDF y up)."""
    canvas.addLiteral(actual_text_open(actual_text(line)))
    canvas.addLiteral("BT")
    for run in line.runs:
        for operator in _run_operators(canvas, run, left + line.x + run.x, baseline):
            canvas.addLiteral(operator)
    canvas.addLiteral("ET")
    canvas.addLiteral("EMC")


def _run_operators(canvas: Canvas, run: PlacedRun, x0: float, y0: float) -> Iterator[str]:
    font = reportlab_font(run.face)
    doc = canvas._doc
    size = run.size
    segment: list[str] = []
    current: tuple[str, float] | None = None
    expected_x = 0.0
    for glyph in run.glyphs:
        char = glyph_char(run.face, glyph.id)
        [(subset, code)] = font.splitString(char, doc)
        name = font.getSubsetInternalName(subset, doc)
        key = (name, glyph.y)
        if key != current:
            if segment:
                yield f"[{' '.join(segment)}] TJ"
            if current is None or current[0] != name:
                yield f"{name} {_num(size)} Tf"
            yield f"1 0 0 1 {_num(x0 + glyph.x)} {_num(y0 + glyph.y)} Tm"
            segment, current = [], key
        else:
            shift = (expected_x - glyph.x) * 1000 / size
            if abs(shift) > 0.01:
                segment.append(_num(shift))
        segment.append(f"<{code.hex().upper()}>")
        width = font.face.getCharWidth(ord(char)) * size / 1000
        expected_x = glyph.x + width
    if segment:
        yield f"[{' '.join(segment)}] TJ"


def _num(value: float) -> str:
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
