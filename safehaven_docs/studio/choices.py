"""A request's query parameters, checked into plain data; download names made safe.

Everything the browser (or another district tool) sends is a short string.
It is checked here, against the server's own lists, into a frozen
:class:`Choice`; anything else is refused with :class:`BadInput`, whose
message is a plain sentence naming the field. Nothing from a request is ever
used as a path: branding files and roster sites are picked by their number or
id in lists the server made, and download names are built from checked values
and reduced to safe ASCII.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

from msgspec import Struct

from ..documents import DOCUMENTS, SIZED, SIZES
from ..errors import SafehavenError
from ..values import LIMITS, value_problems

FORMATS = ("pdf", "png", "docx")
#: The parameters each route takes; any other name is refused, so a typo is not ignored.
RENDER_PARAMS = frozenset({"doc", "lang", "size", "site", "format", "branding", "page",
                           "with_english"})
PACK_PARAMS = frozenset({"site_id", "branding"})
#: The documents that print the site's name ("Posted at …").
SITED = ("digest", "handout")
_MARKUP = frozenset("<>")
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9]+")
_TRUE, _FALSE = ("1", "true", "yes", "on"), ("", "0", "false", "no", "off")


class BadInput(SafehavenError):
    """A request the studio cannot make a document from; ``field`` names the parameter."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(message)


class Choice(Struct, frozen=True):
    """One document as asked for: what to render, in plain checked values."""

    doc: str
    lang: str
    size: str = "tabloid"
    site: str | None = None
    branding: int = 0
    with_english: bool = False

    @property
    def sized(self) -> bool:
        """Whether ``size`` matters (letters and handouts have one sheet)."""
        return self.doc in SIZED


def check_names(params: Mapping[str, str], allowed: frozenset[str]) -> None:
    """Refuse parameters the route does not take."""
    unknown = sorted(name for name in params if name not in allowed)
    if unknown:
        shown = ", ".join(repr(name[:40]) for name in unknown[:3])
        raise BadInput(unknown[0][:40], f"Unknown parameter {shown}. This address takes: "
                       f"{', '.join(sorted(allowed))}.")


def choice(params: Mapping[str, str], tags: list[str], brandings: int) -> Choice:
    """The :class:`Choice` in ``params``; ``tags`` are the languages there are."""
    doc = params.get("doc", "")
    if doc not in DOCUMENTS:
        raise BadInput("doc", f"Unknown document {_shown(doc)}. Choose one of: "
                       f"{', '.join(DOCUMENTS)}.")
    lang = language(params.get("lang", ""), tags, required=doc != "multilingual")
    size = params.get("size", "tabloid") or "tabloid"
    if size not in SIZES:
        raise BadInput("size", f"Unknown size {_shown(size)}. Choose one of: "
                       f"{', '.join(SIZES)}.")
    site = site_name(params.get("site", ""))  # checked even when the document has no site
    return Choice(doc, lang, size if doc in SIZED else "tabloid",
                  site if doc in SITED else None, branding_number(params, brandings),
                  flag(params, "with_english") and doc == "handout")


def language(value: str, tags: list[str], *, required: bool = True) -> str:
    """The tag in ``tags`` that ``value`` names (case does not matter)."""
    if not value and not required:
        return tags[0]
    for tag in tags:
        if tag.lower() == value.lower():
            return tag
    if not value:
        raise BadInput("lang", f"Choose a language: {', '.join(tags)}.")
    raise BadInput("lang", f"Unknown language {_shown(value)}. The languages are: "
                   f"{', '.join(tags)}.")


def site_name(value: str) -> str | None:
    """A site name that can be printed, or None when none was given."""
    value = unicodedata.normalize("NFC", value).strip()
    if not value:
        return None
    if any(char in _MARKUP for char in value):
        raise BadInput("site", "The site name contains < or >, which a school's name does "
                       "not; type the name as it should be printed.")
    for problem in value_problems("site", value):
        what = problem.message.removeprefix("site ")
        if what.startswith("is ") and "characters long" in what:
            what = (f"is {len(value)} characters long; at most {LIMITS['site']} fit on the "
                    "document")
        elif not what.startswith(("is ", "contains ")):
            what = f"cannot be printed: {what}"
        raise BadInput("site", f"The site name {what}. {_sentence(problem.hint)}")
    return value


def branding_number(params: Mapping[str, str], count: int) -> int:
    """Which of the server's ``count`` branding files (0 when not given)."""
    value = params.get("branding", "") or "0"
    if not value.isascii() or not value.isdigit() or int(value[:6]) >= count:
        raise BadInput("branding", f"Unknown branding {_shown(value)}: give a number from 0 "
                       f"to {count - 1} (see the list in the studio).")
    return int(value)


def output_format(params: Mapping[str, str]) -> str:
    value = params.get("format", "pdf") or "pdf"
    if value not in FORMATS:
        raise BadInput("format", f"Unknown format {_shown(value)}. Choose pdf, png or docx.")
    return value


def page_number(params: Mapping[str, str]) -> int | None:
    """The one page asked for (``page=N``, from 1), or None for all pages."""
    value = params.get("page", "")
    if not value:
        return None
    if not value.isascii() or not value.isdigit() or not 1 <= int(value[:4]) <= 999:
        raise BadInput("page", f"Unknown page {_shown(value)}: give a page number from 1.")
    return int(value)


def flag(params: Mapping[str, str], name: str) -> bool:
    value = params.get(name, "").lower()
    if value not in _TRUE + _FALSE:
        raise BadInput(name, f"{name} must be true or false, not {_shown(value)}.")
    return value in _TRUE


def download_name(choice: Choice, extension: str) -> str:
    """A file name made only of ASCII letters, digits, ``-`` and ``.``, never a path.

    It says what the file is (document, language, size, site), so ten downloads
    in one folder are told apart; letters with accents keep their base letter.
    """
    parts = ["safehaven", choice.doc]
    if choice.doc != "multilingual":
        parts.append(choice.lang)
    if choice.sized:
        parts.append(choice.size)
    if choice.site:
        parts.append(safe_ascii(choice.site)[:40].strip("-"))
    return "-".join(part for part in parts if part) + "." + extension


def safe_ascii(text: str) -> str:
    """``text`` reduced to ASCII letters and digits joined by ``-`` (may be empty)."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _UNSAFE_NAME.sub("-", plain).strip("-")


def disposition(name: str) -> str:
    """A Content-Disposition header for ``name`` (already safe ASCII)."""
    return f'attachment; filename="{name}"'


def _shown(value: str) -> str:
    """A value quoted for a message, shortened, with only printable characters."""
    text = "".join(char if char.isprintable() else "?" for char in value[:40])
    return repr(text + ("…" if len(value) > 40 else ""))


def _sentence(hint: str | None) -> str:
    if not hint:
        return ""
    hint = hint[0].upper() + hint[1:]
    return hint if hint.endswith(".") else hint + "."
