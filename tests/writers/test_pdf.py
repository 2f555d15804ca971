"""The PDF text samples: fonts embedded, metadata set, deterministic, text extractable."""

from __future__ import annotations

import difflib
import re
import shutil
import subprocess
import unicodedata
from functools import lru_cache
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader

import safehaven_docs as sh
from safehaven_docs.layout.sample import sample_document
from safehaven_docs.writers.sample import sample_pdf

TAGS = sh.load_texts().tags
#: Similarity every language must reach (docs/pdf-text-extraction.md has the figures).
FLOOR = 0.98


@lru_cache(maxsize=16)
def _pdf(tag: str) -> bytes:
    return sample_pdf(sh.load_texts()[tag])


def _pdf_path(tag: str, tmp_path: Path) -> Path:
    path = tmp_path / f"{tag}.pdf"
    path.write_bytes(_pdf(tag))
    return path


#: Invisible bidi controls that poppler adds around right-to-left spans.
_BIDI_CONTROLS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                                       "\u2066\u2067\u2068\u2069"))


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFC", text).translate(_BIDI_CONTROLS)
    return re.sub(r"\s+", " ", text).strip()


def _source_text(tag: str) -> str:
    """The sample's text in reading order, as the layout put it on the page."""
    document = sample_document(sh.load_texts()[tag])
    parts = [line.text for page in document.pages for block in page.blocks
             if hasattr(block, "paragraph") and not block.decorative
             for line in block.paragraph.lines]
    return _norm(" ".join(parts))


def _similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


@pytest.mark.parametrize("tag", TAGS)
def test_every_font_is_embedded_and_none_is_base14(tag: str, tmp_path: Path) -> None:
    reader = PdfReader(_pdf_path(tag, tmp_path))
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts[font["/BaseFont"]] = font
    assert fonts
    for name, font in fonts.items():
        descriptor = font["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor, f"{name} is not embedded"
        assert re.match(r"/[A-Z]{6}\+", name), f"{name} is not a subset"
        assert "Helvetica" not in name and "Times" not in name


@pytest.mark.parametrize("tag", TAGS)
def test_language_and_title_are_set(tag: str, tmp_path: Path) -> None:
    reader = PdfReader(_pdf_path(tag, tmp_path))
    assert reader.trailer["/Root"]["/Lang"] == tag
    assert reader.metadata.title == sh.load_texts()[tag].resolution.title


def test_rendering_is_deterministic() -> None:
    texts = sh.load_texts()
    assert sample_pdf(texts["ar"]) == sample_pdf(texts["ar"])
    assert b"CreationDate" not in _pdf("en") or b"D:20000101" in _pdf("en")


_FRESH = """
import hashlib, sys
import safehaven_docs as sh
sys.stdout.write(hashlib.sha256(sh.render(sys.argv[1], sys.argv[2])).hexdigest())
"""


@pytest.mark.parametrize(("doc", "tag"), [("poster", "rhg"), ("letter", "ksw")])
def test_bytes_do_not_depend_on_what_the_process_drew_before(doc: str, tag: str) -> None:
    """Character codes and line plans live from document to document; the bytes must not."""
    import hashlib
    import sys

    fresh = subprocess.run([sys.executable, "-c", _FRESH, doc, tag], capture_output=True,
                           text=True, check=True).stdout
    for other_doc, other_tag in (("poster", "ar"), ("multilingual", "en"), ("letter", "my"),
                                 ("poster", "rhg"), ("letter", "ksw")):
        sh.render(other_doc, other_tag)
    again = sh.render(doc, tag)
    assert hashlib.sha256(again).hexdigest() == fresh
    assert sh.render(doc, tag) == again


def test_codes_started_afresh_give_the_same_bytes() -> None:
    """A long-running process resets its codes when they run low; nothing changes."""
    from safehaven_docs.writers.pdf_fonts import reset_codes
    from safehaven_docs.writers.pdf_text import forget_plans

    before = sh.render("poster", "my")
    forget_plans()
    reset_codes()
    assert sh.render("poster", "my") == before


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
@pytest.mark.parametrize("mode", [[], ["-layout"]], ids=["plain", "layout"])
@pytest.mark.parametrize("tag", TAGS)
def test_pdftotext_gives_back_the_source(tag: str, mode: list[str], tmp_path: Path) -> None:
    out = subprocess.run(["pdftotext", *mode, str(_pdf_path(tag, tmp_path)), "-"],
                         capture_output=True, text=True, check=True).stdout
    assert _similarity(_source_text(tag), _norm(out)) >= FLOOR


@pytest.mark.parametrize("tag", TAGS)
def test_pdfium_gives_back_the_source(tag: str, tmp_path: Path) -> None:
    document = pdfium.PdfDocument(_pdf_path(tag, tmp_path))
    text = " ".join(page.get_textpage().get_text_range() for page in document)
    document.close()
    assert _similarity(_source_text(tag), _norm(text)) >= FLOOR


def test_font_subsets_are_named_by_their_glyphs(tmp_path: Path) -> None:
    """Different subsets of one font get different tags in different files (a print shop
    merging PDFs must not take one for another); the same subset keeps its tag."""
    def fonts(doc: str, tag: str) -> dict[str, str]:
        reader = PdfReader(__import__("io").BytesIO(sh.render(doc, tag)))
        names = {str(font["/BaseFont"]).lstrip("/") for page in reader.pages
                 for font in page["/Resources"]["/Font"].values()}
        return {name.split("+")[1]: name.split("+")[0] for name in names}

    arabic, burmese = fonts("digest", "ar"), fonts("digest", "my")
    assert arabic["NotoSans-Regular"] != burmese["NotoSans-Regular"]
    assert fonts("digest", "ar") == arabic
    assert all(len(tag) == 6 and tag.isupper() for tag in arabic.values())
