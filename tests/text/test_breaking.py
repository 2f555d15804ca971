"""Line breaking: inside the width, at word or syllable boundaries, never inside a cluster."""

from __future__ import annotations

import pytest
import uharfbuzz as hb
from hypothesis import given, settings
from hypothesis import strategies as st

from safehaven_docs.resources import fonts_dir
from safehaven_docs.text import icu
from safehaven_docs.text.boxes import Align
from safehaven_docs.text.typeset import TextStyle, typeset

from .corpus import all_tags, corpus, paragraph

SIZE = 10.0
NO_SPACES_MY = "ကျောင်းသားများနှင့်မိသားစုများသည်ကျောင်းသို့နေ့စဉ်တက်ရောက်ကြသည်"


def _clusters(text: str, font_path: str, language: str) -> set[int]:
    """Cluster starts according to an independent HarfBuzz run over the whole text."""
    font = hb.Font(hb.Face(hb.Blob.from_file_path(font_path)))
    buffer = hb.Buffer()
    buffer.add_str(text)
    buffer.guess_segment_properties()
    buffer.language = language
    hb.shape(font, buffer, {})
    return {info.cluster for info in buffer.glyph_infos} | {len(text)}


def test_icu_finds_burmese_word_breaks_by_hand() -> None:
    text = "ကျောင်းသားများနှင့်မိသားစုများ"
    ends = [p for p, _ in icu.line_break_opportunities(text, "my")]
    # ကျောင်းသား | များ | နှင့် | မိသားစု | များ
    assert ends == [10, 14, 19, 26, 30]


@pytest.mark.parametrize("tag", ["my", "ksw"])
@settings(max_examples=40, deadline=None)
@given(width=st.floats(min_value=40.0, max_value=300.0))
def test_myanmar_script_wraps_at_legal_breaks_inside_the_width(tag: str, width: float) -> None:
    texts = [NO_SPACES_MY] if tag == "my" else []
    texts += [p.text.replace(" ", "") for p in corpus(tag)[:2]]
    for text in texts:
        para = paragraph(tag, text)
        result = typeset(para, width, TextStyle(SIZE))
        clusters = _clusters(text, str(fonts_dir() / "NotoSansMyanmar-Regular.ttf"), tag)
        legal = sorted(p for p, _ in icu.line_break_opportunities(text, "my"))
        assert "".join(line.text for line in result.lines) == text
        for line in result.lines:
            assert line.end in clusters, "line ends inside a cluster"
            if line.end not in legal:
                # Only a segment wider than the line may be broken between clusters.
                next_legal = next(p for p in legal if p > line.start)
                assert _natural_width(tag, text[line.start:next_legal]) > width
            else:
                assert line.width <= width + 0.01


def _natural_width(tag: str, text: str) -> float:
    return typeset(paragraph(tag, text), 1e6, TextStyle(SIZE)).lines[0].width


@pytest.mark.parametrize("tag", all_tags())
@settings(max_examples=15, deadline=None)
@given(width=st.floats(min_value=120.0, max_value=500.0),
       align=st.sampled_from(list(Align)))
def test_no_line_overflows_its_width(tag: str, width: float, align: Align) -> None:
    for para in corpus(tag):
        result = typeset(para, width, TextStyle(SIZE, align))
        for line in result.lines:
            assert line.x >= -0.01
            assert line.right <= width + 0.01
            placed = sum(r.width for r in line.runs)
            assert placed == pytest.approx(line.width, abs=0.01)


def test_lines_never_touch_stacked_marks_of_the_line_above() -> None:
    result = typeset(paragraph("my", NO_SPACES_MY * 3), 120.0, TextStyle(SIZE))
    for above, below in zip(result.lines, result.lines[1:], strict=False):
        assert below.baseline - below.ascent >= above.baseline + above.descent


def test_justified_lines_fill_the_width_except_the_last() -> None:
    para = corpus("en")[3]
    result = typeset(para, 200.0, TextStyle(SIZE, Align.JUSTIFY))
    *body, last = result.lines
    assert body and all(line.width == pytest.approx(200.0, abs=0.01) for line in body)
    assert last.width < 200.0


@pytest.mark.parametrize("align", [Align.START, Align.END, Align.CENTER])
def test_alignment_follows_direction(align: Align) -> None:
    for tag, rtl in (("en", False), ("ar", True)):
        line = typeset(corpus(tag)[0], 1000.0, TextStyle(SIZE, align)).lines[0]
        left_space = line.x
        right_space = 1000.0 - line.right
        if align is Align.CENTER:
            assert left_space == pytest.approx(right_space, abs=0.01)
        elif (align is Align.START) != rtl:
            assert left_space == pytest.approx(0.0, abs=0.01)
        else:
            assert right_space == pytest.approx(0.0, abs=0.01)


@pytest.mark.parametrize("tag", ["my", "ksw"])
@settings(max_examples=25, deadline=None)
@given(width=st.floats(min_value=120.0, max_value=400.0))
def test_lines_end_between_phrases_unless_that_leaves_them_short(tag: str, width: float) -> None:
    from safehaven_docs.text.linebreak import MIN_FILL

    for para in corpus(tag):
        text = para.text
        result = typeset(para, width, TextStyle(SIZE))
        for line in result.lines[:-1]:
            if text[line.end].isspace():  # line.end excludes the hanging space
                continue
            # Broken inside a phrase: the last space in the line must leave it too short.
            piece = text[line.start:line.end]
            cut = piece.rstrip().rfind(" ")
            if cut > 0:
                assert _natural_width(tag, piece[:cut].rstrip()) < MIN_FILL * width + 0.01


DASHED = {  # a spaced dash in each script family's own words
    "en": "Every school is a safe haven — for students and families of any status — "
          "unless the law requires otherwise.",
    "ksw": "MPS အကၠိခဲလၢာ် — ပှၤလၢအအိၣ်ဒီး တၢ်ဟဲနုာ်ဆိးကီၢ်အလံာ်အုၣ်သး ဒီး "
           "ပှၤလၢအတအိၣ်ဒီး အလံာ်အုၣ်သး – ခဲလၢာ်",
    "ar": "كل مدرسة ملاذ آمن — للطلاب والعائلات — مهما كان وضع الهجرة.",
}


@pytest.mark.parametrize("tag", sorted(DASHED))
@settings(max_examples=40, deadline=None)
@given(width=st.floats(min_value=80.0, max_value=300.0), justify=st.booleans())
def test_a_spaced_dash_never_starts_a_line(tag: str, width: float, justify: bool) -> None:
    """UAX #14 allows a break before an em or en dash; one set after a space stays with
    the words before it (at a line's head it reads as a list's mark). From 80 pt: in a
    narrower column a word may not fit, and the cuts that share it out go anywhere."""
    text = DASHED[tag]
    align = Align.JUSTIFY if justify else Align.START
    result = typeset(paragraph(tag, text), width, TextStyle(SIZE, align))
    assert "".join(line.text for line in result.lines).replace(" ", "") == text.replace(" ", "")
    for line in result.lines[1:]:
        assert line.text.lstrip()[:1] not in ("—", "–"), [ln.text for ln in result.lines]
