"""The largest type size that fits: bisection's answer, found in fewer tries.

A poster or digest sets its text at the largest body size in ``[low, high]`` that fits,
to a tenth of a point. Plain bisection tries ``1 + ceil(log2((high - low) / precision))``
sizes, nine for a poster, and each try is a whole layout. Every size bisection can end
on is a point of a fixed grid: starting from ``low`` and ``high``, each step halves the
interval, so after ``n`` steps the answer is the ``low`` of one of ``2**n`` intervals
(:func:`grid_size` gives it, computed the very way bisection computes it, so the float
is the same to the last bit). Where fit falls as the size grows, bisection's answer is
the last grid point that fits.

This search finds that same point in fewer tries by aiming: each layout reports how
full it was (:class:`~.flow.Gauge`: the share of room left, or the share more it
needed), and the next size is where the fill is expected to reach the room: by a power
of the size while only sizes that fit are known (:data:`GROWTH`), then interpolated
between the fullest fit and the least overflow. It stops when a fitting grid point's
neighbour above does not fit. After as many tries as bisection makes it halves, so it
never needs more than twice bisection's tries; on the shipped posters it takes four to
seven instead of nine.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import partial

#: A try: whether the layout at a size fits, and how full it was (None: not known).
Tried = Callable[[float], tuple[bool, float | None]]


def steps_for(low: float, high: float, precision: float) -> int:
    """How many halvings bisection makes of ``[low, high]`` to reach ``precision``."""
    return max(1, math.ceil(math.log2((high - low) / precision)))


def grid_size(index: int, low: float, high: float, steps: int) -> float:
    """The size bisection ends on when grid point ``index`` (0 to ``2**steps - 1``) is
    the last that fits: its halvings replayed, bit by bit, the same floats."""
    for bit in reversed(range(steps)):
        middle = (low + high) / 2
        if index >> bit & 1:
            low = middle
        else:
            high = middle
    return low


def largest_on_grid(tried: Tried, low: float, high: float,
                    precision: float) -> float | None:
    """The size bisection of ``tried`` over ``[low, high]`` finds, or None if ``low``
    does not fit; ``high`` itself is never tried (bisection takes it as too large)."""
    steps = steps_for(low, high, precision)
    size = partial(grid_size, low=low, high=high, steps=steps)
    fits, fill = tried(low)
    if not fits:
        return None
    # The bracket: ``below`` fits, ``above`` does not (2**steps stands for ``high``).
    below, below_fill = 0, fill
    above, above_fill = 1 << steps, None
    tries = 1
    while above - below > 1:
        # Past bisection's own number of tries, aiming has failed here: halve.
        aimed = _aim(below, below_fill, above, above_fill, size) if tries <= steps else None
        index = aimed if aimed is not None else (below + above) // 2
        fits, fill = tried(size(index))
        tries += 1
        if fits:
            below, below_fill = index, fill
        else:
            above, above_fill = index, fill
    return size(below)


#: While only sizes that fit are known, content is taken to grow as this power of the
#: size: text takes room as the square of its size, and the room itself shrinks as the
#: heading and footer grow with it (measured on the shipped posters: about 2.5).
GROWTH = 2.5


def _aim(below: int, below_fill: float | None, above: int, above_fill: float | None,
         size: Callable[[int], float]) -> int | None:
    """The grid point where the fill is expected to reach the room, inside the bracket;
    None when there is nothing to aim with."""
    if below_fill is None:
        return None
    if above_fill is not None and above_fill > below_fill:
        share = -below_fill / (above_fill - below_fill)
        guess = below + (above - below) * share
    else:
        ratio = 1.0 + below_fill  # the content's height over the room's
        if ratio <= 0.0:
            return None
        start, end = size(below), size(above - 1)
        target = start / ratio ** (1.0 / GROWTH)
        if end <= start:
            return None
        guess = below + (above - 1 - below) * (target - start) / (end - start)
    if not math.isfinite(guess):
        return None
    return min(max(math.floor(guess), below + 1), above - 1)
