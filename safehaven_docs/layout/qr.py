"""A QR code as vector rectangles, so it prints sharp at any size."""

from __future__ import annotations

from functools import lru_cache

from .page import BLACK, Color, RuleBlock

QUIET_ZONE = 4  # modules of white margin a scanner needs around the code


@lru_cache(maxsize=64)
def qr_matrix(data: str) -> tuple[tuple[bool, ...], ...]:
    """The QR modules of ``data`` (True is dark), without the quiet zone."""
    import qrcode  # with Pillow, a tenth of a second: only documents with a code load it
    from qrcode.constants import ERROR_CORRECT_M

    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0)
    code.add_data(data)
    code.make(fit=True)
    return tuple(tuple(bool(m) for m in row) for row in code.get_matrix())


def qr_blocks(data: str, x: float, y: float, size: float,
              color: Color = BLACK) -> list[RuleBlock]:
    """Rectangles drawing the code of ``data`` in a ``size`` square at (x, y).

    Each horizontal run of dark modules is one rectangle; the caller keeps a
    quiet zone of :data:`QUIET_ZONE` modules free around the square.
    """
    matrix = qr_matrix(data)
    module = size / len(matrix)
    blocks = [RuleBlock(x + column * module, y + row * module, length * module, module, color)
              for row, column, length in dark_runs(matrix)]
    return blocks


def module_size(data: str, size: float) -> float:
    return size / len(qr_matrix(data))


def dark_runs(matrix: tuple[tuple[bool, ...], ...]) -> list[tuple[int, int, int]]:
    """Each horizontal run of dark modules as (row, first column, length)."""
    runs = []
    for row, cells in enumerate(matrix):
        column = 0
        while column < len(cells):
            if not cells[column]:
                column += 1
                continue
            end = column
            while end < len(cells) and cells[end]:
                end += 1
            runs.append((row, column, end - column))
            column = end
    return runs
