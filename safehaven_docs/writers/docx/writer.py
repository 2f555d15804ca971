"""A :class:`~safehaven_docs.layout.structure.Structure` as DOCX bytes, with python-docx.

The writer draws what the structure decided: one paragraph style per role,
lists from numbering definitions, a borderless signature table, sections with
the PDF's page size, margins and columns. Each run carries its font, its
direction and its language for both of Word's script sets; Word and
LibreOffice shape the text themselves. The fonts the runs name are embedded.
"""

from __future__ import annotations

import io

from docx import Document as new_document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.styles.style import ParagraphStyle
from docx.text.paragraph import Paragraph
from msgspec import Struct

from ...layout.structure import Para, QrCode, Role, Section, Structure, StyleSpec, Table
from ...text.fonts import Face, font_library
from ...text.scripts import FALLBACK_FAMILY, script_info
from . import oxml
from .fonts import embed, font_table_xml
from .languages import is_complex, word_language
from .package import save, set_properties, set_settings, strip_revision_ids

#: The style each role is written with: Word's built-in names where one fits.
STYLE_NAMES = {
    Role.TITLE: "Heading 1",
    Role.HEADING: "Heading 2",
    Role.SUBTITLE: "Subtitle",
    Role.BODY: "Body Text",
    Role.NUMBERED: "List Number",
    Role.BULLETED: "List Bullet",
    Role.LETTERHEAD: "Letterhead",
    Role.LETTERHEAD_DETAIL: "Letterhead Detail",
    Role.LEAD: "Lead",
    Role.SITE: "Posted At",
    Role.NOTE: "Note",
    Role.SIGNATURE: "Signature Name",
    Role.SIGNATURE_DETAIL: "Signature Detail",
    Role.DRAFT: "Draft Notice",
    Role.PAGE_NUMBER: "Page Number Line",
}
_NUMBERED, _BULLETED = 1, 2
#: The column gap of multi-column sections, in points.
COLUMN_GAP = 0.35 * 72


class _Looks(Struct, frozen=True):
    """What every paragraph needs: its role's spec and style id, and each list's numId."""

    specs: dict[Role, StyleSpec]
    style_ids: dict[Role, str]
    lists: dict[tuple[Role, int], int]
    #: The styles' direction (the document language's).
    rtl: bool


def docx_bytes(structure: Structure) -> bytes:
    """The DOCX file for ``structure``: the same input always gives the same bytes."""
    document = new_document()
    specs = {spec.role: spec for spec in structure.styles}
    _document_defaults(document, structure)
    for spec in structure.styles:
        _style(document, spec, structure)
    ids = {role: document.styles[name].style_id for role, name in STYLE_NAMES.items()
           if role in specs}
    looks = _Looks(specs, ids, _numbering(document, structure), structure.rtl)
    for index, section in enumerate(structure.sections):
        _section(document, section, index)
        for block in section.blocks:
            _block(document, block, looks)
        _footer(document, section, looks)
    _embed_fonts(document, structure)
    set_properties(document, title=structure.title, subject=structure.subject,
                   language=word_language(structure.language))
    set_settings(document, word_language(structure.language))
    strip_revision_ids(document)
    return save(document)


def _family(structure: Structure) -> str:
    return script_info(structure.script).families[0]


def _document_defaults(document: DocxDocument, structure: Structure) -> None:
    """``w:docDefaults``: the language's font and language for every script slot."""
    styles = document.styles.element
    rpr = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    oxml.fonts(rpr, _family(structure))
    oxml.default_language(rpr, structure.language, is_complex(structure.script))


def _style(document: DocxDocument, spec: StyleSpec, structure: Structure) -> None:
    name = STYLE_NAMES[spec.role]
    try:
        style = document.styles[name]
    except KeyError:
        style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = document.styles["Normal"]
    assert isinstance(style, ParagraphStyle)
    style.quick_style = True
    ppr = style.element.get_or_add_pPr()
    oxml.strip_numbering(ppr)
    oxml.spacing(ppr, spec.space_before, spec.space_after, _lines(spec, _family(structure)))
    oxml.paragraph_direction(ppr, rtl=structure.rtl, align=spec.align.value)
    rpr = style.element.get_or_add_rPr()
    oxml.fonts(rpr, _family(structure))
    oxml.run_format(rpr, size=spec.size, bold=spec.bold, color=_hex(spec.color))
    if spec.role is Role.TITLE:  # the next paragraph follows the heading, not a heading
        style.next_paragraph_style = document.styles["Normal"]


def _lines(spec: StyleSpec, family: str) -> float:
    """The style's leading as a multiple of ``family``'s natural line height.

    Word and LibreOffice space single lines by the font's ascender and descender;
    this gives the baseline distance the PDF sets for the script.
    """
    face = font_library().get(family)
    return spec.leading / (face.ascender - face.descender)


def _hex(color: tuple[float, float, float]) -> str:
    return "".join(f"{round(c * 255):02X}" for c in color)


def _numbering(document: DocxDocument, structure: Structure) -> dict[tuple[Role, int], int]:
    """Numbering definitions: numbers for NUMBERED lists, bullets for BULLETED ones.

    Every list gets its own ``w:num`` (numbered ones restart at 1); returns the
    numId of each (role, list_id).
    """
    numbering = document.part.numbering_part.element
    for child in list(numbering):
        numbering.remove(child)
    indent = next((s.size for s in structure.styles if s.role is Role.NUMBERED), 11.0) * 1.6
    numbering.append(oxml.abstract_list(_NUMBERED, [("decimal", "%1."), ("lowerLetter", "%2.")],
                                        FALLBACK_FAMILY, indent, structure.rtl))
    numbering.append(oxml.abstract_list(_BULLETED, [("bullet", "•"), ("bullet", "–")],
                                        FALLBACK_FAMILY, indent, structure.rtl))
    ids: dict[tuple[Role, int], int] = {}
    for para in structure.paragraphs():
        key = (para.role, para.list_id)
        if para.role in (Role.NUMBERED, Role.BULLETED) and key not in ids:
            ids[key] = len(ids) + 1
            abstract = _NUMBERED if para.role is Role.NUMBERED else _BULLETED
            numbering.append(oxml.list_instance(ids[key], abstract, abstract == _NUMBERED))
    return ids


def _section(document: DocxDocument, section: Section, index: int) -> None:
    """Page size, margins, columns and direction: the first section or a new one."""
    if index == 0:
        docx_section = document.sections[0]
    else:
        start = WD_SECTION.CONTINUOUS if section.continuous else WD_SECTION.NEW_PAGE
        docx_section = document.add_section(start)
    docx_section.page_width, docx_section.page_height = Pt(section.width), Pt(section.height)
    top, right, bottom, left = section.margins
    docx_section.top_margin, docx_section.bottom_margin = Pt(top), Pt(bottom)
    docx_section.left_margin, docx_section.right_margin = Pt(left), Pt(right)
    docx_section.footer_distance = Pt(bottom / 2)
    docx_section.header_distance = Pt(top / 2)
    oxml.section_layout(docx_section._sectPr, columns=section.columns, gap=COLUMN_GAP,
                        rtl=section.rtl)


def _block(document: DocxDocument, block: Para | Table | QrCode, looks: _Looks) -> None:
    if isinstance(block, Para):
        _paragraph(document.add_paragraph(), block, looks)
    elif isinstance(block, Table):
        _table(document, block, looks)
    else:
        _qr_code(document, block)


def _paragraph(paragraph: Paragraph, para: Para, looks: _Looks) -> None:
    """A paragraph in its role's style, its direction, list membership and runs."""
    spec = looks.specs[para.role]
    ppr = paragraph._p.get_or_add_pPr()
    ppr.style = looks.style_ids[para.role]  # by id: a lookup by name scans every style
    oxml.paragraph_direction(ppr, rtl=para.rtl, align=spec.align.value, style_rtl=looks.rtl)
    if (para.role, para.list_id) in looks.lists:
        oxml.numbering(ppr, looks.lists[(para.role, para.list_id)], para.level)
    for span in para.spans:
        run = paragraph.add_run(span.text)
        rpr = run._r.get_or_add_rPr()
        oxml.fonts(rpr, span.family)
        oxml.run_format(rpr, size=spec.size, bold=span.bold or spec.bold)
        oxml.script_and_language(rpr, script=span.script, rtl=span.rtl, language=span.language)
        if span.field:
            oxml.field(span.field, run._r)


def _table(document: DocxDocument, table: Table, looks: _Looks) -> None:
    """A one-row table without borders, one column per signatory in reading order."""
    docx_table = document.add_table(rows=1, cols=len(table.columns))
    oxml.borderless(docx_table._tbl.tblPr, rtl=table.rtl)
    for cell, column in zip(docx_table.rows[0].cells, table.columns, strict=True):
        for index, para in enumerate(column):
            paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
            _paragraph(paragraph, para, looks)


def _qr_code(document: DocxDocument, code: QrCode) -> None:
    """The QR code as a PNG on a paragraph of its own, with its text as the description."""
    from ..qr_png import qr_png  # Pillow and qrcode: only documents with a code

    paragraph = document.add_paragraph()
    oxml.paragraph_direction(paragraph._p.get_or_add_pPr(), rtl=code.rtl, align="start")
    paragraph.add_run().add_picture(io.BytesIO(qr_png(code.data)), width=Pt(code.width))
    for doc_pr in paragraph._p.iter(qn("wp:docPr")):
        doc_pr.set("descr", code.description)


def _footer(document: DocxDocument, section: Section, looks: _Looks) -> None:
    footer = document.sections[-1].footer
    footer.is_linked_to_previous = False
    for index, para in enumerate(section.footer):
        paragraph = footer.paragraphs[0] if index == 0 else footer.add_paragraph()
        _paragraph(paragraph, para, looks)


def _embed_fonts(document: DocxDocument, structure: Structure) -> None:
    """Every face a run or a list number uses, embedded; the font table names only ours."""
    used = {(FALLBACK_FAMILY, False), (_family(structure), False)}
    used |= {(span.family, span.bold) for para in structure.paragraphs() for span in para.spans}
    library = font_library()
    faces: list[Face] = [library.get(family, bold=bold) for family, bold in sorted(used)]
    font_table = document.part.part_related_by(RT.FONT_TABLE)
    embedded = embed(font_table, faces)
    font_table._blob = font_table_xml(sorted({family for family, _ in used}), embedded)
