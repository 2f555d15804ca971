"""Pages as plain data: what a writer draws, already measured and placed.

A :class:`Page` holds :class:`TextBlock` items (a typeset paragraph at a
position) and :class:`RuleBlock` items (lines and rectangles). Coordinates are
points from the page's top-left corner, y downwards; the PDF writer flips them.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..text.boxes import TypesetParagraph

Color = tuple[float, float, float]
BLACK: Color = (0.0, 0.0, 0.0)


@dataclass(frozen=True)
class TextBlock:
    """A typeset paragraph whose top-left corner is at (x, y)."""

    paragraph: TypesetParagraph
    x: float
    y: float
    color: Color = BLACK
    #: Decoration (a list bullet): drawn, but not part of the text readers extract.
    decorative: bool = False

    @property
    def bottom(self) -> float:
        return self.y + self.paragraph.height


@dataclass(frozen=True)
class RuleBlock:
    """A filled rectangle (a rule is a thin one)."""

    x: float
    y: float
    width: float
    height: float
    color: Color = BLACK


@dataclass(frozen=True)
class Page:
    width: float
    height: float
    blocks: tuple[TextBlock | RuleBlock, ...]


@dataclass(frozen=True)
class Document:
    """Pages plus the metadata a PDF carries: title and language."""

    pages: tuple[Page, ...]
    title: str
    language: str
