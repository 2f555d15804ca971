"""safehaven_docs: the Safe Haven resolution as print-ready documents in every language.

The public API is small and typed::

    import safehaven_docs as sh
    texts = sh.load_texts()             # every language, checked
    english = texts["en"]
    english.digest.headline             # 'This school is a safe haven for every family'
    [m.tag for m in sh.languages()]     # ['en', 'ar', 'es', ...]
    report = sh.check_texts("my-texts") # every problem, never an exception

Bad input raises :class:`SafehavenError` subclasses whose message names the
file, key and line and says what to do.
"""

from __future__ import annotations

from pathlib import Path

from .errors import Problem, SafehavenError, Severity, TextsError, UnknownLanguageError
from .model import (
    CheckReport,
    Direction,
    LanguageTexts,
    Meta,
    Status,
    TextSet,
    check_texts,
    load_texts,
)

__version__ = "0.1.0"


def languages(texts: Path | str | None = None) -> list[Meta]:
    """The metadata of every language in ``texts`` (default: the shipped texts)."""
    return [language.meta for language in load_texts(texts)]


__all__ = [
    "CheckReport",
    "Direction",
    "LanguageTexts",
    "Meta",
    "Problem",
    "SafehavenError",
    "Severity",
    "Status",
    "TextSet",
    "TextsError",
    "UnknownLanguageError",
    "__version__",
    "check_texts",
    "languages",
    "load_texts",
]
