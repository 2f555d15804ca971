"""The one module that talks to ICU (through the ``pyicu-wheels`` binding).

ICU gives us Unicode properties that the standard library lacks (scripts and
script extensions), and later the bidi algorithm and dictionary line
breaking. Keeping every call here means one place to change if the binding
changes.

The binding is loaded at the first call, not at import: loading ICU's library and data
takes a new process 15–20 ms, and a render whose texts and paragraphs come from the
cache on disk (Latin script) may never need it.
"""

from __future__ import annotations

from functools import lru_cache
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import icu as _binding_module

COMMON = "Zyyy"
INHERITED = "Zinh"


@lru_cache(maxsize=1)
def _lib() -> ModuleType:
    """The ICU binding, imported once, when first needed."""
    import icu

    return icu


@lru_cache(maxsize=4096)
def script_of(char: str) -> str:
    """The ISO 15924 code of ``char``'s Script property (``Zyyy`` for common)."""
    return _lib().Script.getScript(ord(char)).getShortName()


@lru_cache(maxsize=4096)
def script_extensions(char: str) -> frozenset[str]:
    """The ISO 15924 codes of ``char``'s Script_Extensions property."""
    codes = _lib().Script.getScriptExtensions(ord(char))
    return frozenset(_lib().Script(code).getShortName() for code in codes)


@lru_cache(maxsize=256)
def is_known_script(code: str) -> bool:
    """Whether ``code`` is an ISO 15924 script code ICU knows."""
    found = _lib().Script.getCode(code)
    return bool(found) and _lib().Script(found[0]).getShortName() == code


@lru_cache(maxsize=256)
def is_rtl_script(code: str) -> bool:
    """Whether text in the script ``code`` runs right to left."""
    return bool(_lib().Script(_lib().Script.getCode(code)[0]).isRightToLeft())


def char_name(char: str) -> str:
    """``U+1000 MYANMAR LETTER KA`` — how errors name a character."""
    name = _lib().Char.charName(char) or "<unnamed>"
    return f"U+{ord(char):04X} {name}"


def _utf16_to_codepoint_index(text: str) -> list[int]:
    """Map every UTF-16 offset of ``text`` (and its end) to a code point index.

    ICU counts in UTF-16 units; Python counts code points. Hanifi Rohingya
    lives outside the BMP, so the two differ there.
    """
    mapping: list[int] = []
    for index, char in enumerate(text):
        mapping.append(index)
        if ord(char) > 0xFFFF:
            mapping.append(index)
    mapping.append(len(text))
    return mapping


def bidi_levels(text: str, rtl: bool) -> tuple[int, ...]:
    """Resolved embedding levels (UAX #9) for each code point of a paragraph."""
    bidi = _lib().Bidi()
    bidi.setPara(_lib().UnicodeString(text), 1 if rtl else 0)
    levels = bidi.getLevels() if text else []
    result: list[int] = []
    unit = 0
    for char in text:
        result.append(int(levels[unit]))
        unit += 2 if ord(char) > 0xFFFF else 1
    return tuple(result)


def line_break_opportunities(text: str, locale: str) -> tuple[tuple[int, bool], ...]:
    """Positions (code point indices) where a line may end, and whether it must.

    ICU's line breaker implements UAX #14 and uses its dictionaries for
    scripts written without spaces (Myanmar, Thai, Khmer, Lao).
    """
    iterator = _line_breaker(locale)
    iterator.setText(_lib().UnicodeString(text))
    mapping = _utf16_to_codepoint_index(text)
    found: list[tuple[int, bool]] = []
    for offset in iterator:
        index = mapping[offset]
        # UBRK_LINE_HARD, only after a character that forces a break (UAX #14 classes BK,
        # CR, LF, NL): ICU gives its dictionary's breaks (Myanmar) the status of the
        # hard break that ends their stretch, and "ဒီကျောင်းဟာ" before a line
        # separator was set on three lines.
        hard = iterator.getRuleStatus() >= 100 and (
            index == len(text) or text[index - 1] in _FORCING_BREAK)
        found.append((index, hard))
    return tuple(found)


#: The characters after which UAX #14 forces a line break (classes BK, CR, LF and NL).
_FORCING_BREAK = frozenset("\n\r\x0b\x0c\x85\u2028\u2029")


@lru_cache(maxsize=32)
def _line_breaker(locale: str) -> _binding_module.BreakIterator:
    return _lib().BreakIterator.createLineInstance(_lib().Locale(locale))


def grapheme_boundaries(text: str) -> frozenset[int]:
    """Code point indices between extended grapheme clusters (UAX #29)."""
    iterator = _grapheme_breaker()
    iterator.setText(_lib().UnicodeString(text))
    mapping = _utf16_to_codepoint_index(text)
    return frozenset(mapping[offset] for offset in iterator) | {0}


@lru_cache(maxsize=1)
def _grapheme_breaker() -> _binding_module.BreakIterator:
    return _lib().BreakIterator.createCharacterInstance(_lib().Locale.getRoot())


def visual_order_indices(text: str, rtl: bool) -> list[int]:
    """Code point indices of ``text`` in display order (UAX #9, no mirroring)."""
    bidi = _lib().Bidi()
    bidi.setPara(_lib().UnicodeString(text), 1 if rtl else 0)
    mapping = _utf16_to_codepoint_index(text)
    order: list[int] = []
    for unit in bidi.getVisualMap():
        if unit >= 0 and (not order or order[-1] != mapping[unit]):
            order.append(mapping[unit])
    return order
