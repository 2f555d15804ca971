"""Check a finished PDF the way a print shop's preflight does, before it is sent to print.

Print shops reject or silently alter files whose fonts are not embedded (the
printer substitutes its own), whose colours are RGB when the press prints CMYK
(the conversion shifts colours), whose text is too small to read once printed,
or whose page boxes do not say where to cut (TrimBox) and how far the artwork
runs past the cut (BleedBox). This module reads one PDF with pypdf only — no
ReportLab — so it checks what was written, not what the writer meant to write.
"""

from __future__ import annotations

import io
import math
import re
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
from msgspec import Struct, field
from msgspec.structs import replace
from pypdf import PdfReader
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, NameObject

from .accessibility import CHECKS, AccessibilityReport, check_accessibility
from .content_stream import operations as content_operations
from .errors import SafehavenError
from .print_checks import (
    BASE14,
    PRINT_SPACES,
    RGB_SPACES,
    TOLERANCE,
    Box,
    Expectations,
    FontReport,
    PageReport,
    PreflightReport,
    build_report,
    format_report,
)

__all__ = [
    "BASE14",
    "PRINT_SPACES",
    "RGB_SPACES",
    "TOLERANCE",
    "AccessibilityReport",
    "Box",
    "Expectations",
    "FontReport",
    "PageReport",
    "PreflightError",
    "PreflightReport",
    "accessibility",
    "format_accessibility",
    "format_report",
    "preflight",
]

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
INVISIBLE = 3  # text render mode 3: neither filled nor stroked
_MAX_DEPTH = 12  # nesting of Form XObjects; deeper (or cyclic) forms are not followed
_SUBSET = re.compile(r"^[A-Z]{6}\+")
_DEVICE_OPS = {b"rg": "DeviceRGB", b"RG": "DeviceRGB", b"k": "DeviceCMYK",
               b"K": "DeviceCMYK", b"g": "DeviceGray", b"G": "DeviceGray"}
_NAMES = {"/DeviceRGB": "DeviceRGB", "/RGB": "DeviceRGB", "/DeviceCMYK": "DeviceCMYK",
          "/CMYK": "DeviceCMYK", "/DeviceGray": "DeviceGray", "/G": "DeviceGray",
          "/Pattern": "Pattern"}
_ICC = {1: "ICCBased Gray", 3: "ICCBased RGB", 4: "ICCBased CMYK"}
_SHOW_OPS = frozenset({b"Tj", b"TJ", b"'", b'"'})
_ANYTHING = Expectations()  # no expectations: report what is there
_UNREADABLE = (PyPdfError, ValueError, TypeError, KeyError, AttributeError, IndexError,
               RecursionError, pdfium.PdfiumError)


class PreflightError(SafehavenError):
    """The file is not a PDF pypdf can read, so nothing about it can be checked."""


def preflight(pdf: bytes | Path, expect: Expectations = _ANYTHING, *,
              glyphs: bool = True) -> PreflightReport:
    """Check ``pdf`` (its bytes or a path) against ``expect``.

    ``glyphs`` also measures every character's box with PDFium, so text that
    starts on the page but runs off it is found; our own renders skip it,
    because their layout has already checked every block against the sheet.

    Raises only :class:`PreflightError`, for a file that cannot be read at all, so a command
    line prints one plain sentence instead of a traceback.
    """
    name, data = _load(pdf)
    try:
        reader = _open(data, name)
        fonts: dict[FontReport, set[int]] = {}
        pages = tuple(_page_report(page, number, _scan(reader, page, number, fonts))
                      for number, page in enumerate(reader.pages, 1))
        if glyphs:
            pages = tuple(replace(page, glyphs_outside=count)
                          for page, count in zip(pages, _glyphs_outside(data), strict=True))
    except _UNREADABLE as err:
        raise PreflightError(f"{name} is not a readable PDF ({err}); "
                             "export it again or ask for a new copy of the file") from err
    return build_report(pages, fonts.items(), expect)


def accessibility(pdf: bytes | Path) -> AccessibilityReport:
    """Whether ``pdf`` is tagged and which machine checks of PDF/UA-1 it fails
    (:mod:`.accessibility`); raises only :class:`PreflightError`."""
    name, data = _load(pdf)
    try:
        return check_accessibility(_open(data, name))
    except _UNREADABLE as err:
        raise PreflightError(f"{name} is not a readable PDF ({err}); "
                             "export it again or ask for a new copy of the file") from err


def format_accessibility(report: AccessibilityReport) -> str:
    """The accessibility part of the report: tagged or not, then each check's result."""
    lines = [f"{'tagged:':<16}{'yes' if report.tagged else 'no'}",
             f"PDF/UA-1 checks ({len(CHECKS)} a program can make):"]
    for name, problems in report.results:
        lines.append(f"  {name:<18}{'ok' if not problems else 'FAILED'}")
        lines += [f"    - {problem}" for problem in problems[:5]]
        if len(problems) > 5:
            lines.append(f"    … and {len(problems) - 5} more")
    lines.append("accessibility: ok (what a person must still check: docs/accessibility.md)"
                 if report.ok else f"accessibility: {len(report.problems)} problems")
    return "\n".join(lines)


def _load(pdf: bytes | Path) -> tuple[str, bytes]:
    if isinstance(pdf, bytes | bytearray | memoryview):
        return "the PDF data", bytes(pdf)
    try:
        return str(pdf), Path(pdf).read_bytes()
    except OSError as err:
        raise PreflightError(f"cannot open {pdf}: {err.strerror or err}") from err


def _open(data: bytes, name: str) -> PdfReader:
    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted and not reader.decrypt(""):
        raise PreflightError(f"{name} is password-protected; send a copy without a password")
    return reader



class _Graphics(Struct):
    """The part of the graphics state text size depends on; saved by q, restored by Q."""

    ctm: Matrix = IDENTITY
    size: float = 0.0
    mode: int = 0


class _Scan(Struct):
    """What one page draws: colour-space families, smallest visible text, fonts named."""

    reader: PdfReader
    page: int
    fonts: dict[FontReport, set[int]]
    spaces: set[str] = field(default_factory=set)
    smallest: float | None = None
    box: Box = (0.0, 0.0, 0.0, 0.0)  # the MediaBox: visible text must start inside it
    outside: int = 0  # visible text runs whose origin lies outside the box

    def walk(self, operations: list[Any], resources: Any, gs: _Graphics, depth: int) -> None:
        """Follow one content stream (a page's or a form's) operator by operator."""
        resources = _resolve(resources) or DictionaryObject()
        self._collect_fonts(resources)
        stack: list[_Graphics] = []
        tm = line = IDENTITY
        for operands, op in operations:
            if op == b"q":
                stack.append(replace(gs))
            elif op == b"Q" and stack:
                gs = stack.pop()
            elif op == b"cm":
                gs.ctm = _mul(_matrix(operands), gs.ctm)
            elif op == b"BT":
                tm = line = IDENTITY
            elif op == b"Tm":
                tm = line = _matrix(operands)
            elif op in (b"Td", b"TD") and len(operands) == 2:
                tm = line = _mul((1.0, 0.0, 0.0, 1.0, float(operands[0]), float(operands[1])),
                                 line)
            elif op == b"Tf":
                gs.size = abs(float(operands[1]))
            elif op == b"Tr":
                gs.mode = int(operands[0])
            elif op in _SHOW_OPS:
                self._show(operands, gs, tm)
            else:
                self._paint(op, operands, resources, gs, depth)

    def _show(self, operands: list[Any], gs: _Graphics, tm: Matrix) -> None:
        """Text size = Tf size × length of the y vector of Tm × CTM: the height the em
        square's vertical side gets on the page, whatever the horizontal scaling or rotation."""
        if gs.mode == INVISIBLE or not _has_text(operands):
            return
        _, _, c, d, x, y = _mul(tm, gs.ctm)
        size = gs.size * math.hypot(c, d)
        if size > 1e-6:
            self.smallest = size if self.smallest is None else min(self.smallest, size)
        x0, y0, x1, y1 = self.box
        if x1 > x0 and not (x0 - 1 <= x <= x1 + 1 and y0 - 1 <= y <= y1 + 1):
            self.outside += 1

    def _paint(self, op: bytes, operands: list[Any], resources: Any, gs: _Graphics,
               depth: int) -> None:
        if op in _DEVICE_OPS:
            self.spaces.add(_DEVICE_OPS[op])
        elif op in (b"cs", b"CS") and operands:
            self.spaces.add(_family(operands[0], resources))
        elif op in (b"scn", b"SCN") and operands and isinstance(operands[-1], NameObject):
            pattern = _lookup(resources, "/Pattern", operands[-1]) or {}
            self._shading(_resolve(pattern.get("/Shading")), resources)  # shading patterns
        elif op == b"sh" and operands:
            self._shading(_lookup(resources, "/Shading", operands[0]), resources)
        elif op == b"Do" and operands:
            self._xobject(_lookup(resources, "/XObject", operands[0]), resources, gs, depth)
        elif op == b"INLINE IMAGE":
            settings: dict[Any, Any] = (operands.get("settings", {})
                                        if isinstance(operands, dict) else {})
            space = settings.get("/CS", settings.get("/ColorSpace"))
            if space is not None:
                self.spaces.add(_family(space, resources))

    def _xobject(self, xobj: Any, resources: Any, gs: _Graphics, depth: int) -> None:
        """An image adds its colour space; a form is walked with its own matrix and resources."""
        kind = xobj.get("/Subtype") if xobj is not None else None
        if kind == "/Image" and not xobj.get("/ImageMask") and "/ColorSpace" in xobj:
            self.spaces.add(_family(xobj["/ColorSpace"], resources))
        elif kind == "/Form" and depth < _MAX_DEPTH:
            inner = replace(gs, ctm=_mul(_matrix(xobj.get("/Matrix", IDENTITY)), gs.ctm))
            operations = content_operations(xobj.get_data())
            self.walk(operations, xobj.get("/Resources", resources), inner, depth + 1)

    def _shading(self, shading: Any, resources: Any) -> None:
        if shading is not None and "/ColorSpace" in shading:
            self.spaces.add(_family(shading["/ColorSpace"], resources))

    def _collect_fonts(self, resources: Any) -> None:
        for font in (_resolve(resources.get("/Font")) or {}).values():
            self.fonts.setdefault(_font_report(_resolve(font)), set()).add(self.page)


def _scan(reader: PdfReader, page: Any, number: int, fonts: dict[FontReport, set[int]]) -> _Scan:
    """Walk one page's content; annotations' appearance streams are not walked."""
    scan = _Scan(reader, number, fonts, box=_box(page.get("/MediaBox")) or (0, 0, 0, 0))
    scan.walk(content_operations(_page_content(page)), page.get("/Resources"), _Graphics(), 0)
    return scan


def _glyphs_outside(data: bytes) -> list[int]:
    """Per page, how many characters' boxes reach more than a point beyond the MediaBox."""
    document = pdfium.PdfDocument(data)
    try:
        counts = []
        for page in document:
            x0, y0, x1, y1 = page.get_mediabox()
            text = page.get_textpage()
            outside = 0
            for index in range(text.count_chars()):
                left, bottom, right, top = text.get_charbox(index)
                if right - left < 1e-3 and top - bottom < 1e-3:
                    continue  # spaces and other empty boxes
                if left < x0 - 1 or bottom < y0 - 1 or right > x1 + 1 or top > y1 + 1:
                    outside += 1
            counts.append(outside)
        return counts
    finally:
        document.close()


def _page_content(page: Any) -> bytes:
    """The page's content streams joined, as PDF readers join them (with white space)."""
    contents = _resolve(page.get("/Contents"))
    if contents is None:
        return b""
    streams = contents if isinstance(contents, ArrayObject) else [contents]
    return b"\n".join(_resolve(stream).get_data() for stream in streams)


def _has_text(operands: list[Any]) -> bool:
    shown = operands[-1] if operands else b""
    items = shown if isinstance(shown, list) else [shown]
    return any(isinstance(item, bytes | str) and len(item) > 0 for item in items)


def _resolve(obj: Any) -> Any:
    return obj.get_object() if obj is not None and hasattr(obj, "get_object") else obj


def _lookup(resources: Any, category: str, name: Any) -> Any:
    return _resolve((_resolve(resources.get(category)) or {}).get(name))


def _family(space: Any, resources: Any, depth: int = 0) -> str:
    """The colour-space family a press cares about, e.g. 'DeviceRGB' or 'ICCBased CMYK'.

    Names are looked up in the resources' /ColorSpace; an ICC profile counts by its
    number of components; an Indexed space by its base; Separation, DeviceN and Lab by name.
    """
    space = _resolve(space)
    if isinstance(space, NameObject):
        named = _lookup(resources, "/ColorSpace", space)
        if space in _NAMES or named is None or depth > 4:
            return _NAMES.get(space, space.lstrip("/"))
        return _family(named, resources, depth + 1)
    if not isinstance(space, ArrayObject) or not space:
        return "unknown"
    head = str(space[0])
    if head == "/ICCBased":
        return _ICC.get(int(_resolve(space[1]).get("/N", 0)), "ICCBased")
    if head in ("/Indexed", "/I") and len(space) > 1:
        return _family(space[1], resources, depth + 1)
    return _family(space[0], resources, depth + 1) if len(space) == 1 else head.lstrip("/")


def _matrix(operands: Any) -> Matrix:
    a, b, c, d, e, f = (float(_resolve(v)) for v in operands)
    return a, b, c, d, e, f


def _mul(m: Matrix, n: Matrix) -> Matrix:
    """``m`` × ``n`` in PDF's row-vector convention (apply ``m`` first)."""
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return (a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s,
            e * p + f * r + t, e * q + f * s + u)


def _font_report(font: Any) -> FontReport:
    kind = str(font.get("/Subtype", "/Unknown")).lstrip("/")
    base = str(font.get("/BaseFont", font.get("/Name", "/(unnamed)"))).lstrip("/")
    name = _SUBSET.sub("", base)
    source = font
    if kind == "Type0" and font.get("/DescendantFonts"):
        source = _resolve(_resolve(font["/DescendantFonts"])[0])
    descriptor = _resolve(source.get("/FontDescriptor")) or {}
    embedded = kind == "Type3" or any(
        key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
    return FontReport(name, bool(_SUBSET.match(base)), embedded, kind, name in BASE14)



def _box(value: Any) -> Box | None:
    if (value := _resolve(value)) is None:
        return None
    x0, y0, x1, y1 = (float(_resolve(v)) for v in value)
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def _page_report(page: Any, number: int, scan: _Scan) -> PageReport:
    media = _box(page.get("/MediaBox")) or (0.0, 0.0, 612.0, 792.0)
    crop, trim, bleed = (_box(page.get(key)) for key in ("/CropBox", "/TrimBox", "/BleedBox"))
    x0, y0, x1, y1 = trim or crop or media  # the PDF defaults: TrimBox → CropBox → MediaBox
    width, height = (x1 - x0) / 72, (y1 - y0) / 72
    if int(page.get("/Rotate", 0) or 0) % 180:
        width, height = height, width
    return PageReport(number, media, crop, trim, bleed, (width, height), scan.smallest,
                      frozenset(scan.spaces), scan.outside)
