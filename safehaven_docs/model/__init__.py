"""The content model: typed texts of the resolution, loaded and checked."""

from .content import (
    Ask,
    Digest,
    Direction,
    Item,
    Labels,
    LanguageTexts,
    Letter,
    Meta,
    MonthNames,
    Resolution,
    Signatory,
    Status,
    TextSet,
    YearMonth,
)
from .loader import (
    CheckReport,
    FileReport,
    check_texts,
    load_drawn,
    load_drawn_to_check,
    load_texts,
)

__all__ = [
    "Ask",
    "CheckReport",
    "Digest",
    "Direction",
    "FileReport",
    "Item",
    "Labels",
    "LanguageTexts",
    "Letter",
    "Meta",
    "MonthNames",
    "Resolution",
    "Signatory",
    "Status",
    "TextSet",
    "YearMonth",
    "check_texts",
    "load_drawn",
    "load_drawn_to_check",
    "load_texts",
]
