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
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
from pypdf import PdfReader
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, NameObject

from .content_stream import operations as content_operations
from .errors import SafehavenError

Box = tuple[float, float, float, float]
Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
#: Points of slack in sizes and boxes: writers round coordinates to a few decimals.
TOLERANCE = 0.5
INVISIBLE = 3  # text render mode 3: neither filled nor stroked
_MAX_DEPTH = 12  # nesting of Form XObjects; deeper (or cyclic) forms are not followed
BASE14 = frozenset({
    "Times-Roman", "Times-Bold", "Times-Italic", "Times-BoldItalic", "Helvetica",
    "Helvetica-Bold", "Helvetica-Oblique", "Helvetica-BoldOblique", "Courier", "Courier-Bold",
    "Courier-Oblique", "Courier-BoldOblique", "Symbol", "ZapfDingbats"})
_SUBSET = re.compile(r"^[A-Z]{6}\+")
RGB_SPACES = frozenset({"DeviceRGB", "CalRGB", "ICCBased RGB"})
PRINT_SPACES = frozenset({"DeviceCMYK", "DeviceGray", "CalGray", "ICCBased CMYK",
                          "ICCBased Gray", "Pattern"})
_DEVICE_OPS = {b"rg": "DeviceRGB", b"RG": "DeviceRGB", b"k": "DeviceCMYK",
               b"K": "DeviceCMYK", b"g": "DeviceGray", b"G": "DeviceGray"}
_NAMES = {"/DeviceRGB": "DeviceRGB", "/RGB": "DeviceRGB", "/DeviceCMYK": "DeviceCMYK",
          "/CMYK": "DeviceCMYK", "/DeviceGray": "DeviceGray", "/G": "DeviceGray",
          "/Pattern": "Pattern"}
_ICC = {1: "ICCBased Gray", 3: "ICCBased RGB", 4: "ICCBased CMYK"}
_SHOW_OPS = frozenset({b"Tj", b"TJ", b"'", b'"'})
_UNREADABLE = (PyPdfError, ValueError, TypeError, KeyError, AttributeError, IndexError,
               RecursionError, pdfium.PdfiumError)


class PreflightError(SafehavenError):
    """The file is not a PDF pypdf can read, so nothing about it can be checked."""


@dataclass(frozen=True)
class Expectations:
    """What the caller orders from the print shop; every check left at None/False is skipped."""

    page_size: tuple[float, float] | None = None  # trim (finished) size, points (w, h)
    pages: int | None = None
    cmyk: bool = False  # only DeviceCMYK/DeviceGray colour: the press prints CMYK
    bleed: float | None = None  # points of artwork beyond the trim on every side
    min_text_size: float | None = None  # points; smaller visible text is a problem


@dataclass(frozen=True)
class PageReport:
    """One page's boxes (x0, y0, x1, y1 in points; None when absent) and what is drawn on it."""

    number: int
    media_box: Box
    crop_box: Box | None
    trim_box: Box | None
    bleed_box: Box | None
    trim_size_in: tuple[float, float]  # finished size as displayed (after /Rotate), inches
    smallest_text: float | None
    color_spaces: frozenset[str] = frozenset()
    #: Visible text runs that start outside the page (text set off the sheet).
    text_outside: int = 0
    #: Characters whose glyph box reaches beyond the page (text running off the sheet),
    #: or None when glyph boxes were not measured.
    glyphs_outside: int | None = None


@dataclass(frozen=True)
class FontReport:
    """One font as the printer sees it; ``pages`` lists the pages whose resources name it."""

    name: str
    subset: bool
    embedded: bool
    kind: str
    base14: bool
    pages: tuple[int, ...] = ()


@dataclass(frozen=True)
class PreflightReport:
    """Everything found, and one sentence per thing the print shop would object to."""

    pages: tuple[PageReport, ...]
    fonts: tuple[FontReport, ...]
    color_spaces: frozenset[str]
    smallest_text: float | None
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def preflight(pdf: bytes | Path, expect: Expectations = Expectations(), *,
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
    font_reports = tuple(sorted((replace(f, pages=tuple(sorted(p))) for f, p in fonts.items()),
                                key=lambda f: (f.name, f.kind, f.pages)))
    sizes = [p.smallest_text for p in pages if p.smallest_text is not None]
    spaces = frozenset().union(*(p.color_spaces for p in pages))
    return PreflightReport(pages, font_reports, spaces, min(sizes, default=None),
                           _problems(pages, font_reports, expect))


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



@dataclass
class _Graphics:
    """The part of the graphics state text size depends on; saved by q, restored by Q."""

    ctm: Matrix = IDENTITY
    size: float = 0.0
    mode: int = 0


@dataclass
class _Scan:
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


def _problems(pages: tuple[PageReport, ...], fonts: tuple[FontReport, ...],
              expect: Expectations) -> tuple[str, ...]:
    """One sentence per problem; a problem found on many pages is said once, naming them."""
    found: dict[str, list[int]] = {}
    for page in pages:
        for message in _box_problems(page, expect) + _page_problems(page, expect):
            found.setdefault(message, []).append(page.number)
    problems = []
    if expect.pages is not None and len(pages) != expect.pages:
        problems.append(f"the file has {len(pages)} page(s) but {expect.pages} ordered; "
                        "export the document again with the ordered pages")
    problems += [f"{_where(numbers)}: {message}" for message, numbers in found.items()]
    problems += [f"{_where(f.pages)}: {message}" for f in fonts for message in _font_problems(f)]
    return tuple(problems)


def _page_problems(page: PageReport, expect: Expectations) -> list[str]:
    problems = []
    if expect.page_size is not None:
        size = tuple(v * 72 for v in page.trim_size_in)
        if any(abs(a - b) > TOLERANCE for a, b in zip(size, expect.page_size, strict=True)):
            problems.append(f"trim size is {_size(size)} but {_size(expect.page_size)} "
                            "was ordered; render the document at the ordered size")
    for space in sorted(page.color_spaces - PRINT_SPACES) if expect.cmyk else ():
        kind = "RGB colour" if space in RGB_SPACES else "colour that is not CMYK or grey"
        problems.append(f"uses {kind} ({space}) in a CMYK job; "
                        "convert the colours to CMYK or grey before printing")
    if page.text_outside:
        problems.append(f"has {page.text_outside} run(s) of text starting outside the page: "
                        "a text is too long for its place; shorten it")
    elif page.glyphs_outside:
        problems.append(f"has {page.glyphs_outside} character(s) of text running off the page: "
                        "a text is too long for its place; shorten it")
    small, least = page.smallest_text, expect.min_text_size
    if least is not None and small is not None and small < least - 0.005:
        problems.append(f"has text as small as {_pt(small)} pt, below the {_pt(least)} pt "
                        "minimum; enlarge it")
    return problems


def _box_problems(page: PageReport, expect: Expectations) -> list[str]:
    trim, bleed, media = page.trim_box, page.bleed_box, page.media_box
    problems = []
    if trim and bleed and not _inside(trim, bleed):
        problems.append("the TrimBox is not inside the BleedBox; "
                        "make the BleedBox enclose the trimmed page")
    if not _inside(bleed or trim or media, media):
        problems.append(f"the {'BleedBox' if bleed else 'TrimBox'} reaches outside the "
                        "MediaBox; make the page (MediaBox) at least as large")
    if expect.bleed is None:
        return problems
    want = f"{_pt(expect.bleed)} pt ({expect.bleed / 72:g} in)"
    if trim is None or bleed is None:
        missing = " and ".join(n for n, b in (("TrimBox", trim), ("BleedBox", bleed)) if not b)
        problems.append(f"has no {missing} but {want} bleed was ordered; set the TrimBox to "
                        f"the finished size and the BleedBox {want} beyond it on every side")
        return problems
    margins = (trim[0] - bleed[0], trim[1] - bleed[1], bleed[2] - trim[2], bleed[3] - trim[3])
    if any(abs(m - expect.bleed) > TOLERANCE for m in margins):
        problems.append(f"the BleedBox is {', '.join(_pt(m) for m in margins)} pt beyond the "
                        f"TrimBox (left, bottom, right, top) but {want} on every side was "
                        "ordered; extend the artwork and the BleedBox")
    return problems


def _inside(inner: Box, outer: Box, slack: float = 0.01) -> bool:
    return (inner[0] >= outer[0] - slack and inner[1] >= outer[1] - slack
            and inner[2] <= outer[2] + slack and inner[3] <= outer[3] + slack)


def _font_problems(font: FontReport) -> list[str]:
    problems = []
    if not font.embedded:
        problems.append(f"font {font.name} ({font.kind}) is not embedded, so the "
                        "printer will substitute another; embed the font in the PDF")
    if font.base14:
        problems.append(f"font {font.name} is one of the 14 standard PDF fonts, "
                        "which printers replace with their own; use a bundled font instead")
    return problems



def format_report(report: PreflightReport, name: str) -> str:
    """The report as aligned plain text for the person who sends the file to print."""
    lines = [f"preflight: {name}", _row("pages", str(len(report.pages)))]
    groups: dict[tuple[Any, ...], list[int]] = {}
    for page in report.pages:  # pages with the same size and boxes are shown once
        key = (page.trim_size_in, page.media_box, page.crop_box, page.trim_box, page.bleed_box)
        groups.setdefault(key, []).append(page.number)
    for (size, *boxes), numbers in groups.items():
        lines.append(_row(_where(numbers), f"trim size {_size(tuple(v * 72 for v in size))}"))
        for label, box in zip(("media box", "crop box", "trim box", "bleed box"), boxes,
                              strict=True):
            lines.append(_row(f"  {label}", " ".join(_pt(v) for v in box) if box else "-"))
    lines.append("fonts:" if report.fonts else _row("fonts", "none"))
    lines += [f"  {f.name:<34} {f.kind:<9} embedded {'yes' if f.embedded else 'NO':<3}  "
              f"subset {'yes' if f.subset else 'no':<3}  {_where(f.pages)}" for f in report.fonts]
    lines.append(_row("colour spaces", ", ".join(sorted(report.color_spaces)) or "none"))
    least = report.smallest_text
    small = [p.number for p in report.pages if least is not None and p.smallest_text == least]
    lines.append(_row("smallest text", f"{_pt(least)} pt ({_where(small)})"
                      if small and least is not None else "no visible text"))
    if report.ok:
        return "\n".join([*lines, "ok"])
    return "\n".join([*lines, "problems:", *(f"  - {p}" for p in report.problems)])


def _where(numbers: tuple[int, ...] | list[int]) -> str:
    return f"{'page' if len(numbers) == 1 else 'pages'} {_ranges(numbers)}"


def _row(label: str, value: str) -> str:
    return f"{label + ':':<16}{value}"


def _ranges(numbers: tuple[int, ...] | list[int]) -> str:
    """1, 2, 3, 5 → '1-3, 5'."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ", ".join(f"{r[0]}-{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)


def _pt(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _size(points: tuple[float, ...]) -> str:
    w, h = points
    return f"{round(w / 72, 3):g} x {round(h / 72, 3):g} in ({_pt(w)} x {_pt(h)} pt)"
