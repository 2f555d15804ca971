"""Bundled faces as ReportLab fonts, and glyph ids as codes in their subsets.

ReportLab embeds a subset of each TrueType font and addresses glyphs through
character codes. A glyph the font's cmap maps from a character uses that
character; one that only shaping produces (a joining form, a reordered
Myanmar sign, a ligature) gets a private-use code, as ReportLab's own shaping
does. Text extraction does not rely on these codes: the writer adds
/ActualText with the logical text.
"""

from __future__ import annotations

from functools import lru_cache

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ..text.fonts import Face

_PRIVATE_START = 0xE000


@lru_cache(maxsize=64)
def reportlab_font(face: Face) -> TTFont:
    """The registered ReportLab font for ``face`` (registered once per process)."""
    name = f"SH-{face.key}"
    font = TTFont(name, str(face.path), asciiReadable=0)
    pdfmetrics.registerFont(font)
    return font


def glyph_char(face: Face, glyph: int) -> str:
    """The character code ReportLab should use to draw ``glyph`` of ``face``."""
    return _glyph_char(face, glyph)


@lru_cache(maxsize=65536)
def _glyph_char(face: Face, glyph: int) -> str:
    font = reportlab_font(face).face
    chars = font.glyphToChar.get(glyph)
    if chars:
        return chr(min(chars))
    code = _PRIVATE_START
    while code in font.charToGlyph:
        code += 1
    font.charToGlyph[code] = glyph
    font.glyphToChar.setdefault(glyph, []).append(code)
    advance = face.hb_font.get_glyph_h_advance(glyph)
    font.charWidths[code] = advance * 1000 / face.upem
    return chr(code)
