"""A tagged PDF's structure tree and the text of its marked content, read two ways.

Our own walk parses the file with pypdf and the content streams by hand: each
marked-content id's text is its glyphs' ToUnicode text (an /ActualText span's
text instead, where one is open), each text-showing operation put back in logical
order when it holds right-to-left letters (glyph-text lines draw each segment's
glyphs in visual order, as readers expect). pdf.js's walk is Firefox's view:
``page.getStructTree()`` with ``getTextContent({includeMarkedContent: true})``.
"""

from __future__ import annotations

import json
import re
import subprocess
import unicodedata
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

from pypdf import PdfReader
from pypdf.generic import ArrayObject, ContentStream, DictionaryObject, TextStringObject

from safehaven_docs.text import icu

HERE = Path(__file__).parent


@dataclass
class Node:
    """A structure element: role, /Lang, /Alt, /ActualText, /Scope, and its kids (elements,
    or (page, MCID))."""

    role: str
    lang: str | None = None
    alt: str | None = None
    kids: list[Node | tuple[int, int]] = field(default_factory=list)
    actual: str | None = None
    scope: str | None = None

    def elements(self) -> list[Node]:
        """This element and every element under it, in tree order."""
        found = [self]
        for kid in self.kids:
            if isinstance(kid, Node):
                found += kid.elements()
        return found

    def mcids(self) -> list[tuple[int, int]]:
        """Every marked content under this element, in tree order."""
        found: list[tuple[int, int]] = []
        for kid in self.kids:
            found += kid.mcids() if isinstance(kid, Node) else [kid]
        return found


def structure_tree(pdf: bytes) -> Node | None:
    """The tree under /StructTreeRoot (its one Document element), or None if untagged."""
    reader = PdfReader(BytesIO(pdf))
    root = reader.trailer["/Root"].get("/StructTreeRoot")
    if root is None:
        return None
    pages = {page.indirect_reference.idnum: index for index, page in enumerate(reader.pages)}
    kids = root.get_object()["/K"]
    kids = kids if isinstance(kids, ArrayObject) else [kids]
    return Node("StructTreeRoot", kids=[_node(kid.get_object(), pages, None) for kid in kids])


def _node(element: DictionaryObject, pages: dict[int, int], page: int | None) -> Node:
    if "/Pg" in element:
        page = pages[element.raw_get("/Pg").idnum]
    lang, alt, actual = element.get("/Lang"), element.get("/Alt"), element.get("/ActualText")
    scope = (element.get("/A") or {}).get("/Scope")
    node = Node(str(element["/S"])[1:], str(lang) if lang is not None else None,
                str(alt) if alt is not None else None,
                actual=str(actual) if actual is not None else None,
                scope=str(scope)[1:] if scope is not None else None)
    kids = element.get("/K", [])
    for kid in kids if isinstance(kids, ArrayObject) else [kids]:
        if isinstance(kid, int):
            assert page is not None, "an MCID with no page"
            node.kids.append((page, int(kid)))
            continue
        kid = kid.get_object()
        if kid.get("/Type") == "/MCR":
            node.kids.append((pages[kid.raw_get("/Pg").idnum], int(kid["/MCID"])))
        elif "/S" in kid:
            node.kids.append(_node(kid, pages, page))
    return node


def marked_texts(pdf: bytes) -> tuple[dict[tuple[int, int], str], list[str]]:
    """Each (page, MCID)'s text; and every painting operator found outside marked content."""
    reader = PdfReader(BytesIO(pdf))
    texts: dict[tuple[int, int], str] = {}
    unmarked: list[str] = []
    for index, page in enumerate(reader.pages):
        resources = page["/Resources"]
        _walk_page(ContentStream(page.get_contents(), reader), _fonts(resources), index, texts,
                   unmarked, resources)
    return texts, unmarked


_PAINTING = {"Tj", "TJ", "'", '"', "f", "f*", "F", "B", "B*", "b", "b*", "S", "s", "Do", "sh"}


def _fonts(resources: DictionaryObject) -> dict[str, dict[int, str]]:
    return {name: _to_unicode(font.get_object())
            for name, font in (resources.get("/Font") or {}).items()}


def _walk_page(stream: ContentStream, fonts: dict[str, dict[int, str]], page: int,
               texts: dict[tuple[int, int], str], unmarked: list[str],
               resources: DictionaryObject | None = None,
               stack: list[tuple[int | None, str | None]] | None = None) -> None:
    """Gather the text of each MCID; a form XObject's content is read where it is painted,
    inside the marked content open there."""
    stack = [] if stack is None else stack  # (MCID, ActualText) per open sequence
    font: dict[int, str] = {}
    invisible = False  # render mode 3: a Hanifi layer holds logical text (see _beyond_bmp)
    for operands, operator in stream.operations:
        op = operator.decode()
        if op == "Tr":
            invisible = int(operands[0]) == 3
        elif op == "BT":
            invisible = False
        if op in ("BDC", "BMC"):
            props = operands[1] if op == "BDC" and len(operands) > 1 else {}
            mcid = props.get("/MCID") if isinstance(props, dict) else None
            actual = props.get("/ActualText") if isinstance(props, dict) else None
            stack.append((int(mcid) if mcid is not None else None,
                          str(actual) if isinstance(actual, TextStringObject) else None))
            if mcid is not None:
                texts.setdefault((page, int(mcid)), "")
            if actual is not None:
                key = _current(stack)
                if key is not None:
                    texts[(page, key)] = texts.get((page, key), "") + str(actual).strip("\0")
            continue
        if op == "EMC":
            stack.pop()
            continue
        if op == "Tf":
            font = fonts.get(str(operands[0]), {})
            continue
        if op == "ET":
            key = _current(stack)
            if key is not None:
                texts[(page, key)] = texts.get((page, key), "") + "\n"
        if op not in _PAINTING:
            continue
        if not stack:
            unmarked.append(op)
            continue
        if op == "Do" and resources is not None:
            form = (resources.get("/XObject") or {}).get(str(operands[0]))
            form = form.get_object() if form is not None else None
            if form is not None and form.get("/Subtype") == "/Form":
                own = form.get("/Resources") or resources
                _walk_page(ContentStream(form, None), _fonts(own), page, texts, unmarked,
                           own, stack)
            continue
        key = _current(stack)
        if op in ("Tj", "TJ") and key is not None and not any(a is not None for _, a in stack):
            shown = _shown(operands, font)
            texts[(page, key)] = texts.get((page, key), "") + (
                shown if invisible and _beyond_bmp(shown) else _logical(shown))


def _current(stack: list[tuple[int | None, str | None]]) -> int | None:
    return next((mcid for mcid, _ in reversed(stack) if mcid is not None), None)


def _shown(operands: list[object], font: dict[int, str]) -> str:
    strings = operands[0] if isinstance(operands[0], list) else [operands[0]]
    out = []
    for item in strings:
        if isinstance(item, bytes | str):
            data = getattr(item, "original_bytes", item)
            out += [font.get(byte, "") for byte in bytes(data)]
    return "".join(out)


def _beyond_bmp(text: str) -> bool:
    """Whether invisible text is a Hanifi Rohingya layer (logical text, letters beyond the
    BMP), not the invisible copy of an Arabic cluster (visual order, as the glyphs)."""
    return any(ord(c) > 0xFFFF for c in text)


def _logical(segment: str) -> str:
    """A segment drawn in visual order back in logical order (a no-op for left-to-right)."""
    if not any(unicodedata.bidirectional(c) in ("R", "AL") for c in segment):
        return segment
    return "".join(segment[i] for i in icu.visual_order_indices(segment, rtl=True))


_BFCHAR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")


def _to_unicode(font: DictionaryObject) -> dict[int, str]:
    """One-byte codes → text, from a font's ToUnicode CMap (bfchar and bfrange entries)."""
    if "/ToUnicode" not in font:
        return {}
    data = font["/ToUnicode"].get_object().get_data()
    table: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        for code, text in _BFCHAR.findall(block):
            table[int(code, 16)] = bytes.fromhex(text.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for low, high, start in re.findall(rb"<(\w+)>\s*<(\w+)>\s*<(\w+)>", block):
            first = int(start, 16)
            for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                table[code] = chr(first + offset)
    return table


def own_reading(pdf: bytes) -> tuple[Node, dict[tuple[int, int], str]]:
    """The tree and each marked content's text, by our own walk."""
    tree = structure_tree(pdf)
    assert tree is not None, "the PDF has no structure tree"
    texts, _ = marked_texts(pdf)
    return tree, texts


def leaf_texts(tree: Node, texts: dict[tuple[int, int], str]) -> list[tuple[Node, str]]:
    """Each element holding marked content, with its text, in tree order (an element's
    /ActualText instead of its content's, as a screen reader reads it)."""
    out = []
    for element in tree.elements():
        own = [kid for kid in element.kids if not isinstance(kid, Node)]
        if own:
            text = "".join(texts.get(kid, "") for kid in own)
            out.append((element, element.actual if element.actual is not None else text))
    return out


def pdfjs_structure(pdf: Path) -> list[dict[str, object]]:
    """Per page: pdf.js's structure tree with each content leaf's text, and untagged text."""
    result = subprocess.run(["node", str(HERE / "pdfjs_structure.mjs"), str(pdf.resolve())],
                            capture_output=True, text=True, check=True, cwd=HERE)
    return json.loads(result.stdout)


def pdfjs_reading(pages: list[dict[str, object]]) -> str:
    """The text of pdf.js's structure trees, page after page, in tree order."""
    def text(node: dict[str, object]) -> str:
        if "text" in node:
            return str(node["text"])
        return "".join(text(kid) for kid in node["children"])  # type: ignore[attr-defined]

    return "\n".join(text(page["tree"]) for page in pages if page["tree"])  # type: ignore[arg-type]
