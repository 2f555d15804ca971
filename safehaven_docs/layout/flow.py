"""Flow paragraphs down pages: indents on the reading side, markers, page breaks.

Pure geometry over typeset paragraphs. Right-to-left paragraphs mirror: their
indent and list marker sit on the right. A paragraph that does not fit the
rest of a page continues on the next one, split between lines.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..text.boxes import Align, TypesetParagraph
from ..text.typeset import Paragraph, TextStyle, typeset
from .page import BLACK, Color, Page, TextBlock

MARKER_GAP = 0.6  # space between a list marker and its text, in em


@dataclass(frozen=True)
class FlowItem:
    """One paragraph to place, with its indent (from the reading side) and marker."""

    paragraph: Paragraph
    style: TextStyle
    indent: float = 0.0
    space_before: float = 0.0
    marker: str | None = None
    color: Color = BLACK


@dataclass(frozen=True)
class Frame:
    """The printable area of every page."""

    page_width: float
    page_height: float
    left: float
    top: float
    right: float
    bottom: float

    @property
    def width(self) -> float:
        return self.page_width - self.left - self.right

    @property
    def limit(self) -> float:
        return self.page_height - self.bottom


def flow(items: list[FlowItem], frame: Frame) -> list[Page]:
    """Pages holding ``items`` top to bottom inside ``frame``."""
    pages: list[list[TextBlock]] = [[]]
    y = frame.top
    for item in items:
        marker_width = item.style.size * (1.0 + MARKER_GAP) if item.marker else 0.0
        width = frame.width - item.indent - marker_width
        body = typeset(item.paragraph, width, item.style)
        x = frame.left + (0.0 if item.paragraph.rtl else item.indent + marker_width)
        y += item.space_before if pages[-1] else 0.0
        marker_done = False
        remaining: TypesetParagraph | None = body
        while remaining is not None:
            head, remaining = split_to_fit(remaining, frame.limit - y)
            if head is None:
                pages.append([])
                y = frame.top
                continue
            pages[-1].append(TextBlock(head, x, y, item.color))
            if item.marker and not marker_done:
                pages[-1].append(_marker(item, head, frame, y))
                marker_done = True
            y += head.height
            if remaining is not None:
                pages.append([])
                y = frame.top
    return [Page(frame.page_width, frame.page_height, tuple(blocks)) for blocks in pages if blocks]


def _marker(item: FlowItem, body: TypesetParagraph, frame: Frame, y: float) -> TextBlock:
    style = replace(item.style, align=Align.START)
    width = item.style.size
    mark = typeset(replace(item.paragraph, text=item.marker or ""), width, style)
    first_baseline = body.lines[0].baseline if body.lines else 0.0
    offset = first_baseline - (mark.lines[0].baseline if mark.lines else 0.0)
    if item.paragraph.rtl:
        x = frame.left + frame.width - item.indent - width
    else:
        x = frame.left + item.indent
    return TextBlock(mark, x, y + offset, item.color, decorative=True)


def split_to_fit(
    paragraph: TypesetParagraph, space: float
) -> tuple[TypesetParagraph | None, TypesetParagraph | None]:
    """The lines that fit in ``space`` points, and the rest (None when empty)."""
    if paragraph.height <= space:
        return paragraph, None
    fitting = [line for line in paragraph.lines if line.baseline + line.descent <= space]
    if not fitting:
        return None, paragraph
    head = replace(paragraph, lines=tuple(fitting),
                   height=fitting[-1].baseline + fitting[-1].descent)
    rest = paragraph.lines[len(fitting):]
    shift = rest[0].baseline - rest[0].ascent
    moved = tuple(replace(line, baseline=line.baseline - shift) for line in rest)
    tail = replace(paragraph, lines=moved, height=moved[-1].baseline + moved[-1].descent)
    return head, tail
