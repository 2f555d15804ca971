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
from .numerals import in_digits

if TYPE_CHECKING:  # Babel itself is loaded on the first date or number formatted
    from babel import Locale

__all__ = ["DateFormatError", "format_month_year", "format_number", "language_digits"]

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
    ``meta.cldr_locale`` is used. Either way the year is printed in the
    language's digits (:func:`language_digits`): Burmese digits for ``my``,
    Hanifi Rohingya digits for ``rhg``, ASCII for ``ar`` (CLDR's default).

    Raises :class:`DateFormatError` when there is neither a table nor usable
    CLDR data, rather than returning placeholder text. Raises ``ValueError`` for
    a month outside 1–12, which is a programming error, not a user's.
    """
    if not 1 <= when.month <= 12:
        raise ValueError(f"month must be 1 to 12, not {when.month}")
    if language.month_names is not None:
        return in_digits(language.month_names.format_month_year(when),
                         language_digits(language))
    if not language.meta.cldr_locale:
        raise DateFormatError(language, 'its [meta] has cldr_locale = "" and no [dates] table')
    try:
        text = _cldr_month_year(language.meta.cldr_locale, when.year, when.month)
    except _UnusableLocale as error:
        raise DateFormatError(language, str(error)) from error
    return in_digits(text, language_digits(language))


def format_number(language: LanguageTexts, number: int) -> str:
    """``number`` in the language's digits: "Page ၂ of ၃" in Burmese, "𐴱 / 𐴲" in Hanifi."""
    return in_digits(str(number), language_digits(language))


def language_digits(language: LanguageTexts) -> str:
    """The CLDR numbering system ``language`` prints numbers in.

    The text file's ``[meta] digits`` when it has one (checked by ``safehaven
    check``); else the CLDR default of ``cldr_locale`` (Babel's
    ``default_numbering_system``: "mymr" for ``my``, "latn" for ``ar``); else,
    with no usable locale, ASCII ("latn").
    """
    if language.meta.digits:
        return language.meta.digits
    if not language.meta.cldr_locale:
        return "latn"
    try:
        return _babel_locale(language.meta.cldr_locale).default_numbering_system
    except _UnusableLocale:
        return "latn"


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
    return text  # Babel writes ASCII digits; the caller writes them in the language's


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
