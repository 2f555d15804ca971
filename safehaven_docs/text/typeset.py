"""Set one paragraph into lines: the engine's entry point, and what it is asked with.

The work is in :mod:`.setting` (bidi levels, itemizing, shaping, line breaking,
placing), loaded at the first paragraph that must be set: a render whose paragraphs
all come from the cache on disk (:mod:`.kept`) never loads HarfBuzz or the breaker.
Everything is plain data; results are cached because documents set the same
paragraphs at the same widths over and over.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from msgspec import Struct

from . import kept
from .boxes import Align, TypesetParagraph


class Paragraph(Struct, frozen=True):
    """Logical text in one language: what the content model hands the engine."""

    text: str
    language: str
    script: str
    rtl: bool


class TextStyle(Struct, frozen=True):
    """Type size in points, alignment, weight; leading defaults to the script's."""

    size: float
    align: Align = Align.START
    bold: bool = False
    leading: float | None = None
    #: A headline or title: never hyphenated (nor is any text that is not
    #: justified), and broken inside a phrase (Myanmar script) only where a
    #: phrase alone is wider than the line.
    headline: bool = False


def typeset(paragraph: Paragraph, width: float, style: TextStyle) -> TypesetParagraph:
    """Break ``paragraph`` into lines no wider than ``width`` points and place them.

    Set once per process (and, in a document's bundle, kept on disk between processes:
    :mod:`.kept`).
    """
    if _MEASURING.get():
        from .setting import measure_paragraph

        return measure_paragraph(paragraph, width, style)
    found = kept.typeset_with(paragraph, width, style, _set)
    return found if found is not None else _set(paragraph, width, style)


def _set(paragraph: Paragraph, width: float, style: TextStyle) -> TypesetParagraph:
    from .setting import set_paragraph  # loaded by the first paragraph not found kept

    return set_paragraph(paragraph, width, style)


_MEASURING: ContextVar[bool] = ContextVar("measuring", default=False)


@contextmanager
def measuring() -> Iterator[None]:
    """Within, :func:`typeset` gives lines without their glyphs (in this thread only).

    For a layout that tries many sizes to keep one: whether it fits depends on each
    line's breaks, width and extent, which are exactly those of the lines set in full
    (:func:`.setting.measure_paragraph`). The layout kept must be built again outside.
    """
    token = _MEASURING.set(True)
    try:
        yield
    finally:
        _MEASURING.reset(token)


def clear_caches() -> None:
    """Forget every set paragraph, prepared paragraph and shaped run.

    Fonts stay loaded, and words already hyphenated keep their hyphenation
    points (like a loaded dictionary: a process hyphenates each word once).

    For benchmarks that time the engine's own work rather than its caches.
    """
    from .setting import clear_caches as clear_setting

    clear_setting()
