"""What a process keeps between renders never changes an answer: only how soon it comes."""

from __future__ import annotations

from pathlib import Path

import pytest

import safehaven_docs as sh
from tests.conftest import replace_in


def test_unchanged_texts_are_checked_once(texts_copy: Path) -> None:
    first = sh.load_texts(texts_copy)
    assert sh.load_texts(texts_copy) is first
    assert sh.check_texts(texts_copy).texts is first


def test_a_changed_byte_is_checked_again(texts_copy: Path) -> None:
    first = sh.load_texts(texts_copy)
    # Same length, same second: only the contents tell the two files apart.
    replace_in(texts_copy / "es.toml", 'district = "Escuelas Públicas de Milwaukee"',
               'district = "Escuelas Públicas de Milwaukef"')
    second = sh.load_texts(texts_copy)
    assert second is not first
    assert "Milwaukef" in second["es"].labels["district"]


def test_a_broken_file_is_reported_every_time(texts_copy: Path) -> None:
    sh.load_texts(texts_copy)
    (texts_copy / "so.toml").write_text("[meta\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(sh.TextsError, match=r"so\.toml"):
            sh.load_texts(texts_copy)
    (texts_copy / "so.toml").unlink()
    (texts_copy / "so.toml").mkdir()  # not a file: read again each time, never cached
    assert not sh.check_texts(texts_copy).ok


def test_a_render_checks_the_strings_of_the_languages_it_draws(texts_copy: Path) -> None:
    """A broken Spanish placeholder stops Spanish documents, not an English poster."""
    replace_in(texts_copy / "es.toml", "{site}", "{sitio}")
    with pytest.raises(sh.TextsError) as whole:
        sh.load_texts(texts_copy)
    with pytest.raises(sh.TextsError) as drawn:
        sh.render("digest", "es", texts=texts_copy)
    assert str(drawn.value) == str(whole.value)
    assert "es.toml" in str(drawn.value) and "{sitio}" in str(drawn.value)
    assert sh.render("poster", "en", texts=texts_copy).startswith(b"%PDF")
    with pytest.raises(sh.TextsError, match=r"es\.toml"):
        sh.render("multilingual", "en", texts=texts_copy)
    assert not sh.check_texts(texts_copy).ok


def test_every_file_must_still_be_whole_for_any_render(texts_copy: Path) -> None:
    """A poster names every language: a file that cannot be read or built stops it."""
    replace_in(texts_copy / "so.toml", "[meta]", "[meta")
    with pytest.raises(sh.TextsError, match=r"so\.toml"):
        sh.render("poster", "en", texts=texts_copy)
