"""``safehaven check`` on broken copies: each mistake gets its own clear message.

Every case breaks one thing in a copy of the shipped texts, runs the real
command in-process, and expects exit status 1, a message naming the file and
key (and line where the parser knows it), and no traceback.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from safehaven_docs.cli import main
from tests.conftest import replace_in

Break = Callable[[Path], None]


def _edit(name: str, old: str, new: str) -> Break:
    return lambda folder: replace_in(folder / name, old, new)


def _write_bytes(name: str, data: bytes) -> Break:
    def apply(folder: Path) -> None:
        path = folder / name
        path.write_bytes(path.read_bytes() + data)

    return apply


def _copy(src: str, dst: str) -> Break:
    return lambda folder: shutil.copy(folder / src, folder / dst)


ES_HEADLINE = 'headline = "Esta escuela es un refugio seguro para todas las familias"'

# id, how to break the texts, what the message must contain (file, key/line, reason)
CASES: list[tuple[str, Break, list[str]]] = [
    (
        "not-utf8",
        _write_bytes("es.toml", b"\n# \xff\xfe broken\n"),
        ["es.toml", "not UTF-8", "byte 0xFF"],
    ),
    (
        "toml-syntax",
        _edit("es.toml", ES_HEADLINE, 'headline = "Esta escuela'),
        ["es.toml:46", "invalid TOML"],
    ),
    (
        "missing-key",
        _edit("so.toml", "\nrecords = ", "\n# records = "),
        ["so.toml", "[digest.points.records]", "missing"],
    ),
    (
        "unknown-key",
        _edit("es.toml", "[digest.points]\n", '[digest.points]\nextra = "x"\n'),
        ["es.toml:50", "[digest.points.extra]", "unknown key"],
    ),
    (
        "item-count",
        _edit("hmn.toml", "preamble = [\n", 'preamble = [\n  "Ntxiv.",\n'),
        ["hmn.toml:21", "[resolution.preamble]", "has 3 entries; the English list has 2"],
    ),
    (
        "empty-string",
        _edit("es.toml", ES_HEADLINE, 'headline = "  "'),
        ["es.toml:46", "[digest.headline]", "empty"],
    ),
    (
        "control-char",
        _edit("es.toml", ES_HEADLINE, 'headline = "Esta\\tescuela"'),
        ["es.toml:46", "[digest.headline]", "control character", "U+0009"],
    ),
    (
        "bidi-override",
        _edit("ar.toml", "هذه المدرسة", "\u202eهذه المدرسة"),
        ["ar.toml:46", "[digest.headline]", "U+202E"],
    ),
    (
        "not-nfc",
        _edit("es.toml", "Esta escuela", "Esta escue\u0301la"),
        ["es.toml:46", "[digest.headline]", "not in Unicode NFC", "safehaven normalize"],
    ),
    (
        "foreign-script",
        _edit("es.toml", "Esta escuela", "Esta шкoла"),
        ["es.toml:46", "[digest.headline]", "CYRILLIC", "not in the file's script Latn"],
    ),
    (
        "latin-in-arabic",
        _edit("ar.toml", "هذه المدرسة", "hello المدرسة"),
        ["ar.toml:46", "'hello'", "not in the file's script Arab"],
    ),
    (
        "zawgyi",
        _edit("my.toml", "ဒီကျောင်းဟာ", "ေက်ာင္းသားမ်ား၏ ေဘးကင္းလံုျခံဳေရး"),
        ["my.toml:48", "[digest.headline]", "Zawgyi"],
    ),
    (
        "duplicate-tag",
        _copy("es.toml", "es-MX.toml"),
        ["es-MX.toml", "[meta.tag]", "also declared by es.toml"],
    ),
    (
        "unknown-direction",
        _edit("es.toml", 'direction = "ltr"', 'direction = "sideways"'),
        ["es.toml:12", "[meta.direction]", "unknown direction 'sideways'"],
    ),
    (
        "wrong-direction",
        _edit("ar.toml", 'direction = "rtl"', 'direction = "ltr"'),
        ["ar.toml:12", "[meta.direction]", "written rtl"],
    ),
    (
        "unknown-status",
        _edit("es.toml", 'status = "draft"', 'status = "final"'),
        ["es.toml:13", "[meta.status]", "unknown status"],
    ),
    (
        "reviewed-without-reviewer",
        _edit("es.toml", 'status = "draft"', 'status = "reviewed"'),
        ["es.toml", "[meta.reviewer]", "names its reviewer"],
    ),
    (
        "placeholder",
        _edit("es.toml", "{site}", "{sitio}"),
        ["es.toml:94", "[labels.posted_at]", "missing {site}; unexpected {sitio}"],
    ),
    (
        "bad-script-code",
        _edit("es.toml", 'script = "Latn"', 'script = "Latin"'),
        ["es.toml", "[meta.script]", "not an ISO 15924"],
    ),
    (
        "unknown-digits",
        _edit("es.toml", 'cldr_locale = "es"', 'cldr_locale = "es"\ndigits = "roman"'),
        ["es.toml:17", "[meta.digits]", "not a CLDR numbering system", '"latn"'],
    ),
    (
        "digits-no-font-draws",
        _edit("es.toml", 'cldr_locale = "es"', 'cldr_locale = "es"\ndigits = "tibt"'),
        ["es.toml:17", "[meta.digits]", "no bundled font draws the 'tibt' digits"],
    ),
    (
        "digits-not-a-string",
        _edit("es.toml", 'cldr_locale = "es"', 'cldr_locale = "es"\ndigits = 10'),
        ["es.toml:17", "[meta.digits]", "must be a string"],
    ),
    (
        "tag-file-mismatch",
        _edit("es.toml", 'tag = "es"', 'tag = "es-MX"'),
        ["es.toml:8", "[meta.tag]", "rename the file to es-MX.toml"],
    ),
    (
        "wrong-type",
        _edit("es.toml", ES_HEADLINE, "headline = 42"),
        ["es.toml:46", "[digest.headline]", "must be a string, not a int value"],
    ),
    (
        "months",
        _edit("hmn.toml", '  "Lub Ib Hlis",\n', ""),
        ["hmn.toml", "[dates.months]", "11 month names"],
    ),
    (
        "source-missing-key",
        _edit("en.toml", "\nsummary = ", "\n# summary = "),
        ["en.toml", "[digest.summary]", "required key is missing"],
    ),
    (
        "bad-letter-date",
        _edit("en.toml", 'date = "2019-08"', 'date = "August 2019"'),
        ["en.toml", "[letter.date]", "not a year and month"],
    ),
    (
        "no-source",
        _edit("en.toml", 'status = "source"', 'status = "draft"'),
        ['no file has status = "source"'],
    ),
]


@pytest.mark.parametrize(("breaker", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_broken_text_is_reported_clearly(
    texts_copy: Path, capsys: pytest.CaptureFixture[str], breaker: Break, expected: list[str]
) -> None:
    breaker(texts_copy)
    status = main(["check", "--texts", str(texts_copy)])
    out, err = capsys.readouterr()
    assert status == 1
    assert "Traceback" not in out + err
    assert "FAILED" in out
    for fragment in expected:
        assert fragment in out, f"{fragment!r} not in:\n{out}"


def test_numbers_written_in_other_digits_than_the_file_chose_are_a_warning(
    texts_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    replace_in(texts_copy / "rhg.toml", "· 𐴲𐴰𐴱𐴷", "· 2017")
    assert main(["check", "--texts", str(texts_copy)]) == 0
    out = capsys.readouterr().out
    assert "rhg.toml:26 [resolution.subtitle]: warning: writes the digit 2" in out
    assert "digits = 'rohg'" in out and "𐴰𐴱𐴲𐴳𐴴𐴵𐴶𐴷𐴸𐴹" in out


def test_a_latin_phrase_in_an_arabic_line_is_a_warning(
    texts_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Chrome reads its words backwards; one Latin word, or a Latin-only string, is fine."""
    replace_in(texts_copy / "ar.toml", "ترحب مدارس ميلووكي العامة",
               "ترحب مدارس Milwaukee Public Schools")
    assert main(["check", "--texts", str(texts_copy)]) == 0
    out = capsys.readouterr().out
    assert ("ar.toml:47 [digest.summary]: warning: the Latin phrase 'Milwaukee Public "
            "Schools' reads as 'Schools Public Milwaukee' in Chrome and Edge") in out
    assert "1 warning(s)" in out  # not "(ICE)", not the Latin names of the signatures


@pytest.mark.parametrize(("locale", "reason"), [
    ("nv", "CLDR has only placeholder month names for 'nv' (Babel gives '2019 M08')"),
    ("xx", "CLDR (Babel) has no locale 'xx'"),
])
def test_a_locale_that_cannot_date_the_letter_is_a_warning(
    locale: str, reason: str, texts_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``check`` said ok, then the letter failed to render; posters print no date."""
    replace_in(texts_copy / "es.toml", 'cldr_locale = "es"', f'cldr_locale = "{locale}"')
    assert main(["check", "--texts", str(texts_copy)]) == 0
    out = capsys.readouterr().out
    assert f"es.toml:16 [meta.cldr_locale]: warning: no [dates] table, and CLDR cannot " \
        f"print a date for it: {reason}" in out
    assert "add [dates] with months" in out and "1 warning(s)" in out


def test_shipped_texts_pass(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check"]) == 0
    out = capsys.readouterr().out
    assert "ok: 9 file(s), 0 error(s), 0 warning(s)" in out


def test_missing_folder_is_an_error_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "--texts", str(tmp_path / "nope")]) == 1
    assert "no such folder" in capsys.readouterr().out


def test_load_errors_reach_other_commands_as_messages(
    texts_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    replace_in(texts_copy / "es.toml", 'direction = "ltr"', 'direction = "up"')
    assert main(["languages", "--texts", str(texts_copy)]) == 2
    err = capsys.readouterr().err
    assert "es.toml:12 [meta.direction]" in err
    assert "Traceback" not in err
