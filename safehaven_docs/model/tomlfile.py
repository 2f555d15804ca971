"""Reading one text file: bytes → UTF-8 → TOML, with line numbers for keys.

``tomllib`` reports syntax errors with a line but forgets where each key was
defined. :func:`key_lines` recovers that with a light scan of the source so
that every later problem can point at a line a translator can open.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import Problem

_TABLE = re.compile(r"^\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"^([A-Za-z0-9_\-]+(?:\s*\.\s*[A-Za-z0-9_\-]+)*)\s*=")
_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


@dataclass(frozen=True)
class TomlFile:
    """A parsed text file and where its keys are."""

    path: Path
    data: dict[str, Any]
    lines: dict[str, int]

    def line_of(self, key: str) -> int | None:
        """The line of ``key`` or, failing that, of its nearest enclosing table."""
        parts = key.split(".")
        while parts:
            found = self.lines.get(".".join(parts))
            if found is not None:
                return found
            parts.pop()
        return None


def read_toml(path: Path) -> TomlFile | Problem:
    """Parse ``path``; a file that is not UTF-8 or not TOML gives a Problem."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return Problem(path, f"cannot read the file: {exc.strerror}", hint="check the path")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return Problem(
            path,
            f"not UTF-8: byte 0x{raw[exc.start]:02X} at offset {exc.start} cannot be decoded",
            line=line,
            hint="save the file as UTF-8 (not UTF-16, Windows-1252 or a legacy font encoding)",
        )
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return _syntax_problem(path, exc)
    return TomlFile(path, data, key_lines(text))


def _syntax_problem(path: Path, exc: tomllib.TOMLDecodeError) -> Problem:
    message = str(exc)
    match = _TOML_POSITION.search(message)
    line = int(match.group(1)) if match else None
    reason = _TOML_POSITION.sub("", message).strip()
    return Problem(
        path,
        f"invalid TOML: {reason}",
        line=line,
        hint="compare this line with the same place in texts/en.toml; strings need double quotes "
        "and every [table] and key may appear only once",
    )


def key_lines(text: str) -> dict[str, int]:
    """Map each dotted key (and table) to the first line that defines it."""
    lines: dict[str, int] = {}
    table = ""
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        header = _TABLE.match(stripped)
        if header:
            table = _normalise(header.group(1))
            lines.setdefault(table, number)
            continue
        key = _KEY.match(stripped)
        if key:
            name = _normalise(key.group(1))
            lines.setdefault(f"{table}.{name}" if table else name, number)
    return lines


def _normalise(dotted: str) -> str:
    return ".".join(part.strip().strip('"') for part in dotted.split("."))
