"""QR codes read back from the printed page go to the configured translations page.

Each code is decoded with OpenCV from a PDFium render of the PDF, the way a
phone sees the printed sheet — not from the data the layout was given.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from msgspec.structs import replace

import safehaven_docs as sh
from safehaven_docs.branding import DEFAULT_BRANDING, BrandingError, load_branding
from safehaven_docs.documents import render

cv2 = pytest.importorskip("cv2")

TEXTS = sh.load_texts()
PAGE = "https://example.org/safe-haven/languages?from=poster"


def _decoded(pdf: bytes, *, halves: int = 1) -> list[str]:
    """Every QR code on the first page: one per half of the sheet (the handout has two).

    OpenCV's detector misses a code now and then at one scale and finds it at the
    next (a phone tries again too), so each part is tried at a few resolutions.
    """
    document = pdfium.PdfDocument(pdf)
    images = [document[0].render(scale=scale, grayscale=True).to_numpy()
              for scale in (3, 2, 4, 2.5)]
    document.close()
    return [_first_code(images, half, halves) for half in range(halves)]


def _first_code(images: list[np.ndarray], half: int, halves: int) -> str:
    for image in images:
        gray = image if image.ndim == 2 else image[..., 0]
        width = gray.shape[1] // halves
        part = np.ascontiguousarray(gray[:, half * width : (half + 1) * width])
        text, points, _ = cv2.QRCodeDetector().detectAndDecode(part)
        if points is not None and text:
            return str(text)
    raise AssertionError(f"no QR code found in part {half} of the page")


@pytest.mark.parametrize("tag", ["en", "ar", "my", "rhg"])
def test_the_digests_code_goes_to_the_translations_page(tag: str) -> None:
    branding = replace(DEFAULT_BRANDING, translations_url=PAGE)
    pdf = render("digest", tag, texts=TEXTS, branding=branding, site="Hamilton High School")
    assert _decoded(pdf) == [PAGE]


def test_the_handouts_codes_go_to_the_translations_page() -> None:
    branding = replace(DEFAULT_BRANDING, translations_url=PAGE)
    pdf = render("handout", "so", texts=TEXTS, branding=branding, with_english=True)
    assert _decoded(pdf, halves=2) == [PAGE, PAGE]


@pytest.mark.parametrize("size", ["tabloid", "letter"])
def test_the_welcome_posters_code_goes_to_the_translations_page(size: str) -> None:
    branding = replace(DEFAULT_BRANDING, translations_url=PAGE)
    pdf = render("multilingual", "en", size=size, texts=TEXTS, branding=branding)
    assert _decoded(pdf) == [PAGE]


def test_without_a_translations_page_the_code_goes_to_the_districts_page() -> None:
    assert DEFAULT_BRANDING.translations_url is None
    pdf = render("digest", "es", texts=TEXTS, size="letter")
    assert _decoded(pdf) == [DEFAULT_BRANDING.url]


def test_the_printed_link_is_the_translations_page() -> None:
    from safehaven_docs.documents import Options, lay_out
    from safehaven_docs.layout.page import TextBlock

    branding = replace(DEFAULT_BRANDING, translations_url=PAGE)
    page = lay_out("digest", "en", TEXTS, branding, Options()).pages[0]
    text = " ".join(b.paragraph.text for b in page.blocks if isinstance(b, TextBlock))
    assert "example.org/safe-haven/languages?from=poster" in text
    assert "mps.milwaukee.k12.wi.us" not in text


def test_translations_url_from_the_branding_file(tmp_path: Path) -> None:
    config = tmp_path / "district.toml"
    config.write_text(f'[branding]\ntranslations_url = "{PAGE}"\n', encoding="utf-8")
    assert load_branding(config).translations_page == PAGE
    config.write_text('[branding]\ntranslations_url = "ftp://example.org"\n', encoding="utf-8")
    with pytest.raises(BrandingError, match=r"\[translations_url\].*not a web address"):
        load_branding(config)
