"""One check for every short value that reaches paper: site names, branding, roster cells.

A value typed into a form, a spreadsheet or a command line is printed on a
poster in front of families. It must not be blank or endless, hold control
characters (a stray line break, a terminal escape), direction overrides (which
can make "Hamilton \u202eloohcS hgiH" print as something else), or characters
no bundled font can draw. :func:`value_problems` says what is wrong, naming
the field; :func:`checked_value` raises it. The limits are listed in
``docs/limits.md``.
"""

from __future__ import annotations

import unicodedata
from urllib.parse import urlsplit

from .errors import Problem, SafehavenError, Severity
from .model.strings import check_characters, check_coverage

#: The longest value each field may hold, in characters.
LIMITS = {
    "site": 120, "site_name": 120, "site_id": 64, "address": 200, "phone": 40, "type": 40,
    "url": 300, "translations_url": 300, "monogram": 6, "primary_color": 7, "accent_color": 7,
    "logo": 300,
}
_DIRECTION_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
                                "\u200e\u200f")


class InvalidValue(SafehavenError):
    """A value given for a field cannot be printed; the message names the field."""


def value_problems(field: str, value: str, *, required: bool = True) -> list[Problem]:
    """Everything wrong with ``value`` for ``field`` (empty when it can be printed)."""
    if not value.strip():
        return [Problem(None, f"{field} is empty", key=field,
                        hint=f"give a {field.replace('_', ' ')}")] if required else []
    limit = LIMITS.get(field, 200)
    if len(value) > limit:
        return [Problem(None, f"{field} is {len(value)} characters long; at most {limit} fit",
                        key=field, hint="shorten it")]
    if any(char in _DIRECTION_CONTROLS for char in value):
        return [Problem(None, f"{field} contains invisible direction control characters",
                        key=field, hint="retype it without them; the documents set each name "
                        "in its own direction")]
    for found in (*check_characters(field, value), *check_coverage(field, value, "Latn")):
        if found.is_error:
            return [Problem(None, found.message, key=field, hint=found.hint)]
    return []


def checked_value(field: str, value: str) -> str:
    """``value`` in Unicode NFC with its outer spaces removed; raises for a bad value."""
    value = unicodedata.normalize("NFC", value).strip()
    problems = value_problems(field, value)
    if problems:
        problem = problems[0]
        raise InvalidValue(f"{field}: {problem.message}; {problem.hint}")
    return value


def url_problems(url: str, field: str = "url") -> list[Problem]:
    """A web address for the QR code: https (http only with a warning), nothing else."""
    found = value_problems(field, url)
    if found:
        return found
    parts = urlsplit(url)
    if parts.scheme == "http" and parts.netloc:
        return [Problem(None, "the web address uses http, which phones may warn about",
                        key=field, severity=Severity.WARNING, hint="use https:// if you can")]
    if parts.scheme != "https" or not parts.netloc or any(c.isspace() for c in url):
        return [Problem(None, f"{url!r} is not a web address the QR code may point to",
                        key=field, hint='write it as "https://…"')]
    return []


def terminal_safe(text: str) -> str:
    """``text`` with control and direction characters shown as ``\\uXXXX``, so nothing from
    input can move a terminal's cursor, ring it, or reorder what it shows."""
    return "".join(
        f"\\u{ord(char):04x}" if (unicodedata.category(char) == "Cc" and char not in "\n\t")
        or char in _DIRECTION_CONTROLS else char
        for char in text)
