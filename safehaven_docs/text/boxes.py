"""The engine's output: plain, frozen geometry a drawing backend only reads.

Units are PDF points. A paragraph's lines are listed top to bottom; each
line's ``baseline`` is measured downwards from the top of the paragraph, and
its runs are in visual order, left to right, each with glyph positions
relative to the line's left edge and baseline (y upwards, as in PDF).
"""

from __future__ import annotations

from enum import Enum
from typing import NamedTuple

from msgspec import Struct

from .fonts import Face


class Align(Enum):
    """Alignment relative to the paragraph's direction: start is right in RTL text."""

    START = "start"
    END = "end"
    CENTER = "center"
    JUSTIFY = "justify"


class PlacedGlyph(NamedTuple):
    """A glyph at (x, y) from its run's origin; ``cluster`` indexes the paragraph text.

    A named tuple (immutable, cheap to create): pages hold thousands of them.
    """

    id: int
    x: float
    y: float
    advance: float
    cluster: int


class PlacedRun(Struct, frozen=True):
    """Glyphs of one face and level; ``text`` is their logical source text."""

    face: Face
    size: float
    x: float
    width: float
    glyphs: tuple[PlacedGlyph, ...]
    text: str
    start: int
    end: int
    level: int

    @property
    def rtl(self) -> bool:
        return self.level % 2 == 1


class Line(Struct, frozen=True):
    """One line: its runs left to right, its logical text and its vertical extent."""

    runs: tuple[PlacedRun, ...]
    x: float
    width: float
    baseline: float
    ascent: float
    descent: float
    text: str
    start: int
    end: int

    @property
    def right(self) -> float:
        return self.x + self.width


class TypesetParagraph(Struct, frozen=True):
    """A paragraph set into a box of ``width``: its lines and total height."""

    lines: tuple[Line, ...]
    width: float
    height: float
    rtl: bool
    size: float
    language: str
    text: str
    #: The least baseline-to-baseline distance its lines are set at, in points (the
    #: script's leading times the size; 0 when unknown). Lines stand further apart
    #: only where tall marks need it.
    pitch: float = 0.0
