"""Month-and-year dates ("August 2019") in every language a document is printed in.

The 2019 letter prints its date in each language. Two sources can say how:

1. a ``[dates]`` table in the language's text file (``LanguageTexts.month_names``):
   twelve month names and a ``month_year`` pattern written by the translator;
2. CLDR, through Babel, for the locale named by ``[meta].cldr_locale``.

The translator's table always wins: it is an explicit choice by a person who
reads the language, and it is the only source for languages CLDR lacks or
covers only with placeholder data (Hmong, S'gaw Karen and both Rohingya files).

CLDR is not trusted blindly. For a locale with thin data, CLDR's root fallback
prints month names such as "M08", and Babel quietly rewrites ``rhg_Latn`` to
``rhg_Rohg`` (Hanifi script) because it has no Latin Rohingya data. Either would
put junk on a poster that families read, so both raise :class:`DateFormatError`,
which tells the user to add a ``[dates]`` table instead.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING

from .errors import SafehavenError
from .model.content import LanguageTexts, YearMonth

if TYPE_CHECKING:  # Babel itself is loaded on the first date or number formatted
    from babel import Locale

__all__ = ["DateFormatError", "format_month_year", "format_number"]

#: CLDR's availableFormats skeleton for "month name and year". Each locale maps
#: it to its own natural pattern: "MMMM y" (en), "MMMM 'de' y" (es), "y MMMM" (my).
#: The alternative, a fixed "LLLL y", would force English word order on every
#: language and loses the "de" of Spanish ("agosto 2019" instead of CLDR's
#: "agosto de 2019"). The skeleton uses the *format* month names (MMMM), which
#: CLDR intends for months inside a pattern; the stand-alone names (LLLL) are for
#: a month printed on its own, as in a calendar heading.
MONTH_YEAR_SKELETON = "yMMMM"

#: What CLDR's root locale prints when a locale has no month names: "M08".
_PLACEHOLDER_MONTH = re.compile(r"M\d")

#: The zero digit of each numbering system that is the CLDR default of some
#: locale Babel ships (``Locale.default_numbering_system``); the other nine
#: digits follow it in Unicode. Babel formats dates with ASCII digits whatever
#: the locale says, so we convert them ourselves. tests/test_dates.py checks
#: that this covers every default Babel knows, so a Babel upgrade that adds one
#: fails the tests instead of silently printing ASCII digits.
_ZERO_DIGIT = {
    "latn": "0",
    "arab": "\u0660",  # ARABIC-INDIC DIGIT ZERO
    "arabext": "\u06f0",  # EXTENDED ARABIC-INDIC DIGIT ZERO
    "adlm": "\U0001e950",  # ADLAM DIGIT ZERO
    "beng": "\u09e6",  # BENGALI DIGIT ZERO
    "cakm": "\U00011136",  # CHAKMA DIGIT ZERO
    "deva": "\u0966",  # DEVANAGARI DIGIT ZERO
    "hmnp": "\U0001e140",  # NYIAKENG PUACHUE HMONG DIGIT ZERO
    "mtei": "\uabf0",  # MEETEI MAYEK DIGIT ZERO
    "mymr": "\u1040",  # MYANMAR DIGIT ZERO
    "nkoo": "\u07c0",  # NKO DIGIT ZERO
    "olck": "\u1c50",  # OL CHIKI DIGIT ZERO
    "tibt": "\u0f20",  # TIBETAN DIGIT ZERO
}


class DateFormatError(SafehavenError):
    """A language's date cannot be printed: no ``[dates]`` table and no usable CLDR data.

    Raised instead of printing placeholder data such as "M08" on a document.
    """

    def __init__(self, language: LanguageTexts, reason: str) -> None:
        self.tag = language.tag
        self.cldr_locale = language.meta.cldr_locale
        super().__init__(
            f"cannot print a date in {language.meta.english_name} ({language.tag!r}): "
            f"{reason}. Add a [dates] table to {language.path} with "
            "months = [the twelve month names, January first] and "
            'month_year = "{month} {year}" (in the order the language uses), '
            "or correct cldr_locale; see docs/texts-format.md"
        )


class _UnusableLocale(Exception):
    """CLDR has no trustworthy month-and-year data for a locale; the message says why."""


def format_month_year(language: LanguageTexts, when: YearMonth) -> str:
    """``when`` as a month and year in ``language``, e.g. "August 2019", "agosto de 2019".

    The ``[dates]`` table of the language's text file wins, because a translator
    wrote it on purpose. Otherwise CLDR's month-and-year pattern for
    ``meta.cldr_locale`` is used, with the digits of the locale's default CLDR
    numbering system (Burmese digits for ``my``, ASCII digits for ``ar``, whose
    CLDR default is ``latn``). The ``[dates]`` year is always in ASCII digits,
    because that is what the table's ``{year}`` receives.

    Raises :class:`DateFormatError` when there is neither a table nor usable
    CLDR data, rather than returning placeholder text. Raises ``ValueError`` for
    a month outside 1–12, which is a programming error, not a user's.
    """
    if not 1 <= when.month <= 12:
        raise ValueError(f"month must be 1 to 12, not {when.month}")
    if language.month_names is not None:
        return language.month_names.format_month_year(when)
    if not language.meta.cldr_locale:
        raise DateFormatError(language, 'its [meta] has cldr_locale = "" and no [dates] table')
    try:
        return _cldr_month_year(language.meta.cldr_locale, when.year, when.month)
    except _UnusableLocale as error:
        raise DateFormatError(language, str(error)) from error


def format_number(language: LanguageTexts, number: int) -> str:
    """``number`` in the digits the language's CLDR locale uses by default.

    "Page ၂ of ၃" in Burmese, where the letter's date is in Burmese digits too;
    ASCII digits where CLDR says so (Arabic) or has no locale.
    """
    text = str(number)
    if not language.meta.cldr_locale:
        return text
    try:
        system = _babel_locale(language.meta.cldr_locale).default_numbering_system
    except _UnusableLocale:
        return text
    return _to_numbering_system(text, system)


# Cached because every page of every document formats the same few dates, and a
# Babel lookup parses locale data and patterns each time. Errors are not cached.
@lru_cache(maxsize=256)
def _cldr_month_year(cldr_locale: str, year: int, month: int) -> str:
    from babel.dates import format_skeleton

    locale = _babel_locale(cldr_locale)
    try:
        text = format_skeleton(
            MONTH_YEAR_SKELETON, date(year, month, 1), locale=locale, fuzzy=False
        )
    except (KeyError, ValueError) as error:
        raise _UnusableLocale(
            f"CLDR has no month-and-year pattern for {cldr_locale!r} ({error})"
        ) from error
    if _PLACEHOLDER_MONTH.search(text):
        raise _UnusableLocale(
            f"CLDR has only placeholder month names for {cldr_locale!r} (Babel gives {text!r})"
        )
    return _to_numbering_system(text, locale.default_numbering_system)


@lru_cache(maxsize=64)
def _babel_locale(cldr_locale: str) -> Locale:
    """Babel's locale for ``cldr_locale`` ("so", "es_MX" or BCP 47 "es-MX").

    Refuses a locale whose script Babel would silently replace: there is no
    Latin Rohingya in CLDR, and ``Locale.parse("rhg_Latn")`` returns ``rhg_Rohg``.
    """
    from babel import Locale, UnknownLocaleError
    from babel.core import parse_locale

    identifier = cldr_locale.replace("-", "_")
    try:
        asked_script = parse_locale(identifier)[2]
        locale = Locale.parse(identifier)
    except UnknownLocaleError as error:
        raise _UnusableLocale(f"CLDR (Babel) has no locale {cldr_locale!r}") from error
    except ValueError as error:
        raise _UnusableLocale(f"{cldr_locale!r} is not a CLDR locale identifier") from error
    if asked_script is not None and _script_of(locale) != asked_script:
        raise _UnusableLocale(
            f"CLDR has no {cldr_locale!r}; Babel would use {str(locale)!r}, "
            f"which is written in another script ({_script_of(locale)})"
        )
    return locale


def _script_of(locale: Locale) -> str | None:
    """The script ``locale``'s data is written in: explicit, or CLDR's likely script."""
    from babel.core import get_global, parse_locale

    if locale.script:
        return locale.script
    likely = get_global("likely_subtags")
    for key in (str(locale), locale.language):
        if key in likely:
            return parse_locale(likely[key])[2]
    return None


def _to_numbering_system(text: str, system: str) -> str:
    """``text`` with its ASCII digits in ``system``'s digits (unchanged if unknown)."""
    zero = _ZERO_DIGIT.get(system, "0")
    if zero == "0":
        return text
    digits = "".join(chr(ord(zero) + value) for value in range(10))
    return text.translate(str.maketrans("0123456789", digits))
