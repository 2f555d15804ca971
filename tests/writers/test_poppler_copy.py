"""poppler's copy of a Hanifi line: pieces over their own glyphs that read back in order."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safehaven_docs.text.boxes import Align, Line
from safehaven_docs.text.typeset import Paragraph, TextStyle, typeset
from safehaven_docs.writers.poppler_copy import Piece, poppler_pieces
from safehaven_docs.writers.text_layer import RLM, poppler_class, without_controls
from tests.text.corpus import corpus


def poppler_order(text: str) -> str:
    """``text`` (characters sorted by position) as poppler writes a line of a page it counts
    right to left (``reorderText`` in ``TextOutputDev.cc``): from the right end, a run of
    characters that are neither left-to-right nor numbers reversed, then the run back to
    the previous right-to-left character as it stands."""
    out: list[str] = []
    end = len(text)
    while end > 0:
        start = end
        while start > 0 and poppler_class(text[start - 1]) not in ("L", "#"):
            start -= 1
        out += reversed(text[start:end])
        end = start
        while start > 0 and poppler_class(text[start - 1]) != "R":
            start -= 1
        out += text[start:end]
        end = start
    return "".join(out)


def _read(pieces: list[Piece]) -> str:
    return poppler_order("".join(piece.text for piece in pieces)).replace(RLM, "")


def _lines(text: str, width: float = 200.0) -> list[Line]:
    paragraph = Paragraph(text, "rhg", "Rohg", True)
    return list(typeset(paragraph, width, TextStyle(11, Align.JUSTIFY)).lines)


def _assert_reads_back(line: Line) -> None:
    pieces = poppler_pieces(line)
    assert _read(pieces).split() == without_controls(line.text).split(), pieces
    assert all(a.right <= b.left + 1e-6 for a, b in pairwise(pieces)), pieces
    assert all(piece.left <= piece.right for piece in pieces)


def test_every_hanifi_line_reads_back_in_order() -> None:
    for paragraph in corpus("rhg"):
        for line in typeset(paragraph, 250.0, TextStyle(11, Align.JUSTIFY)).lines:
            _assert_reads_back(line)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="𐴀𐴁𐴂𐴃 𐴱𐴲 -(),.«»،۔ICEab12", min_size=1, max_size=40))
def test_any_mix_of_hanifi_latin_and_numbers_reads_back_in_order(text: str) -> None:
    for line in _lines(text):
        _assert_reads_back(line)


def test_each_hanifi_letter_is_a_piece_over_its_own_glyph_right_to_left() -> None:
    """The letters of a right-to-left word stand right to left, each alone over its glyph;
    a space is a piece alone (poppler ends its word there), its RLMs at the line's left
    end, on the last letter's left side."""
    [line] = _lines("𐴀𐴁 𐴂𐴃")
    pieces = poppler_pieces(line)
    assert [piece.text for piece in pieces] == [RLM * 2, "𐴃", "𐴂", " ", "𐴁", "𐴀"]
    glyphs = sorted((run.x + g.x, run.x + g.x + g.advance) for run in line.runs
                    for g in run.glyphs if g.advance > 0)
    letters = [pieces[1], pieces[2], pieces[4], pieces[5]]
    for piece, (left, right) in zip(letters, [glyphs[0], glyphs[1], glyphs[3], glyphs[4]],
                                    strict=True):
        assert left - 0.5 < piece.left < right and abs(piece.right - right) < 0.5
    assert pieces[0].left == pytest.approx(glyphs[0][0], abs=0.5)
    assert all(abs(piece.left - left) < 0.5 for piece, (left, _) in zip(
        letters[1:], [glyphs[1], glyphs[3], glyphs[4]], strict=True))


def test_a_search_for_two_words_finds_them_in_poppler_s_line_text() -> None:
    """poppler searches for the two words reversed (its right-to-left reordering of the
    search string) among the line's characters: no mark may stand beside the space."""
    [line] = _lines("𐴀𐴁 𐴂𐴃 𐴄𐴅")
    text = "".join(piece.text for piece in poppler_pieces(line))
    assert "𐴀𐴁 𐴂𐴃"[::-1] in text and "𐴂𐴃 𐴄𐴅"[::-1] in text


def test_a_latin_phrase_is_kept_as_written_between_two_marks() -> None:
    """poppler keeps a left-to-right run as it stands up to the previous RLM: the phrase's
    letters stand left to right, the first after an RLM, the last before one."""
    [line] = _lines("𐴀𐴁 Safe Haven 𐴂𐴃", 400.0)
    texts = [piece.text for piece in poppler_pieces(line)]
    phrase = "".join(texts[texts.index(RLM + "S"): texts.index("n" + RLM) + 1])
    assert phrase == RLM + "Safe Haven" + RLM
    assert _read(poppler_pieces(line)) == "𐴀𐴁 Safe Haven 𐴂𐴃"
