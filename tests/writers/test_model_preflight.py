"""The model preflight: what a render checks before writing, held to the file parser's verdict.

Every render is preflighted from its laid-out document (``writers.model_preflight``)
instead of parsing the PDF just written; these tests make sure it finds each problem the
parser (``safehaven preflight FILE``) finds, with the same sentence, and that the two
agree on every shipped document.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from msgspec.structs import replace
from PIL import Image

import safehaven_docs as sh
from safehaven_docs.branding import DEFAULT_BRANDING, Branding
from safehaven_docs.documents import DOCUMENTS, Options, expectations, finish, lay_out
from safehaven_docs.errors import RenderError
from safehaven_docs.layout.marks import BLEED
from safehaven_docs.layout.page import Document, ImageBlock, Page, RuleBlock, TextBlock
from safehaven_docs.preflight import preflight
from safehaven_docs.print_checks import Expectations, PreflightReport
from safehaven_docs.text.typeset import Paragraph, TextStyle, typeset
from safehaven_docs.writers.model_preflight import preflight_document
from safehaven_docs.writers.pdf import pdf_bytes

TEXTS = sh.load_texts()
LETTER = (612.0, 792.0)
ORDER = Expectations(page_size=LETTER, pages=1, min_text_size=6.0)


def _both(document: Document, expect: Expectations) -> tuple[PreflightReport, PreflightReport]:
    """The model's report and the parser's report of the written file."""
    return (preflight_document(document, expect),
            preflight(pdf_bytes(document), expect, glyphs=False))


def _agreeing(document: Document, expect: Expectations) -> PreflightReport:
    model, parsed = _both(document, expect)
    assert model == parsed
    return model


def _text(words: str, size: float, x: float = 72.0, y: float = 72.0, *, tag: str = "en",
          script: str = "Latn", rtl: bool = False) -> TextBlock:
    return TextBlock(typeset(Paragraph(words, tag, script, rtl), 400.0, TextStyle(size)), x, y)


def _document(*blocks: object, cmyk: bool = False, **page: float) -> Document:
    sheet = Page(*LETTER, tuple(blocks), **page)  # type: ignore[arg-type]
    return Document((sheet,), "Test", "en", cmyk=cmyk)


# each problem, found from the model as the parser finds it in the file


def test_a_clean_page_passes_both() -> None:
    report = _agreeing(_document(_text("Every school is a safe haven", 12)), ORDER)
    assert report.ok, report.problems
    assert report.smallest_text == 12
    assert all(f.embedded and f.subset and not f.base14 for f in report.fonts)


def test_text_below_the_minimum_is_found() -> None:
    report = _agreeing(_document(_text("Footnote", 5.2), _text("Body", 12, y=200)), ORDER)
    assert report.smallest_text == 5.2
    [problem] = report.problems
    assert problem == "page 1: has text as small as 5.2 pt, below the 6 pt minimum; enlarge it"


def test_rgb_in_a_cmyk_job_is_found() -> None:
    report = _agreeing(_document(RuleBlock(10, 10, 100, 5, (0.2, 0.4, 0.6))),
                       replace(ORDER, cmyk=True))
    assert report.color_spaces == {"DeviceRGB"}
    assert report.problems == ("page 1: uses RGB colour (DeviceRGB) in a CMYK job; convert the "
                               "colours to CMYK or grey before printing",)
    assert _agreeing(_document(RuleBlock(10, 10, 100, 5), cmyk=True),
                     replace(ORDER, cmyk=True)).ok


@pytest.mark.parametrize(("mode", "suffix", "space"), [
    ("RGB", "png", "DeviceRGB"), ("RGBA", "png", "DeviceRGB"), ("P", "png", "DeviceRGB"),
    ("1", "png", "DeviceRGB"), ("L", "png", "DeviceGray"), ("LA", "png", "DeviceGray"),
    ("RGB", "jpg", "DeviceRGB"), ("L", "jpg", "DeviceGray"), ("CMYK", "jpg", "DeviceCMYK"),
])
def test_a_logo_counts_in_the_colour_space_the_writer_keeps(tmp_path: Path, mode: str,
                                                           suffix: str, space: str) -> None:
    logo = tmp_path / f"logo.{suffix}"
    Image.new("RGB", (24, 24), (200, 40, 60)).convert(mode).save(logo)
    document = _document(ImageBlock(logo, 72, 72, 72, 72), RuleBlock(0, 0, 9, 9), cmyk=True)
    report = _agreeing(document, replace(ORDER, cmyk=True))
    assert report.color_spaces == {"DeviceCMYK", space}
    assert report.ok == (space != "DeviceRGB")


def test_wrong_trim_size_and_page_count_are_found() -> None:
    document = _document(_text("Every school is a safe haven", 12))
    report = _agreeing(document, replace(ORDER, page_size=(792.0, 1224.0), pages=2))
    assert report.problems == (
        "the file has 1 page(s) but 2 ordered; export the document again with the ordered pages",
        "page 1: trim size is 8.5 x 11 in (612 x 792 pt) but 11 x 17 in (792 x 1224 pt) was "
        "ordered; render the document at the ordered size")


def test_missing_and_short_bleed_are_found() -> None:
    ordered = replace(ORDER, bleed=BLEED)
    report = _agreeing(_document(RuleBlock(0, 0, 612, 100)), ordered)
    [problem] = report.problems
    assert "has no TrimBox and BleedBox but 9 pt (0.125 in) bleed was ordered" in problem
    report = _agreeing(_document(RuleBlock(0, 0, 612, 100), bleed=4.0), ordered)
    [problem] = report.problems
    assert "the BleedBox is 4, 4, 4, 4 pt beyond the TrimBox" in problem
    assert _agreeing(_document(RuleBlock(0, 0, 612, 100), bleed=BLEED, slug=21.0), ordered).ok


def test_text_starting_off_the_sheet_is_found() -> None:
    off = _text("Every school is a safe haven", 12, x=-300)
    report = _agreeing(_document(off, _text("Body", 12, y=300)), ORDER)
    [problem] = report.problems
    assert problem.startswith("page 1: has 1 run(s) of text starting outside the page")


def test_every_font_is_an_embedded_subset_named_as_in_the_file() -> None:
    arabic = _text("هذه المدرسة ملاذ آمن", 12, tag="ar", script="Arab", rtl=True)
    report = _agreeing(_document(arabic, _text("Safe haven", 12, y=300)), ORDER)
    names = {f.name for f in report.fonts}
    assert {"NotoNaskhArabic-Regular", "NotoSans-Regular"} <= names
    assert all(f.kind == "TrueType" and f.pages == (1,) for f in report.fonts)


def test_a_render_that_fails_the_model_preflight_writes_nothing() -> None:
    with pytest.raises(RenderError, match="failed its preflight:\n  page 1: has text as small"):
        finish(_document(_text("Too small to read", 4)))
    with pytest.raises(RenderError, match="RGB colour"):
        finish(_document(RuleBlock(0, 0, 9, 9)), Options(cmyk=True))


# agreement on every shipped document


@pytest.mark.parametrize(("doc", "tag"), [(doc, tag) for doc in DOCUMENTS for tag in TEXTS.tags
                                          if doc != "multilingual" or tag == "en"])
def test_model_and_file_agree_on_every_shipped_document(doc: str, tag: str) -> None:
    options = Options(site="Hamilton High School")
    document = lay_out(doc, tag, TEXTS, DEFAULT_BRANDING, options)
    model, parsed = _both(document, expectations(document, options))
    assert model.ok and parsed.ok, (model.problems, parsed.problems)
    assert model.smallest_text == parsed.smallest_text
    assert model == parsed


@pytest.mark.parametrize("options", [
    Options(bleed=True, crop_marks=True), Options(cmyk=True, bleed=True), Options(crop_marks=True),
    Options(size="24x36", cmyk=True)], ids=["bleed-marks", "cmyk-bleed", "marks", "24x36-cmyk"])
@pytest.mark.parametrize("tag", ["en", "ar", "my", "rhg"])
def test_model_and_file_agree_with_print_options(tag: str, options: Options) -> None:
    document = lay_out("poster", tag, TEXTS, DEFAULT_BRANDING, options)
    model, parsed = _both(document, expectations(document, options))
    assert model.ok and model == parsed


def test_model_and_file_agree_with_a_logo(tmp_path: Path) -> None:
    logo = tmp_path / "logo.png"
    Image.new("RGB", (60, 60), (10, 60, 90)).save(logo)
    branding = Branding(logo=logo)
    for doc in ("poster", "digest", "letter"):
        options = Options(cmyk=True)
        document = lay_out(doc, "so", TEXTS, branding, options)
        model, parsed = _both(document, expectations(document, options))
        assert model == parsed
        assert not model.ok and "DeviceRGB" in model.problems[0]
