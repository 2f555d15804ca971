"""Split a paragraph into runs of one bidi level, one script and one font.

Characters shared by all scripts (spaces, digits, punctuation) take the
script of the text around them, so "(ICE)" inside Arabic keeps its brackets
with the Latin word and a comma after Burmese stays Burmese. Each character
then gets the first face of its script's font stack that has it; a character
no bundled font has is an error naming it — never a tofu box.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from msgspec import Struct

from ..errors import SafehavenError
from . import icu
from .fonts import Face, font_library
from .scripts import FALLBACK_FAMILY, script_info


class MissingGlyphError(SafehavenError):
    """A character that no bundled font can draw."""

    def __init__(self, char: str, text: str, index: int, context: str) -> None:
        self.char = char
        snippet = text[max(0, index - 12) : index + 12]
        super().__init__(
            f"{context}no bundled font has {icu.char_name(char)} (in “{snippet}”); "
            "replace the character or add a font that covers it to fonts/"
        )


class Run(Struct, frozen=True):
    """A maximal stretch of a paragraph with one level, script and face."""

    start: int
    end: int
    level: int
    script: str
    face: Face

    @property
    def rtl(self) -> bool:
        return self.level % 2 == 1


_ISOLATE_OPEN, _ISOLATE_CLOSE = "\u2066\u2067\u2068", "\u2069"
_NEUTRAL = frozenset({icu.COMMON, icu.INHERITED})


def resolve_scripts(text: str, default: str) -> tuple[str, ...]:
    """The script of each character, with Common and Inherited resolved from context.

    An isolate with no letters at all (a phone number inserted into Arabic
    text) is data, not part of the sentence around it: it is set in Latin, so
    its digits, brackets and hyphens all come from one font.
    """
    raw = list(map(icu.script_of, text))
    if any(char in text for char in _ISOLATE_OPEN):
        raw = _isolated_data_as_latin(text, raw)
    resolved: list[str] = []
    current = ""
    for script in raw:
        if script not in _NEUTRAL:
            current = script
        resolved.append(current)
    first = next((s for s in raw if s not in _NEUTRAL), default)
    return tuple(s or first for s in resolved)


def uncovered(text: str, default_script: str) -> list[tuple[int, str]]:
    """Characters of ``text`` that no bundled font of its scripts can draw."""
    scripts = resolve_scripts(text, default_script)
    pairs = set(zip(text, scripts, strict=True))
    if all(_drawable(char, script, default_script) for char, script in pairs):
        return []  # each distinct character and script once: the usual answer, sooner
    missing = []
    for index, char in enumerate(text):
        if _continues_cluster(char) or char.isspace():
            continue
        if _face_for(char, scripts[index], default_script, False) is None:
            missing.append((index, char))
    return missing


def _drawable(char: str, script: str, default_script: str) -> bool:
    return (_continues_cluster(char) or char.isspace()
            or _face_for(char, script, default_script, False) is not None)


def _isolated_data_as_latin(text: str, scripts: list[str]) -> list[str]:
    start = None
    for index, char in enumerate(text):
        if char in _ISOLATE_OPEN:
            start = index
        elif char == _ISOLATE_CLOSE and start is not None:
            span = range(start, index + 1)
            if all(scripts[i] in (icu.COMMON, icu.INHERITED) for i in span):
                for i in span:
                    scripts[i] = "Latn"
            start = None
    return scripts


def itemize(
    text: str, levels: tuple[int, ...], default_script: str, *, bold: bool = False,
    context: str = "",
) -> tuple[Run, ...]:
    """Runs covering ``text`` in logical order."""
    scripts = resolve_scripts(text, default_script)
    faces = _choose_faces(text, scripts, default_script, bold, context)
    runs: list[Run] = []
    start = 0
    for index in range(1, len(text) + 1):
        if index == len(text) or (levels[index], scripts[index], faces[index]) != (
            levels[start], scripts[start], faces[start]):
            runs.append(Run(start, index, levels[start], scripts[start], faces[start]))
            start = index
    return tuple(runs)


def _choose_faces(text: str, scripts: tuple[str, ...], default_script: str, bold: bool,
                  context: str) -> list[Face]:
    """The first face that has each character: its script's stack, then the language's."""
    faces: list[Face] = []
    for index, char in enumerate(text):
        if faces and _continues_cluster(char):
            faces.append(faces[-1])
            continue
        face = _face_for(char, scripts[index], default_script, bold)
        if face is None:
            raise MissingGlyphError(char, text, index, context)
        faces.append(face)
    return faces


@lru_cache(maxsize=16384)
def _face_for(char: str, script: str, default_script: str, bold: bool) -> Face | None:
    library = font_library()
    families = _families(script) + _families(default_script)
    if unicodedata.category(char) == "Cf":
        return library.get(families[0], bold=bold)
    for family in families:
        face = library.get(family, bold=bold)
        if face.covers(char):
            return face
    return None


def _families(script: str) -> tuple[str, ...]:
    try:
        return script_info(script).families
    except SafehavenError:
        return (FALLBACK_FAMILY,)


@lru_cache(maxsize=4096)
def _continues_cluster(char: str) -> bool:
    """Marks, joiners and invisible controls stay in the font of the text before them."""
    return unicodedata.category(char) in ("Mn", "Mc", "Me", "Cf")
