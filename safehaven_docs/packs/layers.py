"""One page, set in layers: the part every site shares made once, each site's own part
made per site, drawn together.

A digest differs between two sites only in its "Posted at" line; an order sheet
only in its heading and its copies column. :func:`layered_pdf` cuts a laid-out
page into runs of blocks that vary from site to site and runs that do not,
writes and preflights each shared run once per key (its one-page PDF is kept
in this process), writes the varying runs for this site, and draws them all in
the page's block order with :func:`~safehaven_docs.writers.pdf_join.overlay`.
The pixels and the extracted text equal those of the page written whole; each
part passed preflight, and the joined page holds exactly their fonts, colours
and text, so it passes too.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import replace
from itertools import groupby

from ..documents import finish
from ..layout.page import Block, Document
from ..writers.pdf_join import JoinError, overlay

_SHARED: dict[Hashable, bytes] = {}
_LIMIT = 512


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
    parts = []
    for index, (shared, blocks) in enumerate(runs):
        single = replace(document, pages=(replace(page, blocks=blocks),))
        if not shared:
            parts.append(finish(single))
            continue
        part_key = (key, index)
        if part_key not in _SHARED:
            if len(_SHARED) >= _LIMIT:
                _SHARED.clear()
            _SHARED[part_key] = finish(single)
        parts.append(_SHARED[part_key])
    try:
        return overlay(parts[0], *parts[1:])
    except JoinError:
        return None
