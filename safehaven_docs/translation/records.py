"""Write a returned file into a language's TOML file: texts, approvals, status.

The file is edited with tomlkit, so its comments, layout and key order stay
as people wrote them; a value is rewritten only when its text changed, and a
record only when the approval changed. Importing a file that changes nothing
gives the same bytes back.

What a record means is decided in :mod:`safehaven_docs.model.review`; this
module only writes them: an approved unit gets a record of the English and
the translation the reviewer saw, an unapproved one loses its record. A
section whose every unit is now approved is stamped with the current English
fingerprint; the language becomes ``reviewed`` when every unit is, and goes
back to ``draft`` when one is not.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from typing import Any

import tomlkit
from msgspec import Struct

from ..model.editing import set_fingerprints
from ..model.review import (
    REVIEW_TABLE,
    UnitState,
    lookup,
    source_units,
    unit_fingerprint,
    units,
)
from ..model.structure import TRANSLATED_SECTIONS
from .exchange import ReturnedUnit


class MissingPlace(Exception):
    """The TOML file has no place for this key (a list shorter than the English one)."""


class Approval(Struct, frozen=True):
    """Who approved the units of one import, and on which day (YYYY-MM-DD)."""

    reviewer: str
    date: str


def apply(text: str, source: dict[str, Any], returned: Mapping[str, ReturnedUnit],
          approval: Approval | None, current: dict[str, str]) -> str:
    """``text`` (a translation's TOML) with ``returned`` written in.

    ``current`` holds the English sections' fingerprints. ``approval`` may be
    None only when no unit gains an approval. Raises :class:`MissingPlace`.
    """
    document = tomlkit.parse(text)
    for key, unit in returned.items():
        if lookup(document.unwrap(), key) != unit.target:
            _set(document, key, unit.target)
    _write_records(document, source, returned, approval)
    data = document.unwrap()
    found = units(source, data, current)
    _stamp_reviewed_sections(document, data, found, current)
    _set_status(document, all(u.state is UnitState.REVIEWED for u in found))
    return tomlkit.dumps(document)


def new_approvals(data: dict[str, Any], source: dict[str, Any],
                  returned: Mapping[str, ReturnedUnit]) -> list[str]:
    """Keys approved in ``returned`` that have no matching record yet."""
    table = data.get(REVIEW_TABLE)
    records: dict[str, Any] = table if isinstance(table, dict) else {}
    english = dict(_english(source))
    return [key for key, unit in returned.items()
            if unit.approved and not _matches(records.get(key), key, english.get(key, ""),
                                              unit.target)]


def _english(source: dict[str, Any]) -> list[tuple[str, str]]:
    return list(source_units(source))


def _matches(record: Any, key: str, english: str, target: str) -> bool:
    return (isinstance(record, dict) and record.get("source") == unit_fingerprint(key, english)
            and record.get("target") == unit_fingerprint(key, target))


def _set(document: MutableMapping[str, Any], key: str, value: str) -> None:
    parts = key.replace("[", ".[").split(".")
    node: Any = document
    for part, following in zip(parts, [*parts[1:], None], strict=True):
        if following is None:
            _put(node, part, value)
        elif part.startswith("["):
            index = int(part[1:-1])
            if not isinstance(node, list) or index >= len(node):
                raise MissingPlace(key)
            node = node[index]
        else:
            if part not in node:
                node[part] = [] if following.startswith("[") else tomlkit.table()
            node = node[part]


def _put(node: Any, part: str, value: str) -> None:
    if part.startswith("["):
        index = int(part[1:-1])
        if not isinstance(node, list) or index > len(node):
            raise MissingPlace(part)
        if index == len(node):
            node.append(value)
        else:
            node[index] = value
    else:
        node[part] = value


def _write_records(document: MutableMapping[str, Any], source: dict[str, Any],
                   returned: Mapping[str, ReturnedUnit], approval: Approval | None) -> None:
    english = dict(_english(source))
    table = document.get(REVIEW_TABLE)
    fresh = not isinstance(table, MutableMapping)
    records: Any = table
    if fresh:
        records = tomlkit.table()
        records.add(tomlkit.comment("Written by `safehaven import`: what a reviewer approved. "
                                    "Do not edit by hand."))
    for key, unit in returned.items():
        if not unit.approved:
            if key in records:
                del records[key]
        elif not _matches(records.get(key), key, english.get(key, ""), unit.target):
            if approval is None:
                raise ValueError("an approval needs a reviewer and a date")
            record = tomlkit.inline_table()
            record.update({"source": unit_fingerprint(key, english.get(key, "")),
                           "target": unit_fingerprint(key, unit.target),
                           "reviewer": approval.reviewer, "date": approval.date})
            records[key] = record
    if fresh and len(records):
        if table is not None:
            del document[REVIEW_TABLE]
        document[REVIEW_TABLE] = records
    elif not fresh and not len(records):
        del document[REVIEW_TABLE]


def _stamp_reviewed_sections(document: MutableMapping[str, Any], data: dict[str, Any],
                             found: list[Any], current: dict[str, str]) -> None:
    recorded = data.get("translated_from")
    recorded = recorded if isinstance(recorded, dict) else {}
    done = {
        section: current[section] for section in TRANSLATED_SECTIONS
        if section in current and recorded.get(section) != current[section]
        and all(u.state is UnitState.REVIEWED for u in found if u.section == section)
        and any(u.section == section for u in found)
    }
    if done:
        set_fingerprints(document, done, keep_others=True)


def _set_status(document: MutableMapping[str, Any], complete: bool) -> None:
    meta = document.get("meta")
    if not isinstance(meta, MutableMapping):
        return
    if complete:
        records = document[REVIEW_TABLE]
        reviewers = list(dict.fromkeys(str(r["reviewer"]) for r in records.values()))
        updates = {"status": "reviewed", "reviewer": ", ".join(reviewers),
                   "reviewed_on": max(str(r["date"]) for r in records.values())}
    elif meta.get("status") == "reviewed":
        updates = {"status": "draft", "reviewer": "", "reviewed_on": ""}
    else:
        return
    for name, value in updates.items():
        if meta.get(name) != value:
            meta[name] = value
