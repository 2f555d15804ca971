"""The build plan of a district pack: sites × languages × documents, as plain data.

Nothing here renders or touches files. A :class:`Plan` says, for every site,
which files its folder holds, what each file is (document, language, sheet),
how many copies the print shop makes, and which :class:`Render` produces it.
A render is keyed only by what changes its bytes, so two sites that share a
language share its poster, letter and handout: each distinct render is made
once and copied. Only the digest poster, which says "Posted at {site}", is
made per site.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Sequence

from msgspec import Struct
from msgspec.structs import replace

from .roster import Site

DOCUMENTS = ("poster", "digest", "multilingual", "letter", "handout")
#: Documents a school office edits (a principal's name, a newsletter): their DOCX twins.
EDITABLE = ("digest", "letter")
#: Paper the print shop loads for each sheet, and a short name for the order sheet.
PAPER = {
    "letter": "Letter 8.5 x 11 in",
    "tabloid": "Tabloid 11 x 17 in",
    "a4": "A4 210 x 297 mm",
    "a3": "A3 297 x 420 mm",
    "18x24": "Poster 18 x 24 in",
    "24x36": "Poster 24 x 36 in",
}
#: Handouts print two to a sheet: the sheets are half the handouts, rounded up.
HANDOUT_FINISHING = "cut in half"
#: The sheet of a handout: two half-letter handouts, or (a language whose digest cannot
#: reach its script's minimum size on half a sheet) one full Letter page.
TWO_UP, FULL_SHEET = "letter-landscape", "letter"
ITEMS = {
    "poster": "Full resolution poster",
    "digest": "Digest poster",
    "multilingual": "Multilingual welcome poster",
    "letter": "Letter to families",
    "handout": "Family handout, 2-up",
    "handout-letter": "Family handout, full sheet",
    "order": "Order sheet",
}


class Settings(Struct, frozen=True):
    """Pack choices a district makes once, in the config file's ``[pack]`` table."""

    documents: tuple[str, ...] = DOCUMENTS
    letter_margin_percent: float = 10.0
    letter_margin_minimum: int = 2
    #: Editable DOCX files beside the letters and digests.
    docx: bool = False

    def with_margin(self, families: int) -> int:
        """Copies for ``families``: the families plus a margin for spoiled and late copies."""
        if families <= 0:
            return 0
        # Rounded first: 2.2 % of 1500 is 33, not the 33.000000000000004 a float gives.
        share = round(families * self.letter_margin_percent / 100, 6)
        extra = max(self.letter_margin_minimum, math.ceil(share))
        return families + extra


class Render(Struct, frozen=True):
    """One distinct document to make; equal renders are made once and copied."""

    doc: str
    lang: str  # "mul" for the multilingual poster
    size: str  # sheet: a poster size, or "letter" / "letter-landscape"
    site_name: str | None = None  # printed as "Posted at …" (digest only)
    phone: str | None = None  # the site's own phone, else the district's
    address: str | None = None  # the site's own address (letterhead), else the district's
    fmt: str = "pdf"  # "docx" for an editable twin

    @property
    def ident(self) -> str:
        """A stable short name for logs and cache files (not a content hash)."""
        text = "\x1f".join(str(v) for v in (self.doc, self.lang, self.size, self.site_name,
                                             self.phone, self.address, self.fmt))
        return f"{self.doc}-{self.lang}-{hashlib.sha256(text.encode()).hexdigest()[:16]}"


class Item(Struct, frozen=True):
    """One file in a site's folder and the line it makes on the order sheet."""

    file: str
    render: Render
    copies: int  # sheets the print shop runs
    paper: str
    finishing: str = ""
    duplex: bool = False  # print both sides when the document has more than one page

    @property
    def label(self) -> str:
        return ITEMS.get(f"{self.render.doc}-{self.render.size}", ITEMS[self.render.doc])

    @property
    def printed(self) -> bool:
        """Whether the print shop gets it (an editable DOCX is for the school office)."""
        return self.render.fmt == "pdf"


class SitePlan(Struct, frozen=True):
    """Everything one site's folder holds, in print order."""

    site: Site
    items: tuple[Item, ...]

    @property
    def printed(self) -> tuple[Item, ...]:
        """The items on the order sheet and in the print file, in print order."""
        return tuple(item for item in self.items if item.printed)

    @property
    def print_file(self) -> str:
        return f"print-{self.site.folder}.pdf"

    @property
    def order_file(self) -> str:
        return f"order-{self.site.folder}.csv"


class Plan(Struct, frozen=True):
    """The whole pack: per-site plans in roster order."""

    sites: tuple[SitePlan, ...]

    def renders(self) -> list[Render]:
        """Every distinct render, in first-use order."""
        return list(dict.fromkeys(item.render for plan in self.sites for item in plan.items))

    def shared_renders(self) -> list[Render]:
        """Renders that do not name a site: made once, used by many sites."""
        return [render for render in self.renders() if render.site_name is None]


def plan_pack(sites: Iterable[Site], languages: Sequence[str], settings: Settings,
              source: str = "en", full_handouts: frozenset[str] = frozenset()) -> Plan:
    """The plan for ``sites``; ``languages`` are the known tags in the order documents use.

    ``full_handouts`` are the languages whose handout is a full Letter page
    (the layout decides; see ``safehaven_docs.documents.handout_sheet``).
    """
    return Plan(tuple(plan_site(site, languages, settings, source, full_handouts)
                      for site in sites))


def plan_site(site: Site, languages: Sequence[str], settings: Settings,
              source: str = "en", full_handouts: frozenset[str] = frozenset()) -> SitePlan:
    """One site's files in print order: posters, digests, multilingual, letters, handouts;
    then, with ``settings.docx``, the editable twins of its digests and letters."""
    read = {tag for tag, count in site.families if count > 0}
    shown = [tag for tag in languages if tag == source or tag in read]
    wanted = set(settings.documents)
    items: list[Item] = []
    for size in site.sizes:
        for doc in ("poster", "digest"):
            if doc in wanted:
                items += [_poster(site, doc, tag, size) for tag in shown]
    if "multilingual" in wanted:
        size = site.sizes[0]
        items.append(Item(f"multilingual-{size}.pdf", Render("multilingual", "mul", size),
                          site.poster_copies, PAPER[size]))
    for tag in shown:
        copies = settings.with_margin(site.families_of(tag))
        if "letter" in wanted and copies:
            render = Render("letter", tag, "letter", address=site.address)
            items.append(Item(f"letter-{tag}.pdf", render, copies, PAPER["letter"],
                              duplex=True))
    for tag in shown:
        copies = settings.with_margin(site.families_of(tag))
        if "handout" in wanted and copies:
            items.append(_handout(site, tag, copies, tag in full_handouts))
    if settings.docx:
        items += [_editable(item) for item in items if item.render.doc in EDITABLE]
    return SitePlan(site, tuple(items))


def _handout(site: Site, tag: str, copies: int, full: bool) -> Item:
    if full:
        render = Render("handout", tag, FULL_SHEET, phone=site.phone)
        return Item(f"handout-{tag}.pdf", render, copies, PAPER["letter"], duplex=True)
    render = Render("handout", tag, TWO_UP, phone=site.phone)
    return Item(f"handout-{tag}.pdf", render, math.ceil(copies / 2), PAPER["letter"],
                finishing=HANDOUT_FINISHING)


def _editable(item: Item) -> Item:
    """The DOCX twin of a printed item: same name and render, no copies to print."""
    name = item.file.removesuffix(".pdf") + ".docx"
    return Item(name, replace(item.render, fmt="docx"), 0, "")


def _poster(site: Site, doc: str, tag: str, size: str) -> Item:
    if doc == "digest":
        render = Render("digest", tag, size, site_name=site.name, phone=site.phone)
    else:
        render = Render("poster", tag, size)
    return Item(f"{doc}-{tag}-{size}.pdf", render, site.poster_copies, PAPER[size])


def shard_of(site_id: str, count: int) -> int:
    """The shard (1-based) of ``site_id`` among ``count``: stable across runs and machines."""
    number = int.from_bytes(hashlib.sha256(site_id.encode("utf-8")).digest()[:8], "big")
    return number % count + 1
