"""Every document as editable structure (for DOCX): the same texts the PDFs print.

Each builder mirrors its PDF layout's content and order — letterhead or band,
site line, title, body, lists, signatures, the draft notice — but decides no
positions: page size, margins, columns and the type scale come from the PDF
documents, and the word processor flows the text. Body sizes are the PDF's
times :data:`LOOSER`: a word processor's lines are a little wider than ours,
and the DOCX stacks what the PDF sets side by side (the digest's QR code
beside its caption, the monogram beside the district's name).
"""

from __future__ import annotations

from msgspec.structs import replace

from ...dates import format_month_year
from ...model.content import Item, LanguageTexts
from ...text.scripts import script_info
from ..structure import (
    Align,
    Block,
    Para,
    QrCode,
    Role,
    Section,
    Structure,
    StyleSpec,
    Table,
    spans,
    with_fields,
)
from . import letter as letter_layout
from . import multilingual as multilingual_layout
from . import poster as poster_layout
from .common import (
    FSI,
    GREY,
    HEADING,
    HEADLINE,
    INCH,
    LARGE,
    PDI,
    SAFE,
    SHEETS,
    SMALL,
    TITLE,
    Kit,
    isolate,
    sheet_size,
)
from .digest import fitting_size
from .handout import body_sizes

#: The DOCX body size as a share of the PDF's fitted body size.
LOOSER = 0.88


class _Writer:
    """Paragraphs in one language: ``para(role, text)`` with the language's runs."""

    def __init__(self, kit: Kit) -> None:
        self.kit = kit
        self.meta = kit.language.meta
        self.lists = 0

    def para(self, role: Role, text: str, *, bold: bool = False, level: int = 0,
             list_id: int = 0) -> Para:
        runs = spans(text, self.meta.tag, self.meta.script, self.kit.rtl, bold=bold)
        return Para(role, runs, self.kit.rtl, self.meta.tag, level, list_id)

    def new_list(self) -> int:
        self.lists += 1
        return self.lists


def _styles(kit: Kit, size: float, *, title: float, lead: float = LARGE) -> tuple[StyleSpec, ...]:
    script = script_info(kit.language.meta.script)
    body_align = Align.JUSTIFY if script.spaces_between_words else Align.START
    primary = kit.primary
    styles = (
        StyleSpec(Role.LETTERHEAD, size * LARGE, True, primary),
        StyleSpec(Role.LETTERHEAD_DETAIL, size * SMALL, color=GREY),
        StyleSpec(Role.TITLE, size * title, True, primary, space_before=size * 0.8,
                  space_after=size * 0.3),
        StyleSpec(Role.SUBTITLE, size * 0.95, color=GREY, space_after=size * 0.6),
        StyleSpec(Role.LEAD, size * lead, space_after=size * 0.6),
        StyleSpec(Role.HEADING, size * HEADING, True, primary, space_before=size * 0.9,
                  space_after=size * 0.3),
        StyleSpec(Role.BODY, size, align=body_align, space_before=size * 0.6),
        StyleSpec(Role.NUMBERED, size, align=body_align, space_before=size * 0.45),
        StyleSpec(Role.BULLETED, size, space_before=size * 0.45),
        StyleSpec(Role.SITE, size * SMALL, True, GREY, space_after=size * 0.5),
        StyleSpec(Role.NOTE, size * SMALL, color=GREY, space_before=size * 0.4),
        StyleSpec(Role.SIGNATURE, size * 0.95, True, space_before=size * 2.5),
        StyleSpec(Role.SIGNATURE_DETAIL, size * 0.85, color=GREY),
        StyleSpec(Role.DRAFT, max(6.5, size * 0.7), color=GREY),
        StyleSpec(Role.PAGE_NUMBER, max(6.5, size * 0.77), color=GREY, align=Align.END),
    )
    return tuple(replace(style, leading=script.leading) for style in styles)


def _draft(kit: Kit, english: LanguageTexts) -> tuple[Para, ...]:
    """The draft notice in the language and, isolated, in English; none when reviewed."""
    language = kit.language
    if not language.meta.is_draft:
        return ()
    writer = _Writer(kit)
    own = writer.para(Role.DRAFT, language.labels["draft_notice"])
    theirs = english.labels["draft_notice"]
    if own.text == theirs:
        return (own,)
    source = english.meta
    tail = spans(f"{FSI}{theirs}{PDI}", source.tag, source.script, kit.rtl)
    middle = spans(" · ", language.meta.tag, language.meta.script, kit.rtl)
    return (Para(Role.DRAFT, own.spans + middle + tail, kit.rtl, language.meta.tag),)


def _notice(draft: tuple[Para, ...]) -> str | None:
    """The draft notice's text, as the PDF layouts take it."""
    return draft[0].text if draft else None


def _band(writer: _Writer) -> list[Block]:
    labels = writer.kit.language.labels
    return [writer.para(Role.LETTERHEAD, labels["district"], bold=True),
            writer.para(Role.LETTERHEAD_DETAIL, labels["board"])]


def _commitments(writer: _Writer, commitments: tuple[Item, ...]) -> list[Block]:
    """The commitments as one numbered list, their duties nested at level 1."""
    list_id = writer.new_list()
    out: list[Block] = []
    for item in commitments:
        out.append(writer.para(Role.NUMBERED, item.text, list_id=list_id))
        out += [writer.para(Role.NUMBERED, sub.text, level=1, list_id=list_id)
                for sub in item.items]
    return out


def _margins(width: float, height: float, share: float) -> tuple[float, float, float, float]:
    margin = max(SAFE, min(width, height) * share)
    return (margin, margin, margin, margin)


def poster_structure(kit: Kit, english: LanguageTexts, sheet: str, others: list[str]
                     ) -> Structure:
    """The complete resolution: title and preamble, then the body in the PDF's columns."""
    width, height = sheet_size(sheet)
    draft = _draft(kit, english)
    notice = _notice(draft)
    size = poster_layout.fitting_size(kit, sheet, others=others, draft=notice) * LOOSER
    writer = _Writer(kit)
    resolution = kit.language.resolution
    head: list[Block] = [*_band(writer), writer.para(Role.TITLE, resolution.title, bold=True),
                         writer.para(Role.SUBTITLE, resolution.subtitle)]
    body: list[Block] = [writer.para(Role.BODY, text) for text in resolution.preamble]
    body.append(writer.para(Role.HEADING, resolution.commitments_intro, bold=True))
    body += _commitments(writer, resolution.commitments)
    names = " · ".join(isolate(name) for name in others)
    tail = writer.para(Role.NOTE, f"{kit.language.labels['other_languages']}: {names}")
    margins = _margins(width, height, 0.055)
    columns = 2 if width >= 10 * INCH else 1
    # The note under the columns is a section of its own, so the columns above it balance.
    sections = (Section(width, height, margins, tuple(head), draft, 1, kit.rtl),
                Section(width, height, margins, tuple(body), draft, columns, kit.rtl,
                        continuous=True),
                Section(width, height, margins, (tail,), draft, 1, kit.rtl, continuous=True))
    return _structure(kit, resolution.title, english, _styles(kit, size, title=TITLE), sections)


def _digest_blocks(writer: _Writer, site: str | None) -> list[Block]:
    kit = writer.kit
    digest = kit.language.digest
    labels = kit.language.labels
    blocks = _band(writer)
    if site:
        blocks.append(writer.para(Role.SITE, labels.format("posted_at", site=isolate(site)),
                                  bold=True))
    blocks += [writer.para(Role.TITLE, digest.headline, bold=True),
               writer.para(Role.LEAD, digest.summary)]
    points = writer.new_list()
    blocks += [writer.para(Role.BULLETED, point.text, list_id=points)
               for point in digest.points]
    blocks += [writer.para(Role.HEADING, digest.ask.heading, bold=True),
               writer.para(Role.BODY, kit.fill(digest.ask.text)),
               writer.para(Role.HEADING, labels["scan_for_languages"], bold=True),
               writer.para(Role.NOTE, kit.fill(digest.ask.full_text)),
               QrCode(kit.branding.url, 0.9 * INCH, kit.branding.url, kit.rtl)]
    return blocks


def digest_structure(kit: Kit, english: LanguageTexts, sheet: str, site: str | None
                     ) -> Structure:
    """The digest on ``sheet`` at the PDF's body size."""
    width, height = sheet_size(sheet)
    draft = _draft(kit, english)
    size = fitting_size(kit, width, height, site=site, draft=_notice(draft)) * LOOSER
    section = Section(width, height, _margins(width, height, 0.06),
                      tuple(_digest_blocks(_Writer(kit), site)), draft, 1, kit.rtl)
    return _structure(kit, kit.language.digest.headline, english,
                      _styles(kit, size, title=HEADLINE), (section,))


def handout_structure(kit: Kit, english_kit: Kit | None, english: LanguageTexts,
                      site: str | None) -> Structure:
    """The digest on the handout's pages (half or full Letter, as the PDF); ``english_kit``
    adds the English digest after it."""
    kits = [kit] if english_kit is None else [kit, english_kit]
    notice = _notice(_draft(kit, english))
    (width, height), sizes = body_sizes(kit, english_kit, site=site, draft=notice)
    size = min(sizes) * LOOSER
    margins = _margins(width, height, 0.06)
    sections = tuple(Section(width, height, margins, tuple(_digest_blocks(_Writer(one), site)),
                             _draft(one, english), 1, one.rtl) for one in kits)
    return _structure(kit, kit.language.digest.headline, english,
                      _styles(kit, size, title=2.0, lead=1.12), sections)


def letter_structure(kit: Kit, english: LanguageTexts) -> Structure:
    """The 2019 letter: letterhead, date, body, numbered commitments, signatures, footer."""
    texts = kit.language
    letter = texts.letter
    writer = _Writer(kit)
    labels = texts.labels
    blocks: list[Block] = [*_band(writer),
                           writer.para(Role.LETTERHEAD_DETAIL, isolate(kit.branding.address)),
                           writer.para(Role.BODY, format_month_year(texts, letter.date)),
                           writer.para(Role.BODY, letter.salutation)]
    blocks += [writer.para(Role.BODY, text) for text in letter.opening]
    blocks.append(writer.para(Role.HEADING, texts.resolution.commitments_intro, bold=True))
    blocks += _commitments(writer, texts.resolution.commitments)
    blocks += [writer.para(Role.BODY, text) for text in letter.closing_paragraphs]
    blocks.append(writer.para(Role.BODY, letter.closing))
    columns = []
    for signatory in letter.signatories:
        cell = [writer.para(Role.SIGNATURE, isolate(signatory.name), bold=True),
                writer.para(Role.SIGNATURE_DETAIL, signatory.role)]
        if signatory.organization:
            cell.append(writer.para(Role.SIGNATURE_DETAIL, signatory.organization))
        columns.append(tuple(cell))
    blocks.append(Table(tuple(columns), kit.rtl))
    meta = texts.meta
    pages = Para(Role.PAGE_NUMBER,
                 with_fields(labels["page_of"], {"page": "PAGE", "pages": "NUMPAGES"},
                             meta.tag, meta.script, kit.rtl), kit.rtl, meta.tag)
    width, height = SHEETS["letter"]
    margin = letter_layout.MARGIN
    margins = (letter_layout.TOP, margin, letter_layout.FOOTER + letter_layout.BODY * 1.5,
               margin)
    section = Section(width, height, margins, tuple(blocks), (pages, *_draft(kit, english)),
                      1, kit.rtl)
    return _structure(kit, labels["letter_title"], english,
                      _styles(kit, letter_layout.BODY, title=1.4), (section,))


def multilingual_structure(kits: list[Kit], english: LanguageTexts, sheet: str) -> Structure:
    """Every language's name, headline and summary, each in its own script and direction."""
    width, height = sheet_size(sheet)
    drafted = any(kit.language.meta.is_draft for kit in kits)
    notice = english.labels["draft_notice"] if drafted else None
    size = multilingual_layout.fitting_size(kits, sheet, draft=notice) * LOOSER
    first = _Writer(kits[0])
    head = _band(first)
    cells: list[Block] = []
    for kit in kits:
        writer = _Writer(kit)
        cells += [writer.para(Role.HEADING, kit.language.meta.native_name, bold=True),
                  writer.para(Role.TITLE, kit.language.digest.headline, bold=True),
                  writer.para(Role.BODY, kit.language.digest.summary)]
    footer = (first.para(Role.DRAFT, notice),) if notice else ()
    margins = _margins(width, height, 0.05)
    sections = (Section(width, height, margins, tuple(head), footer, 1, False),
                Section(width, height, margins, tuple(cells), footer, 2, False,
                        continuous=True))
    styles = _styles(kits[0], size, title=1.45)
    return Structure(english.digest.headline, "mul", False, "Latn",
                     english.resolution.title, styles, sections)


def _structure(kit: Kit, title: str, english: LanguageTexts, styles: tuple[StyleSpec, ...],
               sections: tuple[Section, ...]) -> Structure:
    meta = kit.language.meta
    return Structure(title, meta.tag, kit.rtl, meta.script, english.resolution.title, styles,
                     sections)
