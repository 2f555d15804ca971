"""Line plans kept in a document's bundle on disk (:mod:`safehaven_docs.bundles`), so that a
new process draws a document it drew before without working out every line again.

A line's plan (:func:`.pdf_text.line_plan`) says which glyph is drawn with which code, in
which /ActualText span, and what each stands for in the text: for a Burmese or Arabic
poster, most of the drawing's time. It depends only on the line (its glyphs, positions
and text), the construction and the sizes, all of which its key describes. It is kept
as plain data: a font by its face's key, and a code of ours (a glyph without a character
of its own, or one that reads as some text) as the glyph and text it stands for, made a
code again on the way back. Code values are never written to a PDF (a subset's slots and
ToUnicode texts are), so a restored plan draws the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from .. import bundles
from ..text.boxes import Line
from ..text.fonts import Face, font_library
from ..text.kept import line_state
from .pdf_fonts import face_of, font_and_width, glyph_char, glyph_char_reading, kept_code
from .poppler_copy import Piece
from .text_layer import Construction, poppler_needs_rtl

if TYPE_CHECKING:
    from reportlab.pdfbase.ttfonts import TTFont

    from .pdf_text import Item, Plan

SECTION = "line-plans"
PIECES = "poppler-pieces"
DIRECTIONS = "poppler-directions"

Maker = Callable[[Line, Construction, "float | None", "float | None"], "Plan"]


def plan_with(line: Line, construction: Construction, size: float | None,
              reading: float | None, maker: Maker) -> Plan | None:
    """``line``'s plan from the open bundle, or made by ``maker`` and kept there; None when
    no document's bundle is open."""
    bundle = bundles.current()
    if bundle is None:
        return None
    key = bundles.digest((_line_key(bundle, line), construction.value, size, reading))
    return bundle.answer(SECTION, key, lambda: maker(line, construction, size, reading),
                         _kept, lambda stored: _restored(stored, bundle.objects))


def pieces_with(line: Line, maker: Callable[[Line], list[Piece]]) -> list[Piece] | None:
    """``line``'s copy for poppler (:mod:`.poppler_copy`) from the open bundle, or made by
    ``maker`` and kept there; None when no document's bundle is open."""
    bundle = bundles.current()
    if bundle is None:
        return None
    return bundle.answer(PIECES, _line_key(bundle, line), lambda: maker(line),
                         lambda pieces: tuple(tuple(piece) for piece in pieces),
                         lambda stored: [Piece(text, left, right)
                                         for text, left, right in stored])


def page_needs_rtl(texts: list[str]) -> bool:
    """:func:`.text_layer.poppler_needs_rtl` of a page's texts, kept in the open bundle (it
    looks up scripts in ICU, which a render whose lines are all kept need not load)."""
    bundle = bundles.current()
    if bundle is None:
        return poppler_needs_rtl(texts)
    return bundle.answer(DIRECTIONS, bundles.digest([str(text) for text in texts]),
                         lambda: poppler_needs_rtl(texts), bool, _a_bool)


def _a_bool(stored: Any) -> bool:
    if not isinstance(stored, bool):
        raise TypeError("not a kept direction")
    return stored


def _line_key(bundle: bundles.Bundle, line: Line) -> str:
    """The digest of ``line``'s whole content, worked out once per line (its plan and its
    copy for poppler both use it)."""
    found = bundle.objects.get((_LINES, id(line)))
    if found is None or found[0] is not line:
        found = bundle.objects[_LINES, id(line)] = (line, bundles.digest(line_state(line)))
    return found[1]


#: Where a bundle's objects keep each line's digest, by the line's identity.
_LINES = (SECTION, "line digests")


def _kept(plan: Plan) -> tuple:
    chunks, layer, scale, announce, (where, layer_where) = plan
    return (tuple((span, tuple(map(_kept_item, items))) for span, items in chunks),
            tuple(map(_kept_item, layer)), scale, announce,
            tuple(map(tuple, where)), tuple(layer_where))


def _kept_item(item: Item) -> tuple:
    """(what the glyph's code is made from, x, y, size): the font's own character (face
    key, character) or one of our codes (face key, glyph, text or None)."""
    font, char, x, y, size, _ = item
    ours = kept_code(font, char)
    key = face_of(font).key
    return ((key, char) if ours is None else (key, *ours)), x, y, size


def _restored(stored: Any, objects: dict[Any, Any]) -> Plan:
    """The plan :func:`_kept` stored. Each item's font, code and advance is worked out once
    per bundle (in ``objects``, the bundle's: codes are not forgotten meanwhile)."""
    made = objects.get(_ITEMS)
    if made is None:
        made = objects[_ITEMS] = {}
    chunks, layer, scale, announce, where, layer_where = stored
    return ([(span, _restored_items(items, made)) for span, items in chunks],
            _restored_items(layer, made), scale, announce,
            ([list(positions) for positions in where], list(layer_where)))


#: Where a bundle's objects keep the items' fonts, codes and advances.
_ITEMS = (SECTION, "items")


def _restored_items(stored: Any, made: dict[tuple, tuple[TTFont, str, float]]) -> list[Item]:
    items: list[Item] = []
    for what, x, y, size in stored:
        found = made.get(what)
        if found is None:
            found = made[what] = _made(what)
        items.append((found[0], found[1], x, y, size, found[2]))
    return items


def _made(what: tuple) -> tuple[TTFont, str, float]:
    """The font, code and advance of a kept item's glyph."""
    face = _faces()[what[0]]
    if len(what) == 2:
        char = what[1]
    else:
        _, glyph, text = what
        char = glyph_char(face, glyph) if text is None else glyph_char_reading(face, glyph, text)
    font, advance = font_and_width(face, char)
    return font, char, advance


@lru_cache(maxsize=1)
def _faces() -> dict[str, Face]:
    """Every bundled face by key."""
    return {face.key: face for face in font_library().faces}
