"""Pages and sizes: every page of every document in every language, read from the laid-out pages.

No paragraph or list item leaves fewer than two lines at the foot or head of a
column or page; no line ends with a prefix cut from its word (Myanmar "အ"); the
heading before the commitments stays with them; the letter's last paragraph
stays with the closing and the signatures on a last page that is not nearly
empty; no text is smaller than 7 pt and no body is set under its script's
minimum. (The PDF side of the 7 pt floor is the preflight's smallest-text
check, run on every render in tests/writers/test_documents.py.)
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from itertools import count

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from msgspec.structs import replace

import safehaven_docs as sh
from safehaven_docs.branding import DEFAULT_BRANDING
from safehaven_docs.documents import Options, handout_sheet, lay_out
from safehaven_docs.layout.documents.common import DoesNotFit, minimum_size
from safehaven_docs.layout.documents.letter import FOOTER, LAST_PAGE, TOP
from safehaven_docs.layout.documents.poster import larger_sheets
from safehaven_docs.layout.flow import MIN_LINES, FlowItem, Region, place, split_to_fit
from safehaven_docs.layout.page import Document, Page, TextBlock
from safehaven_docs.text.boxes import Align, Line, TypesetParagraph
from safehaven_docs.text.scripts import MIN_PRINTED, SCRIPTS
from safehaven_docs.text.typeset import Paragraph, TextStyle, typeset

TEXTS = sh.load_texts()
TAGS = TEXTS.tags
SCRIPT_OF = {language.tag: language.meta.script for language in TEXTS}
#: (document, sheet, with English): every document on the sheets a district orders.
CASES = [("poster", "tabloid", False), ("poster", "letter", False),
         ("digest", "tabloid", False), ("digest", "letter", False),
         ("letter", "tabloid", False), ("handout", "tabloid", False),
         ("handout", "tabloid", True), ("multilingual", "tabloid", False),
         ("multilingual", "letter", False)]


@lru_cache(maxsize=128)
def _document(doc: str, tag: str, size: str, with_english: bool) -> Document | None:
    try:
        return lay_out(doc, tag, TEXTS, DEFAULT_BRANDING,
                       Options(size=size, site="Hamilton High School", with_english=with_english))
    except DoesNotFit:  # a poster that needs a larger sheet: checked below
        return None


def _text_blocks(page: Page) -> list[TextBlock]:
    return [b for b in page.blocks if isinstance(b, TextBlock) and b.paragraph.lines]


def split_problems(document: Document) -> list[str]:
    """Every part of a split paragraph with fewer than two lines (a widow or an orphan)."""
    problems = []
    for number, page in enumerate(document.pages, 1):
        for block in _text_blocks(page):
            paragraph = block.paragraph
            continued = paragraph.lines[0].start > 0
            continues = paragraph.lines[-1].end < len(paragraph.text.rstrip())
            if (continued or continues) and len(paragraph.lines) < 2:
                kind = "widow" if continued else "orphan"
                problems.append(f"page {number}: {kind} “{paragraph.lines[0].text[:40]}”")
    return problems


#: Clusters no line may end with (the script registry's prefixes, e.g. Myanmar "အ").
PREFIXES = frozenset(p for info in SCRIPTS.values() for p in info.never_ends_line)


def prefix_problems(document: Document) -> list[str]:
    """Every line that ends with a prefix cut from the word that follows it."""
    problems = []
    for number, page in enumerate(document.pages, 1):
        for block in _text_blocks(page):
            text = block.paragraph.text
            for line in block.paragraph.lines:
                end = line.start + len(line.text.rstrip())
                alone = end < len(text) and not text[end].isspace()
                if alone and any(line.text.rstrip().endswith(p) for p in PREFIXES):
                    problems.append(f"page {number}: “…{line.text.rstrip()[-20:]}” | "
                                    f"“{text[end:end + 12]}…”")
    return problems


def size_problems(document: Document, *, body: bool = True) -> list[str]:
    """Text under 7 pt, and (``body``) a language's body under its script's minimum.

    A language's body is the size that carries most of its characters; the
    minimum is the script registry's, scaled for the sheet.
    """
    problems = []
    for number, page in enumerate(document.pages, 1):
        weights: dict[str, Counter[float]] = {}
        for block in _text_blocks(page):
            paragraph = block.paragraph
            sizes = [run.size for line in paragraph.lines for run in line.runs if run.glyphs]
            if min([paragraph.size, *sizes]) < MIN_PRINTED - 1e-6:
                problems.append(f"page {number}: {paragraph.size:.2f} pt “{paragraph.text[:40]}”")
            if not block.decorative:  # a monogram's letters are not a language's body
                counter = weights.setdefault(paragraph.language, Counter())
                counter[round(paragraph.size, 2)] += len(paragraph.text)
        for language, counter in weights.items():
            if not body or language not in SCRIPT_OF:
                continue
            size = counter.most_common(1)[0][0]
            least = minimum_size(page.width, page.height, SCRIPT_OF[language])
            if size < least - 0.05:
                problems.append(f"page {number}: {language} body {size} pt < {least} pt")
    return problems


@pytest.mark.parametrize("tag", TAGS)
@pytest.mark.parametrize(("doc", "size", "with_english"), CASES)
def test_no_widows_orphans_or_text_under_the_minimum(doc: str, size: str, with_english: bool,
                                                    tag: str) -> None:
    if doc == "multilingual" and tag != "en":
        pytest.skip("one multilingual poster for all languages")
    document = _document(doc, tag, size, with_english)
    if document is None:
        assert doc == "poster" and size == "letter" and SCRIPT_OF[tag] == "Mymr"
        return
    assert split_problems(document) == []
    assert prefix_problems(document) == []
    # The multilingual poster's cells are summaries: held to the 7 pt floor only.
    assert size_problems(document, body=doc != "multilingual") == []


def _block(text: str, lines: int, size: float, *, start: int = 0) -> TextBlock:
    line = Line((), 0.0, 100.0, 10.0, 8.0, 2.0, text, start, len(text))
    paragraph = TypesetParagraph(tuple(replace(line, baseline=10.0 + 12 * i) for i in range(lines)),
                                 100.0, 12.0 * lines, False, size, "en", text)
    return TextBlock(paragraph, 0.0, 0.0)


def test_the_scan_finds_a_prefix_alone_at_a_line_end() -> None:
    text = "ဆိးကီၢ်အလံာ်အုၣ်သး"
    cut = text.index("အ") + 1
    line = Line((), 0.0, 100.0, 10.0, 8.0, 2.0, text[:cut], 0, cut)
    rest = Line((), 0.0, 100.0, 22.0, 8.0, 2.0, text[cut:], cut, len(text))
    paragraph = TypesetParagraph((line, rest), 100.0, 24.0, False, 10.0, "ksw", text)
    document = Document((Page(612.0, 792.0, (TextBlock(paragraph, 0.0, 0.0),)),), "t", "ksw")
    assert len(prefix_problems(document)) == 1


def test_the_scan_finds_a_widow_an_orphan_and_small_text() -> None:
    text = "a paragraph split between two pages"
    orphan = _block(text, 1, 11.0)
    orphan = replace(orphan, paragraph=replace(orphan.paragraph, lines=(
        replace(orphan.paragraph.lines[0], end=12),)))
    widow = _block(text, 1, 11.0, start=12)
    small = _block("footer", 1, 6.5)
    document = Document((Page(612, 792, (orphan,)), Page(612, 792, (widow,)),
                         Page(612, 792, (small,))), "t", "en")
    assert [p.split(":")[1].split()[0] for p in split_problems(document)] == ["orphan", "widow"]
    problems = size_problems(document)
    assert any("6.50 pt" in p for p in problems)
    assert any("body 6.5 pt < 9.0 pt" in p for p in problems)


@pytest.mark.parametrize("tag", TAGS)
@pytest.mark.parametrize("doc", ["letter", "poster"])
def test_the_heading_stays_with_the_first_commitment(doc: str, tag: str) -> None:
    document = _document(doc, tag, "tabloid", False)
    assert document is not None
    language = TEXTS[tag]
    found = {}
    for number, page in enumerate(document.pages):
        for block in _text_blocks(page):
            for key, text in (("heading", language.resolution.commitments_intro),
                              ("first", language.resolution.commitments[0].text)):
                if block.paragraph.text == text and key not in found:
                    found[key] = (number, block)
    (heading_page, heading), (first_page, first) = found["heading"], found["first"]
    assert heading_page == first_page
    assert first.y > heading.y  # below it in the same column, not atop the next one


@pytest.mark.parametrize("tag", TAGS)
def test_the_letter_ends_on_a_page_that_is_not_nearly_empty(tag: str) -> None:
    document = _document("letter", tag, "tabloid", False)
    assert document is not None
    assert len(document.pages) <= 2  # the Burmese letter used to spill two lines onto page 3
    last = document.pages[-1]
    limit = last.height - FOOTER - 1
    bottom = max(b.bottom for b in _text_blocks(last) if b.y < limit)
    frame = last.height - FOOTER - 11.0 - TOP
    assert (bottom - TOP) / frame >= LAST_PAGE - 0.01
    closing = TEXTS[tag].letter.closing_paragraphs[-1]
    parts = [b for page in document.pages for b in _text_blocks(page)
             if b.paragraph.text == closing]
    assert parts[-1] in last.blocks  # the last paragraph (two lines at least) with the closing


def test_myanmar_script_handouts_leave_half_letter_rather_than_shrink() -> None:
    assert SCRIPTS["Mymr"].min_body == 10.0 and SCRIPTS["Latn"].min_body == 9.0
    assert handout_sheet("my", texts=TEXTS) == "letter"
    assert handout_sheet("en", texts=TEXTS) == "letter-landscape"
    full = _document("handout", "my", "tabloid", True)
    assert full is not None
    assert [(p.width, p.height) for p in full.pages] == [(612.0, 792.0)] * 2
    languages = [{b.paragraph.language for b in _text_blocks(p)} for p in full.pages]
    assert "my" in languages[0] and "en" in languages[1]


def test_a_letter_poster_that_does_not_fit_suggests_tabloid() -> None:
    assert larger_sheets("letter")[0] == "tabloid"
    assert larger_sheets("a4")[0] == "a3"
    with pytest.raises(DoesNotFit, match="use --size tabloid"):
        lay_out("poster", "my", TEXTS, DEFAULT_BRANDING, Options(size="letter"))


@pytest.mark.parametrize("tag", ["en", "ar", "hmn", "rhg"])
def test_the_letter_poster_sets_two_columns_past_75_characters(tag: str) -> None:
    document = _document("poster", tag, "letter", False)
    assert document is not None
    page = document.pages[0]
    body = [b for b in _text_blocks(page) if b.paragraph.text in TEXTS[tag].resolution.preamble]
    assert body
    assert all(b.paragraph.width < page.width / 2 for b in body)
    lefts = {round(b.x) for b in _text_blocks(page)
             if b.paragraph.text == TEXTS[tag].resolution.commitments[-1].text}
    assert lefts  # the last commitment sits in the second column
    assert all((x > page.width / 2) != (SCRIPT_OF[tag] in ("Arab", "Rohg")) for x in lefts)


# -- the flow on its own ---------------------------------------------------------------------

def _lines(count: int, height: float = 12.0) -> TypesetParagraph:
    lines = tuple(Line((), 0.0, 50.0, height * (i + 1) - 2, 8.0, 2.0, "x", i, i + 1)
                  for i in range(count))
    return TypesetParagraph(lines, 50.0, height * count, False, 10.0, "en", "x" * count)


@given(st.integers(1, 12), st.floats(0, 200), st.integers(1, 3))
def test_a_split_keeps_the_minimum_on_both_sides(count: int, space: float, minimum: int) -> None:
    paragraph = _lines(count)
    head, rest = split_to_fit(paragraph, space, minimum)
    if rest is None:
        assert head is paragraph and paragraph.height <= space
        return
    if head is None:
        return
    assert len(head.lines) >= minimum and len(rest.lines) >= minimum
    assert head.height <= space
    assert len(head.lines) + len(rest.lines) == count
    assert rest.lines[0].baseline == pytest.approx(rest.lines[0].ascent)


def test_a_three_line_paragraph_at_the_foot_moves_whole() -> None:
    head, rest = split_to_fit(_lines(3), 25.0, MIN_LINES)  # two lines would fit
    assert head is None and rest is not None


def _item(text: str, **options: object) -> FlowItem:
    return FlowItem(Paragraph(text, "en", "Latn", False), TextStyle(10, Align.START),
                    **options)  # type: ignore[arg-type]


def test_a_heading_moves_on_with_the_first_lines_of_what_follows() -> None:
    words = "word " * 60
    filler_height = typeset(Paragraph(words, "en", "Latn", False), 200, TextStyle(10)).height
    regions = [Region(0, 0, 0, 200, filler_height + 20), Region(1, 0, 0, 200, 400)]
    items = [_item(words), _item("Heading", keep_with_next=True), _item(words)]
    placed = place(items, iter(regions))
    heading = next(p for p in placed if p.block.paragraph.text == "Heading")
    assert heading.page == 1
    without = place([items[0], _item("Heading"), items[2]], iter(regions))
    assert next(p for p in without if p.block.paragraph.text == "Heading").page == 0


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(1, 90), min_size=1, max_size=8), st.integers(90, 300))
def test_flowed_paragraphs_never_leave_one_line_alone(words: list[int], height: int) -> None:
    """Any paragraphs flowed through any column height: every split part has two lines."""
    items = [_item(" ".join(["word"] * number), space_before=6.0, tag=str(index))
             for index, number in enumerate(words)]
    regions = (Region(page, 0, 0, 150, height) for page in count())
    placed = place(items, regions)
    document = Document(tuple(Page(150, height, tuple(p.block for p in placed if p.page == n))
                              for n in range(placed[-1].page + 1)), "t", "en")
    assert split_problems(document) == []
    order = [int(p.tag) for p in placed]
    assert order == sorted(order) and set(order) == set(range(len(items)))
