"""The print-shop preflight, on small PDFs drawn here with ReportLab and on a shipped sample."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    NumberObject,
)
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

import safehaven_docs as sh
from safehaven_docs.errors import SafehavenError
from safehaven_docs.preflight import (
    Expectations,
    FontReport,
    PreflightError,
    PreflightReport,
    format_report,
    preflight,
)
from safehaven_docs.writers.sample import sample_pdf

NOTO = "PreflightNotoSans"
pdfmetrics.registerFont(
    TTFont(NOTO, str(Path(__file__).parents[1] / "fonts" / "NotoSans-Regular.ttf")))
pdfmetrics.registerFont(UnicodeCIDFont("HeiseiMin-W3"))  # a Type0 font ReportLab never embeds
LETTER = (612.0, 792.0)
Draw = Callable[[Canvas], None]


def make_pdf(*draws: Draw, size: tuple[float, float] = LETTER, font: str = NOTO,
             trim: tuple[float, ...] | None = None, bleed: tuple[float, ...] | None = None,
             encrypt: object = None) -> bytes:
    """One page per ``draw``; ``font`` is also the canvas's initial font, so a TrueType-only
    file names no Helvetica."""
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=size, invariant=1, initialFontName=font, initialFontSize=10,
                    encrypt=encrypt)
    for draw in draws or (lambda c: None,):
        if trim:
            canvas.setTrimBox(trim)
        if bleed:
            canvas.setBleedBox(bleed)
        canvas.setFont(font, 10)
        draw(canvas)
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def text(size: float, rgb: bool = False, x: float = 72, y: float = 700) -> Draw:
    def draw(canvas: Canvas) -> None:
        if rgb:
            canvas.setFillColorRGB(0.1, 0.3, 0.6)
        else:
            canvas.setFillColorCMYK(0, 0.2, 0.9, 0.1)
        canvas.setFont(canvas._fontname, size)
        canvas.drawString(x, y, "Every school is a safe haven")
    return draw


def raw(*operators: str) -> Draw:
    """Operators appended to the page content as written."""
    def draw(canvas: Canvas) -> None:
        canvas._code.extend(operators)
    return draw


def one_problem(report: PreflightReport, *words: str) -> str:
    matches = [p for p in report.problems if all(w in p for w in words)]
    assert len(matches) == 1, report.problems
    return matches[0]


# fonts


def test_embedded_truetype_font_is_reported_and_passes() -> None:
    report = preflight(make_pdf(text(12)), Expectations(cmyk=True, min_text_size=6))
    assert report.fonts == (FontReport("NotoSans-Regular", subset=True, embedded=True,
                                       kind="TrueType", base14=False, pages=(1,)),)
    assert report.ok, report.problems


def test_helvetica_is_unembedded_and_base14() -> None:
    report = preflight(make_pdf(text(12), font="Helvetica"))
    [font] = report.fonts
    assert (font.name, font.embedded, font.base14, font.kind) == ("Helvetica", False, True,
                                                                  "Type1")
    assert one_problem(report, "Helvetica", "not embedded").startswith("page 1: ")
    one_problem(report, "Helvetica", "14 standard PDF fonts")
    assert not report.ok


def test_unembedded_type0_font_is_found_through_its_descendant() -> None:
    report = preflight(make_pdf(text(12), font="HeiseiMin-W3"))
    [font] = report.fonts
    assert (font.kind, font.embedded, font.base14) == ("Type0", False, False)
    one_problem(report, "HeiseiMin-W3 (Type0) is not embedded")


def test_font_problem_names_every_page_once() -> None:
    report = preflight(make_pdf(text(12), text(12), font="Helvetica"))
    assert one_problem(report, "not embedded").startswith("pages 1-2: ")


# colour


def test_cmyk_and_grey_pass_a_cmyk_job() -> None:
    def grey(canvas: Canvas) -> None:
        canvas.setFillGray(0.5)
        canvas.rect(10, 10, 50, 50, fill=1, stroke=0)

    report = preflight(make_pdf(text(12), grey), Expectations(cmyk=True))
    assert report.color_spaces == {"DeviceCMYK", "DeviceGray"}
    assert report.ok, report.problems


def test_rgb_in_a_cmyk_job_is_a_problem() -> None:
    data = make_pdf(text(12), text(12, rgb=True))
    report = preflight(data, Expectations(cmyk=True))
    assert report.color_spaces == {"DeviceCMYK", "DeviceRGB"}
    assert [p.color_spaces for p in report.pages] == [{"DeviceCMYK"}, {"DeviceRGB"}]
    assert one_problem(report, "RGB").startswith("page 2: ")
    assert preflight(data).ok  # RGB is fine when CMYK was not asked for


def test_colour_space_set_by_name_with_cs() -> None:
    report = preflight(make_pdf(raw("/DeviceRGB cs 1 0 0 sc 0 0 9 9 re f")),
                       Expectations(cmyk=True))
    assert report.color_spaces == {"DeviceRGB"}
    one_problem(report, "RGB")


@pytest.mark.parametrize(("mode", "family"), [("CMYK", "DeviceCMYK"), ("RGB", "DeviceRGB")])
def test_image_colour_spaces_count(mode: str, family: str) -> None:
    def images(canvas: Canvas) -> None:
        canvas.drawImage(ImageReader(Image.new(mode, (4, 4))), 10, 10, 40, 40)
        canvas._code.append("q 10 0 0 10 0 0 cm BI /W 1 /H 1 /BPC 8 /CS /G ID A EI Q")

    report = preflight(make_pdf(images), Expectations(cmyk=True))
    assert report.color_spaces == {family, "DeviceGray"}  # the XObject's and the inline one's
    assert report.ok is (family == "DeviceCMYK")


@pytest.mark.parametrize(("components", "family", "ok"),
                         [(3, "ICCBased RGB", False), (4, "ICCBased CMYK", True),
                          (1, "ICCBased Gray", True)])
def test_icc_colour_space_counts_by_its_components(components: int, family: str,
                                                   ok: bool) -> None:
    data = make_pdf(raw("/CS0 cs 0 0 0 1 scn 0 0 9 9 re f"))
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    profile = DecodedStreamObject()  # an empty profile: only /N matters here
    profile[NameObject("/N")] = NumberObject(components)
    space = ArrayObject([NameObject("/ICCBased"), writer._add_object(profile)])
    resources = writer.pages[0][NameObject("/Resources")]
    resources[NameObject("/ColorSpace")] = DictionaryObject({NameObject("/CS0"): space})
    out = io.BytesIO()
    writer.write(out)
    report = preflight(out.getvalue(), Expectations(cmyk=True))
    assert report.color_spaces == {family}
    assert report.ok is ok


# page boxes and size


BLEED = 9.0
TRIM = (BLEED, BLEED, 612 + BLEED, 792 + BLEED)
BLEED_BOX = (0.0, 0.0, 612 + 2 * BLEED, 792 + 2 * BLEED)
WITH_BLEED = (612 + 2 * BLEED, 792 + 2 * BLEED)


def test_right_bleed_passes() -> None:
    data = make_pdf(text(12), size=WITH_BLEED, trim=TRIM, bleed=BLEED_BOX)
    report = preflight(data, Expectations(page_size=LETTER, pages=1, bleed=BLEED))
    [page] = report.pages
    assert page.trim_box == TRIM and page.bleed_box == BLEED_BOX
    assert page.media_box == (0, 0, *WITH_BLEED)
    assert page.trim_size_in == (8.5, 11)
    assert report.ok, report.problems


def test_missing_boxes_when_bleed_is_ordered() -> None:
    report = preflight(make_pdf(text(12)), Expectations(bleed=BLEED))
    problem = one_problem(report, "no TrimBox and BleedBox")
    assert "9 pt (0.125 in)" in problem and problem.startswith("page 1: ")
    assert preflight(make_pdf(text(12))).ok  # no bleed ordered, no boxes needed


def test_bleed_box_too_small() -> None:
    data = make_pdf(text(12), size=WITH_BLEED, trim=TRIM, bleed=(5, 5, 625, 805))
    report = preflight(data, Expectations(bleed=BLEED))
    assert "4, 4, 4, 4 pt beyond the TrimBox" in one_problem(report, "BleedBox is")


def test_trim_box_outside_bleed_box_and_bleed_box_outside_media_box() -> None:
    data = make_pdf(text(12), trim=(0, 0, 612, 792), bleed=(9, 9, 621, 801))
    report = preflight(data)
    one_problem(report, "TrimBox is not inside the BleedBox")
    one_problem(report, "BleedBox reaches outside the MediaBox")


def test_trim_size_and_page_count_mismatch() -> None:
    a4 = (595.28, 841.89)
    report = preflight(make_pdf(text(12), text(12), size=a4),
                       Expectations(page_size=LETTER, pages=1))
    assert "but 8.5 x 11 in (612 x 792 pt) was ordered" in one_problem(
        report, "pages 1-2: trim size is 8.268 x 11.693 in")
    one_problem(report, "has 2 page(s) but 1 ordered")
    assert preflight(make_pdf(text(12), size=a4), Expectations(page_size=a4)).ok


def test_rotated_page_reports_its_displayed_trim_size() -> None:
    # ReportLab writes a landscape MediaBox with /Rotate 90: displayed, it is portrait letter.
    report = preflight(make_pdf(lambda c: c.setPageRotation(90)), Expectations(page_size=LETTER))
    assert report.pages[0].media_box == (0, 0, 792, 612)
    assert report.pages[0].trim_size_in == (8.5, 11)
    assert report.ok, report.problems


# text size


def test_smallest_text_is_scaled_by_cm_until_q_restores_it() -> None:
    def scaled(canvas: Canvas) -> None:
        raw("q 0.5 0 0 0.5 0 0 cm")(canvas)
        text(9)(canvas)
        raw("Q")(canvas)
        text(12)(canvas)

    def restored(canvas: Canvas) -> None:
        raw("q 0.5 0 0 0.5 0 0 cm Q")(canvas)
        text(9)(canvas)

    report = preflight(make_pdf(scaled, restored), Expectations(min_text_size=6))
    assert [p.smallest_text for p in report.pages] == [pytest.approx(4.5), pytest.approx(9)]
    assert report.smallest_text == pytest.approx(4.5)
    assert "4.5 pt, below the 6 pt minimum" in one_problem(report, "page 1: has text")


def test_text_size_uses_the_vertical_scale_of_tm_and_ctm() -> None:
    def stretched(canvas: Canvas) -> None:
        canvas.transform(3, 0, 0, 1, 0, 0)  # wider, not taller
        text(8)(canvas)

    def rotated_and_tm_scaled(canvas: Canvas) -> None:
        canvas.rotate(90)
        obj = canvas.beginText()
        obj.setFont(NOTO, 7)
        obj.setTextTransform(2, 0, 0, 2, 100, -300)
        obj.textOut("doubled")
        canvas.drawText(obj)

    report = preflight(make_pdf(stretched, rotated_and_tm_scaled))
    assert [p.smallest_text for p in report.pages] == [pytest.approx(8), pytest.approx(14)]


def test_invisible_text_is_ignored_and_its_mode_ends_at_q() -> None:
    def invisible(canvas: Canvas) -> None:
        obj = canvas.beginText(72, 600)
        obj.setFont(NOTO, 2)
        obj.setTextRenderMode(3)
        obj.textOut("searchable only")
        canvas.drawText(obj)

    report = preflight(make_pdf(lambda c: (text(10)(c), invisible(c))),
                       Expectations(min_text_size=6))
    assert report.smallest_text == pytest.approx(10)
    assert report.ok
    scoped = make_pdf(raw("q BT /F1+0 4 Tf 3 Tr 1 0 0 1 72 500 Tm (a) Tj ET Q",
                          "BT /F1+0 5 Tf 1 0 0 1 72 400 Tm (b) Tj ET"))
    assert preflight(scoped).smallest_text == pytest.approx(5)


def test_text_under_empty_actual_text_still_counts_and_zero_size_does_not() -> None:
    data = make_pdf(raw("/Span <</ActualText <FEFF0000>>> BDC",
                        "BT /F1+0 5 Tf 1 0 0 1 72 400 Tm (a) Tj ET EMC",
                        "BT /F1+0 0 Tf 1 0 0 1 72 300 Tm (zero) Tj ET",
                        "BT /F1+0 1 Tf 1 0 0 1 72 300 Tm () Tj ET"))
    assert preflight(data).smallest_text == pytest.approx(5)


def test_form_xobject_text_colour_and_fonts_are_seen() -> None:
    def form(canvas: Canvas) -> None:
        canvas.beginForm("badge")
        canvas.setFillColorRGB(1, 0, 0)
        canvas.setFont(NOTO, 10)
        canvas.drawString(0, 0, "in a form")
        canvas.endForm()
        canvas.transform(0.5, 0, 0, 0.5, 100, 100)
        canvas.doForm("badge")

    report = preflight(make_pdf(form), Expectations(cmyk=True))
    assert report.smallest_text == pytest.approx(5)
    assert report.color_spaces == {"DeviceRGB"}
    assert [f.name for f in report.fonts] == ["NotoSans-Regular"]


# unreadable input


@pytest.mark.parametrize("data", [b"", b"not a pdf at all", b"%PDF-1.4\n%%EOF\n"])
def test_unreadable_bytes_raise_preflight_error(data: bytes) -> None:
    with pytest.raises(PreflightError, match="is not a readable PDF") as caught:
        preflight(data)
    assert isinstance(caught.value, SafehavenError)


def test_unreadable_and_missing_files_are_named(tmp_path: Path) -> None:
    broken = tmp_path / "poster.pdf"
    broken.write_bytes(make_pdf(text(12))[:400])
    with pytest.raises(PreflightError, match=r"poster\.pdf is not a readable PDF"):
        preflight(broken)
    with pytest.raises(PreflightError, match=r"cannot open .*absent\.pdf"):
        preflight(tmp_path / "absent.pdf")


def test_password_protected_file_is_refused_but_an_open_encrypted_one_is_read() -> None:
    with pytest.raises(PreflightError, match="password-protected"):
        preflight(make_pdf(text(12), encrypt="secret"))
    opened = make_pdf(text(12), encrypt=StandardEncryption("", ownerPassword="owner"))
    assert preflight(opened).fonts[0].name == "NotoSans-Regular"


# the printed report


def test_format_report_states_the_key_facts(tmp_path: Path) -> None:
    path = tmp_path / "poster-en.pdf"
    path.write_bytes(make_pdf(text(7, rgb=True), size=WITH_BLEED, trim=TRIM, bleed=BLEED_BOX))
    report = preflight(path, Expectations(cmyk=True, bleed=BLEED))
    out = format_report(report, path.name)
    for fact in ("poster-en.pdf", "trim size 8.5 x 11 in (612 x 792 pt)", "trim box:",
                 "9 9 621 801", "bleed box:", "0 0 630 810", "NotoSans-Regular",
                 "embedded yes", "DeviceRGB", "smallest text:  7 pt (page 1)", "problems:",
                 "RGB colour"):
        assert fact in out, (fact, out)
    assert not out.endswith("ok")
    good = format_report(preflight(make_pdf(text(12), font="Helvetica")), "x.pdf")
    assert "embedded NO" in good
    clean = format_report(preflight(make_pdf(text(12))), "x.pdf")
    assert clean.endswith("\nok") and "problems:" not in clean


def test_format_report_aligns_the_labels() -> None:
    out = format_report(preflight(make_pdf(text(12))), "x.pdf")
    values = [line[16:] for line in out.splitlines() if line.startswith(("pages:", "colour"))]
    assert values == ["1", "DeviceCMYK"]


# the project's own output


@pytest.fixture(scope="module")
def rohingya_sample() -> bytes:
    return sample_pdf(sh.load_texts()["rhg"])


def test_rohingya_sample_passes(rohingya_sample: bytes) -> None:
    report = preflight(rohingya_sample, Expectations(page_size=LETTER, min_text_size=6))
    assert report.ok, report.problems
    assert report.fonts and all(f.embedded and f.subset and not f.base14 for f in report.fonts)
    assert report.color_spaces in ({"DeviceRGB"}, {"DeviceRGB", "DeviceGray"})


def test_rohingya_invisible_layer_does_not_count(rohingya_sample: bytes) -> None:
    # The smallest visible text is the draft notice at 0.8 x 11 pt; the invisible
    # logical-text layer (render mode 3) has smaller sizes, which must not count.
    report = preflight(rohingya_sample)
    assert report.smallest_text == pytest.approx(8.8)
    assert preflight(rohingya_sample, Expectations(min_text_size=8.7)).ok
