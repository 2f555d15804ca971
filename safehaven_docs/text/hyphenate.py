"""Where a word may be hyphenated at a line end, from a maintained dictionary.

Hyphenation points come from pyphen, which reads the LibreOffice/Hunspell
patterns; the registry (:func:`.scripts.hyphenation_dictionary`) says which
dictionary a language uses, and a language without one is never hyphenated.
Only ordinary words are hyphenated: not words in capitals (acronyms), not
tokens that look like data (web addresses, e-mail, numbers), and nothing
inside a directional isolate (a site name or phone number inserted into the
sentence).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from .scripts import hyphenation_dictionary

if TYPE_CHECKING:
    import pyphen

#: Letters kept on the line before a hyphen and carried to the next line
#: (TeX's \lefthyphenmin and \righthyphenmin for English).
LEFT_MIN, RIGHT_MIN = 2, 3
#: The character drawn at the end of a hyphenated line.
HYPHEN = "-"
_TOKEN = re.compile(r"\S+")
_WORD = re.compile(r"[^\W\d_]+")
_DATA = re.compile(r"[\d@/:\\]|\.\w|www")
_ISOLATE = re.compile("[\u2066\u2067\u2068].*?(?:\u2069|$)", re.DOTALL)


def hyphenation_points(text: str, language: str) -> tuple[int, ...]:
    """Indices of ``text`` where a line may end with a hyphen, ascending."""
    name = hyphenation_dictionary(language) or ""
    if not name:
        return ()
    masked = _ISOLATE.sub(lambda m: " " * len(m.group()), text)
    points: list[int] = []
    for token in _TOKEN.finditer(masked):
        if _DATA.search(token.group()):
            continue
        for word in _WORD.finditer(token.group()):
            letters = word.group()
            if len(letters) < LEFT_MIN + RIGHT_MIN or any(c.isupper() for c in letters[1:]):
                continue
            base = token.start() + word.start()
            points.extend(base + p for p in _positions(name, letters))
    return tuple(points)


@lru_cache(maxsize=32768)
def _positions(name: str, word: str) -> tuple[int, ...]:
    """Hyphenation points of one word: kept, since documents repeat their words."""
    return tuple(_dictionary(name).positions(word))


@lru_cache(maxsize=16)
def _dictionary(name: str) -> pyphen.Pyphen:
    import pyphen

    return pyphen.Pyphen(lang=name, left=LEFT_MIN, right=RIGHT_MIN)
