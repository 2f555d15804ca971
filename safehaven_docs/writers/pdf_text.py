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

poppler also groups lines into blocks by type size and line pitch, and a span's
text takes the size set at its end: a paragraph whose lines stand further apart
than poppler joins (Myanmar, Hanifi) announces a larger size there
(:func:`.text_layer.reading_size`), with ``Tf`` and an empty ``Tj`` that draws
nothing, so its lines form one block and two columns read one after the other.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from functools import lru_cache
from itertools import groupby
from typing import Any, TypeAlias, TypeVar
from weakref import WeakKeyDictionary

from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from ..text.boxes import Line, PlacedGlyph, PlacedRun
from ..text.fonts import Face, font_library
from .kept_plans import Drawing, Groups, keep, kept, slot
from .layer_glyphs import invisible_layer
from .pdf_fonts import (
    carrier_char,
    code_reading,
    face_of,
    font_and_width,
    glyph_char,
    glyph_char_reading,
    nominal_glyph,
    pdfjs_moves,
)
from .poppler_copy import Piece, poppler_pieces
from .tags import ARTIFACT_OPEN
from .text_layer import (
    LINE_END,
    Construction,
    cluster_groups,
    glyph_texts,
    guarded_logical_text,
    layer_text,
    leaning_on_copies,
    line_levels,
    needs_poppler_ltr_copy,
    poppler_ltr_text,
    without_controls,
)

#: One glyph as the operators need it: (font, character code, x, y, size, advance), the
#: advance in thousandths of the size. x and y are relative to the line's origin.
Item = tuple[TTFont, str, float, float, float, float]
#: Glyphs drawn together: the /ActualText of their span (None: no span) and the glyphs.
Chunk = tuple[str | None, list[Item]]
#: What a line draws, wherever it stands: its chunks, the invisible layer if any (with its
#: horizontal scale), the size each text span announces at its end (None: none), and where
#: each glyph of a chunk and of the layer stands in the paragraph's text (the logical index
#: of its cluster: see :func:`draw_line`'s ``parts``).
Plan = tuple[list[Chunk], list[Item], float, float | None, tuple[list[list[int]], list[int]]]
#: A line drawn in several marked-content sequences: the part (0: the line's own element,
#: n: its n-th span in another language) of a logical index (None: every index is the
#: element's own), and the operators that open the sequences, given each one's (part, first
#: logical index, the text its element must read as: "" when its content reads right) in
#: drawing order.
Parts = tuple[Callable[[int], int] | None, Callable[[list[tuple[int, int, str]]], list[str]]]
_HIDDEN = "\u0000"  # /ActualText of glyphs poppler and PDFium should skip
_NOTHING = "\u2060"  # the ToUnicode text of such glyphs: pdf.js skips format characters
#: Not a span: the chunk's glyphs are drawn invisibly (render mode 3) and read as their text
#: (an Arabic cluster whose text a mark off the baseline would carry: see
#: :func:`_glyph_text_chunks`).
_INVISIBLE = "\u0001"
#: Opens the /ActualText of a glyph whose own text, for pdf.js alone, starts with a space
#: (:func:`_spaces_onto_letters`): the rest of the span value is the text PDFium and
#: poppler read instead.
_PDFJS_SPACE = "\u0002"
#: Left-to-right mark: before a space that opens a glyph's text, it keeps pdf.js from
#: taking the glyph for a space glyph (and it reads as nothing).
_LRM = "\u200e"
#: The invisible layer's type size, relative to the line's largest visible size.
LAYER_SIZE = 1.1
#: Plans kept for lines drawn again (a district tool or pack renders the same lines often).
_PLANS: dict[tuple[int, Construction, float | None, float | None], tuple[Line, Plan]] = {}
_MAX_PLANS = 20000
#: poppler's copy of each right-to-left Hanifi line drawn (:func:`_pieces`), the same way.
_PIECES: dict[int, tuple[Line, list[Piece]]] = {}
#: The operators of that copy, per line, place, size and the space's code in the document.
_PIECE_OPS: dict[tuple[int, float, float, float, str, str], tuple[Line, str]] = {}
T = TypeVar("T")


def actual_text_open(text: str) -> str:
    """The BDC operator that makes a span's text read as ``text``."""
    encoded = ("\ufeff" + text).encode("utf-16-be").hex().upper()
    return f"/Span <</ActualText <{encoded}>>> BDC"


def draw_line(canvas: Canvas, line: Line, left: float, baseline: float,
              construction: Construction = Construction.CLUSTER_TEXT,
              parts: Parts | None = None, *, size: float | None = None,
              reading: float | None = None, poppler_rtl: bool = False,
              poppler_ltr: bool = False) -> None:
    """Draw ``line`` with its left edge at ``left`` and baseline at ``baseline`` (PDF y up).

    ``size`` is the paragraph's type size and ``reading`` the size its text announces to
    poppler (:func:`.text_layer.reading_size`); both default to the line's largest size.
    With ``parts``, the line is drawn in marked-content sequences of its own: one per
    run of glyphs (and of the invisible layer) in one part, each in a text object of its
    own, so that text in another language is its own sequence whatever the construction.
    A span that gives a cluster its text is never cut.

    An invisible layer (its characters over their own clusters, which poppler would
    read in visual order) is hidden from poppler alone (an empty /ActualText, which
    PDFium and pdf.js pass over), its marked content's element is told the layer's text
    (a tagged PDF's readers would hear nothing from the empty span), and an artifact
    after the line gives poppler the line (:func:`_draw_poppler_copy`): with
    ``poppler_rtl`` (a right-to-left page poppler would count left-to-right:
    :func:`.text_layer.poppler_needs_rtl`) in the order its right-to-left reordering
    turns logical, else the guarded logical text, which it keeps as it is.

    With ``poppler_ltr`` (a page poppler counts left to right), a right-to-left line in
    ``GLYPH_TEXT`` that poppler would read in pieces out of order
    (:func:`.text_layer.needs_poppler_ltr_copy`) is made quiet for poppler alone the same
    way: its glyphs' ``TJ`` in empty /ActualText spans, its element told the line's text,
    and an artifact after it gives poppler :func:`.text_layer.poppler_ltr_text`.

    Inside a document's bundle, the line's operators are kept, and added again as they
    were by a new process that draws the line at the same place (:mod:`.kept_plans`).
    """
    where = slot(line, parts[0] if parts else None, parts is not None,
                 (construction.value, size, reading, left, baseline, poppler_rtl, poppler_ltr))
    if where is None:
        _draw_line(canvas, line, left, baseline, construction, parts, size, reading,
                   poppler_rtl, poppler_ltr)
        return
    drawing = kept(where)
    if drawing is not None and _drawn_again(canvas, drawing, parts):
        return
    recording = _Recording(canvas, parts)
    _draw_line(recording, line, left, baseline, construction, recording.parts, size, reading,
               poppler_rtl, poppler_ltr)
    drawing = recording.drawing()
    canvas.addLiteral(drawing.template % tuple(recording.opened[i] for i in drawing.order))
    keep(where, drawing)


def _drawn_again(canvas: Canvas, drawing: Drawing, parts: Parts | None) -> bool:
    """Add ``drawing``'s operators, if the document gives every character it asked a code
    for the code it got; asked in the same order an encoding of the line asks, so the
    subsets come out the same either way (:mod:`.kept_plans`)."""
    encoder = _Encoder(canvas, [])
    codes = encoder.codes
    if tuple([codes.get(asked) or encoder._named(*asked) for asked in drawing.asked]
             ) != drawing.codes or (drawing.calls and parts is None):
        return False
    opened = [op for groups in drawing.calls for op in parts[1](groups)] if parts else []
    canvas.addLiteral(drawing.template % tuple(opened[i] for i in drawing.order))
    return True


def _draw_line(canvas: _Target, line: Line, left: float, baseline: float,
               construction: Construction, parts: Parts | None, size: float | None,
               reading: float | None, poppler_rtl: bool, poppler_ltr: bool) -> None:
    """:func:`draw_line`, planning and encoding every glyph."""
    plan = line_plan(line, construction, size, reading)
    origin = left + line.x
    silent = bool(plan[1])
    quiet = (poppler_ltr and construction is Construction.GLYPH_TEXT
             and needs_poppler_ltr_copy(line.text))
    if parts is not None:
        part_of, opener = parts
        if part_of is None and not silent and not quiet:  # one sequence: nothing to work out
            canvas.addLiteral(opener([(0, line.start, "")])[0])
            _draw(canvas, plan, origin, baseline, silent)
            canvas.addLiteral("EMC")
        else:
            part_of = part_of or _own
            groups = _groups(plan, part_of)
            texts = _group_texts(plan, groups, line) if silent else [""] * len(groups)
            if len({part for part, *_ in groups}) > 1:
                quiet = False  # text in another language: each part's glyphs read as before
                _draw_parts(canvas, plan, groups, texts, opener, origin, baseline, silent)
            else:
                text = _logical_text(line) if quiet else "".join(texts)
                first = ((groups[0][0], groups[0][1], text) if groups
                         else (part_of(line.start), line.start, text))
                canvas.addLiteral(opener([first])[0])
                _draw(canvas, plan, origin, baseline, silent, quiet)
                canvas.addLiteral("EMC")
    else:
        _draw(canvas, plan, origin, baseline, silent, quiet)
    if silent:
        levels = line_levels(line)
        if 0 in levels and not poppler_rtl:
            # A left-to-right line (a footer naming Rohingya in Hanifi letters): in the
            # layer's order (layer_text), at the paragraph's reading size, not the
            # layer's: one word 10 % larger than the lines around it was a block of its
            # own, and poppler read a column of the page out of order.
            _draw_poppler_copy(canvas, line, max(reading or 0.0, size or 0.0) or
                               _layer_size(line, size, reading), origin, baseline, False,
                               lambda text: layer_text(text, levels))
        else:
            _draw_poppler_copy(canvas, line, _layer_size(line, size, reading), origin,
                               baseline, poppler_rtl)
    elif quiet:
        # At the size its glyphs are drawn (a script's size adjustment included): poppler
        # joins lines of one size into a block, and the paragraph's other lines are read
        # from their glyphs.
        drawn = max((run.size for run in line.runs), default=size or 0.0)
        _draw_poppler_copy(canvas, line, drawn, origin, baseline, False, poppler_ltr_text)


def _logical_text(line: Line) -> str:
    """The line's text as a structure's reader should hear it: direction controls dropped
    (joiners such as Persian's ZWNJ kept, as poppler's copy keeps them)."""
    return without_controls(line.text)


def _own(index: int) -> int:
    """Every index is the line's own element's (no text in another language)."""
    return 0


def _draw(canvas: _Target, plan: Plan, origin: float, baseline: float,
          silent: bool = False, quiet: bool = False) -> None:
    """``quiet``: the glyphs that read as text do so for PDFium and pdf.js only."""
    chunks, layer, layer_scale, announce, _ = plan
    ops = ["BT"]
    _place_chunks(_Encoder(canvas, ops), ops, chunks, announce, origin, baseline,
                  actual_text_open("") if quiet else None)
    ops.append("ET")
    if layer:
        _place_layer(canvas, ops, layer, layer_scale, origin, baseline, silent)
    canvas.addLiteral("\n".join(ops))


def _place_layer(canvas: _Target, ops: list[str], layer: Sequence[Item], scale: float,
                 origin: float, baseline: float, silent: bool, right: float | None = None
                 ) -> None:
    """The invisible layer in a text object of its own; ``silent``: each ``TJ`` in an empty
    /ActualText span, which poppler reads as nothing and PDFium and pdf.js pass over;
    ``right``: where the line's rightmost layer glyph starts, for a piece that is not the
    layer's first."""
    ops += ["q", "BT", "3 Tr", f"{_num(scale * 100)} Tz"]
    items = list(layer)
    if right is not None and items:
        # PDFium orders a line's text objects by where each starts: a piece of the layer
        # after the first (a part in another language) starts with a space at the line's
        # right end, so the pieces keep their logical order. Not a format character:
        # pdf.js would skip it and the move after it.
        font, _, _, _, size, _ = items[0]
        space = (font, " ", right, 0.0, size, font.face.getCharWidth(32))
        items.insert(0, space)
    _Encoder(canvas, ops).place(items, origin, baseline, scale,
                                wrap=actual_text_open("") if silent else None)
    ops += ["ET", "Q"]


def _draw_poppler_copy(canvas: _Target, line: Line, size: float, origin: float,
                       baseline: float, rtl: bool,
                       ordered: Callable[[str], str] = guarded_logical_text) -> None:
    """The line for poppler alone, as an /Artifact (its text is in poppler's order, not the
    structure's): on a page poppler must count right to left (``rtl``), each character
    over its own glyphs (:func:`_poppler_pieces_drawn`); else one space glyph stretched
    over the line with ``Tz``, in an /ActualText span of ``ordered(line.text)``: for a
    Hanifi line the guarded logical text, which poppler keeps as it is, for an Arabic one
    :func:`.text_layer.poppler_ltr_text`. There no order of poppler's characters both
    reads back and is found by its search, which leaves a Hanifi search string as written
    (docs/pdf-text-extraction.md, known limits).

    PDFium drops a text object whose box has no width before it reads its marks, and a
    space has no ink; pdf.js skips the glyph, whose own text is a format character.
    """
    if rtl:
        canvas.addLiteral(_poppler_pieces_drawn(canvas, line, size, origin, baseline))
        return
    face = font_library().get("Noto Sans")
    space = nominal_glyph(face, " ") or 0
    item = _item(face, glyph_char_reading(face, space, _NOTHING), 0.0, 0.0, size)
    scale = max(line.width, 1.0) / max(item[5] * size / 1000, 1e-3)
    ops = [ARTIFACT_OPEN, "q", "BT", "3 Tr", f"{_num(scale * 100)} Tz",
           actual_text_open(ordered(line.text))]
    _Encoder(canvas, ops).place([item], origin, baseline, scale)
    ops += ["EMC", "ET", "Q", "EMC"]
    canvas.addLiteral("\n".join(ops))


def _poppler_pieces_drawn(canvas: _Target, line: Line, size: float, origin: float,
                          baseline: float) -> str:
    """The line for poppler alone, on a page it counts right to left: each piece a space
    glyph stretched with ``Tz`` over the glyphs it was printed with, in an /ActualText
    span of its text, left to right, as an /Artifact (:mod:`.poppler_copy`).

    PDFium drops a text object whose box has no width before it reads its marks, and a
    space has no ink; pdf.js skips the glyph, whose own text is a format character.

    The operators are made once per line, place, size and code of the space in the
    document's subset (a Hanifi poster's copy is a span per character: about 3,000
    operators, a third of a render made again).
    """
    face = font_library().get("Noto Sans")
    space = nominal_glyph(face, " ") or 0
    font, char, _, _, _, advance = _item(face, glyph_char_reading(face, space, _NOTHING), 0.0,
                                         0.0, size)
    pieces = _pieces(line)
    if not pieces:  # nothing to draw, and no code to ask the subset for
        return _pieces_operators(pieces, "", "", 1.0, origin, "")
    encoder = _Encoder(canvas, [])
    name, code = encoder.codes.get((font, char)) or encoder._named(font, char)
    return _per_line(_PIECE_OPS, (id(line), size, origin, baseline, name, code), line,
                     lambda: _pieces_operators(pieces, f"{name} {_num(size)} Tf", code,
                                               max(advance * size / 1000, 1e-3), origin,
                                               _num(baseline)))


def _pieces_operators(pieces: Sequence[Piece], font: str, code: str, width: float,
                      origin: float, y: str) -> str:
    """:func:`_poppler_pieces_drawn`'s operators: ``font`` the ``Tf`` that sets the space's
    subset and size, ``code`` its code there, ``width`` its advance at that size."""
    ops = [ARTIFACT_OPEN, "q", "BT", "3 Tr"]
    for index, piece in enumerate(pieces):
        scale = max(piece.right - piece.left, 0.01) / width
        ops += [f"{_num(scale * 100)} Tz", actual_text_open(piece.text)]
        if index == 0:
            ops.append(font)
        ops += [f"1 0 0 1 {_num(origin + piece.left)} {y} Tm", f"[{code}] TJ", "EMC"]
    ops += ["ET", "Q", "EMC"]
    return "\n".join(ops)


def _pieces(line: Line) -> list[Piece]:
    """:func:`.poppler_copy.poppler_pieces` of ``line``, worked out once per line in this
    process."""
    return _per_line(_PIECES, id(line), line, lambda: poppler_pieces(line))


def _group_texts(plan: Plan, groups: list[tuple[int, int, bool, list]], line: Line
                 ) -> list[str]:
    """What each group's element must read as when its layer is silent: a layer group's
    logical text (direction marks dropped), nothing for the rest (hidden glyphs)."""
    layer_where = plan[4][1]
    texts: list[str] = []
    index = 0
    for *_, in_layer, content in groups:
        if not in_layer:
            texts.append("")
            continue
        positions = _with_spaces(layer_where[index:index + len(content)], layer_where, line)
        index += len(content)
        texts.append("".join(line.text[p - line.start] for p in positions
                             if unicodedata.category(line.text[p - line.start]) != "Cf"))
    return texts


def _with_spaces(positions: list[int], drawn: list[int], line: Line) -> list[int]:
    """``positions`` and the spaces after them that no glyph of the layer stands for (the
    layer reads them inside the glyph before them: :func:`.layer_places.layer_chars`)."""
    known = set(drawn)
    found = set(positions)
    end = line.start + len(line.text)
    for position in positions:
        following = position + 1
        while following < end and line.text[following - line.start] == " " and \
                following not in known:
            found.add(following)
            following += 1
    return sorted(found)


def _place_chunks(encoder: _Encoder, ops: list[str], chunks: list[Chunk], announce: float | None,
                  origin: float, baseline: float, quiet: str | None = None) -> None:
    """Each chunk's glyphs, inside its /ActualText span if it has one; a span that is
    text announces ``announce`` at its end (see the module's docstring). With ``quiet``,
    each ``TJ`` of a chunk that reads as text (not in a span: poppler ends a span at the
    next one's end, so spans are never nested) inside the span it opens."""
    for span, items in chunks:
        if span == _INVISIBLE:
            ops.append("3 Tr")
            encoder.place(items, origin, baseline, wrap=quiet)
            ops.append("0 Tr")
            continue
        if span is not None and span.startswith(_PDFJS_SPACE):
            plain = span[len(_PDFJS_SPACE):]
            if quiet is not None:  # poppler reads a copy: the glyph reads as written
                encoder.place([_reading(item, plain) for item in items], origin, baseline,
                              wrap=quiet)
            else:
                ops.append(actual_text_open(plain))
                encoder.place(items, origin, baseline)
                ops.append("EMC")
            continue
        if span is not None:
            ops.append(actual_text_open(span))
        encoder.place(items, origin, baseline, wrap=None if span is not None else quiet)
        if span is not None:
            if announce is not None and span != _HIDDEN:
                encoder.announce(announce)
            ops.append("EMC")


def line_plan(line: Line, construction: Construction, size: float | None = None,
              reading: float | None = None) -> Plan:
    """What ``line`` draws in ``construction``, relative to its origin; cached per line.

    Lines come from the engine's caches, so a line drawn again is the same
    object: the plan (which glyph reads as what, in which span) is made once.
    """
    # (a plan holds no object of its own that could outlive line)
    return _per_line(_PLANS, (id(line), construction, size, reading), line,
                     lambda: _make_plan(line, construction, size, reading))


def _per_line(memo: dict[Any, tuple[Line, T]], key: Any, line: Line, make: Callable[[], T]
              ) -> T:
    """``make()`` for ``line``, kept in ``memo`` under ``key`` (which holds the line's
    identity) while that line lives: a line drawn again is the same object."""
    cached = memo.get(key)
    if cached is not None and cached[0] is line:
        return cached[1]
    made = make()
    if len(memo) >= _MAX_PLANS:
        memo.clear()
    memo[key] = (line, made)
    return made


def forget_plans() -> None:
    """Drop every cached plan (their character codes are about to be forgotten)."""
    _PLANS.clear()
    _PIECES.clear()
    _PIECE_OPS.clear()


def _layer_size(line: Line, size: float | None, reading: float | None) -> float:
    """The invisible layer's type size (see :func:`.layer_glyphs.invisible_layer`)."""
    size = size or max((run.size for run in line.runs), default=0.0)
    return max(LAYER_SIZE * size, reading or size, size)


def _make_plan(line: Line, construction: Construction, size: float | None,
               reading: float | None) -> Plan:
    largest = max((run.size for run in line.runs), default=0.0)
    size = size or largest
    reading = max(reading or size, size)
    if construction is Construction.GLYPH_TEXT:
        chunks, where = _glyph_text_chunks(line)
        return chunks, [], 1.0, None, (where, [])
    if construction is Construction.CLUSTER_TEXT:
        # Only a paragraph poppler would not join announces a size: every cluster is
        # then a span (text outside a span reads at the size it is drawn).
        every = reading > size * 1.01
        chunks, where = _cluster_chunks(line, every)
        return chunks, [], 1.0, reading if every else None, (where, [])
    hidden: list[Chunk] = [(_HIDDEN, _hidden_items(line))]
    clusters = [[g.cluster for run in line.runs for g in run.glyphs]]
    if construction is Construction.INVISIBLE_LAYER:
        layer, scale, positions = invisible_layer(line, _layer_size(line, size, reading))
        return hidden, layer, scale, None, (clusters, positions)
    return hidden, [], 1.0, None, (clusters, [])


def _groups(plan: Plan, part_of: Callable[[int], int]) -> list[tuple[int, int, bool, list]]:
    """The runs of one part, in drawing order: (part, smallest logical index, in the layer,
    its chunks (span, items) or layer items). A chunk with a span stays whole, in the
    part of its first character in logical order (the hidden glyphs of a whole line,
    which read as nothing, go with the line's start)."""
    chunks, layer, _, _, (where, layer_where) = plan
    groups: list[tuple[int, int, bool, list]] = []
    for (span, items), positions in zip(chunks, where, strict=True):
        pieces = ([(part_of(min(positions)), min(positions), items)] if span is not None else
                  [(part, min(positions[j] for j in indices), [items[j] for j in indices])
                   for part, indices in _runs([part_of(p) for p in positions])])
        for part, first, piece in pieces:
            if groups and groups[-1][0] == part and not groups[-1][2]:
                groups[-1][3].append((span, piece))
                groups[-1] = (part, min(first, groups[-1][1]), False, groups[-1][3])
            else:
                groups.append((part, first, False, [(span, piece)]))
    for part, indices in _runs([part_of(p) for p in layer_where]):
        groups.append((part, min(layer_where[j] for j in indices), True,
                       [layer[j] for j in indices]))
    return groups


def _runs(parts: list[int]) -> list[tuple[int, list[int]]]:
    """Consecutive equal ``parts``: (part, their indices)."""
    runs: list[tuple[int, list[int]]] = []
    for index, part in enumerate(parts):
        if runs and runs[-1][0] == part:
            runs[-1][1].append(index)
        else:
            runs.append((part, [index]))
    return runs


def _draw_parts(canvas: _Target, plan: Plan, groups: list[tuple[int, int, bool, list]],
                texts: list[str], opener: Callable[[list[tuple[int, int, str]]], list[str]],
                origin: float, baseline: float, silent: bool = False) -> None:
    """Each group in its own marked-content sequence and text object."""
    opens = opener([(part, first, text)
                    for (part, first, *_), text in zip(groups, texts, strict=True)])
    ops: list[str] = []
    right = max((item[2] for item in plan[1]), default=0.0)  # see _place_layer
    started = False
    for (_, _, in_layer, content), open_ in zip(groups, opens, strict=True):
        ops.append(open_)
        if in_layer:
            _place_layer(canvas, ops, content, plan[2], origin, baseline, silent,
                         right if started else None)
            started = True
        else:
            ops.append("BT")
            _place_chunks(_Encoder(canvas, ops), ops, content, plan[3], origin, baseline)
            ops.append("ET")
        ops.append("EMC")
    canvas.addLiteral("\n".join(ops))


def _item(face: Face, char: str, x: float, y: float, size: float) -> Item:
    font, advance = font_and_width(face, char)
    return font, char, x, y, size, advance


def _hidden_items(line: Line) -> list[Item]:
    return [_item(run.face, glyph_char_reading(run.face, g.id, _NOTHING), run.x + g.x, g.y,
                  run.size) for run in line.runs for g in run.glyphs]


def _cluster_chunks(line: Line, every: bool = False) -> tuple[list[Chunk], list[list[int]]]:
    """Left-to-right lines: glyph text per cluster, a span where glyph order is not text
    order; and each item's logical index.

    With ``every``, each cluster but spaces and dashes is a span of its own text, so
    each can announce a size to poppler at its end (boxes stay on the cluster's glyphs).
    """
    chunks: list[Chunk] = []
    where: list[list[int]] = []
    for r, indices, text in cluster_groups(line):
        run = line.runs[r]
        if len(indices) == 1 and text:  # the usual cluster: one glyph, its own text
            glyph = run.glyphs[indices[0]]
            code = glyph_char_reading(run.face, glyph.id, text)
            font, advance = font_and_width(run.face, code)
            item = (font, code, run.x + glyph.x, glyph.y, run.size, advance)
            if every and _announces(text):
                chunks.append((text, [item]))
                where.append([glyph.cluster])
            elif every and text.isspace() and chunks and chunks[-1][0] not in (None, _HIDDEN):
                before, drawn = chunks[-1]  # see the space below
                chunks[-1] = (f"{before}{text}", [*drawn, item])
                where[-1].append(glyph.cluster)
            else:
                _add(chunks, where, None, [item], glyph.cluster)
            continue
        glyphs = [run.glyphs[g] for g in indices]
        nominal = ([glyph_char(run.face, g.id) for g in glyphs] if len(glyphs) > 1 and text
                   else [])
        plain = text if every and _announces(text) else None
        span: str | None
        if not text:
            codes, span = [glyph_char_reading(run.face, g.id, _NOTHING) for g in glyphs], _HIDDEN
        elif len(glyphs) == 1:
            codes, span = [glyph_char_reading(run.face, glyphs[0].id, text)], plain
        elif "".join(nominal) == text and all(g.y == 0 and g.advance > 0 for g in glyphs):
            codes, span = nominal, plain  # each glyph its own character, in order
        else:  # reordered, or marks: poppler files a mark beside its base as a word of its own
            codes, span = _cluster_codes(run, glyphs, text), text
        items = [_item(run.face, code, run.x + g.x, g.y, run.size)
                 for code, g in zip(codes, glyphs, strict=True)]
        if every and span is None and text.isspace() and chunks and chunks[-1][0] not in (
                None, _HIDDEN):
            # A space alone is a text object PDFium skips (its box is empty): it goes
            # into the span before it, whose text then ends in it.
            before, drawn = chunks[-1]
            chunks[-1] = (f"{before}{text}", [*drawn, *items])
            where[-1].extend([glyphs[0].cluster] * len(items))
            continue
        _add(chunks, where, span, items, glyphs[0].cluster)
    if not every:
        return chunks, where
    lagging: list[Chunk] = []
    lagging_where: list[list[int]] = []
    for (span, items), positions in zip(*_merge_overhangs(chunks, where), strict=True):
        if span is not None and span != _HIDDEN and len(items) > 1:
            right = max([x + advance * size / 1000 for _, _, x, _, size, advance in items])
            if positions[0] != positions[-1]:  # several clusters
                items = _past_lag(items)
            items, positions = _objects_end_at(items, positions, right)
        lagging.append((span, items))
        lagging_where.append(positions)
    return lagging, lagging_where


def _cluster_codes(run: PlacedRun, glyphs: list[PlacedGlyph], text: str) -> list[str]:
    """The codes of a cluster's glyphs when they are not its characters one by one (drawn
    out of text order, or with marks): the text on one glyph for pdf.js, which reads
    glyphs in content order and ignores /ActualText; the others read as nothing.

    The carrier is the first glyph on the baseline that advances. pdf.js moves on by
    nothing for a glyph whose text holds a combining mark (Unicode Mn: most Myanmar
    clusters), nor for a glyph it skips (U+2060), and takes a gap of a tenth of the size
    before the next glyph placed with ``Tm`` for a space: 374 spaces inside Burmese
    phrases on the tabloid poster. So the carrier reads the text up to its first mark,
    the glyph drawn after it the rest (read with no width either way), and the carrier's
    code advances to the cluster's right end, where the next cluster starts; the
    operators still place each glyph where it stands (docs/pdf-text-extraction.md).
    """
    face = run.face
    codes = [glyph_char_reading(face, glyph.id, _NOTHING) for glyph in glyphs]
    carrier = next((i for i, g in enumerate(glyphs) if g.y == 0 and g.advance > 0), 0)
    head, tail = _at_first_mark(text) if carrier + 1 < len(glyphs) else (text, "")
    first = glyphs[carrier]
    right = first.x
    for glyph in glyphs:
        right = max(right, glyph.x + glyph.advance)
    codes[carrier] = (
        carrier_char(face, first.id, head, round((right - first.x) / run.size * 1000, 1))
        if right > first.x and run.size > 0 else glyph_char_reading(face, first.id, head))
    if tail:
        # a mark's glyph (no advance) if there is one after the carrier, else the next glyph
        after = carrier + 1
        for index in range(carrier + 1, len(glyphs)):
            if not glyphs[index].advance:
                after = index
                break
        codes[after] = glyph_char_reading(face, glyphs[after].id, tail)
    return codes


def _merge_overhangs(chunks: list[Chunk], where: list[list[int]]
                     ) -> tuple[list[Chunk], list[list[int]]]:
    """Join a cluster's span with the next one where a glyph of it (a mark) starts to the
    right of the next cluster's first glyph (and their logical indices with them).

    PDFium sorts a line's text objects by their start: it would put the next cluster
    between the span's base and its mark, and read the span's text twice.
    """
    merged: list[Chunk] = []
    merged_where: list[list[int]] = []
    for (span, items), positions in zip(chunks, where, strict=True):
        if merged and span not in (None, _HIDDEN) and items:
            before, drawn = merged[-1]
            if before not in (None, _HIDDEN) and max(item[2] for item in drawn) > items[0][2]:
                merged[-1] = (f"{before}{span}", [*drawn, *items])
                merged_where[-1] = [*merged_where[-1], *positions]
                continue
        merged.append((span, items))
        merged_where.append(list(positions))
    return merged, merged_where


@lru_cache(maxsize=4096)
def _at_first_mark(text: str) -> tuple[str, str]:
    """``text`` cut before its first combining mark (Unicode Mn), if it has one after its
    first character; else ``text`` and nothing."""
    mark = next((i for i, char in enumerate(text) if unicodedata.category(char) == "Mn"), 0)
    return (text[:mark], text[mark:]) if mark else (text, "")


def _past_lag(items: list[Item]) -> list[Item]:
    """``items`` (one span's text object) with the last glyph pdf.js advances over given a
    code that advances further by as much as pdf.js has fallen behind before it.

    pdf.js does not move on over a glyph it skips (and loses the ``TJ`` adjustment after
    it) nor over one it reads with no width (:func:`.pdf_fonts.pdfjs_moves`). Inside a
    span of several clusters (:func:`_merge_overhangs`) the later clusters then ended
    further left in its count than on the page, and the next span, placed with ``Tm``,
    stood a space's gap away (Karen, "ဒီ သဒၢ"; the poster read 102 such spaces in
    pdf.js without this, none with it). The code reads as before; on the page and in the
    other readers the glyph only advances further, and the operators place the next
    glyph where it stands anyway (and :func:`_objects_end_at` ends the span where it ends on
    the page). A glyph on another baseline or at another size is placed with ``Tm``
    (:class:`_Encoder`), where pdf.js is right again.

    Not a space the span ends in: pdf.js measures the gap before the next glyph from the
    last glyph it read that is not a space, so a longer space changed nothing for it, and
    each length was a code of its own (the Karen letter's justified spaces took 13 of a
    subset's 256 codes; over 256, a span's glyphs fell in two subsets, two text objects,
    and PDFium and pdf.js read a space inside the word there).
    """
    moves = [pdfjs_moves(item[1]) for item in items]
    last = next((i for i in range(len(items) - 1, -1, -1) if moves[i] == "advances"
                 and not code_reading(*items[i][:2])[1].isspace()), None)
    if not last or all(move == "advances" for move in moves[:last]):
        return items
    behind = 0.0  # points pdf.js is behind the glyphs
    for (_, _, x, y, size, advance), following, move in zip(items, items[1:last + 1], moves,
                                                           strict=False):
        if (following[3], following[4]) != (y, size):
            behind = 0.0
        elif move == "skips":
            behind += following[2] - x
        elif move == "no width":
            behind += advance * size / 1000
    font, char, x, y, size, advance = items[last]
    if behind <= 0.01 or size <= 0:
        return items
    glyph, text = code_reading(font, char)
    face = face_of(font)
    longer = carrier_char(face, glyph, text, round(advance + behind / size * 1000, 1))
    return [*items[:last], _item(face, longer, x, y, size), *items[last + 1:]]


def _objects_end_at(items: list[Item], positions: list[int], right: float
                    ) -> tuple[list[Item], list[int]]:
    """``items`` (one span, and each one's logical index) with the span's end glyph (an
    inkless glyph that reads as nothing and has no advance, :func:`_end_glyph`) at
    ``right``, where the span ends on the page, after the last glyph of each text object a
    reader measures the span's end from, where that glyph's advance does not end there:

    - the span's last text object, for poppler, which ends a span's text where its last
      glyph's advance ends. It read a space where that fell short of the next span
      ("သို့ မဟုတ်" for "သို့မဟုတ်": the cluster's last glyph is a mark left of its
      end; 17 such spaces on the Burmese poster), or the span into the next one's words
      where it reached past it (a glyph :func:`_past_lag` lengthened: "ကမျၢၢ်တ" and
      "ဖၣ်" on two lines);
    - the first text object in PDFium's order (by where each starts), when the span is
      drawn in several (a mark above or below the baseline is placed with ``Tm`` and
      starts a ``TJ`` of its own) and that one falls short. PDFium gives the span's
      /ActualText to that object, and measures the gap to the next span from its last
      glyph and that glyph's width: "တဲ့အ ခါ" for "တဲ့အခါ", 7 times in the Burmese
      digest.

    pdf.js skips the glyph (its text is a format character) and measures the next gap
    from the last glyph it read, as before. The text objects are told apart as the
    encoder does, by font, size and baseline; where a span's glyphs fall in two subsets of
    one font (only known when the document gives them codes), the encoder parts them
    again, and PDFium may still read a space there.
    """
    def short(index: int) -> float:
        _, _, x, _, size, advance = items[index]
        return right - (x + advance * size / 1000)

    ends: list[int] = []
    keys = [(font, size, round(y, 3)) for font, _, _, y, size, _ in items]
    starts = [0, *(i for i in range(1, len(items)) if keys[i] != keys[i - 1])]
    first = min(range(len(starts)), key=lambda n: items[starts[n]][2])  # ties keep order
    if first + 1 < len(starts) and short(starts[first + 1] - 1) > 0.01:
        ends.append(starts[first + 1] - 1)
    if abs(short(len(items) - 1)) > 0.01:
        ends.append(len(items) - 1)
    for index in reversed(ends):
        font, _, _, y, size, _ = items[index]
        face = face_of(font)
        end = _end_glyph(face)
        if end is not None:
            items = [*items[:index + 1], _item(face, end, right, y, size), *items[index + 1:]]
            positions = [*positions[:index + 1], positions[index], *positions[index + 1:]]
    return items, positions


def _end_glyph(face: Face) -> str | None:
    """The code of ``face``'s space glyph that reads as nothing and has no advance (None if
    the face has no space)."""
    space = nominal_glyph(face, " ")
    return None if space is None else carrier_char(face, space, _NOTHING, 0.0)


def _announces(text: str) -> bool:
    """Whether a cluster of ``text`` becomes a span that announces the paragraph's size.

    Not spaces (poppler makes no word of them) and not a dash: PDFium takes a dash
    from a span at the end of a line for a hyphen and gives U+FFFE in its place.
    """
    return not text.isspace() and not (len(text) == 1 and unicodedata.category(text) == "Pd")


def _add(chunks: list[Chunk], where: list[list[int]], span: str | None, items: list[Item],
         cluster: int) -> None:
    """Append ``items`` (of one ``cluster``) to the last chunk when neither has a span, else
    start a chunk."""
    if span is None and chunks and chunks[-1][0] is None:
        chunks[-1][1].extend(items)
        where[-1].extend([cluster] * len(items))
    else:
        chunks.append((span, items))
        where.append([cluster] * len(items))


def _glyph_text_chunks(line: Line) -> tuple[list[Chunk], list[list[int]]]:
    """Right-to-left lines: every glyph reads as its cluster's text, in visual order.

    Segments (one font, size and baseline) are drawn right to left, the
    logical order, so that pdf.js, which reverses each segment on its own,
    puts them in order too; poppler and PDFium order by position anyway. Also returns
    each item's logical index.

    Glyphs off the baseline (harakat) are drawn last, as hidden glyphs: PDFium
    (``CPDF_TextPage::ProcessTextObject``) sorts a line's text objects by x only while
    each starts near the previous one's baseline, and a raised mark between two
    segments made it read the line in two pieces, the left one first ("إذنًا"). A
    mark that carries its cluster's text leaves it to an invisible copy of the
    cluster's base glyph in its place (the mark's own box lies above the letters
    beside it, and PDFium starts a new line at a box that does not overlap the
    previous one vertically).
    """
    texts = glyph_texts(line)
    levels = line_levels(line)
    keyed: list[tuple[tuple[Face, float, float, str | None, int], tuple[Item, int]]] = []
    tail: list[tuple[Item, int]] = []
    for r, run in enumerate(line.runs):
        copied = leaning_on_copies(run, texts, r)
        for g, glyph in enumerate(run.glyphs):
            text = texts[(r, g)]
            x = run.x + glyph.x
            alone = len(keyed) + 1 if _mirrored(text, levels[glyph.cluster - line.start]) else 0
            if g in copied:
                # Drawn over the copied base beside it: read from a copy in the same segment.
                tail.append((_item(run.face, glyph_char_reading(run.face, glyph.id, _NOTHING),
                                   x, glyph.y, run.size), glyph.cluster))
                item = _item(run.face, glyph_char_reading(run.face, glyph.id, text), x, 0.0,
                             run.size)
                keyed.append(((run.face, run.size, 0.0, _INVISIBLE, alone),
                              (item, glyph.cluster)))
                continue
            if round(glyph.y, 3) != 0 or (not text and glyph.advance == 0):
                # Off the baseline: drawn after the line, read as nothing; a cluster text it
                # carries is read from an invisible copy of the cluster's base in its place.
                # A glyph of no advance that reads as nothing (the alef over its lam, whose
                # text the lam has) is drawn there too: a hidden segment of its own in the
                # line cut the line for pdf.js, which lost the space after "ولا".
                tail.append((_item(run.face, glyph_char_reading(run.face, glyph.id, _NOTHING),
                                   x, glyph.y, run.size), glyph.cluster))
                if not text:
                    continue
                base = next((b for b in run.glyphs if b.cluster == glyph.cluster
                             and round(b.y, 3) == 0 and b.advance > 0), glyph)
                item = _item(run.face, glyph_char_reading(run.face, base.id, text),
                             run.x + base.x, 0.0, run.size)
                keyed.append(((run.face, run.size, 0.0, _INVISIBLE, alone),
                              (item, glyph.cluster)))
                continue
            char = glyph_char_reading(run.face, glyph.id, text or _NOTHING)
            item = _item(run.face, char, x, glyph.y, run.size)
            keyed.append(((run.face, run.size, round(glyph.y, 3), None if text else _HIDDEN,
                           alone), (item, glyph.cluster)))
    end = texts.get(LINE_END)
    if end:
        # The marks stand for nothing in the text: they go with the glyph drawn before them.
        key, item = _line_end_item(line, end)
        if keyed and keyed[-1][0][4] and keyed[-1][0][:3] == key[:3]:
            key = keyed[-1][0]  # a bracket alone at the line's end keeps its marks with it
        keyed.append((key, (item, keyed[-1][1][1] if keyed else line.start)))
    segments = [(key[3], [pair for _, pair in group])
                for key, group in groupby(keyed, key=lambda pair: pair[0])]
    segments.reverse()
    _spaces_onto_letters(segments)
    _line_start_copy(segments)
    segments += [(_HIDDEN, list(group))
                 for _, group in groupby(tail, key=lambda pair: (pair[0][0], pair[0][3]))]
    return ([(span, [item for item, _ in pairs]) for span, pairs in segments],
            [[cluster for _, cluster in pairs] for _, pairs in segments])


def _line_start_copy(segments: list[tuple[str | None, list[tuple[Item, int]]]]) -> None:
    """Where the first glyph pdf.js would place on a line is an invisible copy that reads
    a vowelled letter (its mark carries the cluster's text), let the copy read the letter
    and a copy of no advance of its own read the marks.

    pdf.js takes a glyph whose text holds a combining mark for a mark on the glyph before
    it and does not look where it stands, so it read such a copy at the end of the line
    before ("بليُ" / "وجَّهون" for "بل" / "يُوجَّهون", the Arabic handout). Read as a
    letter, the copy starts the line. Its marks, drawn right after it at a size a
    thousandth of a point larger, are an item of their own for pdf.js (which turns each
    item round on its own, and would have put the marks before the letter), and stand a
    hundredth of a point left of it, where PDFium and poppler, which order glyphs by
    where they stand, read them as before: first, in visual order.
    """
    for index, (span, pairs) in enumerate(segments):
        if span == _INVISIBLE:
            if len(pairs) != 1:
                return
            (font, char, x, y, size, _), cluster = pairs[0]
            glyph, text = code_reading(font, char)
            marks = "".join(c for c in text if unicodedata.category(c) == "Mn")
            letters = "".join(c for c in text if unicodedata.category(c) != "Mn")
            if not marks or not letters:
                return
            face = face_of(font)
            pairs[0] = (_item(face, glyph_char_reading(face, glyph, letters), x, y, size),
                        cluster)
            mark = _item(face, carrier_char(face, glyph, marks, 0.0), x - 0.01, y, size + 0.001)
            segments.insert(index + 1, (_INVISIBLE, [(mark, cluster)]))
            return
        if any(pdfjs_moves(char) == "advances" and code_reading(font, char)[1].strip()
               for (font, char, *_), _ in pairs):
            return


def _spaces_onto_letters(segments: list[tuple[str | None, list[tuple[Item, int]]]]) -> None:
    """Give each space glyph at either end of a segment of text to the glyph on its left,
    as a space after that glyph's text, and leave the space glyph (which has no ink) out.

    pdf.js reads a space glyph only once the next glyph it reads follows it, and a line
    drawn right to left in segments starts each segment with a move back to the left,
    where pdf.js forgets it: "وأن يُحال" read "وأنيُحال", "(ICE) بالبيئة" read
    "(ICE)بالبيئة" (16 spaces on the Arabic poster). Read as part of the glyph on its
    left, the space comes back where it was: before the word that glyph begins, once
    pdf.js turns the segment round. The glyph on its left is the one before it in its
    own segment, or for a space that starts its segment the last glyph of the next
    segment drawn that reads as text (an invisible copy that reads a vowelled letter
    too); a hidden segment between them reads nothing. poppler and PDFium read the space
    at the same place. Not onto a bracket, whose text pdf.js mirrors on its own.

    pdf.js reads a segment with no Arabic or Hebrew letter ("·", "—", a Latin word) as
    drawn, not turned round, so a space read after its glyph's text came after it
    ("ميلووكي·  صدر"). There the space goes before the text of the segment's first glyph,
    for pdf.js alone (:func:`_space_first`), and the space glyph stays for PDFium and
    poppler, which read the glyph's text from an /ActualText span (:func:`_apart`).
    """
    spaced: set[int] = set()  # the items given a space for pdf.js, by identity
    for index, (span, pairs) in enumerate(segments):
        if span is not None:
            continue
        for end in (len(pairs) - 1, 0):
            if end < 0 or end >= len(pairs) or code_reading(*pairs[end][0][:2])[1] != " ":
                continue
            if end and end == len(pairs) - 1:
                host = (index, end - 1)
            elif end == 0:
                following = next((k for k in range(index + 1, len(segments))
                                  if segments[k][0] != _HIDDEN), None)
                if following is None or not segments[following][1] \
                        or segments[following][1][-1][0][2] > pairs[0][0][2]:
                    continue
                host = (following, len(segments[following][1]) - 1)
            else:
                continue
            if not _reversed_by_pdfjs(segments[host[0]][1]):
                _space_first(segments[host[0]][1], spaced)  # and the space glyph stays
                continue
            (font, char, x, y, size, _), cluster = segments[host[0]][1][host[1]]
            glyph, text = code_reading(font, char)
            if not text or text[-1].isspace() or text == _NOTHING or _has_mirrored(text):
                continue
            face = face_of(font)
            segments[host[0]][1][host[1]] = (
                _item(face, glyph_char_reading(face, glyph, text + " "), x, y, size), cluster)
            del pairs[end]
    _apart(segments, spaced)


def _reversed_by_pdfjs(pairs: list[tuple[Item, int]]) -> bool:
    """Whether pdf.js turns a segment of these glyphs round: its bidi reads an item with
    an Arabic or Hebrew letter from the right, and one without as drawn."""
    return any(unicodedata.bidirectional(char) in ("R", "AL")
               for (font, code, *_), _ in pairs for char in code_reading(font, code)[1])


def _space_first(pairs: list[tuple[Item, int]], spaced: set[int]) -> None:
    """Let the first glyph of these (a segment pdf.js reads as drawn) read, for pdf.js, a
    space before its text: the space to the segment's right, which comes before it in a
    right-to-left line."""
    for k, ((font, char, x, y, size, _), cluster) in enumerate(pairs):
        glyph, text = code_reading(font, char)
        if not text.strip() or text == _NOTHING:
            continue
        if id(pairs[k]) not in spaced and not _has_mirrored(text):
            face = face_of(font)
            pairs[k] = (_item(face, glyph_char_reading(face, glyph, f"{_LRM} {text}"), x, y,
                              size), cluster)
            spaced.add(id(pairs[k]))
        return


def _apart(segments: list[tuple[str | None, list[tuple[Item, int]]]], spaced: set[int]
           ) -> None:
    """Each glyph :func:`_space_first` gave a space, as a segment of its own in an
    /ActualText span of its text without it, which PDFium and poppler read instead: they
    read the space glyph where it stands."""
    k = 0
    while k < len(segments):
        span, pairs = segments[k]
        found = next((i for i, pair in enumerate(pairs) if span is None
                      and id(pair) in spaced), None)
        if found is None:
            k += 1
            continue
        (font, char, *_), _ = pairs[found]
        plain = code_reading(font, char)[1][2:]
        parts = [(None, pairs[:found]), (_PDFJS_SPACE + plain, [pairs[found]]),
                 (None, pairs[found + 1:])]
        segments[k:k + 1] = [(s, p) for s, p in parts if p]
        k += 2 if found else 1


def _reading(item: Item, text: str) -> Item:
    """``item`` with a code of its glyph that reads ``text``."""
    font, char, x, y, size, _ = item
    face = face_of(font)
    return _item(face, glyph_char_reading(face, code_reading(font, char)[0], text), x, y, size)


def _mirrored(text: str, level: int) -> bool:
    """Whether a glyph's text holds a bracket or other mirrored character.

    Such a glyph is a segment of its own: its text is the logical character, which sits
    mirrored in visual order, so pdf.js (one item per segment, read left to right
    when it holds no Arabic letter) read "(ICE)" as ")ICE(" while the bracket shared a
    segment with the Latin word. Alone, segments drawn right to left put it in place.
    """
    return level % 2 == 1 and _has_mirrored(text)


@lru_cache(maxsize=4096)
def _has_mirrored(text: str) -> bool:
    return any(unicodedata.mirrored(char) for char in text)


def _line_end_item(line: Line, marks: str
                   ) -> tuple[tuple[Face, float, float, str | None, int], Item]:
    """A space glyph just after the line's right end that reads as ``marks``.

    The direction marks that follow a line's last glyph in visual order cannot go
    on that glyph: after its text pdf.js would drop it, before it PDFium reads a
    bracket that opens the line mirrored, as ")ICE)". A space draws nothing, and
    pdf.js skips a glyph whose text is only format characters.
    """
    run = line.runs[-1]
    space = nominal_glyph(run.face, " ") or 0
    item = _item(run.face, glyph_char_reading(run.face, space, marks), line.width, 0.0, run.size)
    return (run.face, run.size, 0.0, None, 0), item


class _Encoder:
    """``Tf``/``Tm``/``TJ`` operators that put glyphs exactly where the engine placed them.

    One encoder serves one ``BT``…``ET`` object, so the font and size set by
    ``Tf`` carry over from one span to the next. A glyph's code in its subset
    is looked up in the document's assignments first; only a character the
    document has not used yet goes through ReportLab.
    """

    def __init__(self, canvas: _Target, ops: list[str]):
        self.doc, self.ops = canvas._doc, ops
        self.font_size: tuple[str, float] | None = None
        self.names: dict[tuple[TTFont, int], str] = {}
        self.states: dict[TTFont, Any] = {}  # each font's state in the document, once found
        #: (font, character) → (subset name, code as a hex string), for the whole document: a
        #: character's place in a subset never changes once the document has given it one.
        self.codes: _Codes | _NotedCodes = (
            canvas.codes if isinstance(canvas, _Recording) else _codes_of(self.doc))

    def place(self, items: Sequence[Item], left: float, bottom: float,
              scale: float = 1.0, wrap: str | None = None) -> None:
        """Draw ``items`` relative to (``left``, ``bottom``) under horizontal scaling ``scale``;
        with ``wrap``, each ``TJ`` inside the marked content that operator opens."""
        ops = self.ops
        current: tuple[str, float, float] | None = None
        segment: list[str] = []
        expected_x = 0.0
        codes = self.codes
        for font, char, dx, dy, size, advance in items:
            x, y = left + dx, bottom + dy
            name, code = codes.get((font, char)) or self._named(font, char)
            key = (name, size, round(y, 3))
            if key != current:
                if segment:
                    ops.append(_shown(segment, wrap))
                if self.font_size != key[:2]:
                    ops.append(f"{name} {_num(size)} Tf")
                    self.font_size = key[:2]
                ops.append(f"1 0 0 1 {_num(x)} {_num(y)} Tm")
                segment, current = [], key
            else:
                shift = (expected_x - x) * 1000 / (size * scale)
                if abs(shift) > 0.01:
                    segment.append(_num(shift))
            segment.append(code)
            expected_x = x + advance * size * scale / 1000
        if segment:
            ops.append(_shown(segment, wrap))

    def announce(self, size: float) -> None:
        """Tell poppler the text so far is ``size``: ``Tf`` and an empty ``Tj`` (which makes
        it take the size) draw nothing; the next glyphs set their own size again."""
        if self.font_size is None:
            return
        name = self.font_size[0]
        self.ops.append(f"{name} {_num(size)} Tf () Tj")
        self.font_size = (name, size)

    def _named(self, font: TTFont, char: str) -> tuple[str, str]:
        """``char``'s subset name and code (as a hex string) in the document, kept in
        :attr:`codes` once found."""
        subset, byte = self._code(font, char)
        name = self.names.get((font, subset)) or self.names.setdefault(
            (font, subset), font.getSubsetInternalName(subset, self.doc))
        found = self.codes[font, char] = (name, _HEX[byte])
        return found

    def _code(self, font: TTFont, char: str) -> tuple[int, int]:
        state = self.states.get(font)
        if state is None:
            state = font.state.get(self.doc)
            if state is not None:
                self.states[font] = state
        code = state.assignments.get(ord(char), -1) if state is not None else -1
        if code < 0 or char == "\xa0":
            [(subset, data)] = font.splitString(char, self.doc)
            return subset, data[0]
        return code >> 8, code & 0xFF


_HEX = [f"<{n:02X}>" for n in range(256)]
#: (font, character) → (subset name, code as a hex string), of one document.
_Codes = dict[tuple[TTFont, str], tuple[str, str]]
_DOCUMENT_CODES: WeakKeyDictionary[object, _Codes] = WeakKeyDictionary()


def _codes_of(doc: object) -> _Codes:
    return _DOCUMENT_CODES.setdefault(doc, {})


class _NotedCodes:
    """A document's codes that note which characters were asked for, first time first."""

    def __init__(self, codes: _Codes) -> None:
        self.codes = codes
        self.asked: dict[tuple[TTFont, str], None] = {}

    def get(self, key: tuple[TTFont, str]) -> tuple[str, str] | None:
        self.asked[key] = None
        return self.codes.get(key)

    def __setitem__(self, key: tuple[TTFont, str], value: tuple[str, str]) -> None:
        self.codes[key] = value


class _Recording:
    """Stands in for the canvas while a line is drawn to be kept (:mod:`.kept_plans`): it
    gathers the operators, notes each character the encoders ask a code for, and puts a
    placeholder (NUL, its number, NUL: operators are ASCII without NUL) where each
    marked-content opener's operator goes, since a new process hands out new MCIDs."""

    def __init__(self, canvas: Canvas, parts: Parts | None) -> None:
        self._doc = canvas._doc
        self.codes = _NotedCodes(_codes_of(canvas._doc))
        self.literals: list[str] = []
        self.calls: list[Groups] = []
        self.opened: list[str] = []
        self.parts: Parts | None = None if parts is None else (parts[0], self._noted(parts[1]))

    def addLiteral(self, text: str) -> None:  # Canvas's name
        self.literals.append(text)

    def _noted(self, opener: Callable[[Groups], list[str]]) -> Callable[[Groups], list[str]]:
        def noted(groups: Groups) -> list[str]:
            first = len(self.opened)
            self.calls.append(list(groups))
            self.opened += opener(groups)
            return [f"\0{n}\0" for n in range(first, len(self.opened))]
        return noted

    def drawing(self) -> Drawing:
        """What was drawn, to be kept: see :class:`.kept_plans.Drawing`."""
        pieces = "\n".join(self.literals).split("\0")
        asked = list(self.codes.asked)
        return Drawing("%s".join(piece.replace("%", "%%") for piece in pieces[::2]),
                       self.calls, tuple(map(int, pieces[1::2])), asked,
                       tuple(self.codes.codes[key] for key in asked))


#: What a line is drawn on: the canvas, or a recording of what it would get.
_Target: TypeAlias = "Canvas | _Recording"


def _shown(segment: list[str], wrap: str | None) -> str:
    shown = f"[{' '.join(segment)}] TJ"
    return f"{wrap} {shown} EMC" if wrap else shown


def _num(value: float) -> str:
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
