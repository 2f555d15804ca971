"""The letter's date ("August 2019") in every language: [dates] tables, CLDR, and refusals."""

from __future__ import annotations

import tomllib
import unicodedata
from pathlib import Path

import msgspec.structs
import pytest
from babel import Locale, localedata

import safehaven_docs as sh
from safehaven_docs import dates
from safehaven_docs.dates import DateFormatError, format_month_year
from safehaven_docs.model import cldr
from safehaven_docs.model.content import LanguageTexts, MonthNames, YearMonth
from safehaven_docs.numerals import digits_of
from safehaven_docs.resources import default_texts_dir
from tests.conftest import replace_in

AUGUST_2019 = YearMonth(2019, 8)

#: 2019 as each shipped language may write it: ASCII, Burmese, Arabic-Indic,
#: Extended Arabic-Indic and Hanifi Rohingya digits.
YEAR_2019 = ("2019", "၂၀၁၉", "٢٠١٩", "۲۰۱۹", "𐴲𐴰𐴱𐴹")


@pytest.fixture(scope="module")
def texts() -> sh.TextSet:
    return sh.load_texts()


def _with(language: LanguageTexts, *, cldr_locale: str, month_names: MonthNames | None):
    meta = msgspec.structs.replace(language.meta, cldr_locale=cldr_locale)
    return msgspec.structs.replace(language, meta=meta, month_names=month_names)


def _from_dates_table(tag: str) -> str:
    """August 2019 as the text file's own [dates] table spells it, read straight from TOML."""
    with (default_texts_dir() / f"{tag}.toml").open("rb") as file:
        table = tomllib.load(file)["dates"]
    return table["month_year"].replace("{month}", table["months"][7]).replace("{year}", "2019")


def test_every_shipped_language_prints_the_letter_date(texts: sh.TextSet) -> None:
    assert len(texts) == 9
    for language in texts:
        text = format_month_year(language, language.letter.date)
        assert text.strip(), language.tag
        assert any(year in text for year in YEAR_2019), (language.tag, text)
        assert "M08" not in text and "M8" not in text, (language.tag, text)


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("en", "August 2019"),
        # CLDR's month-and-year pattern for Spanish is "MMMM 'de' y".
        ("es", "agosto de 2019"),
        # CLDR's format-context name; its stand-alone name is "Ogosto" (see the report).
        ("so", "Agosto 2019"),
        # CLDR's default numbering system for "ar" is latn, so the year is in ASCII digits.
        ("ar", "أغسطس 2019"),
        # Burmese puts the year first ("y MMMM") and CLDR's default digits are Burmese.
        ("my", "၂၀၁၉ ဩဂုတ်"),
    ],
)
def test_cldr_languages_exact(texts: sh.TextSet, tag: str, expected: str) -> None:
    language = texts[tag]
    assert language.month_names is None
    assert format_month_year(language, AUGUST_2019) == expected


@pytest.mark.parametrize("tag", ["hmn", "ksw", "rhg-Latn", "rhg"])
def test_dates_table_languages_exact(texts: sh.TextSet, tag: str) -> None:
    expected = _from_dates_table(tag)
    if tag == "rhg":  # the table's {year} is written in the file's digits = "rohg"
        expected = expected.replace("2019", "𐴲𐴰𐴱𐴹")
    assert format_month_year(texts[tag], AUGUST_2019) == expected


def test_dates_table_spellings_are_the_translators() -> None:
    # Pins the files themselves, so a broken [dates] table is noticed here too.
    assert _from_dates_table("hmn") == "Lub Yim Hli xyoo 2019"
    assert _from_dates_table("ksw") == "လါအီးကူး 2019 နံၣ်"
    assert _from_dates_table("rhg-Latn") == "Agost 2019"
    assert _from_dates_table("rhg") == "𐴀𐴝𐴒𐴡𐴏𐴃𐴢 2019"


def test_dates_table_wins_over_cldr(texts: sh.TextSet) -> None:
    months = tuple(f"mes{number}" for number in range(1, 13))
    spanish = _with(texts["es"], cldr_locale="es", month_names=MonthNames(months, "{year}/{month}"))
    assert format_month_year(spanish, AUGUST_2019) == "2019/mes8"
    hmong = _with(texts["hmn"], cldr_locale="en", month_names=texts["hmn"].month_names)
    assert format_month_year(hmong, AUGUST_2019) == "Lub Yim Hli xyoo 2019"


def test_other_months_and_years(texts: sh.TextSet) -> None:
    assert format_month_year(texts["en"], YearMonth(2017, 1)) == "January 2017"
    assert format_month_year(texts["es"], YearMonth(2020, 12)) == "diciembre de 2020"
    assert format_month_year(texts["my"], YearMonth(2017, 3)) == "၂၀၁၇ မတ်"
    assert format_month_year(texts["hmn"], YearMonth(2020, 12)) == "Lub Kaum Ob Hlis xyoo 2020"


def test_bcp47_hyphen_is_accepted(texts: sh.TextSet) -> None:
    mexican = _with(texts["es"], cldr_locale="es-MX", month_names=None)
    assert format_month_year(mexican, AUGUST_2019) == "agosto de 2019"


@pytest.mark.parametrize(
    ("tag", "cldr_locale", "why"),
    [
        ("rhg-Latn", "rhg_Latn", "another script"),  # Babel would hand back Hanifi data
        ("rhg", "rhg_Rohg", "placeholder"),  # CLDR's months are "M01" … "M12"
        ("rhg", "rhg", "placeholder"),
        ("hmn", "zz", "no locale 'zz'"),
        ("ksw", "ksw", "no locale 'ksw'"),
        ("hmn", "not a locale!", "not a CLDR locale identifier"),
        ("hmn", "", 'cldr_locale = ""'),
    ],
)
def test_no_usable_cldr_data_raises_helpfully(
    texts: sh.TextSet, tag: str, cldr_locale: str, why: str
) -> None:
    language = _with(texts[tag], cldr_locale=cldr_locale, month_names=None)
    with pytest.raises(DateFormatError) as raised:
        format_month_year(language, AUGUST_2019)
    message = str(raised.value)
    assert why in message
    assert repr(tag) in message
    assert f"texts/{tag}.toml" in message
    assert "[dates]" in message and "month_year" in message
    assert "M08" not in message.split(".")[-1]
    assert raised.value.tag == tag
    assert raised.value.cldr_locale == cldr_locale
    assert isinstance(raised.value, sh.SafehavenError)


def test_month_out_of_range_is_a_programming_error(texts: sh.TextSet) -> None:
    with pytest.raises(ValueError, match="1 to 12"):
        format_month_year(texts["en"], YearMonth(2019, 13))
    with pytest.raises(ValueError, match="1 to 12"):
        format_month_year(texts["hmn"], YearMonth(2019, 0))


def test_babel_lookups_are_cached(texts: sh.TextSet) -> None:
    cldr.cldr_month_year.cache_clear()
    for _ in range(50):
        format_month_year(texts["ar"], AUGUST_2019)
    info = cldr.cldr_month_year.cache_info()
    assert (info.misses, info.hits) == (1, 49)


def test_every_cldr_default_numbering_system_has_digits() -> None:
    """ICU gives ten digits for every default Babel knows: a Babel upgrade that adds a
    system fails here instead of silently printing ASCII digits."""
    defaults = {
        Locale.parse(name).default_numbering_system for name in localedata.locale_identifiers()
    }
    for system in sorted(defaults):
        run = digits_of(system)
        assert run is not None, system
        assert [unicodedata.digit(char) for char in run] == list(range(10)), system
        assert len({unicodedata.name(char).split("DIGIT")[0] for char in run}) == 1, system


@pytest.mark.parametrize("name", ["roman", "hebr", "foo", "", "latn latn", "../latn"])
def test_only_numbering_systems_with_ten_digits_are_digits(name: str) -> None:
    assert digits_of(name) is None


def test_page_numbers_use_the_languages_digits() -> None:
    from safehaven_docs.dates import format_number

    texts = sh.load_texts()
    assert format_number(texts["my"], 12) == "၁၂"
    assert format_number(texts["ar"], 12) == "12"
    assert format_number(texts["hmn"], 12) == "12"
    assert format_number(texts["rhg"], 12) == "𐴱𐴲"  # digits = "rohg" in its [meta]


@pytest.mark.parametrize(("tag", "system", "date", "page"), [
    ("en", "latn", "August 2019", "7"),
    ("ar", "latn", "أغسطس 2019", "7"),  # CLDR's default for "ar"
    ("my", "mymr", "၂၀၁၉ ဩဂုတ်", "၇"),  # CLDR's default for "my"
    ("hmn", "latn", "Lub Yim Hli xyoo 2019", "7"),  # no CLDR locale: ASCII
    ("rhg", "rohg", "𐴲𐴰𐴱𐴹", "𐴷"),  # chosen in the file: [meta] digits = "rohg"
])
def test_each_language_chooses_its_digits_once(texts: sh.TextSet, tag: str, system: str,
                                               date: str, page: str) -> None:
    language = texts[tag]
    assert dates.language_digits(language) == system
    assert date in format_month_year(language, AUGUST_2019)
    assert dates.format_number(language, 7) == page


@pytest.mark.parametrize(("system", "year"), [("arab", "٢٠١٩"), ("arabext", "۲۰۱۹"),
                                               ("latn", "2019"), ("mymr", "၂၀၁၉")])
def test_a_files_digits_override_cldr_for_dates_and_numbers(texts: sh.TextSet, system: str,
                                                            year: str) -> None:
    for tag in ("ar", "my", "hmn"):  # CLDR, CLDR with its own digits, a [dates] table
        language = texts[tag]
        chosen = msgspec.structs.replace(language, meta=msgspec.structs.replace(language.meta,
                                                                        digits=system))
        assert year in format_month_year(chosen, AUGUST_2019), (tag, system)
        assert dates.format_number(chosen, 2019) == year


def test_check_warns_of_a_locale_without_month_names_and_a_poster_renders(
        texts_copy: Path) -> None:
    """``safehaven check`` said nothing of a file whose letter could not be printed (Babel
    has ``nv`` with placeholder months only). It now warns, naming the key; a poster, which
    prints no date, renders from that file, and the letter fails with the same advice."""
    replace_in(texts_copy / "es.toml", 'cldr_locale = "es"', 'cldr_locale = "nv"')
    report = sh.check_texts(texts_copy)
    assert report.ok
    assert [(p.key, p.code, p.is_error) for p in report.all_problems()] == [
        ("meta.cldr_locale", "cldr", False)]
    assert sh.render("poster", "es", texts=texts_copy).startswith(b"%PDF")
    with pytest.raises(DateFormatError, match=r"\[dates\]"):
        sh.render("letter", "es", texts=texts_copy)
