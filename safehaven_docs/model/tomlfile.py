"""Reading one text file: bytes → UTF-8 → TOML, with line numbers for keys.

``tomllib`` reports syntax errors with a line but forgets where each key was
defined. :func:`key_lines` recovers that with a light scan of the source so
that every later problem can point at a line a translator can open.
"""

from __future__ import annotations

import re
import stat
from pathlib import Path
from typing import TYPE_CHECKING, Any

from msgspec import Struct

from ..errors import Problem

if TYPE_CHECKING:
    from tomllib import TOMLDecodeError

_TABLE = re.compile(r"^\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"^([A-Za-z0-9_\-]+(?:\s*\.\s*[A-Za-z0-9_\-]+)*)\s*=")
_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


class TomlFile(Struct, frozen=True):
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


#: A language's text file is about 25 kB; anything far larger is not one.
MAX_FILE_BYTES = 1024 * 1024
#: Tables inside tables: the format needs 4; a file nested deeper is not a text file.
MAX_DEPTH = 16


def read_toml(path: Path) -> TomlFile | Problem:
    """Parse ``path``; a file that is not UTF-8 or not TOML gives a Problem.

    Only a regular file is read (a pipe would wait forever, a link to a device
    never end), and at most :data:`MAX_FILE_BYTES` of it.
    """
    raw = read_limited(path)
    if isinstance(raw, Problem):
        return raw
    return parse_toml(path, raw)


def parse_toml(path: Path, raw: bytes) -> TomlFile | Problem:
    """Parse the contents ``raw`` of the text file ``path`` (see :func:`read_toml`)."""
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
    import tomllib  # a text file checked before is not parsed here: loaded when needed

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return _syntax_problem(path, exc)
    except RecursionError:
        data = None
    if data is None or _depth(data) > MAX_DEPTH:
        return Problem(path, f"tables or lists are nested more than {MAX_DEPTH} deep",
                       hint="compare the file with texts/en.toml")
    return TomlFile(path, data, key_lines(text))


def read_limited(path: Path) -> bytes | Problem:
    """The bytes of ``path`` if it is a regular file of at most :data:`MAX_FILE_BYTES`."""
    try:
        info = path.stat()
    except OSError as exc:
        return Problem(path, f"cannot read the file: {exc.strerror}", hint="check the path")
    if not stat.S_ISREG(info.st_mode):
        return Problem(path, "not a regular file (a folder, pipe or device)",
                       hint="give the path of a .toml text file")
    if info.st_size > MAX_FILE_BYTES:
        return Problem(path, f"{info.st_size} bytes: larger than any text file "
                       f"({MAX_FILE_BYTES // 1024} kB at most)",
                       hint="a text file holds one language's texts; check the file")
    try:
        with path.open("rb") as stream:
            raw = stream.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        return Problem(path, f"cannot read the file: {exc.strerror}", hint="check the path")
    if len(raw) > MAX_FILE_BYTES:
        return Problem(path, f"larger than {MAX_FILE_BYTES // 1024} kB",
                       hint="a text file holds one language's texts; check the file")
    return raw


def _depth(data: Any) -> int:
    """How deeply tables and lists nest (without recursion: the input may be hostile)."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        value, level = stack.pop()
        deepest = max(deepest, level)
        if level > MAX_DEPTH:
            break
        children = value.values() if isinstance(value, dict) else (
            value if isinstance(value, list) else ())
        stack += [(child, level + 1) for child in children
                  if isinstance(child, dict | list)]
    return deepest


def _syntax_problem(path: Path, exc: TOMLDecodeError) -> Problem:
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
