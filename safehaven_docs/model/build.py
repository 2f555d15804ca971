"""Turn a validated file's data into the typed content model.

Only called once a file has passed every check, so it can index freely.
Tables are read in the source file's key order: a translation may list keys
in any order, but every language presents the commitments in the English
sequence.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .content import (
    Ask,
    Digest,
    Direction,
    Item,
    Labels,
    LanguageTexts,
    Letter,
    Meta,
    MonthNames,
    Resolution,
    Signatory,
    Status,
    YearMonth,
)


def build_language(data: dict[str, Any], source: dict[str, Any], path: Path) -> LanguageTexts:
    """The model of one language; ``source`` gives order and the shared facts."""
    dates = data.get("dates")
    return LanguageTexts(
        meta=_meta(data["meta"]),
        resolution=_resolution(data["resolution"], source["resolution"]),
        digest=_digest(data["digest"], source["digest"]),
        letter=_letter(data["letter"], source["letter"]),
        labels=Labels({key: data["labels"][key] for key in source["labels"]}),
        month_names=MonthNames(tuple(dates["months"]), dates["month_year"]) if dates else None,
        translated_from=tuple(sorted(data.get("translated_from", {}).items())),
        path=path,
    )


def _meta(meta: dict[str, str]) -> Meta:
    return Meta(
        tag=meta["tag"],
        native_name=meta["native_name"],
        english_name=meta["english_name"],
        script=meta["script"],
        direction=Direction(meta["direction"]),
        status=Status(meta["status"]),
        reviewer=meta["reviewer"],
        reviewed_on=meta["reviewed_on"],
        cldr_locale=meta["cldr_locale"],
        digits=meta.get("digits", ""),
    )


def _resolution(data: dict[str, Any], source: dict[str, Any]) -> Resolution:
    return Resolution(
        title=data["title"],
        subtitle=data["subtitle"],
        preamble=tuple(data["preamble"]),
        commitments_intro=data["commitments_intro"],
        commitments=tuple(
            _commitment(key, data["commitments"][key], entry)
            for key, entry in source["commitments"].items()
        ),
    )


def _commitment(key: str, data: dict[str, Any], source: dict[str, Any]) -> Item:
    items = tuple(Item(name, data["items"][name]) for name in source.get("items", {}))
    return Item(key, data["text"], items)


def _digest(data: dict[str, Any], source: dict[str, Any]) -> Digest:
    ask = data["ask"]
    return Digest(
        headline=data["headline"],
        summary=data["summary"],
        points=tuple(Item(key, data["points"][key]) for key in source["points"]),
        ask=Ask(ask["heading"], ask["text"], ask["full_text"]),
    )


def _letter(data: dict[str, Any], source: dict[str, Any]) -> Letter:
    return Letter(
        date=parse_year_month(source["date"]),
        salutation=data["salutation"],
        opening=tuple(data["opening"]),
        closing_paragraphs=tuple(data["closing_paragraphs"]),
        closing=data["closing"],
        signatories=tuple(
            _signatory(key, data["signatories"][key]) for key in source["signatories"]
        ),
    )


def _signatory(key: str, data: dict[str, str]) -> Signatory:
    return Signatory(key, data["name"], data["role"], data.get("organization"))


def parse_year_month(text: str) -> YearMonth:
    """``"2019-08"`` → ``YearMonth(2019, 8)``; raises ValueError otherwise."""
    year, _, month = text.partition("-")
    if len(year) != 4 or len(month) != 2 or not (year + month).isdigit():
        raise ValueError(f"{text!r} is not a year and month like 2019-08")
    value = YearMonth(int(year), int(month))
    if not 1 <= value.month <= 12:
        raise ValueError(f"{text!r} has no month {value.month}")
    return value
