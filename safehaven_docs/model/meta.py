"""Checks on a file's ``[meta]`` table: who the language is and how it is written."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import Problem
from ..numerals import digits_of
from ..text import icu
from .content import Direction, Status
from .strings import check_characters, check_coverage

META_KEYS = (
    "tag",
    "native_name",
    "english_name",
    "script",
    "direction",
    "status",
    "reviewer",
    "reviewed_on",
    "cldr_locale",
)
#: Keys a file may leave out; ``digits`` defaults to the CLDR locale's digits.
OPTIONAL_META_KEYS = ("digits",)
#: BCP 47 as we use it: language, optional script, optional region.
_TAG = re.compile(r"^[a-z]{2,3}(-[A-Z][a-z]{3})?(-(?:[A-Z]{2}|[0-9]{3}))?$")


def check_meta(meta: Any, path: Path) -> Iterator[Problem]:
    """Problems with ``[meta]``; later checks rely on it, so it comes first."""
    if not isinstance(meta, dict):
        yield Problem(
            None,
            "the file has no [meta] table",
            key="meta",
            code="missing-key",
            hint="copy the [meta] table from texts/en.toml and fill it in",
        )
        return
    for name in META_KEYS:
        if name not in meta:
            yield Problem(
                None,
                "required key is missing",
                key=f"meta.{name}",
                code="missing-key",
                hint="see docs/texts-format.md for what [meta] holds",
            )
        elif not isinstance(meta[name], str):
            yield Problem(
                None,
                "must be a string",
                key=f"meta.{name}",
                code="type",
                hint='write it in double quotes, e.g. status = "draft"',
            )
    for name in meta:
        if name in OPTIONAL_META_KEYS and not isinstance(meta[name], str):
            yield Problem(
                None,
                "must be a string",
                key=f"meta.{name}",
                code="type",
                hint='write it in double quotes, e.g. digits = "latn"',
            )
        elif name not in META_KEYS + OPTIONAL_META_KEYS:
            yield Problem(
                None,
                "unknown key",
                key=f"meta.{name}",
                code="unknown-key",
                hint=f"[meta] holds only: {', '.join(META_KEYS + OPTIONAL_META_KEYS)}",
            )
    values = {k: v for k, v in meta.items() if isinstance(v, str)}
    yield from _check_names(values)
    yield from _check_tag(values, path)
    yield from _check_script_and_direction(values)
    yield from _check_status(values)
    yield from _check_digits(values)


#: Direction controls make a name print (and show in a terminal) as something else.
_DIRECTION_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _check_names(meta: dict[str, str]) -> Iterator[Problem]:
    """The language's names are printed on posters and in lists: the same rules as texts."""
    for name in ("native_name", "english_name"):
        value = meta.get(name)
        if value is None:
            continue
        key = f"meta.{name}"
        if any(char in _DIRECTION_CONTROLS for char in value):
            yield Problem(None, "contains invisible direction control characters", key=key,
                          code="control", hint="retype the name without them")
            continue
        script = meta.get("script", "Latn") if name == "native_name" else "Latn"
        yield from check_characters(key, value)
        yield from check_coverage(key, value, script)


def _check_tag(meta: dict[str, str], path: Path) -> Iterator[Problem]:
    tag = meta.get("tag")
    if tag is None:
        return
    if not _TAG.match(tag):
        yield Problem(
            None,
            f"{tag!r} is not a language tag we accept",
            key="meta.tag",
            code="tag",
            hint="use a BCP 47 tag: language, optional script and region, e.g. "
            '"so", "rhg-Latn", "es-MX"',
        )
    elif path.stem != tag:
        yield Problem(
            None,
            f"the file is named {path.name} but declares tag {tag!r}",
            key="meta.tag",
            code="tag",
            hint=f"rename the file to {tag}.toml, or correct the tag",
        )


def _check_script_and_direction(meta: dict[str, str]) -> Iterator[Problem]:
    script, direction = meta.get("script"), meta.get("direction")
    known = script is not None and _usable_script(script)
    if script is not None and not known:
        yield Problem(
            None,
            f"{script!r} is not an ISO 15924 script code",
            key="meta.script",
            code="script-code",
            hint='use a four-letter code such as "Latn", "Arab", "Mymr" or "Rohg"',
        )
    tag_script = _script_subtag(meta.get("tag", ""))
    if known and tag_script and tag_script != script:
        yield Problem(
            None,
            f"the tag says script {tag_script} but script = {script!r}",
            key="meta.script",
            code="script-code",
            hint="make them agree",
        )
    if direction is None:
        return
    if direction not in {d.value for d in Direction}:
        yield Problem(
            None,
            f"unknown direction {direction!r}",
            key="meta.direction",
            code="direction",
            hint='write "ltr" (left to right) or "rtl" (right to left)',
        )
    elif known and (direction == "rtl") != icu.is_rtl_script(script):
        wanted = "rtl" if icu.is_rtl_script(script) else "ltr"
        yield Problem(
            None,
            f"script {script} is written {wanted}, but direction = {direction!r}",
            key="meta.direction",
            code="direction",
            hint=f'write direction = "{wanted}"',
        )


def _usable_script(code: str) -> bool:
    return code not in ("Zyyy", "Zinh", "Zzzz") and icu.is_known_script(code)


def _script_subtag(tag: str) -> str | None:
    parts = tag.split("-")
    return parts[1] if len(parts) > 1 and len(parts[1]) == 4 else None


def _check_status(meta: dict[str, str]) -> Iterator[Problem]:
    status = meta.get("status")
    if status is None:
        return
    if status not in {s.value for s in Status}:
        yield Problem(
            None,
            f"unknown status {status!r}",
            key="meta.status",
            code="status",
            hint='write "draft"; only a qualified reviewer changes it to "reviewed"',
        )
        return
    reviewer, reviewed_on = meta.get("reviewer", ""), meta.get("reviewed_on", "")
    if status == "reviewed":
        if not reviewer.strip():
            yield Problem(
                None,
                "a reviewed translation names its reviewer",
                key="meta.reviewer",
                code="status",
                hint='write the reviewer\'s name, or set status = "draft"',
            )
        if not _is_iso_date(reviewed_on):
            yield Problem(
                None,
                f"reviewed_on must be a date like 2027-03-01, not {reviewed_on!r}",
                key="meta.reviewed_on",
                code="status",
                hint="write the day the review was finished, as YYYY-MM-DD",
            )
    elif reviewer or reviewed_on:
        yield Problem(
            None,
            f"a {status} file has no reviewer or review date",
            key="meta.reviewer" if reviewer else "meta.reviewed_on",
            code="status",
            hint='leave both empty ("") until a reviewer signs off and sets status = "reviewed"',
        )


def _check_digits(meta: dict[str, str]) -> Iterator[Problem]:
    """``digits`` names a CLDR numbering system with ten digits a bundled font can draw."""
    system = meta.get("digits")
    if system is None:
        return
    digits = digits_of(system)
    if digits is None:
        yield Problem(
            None,
            f"{system!r} is not a CLDR numbering system with ten digits",
            key="meta.digits",
            code="digits",
            hint='write a CLDR numbering system such as "latn" (0-9), "arab", "arabext", '
            '"mymr" or "rohg", or leave the key out for the CLDR locale\'s digits '
            "(see docs/texts-format.md)",
        )
        return
    script = meta.get("script", "Latn")
    if _usable_script(script):
        for problem in check_coverage("meta.digits", digits, script):
            yield Problem(
                None,
                f"no bundled font draws the {system!r} digits {digits}",
                key="meta.digits",
                code="digits",
                hint=f"choose digits the {script} fonts have, such as \"latn\"",
                severity=problem.severity,
            )
            return


def _is_iso_date(text: str) -> bool:
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10
