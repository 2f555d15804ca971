"""Bidi: levels once per paragraph, lines broken in logical order, each line reordered."""

from __future__ import annotations

import unicodedata

import pytest
from bidi import get_display
from hypothesis import given, settings
from hypothesis import strategies as st

from safehaven_docs.text.boxes import Align, Line
from safehaven_docs.text.reorder import visual_order
from safehaven_docs.text.typeset import Paragraph, TextStyle, typeset

from .corpus import corpus

MIRROR = str.maketrans("()[]{}«»<>", ")(][}{»«><")
SIZE = 10.0


def _visual(line: Line, mirror: bool = True) -> str:
    """The line as a reader sees it, left to right, built from the engine's runs.

    python-bidi 0.6 does not mirror brackets, so comparisons with it pass
    ``mirror=False``; mirroring itself is tested on the drawn glyphs.
    """
    parts = []
    for run in line.runs:
        reverse = run.text[::-1]
        parts.append((reverse.translate(MIRROR) if mirror else reverse) if run.rtl else run.text)
    return "".join(parts)


def _words(line: Line) -> list[str]:
    return _visual(line).split()


def test_visual_order_reverses_rtl_and_keeps_embedded_ltr_in_order() -> None:
    assert visual_order([1, 2, 1]) == [2, 1, 0]
    assert visual_order([1, 2, 2, 1, 0]) == [3, 1, 2, 0, 4]
    assert visual_order([0, 1, 1, 0]) == [0, 2, 1, 3]
    assert visual_order([]) == []


@pytest.mark.parametrize(("text", "expected"), [
    # Written by hand: what a reader sees, left to right.
    ("قانون (FERPA) عام 2017", ["2017", "عام", "(FERPA)", "قانون"]),
    ("إدارة ICE و MPS", ["MPS", "و", "ICE", "إدارة"]),
    # After Arabic letters digits are Arabic numbers (rule W2) and "-" stays neutral,
    # so an unisolated phone number shows its groups right to left...
    ("الهاتف (414) 475-8393 هنا", ["هنا", "8393-475", "(414)", "الهاتف"]),
    # ...and an isolate (LRI … PDI, as documents insert around numbers) keeps it whole.
    ("الهاتف \u2066(414) 475-8393\u2069 هنا", ["هنا", "(414)", "475-8393", "الهاتف"]),
])
def test_arabic_line_word_order_by_hand(text: str, expected: list[str]) -> None:
    line = typeset(Paragraph(text, "ar", "Arab", True), 1000.0, TextStyle(SIZE)).lines[0]
    visible = [w.strip("\u2066\u2069") for w in _words(line)]
    words = [w if any(c.isascii() for c in w) else w[::-1] for w in visible]
    assert words == expected


@pytest.mark.parametrize("tag", ["ar", "rhg"])
def test_single_lines_match_python_bidi(tag: str) -> None:
    for para in corpus(tag):
        result = typeset(para, 10000.0, TextStyle(SIZE))
        assert len(result.lines) == 1
        line = result.lines[0]
        assert _visual(line, mirror=False) == get_display(line.text, base_dir="R")


@settings(max_examples=40, deadline=None)
@given(width=st.floats(min_value=90.0, max_value=400.0))
def test_wrapped_rtl_paragraph_reads_line_after_line(width: float) -> None:
    for tag in ("ar", "rhg"):
        para = corpus(tag)[4]
        result = typeset(para, width, TextStyle(SIZE, Align.START))
        assert len(result.lines) >= 2
        # Lines keep logical order: together they are the paragraph, and what lies
        # between two lines is only the space a break hung (a break after a hyphen has none).
        end = 0
        for line in result.lines:
            assert para.text[line.start : line.start + len(line.text)] == line.text
            assert not para.text[end : line.start].strip()
            end = line.start + len(line.text)
        assert not para.text[end:].strip()
        for line in result.lines:
            # RTL paragraphs start at the right edge.
            assert line.right == pytest.approx(width, abs=0.01)
            assert _visual(line, mirror=False) == get_display(line.text, base_dir="R")


def test_brackets_are_mirrored_in_rtl_runs() -> None:
    line = typeset(Paragraph("نص (عربي) هنا", "ar", "Arab", True), 1000.0,
                   TextStyle(SIZE)).lines[0]
    bracket_runs = [r for r in line.runs if "(" in r.text]
    assert bracket_runs and all(r.rtl for r in bracket_runs)
    # HarfBuzz mirrors: the glyph drawn for "(" in RTL is the font's ")" glyph.
    run = bracket_runs[0]
    from safehaven_docs.text.fonts import font_library

    face = run.face
    close_glyph = face.hb_font.get_nominal_glyph(ord(")"))
    drawn = [g.id for g in run.glyphs]
    assert close_glyph in drawn
    assert unicodedata.mirrored("(")
    assert font_library()  # fonts loaded once, shared
