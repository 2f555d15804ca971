"""Choose where lines end, in logical order, from shaped widths.

Break opportunities come from ICU (UAX #14, with dictionary word breaks for
Myanmar script) and are kept only where a shaped cluster starts, so a line
never ends inside a syllable. Breaks after a space are preferred: in Burmese
and Karen, spaces separate phrases and the dictionary's breaks inside a
phrase can split a particle from its verb (and ICU's Burmese dictionary knows
no Karen words), so a break inside a phrase is taken only when breaking at
the last space would leave the line less than MIN_FILL full. Widths are
sums of shaped cluster advances; a line whose ends are not safe to break is
measured again by reshaping it (``measure``) and shortened if the real width
does not fit.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from .shaping import ShapedRun

Measure = Callable[[int, int], float]
#: A line ending at a space must fill at least this share of the width, or a
#: break inside a phrase (dictionary, hyphen) is taken instead.
MIN_FILL = 0.6


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


def break_lines(
    text: str,
    advances: Sequence[float],
    candidates: Sequence[tuple[int, bool]],
    boundaries: frozenset[int],
    width: float,
    measure: Measure,
) -> list[tuple[int, int]]:
    """Greedy first-fit lines ``[(start, end), …]`` covering ``text``."""
    prefix = [0.0]
    for advance in advances:
        prefix.append(prefix[-1] + advance)
    usable = [(p, hard) for p, hard in candidates if p in boundaries or p == len(text)]
    lines: list[tuple[int, int]] = []
    start = 0
    while start < len(text):
        fits = _fitting_breaks(text, prefix, usable, start, width)
        end = _verified(text, fits, start, width, measure)
        if end is None:
            end = _emergency_break(text, prefix, boundaries, start, width, usable)
        lines.append((start, end))
        start = end
    return lines


def _fitting_breaks(text: str, prefix: list[float], usable: list[tuple[int, bool]],
                    start: int, width: float) -> list[int]:
    """Candidate ends after ``start`` whose estimated width fits, shortest first."""
    fits: list[int] = []
    for position, hard in usable:
        if position <= start:
            continue
        if prefix[trim_end(text, start, position)] - prefix[start] > width + 1e-9:
            break
        fits.append(position)
        if hard:
            break
    return fits


def _verified(text: str, fits: list[int], start: int, width: float,
              measure: Measure) -> int | None:
    """The preferred fitting end whose exactly measured width fits too.

    Ends after white space (or at the end of the text) come first if they fill
    the line well enough; otherwise the longest fitting end of any kind.
    """
    widths: dict[int, float] = {}

    def width_of(end: int) -> float:
        if end not in widths:
            widths[end] = measure(start, trim_end(text, start, end))
        return widths[end]

    at_space = [end for end in fits if end == len(text) or text[end - 1].isspace()]
    if at_space and MIN_FILL * width <= width_of(at_space[-1]) <= width + 1e-9:
        return at_space[-1]
    for end in reversed(fits):
        if width_of(end) <= width + 1e-9:
            return end
    return None


def _emergency_break(text: str, prefix: list[float], boundaries: frozenset[int], start: int,
                     width: float, usable: list[tuple[int, bool]]) -> int:
    """A word wider than the line: break it at the last cluster that fits (at least one)."""
    limit = next((p for p, _ in usable if p > start), len(text))
    end = start
    for position in sorted(b for b in boundaries if start < b <= limit):
        if prefix[position] - prefix[start] > width + 1e-9 and end > start:
            break
        end = position
    return max(end, min(limit, start + 1))
