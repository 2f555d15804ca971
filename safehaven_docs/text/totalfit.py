"""Total-fit line breaking: the best set of line ends for a whole paragraph.

In the manner of Knuth and Plass (TeX), every way of breaking the paragraph
at its break points is scored at once, and the cheapest wins. A line's cost
("demerits") grows with the cube of how far its spaces stretch or shrink
(justified text) or how short it falls (ragged text), plus penalties for
where it ends: at a hyphenation point, or inside a phrase. Unlike TeX, the
number of lines comes first: no paragraph takes more lines than the fewest
its break points allow, so a fitted poster never loses a size to the line
breaker, and a wider measure never gives more lines.

This module sees only numbers (widths in em, penalties): it neither shapes
nor knows scripts. :mod:`.linebreak` turns a paragraph into
:class:`Breakpoints` and checks the chosen lines against shaping.
"""

from __future__ import annotations

from bisect import bisect_right

from msgspec import Struct

#: Word gaps of justified text: at most this wide (em) without large demerits,
#: and no narrower than this share of the font's space.
MAX_GAP, MIN_SPACE = 0.6, 0.8
#: Ragged text: a line this share of the measure short has badness 100.
RAG = 1 / 3
#: Demerits: per line (TeX's \linepenalty), hyphen penalties for justified and
#: ragged text (hyphens in ragged text only where they help a lot), two hyphenated
#: lines in a row, a hyphen on the line before the last, a last line of one word (in
#: a paragraph of more than SHORT lines, and in a short one: headings, captions).
LINE_PENALTY = 10.0
HYPHEN_JUSTIFIED, HYPHEN_RAGGED = 50.0**2, 150.0**2
DOUBLE_HYPHEN, FINAL_HYPHEN = 10_000.0, 5_000.0
SHORT_LAST_LINE, SHORT_PARAGRAPH_LAST_LINE, SHORT = 200.0**2, 1000.0**2, 3
#: A line end inside a word too wide for the line: taken only when nothing else fits.
EMERGENCY = 1e9
#: Break points are looked at only for lines at least this full (unless none is), and, in
#: justified text, up to this share wider than the measure (spaces shrink).
PRUNE, _SHRINK_REACH = 0.5, 0.05
_MAX_BADNESS = 1e5
_EPSILON = 1e-9


class Breakpoints(Struct, frozen=True):
    """A paragraph's possible line ends, in em, independent of the measure.

    Index 0 is the start of the paragraph; the last index is its end. For each
    break point: ``end`` is the width from the paragraph's start to the end of
    a line broken there (trailing spaces hang), ``start`` the width to where the
    next line starts, ``hyphen`` the width of the hyphen the line then gets (0:
    none), ``penalty`` its demerits, ``spaces``/``space_width`` the count and
    width of word spaces before ``end`` and ``start_spaces``/``start_space_width``
    before ``start``. ``fill_rule`` is, for a break inside a phrase in a script
    whose spaces separate phrases, the index of the last break after a space
    before it (the line may end inside the phrase only if ending there would
    leave the line less than ``min_fill`` full); -1 elsewhere. ``hard_next``: the
    first mandatory break at or after each index.
    """

    positions: tuple[int, ...]
    end: tuple[float, ...]
    start: tuple[float, ...]
    hyphen: tuple[float, ...]
    penalty: tuple[float, ...]
    spaces: tuple[int, ...]
    space_width: tuple[float, ...]
    start_spaces: tuple[int, ...]
    start_space_width: tuple[float, ...]
    fill_rule: tuple[int, ...]
    hard_next: tuple[int, ...]
    #: How many break points between words (not hyphenation points or cuts) come
    #: before each index: a last line with none inside holds a single word.
    words: tuple[int, ...]
    #: The widest stretch between two neighbouring break points (a long word).
    widest: float


def solve(points: Breakpoints, width: float, justify: bool, min_fill: float,
          exact: dict[tuple[int, int], float] | None = None, prune: bool = True) -> list[int]:
    """Indices of the break points that end lines, best first to last.

    ``exact`` gives measured widths of lines (by their break point indices)
    where shaping differs from the sum of the parts. A paragraph whose break
    points cannot all be reached (a piece wider than ``width``) still gets an
    answer: a line may then be too wide, and the caller breaks such pieces.
    Lines less than PRUNE full are considered only when the best answer cannot
    do without them (``prune``), which keeps the work near linear.
    """
    count = len(points.positions)
    last = count - 1
    lines = [count + 1] * count
    demerits = [0.0] * count
    previous = [-1] * count
    lines[0] = 0
    end, start, penalty, hard_next = points.end, points.start, points.penalty, points.hard_next
    plain = _plain(points) if not justify and not exact else [False] * count
    hyphen, fill_rule, fill_limit = points.hyphen, points.fill_rule, min_fill * width
    extra = [p + (HYPHEN_RAGGED if h > 0 else 0.0) for p, h in zip(penalty, hyphen, strict=True)]
    reach = width * (1.0 + _SHRINK_REACH) if justify else width
    inverse_rag = 1.0 / (RAG * width) if width > 0 else 1e9
    fewest = _fewest_lines(points, reach) if prune else [0] * count
    first = _first_with(fewest)
    for i in range(last):
        if lines[i] > count or (prune and lines[i] + fewest[i] > fewest[0]):
            continue  # unreached, or on no path of the fewest lines
        base = start[i]
        # Up to the next mandatory break after i (a line that starts at one goes on).
        high = min(bisect_right(end, base + reach + _EPSILON, i + 1), hard_next[i + 1] + 1)
        low = i + 1
        if prune:  # lines less than PRUNE full are left out, unless nothing else fits
            fits = bisect_right(end, base + width, i + 1) - 1
            low = max(low, min(bisect_right(end, base + width * PRUNE, i + 1), fits, high - 1),
                      min(first[fewest[i] - 1], high - 1))
        high = max(high, low + 1)  # nothing fits: the next break point, too wide
        line_count = lines[i] + 1
        before = demerits[i]
        after_hyphen = hyphen[i] > 0
        for j in range(low, high):
            if plain[j]:  # the common case (ragged, not a last line or a cut), kept tight
                rule = fill_rule[j]
                if rule > i and end[rule] - base >= fill_limit:
                    continue
                slack = width - end[j] - hyphen[j] + base
                if slack < -_EPSILON:
                    if j > i + 1:
                        continue
                    badness = EMERGENCY
                else:
                    ratio = slack * inverse_rag
                    badness = 100.0 * ratio * ratio * ratio
                    if badness > _MAX_BADNESS:
                        badness = _MAX_BADNESS
                cost = (LINE_PENALTY + badness) ** 2 + extra[j]
                if after_hyphen and hyphen[j] > 0:
                    cost += DOUBLE_HYPHEN
            else:
                cost = _line_cost(points, i, j, width, justify, min_fill, exact, inverse_rag,
                                  line_count)
                if cost < 0:
                    continue
            total = before + cost
            if line_count < lines[j] or (line_count == lines[j] and total < demerits[j]):
                lines[j], demerits[j], previous[j] = line_count, total, i
    if prune and lines[last] != fewest[0]:  # the rules cost a line: look at every line
        return solve(points, width, justify, min_fill, exact, prune=False)
    chosen = []
    node = last
    while node > 0:
        chosen.append(node)
        node = previous[node]
    return chosen[::-1]


def _fewest_lines(points: Breakpoints, reach: float) -> list[int]:
    """For each break point, the fewest lines from it to the end if every line that fits
    ``reach`` were allowed (first fit from there): a bound no answer can beat."""
    end, start, hard_next = points.end, points.start, points.hard_next
    last = len(end) - 1
    fewest = [0] * (last + 1)
    for i in range(last - 1, -1, -1):
        far = min(bisect_right(end, start[i] + reach + _EPSILON, i + 1), hard_next[i + 1] + 1) - 1
        fewest[i] = 1 + fewest[max(far, i + 1)]
    return fewest


def _first_with(fewest: list[int]) -> list[int]:
    """``first[m]``: the first break point from which the end is ``m`` lines away at best."""
    first = [len(fewest) - 1] * (fewest[0] + 1) if fewest else [0]
    for index in range(len(fewest) - 1, -1, -1):
        first[fewest[index]] = index
    return first


def _plain(points: Breakpoints) -> list[bool]:
    """Break points whose lines :func:`solve` prices inline: neither a last line nor a cut."""
    last = len(points.positions) - 1
    return [j != last and points.hard_next[j] != j and points.penalty[j] < EMERGENCY
            for j in range(last + 1)]


def _line_cost(points: Breakpoints, i: int, j: int, width: float, justify: bool,
               min_fill: float, exact: dict[tuple[int, int], float] | None,
               inverse_rag: float, number: int) -> float:
    """Demerits of line ``number`` from break point ``i`` to ``j``; -1 when it cannot be."""
    natural = points.end[j] - points.start[i] + points.hyphen[j]
    if exact and (i, j) in exact:
        natural = exact[(i, j)]
    slack = width - natural
    is_hyphen = points.hyphen[i] > 0
    if j == len(points.positions) - 1 or points.hard_next[j] == j:  # a last line
        if slack < -_EPSILON and j > i + 1:
            return -1.0
        cost = LINE_PENALTY**2
        if i and points.words[j] == points.words[i + 1]:
            cost += SHORT_PARAGRAPH_LAST_LINE if number <= SHORT else SHORT_LAST_LINE
        return cost + (FINAL_HYPHEN if is_hyphen else 0.0)
    rule = points.fill_rule[j]
    if rule > i and points.end[rule] - points.start[i] >= min_fill * width:
        return -1.0
    if points.penalty[j] >= EMERGENCY and i != j - 1:
        return -1.0  # a cut inside a too-wide piece ends a line holding only it
    if justify:
        badness = _justified_badness(points, i, j, slack)
    elif slack < -_EPSILON:
        badness = -1.0
    else:
        badness = min(100.0 * (slack * inverse_rag) ** 3, _MAX_BADNESS)
    if badness < 0:
        if j > i + 1:
            return -1.0
        badness = EMERGENCY
    cost = (LINE_PENALTY + badness) ** 2 + points.penalty[j]
    if points.hyphen[j] > 0:
        cost += HYPHEN_JUSTIFIED if justify else HYPHEN_RAGGED
        cost += DOUBLE_HYPHEN if is_hyphen else 0.0
    return cost


def _justified_badness(points: Breakpoints, i: int, j: int, slack: float) -> float:
    """Badness of a justified line from the stretch or shrink of its word spaces."""
    spaces = points.spaces[j] - points.start_spaces[i]
    natural = points.space_width[j] - points.start_space_width[i]
    if slack >= 0:
        stretch = spaces * MAX_GAP - natural
        if slack <= _EPSILON:
            return 0.0
        if stretch <= _EPSILON:
            return _MAX_BADNESS
        ratio = slack / stretch
    else:
        shrink = natural * (1.0 - MIN_SPACE)
        if -slack > shrink + _EPSILON:
            return -1.0
        ratio = -slack / shrink
    return min(100.0 * ratio * ratio * ratio, _MAX_BADNESS)


def shrinkable(points: Breakpoints, i: int, j: int) -> float:
    """How much (em) the word spaces of the line between break points ``i`` and ``j`` may shrink."""
    return (points.space_width[j] - points.start_space_width[i]) * (1.0 - MIN_SPACE)
