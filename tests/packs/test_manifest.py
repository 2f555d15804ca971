"""District files derived from a manifest: totals and warnings, from plain data."""

from __future__ import annotations

import csv
import io

from safehaven_docs.packs.manifest import summary_csv, warnings_text


def _manifest(with_drafts: bool) -> dict[str, object]:
    status = "draft" if with_drafts else "reviewed"
    files = [
        {"site": "E1", "document": "poster", "language": "en"},
        {"site": "E1", "document": "letter", "language": "es"},
        {"site": "E2", "document": "letter", "language": "es"},
        {"site": "E2", "document": "multilingual", "language": "mul"},
    ]
    orders = [
        {"paper": "Letter", "document": "letter", "item": "Letter", "sides": 2, "copies": 30},
        {"paper": "Letter", "document": "letter", "item": "Letter", "sides": 2, "copies": 12},
        {"paper": "Tabloid", "document": "poster", "item": "Poster", "sides": 1, "copies": 2},
    ]
    return {"roster": "sites.csv", "files": files, "orders": orders,
            "languages": [{"tag": "en", "status": "source"}, {"tag": "es", "status": status}],
            "warnings": [{"site": "E2", "message": "4 families read 'ti', which has no text"}]}


def test_warnings_name_printed_drafts_the_multilingual_poster_and_site_notes() -> None:
    lines = warnings_text(_manifest(True)).decode().splitlines()
    assert "draft translation printed: es at 2 site(s)" in lines[2]
    assert lines[3] == "the multilingual poster at 1 site(s) holds draft translations: es"
    assert lines[4] == "site E2: 4 families read 'ti', which has no text"


def test_no_draft_lines_for_reviewed_texts() -> None:
    text = warnings_text(_manifest(False)).decode()
    assert "draft" not in text


def test_the_summary_adds_up_copies_per_paper_and_document() -> None:
    rows = list(csv.reader(io.StringIO(summary_csv(_manifest(True)).decode())))
    assert rows[0] == ["paper", "document", "item", "sides", "files", "copies"]
    assert ["Letter", "letter", "Letter", "2", "2", "42"] in rows
    assert ["Letter", "all", "Total copies", "", "", "42"] in rows
    assert ["Tabloid", "all", "Total copies", "", "", "2"] in rows
