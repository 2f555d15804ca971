"""PDF operators for placed glyph runs, with the text layer extractors read.

Glyphs are drawn exactly where the engine placed them: each segment of glyphs
on one vertical offset and in one font subset starts with a ``Tm`` at its
first glyph, and a ``TJ`` array corrects every following advance to the
shaped one. What a reader gets back when it searches or copies depends on
the construction chosen in :mod:`.text_layer`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from reportlab.pdfgen.canvas import Canvas

from ..text.boxes import Line
from ..text.fonts import Face, font_library
from .pdf_fonts import glyph_char, glyph_char_reading, reportlab_font
from .text_layer import Construction, glyph_texts, guarded_logical_text

#: (face, character code, x, y, size): one glyph as the operators need it.
Item = tuple[Face, str, float, float, float]
_HIDDEN = "\u0000"  # /ActualText of glyphs extractors should skip


def actual_text_open(text: str) -> str:
    """The BDC operator that makes a span's text read as ``text``."""
    encoded = ("\ufeff" + text).encode("utf-16-be").hex().upper()
    return f"/Span <</ActualText <{encoded}>>> BDC"


def draw_line(canvas: Canvas, line: Line, left: float, baseline: float,
              construction: Construction = Construction.ACTUAL_TEXT) -> None:
    """Draw ``line`` with its left edge at ``left`` and baseline at ``baseline`` (PDF y up)."""
    origin = left + line.x
    if construction is Construction.GLYPH_TEXT:
        _draw_glyph_text(canvas, line, origin, baseline)
        return
    hidden = construction in (Construction.INVISIBLE_LAYER, Construction.HIDDEN)
    canvas.addLiteral(actual_text_open(_HIDDEN if hidden else line.text))
    _emit(canvas, ["BT", *glyph_operators(canvas, _plain_items(line, origin, baseline)), "ET"])
    canvas.addLiteral("EMC")
    if construction is Construction.INVISIBLE_LAYER:
        _draw_invisible_text(canvas, line, origin, baseline)


def _plain_items(line: Line, origin: float, baseline: float) -> list[Item]:
    return [(run.face, glyph_char(run.face, g.id), origin + run.x + g.x, baseline + g.y, run.size)
            for run in line.runs for g in run.glyphs]


def _draw_glyph_text(canvas: Canvas, line: Line, origin: float, baseline: float) -> None:
    texts = glyph_texts(line)
    chunks: list[tuple[bool, list[Item]]] = []
    for r, run in enumerate(line.runs):
        for g, glyph in enumerate(run.glyphs):
            text = texts[(r, g)]
            char = (glyph_char_reading(run.face, glyph.id, text) if text
                    else glyph_char(run.face, glyph.id))
            item = (run.face, char, origin + run.x + glyph.x, baseline + glyph.y, run.size)
            if chunks and chunks[-1][0] == (not text) and text:
                chunks[-1][1].append(item)
            else:
                chunks.append((not text, [item]))
    canvas.addLiteral("BT")
    for hidden, items in chunks:
        if hidden:
            canvas.addLiteral(actual_text_open(_HIDDEN))
        _emit(canvas, glyph_operators(canvas, items))
        if hidden:
            canvas.addLiteral("EMC")
    canvas.addLiteral("ET")


def _draw_invisible_text(canvas: Canvas, line: Line, origin: float, baseline: float) -> None:
    """The logical text, guarded, spread evenly over the line in render mode 3."""
    text = guarded_logical_text(line.text)
    if not text:
        return
    face = font_library().get("Noto Sans")
    x_glyph = face.hb_font.get_nominal_glyph(ord("x"))
    slot = max(line.width, 1.0) / len(text)
    size = slot * face.upem / face.hb_font.get_glyph_h_advance(x_glyph)
    items: list[Item] = [
        (face, " " if char == " " else glyph_char_reading(face, x_glyph, char),
         origin + index * slot, baseline, size)
        for index, char in enumerate(text)]
    _emit(canvas, ["q", "BT", "3 Tr", *glyph_operators(canvas, items), "ET", "Q"])


def _emit(canvas: Canvas, operators: Iterable[str]) -> None:
    for operator in operators:
        canvas.addLiteral(operator)


def glyph_operators(canvas: Canvas, items: Sequence[Item]) -> Iterator[str]:
    """``Tf``/``Tm``/``TJ`` operators that put every item's glyph at its x and y."""
    doc = canvas._doc
    current: tuple[str, float, float] | None = None
    segment: list[str] = []
    expected_x = 0.0
    for face, char, x, y, size in items:
        font = reportlab_font(face)
        [(subset, code)] = font.splitString(char, doc)
        name = font.getSubsetInternalName(subset, doc)
        key = (name, size, round(y, 3))
        if key != current:
            if segment:
                yield f"[{' '.join(segment)}] TJ"
            if current is None or current[:2] != key[:2]:
                yield f"{name} {_num(size)} Tf"
            yield f"1 0 0 1 {_num(x)} {_num(y)} Tm"
            segment, current = [], key
        else:
            shift = (expected_x - x) * 1000 / size
            if abs(shift) > 0.01:
                segment.append(_num(shift))
        segment.append(f"<{code.hex().upper()}>")
        expected_x = x + font.face.getCharWidth(ord(char)) * size / 1000
    if segment:
        yield f"[{' '.join(segment)}] TJ"


def _num(value: float) -> str:
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
