"""Choose where lines end, in logical order, from shaped widths.

Break opportunities come from ICU (UAX #14, with dictionary word breaks for
Myanmar script) and, for languages with a hyphenation dictionary, from
:mod:`.hyphenate`; they are kept only where a shaped cluster starts, so a line
never ends inside a syllable, and never after a cluster the script's entry
says belongs to the next word (a prefix). Each kept opportunity gets a price
from the script registry: nothing after a space; a little after a hyphen or
dash; much inside a phrase of a script whose spaces separate phrases (Burmese
and Karen, where ICU's dictionary breaks can split a particle from its verb and
know no Karen words at all). There a line may end inside a phrase only when
ending at its last space would leave it less than MIN_FILL full.

:mod:`.totalfit` then chooses the best set of line ends for the whole
paragraph. Widths are sums of shaped cluster advances; a chosen line whose
ends are not safe to break is measured again by reshaping it (``measure``)
and the choice made again with the real width if it does not fit.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from msgspec import Struct

from .scripts import SCRIPTS, ScriptInfo
from .shaping import ShapedRun
from .totalfit import EMERGENCY, Breakpoints, shrinkable, solve

#: Measure(start, end, hyphen): the shaped width of ``text[start:end]`` in em,
#: with a hyphen after it if ``hyphen``; None when it is the sum of the clusters'
#: advances (the line was cut where shaping is safe to break).
Measure = Callable[[int, int, bool], float | None]
#: A line ending at a space must fill at least this share of the width, or a
#: break inside a phrase (in scripts whose spaces separate phrases) is not taken.
MIN_FILL = 0.6
_MEASURE_ROUNDS = 8


class Break(Struct, frozen=True):
    """One line: ``text[start:end]`` (trailing spaces hang), hyphenated if ``hyphen``."""

    start: int
    end: int
    hyphen: bool = False


#: A break point before it becomes part of :class:`Breakpoints`: position, hyphen
#: width (0: none), penalty, mandatory, and whether the phrase fill rule applies.
_Spec = tuple[int, float, float, bool, bool]


class Breakable(Struct, frozen=True):
    """A paragraph prepared for breaking at any measure (cached with its shaping)."""

    text: str
    prefix: tuple[float, ...]
    boundaries: frozenset[int]
    specs: tuple[_Spec, ...]
    points: Breakpoints
    #: Cluster starts a line may not end at, even inside a too-wide piece (after a prefix).
    forbidden: frozenset[int] = frozenset()


def cluster_advances(length: int, runs: Sequence[ShapedRun]) -> list[float]:
    """Advance of each cluster, stored at the cluster's first code point (others 0)."""
    advances = [0.0] * length
    for run in runs:
        for glyph in run.glyphs:
            advances[glyph.cluster] += glyph.x_advance
    return advances


def cluster_starts(runs: Sequence[ShapedRun]) -> frozenset[int]:
    """Code point indices where a cluster begins: the only places a line may end."""
    starts = {run.start for run in runs}
    starts.update(glyph.cluster for run in runs for glyph in run.glyphs)
    return frozenset(starts)


def trim_end(text: str, start: int, end: int) -> int:
    """``end`` moved back over trailing white space, which hangs past the margin."""
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def prepare(text: str, advances: Sequence[float], opportunities: Sequence[tuple[int, bool]],
            boundaries: frozenset[int], hyphens: Mapping[int, float],
            script_at: Callable[[int], ScriptInfo]) -> Breakable:
    """Every usable line end of ``text`` with its price, ready for :func:`break_lines`.

    ``hyphens`` maps hyphenation points to the width (em) of the hyphen drawn
    there; ``script_at(i)`` is the registry entry of the script of ``text[i]``.
    """
    prefix = [0.0]
    for advance in advances:
        prefix.append(prefix[-1] + advance)
    ordinary = {p: hard for p, hard in opportunities if p in boundaries or p == len(text)}
    ordinary[len(text)] = ordinary.get(len(text), False)
    finals = {prefix[-1] for info in SCRIPTS.values() for prefix in info.never_ends_line}
    forbidden = frozenset(p for p in boundaries if 0 < p < len(text)
                          and (text[p - 1] in finals or text[p - 1].isspace())
                          and (_ends_with_prefix(text, boundaries, p, script_at)
                               or _starts_with_spaced_dash(text, p)))
    specs: list[_Spec] = []
    for position in sorted(set(ordinary) | {p for p in hyphens if p in boundaries}):
        if position <= 0 or position in forbidden:
            continue
        if position in ordinary:
            specs.append(_ordinary(text, position, ordinary[position], script_at))
        else:
            specs.append((position, hyphens[position], 0.0, False, False))
    return Breakable(text, tuple(prefix), boundaries, tuple(specs),
                     _points(text, prefix, boundaries, specs), forbidden)


def _ordinary(text: str, position: int, hard: bool,
              script_at: Callable[[int], ScriptInfo]) -> _Spec:
    if position == len(text) or text[position - 1].isspace():
        return (position, 0.0, 0.0, hard, False)
    info = script_at(position - 1)
    return (position, 0.0, float(info.inner_break_penalty) ** 2, hard,
            not info.spaces_between_words)


#: Dashes set with a space before them, as an aside's mark (" — "): never at a line's start.
_DASHES = frozenset("\u2013\u2014")


def _starts_with_spaced_dash(text: str, position: int) -> bool:
    """Whether the line would start with a dash that follows a space: UAX #14 lets a line
    break before one, but the dash belongs with the words before it, not at the head
    of the next line (where it reads as a list's mark)."""
    return text[position] in _DASHES and text[position - 1].isspace()


def _ends_with_prefix(text: str, boundaries: frozenset[int], position: int,
                      script_at: Callable[[int], ScriptInfo]) -> bool:
    """Whether the line would end with a cluster its script never ends a line with."""
    end = trim_end(text, 0, position)
    if end == 0 or position == len(text):
        return False
    start = end - 1
    while start > 0 and start not in boundaries:
        start -= 1
    return text[start:end] in script_at(start).never_ends_line


def _points(text: str, prefix: Sequence[float], boundaries: frozenset[int],
            specs: Sequence[_Spec]) -> Breakpoints:
    """The numbers :func:`.totalfit.solve` works on, from the paragraph start to its end."""
    count, width = [0], [0.0]
    for index, char in enumerate(text):
        is_space = char == " " and index in boundaries
        count.append(count[-1] + is_space)
        width.append(width[-1] + (prefix[index + 1] - prefix[index] if is_space else 0.0))
    positions, ends, starts, hyphens, penalties = [0], [0.0], [0.0], [0.0], [0.0]
    spaces, space_width, start_spaces, start_space_width = [0], [0.0], [0], [0.0]
    fill_rule, hard, words = [-1], [False], [0]
    last_space = -1
    for position, hyphen, penalty, mandatory, phrase in specs:
        trimmed = trim_end(text, 0, position)
        fill_rule.append(last_space if phrase else -1)
        if position == len(text) or text[position - 1].isspace():
            last_space = len(positions)
        positions.append(position)
        ends.append(prefix[trimmed])
        starts.append(prefix[position])
        hyphens.append(hyphen)
        penalties.append(penalty)
        spaces.append(count[trimmed])
        space_width.append(width[trimmed])
        start_spaces.append(count[position])
        start_space_width.append(width[position])
        hard.append(mandatory)
        words.append(words[-1] + (hyphens[-2] == 0 and penalties[-2] < EMERGENCY
                                  and len(positions) > 2))
    hard_next = [len(positions) - 1] * len(positions)
    for index in range(len(positions) - 2, -1, -1):
        hard_next[index] = index if hard[index] else hard_next[index + 1]
    widest = max((ends[k + 1] - starts[k] + hyphens[k + 1] for k in range(len(positions) - 1)),
                 default=0.0)
    return Breakpoints(tuple(positions), tuple(ends), tuple(starts), tuple(hyphens),
                       tuple(penalties), tuple(spaces), tuple(space_width), tuple(start_spaces),
                       tuple(start_space_width), tuple(fill_rule), tuple(hard_next),
                       tuple(words), widest)


def break_lines(paragraph: Breakable, width: float, justify: bool,
                measure: Measure, min_fill: float = MIN_FILL) -> list[Break]:
    """The best lines covering the paragraph at ``width`` em, in logical order.

    ``min_fill``: how full a line ending at a space must be before a break
    inside a phrase is refused (0 for headlines: never, unless a phrase alone
    is wider than the line).
    """
    text = paragraph.text
    points = paragraph.points
    if points.widest > width + 1e-9:
        points = _with_emergency_breaks(paragraph, width)
    exact: dict[tuple[int, int], float] = {}
    for _ in range(_MEASURE_ROUNDS):
        chosen = solve(points, width, justify, min_fill, exact)
        pairs = list(zip([0, *chosen], chosen, strict=False))
        redo = False
        for i, j in pairs:
            if (i, j) in exact:
                continue
            start, end = points.positions[i], points.positions[j]
            hyphen = points.hyphen[j] > 0
            estimate = points.end[j] - points.start[i] + points.hyphen[j]
            real = measure(start, trim_end(text, start, end), hyphen)
            if real is not None and abs(real - estimate) > 1e-6:
                exact[(i, j)] = real
                last = j == len(points.positions) - 1
                allowed = width + (shrinkable(points, i, j) if justify and not last else 0.0)
                redo = redo or (real > allowed + 1e-9 and j > i + 1)
        if not redo:
            break
    return [Break(points.positions[i], points.positions[j], points.hyphen[j] > 0)
            for i, j in pairs]


def _with_emergency_breaks(paragraph: Breakable, width: float) -> Breakpoints:
    """Break points plus cuts inside pieces wider than the line, at the last cluster that fits.

    A piece (a long web address, a phrase in a narrow column) wider than the
    line is cut where its start and each cut leave as much on the line as fits,
    at least one cluster; the cuts cost so much that they are taken only there.
    """
    text, prefix = paragraph.text, paragraph.prefix
    specs = list(paragraph.specs)
    starts = [0, *(spec[0] for spec in specs)]
    cuts: list[_Spec] = []
    for begin, spec in zip(starts, specs, strict=False):
        finish = trim_end(text, begin, spec[0])
        current = begin
        while prefix[finish] - prefix[current] + spec[1] > width + 1e-9:
            cut = current
            for boundary in range(current + 1, finish):
                if boundary in paragraph.boundaries and boundary not in paragraph.forbidden:
                    if prefix[boundary] - prefix[current] > width + 1e-9 and cut > current:
                        break
                    cut = boundary
            if cut == current:
                break
            cuts.append((cut, 0.0, EMERGENCY, False, False))
            current = cut
    merged = sorted(specs + cuts)
    return _points(text, prefix, paragraph.boundaries, merged)
