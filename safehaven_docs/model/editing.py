"""Small, safe edits to a translator's file: fingerprints and normalisation.

Both rewrite the file atomically and touch nothing but what they promise:
``stamp`` replaces only the ``[translated_from]`` table, ``normalize`` only
changes code points into their NFC form.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from ..files import write_atomic

_TABLE_START = re.compile(r"^\s*\[\s*translated_from\s*\]\s*(#.*)?$")
_ANY_TABLE = re.compile(r"^\s*\[")


def stamp_text(text: str, fingerprints: dict[str, str]) -> str:
    """``text`` with its ``[translated_from]`` table set to ``fingerprints``."""
    lines = text.splitlines(keepends=True)
    kept: list[str] = []
    inside = False
    for line in lines:
        if _TABLE_START.match(line):
            inside = True
            continue
        if inside and _ANY_TABLE.match(line):
            inside = False
        if not inside:
            kept.append(line)
    body = "".join(kept).rstrip("\n") + "\n"
    table = ["", "[translated_from]"]
    table += [f'{name} = "{value}"' for name, value in fingerprints.items()]
    return body + "\n".join(table) + "\n"


def stamp_file(path: Path, fingerprints: dict[str, str]) -> None:
    """Record in ``path`` that it now translates the current English sections."""
    text = path.read_text(encoding="utf-8")
    write_atomic(path, stamp_text(text, fingerprints).encode("utf-8"))


def normalize_file(path: Path) -> bool:
    """Rewrite ``path`` in Unicode NFC; returns whether anything changed."""
    text = path.read_text(encoding="utf-8")
    normal = unicodedata.normalize("NFC", text)
    if normal == text:
        return False
    write_atomic(path, normal.encode("utf-8"))
    return True
