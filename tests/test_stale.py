"""Fingerprints: a changed English section shows up as stale until re-stamped."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safehaven_docs import check_texts
from safehaven_docs.cli import main
from safehaven_docs.model.editing import stamp_text
from tests.conftest import replace_in


def test_changed_english_section_is_stale_in_every_translation(texts_copy: Path) -> None:
    replace_in(texts_copy / "en.toml", "for every family", "for all families")
    report = check_texts(texts_copy)
    assert report.ok, "stale is a warning: the texts still load"
    stale = {f.tag: f.stale for f in report.files if f.tag != "en"}
    assert all(keys == ["translated_from.digest"] for keys in stale.values()), stale


def test_stale_fails_only_under_strict(
    texts_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    replace_in(texts_copy / "en.toml", "Sincerely,", "Yours sincerely,")
    assert main(["check", "--texts", str(texts_copy)]) == 0
    out = capsys.readouterr().out
    assert "stale: the English letter section changed" in out
    assert main(["check", "--strict", "--texts", str(texts_copy)]) == 1


def test_changing_the_letter_date_does_not_make_translations_stale(texts_copy: Path) -> None:
    replace_in(texts_copy / "en.toml", 'date = "2019-08"', 'date = "2019-09"')
    assert all(not f.stale for f in check_texts(texts_copy).files)


def test_stamp_clears_stale_for_that_language_only(
    texts_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    replace_in(texts_copy / "en.toml", "Questions?", "Any questions?")
    assert main(["stamp", "so", "--texts", str(texts_copy)]) == 0
    files = {f.tag: f for f in check_texts(texts_copy).files}
    assert files["so"].stale == []
    assert files["es"].stale == ["translated_from.digest"]
    assert "stamped" in capsys.readouterr().out


def test_stamp_text_replaces_only_its_table() -> None:
    before = ('[meta]\ntag = "so"\n\n[translated_from]\ndigest = "old"  # kept\n\n'
              '[labels]\nx = "y"\n')
    after = stamp_text(before, {"digest": "new", "labels": "abc"})
    assert '[labels]\nx = "y"' in after
    assert 'digest = "new"  # kept\nlabels = "abc"' in after, "comments and order stay"
    assert stamp_text(after, {"digest": "new", "labels": "abc"}) == after


SHAPES = [
    '[meta]\ntag = "so"\n\n[translated_from]\ndigest = "old"\ngone = "x"\n[labels]\nx = "y"\n',
    'translated_from = { digest = "old" }\n[meta]\ntag = "so"\n',
    '# translator: A.\ntranslated_from.digest = "old"\ntranslated_from.gone = "x"\n'
    '[meta]\ntag = "so"\n',
    '[meta]\ntag = "so"\n[labels]\nx = "y"\n',
    '[meta]\ntag = "so"\n[translated_from]\n',
    'translated_from = "not a table"\n[meta]\ntag = "so"\n',
]


@pytest.mark.parametrize("before", SHAPES)
@given(fingerprints=st.dictionaries(
    st.sampled_from(["digest", "full", "labels", "letter", "handout"]),
    st.text(alphabet="0123456789abcdef", min_size=1, max_size=16), min_size=1))
def test_stamp_keeps_every_table_shape_valid(before: str, fingerprints: dict[str, str]) -> None:
    after = stamp_text(before, fingerprints)
    parsed = tomllib.loads(after)
    assert parsed["translated_from"] == fingerprints
    assert parsed["meta"] == tomllib.loads(before)["meta"], "nothing else changes"
    assert stamp_text(after, fingerprints) == after
    if before.startswith("#"):
        assert after.startswith("# translator: A.\n")


def test_stamp_writes_through_a_link_to_its_target(
    texts_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    elsewhere = tmp_path / "translators" / "so.toml"
    elsewhere.parent.mkdir()
    (texts_copy / "so.toml").rename(elsewhere)
    (texts_copy / "so.toml").symlink_to(elsewhere)
    replace_in(texts_copy / "en.toml", "Questions?", "Any questions?")
    assert main(["stamp", "so", "--texts", str(texts_copy)]) == 0
    assert (texts_copy / "so.toml").is_symlink(), "the link stays a link"
    assert check_texts(texts_copy).files, "the target was stamped"
    stale = {f.tag: f.stale for f in check_texts(texts_copy).files}
    assert stale["so"] == [] and stale["es"] == ["translated_from.digest"]


def test_stamp_unknown_language_is_a_message(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stamp", "xx"]) == 1
    assert "no text file declares tag 'xx'" in capsys.readouterr().err


def test_normalize_rewrites_in_nfc(texts_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = texts_copy / "es.toml"
    replace_in(path, "Esta escuela", "Esta escue\u0301la")
    assert not check_texts(texts_copy).ok
    assert main(["normalize", str(path)]) == 0
    assert "rewritten in NFC" in capsys.readouterr().out
    assert check_texts(texts_copy).ok
