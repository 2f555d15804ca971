"""Flow paragraphs through regions: columns, pages, indents and markers.

Pure geometry over typeset paragraphs. A region is a column on a page; the
flow fills one region after another and splits a paragraph between lines
when it does not fit. Right-to-left paragraphs mirror: their indent and list
marker sit on the right. Posters flow into a fixed set of regions and ask
whether everything fitted; letters flow into as many pages as they need.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from itertools import count

from msgspec import Struct
from msgspec.structs import replace

from ..text.boxes import Align, TypesetParagraph
from ..text.typeset import Paragraph, TextStyle, typeset
from .page import BLACK, Color, Page, Structure, TextBlock, new_key

MARKER_GAP = 0.6  # space between a list marker and its text, in em
#: Lines of a split paragraph kept together at the foot and at the head of a column.
MIN_LINES = 2


class FlowItem(Struct, frozen=True):
    """One paragraph to place, with its indent (from the reading side) and marker."""

    paragraph: Paragraph
    style: TextStyle
    indent: float = 0.0
    space_before: float = 0.0
    marker: str | None = None
    color: Color = BLACK
    #: Never split this paragraph between regions (headlines, short blocks).
    keep_together: bool = False
    #: A name the document uses to find this item's blocks again (e.g. to box them).
    tag: str = ""
    #: Even out the line lengths (headlines): no word left alone on the last line.
    balance: bool = False
    #: Never end a column with this item (headings): it moves on with the first
    #: lines of the next item.
    keep_with_next: bool = False
    #: Its place in the logical structure (None: a paragraph); see :class:`.page.Structure`.
    structure: Structure | None = None


class Region(Struct, frozen=True):
    """A column: its page number, left edge, top, width and bottom limit."""

    page: int
    x: float
    top: float
    width: float
    bottom: float


class Frame(Struct, frozen=True):
    """The printable area of every page of a paginated document."""

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

    def regions(self) -> Iterator[Region]:
        """One region per page, forever."""
        for page in count():
            yield Region(page, self.left, self.top, self.width, self.limit)


class Overflow(Exception):
    """The items did not fit in the regions given (posters catch this to shrink the type)."""


class Placed(Struct, frozen=True):
    """A block and the page it belongs to."""

    page: int
    block: TextBlock
    tag: str = ""


class Gauge:
    """How full the last flow into a fixed list of regions was (see :func:`gauged`)."""

    def __init__(self) -> None:
        #: (height of the content - room) / room: negative when everything fitted (the
        #: share of the room left free), positive when it overflowed (the share more it
        #: needed, estimated from what was set). None: no flow into a list of regions.
        self.fill: float | None = None


_GAUGE: ContextVar[Gauge | None] = ContextVar("gauge", default=None)


@contextmanager
def gauged() -> Iterator[Gauge]:
    """Within (this thread only), :func:`place` into a list of regions records in the
    gauge how full it was: a layout searching for its size aims its next try with it."""
    gauge = Gauge()
    token = _GAUGE.set(gauge)
    try:
        yield gauge
    finally:
        _GAUGE.reset(token)


def place(items: Iterable[FlowItem], regions: Iterable[Region]) -> list[Placed]:
    """Blocks for ``items`` filled into ``regions`` in order; raises Overflow if they run out.

    A paragraph split between regions leaves at least :data:`MIN_LINES` lines
    at the foot of one and the head of the next (no orphans, no widows); an
    item marked ``keep_with_next`` moves on with the first lines of the item
    after it.
    """
    flow = _Flow(list(items), iter(regions))
    gauge = _GAUGE.get()
    if gauge is None or not isinstance(regions, Sequence):
        flow.run()
        return flow.placed
    room = max(_room(regions), 1e-9)
    try:
        flow.run()
    except Overflow:
        gauge.fill = max(flow.unplaced(), 1e-9) / room
        raise
    gauge.fill = -(flow.region.bottom - flow.y + _room(regions[flow.taken:])) / room
    return flow.placed


def _room(regions: Sequence[Region]) -> float:
    return sum(region.bottom - region.top for region in regions)


class _Flow:
    """One run of :func:`place`: where it is, so that a gauge can be read at the end."""

    def __init__(self, queue: list[FlowItem], regions: Iterator[Region]) -> None:
        self.queue = queue
        self.regions = regions
        self.placed: list[Placed] = []
        #: How many regions were taken, the item being placed and what is left of it.
        self.taken = 0
        self.index = 0
        self.whole: TypesetParagraph | None = None
        self.remaining: TypesetParagraph | None = None
        self.region = self._next()
        self.y = self.region.top

    def _next(self) -> Region:
        region = _next(self.regions)
        self.taken += 1
        return region

    def run(self) -> None:
        """Place every item; where the flow ended is left in ``region`` and ``y``."""
        queue, placed = self.queue, self.placed
        region, y = self.region, self.y
        for index, item in enumerate(queue):
            self.index = index
            structure = keyed(item.structure)
            marker_width = _marker_width(item)
            width = region.width - item.indent - marker_width
            whole = _set(item, width)
            remaining: TypesetParagraph | None = whole
            self.whole = self.remaining = whole
            slack = width - whole.width
            y += item.space_before if y > region.top else 0.0
            if (item.keep_with_next and y > region.top and index + 1 < len(queue)
                    and y + _with_next(whole, queue[index + 1], region) > region.bottom):
                region = self._next()
                y = region.top
            first = True
            while remaining is not None:
                head, rest = split_to_fit(remaining, region.bottom - y, MIN_LINES)
                if head is None and y == region.top:  # taller than a column: split it anyway
                    head, rest = split_to_fit(remaining, region.bottom - y)
                if head is None or (item.keep_together and rest is not None):
                    if y == region.top:
                        raise Overflow(f"the text “{shown(item.paragraph.text)}” "
                                       f"({len(item.paragraph.text)} characters) is taller "
                                       "than a whole column")
                    region = self._next()
                    y = region.top
                    continue
                x = region.x + (slack if item.paragraph.rtl else item.indent + marker_width)
                placed.append(Placed(region.page, TextBlock(head, x, y, item.color,
                                                            structure=structure), item.tag))
                if item.marker and first:  # drawn after its line (extractors' order), read first
                    placed.append(Placed(region.page, _marker(item, head, region, y, structure),
                                         item.tag))
                first = False
                y += head.height
                remaining = self.remaining = rest
                if rest is not None:
                    region = self._next()
                    y = region.top
        self.region, self.y = region, y

    def unplaced(self) -> float:
        """The height still to place when the regions ran out: what is left of the item
        being placed, and the items after it as tall per character as that one."""
        left = self.remaining.height if self.remaining is not None else 0.0
        if self.whole is None:
            return left
        per_character = self.whole.height / max(1, len(self.whole.text))
        rest = self.queue[self.index + 1:]
        return left + sum(following.space_before + per_character * len(following.paragraph.text)
                          for following in rest)


def keyed(structure: Structure | None) -> Structure:
    """``structure`` (default: a paragraph) with its own element keyed, so that the
    pieces of a paragraph split between regions stay one element."""
    structure = structure or Structure()
    leaf = structure.path[-1]
    return structure if "#" in leaf else replace(
        structure, path=(*structure.path[:-1], new_key(leaf)))


def _marker_width(item: FlowItem) -> float:
    return item.style.size * (1.0 + MARKER_GAP) if item.marker else 0.0


def _set(item: FlowItem, width: float) -> TypesetParagraph:
    return (balanced if item.balance else typeset)(item.paragraph, width, item.style)


def _with_next(whole: TypesetParagraph, following: FlowItem, region: Region) -> float:
    """Height of ``whole`` plus the space and first lines of ``following`` (a heading's need)."""
    after = _set(following, region.width - following.indent - _marker_width(following))
    lines = after.lines if following.keep_together else after.lines[:MIN_LINES]
    first = lines[-1].baseline + lines[-1].descent if lines else 0.0
    return whole.height + following.space_before + first


def balanced(paragraph: Paragraph, width: float, style: TextStyle) -> TypesetParagraph:
    """``paragraph`` set as a headline, in the narrowest width that keeps its number of lines.

    Headlines then break into lines of similar length instead of leaving one
    word alone on the last line, with no hyphens and Myanmar phrases whole
    (``TextStyle.headline``). The result is narrower than ``width``; the
    caller aligns it (right-to-left text to the right edge).
    """
    style = replace(style, headline=True)
    full = typeset(paragraph, width, style)
    if len(full.lines) < 2:
        return full
    at_spaces = _breaks_at_spaces(full)
    low, high, best = width * 0.45, width, full
    for _ in range(10):
        middle = (low + high) / 2
        candidate = typeset(paragraph, middle, style)
        if len(candidate.lines) <= len(full.lines) and _breaks_at_spaces(candidate) >= at_spaces:
            best, high = candidate, middle
        else:
            low = middle
    return best


def _breaks_at_spaces(paragraph: TypesetParagraph) -> int:
    """How many line ends fall on a space (balancing must not trade them for word breaks)."""
    text = paragraph.text
    return sum(1 for line in paragraph.lines[:-1] if line.end < len(text)
               and text[line.end].isspace())


def shown(text: str) -> str:
    """The start of ``text`` on one line, for a message."""
    text = " ".join(text.split())
    return text if len(text) <= 60 else text[:57] + "…"


def _next(regions: Iterator[Region]) -> Region:
    try:
        return next(regions)
    except StopIteration:
        raise Overflow("the text does not fit in the space given") from None


def flow(items: list[FlowItem], frame: Frame) -> list[Page]:
    """Pages holding ``items`` top to bottom inside ``frame``, as many as needed."""
    placed = place(items, frame.regions())
    pages = max((p.page for p in placed), default=0) + 1
    return [Page(frame.page_width, frame.page_height,
                 tuple(p.block for p in placed if p.page == number)) for number in range(pages)]


def _marker(item: FlowItem, body: TypesetParagraph, region: Region, y: float,
            structure: Structure) -> TextBlock:
    """The item's marker beside its first line: decoration that extractors skip; in a
    list item (its body an ``LBody``), the item's ``Lbl``, read as the marker's text."""
    style = replace(item.style, align=Align.START)
    width = item.style.size
    mark = typeset(replace(item.paragraph, text=item.marker or ""), width, style)
    first_baseline = body.lines[0].baseline if body.lines else 0.0
    offset = first_baseline - (mark.lines[0].baseline if mark.lines else 0.0)
    if item.paragraph.rtl:
        x = region.x + region.width - item.indent - width
    else:
        x = region.x + item.indent
    return TextBlock(mark, x, y + offset, item.color, decorative=True,
                     structure=label(structure, item.marker or ""))


def label(body: Structure, marker: str) -> Structure | None:
    """The structure of the marker of a list item whose body is ``body``: the item's
    ``Lbl``, whose /ActualText is the marker; None (an artifact) outside a list."""
    leaf = body.path[-1]
    if not leaf.startswith("LBody#"):
        return None
    return replace(body, path=(*body.path[:-1], "Lbl#" + leaf.partition("#")[2]),
                   actual=marker, spans=())


def split_to_fit(
    paragraph: TypesetParagraph, space: float, minimum: int = 1
) -> tuple[TypesetParagraph | None, TypesetParagraph | None]:
    """The lines that fit in ``space`` points, and the rest (None when empty).

    A split leaves at least ``minimum`` lines on each side: lines move from
    the head to the rest to keep a widow company, and a head that would be an
    orphan is no head at all (the whole paragraph waits for the next column).
    """
    if paragraph.height <= space:
        return paragraph, None
    lines = paragraph.lines
    fitting = sum(1 for line in lines if line.baseline + line.descent <= space)
    fitting = min(fitting, len(lines) - minimum)
    if fitting < max(1, minimum):
        return None, paragraph
    head_lines = lines[:fitting]
    head = replace(paragraph, lines=head_lines,
                   height=head_lines[-1].baseline + head_lines[-1].descent)
    rest = lines[fitting:]
    shift = rest[0].baseline - rest[0].ascent
    moved = tuple(replace(line, baseline=line.baseline - shift) for line in rest)
    tail = replace(paragraph, lines=moved, height=moved[-1].baseline + moved[-1].descent)
    return head, tail
