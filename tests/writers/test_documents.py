"""The print documents: every document in every language, print-ready and complete."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from functools import lru_cache
from itertools import combinations, pairwise
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from msgspec.structs import replace
from pypdf import PdfReader

import safehaven_docs as sh
from safehaven_docs.branding import DEFAULT_BRANDING
from safehaven_docs.documents import (
    DOCUMENTS,
    Options,
    RenderError,
    handout_sheet,
    lay_out,
    render,
)
from safehaven_docs.layout.documents.common import SAFE, DoesNotFit, sheet_size
from safehaven_docs.layout.page import Document, TextBlock
from safehaven_docs.model import TextSet
from safehaven_docs.preflight import Expectations, preflight
from safehaven_docs.text.scripts import MIN_PRINTED
from tests.readers.extract import score

TEXTS = sh.load_texts()
TAGS = TEXTS.tags
INCH = 72.0
#: Invisible controls extractors add (bidi embeddings, marks) and PDFium's U+FFFE for a
#: hyphen at a line end.
_INVISIBLE = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                                    "\u2066\u2067\u2068\u2069\ufffe"))


@lru_cache(maxsize=64)
def _pdf(doc: str, tag: str) -> bytes:
    return render(doc, tag, texts=TEXTS, site="Hamilton High School")


@lru_cache(maxsize=64)
def _layout(doc: str, tag: str) -> Document:
    return lay_out(doc, tag, TEXTS, DEFAULT_BRANDING, Options(site="Hamilton High School"))


@pytest.mark.parametrize("tag", TAGS)
@pytest.mark.parametrize("doc", DOCUMENTS)
def test_every_document_renders_and_passes_preflight(doc: str, tag: str) -> None:
    pdf = _pdf(doc, tag)
    reader = PdfReader(__import__("io").BytesIO(pdf))
    pages = len(reader.pages)
    sheet = handout_sheet(tag, texts=TEXTS, site="Hamilton High School")
    handout = (11, 8.5) if sheet == "letter-landscape" else (8.5, 11)
    expected = {"poster": (11, 17), "digest": (11, 17), "multilingual": (11, 17),
                "letter": (8.5, 11), "handout": handout}[doc]
    box = reader.pages[0].mediabox
    assert (float(box.width) / INCH, float(box.height) / INCH) == pytest.approx(expected)
    if doc != "letter":
        assert pages == 1
    report = preflight(pdf, Expectations(min_text_size=MIN_PRINTED))
    assert report.ok, report.problems
    assert all(font.embedded and font.subset and not font.base14 for font in report.fonts)


def _normal(text: str) -> str:
    """NFC, no white space, no invisible controls, no hyphens (poppler joins
    "record-" at a line end with "keeping" into "recordkeeping")."""
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    return re.sub(r"[\s\-]+", "", text)


def _commitments(tag: str) -> list[str]:
    resolution = TEXTS[tag].resolution
    needed = [*resolution.preamble, resolution.title]
    for commitment in resolution.commitments:
        needed += [commitment.text, *(item.text for item in commitment.items)]
    return needed


@pytest.mark.parametrize("tag", TAGS)
def test_the_poster_holds_every_commitment(tag: str) -> None:
    """Read back with PDFium (Chrome's and Android's viewer), two-column tabloid poster."""
    document = pdfium.PdfDocument(_pdf("poster", tag))
    extracted = _normal(document[0].get_textpage().get_text_range())
    document.close()
    for text in _commitments(tag):
        assert score(extracted, [text]) >= 0.98, text[:60]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
@pytest.mark.parametrize("tag", TAGS)
def test_the_letter_size_poster_reads_back_whole_in_pdftotext(tag: str, tmp_path: Path) -> None:
    """The letter poster (two columns, as the tabloid one) in poppler's plain reading order.

    poppler reads two columns across, line by line, where lines are far apart
    (Hanifi Rohingya; docs/pdf-text-extraction.md).
    """
    path = tmp_path / "poster.pdf"
    try:
        pdf = render("poster", tag, texts=TEXTS, size="letter")
    except DoesNotFit:  # Myanmar script's minimum size needs tabloid: tests/readers covers it
        pytest.skip(f"the {tag} poster does not fit on letter")
    path.write_bytes(pdf)
    extracted = _normal(subprocess.run(["pdftotext", str(path), "-"], capture_output=True,
                                       text=True, check=True).stdout)
    for text in _commitments(tag):
        assert _normal(text) in extracted, text[:60]


def _text_lines(document: Document):
    for number, page in enumerate(document.pages):
        for block in page.blocks:
            if isinstance(block, TextBlock):
                for line in block.paragraph.lines:
                    yield number, block, line


@pytest.mark.parametrize("tag", TAGS)
@pytest.mark.parametrize("doc", ["poster", "digest", "letter", "multilingual"])
def test_text_stays_in_the_safe_area_and_never_overlaps(doc: str, tag: str) -> None:
    document = _layout(doc, tag)
    page = document.pages[0]
    boxes: dict[int, list[tuple[float, float, float, float]]] = {}
    for number, block, line in _text_lines(document):
        left, right = block.x + line.x, block.x + line.right
        top, bottom = (block.y + line.baseline - line.ascent,
                       block.y + line.baseline + line.descent)
        assert left >= SAFE - 0.01 and right <= page.width - SAFE + 0.01, line.text
        assert top >= SAFE * 0.5 and bottom <= page.height - SAFE + 0.01, line.text
        boxes.setdefault(number, []).append((left, top, right, bottom))
    for page_boxes in boxes.values():
        for a, b in combinations(page_boxes, 2):
            overlap_x = min(a[2], b[2]) - max(a[0], b[0])
            overlap_y = min(a[3], b[3]) - max(a[1], b[1])
            assert overlap_x <= 0.5 or overlap_y <= 0.5, (a, b)


@pytest.mark.parametrize("tag", ["ar", "rhg"])
@pytest.mark.parametrize("doc", ["poster", "digest"])
def test_right_to_left_documents_align_to_the_right(doc: str, tag: str) -> None:
    checked = 0
    for _, block, line in _text_lines(_layout(doc, tag)):
        if block.paragraph.rtl and not block.decorative and line is block.paragraph.lines[0] \
                and block.paragraph.lines[0].width < block.paragraph.width - 1:
            assert block.x + line.right == pytest.approx(block.x + block.paragraph.width,
                                                         abs=0.05)
            checked += 1
    assert checked >= 3


def test_rendering_is_byte_identical() -> None:
    assert render("digest", "ksw", texts=TEXTS) == render("digest", "ksw", texts=TEXTS)


def test_bleed_and_crop_marks_set_the_boxes() -> None:
    pdf = render("poster", "es", texts=TEXTS, bleed=True, crop_marks=True, cmyk=True)
    page = PdfReader(__import__("io").BytesIO(pdf)).pages[0]
    trim, bleed, media = page.trimbox, page.bleedbox, page.mediabox
    assert float(trim.width) == pytest.approx(11 * INCH)
    assert float(trim.height) == pytest.approx(17 * INCH)
    assert float(bleed.width) == pytest.approx(11 * INCH + 18)
    assert float(trim.left) - float(bleed.left) == pytest.approx(9.0)
    assert float(media.width) > float(bleed.width)  # room for the crop marks
    report = preflight(pdf, Expectations(cmyk=True, bleed=9.0, page_size=(792, 1224)))
    assert report.ok, report.problems
    assert report.color_spaces == {"DeviceCMYK"}


@pytest.mark.parametrize("size", ["letter", "a4", "a3", "18x24", "24x36"])
def test_poster_sizes(size: str) -> None:
    pdf = render("poster", "en", texts=TEXTS, size=size)
    box = PdfReader(__import__("io").BytesIO(pdf)).pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(sheet_size(size), abs=0.01)


def test_drafts_carry_the_notice_and_can_be_refused() -> None:
    notice = TEXTS["so"].labels["draft_notice"]
    digest = _layout("digest", "so")
    texts = [line.text for _, _, line in _text_lines(digest)]
    assert any(notice in text for text in texts)
    english = [line.text for _, _, line in _text_lines(_layout("digest", "en"))]
    assert not any(TEXTS["en"].labels["draft_notice"] in text for text in english)
    with pytest.raises(RenderError, match=r"so\.toml is a draft translation"):
        render("poster", "so", texts=TEXTS, require_reviewed=True)


def test_a_text_too_long_for_the_sheet_names_a_size_that_fits() -> None:
    spanish = TEXTS["es"]
    longer = replace(spanish, resolution=replace(spanish.resolution,
                                                 preamble=spanish.resolution.preamble * 10))
    texts = TextSet(tuple(longer if t.tag == "es" else t for t in TEXTS), TEXTS.folder)
    with pytest.raises(DoesNotFit, match=r"use --size (\S+)") as caught:
        render("poster", "es", texts=texts, size="letter")
    suggested = re.search(r"use --size (\S+)", str(caught.value)).group(1)
    assert suggested != "letter"
    assert render("poster", "es", texts=texts, size=suggested).startswith(b"%PDF")


def test_site_is_printed_on_the_digest() -> None:
    texts = [line.text for _, _, line in _text_lines(_layout("digest", "ar"))]
    assert any("Hamilton High School" in text for text in texts)


def test_phone_number_reads_left_to_right_in_arabic() -> None:
    lines = [line for _, _, line in _text_lines(_layout("digest", "ar"))
             if "414" in line.text]
    assert lines
    visual = "".join(run.text for run in lines[0].runs if not run.rtl)
    assert "(414)\u00a0475\u20118393" in visual


@pytest.mark.parametrize("tag", TAGS)
def test_the_letter_ends_with_its_last_paragraph_closing_and_signatures(tag: str) -> None:
    letter = TEXTS[tag].letter
    last_page = _layout("letter", tag).pages[-1]
    lines = [line.text for block in last_page.blocks if isinstance(block, TextBlock)
             for line in block.paragraph.lines]
    assert letter.closing in lines
    assert any(line and letter.closing_paragraphs[-1].startswith(line) for line in lines)
    assert all(any(s.name in line for line in lines) for s in letter.signatories)


@pytest.mark.parametrize("tag", ["ar", "rhg"])
def test_latin_address_reads_left_to_right_in_rtl_letterhead(tag: str) -> None:
    address = DEFAULT_BRANDING.address
    for _, _, line in _text_lines(_layout("letter", tag)):
        if "Vliet" in line.text:
            visual = "".join(run.text[::-1] if run.rtl else run.text for run in line.runs)
            assert address in visual.translate(_INVISIBLE)
            return
    pytest.fail("no address line")


@pytest.mark.parametrize("tag", ["es", "ksw", "rhg-Latn"])
def test_letter_paragraphs_are_separated(tag: str) -> None:
    from safehaven_docs.layout.documents.letter import BODY

    for page in _layout("letter", tag).pages:
        columns: dict[float, list[TextBlock]] = {}
        for block in page.blocks:
            if isinstance(block, TextBlock) and not block.decorative \
                    and block.paragraph.size == BODY:  # body text, not letterhead or signatures
                columns.setdefault(round(block.x, 1), []).append(block)
        for blocks in columns.values():
            blocks.sort(key=lambda b: b.y)
            for above, below in pairwise(blocks):
                if below.y < above.bottom + 50:  # neighbours in the same flow
                    assert below.y - above.bottom >= BODY * 0.25, below.paragraph.text[:40]
