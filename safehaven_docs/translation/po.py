"""PO (gettext) through translate-toolkit: for Weblate, Pootle, Poedit and friends.

One entry per key: ``msgctxt`` is the key, ``msgid`` the English,
``msgstr`` the translation. PO has no inline codes, so placeholders are
protected the gettext way: the ``python-brace-format`` flag, which the tools
(and ``msgfmt -c``) check. A draft or stale unit is ``fuzzy`` (its state is
in a ``#.`` comment); a reviewed one is not. Reading: an entry that is not
fuzzy and has a translation is approved. The translator notes are the
header's comment; the language, English and file name are header fields.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import Problem
from ..model.review import UnitState
from .exchange import Exchange, Returned, ReturnedUnit, refused

_ORIGINAL = "X-Safehaven-File"
_SOURCE_LANGUAGE = "X-Source-Language"


def write_po(exchange: Exchange) -> bytes:
    """The PO file for ``exchange`` (deterministic bytes)."""
    from translate.storage import po

    store = po.pofile()
    header = store.init_headers(
        charset="UTF-8", encoding="8bit", project_id_version="safehaven",
        pot_creation_date="", po_revision_date="", last_translator="",
        language_team="", language=exchange.tag, x_generator="safehaven",
        **{_SOURCE_LANGUAGE: exchange.source_tag, _ORIGINAL: exchange.file_name})
    header.addnote(exchange.notes, origin="translator")
    for unit in exchange.units:
        entry = store.addsourceunit(unit.source)
        entry.setcontext(unit.key)
        entry.target = unit.target
        entry.addnote(f"section: {unit.section}; state: {unit.state.value}", origin="developer")
        entry.addlocation(exchange.file_name)
        entry.settypecomment("python-brace-format")
        entry.markfuzzy(unit.state is not UnitState.REVIEWED and bool(unit.target))
    return bytes(store)


def read_po(path: Path, raw: bytes) -> Returned | list[Problem]:
    """The entries of a returned PO file, or the problem that stops reading it."""
    from translate.storage import po

    try:
        store = po.pofile.parsestring(raw)
        header = store.parseheader()
    except Exception as exc:  # the toolkit's parser raises several kinds for broken files
        reason = (str(exc).strip() or type(exc).__name__).splitlines()[0][:200]
        return [refused(path, f"not a PO file: {reason}",
                        "send back the .po file the translation tool exported")]
    units = tuple(
        ReturnedUnit(str(entry.getcontext() or ""), str(entry.source), str(entry.target or ""),
                     not entry.isfuzzy() and bool(entry.target),
                     getattr(entry, "line_number", None))
        for entry in store.units if not entry.isheader() and not entry.isobsolete())
    if not header and not units:
        return [refused(path, "not a PO file: it holds no header and no entries",
                        "send back the .po file the translation tool exported")]
    return Returned(str(header.get(_SOURCE_LANGUAGE, "")), str(header.get("Language", "")),
                    str(header.get(_ORIGINAL, "")), units)
