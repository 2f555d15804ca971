"""Reading DOCX files back for tests: python-docx for the parts, lxml paths for properties.

The de-obfuscation here is written from ECMA-376 Part 1, §17.8.1 independently of the
writer: the key's bytes are the GUID's hex digit pairs read from fixed positions,
from the end of the braced string to its start.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cache

import docx
from docx.document import Document
from docx.oxml.ns import qn

import safehaven_docs as sh

#: Positions in "{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}" of the first digit of each key byte.
KEY_POSITIONS = (35, 33, 31, 29, 27, 25, 22, 20, 17, 15, 12, 10, 7, 5, 3, 1)


def deobfuscate(data: bytes, font_key: str) -> bytes:
    """The font file inside an obfuscated ``.odttf`` part."""
    key = [int(font_key[p:p + 2], 16) for p in KEY_POSITIONS]
    head = bytes(b ^ key[i % 16] for i, b in enumerate(data[:32]))
    return head + data[32:]


@dataclass(frozen=True)
class RunInfo:
    text: str
    fonts: dict[str, str]
    rtl: bool
    cs: bool
    lang: dict[str, str]
    size: str | None
    size_cs: str | None
    bold: bool
    bold_cs: bool


@cache
def open_docx(data: bytes) -> Document:
    """The parsed document (once per distinct file: tests only read it)."""
    return docx.Document(io.BytesIO(data))


_NAMES: dict[int, dict[str, str]] = {}


def _style_names(document: Document) -> dict[str, str]:
    """Style id → UI name ("Heading 1"), once per (cached, so never collected) document."""
    if id(document) not in _NAMES:
        _NAMES[id(document)] = {s.style_id: s.name for s in document.styles}
    return _NAMES[id(document)]


@cache
def rendered(doc: str, lang: str, site: str | None = None) -> bytes:
    """A DOCX render, made once per test run."""
    return sh.render(doc, lang, fmt="docx", site=site)


def all_paragraphs(document: Document) -> list:
    """Every ``w:p`` of the body (tables included) and of every footer."""
    out = list(document.element.body.iter(qn("w:p")))
    for section in document.sections:
        out += list(section.footer._element.iter(qn("w:p")))
    return out


def runs_of(paragraph) -> list[RunInfo]:
    runs = []
    for r in paragraph.iter(qn("w:r")):
        text = "".join(t.text or "" for t in r.iter(qn("w:t")))
        if not text:
            continue
        rpr = r.find(qn("w:rPr"))
        fonts = rpr.find(qn("w:rFonts"))
        lang = rpr.find(qn("w:lang"))

        def val(tag: str, rpr=rpr) -> str | None:
            element = rpr.find(qn(tag))
            return None if element is None else element.get(qn("w:val"))

        runs.append(RunInfo(
            text,
            {k.split("}")[1]: v for k, v in fonts.attrib.items()} if fonts is not None else {},
            rpr.find(qn("w:rtl")) is not None, rpr.find(qn("w:cs")) is not None,
            {k.split("}")[1]: v for k, v in lang.attrib.items()} if lang is not None else {},
            val("w:sz"), val("w:szCs"), val("w:b") == "1", val("w:bCs") == "1"))
    return runs


def style_of(paragraph, document: Document) -> str:
    ppr = paragraph.find(qn("w:pPr"))
    style = ppr.find(qn("w:pStyle")) if ppr is not None else None
    if style is None:
        return "Normal"
    return _style_names(document)[style.get(qn("w:val"))]


def text_of(paragraph) -> str:
    return "".join(t.text or "" for t in paragraph.iter(qn("w:t")))
