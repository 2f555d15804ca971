"""Pages set in layers (shared part once, each site's part per site) equal whole renders."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import ImageChops

from safehaven_docs.documents import finish
from safehaven_docs.layout.documents.common import Kit
from safehaven_docs.layout.documents.order_sheet import OrderLine, order_sheet
from safehaven_docs.layout.page import Document
from safehaven_docs.packs.plan import Render, Settings, plan_site
from safehaven_docs.packs.roster import Site
from safehaven_docs.packs.site import (
    Context,
    OrderRow,
    inputs,
    order_sheet_pdf,
    render_pdf,
    site_digests,
)
from safehaven_docs.preflight import preflight


def _image(pdf: bytes) -> object:
    return pdfium.PdfDocument(pdf)[0].render(scale=1.5).to_pil().convert("RGB")


def _text(pdf: bytes) -> str:
    return pdfium.PdfDocument(pdf)[0].get_textpage().get_text_range()


def _same_page(layered: bytes, whole: bytes) -> None:
    assert layered != whole  # really made the other way
    assert ImageChops.difference(_image(layered), _image(whole)).getbbox() is None
    assert preflight(layered).ok


@pytest.mark.parametrize("name", ["Ashgrove Elementary School", "أكاديمية النور",
                                  "A school whose name is long enough to need two lines in "
                                  "the heading of its order sheet, and then some more"])
def test_an_order_sheet_made_in_layers_equals_a_whole_render(name: str, tmp_path: Path) -> None:
    context = Context(tmp_path, None, None, "test")
    texts, branding = inputs(context)
    site = Site("E1", name, "E1", (("en", 120), ("es", 40), ("ar", 9)))
    plan = plan_site(site, texts.tags, Settings())

    def rows(extra: int) -> tuple[OrderRow, ...]:
        return tuple(OrderRow("E1", i.label, i.render.doc, i.render.lang, i.render.size,
                              i.paper, 1, i.copies + extra, i.finishing, i.file)
                     for i in plan.items)

    order_sheet_pdf(context, plan, rows(5))  # another site with the same items: shared part
    layered = order_sheet_pdf(context, plan, rows(0))
    lines = [OrderLine(r.item, r.language, r.size, r.paper, r.sides, r.copies, r.file,
                       r.finishing) for r in rows(0)]
    whole = finish(Document(tuple(order_sheet(Kit(texts.source, branding), name, "E1", lines,
                                              plan.print_file)), f"Print order: {name}", "en"))
    _same_page(layered, whole)
    # The same characters; the heading and copies come first in content order (by design).
    assert sorted(_characters(layered)) == sorted(_characters(whole))


def _characters(pdf: bytes) -> str:
    return "".join(c for c in _text(pdf) if not c.isspace() and c not in "\u2068\u2069")


def test_site_digests_are_whole_tagged_renders(tmp_path: Path) -> None:
    context = Context(tmp_path, None, None, "test")
    renders = [Render("digest", lang, "tabloid", site_name="Beatrix Holloway Middle School")
               for lang in ("en", "ar")]
    made = site_digests(context, renders)
    for render in renders:
        assert made[render] == render_pdf(context, render)
        assert b"/StructTreeRoot" in made[render]
