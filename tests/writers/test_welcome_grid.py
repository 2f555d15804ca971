"""The welcome poster's grid: balanced for any number of languages, nothing overlapping.

Balanced: rows hold as many blocks as each other or one fewer, fuller rows
first, each row centred, all blocks the same width and each row's blocks the
same height. Checked on the pure grid (hypothesis) and on laid-out posters of
1 to 12 languages, including a language added as a text file only.
"""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import safehaven_docs as sh
from safehaven_docs.branding import DEFAULT_BRANDING
from safehaven_docs.documents import Options, lay_out
from safehaven_docs.layout.documents.common import SAFE, Kit
from safehaven_docs.layout.documents.multilingual import (
    CELL_ROLE,
    CELL_TINT,
    Cell,
    _tint,
    grid,
    multilingual,
    row_counts,
)
from safehaven_docs.layout.flow import Overflow
from safehaven_docs.layout.page import Page, RuleBlock, TextBlock
from tests.conftest import replace_in

TEXTS = sh.load_texts()
EPS = 0.01


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    """Two (x0, y0, x1, y1) boxes share area (touching edges do not count)."""
    return a[0] < b[2] - EPS and b[0] < a[2] - EPS and a[1] < b[3] - EPS and b[1] < a[3] - EPS


def _box(cell: Cell) -> tuple[float, float, float, float]:
    return cell.x, cell.y, cell.right, cell.bottom


def _rows(cells: list[Cell]) -> list[list[Cell]]:
    rows: dict[float, list[Cell]] = {}
    for cell in cells:
        rows.setdefault(round(cell.y, 3), []).append(cell)
    return [rows[y] for y in sorted(rows)]


def _assert_balanced(cells: list[Cell], count: int, left: float, right: float) -> None:
    assert len(cells) == count
    for a, b in combinations(cells, 2):
        assert not _overlap(_box(a), _box(b)), (a, b)
    rows = _rows(cells)
    sizes = [len(row) for row in rows]
    assert max(sizes) - min(sizes) <= 1 and sizes == sorted(sizes, reverse=True), sizes
    assert len({round(c.width, 3) for c in cells}) == 1
    for row in rows:
        assert len({round(c.height, 3) for c in row}) == 1
        first, last = min(c.x for c in row), max(c.right for c in row)
        assert first >= left - EPS and last <= right + EPS
        assert first - left == pytest.approx(right - last, abs=0.01), "row not centred"


@given(count=st.integers(1, 12), columns=st.integers(1, 5),
       heights=st.lists(st.floats(10, 80), min_size=12, max_size=12),
       gap=st.floats(0, 20))
def test_the_grid_is_balanced_and_nothing_overlaps(count: int, columns: int,
                                                   heights: list[float], gap: float) -> None:
    needs = heights[:count]
    counts = row_counts(count, columns)
    starts = [sum(counts[:row]) for row in range(len(counts))]
    total = sum(max(needs[a : a + n]) for a, n in zip(starts, counts, strict=True))
    try:
        cells = grid(needs, columns, 30.0, 50.0, 700.0, 1100.0, gap)
    except Overflow:
        assert total + gap * (len(counts) - 1) > 1100.0, "raised although the rows fit"
        return
    _assert_balanced(cells, count, 30.0, 730.0)
    for cell, need in zip(cells, needs, strict=True):
        assert cell.height >= need - EPS, "every block has the room it needs"
        assert cell.y >= 50.0 - EPS and cell.bottom <= 1150.0 + EPS


@pytest.mark.parametrize(("count", "columns", "expected"), [
    (1, 3, [1]), (4, 3, [2, 2]), (7, 3, [3, 2, 2]), (9, 3, [3, 3, 3]), (10, 3, [3, 3, 2, 2]),
    (11, 4, [4, 4, 3]), (12, 5, [4, 4, 4]), (5, 2, [2, 2, 1]),
])
def test_rows_are_as_even_as_can_be(count: int, columns: int, expected: list[int]) -> None:
    assert row_counts(count, columns) == expected


def test_rows_that_do_not_fit_raise_overflow() -> None:
    with pytest.raises(Overflow):
        grid([100.0] * 4, 1, 0, 0, 500, 300, 10)


def _cells_of(page: Page, kit: Kit, count: int) -> list[Cell]:
    tint = _tint(kit.primary, CELL_TINT)
    cells = [Cell(b.x, b.y, b.width, b.height) for b in page.blocks
             if isinstance(b, RuleBlock) and b.color == tint]
    assert len(cells) == count
    return cells


def _check_page(page: Page, kits: list[Kit]) -> None:
    cells = _cells_of(page, kits[0], len(kits))
    _assert_balanced(cells, len(kits), SAFE, page.width - SAFE)
    texts = [b for b in page.blocks if isinstance(b, TextBlock)]
    for block in texts:
        assert block.x >= SAFE - EPS and block.right <= page.width - SAFE + EPS
        assert block.y >= 0 and block.bottom <= page.height - SAFE + EPS
        if block.role.startswith(CELL_ROLE):
            cell = cells[int(block.role.split(":")[1])]
            assert cell.x - EPS <= block.x and block.right <= cell.right + EPS, block.role
            assert cell.y - EPS <= block.y and block.bottom <= cell.bottom + EPS, block.role
    boxes = [(b.x, b.y, b.right, b.bottom) for b in texts]
    for a, b in combinations(range(len(boxes)), 2):
        assert not _overlap(boxes[a], boxes[b]), (texts[a].paragraph.text[:30],
                                                  texts[b].paragraph.text[:30])
    names = {b.paragraph.text for b in texts if b.role.startswith(CELL_ROLE)}
    assert {kit.language.meta.native_name for kit in kits} <= names


@pytest.mark.parametrize("count", range(1, 13))
def test_one_to_twelve_languages_make_a_balanced_poster(count: int) -> None:
    languages = [TEXTS[tag] for tag in TEXTS.tags]
    kits = [Kit(languages[i % len(languages)], DEFAULT_BRANDING) for i in range(count)]
    _check_page(multilingual(kits, "tabloid"), kits)


@pytest.mark.parametrize("size", ["letter", "24x36"])
def test_the_shipped_languages_on_other_sheets(size: str) -> None:
    kits = [Kit(language, DEFAULT_BRANDING) for language in TEXTS]
    _check_page(multilingual(kits, size), kits)


def test_a_tenth_language_added_as_a_file_gets_its_block(texts_copy: Path) -> None:
    added = texts_copy / "es-MX.toml"
    added.write_text((texts_copy / "es.toml").read_text(encoding="utf-8"), encoding="utf-8")
    replace_in(added, 'tag = "es"', 'tag = "es-MX"')
    replace_in(added, 'native_name = "Español"', 'native_name = "Español de México"')
    replace_in(added, 'english_name = "Spanish"', 'english_name = "Spanish (Mexico)"')
    texts = sh.load_texts(texts_copy)
    assert len(texts) == 10
    page = lay_out("multilingual", "en", texts, DEFAULT_BRANDING, Options()).pages[0]
    _check_page(page, [Kit(language, DEFAULT_BRANDING) for language in texts])
    assert sh.render("multilingual", "en", texts=texts)[:5] == b"%PDF-"
