"""The bundled fonts, loaded once per process, and the font stack of each script.

Fonts are pinned assets listed in ``fonts/manifest.toml``; nothing depends on
the fonts of the machine. A :class:`Face` carries what the engine needs —
HarfBuzz font, coverage, vertical metrics — and nothing about PDF.
"""

from __future__ import annotations

import struct
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from msgspec import Struct

from .. import cache
from ..errors import SafehavenError
from ..resources import fonts_dir

if TYPE_CHECKING:
    import uharfbuzz as hb


class Face(Struct, frozen=True, eq=False, dict=True):
    """One font file: a family in one weight and style.

    Equal only to itself; ``dict=True`` gives the instance room for what is worked out
    from the file once asked for (the ``cached_property`` values below).
    """

    key: str
    family: str
    weight: str
    style: str
    path: Path
    scripts: tuple[str, ...]
    _data: bytes
    #: Scale against the type size, so that scripts look the same size side by side.
    size_adjust: float = 1.0

    def __repr__(self) -> str:
        """Every field but the font file's bytes."""
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__struct_fields__
                          if name != "_data")
        return f"Face({shown})"

    @property
    def data(self) -> bytes:
        """The font file's bytes, read once: HarfBuzz shapes with them, the PDF embeds them."""
        return self._data

    @cached_property
    def hb_font(self) -> hb.Font:
        """HarfBuzz's font, made (and HarfBuzz loaded: 20 ms in a new process) when first
        asked for: a render whose paragraphs come from the disk cache may never need it."""
        import uharfbuzz

        return uharfbuzz.Font(uharfbuzz.Face(uharfbuzz.Blob(self._data)))

    @cached_property
    def upem(self) -> int:
        return int(self.hb_font.face.upem)

    @cached_property
    def coverage(self) -> frozenset[int]:
        return frozenset(self.hb_font.face.unicodes)

    def covers(self, char: str) -> bool:
        return ord(char) in self.coverage

    @cached_property
    def ascender(self) -> float:
        """Typographic ascender in em."""
        return float(self.hb_font.get_font_extents("ltr").ascender) / self.upem

    @cached_property
    def descender(self) -> float:
        """Typographic descender in em (negative: below the baseline)."""
        return float(self.hb_font.get_font_extents("ltr").descender) / self.upem

    def glyph_top_bottom(self, glyph: int) -> tuple[float, float]:
        """Ink top and bottom of ``glyph`` in em (bottom negative below baseline)."""
        found = self.extents.get(glyph)
        if found is None:
            found = self.extents[glyph] = _glyph_extent(self, glyph)
        return found

    @cached_property
    def extents(self) -> dict[int, tuple[float, float]]:
        """Cache of :meth:`glyph_top_bottom`, read directly on hot paths."""
        return {}

    @cached_property
    def postscript_name(self) -> str:
        """The font's PostScript name (name ID 6), which a PDF's subset is named after.

        Read from the font's ``name`` table directly: asking HarfBuzz would load it (20 ms
        in a new process) in every render, for one string. A font whose table cannot be
        read that way is asked through HarfBuzz.
        """
        found = _postscript_name(self._data)
        if found is None:
            import uharfbuzz

            found = self.hb_font.face.get_name(uharfbuzz.OTNameIdPredefined.POSTSCRIPT_NAME)
        return found or self.key

    def glyph_name(self, glyph: int) -> str:
        return str(self.hb_font.get_glyph_name(glyph) or f"gid{glyph}")

    def __hash__(self) -> int:
        return hash(self.key)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Face) and other.key == self.key


def _postscript_name(data: bytes) -> str | None:
    """Name ID 6 of an OpenType font's ``name`` table (Windows Unicode or Macintosh
    record), or None if there is none or the file is not laid out as the spec says."""
    try:
        (tables,) = struct.unpack_from(">H", data, 4)
        for index in range(tables):
            tag, _, offset, _ = struct.unpack_from(">4sLLL", data, 12 + 16 * index)
            if tag != b"name":
                continue
            _, count, strings = struct.unpack_from(">HHH", data, offset)
            found: dict[int, str] = {}
            for record in range(count):
                platform, encoding, _, name_id, length, start = struct.unpack_from(
                    ">6H", data, offset + 6 + 12 * record)
                if name_id != 6 or (platform, encoding) not in ((3, 1), (1, 0)):
                    continue
                raw = data[offset + strings + start: offset + strings + start + length]
                found[platform] = raw.decode("utf-16-be" if platform == 3 else "latin-1")
            return found.get(3) or found.get(1)
    except (struct.error, UnicodeDecodeError):
        return None
    return None


def _glyph_extent(face: Face, glyph: int) -> tuple[float, float]:
    extents = face.hb_font.get_glyph_extents(glyph)
    if extents is None:
        return 0.0, 0.0
    scale = face.size_adjust / face.upem
    top = extents.y_bearing * scale
    return top, top + extents.height * scale


class FontError(SafehavenError):
    """The bundled fonts are missing or do not match their manifest."""


class FontLibrary(Struct, frozen=True):
    """Every bundled face, found by key or by family, weight and style."""

    faces: tuple[Face, ...]

    def get(self, family: str, *, bold: bool = False, italic: bool = False) -> Face:
        weight, style = ("bold" if bold else "regular"), ("italic" if italic else "normal")
        candidates = [f for f in self.faces if f.family == family]
        for want_style in (style, "normal"):
            for face in candidates:
                if face.weight == weight and face.style == want_style:
                    return face
        if candidates:
            return candidates[0]
        raise FontError(f"no bundled font of family {family!r}; see fonts/manifest.toml")

    def by_key(self, key: str) -> Face:
        for face in self.faces:
            if face.key == key:
                return face
        raise FontError(f"no bundled font {key!r}")


@lru_cache(maxsize=1)
def font_library() -> FontLibrary:
    """The bundled fonts; read from disk once per process."""
    folder = fonts_dir()
    manifest = folder / "manifest.toml"
    try:
        # Parsed once; later processes take the parse from the cache (no tomllib to load).
        entries = cache.parsed_toml("font-manifest", [manifest.read_bytes()])[0]["font"]
    except (OSError, KeyError, ValueError) as exc:
        raise FontError(f"{manifest}: cannot read the font manifest ({exc})") from exc
    faces = []
    for entry in entries:
        path = folder / entry["file"]
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise FontError(f"{path}: bundled font missing ({exc.strerror})") from exc
        faces.append(Face(path.stem, entry["family"], entry["weight"], entry["style"], path,
                          tuple(entry["scripts"]), data, float(entry.get("size_adjust", 1.0))))
    return FontLibrary(tuple(faces))
