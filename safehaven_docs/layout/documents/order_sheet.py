"""The order sheet: the page a print shop reads first, one line per item to print.

It is English (the print shop's language) except for the site's own name, set
in its script. Rows that do not fit one Letter page continue on the next, under
the column titles again. Tagged like every document: the heading an H1, the
facts a P, the rows a Table whose first row holds the column titles (TH, Scope
Column); the titles repeated on a later page, and the rules, are artifacts.
"""

from __future__ import annotations

from msgspec import Struct
from msgspec.structs import replace

from ..page import ARTIFACT, Block, Page, RuleBlock, Structure, new_key
from .common import GREY, INCH, SHEETS, Kit, isolate, text_block

MARGIN = 0.5 * INCH
SIZE = 7.5
#: Column titles and widths in points (they add up to the Letter page less its margins).
#: Roles of the blocks that change from site to site (all else is the same for equal items).
VARYING = frozenset({"heading", "copies"})
COLUMNS = (("Item", 118), ("Language", 72), ("Size", 44), ("Paper", 88), ("Sides", 30),
           ("Copies", 38), ("File", 150))


class OrderLine(Struct, frozen=True):
    """One row: what to print, how, and how many."""

    item: str
    language: str
    size: str
    paper: str
    sides: int
    copies: int
    file: str
    finishing: str = ""

    def cells(self) -> tuple[str, ...]:
        item = f"{self.item} ({self.finishing})" if self.finishing else self.item
        return (item, self.language, self.size, self.paper, str(self.sides), str(self.copies),
                self.file)


def order_sheet(kit: Kit, site_name: str, site_id: str, lines: list[OrderLine],
                print_file: str) -> list[Page]:
    """The order sheet pages for one site (Letter portrait)."""
    width, height = SHEETS["letter"]
    pages: list[list[Block]] = [[]]
    table = new_key("Table")
    titles = tuple(title for title, _ in COLUMNS)
    y = _heading(kit, pages[0], site_name, site_id, lines, print_file)
    y = _row(kit, pages[0], titles, y, _cells(table, "TH"), bold=True)
    for line in lines:
        row: list[Block] = []
        cells = _cells(table, "TD")
        bottom = _row(kit, row, line.cells(), y, cells)
        if bottom > height - MARGIN:
            pages.append([])
            y = _row(kit, pages[-1], titles, MARGIN, [ARTIFACT] * len(COLUMNS), bold=True)
            row = []
            bottom = _row(kit, row, line.cells(), y, cells)
        pages[-1] += row
        y = bottom
    return [Page(width, height, tuple(blocks)) for blocks in pages]


def _cells(table: str, role: str) -> list[Structure]:
    """A new row of ``table``: a cell of ``role`` per column (a column title heads its
    column)."""
    row = new_key("TR")
    return [Structure((table, row, new_key(role)), scope="Column" if role == "TH" else "")
            for _ in COLUMNS]


def _heading(kit: Kit, blocks: list[Block], site_name: str, site_id: str,
             lines: list[OrderLine], print_file: str) -> float:
    inner = SHEETS["letter"][0] - 2 * MARGIN
    title = text_block(kit, f"Print order: {isolate(site_name)}", MARGIN, MARGIN, inner, 16,
                       bold=True, color=kit.primary, structure=Structure(("H1",)))
    copies = sum(line.copies for line in lines)
    facts = (f"Site {isolate(site_id)} · {kit.language.labels['district']} · "
             f"{len(lines)} items, {copies} copies in all. Every file is in "
             f"{isolate(print_file)} in this order, after this sheet.")
    note = text_block(kit, facts, MARGIN, title.bottom + 6, inner, 9, color=GREY)
    blocks += [replace(title, role="heading"), replace(note, role="heading")]
    return note.bottom + 12


def _row(kit: Kit, blocks: list[Block], cells: tuple[str, ...], y: float,
         structures: list[Structure], *, bold: bool = False) -> float:
    """Set one row at ``y``, each cell its structure; returns its bottom (a hairline marks
    it)."""
    x, bottom = MARGIN, y
    for (title, width), text, structure in zip(COLUMNS, cells, structures, strict=True):
        block = text_block(kit, isolate(text), x, y + 3, width - 6, SIZE, bold=bold,
                           structure=structure)
        blocks.append(replace(block, role="copies") if title == "Copies" and not bold
                      else block)
        bottom = max(bottom, block.bottom + 3)
        x += width
    blocks.append(RuleBlock(MARGIN, bottom, sum(w for _, w in COLUMNS), 0.4, GREY))
    return bottom
