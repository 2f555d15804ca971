"""The resolution's content as immutable, typed objects.

These are what every document is laid out from. They hold logical Unicode
text only (NFC, in reading order); nothing here knows about fonts or pages.
The English file defines the structure and every translation mirrors it, so
``texts["so"].resolution.commitments[2]`` is the same commitment in Somali
as ``texts["en"].resolution.commitments[2]`` is in English.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from enum import Enum
from pathlib import Path
from types import MappingProxyType

from msgspec import Struct
from msgspec.structs import force_setattr


class Status(Enum):
    """How far a text can be trusted: the source, a draft, or reviewed by a person."""

    SOURCE = "source"
    DRAFT = "draft"
    REVIEWED = "reviewed"


class Direction(Enum):
    LTR = "ltr"
    RTL = "rtl"


class Meta(Struct, frozen=True):
    """What a text file says about its language."""

    tag: str
    native_name: str
    english_name: str
    script: str
    direction: Direction
    status: Status
    reviewer: str
    reviewed_on: str
    cldr_locale: str
    #: A CLDR numbering system ("latn", "mymr", "rohg"), or "" for the locale's default.
    digits: str = ""

    @property
    def is_draft(self) -> bool:
        return self.status is Status.DRAFT


class Item(Struct, frozen=True):
    """A commitment or point with a stable key, optionally with sub-items."""

    key: str
    text: str
    items: tuple[Item, ...] = ()


class Resolution(Struct, frozen=True):
    """The complete resolution, as posted in full at every school."""

    title: str
    subtitle: str
    preamble: tuple[str, ...]
    commitments_intro: str
    commitments: tuple[Item, ...]


class Ask(Struct, frozen=True):
    """Where a family can ask questions; ``{phone}`` and ``{url}`` come from branding."""

    heading: str
    text: str
    full_text: str


class Digest(Struct, frozen=True):
    """The plain-language version a parent reads in under a minute."""

    headline: str
    summary: str
    points: tuple[Item, ...]
    ask: Ask


class Signatory(Struct, frozen=True):
    key: str
    name: str
    role: str
    organization: str | None


class YearMonth(Struct, frozen=True):
    year: int
    month: int


class Letter(Struct, frozen=True):
    """The 2019 letter to families; its list is the resolution's commitments."""

    date: YearMonth
    salutation: str
    opening: tuple[str, ...]
    closing_paragraphs: tuple[str, ...]
    closing: str
    signatories: tuple[Signatory, ...]


class MonthNames(Struct, frozen=True):
    """Calendar words a translation supplies where CLDR has no locale for it."""

    months: tuple[str, ...]
    month_year: str

    def format_month_year(self, when: YearMonth) -> str:
        return self.month_year.format(month=self.months[when.month - 1], year=when.year)


class Labels(Struct, frozen=True):
    """Short strings documents print (district name, "Page N of M", …)."""

    values: Mapping[str, str]

    def __post_init__(self) -> None:
        force_setattr(self, "values", MappingProxyType(dict(self.values)))

    def __getitem__(self, key: str) -> str:
        return self.values[key]

    def format(self, key: str, **fields: object) -> str:
        """The label with its ``{placeholders}`` filled in."""
        return self.values[key].format(**fields)

    def __iter__(self) -> Iterator[str]:
        return iter(self.values)

    def __hash__(self) -> int:
        return hash(tuple(self.values.items()))


class LanguageTexts(Struct, frozen=True):
    """Everything one language's file says."""

    meta: Meta
    resolution: Resolution
    digest: Digest
    letter: Letter
    labels: Labels
    month_names: MonthNames | None
    translated_from: tuple[tuple[str, str], ...]
    path: Path

    @property
    def tag(self) -> str:
        return self.meta.tag


class TextSet(Struct, frozen=True):
    """All languages loaded from one folder; English first, then by tag."""

    languages: tuple[LanguageTexts, ...]
    folder: Path

    def __getitem__(self, tag: str) -> LanguageTexts:
        for language in self.languages:
            if language.tag.lower() == tag.lower():
                return language
        from ..errors import UnknownLanguageError

        raise UnknownLanguageError(tag, self.tags)

    def __iter__(self) -> Iterator[LanguageTexts]:
        return iter(self.languages)

    def __len__(self) -> int:
        return len(self.languages)

    @property
    def tags(self) -> list[str]:
        return [language.tag for language in self.languages]

    @property
    def source(self) -> LanguageTexts:
        return self.languages[0]
