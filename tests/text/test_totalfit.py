"""Total-fit line breaking: properties of the breaker, hyphens, prefixes and last lines."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safehaven_docs.text import icu
from safehaven_docs.text.boxes import Align, TypesetParagraph
from safehaven_docs.text.hyphenate import hyphenation_points
from safehaven_docs.text.linebreak import Breakable, cluster_starts, prepare
from safehaven_docs.text.scripts import ScriptInfo, hyphenation_dictionary, script_info
from safehaven_docs.text.setting import _prepare
from safehaven_docs.text.totalfit import solve
from safehaven_docs.text.typeset import TextStyle, typeset

from .corpus import all_tags, corpus, paragraph

SIZE = 10.0
LATIN = script_info("Latn")


def _lines(tag: str, index: int, width: float, align: Align = Align.START) -> TypesetParagraph:
    return typeset(corpus(tag)[index], width, TextStyle(SIZE, align))


def _allowed_ends(tag: str, index: int) -> set[int]:
    """ICU's opportunities and the dictionary's hyphenation points, at cluster starts."""
    para = corpus(tag)[index]
    prepared = _prepare(para, False)
    starts = cluster_starts(prepared.shaped)
    icu_ends = {p for p, _ in icu.line_break_opportunities(para.text, tag.split("-")[0])}
    return {p for p in icu_ends | set(hyphenation_points(para.text, tag)) if p in starts}


def _hyphenated(result: TypesetParagraph, line_index: int) -> bool:
    """Whether the line was drawn with a hyphen: its last cluster has one glyph more."""
    line = result.lines[line_index]
    glyphs = [g for run in line.runs for g in run.glyphs]
    last_cluster = max(g.cluster for g in glyphs)
    prepared = _prepare(paragraph(result.language, result.text), False)
    unbroken = sum(1 for run in prepared.shaped for g in run.glyphs if g.cluster == last_cluster)
    return sum(1 for g in glyphs if g.cluster == last_cluster) > unbroken


@pytest.mark.parametrize("tag", all_tags())
@settings(max_examples=12, deadline=None)
@given(width=st.floats(min_value=90.0, max_value=500.0),
       align=st.sampled_from([Align.START, Align.JUSTIFY]))
def test_every_line_ends_at_an_allowed_opportunity(tag: str, width: float, align: Align) -> None:
    for index in range(len(corpus(tag))):
        result = _lines(tag, index, width, align)
        allowed = _allowed_ends(tag, index)
        text = result.text
        assert "".join(line.text for line in result.lines).replace(" ", "") == text.replace(
            " ", "")
        for line, following_line in zip(result.lines, result.lines[1:], strict=False):
            if following_line.start not in allowed:  # only inside a piece wider than the line
                following = min((p for p in allowed if p > line.start), default=len(text))
                assert following_line.start == line.end  # a cut inside a word
                whole = typeset(paragraph(tag, text[line.start:following]), 1e6,
                                TextStyle(SIZE)).lines[0]
                assert whole.width > width


@pytest.mark.parametrize("tag", ["en", "es"])
@settings(max_examples=20, deadline=None)
@given(width=st.floats(min_value=90.0, max_value=400.0),
       align=st.sampled_from([Align.START, Align.JUSTIFY]))
def test_hyphens_only_where_the_dictionary_allows(tag: str, width: float, align: Align) -> None:
    import pyphen

    dictionary = pyphen.Pyphen(lang=hyphenation_dictionary(tag))
    for index in range(len(corpus(tag))):
        result = _lines(tag, index, width, align)
        text = result.text
        points = set(hyphenation_points(text, tag))
        for number, line in enumerate(result.lines[:-1]):
            if not _hyphenated(result, number):
                continue
            assert line.end in points
            assert text[line.end - 1].isalpha() and text[line.end].isalpha()
            start = line.end
            while start > 0 and text[start - 1].isalpha():
                start -= 1
            stop = line.end
            while stop < len(text) and text[stop].isalpha():
                stop += 1
            assert line.end - start in dictionary.positions(text[start:stop])


def test_a_hyphenated_line_draws_a_hyphen_and_reads_as_the_word() -> None:
    text = corpus("en")[2].text
    widths = [w / 2 for w in range(180, 700)]
    for width in widths:
        result = typeset(paragraph("en", text), width, TextStyle(SIZE, Align.JUSTIFY))
        hyphenated = [n for n in range(len(result.lines) - 1) if _hyphenated(result, n)]
        if hyphenated:
            line = result.lines[hyphenated[0]]
            assert line.right <= width + 0.01
            assert line.text == text[line.start:line.end]  # no hyphen in the text
            return
    pytest.fail("no width hyphenated the paragraph")


@pytest.mark.parametrize("tag", ["so", "hmn", "rhg-Latn", "ar", "my", "ksw", "rhg"])
def test_languages_without_patterns_are_never_hyphenated(tag: str) -> None:
    assert hyphenation_dictionary(tag) is None
    assert all(not hyphenation_points(p.text, tag) for p in corpus(tag))


def test_hyphenation_leaves_data_capitals_and_isolates_alone() -> None:
    text = "Visit mps.milwaukee.k12.wi.us or FERPA at \u2068Independence Elementary\u2069 today"
    points = hyphenation_points(text, "en")
    for start, word in ((6, "mps.milwaukee.k12.wi.us"), (33, "FERPA"), (43, "Independence")):
        assert not any(start <= p < start + len(word) for p in points), word
    assert hyphenation_points("independence", "en")


@pytest.mark.parametrize("tag", all_tags())
@settings(max_examples=10, deadline=None)
@given(narrow=st.floats(min_value=90.0, max_value=450.0),
       more=st.floats(min_value=0.0, max_value=200.0),
       align=st.sampled_from([Align.START, Align.JUSTIFY]))
def test_a_wider_measure_never_gives_more_lines(tag: str, narrow: float, more: float,
                                                align: Align) -> None:
    for para in corpus(tag):
        lines_narrow = len(typeset(para, narrow, TextStyle(SIZE, align)).lines)
        lines_wide = len(typeset(para, narrow + more, TextStyle(SIZE, align)).lines)
        assert lines_wide <= lines_narrow


@pytest.mark.parametrize("tag", ["my", "ksw"])
@settings(max_examples=25, deadline=None)
@given(width=st.floats(min_value=60.0, max_value=500.0))
def test_no_line_ends_with_a_prefix(tag: str, width: float) -> None:
    prefixes = script_info("Mymr").never_ends_line
    assert prefixes
    for para in corpus(tag):
        result = typeset(para, width, TextStyle(SIZE))
        for line in result.lines[:-1]:
            end = line.start + len(line.text.rstrip())
            last = max(g.cluster for run in line.runs for g in run.glyphs if g.cluster < end)
            assert para.text[last:end] not in prefixes, line.text


def test_the_karen_prefix_that_ended_a_poster_line_no_longer_can() -> None:
    text = "ဆိးကီၢ်အလံာ်အုၣ်သး"
    para = paragraph("ksw", text)
    for width in range(20, 120, 2):
        for line in typeset(para, float(width), TextStyle(SIZE)).lines[:-1]:
            assert not line.text.endswith("အ")


@pytest.mark.parametrize("tag", all_tags())
@settings(max_examples=10, deadline=None)
@given(width=st.floats(min_value=150.0, max_value=500.0))
def test_short_paragraphs_do_not_end_with_a_single_word(tag: str, width: float) -> None:
    """Headlines and summaries (at most three lines) never leave one word on the last line,
    unless the words before it cannot share a line with it."""
    for para in corpus(tag)[:2]:
        result = typeset(para, width, TextStyle(SIZE))
        if not 2 <= len(result.lines) <= 3:
            continue
        last = result.lines[-1]
        words = [p for p, _ in icu.line_break_opportunities(last.text, tag.split("-")[0])
                 if p < len(last.text.rstrip())]
        if not words:
            previous = result.lines[-2]
            tail = para.text[previous.text.rstrip().rfind(" ") + previous.start + 1:]
            assert typeset(paragraph(tag, tail), 1e6, TextStyle(SIZE)).lines[0].width > width


def _fake(widths: list[float], hyphens: dict[int, float]) -> Breakable:
    """A paragraph of words (letter "a", 0.5 em each) separated by spaces of 0.25 em."""
    text = " ".join("a" * max(1, round(w / 0.5)) for w in widths)
    advances = [0.25 if c == " " else 0.5 for c in text]
    ends = [i + 1 for i, c in enumerate(text) if c == " "] + [len(text)]
    return prepare(text, advances, [(p, False) for p in ends], frozenset(range(len(text) + 1)),
                   {p: w for p, w in hyphens.items() if 0 < p < len(text)},
                   lambda _: LATIN)


def _fewest_lines(paragraph: Breakable, width: float) -> int:
    """The fewest lines the break points allow (every fitting line considered)."""
    points = paragraph.points
    best = [0] + [10**9] * (len(points.positions) - 1)
    for j in range(1, len(points.positions)):
        for i in range(j):
            if points.end[j] - points.start[i] + points.hyphen[j] <= width + 1e-9:
                best[j] = min(best[j], best[i] + 1)
    return best[-1]


@settings(max_examples=150, deadline=None)
@given(words=st.lists(st.floats(min_value=0.5, max_value=6.0), min_size=1, max_size=40),
       width=st.floats(min_value=6.5, max_value=40.0),
       hyphen_at=st.lists(st.integers(min_value=1, max_value=200), max_size=10),
       justify=st.booleans())
def test_the_breaker_never_overflows_and_takes_the_fewest_lines(
        words: list[float], width: float, hyphen_at: list[int], justify: bool) -> None:
    paragraph = _fake(words, {p: 0.3 for p in hyphen_at})
    points = paragraph.points
    chosen = solve(points, width, justify, 0.6)
    assert chosen[-1] == len(points.positions) - 1
    for i, j in zip([0, *chosen], chosen, strict=False):
        natural = points.end[j] - points.start[i] + points.hyphen[j]
        shrink = (points.space_width[j] - points.start_space_width[i]) * 0.2
        assert natural <= width + (shrink if justify and j != chosen[-1] else 0) + 1e-9
    assert len(chosen) <= _fewest_lines(paragraph, width)


@settings(max_examples=100, deadline=None)
@given(words=st.lists(st.floats(min_value=0.5, max_value=6.0), min_size=1, max_size=40),
       width=st.floats(min_value=6.5, max_value=30.0),
       more=st.floats(min_value=0.0, max_value=20.0))
def test_the_breaker_is_monotone_in_width(words: list[float], width: float, more: float) -> None:
    paragraph = _fake(words, {})
    assert len(solve(paragraph.points, width + more, False, 0.6)) <= len(
        solve(paragraph.points, width, False, 0.6))


def test_script_registry_holds_the_breaking_data() -> None:
    myanmar: ScriptInfo = script_info("Mymr")
    assert "\u1021" in myanmar.never_ends_line
    assert myanmar.inner_break_penalty > LATIN.inner_break_penalty
    assert script_info("Arab").justify_tracking == 0.0  # joined letters are never spaced


@pytest.mark.parametrize("tag", all_tags())
@pytest.mark.parametrize("align", [Align.START, Align.JUSTIFY])
def test_the_lines_after_a_line_separator_fill_the_measure(tag: str, align: Align) -> None:
    """A line that starts at a mandatory break (U+2028) goes on like any other: the lines
    after it are the lines of the text after it set alone. The breaker let such a line
    end at its first break point: "Draft" alone, then "translation — pending review"."""
    after = corpus(tag)[0].text
    alone = typeset(paragraph(tag, after), 200.0, TextStyle(SIZE, align))
    joined = typeset(paragraph(tag, f"{after[:12].strip()}\u2028{after}"), 200.0,
                     TextStyle(SIZE, align))
    assert [line.text for line in joined.lines[-len(alone.lines):]] == [
        line.text for line in alone.lines]
    assert len(joined.lines) == len(alone.lines) + 1
