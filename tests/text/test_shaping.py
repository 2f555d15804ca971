"""What the engine hands the drawing backend equals HarfBuzz's own shaping."""

from __future__ import annotations

import re

import pytest
import uharfbuzz as hb

from safehaven_docs.text.boxes import Align
from safehaven_docs.text.itemize import MissingGlyphError
from safehaven_docs.text.typeset import Paragraph, TextStyle, typeset

from .corpus import all_tags, corpus, paragraph

SIZE = 10.0


def _reference(run_text: str, font_path: str, rtl: bool, language: str, adjust: float):
    """Independent shaping: a fresh font from the file, script guessed by HarfBuzz."""
    font = hb.Font(hb.Face(hb.Blob.from_file_path(font_path)))
    buffer = hb.Buffer()
    buffer.add_str(run_text)
    buffer.guess_segment_properties()
    buffer.direction = "rtl" if rtl else "ltr"
    buffer.language = language
    hb.shape(font, buffer, {})
    upem = font.face.upem
    return [(i.codepoint, round(p.x_advance * SIZE * adjust / upem, 4))
            for i, p in zip(buffer.glyph_infos, buffer.glyph_positions, strict=True)]


@pytest.mark.parametrize("tag", all_tags())
def test_drawn_glyphs_equal_harfbuzz(tag: str) -> None:
    checked = 0
    for para in corpus(tag):
        result = typeset(para, 260.0, TextStyle(SIZE, Align.START))
        for line in result.lines:
            for run in line.runs:
                if not any(c.isalpha() for c in run.text):
                    continue  # punctuation-only runs: script cannot be guessed alone
                ours = [(g.id, round(g.advance, 4)) for g in run.glyphs]
                reference = _reference(run.text, str(run.face.path), run.rtl, tag,
                                       run.face.size_adjust)
                assert ours == reference, run.text
                checked += 1
    assert checked >= 5


def test_karen_gets_karen_forms_from_its_language_system() -> None:
    text = "ပှၤ"  # medial HA in S'gaw Karen takes a Karen-specific form in Noto Sans Myanmar
    karen = typeset(paragraph("ksw", text), 200.0, TextStyle(SIZE))
    burmese = typeset(Paragraph(text, "my", "Mymr", False), 200.0, TextStyle(SIZE))
    ids = lambda p: [g.id for r in p.lines[0].runs for g in r.glyphs]  # noqa: E731
    assert ids(karen) != ids(burmese)


def test_latin_inside_arabic_and_burmese_falls_back_to_noto_sans() -> None:
    for tag in ("ar", "my"):
        result = typeset(paragraph(tag, corpus(tag)[3].text), 2000.0, TextStyle(SIZE))
        faces = {run.face.family for run in result.lines[0].runs if "ICE" in run.text}
        assert faces == {"Noto Sans"}, tag


def test_no_glyph_is_notdef_in_any_shipped_text() -> None:
    for tag in all_tags():
        for para in corpus(tag):
            result = typeset(para, 300.0, TextStyle(SIZE))
            assert all(g.id != 0 for ln in result.lines for r in ln.runs for g in r.glyphs)


@pytest.mark.parametrize(("text", "named"), [
    ("Safe 一 haven", "U+4E00 CJK UNIFIED IDEOGRAPH-4E00"),
    ("ሰላም", "U+1230 ETHIOPIC SYLLABLE SA"),
])
def test_a_character_no_font_has_is_an_error_naming_it(text: str, named: str) -> None:
    with pytest.raises(MissingGlyphError, match=re.escape(named)) as caught:
        typeset(Paragraph(text, "en", "Latn", False), 200.0, TextStyle(SIZE))
    assert "[en]" in str(caught.value)
