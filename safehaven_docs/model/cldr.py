"""CLDR's month-and-year data, through Babel, and whether a locale has any worth printing.

Kept in the model so that ``safehaven check`` can tell, before any document is made,
that a text file with no ``[dates]`` table names a locale whose dates cannot be printed
(:func:`month_year_problem`); :mod:`safehaven_docs.dates` prints them. Babel is loaded on
the first call, not on import.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from babel import Locale

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


class UnusableLocale(Exception):
    """CLDR has no trustworthy month-and-year data for a locale; the message says why."""


# Cached because every page of every document formats the same few dates, and a
# Babel lookup parses locale data and patterns each time. Errors are not cached.
@lru_cache(maxsize=256)
def cldr_month_year(cldr_locale: str, year: int, month: int) -> str:
    """CLDR's month and year for ``cldr_locale`` in ASCII digits, e.g. "agosto de 2019".

    Raises :class:`UnusableLocale` for a locale Babel lacks, one it would write in
    another script, and one with only placeholder month names ("M08").
    """
    from babel.dates import format_skeleton

    locale = babel_locale(cldr_locale)
    try:
        text = format_skeleton(
            MONTH_YEAR_SKELETON, date(year, month, 1), locale=locale, fuzzy=False
        )
    except (KeyError, ValueError) as error:
        raise UnusableLocale(
            f"CLDR has no month-and-year pattern for {cldr_locale!r} ({error})"
        ) from error
    if _PLACEHOLDER_MONTH.search(text):
        raise UnusableLocale(
            f"CLDR has only placeholder month names for {cldr_locale!r} (Babel gives {text!r})"
        )
    return text  # Babel writes ASCII digits; the caller writes them in the language's


@lru_cache(maxsize=64)
def babel_locale(cldr_locale: str) -> Locale:
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
        raise UnusableLocale(f"CLDR (Babel) has no locale {cldr_locale!r}") from error
    except ValueError as error:
        raise UnusableLocale(f"{cldr_locale!r} is not a CLDR locale identifier") from error
    if asked_script is not None and _script_of(locale) != asked_script:
        raise UnusableLocale(
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


def month_year_problem(cldr_locale: str) -> str | None:
    """Why CLDR cannot print a month and year for ``cldr_locale``, or None if it can."""
    try:
        cldr_month_year(cldr_locale, 2019, 8)
    except UnusableLocale as error:
        return str(error)
    return None
