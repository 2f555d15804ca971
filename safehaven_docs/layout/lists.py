"""The resolution's commitments as a two-level list, shared by every document.

Each commitment is a bulleted item; the duties nested under it are dashed
sub-items indented from the reading side. Documents differ only in spacing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..model.content import Item
from ..text.typeset import Paragraph, TextStyle
from .flow import FlowItem

BULLET, DASH = "•", "–"
#: Indent of a sub-item, in multiples of the type size.
SUB_INDENT = 1.6


def commitment_items(para: Callable[[str], Paragraph], commitments: Sequence[Item],
                     style: TextStyle, *, space: float, sub_space: float) -> list[FlowItem]:
    """Flow items for ``commitments``: ``space``/``sub_space`` points before each item."""
    items: list[FlowItem] = []
    for commitment in commitments:
        items.append(FlowItem(para(commitment.text), style, marker=BULLET, space_before=space))
        items += [FlowItem(para(sub.text), style, indent=style.size * SUB_INDENT, marker=DASH,
                           space_before=sub_space) for sub in commitment.items]
    return items
