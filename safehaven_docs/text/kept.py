"""Set paragraphs kept in a document's bundle on disk (:mod:`safehaven_docs.bundles`), so
that a new process renders a document it rendered before without shaping and breaking
every paragraph again.

Most of a cold render's layout work is :func:`~safehaven_docs.text.typeset.typeset`:
itemizing, shaping, breaking and placing every paragraph, the same paragraphs at the same
widths as last time. Inside a document's bundle, ``typeset`` first looks in its
``typeset`` section, under everything a paragraph's setting depends on (its text,
language, script and direction, the width and the style); a paragraph found there is
restored from plain data (faces by key) equal, value for value, to a freshly set one.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from typing import TYPE_CHECKING

from .. import bundles
from .boxes import Line, PlacedGlyph, PlacedRun, TypesetParagraph
from .fonts import font_library

if TYPE_CHECKING:
    from .typeset import Paragraph, TextStyle

SECTION = "typeset"

Setter = Callable[["Paragraph", float, "TextStyle"], TypesetParagraph]


def typeset_with(paragraph: Paragraph, width: float, style: TextStyle,
                 setter: Setter) -> TypesetParagraph | None:
    """``paragraph`` from the open bundle, or set by ``setter`` and kept there; None when
    no document's bundle is open."""
    bundle = bundles.current()
    if bundle is None:
        return None
    # A text that carries more than its characters (a draft notice's spans in another
    # language, in its instance dictionary) is told apart by that too.
    key = repr((paragraph.text, getattr(paragraph.text, "__dict__", None),
                paragraph.language, paragraph.script, paragraph.rtl, width, style.size,
                style.align.value, style.bold, style.leading, style.headline))
    found = bundle.objects.get((SECTION, key))
    if found is None:
        found = bundle.objects[SECTION, key] = bundle.answer(
            SECTION, key, lambda: setter(paragraph, width, style), _kept,
            lambda stored: _restored(stored, unicodedata.normalize("NFC", paragraph.text)))
    return found


def line_state(line: Line) -> tuple:
    """Everything ``line`` is, as plain data (faces by key): what it was set from is in it."""
    return (tuple((run.face.key, run.size, run.x, run.width, tuple(map(tuple, run.glyphs)),
                   run.text, run.start, run.end, run.level) for run in line.runs),
            line.x, line.width, line.baseline, line.ascent, line.descent, line.text,
            line.start, line.end)


def _kept(paragraph: TypesetParagraph) -> tuple:
    """``paragraph`` as marshal keeps it: tuples of numbers and strings, faces by key."""
    # The paragraph's own text is not kept: it is its input's, as the setter gives it.
    lines = tuple(line_state(line) for line in paragraph.lines)
    return (lines, paragraph.width, paragraph.height, paragraph.rtl, paragraph.size,
            paragraph.language, str(paragraph.text), paragraph.pitch)


def _restored(raw: tuple, text: str) -> TypesetParagraph:
    """The paragraph :func:`_kept` stored, whose text (as set) is ``text``: the very object
    the setter would give it, which may carry more than its characters.

    Raises ValueError, TypeError, KeyError or IndexError on data it did not store.
    """
    faces = {face.key: face for face in font_library().faces}.__getitem__
    glyph = PlacedGlyph._make
    lines_raw, width, height, rtl, size, language, stored_text, pitch = raw
    if stored_text != str(text):
        raise ValueError("the paragraph kept has another text")
    lines = []
    for runs_raw, x, line_width, baseline, ascent, descent, line_text, start, end in lines_raw:
        runs = tuple(PlacedRun(faces(key), run_size, run_x, run_width,
                               tuple(map(glyph, glyphs)), run_text, run_start, run_end, level)
                     for (key, run_size, run_x, run_width, glyphs, run_text, run_start, run_end,
                          level) in runs_raw)
        lines.append(Line(runs, x, line_width, baseline, ascent, descent, line_text, start,
                          end))
    return TypesetParagraph(tuple(lines), width, height, rtl, size, language, text, pitch)
