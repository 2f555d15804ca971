"""Pixels: a headline per script compared with a reference PNG reviewed by eye.

Set SAFEHAVEN_UPDATE_REFERENCES=1 to rewrite the references — only on
purpose, and look at every changed image before committing it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageChops

import safehaven_docs as sh
from safehaven_docs.layout.flow import FlowItem, Frame, flow
from safehaven_docs.layout.page import Document
from safehaven_docs.text.boxes import Align
from safehaven_docs.text.typeset import Paragraph, TextStyle
from safehaven_docs.writers.pdf import pdf_bytes

REFERENCE = Path(__file__).parent / "reference"
TAGS = ["en", "ar", "my", "ksw", "rhg"]
#: Mean absolute difference per pixel (0-255) tolerated between renderers' builds.
TOLERANCE = 2.0


def _render(tag: str) -> Image.Image:
    language = sh.load_texts()[tag]
    rtl = language.meta.direction.value == "rtl"
    items = [FlowItem(Paragraph(text, tag, language.meta.script, rtl), TextStyle(14, Align.START))
             for text in (language.digest.headline, language.digest.points[3].text)]
    pages = flow(items, Frame(300, 200, 12, 12, 12, 12))
    pdf = pdfium.PdfDocument(pdf_bytes(Document((pages[0],), tag, tag)))
    image = pdf[0].render(scale=1.5, grayscale=True).to_pil().convert("L")
    pdf.close()
    return image


@pytest.mark.parametrize("tag", TAGS)
def test_headline_matches_reference(tag: str) -> None:
    _compare(_render(tag), REFERENCE / f"headline-{tag}.png")


def test_a_missing_glyph_would_change_the_picture() -> None:
    """The comparison is sensitive: dropping one word changes the image beyond tolerance."""
    image = _render("ar")
    blank = Image.new("L", image.size, 255)
    histogram = ImageChops.difference(image, blank).histogram()
    mean = sum(value * count for value, count in enumerate(histogram)) / sum(histogram)
    assert mean > TOLERANCE


DOCUMENT_TAGS = ["en", "ar", "my"]


def _document_image(doc: str, tag: str) -> Image.Image:
    from safehaven_docs.documents import render

    pdf = pdfium.PdfDocument(render(doc, tag, site="Hamilton High School"))
    image = pdf[0].render(scale=0.4, grayscale=True).to_pil().convert("L")
    pdf.close()
    return image


@pytest.mark.parametrize("tag", DOCUMENT_TAGS)
@pytest.mark.parametrize("doc", ["poster", "digest", "letter", "handout"])
def test_document_matches_reference(doc: str, tag: str) -> None:
    _compare(_document_image(doc, tag), REFERENCE / f"{doc}-{tag}.png")


def test_multilingual_matches_reference() -> None:
    _compare(_document_image("multilingual", "en"), REFERENCE / "multilingual.png")


def _compare(image: Image.Image, path: Path) -> None:
    if os.environ.get("SAFEHAVEN_UPDATE_REFERENCES") == "1" or not path.exists():
        image.save(path, optimize=True)
        pytest.skip(f"wrote {path.name}; review it by eye")
    reference = Image.open(path).convert("L")
    assert image.size == reference.size
    histogram = ImageChops.difference(image, reference).histogram()
    mean = sum(value * count for value, count in enumerate(histogram)) / sum(histogram)
    if mean > TOLERANCE:
        image.save(path.with_name(f"{path.stem}-actual.png"))
    assert mean <= TOLERANCE, f"{path.name}: mean pixel difference {mean:.2f}"
