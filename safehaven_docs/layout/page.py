"""Pages as plain data: what a writer draws, already measured and placed.

A :class:`Page` holds text blocks (a typeset paragraph at a position),
filled rectangles (rules, bands, QR modules) and images. Coordinates are
points from the top-left corner of the *trimmed* page, y downwards; blocks
may reach into the bleed (negative coordinates, or beyond the trim size) and
print marks sit outside it. The PDF writer flips y and adds the offsets.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..text.boxes import TypesetParagraph

Color = tuple[float, float, float]
#: A rectangle in PDF points: x0, y0, x1, y1 from the sheet's bottom-left corner, y up.
Box = tuple[float, float, float, float]
BLACK: Color = (0.0, 0.0, 0.0)
WHITE: Color = (1.0, 1.0, 1.0)


@dataclass(frozen=True)
class TextBlock:
    """A typeset paragraph whose top-left corner is at (x, y)."""

    paragraph: TypesetParagraph
    x: float
    y: float
    color: Color = BLACK
    #: Decoration (a list bullet): drawn, but not part of the text readers extract.
    decorative: bool = False
    #: What the block is, where a later stage needs to find it (e.g. "site": the one
    #: line of a digest that names the school, which a district build sets per site).
    role: str = ""

    @property
    def bottom(self) -> float:
        return self.y + self.paragraph.height

    @property
    def right(self) -> float:
        return self.x + self.paragraph.width


@dataclass(frozen=True)
class RuleBlock:
    """A filled rectangle (a rule is a thin one); ``mark`` for print marks outside the trim."""

    x: float
    y: float
    width: float
    height: float
    color: Color = BLACK
    mark: bool = False


@dataclass(frozen=True)
class ImageBlock:
    """A raster image file (a district logo) scaled into a box."""

    path: Path
    x: float
    y: float
    width: float
    height: float


Block = TextBlock | RuleBlock | ImageBlock


@dataclass(frozen=True)
class Page:
    """A trimmed page of ``width`` × ``height`` points, with optional bleed and mark space."""

    width: float
    height: float
    blocks: tuple[Block, ...]
    bleed: float = 0.0
    #: Room outside the bleed for crop marks (0 when none are drawn).
    slug: float = 0.0

    @property
    def outset(self) -> float:
        """How far the sheet (MediaBox) reaches beyond the trim on every side."""
        return self.bleed + self.slug

    @property
    def media_size(self) -> tuple[float, float]:
        """Width and height of the whole sheet: trim, bleed and slug."""
        margin = self.outset
        return self.width + 2 * margin, self.height + 2 * margin

    @property
    def trim_box(self) -> Box | None:
        """The TrimBox in PDF points (x0, y0, x1, y1, y up), or None without bleed or marks."""
        if not (self.bleed or self.slug):
            return None
        margin = self.outset
        return margin, margin, margin + self.width, margin + self.height

    @property
    def bleed_box(self) -> Box | None:
        """The BleedBox in PDF points, or None without bleed or marks."""
        if not (self.bleed or self.slug):
            return None
        margin = self.outset
        return (self.slug, self.slug, margin + self.width + self.bleed,
                margin + self.height + self.bleed)


@dataclass(frozen=True)
class Document:
    """Pages plus the metadata a PDF carries: title, language, colour model."""

    pages: tuple[Page, ...]
    title: str
    language: str
    cmyk: bool = False
    subject: str = ""
