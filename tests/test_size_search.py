"""The aimed size search gives bisection's answer, whatever the gauge says, in fewer tries."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from safehaven_docs.layout import size_search
from safehaven_docs.layout.flow import FlowItem, Overflow, Region, gauged, place
from safehaven_docs.text.typeset import Paragraph, TextStyle


def _bisection(fits, low: float, high: float, precision: float) -> float | None:
    """Plain bisection, as the layouts searched before aiming."""
    if not fits(low):
        return None
    for _ in range(max(1, math.ceil(math.log2((high - low) / precision)))):
        middle = (low + high) / 2
        if fits(middle):
            low = middle
        else:
            high = middle
    return low


@settings(max_examples=300, deadline=None)
@given(low=st.floats(min_value=4.0, max_value=40.0),
       span=st.floats(min_value=0.05, max_value=3.0),
       boundary=st.floats(min_value=0.0, max_value=1.2),
       gauge=st.sampled_from(["true", "noisy", "lying", "none", "flat"]),
       seed=st.integers(0, 2**32 - 1))
def test_aimed_search_finds_bisections_size(low: float, span: float, boundary: float,
                                            gauge: str, seed: int) -> None:
    """Any monotone fit, any gauge (even one that lies or says nothing): the same float
    bisection finds, and never more than twice its tries."""
    import random

    high = low * (1 + span)
    limit = low + (high - low) * boundary  # fits up to here
    noise = random.Random(seed)
    tries: list[float] = []

    def fits(size: float) -> bool:
        return size <= limit

    def fill(size: float) -> float | None:
        true = (size / limit) ** 2 - 1 if limit > 0 else 1.0
        return {"true": true, "noisy": true * noise.uniform(0.3, 3.0),
                "lying": noise.uniform(-1.0, 5.0), "none": None, "flat": -1e-12}[gauge]

    def tried(size: float) -> tuple[bool, float | None]:
        tries.append(size)
        return fits(size), fill(size)

    expected = _bisection(fits, low, high, 0.1)
    assert size_search.largest_on_grid(tried, low, high, 0.1) == expected
    steps = size_search.steps_for(low, high, 0.1)
    assert len(tries) <= 2 * (steps + 1)
    assert high not in tries


def test_grid_sizes_are_the_sizes_bisection_tries() -> None:
    low, high = 10.9, 32.7
    steps = size_search.steps_for(low, high, 0.1)
    seen: list[float] = []
    for answer in range(0, 1 << steps, 7):
        size = size_search.grid_size(answer, low, high, steps)

        def fits(s: float, size: float = size) -> bool:
            seen.append(s)
            return s <= size

        assert _bisection(fits, low, high, 0.1) == size
    grid = {size_search.grid_size(k, low, high, steps) for k in range(1 << steps)}
    assert set(seen) <= grid


def test_a_true_gauge_takes_fewer_tries_than_bisection() -> None:
    low, high = 10.9, 32.7
    limit = 17.2
    tries = []

    def tried(size: float) -> tuple[bool, float]:
        tries.append(size)
        return size <= limit, (size / limit) ** 2.5 - 1

    assert size_search.largest_on_grid(tried, low, high, 0.1) == \
        _bisection(lambda s: s <= limit, low, high, 0.1)
    assert len(tries) <= 5 < size_search.steps_for(low, high, 0.1) + 1


def _items(count: int) -> list[FlowItem]:
    paragraph = Paragraph("Every school is a safe haven for families. " * 4, "en", "Latn",
                          False)
    return [FlowItem(paragraph, TextStyle(10.0), space_before=6.0) for _ in range(count)]


def test_a_flow_into_a_list_of_regions_reports_how_full_it_was() -> None:
    columns = [Region(0, 0.0, 0.0, 200.0, 400.0), Region(0, 220.0, 0.0, 200.0, 400.0)]
    fills = []
    for count in (1, 4, 8, 30, 60):
        with gauged() as gauge:
            try:
                place(_items(count), columns)
                fitted = True
            except Overflow:
                fitted = False
        assert gauge.fill is not None and (gauge.fill <= 0) == fitted
        fills.append(gauge.fill)
    assert fills == sorted(fills)  # more text, fuller
    assert fills[0] > -1.0 and fills[-1] > fills[-2] > 0


def test_a_flow_without_a_gauge_or_into_endless_regions_reports_nothing() -> None:
    columns = [Region(0, 0.0, 0.0, 200.0, 400.0)]
    def where(placed: list) -> list:
        return [(p.page, p.block.paragraph, p.block.x, p.block.y) for p in placed]

    assert where(place(_items(2), columns)) == where(place(_items(2), iter(columns)))
    with gauged() as gauge:
        place(_items(2), iter(columns))
    assert gauge.fill is None
