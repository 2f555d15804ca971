"""Set one paragraph into lines: the work behind :func:`.typeset.typeset`.

The pipeline, one call per stage::

    levels  = bidi levels for the whole paragraph        (icu.bidi_levels)
    runs    = itemize by level, script and font           (itemize.itemize)
    shaped  = HarfBuzz glyphs per run                     (shaping.shape_run)
    breaks  = the best line ends for the whole paragraph  (linebreak.break_lines)
    lines   = each line reshaped, reordered (L1, L2), aligned and placed

Everything is plain data; results are cached because documents set the same
paragraphs at the same widths over and over.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from functools import cached_property, lru_cache

import msgspec
from msgspec import Struct
from msgspec.structs import replace

from ..errors import SafehavenError
from . import icu
from .boxes import Align, Line, PlacedGlyph, PlacedRun, TypesetParagraph
from .fonts import Face, font_library
from .hyphenate import HYPHEN, hyphenation_points
from .itemize import itemize
from .linebreak import (
    MIN_FILL,
    Break,
    Breakable,
    break_lines,
    cluster_advances,
    cluster_starts,
    prepare,
    trim_end,
)
from .reorder import visual_order
from .scripts import FALLBACK_FAMILY, ScriptInfo, script_info
from .shaping import Glyph, ShapedRun, shape_run
from .totalfit import MAX_GAP
from .typeset import Paragraph, TextStyle

MIN_ASCENT, MIN_DESCENT, LINE_GAP = 0.72, 0.22, 0.12


@lru_cache(maxsize=4096)
def set_paragraph(paragraph: Paragraph, width: float, style: TextStyle) -> TypesetParagraph:
    """Break ``paragraph`` into lines no wider than ``width`` points and place them."""
    return _set(paragraph, width, style, placed=True)


@lru_cache(maxsize=4096)
def measure_paragraph(paragraph: Paragraph, width: float, style: TextStyle) -> TypesetParagraph:
    """:func:`set_paragraph`'s lines without their glyphs: every line's breaks, position,
    width and extent are the same, its runs are empty.

    What a layout searching for its size needs to know whether it fits, at a fraction
    of the cost: placing glyphs is most of setting a line, and a search tries a dozen
    sizes to keep one (:func:`.typeset.measuring`).
    """
    return _set(paragraph, width, style, placed=False)


def _set(paragraph: Paragraph, width: float, style: TextStyle, *,
         placed: bool) -> TypesetParagraph:
    text = unicodedata.normalize("NFC", paragraph.text)
    if not text.strip():
        return TypesetParagraph((), width, 0.0, paragraph.rtl, style.size, paragraph.language,
                                text)
    if style.align is Align.JUSTIFY and not script_info(paragraph.script).spaces_between_words:
        style = replace(style, align=Align.START)
    # Only justified text is hyphenated: there a hyphen closes a wide word gap; in
    # ragged text it only chops words the eye must join again (and loading a
    # dictionary costs a command that sets no justified text a tenth of a second).
    hyphenate = style.align is Align.JUSTIFY and not style.headline
    prepared = _prepare(paragraph, style.bold, hyphenate)
    levels, shaped = prepared.levels, prepared.shaped

    cut = prepared.lines

    def line_runs(start: int, end: int, hyphen: bool = False) -> _ShapedLine:
        key = (start, end, hyphen)
        if key not in cut:
            sliced = None if hyphen else _slice(shaped, start, end)
            cut[key] = sliced or _shape_line(text, levels, paragraph, style.bold, start, end,
                                             hyphen)
        return cut[key]

    def measure(start: int, end: int, hyphen: bool) -> float | None:
        line = line_runs(start, end, hyphen)
        return None if line.cut else line.advance  # a cut line measures what was summed

    justify, min_fill = style.align is Align.JUSTIFY, 0.0 if style.headline else MIN_FILL
    found = (width / style.size, justify, min_fill)
    spans = prepared.breaks.get(found)
    if spans is None:
        spans = prepared.breaks[found] = break_lines(prepared.breakable, found[0], justify,
                                                     measure, min_fill=min_fill)
    lines = _place_lines(text, paragraph, style, spans, width, line_runs,
                         _place_run if placed else _measure_run)
    height = lines[-1].baseline + lines[-1].descent if lines else 0.0
    leading = style.leading or script_info(paragraph.script).leading
    return TypesetParagraph(tuple(lines), width, height, paragraph.rtl, style.size,
                            paragraph.language, text, leading * style.size)


def clear_caches() -> None:
    """Forget every set paragraph, prepared paragraph and shaped run (see
    :func:`.typeset.clear_caches`)."""
    from .shaping import _shape

    set_paragraph.cache_clear()
    measure_paragraph.cache_clear()
    _prepare.cache_clear()
    _shape_line.cache_clear()
    _shape.cache_clear()


class _Prepared(Struct, frozen=True):
    """What a paragraph's lines are cut from, whatever its size and width."""

    levels: tuple[int, ...]
    shaped: tuple[ShapedRun, ...]
    breakable: Breakable
    #: Each line cut from the shaping (or shaped again) by (start, end, hyphen), as the
    #: breaker and placement ask for it: the same at every size and width tried.
    lines: dict[tuple[int, int, bool], _ShapedLine] = msgspec.field(default_factory=dict)
    #: The line ends chosen by (measure in em, justified, least fill): a size search's
    #: measured try and the layout then set in full at that size break the same.
    breaks: dict[tuple[float, bool, float], list[Break]] = msgspec.field(default_factory=dict)


@lru_cache(maxsize=4096)
def _prepare(paragraph: Paragraph, bold: bool, hyphenate: bool = True) -> _Prepared:
    """Levels, runs, shaping and break opportunities: done once for every size a
    document tries (fitting a poster sets each paragraph at a dozen sizes)."""
    text = unicodedata.normalize("NFC", paragraph.text)
    context = f"[{paragraph.language}] "
    levels = icu.bidi_levels(text, paragraph.rtl)
    runs = itemize(text, levels, paragraph.script, bold=bold, context=context)
    shaped = tuple(shape_run(text, run, paragraph.language, context=context) for run in runs)
    scripts = _scripts_at(len(text), shaped)
    hyphens = {point: _hyphen_width(_face_at(shaped, point - 1))
               for point in (hyphenation_points(text, paragraph.language) if hyphenate else ())}
    breakable = prepare(text, cluster_advances(len(text), shaped),
                        icu.line_break_opportunities(text, paragraph.language.split("-")[0]),
                        cluster_starts(shaped), hyphens, scripts.__getitem__)
    return _Prepared(levels, shaped, breakable)


def _scripts_at(length: int, runs: Sequence[ShapedRun]) -> list[ScriptInfo]:
    """The registry entry of each code point's script (its run's)."""
    fallback = script_info("Latn")
    entries = [fallback] * length
    for run in runs:
        try:
            info = script_info(run.script)
        except SafehavenError:
            continue
        entries[run.start:run.end] = [info] * (run.end - run.start)
    return entries


def _face_at(runs: Sequence[ShapedRun], index: int) -> Face:
    return next(run.face for run in runs if run.start <= index < run.end)


@lru_cache(maxsize=64)
def _hyphen_width(face: Face) -> float:
    """The advance (em of the type size) of the hyphen in ``face``, or in the fallback font."""
    if not face.covers(HYPHEN):
        face = font_library().get(FALLBACK_FAMILY, bold=face.weight == "bold")
    font = face.hb_font
    return float(font.get_glyph_h_advance(font.get_nominal_glyph(ord(HYPHEN)))) * (
        face.size_adjust / face.upem)


class _ShapedLine(Struct, frozen=True, dict=True):
    runs: tuple[ShapedRun, ...]
    start: int
    end: int
    #: Cut from the paragraph's shaping (its width is the sum of its clusters' advances).
    cut: bool = False

    @property
    def advance(self) -> float:
        return sum(run.advance for run in self.runs)

    @cached_property
    def ink(self) -> tuple[float, float]:
        """The line's ink top and bottom in em, never inside the minimums: the same at
        every size (a line is kept with its paragraph's shaping, :class:`_Prepared`)."""
        top, bottom = MIN_ASCENT, -MIN_DESCENT
        for run in self.runs:
            extents = run.face.extents
            lookup = run.face.glyph_top_bottom
            for glyph in run.glyphs:
                found = extents.get(glyph[0]) or lookup(glyph[0])
                offset = glyph[4]
                if found[0] + offset > top:
                    top = found[0] + offset
                if found[1] + offset < bottom:
                    bottom = found[1] + offset
        return top, bottom


@lru_cache(maxsize=16384)
def _shape_line(text: str, levels: tuple[int, ...], paragraph: Paragraph, bold: bool,
                start: int, end: int, hyphen: bool = False) -> _ShapedLine:
    """The line ``text[start:end]`` shaped on its own, its glyph clusters paragraph-based.

    A hyphenated line is shaped with the hyphen after its last letter (same
    font, kerning with it); the hyphen's glyph joins that letter's cluster, so
    the line's text is unchanged and readers find the word whole.
    """
    piece = text[start:end] + (HYPHEN if hyphen else "")
    piece_levels = levels[start:end] + ((levels[end - 1],) if hyphen else ())
    context = f"[{paragraph.language}] "
    runs = itemize(piece, piece_levels, paragraph.script, bold=bold, context=context)
    shaped = tuple(_offset(shape_run(piece, run, paragraph.language, context=context), start)
                   for run in runs)
    if hyphen:
        shaped = tuple(_hyphen_into_last_cluster(run, end) for run in shaped)
    return _ShapedLine(shaped, start, end)


def _hyphen_into_last_cluster(run: ShapedRun, end: int) -> ShapedRun:
    """``run`` with the hyphen (cluster ``end``) given to the cluster before it."""
    if run.end <= end:
        return run
    last = max((g.cluster for g in run.glyphs if g.cluster < end), default=end - 1)
    glyphs = tuple(g._replace(cluster=last) if g.cluster >= end else g for g in run.glyphs)
    return ShapedRun(run.start, end, run.level, run.script, run.face, glyphs)


def _offset(run: ShapedRun, by: int) -> ShapedRun:
    glyphs = tuple(Glyph(g.id, g.cluster + by, g.x_advance, g.x_offset, g.y_offset)
                   for g in run.glyphs)
    return ShapedRun(run.start + by, run.end + by, run.level, run.script, run.face, glyphs)


def _slice(runs: Sequence[ShapedRun], start: int, end: int) -> _ShapedLine | None:
    """The line ``[start, end)`` cut from the paragraph's shaping, if the cuts are safe.

    HarfBuzz flags a glyph *unsafe to break* when shaping the text on either
    side separately could change it; only then must the line be shaped again.
    """
    pieces: list[ShapedRun] = []
    for run in runs:
        if run.end <= start or run.start >= end:
            continue
        low, high = max(run.start, start), min(run.end, end)
        for cut in (low, high):
            if cut not in (run.start, run.end) and not _safe_cut(run, cut):
                return None
        first, last = run.glyph_range(low, high)
        glyphs = run.glyphs[first:last]
        pieces.append(ShapedRun(low, high, run.level, run.script, run.face, glyphs))
    return _ShapedLine(tuple(pieces), start, end, cut=True)


def _safe_cut(run: ShapedRun, position: int) -> bool:
    first, last = run.glyph_range(position, position + 1)
    return last > first and not any(run.unsafe_to_break(i) for i in range(first, last))


def _place_lines(text: str, paragraph: Paragraph, style: TextStyle,
                 spans: list[Break], width: float,
                 line_runs: Callable[[int, int, bool], _ShapedLine],
                 place_run: _RunPlacer) -> list[Line]:
    leading = style.leading or script_info(paragraph.script).leading
    lines: list[Line] = []
    baseline = 0.0
    for index, span in enumerate(spans):
        shaped = line_runs(span.start, trim_end(text, span.start, span.end), span.hyphen)
        last = index == len(spans) - 1
        line = _place(text, shaped, paragraph.rtl, style, width, last, place_run)
        if lines:
            previous = lines[-1]
            gap = previous.descent + line.ascent + LINE_GAP * style.size
            baseline += max(leading * style.size, gap)
        else:
            baseline = line.ascent
        lines.append(_with_baseline(line, baseline))
    return lines


def _with_baseline(line: Line, baseline: float) -> Line:
    return replace(line, baseline=baseline)


def _place(text: str, shaped: _ShapedLine, rtl: bool, style: TextStyle, width: float,
           last: bool, place_run: _RunPlacer) -> Line:
    size = style.size
    natural = shaped.advance * size
    extra = width - natural
    spaces = _space_glyphs(text, shaped) if style.align is Align.JUSTIFY and not last else 0
    tracking = _tracking(text, shaped, size, extra, spaces)
    if tracking:
        extra -= tracking * sum(_tracking_slots(text, run) for run in shaped.runs)
    stretch = extra / spaces if spaces else 0.0  # negative: the breaker let spaces shrink
    order = visual_order([run.level for run in shaped.runs])
    placed: list[PlacedRun] = []
    cursor = 0.0
    for index in order:
        run = place_run(text, shaped.runs[index], size, cursor, stretch,
                        tracking if _script_tracking(shaped.runs[index]) else 0.0)
        placed.append(run)
        cursor += run.width
    x = _line_x(style.align, rtl, width, cursor, last)
    ascent, descent = _extent(shaped, size)
    return Line(tuple(placed), x, cursor, 0.0, ascent, descent,
                text[shaped.start:shaped.end], shaped.start, shaped.end)


def _tracking(text: str, shaped: _ShapedLine, size: float, extra: float, spaces: int) -> float:
    """Letter spacing (points) for a justified line whose word gaps would pass MAX_GAP.

    Only where the breaker found no better lines (a language without a
    hyphenation dictionary, long words): the excess goes between the letters
    of scripts that allow it (the registry's ``justify_tracking``), up to
    that limit; whatever remains still widens the word gaps.
    """
    if not spaces:
        return 0.0
    natural_spaces = sum(g.x_advance for run in shaped.runs for g in run.glyphs
                         if text[g.cluster] == " ") * size
    excess = extra - (spaces * MAX_GAP * size - natural_spaces)
    if excess <= 1e-9:
        return 0.0
    slots = sum(_tracking_slots(text, run) for run in shaped.runs if _script_tracking(run))
    limits = [_script_tracking(run) for run in shaped.runs if _script_tracking(run)]
    if not slots:
        return 0.0
    return min(excess / slots, min(limits) * size)


def _script_tracking(run: ShapedRun) -> float:
    try:
        return script_info(run.script).justify_tracking
    except SafehavenError:
        return 0.0


def _tracking_slots(text: str, run: ShapedRun) -> int:
    return sum(1 for k in range(len(run.glyphs) - 1) if _tracked(text, run, k))


def _tracked(text: str, run: ShapedRun, k: int) -> bool:
    """Whether letter spacing follows glyph ``k``: the last glyph of a cluster inside a word."""
    cluster, following = run.glyphs[k].cluster, run.glyphs[k + 1].cluster
    return cluster != following and text[cluster] != " " and text[following] != " "


def _place_run(text: str, run: ShapedRun, size: float, x: float, stretch: float,
               tracking: float = 0.0) -> PlacedRun:
    glyphs: list[PlacedGlyph] = []
    append = glyphs.append
    pen = 0.0
    if tracking:
        return _place_tracked_run(text, run, size, x, stretch, tracking)
    for gid, cluster, x_advance, x_offset, y_offset in run.glyphs:
        advance = x_advance * size
        if stretch and text[cluster] == " ":
            advance += stretch
        append(PlacedGlyph(gid, pen + x_offset * size, y_offset * size, advance, cluster))
        pen += advance
    return PlacedRun(run.face, size * run.face.size_adjust, x, pen, tuple(glyphs),
                     text[run.start:run.end], run.start, run.end, run.level)


def _measure_run(text: str, run: ShapedRun, size: float, x: float, stretch: float,
                 tracking: float = 0.0) -> PlacedRun:
    """:func:`_place_run`'s run without its glyphs: its width summed the same way, to the
    last bit (a test compares the two on every text)."""
    if tracking:
        return replace(_place_tracked_run(text, run, size, x, stretch, tracking), glyphs=())
    pen = 0.0
    for glyph in run.glyphs:
        advance = glyph[2] * size
        if stretch and text[glyph[1]] == " ":
            advance += stretch
        pen += advance
    return PlacedRun(run.face, size * run.face.size_adjust, x, pen, (),
                     text[run.start:run.end], run.start, run.end, run.level)


_RunPlacer = Callable[[str, ShapedRun, float, float, float, float], PlacedRun]


def _place_tracked_run(text: str, run: ShapedRun, size: float, x: float, stretch: float,
                       tracking: float) -> PlacedRun:
    """:func:`_place_run` with ``tracking`` points after each cluster inside a word."""
    glyphs: list[PlacedGlyph] = []
    pen = 0.0
    for k, (gid, cluster, x_advance, x_offset, y_offset) in enumerate(run.glyphs):
        advance = x_advance * size
        if stretch and text[cluster] == " ":
            advance += stretch
        elif k + 1 < len(run.glyphs) and _tracked(text, run, k):
            advance += tracking
        glyphs.append(PlacedGlyph(gid, pen + x_offset * size, y_offset * size, advance, cluster))
        pen += advance
    return PlacedRun(run.face, size * run.face.size_adjust, x, pen, tuple(glyphs),
                     text[run.start:run.end], run.start, run.end, run.level)


def _space_glyphs(text: str, shaped: _ShapedLine) -> int:
    return sum(1 for run in shaped.runs for g in run.glyphs if text[g.cluster] == " ")


def _line_x(align: Align, rtl: bool, width: float, natural: float, last: bool) -> float:
    if align is Align.CENTER:
        return (width - natural) / 2
    at_end = align is Align.END
    if align is Align.JUSTIFY and not last:
        return 0.0 if natural >= width - 1e-6 else (width - natural if rtl else 0.0)
    return width - natural if rtl != at_end else 0.0


def _extent(shaped: _ShapedLine, size: float) -> tuple[float, float]:
    """The line's ink ascent and descent in points, never less than the minimums."""
    top, bottom = shaped.ink
    return top * size, -bottom * size
