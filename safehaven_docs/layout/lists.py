"""The resolution's commitments as a two-level list, shared by every document.

Each commitment is a bulleted item; the duties nested under it are dashed
sub-items indented from the reading side. Documents differ only in spacing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..model.content import Item
from ..text.typeset import Paragraph, TextStyle
from .flow import FlowItem
from .page import Structure, new_key

BULLET, DASH = "•", "–"
#: Indent of a sub-item, in multiples of the type size.
SUB_INDENT = 1.6


def commitment_items(para: Callable[[str], Paragraph], commitments: Sequence[Item],
                     style: TextStyle, *, space: float, sub_space: float) -> list[FlowItem]:
    """Flow items for ``commitments``: ``space``/``sub_space`` points before each item.

    Their structure is a list (L, LI, LBody) whose items hold the nested list of
    duties in their LBody; the bullets and dashes are decoration.
    """
    items: list[FlowItem] = []
    outer = new_key("L")
    for commitment in commitments:
        body = list_item(outer)
        items.append(FlowItem(para(commitment.text), style, marker=BULLET, space_before=space,
                              structure=Structure(body)))
        inner = new_key("L")
        items += [FlowItem(para(sub.text), style, indent=style.size * SUB_INDENT, marker=DASH,
                           space_before=sub_space,
                           structure=Structure((*body, *list_item(inner))))
                  for sub in commitment.items]
    return items


def list_item(list_key: str) -> tuple[str, ...]:
    """The structure path of a new item's body in the list ``list_key`` (L#…, LI#…, LBody#…)."""
    item = new_key("LI")
    return list_key, item, "LBody#" + item.partition("#")[2]
