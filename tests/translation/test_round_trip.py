"""Export, edit as a reviewer would, import: the TOML file changes exactly as intended."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

import safehaven_docs as sh
from safehaven_docs.cli import main
from safehaven_docs.model.review import UnitState
from safehaven_docs.translation.export import exchange_for
from safehaven_docs.translation.importing import import_file
from tests.translation.helpers import edit_xliff, exported, snapshot, target_text

TAGS = [tag for tag in sh.load_texts().tags if tag != "en"]


@pytest.mark.parametrize("fmt", ["xliff", "po"])
@pytest.mark.parametrize("tag", TAGS)
def test_importing_an_unchanged_export_gives_the_same_bytes(
        tag: str, fmt: str, texts_copy: Path) -> None:
    before = snapshot(texts_copy)
    result = import_file(exported(tag, texts_copy, fmt), texts_copy)
    assert not result.written and result.changed == () and result.approved == ()
    assert snapshot(texts_copy) == before


@pytest.mark.parametrize("tag", TAGS)
def test_an_edited_unit_changes_exactly_that_key(tag: str, texts_copy: Path) -> None:
    """RTL (ar, rhg) and Myanmar script (my, ksw) included: the new text is the
    language's own words (its "complete version" label), so every check passes."""
    path = exported(tag, texts_copy)
    own_words = target_text(path, "labels.complete_version")
    edit_xliff(path, {"labels.digest_version": own_words})
    file = texts_copy / f"{tag}.toml"
    before = file.read_text(encoding="utf-8")
    result = import_file(path, texts_copy)
    assert result.changed == ("labels.digest_version",)
    after = file.read_text(encoding="utf-8")
    old_line = next(line for line in before.splitlines() if line.startswith("digest_version"))
    assert after == before.replace(old_line, f'digest_version = "{own_words}"')
    assert tomllib.loads(after)["meta"]["status"] == "draft"


@pytest.mark.parametrize("tag", ["es", "ar", "my", "ksw", "rhg"])
def test_a_reviewer_approving_every_unit_makes_the_language_reviewed(
        tag: str, texts_copy: Path) -> None:
    path = exported(tag, texts_copy)
    edit_xliff(path, approve=True)
    result = import_file(path, texts_copy, reviewer="A. Reviewer", date="2027-03-01")
    assert result.counts.complete and len(result.approved) == result.counts.total
    language = sh.load_texts(texts_copy)[tag]
    assert (language.meta.status, language.meta.reviewer, language.meta.reviewed_on) == (
        sh.Status.REVIEWED, "A. Reviewer", "2027-03-01")
    pdf = sh.render("digest", tag, texts=texts_copy, require_reviewed=True)
    assert pdf.startswith(b"%PDF")
    again = exported(tag, texts_copy)
    assert import_file(again, texts_copy).written is False, "a second import is a no-op"


def test_approving_some_units_counts_them_and_keeps_the_draft(texts_copy: Path) -> None:
    path = exported("so", texts_copy)
    edit_xliff(path, approve=["digest.headline", "digest.summary"])
    result = import_file(path, texts_copy, reviewer="Hodan", date="2027-03-01")
    assert (result.counts.reviewed, result.counts.draft) == (2, result.counts.total - 2)
    assert sh.load_texts(texts_copy)["so"].meta.is_draft
    with pytest.raises(sh.RenderError, match="draft"):
        sh.render("digest", "so", texts=texts_copy, require_reviewed=True)


def test_editing_an_approved_text_by_hand_makes_it_a_draft_again(texts_copy: Path) -> None:
    path = exported("es", texts_copy)
    edit_xliff(path, approve=True)
    import_file(path, texts_copy, reviewer="Ana", date="2027-03-01")
    file = texts_copy / "es.toml"
    file.write_text(file.read_text(encoding="utf-8").replace(
        "Esta escuela", "Nuestra escuela", 1), encoding="utf-8")
    report = sh.check_texts(texts_copy)
    es = next(f for f in report.files if f.tag == "es")
    assert es.review is not None and es.review.draft == 1
    assert not report.ok, 'a "reviewed" status needs every unit approved'
    assert any(p.key == "meta.status" for p in es.problems)


def test_changed_english_makes_approved_units_stale(texts_copy: Path) -> None:
    path = exported("es", texts_copy)
    edit_xliff(path, approve=True)
    import_file(path, texts_copy, reviewer="Ana", date="2027-03-01")
    english = texts_copy / "en.toml"
    english.write_text(english.read_text(encoding="utf-8").replace(
        "Questions?", "Any questions?"), encoding="utf-8")
    states = {u.key: u.state for u in exchange_for("es", texts_copy).units}
    assert states["digest.ask.heading"] is UnitState.STALE
    assert list(states.values()).count(UnitState.REVIEWED) == len(states) - 1


def test_po_round_trip_approves_entries_that_are_no_longer_fuzzy(texts_copy: Path) -> None:
    path = exported("hmn", texts_copy, "po")
    path.write_text(path.read_text(encoding="utf-8").replace("#, fuzzy, python-brace-format",
                                                             "#, python-brace-format"),
                    encoding="utf-8")
    result = import_file(path, texts_copy, reviewer="Paj", date="2027-03-01")
    assert result.counts.complete
    assert sh.load_texts(texts_copy)["hmn"].meta.status is sh.Status.REVIEWED


def test_the_command_line_loop(texts_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = texts_copy.parent / "so.xlf"
    assert main(["export", "so", "--texts", str(texts_copy), "--out", str(out)]) == 0
    assert main(["export", "so", "--texts", str(texts_copy), "--out", str(out)]) == 2
    edit_xliff(out, approve=True)
    assert main(["import", str(out), "--texts", str(texts_copy)]) == 1
    assert "--reviewer" in capsys.readouterr().err
    assert main(["import", str(out), "--texts", str(texts_copy), "--reviewer", "Hodan",
                 "--date", "2027-03-01"]) == 0
    assert "49 reviewed, 0 draft, 0 stale" in capsys.readouterr().out.replace("of 49", "")
    assert main(["languages", "--texts", str(texts_copy)]) == 0
    row = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("so "))
    assert row.split()[-4:] == ["reviewed", "49", "0", "0"]
    assert main(["check", "--texts", str(texts_copy)]) == 0
    row = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("so "))
    assert row.split()[2:6] == ["reviewed", "49", "0", "0"]
