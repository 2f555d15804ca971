"""The roster: CSV and Excel rows become checked sites; every problem is located."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from safehaven_docs import Problem, RosterError, build_pack
from safehaven_docs.packs.roster import Roster, folder_for, read_roster

HEADER = "site_id,site_name,poster_sizes,poster_copies,en,es,ar\n"


def roster_at(tmp_path: Path, text: str, name: str = "sites.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(path: Path, tags: tuple[str, ...]) -> tuple[Roster | None, list[Problem]]:
    """The roster (None when it could not be read at all) and its errors."""
    try:
        roster = read_roster(path, tags)
    except RosterError as exc:
        return None, [p for p in exc.problems if p.is_error]
    return roster, roster.errors


def the_error(path: Path, tags: tuple[str, ...]) -> Problem:
    _, errors = problems_of(path, tags)
    assert len(errors) == 1, [str(p) for p in errors]
    assert errors[0].path == path
    return errors[0]


def sites_of(roster: Roster) -> list[tuple[object, ...]]:
    return [(s.id, s.name, s.folder, s.families, s.sizes, s.poster_copies, s.row)
            for s in roster.sites]


# -- reading -------------------------------------------------------------------------------------

def test_csv_and_xlsx_give_the_same_sites(tmp_path: Path, known_tags: tuple[str, ...]) -> None:
    csv_path = roster_at(tmp_path, HEADER + "A1,Alpha School,,,12,3,\n"
                         "B2,Beta School,letter 24x36,2,20,,4\n")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Site_ID", "SITE_NAME", "Poster_Sizes", "poster_copies", "EN", "Es", "AR"])
    sheet.append(["A1", "Alpha School", None, None, 12.0, 3, None])  # Excel stores 12.0
    sheet.append(["B2", "Beta School", "letter 24x36", 2.0, 20, None, 4.0])
    book.save(tmp_path / "sites.xlsx")
    from_csv = read_roster(csv_path, known_tags)
    from_xlsx = read_roster(tmp_path / "sites.xlsx", known_tags)
    assert from_csv.ok and from_xlsx.ok, [str(p) for p in (*from_csv.problems,
                                                            *from_xlsx.problems)]
    assert sites_of(from_xlsx) == sites_of(from_csv)
    first, second = from_csv.sites
    assert first.families == (("en", 12), ("es", 3), ("ar", 0))
    assert first.languages == ("en", "es")
    assert (second.sizes, second.poster_copies, second.languages) == (
        ("letter", "24x36"), 2, ("en", "ar"))
    assert (first.row, second.row) == (2, 3)


def test_header_is_matched_without_case_or_spaces(tmp_path: Path,
                                                  known_tags: tuple[str, ...]) -> None:
    path = roster_at(tmp_path, " SITE_ID ,Site_Name,EN,Es,RHG-LATN\nA1,Alpha,1,2,3\n")
    roster = read_roster(path, known_tags)
    assert roster.ok and not roster.problems
    assert roster.sites[0].families == (("en", 1), ("es", 2), ("rhg-Latn", 3))


def test_empty_count_is_zero_and_blank_sizes_and_copies_are_defaults(
        tmp_path: Path, known_tags: tuple[str, ...]) -> None:
    roster = read_roster(roster_at(tmp_path, HEADER + "A1,Alpha,,,,7,\n"), known_tags)
    (site,) = roster.sites
    assert site.families == (("en", 0), ("es", 7), ("ar", 0))
    assert site.languages == ("es",)
    assert (site.sizes, site.poster_copies) == (("tabloid",), 1)


def test_excel_whole_floats_are_accepted_but_fractions_are_not(
        tmp_path: Path, known_tags: tuple[str, ...]) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["site_id", "site_name", "en", "es"])
    sheet.append(["A1", "Alpha", 12.0, 3.0])
    sheet.append(["B2", "Beta", 12.5, 1])
    book.save(tmp_path / "sites.xlsx")
    roster = read_roster(tmp_path / "sites.xlsx", known_tags)
    assert [s.families for s in roster.sites] == [(("en", 12), ("es", 3))]
    (error,) = roster.errors
    assert (error.line, error.key) == (3, "en") and "12.5" in error.message


def test_semicolon_separated_csv_with_bom_and_crlf(tmp_path: Path,
                                                   known_tags: tuple[str, ...]) -> None:
    path = tmp_path / "sites.csv"
    path.write_bytes("\ufeffsite_id;site_name;en;es\r\nA1;Alpha, Inc.;1;2\r\n".encode())
    roster = read_roster(path, known_tags)
    assert sites_of(roster) == [("A1", "Alpha, Inc.", "A1", (("en", 1), ("es", 2)),
                                 ("tabloid",), 1, 2)]


# -- every bad case is located ---------------------------------------------------------------------

@pytest.mark.parametrize(("text", "line", "key", "words"), [
    (HEADER + "A1,Alpha,,,-3,1,\n", 2, "en", "'-3' is not a number of families"),
    (HEADER + "A1,Alpha,,,1,twelve,\n", 2, "es", "'twelve' is not a number of families"),
    (HEADER + "A1,Alpha,,,1,2.5,\n", 2, "es", "'2.5'"),
    (HEADER + "A1,Alpha,poster,,1,1,\n", 2, "poster_sizes", "unknown poster size 'poster'"),
    (HEADER + "A1,Alpha,,0,1,1,\n", 2, "poster_copies", "'0' is not a number of copies"),
    (HEADER + "A1,Alpha,,,1,,\nB2,,,,1,,\n", 3, "site_name", "site_name is empty"),
    (HEADER + "A1,Alpha,,,1,,\n,Beta,,,1,,\n", 3, "site_id", "site_id is empty"),
    (HEADER + "A1,Alpha \u202eloohcS,,,1,,\n", 2, "site_name", "direction control"),
    (HEADER + "A1,Alpha\x07 School,,,1,,\n", 2, "site_name", "control character"),
    (HEADER + "A1,Alpha School \U0001F3EB,,,1,,\n", 2, "site_name", "no bundled font"),
    (HEADER + "A1," + "x" * 121 + ",,,1,,\n", 2, "site_name", "at most 120"),
])
def test_a_bad_cell_names_file_line_and_column(tmp_path: Path, known_tags: tuple[str, ...],
                                              text: str, line: int, key: str,
                                              words: str) -> None:
    path = roster_at(tmp_path, text)
    error = the_error(path, known_tags)
    assert (error.line, error.key) == (line, key), str(error)
    assert words in error.message
    assert error.hint
    assert str(error).startswith(f"{path}:{line} [{key}]: error:")


def test_duplicate_ids_ignore_case_and_name_the_first_line(
        tmp_path: Path, known_tags: tuple[str, ...]) -> None:
    path = roster_at(tmp_path, HEADER + "A1,Alpha,,,1,,\nB2,Beta,,,1,,\na1,Gamma,,,1,,\n")
    roster, errors = problems_of(path, known_tags)
    (error,) = errors
    assert (error.path, error.line, error.key) == (path, 4, "site_id")
    assert "line 2" in error.message and "'a1'" in error.message
    assert roster is not None and [s.id for s in roster.sites] == ["A1", "B2"]
    assert roster.bad_rows == (4,)


def test_unknown_language_column_is_an_error_that_names_it(
        tmp_path: Path, known_tags: tuple[str, ...]) -> None:
    path = roster_at(tmp_path, "site_id,site_name,en,zz\nA1,Alpha,1,4\n")
    error = the_error(path, known_tags)
    assert (error.line, error.key) == (1, "zz")
    assert "'zz'" in error.message and "texts/zz.toml" in (error.hint or "")
    with pytest.raises(RosterError) as raised:
        build_pack(path, out=tmp_path / "out", jobs=1, documents=["digest"])
    assert "zz" in str(raised.value)
    assert not (tmp_path / "out").exists()


def test_a_duplicate_of_a_row_with_other_errors_is_reported_too(
        tmp_path: Path, known_tags: tuple[str, ...]) -> None:
    # "Every problem is listed at once ... so you can fix them all in one go" (docs/roster.md)
    path = roster_at(tmp_path, HEADER + "A1,Alpha,,,twelve,,\nB2,Beta,,,1,,\na1,Gamma,,,1,,\n")
    _, errors = problems_of(path, known_tags)
    assert {(e.line, e.key) for e in errors} == {(2, "en"), (4, "site_id")}, [
        str(e) for e in errors]


def test_an_unrecognised_column_is_only_a_warning(tmp_path: Path,
                                                  known_tags: tuple[str, ...]) -> None:
    path = roster_at(tmp_path, "site_id,site_name,principal,en\nA1,Alpha,Ms. Ortiz,3\n")
    roster = read_roster(path, known_tags)
    assert roster.ok and [s.id for s in roster.sites] == ["A1"]
    (warning,) = roster.problems
    assert not warning.is_error
    assert (warning.path, warning.line, warning.key) == (path, 1, "principal")


@pytest.mark.parametrize(("text", "words"), [
    ("site_name,en\nAlpha,1\n", "missing column(s): site_id"),
    ("site_id,en\nA1,1\n", "missing column(s): site_name"),
    ("site_id,site_name\nA1,Alpha\n", "no language columns"),
    ("site_id,site_name,en,EN\nA1,Alpha,1,2\n", "appears twice"),
])
def test_an_unusable_header_is_a_roster_error_on_line_1(tmp_path: Path,
                                                       known_tags: tuple[str, ...],
                                                       text: str, words: str) -> None:
    path = roster_at(tmp_path, text)
    with pytest.raises(RosterError) as raised:
        read_roster(path, known_tags)
    (error,) = [p for p in raised.value.problems if p.is_error]
    assert (error.path, error.line) == (path, 1) and words in error.message


@pytest.mark.parametrize(("text", "words"), [
    ("", "the roster is empty"),
    ("\n,,\n\n", "the roster is empty"),
    (HEADER, "header but no sites"),
])
def test_an_empty_roster_is_a_roster_error(tmp_path: Path, known_tags: tuple[str, ...],
                                          text: str, words: str) -> None:
    path = roster_at(tmp_path, text)
    with pytest.raises(RosterError) as raised:
        read_roster(path, known_tags)
    assert words in str(raised.value) and str(path) in str(raised.value)


def test_not_utf8_is_a_roster_error_naming_the_line(tmp_path: Path,
                                                    known_tags: tuple[str, ...]) -> None:
    path = tmp_path / "sites.csv"
    path.write_bytes((HEADER + "A1,Alpha,,,1,,\nB2,Benjamín Salcedo,,,1,,\n")
                     .encode("latin-1"))
    with pytest.raises(RosterError) as raised:
        read_roster(path, known_tags)
    (error,) = raised.value.problems
    assert (error.path, error.line) == (path, 3) and "not UTF-8" in error.message


def test_a_workbook_named_csv_and_garbage_named_xlsx_are_roster_errors(
        tmp_path: Path, known_tags: tuple[str, ...]) -> None:
    book = openpyxl.Workbook()
    book.active.append(["site_id", "site_name", "en"])
    book.save(tmp_path / "real.xlsx")
    renamed = tmp_path / "sites.csv"
    renamed.write_bytes((tmp_path / "real.xlsx").read_bytes())
    garbage = tmp_path / "broken.xlsx"
    garbage.write_bytes(b"\x00\x01 not a zip file \xff" * 40)
    for path, words in ((renamed, "Excel workbook with a .csv name"),
                        (garbage, "not a readable Excel workbook")):
        with pytest.raises(RosterError) as raised:
            read_roster(path, known_tags)
        (error,) = raised.value.problems
        assert error.path == path and words in error.message, str(error)
        assert error.hint


@pytest.mark.parametrize(("body", "bad_line"), [
    # A quote that is never closed swallows the rest of the file into one cell.
    ('A1,"Alpha School,,,1,,\nB2,Beta,,,1,,\n', 2),
    # The same mistake on the last row: the cell ends at the end of the file.
    ('A1,Alpha,,,1,,\nB2,"Beta School,,,3,4,\n', 3),
    ('A1,Alpha,,,1,,\nB2,Beta School,,,"3,4,\n', 3),
], ids=["middle-row", "last-row-name", "last-row-count"])
def test_broken_csv_quoting_is_reported(tmp_path: Path, known_tags: tuple[str, ...],
                                        body: str, bad_line: int) -> None:
    path = roster_at(tmp_path, HEADER + body)
    roster, errors = problems_of(path, known_tags)
    assert errors, ("an unclosed quote was accepted silently; sites read: "
                    f"{sites_of(roster) if roster else None}")
    assert all(e.path == path for e in errors)
    assert any(e.line == bad_line for e in errors), [str(e) for e in errors]


def test_several_problems_are_all_reported_at_once(tmp_path: Path,
                                                   known_tags: tuple[str, ...]) -> None:
    path = roster_at(tmp_path, "site_id,site_name,poster_sizes,en,es,zz\n"
                     "A1,Alpha,,x,1,\n"
                     "B2,Beta,huge,1,-1,\n"
                     "C3,,,1,1,\n"
                     "D4,Delta,,1,1,\n")
    with pytest.raises(RosterError) as raised:
        build_pack(path, out=tmp_path / "out", jobs=1, documents=["digest"])
    found = {(p.line, p.key) for p in raised.value.problems if p.is_error}
    assert found == {(1, "zz"), (2, "en"), (3, "poster_sizes"), (3, "es"), (4, "site_name")}
    message = str(raised.value)
    assert message.startswith("5 problem(s) in the roster; nothing was built:")
    for line, key in found:
        assert f"{path}:{line} [{key}]" in message
    assert not (tmp_path / "out").exists()


# -- folder names ----------------------------------------------------------------------------------

_SAFE = re.compile(r"[A-Za-z0-9._-]+")


def _assert_safe_folder(site_id: str) -> None:
    folder = folder_for(site_id)
    assert _SAFE.fullmatch(folder), (site_id, folder)
    assert folder not in (".", "..")
    assert folder.split(".")[0].lower() not in {"con", "prn", "aux", "nul",
                                                *(f"com{i}" for i in range(10)),
                                                *(f"lpt{i}" for i in range(10))}, folder


@pytest.mark.parametrize("site_id", ["../x", "/abs", "a/b", "a\\b", "<b>x</b>", "CON", "nul",
                                     "x\u202e", "..", ".", "", " ", "x\x00y", "É101"])
def test_folder_for_hostile_ids_is_a_plain_name(site_id: str) -> None:
    _assert_safe_folder(site_id)


def test_plain_ids_keep_their_name() -> None:
    assert [folder_for(i) for i in ("E101", "HS-12", "m_2.b")] == ["E101", "HS-12", "m_2.b"]


@pytest.mark.parametrize("site_id", ["CON.txt", "nul.pdf", "Com1.x", "LPT9.site"])
def test_folder_for_reserved_windows_names_with_an_extension(site_id: str) -> None:
    # Windows refuses CON, NUL, COM1 … "whatever the extension" (roster.py).
    _assert_safe_folder(site_id)


@settings(deadline=None)
@given(st.text(min_size=1))  # the empty id is in test_folder_for_hostile_ids_is_a_plain_name
def test_folder_for_is_always_a_safe_name(site_id: str) -> None:
    folder = folder_for(site_id)
    assert "/" not in folder and "\\" not in folder
    assert folder not in ("", ".", "..")
    assert _SAFE.fullmatch(folder), (site_id, folder)
    assert folder_for(site_id) == folder  # stable


@settings(deadline=None)
@given(st.text(), st.text())
@example("x/", folder_for("x/"))  # an id spelled like another id's hashed folder
def test_different_ids_get_different_folders(first: str, second: str) -> None:
    if first != second:
        assert folder_for(first) != folder_for(second), (first, second, folder_for(first))
