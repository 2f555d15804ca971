"""Headlines and titles: never hyphenated; in Myanmar script, phrases kept whole."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import safehaven_docs as sh
from safehaven_docs.text.typeset import Paragraph, TextStyle, typeset

TEXTS = sh.load_texts()


def _para(tag: str, text: str) -> Paragraph:
    meta = TEXTS[tag].meta
    return Paragraph(text, tag, meta.script, meta.direction == "rtl")


@settings(max_examples=30, deadline=None)
@given(width=st.floats(min_value=60.0, max_value=260.0))
@pytest.mark.parametrize("tag", ["en", "es"])
def test_a_headline_is_never_hyphenated(tag: str, width: float) -> None:
    """Every line ends at a space or after a hyphen the text has, where every word fits."""
    text = TEXTS[tag].digest.headline + " " + TEXTS[tag].resolution.title
    style = TextStyle(14.0, bold=True, headline=True)
    if _widest(tag, text, style) > width:
        return
    for line in typeset(_para(tag, text), width, style).lines[:-1]:
        end = line.start + len(line.text)
        assert text[end].isspace() or text[end - 1] in "-\u2010", line.text


def _widest(tag: str, text: str, style: TextStyle) -> float:
    return max(typeset(_para(tag, word), 1e6, style).lines[0].width for word in text.split())


@settings(max_examples=30, deadline=None)
@given(width=st.floats(min_value=120.0, max_value=300.0))
@pytest.mark.parametrize("tag", ["my", "ksw"])
def test_a_myanmar_headline_breaks_between_phrases(tag: str, width: float) -> None:
    """Where every phrase fits on a line, every line of a headline ends at a space."""
    text = TEXTS[tag].digest.headline
    style = TextStyle(14.0, bold=True, headline=True)
    if _widest(tag, text, style) > width:
        return
    result = typeset(_para(tag, text), width, style)
    for line in result.lines[:-1]:
        assert text[line.start + len(line.text)].isspace(), line.text
