"""What a print shop checks, and how each problem is said.

The facts a preflight gathers (page boxes, colour spaces, smallest text,
fonts), what the caller ordered (:class:`Expectations`), and one sentence per
problem. Two preflights fill these in: :mod:`.preflight` by reading a PDF
file, for files from elsewhere, and :mod:`.writers.model_preflight` from the
laid-out document our own writer draws. Both give their facts to
:func:`build_report`, so the same problem reads the same from either.

Imports nothing beyond the standard library.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from msgspec import Struct
from msgspec.structs import replace

Box = tuple[float, float, float, float]
#: Points of slack in sizes and boxes: writers round coordinates to a few decimals.
TOLERANCE = 0.5
BASE14 = frozenset({
    "Times-Roman", "Times-Bold", "Times-Italic", "Times-BoldItalic", "Helvetica",
    "Helvetica-Bold", "Helvetica-Oblique", "Helvetica-BoldOblique", "Courier", "Courier-Bold",
    "Courier-Oblique", "Courier-BoldOblique", "Symbol", "ZapfDingbats"})
RGB_SPACES = frozenset({"DeviceRGB", "CalRGB", "ICCBased RGB"})
PRINT_SPACES = frozenset({"DeviceCMYK", "DeviceGray", "CalGray", "ICCBased CMYK",
                          "ICCBased Gray", "Pattern"})


class Expectations(Struct, frozen=True):
    """What the caller orders from the print shop; every check left at None/False is skipped."""

    page_size: tuple[float, float] | None = None  # trim (finished) size, points (w, h)
    pages: int | None = None
    cmyk: bool = False  # only DeviceCMYK/DeviceGray colour: the press prints CMYK
    bleed: float | None = None  # points of artwork beyond the trim on every side
    min_text_size: float | None = None  # points; smaller visible text is a problem


class PageReport(Struct, frozen=True):
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


class FontReport(Struct, frozen=True):
    """One font as the printer sees it; ``pages`` lists the pages whose resources name it."""

    name: str
    subset: bool
    embedded: bool
    kind: str
    base14: bool
    pages: tuple[int, ...] = ()


class PreflightReport(Struct, frozen=True):
    """Everything found, and one sentence per thing the print shop would object to."""

    pages: tuple[PageReport, ...]
    fonts: tuple[FontReport, ...]
    color_spaces: frozenset[str]
    smallest_text: float | None
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def build_report(pages: tuple[PageReport, ...],
                 fonts: Iterable[tuple[FontReport, Iterable[int]]],
                 expect: Expectations) -> PreflightReport:
    """The report on ``pages`` and ``fonts`` (each with the pages naming it) for ``expect``."""
    font_reports = tuple(sorted((replace(f, pages=tuple(sorted(set(p)))) for f, p in fonts),
                                key=lambda f: (f.name, f.kind, f.pages)))
    sizes = [p.smallest_text for p in pages if p.smallest_text is not None]
    spaces = frozenset().union(*(p.color_spaces for p in pages))
    return PreflightReport(pages, font_reports, spaces, min(sizes, default=None),
                           _problems(pages, font_reports, expect))


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
