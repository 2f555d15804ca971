"""ReportLab's parse of a TrueType face, read a table at a time.

ReportLab's ``TTFontFace`` reads every number of a font with its own call to
``struct.unpack``: the cmap, the horizontal metrics and the glyph locations of a
Latin face with 3,000 glyphs take it about 10 ms, and a poster's first render in
a new process (nothing in the cache yet) parses two to four such faces. This module
makes the same object from whole arrays (``struct.unpack_from`` once per table), in
a fifth of the time: every attribute ReportLab sets, in the order it sets them, of
the same value and type, including its quirks (the metrics after the last full
``hmtx`` entry carry the *scaled* advance; U+00A0 borrows the space's glyph).

It reads only what ReportLab's parse of our kind of font reads: a single font (not a
collection), name table format 0, cmap formats 4 and 12, short or long locations,
a PostScript name present and plain, embedding allowed. Anything else, and any table
that is shorter than it claims, raises :class:`Unusual` and the caller asks
ReportLab itself, which parses it or says what is wrong with it. A test compares
the two parses of every bundled font, and of fonts with bytes changed at random.
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from typing import Any

from reportlab.pdfbase import ttfonts

_TTF_VERSIONS = (0x00010000, 0x74727565)
_NAME_IDS = (1, 2, 3, 4, 6)


class Unusual(Exception):
    """A font this reader does not read the way ReportLab would: ask ReportLab."""


def parsed(path: str, data: bytes) -> ttfonts.TTFontFace:
    """ReportLab's ``TTFontFace(path, validate=0)`` for the font ``data`` read from
    ``path``; raises :class:`Unusual` for a font it leaves to ReportLab."""
    try:
        return _Reader(path, data).face
    except (struct.error, IndexError, KeyError, ValueError, ZeroDivisionError) as exc:
        raise Unusual(str(exc)) from None  # a damaged table: ReportLab says what is wrong


def pdf_scale(units_per_em: int) -> Callable[[Any], Any]:
    """ReportLab's ``_pdfScale``: font units to thousandths of the type size."""
    if units_per_em == 1000:
        return lambda x: x
    factor = 1000 / units_per_em
    return lambda x: x * factor


class _Reader:
    """One parse: the attributes, set in ReportLab's order on a bare ``TTFontFace``."""

    def __init__(self, path: str, data: bytes) -> None:
        self.data = data
        face = self.face = ttfonts.TTFontFace.__new__(ttfonts.TTFontFace)
        self.set = vars(face)
        self._type_face()
        self._directory(path)
        self._names()
        self._metrics()
        self._characters()
        self._locations()

    def _type_face(self) -> None:
        """What ``pdfmetrics.TypeFace.__init__(None)`` sets."""
        self.set.update(name=None, glyphNames=[], glyphWidths={}, ascent=0, descent=0,
                        familyName=None, bold=0, italic=0, requiredEncoding=None, builtIn=0)

    def _directory(self, path: str) -> None:
        data = self.data
        version, num_tables, search_range, entry_selector, range_shift = \
            struct.unpack_from(">LHHHH", data, 0)
        if version not in _TTF_VERSIONS:
            raise Unusual("not a single TrueType font")
        table: dict[str, dict[str, Any]] = {}
        tables = []
        for n in range(num_tables):
            raw_tag, checksum, offset, length = struct.unpack_from(">4sLLL", data, 12 + 16 * n)
            record = {"tag": str(raw_tag, "utf8"), "checksum": checksum, "offset": offset,
                      "length": length}
            tables.append(record)
            table[record["tag"]] = record
        self.table = table
        self.set.update(validate=0, filename=path, _ttf_data=data, _pos=0, version=version,
                        numTables=num_tables, searchRange=search_range,
                        entrySelector=entry_selector, rangeShift=range_shift, table=table,
                        tables=tables, subfontNameX=b"")

    def _at(self, tag: str) -> int:
        return int(self.table[tag]["offset"])

    def _names(self) -> None:
        data, start = self.data, self._at("name")
        name_format, count, string_offset = struct.unpack_from(">HHH", data, start)
        if name_format != 0:
            raise Unusual("name table format")
        strings = start + string_offset
        names: dict[int, bytes | None] = dict.fromkeys(_NAME_IDS)
        missing = len(names)
        for n in range(count):
            platform, encoding, language, name_id, length, offset = \
                struct.unpack_from(">6H", data, start + 6 + 12 * n)
            if name_id not in names:
                continue
            found = None
            if platform == 3 and encoding == 1 and language == 0x409:
                if length % 2:
                    raise Unusual("odd UTF-16 name")
                found = ttfonts.TTFNameBytes(data[strings + offset:strings + offset + length],
                                             "utf_16_be")
            elif platform == 1 and encoding == 0 and language == 0:
                found = ttfonts.TTFNameBytes(data[strings + offset:strings + offset + length],
                                             "mac_roman")
            if found and names[name_id] is None:
                names[name_id] = found
                missing -= 1
                if missing == 0:
                    break
        ps_name = names[6] or names[4] or names[1]
        if not ps_name:
            raise Unusual("no PostScript name")  # ReportLab makes one up
        ps_name = ps_name.__class__(ps_name.replace(b" ", b"-"))
        if any(c > 126 or c in b" [](){}<>/%" for c in ps_name):
            raise Unusual("PostScript name")
        self.set.update(name=ps_name, familyName=names[1] or ps_name,
                        styleName=names[2] or "Regular", fullName=names[4] or ps_name,
                        uniqueFontID=names[3] or ps_name)

    def _metrics(self) -> None:
        """head, OS/2, post, hhea and maxp, as ``extractInfo`` reads them."""
        data, face = self.data, self.set
        head = self._at("head")
        major, _minor, rev_major, rev_minor = struct.unpack_from(">4H", data, head)
        magic, = struct.unpack_from(">L", data, head + 12)
        if major != 1 or magic != 0x5F0F3CF5:
            raise Unusual("head table")
        units, = struct.unpack_from(">H", data, head + 18)
        x_min, y_min, x_max, y_max = struct.unpack_from(">4h", data, head + 36)
        loca_format, glyph_format = struct.unpack_from(">HH", data, head + 50)
        self.units = units
        scale = pdf_scale(units)
        face.update(fontRevision=(rev_major, rev_minor), unitsPerEm=units, _pdfScale=scale,
                    bbox=[scale(v) for v in (x_min, y_min, x_max, y_max)])
        if "OS/2" not in self.table:
            raise Unusual("no OS/2 table")
        os2 = self._at("OS/2")
        version, = struct.unpack_from(">H", data, os2)
        weight, = struct.unpack_from(">H", data, os2 + 4)
        fs_type, = struct.unpack_from(">H", data, os2 + 8)
        if fs_type == 0x0002 or fs_type & 0x0300:
            raise Unusual("embedding restricted")
        ascender, descender = struct.unpack_from(">hh", data, os2 + 68)
        face.update(ascent=scale(ascender), descent=scale(descender))
        if version > 1:
            cap, = struct.unpack_from(">h", data, os2 + 88)
            face["capHeight"] = scale(cap)
        else:
            face["capHeight"] = face["ascent"]
        face["stemV"] = 50 + int((weight / 65.0) ** 2)
        post = self._at("post")
        major, _minor, angle, fraction, underline, thickness, fixed = \
            struct.unpack_from(">HHhHhhL", data, post)
        if major not in (1, 2, 3, 4):
            raise Unusual("post table")
        face.update(italicAngle=angle + fraction / 65536.0, underlinePosition=underline,
                    underlineThickness=thickness)
        flags = ttfonts.FF_SYMBOLIC
        if face["italicAngle"] != 0:
            flags |= ttfonts.FF_ITALIC
        if weight >= 600:
            flags |= ttfonts.FF_FORCEBOLD
        if fixed:
            flags |= ttfonts.FF_FIXED
        face["flags"] = flags
        hhea = self._at("hhea")
        major, = struct.unpack_from(">H", data, hhea)
        metric_format, self.long_metrics = struct.unpack_from(">HH", data, hhea + 32)
        if major != 1 or metric_format != 0 or self.long_metrics == 0:
            raise Unusual("hhea table")
        maxp = self._at("maxp")
        major, = struct.unpack_from(">H", data, maxp)
        if major != 1 or glyph_format != 0 or loca_format not in (0, 1):
            raise Unusual("maxp or head table")
        self.glyphs, = struct.unpack_from(">H", data, maxp + 4)
        self.loca_format = loca_format
        face.update(numGlyphs=self.glyphs, _full_font=False)

    def _characters(self) -> None:
        """cmap and hmtx: each character's glyph and width, each glyph's metrics."""
        char_to_glyph, glyph_to_char = self._cmap()
        data = self.data
        long_metrics, glyphs = self.long_metrics, self.glyphs
        hmtx = self._at("hmtx")
        pairs = struct.unpack_from(f">{2 * long_metrics}H", data, hmtx)
        bearings = struct.unpack_from(f">{max(0, glyphs - long_metrics)}H", data,
                                      hmtx + 4 * long_metrics)
        hmetrics = list(zip(pairs[::2], pairs[1::2], strict=True))
        scaled = list(pairs[::2]) if self.units == 1000 else \
            list(map(self.set["_pdfScale"], pairs[::2]))
        last = scaled[-1]
        hmetrics.extend((last, bearing) for bearing in bearings)
        char_widths: dict[int, Any] = {}
        for glyph in sorted(glyph_to_char):
            if glyph >= glyphs and glyph >= long_metrics:
                break
            width = scaled[glyph] if glyph < long_metrics else last
            for char in glyph_to_char[glyph]:
                char_widths[char] = width
        self.set.update(charToGlyph=char_to_glyph, glyphToChar=glyph_to_char,
                        charWidths=char_widths, hmetrics=hmetrics, defaultWidth=scaled[0])
        self.char_widths = char_widths

    def _cmap(self) -> tuple[dict[int, int], dict[int, list[int]]]:
        data, start = self.data, self._at("cmap")
        version, count = struct.unpack_from(">HH", data, start)
        if count == 0 and version != 0:
            count = version
        chosen, kind = None, 0
        for n in range(count):
            platform, encoding, offset = struct.unpack_from(">HHL", data, start + 4 + 8 * n)
            if platform == 3:
                kind, chosen = 1, offset
            elif platform == 1 and encoding == 0 and kind != 1:
                kind, chosen = 2, offset
            elif (platform == 1 and encoding == 1) or (platform == 0 and encoding != 5):
                kind, chosen = 1, offset
        if chosen is None:
            raise Unusual("no cmap")
        at = start + chosen
        table_format, = struct.unpack_from(">H", data, at)
        if table_format == 4:
            return self._cmap_4(at)
        if table_format == 12:
            return self._cmap_12(at)
        raise Unusual(f"cmap format {table_format}")

    def _cmap_4(self, at: int) -> tuple[dict[int, int], dict[int, list[int]]]:
        data = self.data
        length, = struct.unpack_from(">H", data, at + 2)
        limit = at + length
        segments = struct.unpack_from(">H", data, at + 6)[0] // 2
        ends = struct.unpack_from(f">{segments}H", data, at + 14)
        starts = struct.unpack_from(f">{segments}H", data, at + 16 + 2 * segments)
        deltas = struct.unpack_from(f">{segments}h", data, at + 16 + 4 * segments)
        range_at = at + 16 + 6 * segments
        ranges = struct.unpack_from(f">{segments}H", data, range_at)
        chars_all: list[int] = []
        glyphs_all: list[int] = []
        for n in range(segments):
            first, last, delta, range_offset = starts[n], ends[n], deltas[n], ranges[n]
            chars = range(first, last + 1)
            _check_count(chars_all, chars)
            if range_offset == 0:
                mapped = [(char + delta) & 0xFFFF for char in chars]
            else:
                base = range_at + 2 * n + range_offset - 2 * first
                mapped = []
                for char in chars:
                    where = base + 2 * char
                    if where >= limit:
                        mapped.append(0)
                        continue
                    if where + 2 > len(data):
                        raise Unusual("cmap runs past the file")
                    glyph = data[where] << 8 | data[where + 1]
                    mapped.append((glyph + delta) & 0xFFFF if glyph else 0)
            chars_all.extend(chars)
            glyphs_all.extend(mapped)
        return _mapped(chars_all, glyphs_all)

    def _cmap_12(self, at: int) -> tuple[dict[int, int], dict[int, list[int]]]:
        data = self.data
        groups, = struct.unpack_from(">L", data, at + 12)
        chars_all: list[int] = []
        glyphs_all: list[int] = []
        for n in range(groups):
            first, last, glyph = struct.unpack_from(">LLL", data, at + 16 + 12 * n)
            chars = range(first, last + 1)
            _check_count(chars_all, chars)
            chars_all.extend(chars)
            glyphs_all.extend(range(glyph, glyph + len(chars)))
        return _mapped(chars_all, glyphs_all)

    def _locations(self) -> None:
        data, glyphs, at = self.data, self.glyphs, self._at("loca")
        if self.loca_format == 0:
            positions = [p << 1 for p in struct.unpack_from(f">{glyphs + 1}H", data, at)]
            end = at + 2 * (glyphs + 1)
        else:
            positions = list(struct.unpack_from(f">{glyphs + 1}L", data, at))
            end = at + 4 * (glyphs + 1)
        face, char_to_glyph, widths = self.set, self.set["charToGlyph"], self.char_widths
        face.update(glyphPos=positions, _pos=end)
        if 0x20 in char_to_glyph:
            char_to_glyph[0xA0] = char_to_glyph[0x20]
            widths[0xA0] = widths[0x20]
        elif 0xA0 in char_to_glyph:
            char_to_glyph[0x20] = char_to_glyph[0xA0]
            widths[0x20] = widths[0xA0]


def _check_count(mapped: list[int], more: range) -> None:
    """A cmap maps at most every code point once: a damaged one that claims more (a
    group or segments of billions) is left to ReportLab before it fills the memory."""
    if len(mapped) + len(more) > 0x110000:
        raise Unusual("cmap maps more characters than Unicode has")


def _mapped(chars: list[int], glyphs: list[int]) -> tuple[dict[int, int], dict[int, list[int]]]:
    """Characters to glyphs and back, mapped in order as ReportLab's loop maps them (a later
    mapping of a character replaces its glyph; each glyph lists every character mapped
    to it, in order)."""
    char_to_glyph = dict(zip(chars, glyphs, strict=True))
    glyph_to_char: dict[int, list[int]] = {}
    for char, glyph in zip(chars, glyphs, strict=True):
        listed = glyph_to_char.get(glyph)
        if listed is None:
            glyph_to_char[glyph] = [char]
        else:
            listed.append(char)
    return char_to_glyph, glyph_to_char
