"""poppler's copy of a Hanifi Rohingya line: pieces of text, each over its own glyphs.

poppler reads a line's characters sorted by position and, on a page it counts
right-to-left, writes the line from its right end (``reorderText`` in
``TextOutputDev.cc``): a run of characters that are neither left-to-right nor numbers
(Hanifi letters, beyond the BMP, count as neither) reversed, then the run back to the
previous right-to-left character (an RLM counts) as it stands. An /ActualText span gives
poppler its text as characters spread evenly over the span's glyphs. So the copy
(:func:`.pdf_text.draw_line`) is a row of spans in visual order, each over the stretch
of the line its characters were printed in, whose texts poppler's reordering turns into
the logical line: a right-to-left piece (one character and its marks) reversed, a
left-to-right run (a Latin phrase, a number) as written between two RLMs, a character
of the BMP in a right-to-left run between two RLMs (poppler counts "-" and the like as a
number), a space alone (poppler ends its word there). Found words, and phrases, are then
highlighted on the printed words (docs/pdf-text-extraction.md).

This module is pure: it measures the laid-out line. :mod:`.pdf_text` draws the pieces.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise
from typing import NamedTuple

from ..text.boxes import Line
from .layer_places import character_stretches
from .text_layer import RLM, line_levels, poppler_class, poppler_rtl_text, without_controls

#: The share of the line's leftmost piece that the RLMs taken from the spaces cover.
MARKS_SHARE = 0.2


class Piece(NamedTuple):
    """What poppler reads over one stretch of a line (points from the line's left edge)."""

    text: str
    left: float
    right: float


class _Unit(NamedTuple):
    """Characters printed together (one with its marks), in logical order."""

    indices: list[int]
    left: float
    right: float
    level: int


def poppler_pieces(line: Line) -> list[Piece]:
    """The copy of ``line`` poppler reads on a right-to-left page, left to right.

    A right-to-left unit is a piece of its own; a run at a higher level (left-to-right
    text, numbers) is one piece per unit when poppler keeps it as written (no character
    it counts right-to-left or beyond the BMP, first and last ones left-to-right or
    numbers), else one piece over the whole run in the order
    :func:`.text_layer.poppler_rtl_text` gives. A space is a piece of its own, and the
    two RLMs that order gives it stand at the line's left end instead (poppler counts the
    page right to left by them).
    """
    units = _units(line)
    pieces: list[Piece] = []
    start = 0
    while start < len(units):
        level = units[start].level
        if level % 2 == 1:
            pieces.append(_piece(line, [units[start]], poppler_rtl_text))
            start += 1
            continue
        end = start
        while end < len(units) and units[end].level % 2 == 0:
            end += 1
        pieces += _forward(line, units[start:end])
        start = end
    return _marks_at_left(_abutting(sorted(pieces, key=lambda piece: piece.left)))


def _marks_at_left(pieces: list[Piece]) -> list[Piece]:
    """The RLMs taken from the spaces, as one piece at the line's left end (its logical
    end): between two words they would stand in poppler's line text and a search for the
    two words would not find them."""
    count = sum(piece.text.count(RLM) for piece in pieces if piece.text.strip(RLM) == " ")
    spaces = [Piece(" ", piece.left, piece.right) if piece.text.strip(RLM) == " " else piece
              for piece in pieces]
    if not count or not spaces:
        return spaces
    first = spaces[0]
    edge = first.left + (first.right - first.left) * MARKS_SHARE
    return [Piece(RLM * count, first.left, edge), first._replace(left=edge), *spaces[1:]]


def _abutting(pieces: list[Piece]) -> list[Piece]:
    """Each piece reaching to the next one, no further: poppler reads a gap between two
    pieces of a word (side bearings, a bracket from another font) as a space, and two
    glyphs that kern overlap."""
    return [Piece(piece.text, piece.left, max(piece.left, after.left))
            for piece, after in pairwise(pieces)] + pieces[-1:]


def _units(line: Line) -> list[_Unit]:
    """The line's printed characters grouped with the zero-width ones after them (marks,
    which poppler must read beside their base), in logical order; direction controls
    dropped (nobody sees them)."""
    stretches = character_stretches(line)
    levels = line_levels(line)
    units: list[_Unit] = []
    for index, char in enumerate(line.text):
        if not without_controls(char):
            continue
        stretch = stretches[index]
        wide = stretch is not None and stretch[1] - stretch[0] > 1e-6
        if units and (not wide or stretch is None) and units[-1].level == levels[index]:
            units[-1].indices.append(index)
            continue
        left, right = stretch if stretch is not None else (0.0, 0.0)
        units.append(_Unit([index], left, right, levels[index]))
    return units


def _piece(line: Line, units: list[_Unit], order: Callable[[str], str]) -> Piece:
    """One piece over ``units``: their text in the ``order`` poppler must be given."""
    text = "".join(line.text[i] for unit in units for i in unit.indices)
    return Piece(order(text), min(u.left for u in units), max(u.right for u in units))


def _forward(line: Line, run: list[_Unit]) -> list[Piece]:
    """A run above the paragraph's level: piece by piece when poppler keeps it as written."""
    text = "".join(line.text[i] for unit in run for i in unit.indices)
    text = without_controls(text)
    classes = [poppler_class(char) for char in text]
    kept = (bool(text) and not {"R", "X"} & set(classes)
            and classes[0] in ("L", "#") and classes[-1] in ("L", "#"))
    if not kept:
        return [_piece(line, run, poppler_rtl_text)]
    ordered = sorted(run, key=lambda unit: unit.left)
    pieces = [_piece(line, [unit], without_controls) for unit in ordered]
    pieces[0] = pieces[0]._replace(text=RLM + pieces[0].text)
    pieces[-1] = pieces[-1]._replace(text=pieces[-1].text + RLM)
    return pieces
