"""Each language prints the numbers a document makes in the digits its file chose once.

The letter's date and its page numbers follow ``[meta] digits`` (or the CLDR
locale's default); the phone number and web address keep ASCII digits so they
can be dialled and typed.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

import safehaven_docs as sh
from safehaven_docs.branding import DEFAULT_BRANDING
from safehaven_docs.dates import format_month_year, language_digits
from safehaven_docs.documents import Options, lay_out
from safehaven_docs.layout.page import TextBlock
from safehaven_docs.numerals import digits_of
from tests.conftest import replace_in

TEXTS = sh.load_texts()


def _texts(tag: str, texts: sh.TextSet) -> list[list[str]]:
    """The text of every block on every page of ``tag``'s letter."""
    document = lay_out("letter", tag, texts, DEFAULT_BRANDING, Options())
    return [[b.paragraph.text for b in page.blocks if isinstance(b, TextBlock)]
            for page in document.pages]


def _digits(text: str) -> set[str]:
    return {char for char in text if unicodedata.category(char) == "Nd"}


@pytest.mark.parametrize("tag", TEXTS.tags)
def test_the_letters_date_and_page_numbers_are_in_the_languages_digits(tag: str) -> None:
    language = TEXTS[tag]
    own = set(digits_of(language_digits(language)) or "")
    pages = _texts(tag, TEXTS)
    date = format_month_year(language, language.letter.date)
    assert date in pages[0]
    assert _digits(date) and _digits(date) <= own, (tag, date)
    if len(pages) > 1:
        for number, blocks in enumerate(pages, start=1):
            label = language.labels.format("page_of", page="{}", pages="{}")
            label_blocks = [t for t in blocks if _matches(label, t)]
            assert len(label_blocks) == 1, (tag, number, blocks[-3:])
            assert _digits(label_blocks[0]) <= own, (tag, label_blocks[0])


def _matches(label: str, text: str) -> bool:
    before, _, rest = label.partition("{}")
    middle, _, after = rest.partition("{}")
    return text.startswith(before) and text.endswith(after) and middle in text


def test_hanifi_rohingya_prints_hanifi_digits() -> None:
    pages = _texts("rhg", TEXTS)
    assert "𐴲𐴰𐴱𐴹" in pages[0][pages[0].index(format_month_year(TEXTS["rhg"],
                                                                  TEXTS["rhg"].letter.date))]
    assert any("𐴱 / 𐴲" in text for text in pages[0])


def test_a_files_choice_is_followed_and_the_phone_keeps_ascii(texts_copy: Path) -> None:
    replace_in(texts_copy / "ar.toml", 'cldr_locale = "ar"', 'cldr_locale = "ar"\ndigits = "arab"')
    texts = sh.load_texts(texts_copy)
    pages = _texts("ar", texts)
    assert "أغسطس ٢٠١٩" in pages[0]
    footers = [t for page in pages for t in page if t.startswith("صفحة")]
    assert footers and all(_digits(t) <= set("٠١٢٣٤٥٦٧٨٩") for t in footers), footers
    contact = [t for t in pages[0] if "475" in t]
    assert contact and "(414) 475" in contact[0].replace("\u00a0", " ").replace("\u2011", "-")
