"""The text layer: what each glyph or invisible run gives back to extractors."""

from __future__ import annotations

import unicodedata
from collections import Counter
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safehaven_docs.text import icu
from safehaven_docs.text.boxes import Align, TypesetParagraph
from safehaven_docs.text.typeset import Paragraph, TextStyle, typeset
from safehaven_docs.writers.text_layer import (
    LINE_END,
    LRM,
    RLM,
    Construction,
    _pdfium_segments,
    choose_construction,
    cluster_groups,
    glyph_texts,
    guarded_logical_text,
    layer_order,
    layer_text,
    marked_text,
    needs_poppler_ltr_copy,
    poppler_counts_ltr,
    poppler_ltr_text,
    poppler_needs_rtl,
    poppler_rtl_text,
    reading_size,
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


def test_construction_is_chosen_per_paragraph_by_script() -> None:
    def first(tag: str) -> TypesetParagraph:
        return typeset(corpus(tag)[0], 300.0, TextStyle(11))

    assert choose_construction(first("rhg")) is Construction.INVISIBLE_LAYER
    assert choose_construction(first("ar")) is Construction.GLYPH_TEXT
    assert choose_construction(first("my")) is Construction.CLUSTER_TEXT
    assert choose_construction(first("en")) is Construction.CLUSTER_TEXT


@pytest.mark.parametrize("tag", ["ar", "rhg"])
def test_no_glyph_text_ends_in_a_mark(tag: str) -> None:
    """pdf.js drops a glyph whose text ends in a format character (RLM, LRM)."""
    for para in corpus(tag):
        for line in typeset(para, 250.0, TextStyle(11, Align.JUSTIFY)).lines:
            if not line.text or not para.rtl:
                continue
            texts = glyph_texts(line)
            for key, text in texts.items():
                if key == LINE_END:  # drawn on a glyph of its own, which pdf.js skips
                    assert text and set(text) <= {LRM, RLM}, repr(text)
                else:
                    assert not text or text[-1] not in (LRM, RLM), repr(text)


def test_a_bracket_that_opens_a_line_carries_no_mark_before_it() -> None:
    """PDFium read "(ICE)" at the start of an Arabic line as ")ICE)" when the marks that
    follow the bracket (rightmost) were put before its text."""
    line = typeset(Paragraph("(ICE) نص هنا", "ar", "Arab", True), 300.0,
                   TextStyle(11)).lines[0]
    texts = glyph_texts(line)
    middle = glyph_texts(typeset(Paragraph("نص (ICE) هنا", "ar", "Arab", True), 300.0,
                                 TextStyle(11)).lines[0])
    assert [t for t in texts.values() if "(" in t] == [t for t in middle.values() if "(" in t]
    assert texts[LINE_END] == LRM  # what follows the bracket mid-line


@pytest.mark.parametrize("tag", ["my", "ksw", "en"])
def test_every_cluster_gives_its_text_once_in_order(tag: str) -> None:
    for para in corpus(tag):
        for line in typeset(para, 250.0, TextStyle(11)).lines:
            texts = [text for _, _, text in cluster_groups(line)]
            assert "".join(texts) == line.text[: len("".join(texts))]
            assert line.text.startswith("".join(texts).rstrip())


@pytest.mark.parametrize("tag", ["en", "my", "ksw", "rhg", "ar"])
def test_every_paragraph_announces_a_size_poppler_joins_its_lines_at(tag: str) -> None:
    """poppler joins lines into a block only within 1.5 sizes (maxLineSpacingDelta)."""
    for para in corpus(tag):
        typeset_paragraph = typeset(para, 250.0, TextStyle(11))
        announced = reading_size(typeset_paragraph)
        lines = typeset_paragraph.lines
        assert announced >= typeset_paragraph.size
        assert typeset_paragraph.pitch <= 1.5 * announced
        for above, below in pairwise(lines):
            assert below.baseline - above.baseline <= 1.5 * announced


@pytest.mark.parametrize(("tag", "larger"), [("en", False), ("so", False), ("my", True),
                                             ("ksw", True), ("rhg", True)])
def test_only_paragraphs_set_wider_than_poppler_joins_announce_a_larger_size(
        tag: str, larger: bool) -> None:
    para = typeset(corpus(tag)[0], 250.0, TextStyle(11))
    assert (reading_size(para) > para.size) is larger


@given(size=st.floats(6.0, 60.0), leading=st.floats(1.0, 2.5))
def test_announced_size_keeps_the_pitch_within_poppler_limit(size: float, leading: float) -> None:
    para = TypesetParagraph((), 100.0, 0.0, False, size, "x", "", leading * size)
    announced = reading_size(para)
    assert announced >= size
    assert leading * size <= 1.5 * announced + 1e-9
    if leading <= 1.5:
        assert announced == size  # Latin text reads as drawn


HANIFI = "𐴑𐴝𐴏𐴝 𐴃𐴝𐴌𐴅𐴡𐴔𐴝 — 𐴀𐴠𐴇𐴡𐴕𐴡 𐴎𐴝𐴏𐴝𐴘"


def test_poppler_is_told_the_direction_only_of_a_page_it_would_count_wrong() -> None:
    """poppler counts no letter beyond the BMP as right-to-left: a page mostly in Hanifi
    needs the poppler copy; a page that names Rohingya in its footer, or an Arabic page
    (whose letters poppler counts), does not."""
    assert poppler_needs_rtl([HANIFI, "ICE 2026"])
    assert not poppler_needs_rtl(["Welcome. Languages: English, Español,", HANIFI])
    assert not poppler_needs_rtl(["مسودة ترجمة — بانتظار المراجعة من شخص يقرأ", "ICE"])
    assert not poppler_needs_rtl([])


def test_a_page_whose_latin_letters_outnumber_the_copies_marks_is_left_to_right() -> None:
    """A handout with English on its other half: more Hanifi letters than Latin ones, but
    the RLMs of a right-to-left copy would not make poppler count the page right to left."""
    english = "Every school is safe"  # 17 letters: fewer than the Hanifi line's 22
    marks = poppler_rtl_text(HANIFI).count(RLM)  # 10
    assert marks < 17
    assert not poppler_needs_rtl([HANIFI, english])
    assert poppler_needs_rtl([HANIFI, english[:marks - 1]])
    # Only the lines that get a copy add its marks (not an English paragraph that names
    # the language in its own letters).
    assert poppler_needs_rtl([HANIFI, english[:marks - 1]], copied=[HANIFI])
    assert not poppler_needs_rtl([HANIFI, english[:marks - 1]], copied=[])


def test_the_poppler_copy_keeps_latin_and_numbers_in_order_between_marks() -> None:
    """Right-to-left runs reversed (BMP characters of them between RLMs), left-to-right and
    number runs as written between RLMs, the pieces from the line's end."""
    text = poppler_rtl_text("𐴀𐴁 (ICE) 12")
    assert text.replace(RLM, "") == "12 )ICE( 𐴁𐴀"
    assert f"{RLM}ICE{RLM}" in text and f"{RLM}){RLM}" in text
    assert text.startswith(RLM + "12" + RLM)


@given(st.text(alphabet="𐴀𐴁𐴂 -(),.AZaz09\u2068\u2069\u200e", max_size=40))
def test_the_poppler_copy_holds_every_character_once(text: str) -> None:
    """Only direction marks are added or dropped; a left-to-right or number run stays whole."""
    copy = poppler_rtl_text(text)
    controls = "\u2068\u2069\u200e\u200f"
    assert Counter(c for c in copy if c not in controls) == Counter(
        c for c in text if c not in controls)
    for word in "".join(c if c.isascii() and c.isalnum() else " " for c in text).split():
        assert word in copy.replace(RLM, "")


def _poppler_reorder_ltr(text: str, numbers: str) -> str:
    """poppler's ``reorderText`` on a page it counts left to right, its direction marks
    left out: a section up to the next right-to-left character as it stands, then one up to
    the next left-to-right or number character reversed. ``numbers``: the characters it
    counts as numbers besides digits (its table is not Unicode's: a test must hold for any).
    """
    def right(char: str) -> bool:
        return unicodedata.bidirectional(char) in ("R", "AL") or char == RLM

    def left_or_number(char: str) -> bool:
        return (unicodedata.bidirectional(char) == "L" or char == LRM or char.isdigit()
                or char in numbers)

    out, i = [], 0
    while i < len(text):
        j = i
        while j < len(text) and not right(text[j]):
            j += 1
        out.append(text[i:j])
        i = j
        while j < len(text) and not left_or_number(text[j]):
            j += 1
        out.append(text[i:j][::-1])
        i = j
    return "".join(out)


ARABIC_LINE = "كان وضع الهجرة لديهم، وتحمي خصوصيتهم."


@pytest.mark.parametrize("numbers", ["", ".,-:\u060c"])
def test_a_page_read_left_to_right_reads_an_arabic_line_in_pieces_without_its_copy(
        numbers: str) -> None:
    """What the copy is for: the glyphs' text, left to right, comes back in pieces."""
    visual = "".join(reversed(ARABIC_LINE))
    if numbers:
        assert _poppler_reorder_ltr(visual, numbers) != ARABIC_LINE
    copy = poppler_ltr_text(ARABIC_LINE)
    assert _poppler_reorder_ltr(copy, numbers).replace(RLM, "").replace(LRM, "") == ARABIC_LINE


@given(st.text(alphabet="نصهىلا ()،.«»-:ICE20\u064b\u200c\u200f", max_size=40),
       st.sampled_from(["", ".,", ".,-:\u060c", "-:()«»"]))
def test_poppler_reads_the_left_to_right_copy_back_logical(text: str, numbers: str) -> None:
    """Whatever poppler counts each punctuation mark as, the copy reads back as the text
    (its direction marks aside)."""
    copy = poppler_ltr_text(text)
    plain = text.replace(RLM, "")
    assert _poppler_reorder_ltr(copy, numbers).replace(RLM, "").replace(LRM, "") == plain


def test_only_arabic_lines_poppler_would_read_in_pieces_get_the_copy() -> None:
    assert needs_poppler_ltr_copy(ARABIC_LINE)
    assert needs_poppler_ltr_copy("إدارة الهجرة والجمارك (ICE)")
    assert not needs_poppler_ltr_copy("هذه المدرسة ملاذ آمن لكل أسرة")
    assert not needs_poppler_ltr_copy("Safe Haven, 2017.")
    assert not needs_poppler_ltr_copy(HANIFI + " (ICE)")  # its own copy: the invisible layer


def test_a_page_counted_left_to_right_is_one_with_as_many_latin_letters() -> None:
    assert poppler_counts_ltr(["Welcome", "العربية"])
    assert not poppler_counts_ltr([ARABIC_LINE, "ICE"])
    assert poppler_counts_ltr([HANIFI, "ICE"])  # poppler counts no Hanifi letter


@pytest.mark.parametrize("number", ["(414) 475-8393", "2017", "mps.milwaukee.k12.wi.us"])
def test_the_mark_after_an_isolate_stands_outside_it(number: str) -> None:
    """Inside the isolate the RLM closing its left-to-right stretch came between two of its
    groups in visual order, and poppler, counting it right to left, cut the number there
    ("(414) 475-8393" read "8393-.(414) 475")."""
    text = f"اتصل على الرقم \u2068{number}\u2069."
    marked, source = marked_text(text, list(icu.bidi_levels(text, rtl=True)))
    assert f"\u2068{number}\u2069{RLM}." in marked
    assert [marked[i] for i, s in enumerate(source) if s is not None] == list(text)


def test_a_left_to_right_layer_gives_arabic_in_visual_order_and_hanifi_logical() -> None:
    """Every reader turns an Arabic word of a left-to-right line round, and none a Hanifi
    one: the layer gives them so, without the guards that put a mark after each Arabic
    letter (search then found neither name)."""
    text = f"Other: \u2068العربية\u2069 · Español · \u2068{HANIFI}\u2069 · Soomaali"
    levels = list(icu.bidi_levels(text, rtl=False))
    order = layer_order(text, levels)
    assert order is not None and sorted(order) == list(range(len(text)))
    read = "".join(text[i] for i in order)
    assert "ةيبرعلا" in read and HANIFI in read and LRM not in read
    assert layer_text(text, levels) == read
    rtl_levels = list(icu.bidi_levels(HANIFI + " العربية", rtl=True))
    assert layer_order(HANIFI + " العربية", rtl_levels) is None  # a right-to-left line
    assert layer_text(HANIFI + " العربية", rtl_levels) == guarded_logical_text(
        HANIFI + " العربية")


@pytest.mark.parametrize("middle", [
    f"\u2068العربية\u2069 · \u2068{HANIFI}\u2069",  # Arabic, then Hanifi beside it
    "\u2068العربية\u2069 · \u2068مرحبا\u2069",  # two Arabic names side by side
    "\u2068عربي 123 كلمة\u2069",  # digits inside the stretch
    "اللغة العربية",  # two words: PDFium turns each round on its own
    "مَرحَبًا",  # harakat: the mark came before its base
    "می\u200cخواهم",  # a ZWNJ
])
def test_a_left_to_right_layer_guards_what_visual_order_would_misread(middle: str) -> None:
    """Only a single Arabic word between left-to-right letters is given in visual order;
    anything else keeps the guarded logical text, which every reader reads in order."""
    text = f"See {middle} here"
    levels = list(icu.bidi_levels(text, rtl=False))
    assert layer_order(text, levels) is None
    assert layer_text(text, levels) == guarded_logical_text(text)


def test_the_alef_over_its_lam_reads_from_the_lam() -> None:
    """Noto Naskh draws a lam-alef as a lam and an alef of no advance over it: the alef's
    text goes to the lam, which reads as both in visual order (pdf.js measured a glyph of
    no width from the word before, and read "ول ا")."""
    line = typeset(Paragraph("قال ولا", "ar", "Arab", True), 300, TextStyle(12)).lines[0]
    texts = glyph_texts(line)
    drawn = {(r, g): glyph for r, run in enumerate(line.runs)
             for g, glyph in enumerate(run.glyphs)}
    alefs = [key for key, glyph in drawn.items() if glyph.advance == 0 and glyph.y == 0]
    assert alefs and all(texts[key] == "" for key in alefs)
    assert "ال" in "".join(texts[key] for key in sorted(k for k in texts if k != LINE_END))
