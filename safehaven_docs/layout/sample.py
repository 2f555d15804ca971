"""A text sample: the complete resolution in one language, flowed onto Letter pages.

This is the engine's showcase and test bed: every script's shaping, breaking,
bidi and alignment in real content. The print documents (posters, letters,
handouts) are laid out elsewhere, from the same pieces.
"""

from __future__ import annotations

from ..model.content import LanguageTexts
from ..text.boxes import Align
from ..text.typeset import Paragraph, TextStyle
from .flow import FlowItem, Frame, flow
from .lists import commitment_items
from .page import Document

LETTER = (612.0, 792.0)
MARGIN = 54.0
ACCENT = (0.05, 0.25, 0.45)
GREY = (0.35, 0.35, 0.35)


def sample_document(language: LanguageTexts, size: float = 11.0) -> Document:
    """The full resolution in ``language`` as a flowing document."""
    width, height = LETTER
    frame = Frame(width, height, MARGIN, MARGIN, MARGIN, MARGIN)
    pages = flow(_items(language, size), frame)
    return Document(tuple(pages), language.resolution.title, language.tag)


def _items(language: LanguageTexts, size: float) -> list[FlowItem]:
    def para(text: str) -> Paragraph:
        return Paragraph(text, language.tag, language.meta.script,
                         language.meta.direction.value == "rtl")

    body = TextStyle(size, Align.JUSTIFY)
    resolution = language.resolution
    items = [
        FlowItem(para(language.labels["district"]), TextStyle(size, bold=True), color=ACCENT),
        FlowItem(para(resolution.title), TextStyle(size * 2, bold=True), space_before=size * 0.5),
        FlowItem(para(resolution.subtitle), TextStyle(size), space_before=size * 0.3, color=GREY),
    ]
    if language.meta.is_draft:
        items.append(FlowItem(para(language.labels["draft_notice"]), TextStyle(size * 0.8),
                              space_before=size * 0.3, color=GREY))
    items += [FlowItem(para(text), body, space_before=size * 0.9) for text in resolution.preamble]
    items.append(FlowItem(para(resolution.commitments_intro), TextStyle(size, bold=True),
                          space_before=size * 0.9))
    items += commitment_items(para, resolution.commitments, body, space=size * 0.6,
                              sub_space=size * 0.4)
    return items
