"""Tagged PDFs: structure, language, reading order and the PDF/UA machine checks.

Every document in a Latin, an Arabic-script, a Myanmar-script and the Hanifi
language: the tree read back with pypdf (roles, nesting, MCIDs, ParentTree,
/Lang), and the text gathered by walking it — by our own walk of the content
streams and by pdf.js, Firefox's reader — equal to the source text, in order.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
from pypdf import PdfReader

from safehaven_docs.accessibility import check_accessibility
from safehaven_docs.branding import load_branding
from safehaven_docs.documents import Options, lay_out, render
from safehaven_docs.layout.page import TextBlock
from safehaven_docs.model import LanguageTexts, TextSet, load_texts
from safehaven_docs.writers.pdf import structure_of
from tests.readers.extract import must_run, pdfjs_missing, score, squash
from tests.readers.structure import (
    Node,
    leaf_texts,
    marked_texts,
    own_reading,
    pdfjs_reading,
    pdfjs_structure,
    structure_tree,
)

TAGS = ["en", "ar", "my", "rhg"]
DOCUMENTS = ["poster", "digest", "letter", "handout", "multilingual"]
CASES = [(doc, tag) for doc in DOCUMENTS for tag in (TAGS if doc != "multilingual" else ["en"])]


@cache
def _texts() -> TextSet:
    return load_texts()


@cache
def _pdf(doc: str, tag: str) -> bytes:
    options = {"with_english": True} if doc == "handout" and tag != "en" else {}
    return render(doc, tag, texts=_texts(), **options)


def _fillable(text: str) -> bool:
    return "{" not in text


def _draft(language: LanguageTexts) -> list[str]:
    if not language.meta.is_draft:
        return []
    own, english = language.labels["draft_notice"], _texts().source.labels["draft_notice"]
    return [own] if own == english else [own, english]


def _list(items: object) -> Iterator[str]:
    for item in items:  # type: ignore[attr-defined]
        yield item.text
        yield from _list(item.items)


def _digest(language: LanguageTexts) -> list[str]:
    digest, labels = language.digest, language.labels
    return [labels["district"], labels["board"], digest.headline, digest.summary,
            *_list(digest.points), digest.ask.heading, labels["scan_for_languages"],
            *_draft(language)]


def expected(doc: str, tag: str) -> list[str]:
    """The document's source strings in the order a reader must meet them."""
    texts = _texts()
    language = texts[tag]
    labels, resolution, letter = language.labels, language.resolution, language.letter
    if doc == "poster":
        strings = [labels["district"], labels["board"], resolution.title, resolution.subtitle,
                   *resolution.preamble, resolution.commitments_intro,
                   *_list(resolution.commitments), labels["other_languages"],
                   *_draft(language)]
    elif doc == "digest":
        strings = _digest(language)
    elif doc == "handout":
        strings = _digest(language) + (_digest(texts.source) if tag != "en" else [])
    elif doc == "letter":
        strings = [labels["district"], labels["board"], letter.salutation, *letter.opening,
                   resolution.commitments_intro, *_list(resolution.commitments),
                   *letter.closing_paragraphs, letter.closing]
        for signatory in letter.signatories:
            strings += [signatory.name, signatory.role, *([signatory.organization]
                                                          if signatory.organization else [])]
        strings += _draft(language)
    else:
        source = texts.source
        english = source.labels
        strings = [english["district"], english["board"], source.resolution.title]
        for other in texts:
            strings += [other.meta.native_name, other.digest.headline, other.digest.summary]
        strings += [source.digest.ask.heading, english["scan_for_languages"],
                    english["draft_notice"]]
    return [s for s in strings if _fillable(s)]


def in_order(text: str, sources: list[str]) -> list[str]:
    """The sources not found in ``text`` one after another (squashed); empty when all are."""
    text, position, missing = squash(text), 0, []
    for source in sources:
        found = text.find(squash(source), position)
        if found < 0:
            missing.append(source)
        else:
            position = found + len(squash(source))
    return missing


def _tree(doc: str, tag: str) -> Node:
    tree = structure_tree(_pdf(doc, tag))
    assert tree is not None
    return tree


@pytest.mark.parametrize(("doc", "tag"), CASES)
def test_every_document_passes_the_pdf_ua_machine_checks(doc: str, tag: str) -> None:
    report = check_accessibility(PdfReader(io.BytesIO(_pdf(doc, tag))))
    assert report.tagged
    assert report.problems == []
    assert _pdf(doc, tag).startswith(b"%PDF-1.7\n")  # PDF/UA-1 is ISO 32000-1: PDF 1.7


@pytest.mark.parametrize(("doc", "tag"), CASES)
def test_the_tree_has_its_roles_nesting_and_figures(doc: str, tag: str) -> None:
    tree = _tree(doc, tag)
    [document] = tree.kids
    assert isinstance(document, Node) and document.role == "Document"
    roles = [e.role for e in document.elements()]
    assert "H1" in roles or doc == "letter"
    assert "P" in roles
    figures = [e for e in document.elements() if e.role == "Figure"]
    assert figures and all(f.alt for f in figures)
    language = _texts()[tag]
    assert figures[0].alt == (language.labels["district"] if doc != "multilingual"
                              else _texts().source.labels["district"])
    if doc in ("poster", "letter"):  # commitments, each with its duties nested in its body
        lists = [e for e in document.elements() if e.role == "L"]
        outer = lists[0]
        items = [k for k in outer.kids if isinstance(k, Node)]
        assert [i.role for i in items] == ["LI"] * len(language.resolution.commitments)
        label, body = [k for k in items[0].kids if isinstance(k, Node)]
        assert (label.role, body.role) == ("Lbl", "LBody")
        assert label.actual == "•"  # the bullet, drawn as decoration, read by its label
        # (on a Hanifi page each line is a Span that carries its text: see the test below)
        nested = [k for k in body.kids if isinstance(k, Node) and k.actual is None]
        assert [n.role for n in nested] == ["L"]
        duties = [k for k in nested[0].kids if isinstance(k, Node)]
        assert len(duties) == len(language.resolution.commitments[0].items)
        assert all([k.role for k in duty.kids if isinstance(k, Node)] == ["Lbl", "LBody"]
                   for duty in duties)
        assert {k.actual for duty in duties for k in duty.kids if isinstance(k, Node)} == {
            "–", None}
    if doc == "digest":
        points = [e for e in document.elements() if e.role == "LI"]
        assert len(points) == len(language.digest.points)
        assert all([k.role for k in p.kids if isinstance(k, Node)] == ["Lbl", "LBody"]
                   for p in points)
        assert "H2" in roles  # the "Questions?" box
    if doc == "letter":  # the signatures: a row each, headed by the signatory's name
        [table] = [e for e in document.elements() if e.role == "Table"]
        rows = [k for k in table.kids if isinstance(k, Node)]
        assert [r.role for r in rows] == ["TR"] * len(language.letter.signatories)
        _, texts = own_reading(_pdf(doc, tag))
        for row, signatory in zip(rows, language.letter.signatories, strict=True):
            header, cell = row.kids
            assert isinstance(header, Node) and isinstance(cell, Node)
            assert (header.role, header.scope, cell.role) == ("TH", "Row", "TD")
            assert squash(leaf_texts(header, texts)[0][1]) == squash(signatory.name)


@pytest.mark.parametrize(("doc", "tag"), CASES)
def test_every_marked_content_is_in_the_tree_once(doc: str, tag: str) -> None:
    pdf = _pdf(doc, tag)
    texts, unmarked = marked_texts(pdf)
    in_tree = _tree(doc, tag).mcids()
    assert unmarked == []
    assert sorted(in_tree) == sorted(texts)
    assert len(set(in_tree)) == len(in_tree)


@pytest.mark.parametrize(("doc", "tag"), CASES)
def test_languages_that_differ_are_marked(doc: str, tag: str) -> None:
    reader = PdfReader(io.BytesIO(_pdf(doc, tag)))
    document = "mul" if doc == "multilingual" else tag
    assert reader.trailer["/Root"]["/Lang"] == document
    tree = _tree(doc, tag)
    marked = {e.lang for e in tree.elements() if e.lang}
    english = {"en"} if len(_draft(_texts()[tag])) == 2 else set()  # the notice's half
    if doc == "multilingual":
        assert marked == set(_texts().tags)
    elif doc == "handout" and tag != "en":
        sections = [e for e in tree.elements() if e.role == "Sect"]
        assert [s.lang for s in sections] == ["en"]
        assert marked == {"en"}
    else:
        assert marked == english


@pytest.mark.parametrize(("doc", "tag"), CASES)
def test_the_tree_reads_the_source_text_in_order(doc: str, tag: str) -> None:
    tree, texts = own_reading(_pdf(doc, tag))
    text = "\n".join(t for _, t in leaf_texts(tree, texts))
    assert in_order(text, expected(doc, tag)) == []


def drawn_text(doc: str, tag: str) -> str:
    """What the layout drew as text, line by line, in the structure's reading order."""
    options = Options(with_english=doc == "handout" and tag != "en")
    document = lay_out(doc, tag, _texts(), load_branding(None), options)
    lines = []
    for number, page in enumerate(document.pages):
        for index, block in enumerate(page.blocks):
            structure = structure_of(block)
            if (isinstance(block, TextBlock) and not structure.artifact
                    and not structure.path[-1].startswith("Figure")):
                lines += [((structure.order, number, index), line.text)
                          for line in block.paragraph.lines]
    return "".join(text for _, text in sorted(lines, key=lambda pair: pair[0]))


@pytest.mark.parametrize(("doc", "tag"), CASES)
def test_the_tree_reads_every_line_drawn_once(doc: str, tag: str) -> None:
    """Hidden glyphs, /ActualText spans and invisible layers: each line read once, whole.

    The same characters as the layout drew (the order is the test above's: a
    right-to-left word inside a left-to-right line is drawn in visual order, and
    putting it back is each reader's own bidi).
    """
    tree, texts = own_reading(_pdf(doc, tag))
    text = "".join(t for _, t in leaf_texts(tree, texts))
    assert sorted(squash(text)) == sorted(squash(drawn_text(doc, tag)))


def test_a_second_copy_of_the_same_handout_is_an_artifact() -> None:
    tree, texts = own_reading(_pdf("handout", "en"))
    text = squash("".join(t for _, t in leaf_texts(tree, texts)))
    assert text.count(squash(_texts()["en"].digest.summary)) == 1


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("tags")


@pytest.mark.parametrize(("doc", "tag"), CASES)
def test_pdfjs_reads_the_tree_as_the_source(doc: str, tag: str, folder: Path) -> None:
    """Firefox hands a screen reader the tree; its text is the source, in order.

    Where pdf.js's own reading of Arabic glyphs falls short (a mirrored bracket,
    lam-alef read as two), the share of each string found is held to the same
    goal as the three-reader tests.
    """
    missing = pdfjs_missing()
    if missing:
        if must_run():
            pytest.fail(missing)
        pytest.skip(missing)
    path = folder / f"{doc}-{tag}.pdf"
    path.write_bytes(_pdf(doc, tag))
    pages = pdfjs_structure(path)
    assert all(page["untagged"] == "" for page in pages)
    labels = [node for page in pages if page["tree"] for node in _nodes(page["tree"])
              if node.get("role") == "Lbl"]
    assert {str(label["alt"]) for label in labels} == (set() if doc == "multilingual"
                                                       else {"•", "–"} if doc in (
                                                           "poster", "letter") else {"•"})
    text = squash(pdfjs_reading(pages))
    sources = expected(doc, tag)
    if doc == "letter":  # pdf.js gives one tree per page: the notice closes page 1, in the
        notice = _draft(_texts()[tag])  # middle of a paragraph continued overleaf
        sources = [s for s in sources if s not in notice]
        for part in [" · ".join(notice), *notice]:
            text = text.replace(squash(part), "")
    assert score(text, [s for s in sources if len(s) >= 12]) >= 0.98
    if tag != "ar":
        assert in_order(text, sources) == []


def _nodes(node: dict[str, object]) -> Iterator[dict[str, object]]:
    """A pdf.js tree node and every node under it."""
    yield node
    for kid in node.get("children", []):  # type: ignore[attr-defined]
        yield from _nodes(kid)


def _roles(doc: str, tag: str, **options: object) -> list[Node]:
    tree = structure_tree(render(doc, tag, texts=_texts(), **options))  # type: ignore[arg-type]
    assert tree is not None
    return tree.elements()


def test_the_welcome_poster_is_an_outline_of_sections() -> None:
    """The resolution's name is the H1; each language a section in its language with its
    name an H2 and its headline an H3; the footer's QR code a figure that says where it goes."""
    texts = _texts()
    elements = _roles("multilingual", "en")
    headings = [e.role for e in elements if e.role.startswith("H")]
    assert headings[0] == "H1"
    assert headings[1:] == ["H2", "H3"] * len(texts.tags) + ["H2"]  # … and "Questions?"
    sections = [e for e in elements if e.role == "Sect"]
    assert [s.lang for s in sections] == [language.tag for language in texts]
    assert all([k.role for k in s.kids if isinstance(k, Node)] == ["H2", "H3", "P"]
               for s in sections)
    code = [e for e in elements if e.role == "Figure"][-1]
    assert code.alt and code.alt.endswith(load_branding(None).translations_page)


@pytest.mark.parametrize("tag", ["en", "my"])
def test_the_name_plate_is_one_paragraph_read_before_the_headline(tag: str) -> None:
    """"Posted at" and the school's name, in reading order, one P, whatever side the
    label's words fall on."""
    site = "Hamilton High School"
    tree, texts = own_reading(render("digest", tag, texts=_texts(), site=site))
    leaves = leaf_texts(tree, texts)
    [(plate, text)] = [(e, t) for e, t in leaves if site in t]
    assert plate.role == "P"
    label = _texts()[tag].labels.format("posted_at", site=site)
    assert squash(text) == squash(label)
    roles = [e.role for e, _ in leaves]
    assert roles.index("H1") > [e for e, _ in leaves].index(plate)


def test_a_full_page_handout_reads_its_english_page_as_an_english_section() -> None:
    """A script whose handout takes full Letter pages: the English copy is page 2, and the
    English section holds all of page 2 and nothing of page 1."""
    pdf = render("handout", "my", texts=_texts(), with_english=True)
    tree = structure_tree(pdf)
    assert tree is not None
    [section] = [e for e in tree.elements() if e.role == "Sect"]
    assert section.lang == "en"
    inside = set(section.mcids())
    assert {page for page, _ in inside} == {1}
    assert {m for m in tree.mcids() if m[0] == 1} == inside


@pytest.mark.parametrize("tag", ["es", "ar", "my", "rhg"])
@pytest.mark.parametrize("doc", ["poster", "digest", "letter", "handout"])
def test_the_english_half_of_the_draft_notice_is_an_english_span(doc: str, tag: str) -> None:
    """The notice holds both halves (on one line, or on two in a right-to-left language);
    its English half is marked content of its own, in a Span whose /Lang is English,
    inside the notice's paragraph — whatever construction the script's lines use
    (ActualText spans, glyph text, invisible layer)."""
    own, english = _draft(_texts()[tag])
    tree, texts = own_reading(_pdf(doc, tag))
    # (a Span with no /Lang is a line of a Hanifi page that carries its own text)
    [span] = [e for e in tree.elements() if e.role == "Span" and e.lang]
    [notice] = [e for e in tree.elements() if any(kid is span for kid in e.kids)]
    assert (span.lang, notice.role, notice.lang) == ("en", "P", None)
    assert squash("".join(t for _, t in leaf_texts(span, texts))) == squash(english)
    inside = {id(e) for e in span.elements()}
    rtl = _texts()[tag].meta.direction.value == "rtl"
    assert squash("".join(t for e, t in leaf_texts(notice, texts) if id(e) not in inside)
                  ) == squash(own if rtl else f"{own} ·")
    pages = {page for page, _ in notice.mcids()}
    assert len(pages) == 1  # (a notice repeated on a letter's later pages is furniture)
