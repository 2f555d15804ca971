"""Shape runs with HarfBuzz: script, language and direction set explicitly.

The whole paragraph goes into the buffer with the run as the item, so
joining and mark context cross run boundaries correctly. Glyphs come back in
visual order (HarfBuzz reverses right-to-left runs) with their clusters — the
code point index in the paragraph they came from — so text maps back to
glyphs for breaking, justification and /ActualText. Results are cached: a
district build sets the same paragraphs thousands of times.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from functools import cached_property, lru_cache
from operator import attrgetter
from typing import NamedTuple

import uharfbuzz as hb
from msgspec import Struct

from . import icu
from .fonts import Face
from .itemize import MissingGlyphError, Run

_UNSAFE = int(hb.GlyphFlags.UNSAFE_TO_BREAK)


class Glyph(NamedTuple):
    """One positioned glyph; advances and offsets in em of the type size.

    A named tuple rather than a dataclass: a page has thousands of glyphs, and
    tuples are immutable plain data that are several times cheaper to create.
    """

    id: int
    cluster: int
    x_advance: float
    x_offset: float
    y_offset: float


class ShapedRun(Struct, frozen=True, dict=True):
    """A run's glyphs in visual order, for one face, script and direction.

    Equal, hashed and shown by everything but :attr:`infos`, HarfBuzz's own records;
    ``dict=True`` gives room for the ``cached_property`` values below.
    """

    start: int
    end: int
    level: int
    script: str
    face: Face
    glyphs: tuple[Glyph, ...]
    #: HarfBuzz's glyph records, kept to read the *unsafe to break* flag only
    #: where a line is cut (reading it for every glyph costs more than shaping).
    infos: tuple[object, ...] = ()

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return _compared(self) == _compared(other)

    def __hash__(self) -> int:
        return hash(_compared(self))

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={value!r}"
                          for name, value in zip(_COMPARED, _compared(self), strict=True))
        return f"ShapedRun({shown})"

    def unsafe_to_break(self, index: int) -> bool:
        """Whether cutting the text before glyph ``index`` could change its shaping."""
        if not self.infos:
            return False
        return bool(int(self.infos[index].flags) & _UNSAFE)  # type: ignore[attr-defined]

    @property
    def rtl(self) -> bool:
        return self.level % 2 == 1

    @cached_property
    def advance(self) -> float:
        return sum(g.x_advance for g in self.glyphs)

    @cached_property
    def _keys(self) -> list[int]:
        """Sort keys of the glyphs' clusters: ascending in visual order either way."""
        return [-g.cluster if self.rtl else g.cluster for g in self.glyphs]

    def glyph_range(self, low: int, high: int) -> tuple[int, int]:
        """Indices ``[i, j)`` of the glyphs whose cluster lies in ``[low, high)``."""
        if self.rtl:
            return bisect_right(self._keys, -high), bisect_right(self._keys, -low)
        return bisect_left(self._keys, low), bisect_left(self._keys, high)


#: The fields a shaped run is compared, hashed and shown by: all but HarfBuzz's records.
_COMPARED = tuple(name for name in ShapedRun.__struct_fields__ if name != "infos")
_compared = attrgetter(*_COMPARED)


def shape_run(text: str, run: Run, language: str, *, context: str = "") -> ShapedRun:
    """Shape ``text[run.start:run.end]`` with the whole paragraph as context."""
    glyphs, infos = _shape(text, run.start, run.end, run.face, run.script, run.rtl, language)
    for glyph in glyphs:
        if glyph.id == 0:
            char = text[glyph.cluster]
            raise MissingGlyphError(char, text, glyph.cluster, context)
    return ShapedRun(run.start, run.end, run.level, run.script, run.face, glyphs, infos)


@lru_cache(maxsize=8192)
def _shape(
    text: str, start: int, end: int, face: Face, script: str, rtl: bool, language: str
) -> tuple[tuple[Glyph, ...], tuple[object, ...]]:
    buffer = hb.Buffer()
    buffer.add_codepoints([ord(c) for c in text], start, end - start)
    buffer.direction = "rtl" if rtl else "ltr"
    buffer.script = script if icu.is_known_script(script) else "Zyyy"
    buffer.language = language
    hb.shape(face.hb_font, buffer, {})
    scale = face.size_adjust / face.upem  # em of the type size, not of the font
    infos = tuple(buffer.glyph_infos)
    glyphs = tuple(
        Glyph(info.codepoint, info.cluster, pos.x_advance * scale, pos.x_offset * scale,
              pos.y_offset * scale)
        for info, pos in zip(infos, buffer.glyph_positions, strict=True)
    )
    return glyphs, infos
