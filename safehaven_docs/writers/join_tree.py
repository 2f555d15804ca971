"""The structure trees of tagged PDFs joined into one file (``pdf_join.join``).

Each part's tree goes under the joined file's one ``Document`` element as a
``Part`` (its own top element, renamed) with the part's ``/Lang``; the parts'
ParentTrees become one, each part's keys moved past the keys of the parts
before it, and each page's ``/StructParents`` with them. The joined catalog
gets what a tagged file needs (``/MarkInfo``, ``/StructTreeRoot``,
``/ViewerPreferences <</DisplayDocTitle true>>``, XMP metadata with the title
and the PDF/UA identifier). Works on the objects' bytes, as ``pdf_join`` does:
only our writer's simple trees (a flat ParentTree, no role or class map) are
read; anything else raises :class:`JoinError`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from msgspec import Struct

from .tags import xmp

_REF = rb"(\d+)\s+0\s+R"
_CATALOG = re.compile(rb"/Type\s*/Catalog\b")
_STRUCT_PARENTS = re.compile(rb"/StructParents\s+(\d+)")
_LANG = re.compile(rb"/Lang\s*(\((?:\\.|[^\\()])*\)|<[0-9A-Fa-f\s]*>)")
_PAIR = re.compile(rb"(\d+)\s*(\[[^\]]*\]|" + _REF + rb")")
#: Marks the reference to the joined file's Document element until its number is known.
DOCUMENT = b"\x00DOCUMENT"


class JoinError(ValueError):
    """The file is not of the simple shape this joiner copies from (``pdf_join`` raises
    it too)."""


class PartTree(Struct, frozen=True):
    """One part's structure tree: what the joined file replaces, and how its objects change."""

    replaced: frozenset[int]  # its root, ParentTree, and the catalog's entries for them
    tops: tuple[int, ...]  # its top elements (a Document): each becomes a Part
    lang: bytes  # its catalog's /Lang entry as written, or b""
    parent_tree: int
    keys: int  # its ParentTreeNextKey

    def rewrite(self, number: int, head: bytes, offset: int) -> bytes:
        """Object ``number``'s dictionary as the joined file needs it (before renumbering):
        a page's StructParents moved by ``offset``, a top element made a Part of the
        joined Document, with the part's language."""
        if number in self.tops:
            head = re.sub(rb"/S\s*/Document\b", b"/S /Part", head, count=1)
            head = re.sub(rb"/P\s+" + _REF, DOCUMENT, head, count=1)
            if self.lang and b"/Lang" not in head:
                head = head.rstrip()[:-2] + b" /Lang " + self.lang + b" >>\n"
            return head
        return _STRUCT_PARENTS.sub(lambda m: b"/StructParents %d" % (int(m[1]) + offset), head)

    def numbers(self, objects: dict[int, tuple[bytes, bytes]],
                renumber: Callable[[bytes], bytes], offset: int) -> list[bytes]:
        """The part's ParentTree entries, renumbered, their keys moved by ``offset``."""
        head = objects[self.parent_tree][0]
        found = re.search(rb"/Nums\s*\[(.*)\]", head, re.S)
        if found is None or b"/Kids" in head:
            raise JoinError("a ParentTree that is not one flat number tree")
        return [b"%d %s" % (int(key) + offset, renumber(value))
                for key, value, _ in _PAIR.findall(found[1])]


def part_tree(objects: dict[int, tuple[bytes, bytes]], skip: frozenset[int]) -> PartTree | None:
    """The structure tree of the file whose objects these are (its catalog among ``skip``),
    or None for an untagged file."""
    catalog = next((objects[n][0] for n in skip if n in objects
                    and _CATALOG.search(objects[n][0])), b"")
    root = re.search(rb"/StructTreeRoot\s+" + _REF, catalog)
    if root is None:
        return None
    head = objects[int(root[1])][0]
    parent = re.search(rb"/ParentTree\s+" + _REF, head)
    kids = re.search(rb"/K\s*\[([^\]]*)\]", head) or re.search(rb"/K\s+(" + _REF + rb")", head)
    keys = re.search(rb"/ParentTreeNextKey\s+(\d+)", head)
    if parent is None or kids is None or keys is None or re.search(
            rb"/(RoleMap|ClassMap|IDTree)\b", head):
        raise JoinError("a structure tree of a shape this joiner does not copy")
    entries = [int(m[1]) for name in (b"MarkInfo", b"Metadata", b"ViewerPreferences")
               if (m := re.search(rb"/" + name + rb"\s+" + _REF, catalog))]
    lang = _LANG.search(catalog)
    return PartTree(frozenset({int(root[1]), int(parent[1]), *entries}),
                    tuple(int(n) for n in re.findall(_REF, kids[1])),
                    lang[1] if lang else b"", int(parent[1]), int(keys[1]))


def tree_objects(first: int, tops: list[int], numbers: list[bytes], keys: int, title: str,
                 lang: str) -> tuple[list[bytes], bytes]:
    """The joined file's StructTreeRoot, Document element, ParentTree and metadata, numbered
    from ``first`` (the Document is ``first + 1``); and the catalog's entries for them."""
    root, document, parents, metadata = first, first + 1, first + 2, first + 3
    kids = " ".join(f"{top} 0 R" for top in tops)
    packet = xmp(title, lang)
    objects = [
        f"{root} 0 obj\n<< /K [ {document} 0 R ] /ParentTree {parents} 0 R "
        f"/ParentTreeNextKey {keys} /Type /StructTreeRoot >>\nendobj\n".encode(),
        f"{document} 0 obj\n<< /K [ {kids} ] /P {root} 0 R /S /Document "
        "/Type /StructElem >>\nendobj\n".encode(),
        b"%d 0 obj\n<< /Nums [ " % parents + b" ".join(numbers) + b" ] >>\nendobj\n",
        b"%d 0 obj\n<< /Length %d /Subtype /XML /Type /Metadata >>\nstream\n"
        % (metadata, len(packet)) + packet + b"endstream\nendobj\n",
    ]
    catalog = (f"/MarkInfo << /Marked true >> /Metadata {metadata} 0 R "
               f"/StructTreeRoot {root} 0 R /ViewerPreferences << /DisplayDocTitle true >> ")
    return objects, catalog.encode()
