"""Measured lines (a layout searching for its size): the lines set in full, minus glyphs.

A poster or digest tries a dozen sizes to keep one, and decides from each layout only
whether it fits. Those layouts are set without placing glyphs; the decision must be the
one the full lines would give, to the last bit, or the size found (and so the PDF's
bytes) would change.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import safehaven_docs as sh
from safehaven_docs.branding import load_branding
from safehaven_docs.layout.documents import common, poster
from safehaven_docs.layout.flow import Overflow
from safehaven_docs.text import setting
from safehaven_docs.text import typeset as typeset_module
from safehaven_docs.text.boxes import Align, Line
from safehaven_docs.text.setting import clear_caches, measure_paragraph, set_paragraph
from safehaven_docs.text.typeset import TextStyle, measuring, typeset

from ..test_size_search import _bisection
from .corpus import all_tags, corpus


def _shape_of(line: Line) -> tuple:
    """Everything of a line but its glyphs."""
    return (line.x, line.width, line.baseline, line.ascent, line.descent, line.text,
            line.start, line.end,
            tuple((run.face.key, run.size, run.x, run.width, run.text, run.start, run.end,
                   run.level) for run in line.runs))


@pytest.mark.parametrize("tag", ["en", "ar", "my", "ksw", "rhg", "so"])
@settings(max_examples=25, deadline=None)
@given(width=st.floats(min_value=60.0, max_value=900.0),
       size=st.floats(min_value=6.0, max_value=40.0),
       align=st.sampled_from(list(Align)), headline=st.booleans(), bold=st.booleans())
def test_measured_lines_are_the_set_lines_without_glyphs(
        tag: str, width: float, size: float, align: Align, headline: bool, bold: bool) -> None:
    style = TextStyle(size, align, bold=bold, headline=headline)
    for paragraph in corpus(tag):
        full = set_paragraph(paragraph, width, style)
        measured = measure_paragraph(paragraph, width, style)
        assert (measured.width, measured.height, measured.pitch) == \
            (full.width, full.height, full.pitch)
        assert [_shape_of(line) for line in measured.lines] == \
            [_shape_of(line) for line in full.lines]
        assert all(not run.glyphs for line in measured.lines for run in line.runs)


def test_justified_lines_with_letter_spacing_measure_the_same(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Tracked lines (a justified line past the widest word gap) are measured through
    another function: compare them too, in narrow columns that call for it."""
    tracked = []
    original = setting._place_tracked_run

    def counted(*args: object) -> object:
        tracked.append(args)
        return original(*args)

    monkeypatch.setattr(setting, "_place_tracked_run", counted)
    style = TextStyle(11.0, Align.JUSTIFY)
    for tag in all_tags():
        for paragraph in corpus(tag):
            for width in (70.0, 90.0, 120.0):
                full = set_paragraph(paragraph, width, style)
                measured = measure_paragraph(paragraph, width, style)
                assert [_shape_of(line) for line in measured.lines] == \
                    [_shape_of(line) for line in full.lines]
    assert tracked  # some lines were letter-spaced


def test_measuring_is_this_threads_only_and_ends_with_the_block() -> None:
    from concurrent.futures import ThreadPoolExecutor

    paragraph = corpus("en")[2]
    style = TextStyle(10.0)
    with measuring():
        assert all(not run.glyphs for line in typeset(paragraph, 200.0, style).lines
                   for run in line.runs)
        with ThreadPoolExecutor(1) as pool:
            other = pool.submit(typeset, paragraph, 200.0, style).result()
        assert all(run.glyphs for line in other.lines for run in line.runs)
    assert not typeset_module._MEASURING.get()
    assert all(run.glyphs for line in typeset(paragraph, 200.0, style).lines
               for run in line.runs)


def _fits(build, size: float) -> bool:
    try:
        build(size)
    except Overflow:
        return False
    return True


@pytest.mark.parametrize("tag", ["en", "ar", "my", "rhg"])
def test_the_size_found_by_measuring_is_the_size_full_layouts_find(tag: str) -> None:
    """The poster's search, measured, finds the very size a search of full layouts finds,
    and the layout it gives is set in full."""
    texts = sh.load_texts()
    kit = common.Kit(texts[tag], load_branding(None))
    width, height = common.sheet_size("tabloid")
    low = common.minimum_size(width, height, kit.script)

    def build(size: float):
        return size, poster._build(kit, width, height, size, ["English"], None, 0.0)

    clear_caches()
    expected = _bisection(lambda size: _fits(build, size), low, low * 3, 0.1)
    clear_caches()
    found = common.largest_fitting(build, low, low * 3)
    assert found is not None and expected is not None
    size, page = found
    assert size == expected
    assert any(run.glyphs for block in page.blocks
               for line in getattr(getattr(block, "paragraph", None), "lines", ())
               for run in line.runs)
