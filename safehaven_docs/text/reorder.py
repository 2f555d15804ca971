"""Visual order of a line's pieces: rule L2 of the Unicode Bidirectional Algorithm.

Levels were resolved once for the whole paragraph; after the paragraph is
broken into lines in logical order, each line's pieces (each of a single
level) are reordered here: from the highest level down to the lowest odd
level, every maximal sequence at that level or higher is reversed.
"""

from __future__ import annotations

from collections.abc import Sequence


def visual_order(levels: Sequence[int]) -> list[int]:
    """Indices of logical pieces, listed left to right as they are displayed."""
    order = list(range(len(levels)))
    if not levels:
        return order
    highest = max(levels)
    lowest_odd = min(level for level in levels if level % 2 == 1) if any(
        level % 2 for level in levels) else highest + 1
    for level in range(highest, lowest_odd - 1, -1):
        index = 0
        while index < len(order):
            if levels[order[index]] >= level:
                end = index
                while end < len(order) and levels[order[end]] >= level:
                    end += 1
                order[index:end] = reversed(order[index:end])
                index = end
            else:
                index += 1
    return order
