"""What text a PDF reader should find under each line, for each kind of script.

Extractors (poppler's ``pdftotext``, PDFium in Chrome and Android) do not
read /ActualText as logical text: they run their own simplified bidi over it.
Measured (docs/pdf-text-extraction.md), three constructions give the source
back from both:

* ``CLUSTER_TEXT`` — left-to-right paragraphs (Latin, Myanmar): every glyph's
  ToUnicode holds its cluster's text; a cluster whose glyphs do not read
  back in order (a Myanmar vowel drawn before its consonant) is wrapped in an
  /ActualText span of its logical text, and its first glyph carries that
  text for pdf.js, which reads no /ActualText. Each character's box stays on
  the glyph it was drawn with.
* ``GLYPH_TEXT`` — right-to-left paragraphs in BMP scripts (Arabic): no span;
  every glyph's ToUnicode holds the text of its cluster, in visual order, with
  RLM/LRM marks that steer both extractors' reordering.
* ``HIDDEN`` — decoration (list bullets): a span whose /ActualText is empty
  to extractors, so a bullet beside a right-to-left paragraph does not split
  poppler's reading order.
* ``INVISIBLE_LAYER`` — paragraphs with right-to-left letters beyond the BMP
  (Hanifi Rohingya), which PDFium cannot take from /ActualText: the visible glyphs
  are hidden from extraction and an invisible copy of the text runs over the line:
  logical and guarded with LRMs in a right-to-left paragraph, in
  :func:`layer_order` in a left-to-right one (a footer naming the languages).

This module is pure: it computes strings from laid-out lines. The PDF writer
turns them into operators.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable
from enum import Enum
from functools import lru_cache
from itertools import groupby, pairwise

from ..text import icu
from ..text.boxes import Line, PlacedGlyph, PlacedRun, TypesetParagraph
from ..text.scripts import SCRIPTS

RLM, LRM = "\u200f", "\u200e"
#: Direction controls (the isolates around a site name, marks): they steer our layout, and a
#: reader that copies them gives the user invisible characters, so no glyph reads as one.
_NO_CONTROLS = dict.fromkeys([0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)])
#: Bidi classes poppler groups with left-to-right text.
_LTR_LIKE = frozenset({"L", "EN", "ES", "ET", "CS", "AN"})
_WEAK = frozenset({"EN", "AN", "NSM", "CS", "ES", "ET", "BN"})
#: poppler (``TextOutputDev.cc``) joins a line to the block above only when their baselines
#: are at most 1.5 of the block's type sizes apart (``maxLineSpacingDelta``) and the sizes
#: agree within 5 %. Unjoined lines and paragraphs make blocks whose extents poppler
#: widens towards short lines below them (a footer), until a block of one column reaches
#: into the other and its reading order puts that column first.
POPPLER_LINE_SPACING = 1.5
#: What a paragraph set further apart announces: a size at which its line pitch is this
#: many sizes, so its lines join and a paragraph gap of up to about 0.5 pitch too.
READER_PITCH = 1.2


#: The key in :func:`glyph_texts` of the marks that follow the line's last glyph (drawn on
#: an invisible glyph after it).
LINE_END = (-1, -1)


class Construction(Enum):
    CLUSTER_TEXT = "cluster-text"
    GLYPH_TEXT = "glyph-text"
    INVISIBLE_LAYER = "invisible-layer"
    #: Decoration such as list bullets: drawn, extracted as nothing.
    HIDDEN = "hidden"


def choose_construction(paragraph: TypesetParagraph) -> Construction:
    """The construction for one paragraph's lines.

    A paragraph with right-to-left letters beyond the BMP (Hanifi Rohingya), in either
    direction, gets the invisible layer: PDFium cannot read them from spans, and no
    reader counts them right to left (a left-to-right poster's footer read the name
    backwards as clusters). Other left-to-right paragraphs read glyph by glyph
    (``CLUSTER_TEXT``), right-to-left ones too (``GLYPH_TEXT``).
    """
    text = paragraph.text
    if max(text, default="") > "\uffff" and any(_is_supplementary_rtl(c) for c in text):
        return Construction.INVISIBLE_LAYER
    if not paragraph.rtl:
        return Construction.CLUSTER_TEXT
    return Construction.GLYPH_TEXT


def reading_size(paragraph: TypesetParagraph) -> float:
    """The type size a paragraph's text should announce to poppler: its own, or more.

    Myanmar lines stand 1.75 sizes apart (stacked signs) and Hanifi lines 1.55: at
    their real size poppler would not join them into blocks (see
    ``POPPLER_LINE_SPACING``). Such a paragraph announces a size at which its pitch
    is ``READER_PITCH`` sizes; nothing is drawn at it. Paragraphs that poppler
    joins at their own size (Latin) announce nothing new.
    """
    lines = paragraph.lines
    pitch = max([paragraph.pitch, *(b.baseline - a.baseline
                                    for a, b in pairwise(lines))])
    if pitch <= POPPLER_LINE_SPACING * paragraph.size:
        return paragraph.size
    return pitch / READER_PITCH


def poppler_needs_rtl(texts: Iterable[str], copied: Iterable[str] | None = None) -> bool:
    """Whether a page of ``texts`` is right-to-left but poppler would count it left-to-right.

    poppler decides a page's direction once, by counting its letters (``primaryLR`` in
    ``TextOutputDev.cc``), and knows none beyond the BMP: a page mostly in such a script
    (``ScriptInfo.extractors_count_rtl``) reads its columns left to right. Such a page's
    invisible layers get a copy of each line for poppler alone (:func:`poppler_rtl_text`).
    A page that only names such a language among others (a footer) is left alone.

    That copy's RLMs are what make poppler count the page right to left. A page where
    they would not outnumber its left-to-right letters (a handout with English on its
    other half) is left alone too: poppler counts it left to right whatever we do, and
    reads each line's copy in that order (:func:`guarded_logical_text`). A copy meant
    for the other count read 0.905 there. ``copied``: the texts whose lines get a copy
    (right-to-left paragraphs in the invisible layer); by default every text with such
    letters.
    """
    texts = list(texts)
    ltr = rtl = counted = 0
    chars = _characters(texts)
    strong_rtl: list[tuple[str, int]] = []
    for char, times in chars.items():
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            ltr += times
        elif kind in ("R", "AL"):
            rtl += times
            strong_rtl.append((char, times))
    if rtl <= ltr:
        return False  # a left-to-right page: no script to look up
    for char, times in strong_rtl:
        info = SCRIPTS.get(icu.script_of(char))
        counted += times if info is None or info.extractors_count_rtl else 0
    if counted > ltr:
        return False  # poppler counts the page right to left already
    margin = ltr - counted  # what the copies' RLMs must outnumber
    for text in texts if copied is None else copied:
        if any(_is_supplementary_rtl(char) for char in text):
            margin -= poppler_rtl_text(text).count(RLM)
            if margin < 0:
                return True
    return False


def _characters(texts: Iterable[str]) -> Counter[str]:
    """How often each character occurs in ``texts``: each distinct character is then
    classified once, not each use."""
    chars: Counter[str] = Counter()
    for text in texts:
        chars.update(text)
    return chars


@lru_cache(maxsize=4096)
def poppler_rtl_text(text: str) -> str:
    """``text`` in the order poppler's right-to-left ``reorderText`` gives back logical.

    poppler writes a right-to-left line from its right end: a run of characters that are
    neither left-to-right nor numbers (letters beyond the BMP count as neither) reversed,
    each left-to-right or number run as it is. So the pieces go in reverse order, a
    right-to-left run reversed with every BMP character of it between two RLMs (poppler
    counts "-" and the like as a number or left-to-right), and each left-to-right or number
    run between two RLMs, which also make poppler count the page right-to-left.
    """
    text = text.translate(_NO_CONTROLS)
    pieces = []
    for strong, run in groupby(text, key=lambda char: poppler_class(char) in ("L", "#")):
        chars = list(run)
        pieces.append(RLM + "".join(chars) + RLM if strong else "".join(
            char if ord(char) > 0xFFFF else RLM + char + RLM for char in reversed(chars)))
    return "".join(reversed(pieces))


def poppler_counts_ltr(texts: Iterable[str]) -> bool:
    """Whether poppler counts a page of ``texts`` left to right (``primaryLR``): at least
    as many of its letters are left-to-right as right-to-left (letters beyond the BMP
    count as neither)."""
    balance = 0
    for char, times in _characters(texts).items():
        kind = poppler_class(char)
        balance += times if kind == "L" else -times if kind == "R" else 0
    return balance >= 0


def _in_rtl_piece(char: str) -> bool:
    """Whether poppler's left-to-right ``reorderText`` keeps ``char`` inside a reversed
    right-to-left section: right-to-left letters, their marks, joiners and spaces."""
    return (char == " " or (unicodedata.bidirectional(char) in ("R", "AL", "NSM", "BN")
            and ord(char) <= 0xFFFF))


def needs_poppler_ltr_copy(text: str) -> bool:
    """Whether poppler, on a page it counts left to right, would read a right-to-left line
    of ``text`` (BMP letters, one glyph text each) with its pieces out of order.

    Its ``reorderText`` then writes a line's sections in the order they stand from the
    left, reversing only a section that starts with a right-to-left character and ends
    before a left-to-right or number character: a comma, a full stop, digits, a Latin
    word or a bracket at the line's end each start a new section, in visual order.
    """
    text = text.translate(_NO_CONTROLS)
    return any(poppler_class(c) == "R" for c in text) and not all(map(_in_rtl_piece, text))


@lru_cache(maxsize=4096)
def poppler_ltr_text(text: str) -> str:
    """``text`` in the order poppler's left-to-right ``reorderText`` gives back logical.

    The pieces go in logical order: each right-to-left piece (letters, marks and spaces)
    reversed behind an RLM, which starts a reversed section whatever its first character
    is; everything else (punctuation, digits, Latin) as written between two LRMs, which
    end the section before it whatever poppler counts the piece's characters as.
    """
    pieces = []
    for rtl, run in groupby(text.translate(_NO_CONTROLS), key=_in_rtl_piece):
        chars = "".join(run)
        pieces.append(RLM + chars[::-1] if rtl else LRM + chars + LRM)
    return "".join(pieces)


def without_controls(text: str) -> str:
    """``text`` without direction controls (they steer layout; nobody sees them)."""
    return text.translate(_NO_CONTROLS)


def poppler_class(char: str) -> str:
    """poppler's view of ``char``: L, # (a number), R, or X (beyond the BMP), else N."""
    if ord(char) > 0xFFFF:
        return "X"
    kind = unicodedata.bidirectional(char)
    return {"L": "L", "EN": "#", "AN": "#", "R": "R", "AL": "R"}.get(kind, "N")


def _is_supplementary_rtl(char: str) -> bool:
    return ord(char) > 0xFFFF and unicodedata.bidirectional(char) in ("R", "AL")


def line_levels(line: Line) -> list[int]:
    """The embedding level of every character of ``line.text``."""
    levels = [0] * len(line.text)
    for run in line.runs:
        for index in range(run.start, min(run.end, line.start + len(line.text))):
            levels[index - line.start] = run.level
    return levels


_POP_ISOLATE = "\u2069"


def marked_text(text: str, levels: list[int]) -> tuple[str, list[int | None]]:
    """``text`` with the RLM/LRM marks of the glyph-text construction.

    An RLM follows every left-to-right-like stretch and every change from an
    even to an odd level; a mirrored character at an odd level is wrapped as
    LRM, char, RLM. A stretch that ends an isolate (a phone number filled into a
    sentence) gets its RLM after the isolate's end: inside it, the mark stood between
    two groups of digits in visual order, and poppler, which counts it right to left,
    read "(414) 475-8393" as "8393-.(414) 475". Returns the marked string and, for
    each of its characters, the index in ``text`` (None for an inserted mark).
    """
    ltr_like = [levels[i] % 2 == 0 or unicodedata.bidirectional(c) in _LTR_LIKE
                for i, c in enumerate(text)]
    out: list[str] = []
    source: list[int | None] = []
    owed = False  # a change at an isolate's end: its RLM goes after the isolate
    for index, char in enumerate(text):
        wrap = levels[index] % 2 == 1 and unicodedata.mirrored(char)
        if wrap:
            out.append(LRM)
            source.append(None)
        out.append(char)
        source.append(index)
        following = index + 1 < len(text)
        changes = following and (
            (ltr_like[index] and not ltr_like[index + 1])
            or (levels[index] % 2 == 0 and levels[index + 1] % 2 == 1))
        closes = following and text[index + 1] == _POP_ISOLATE
        if (changes or owed) and closes and not wrap:
            owed = True  # inside the isolate, poppler would cut its number at the mark
            continue
        if wrap or changes or owed:
            owed = False
            out.append(RLM)
            source.append(None)
    return "".join(out), source


def glyph_texts(line: Line) -> dict[tuple[int, int], str]:
    """For ``GLYPH_TEXT``: the text each glyph stands for, keyed by (run, glyph) index.

    The line's marked text is put in visual order (ICU, paragraph level RTL,
    no mirroring) and cut at glyphs: each character goes to the glyph that
    carries its cluster, each mark to the glyph after it; marks after the
    last glyph go under the key ``LINE_END`` (the writer draws them on a space
    after the line: before the last glyph's text, PDFium read a bracket that
    opens the line mirrored). A glyph's text then never ends in a mark:
    pdf.js skips a glyph whose text ends in a format character. Glyphs that
    are not the first of their cluster get "" and are drawn hidden.
    """
    carriers = _cluster_carriers(line)
    marked, source = marked_text(line.text, line_levels(line))
    texts = {key: "" for key in _glyph_keys(line)}
    pending = ""
    for index in icu.visual_order_indices(marked, rtl=True):
        char, origin = marked[index], source[index]
        if origin is None:
            pending += char
            continue
        key = carriers[origin]
        texts[key] += pending + char
        pending = ""
    if pending:
        texts[LINE_END] = pending
    _join_overlapped(line, texts)
    return texts


def _join_overlapped(line: Line, texts: dict[tuple[int, int], str]) -> None:
    """Give a glyph of no advance's text to the glyph drawn from the same point after it
    (the alef of a lam-alef, which Noto Naskh draws over its lam), which reads as both.

    Read from a glyph of no width, the alef was measured by pdf.js from where the last
    glyph with a width ended, past the space before the word: it read a space inside
    the word ("ولا" as "ول ا", six times on the Arabic poster). Where the lam reads as
    nothing because a haraka carries its cluster's text, :func:`leaning_on_copies`
    decides instead.
    """
    for r, run in enumerate(line.runs):
        glyphs = run.glyphs
        for g, under in drawn_over_next(run):
            if under == g + 1 and glyphs[under].advance > 0 and texts[(r, g)] \
                    and texts[(r, under)]:
                texts[(r, under)] = texts[(r, g)] + texts[(r, under)]
                texts[(r, g)] = ""


def drawn_over_next(run: PlacedRun) -> list[tuple[int, int]]:
    """Each glyph of ``run`` with no advance on the baseline that starts where the next
    glyph on the baseline starts, and that glyph: (over, under). Noto Naskh draws the
    alef of a lam-alef so, over its lam; which glyph reads its text is decided by
    :func:`_join_overlapped` (the lam reads its own text) and :func:`leaning_on_copies`
    (a haraka carries the lam's cluster's text)."""
    glyphs = run.glyphs
    found: list[tuple[int, int]] = []
    for g, glyph in enumerate(glyphs):
        if glyph.advance != 0 or round(glyph.y, 3) != 0:
            continue
        under = next((b for b in range(g + 1, len(glyphs)) if round(glyphs[b].y, 3) == 0),
                     None)
        if under is not None and abs(glyphs[under].x - glyph.x) < 1e-6:
            found.append((g, under))
    return found


def leaning_on_copies(run: PlacedRun, texts: dict[tuple[int, int], str], r: int
                      ) -> set[int]:
    """Glyphs of ``run`` (its index ``r`` in the line) with text of their own drawn over a
    base that an invisible copy reads for (its cluster's mark carries the text): the
    alef of a lam-alef whose lam carries a haraka (or any glyph :func:`drawn_over_next`
    finds so, a ZWNJ after a vowelled letter too: read from a copy beside the base's, in
    the same order).

    Read from the line's visible segment, such a glyph is a word of no width inside the
    copy's word, and poppler starts a new line there ("والِأسُر" read "وا أ" and, a line
    above, "لِسُر"). The PDF writer reads it from a copy of its own in the copy's
    segment instead.
    """
    glyphs = run.glyphs
    carried = {glyph.cluster for g, glyph in enumerate(glyphs)
               if round(glyph.y, 3) != 0 and texts[(r, g)]}
    if not carried:
        return set()
    return {g for g, under in drawn_over_next(run)
            if texts[(r, g)] and glyphs[g].cluster not in carried
            and glyphs[under].cluster in carried}


def cluster_groups(line: Line) -> list[tuple[int, list[int], str]]:
    """For ``CLUSTER_TEXT``: each cluster as (run, its glyph indices in drawing order, text).

    Clusters come in drawing (visual) order; the text is the cluster's logical
    source text, which a reader must get back however HarfBuzz ordered,
    split or joined the glyphs.
    """
    groups: list[tuple[int, list[int], str]] = []
    end = line.start + len(line.text)
    for r, run in enumerate(line.runs):
        starts = sorted({g.cluster for g in run.glyphs})
        following = {c: (starts[i + 1] if i + 1 < len(starts) else min(run.end, end))
                     for i, c in enumerate(starts)}
        current: int | None = None
        seen: set[int] = set()
        for g, glyph in enumerate(run.glyphs):
            if glyph.cluster == current:
                groups[-1][1].append(g)
                continue
            current = glyph.cluster
            if glyph.cluster in seen:  # a cluster split around another: its text is given
                groups.append((r, [g], ""))
                continue
            seen.add(glyph.cluster)
            text = line.text[glyph.cluster - line.start: following[glyph.cluster] - line.start]
            groups.append((r, [g], text.translate(_NO_CONTROLS)))
    return groups


def _glyph_keys(line: Line) -> list[tuple[int, int]]:
    return [(r, g) for r, run in enumerate(line.runs) for g in range(len(run.glyphs))]


def _cluster_carriers(line: Line) -> dict[int, tuple[int, int]]:
    """Line text index → the (run, glyph) that carries its cluster's text."""
    carriers: dict[int, tuple[int, int]] = {}
    end = line.start + len(line.text)
    for r, run in enumerate(line.runs):
        logical = sorted(range(len(run.glyphs)), key=lambda g: _logical_key(run.glyphs[g], g))
        firsts: dict[int, int] = {}  # each cluster's first glyph in logical order
        for g in logical:
            firsts.setdefault(run.glyphs[g].cluster, g)
        starts = sorted(firsts)
        stop = min(run.end, end)
        for position, cluster in enumerate(starts):
            following = starts[position + 1] if position + 1 < len(starts) else stop
            first = firsts[cluster]
            for index in range(cluster, following):
                carriers[index - line.start] = (r, first)
    return carriers


def _logical_key(glyph: PlacedGlyph, index: int) -> tuple[int, int]:
    return glyph.cluster, index


def layer_order(text: str, levels: list[int]) -> list[int] | None:
    """See :func:`_layer_order`; worked out once per line (the layer and poppler's copy
    both ask)."""
    order = _layer_order(text, tuple(levels))
    return None if order is None else list(order)


@lru_cache(maxsize=4096)
def _layer_order(text: str, levels: tuple[int, ...]) -> tuple[int, ...] | None:
    """For ``INVISIBLE_LAYER``: the order a left-to-right paragraph's line gives its
    characters in, as indices of ``text``; None for other lines (their layer is
    :func:`guarded_logical_text`).

    A Hanifi name in an English line (a poster's footer) stays in logical order: PDFium
    and poppler count no letter beyond the BMP as right to left, and read it as it
    stands. An Arabic word is given in visual order, as a PDF usually has it: PDFium
    turns a right-to-left stretch round in a left-to-right line, poppler and pdf.js read
    it back as they read any Arabic. The guards of :func:`guarded_logical_text` made
    every reader read the name in order too, but with a direction mark after each
    letter, which Chrome's and poppler's search then do not find ("العربية").

    Only where every reader then reads each stretch back: each right-to-left stretch has
    left-to-right letters as its nearest strong neighbours on both sides, and one without
    Hanifi letters is a single word of letters (no space, mark, digit or format
    character: PDFium turns each word round on its own, and marks, digits and a second
    word or name beside it came back in the wrong place). Any other line, and a line of
    a right-to-left paragraph (``levels`` without a 0), is guarded.
    """
    if 0 not in levels:
        return None
    order = list(range(len(text)))
    for start, end in _rtl_stretches(text, levels):
        stretch = text[start:end]
        hanifi = any(_is_supplementary_rtl(char) for char in stretch)
        if not hanifi and not all(unicodedata.bidirectional(char) in ("R", "AL")
                                  and unicodedata.category(char).startswith("L")
                                  for char in stretch):
            return None
        if _strong(text, range(start - 1, -1, -1)) != "L" or \
                _strong(text, range(end, len(text))) != "L":
            return None
        if not hanifi:
            order[start:end] = order[start:end][::-1]
    rtl_segments, ltr_segments = _pdfium_segments("".join(text[i] for i in order))
    return tuple(order) if ltr_segments > rtl_segments else None


def layer_text(text: str, levels: list[int]) -> str:
    """The invisible layer's text of a line: in :func:`layer_order`, or guarded."""
    order = layer_order(text, levels)
    return guarded_logical_text(text) if order is None else "".join(text[i] for i in order)


def _rtl_stretches(text: str, levels: tuple[int, ...]) -> list[tuple[int, int]]:
    """Each stretch of characters at an odd level, as (start, end), without the format
    characters at its ends (an isolate's, which its run gives the stretch's level). A
    number inside Arabic (level 2) parts two stretches, whose strong neighbours are then
    right to left: :func:`layer_order` guards such a line."""
    stretches: list[tuple[int, int]] = []
    index = 0
    for odd, run in groupby(levels, key=lambda level: level % 2 == 1):
        start, end = index, index + len(list(run))
        index = end
        if not odd:
            continue
        while start < end and unicodedata.category(text[start]) == "Cf":
            start += 1
        while end > start and unicodedata.category(text[end - 1]) == "Cf":
            end -= 1
        if start < end:
            stretches.append((start, end))
    return stretches


def _strong(text: str, indices: Iterable[int]) -> str | None:
    """The direction of the first strong character at ``indices``: "L", "R" (a Hanifi
    letter too), or None if there is none."""
    for index in indices:
        char = text[index]
        if _is_supplementary_rtl(char):
            return "R"
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return "L"
        if kind in ("R", "AL"):
            return "R"
    return None


def guarded_logical_text(text: str) -> str:
    """For ``INVISIBLE_LAYER``: logical text with the LRMs that keep PDFium from reordering.

    An LRM follows every BMP character of class R or AL; then, while the line
    has at least as many right-to-left as left-to-right segments in PDFium's
    count, one more LRM goes after the last space before a non-L character.
    """
    guarded = "".join(
        c + (LRM if ord(c) <= 0xFFFF and unicodedata.bidirectional(c) in ("R", "AL") else "")
        for c in text)
    while True:
        rtl_segments, ltr_segments = _pdfium_segments(guarded)
        if rtl_segments == 0 or ltr_segments > rtl_segments:
            return guarded
        spots = [i for i in range(1, len(guarded)) if guarded[i - 1] == " "
                 and guarded[i] not in (LRM, " ") and unicodedata.bidirectional(guarded[i]) != "L"]
        if not spots:
            return guarded + LRM
        guarded = guarded[: spots[-1]] + LRM + guarded[spots[-1]:]


def _pdfium_segments(text: str) -> tuple[int, int]:
    kinds: list[str] = []
    for char in text:
        cls = "N" if ord(char) > 0xFFFF else unicodedata.bidirectional(char)
        kind = ("L" if cls == "L" else "R" if cls in ("R", "AL")
                else "W" if cls in _WEAK else "N")
        if not kinds or kinds[-1] != kind:
            kinds.append(kind)
    return kinds.count("R"), kinds.count("L")
