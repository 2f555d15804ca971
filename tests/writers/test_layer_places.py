"""Each character of a Hanifi line's invisible layer stands over its own cluster."""

from __future__ import annotations

import unicodedata
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from safehaven_docs.text.boxes import Align, Line
from safehaven_docs.text.typeset import Paragraph, TextStyle, typeset
from safehaven_docs.writers.layer_places import LayerChar, layer_chars
from safehaven_docs.writers.text_layer import guarded_logical_text
from tests.text.corpus import corpus

HANIFI = "𐴀𐴝𐴒𐴡𐴏𐴃𐴢 𐴀𐴞𐴎𐴧𐴡𐴃𐴊𐴝𐴌 (ICE) 𐴁𐴡𐴏𐴡𐴌 2017 𐴔𐴝𐴕𐴎𐴟𐴌۔ 𐴀𐴠𐴘 𐴀𐴤𐴡𐴌"


def _lines(text: str, width: float = 250.0) -> list[Line]:
    return list(typeset(Paragraph(text, "rhg", "Rohg", True), width,
                        TextStyle(11, Align.JUSTIFY)).lines)


def _without_format(text: str) -> str:
    return "".join(char for char in text if unicodedata.category(char) != "Cf")


def test_the_layer_reads_the_guarded_line_in_logical_order() -> None:
    """Joining spaces to the glyph before them moves them past format characters only."""
    for para in corpus("rhg"):
        for line in typeset(para, 250.0, TextStyle(11, Align.JUSTIFY)).lines:
            chars = layer_chars(line)
            text = "".join(char.text for char in chars)
            guarded = guarded_logical_text(line.text)
            assert sorted(text) == sorted(guarded)
            assert _without_format(text) == _without_format(guarded)


def test_a_right_to_left_word_runs_from_right_to_left_over_the_line() -> None:
    line = _lines("𐴀𐴝𐴒𐴡𐴏𐴃𐴢 𐴀𐴞𐴎𐴧𐴡𐴃𐴊𐴝𐴌")[0]
    letters = [char for char in layer_chars(line) if char.right > char.left]
    assert all(char.rtl for char in letters)
    assert all(a.left >= b.right - 0.01 for a, b in pairwise(letters))
    assert letters[0].right > line.width - 1  # the first word stands at the right end


def test_a_latin_word_in_a_hanifi_line_runs_left_to_right() -> None:
    line = _lines(HANIFI, 400.0)[0]
    chars = layer_chars(line)
    ice = [char for char in chars if char.text.strip() in ("I", "C", "E")]
    assert [char.text.strip() for char in ice] == ["I", "C", "E"]
    assert ice[0].right <= ice[1].left + 0.01 and ice[1].right <= ice[2].left + 0.01


def test_a_space_before_a_move_left_joins_the_glyph_before_it() -> None:
    """pdf.js drops a space followed by a backward move; inside a glyph's text it stays."""
    line = _lines("𐴀𐴝𐴒𐴡 𐴀𐴞𐴎𐴧", 300.0)[0]
    texts = [char.text for char in layer_chars(line)]
    assert " " not in texts
    assert "𐴡 " in texts


def test_a_mark_has_no_width_and_its_base_takes_the_cluster() -> None:
    line = _lines("𐴀𐴤𐴡𐴌", 300.0)[0]
    chars = {char.text: char for char in layer_chars(line)}
    mark = chars["𐴤"]
    assert mark.left == mark.right
    assert chars["𐴀"].right - chars["𐴀"].left > 1.0


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(HANIFI.split(" ")), min_size=1, max_size=12),
       st.floats(min_value=120.0, max_value=400.0))
def test_every_character_stands_within_its_line(words: list[str], width: float) -> None:
    for line in _lines(" ".join(words), width):
        for char in layer_chars(line):
            assert isinstance(char, LayerChar)
            assert -0.01 <= char.left <= char.right <= line.width + 0.01
            assert line.start <= char.position < line.start + len(line.text)
