"""Pages set in layers (shared part once, each site's part per site) equal whole renders."""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import ImageChops
from pypdf import PdfReader

from safehaven_docs.accessibility import check_accessibility
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
from tests.readers.extract import squash
from tests.readers.structure import leaf_texts, own_reading


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
    _same_tagging(layered, whole)
    assert _text(layered) == _text(whole)  # painted in place: the same content order


def _same_tagging(layered: bytes, whole: bytes) -> None:
    """Both pass the PDF/UA checks, and their trees read the same elements and text."""
    report = check_accessibility(PdfReader(io.BytesIO(layered)))
    assert report.tagged and report.problems == []
    tree, texts = own_reading(layered)
    whole_tree, whole_texts = own_reading(whole)
    assert ([(e.role, e.scope, squash(t)) for e, t in leaf_texts(tree, texts)]
            == [(e.role, e.scope, squash(t)) for e, t in leaf_texts(whole_tree, whole_texts)])


@pytest.mark.parametrize(("lang", "site"), [("en", "O'Hara Middle School"),
                                            ("ar", "أكاديمية النور"),
                                            ("my", "Ridgeline Arts & Technology High School"),
                                            ("rhg", "César Chávez Dual Language School")])
def test_a_site_digest_painted_into_its_tagged_page_equals_a_whole_render(
        lang: str, site: str, tmp_path: Path) -> None:
    context = Context(tmp_path, None, None, "test")
    render = Render("digest", lang, "tabloid", site_name=site)
    warm = Render("digest", lang, "tabloid", site_name=site + " 2")
    site_digests(context, [warm])  # the shape's tagged base is made here
    stamped, whole = site_digests(context, [render])[render], render_pdf(context, render)
    _same_page(stamped, whole)
    assert _text(stamped) == _text(whole)  # same content order: same reading order
    _same_tagging(stamped, whole)
