"""A fast reader of PDF content streams: operators and their operands, nothing more.

Preflight walks every operator of every page. pypdf's own content-stream parser
builds a Python object per token through a byte-by-byte reader and spent about
two thirds of each preflight (≈100 ms a poster); a print pack preflights
thousands of documents. This reader tokenizes with one regular expression and
returns the same shapes the preflight needs: numbers as floats, names as
pypdf ``NameObject``, strings as ``bytes`` (hex strings decoded, literal strings
as written, escapes left in), arrays as
lists, dictionaries as dicts, and inline images as ``(b"INLINE IMAGE",
{"settings": …})`` as pypdf does. It never decodes a string's text: preflight
only asks whether something is drawn.
"""

from __future__ import annotations

import re
from typing import Any

from pypdf.generic import NameObject

Operation = tuple[Any, bytes]

_DELIMITERS = rb"()<>\[\]{}/%"
_WHITE = rb" \t\r\n\f\x00"
_TOKEN = re.compile(
    rb"[" + _WHITE + rb"]+"                      # white space
    rb"|%[^\r\n]*"                                 # a comment
    rb"|(?P<num>[+-]?(?:\d+\.?\d*|\.\d+))(?=[" + _WHITE + _DELIMITERS + rb"]|$)"
    rb"|(?P<name>/[^" + _WHITE + _DELIMITERS + rb"]*)"
    rb"|(?P<hex><[0-9A-Fa-f" + _WHITE + rb"]*>)"
    rb"|(?P<open><<|\[)"
    rb"|(?P<close>>>|\])"
    rb"|(?P<lit>\()"
    rb"|(?P<word>[^" + _WHITE + _DELIMITERS + rb"]+)"
)
_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_CONSTANTS = {b"true": True, b"false": False, b"null": None}


class ContentError(ValueError):
    """The stream is not a content stream this reader understands (damaged data)."""


def operations(data: bytes) -> list[Operation]:
    """Every ``(operands, operator)`` of ``data``, in order."""
    result: list[Operation] = []
    operands: list[Any] = []
    stack: list[tuple[list[Any], bytes]] = []  # open arrays and dictionaries
    position, end = 0, len(data)
    while position < end:
        match = _TOKEN.match(data, position)
        if match is None:
            raise ContentError(f"unreadable byte {data[position:position + 1]!r} at {position}")
        position = match.end()
        kind = match.lastgroup
        if kind is None:
            continue
        target = stack[-1][0] if stack else operands
        if kind == "num":
            target.append(float(match[kind]))
        elif kind == "name":
            target.append(_name(match[kind]))
        elif kind == "hex":
            target.append(_hex(match[kind]))
        elif kind == "lit":
            text, position = _literal(data, position)
            target.append(text)
        elif kind == "open":
            stack.append(([], match[kind]))
        elif kind == "close":
            _close(stack, operands, match[kind])
        else:
            word = match[kind]
            if stack or word in _CONSTANTS:
                target.append(_CONSTANTS.get(word, word))
            elif word == b"BI":
                inline, position = _inline_image(data, position)
                result.append((inline, b"INLINE IMAGE"))
                operands = []
            else:
                result.append((operands, word))
                operands = []
    return result


def _name(raw: bytes) -> NameObject:
    text = _NAME_ESCAPE.sub(lambda m: bytes([int(m[1], 16)]), raw)
    return NameObject(text.decode("utf-8", "replace"))


def _hex(raw: bytes) -> bytes:
    digits = re.sub(rb"[^0-9A-Fa-f]", b"", raw)
    if len(digits) % 2:
        digits += b"0"
    return bytes.fromhex(digits.decode())


def _literal(data: bytes, position: int) -> tuple[bytes, int]:
    """A ``( … )`` string from just after its opening parenthesis: nesting and escapes."""
    depth, start = 1, position
    while position < len(data):
        char = data[position]
        if char == 0x5C:  # backslash: the next byte is escaped
            position += 2
            continue
        if char == 0x28:
            depth += 1
        elif char == 0x29:
            depth -= 1
            if depth == 0:
                return data[start:position], position + 1
        position += 1
    raise ContentError("a string that is never closed")


def _close(stack: list[tuple[list[Any], bytes]], operands: list[Any], closer: bytes) -> None:
    if not stack:
        raise ContentError(f"{closer!r} with nothing open")
    items, opener = stack.pop()
    if (opener, closer) == (b"[", b"]"):
        value: Any = items
    elif (opener, closer) == (b"<<", b">>"):
        value = dict(zip(items[::2], items[1::2], strict=False))
    else:
        raise ContentError(f"{opener!r} closed by {closer!r}")
    (stack[-1][0] if stack else operands).append(value)


def _inline_image(data: bytes, position: int) -> tuple[dict[str, Any], int]:
    """``BI`` key value … ``ID`` data ``EI``: the settings, and the position after EI."""
    marker = re.compile(rb"[" + _WHITE + rb"]ID[" + _WHITE + rb"]")
    found = marker.search(data, position)
    if found is None:
        raise ContentError("an inline image without ID")
    settings_ops = operations(data[position:found.start()] + b" EI")
    items = settings_ops[0][0] if settings_ops else []
    settings = dict(zip(items[::2], items[1::2], strict=False))
    close = re.compile(rb"[" + _WHITE + rb"]EI(?=[" + _WHITE + _DELIMITERS + rb"]|$)")
    ended = close.search(data, found.end())
    if ended is None:
        raise ContentError("an inline image without EI")
    return {"settings": settings}, ended.end()
