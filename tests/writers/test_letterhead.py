"""The letter's letterhead and footer: contact details from the branding, no lone word."""

from __future__ import annotations

import pytest
from msgspec.structs import replace

import safehaven_docs as sh
from safehaven_docs.branding import DEFAULT_BRANDING
from safehaven_docs.documents import Options, lay_out
from safehaven_docs.layout.documents.common import Kit, draft_notice
from safehaven_docs.layout.page import RuleBlock, TextBlock

TEXTS = sh.load_texts()
BRAND = replace(DEFAULT_BRANDING, phone="(555) 010-0199", url="https://example.org/district/",
                translations_url="https://example.org/languages")


def _visible(text: str) -> str:
    return (text.replace("\u00a0", " ").replace("\u2011", "-")
            .replace("\u2068", "").replace("\u2069", ""))


@pytest.mark.parametrize("tag", ["en", "ar", "my", "rhg"])
def test_the_letterhead_has_the_phone_and_web_address(tag: str) -> None:
    page = lay_out("letter", tag, TEXTS, BRAND, Options()).pages[0]
    accent = Kit(TEXTS[tag], BRAND).accent
    rule = min((b for b in page.blocks if isinstance(b, RuleBlock) and b.color == accent),
               key=lambda b: b.height)  # the rule under the letterhead, not the mark
    head = [_visible(b.paragraph.text) for b in page.blocks
            if isinstance(b, TextBlock) and b.bottom <= rule.y]
    contact = [text for text in head if "(555) 010-0199" in text]
    assert contact and "example.org/district" in contact[0], head
    assert not any("example.org/languages" in text for text in head), "the district's page"


@pytest.mark.parametrize("tag", [t for t in TEXTS.tags if TEXTS[t].meta.is_draft])
def test_the_draft_notice_in_the_footer_leaves_no_word_alone(tag: str) -> None:
    notice = draft_notice(Kit(TEXTS[tag], DEFAULT_BRANDING), TEXTS.source)
    assert notice is not None
    for page in lay_out("letter", tag, TEXTS, DEFAULT_BRANDING, Options()).pages:
        block = next(b for b in page.blocks
                     if isinstance(b, TextBlock) and b.paragraph.text == notice)
        lines = block.paragraph.lines
        assert len(lines) == 1 or all(len(line.text.split()) >= 2 for line in lines), [
            line.text for line in lines]
        others = [b for b in page.blocks if isinstance(b, TextBlock) and b is not block
                  and b.y >= block.y - 1]
        for other in others:  # the page number beside it does not overlap it
            line_right = max(line.x + line.width for line in lines) + block.x
            line_left = min(line.x for line in lines) + block.x
            other_left = other.x + min(line.x for line in other.paragraph.lines)
            other_right = other.x + max(line.x + line.width for line in other.paragraph.lines)
            assert line_right <= other_left or other_right <= line_left
