"""The one module that talks to ICU (through the ``pyicu-wheels`` binding).

ICU gives us Unicode properties that the standard library lacks (scripts and
script extensions), and later the bidi algorithm and dictionary line
breaking. Keeping every call here means one place to change if the binding
changes.
"""

from __future__ import annotations

from functools import lru_cache

import icu as _icu

COMMON = "Zyyy"
INHERITED = "Zinh"


@lru_cache(maxsize=4096)
def script_of(char: str) -> str:
    """The ISO 15924 code of ``char``'s Script property (``Zyyy`` for common)."""
    return _icu.Script.getScript(ord(char)).getShortName()


@lru_cache(maxsize=4096)
def script_extensions(char: str) -> frozenset[str]:
    """The ISO 15924 codes of ``char``'s Script_Extensions property."""
    codes = _icu.Script.getScriptExtensions(ord(char))
    return frozenset(_icu.Script(code).getShortName() for code in codes)


@lru_cache(maxsize=256)
def is_known_script(code: str) -> bool:
    """Whether ``code`` is an ISO 15924 script code ICU knows."""
    found = _icu.Script.getCode(code)
    return bool(found) and _icu.Script(found[0]).getShortName() == code


@lru_cache(maxsize=256)
def is_rtl_script(code: str) -> bool:
    """Whether text in the script ``code`` runs right to left."""
    return bool(_icu.Script(_icu.Script.getCode(code)[0]).isRightToLeft())


def char_name(char: str) -> str:
    """``U+1000 MYANMAR LETTER KA`` — how errors name a character."""
    name = _icu.Char.charName(char) or "<unnamed>"
    return f"U+{ord(char):04X} {name}"
