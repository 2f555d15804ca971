"""The texts we ship: every file loads, mirrors English, and is honest about review."""

from __future__ import annotations

import unicodedata

import pytest

import safehaven_docs as sh
from safehaven_docs.model import Status
from safehaven_docs.model.strings import walk_strings
from safehaven_docs.model.tomlfile import read_toml

NINE = {"en", "es", "so", "hmn", "ar", "my", "ksw", "rhg", "rhg-Latn"}


@pytest.fixture(scope="module")
def texts() -> sh.TextSet:
    return sh.load_texts()


def test_the_nine_languages_are_shipped(texts: sh.TextSet) -> None:
    assert set(texts.tags) == NINE
    assert texts.tags[0] == "en"


def test_shipped_texts_have_no_problems_at_all() -> None:
    report = sh.check_texts()
    assert report.ok
    assert [str(p) for p in report.all_problems()] == []


def test_every_translation_is_a_draft_without_reviewer(texts: sh.TextSet) -> None:
    for language in texts:
        if language.tag == "en":
            assert language.meta.status is Status.SOURCE
            continue
        assert language.meta.status is Status.DRAFT, language.tag
        assert language.meta.reviewer == language.meta.reviewed_on == ""


def test_every_language_mirrors_the_english_structure(texts: sh.TextSet) -> None:
    english = texts["en"]
    for language in texts:
        res, src = language.resolution, english.resolution
        assert len(res.preamble) == len(src.preamble)
        assert [c.key for c in res.commitments] == [c.key for c in src.commitments]
        assert [[i.key for i in c.items] for c in res.commitments] == [
            [i.key for i in c.items] for c in src.commitments
        ]
        assert [p.key for p in language.digest.points] == [p.key for p in english.digest.points]
        assert len(language.letter.opening) == len(english.letter.opening)
        assert [s.name for s in language.letter.signatories] == [
            s.name for s in english.letter.signatories
        ]
        assert list(language.labels) == list(english.labels)


def test_the_resolution_keeps_its_nesting_and_every_commitment(texts: sh.TextSet) -> None:
    commitments = texts["en"].resolution.commitments
    assert [c.key for c in commitments] == ["staff", "access", "records", "posting"]
    assert len(commitments[0].items) == 4
    assert all(c.items == () for c in commitments[1:])
    assert "Superintendent or designee" in commitments[1].text
    assert "in complete and in a digest version" in commitments[3].text


def test_digest_has_five_to_seven_points(texts: sh.TextSet) -> None:
    for language in texts:
        assert 5 <= len(language.digest.points) <= 7


def test_the_letter_is_dated_and_signed(texts: sh.TextSet) -> None:
    letter = texts["en"].letter
    assert (letter.date.year, letter.date.month) == (2019, 8)
    assert [s.name for s in letter.signatories] == [
        "Larry F. Miller",
        "Luis A. (Tony) Baéz",
        "Dr. Keith P. Posley",
    ]


def test_languages_without_cldr_carry_month_names(texts: sh.TextSet) -> None:
    for language in texts:
        if not language.meta.cldr_locale:
            assert language.month_names is not None, language.tag
            assert "2019" in language.month_names.format_month_year(language.letter.date)


@pytest.mark.parametrize("tag", sorted(NINE))
def test_every_string_is_nfc_and_printable(texts: sh.TextSet, tag: str) -> None:
    parsed = read_toml(texts[tag].path)
    assert not isinstance(parsed, sh.Problem)
    for key, text in walk_strings(parsed.data):
        assert unicodedata.is_normalized("NFC", text), key
        assert not any(unicodedata.category(c) in ("Cc", "Co", "Cn") for c in text), key


@pytest.mark.parametrize("tag", ["my", "ksw"])
def test_myanmar_script_texts_are_unicode_not_zawgyi(texts: sh.TextSet, tag: str) -> None:
    from safehaven_docs.model.strings import _zawgyi_detector

    detector = _zawgyi_detector()
    parsed = read_toml(texts[tag].path)
    assert not isinstance(parsed, sh.Problem)
    for key, text in walk_strings(parsed.data):
        if any("\u1000" <= c <= "\u109f" for c in text):
            assert detector.get_zawgyi_probability(text) < 0.05, key


def test_karen_uses_karen_letters(texts: sh.TextSet) -> None:
    karen = " ".join(p.text for p in texts["ksw"].digest.points)
    assert any(c in karen for c in "\u1061\u1062\u1063\u1064")


def test_unknown_language_is_a_clear_error(texts: sh.TextSet) -> None:
    with pytest.raises(sh.UnknownLanguageError, match="known languages: en"):
        texts["xx"]


def test_languages_api_lists_metadata() -> None:
    metas = {m.tag: m for m in sh.languages()}
    assert metas["ar"].direction is sh.Direction.RTL
    assert metas["rhg"].script == "Rohg" and metas["rhg"].direction is sh.Direction.RTL
    assert metas["ksw"].script == metas["my"].script == "Mymr"
