"""PDF operators for placed glyph runs, with the text layer extractors read.

Glyphs are drawn exactly where the engine placed them: each segment of glyphs
on one vertical offset and in one font subset starts with a ``Tm`` at its
first glyph, and a ``TJ`` array corrects every following advance to the
shaped one. What a reader gets back when it searches or copies depends on
the construction chosen in :mod:`.text_layer`.

Three readers are served at once (docs/pdf-text-extraction.md): poppler and
PDFium sort a line's text by position and honour /ActualText; pdf.js (Firefox)
reads glyphs in content order, ignores /ActualText, and skips a glyph whose
text is a single format character. So a glyph that must read as nothing is
given the text U+2060 (a format character) and wrapped in a span whose
/ActualText is U+0000, which the other two skip.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import groupby

from reportlab.pdfgen.canvas import Canvas

from ..text.boxes import Line
from ..text.fonts import Face, font_library
from .pdf_fonts import glyph_char, glyph_char_reading, reportlab_font
from .text_layer import Construction, cluster_groups, glyph_texts, guarded_logical_text

#: (face, character code, x, y, size): one glyph as the operators need it.
Item = tuple[Face, str, float, float, float]
#: Glyphs drawn together: the /ActualText of their span (None: no span) and the glyphs.
Chunk = tuple[str | None, list[Item]]
_HIDDEN = "\u0000"  # /ActualText of glyphs poppler and PDFium should skip
_NOTHING = "\u2060"  # the ToUnicode text of such glyphs: pdf.js skips format characters
#: The invisible layer's type size, relative to the line's largest visible size.
LAYER_SIZE = 1.1


def actual_text_open(text: str) -> str:
    """The BDC operator that makes a span's text read as ``text``."""
    encoded = ("\ufeff" + text).encode("utf-16-be").hex().upper()
    return f"/Span <</ActualText <{encoded}>>> BDC"


def draw_line(canvas: Canvas, line: Line, left: float, baseline: float,
              construction: Construction = Construction.CLUSTER_TEXT) -> None:
    """Draw ``line`` with its left edge at ``left`` and baseline at ``baseline`` (PDF y up)."""
    origin = left + line.x
    if construction is Construction.GLYPH_TEXT:
        chunks = _glyph_text_chunks(line, origin, baseline)
    elif construction is Construction.CLUSTER_TEXT:
        chunks = _cluster_chunks(line, origin, baseline)
    else:
        chunks = [(_HIDDEN, _hidden_items(line, origin, baseline))]
    _emit(canvas, ["BT", *_chunk_operators(canvas, chunks), "ET"])
    if construction is Construction.INVISIBLE_LAYER:
        _draw_invisible_text(canvas, line, origin, baseline)


def _hidden_items(line: Line, origin: float, baseline: float) -> list[Item]:
    return [(run.face, glyph_char_reading(run.face, g.id, _NOTHING), origin + run.x + g.x,
             baseline + g.y, run.size) for run in line.runs for g in run.glyphs]


def _cluster_chunks(line: Line, origin: float, baseline: float) -> list[Chunk]:
    """Left-to-right lines: glyph text per cluster, a span where glyph order is not text order."""
    chunks: list[Chunk] = []
    for r, indices, text in cluster_groups(line):
        run = line.runs[r]
        glyphs = [run.glyphs[g] for g in indices]
        nominal = ([glyph_char(run.face, g.id) for g in glyphs] if len(glyphs) > 1 and text
                   else [])
        if not text:
            codes, span = [glyph_char_reading(run.face, g.id, _NOTHING) for g in glyphs], _HIDDEN
        elif len(glyphs) == 1:
            codes, span = [glyph_char_reading(run.face, glyphs[0].id, text)], None
        elif "".join(nominal) == text and all(g.y == 0 and g.advance > 0 for g in glyphs):
            codes, span = nominal, None  # each glyph its own character, in order
        else:  # reordered, or marks: poppler files a mark beside its base as a word of its own
            carrier = next((i for i, g in enumerate(glyphs) if g.y == 0 and g.advance > 0), 0)
            codes = [glyph_char_reading(run.face, g.id, text if i == carrier else _NOTHING)
                     for i, g in enumerate(glyphs)]
            span = text
        _add(chunks, span,
             [(run.face, code, origin + run.x + g.x, baseline + g.y, run.size)
              for code, g in zip(codes, glyphs, strict=True)])
    return chunks


def _add(chunks: list[Chunk], span: str | None, items: list[Item]) -> None:
    """Append ``items`` to the last chunk when neither has a span, else start a chunk."""
    if span is None and chunks and chunks[-1][0] is None:
        chunks[-1][1].extend(items)
    else:
        chunks.append((span, items))


def _glyph_text_chunks(line: Line, origin: float, baseline: float) -> list[Chunk]:
    """Right-to-left lines: every glyph reads as its cluster's text, in visual order.

    Segments (one font, size and baseline) are drawn right to left, the
    logical order, so that pdf.js, which reverses each segment on its own,
    puts them in order too; poppler and PDFium order by position anyway.
    """
    texts = glyph_texts(line)
    keyed: list[tuple[tuple[Face, float, float, bool], Item]] = []
    for r, run in enumerate(line.runs):
        for g, glyph in enumerate(run.glyphs):
            text = texts[(r, g)]
            char = glyph_char_reading(run.face, glyph.id, text or _NOTHING)
            item = (run.face, char, origin + run.x + glyph.x, baseline + glyph.y, run.size)
            keyed.append(((run.face, run.size, round(glyph.y, 3), not text), item))
    segments = [(key[3], [item for _, item in group])
                for key, group in groupby(keyed, key=lambda pair: pair[0])]
    return [(_HIDDEN if hidden else None, items) for hidden, items in reversed(segments)]


def _chunk_operators(canvas: Canvas, chunks: Iterable[Chunk]) -> Iterator[str]:
    for span, items in chunks:
        if span is not None:
            yield actual_text_open(span)
        yield from glyph_operators(canvas, items)
        if span is not None:
            yield "EMC"


def _draw_invisible_text(canvas: Canvas, line: Line, origin: float, baseline: float) -> None:
    """The logical text, guarded, spread evenly over the line in render mode 3.

    Every line of a paragraph gets the same type size (a little above the
    visible one) and horizontal scaling fits the characters to the line:
    poppler joins lines into one block only when their sizes agree and their
    baselines are at most 1.5 sizes apart, and reads two columns of
    unjoined lines across, line by line.
    """
    text = guarded_logical_text(line.text)
    if not text:
        return
    face = font_library().get("Noto Sans")
    x_glyph = face.hb_font.get_nominal_glyph(ord("x"))
    size = LAYER_SIZE * max(run.size for run in line.runs)
    slot = max(line.width, 1.0) / len(text)
    scale = slot / (face.hb_font.get_glyph_h_advance(x_glyph) / face.upem * size)
    items: list[Item] = [
        (face, " " if char == " " else glyph_char_reading(face, x_glyph, char),
         origin + index * slot, baseline, size)
        for index, char in enumerate(text)]
    _emit(canvas, ["q", "BT", "3 Tr", f"{_num(scale * 100)} Tz",
                   *glyph_operators(canvas, items, scale), "ET", "Q"])


def _emit(canvas: Canvas, operators: Iterable[str]) -> None:
    for operator in operators:
        canvas.addLiteral(operator)


def glyph_operators(canvas: Canvas, items: Sequence[Item], scale: float = 1.0) -> Iterator[str]:
    """``Tf``/``Tm``/``TJ`` operators that put every item's glyph at its x and y.

    ``scale`` is the horizontal scaling (``Tz``) in force, as a fraction.
    """
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
            shift = (expected_x - x) * 1000 / (size * scale)
            if abs(shift) > 0.01:
                segment.append(_num(shift))
        segment.append(f"<{code.hex().upper()}>")
        expected_x = x + font.face.getCharWidth(ord(char)) * size * scale / 1000
    if segment:
        yield f"[{' '.join(segment)}] TJ"


def _num(value: float) -> str:
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
