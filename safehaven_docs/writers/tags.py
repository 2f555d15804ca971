"""The structure tree of a tagged PDF (PDF/UA-1), built from the layout's own structure.

The page writer asks a :class:`Tagger` how to mark what it draws: each line of a
paragraph, a figure (a QR code, the district's mark or logo) or decoration. A
line or figure becomes a marked-content sequence with an id (MCID) on its
page; decoration becomes an /Artifact, which readers skip. After the last
page, :meth:`Tagger.finish` writes the elements in reading order — the
``order`` of each block's :class:`~safehaven_docs.layout.page.Structure`, then
its page, then drawing order — grouping blocks whose paths share keyed elements
(a list holds its items; a paragraph split between columns stays one P), with
the ParentTree that maps each MCID back to its element, ``/StructParents`` and
``/Tabs /S`` on each page, ``/MarkInfo``, ``/ViewerPreferences
<</DisplayDocTitle true>>`` and XMP metadata that identifies PDF/UA-1.

ReportLab has no structure API: the objects are PDF dictionaries registered
with its document directly. Nothing here depends on what the process drew
before, so the bytes stay deterministic.
"""

from __future__ import annotations

from msgspec import Struct, field
from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFDictionary,
    PDFName,
    PDFObjectReference,
    PDFPage,
    PDFStream,
)
from reportlab.pdfgen.canvas import Canvas

from ..layout.page import Document, Structure

#: The operator of content that is neither text nor a figure.
ARTIFACT_OPEN = "/Artifact BMC"
CLOSE = "EMC"


class _Content(Struct):
    """One marked-content sequence: whose it is, on which page, with which id."""

    structure: Structure
    page: int
    mcid: int
    drawn: int  # drawing order in the document
    #: The Span this content belongs to, inside the structure's own element: (key, /Lang).
    span: tuple[str, str] | None = None
    #: What the content reads as when its own text is hidden from readers (a Hanifi line
    #: that poppler reads from a copy of its own): the content goes in a Span with this
    #: /ActualText.
    actual: str = ""


class _Element(Struct):
    role: str
    key: str | None
    lang: str = ""
    alt: str = ""
    actual: str = ""
    scope: str = ""
    kids: list[_Element | _Content] = field(default_factory=list)


class Tagger:
    """Hands out marked-content operators while pages are drawn; writes the tree at the end."""

    def __init__(self) -> None:
        self.contents: list[_Content] = []
        self.page = -1
        self.mcid = 0

    def start_page(self) -> None:
        self.page += 1
        self.mcid = 0

    def open(self, structure: Structure, span: int | None = None, actual: str = "") -> str:
        """The operator that opens the marked content of (part of) ``structure``'s element,
        or of its Span for ``structure.spans[span]`` (text in another language); with
        ``actual``, the content reads as that text (see :class:`_Content`)."""
        if structure.artifact:
            return ARTIFACT_OPEN
        role = role_of(structure.path[-1]) if span is None else "Span"
        return f"/{role} <</MCID {self.reserve(structure, span, actual)}>> BDC"

    def reserve(self, structure: Structure, span: int | None = None, actual: str = "") -> int:
        """The MCID of the next marked content of ``structure``'s element (or of its Span
        ``span``) on this page, in drawing order (drawn here, or painted into the page
        later: see ``pdf_join``)."""
        own = None
        if span is not None:
            start, _, lang = structure.spans[span]
            own = (f"Span#{structure.path[-1]}@{start}", lang)
        self.contents.append(_Content(structure, self.page, self.mcid, len(self.contents),
                                      own, actual))
        self.mcid += 1
        return self.mcid - 1

    def finish(self, canvas: Canvas, document: Document) -> None:
        """Write the structure tree, the page entries and the catalog entries."""
        doc = canvas._doc
        pages: list[PDFPage] = list(doc.Pages.pages)
        page_refs = [doc.Reference(page) for page in pages]
        root = PDFDictionary({"Type": PDFName("StructTreeRoot")})
        root_ref = doc.Reference(root)
        parents: list[list[PDFObjectReference | None]] = [[] for _ in pages]
        top = _Element("Document", None, kids=list(self._tree().kids))
        top_ref = _write(doc, top, root_ref, page_refs, parents)
        numbers: list[object] = []
        for index, refs in enumerate(parents):
            numbers += [index, PDFArray(refs)]
        root.dict["K"] = PDFArray([top_ref])
        root.dict["ParentTree"] = doc.Reference(PDFDictionary({"Nums": PDFArray(numbers)}))
        root.dict["ParentTreeNextKey"] = len(pages)
        for index, page in enumerate(pages):
            page.__NoDefault__ = [*PDFPage.__NoDefault__, "StructParents", "Tabs"]
            page.StructParents = index
            page.Tabs = PDFName("S")
        catalog = doc.Catalog
        catalog.StructTreeRoot = root
        catalog.MarkInfo = PDFDictionary({"Marked": b"true"})
        catalog.ViewerPreferences = PDFDictionary({"DisplayDocTitle": b"true"})
        catalog.Metadata = _PlainStream(
            PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")}),
            xmp(document.title, document.language))

    def _tree(self) -> _Element:
        """Every marked content under its elements, in reading order."""
        root = _Element("Document", None)
        keys = _reading_keys(self.contents)
        for content in sorted(self.contents, key=lambda c: keys[id(c)]):
            node, path = root, content.structure.path
            for depth, segment in enumerate(path):
                last = node.kids[-1] if node.kids else None
                if "#" in segment and isinstance(last, _Element) and last.key == segment:
                    node = last
                    continue
                element = _Element(role_of(segment), segment if "#" in segment else None)
                if depth == 0:
                    element.lang = content.structure.lang
                if depth == len(path) - 1:
                    element.alt = content.structure.alt
                    element.actual = content.structure.actual
                    element.scope = content.structure.scope
                node.kids.append(element)
                node = element
            if content.span is not None:
                node = _span(node, *content.span)
            if content.actual:
                node.kids.append(_Element("Span", None, actual=content.actual))
                node = node.kids[-1]  # type: ignore[assignment]
            node.kids.append(content)
        return root


def _reading_keys(contents: list[_Content]) -> dict[int, tuple[int, int, float]]:
    """Each content's place in reading order: its structure's order, its page, the order it
    was drawn in — except a list item's label (``Lbl``), read just before the first line
    of its item's body wherever it was drawn (a marker is drawn after the line it marks,
    the order text extractors are used to)."""
    keys: dict[int, tuple[int, int, float]] = {
        id(c): (c.structure.order, c.page, float(c.drawn)) for c in contents}
    bodies: dict[tuple[str, ...], tuple[int, int, float]] = {}
    for content in contents:
        path = content.structure.path
        for depth, segment in enumerate(path):
            if role_of(segment) == "LBody":
                item, key = path[:depth], keys[id(content)]
                bodies[item] = min(bodies.get(item, key), key)
    for content in contents:
        path = content.structure.path
        body = bodies.get(path[:-1])
        if role_of(path[-1]) == "Lbl" and body is not None and body < keys[id(content)]:
            keys[id(content)] = (body[0], body[1], body[2] - 0.5)
    return keys


def _span(element: _Element, key: str, lang: str) -> _Element:
    """The Span ``key`` that ends ``element``'s kids, added when it is not there yet."""
    last = element.kids[-1] if element.kids else None
    if isinstance(last, _Element) and last.key == key:
        return last
    span = _Element("Span", key, lang)
    element.kids.append(span)
    return span


class _PlainStream(PDFStream):
    """A stream written as it is (metadata stays readable without decompressing)."""

    def format(self, document: object) -> bytes:
        dictionary = PDFDictionary(dict(self.dictionary.dict))
        dictionary["Length"] = len(self.content)
        return (dictionary.format(document) + b"\nstream\n" + self.content
                + b"endstream\n")


def role_of(segment: str) -> str:
    """The structure type of a path segment ("LI#12" → "LI")."""
    return segment.partition("#")[0]


def _write(doc: object, element: _Element, parent: PDFObjectReference,
           page_refs: list[PDFObjectReference],
           parents: list[list[PDFObjectReference | None]]) -> PDFObjectReference:
    """Register ``element`` and its descendants; record each MCID's element in ``parents``."""
    own = PDFDictionary({"Type": PDFName("StructElem"), "S": PDFName(element.role),
                         "P": parent})
    ref = doc.Reference(own)  # type: ignore[attr-defined]
    pages = [kid.page for kid in element.kids if isinstance(kid, _Content)]
    kids: list[object] = []
    for kid in element.kids:
        if isinstance(kid, _Element):
            kids.append(_write(doc, kid, ref, page_refs, parents))
            continue
        slots = parents[kid.page]
        slots += [None] * (kid.mcid + 1 - len(slots))
        slots[kid.mcid] = ref
        kids.append(kid.mcid if kid.page == pages[0] else PDFDictionary(
            {"Type": PDFName("MCR"), "Pg": page_refs[kid.page], "MCID": kid.mcid}))
    if pages:
        own.dict["Pg"] = page_refs[pages[0]]
    own.dict["K"] = PDFArray(kids)
    if element.lang:
        own.dict["Lang"] = text_string(element.lang)
    if element.alt:
        own.dict["Alt"] = text_string(element.alt)
    if element.actual:
        own.dict["ActualText"] = text_string(element.actual)
    if element.scope:
        own.dict["A"] = PDFDictionary({"O": PDFName("Table"), "Scope": PDFName(element.scope)})
    return ref


def text_string(value: str) -> bytes:
    """A PDF text string: UTF-16BE with a byte-order mark, written in hex."""
    return b"<FEFF" + value.encode("utf-16-be").hex().upper().encode() + b">"


def escape(value: str, entities: dict[str, str] | None = None) -> str:
    """``value`` as XML character data: ``xml.sax.saxutils.escape``'s answer, without the
    urllib, http and email modules that importing it loads (a tenth of a cold start)."""
    value = value.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")
    for character, entity in (entities or {}).items():
        value = value.replace(character, entity)
    return value


def xmp(title: str, language: str) -> bytes:
    """XMP metadata: the title in the document's language, and the PDF/UA-1 identifier."""
    lang = escape(language, {'"': "&quot;"})
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about=""
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
 xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
<dc:title><rdf:Alt>
<rdf:li xml:lang="x-default">{escape(title)}</rdf:li>
<rdf:li xml:lang="{lang}">{escape(title)}</rdf:li>
</rdf:Alt></dc:title>
<dc:language><rdf:Bag><rdf:li>{escape(language)}</rdf:li></rdf:Bag></dc:language>
<pdf:Producer>safehaven_docs</pdf:Producer>
<pdfuaid:part>1</pdfuaid:part>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>
""".encode()
