"""Where each character of a line's invisible layer stands: over its own visible cluster.

The invisible layer (``Construction.INVISIBLE_LAYER``, Hanifi Rohingya) carries a line's
logical text, guarded with LRMs, as one text object in logical content order: PDFium keeps
a text object's characters in content order and pdf.js reads content order, so both read
logical text however the characters are placed. Placing each character over the cluster
it was drawn in (right to left in a right-to-left run, left to right in a Latin or number
run) puts PDFium's character boxes and pdf.js's text items on the visible glyphs, so a
search highlight or a selection lands on the printed word
(docs/pdf-text-extraction.md).

A line of a left-to-right paragraph (a poster's footer naming Rohingya in Hanifi
letters) gives its characters in :func:`.text_layer.layer_order` instead: no guards, its
Arabic in visual order, drawn left to right.

This module is pure: it measures the laid-out line. :mod:`.pdf_text` chooses the glyphs
and writes the operators.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from typing import NamedTuple

from ..text.boxes import Line, PlacedRun
from .text_layer import guarded_logical_text, layer_order, line_levels

#: A stretch of a line, in points from the line's left edge: (left, right).
Span = tuple[float, float]


class LayerChar(NamedTuple):
    """One glyph of the invisible layer: the ``text`` it reads as (a character, or a
    character and the space after it), the logical index it stands for (``position``,
    in the paragraph's text), the stretch of the line it covers, and whether it stands in a
    right-to-left run."""

    text: str
    position: int
    left: float
    right: float
    rtl: bool


def layer_chars(line: Line) -> list[LayerChar]:
    """The guarded logical text of ``line``, character by character, each over its cluster.

    A character of a cluster of several gets an equal share of the cluster's width, in
    the run's direction. An LRM guard covers nothing, where the character before it
    ends. A space after which the text goes on to the left (a right-to-left run) is
    joined to the glyph before it (past any glyphs of format characters only): pdf.js
    drops a space that is followed by a backward move, and keeps it inside a glyph's
    text.
    """
    shares = _shares(line)
    levels = line_levels(line)
    order = layer_order(line.text, levels)
    if order is not None:  # a left-to-right line, left to right: no guards (layer_order)
        placed: list[LayerChar] = []
        for index in order:
            edge = placed[-1].right if placed else 0.0
            left, right = shares[index] or (edge, edge)
            # Drawn left to right, an Arabic letter too: a glyph as wide as its stretch,
            # as a Latin one (centred on it, it ran past the next letter's start, and
            # pdf.js cut the word in two there).
            placed.append(LayerChar(line.text[index], line.start + index, left, right, False))
        return _join_spaces(placed)
    chars: list[LayerChar] = []
    index = 0
    for char in guarded_logical_text(line.text):
        if index < len(line.text) and char == line.text[index]:
            left, right = shares[index] or _after(chars)
            chars.append(LayerChar(char, line.start + index, left, right, levels[index] % 2 == 1))
            index += 1
        else:  # an LRM guard: it stands for the character before it
            edge = _end(chars)
            chars.append(LayerChar(char, line.start + max(index - 1, 0), edge, edge,
                                   bool(chars) and chars[-1].rtl))
    return _join_spaces(chars)


def character_stretches(line: Line) -> list[Span | None]:
    """Where each character of ``line.text`` was printed: see :func:`_shares`."""
    return _shares(line)


def _shares(line: Line) -> list[Span | None]:
    """Each character of ``line.text``: its share of its cluster's inked advance, or None
    (a character no glyph stands for). Marks and format characters get no width, at the
    end of the share before them: pdf.js gives a text with a mark no width."""
    text = line.text
    shares: list[Span | None] = [None] * len(text)
    zero = [zero_width(char) for char in text]
    for run in line.runs:
        rtl = run.level % 2 == 1
        extents = _cluster_extents(run)
        starts = sorted(extents)
        end = min(run.end, line.start + len(text)) - line.start
        for position, cluster in enumerate(starts):
            first = cluster - line.start
            last = min(starts[position + 1] - line.start, end) if position + 1 < len(
                starts) else end
            left, right = extents[cluster]
            if last - first == 1 and not zero[first]:  # most clusters: one character
                shares[first] = (left, right)
                continue
            step = (right - left) / max(sum(1 for i in range(first, last) if not zero[i]), 1)
            edge = right if rtl else left
            for index in range(first, last):
                if zero[index]:
                    shares[index] = (edge, edge)
                elif rtl:
                    shares[index] = (edge - step, edge)
                    edge -= step
                else:
                    shares[index] = (edge, edge + step)
                    edge += step
    return shares


@cache
def zero_width(text: str) -> bool:
    """Whether pdf.js gives a glyph reading ``text`` no width: it holds a nonspacing mark,
    or only format characters."""
    return any(unicodedata.category(char) == "Mn" for char in text) or all(
        unicodedata.category(char) == "Cf" for char in text)


def _cluster_extents(run: PlacedRun) -> dict[int, Span]:
    """Each cluster of ``run``: from its leftmost glyph's origin to its rightmost advance
    (marks without advance count only where the cluster has nothing else)."""
    extents: dict[int, Span] = {}
    for glyph in run.glyphs:
        left = run.x + glyph.x
        span = (left, left + max(glyph.advance, 0.0))
        known = extents.get(glyph.cluster)
        if known is None or known[0] == known[1]:
            extents[glyph.cluster] = span
        elif glyph.advance > 0:
            extents[glyph.cluster] = (min(known[0], span[0]), max(known[1], span[1]))
    return extents


def _end(chars: list[LayerChar]) -> float:
    """Where the last character placed ends in reading order (its left in a right-to-left
    run)."""
    if not chars:
        return 0.0
    return chars[-1].left if chars[-1].rtl else chars[-1].right


def _after(chars: list[LayerChar]) -> Span:
    edge = _end(chars)
    return edge, edge


def _join_spaces(chars: list[LayerChar]) -> list[LayerChar]:
    joined: list[LayerChar] = []
    for n, char in enumerate(chars):
        following = chars[n + 1] if n + 1 < len(chars) else None
        backward = following is None or following.right <= char.left + 0.01
        if char.text == " " and backward:
            target = next((k for k in range(len(joined) - 1, -1, -1)
                           if not _format_only(joined[k].text)), None)
            if target is not None and _right_to_left(joined[target].text):
                target = len(joined) - 1  # pdf.js would put the space before the letter
            if target is not None:
                joined[target] = joined[target]._replace(text=joined[target].text + " ")
                continue
        joined.append(char)
    return joined


def _right_to_left(text: str) -> bool:
    """Whether pdf.js reads ``text`` as right-to-left (it reverses such a glyph's text)."""
    return any(unicodedata.bidirectional(char) in ("R", "AL") and ord(char) <= 0xFFFF
               for char in text)


def _format_only(text: str) -> bool:
    return all(unicodedata.category(char) == "Cf" for char in text)
