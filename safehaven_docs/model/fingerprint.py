"""Fingerprints of English sections, so a translation knows when it is stale.

A translation records, per section, the fingerprint of the English text it
was made from (``[translated_from]``). When the English changes, the
fingerprints differ and ``safehaven check`` reports the section as stale.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from .structure import SOURCE_ONLY, TRANSLATED_SECTIONS


def fingerprint(section: str, value: Any) -> str:
    """A short, stable hash of one section's translatable content."""
    content = _without_source_only(value, section)
    canonical = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def source_fingerprints(source: dict[str, Any]) -> dict[str, str]:
    """The fingerprint of every translated section of the source file."""
    return {name: fingerprint(name, source[name]) for name in TRANSLATED_SECTIONS if name in source}


def _without_source_only(value: Any, key: str) -> Any:
    if not isinstance(value, dict):
        return value
    return {
        name: _without_source_only(entry, f"{key}.{name}")
        for name, entry in value.items()
        if f"{key}.{name}" not in SOURCE_ONLY
    }
