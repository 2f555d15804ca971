"""build_pack end to end on a tiny district: files, manifest, orders, safety, incremental runs."""

from __future__ import annotations

import csv
import io
import math
import re
import subprocess
from collections import defaultdict
from pathlib import Path

import pytest
from pypdf import PdfReader

from safehaven_docs import PackError, RosterError, build_pack
from safehaven_docs.accessibility import check_accessibility
from safehaven_docs.preflight import format_report, preflight
from tests.conftest import replace_in
from tests.readers.structure import Node, structure_tree

from .conftest import (
    QUICK,
    SITES,
    Built,
    copy_pack,
    manifest_of,
    pack_command,
    sha256,
    visible_files,
    write_roster,
)

DISTRICT_FILES = {"manifest.json", "order-summary.csv", "warnings.txt"}
#: Poster size and languages of the first three sites of SITES.
LAYOUT = {"A1": ("tabloid", ("en", "es")), "B2": ("letter", ("en", "ar")),
          "C3": ("tabloid", ("en", "es"))}


def site_files(folder: str, size: str, languages: tuple[str, ...]) -> set[str]:
    names = {f"{doc}-{tag}-{size}.pdf" for doc in ("poster", "digest") for tag in languages}
    names |= {f"{doc}-{tag}.pdf" for doc in ("letter", "handout") for tag in languages}
    names |= {f"multilingual-{size}.pdf", f"print-{folder}.pdf", f"order-{folder}.csv"}
    return {f"{folder}/{name}" for name in names}


def pages(path: Path) -> int:
    return len(PdfReader(path).pages)


def text(path: Path, page: int = 0) -> str:
    """pypdf's text; it reads the word joiners hidden glyphs carry (readers skip them)."""
    return " ".join(PdfReader(path).pages[page].extract_text().replace("\u2060", "").split())


def order_rows(out: Path, folder: str) -> list[dict[str, str]]:
    data = (out / folder / f"order-{folder}.csv").read_bytes()
    assert data.startswith("\ufeff".encode()), "Excel needs the BOM to read UTF-8"
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def with_margin(families: int) -> int:
    return families + max(2, math.ceil(families / 10))


# -- one full build, read by many tests ----------------------------------------------------------

def test_every_site_gets_its_files_and_nothing_else(full_pack: Built) -> None:
    result = full_pack.result
    assert result.ok and result.failed == ()
    assert result.sites == ("A1", "B2", "C3")
    expected = set(DISTRICT_FILES)
    for folder, (size, languages) in LAYOUT.items():
        expected |= site_files(folder, size, languages)
    assert set(visible_files(full_pack.out)) == expected
    assert result.manifest == full_pack.out / "manifest.json"
    assert set(result.written) == expected - DISTRICT_FILES


def test_the_manifest_lists_every_site_file_with_hash_size_and_pages(full_pack: Built) -> None:
    out = full_pack.out
    manifest = manifest_of(out)
    listed = {entry["path"]: entry for entry in manifest["files"]}
    assert len(listed) == len(manifest["files"])
    on_disk = {path for path in visible_files(out) if "/" in path}
    assert set(listed) == on_disk
    for path, entry in listed.items():
        file = out / path
        assert entry["sha256"] == sha256(file), path
        assert entry["bytes"] == file.stat().st_size, path
        assert entry["pages"] == (pages(file) if path.endswith(".pdf") else 0), path
        assert entry["site"] == path.split("/")[0]
        assert entry["status"] == "new"
    assert [r.path for r in full_pack.result.files] == [e["path"] for e in manifest["files"]]
    assert [(s["id"], s["folder"], s["row"], s["languages"]) for s in manifest["sites"]] == [
        ("A1", "A1", 2, ["en", "es"]), ("B2", "B2", 3, ["en", "ar"]),
        ("C3", "C3", 4, ["en", "es"])]
    assert (manifest["site_count"], manifest["shard"], manifest["roster"]) == (3, None,
                                                                               "sites.csv")


def test_order_quantities_follow_the_roster(full_pack: Built) -> None:
    for row in SITES[:3]:
        folder, copies = row["site_id"], int(row.get("poster_copies") or 1)
        size, languages = LAYOUT[folder]
        by_file = {r["file"]: r for r in order_rows(full_pack.out, folder)}
        assert {f"{folder}/{name}" for name in by_file} == site_files(folder, size, languages) - {
            f"{folder}/print-{folder}.pdf", f"{folder}/order-{folder}.csv"}
        for name, line in by_file.items():
            kind = name.split("-")[0]
            if kind in ("poster", "digest", "multilingual"):
                assert int(line["copies"]) == copies, (folder, name)
                continue
            tag = name.removeprefix(f"{kind}-").removesuffix(".pdf")
            letters = with_margin(int(row[tag]))
            if kind == "letter":
                assert (int(line["copies"]), line["sides"]) == (letters, "2"), name
            else:
                assert int(line["copies"]) == math.ceil(letters / 2), name
                assert line["finishing"] == "cut in half"
    c3 = {r["file"]: r for r in order_rows(full_pack.out, "C3")}
    assert (c3["letter-es.pdf"]["copies"], c3["handout-es.pdf"]["copies"]) == ("171", "86")
    b2 = {r["file"]: r for r in order_rows(full_pack.out, "B2")}
    assert b2["poster-ar-letter.pdf"]["paper"] == "Letter 8.5 x 11 in"
    assert b2["poster-ar-letter.pdf"]["copies"] == "2"


def test_the_district_summary_adds_up_the_site_orders(full_pack: Built) -> None:
    totals: dict[str, int] = defaultdict(int)
    for row in SITES[:3]:
        for line in order_rows(full_pack.out, row["site_id"]):
            totals[line["paper"]] += int(line["copies"])
    summary = list(csv.DictReader(io.StringIO(
        (full_pack.out / "order-summary.csv").read_text(encoding="utf-8"), newline="")))
    assert {r["paper"]: int(r["copies"]) for r in summary
            if r["item"] == "Total copies"} == dict(totals)
    manifest_orders = manifest_of(full_pack.out)["orders"]
    assert sum(o["copies"] for o in manifest_orders) == sum(totals.values())


def test_the_print_file_is_the_order_sheet_then_every_document(full_pack: Built) -> None:
    for row in SITES[:3]:
        folder = row["site_id"]
        names = [r["file"] for r in order_rows(full_pack.out, folder)]
        documents = [PdfReader(full_pack.out / folder / name) for name in names]
        printed = PdfReader(full_pack.out / folder / f"print-{folder}.pdf")
        sheet = len(printed.pages) - sum(len(d.pages) for d in documents)
        assert sheet >= 1, folder
        order_text = " ".join(printed.pages[i].extract_text() for i in range(sheet))
        assert "Print order" in order_text and row["site_name"] in order_text
        assert all(name in order_text for name in names), folder
        sizes = [tuple(page.mediabox) for d in documents for page in d.pages]
        assert [tuple(page.mediabox) for page in printed.pages[sheet:]] == sizes
        first, last = documents[0].pages[0], documents[-1].pages[-1]
        assert printed.pages[sheet].extract_text() == first.extract_text()
        assert printed.pages[-1].extract_text() == last.extract_text()


def test_each_digest_says_where_it_is_posted(full_pack: Built) -> None:
    for row in SITES[:3]:
        folder, name = row["site_id"], row["site_name"]
        size = LAYOUT[folder][0]
        english = text(full_pack.out / folder / f"digest-en-{size}.pdf")
        assert f"Posted at {name}" in english
        others = [r["site_name"] for r in SITES[:3] if r is not row]
        assert not any(other in english for other in others)
    assert "Beta School" in text(full_pack.out / "B2" / "digest-ar-letter.pdf")


def test_every_pdf_in_the_pack_passes_preflight(full_pack: Built) -> None:
    found = sorted(full_pack.out.rglob("*.pdf"))
    assert len(found) > 30
    for path in found:
        report = preflight(path)
        assert report.ok, format_report(report, str(path))


def test_every_pdf_in_the_pack_is_tagged_print_files_too(full_pack: Built) -> None:
    """The PDF/UA checks pass on every file, the order sheets and print files included; a
    print file's tree holds the order sheet's, then each document's, as Parts."""
    for path in sorted(full_pack.out.rglob("*.pdf")):
        report = check_accessibility(PdfReader(path))
        assert report.tagged and report.problems == [], (path, report.problems)
    for row in SITES[:3]:
        folder = row["site_id"]
        names = [r["file"] for r in order_rows(full_pack.out, folder)]
        tree = structure_tree((full_pack.out / folder / f"print-{folder}.pdf").read_bytes())
        assert tree is not None
        [document] = tree.kids
        assert isinstance(document, Node)
        parts = [kid for kid in document.kids if isinstance(kid, Node)]
        assert [p.role for p in parts] == ["Part"] * (1 + len(names))
        sheet = parts[0].elements()
        assert parts[0].lang == "en" and sheet[1].role == "H1"
        [table] = [e for e in sheet if e.role == "Table"]
        header = table.kids[0]
        assert isinstance(header, Node)
        assert {(c.role, c.scope) for c in header.kids if isinstance(c, Node)} == {
            ("TH", "Column")}
        langs = [PdfReader(full_pack.out / folder / name).trailer["/Root"]["/Lang"]
                 for name in names]
        assert [p.lang for p in parts[1:]] == langs


def test_two_clean_builds_are_byte_identical(full_pack: Built, tmp_path: Path) -> None:
    # The second build runs in two worker processes: neither the folder nor the
    # executor may change a byte.
    build_pack(full_pack.roster, out=tmp_path / "again", jobs=2)
    first, second = visible_files(full_pack.out), visible_files(tmp_path / "again")
    assert set(first) == set(second)
    assert [p for p in first if first[p] != second[p]] == []


def test_equal_content_keys_mean_equal_bytes_whatever_else_the_build_made(
        tmp_path: Path) -> None:
    """The same document (same key in both manifests) from two clean builds, two processes.

    One build makes the whole district, the other only site B2. keys.py promises
    "equal keys mean byte-identical PDFs"; the cache, incremental runs, shards and
    resumed runs rely on it.
    """
    both = write_roster(tmp_path / "district" / "sites.csv", SITES[:2])
    alone = write_roster(tmp_path / "b2" / "sites.csv", SITES[1:2])
    runs = [subprocess.Popen(pack_command(roster, roster.parent / "pack", "--jobs", "1",
                                          "--quiet", "--documents", "poster,multilingual"),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for roster in (both, alone)]
    for run in runs:
        _, err = run.communicate(timeout=120)
        assert run.returncode == 0, err
    whole = {e["path"]: e for e in manifest_of(both.parent / "pack")["files"]}
    single = {e["path"]: e for e in manifest_of(alone.parent / "pack")["files"]}
    same_key = [p for p in single if p in whole and whole[p]["key"] == single[p]["key"]]
    assert "B2/poster-ar-letter.pdf" in same_key
    differ = [p for p in same_key if whole[p]["sha256"] != single[p]["sha256"]]
    assert differ == [], f"same key, different bytes: {differ}"


# -- incremental builds ---------------------------------------------------------------------------

def test_a_second_run_writes_nothing(quick_pack: Built, tmp_path: Path) -> None:
    out = copy_pack(quick_pack.out, tmp_path / "pack")
    before = visible_files(out)
    result = build_pack(quick_pack.roster, out=out, jobs=1, documents=QUICK)
    assert (result.written, result.removed, result.failed) == ((), (), ())
    after = visible_files(out)
    assert {p: b for p, b in after.items() if p != "manifest.json"} == {
        p: b for p, b in before.items() if p != "manifest.json"}
    manifest = manifest_of(out)
    assert {e["status"] for e in manifest["files"]} == {"unchanged"}
    assert {e["path"]: e["sha256"] for e in manifest["files"]} == {
        e["path"]: e["sha256"] for e in manifest_of(quick_pack.out)["files"]}


def test_leaving_out_a_document_removes_its_files(quick_pack: Built, tmp_path: Path) -> None:
    out = copy_pack(quick_pack.out, tmp_path / "pack")
    result = build_pack(quick_pack.roster, out=out, jobs=1, documents=["digest"])
    letters = sorted(r.path for r in quick_pack.result.files if r.document == "letter")
    assert letters and list(result.removed) == letters
    assert not any(out.glob("*/letter-*.pdf"))
    assert {p.split("/")[1].split("-")[0] for p in result.written} == {"print", "order"}
    assert {e["document"] for e in manifest_of(out)["files"]} == {"digest", "print", "order"}
    assert manifest_of(out)["documents"] == ["digest"]


def _edit_spanish_headline(texts: Path) -> None:
    replace_in(texts / "es.toml", "refugio seguro para todas las familias",
               "refugio seguro para cada una de las familias")


def test_changing_one_language_rewrites_only_what_depends_on_it(texts_copy: Path,
                                                               tmp_path: Path) -> None:
    roster = write_roster(tmp_path / "sites.csv", SITES[:2])  # A1 en+es, B2 en+ar
    out = tmp_path / "pack"
    documents = ["poster", "digest", "multilingual", "letter"]
    first = build_pack(roster, out=out, jobs=1, texts=texts_copy, documents=documents)
    _edit_spanish_headline(texts_copy)
    second = build_pack(roster, out=out, jobs=1, texts=texts_copy, documents=documents)
    assert set(second.written) == {
        "A1/poster-es-tabloid.pdf", "A1/digest-es-tabloid.pdf", "A1/letter-es.pdf",
        "A1/multilingual-tabloid.pdf", "B2/multilingual-letter.pdf",
        "A1/print-A1.pdf", "B2/print-B2.pdf"}
    status = {e["path"]: e["status"] for e in manifest_of(out)["files"]}
    before = {r.path: r.sha256 for r in first.files}
    for path in status:
        if "-es" not in path and "multilingual" not in path and "print-" not in path:
            assert status[path] == "unchanged", path
            assert sha256(out / path) == before[path], path


def test_an_edited_language_file_reaches_the_rebuilt_documents(texts_copy: Path,
                                                              tmp_path: Path) -> None:
    """The same process builds, the translator edits es.toml, the process builds again."""
    roster = write_roster(tmp_path / "sites.csv", SITES[:1])
    out = tmp_path / "pack"
    build_pack(roster, out=out, jobs=1, texts=texts_copy, documents=["digest"])
    _edit_spanish_headline(texts_copy)
    result = build_pack(roster, out=out, jobs=1, texts=texts_copy, documents=["digest"])
    assert "A1/digest-es-tabloid.pdf" in result.written
    status = {e["path"]: e["status"] for e in manifest_of(out)["files"]}
    assert status["A1/digest-es-tabloid.pdf"] == "updated", (
        "the Spanish digest was rewritten under its new key but with the old text")
    spanish = " ".join(text(out / "A1" / "digest-es-tabloid.pdf").split())
    assert "cada una de las familias" in spanish


def test_a_file_a_person_put_in_out_is_never_replaced(tmp_path: Path) -> None:
    roster = write_roster(tmp_path / "sites.csv", SITES[:1])
    out = tmp_path / "pack"
    mine = out / "A1" / "letter-en.pdf"
    mine.parent.mkdir(parents=True)
    mine.write_bytes(b"my own notes")
    with pytest.raises(PackError) as raised:
        build_pack(roster, out=out, jobs=1, documents=QUICK)
    assert "A1/letter-en.pdf" in str(raised.value) and "never replaced" in str(raised.value)
    assert mine.read_bytes() == b"my own notes"
    assert sorted(p.name for p in mine.parent.iterdir()) == ["letter-en.pdf"]
    assert not (out / "manifest.json").exists()


def test_a_file_a_person_added_is_kept_when_the_roster_later_plans_it(tmp_path: Path) -> None:
    roster = write_roster(tmp_path / "sites.csv", [{**SITES[0], "es": ""}])  # English only
    out = tmp_path / "pack"
    build_pack(roster, out=out, jobs=1, documents=["digest"])
    mine = out / "A1" / "digest-es-tabloid.pdf"
    mine.write_bytes(b"%PDF-1.4 a poster from last year")
    write_roster(roster, [SITES[0]])  # now with Spanish families
    with pytest.raises(PackError, match=re.escape("A1/digest-es-tabloid.pdf")):
        build_pack(roster, out=out, jobs=1, documents=["digest"])
    assert mine.read_bytes() == b"%PDF-1.4 a poster from last year"


def test_an_edited_pack_file_is_refused_unless_forced(tmp_path: Path) -> None:
    roster = write_roster(tmp_path / "sites.csv", SITES[:1])
    out = tmp_path / "pack"
    build_pack(roster, out=out, jobs=1, documents=["digest"])
    target = out / "A1" / "digest-en-tabloid.pdf"
    original = target.read_bytes()
    target.write_bytes(original + b"\n% touched up by hand\n")
    with pytest.raises(PackError) as raised:
        build_pack(roster, out=out, jobs=1, documents=["digest"])
    assert "A1/digest-en-tabloid.pdf" in str(raised.value) and "--force" in str(raised.value)
    assert target.read_bytes() == original + b"\n% touched up by hand\n"
    result = build_pack(roster, out=out, jobs=1, documents=["digest"], force=True)
    assert result.written == ("A1/digest-en-tabloid.pdf",)
    assert target.read_bytes() == original


def test_a_site_removed_from_the_roster_has_its_files_removed(tmp_path: Path) -> None:
    roster = write_roster(tmp_path / "sites.csv", SITES[:2])
    out = tmp_path / "pack"
    first = build_pack(roster, out=out, jobs=1, documents=["digest"])
    b2_files = sorted(r.path for r in first.files if r.path.startswith("B2/"))
    write_roster(roster, SITES[:1])
    result = build_pack(roster, out=out, jobs=1, documents=["digest"])
    assert result.written == ()
    assert list(result.removed) == b2_files
    assert not (out / "B2").exists()
    assert not (out / ".safehaven" / "sites" / "B2.json").exists()
    manifest = manifest_of(out)
    assert [s["id"] for s in manifest["sites"]] == ["A1"]
    assert all(e["path"].startswith("A1/") for e in manifest["files"])


def test_nothing_is_written_outside_out_whatever_the_site_id(tmp_path: Path) -> None:
    work = tmp_path / "work"
    roster = write_roster(work / "sites.csv", [
        {"site_id": "../evil", "site_name": "Evil School", "en": "3"},
        {"site_id": "/abs", "site_name": "Absolute School", "en": "2"},
        {"site_id": "..", "site_name": "Dots School", "en": "1"},
    ])
    out = work / "pack"
    result = build_pack(roster, out=out, jobs=1, documents=["digest"])
    assert result.sites == ("../evil", "/abs", "..")
    everything = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert everything and all(p == roster or out in p.parents for p in everything), [
        str(p) for p in everything if p != roster and out not in p.parents]
    folders = {s["folder"] for s in manifest_of(out)["sites"]}
    assert len(folders) == 3
    assert all(re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", f) for f in folders), folders
    assert {p.name for p in out.iterdir() if p.is_dir()} == folders | {".safehaven"}


def test_keep_going_builds_the_good_rows_and_reports_the_bad_one(tmp_path: Path) -> None:
    rows = [SITES[0], {**SITES[1], "en": "twelve"}, SITES[2]]
    roster = write_roster(tmp_path / "sites.csv", rows)
    out = tmp_path / "pack"
    with pytest.raises(RosterError) as raised:
        build_pack(roster, out=out, jobs=1, documents=["digest"])
    assert f"{roster}:3 [en]" in str(raised.value)
    assert not out.exists() or not any(out.iterdir()), "nothing is written on a roster error"
    result = build_pack(roster, out=out, jobs=1, documents=["digest"], keep_going=True)
    assert result.sites == ("A1", "C3")
    assert not (out / "B2").exists()
    warnings = (out / "warnings.txt").read_text(encoding="utf-8")
    line = next(w for w in warnings.splitlines() if "twelve" in w)
    assert line.startswith(f"row left out: {roster}:3 [en]")
    assert any("twelve" in w for w in result.warnings)
    assert [s["id"] for s in manifest_of(out)["sites"]] == ["A1", "C3"]


def test_docx_twins_sit_beside_the_pdfs_but_are_not_printed(quick_pack: Built,
                                                             tmp_path: Path) -> None:
    out = copy_pack(quick_pack.out, tmp_path / "pack")
    result = build_pack(quick_pack.roster, out=out, jobs=1, documents=QUICK, docx=True)
    twins = sorted(p for p in result.written if p.endswith(".docx"))
    pdfs = sorted(r.path for r in quick_pack.result.files if r.document in ("letter", "digest"))
    assert twins == [p.removesuffix(".pdf") + ".docx" for p in pdfs]
    assert all(p.endswith(".docx") for p in result.written)  # print files unchanged
    manifest = manifest_of(out)
    assert manifest["docx"] is True
    entries = [e for e in manifest["files"] if e["path"].endswith(".docx")]
    assert len(entries) == len(twins) and {e["pages"] for e in entries} == {0}
    assert not any(o["file"].endswith(".docx") for o in manifest["orders"])
    for order_csv in out.glob("*/order-*.csv"):
        assert ".docx" not in order_csv.read_text(encoding="utf-8-sig")
    assert (out / twins[0]).read_bytes()[:2] == b"PK"
    again = build_pack(quick_pack.roster, out=out, jobs=1, documents=QUICK)
    assert sorted(again.removed) == twins and again.written == ()
