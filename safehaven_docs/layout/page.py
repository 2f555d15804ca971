"""Pages as plain data: what a writer draws, already measured and placed.

A :class:`Page` holds text blocks (a typeset paragraph at a position),
filled rectangles (rules, bands, QR modules) and images. Coordinates are
points from the top-left corner of the *trimmed* page, y downwards; blocks
may reach into the bleed (negative coordinates, or beyond the trim size) and
print marks sit outside it. The PDF writer flips y and adds the offsets.
"""

from __future__ import annotations

from itertools import count
from pathlib import Path

from msgspec import Struct
from msgspec.structs import replace

from ..text.boxes import TypesetParagraph

Color = tuple[float, float, float]
#: A rectangle in PDF points: x0, y0, x1, y1 from the sheet's bottom-left corner, y up.
Box = tuple[float, float, float, float]
BLACK: Color = (0.0, 0.0, 0.0)
WHITE: Color = (1.0, 1.0, 1.0)


class Structure(Struct, frozen=True):
    """Where a block stands in the document's logical structure (a tagged PDF's tree).

    ``path`` names the elements from just under the document down to the block's
    own, each a standard role ("P", "H1", "L", "LI", "LBody", "Table", "Figure",
    "Sect", …) optionally followed by ``#key``. Blocks are read in the order of
    ``order`` (then page, then drawing order); a keyed element shared by
    consecutive blocks in that order is one element (a list holds its items, a
    paragraph split between columns stays one P). ``lang`` is the BCP 47 tag of
    the path's first element when it differs from the document's; ``alt`` is a
    Figure's alternative text; ``actual`` the text that replaces the content of
    the path's last element for a reader (a list item's label, whose bullet is
    drawn as a shape that extractors skip); ``scope`` a header cell's (TH's)
    Scope, "Row" or "Column". ``spans`` are ranges of the block's text (start,
    end, in the paragraph's logical order) in another language, each read as a
    ``Span`` of its own with that BCP 47 tag (the English half of a draft
    notice). The role "Artifact" marks decoration and page furniture: drawn,
    never read.

    Not the editable structure of :mod:`.structure` (paragraph roles for a
    DOCX's styles): this is the PDF's tree, for what is placed on a page.
    """

    path: tuple[str, ...] = ("P",)
    lang: str = ""
    order: int = 0
    alt: str = ""
    actual: str = ""
    scope: str = ""
    spans: tuple[tuple[int, int, str], ...] = ()

    @property
    def artifact(self) -> bool:
        return self.path[:1] == ("Artifact",)


ARTIFACT = Structure(("Artifact",))
_KEYS = count(1)


def new_key(role: str) -> str:
    """``role`` with a key no other element of this process has: one element, however
    many blocks it is drawn in (keys are only compared, never written)."""
    return f"{role}#{next(_KEYS)}"


def with_structure(block: Block, **changes: object) -> Block:
    """``block`` with its structure changed (``path``, ``lang``, ``order``, ``alt``, …)."""
    current = block.structure or (ARTIFACT if isinstance(block, RuleBlock) or (
        isinstance(block, TextBlock) and block.decorative) else Structure())
    return replace(block, structure=replace(current, **changes))


class TextBlock(Struct, frozen=True):
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
    #: Its place in the logical structure; None: a paragraph of its own (decorative: an
    #: artifact).
    structure: Structure | None = None

    @property
    def bottom(self) -> float:
        return self.y + self.paragraph.height

    @property
    def right(self) -> float:
        return self.x + self.paragraph.width


class RuleBlock(Struct, frozen=True):
    """A filled rectangle (a rule is a thin one); ``mark`` for print marks outside the trim."""

    x: float
    y: float
    width: float
    height: float
    color: Color = BLACK
    mark: bool = False
    #: Its place in the logical structure (a QR code's modules: a Figure); None: an artifact.
    structure: Structure | None = None


class ImageBlock(Struct, frozen=True):
    """A raster image file (a district logo) scaled into a box."""

    path: Path
    x: float
    y: float
    width: float
    height: float
    #: Its place in the logical structure: a Figure with alternative text.
    structure: Structure | None = None


Block = TextBlock | RuleBlock | ImageBlock


class Page(Struct, frozen=True):
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


class Document(Struct, frozen=True):
    """Pages plus the metadata a PDF carries: title, language, colour model."""

    pages: tuple[Page, ...]
    title: str
    language: str
    cmyk: bool = False
    subject: str = ""
    #: Write the structure tree (a tagged PDF); False for parts drawn into another page.
    tagged: bool = True
