"""ReportLab's parse of a font, kept in the disk cache between processes.

ReportLab reads a TrueType font's tables (names, metrics, the whole cmap) in
pure Python, one ``struct.unpack`` per number: 1–8 ms per face, 20–30 ms for the
faces of one poster, about a tenth of a one-poster command's work after its
imports. What it finds depends only on the font's bytes and ReportLab's version,
so a new process takes it from the cache (:mod:`safehaven_docs.cache`) instead,
five to seven times faster: the parsed attributes in :mod:`marshal`'s format
(JSON would load slower than ReportLab parses), the font's bytes from the
:class:`~safehaven_docs.text.fonts.Face` that has read them already. The face
it gives is equal, attribute by attribute, to a fresh parse (a test checks
every bundled font), so a PDF's bytes are the same.

``marshal`` builds only plain values (numbers, strings, bytes, lists, tuples,
dicts) and runs no code, but it does not guard against crafted input: the
entries live in the user's own cache folder, written by this module only, under a
key that includes the Python version (whose marshal format it is).
"""

from __future__ import annotations

import marshal
import os
import sys

import reportlab
from reportlab.pdfbase import ttfonts

from .. import cache
from ..text.fonts import Face
from . import face_parse

KIND = "reportlab-face"
#: Raise it when :func:`kept` keeps something else.
FORMAT = 1
#: The largest parse (a Latin face with ~3,000 glyphs) is about 160 kB.
MAX_BYTES = 4 * 1024 * 1024
#: Attributes rebuilt rather than stored: the font's bytes, and the scaling function
#: ReportLab derives from ``unitsPerEm``.
_REBUILT = ("_ttf_data", "_pdfScale")


def parsed_face(face: Face) -> ttfonts.TTFontFace:
    """ReportLab's face for ``face``: from the cache if this font was parsed before."""
    entry = _entry(face)
    raw = cache.load_bytes(KIND, entry, MAX_BYTES) if entry is not None else None
    if raw is not None:
        try:
            return restored(raw, face)
        except (EOFError, ValueError, TypeError, KeyError, AttributeError):
            pass  # damaged or not ours: parse again
    parsed = _parse(face)
    if entry is not None:
        try:
            data = kept(parsed)
        except (TypeError, ValueError):
            return parsed  # a value marshal cannot keep (another ReportLab): no cache
        cache.store_bytes(KIND, entry, data)
    return parsed


def _parse(face: Face) -> ttfonts.TTFontFace:
    """ReportLab's parse of ``face``, read a table at a time (:mod:`.face_parse`) unless
    the font is one that module leaves to ReportLab."""
    try:
        return face_parse.parsed(str(face.path), face.data)
    except face_parse.Unusual:
        return ttfonts.TTFontFace(str(face.path), validate=0)


def kept(parsed: ttfonts.TTFontFace) -> bytes:
    """What the cache keeps of a parsed face: its attributes, its names as text.

    ReportLab's names (``TTFNameBytes``) are bytes that carry their text; marshal
    keeps plain bytes only, so they are kept as text and made again.
    """
    attributes, names = {}, {}
    for name, value in vars(parsed).items():
        if name in _REBUILT:
            continue
        if isinstance(value, ttfonts.TTFNameBytes):
            names[name] = value.ustr
        else:
            attributes[name] = value
    return marshal.dumps((attributes, names))


def restored(raw: bytes, face: Face) -> ttfonts.TTFontFace:
    """A face with the kept attributes, ``face``'s bytes and ReportLab's scaling."""
    attributes, names = marshal.loads(raw)
    if not isinstance(attributes, dict) or not isinstance(names, dict):
        raise ValueError("not a kept face")
    units = attributes["unitsPerEm"]
    if type(units) is not int or units <= 0:
        raise ValueError("unitsPerEm")
    for name, text in names.items():
        attributes[name] = ttfonts.TTFNameBytes(text.encode("utf-8"))
    attributes["_ttf_data"] = face.data
    attributes["_pdfScale"] = face_parse.pdf_scale(units)
    result = ttfonts.TTFontFace.__new__(ttfonts.TTFontFace)
    vars(result).update(attributes)
    return result


def _entry(face: Face) -> str | None:
    """The cache key: ReportLab's version, the format of :func:`kept` (Python's version
    for marshal's), and the font file as read (a stat, not a hash: the bytes are read
    once already, for HarfBuzz). Not this package's code: an edit elsewhere keeps it."""
    try:
        info = os.stat(face.path)
    except OSError:
        return None
    return cache.key_of_parts(KIND, str(FORMAT), sys.version, reportlab.Version, face.key,
                              str(face.path), str(info.st_size), str(info.st_mtime_ns),
                              str(len(face.data)))
