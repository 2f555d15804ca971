"""Text too long for its place is a message naming the text and a real remedy, never a traceback.

Every case here once ended in an uncaught ``Overflow`` naming an unrelated
paragraph, or in advice to "choose a larger size" for a document that has no
size option.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import safehaven_docs as sh
from safehaven_docs.cli import main
from safehaven_docs.layout.flow import Overflow
from safehaven_docs.preflight import preflight


def _set(path: Path, key: str, value: str) -> None:
    """Replace the first ``key = "…"`` in ``path`` (fails loudly if absent)."""
    text = path.read_text(encoding="utf-8")
    changed, count = re.subn(rf'(?m)^({key} = ")[^"]*(")', lambda m: m[1] + value + m[2], text,
                             count=1)
    assert count == 1, key
    path.write_text(changed, encoding="utf-8")


def _superintendent(path: Path, role: str) -> None:
    _set(path, "role", "President")  # the first role: keep; change the superintendent's
    text = path.read_text(encoding="utf-8")
    text = text.replace('role = "Superintendent of Schools"', f'role = "{role}"', 1)
    path.write_text(text, encoding="utf-8")


def test_a_signature_too_long_for_the_letter_names_its_field(texts_copy: Path) -> None:
    _superintendent(texts_copy / "en.toml", "Superintendent " * 320)
    with pytest.raises(sh.RenderError) as caught:
        sh.render("letter", "en", texts=texts_copy)
    message = str(caught.value)
    assert "[letter.signatories.superintendent] role" in message
    assert "4800 characters" in message
    assert "condolences" not in message, "no unrelated paragraph is blamed"
    assert "--size" not in message, "a letter has one sheet"


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(words=st.integers(min_value=1, max_value=300))
def test_any_role_length_makes_a_letter_or_a_clear_error(texts_copy: Path, words: int) -> None:
    _superintendent(texts_copy / "en.toml", "Chief Executive " * words)
    try:
        data = sh.render("letter", "en", texts=texts_copy)
    except sh.RenderError as error:
        assert "role" in str(error) and "shorten" in str(error)
    else:
        assert data.startswith(b"%PDF")
    finally:
        _superintendent(texts_copy / "en.toml", "Superintendent of Schools")


def test_a_digest_too_long_for_a_handout_names_the_longest_part_and_no_size(
        texts_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _set(texts_copy / "en.toml", "summary", "Families are welcome here. " * 180)
    assert main(["render", "handout", "--lang", "en", "--texts", str(texts_copy),
                 "--out", str(texts_copy.parent / "h.pdf")]) == 2
    message = capsys.readouterr().err
    assert "[digest.summary]" in message and "4860" in message
    assert "size" not in message.replace(" pt", ""), "a handout has no size option"
    assert not (texts_copy.parent / "h.pdf").exists()


def test_a_digest_too_long_for_its_sheet_suggests_a_larger_size(texts_copy: Path) -> None:
    _set(texts_copy / "en.toml", "summary", "Families are welcome here. " * 180)
    with pytest.raises(sh.RenderError, match=r"\[digest.summary\].*choose a larger --size"):
        sh.render("digest", "en", size="letter", texts=texts_copy)


def test_any_overflow_left_in_a_layout_becomes_a_message(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from safehaven_docs.layout.documents import letter

    def overflowing(*args: object, **kwargs: object) -> None:
        raise Overflow("the text “Our schools” (11 characters) is taller than a whole column")

    monkeypatch.setattr(letter, "letter", overflowing)
    with pytest.raises(sh.RenderError, match=r"letter in 'so' does not fit.*Our schools") as caught:
        sh.render("letter", "so")
    assert "--size" not in str(caught.value)


@pytest.mark.parametrize("doc", ["letter", "poster", "digest", "handout", "multilingual"])
def test_the_longest_allowed_address_and_site_still_print(tmp_path: Path, doc: str) -> None:
    config = tmp_path / "branding.toml"
    address = ("5225 W. Vliet Street Building A Floor 3 Milwaukee Wisconsin " * 4)[:200]
    config.write_text(f'[branding]\naddress = "{address}"\n', encoding="utf-8")
    site = ("Hamilton High School Annex " * 6)[:120].strip()
    data = sh.render(doc, "my", branding=config, site=site)
    report = preflight(data)
    assert report.ok, report.problems
