"""Broken returned files are refused with every problem by unit, and nothing is written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from safehaven_docs.cli import main
from safehaven_docs.translation.exchange import ImportRefused
from safehaven_docs.translation.importing import import_file
from tests.conftest import replace_in
from tests.translation.helpers import NS, edit_xliff, exported, snapshot

ZAWGYI = "ေက်ာင္းသားမ်ား၏ ေဘးကင္းလံုျခံဳေရး"


def _set_in_file(old: str, new: str) -> Callable[[Path, Path], None]:
    def edit(path: Path, texts: Path) -> None:
        replace_in(path, old, new)
    return edit


def _remove_unit(key: str) -> Callable[[Path, Path], None]:
    def edit(path: Path, texts: Path) -> None:
        tree = etree.parse(str(path))
        unit = next(u for u in tree.iterfind(".//x:trans-unit", NS) if u.get("id") == key)
        unit.getparent().remove(unit)
        tree.write(str(path), xml_declaration=True, encoding="UTF-8")
    return edit


def _target(key: str, text: str) -> Callable[[Path, Path], None]:
    def edit(path: Path, texts: Path) -> None:
        edit_xliff(path, {key: text})
    return edit


def _english_changed(path: Path, texts: Path) -> None:
    replace_in(texts / "en.toml", "Questions?", "Any questions?")


CASES = {
    # name: (language, edit, words every message must hold)
    "not XML": ("es", lambda p, t: p.write_text("this is not XML <<<", encoding="utf-8"),
                ["not an XLIFF file"]),
    "not XLIFF": ("es", lambda p, t: p.write_text("<html/>", encoding="utf-8"),
                  ["root element is not <xliff>"]),
    "another language": ("es", _set_in_file('target-language="es"', 'target-language="so"'),
                         ["exported from 'es.toml'", "'so'"]),
    "unknown language": ("es", _set_in_file('target-language="es"', 'target-language="fr"'),
                         ["language 'fr'"]),
    "missing unit": ("es", _remove_unit("digest.summary"), ["[digest.summary]", "missing"]),
    "changed placeholder": ("es", _set_in_file('<ph id="1" ctype="x-placeholder">{site}</ph>'
                                               '</target>',
                                               '<ph id="1" ctype="x-placeholder">{sitio}</ph>'
                                               '</target>'),
                            ["[labels.posted_at]", "unexpected {sitio}"]),
    "dropped placeholder": ("so", _target("digest.ask.text", "Wac xafiiska dugsigaaga."),
                            ["[digest.ask.text]", "missing {phone}"]),
    "zawgyi": ("my", _target("digest.headline", ZAWGYI), ["[digest.headline]", "Zawgyi"]),
    "wrong script": ("ar", _target("digest.headline", "hello المدرسة"),
                     ["[digest.headline]", "not in the file's script Arab"]),
    "not NFC": ("es", _target("digest.headline", "Esta escuela e\u0301s segura"),
                ["[digest.headline]", "NFC"]),
    "older English": ("es", _english_changed,
                      ["[digest.ask.heading]", "not the current English"]),
    "empty target": ("hmn", _target("digest.summary", ""), ["[digest.summary]",
                                                             "no translation"]),
}


@pytest.mark.parametrize("name", CASES)
def test_a_broken_file_is_refused_and_nothing_changes(name: str, texts_copy: Path) -> None:
    tag, edit, words = CASES[name]
    path = exported(tag, texts_copy)
    edit(path, texts_copy)
    before = snapshot(texts_copy)
    with pytest.raises(ImportRefused) as refused:
        import_file(path, texts_copy, reviewer="R", date="2027-03-01")
    message = str(refused.value)
    assert str(path) in message
    for word in words:
        assert word in message
    assert snapshot(texts_copy) == before


def test_every_problem_is_listed_by_unit(texts_copy: Path) -> None:
    path = exported("ar", texts_copy)
    edit_xliff(path, {"digest.headline": "hello المدرسة", "digest.summary": "",
                      "labels.posted_at": "في"})
    with pytest.raises(ImportRefused) as refused:
        import_file(path, texts_copy)
    keys = sorted(p.key or "" for p in refused.value.problems)
    assert keys == ["digest.summary"], "an empty unit stops the import before the checks"
    edit_xliff(path, {"digest.summary": "ملخص"})
    with pytest.raises(ImportRefused) as refused:
        import_file(path, texts_copy)
    assert sorted(p.key or "" for p in refused.value.problems) == [
        "digest.headline", "labels.posted_at"]
    assert all(p.line for p in refused.value.problems), "each names the unit's line"


def test_a_file_for_another_language_is_refused_by_lang(texts_copy: Path,
                                                         capsys: pytest.CaptureFixture[str]
                                                         ) -> None:
    path = exported("es", texts_copy)
    assert main(["import", str(path), "--texts", str(texts_copy), "--lang", "so"]) == 1
    err = capsys.readouterr().err
    assert "holds language 'es', not 'so'" in err and "nothing was written" in err


def test_a_po_file_with_a_changed_placeholder_is_refused(texts_copy: Path) -> None:
    path = exported("es", texts_copy, "po")
    entry = 'msgstr "Lugar de publicación: {site}"'
    replace_in(path, entry, entry.replace("{site}", "{sitio}"))
    before = snapshot(texts_copy)
    with pytest.raises(ImportRefused, match=r"unexpected \{sitio\}"):
        import_file(path, texts_copy)
    assert snapshot(texts_copy) == before


_VALID: dict[str, bytes] = {}


def _valid(texts: Path, fmt: str) -> bytes:
    if fmt not in _VALID:
        _VALID[fmt] = exported("es", texts, fmt).read_bytes()
    return _VALID[fmt]


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(fmt=st.sampled_from(["xliff", "po"]), start=st.integers(0, 30000),
       length=st.integers(0, 400), junk=st.binary(max_size=40))
def test_damaged_files_never_crash_and_never_half_write(
        texts_copy: Path, fmt: str, start: int, length: int, junk: bytes) -> None:
    valid = _valid(texts_copy, fmt)
    start %= len(valid) + 1
    damaged = valid[:start] + junk + valid[start + length:]
    path = texts_copy.parent / f"damaged.{'po' if fmt == 'po' else 'xlf'}"
    path.write_bytes(damaged)
    before = snapshot(texts_copy)
    try:
        result = import_file(path, texts_copy)
    except ImportRefused as refused:
        assert refused.problems and all(p.path == path for p in refused.problems)
        assert snapshot(texts_copy) == before
    else:
        assert result.written == (snapshot(texts_copy) != before)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.binary(max_size=500), suffix=st.sampled_from([".xlf", ".po", ".txt"]))
def test_arbitrary_bytes_are_refused_plainly(texts_copy: Path, raw: bytes, suffix: str) -> None:
    path = texts_copy.parent / f"returned{suffix}"
    path.write_bytes(raw)
    before = snapshot(texts_copy)
    with pytest.raises(ImportRefused):
        import_file(path, texts_copy)
    assert snapshot(texts_copy) == before
