"""Lines drawn as they were: each line's operators kept in a document's bundle on disk
(:mod:`safehaven_docs.bundles`), so that a new process adds them again instead of planning
and encoding every glyph.

A line's drawing (:func:`.pdf_text.draw_line`) depends only on the line (its glyphs,
positions and text), the construction, the sizes, where it stands, poppler's direction
for the page and how its text is parted into marked content, all of which its key
describes, and on the subset codes the document gives its glyphs. Planning a line and
encoding its ``Tf``/``Tm``/``TJ`` operators was most of a cold render of a page drawn
before (a Hanifi poster's ~9,000 glyphs of invisible layer and poppler copy: ~80 ms,
and a bundle of nested tuples of floats that took long to load); its operators are one
string, which :mod:`marshal` loads as fast as it reads.

Kept per line, as plain data:

- the operators as one template, a ``%s`` where each marked-content opener goes: their
  MCIDs are the document's, handed out again, in the same order, from the opener calls'
  arguments, also kept;
- each (font, character) the encoding asked a subset code for, in the order it first
  asked (a font by its face's key, a code of ours as the glyph and text it stands for,
  and its advance where that is its own,
  made a code again in a new process: code values are never written to a PDF), and the
  codes it got.

Drawing it again asks the document for those codes in the kept order. ReportLab gives a
subset slot to each character in the order first asked, and an encoding of the line
would ask for the same characters in the same order, so the subsets come out as an
uncached render's; only when every code is the one kept are the kept operators added.
Otherwise (the document drew other characters before: another site's name) the line is
drawn anew, whose encoder then finds the codes already given in the order it would have
asked: the bytes are those of an uncached render either way.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING, Any, NamedTuple

from .. import bundles
from ..text.boxes import Line
from ..text.fonts import Face, font_library
from ..text.kept import line_state
from .pdf_fonts import (
    carrier_char,
    face_of,
    glyph_char,
    glyph_char_reading,
    kept_code,
    reportlab_font,
)
from .text_layer import poppler_needs_rtl

if TYPE_CHECKING:
    from reportlab.pdfbase.ttfonts import TTFont

SECTION = "line-drawings"
DIRECTIONS = "poppler-directions"

#: A font and character the encoding asked a code for, and the code: (subset name, code).
Asked = tuple["TTFont", str]
Code = tuple[str, str]
#: The arguments of one call of a line's marked-content opener (see :data:`.pdf_text.Parts`).
Groups = list[tuple[int, int, str]]


class Drawing(NamedTuple):
    """A line's operators, ready to be added again: the ``template`` (``%``-escaped, a
    ``%s`` for each opener's operator), the opener ``calls``' arguments, which of their
    operators (counted over all calls) each ``%s`` takes (``order``), and each font and
    character the encoding asked a code for, in order, with the code it got."""

    template: str
    calls: list[Groups]
    order: tuple[int, ...]
    asked: list[Asked]
    codes: tuple[Code, ...]


class Slot(NamedTuple):
    """Where one line, drawn at one place in one way, is kept in the open bundle."""

    bundle: bundles.Bundle
    key: str


def slot(line: Line, part_of: Callable[[int], int] | None, tagged: bool,
         place: tuple[Any, ...]) -> Slot | None:
    """Where ``line`` drawn at ``place`` (construction, sizes, position, poppler's
    direction) is kept; None when no document's bundle is open. ``part_of`` (which part
    of its element each logical index is in) and ``tagged`` (whether it is drawn in marked
    content) are part of its key."""
    bundle = bundles.current()
    if bundle is None:
        return None
    parts: Any = tagged and (0 if part_of is None else tuple(
        part_of(index) for index in range(line.start, line.start + len(line.text))))
    return Slot(bundle, bundles.digest((_line_key(bundle, line), parts, *place)))


def kept(where: Slot) -> Drawing | None:
    """The drawing kept at ``where``, or None (none kept, or not one of ours)."""
    stored = where.bundle.get(SECTION, where.key)
    if stored is None:
        return None
    try:
        template, calls, order, asked, codes = stored
        opened = sum(len(groups) for groups in calls)  # an opener gives one per group
        if any(not 0 <= index < opened for index in order) or len(codes) != len(asked):
            raise ValueError("not a kept drawing")
        template % (("",) * len(order))  # raises unless it has a place for each, no more
        fonts = where.bundle.objects.get(_FONTS)
        if fonts is None:
            fonts = where.bundle.objects[_FONTS] = {}
        return Drawing(template, [list(groups) for groups in calls], order,
                       [fonts.get(what) or fonts.setdefault(what, _made(what))
                        for what in asked], codes)
    except (ValueError, TypeError, KeyError, IndexError):
        return None


def keep(where: Slot, drawing: Drawing) -> None:
    """Keep ``drawing`` at ``where`` for the next process."""
    template, calls, order, asked, codes = drawing
    where.bundle.put(SECTION, where.key, (
        template, tuple(tuple(groups) for groups in calls), order,
        tuple(_kept_font(font, char) for font, char in asked), codes))


def page_needs_rtl(texts: list[str], copied: list[str]) -> bool:
    """:func:`.text_layer.poppler_needs_rtl` of a page's texts and those of them whose lines
    get a copy, kept in the open bundle (it looks up scripts in ICU, which a render whose
    lines are all kept need not load)."""
    bundle = bundles.current()
    if bundle is None:
        return poppler_needs_rtl(texts, copied)
    return bundle.answer(DIRECTIONS, bundles.digest([*map(str, texts), "", *map(str, copied)]),
                         lambda: poppler_needs_rtl(texts, copied), bool, _a_bool)


def _a_bool(stored: Any) -> bool:
    if not isinstance(stored, bool):
        raise TypeError("not a kept direction")
    return stored


def _line_key(bundle: bundles.Bundle, line: Line) -> str:
    """The digest of ``line``'s whole content, worked out once per line."""
    found = bundle.objects.get((_LINES, id(line)))
    if found is None or found[0] is not line:
        found = bundle.objects[_LINES, id(line)] = (line, bundles.digest(line_state(line)))
    return found[1]


#: Where a bundle's objects keep each line's digest (by the line's identity), and the font
#: and character of each kept one.
_LINES = (SECTION, "line digests")
_FONTS = (SECTION, "fonts")


def _kept_font(font: TTFont, char: str) -> tuple:
    """What a code is made from: the font's own character (face key, character) or one of
    our codes (face key, glyph, text or None)."""
    ours = kept_code(font, char)
    key = face_of(font).key
    return (key, char) if ours is None else (key, *ours)


def _made(what: tuple) -> Asked:
    """The font and character :func:`_kept_font` kept."""
    face = _faces()[what[0]]
    if len(what) == 2:
        char = what[1]
        if not isinstance(char, str) or len(char) != 1:
            raise TypeError("not a kept character")
    elif len(what) == 4:
        _, glyph, text, advance = what
        char = carrier_char(face, glyph, text, float(advance))
    else:
        _, glyph, text = what
        char = glyph_char(face, glyph) if text is None else glyph_char_reading(face, glyph, text)
    return reportlab_font(face), char


@lru_cache(maxsize=1)
def _faces() -> dict[str, Face]:
    """Every bundled face by key."""
    return {face.key: face for face in font_library().faces}
