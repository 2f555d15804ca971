"""The glyphs of a line's invisible layer: each logical character over its own cluster.

:mod:`.layer_places` says where each character of the guarded logical text stands; this
module picks, from Noto Sans, a glyph that reads as it and covers that stretch, in the way
the readers need (docs/pdf-text-extraction.md): pdf.js skips a glyph of a format character
and the ``TJ`` move after it, gives a text with a mark no width, and takes a move right of a
tenth of the size for a space; PDFium inserts a space where a text object moves right by
half a space. :mod:`.pdf_text` writes the operators.
"""

from __future__ import annotations

import bisect
import unicodedata
from functools import cache

from reportlab.pdfbase.ttfonts import TTFont

from ..text.boxes import Line
from ..text.fonts import Face, font_library
from .layer_places import LayerChar, layer_chars, zero_width
from .pdf_fonts import glyph_char_reading, reportlab_font

#: One glyph as :mod:`.pdf_text` draws it: (font, character code, x, y, size, advance), the
#: advance in thousandths of the size, x from the line's left edge.
Item = tuple[TTFont, str, float, float, float, float]


def invisible_layer(line: Line, size: float) -> tuple[list[Item], float, list[int]]:
    """The logical text, guarded, in render mode 3: each character over its own cluster.

    One text object in logical content order (:func:`.layer_places.layer_chars` says
    where each character stands), so PDFium, which keeps a text object's characters in
    content order, and pdf.js, which reads content order, read logical text, and their
    character boxes and text items lie on the visible glyphs. Every line of a paragraph
    gets the same type ``size`` (a little above the paragraph's: poppler joins lines into
    one block only when their sizes agree within 5 % and their baselines are at most 1.5
    sizes apart); horizontal scaling brings it back to the visible size, so that a Latin
    character drawn with its own glyph is as wide as it is printed. Returns the items,
    the scale and the logical index each item stands for.
    """
    chars = layer_chars(line)
    if not chars:
        return [], 1.0, []
    face = font_library().get("Noto Sans")
    visible = [run.size for run in line.runs if run.face is face] or [
        run.size for run in line.runs]
    scale = max(visible) / size
    font = reportlab_font(face)
    known: dict[tuple[str, bool], tuple[str, float | None] | None] = {}
    items = [_layer_item(face, font, char, size, scale, known) for char in chars]
    return _format_marks_forward(items, chars), scale, [char.position for char in chars]


def _format_marks_forward(items: list[Item], chars: list[LayerChar]) -> list[Item]:
    """Each glyph of a format character where the next glyph starts.

    pdf.js skips such a glyph and with it the ``TJ`` adjustment after it: the next glyph
    must need none, or pdf.js would place the rest of the line there (and drop what
    falls off the page).
    """
    placed = list(items)
    for n in range(len(placed) - 2, -1, -1):
        if all(unicodedata.category(c) == "Cf" for c in chars[n].text):
            placed[n] = (*placed[n][:2], placed[n + 1][2], *placed[n][3:])
    return placed


def _layer_item(face: Face, font: TTFont, char: LayerChar, size: float, scale: float,
                known: dict[tuple[str, bool], tuple[str, float | None] | None]) -> Item:
    """The glyph that reads as ``char.text`` over its stretch of the line.

    A format character (an LRM guard, an isolate) is its own zero-width glyph: pdf.js
    skips it without moving on; a text with a mark is a zero-width glyph without ink
    (pdf.js gives it no width either, so its position would drift). A space is the space
    glyph. A character of a left-to-right run that Noto Sans has is its own glyph,
    exactly as wide as printed (PDFium inserts a space where a text object moves right
    by more than half a space, pdf.js where it moves right by a tenth of the size).
    Anything else is an "x" centred on its stretch in a right-to-left run (where the next
    character is to the left anyway), and in a left-to-right run the narrowest glyph at
    least as wide as its stretch, so that the next character never starts further right.
    """
    key = (char.text, char.rtl)
    if key not in known:  # the code and the advance of a centred glyph (None: it starts)
        choice = _choice(face, char.text, char.rtl)
        known[key] = None if choice is None else (
            glyph_char_reading(face, choice[0], char.text),
            face.hb_font.get_glyph_h_advance(choice[0]) / face.upem if choice[1] else None)
    found = known[key]
    if found is None:
        unit = size * scale / face.upem  # points per font unit, as drawn
        glyph = _wide_enough(face, (char.right - char.left) / unit - _GAP * face.upem / scale)
        code, left = glyph_char_reading(face, glyph, char.text), char.left
    else:
        code, em = found
        left = char.left if em is None else (char.left + char.right - em * size * scale) / 2
    return font, code, left, 0.0, size, font.face.getCharWidth(ord(code))


@cache
def _choice(face: Face, text: str, rtl: bool) -> tuple[int, bool] | None:
    """The glyph for ``text`` and whether it is centred on its stretch (else it starts
    there); None: the narrowest glyph wide enough for the stretch (see :func:`_layer_item`).
    """
    glyph = _nominal(face, text)
    if text == " " and glyph is not None:
        return glyph, False
    if zero_width(text):
        if glyph is not None and not face.hb_font.get_glyph_h_advance(glyph):
            return glyph, False
        return _nominal(face, "\u2069") or 0, False
    if glyph is not None and not rtl and unicodedata.category(text) != "Zs":
        return glyph, False
    if rtl:
        return _nominal(face, "x") or 0, True
    return None


#: The widest gap (in sizes of the layer, before scaling) left between two glyphs of a
#: left-to-right run: pdf.js takes a move right of 0.102 sizes for a space, PDFium one of
#: half a space (0.13 sizes in Noto Sans).
_GAP = 0.05


def _wide_enough(face: Face, advance: float) -> int:
    """The narrowest inked glyph of ``face`` at least ``advance`` font units wide (the
    widest if none is)."""
    widths = _advances(face)
    index = bisect.bisect_left(widths, (advance, -1))
    return widths[min(index, len(widths) - 1)][1]


@cache
def _advances(face: Face) -> list[tuple[int, int]]:
    """(advance, glyph) of ``face``'s inked glyphs, one glyph per advance (its lowest
    character's), narrowest first."""
    found: dict[int, int] = {}
    font = face.hb_font
    for code in sorted(face.coverage):
        glyph = font.get_nominal_glyph(code)
        if not glyph:
            continue
        advance = font.get_glyph_h_advance(glyph)
        # The ink is looked at only for an advance not yet found (a fifth of the glyphs).
        if advance not in found and font.get_glyph_extents(glyph).width > 0:
            found[advance] = glyph
    return sorted(found.items())


def _nominal(face: Face, text: str) -> int | None:
    """The glyph ``face`` maps ``text`` (one character) to, if any."""
    if len(text) != 1 or ord(text) not in face.coverage:
        return None
    return face.hb_font.get_nominal_glyph(ord(text)) or None
