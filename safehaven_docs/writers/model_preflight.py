"""Preflight a laid-out document from its model, as the PDF writer will draw it.

Everything a print shop checks is decided before the PDF exists: the writer
(:mod:`.pdf`) makes each sheet the size and gives it the boxes its
:class:`~safehaven_docs.layout.page.Page` says, writes every colour of a
document as DeviceCMYK (``cmyk``) or else DeviceRGB, draws every text run at
its size in an embedded subset of a bundled TrueType face, and adds logo
images in the colour space ReportLab keeps for them. Reading those facts from
the model gives the report that parsing the written file gives — the same
dataclasses and the same sentences (:mod:`safehaven_docs.print_checks`) — in
well under a millisecond instead of tens; tests hold the two to agreement on
every shipped document. Files from elsewhere are still read by
:mod:`safehaven_docs.preflight`.

Imports neither ReportLab nor a PDF parser.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from ..layout.page import Document, ImageBlock, Page, TextBlock
from ..print_checks import (
    BASE14,
    Box,
    Expectations,
    FontReport,
    PageReport,
    PreflightReport,
    build_report,
)
from ..text.fonts import Face, font_library
from .text_layer import Construction, choose_construction

#: The family of the canvas's initial font (:mod:`.pdf`), also the face of the invisible
#: text layer under right-to-left lines in scripts PDFium cannot read back.
BASE_FAMILY = "Noto Sans"
#: Text sizes are written to a thousandth of a point.
_SIZE_DECIMALS = 3
#: A run's origin may lie this far outside the sheet before it counts as outside (as the
#: parser counts it).
_SLACK = 1.0


def preflight_document(document: Document, expect: Expectations) -> PreflightReport:
    """The preflight report of the PDF :func:`~.pdf.pdf_bytes` writes for ``document``."""
    pages = tuple(_page_report(page, number, document.cmyk)
                  for number, page in enumerate(document.pages, 1))
    numbers = range(1, len(document.pages) + 1)  # every page names every font of the file
    fonts = [(_font_report(face), numbers) for face in _faces(document)]
    return build_report(pages, fonts, expect)


def _page_report(page: Page, number: int, cmyk: bool) -> PageReport:
    width, height = page.media_size
    media: Box = (0.0, 0.0, width, height)
    trim, bleed = page.trim_box, page.bleed_box
    x0, y0, x1, y1 = trim or media
    spaces: set[str] = set()
    smallest: float | None = None
    outside = 0
    offset, top = page.outset, page.outset + page.height
    for block in page.blocks:
        if isinstance(block, ImageBlock):
            spaces.add(image_space(block.path))
            continue
        spaces.add("DeviceCMYK" if cmyk else "DeviceRGB")  # every rule and text sets its fill
        if not isinstance(block, TextBlock):
            continue
        sizes = [run.size for line in block.paragraph.lines for run in line.runs
                 if run.glyphs and run.size > 1e-6]
        if not sizes:
            continue
        least = round(min(sizes), _SIZE_DECIMALS)
        smallest = least if smallest is None else min(smallest, least)
        reach = max(sizes) + _SLACK  # origins stay within an em of the block's box
        if not _inside(block, offset, top, media, reach):
            outside += _runs_outside(block, offset, top, media)
    return PageReport(number, media, None, trim, bleed, ((x1 - x0) / 72, (y1 - y0) / 72),
                      smallest, frozenset(spaces), outside)


def _inside(block: TextBlock, offset: float, top: float, media: Box, reach: float) -> bool:
    """Whether ``block``'s box, grown by ``reach`` on every side, lies on the sheet."""
    left, right = offset + block.x, offset + block.right
    bottom, up = top - block.bottom, top - block.y
    return (left - reach >= media[0] and bottom - reach >= media[1]
            and right + reach <= media[2] and up + reach <= media[3])


def _runs_outside(block: TextBlock, offset: float, top: float, media: Box) -> int:
    """Runs of glyphs (one font, size and baseline, as drawn) whose origin is off the sheet."""
    x0, y0, x1, y1 = media
    count = 0
    for line in block.paragraph.lines:
        origin = offset + block.x + line.x
        baseline = top - block.y - line.baseline
        current: tuple[Face, float, float] | None = None
        for run in line.runs:
            for glyph in run.glyphs:
                x, y = origin + run.x + glyph.x, baseline + glyph.y
                key = (run.face, run.size, round(y, _SIZE_DECIMALS))
                if key == current:
                    continue
                current = key
                if not (x0 - _SLACK <= x <= x1 + _SLACK and y0 - _SLACK <= y <= y1 + _SLACK):
                    count += 1
    return count


def _faces(document: Document) -> Iterable[Face]:
    """Every face the PDF names: the face of every drawn run, and the base face when an
    invisible text layer is drawn (paragraphs with Hanifi Rohingya letters)."""
    blocks = [block for page in document.pages for block in page.blocks
              if isinstance(block, TextBlock)]
    faces = {run.face for block in blocks for line in block.paragraph.lines
             for run in line.runs if run.glyphs}
    if any(not block.decorative
           and choose_construction(block.paragraph) is Construction.INVISIBLE_LAYER
           and any(line.text for line in block.paragraph.lines) for block in blocks):
        faces.add(font_library().get(BASE_FAMILY))
    return faces


@lru_cache(maxsize=64)
def _font_report(face: Face) -> FontReport:
    """A bundled face as the writer embeds it: a TrueType subset under its PostScript name."""
    name = face.postscript_name
    return FontReport(name, subset=True, embedded=True, kind="TrueType", base14=name in BASE14)


@lru_cache(maxsize=32)
def _image_space(path: Path, stamp: tuple[int, int]) -> str:
    from PIL import Image

    with Image.open(path) as image:
        if image.format == "JPEG":  # copied as it is: its own components
            return {1: "DeviceGray", 3: "DeviceRGB"}.get(len(image.getbands()), "DeviceCMYK")
        # Other images are decoded: alpha goes to a soft mask, grey and CMYK stay, the
        # rest (palette, bilevel, 16-bit) becomes RGB.
        return {"L": "DeviceGray", "LA": "DeviceGray", "CMYK": "DeviceCMYK"}.get(
            image.mode, "DeviceRGB")


def image_space(path: Path) -> str:
    """The colour space of the image XObject the writer makes of the image at ``path``."""
    stat = path.stat()
    return _image_space(path, (stat.st_mtime_ns, stat.st_size))
