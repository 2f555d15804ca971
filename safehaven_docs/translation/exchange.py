"""Plain data between our texts and the exchange formats (XLIFF 1.2, PO).

An :class:`Exchange` is what an export writes: one language's units with
their English, current translation and state, and the translator notes. A
:class:`Returned` is what a reader found in the file a reviewer sends back.
The format modules turn one into bytes and bytes into the other; they decide
nothing about our texts.
"""

from __future__ import annotations

import re
from pathlib import Path

from msgspec import Struct

from ..errors import Problem, SafehavenError
from ..model.review import UnitState

#: A ``{name}`` placeholder: a protected code in the exchange file, never translated.
PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")
FORMATS = ("xliff", "po")
#: The file name suffix of each format.
SUFFIXES = {"xliff": ".xlf", "po": ".po"}


class ExchangeUnit(Struct, frozen=True):
    """One unit as exported: key (the unit id), English, translation ("" if none), state."""

    key: str
    source: str
    target: str
    state: UnitState
    section: str


class Exchange(Struct, frozen=True):
    """One language's units, ready to write in an exchange format."""

    tag: str
    source_tag: str
    english_name: str
    file_name: str
    notes: str
    units: tuple[ExchangeUnit, ...]
    #: How the translation is written (for the review sheet): ISO 15924 code, direction.
    script: str = "Latn"
    rtl: bool = False


class ReturnedUnit(Struct, frozen=True):
    """A unit as a reviewer returned it; ``line`` is where it starts in the file."""

    key: str
    source: str
    target: str
    approved: bool
    line: int | None = None


class Returned(Struct, frozen=True):
    """Everything a reader took from a returned exchange file."""

    source_language: str
    target_language: str
    original: str
    units: tuple[ReturnedUnit, ...]


class ImportRefused(SafehavenError):
    """A returned file was not imported; ``problems`` lists each one by unit."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = tuple(problems)
        lines = [f"nothing was imported: {len(self.problems)} problem(s)"]
        lines += [str(p) for p in self.problems]
        super().__init__("\n".join(lines))


def pieces(text: str) -> list[str]:
    """``text`` cut into plain runs and ``{placeholders}`` (odd indexes are placeholders)."""
    parts: list[str] = []
    last = 0
    for match in PLACEHOLDER.finditer(text):
        parts += [text[last:match.start()], match.group()]
        last = match.end()
    parts.append(text[last:])
    return parts


def refused(path: object, message: str, hint: str, *, key: str | None = None,
            line: int | None = None) -> Problem:
    """A problem with a returned file (or one of its units)."""
    return Problem(Path(str(path)), message, key=key, line=line, hint=hint, code="import")
