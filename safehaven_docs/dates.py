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

from .errors import SafehavenError
from .model import cldr
from .model.content import LanguageTexts, YearMonth
from .numerals import in_digits

__all__ = ["DateFormatError", "format_month_year", "format_number", "language_digits"]


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
        text = cldr.cldr_month_year(language.meta.cldr_locale, when.year, when.month)
    except cldr.UnusableLocale as error:
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
        return cldr.babel_locale(language.meta.cldr_locale).default_numbering_system
    except cldr.UnusableLocale:
        return "latn"
