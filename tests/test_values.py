"""Values that reach paper or a terminal: one check, a message naming the field."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import safehaven_docs as sh
from safehaven_docs.branding import BrandingError, load_branding
from safehaven_docs.cli import main
from safehaven_docs.values import InvalidValue, checked_value, terminal_safe, url_problems


@pytest.mark.parametrize(("site", "words"), [
    ("", "site is empty"),
    ("   ", "site is empty"),
    ("Hamilton\nHigh School", "control character"),
    ("Hamilton \u202eloohcS hgiH", "direction control"),
    ("x" * 121, "121 characters long; at most 120"),
    ("Bell \x07 School", "control character"),
    ("Smiley 😀 School", "no bundled font"),
])
def test_a_bad_site_is_refused_naming_the_field(site: str, words: str) -> None:
    with pytest.raises(InvalidValue, match=words) as caught:
        sh.render("digest", "en", site=site)
    assert str(caught.value).startswith("site:")


def test_a_good_site_is_printed_in_nfc_without_outer_spaces() -> None:
    assert checked_value("site", "  Cafe\u0301 School ") == "Café School"


@given(st.text(max_size=200))
@settings(max_examples=200, deadline=None)
def test_any_site_is_either_accepted_or_refused_with_a_message(site: str) -> None:
    try:
        checked = checked_value("site", site)
    except InvalidValue as exc:
        assert str(exc).startswith("site: ")
    else:
        assert checked and len(checked) <= 120
        assert not any(c in checked for c in "\n\r\x1b\u202e\u202d")


@pytest.mark.parametrize(("url", "ok"), [
    ("https://mps.milwaukee.k12.wi.us/translations", True),
    ("http://example.org", True),  # a warning only
    ("javascript:alert(1)", False),
    ("file:///etc/passwd", False),
    ("https://", False),
    ("https://exa mple.org", False),
    ("https://example.org/" + "a" * 400, False),
])
def test_only_web_addresses_go_in_the_qr_code(url: str, ok: bool) -> None:
    assert (not any(p.is_error for p in url_problems(url))) == ok


@pytest.mark.parametrize(("body", "words"), [
    ('branding = "oops"\n', "must be one table"),
    ('[[branding]]\nphone = "1"\n', "must be one table"),
    ('[branding]\nurl = "javascript:alert(1)"\n', "not a web address"),
    ('[branding]\naddress = "Main St\\u202e"\n', "direction control"),
    ('[branding]\nphone = "' + "9" * 41 + '"\n', "at most 40"),
])
def test_bad_branding_is_a_message_naming_the_key(tmp_path: Path, body: str,
                                                  words: str) -> None:
    path = tmp_path / "district.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(BrandingError, match=words):
        load_branding(path)


def test_nothing_from_input_reaches_the_terminal_raw() -> None:
    assert terminal_safe("a\x1b[31mb\x07c\u202ed") == "a\\u001b[31mb\\u0007c\\u202ed"
    assert terminal_safe("line\nnext\tcol") == "line\nnext\tcol"


def test_the_cli_prints_a_bad_site_plainly(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["render", "digest", "--lang", "en", "--site", "A\x1b[2JB",
                   "--out", str(tmp_path / "x.pdf")])
    err = capsys.readouterr().err
    assert status == 2 and "site:" in err and "\x1b" not in err and "Traceback" not in err
    assert not (tmp_path / "x.pdf").exists()


def test_wrong_types_at_the_api_boundary_name_the_parameter() -> None:
    with pytest.raises(TypeError, match="lang must be a str"):
        sh.render("poster", None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="folder must be a path"):
        sh.check_texts(123)  # type: ignore[arg-type]
    with pytest.raises(sh.RenderError, match="dpi must be"):
        sh.render("digest", "en", fmt="png", dpi=0)


def test_a_directory_is_never_written_over(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    with pytest.raises(sh.RenderError, match="is a folder"):
        sh.write(tmp_path / "d", "digest", "en", force=True)


def test_preflight_refuses_a_size_that_is_not_a_number(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(sh.render("digest", "en"))
    assert main(["preflight", str(pdf), "--min-size", "nan"]) == 2
    assert "--min-size" in capsys.readouterr().err


def test_source_date_epoch_changes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    plain = sh.render("digest", "en")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "abc")
    assert sh.render("digest", "en") == plain
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert sh.render("digest", "en") == plain


@pytest.mark.parametrize(("name", "content", "words"), [
    ("logo.png", b"just some text", "not a readable PNG or JPEG"),
    ("logo.png", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "not a readable PNG or JPEG"),
    ("logo.png", None, "not a readable"),  # a truncated PNG
    ("logo.png", "gif", "GIF image, not PNG"),
    ("logo.png", "huge", "megapixels"),
])
def test_a_bad_logo_is_a_message_naming_the_key(tmp_path: Path, name: str,
                                                content: bytes | str | None,
                                                words: str) -> None:
    import io as _io

    from PIL import Image

    logo = tmp_path / name
    if content is None or content in ("gif", "huge"):
        image = Image.new("RGB", (6000, 5000) if content == "huge" else (300, 300), "navy")
        stream = _io.BytesIO()
        image.save(stream, "GIF" if content == "gif" else "PNG")
        data = stream.getvalue()
        logo.write_bytes(data[: len(data) // 2] if content is None else data)
    else:
        logo.write_bytes(content)
    config = tmp_path / "district.toml"
    config.write_text(f'[branding]\nlogo = "{name}"\n', encoding="utf-8")
    with pytest.raises(BrandingError, match=words):
        load_branding(config)


@pytest.mark.parametrize(("name", "words"), [
    ("Soomaali\\u001b[2J", "control character"),
    ("Soo\\u202emaali", "direction control"),
    ("Soomaali 😀", "no bundled font"),
    ("", "empty"),
])
def test_a_language_name_gets_the_same_checks_as_texts(texts_copy: Path, name: str,
                                                       words: str) -> None:
    from tests.conftest import replace_in

    replace_in(texts_copy / "so.toml", 'native_name = "Soomaali"', f'native_name = "{name}"')
    problems = [str(p) for p in sh.check_texts(texts_copy).all_problems()
                if p.key == "meta.native_name" and p.is_error]
    assert any(words in p for p in problems), problems
