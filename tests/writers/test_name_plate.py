"""The digest and the handout name their school clearly: large, bold, above the headline."""

from __future__ import annotations

import pytest

import safehaven_docs as sh
from safehaven_docs.branding import DEFAULT_BRANDING
from safehaven_docs.documents import Options, lay_out
from safehaven_docs.layout.documents.digest import SITE_ROLE
from safehaven_docs.layout.page import TextBlock

TEXTS = sh.load_texts()
SITE = "Hamilton High School"


@pytest.mark.parametrize("tag", TEXTS.tags)
@pytest.mark.parametrize("doc", ["digest", "handout"])
def test_the_schools_name_stands_out(doc: str, tag: str) -> None:
    page = lay_out(doc, tag, TEXTS, DEFAULT_BRANDING, Options(site=SITE)).pages[0]
    texts = [b for b in page.blocks if isinstance(b, TextBlock)]
    names = [b for b in texts if b.role == SITE_ROLE]
    two_up = doc == "handout" and page.width > page.height  # else a full-page handout
    assert len(names) == (2 if two_up else 1)
    name = names[0]
    assert SITE in name.paragraph.text and len(name.paragraph.lines) == 1
    headline = next(b for b in texts if b.paragraph.text == TEXTS[tag].digest.headline)
    points = [b for b in texts if b.paragraph.text == TEXTS[tag].digest.points[0].text]
    body = points[0].paragraph.size
    assert name.paragraph.size >= 1.35 * body, (name.paragraph.size, body)
    assert name.bottom < headline.y, "the name is above the headline"
    label = TEXTS[tag].labels["posted_at"].replace("{site}", "").strip()
    shown = " ".join(b.paragraph.text for b in texts if b.bottom <= headline.y)
    assert all(word in shown for word in label.split()), "the label reads around the name"
