"""Join PDFs this package wrote, by copying their objects: pages after pages, or one
page drawn over another.

A site's print file holds a dozen documents. Joining them with pypdf parses
and rewrites every object (≈10 ms a document); the documents come from our
own writer, whose files are simple (one classic cross-reference table, one
flat page tree, stream lengths written directly), so here each object's bytes
are copied as they are, with only the object numbers in its dictionary part
renumbered. Streams (fonts, page content) are never touched. A file of any
other shape raises :class:`JoinError`; callers then join with pypdf. Tagged
parts make a tagged file: their structure trees are joined too (:mod:`.join_tree`).

:func:`overlay_marked` paints a layer's blocks into the places a tagged one-page
base marks for them: a district build sets a digest's page once per language and
shape and only its "Posted at" line per site, an order sheet's table once per list
of items and only its heading and copies per site.
"""

from __future__ import annotations

import base64
import hashlib
import re
import zlib
from functools import lru_cache, partial

from msgspec import Struct

from .join_tree import DOCUMENT, JoinError, part_tree, tree_objects

_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_TRAILER_REF = re.compile(rb"/(Root|Info)\s+(\d+)\s+0\s+R")
_OBJECT_HEAD = re.compile(rb"(\d+)\s+0\s+obj\b")
_STREAM = re.compile(rb"stream\r?\n")
#: Strings are skipped (a title could hold "12 0 R"); references are renumbered.
_TOKENS = re.compile(rb"\((?:\\.|[^\\()])*\)|<[0-9A-Fa-f\s]*>|(\d+)\s+0\s+R\b")
_PAGES = re.compile(rb"/Pages\s+(\d+)\s+0\s+R")
_KIDS = re.compile(rb"/Kids\s*\[([^\]]*)\]")
_PARENT = re.compile(rb"/Parent\s+\d+\s+0\s+R")
_PAGE = re.compile(rb"/Type\s*/Page(?![A-Za-z])")
#: The comment a tagged page's content holds where another file's page is to be painted,
#: followed by the role and MCID that page's content belongs to.
LAYER_MARK = "%safehaven-layer"
_MARK = re.compile(re.escape(LAYER_MARK.encode()) + rb" /([A-Za-z0-9]+) (\d+)[ \t]*\r?\n?")
#: The comment between two blocks of a layer's page: there the page is cut into two forms.
LAYER_CUT = "%safehaven-cut"
_CUT = re.compile(re.escape(LAYER_CUT.encode()) + rb"[ \t]*\r?\n?")
_BBOX = re.compile(rb"/BBox\s*(\[[^\]]*\])")
_FILTERS = re.compile(rb"/Filter\s*(\[[^\]]*\]|/\w+)")


class _Source(Struct, frozen=True):
    objects: dict[int, tuple[bytes, bytes]]  # number → (dictionary part, stream part)
    pages: list[int]
    skip: frozenset[int]  # catalog, page tree root and info: made anew for the joined file


def join(pdfs: list[bytes], *, title: str = "", lang: str = "en") -> bytes:
    """One PDF with every page of ``pdfs`` in order; raises :class:`JoinError`.

    When every part is tagged, so is the joined file: each part's structure tree is a
    ``Part`` of its ``Document``, in the parts' order (see :mod:`.join_tree`).
    """
    sources = [_read(pdf) for pdf in pdfs]
    trees = [part_tree(source.objects, source.skip) for source in sources]
    tagged = all(tree is not None for tree in trees)
    skips = [source.skip | tree.replaced if tagged and tree else source.skip
             for source, tree in zip(sources, trees, strict=True)]
    count = sum(len(s.objects) - len(skip) for s, skip in zip(sources, skips, strict=True))
    root_pages, catalog, info = count + 1, count + 2, count + 3
    body: list[bytes] = []
    kids: list[int] = []
    tops: list[int] = []
    nums: list[bytes] = []
    keys = number = 0
    for source, tree, skip in zip(sources, trees, skips, strict=True):
        numbers: dict[int, int] = {}
        for old in sorted(source.objects):
            if old not in skip:
                number += 1
                numbers[old] = number
        for old in sorted(numbers):
            head, stream = source.objects[old]
            if old in source.pages:  # the new page tree, written with its final number
                head = _PARENT.sub(b"/Parent \x00PARENT", head)
            if tagged and tree is not None:
                head = tree.rewrite(old, head, keys)
            head = (_renumber(head, numbers).replace(b"\x00PARENT", b"%d 0 R" % root_pages)
                    .replace(DOCUMENT, b"/P %d 0 R" % (count + 5)))
            body.append(b"%d 0 obj\n" % numbers[old] + head + stream)
        kids += [numbers[page] for page in source.pages]
        if tagged and tree is not None:
            nums += tree.numbers(source.objects, partial(_renumber, numbers=numbers), keys)
            tops += [numbers[top] for top in tree.tops]
            keys += tree.keys
    refs = " ".join(f"{kid} 0 R" for kid in kids)
    body.append(f"{root_pages} 0 obj\n<< /Count {len(kids)} /Kids [ {refs} ] /Type /Pages >>"
                "\nendobj\n".encode())
    entries = b""
    if tagged:
        made, entries = tree_objects(count + 4, tops, nums, keys, title, lang)
    body.append(f"{catalog} 0 obj\n<< /Lang {_text(lang)} ".encode() + entries
                + f"/Pages {root_pages} 0 R /Type /Catalog >>\nendobj\n".encode())
    body.append(f"{info} 0 obj\n<< /Creator (safehaven_docs) /Producer (safehaven_docs) "
                f"/Title {_text(title)} >>\nendobj\n".encode())
    if tagged:
        body += made
    return _file(body, catalog, info)


def overlay_marked(base: bytes, layer: bytes) -> bytes:
    """``base`` (one tagged page) with each page of ``layer`` painted where the base's
    content marks a place (:data:`LAYER_MARK`), the first page at the first mark and so
    on, each inside the marked content of the role and MCID its mark names. A layer page
    whose content is cut (:data:`LAYER_CUT`) counts as one page per piece.

    The base's structure tree already holds the elements and the ParentTree their MCIDs,
    so the painted pages are read in their places, in content order and in the tree; the
    layer itself must hold no marked content with MCIDs (write it untagged). Its pages
    share their fonts, copied once. Raises :class:`JoinError`.
    """
    below = _read(base)
    above = _read(layer)
    if len(below.pages) != 1 or not above.pages:
        raise JoinError("a marked overlay paints pages into a one-page file")
    page = below.pages[0]
    objects = dict(below.objects)
    heads = [above.objects[number][0] for number in above.pages]
    box = _BOX.search(objects[page][0])
    for head in heads:
        own = _BOX.search(head)
        if box is None or own is None or own[0] != box[0]:
            raise JoinError("a layer that is not one page of the base's size")
    forms, objects = _add_forms(objects, above, heads, box[1])  # type: ignore[index]
    forms = [piece for form in forms for piece in _cut(objects, form)]
    contents = _contents(objects[page][0])
    data = _decoded(*objects[contents])
    marks = list(_MARK.finditer(data))
    if len(marks) != len(forms):
        raise JoinError(f"the base marks {len(marks)} places for {len(forms)} layer pages")
    streams = [contents]
    objects[contents] = _flate(data[:marks[0].start()])
    for index, mark in enumerate(marks):
        paint, after = max(objects) + 1, max(objects) + 2
        content = b"/%s <</MCID %s>> BDC q /SHLayer%d Do Q EMC" % (mark[1], mark[2], index)
        objects[paint] = (b"<< /Length %d >>\n" % len(content),
                          b"stream\n" + content + b"\nendstream\nendobj\n")
        end = marks[index + 1].start() if index + 1 < len(marks) else len(data)
        objects[after] = _flate(data[mark.end():end])
        streams += [paint, after]
    refs = " ".join(f"{number} 0 R" for number in streams)
    page_head = re.sub(rb"/Contents\s+\d+\s+0\s+R", f"/Contents [ {refs} ]".encode(),
                       objects[page][0], count=1)
    objects[page] = (_with_forms(page_head, forms), objects[page][1])
    trailer = _trailer_refs(base)
    return _file([b"%d 0 obj\n" % n + h + stream for n, (h, stream) in sorted(objects.items())],
                 trailer["Root"], trailer["Info"], numbered=sorted(objects))


def _cut(objects: dict[int, tuple[bytes, bytes]], form: int) -> list[int]:
    """The form, cut where its content says (:data:`LAYER_CUT`) into forms with the same
    box and resources; each piece draws with what it sets itself (our writer sets the
    colour of every block and the font of every line)."""
    head, stream = objects[form]
    data = _decoded(head, stream)
    pieces = _CUT.split(data)
    if len(pieces) == 1:
        return [form]
    box = _BBOX.search(head)
    if box is None:
        raise JoinError("a form without a box")
    resources = _resources(head)
    numbers = [form, *range(max(objects) + 1, max(objects) + len(pieces))]
    for number, piece in zip(numbers, pieces, strict=True):
        packed = zlib.compress(piece)
        objects[number] = (b"<< /BBox " + box[1] + b" /Filter /FlateDecode /Length %d "
                           % len(packed) + b"/Resources " + resources
                           + b" /Subtype /Form /Type /XObject >>\n",
                           b"stream\n" + packed + b"\nendstream\nendobj\n")
    return numbers


def _decoded(head: bytes, stream: bytes) -> bytes:
    """A content stream's data, decoded (ReportLab's ASCII85 and Flate, or none)."""
    length = re.search(rb"/Length\s+(\d+)", head)
    start = stream.index(b"\n") + 1
    if length is None:
        raise JoinError("a content stream without a length")
    data = stream[start:start + int(length[1])]
    found = _FILTERS.search(head)
    for name in re.findall(rb"/(\w+)", found[1]) if found else []:
        if name == b"ASCII85Decode":
            data = base64.a85decode(data.strip().removesuffix(b"~>"))
        elif name == b"FlateDecode":
            data = zlib.decompress(data)
        else:
            raise JoinError(f"a content stream with the filter {name.decode()}")
    return data


def _flate(data: bytes) -> tuple[bytes, bytes]:
    """A content stream object holding ``data``, compressed."""
    packed = zlib.compress(data)
    return (b"<< /Filter /FlateDecode /Length %d >>\n" % len(packed),
            b"stream\n" + packed + b"\nendstream\nendobj\n")


def _add_form(objects: dict[int, tuple[bytes, bytes]], above: _Source, page_head: bytes,
              box: bytes) -> tuple[int, dict[int, tuple[bytes, bytes]]]:
    """Copy what the layer's page draws with, its content made a form; returns the form."""
    forms, objects = _add_forms(objects, above, [page_head], box)
    return forms[0], objects


def _add_forms(objects: dict[int, tuple[bytes, bytes]], above: _Source, heads: list[bytes],
               box: bytes) -> tuple[list[int], dict[int, tuple[bytes, bytes]]]:
    """Copy what the layer's pages draw with, once, each page's content made a form with
    that page's resources; returns the forms, in the pages' order."""
    contents = [_contents(head) for head in heads]
    resources = [_resources(head) for head in heads]
    start = [*contents, *(ref for own in resources for ref in _refs(own))]
    first = max(objects) + 1
    numbers = {old: first + index for index, old in
               enumerate(sorted(_reachable(above, start)))}
    objects = dict(objects)
    for old, new in numbers.items():
        head, stream = above.objects[old]
        head = _renumber(head, numbers)
        if old in contents:
            own = resources[contents.index(old)]
            head = _form(head, box, _renumber(own, numbers))
        objects[new] = (head, stream)
    return [numbers[number] for number in contents], objects


_BOX = re.compile(rb"/MediaBox\s*(\[[^\]]*\])")


def _refs(head: bytes) -> list[int]:
    return [int(m[1]) for m in _TOKENS.finditer(head) if m[1] is not None]


def _reachable(source: _Source, start: list[int]) -> set[int]:
    """The objects ``start`` refers to, directly or through others."""
    seen: set[int] = set()
    todo = list(start)
    while todo:
        number = todo.pop()
        if number in seen:
            continue
        if number not in source.objects:
            raise JoinError(f"a reference to object {number}, which is not in the file")
        seen.add(number)
        todo += _refs(source.objects[number][0])
    return seen


def _contents(head: bytes) -> int:
    match = re.search(rb"/Contents\s+(\d+)\s+0\s+R", head)
    if match is None:
        raise JoinError("a page whose content is not one stream")
    return int(match[1])


def _resources(head: bytes) -> bytes:
    """The page's /Resources dictionary, as written (a direct dictionary)."""
    start = head.find(b"/Resources")
    if start < 0:
        raise JoinError("a page without resources")
    opened = head.index(b"<<", start)
    depth, position = 0, opened
    while position < len(head):
        if head.startswith(b"<<", position):
            depth, position = depth + 1, position + 2
        elif head.startswith(b">>", position):
            depth, position = depth - 1, position + 2
            if depth == 0:
                return head[opened:position]
        else:
            position += 1
    raise JoinError("unbalanced resources")


def _form(head: bytes, box: bytes, resources: bytes) -> bytes:
    """A content stream's dictionary made into a Form XObject's."""
    inner = head.strip()
    if not inner.endswith(b">>"):
        raise JoinError("a stream dictionary of an unexpected shape")
    return (inner[:-2] + b" /Type /XObject /Subtype /Form /BBox " + box + b" /Resources "
            + resources + b" >>\n")


def _with_forms(head: bytes, forms: list[int]) -> bytes:
    """A page dictionary with ``forms`` in its resources as /SHLayer0, /SHLayer1, …"""
    entry = b"".join(b" /SHLayer%d %d 0 R" % (i, form) for i, form in enumerate(forms))
    if b"/XObject <<" in head:
        return head.replace(b"/XObject <<", b"/XObject <<" + entry + b" ", 1)
    return head.replace(b"/Resources <<", b"/Resources << /XObject <<" + entry + b" >>", 1)


def _trailer_refs(pdf: bytes) -> dict[str, int]:
    end = _STARTXREF.search(pdf[-64:])
    trailer = pdf[pdf.index(b"trailer", int(end[1])):]  # type: ignore[index]
    return {name.decode(): int(num) for name, num in _TRAILER_REF.findall(trailer)}


@lru_cache(maxsize=64)
def _read(pdf: bytes) -> _Source:
    """The objects of ``pdf`` (kept for the files read again and again: shared parts)."""
    end = _STARTXREF.search(pdf[-64:])
    if not pdf.startswith(b"%PDF-") or end is None:
        raise JoinError("not a complete PDF")
    xref_at = int(end[1])
    offsets = _xref(pdf, xref_at)
    trailer = pdf[pdf.index(b"trailer", xref_at):]
    refs = {name.decode(): int(num) for name, num in _TRAILER_REF.findall(trailer)}
    objects = {number: _object(pdf, number, offset) for number, offset in offsets.items()}
    if "Root" not in refs or refs["Root"] not in objects:
        raise JoinError("no document catalog")
    pages_root = _PAGES.search(objects[refs["Root"]][0])
    if pages_root is None or int(pages_root[1]) not in objects:
        raise JoinError("no page tree")
    kids_match = _KIDS.search(objects[int(pages_root[1])][0])
    if kids_match is None:
        raise JoinError("no page list")
    pages = [int(n) for n in re.findall(rb"(\d+)\s+0\s+R", kids_match[1])]
    if not pages or not all(_PAGE.search(objects.get(p, (b"",))[0]) for p in pages):
        raise JoinError("a nested page tree")
    skip = frozenset({refs["Root"], int(pages_root[1]), refs.get("Info", -1)})
    return _Source(objects, pages, skip)


def _xref(pdf: bytes, at: int) -> dict[int, int]:
    """Object number → byte offset, from one classic cross-reference section."""
    lines = pdf[at:pdf.index(b"trailer", at)].split()
    if not lines or lines[0] != b"xref":
        raise JoinError("no classic cross-reference table")
    offsets: dict[int, int] = {}
    position = 1
    while position < len(lines):
        first, count = int(lines[position]), int(lines[position + 1])
        position += 2
        for index in range(count):
            offset, _, kind = lines[position:position + 3]
            position += 3
            if kind == b"n":
                offsets[first + index] = int(offset)
    return offsets


def _object(pdf: bytes, number: int, offset: int) -> tuple[bytes, bytes]:
    """The object's dictionary part (after ``N 0 obj``) and its stream part, verbatim."""
    head = _OBJECT_HEAD.match(pdf, offset)
    if head is None or int(head[1]) != number:
        raise JoinError(f"object {number} is not where the table says")
    start = head.end()
    end = pdf.index(b"endobj", start)
    stream = _STREAM.search(pdf, start, end)
    if stream is None:
        return pdf[start:end].strip() + b"\n", b"endobj\n"
    length = re.search(rb"/Length\s+(\d+)(?!\s+\d+\s+R)", pdf[start:stream.start()])
    if length is None:
        raise JoinError(f"object {number}: a stream length that is not a number")
    data_end = stream.end() + int(length[1])
    end = pdf.index(b"endobj", data_end)
    return pdf[start:stream.start()].strip() + b"\n", pdf[stream.start():end] + b"endobj\n"


def _renumber(head: bytes, numbers: dict[int, int]) -> bytes:
    def replace(match: re.Match[bytes]) -> bytes:
        if match[1] is None:
            return match[0]
        old = int(match[1])
        if old not in numbers:
            raise JoinError(f"a reference to object {old}, which is not copied")
        return b"%d 0 R" % numbers[old]

    return _TOKENS.sub(replace, head)


def _text(value: str) -> str:
    """A PDF text string: UTF-16BE with a byte-order mark, as hex."""
    return "<FEFF" + value.encode("utf-16-be").hex().upper() + ">"


def _file(body: list[bytes], catalog: int, info: int,
          numbered: list[int] | None = None) -> bytes:
    """The file around ``body`` (objects 1…n, or the object ``numbered`` given)."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")  # ISO 32000-1, as PDF/UA-1 asks
    offsets: dict[int, int] = {}
    for number, obj in zip(numbered or range(1, len(body) + 1), body, strict=True):
        offsets[number] = len(out)
        out += obj
    xref_at = len(out)
    size = max(offsets) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    out += b"".join(b"%010d 00000 n \n" % offsets[n] if n in offsets else
                    b"0000000000 65535 f \n" for n in range(1, size))
    ident = hashlib.md5(bytes(out), usedforsecurity=False).hexdigest().upper()
    out += (f"trailer\n<< /ID [<{ident}> <{ident}>] /Info {info} 0 R /Root {catalog} 0 R "
            f"/Size {size} >>\nstartxref\n{xref_at}\n%%EOF\n").encode()
    return bytes(out)
