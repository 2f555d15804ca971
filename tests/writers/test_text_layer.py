"""The text layer: what each glyph or invisible run gives back to extractors."""

from __future__ import annotations

from collections import Counter

import pytest

from safehaven_docs.text.boxes import Align
from safehaven_docs.text.typeset import Paragraph, TextStyle, typeset
from safehaven_docs.writers.text_layer import (
    LRM,
    RLM,
    Construction,
    _pdfium_segments,
    choose_construction,
    glyph_texts,
    guarded_logical_text,
    marked_text,
)
from tests.text.corpus import corpus


def test_marks_follow_ltr_runs_and_wrap_mirrored_characters() -> None:
    text = "نص (ICE) هنا"
    levels = [1, 1, 1, 1, 2, 2, 2, 1, 1, 1, 1, 1]
    marked, source = marked_text(text, levels)
    assert marked == f"نص {LRM}({RLM}ICE{RLM}{LRM}){RLM} هنا"
    assert [marked[i] for i, s in enumerate(source) if s is not None] == list(text)


def test_every_character_of_an_arabic_line_is_given_to_exactly_one_glyph() -> None:
    for para in corpus("ar"):
        for line in typeset(para, 250.0, TextStyle(11, Align.JUSTIFY)).lines:
            texts = glyph_texts(line)
            given = "".join(texts.values()).replace(LRM, "").replace(RLM, "")
            assert Counter(given) == Counter(line.text)


def test_a_letter_and_its_haraka_read_back_from_one_glyph() -> None:
    line = typeset(Paragraph("بُ", "ar", "Arab", True), 100.0, TextStyle(11)).lines[0]
    texts = list(glyph_texts(line).values())
    assert len(texts) == 2  # base glyph and mark glyph, one cluster
    assert sorted(texts) == ["", "ُب"]  # the mark's glyph is hidden from extraction


@pytest.mark.parametrize("tag", ["rhg", "ar"])
def test_guarded_text_has_more_ltr_than_rtl_segments_for_pdfium(tag: str) -> None:
    for para in corpus(tag):
        guarded = guarded_logical_text(para.text)
        assert guarded.replace(LRM, "") == para.text
        rtl, ltr = _pdfium_segments(guarded)
        assert rtl == 0 or ltr > rtl


def test_construction_is_chosen_by_script() -> None:
    def paragraphs(tag: str) -> list:
        return [typeset(p, 300.0, TextStyle(11)) for p in corpus(tag)]

    assert choose_construction(paragraphs("rhg")) is Construction.INVISIBLE_LAYER
    assert choose_construction(paragraphs("ar")) is Construction.GLYPH_TEXT
