"""Translation units and review records: how much of a translation a person approved.

A *unit* is one English string of the source file (``digest.headline``,
``resolution.preamble[0]``) and its translation. A reviewer approves units one
by one; ``safehaven import`` writes each approval into the translation's own
file, in a ``[review]`` table::

    [review]
    "digest.headline" = {source = "3f2a…", target = "9b1c…", reviewer = "A. Name",
                         date = "2027-03-01"}   # (one line in the file)

``source`` and ``target`` are fingerprints of the English and of the
translation the reviewer saw. An approval holds only while both still match:
edit either and the unit is a draft (or stale) again, so a record can never
vouch for words nobody reviewed. A language is ``reviewed`` only when every
unit is.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from enum import Enum
from typing import Any

from msgspec import Struct

from ..errors import Problem
from .fingerprint import fingerprint
from .strings import walk_strings
from .structure import SOURCE_ONLY, TRANSLATED_SECTIONS

#: The table of a translation that holds review records.
REVIEW_TABLE = "review"
RECORD_KEYS = ("source", "target", "reviewer", "date")


class UnitState(Enum):
    """Where a unit stands: approved by a reviewer, a draft, or behind the English."""

    REVIEWED = "reviewed"
    DRAFT = "draft"
    STALE = "stale"


class Unit(Struct, frozen=True):
    """One English string and its translation (None when the translation lacks it)."""

    key: str
    source: str
    target: str | None
    state: UnitState

    @property
    def section(self) -> str:
        return self.key.split(".", 1)[0].split("[", 1)[0]


class ReviewCounts(Struct, frozen=True):
    """How many units of a translation are reviewed, drafts, or stale (or missing)."""

    reviewed: int
    draft: int
    stale: int

    @property
    def total(self) -> int:
        return self.reviewed + self.draft + self.stale

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.reviewed == self.total


def source_units(source: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """``(key, English text)`` of every translatable string, in the source file's order."""
    for section in TRANSLATED_SECTIONS:
        if isinstance(source.get(section), dict):
            for key, text in walk_strings(source[section], section):
                if key not in SOURCE_ONLY:
                    yield key, text


def lookup(data: Any, key: str) -> str | None:
    """The string at dotted ``key`` (with ``[index]`` parts) in parsed ``data``, or None."""
    value = data
    for part in key.replace("[", ".[").split("."):
        if part.startswith("["):
            index = int(part[1:-1])
            value = value[index] if isinstance(value, list) and index < len(value) else None
        else:
            value = value.get(part) if isinstance(value, dict) else None
    return value if isinstance(value, str) else None


def unit_fingerprint(key: str, text: str) -> str:
    """The fingerprint a review record keeps of one unit's English or translation."""
    return fingerprint(key, text)


def units(source: dict[str, Any], data: dict[str, Any],
          current: dict[str, str]) -> list[Unit]:
    """Every unit of translation ``data`` with its state.

    ``current`` holds the fingerprints of the English sections (see
    :func:`~.fingerprint.source_fingerprints`): a unit with no valid approval in
    a section whose English changed since ``safehaven stamp`` is stale.
    """
    records = records_of(data)
    stamped = data.get("translated_from")
    stamped = stamped if isinstance(stamped, dict) else {}
    found = []
    for key, english in source_units(source):
        target = lookup(data, key)
        state = _state(key, english, target, records.get(key),
                       stamped.get(key.split(".", 1)[0]) == current.get(key.split(".", 1)[0]))
        found.append(Unit(key, english, target, state))
    return found


def _state(key: str, english: str, target: str | None, record: Any,
           section_current: bool) -> UnitState:
    if target is None:
        return UnitState.STALE
    if isinstance(record, dict):
        if record.get("source") != unit_fingerprint(key, english):
            return UnitState.STALE
        if record.get("target") == unit_fingerprint(key, target):
            return UnitState.REVIEWED
    return UnitState.DRAFT if section_current else UnitState.STALE


def count(found: list[Unit]) -> ReviewCounts:
    """How many of ``found`` are in each state."""
    states = [unit.state for unit in found]
    return ReviewCounts(states.count(UnitState.REVIEWED), states.count(UnitState.DRAFT),
                        states.count(UnitState.STALE))


def records_of(data: dict[str, Any]) -> dict[str, Any]:
    """The ``[review]`` table of parsed ``data`` (empty when there is none or it is broken)."""
    table = data.get(REVIEW_TABLE)
    return table if isinstance(table, dict) else {}


def check_review(data: dict[str, Any], source: dict[str, Any],
                 current: dict[str, str]) -> Iterator[Problem]:
    """Broken records, and a ``reviewed`` status that not every unit has earned."""
    table = data.get(REVIEW_TABLE)
    if table is not None and not isinstance(table, dict):
        yield _problem(REVIEW_TABLE, "must be a table of review records")
        return
    known = {key for key, _ in source_units(source)}
    for key, record in (table or {}).items():
        yield from _check_record(f"{REVIEW_TABLE}.{key}", key in known, record)
    meta = data.get("meta")
    if isinstance(meta, dict) and meta.get("status") == "reviewed":
        counts = count(units(source, data, current))
        if not counts.complete:
            yield Problem(
                None,
                f'status is "reviewed" but only {counts.reviewed} of {counts.total} units '
                "have a reviewer's approval that matches the current text",
                key="meta.status",
                code="status",
                hint='set status = "draft"; `safehaven import` marks the language reviewed '
                "once a reviewer has approved every unit",
            )


def _check_record(key: str, known: bool, record: Any) -> Iterator[Problem]:
    if not known:
        yield _problem(key, "a review record for a text the English file does not have",
                       "delete the record (it was written for a key that no longer exists)")
        return
    if not isinstance(record, dict) or set(record) != set(RECORD_KEYS) or not all(
            isinstance(record[name], str) for name in RECORD_KEYS):
        yield _problem(key, f"a review record holds exactly {', '.join(RECORD_KEYS)} "
                       "as strings")
        return
    if not record["reviewer"].strip():
        yield _problem(key, "a review record names its reviewer")
    try:
        datetime.date.fromisoformat(record["date"])
    except ValueError:
        yield _problem(key, f"date must look like 2027-03-01, not {record['date']!r}")


def _problem(key: str, message: str,
             hint: str = "records are written by `safehaven import`; delete the broken "
             "record and import the reviewer's file again") -> Problem:
    return Problem(None, message, key=key, code="review", hint=hint)
