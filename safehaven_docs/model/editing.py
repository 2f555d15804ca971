"""Small, safe edits to a translator's file: fingerprints and normalisation.

Both rewrite the file atomically and touch nothing but what they promise:
``stamp`` changes only the values under ``translated_from``, ``normalize`` only
changes code points into their NFC form.
"""

from __future__ import annotations

import unicodedata
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any

import tomlkit

from ..files import write_atomic


def stamp_text(text: str, fingerprints: dict[str, str]) -> str:
    """``text`` with its ``translated_from`` fingerprints set to ``fingerprints``.

    Edited with tomlkit, so comments, key order and the table's own style
    (a ``[translated_from]`` table, an inline table, dotted keys) survive; a
    file without fingerprints gets a ``[translated_from]`` table at its end.
    """
    document = tomlkit.parse(text)
    set_fingerprints(document, fingerprints, keep_others=False)
    return tomlkit.dumps(document)


def set_fingerprints(document: MutableMapping[str, Any], fingerprints: dict[str, str], *,
                     keep_others: bool) -> None:
    """Set ``translated_from`` in a tomlkit ``document`` in place.

    ``keep_others`` keeps the sections not named in ``fingerprints`` (an import
    stamps only the sections a reviewer approved in full).
    """
    current = document.get("translated_from")
    if isinstance(current, MutableMapping):
        for name, value in fingerprints.items():  # set before deleting: never empty
            current[name] = value
        if not keep_others:
            for name in [name for name in current if name not in fingerprints]:
                del current[name]
    else:
        if current is not None:
            del document["translated_from"]
        table = tomlkit.table()
        for name, value in fingerprints.items():
            table[name] = value
        document["translated_from"] = table


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
