"""The structure tree built from blocks' structures: reading order kept, nothing lost."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from safehaven_docs.layout.page import ARTIFACT, Structure
from safehaven_docs.writers.tags import Tagger, _Content, _Element

_SEGMENTS = st.sampled_from(["P", "P#1", "L#2", "LI#3", "LBody#3", "L#4", "LI#5", "LBody#5",
                             "Sect#6", "H1", "Figure#7"])
_STRUCTURES = st.builds(Structure, st.lists(_SEGMENTS, min_size=1, max_size=5).map(tuple),
                        st.sampled_from(["", "en", "ar"]), st.integers(0, 3))


def _walk(element: _Element) -> list[_Content]:
    found: list[_Content] = []
    for kid in element.kids:
        found += _walk(kid) if isinstance(kid, _Element) else [kid]
    return found


@given(st.lists(st.tuples(_STRUCTURES, st.booleans()), max_size=40))
def test_the_tree_holds_every_content_once_in_reading_order(
        drawn: list[tuple[Structure, bool]]) -> None:
    tagger = Tagger()
    tagger.start_page()
    operators = []
    for structure, new_page in drawn:
        if new_page:
            tagger.start_page()
        operators.append(tagger.open(structure))
    assert all(op.endswith("BDC") and "/MCID" in op for op in operators)
    reading = sorted(tagger.contents, key=lambda c: (c.structure.order, c.page, c.drawn))
    assert _walk(tagger._tree()) == reading


def test_keyed_elements_shared_by_consecutive_blocks_are_one_element() -> None:
    tagger = Tagger()
    tagger.start_page()
    for path in [("P#a",), ("P#a",), ("L#l", "LI#1", "LBody#1"), ("L#l", "LI#2", "LBody#2"),
                 ("P",), ("P",)]:
        tagger.open(Structure(path))
    assert tagger.open(ARTIFACT) == "/Artifact BMC"
    roles = [kid.role for kid in tagger._tree().kids if isinstance(kid, _Element)]
    assert roles == ["P", "L", "P", "P"]  # a split paragraph is one P; unkeyed ones are not


def test_the_checks_find_what_pdf_ua_forbids() -> None:
    """A document that skips a heading level, has a figure without alternative text and
    an element whose language is not a BCP 47 tag fails exactly those checks."""
    import io

    from pypdf import PdfReader

    from safehaven_docs.accessibility import check_accessibility
    from safehaven_docs.layout.page import Document, Page, RuleBlock, TextBlock
    from safehaven_docs.text.typeset import Paragraph, TextStyle, typeset
    from safehaven_docs.writers.pdf import pdf_bytes

    def text(words: str, structure: Structure) -> TextBlock:
        set_ = typeset(Paragraph(words, "en", "Latn", False), 300, TextStyle(12))
        return TextBlock(set_, 36, 36, structure=structure)

    page = Page(400, 300, (text("A title", Structure(("H1",))),
                           text("A subheading", Structure(("H3",))),
                           text("Words", Structure(("P",), lang="not a tag!")),
                           RuleBlock(36, 200, 20, 20, structure=Structure(("Figure#q",)))))
    report = check_accessibility(PdfReader(io.BytesIO(pdf_bytes(
        Document((page,), "A title", "en")))))
    failed = {name for name, problems in report.results if problems}
    assert failed == {"headings", "figures", "language"}


def test_the_checks_want_labelled_items_and_headed_tables() -> None:
    """A list item without its label, and a table without header cells, fail the list and
    table checks; with an Lbl and a TH (with a Scope) they pass."""
    import io

    from pypdf import PdfReader

    from safehaven_docs.accessibility import check_accessibility
    from safehaven_docs.layout.page import Document, Page, TextBlock
    from safehaven_docs.text.typeset import Paragraph, TextStyle, typeset
    from safehaven_docs.writers.pdf import pdf_bytes

    def failed(*structures: Structure) -> set[str]:
        blocks = tuple(TextBlock(typeset(Paragraph("Words", "en", "Latn", False), 300,
                                         TextStyle(12)), 36, 36 + 20 * n, structure=s)
                       for n, s in enumerate(structures))
        report = check_accessibility(PdfReader(io.BytesIO(pdf_bytes(
            Document((Page(400, 300, blocks),), "A title", "en")))))
        return {name for name, problems in report.results if problems}

    assert failed(Structure(("L#1", "LI#2", "LBody#2")),
                  Structure(("Table#3", "TR#4", "TD#5"))) == {"lists", "tables"}
    assert failed(Structure(("L#1", "LI#2", "Lbl#2"), actual="1."),
                  Structure(("L#1", "LI#2", "LBody#2")),
                  Structure(("Table#3", "TR#4", "TH#6"), scope="Column"),
                  Structure(("Table#3", "TR#4", "TD#5"))) == set()
    assert failed(Structure(("Table#3", "TR#4", "TH#6"))) == {"tables"}  # no Scope


_LINES = {"en": ("Latn", False, "Draft translation, pending review by a person who reads it"),
          "ar": ("Arab", True, "مسودة ترجمة — بانتظار المراجعة من شخص يقرأ"),
          "rhg": ("Rohg", True, "𐴑𐴝𐴏𐴝 𐴃𐴝𐴌𐴅𐴡𐴔𐴝 — 𐴀𐴠𐴇𐴡𐴕𐴡 𐴎𐴝𐴏𐴝𐴘 𐴕𐴡 𐴀𐴤𐴡𐴘")}


@settings(max_examples=12, deadline=None)
@given(st.sampled_from(sorted(_LINES)), st.integers(1, 60), st.integers(0, 60),
       st.sampled_from([1000.0, 160.0]))
def test_a_span_of_a_paragraph_reads_its_own_text(lang: str, start: int, length: int,
                                                  width: float) -> None:
    """Whatever range of a paragraph is in another language, on one line or several, in
    whichever construction: the Span reads exactly that range and the paragraph the
    rest, in order, each character once."""
    import io

    from pypdf import PdfReader

    from safehaven_docs.accessibility import check_accessibility
    from safehaven_docs.layout.page import Document, Page, TextBlock
    from safehaven_docs.text.typeset import Paragraph, TextStyle, typeset
    from safehaven_docs.writers.pdf import pdf_bytes
    from tests.readers.extract import squash
    from tests.readers.structure import Node, leaf_texts, own_reading

    script, rtl, text = _LINES[lang]
    start = min(start, len(text) - 1)
    end = min(len(text), start + max(length, 1))
    set_ = typeset(Paragraph(text, lang, script, rtl), width, TextStyle(12))
    block = TextBlock(set_, 36, 36, structure=Structure(spans=((start, end, "en"),)))
    pdf = pdf_bytes(Document((Page(1100, 400, (block,)),), "A title", lang))
    assert check_accessibility(PdfReader(io.BytesIO(pdf))).problems == []
    tree, texts = own_reading(pdf)
    [paragraph] = [e for e in tree.elements() if e.role == "P"]
    # (a Span with no /Lang is a line of a right-to-left page poppler reads from a copy
    # of its own: it carries the line's text)
    spans = [e for e in tree.elements() if e.role == "Span" and e.lang]
    assert [s.lang for s in spans] == ["en"] and any(k is spans[0] for k in paragraph.kids)
    read = "".join(t for _, t in leaf_texts(paragraph, texts))
    assert sorted(squash(read)) == sorted(squash(text))
    in_span = "".join(t for _, t in leaf_texts(spans[0], texts))
    assert sorted(squash(in_span)) == sorted(squash(text[start:end]))
    own = "".join(texts[kid] for kid in paragraph.kids if not isinstance(kid, Node))
    if not rtl:  # (right-to-left text is read back in its visual runs: compare as sets)
        assert squash(own) == squash(text[:start] + text[end:])


def test_a_label_drawn_after_its_line_is_read_before_its_body() -> None:
    """A marker is drawn after the first line of its item (and the body may go on in the
    next column): the item still reads Lbl, then one LBody holding every line."""
    tagger = Tagger()
    tagger.start_page()
    for path in [("L#l", "LI#1", "LBody#1"), ("L#l", "LI#1", "Lbl#1"),
                 ("L#l", "LI#1", "LBody#1"), ("L#l", "LI#2", "LBody#2"),
                 ("L#l", "LI#2", "Lbl#2")]:
        tagger.open(Structure(path))
    [items] = tagger._tree().kids
    assert isinstance(items, _Element)
    for item, lines in zip(items.kids, (2, 1), strict=True):
        assert isinstance(item, _Element)
        label, body = item.kids
        assert isinstance(label, _Element) and isinstance(body, _Element)
        assert (label.role, body.role, len(body.kids)) == ("Lbl", "LBody", lines)
