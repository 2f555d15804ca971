"""One tagged page, set in layers: the part every site shares made once, each site's own
blocks made per site, painted into their places.

A digest differs between two sites only in its "Posted at" line; an order sheet
only in its heading and its copies column. :func:`marked_layer_pdf` writes such
a page once per key without the blocks that vary — its structure tree already
holds their elements, and its content marks each one's place with the role and
MCID it belongs to — and paints each site's blocks there, inside those marked
contents, with :func:`~safehaven_docs.writers.pdf_join.overlay_marked`: the
site's blocks are drawn on one untagged page, cut between blocks into a form
each. The
pixels, the extracted text and the tree equal those of the page written whole;
each part passed preflight, and the joined page holds exactly their fonts,
colours and text, so it passes too.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from msgspec.structs import replace

from ..documents import finish
from ..layout.page import Block, Document
from ..writers.pdf_join import JoinError, overlay_marked

_LIMIT = 256
#: Tagged bases: the page's metadata (blocks left out), its PDF and how many blocks it
#: leaves out, per key.
_BASES: dict[Hashable, tuple[Document, bytes, int]] = {}


def marked_layer_pdf(document: Document, varies: Callable[[Block], bool],
                     key: Hashable) -> bytes | None:
    """``document`` (one tagged page) as a PDF whose varying blocks are painted over a
    base kept under ``key`` (see the module's docstring); None when it cannot be.

    ``key`` must change whenever the shared part would be set differently.
    """
    if len(document.pages) != 1 or not document.tagged:
        return None
    page = document.pages[0]
    varying = tuple(block for block in page.blocks if varies(block))
    if not varying:
        return None
    if key not in _BASES:
        if len(_BASES) >= _LIMIT:
            _BASES.clear()
        _BASES[key] = (replace(document, pages=(replace(page, blocks=()),)),
                       finish(document, elsewhere=varies), len(varying))
    return reuse_marked(key, varying, document)


def reuse_marked(key: Hashable, blocks: Block | tuple[Block, ...],
                 document: Document | None = None) -> bytes | None:
    """The tagged page kept under ``key`` with ``blocks`` (in the page's order) painted in
    their places, or None when nothing (or a page with another number of places) is kept
    under ``key``, or the parts cannot be joined.

    ``document`` gives the page and metadata when they differ from the kept ones'.
    """
    kept = _BASES.get(key)
    blocks = blocks if isinstance(blocks, tuple) else (blocks,)
    if kept is None or kept[2] != len(blocks):
        return None
    own = document or kept[0]
    layer = finish(replace(own, pages=(replace(own.pages[0], blocks=blocks),), tagged=False),
                   cut=True)
    try:
        return overlay_marked(kept[1], layer)
    except JoinError:
        return None
