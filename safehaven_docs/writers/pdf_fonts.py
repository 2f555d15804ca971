"""Bundled faces as ReportLab fonts, and glyph ids as codes in their subsets.

ReportLab embeds a subset of each TrueType font and addresses glyphs through
character codes. A glyph the font's cmap maps from a character uses that
character; one that only shaping produces (a joining form, a reordered
Myanmar sign, a ligature) gets a private-use code, as ReportLab's own shaping
does. A glyph that must read back as some other text (see ``text_layer``)
gets its own code in plane 15 whose ToUnicode entry is that text; a code that carries
a whole cluster's text (see ``pdf_text``) may also be given the cluster's advance.

ReportLab's ToUnicode writer prints ``<%04X>`` of each code point, which is
not UTF-16 above U+FFFF, and maps a code to one character only; it is
replaced here by :func:`to_unicode_cmap`, which writes UTF-16BE of any text.
"""

from __future__ import annotations

import hashlib
import threading
import unicodedata
from fnmatch import fnmatch
from functools import cache, lru_cache
from typing import Any, Literal
from weakref import WeakKeyDictionary

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

from ..text.fonts import Face
from .pdf_faces import parsed_face

_PRIVATE_BMP = 0xE000
_PRIVATE_TEXT = 0xF0000
_LAST_TEXT = 0xFFFFD
#: Private code point → the text its ToUnicode entry gives back.
_CODE_TEXT: dict[int, str] = {}
#: Private code point → its advance, where that is not its glyph's (:func:`carrier_char`).
_CODE_ADVANCE: dict[int, float] = {}
_next_text_code = [_PRIVATE_TEXT]
#: Codes added to the registered fonts since the last reset: (font, code, glyph).
_ADDED: list[tuple[ttfonts.TTFontFace, int, int]] = []
_OURS: set[int] = set()
#: The answers of :func:`glyph_char_reading` and :func:`font_and_width`:
#: a page asks for the same glyphs again and again (forgotten with the codes they name).
_READING: dict[tuple[str, int, str] | tuple[str, int, str, float], str] = {}
_WIDTHS: dict[tuple[str, str], tuple[TTFont, float]] = {}
#: The answers of :func:`pdfjs_moves`, by code.
_MOVES: dict[str, PdfjsMove] = {}


def reset_codes() -> None:
    """Forget every private code handed out (the writer's line plans must go too).

    Codes are kept from document to document, so that a line drawn again
    reuses its plan; they never change a PDF's bytes, because a text code's
    value is not written (its subset slot and ToUnicode text are) and a
    glyph's nominal code does not depend on what was drawn before.
    """
    for font, code, glyph in reversed(_ADDED):
        font.charToGlyph.pop(code, None)
        font.charWidths.pop(code, None)
        codes = font.glyphToChar.get(glyph)
        if codes and code in codes:
            codes.remove(code)
            if not codes:
                del font.glyphToChar[glyph]
    _ADDED.clear()
    _OURS.clear()
    _CODE_TEXT.clear()
    _CODE_ADVANCE.clear()
    _next_text_code[0] = _PRIVATE_TEXT
    _glyph_char.cache_clear()
    _READING.clear()
    _WIDTHS.clear()
    _MOVES.clear()


def codes_running_out() -> bool:
    """Whether the private codes for text are nearly used up (a long-running process)."""
    return _next_text_code[0] > _LAST_TEXT - 16384


def to_unicode_cmap(font_name: str, subset: list[int]) -> str:
    """A ToUnicode CMap for one 256-code subset, any text per code, UTF-16BE."""
    rows = [f"<{code:02X}> <{_utf16(_CODE_TEXT.get(cp, chr(cp)))}>"
            for code, cp in enumerate(subset)]
    lines = ["/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
             f"/CIDSystemInfo << /Registry ({font_name}) /Ordering ({font_name}) "
             "/Supplement 0 >> def",
             f"/CMapName /{font_name} def", "/CMapType 2 def",
             "1 begincodespacerange", f"<00> <{len(subset) - 1:02X}>", "endcodespacerange"]
    for block in range(0, len(rows), 100):
        chunk = rows[block : block + 100]
        lines += [f"{len(chunk)} beginbfchar", *chunk, "endbfchar"]
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines)


ttfonts.makeToUnicodeCMap = to_unicode_cmap


def _utf16(text: str) -> str:
    return text.encode("utf-16-be").hex().upper()


class _TaggedFont(TTFont):
    """A TrueType font whose embedded subsets are named by what they hold.

    ReportLab tags subsets by their number (``AAAAAA+NotoSans``, ``AAAAAB+…``),
    so two of our PDFs carry different subsets under one name, and a print
    shop's imposition or merging software may take one for the other and
    lose glyphs. Here the tag is six letters from a hash of the subset's
    glyphs and their text: the same give the same tag, different ones (almost
    surely) another, and the bytes stay deterministic.
    """

    def __init__(self, name: str, face: ttfonts.TTFontFace) -> None:
        """What ``TTFont.__init__`` sets, with a face parsed already (maybe in an earlier
        process: see ``pdf_faces``) instead of one it would parse from the file."""
        self.fontName = name
        self.face = face
        self.encoding = ttfonts.TTEncoding()
        self.state: WeakKeyDictionary[object, Any] = WeakKeyDictionary()
        self._asciiReadable = 0
        self.shapable = not any(fnmatch(name, pattern) for pattern in ttfonts.unShapedFontGlob)

    def addObjects(self, doc: object) -> None:  # ReportLab's name
        tags = [subset_tag(self.face.name, [(self.face.charToGlyph.get(code, 0),
                                             _CODE_TEXT.get(code, chr(code)))
                                            for code in subset])
                for subset in self.state[doc].subsets]
        with _TAGGING:
            numbered = ttfonts.SUBSETN
            ttfonts.SUBSETN = lambda n, *_: tags[n]
            try:
                super().addObjects(doc)
            finally:
                ttfonts.SUBSETN = numbered


_TAGGING = threading.Lock()


def subset_tag(font_name: bytes, glyphs: list[tuple[int, str]]) -> bytes:
    """Six capital letters naming a subset of ``font_name``: its glyphs, in code order,
    and the text each code reads as."""
    digest = hashlib.sha256(font_name + repr(glyphs).encode()).digest()
    return bytes(65 + byte % 26 for byte in digest[:6])


@lru_cache(maxsize=64)
def reportlab_font(face: Face) -> TTFont:
    """The registered ReportLab font for ``face`` (registered once per process)."""
    name = f"SH-{face.key}"
    font = _TaggedFont(name, parsed_face(face))
    pdfmetrics.registerFont(font)
    _FACES[font] = face
    return font


def face_of(font: TTFont) -> Face:
    """The face :func:`reportlab_font` made ``font`` for."""
    return _FACES[font]


def kept_code(font: TTFont, char: str
              ) -> tuple[int, str | None] | tuple[int, str, float] | None:
    """How the code ``char`` of ``font`` was made, if it is one of ours (a glyph without a
    character of its own, or a glyph that reads as some text, perhaps with an advance of
    its own): (glyph, text or None) or (glyph, text, advance), which :func:`glyph_char`,
    :func:`glyph_char_reading` or :func:`carrier_char` turns into a code again in any
    process. None: ``char`` is the font's own character for its glyph."""
    code = ord(char)
    if code not in _OURS:
        return None
    glyph = font.face.charToGlyph[code]
    advance = _CODE_ADVANCE.get(code)
    if advance is not None:
        return glyph, _CODE_TEXT[code], advance
    return glyph, _CODE_TEXT.get(code)


_FACES: dict[TTFont, Face] = {}


def glyph_char(face: Face, glyph: int) -> str:
    """The character code ReportLab should use to draw ``glyph`` of ``face``."""
    return _glyph_char(face, glyph, None)


#: Code points ReportLab's parse of a cmap changes: U+00A0 drawn with the space glyph, and
#: the U+FFFF that ends a format 4 subtable kept as a character.
_REPORTLAB_CMAP_OWN = frozenset((0xA0, 0xFFFF))


def nominal_glyph(face: Face, char: str) -> int | None:
    """The glyph the font's cmap gives ``char`` (None: it has none), as HarfBuzz would.

    Read from ReportLab's parse (loaded for drawing anyway, and kept on disk) rather
    than HarfBuzz, whose module takes a new process 20 ms to load; the few code points
    that parse changes, or that our own codes took over, are asked of HarfBuzz.
    """
    code = ord(char)
    if code in _REPORTLAB_CMAP_OWN or code in _OURS:
        return face.hb_font.get_nominal_glyph(code)
    return reportlab_font(face).face.charToGlyph.get(code)


def glyph_units(face: Face, glyph: int) -> tuple[int, int]:
    """``glyph``'s advance in font units, and the font's units per em (as HarfBuzz gives
    them for a font at its own scale: the same numbers, from ReportLab's parse)."""
    parsed = reportlab_font(face).face
    return parsed.hmetrics[glyph][0], parsed.unitsPerEm


def font_and_width(face: Face, char: str) -> tuple[TTFont, float]:
    """The ReportLab font of ``face`` and the advance of the code ``char`` in it (thousandths
    of the type size)."""
    key = (face.key, char)
    found = _WIDTHS.get(key)
    if found is None:
        font = reportlab_font(face)
        found = _WIDTHS[key] = (font, font.face.getCharWidth(ord(char)))
    return found


def glyph_char_reading(face: Face, glyph: int, text: str) -> str:
    """A code that draws ``glyph`` and reads back as ``text``."""
    key = (face.key, glyph, text)
    found = _READING.get(key)
    if found is None:
        if len(text) == 1 and nominal_glyph(face, text) == glyph:
            found = text
        else:
            found = _glyph_char(face, glyph, text)
        _READING[key] = found
    return found


def code_reading(font: TTFont, char: str) -> tuple[int, str]:
    """The glyph the code ``char`` of ``font`` draws and the text it reads back as."""
    code = ord(char)
    return font.face.charToGlyph[code], _CODE_TEXT.get(code, char)


#: How pdf.js moves on over a glyph (:func:`pdfjs_moves`).
PdfjsMove = Literal["skips", "no width", "advances"]


def pdfjs_moves(char: str) -> PdfjsMove:
    """How pdf.js moves on over the code ``char``: ``"skips"`` a glyph whose text ends in a
    format character (no advance, and a ``TJ`` adjustment right after it is lost too),
    ``"no width"`` for one whose text holds a combining mark (Unicode Mn: no advance), else
    ``"advances"`` as every reader does."""
    found = _MOVES.get(char)
    if found is None:
        text = _CODE_TEXT.get(ord(char), char)
        found = _MOVES[char] = (
            "skips" if text and unicodedata.category(text[-1]) == "Cf" else
            "no width" if any(unicodedata.category(c) == "Mn" for c in text) else "advances")
    return found


def carrier_char(face: Face, glyph: int, text: str, advance: float) -> str:
    """A code that draws ``glyph``, reads back as ``text`` and advances ``advance``
    (thousandths of the type size) instead of the glyph's own advance.

    For the glyph that carries a cluster's text (:func:`.pdf_text._cluster_codes`): the
    operators place every glyph where it stands whatever the advances, and pdf.js, which
    moves on by nothing for the cluster's other glyphs, then finds the next cluster where
    this code's advance ended, not a gap it would read as a space.
    """
    key = (face.key, glyph, text, advance)
    found = _READING.get(key)
    if found is None:
        found = _READING[key] = _glyph_char(face, glyph, text, advance)
    return found


@cache
def _glyph_char(face: Face, glyph: int, text: str | None, advance: float | None = None
                ) -> str:
    """A code for ``glyph`` (reading as ``text``, advancing ``advance`` if given); the same
    answer for as long as codes live.

    Nominal codes come from the font's own cmap, else from one private code
    per glyph (``U+E000 + glyph``, or plane 16 past the BMP's private area), so
    they never depend on what the process drew before.
    """
    font = reportlab_font(face).face
    if text is None:
        chars = [c for c in font.glyphToChar.get(glyph, ()) if c not in _OURS]
        if chars:
            return chr(min(chars))
        code = _PRIVATE_BMP + glyph if _PRIVATE_BMP + glyph < 0xF900 else 0x100000 + glyph
    else:
        code = _next_text_code[0]
        _next_text_code[0] += 1
        _CODE_TEXT[code] = text
    font.charToGlyph[code] = glyph
    font.glyphToChar.setdefault(glyph, []).append(code)
    _ADDED.append((font, code, glyph))
    _OURS.add(code)
    if advance is None:
        units, units_per_em = glyph_units(face, glyph)
        advance = units * 1000 / units_per_em
    else:
        _CODE_ADVANCE[code] = advance
    font.charWidths[code] = advance
    return chr(code)
