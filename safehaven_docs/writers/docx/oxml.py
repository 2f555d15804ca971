"""WordprocessingML that python-docx has no API for: direction, scripts, languages, lists.

Small functions in python-docx's own spirit: each names the XML it writes.
Children are inserted in the order the schema (ECMA-376 Part 1, §17) requires,
since Word refuses a file whose property elements are out of order.
"""

from __future__ import annotations

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.xmlchemy import BaseOxmlElement

from .languages import is_complex, word_language

#: Children of ``w:rPr`` in schema order (CT_RPr), as far as we write them.
_RPR_ORDER = ("w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:color", "w:sz",
              "w:szCs", "w:rtl", "w:cs", "w:lang")
#: Children of ``w:pPr`` after ``w:bidi`` in schema order (CT_PPr).
_AFTER_BIDI = ("w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
               "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection",
               "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId",
               "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")
_AFTER_NUMPR = ("w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens",
                "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct",
                "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", *_AFTER_BIDI)
_AFTER_SECT_BIDI = ("w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange")
_AFTER_COLS = ("w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg", "w:textDirection",
               "w:bidi", *_AFTER_SECT_BIDI)
#: ST_Jc values for our alignments: ``start`` is the right edge of a w:bidi paragraph.
JUSTIFICATION = {"start": "start", "end": "end", "center": "center", "justify": "both"}


def element(tag: str, **attributes: str) -> BaseOxmlElement:
    """A new ``w:`` element, e.g. ``element("w:lang", val="en-US")``."""
    attrs = "".join(f' w:{name}="{value}"' for name, value in attributes.items())
    return parse_xml(f"<{tag} {nsdecls('w')}{attrs}/>")


def replace_child(parent: BaseOxmlElement, child: BaseOxmlElement,
                  successors: tuple[str, ...]) -> BaseOxmlElement:
    """Put ``child`` into ``parent`` in schema order, replacing one of the same tag."""
    for old in parent.findall(child.tag):
        parent.remove(old)
    parent.insert_element_before(child, *successors)
    return child


def _rpr_successors(tag: str) -> tuple[str, ...]:
    return (*_RPR_ORDER[_RPR_ORDER.index(tag) + 1:], "w:em", "w:eastAsianLayout",
            "w:specVanish", "w:oMath")


def fonts(rpr: BaseOxmlElement, family: str) -> None:
    """``w:rFonts`` naming ``family`` for every slot (Latin, East Asian, complex script).

    Theme-font attributes of a template's style are dropped: they would win.
    """
    replace_child(rpr, element("w:rFonts", ascii=family, hAnsi=family, eastAsia=family,
                               cs=family), _rpr_successors("w:rFonts"))


def run_format(rpr: BaseOxmlElement, *, size: float | None = None, bold: bool | None = None,
               color: str | None = None) -> None:
    """Size (``w:sz``/``w:szCs``), weight (``w:b``/``w:bCs``) and colour, both script sets."""
    if bold is not None:
        for tag in ("w:b", "w:bCs"):
            replace_child(rpr, element(tag, val="1" if bold else "0"), _rpr_successors(tag))
    if color is not None:
        replace_child(rpr, element("w:color", val=color), _rpr_successors("w:color"))
    if size is not None:
        half_points = str(round(size * 2))
        for tag in ("w:sz", "w:szCs"):
            replace_child(rpr, element(tag, val=half_points), _rpr_successors(tag))


def script_and_language(rpr: BaseOxmlElement, *, script: str, rtl: bool, language: str) -> None:
    """``w:rtl`` for right-to-left text, ``w:cs`` for other complex script, and ``w:lang``.

    The language goes where Word and LibreOffice look for text of this script:
    ``w:val`` for Latin text, ``w:bidi`` for complex-script text.
    """
    complex_script = rtl or is_complex(script)
    if rtl:
        replace_child(rpr, element("w:rtl"), _rpr_successors("w:rtl"))
    elif complex_script:
        replace_child(rpr, element("w:cs"), _rpr_successors("w:cs"))
    tag = word_language(language)
    lang = element("w:lang", bidi=tag) if complex_script else element("w:lang", val=tag)
    replace_child(rpr, lang, _rpr_successors("w:lang"))


def default_language(rpr: BaseOxmlElement, language: str, complex_script: bool) -> None:
    """The document's default language (``w:docDefaults``): every slot Word reads it from."""
    tag = word_language(language)
    latin = "en-US" if complex_script else tag
    replace_child(rpr, element("w:lang", val=latin, eastAsia=latin, bidi=tag),
                  _rpr_successors("w:lang"))


def paragraph_direction(ppr: BaseOxmlElement, *, rtl: bool, align: str,
                        style_rtl: bool = False) -> None:
    """``w:bidi`` for a right-to-left paragraph, and its alignment as ``w:jc``.

    A left-to-right paragraph whose style is right-to-left (English after Arabic in a
    handout) says ``w:bidi w:val="0"``, or it would inherit the style's direction.
    """
    if rtl:
        replace_child(ppr, element("w:bidi"), _AFTER_BIDI)
    elif style_rtl:
        replace_child(ppr, element("w:bidi", val="0"), _AFTER_BIDI)
    replace_child(ppr, element("w:jc", val=JUSTIFICATION[align]), _AFTER_BIDI[8:])


def spacing(ppr: BaseOxmlElement, before: float, after: float, lines: float) -> None:
    """Space before and after a paragraph in points; line spacing in multiples of the
    font's own line height (``w:lineRule="auto"``, which never clips a tall glyph)."""
    replace_child(ppr, element("w:spacing", before=str(round(before * 20)),
                               after=str(round(after * 20)), line=str(round(lines * 240)),
                               lineRule="auto"), _AFTER_BIDI[3:])


def numbering(ppr: BaseOxmlElement, num_id: int, level: int) -> None:
    """``w:numPr``: the paragraph is item ``level`` of list ``num_id``."""
    xml = (f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/>'
           "</w:numPr>")
    replace_child(ppr, parse_xml(xml), _AFTER_NUMPR)


def field(code: str, run: BaseOxmlElement) -> BaseOxmlElement:
    """``w:fldSimple`` wrapping ``run`` (its current value), e.g. ``PAGE``."""
    simple = parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr=" {code} "/>')
    run.addprevious(simple)
    simple.append(run)
    return simple


def section_layout(sect_pr: BaseOxmlElement, *, columns: int, gap: float, rtl: bool) -> None:
    """Columns (``w:cols``) and, for right-to-left sections, ``w:bidi``: columns from the right."""
    cols = element("w:cols", num=str(columns), space=str(round(gap * 20)))
    replace_child(sect_pr, cols, _AFTER_COLS)
    for old in sect_pr.findall(qn("w:bidi")):  # a new section starts as a copy of the last
        sect_pr.remove(old)
    if rtl:
        replace_child(sect_pr, element("w:bidi"), _AFTER_SECT_BIDI)


def borderless(tbl_pr: BaseOxmlElement, *, rtl: bool) -> None:
    """No borders on any edge; ``w:bidiVisual`` puts a right-to-left table's first column right."""
    if rtl:
        replace_child(tbl_pr, element("w:bidiVisual"),
                      ("w:tblStyleRowBandSize", "w:tblStyleColBandSize", "w:tblW", "w:jc",
                       "w:tblCellSpacing", "w:tblInd", "w:tblBorders", "w:shd", "w:tblLayout",
                       "w:tblCellMar", "w:tblLook"))
    edges = "".join(f'<w:{edge} w:val="nil"/>'
                    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"))
    replace_child(tbl_pr, parse_xml(f'<w:tblBorders {nsdecls("w")}>{edges}</w:tblBorders>'),
                  ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook"))


def abstract_list(abstract_id: int, levels: list[tuple[str, str]], family: str,
                  indent: float, rtl: bool) -> BaseOxmlElement:
    """A ``w:abstractNum``: per level a number format and text, e.g. ``("decimal", "%1.")``.

    Indents are on the start side (``w:start``), so right-to-left lists hang their
    numbers on the right. A number is aligned to the start of its hanging indent:
    LibreOffice reads ``w:lvlJc`` physically, so right-to-left lists say ``right``.
    """
    jc = "right" if rtl else "left"
    xml = [f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">',
           '<w:multiLevelType w:val="hybridMultilevel"/>']
    step = round(indent * 20)
    for level, (fmt, text) in enumerate(levels):
        xml.append(
            f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="{jc}"/>'
            f'<w:pPr><w:ind w:start="{step * (level + 1)}" w:hanging="{step}"/></w:pPr>'
            f'<w:rPr><w:rFonts w:ascii="{family}" w:hAnsi="{family}" w:eastAsia="{family}" '
            f'w:cs="{family}" w:hint="default"/></w:rPr></w:lvl>')
    xml.append("</w:abstractNum>")
    return parse_xml("".join(xml))


def list_instance(num_id: int, abstract_id: int, restart: bool) -> BaseOxmlElement:
    """A ``w:num`` using ``abstract_id``; ``restart`` numbers it from 1 again."""
    override = ('<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>'
                if restart else "")
    return parse_xml(f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId '
                     f'w:val="{abstract_id}"/>{override}</w:num>')


def strip_numbering(ppr: BaseOxmlElement) -> None:
    """Remove a template style's own list link (we number paragraphs explicitly)."""
    for old in ppr.findall(qn("w:numPr")):
        ppr.remove(old)
