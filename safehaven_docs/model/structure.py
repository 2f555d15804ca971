"""The shape of a text file: what the code needs, and what translations mirror.

Two checks live here. :func:`check_source_shape` holds the source (English)
file to :data:`SOURCE_SHAPE`, the keys the documents are laid out from.
:func:`check_mirror` holds a translation to the source file itself: the same
keys, in any order, and the same number of entries in every list — so adding
a point to the English digest makes every translation report it as missing.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..errors import Problem

#: Keys that only the source file carries: facts, not text to translate.
SOURCE_ONLY = frozenset({"letter.date"})
#: Top-level tables of a translation that the source does not have.
TRANSLATION_ONLY = frozenset({"translated_from", "dates", "review"})
#: The sections a translation records a fingerprint of the source for.
TRANSLATED_SECTIONS = ("resolution", "digest", "letter", "labels")

#: A tiny schema: ``str``, ``[str]`` (a non-empty list of strings), or a dict of
#: keys to schemas where ``"*"`` matches any key and a trailing ``?`` marks an
#: optional key.
SOURCE_SHAPE: dict[str, Any] = {
    "meta": {"*": str},
    "resolution": {
        "title": str,
        "subtitle": str,
        "preamble": [str],
        "commitments_intro": str,
        "commitments": {"*": {"text": str, "items?": {"*": str}}},
    },
    "digest": {
        "headline": str,
        "summary": str,
        "points": {"*": str},
        "ask": {"heading": str, "text": str, "full_text": str},
    },
    "letter": {
        "date": str,
        "salutation": str,
        "opening": [str],
        "closing_paragraphs": [str],
        "closing": str,
        "signatories": {"*": {"name": str, "role": str, "organization?": str}},
    },
    "labels": {
        "district": str,
        "board": str,
        "complete_version": str,
        "digest_version": str,
        "posted_at": str,
        "other_languages": str,
        "scan_for_languages": str,
        "draft_notice": str,
        "page_of": str,
        "letter_title": str,
        "*": str,
    },
}

DATES_SHAPE: dict[str, Any] = {"months": [str], "month_year": str}


def check_source_shape(data: dict[str, Any]) -> Iterator[Problem]:
    """Problems that make the source file unusable as the structure of all texts."""
    yield from _check(data, SOURCE_SHAPE, "", source=True)


def check_shape(value: Any, shape: Any, key: str) -> Iterator[Problem]:
    """Problems of ``value`` against ``shape`` (used for optional tables)."""
    yield from _check(value, shape, key, source=False)


def _check(value: Any, shape: Any, key: str, *, source: bool) -> Iterator[Problem]:
    if shape is str:
        if not isinstance(value, str):
            yield _wrong_type(key, "a string", value)
    elif isinstance(shape, list):
        yield from _check_list(value, key)
    else:
        yield from _check_table(value, shape, key, source=source)


def _check_list(value: Any, key: str) -> Iterator[Problem]:
    if not isinstance(value, list):
        yield _wrong_type(key, "a list of strings", value)
    elif not value:
        yield Problem(
            None, "the list is empty", key=key, code="empty", hint="add at least one entry"
        )
    else:
        for index, entry in enumerate(value):
            if not isinstance(entry, str):
                yield _wrong_type(f"{key}[{index}]", "a string", entry)


def _check_table(value: Any, shape: dict[str, Any], key: str, *, source: bool) -> Iterator[Problem]:
    if not isinstance(value, dict):
        yield _wrong_type(key, "a table", value)
        return
    for name in shape:
        if name == "*" or name.endswith("?") or name in value:
            continue
        yield Problem(
            None,
            "required key is missing",
            key=_join(key, name),
            code="missing-key",
            hint=f"add `{name} = ...` (see texts/en.toml)",
        )
    for name, entry in value.items():
        sub = shape.get(name, shape.get(f"{name}?", shape.get("*")))
        if sub is None:
            yield _unknown(_join(key, name), source=source)
        else:
            yield from _check(entry, sub, _join(key, name), source=source)


def check_mirror(source: dict[str, Any], other: dict[str, Any], key: str = "") -> Iterator[Problem]:
    """Problems where a translation's structure differs from the source file's."""
    for name, expected in source.items():
        full = _join(key, name)
        if (name == "meta" and not key) or full in SOURCE_ONLY:
            continue
        if name not in other:
            yield Problem(
                None,
                "missing: the English file has this key",
                key=full,
                code="missing-key",
                hint="translate the English text of this key and add it",
            )
            continue
        yield from _mirror_value(expected, other[name], full)
    for name in other:
        full = _join(key, name)
        if name in source or (not key and name in TRANSLATION_ONLY | {"meta"}):
            continue
        if full in SOURCE_ONLY:
            yield Problem(
                None,
                "this key belongs only in the English file",
                key=full,
                code="unknown-key",
                hint="delete it; documents take this value from texts/en.toml",
            )
            continue
        yield _unknown(full, source=False)


def _mirror_value(expected: Any, actual: Any, key: str) -> Iterator[Problem]:
    if isinstance(expected, dict):
        if isinstance(actual, dict):
            yield from check_mirror(expected, actual, key)
        else:
            yield _wrong_type(key, "a table", actual)
    elif isinstance(expected, list):
        if not isinstance(actual, list):
            yield _wrong_type(key, "a list of strings", actual)
        elif len(actual) != len(expected):
            yield Problem(
                None,
                f"has {len(actual)} entries; the English list has {len(expected)}",
                key=key,
                code="count",
                hint="keep one entry per English paragraph, in the same order",
            )
        else:
            for index, entry in enumerate(actual):
                if not isinstance(entry, str):
                    yield _wrong_type(f"{key}[{index}]", "a string", entry)
    elif not isinstance(actual, str):
        yield _wrong_type(key, "a string", actual)


def _unknown(key: str, *, source: bool) -> Problem:
    hint = (
        "remove it, or check its spelling against docs/texts-format.md"
        if source
        else "remove it, or check its spelling against texts/en.toml"
    )
    return Problem(None, "unknown key", key=key, code="unknown-key", hint=hint)


def _wrong_type(key: str, wanted: str, value: Any) -> Problem:
    return Problem(
        None,
        f"must be {wanted}, not {_kind(value)}",
        key=key,
        code="type",
        hint="compare with the same key in texts/en.toml",
    )


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "a string"
    return f"a {type(value).__name__} value"


def _join(key: str, name: str) -> str:
    return f"{key}.{name}" if key else name
