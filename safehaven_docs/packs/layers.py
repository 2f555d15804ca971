"""One page, set in layers: the part every site shares made once, each site's own part
made per site, drawn together.

A digest differs between two sites only in its "Posted at" line; an order sheet
only in its heading and its copies column. A digest is a tagged PDF:
:func:`marked_layer_pdf` writes its page once per key without that line — its
structure tree already holds the line's element, and its content marks the
line's place — and paints each site's line there, inside that element's marked
content. The order sheet, a print shop's page, is not tagged: :func:`layered_pdf`
cuts a laid-out page into runs of blocks that vary from site to site and runs
that do not, writes and preflights each shared run once per key (its one-page
PDF is kept in this process), writes the varying runs for this site, and draws
them all in the page's block order with
:func:`~safehaven_docs.writers.pdf_join.overlay`. Either way the pixels and the
extracted text equal those of the page written whole; each part passed
preflight, and the joined page holds exactly their fonts, colours and text, so it passes too.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, replace
from itertools import groupby

from ..documents import finish
from ..layout.page import Block, Document
from ..writers.pdf_join import JoinError, overlay, overlay_marked

_LIMIT = 256


@dataclass(frozen=True)
class _Shared:
    """The shared runs of one page shape: their PDFs, and where the varying runs go."""

    document: Document  # metadata and page geometry (blocks left out)
    shared: tuple[bool, ...]  # per run: shared (True) or varying
    parts: dict[int, bytes]  # run index → one-page PDF of a shared run


_SHARED: dict[Hashable, _Shared] = {}


def layered_pdf(document: Document, varies: Callable[[Block], bool],
                key: Hashable) -> bytes | None:
    """``document`` (one page) as a PDF, its non-varying runs reused under ``key``.

    ``key`` must change whenever a shared run would be set differently. Returns
    None when the document cannot be layered (several pages, nothing varies, or
    a part of an unexpected shape); the caller then writes it whole.
    """
    if len(document.pages) != 1:
        return None
    page = document.pages[0]
    runs = [(shared, tuple(blocks)) for shared, blocks in
            groupby(page.blocks, key=lambda block: not varies(block))]
    if len(runs) < 2 or all(shared for shared, _ in runs):
        return None
    if key not in _SHARED:
        if len(_SHARED) >= _LIMIT:
            _SHARED.clear()
        _SHARED[key] = _Shared(
            replace(document, pages=(replace(page, blocks=()),)),
            tuple(shared for shared, _ in runs),
            {index: _one(document, blocks) for index, (shared, blocks) in enumerate(runs)
             if shared})
    return reuse(key, [blocks for shared, blocks in runs if not shared], document)


def reuse(key: Hashable, varying: Sequence[tuple[Block, ...]],
          document: Document | None = None) -> bytes | None:
    """The page from the shared runs kept under ``key`` and these ``varying`` runs.

    ``document`` gives the metadata (title, language) when it differs from site to
    site. None when nothing is kept under ``key`` (lay the page out and call
    :func:`layered_pdf`), or when the parts cannot be joined.
    """
    kept = _SHARED.get(key)
    if kept is None or kept.shared.count(False) != len(varying):
        return None
    own = document or kept.document
    fresh = iter(varying)
    parts = [kept.parts[index] if shared else _one(own, next(fresh))
             for index, shared in enumerate(kept.shared)]
    try:
        return overlay(parts[0], *parts[1:])
    except JoinError:
        return None


#: Tagged bases: the page's metadata (blocks left out) and its PDF, per key.
_BASES: dict[Hashable, tuple[Document, bytes]] = {}


def marked_layer_pdf(document: Document, varies: Callable[[Block], bool],
                     key: Hashable) -> bytes | None:
    """``document`` (one tagged page) as a PDF whose one varying block is painted over a
    base kept under ``key`` (see the module's docstring); None when it cannot be."""
    if len(document.pages) != 1 or not document.tagged:
        return None
    page = document.pages[0]
    varying = [block for block in page.blocks if varies(block)]
    if len(varying) != 1:
        return None
    if key not in _BASES:
        if len(_BASES) >= _LIMIT:
            _BASES.clear()
        _BASES[key] = (replace(document, pages=(replace(page, blocks=()),)),
                       finish(document, elsewhere=varies))
    return reuse_marked(key, varying[0], document)


def reuse_marked(key: Hashable, block: Block, document: Document | None = None) -> bytes | None:
    """The tagged page kept under ``key`` with ``block`` painted in its place, or None
    when nothing is kept under ``key`` or the parts cannot be joined."""
    kept = _BASES.get(key)
    if kept is None:
        return None
    own = document or kept[0]
    layer = finish(replace(own, pages=(replace(own.pages[0], blocks=(block,)),), tagged=False))
    try:
        return overlay_marked(kept[1], layer)
    except JoinError:
        return None


def _one(document: Document, blocks: tuple[Block, ...]) -> bytes:
    """A one-page PDF of ``blocks`` on the document's page, preflighted.

    Parts are not tagged: a structure tree cannot be drawn into another page as a
    form (tagged pages use :func:`marked_layer_pdf`).
    """
    page = document.pages[0]
    return finish(replace(document, pages=(replace(page, blocks=blocks),), tagged=False))
