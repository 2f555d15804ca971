"""Which digits a language prints: a CLDR numbering system, chosen once per text file.

A text file's ``[meta] digits`` names a CLDR numbering system ("latn", "arab",
"mymr", "rohg", …). Left out, it is the CLDR default of ``cldr_locale`` (see
:func:`safehaven_docs.dates.language_digits`, which needs Babel), and ASCII
where there is no locale. Every number a document makes — the letter's date,
page numbers — is printed in those digits.

Phone numbers and web addresses are not: they keep ASCII digits in every
language, because they are dialled and typed from the printed characters on
keypads and keyboards that show ASCII digits, and one number serves every
language of a district.

This module needs only ICU (already loaded for text checks), so ``safehaven
check`` validates the key without loading Babel.
"""

from __future__ import annotations

from functools import lru_cache

ASCII_DIGITS = "0123456789"


@lru_cache(maxsize=64)
def digits_of(system: str) -> str | None:
    """The ten digits of CLDR numbering system ``system``, zero first, or None.

    None for a name ICU does not know and for algorithmic systems (Roman
    numerals, Hebrew letters), which have no ten digits to substitute.
    """
    import icu

    if not system.isascii() or not system.isalnum():
        return None
    try:
        numbering = icu.NumberingSystem.createInstanceByName(system)
    except icu.ICUError:
        return None
    digits = str(numbering.getDescription())
    if numbering.isAlgorithmic() or numbering.getRadix() != 10 or len(digits) != 10:
        return None
    return digits


def decimal_systems() -> list[str]:
    """Every numbering system :func:`digits_of` accepts, for messages."""
    import icu

    return sorted(name for name in icu.NumberingSystem.getAvailableNames()
                  if digits_of(name) is not None)


def in_digits(text: str, system: str) -> str:
    """``text`` with its ASCII digits written in ``system``'s (unchanged if unknown)."""
    digits = digits_of(system)
    if digits is None or digits == ASCII_DIGITS:
        return text
    return text.translate(str.maketrans(ASCII_DIGITS, digits))
