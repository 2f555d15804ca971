"""Paragraphs of every shipped language, for engine tests."""

from __future__ import annotations

from functools import lru_cache

import safehaven_docs as sh
from safehaven_docs.text.typeset import Paragraph


@lru_cache(maxsize=1)
def texts() -> sh.TextSet:
    return sh.load_texts()


def paragraph(tag: str, text: str) -> Paragraph:
    meta = texts()[tag].meta
    return Paragraph(text, tag, meta.script, meta.direction.value == "rtl")


def corpus(tag: str) -> list[Paragraph]:
    """Headline, summary, a preamble paragraph and two commitments of ``tag``."""
    language = texts()[tag]
    res = language.resolution
    strings = [language.digest.headline, language.digest.summary, res.preamble[-1],
               res.commitments[1].text, res.commitments[0].items[3].text]
    return [paragraph(tag, s) for s in strings]


def all_tags() -> list[str]:
    return texts().tags
