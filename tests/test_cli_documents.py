"""The document commands, run in-process in a temporary folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from safehaven_docs.cli import main


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def test_render_writes_and_refuses_to_overwrite(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", "digest", "--lang", "so", "--size", "letter"]) == 0
    path = Path("out/digest-so-letter.pdf")
    assert path.read_bytes().startswith(b"%PDF")
    before = path.stat().st_mtime_ns
    assert main(["render", "digest", "--lang", "so", "--size", "letter"]) == 2
    assert "already exists" in capsys.readouterr().err
    assert path.stat().st_mtime_ns == before
    assert main(["render", "digest", "--lang", "so", "--size", "letter", "--force"]) == 0


def test_preview_png(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", "letter", "--lang", "ar", "--preview", "--out", "l.png"]) == 0
    assert Path("l.png").read_bytes().startswith(b"\x89PNG")


def test_preflight_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", "poster", "--lang", "my", "--bleed", "--crop-marks", "--cmyk",
                 "--out", "p.pdf"]) == 0
    assert main(["preflight", "p.pdf", "--size", "tabloid", "--bleed", "--cmyk"]) == 0
    out = capsys.readouterr().out
    assert "trim size 11 x 17 in" in out and "DeviceCMYK" in out and "\nok\n" in out
    assert "tagged:         yes" in out and out.rstrip().endswith("docs/accessibility.md)")
    assert main(["render", "poster", "--lang", "en", "--out", "rgb.pdf"]) == 0
    assert main(["preflight", "rgb.pdf", "--cmyk"]) == 1
    assert "DeviceRGB" in capsys.readouterr().out


def test_preflight_reports_an_untagged_pdf(capsys: pytest.CaptureFixture[str]) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    writer.write("blank.pdf")
    assert main(["preflight", "blank.pdf"]) == 0  # a print check passes; tags are reported
    out = capsys.readouterr().out
    assert "tagged:         no" in out and "not marked as tagged" in out
    assert main(["preflight", "blank.pdf", "--accessible"]) == 1


def test_preflight_of_a_broken_file_is_a_message(capsys: pytest.CaptureFixture[str]) -> None:
    Path("broken.pdf").write_bytes(b"not a pdf")
    assert main(["preflight", "broken.pdf"]) == 2
    err = capsys.readouterr().err
    assert "broken.pdf" in err and "Traceback" not in err


def test_contact_sheet(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["contact-sheet", "digest", "--size", "letter", "--out", "sheet.png"]) == 0
    assert Path("sheet.png").read_bytes().startswith(b"\x89PNG")


@pytest.mark.parametrize(("args", "message"), [
    (["render", "poster", "--lang", "xx"], "unknown language 'xx'"),
    (["render", "letter", "--lang", "es", "--require-reviewed"], "draft translation"),
])
def test_bad_requests_are_messages(args: list[str], message: str,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    assert main(args) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not Path("out").exists() or not any(Path("out").iterdir())


@pytest.mark.parametrize(("content", "message"), [
    ('primary_color = "blue"', "[primary_color]: 'blue' is not a colour"),
    ('colour = "#000000"', "[colour]: unknown key"),
    ('logo = "missing.png"', "[logo]"),
    ("phone = ", "not a valid UTF-8 TOML file"),
])
def test_branding_errors_name_the_key(content: str, message: str,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    Path("brand.toml").write_text(content + "\n", encoding="utf-8")
    assert main(["render", "digest", "--lang", "en", "--config", "brand.toml"]) == 2
    err = capsys.readouterr().err
    assert message in err and "brand.toml" in err


def test_branding_changes_the_document(capsys: pytest.CaptureFixture[str]) -> None:
    Path("brand.toml").write_text('phone = "(555) 010-0199"\nmonogram = "ABC"\n',
                                  encoding="utf-8")
    assert main(["render", "digest", "--lang", "en", "--config", "brand.toml",
                 "--out", "d.pdf"]) == 0
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument("d.pdf")
    text = document[0].get_textpage().get_text_range()
    document.close()
    assert "(555) 010-0199" in text.replace("\u2011", "-").replace("\xa0", " ")


def test_output_files_get_ordinary_permissions() -> None:
    import os
    import stat

    mask = os.umask(0o022)
    try:
        assert main(["render", "digest", "--lang", "en", "--size", "letter", "--out", "d.pdf"]) == 0
    finally:
        os.umask(mask)
    assert stat.S_IMODE(Path("d.pdf").stat().st_mode) == 0o644


def test_sample_refuses_to_replace_files(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sample", "--lang", "ksw", "--out", "s"]) == 0
    assert main(["sample", "--lang", "ksw", "--out", "s"]) == 2
    assert "already exist" in capsys.readouterr().err
    assert main(["sample", "--lang", "ksw", "--out", "s", "--force"]) == 0
