"""Problems found in user input, and the exceptions that carry them.

Every error a user can cause (a broken text file, an unknown language, a
character no font has) is reported as a :class:`Problem` that names the file,
the key and, where known, the line, and says what to do. The command line
prints problems; it never shows a traceback for them.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path

from msgspec import Struct


class Severity(Enum):
    """An error stops loading; a warning is reported and loading goes on."""

    ERROR = "error"
    WARNING = "warning"


class Problem(Struct, frozen=True):
    """One thing wrong with an input, located as precisely as we can."""

    path: Path | None
    message: str
    key: str | None = None
    line: int | None = None
    hint: str | None = None
    severity: Severity = Severity.ERROR
    code: str = "invalid"

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def location(self) -> str:
        """``file:line [key]`` — the part of the message a user searches for."""
        where = str(self.path) if self.path else "<input>"
        if self.line is not None:
            where += f":{self.line}"
        if self.key:
            where += f" [{self.key}]"
        return where

    def __str__(self) -> str:
        text = f"{self.location()}: {self.severity.value}: {self.message}"
        if self.hint:
            text += f"\n    fix: {self.hint}"
        return text


class SafehavenError(Exception):
    """Base of every error caused by user input; the CLI prints it plainly."""


class RenderError(SafehavenError):
    """A document could not be made as asked; the message says why and what to do."""


class TextsError(SafehavenError):
    """The text files could not be loaded; ``problems`` says why."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = tuple(problems)
        errors = [p for p in self.problems if p.is_error]
        lines = [f"{len(errors)} error(s) in the text files:"]
        lines += [str(p) for p in errors]
        super().__init__("\n".join(lines))


class UnknownLanguageError(SafehavenError):
    """A language tag that no text file declares."""

    def __init__(self, tag: str, known: list[str]) -> None:
        self.tag = tag
        super().__init__(
            f"unknown language {tag!r}; known languages: {', '.join(known)}. "
            "Add a file texts/<tag>.toml (see docs/texts-format.md) or pick one of these."
        )
