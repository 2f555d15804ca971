"""The machine-checkable part of PDF/UA-1 (the Matterhorn Protocol), on a finished PDF.

No veraPDF here: these are the checks of the Matterhorn Protocol that a
program can decide and that apply to the documents this package writes (no
forms, annotations, or optional content). Each check says what it looks at;
docs/accessibility.md lists them with their Matterhorn numbers and what a
person must still check (alternative texts that say the right thing, reading
order that makes sense, contrast). Reads with pypdf only, like the print
preflight.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise
from typing import Any

from msgspec import Struct
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from .content_stream import operations

#: The standard structure types of ISO 32000-1 (14.8.4); others need a role map.
STANDARD = frozenset((
    "Document", "Part", "Art", "Sect", "Div", "BlockQuote", "Caption", "TOC", "TOCI", "Index",
    "NonStruct", "Private", "H", "H1", "H2", "H3", "H4", "H5", "H6", "P", "L", "LI", "Lbl",
    "LBody", "Table", "TR", "TH", "TD", "THead", "TBody", "TFoot", "Span", "Quote", "Note",
    "Reference", "BibEntry", "Code", "Link", "Annot", "Ruby", "RB", "RT", "RP", "Warichu", "WT",
    "WP", "Figure", "Formula", "Form"))
_HEADING = re.compile(r"^H([1-6])$")
#: BCP 47 language tags as these documents use them: language, script, region, variants.
_BCP47 = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z]{4})?(-(?:[A-Za-z]{2}|\d{3}))?"
                    r"(-(?:[A-Za-z\d]{5,8}|\d[A-Za-z\d]{3}))*$")
_PAINTING = frozenset({b"Tj", b"TJ", b"'", b'"', b"f", b"f*", b"F", b"B", b"B*", b"b", b"b*",
                       b"S", b"s", b"Do", b"sh", b"BI", b"INLINE IMAGE"})
_LISTS = {"L": {"LI", "L", "Caption"}, "LI": {"Lbl", "LBody"}}
_TABLES = {"Table": {"TR", "THead", "TBody", "TFoot", "Caption"}, "TR": {"TH", "TD"},
           "THead": {"TR"}, "TBody": {"TR"}, "TFoot": {"TR"}}
#: Every check, in report order, with the Matterhorn checkpoint groups it belongs to.
CHECKS = {
    "tagged": "01, 06: /MarkInfo /Marked true and a structure tree",
    "content": "01: every content item tagged or an artifact, never both",
    "parent tree": "01: every marked content in exactly one element; the ParentTree agrees",
    "roles": "02: every structure type standard or role-mapped to one",
    "headings": "14: the first heading is H1; no heading level skipped",
    "lists": "09, 16: L and LI hold only what they may; every LI an Lbl, then an LBody",
    "tables": "09, 15: Table and TR hold only rows and cells; header cells (TH), each with "
              "a Scope",
    "figures": "13: every Figure has alternative text",
    "language": "11: /Lang on the document and every element is a valid BCP 47 tag",
    "title": "06, 07: a title in the XMP metadata, and DisplayDocTitle true",
    "identification": "06: the PDF/UA identifier in the XMP metadata; PDF 1.7 (ISO 32000-1)",
    "fonts": "31: every font embedded, with a ToUnicode map",
    "tabs": "28: /Tabs /S on every page with annotations",
}


class AccessibilityReport(Struct, frozen=True):
    """Whether the file is tagged, and each check's problems (empty: passed)."""

    tagged: bool
    results: tuple[tuple[str, tuple[str, ...]], ...]

    @property
    def problems(self) -> list[str]:
        return [f"{name}: {problem}" for name, found in self.results for problem in found]

    @property
    def ok(self) -> bool:
        return not self.problems


def check_accessibility(reader: PdfReader) -> AccessibilityReport:
    """Every check of :data:`CHECKS` on ``reader``'s document."""
    catalog: Any = reader.trailer["/Root"]
    root: Any = catalog.get("/StructTreeRoot")
    marked = bool((catalog.get("/MarkInfo") or {}).get("/Marked"))
    tagged = marked and root is not None
    elements = list(_elements(root.get_object())) if root is not None else []
    results: dict[str, tuple[str, ...] | list[str]] = {
        "tagged": () if tagged else ("no structure tree" if marked else "not marked as tagged",),
        "content": (), "parent tree": (),
        "roles": tuple(_roles(root.get_object(), elements)) if root is not None else (),
        "headings": tuple(_headings(elements)),
        "lists": (*_nesting(elements, _LISTS), *_items(elements)),
        "tables": (*_nesting(elements, _TABLES), *_headers(elements)),
        "figures": tuple(f"a Figure on page {_page_of(reader, e)} has no alternative text"
                         for e in elements if _role(e) == "Figure"
                         and not (e.get("/Alt") or e.get("/ActualText"))),
        "language": tuple(_languages(catalog, elements)),
        "title": tuple(_title(reader, catalog)),
        "identification": tuple(_identification(reader, catalog)),
        "fonts": tuple(_fonts(reader)),
        "tabs": tuple(f"page {n} has annotations but no /Tabs /S"
                      for n, page in enumerate(reader.pages, 1)
                      if page.get("/Annots") and page.get("/Tabs") != "/S"),
    }
    if tagged:
        content, parents = _content_and_parents(reader, root.get_object(), elements)
        results["content"], results["parent tree"] = content, parents
    else:
        results["content"] = ("nothing can be tagged without a structure tree",)
    return AccessibilityReport(tagged, tuple((name, tuple(results[name])) for name in CHECKS))


def _elements(root: DictionaryObject) -> Iterator[DictionaryObject]:
    """Every structure element under ``root``, in tree order."""
    todo = list(reversed(_kids(root)))
    seen: set[int] = set()
    while todo:
        kid = todo.pop()
        element = kid.get_object() if isinstance(kid, IndirectObject) else kid
        if not isinstance(element, DictionaryObject) or "/S" not in element:
            continue
        if id(element) in seen:
            continue
        seen.add(id(element))
        yield element
        todo += reversed(_kids(element))


def _kids(element: DictionaryObject) -> list[Any]:
    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, ArrayObject) else [kids]


def _role(element: DictionaryObject) -> str:
    return str(element["/S"])[1:]


def _roles(root: DictionaryObject, elements: list[DictionaryObject]) -> Iterator[str]:
    role_map = root.get("/RoleMap") or {}
    for role in sorted({_role(e) for e in elements}):
        mapped = str(role_map.get("/" + role, "/" + role))[1:]
        if role not in STANDARD and mapped not in STANDARD:
            yield f"the structure type {role} is neither standard nor mapped to one"


def _headings(elements: list[DictionaryObject]) -> Iterator[str]:
    levels = [int(m[1]) for e in elements if (m := _HEADING.match(_role(e)))]
    if levels and levels[0] != 1:
        yield f"the first heading is H{levels[0]}, not H1"
    for before, after in pairwise(levels):
        if after > before + 1:
            yield f"H{before} is followed by H{after}: a heading level is skipped"


def _nesting(elements: list[DictionaryObject], rules: dict[str, set[str]]) -> Iterator[str]:
    """Elements that ``rules`` restrict (role → the roles of the kids it may hold)."""
    for element in elements:
        role = _role(element)
        allowed = rules.get(role)
        if allowed is not None:
            for kid in _kids(element):
                kid = kid.get_object() if isinstance(kid, IndirectObject) else kid
                if isinstance(kid, DictionaryObject) and "/S" in kid and _role(kid) not in allowed:
                    yield (f"{role} holds {_role(kid)}; it may hold only "
                           f"{', '.join(sorted(allowed))}")
                elif not isinstance(kid, DictionaryObject) or "/S" not in kid:
                    yield f"{role} holds content directly; it may hold only elements"


def _kid_roles(element: DictionaryObject) -> list[str]:
    kids = [kid.get_object() if isinstance(kid, IndirectObject) else kid
            for kid in _kids(element)]
    return [_role(kid) for kid in kids if isinstance(kid, DictionaryObject) and "/S" in kid]


def _items(elements: list[DictionaryObject]) -> Iterator[str]:
    """Every list item has its label (the bullet or number) and then its body."""
    for element in elements:
        if _role(element) == "LI" and _kid_roles(element) != ["Lbl", "LBody"]:
            found = ", ".join(_kid_roles(element)) or "nothing"
            yield f"an LI holds {found}, not an Lbl and then an LBody"


def _headers(elements: list[DictionaryObject]) -> Iterator[str]:
    """Every table has header cells, and each says what it heads (no Headers/IDs here)."""
    tables = [e for e in elements if _role(e) == "Table"]
    for table in tables:
        if not any(_role(e) == "TH" for e in _elements(table)):
            yield "a Table has no header cells (TH)"
    for element in elements:
        if _role(element) == "TH" and "/Scope" not in _attributes(element):
            yield "a TH has no Scope attribute"


def _attributes(element: DictionaryObject) -> dict[str, Any]:
    """The element's attributes, from one dictionary or an array of them (with revisions)."""
    found: dict[str, Any] = {}
    value: Any = element.get("/A")
    owners = list(value) if isinstance(value, ArrayObject) else [value]
    for owner in owners:
        owner = owner.get_object() if isinstance(owner, IndirectObject) else owner
        if isinstance(owner, DictionaryObject):
            found.update(owner)
    return found


def _languages(catalog: DictionaryObject, elements: list[DictionaryObject]) -> Iterator[str]:
    lang = catalog.get("/Lang")
    if not lang:
        yield "the document has no /Lang"
    elif not _BCP47.match(str(lang)):
        yield f"the document's /Lang {str(lang)!r} is not a BCP 47 tag"
    for element in elements:
        own = element.get("/Lang")
        if own is not None and not _BCP47.match(str(own)):
            yield f"a {_role(element)} has /Lang {str(own)!r}, not a BCP 47 tag"


def _metadata(catalog: DictionaryObject) -> bytes:
    stream = catalog.get("/Metadata")
    return stream.get_object().get_data() if stream is not None else b""


def _identification(reader: PdfReader, catalog: DictionaryObject) -> Iterator[str]:
    if b"pdfuaid:part" not in _metadata(catalog):
        yield "no PDF/UA identifier (pdfuaid:part) in the XMP metadata"
    versions = [reader.pdf_header.removeprefix("%PDF-"), str(catalog.get("/Version", "/0"))[1:]]
    version = max(tuple(int(n) for n in v.split(".") if n.isdigit()) for v in versions)
    if version < (1, 7):
        yield (f"the file is PDF {'.'.join(map(str, version))}; PDF/UA-1 is built on "
               "ISO 32000-1 (PDF 1.7)")


def _title(reader: PdfReader, catalog: DictionaryObject) -> Iterator[str]:
    xml = _metadata(catalog)
    title = re.search(rb"<dc:title>.*?<rdf:li[^>]*>([^<]+)</rdf:li>", xml, re.S)
    if title is None or not title[1].strip():
        yield "no dc:title in the XMP metadata"
    preferences = catalog.get("/ViewerPreferences") or {}
    if not preferences.get("/DisplayDocTitle"):
        yield "/ViewerPreferences has no /DisplayDocTitle true"


def _fonts(reader: PdfReader) -> Iterator[str]:
    seen: set[str] = set()
    for page in reader.pages:
        fonts = (page.get("/Resources") or {}).get("/Font") or {}
        for font in fonts.values():
            font = font.get_object()
            name = str(font.get("/BaseFont", "?"))
            if name in seen:
                continue
            seen.add(name)
            descendants = font.get("/DescendantFonts")
            described = descendants[0].get_object() if descendants else font
            descriptor = (described.get("/FontDescriptor") or {})
            if not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                yield f"the font {name[1:]} is not embedded"
            if "/ToUnicode" not in font:
                yield f"the font {name[1:]} has no ToUnicode map"


def _page_of(reader: PdfReader, element: DictionaryObject) -> str:
    page = element.raw_get("/Pg") if "/Pg" in element else None
    if isinstance(page, IndirectObject):
        for number, candidate in enumerate(reader.pages, 1):
            if candidate.indirect_reference == page:
                return str(number)
    return "?"


def _content_and_parents(reader: PdfReader, root: DictionaryObject,
                         elements: list[DictionaryObject]) -> tuple[list[str], list[str]]:
    """Content checks per page, and the tree and ParentTree against the content's MCIDs."""
    content: list[str] = []
    parents: list[str] = []
    in_tree: dict[tuple[int, int], list[DictionaryObject]] = {}
    pages = {page.indirect_reference.idnum: n for n, page in enumerate(reader.pages)
             if page.indirect_reference is not None}
    for element in elements:
        for page, mcid in _mcids(element, pages):
            in_tree.setdefault((page, mcid), []).append(element)
    tree = _parent_tree(root)
    drawn: set[tuple[int, int]] = set()
    for number, page_object in enumerate(reader.pages):
        ids, unmarked, nested = _page_content(page_object)
        if unmarked:
            content.append(f"page {number + 1}: {unmarked} content items neither tagged nor "
                           "artifacts")
        if nested:
            content.append(f"page {number + 1}: {nested} artifacts inside tagged content")
        drawn |= {(number, mcid) for mcid in ids}
        key: Any = page_object.get("/StructParents")
        if ids and key is None:
            parents.append(f"page {number + 1} has marked content but no /StructParents")
            continue
        slots = tree.get(int(key)) if key is not None else None
        for mcid in sorted(ids):
            holders = in_tree.get((number, mcid), [])
            if len(holders) != 1:
                parents.append(f"page {number + 1}, MCID {mcid}: in {len(holders)} elements")
            elif slots is None or mcid >= len(slots) or slots[mcid].get_object() is not holders[0]:
                parents.append(f"page {number + 1}, MCID {mcid}: the ParentTree names another "
                               "element")
    for page, mcid in sorted(set(in_tree) - drawn):
        parents.append(f"page {page + 1}, MCID {mcid}: in the tree but not on the page")
    return content, parents


def _mcids(element: DictionaryObject, pages: dict[int, int]) -> Iterator[tuple[int, int]]:
    default: Any = element.raw_get("/Pg") if "/Pg" in element else None
    for kid in _kids(element):
        if isinstance(kid, int):
            if default is not None:
                yield pages.get(default.idnum, -1), int(kid)
            continue
        kid = kid.get_object() if isinstance(kid, IndirectObject) else kid
        if isinstance(kid, DictionaryObject) and kid.get("/Type") == "/MCR":
            page: Any = kid.raw_get("/Pg") if "/Pg" in kid else default
            mcid: Any = kid["/MCID"]
            yield pages.get(page.idnum, -1) if page is not None else -1, int(mcid)


def _parent_tree(root: DictionaryObject) -> dict[int, list[Any]]:
    """The ParentTree's entries (a number tree, flat or with kids)."""
    found: dict[int, list[Any]] = {}
    todo = [root.get("/ParentTree")]
    while todo:
        node = todo.pop()
        if node is None:
            continue
        node = node.get_object()
        numbers: Any = node.get("/Nums") or []
        for index in range(0, len(numbers) - 1, 2):
            value = numbers[index + 1].get_object()
            found[int(numbers[index])] = list(value) if isinstance(value, ArrayObject) else [value]
        todo += list(node.get("/Kids") or [])
    return found


def _page_content(page: Any) -> tuple[set[int], int, int]:
    """The MCIDs on ``page``, painting operators outside marked content, nested artifacts."""
    contents = page.get_contents()
    data = contents.get_data() if contents is not None else b""
    stack: list[str] = []  # "tag" (has an MCID), "artifact", or "other"
    ids: set[int] = set()
    unmarked = nested = 0
    for operands, operator in operations(data):
        if operator in (b"BDC", b"BMC"):
            tag = str(operands[0]) if operands else ""
            props = operands[1] if operator == b"BDC" and len(operands) > 1 else None
            if tag == "/Artifact":
                nested += "tag" in stack
                stack.append("artifact")
            elif isinstance(props, dict) and "/MCID" in props:
                ids.add(int(props["/MCID"]))
                stack.append("tag")
            else:
                stack.append("other")
        elif operator == b"EMC":
            if stack:
                stack.pop()
        elif operator in _PAINTING and not ({"tag", "artifact"} & set(stack)):
            unmarked += 1
    return ids, unmarked, nested
