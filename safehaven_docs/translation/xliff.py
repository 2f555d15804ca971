"""XLIFF 1.2 through translate-toolkit: what most CAT tools import and export.

One ``<file>`` per language (``original`` is the text file's name), one
``<trans-unit>`` per key with the key as ``id`` and ``resname``; ``{name}``
placeholders are ``<ph>`` inline codes, which CAT tools lock; the state of
each unit is on its ``<target>`` (``needs-review-translation`` for drafts,
``final`` with ``approved="yes"`` for reviewed units, ``needs-translation``
for stale or missing ones). The translator notes are a ``<note>`` in the
``<header>``.

Reading accepts what tools send back: ``approved="yes"`` or a ``final`` /
``signed-off`` state approves a unit; ``<g>`` and ``<mrk>`` wrappers (memoQ
and Trados segment marks) are read through; any other inline code is a
problem named by unit.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import Problem
from ..model.review import UnitState
from .exchange import Exchange, Returned, ReturnedUnit, pieces, refused

NAMESPACE = "urn:oasis:names:tc:xliff:document:1.2"
_STATES = {UnitState.REVIEWED: "final", UnitState.DRAFT: "needs-review-translation",
           UnitState.STALE: "needs-translation"}
_APPROVING_STATES = {"final", "signed-off"}
#: Inline elements whose content is text of the unit (segment marks, formatting groups).
_WRAPPERS = {"g", "mrk"}


def write_xliff(exchange: Exchange) -> bytes:
    """The XLIFF 1.2 document for ``exchange`` (deterministic bytes)."""
    from translate.storage import xliff

    store = xliff.xlifffile.parsestring(_skeleton(exchange).encode("utf-8"))
    for unit in exchange.units:
        element = store.addsourceunit("", filename=exchange.file_name)
        element.setid(unit.key)
        element.xmlelement.set("resname", unit.key)
        _set_text(element.source_dom, unit.source)
        element.target = ""  # an empty <target> still carries the unit's state
        _set_text(element.get_target_dom(), unit.target)
        element.set_state_n(xliff.xliffunit.statemap[_STATES[unit.state]])
        if unit.state is UnitState.REVIEWED:
            element.markapproved(True)
        element.addnote(f"key: {unit.key}\nsection: {unit.section}", origin="developer")
    from lxml import etree

    etree.cleanup_namespaces(store.document.getroot())  # the toolkit's stray XLIFF 1.1 prefix
    return bytes(store)


def _skeleton(exchange: Exchange) -> str:
    from xml.sax.saxutils import quoteattr

    notes = _escape(exchange.notes)
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<xliff xmlns="{NAMESPACE}" version="1.2">'
        f"<file original={quoteattr(exchange.file_name)} "
        f"source-language={quoteattr(exchange.source_tag)} "
        f"target-language={quoteattr(exchange.tag)} datatype=\"plaintext\" "
        f'product-name="safehaven">'
        f'<header><note from="translator-notes">{notes}</note></header><body/></file></xliff>'
    )


def _escape(text: str) -> str:
    from xml.sax.saxutils import escape

    return escape(text)


def _set_text(element: Any, text: str) -> None:
    """Fill ``element`` with ``text``, each ``{placeholder}`` a ``<ph>`` inline code."""
    from lxml import etree

    parts = pieces(text)
    element.text = parts[0]
    for number, index in enumerate(range(1, len(parts), 2), start=1):
        code = etree.SubElement(element, f"{{{NAMESPACE}}}ph", id=str(number),
                                ctype="x-placeholder")
        code.text = parts[index]
        code.tail = parts[index + 1]


def read_xliff(path: Path, raw: bytes) -> Returned | list[Problem]:
    """The units of a returned XLIFF file, or every problem that stops reading it."""
    from translate.misc.xml_helpers import parse_xml
    from translate.storage import xliff

    try:
        root_name = parse_xml(raw).tag
    except Exception as exc:  # lxml raises several kinds for broken files
        return [refused(path, f"not an XLIFF file: {_reason(exc)}",
                        "send back the .xlf file the CAT tool exported, not another file")]
    if not isinstance(root_name, str) or root_name.split("}")[-1] != "xliff":
        return [refused(path, "not an XLIFF file: its root element is not <xliff>",
                        "send back the .xlf file the CAT tool exported, not another file")]
    try:
        store = xliff.xlifffile.parsestring(raw)
    except Exception as exc:  # lxml and translate-toolkit raise many kinds for broken files
        return [refused(path, f"not an XLIFF file: {_reason(exc)}",
                        "send back the .xlf file the CAT tool exported, not another file")]
    root = store.document.getroot()
    files = root.findall(f"{{{root.nsmap.get(None, NAMESPACE)}}}file")
    if len(files) != 1:
        return [refused(path, f"holds {len(files)} <file> elements; an export has exactly one",
                        "return the file for one language, as it was exported")]
    problems: list[Problem] = []
    units = []
    for element in store.getunits():
        read = _unit(path, element, problems)
        if read is not None:
            units.append(read)
    if problems:
        return problems
    node = files[0]
    return Returned(node.get("source-language", ""), node.get("target-language", ""),
                    node.get("original", ""), tuple(units))


def _unit(path: Path, element: Any, problems: list[Problem]) -> ReturnedUnit | None:
    key = element.xmlelement.get("id") or ""
    line = element.xmlelement.sourceline
    source = _text(element.source_dom, key, path, problems)
    target_dom = element.get_target_dom()
    target = _text(target_dom, key, path, problems) if target_dom is not None else ""
    state = target_dom.get("state", "") if target_dom is not None else ""
    approved = element.xmlelement.get("approved") == "yes" or state in _APPROVING_STATES
    if source is None or target is None:
        return None
    return ReturnedUnit(key, source, target, approved, line)


def _text(element: Any, key: str, path: Path, problems: list[Problem]) -> str | None:
    """The text of a ``<source>`` or ``<target>``, ``<ph>`` codes as their content."""
    if element is None:
        return ""
    out = [element.text or ""]
    for child in element:
        name = child.tag.split("}")[-1] if isinstance(child.tag, str) else ""
        if name == "ph":
            out.append("".join(child.itertext()))
        elif name in _WRAPPERS:
            inner = _text(child, key, path, problems)
            if inner is None:
                return None
            out.append(inner)
        elif name:  # comments and processing instructions carry no text
            problems.append(refused(
                path, f"the unit holds an inline <{name}> code we cannot place in the text",
                "remove the formatting code; keep only text and the locked {placeholder} codes",
                key=key or None, line=child.sourceline))
            return None
        out.append(child.tail or "")
    return "".join(out)


def _reason(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:200]
