"""A document as editable structure: paragraphs of logical runs, lists, a table.

The PDF writer draws placed glyphs; a word processor shapes, breaks and
reorders text itself and needs something else: which paragraph is a heading,
which items form a numbered list, and for each run of text its language,
direction, script and font family. This module holds that structure as plain
frozen data, and makes runs from a text with the engine's own bidi levels and
font itemization, so a DOCX names the same fonts the PDF embeds. Nothing here
is shaped or placed.

Not to be confused with :class:`.page.Structure`, a placed block's element in a
tagged PDF's structure tree: that one says what a drawn line is for a screen
reader; this one says how a word processor should style and number a paragraph.
"""

from __future__ import annotations

import string
import unicodedata
from enum import Enum

from msgspec import Struct

from ..text import icu
from ..text.itemize import itemize

Color = tuple[float, float, float]


class Role(Enum):
    """What a paragraph is; each role is one paragraph style in a DOCX."""

    LETTERHEAD = "letterhead"          # the district's name
    LETTERHEAD_DETAIL = "letterhead detail"  # board, address
    TITLE = "title"                    # the document's title: a heading
    SUBTITLE = "subtitle"
    LEAD = "lead"                      # a digest's summary
    HEADING = "heading"                # a section heading ("Questions?", the commitments)
    BODY = "body"
    NUMBERED = "numbered"              # an item of a numbered list (nested by level)
    BULLETED = "bulleted"              # an item of a bulleted list
    SITE = "site"                      # "Posted at {site}"
    NOTE = "note"                      # small print: other languages, the QR caption
    SIGNATURE = "signature"            # a signatory's name
    SIGNATURE_DETAIL = "signature detail"  # role and organisation
    DRAFT = "draft"                    # the draft-translation notice
    PAGE_NUMBER = "page number"


class Align(Enum):
    START = "start"
    END = "end"
    CENTER = "center"
    JUSTIFY = "justify"


class Span(Struct, frozen=True):
    """A logical run: text in reading order, one language, direction, script and font.

    ``field`` names a number the word processor fills in (``PAGE``, ``NUMPAGES``);
    ``text`` is then only its placeholder.
    """

    text: str
    language: str
    script: str
    rtl: bool
    family: str
    bold: bool = False
    field: str = ""


class Para(Struct, frozen=True):
    """One paragraph: its role, base direction and language, and its runs."""

    role: Role
    spans: tuple[Span, ...]
    rtl: bool
    language: str
    #: List nesting (0 = top level) and which list the item belongs to.
    level: int = 0
    list_id: int = 0

    @property
    def text(self) -> str:
        return "".join(span.text for span in self.spans)


class Table(Struct, frozen=True):
    """Columns of paragraphs side by side without borders (the letter's signatures).

    Columns are in reading order; a right-to-left table starts at the right.
    """

    columns: tuple[tuple[Para, ...], ...]
    rtl: bool


class QrCode(Struct, frozen=True):
    """A QR code of ``data``, ``width`` points square, with a text alternative."""

    data: str
    width: float
    description: str
    rtl: bool


Block = Para | Table | QrCode


class StyleSpec(Struct, frozen=True):
    """The look of one role: size in points, weight, colour, alignment, spacing."""

    role: Role
    size: float
    bold: bool = False
    color: Color = (0.0, 0.0, 0.0)
    align: Align = Align.START
    space_before: float = 0.0
    space_after: float = 0.0
    #: Baseline-to-baseline distance in multiples of ``size`` (the script's leading).
    leading: float = 1.3


class Section(Struct, frozen=True):
    """Pages of one size, margins and column count; ``continuous`` starts on the same page."""

    width: float
    height: float
    #: top, right, bottom, left in points.
    margins: tuple[float, float, float, float]
    blocks: tuple[Block, ...]
    footer: tuple[Para, ...] = ()
    columns: int = 1
    rtl: bool = False
    continuous: bool = False


class Structure(Struct, frozen=True):
    """An editable document: metadata, the look of each role, and its sections."""

    title: str
    language: str
    rtl: bool
    script: str
    subject: str
    styles: tuple[StyleSpec, ...]
    sections: tuple[Section, ...]

    def paragraphs(self) -> list[Para]:
        """Every paragraph in reading order: body, table cells, then each footer."""
        out: list[Para] = []
        for section in self.sections:
            for block in section.blocks:
                if isinstance(block, Para):
                    out.append(block)
                elif isinstance(block, Table):
                    out += [p for column in block.columns for p in column]
            out += section.footer
        return out


def spans(text: str, language: str, script: str, rtl: bool, *, bold: bool = False
          ) -> tuple[Span, ...]:
    """``text`` as logical runs: the engine's bidi levels and font itemization, no shaping.

    A span is right-to-left at an odd bidi level or in a right-to-left script.
    Adjacent runs that differ only in bidi level but not in direction are merged.
    """
    text = unicodedata.normalize("NFC", text)
    if not text:
        return ()
    levels = icu.bidi_levels(text, rtl)
    out: list[Span] = []
    for run in itemize(text, levels, script, bold=bold):
        # Digits of a right-to-left script (Hanifi, Arabic-Indic) sit at an even level
        # but are right-to-left text to a word processor, as their letters are.
        rtl = run.rtl or icu.is_rtl_script(run.script)
        span = Span(text[run.start:run.end], language, run.script, rtl, run.face.family, bold)
        if out and (out[-1].script, out[-1].rtl, out[-1].family) == (
                span.script, span.rtl, span.family):
            previous = out.pop()
            span = Span(previous.text + span.text, language, span.script, span.rtl,
                        span.family, bold)
        out.append(span)
    return tuple(out)


def with_fields(template: str, fields: dict[str, str], language: str, script: str, rtl: bool
                ) -> tuple[Span, ...]:
    """``template`` with each ``{name}`` a field span (``fields`` maps name → field code)."""
    out: list[Span] = []
    for literal, name, _, _ in string.Formatter().parse(template):
        out += spans(literal, language, script, rtl)
        if name:
            number = spans("1", language, script, rtl)[0]
            out.append(Span("1", language, number.script, number.rtl, number.family,
                            field=fields[name]))
    return tuple(out)
