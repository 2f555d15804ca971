"""Joining and overlaying our PDFs by copying objects: same pixels, same text, valid files."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import ImageChops
from pypdf import PdfReader

import safehaven_docs as sh
from safehaven_docs.preflight import preflight
from safehaven_docs.writers.pdf_join import JoinError, join, overlay_marked


def _images(pdf: bytes, scale: float = 0.6) -> list[object]:
    document = pdfium.PdfDocument(pdf)
    return [page.render(scale=scale).to_pil().convert("RGB") for page in document]


def _texts(pdf: bytes) -> list[str]:
    document = pdfium.PdfDocument(pdf)
    return [page.get_textpage().get_text_range() for page in document]


@pytest.fixture(scope="module")
def documents() -> list[bytes]:
    return [sh.render("poster", "ar", size="letter"), sh.render("letter", "my"),
            sh.render("handout", "rhg"), sh.render("digest", "en", site="Ashgrove")]


def test_joined_pages_are_the_documents_pages_in_order(documents: list[bytes]) -> None:
    joined = join(documents, title="Print order: Ashgrove", lang="en")
    reader = PdfReader(io.BytesIO(joined), strict=True)
    assert reader.metadata.title == "Print order: Ashgrove"
    expected = [image for pdf in documents for image in _images(pdf)]
    assert len(reader.pages) == len(expected)
    for ours, theirs in zip(_images(joined), expected, strict=True):
        assert ImageChops.difference(ours, theirs).getbbox() is None
    assert _texts(joined) == [text for pdf in documents for text in _texts(pdf)]
    assert preflight(joined).ok


def test_joining_is_deterministic(documents: list[bytes]) -> None:
    assert join(documents) == join(list(documents))


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_poppler_reads_the_joined_file_as_the_parts(documents: list[bytes],
                                                    tmp_path: Path) -> None:
    def text(data: bytes) -> str:
        path = tmp_path / "x.pdf"
        path.write_bytes(data)
        return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                              check=True).stdout

    assert text(join(documents)) == "".join(text(pdf) for pdf in documents)


def test_a_file_of_another_shape_is_refused(documents: list[bytes]) -> None:
    with pytest.raises(JoinError):
        join([documents[1], b"%PDF-1.4 not really"])
    with pytest.raises(JoinError):
        overlay_marked(documents[0], documents[1])  # a base that marks no place


def test_tagged_parts_join_into_one_tagged_file(documents: list[bytes]) -> None:
    """Each part's tree is a Part of the joined Document, in order, in its language; the
    tree reads every part's elements and text as the part did; the PDF/UA checks pass."""
    from safehaven_docs.accessibility import check_accessibility
    from tests.readers.structure import Node, leaf_texts, own_reading

    joined = join(documents, title="Print order: Ashgrove", lang="mul")
    reader = PdfReader(io.BytesIO(joined), strict=True)
    report = check_accessibility(reader)
    assert report.tagged and report.problems == []
    assert reader.trailer["/Root"]["/Lang"] == "mul"
    assert sorted(page["/StructParents"] for page in reader.pages) == list(
        range(len(reader.pages)))
    tree, texts = own_reading(joined)
    [document] = tree.kids
    assert isinstance(document, Node) and document.role == "Document"
    langs = [PdfReader(io.BytesIO(pdf)).trailer["/Root"]["/Lang"] for pdf in documents]
    assert [(part.role, part.lang) for part in document.kids
            if isinstance(part, Node)] == [("Part", lang) for lang in langs]
    expected = []
    for pdf in documents:
        own_tree, own_texts = own_reading(pdf)
        expected += [(e.role, t) for e, t in leaf_texts(own_tree, own_texts)
                     if e.role != "Document"]
    assert [(e.role, t) for e, t in leaf_texts(tree, texts)] == expected


def test_untagged_parts_join_untagged(documents: list[bytes]) -> None:
    """A file is tagged only when all its parts are: an untagged part makes it untagged."""
    from msgspec.structs import replace

    from safehaven_docs.branding import load_branding
    from safehaven_docs.documents import Options, finish, lay_out
    from safehaven_docs.model import load_texts

    document = lay_out("digest", "en", load_texts(), load_branding(None), Options())
    joined = join([documents[0], finish(replace(document, tagged=False))])
    reader = PdfReader(io.BytesIO(joined), strict=True)
    assert "/StructTreeRoot" not in reader.trailer["/Root"]
    assert len(reader.pages) == 2


def test_a_marked_overlay_wants_a_piece_for_every_place() -> None:
    """A layer cut into more pieces than the base marks places is refused, not misplaced."""
    from msgspec.structs import replace

    from safehaven_docs.branding import load_branding
    from safehaven_docs.documents import Options, finish, lay_out
    from safehaven_docs.layout.documents.digest import SITE_ROLE
    from safehaven_docs.layout.page import TextBlock
    from safehaven_docs.model import load_texts

    document = lay_out("digest", "en", load_texts(), load_branding(None),
                       Options(site="Ashgrove"))
    page = document.pages[0]
    [plate] = [b for b in page.blocks if isinstance(b, TextBlock) and b.role == SITE_ROLE]
    base = finish(document, elsewhere=lambda block: block is plate)
    one = replace(document, pages=(replace(page, blocks=(plate,)),), tagged=False)
    two = replace(document, pages=(replace(page, blocks=(plate, plate)),), tagged=False)
    assert PdfReader(io.BytesIO(overlay_marked(base, finish(one, cut=True)))).pages
    with pytest.raises(JoinError):
        overlay_marked(base, finish(two, cut=True))


def test_pdfjs_reads_the_joined_tree_as_the_parts_trees(documents: list[bytes],
                                                       tmp_path: Path) -> None:
    """Firefox's view of the joined file's tree: every page tagged, the parts' text."""
    from tests.readers.extract import must_run, pdfjs_missing
    from tests.readers.structure import pdfjs_reading, pdfjs_structure

    missing = pdfjs_missing()
    if missing:
        if must_run():
            pytest.fail(missing)
        pytest.skip(missing)

    def pages(data: bytes, name: str) -> list[dict[str, object]]:
        path = tmp_path / name
        path.write_bytes(data)
        return pdfjs_structure(path)

    joined = pages(join(documents, lang="mul"), "joined.pdf")
    assert all(page["untagged"] == "" for page in joined)
    parts = [page for n, pdf in enumerate(documents) for page in pages(pdf, f"{n}.pdf")]
    assert pdfjs_reading(joined) == pdfjs_reading(parts)
