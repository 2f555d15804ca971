"""The digest poster: the plain-language points a parent reads in under a minute.

Band; the school's name plate ("Posted at" and the school's name, large, on
an accent strip); a large headline, the summary, the points, a tinted
"Questions?" box with the district's phone number, and a QR code to the
translations page (branding ``translations_url``). The body size is the
largest at which it all fits; the same layout, smaller, is the handout.
"""

from __future__ import annotations

from msgspec.structs import replace

from ...text.typeset import TextStyle
from ..flow import FlowItem, Overflow, Region, place
from ..lists import list_item
from ..page import Block, Page, RuleBlock, Structure, TextBlock, new_key, with_structure
from ..qr import QUIET_ZONE, module_size, qr_blocks
from .common import (
    GREY,
    HEADING,
    HEADLINE,
    LARGE,
    SAFE,
    SMALL,
    DoesNotFit,
    Kit,
    band,
    band_bottom,
    isolate,
    largest_fitting,
    minimum_size,
    notice_structure,
    text_block,
)

SITE_ROLE = "site"  # the school's name: the one block a district build sets per site
TINT = 0.9  # the ask box: the primary colour mixed this far towards white
ASK_PAD = 0.8  # room between the ask box's sides and its text, in em
PLATE_TINT = 0.55  # the name plate: the accent colour mixed this far towards white
#: The school's name in the plate, in multiples of the body size (poster, handout).
NAME, COMPACT_NAME = 1.75, 1.4


def digest(kit: Kit, width: float, height: float, *, site: str | None, draft: str | None,
           bleed: float = 0.0, minimum: float | None = None, compact: bool = False,
           size: float | None = None) -> Page:
    """The digest of ``kit.language`` on a ``width`` × ``height`` sheet.

    The body size is the largest that fits unless ``size`` is given.
    ``compact`` (handouts) keeps the headline and summary closer to the body
    size, so long translations still fit a half-letter page at a readable size.
    """
    scale = _scale(compact)
    if size is not None:
        return _build(kit, width, height, size, site, draft, bleed, scale)
    size = fitting_size(kit, width, height, site=site, draft=draft, minimum=minimum,
                        compact=compact)
    try:
        return _build(kit, width, height, size, site, draft, bleed, scale)
    except Overflow:  # a name of the same shape that rounds differently: fit it on its own
        low = minimum or minimum_size(width, height, kit.script)
        size = _search(kit, width, height, site, draft, low, compact)
        return _build(kit, width, height, size, site, draft, bleed, scale)


def fitting_size(kit: Kit, width: float, height: float, *, site: str | None,
                 draft: str | None, minimum: float | None = None,
                 compact: bool = False) -> float:
    """The largest body size at which the digest fits; raises DoesNotFit.

    The site name changes the rest of the layout only through the number of
    lines and the height of its "Posted at" line, so the size found for one
    name serves every name of the same shape: a district build fits each
    language a few times, not once per school.
    """
    low = minimum or minimum_size(width, height, kit.script)
    if not site:
        return _search(kit, width, height, site, draft, low, compact)
    shape = _posted_shape(kit, width, height, site, low * 4, compact)
    key = (kit, width, height, draft, low, compact, shape)
    if key not in _FITTED:
        if len(_FITTED) > 4096:
            _FITTED.clear()
        _FITTED[key] = _search(kit, width, height, site, draft, low, compact)
    return _FITTED[key]


_FITTED: dict[tuple[object, ...], float] = {}


def _posted_shape(kit: Kit, width: float, height: float, site: str, size: float,
                  compact: bool) -> tuple[int, float]:
    """Lines and height of the school's name, in ems: all the rest depends on."""
    inner = width - 2 * max(SAFE, min(width, height) * 0.06)
    name = _name(kit, site, 0, 0, inner, size, compact)
    return len(name.paragraph.lines), round(name.paragraph.height / size, 4)


def _search(kit: Kit, width: float, height: float, site: str | None, draft: str | None,
            low: float, compact: bool) -> float:
    scale = _scale(compact)
    found = largest_fitting(lambda s: (s, _build(kit, width, height, s, site, draft, 0.0, scale)),
                            low, low * 4,
                            remember=repr(("digest", kit, width, height, site, draft, compact)))
    if found is None:
        raise DoesNotFit(_too_long(kit, low))
    return found[0]


def _too_long(kit: Kit, low: float) -> str:
    """Why the digest cannot fit: its length and its longest part, by key."""
    digest_texts = kit.language.digest
    parts = {"digest.headline": digest_texts.headline, "digest.summary": digest_texts.summary,
             "digest.ask.text": digest_texts.ask.text}
    parts |= {f"digest.points.{point.key}": point.text for point in digest_texts.points}
    longest = max(parts, key=lambda key: len(parts[key]))
    total = sum(len(text) for text in parts.values())
    return (f"the digest in {kit.language.tag!r} does not fit on its sheet even at {low:g} pt: "
            f"its text has {total} characters, the longest part [{longest}] "
            f"{len(parts[longest])}; shorten the digest in the text file "
            "(the shipped digests have 1,000 to 1,900 characters)")


def site_line(kit: Kit, width: float, height: float, size: float, site: str, *,
              compact: bool = False) -> TextBlock:
    """The school's name on a digest set at body ``size``, where the page has it.

    A district build sets this one block per site over a page made once: the
    rest of the plate depends only on the block's position, lines and height.
    """
    return _plate(kit, width, height, size, site, compact, 0.0)[1]


def _plate(kit: Kit, width: float, height: float, size: float, site: str, compact: bool,
           bleed: float) -> tuple[list[Block], TextBlock, float]:
    """The name plate under the band: blocks, the name's block, and the plate's bottom.

    The label "Posted at {site}" is set in reading order around the name: the
    words before {site} on a line above it, the words after on a line below
    ("Hamilton High School / တွင် ကြေညာကပ်ထားသည်"), so the sentence reads
    the same in every language while the name stands out. On a handout, a name
    too long for one line is set with its label as one bold sentence, smaller.
    In the structure tree the label lines and the name are one paragraph, in
    that reading order.
    """
    margin = max(SAFE, min(width, height) * 0.06)
    inner = width - 2 * margin
    top = band_bottom(width, max(size * 0.8, 8.0))
    pad = size * (0.4 if compact else 0.6)  # a handout has no room to spare
    gap = size * (0.15 if compact else 0.25)  # between a label line and the name
    y = top + pad
    ahead: list[Block] = []  # label lines before the name and after it, in reading order
    behind: list[Block] = []
    sentence = Structure((new_key("P"),))  # label and name read as one paragraph
    name = replace(_name(kit, site, margin, y, inner, size, compact), structure=sentence)
    if compact and len(name.paragraph.lines) > 1:  # a very long name: the sentence in one
        whole = kit.language.labels.format("posted_at", site=isolate(site))
        name = replace(text_block(kit, whole, margin, top + gap, inner, size * SMALL,
                                  bold=True, color=kit.primary, structure=sentence),
                       role=SITE_ROLE)
        bottom = name.bottom + gap
    else:
        before, _, after = kit.language.labels["posted_at"].partition("{site}")
        if before.strip():
            label = text_block(kit, before.strip(), margin, y, inner, size * 0.95,
                               color=kit.primary, structure=sentence)
            ahead.append(label)
            name = replace(name, y=label.bottom + gap)
        y = name.bottom
        if after.strip():
            label = text_block(kit, after.strip(), margin, y + gap, inner, size * 0.95,
                               color=kit.primary, structure=sentence)
            behind.append(label)
            y = label.bottom
        bottom = y + pad
    tint = tuple(c + (1 - c) * PLATE_TINT for c in kit.accent)
    strip = RuleBlock(-bleed, top, width + 2 * bleed, bottom - top, tint)  # type: ignore[arg-type]
    return [strip, *ahead, name, *behind], name, bottom


def _name(kit: Kit, site: str, x: float, y: float, width: float, size: float,
          compact: bool) -> TextBlock:
    """The school's name, bold and large; on a handout a long name is set smaller
    (down to 1.1× the body) rather than take a second line from the text."""
    scales = (COMPACT_NAME, 1.25, 1.1) if compact else (NAME,)
    for scale in scales:
        block = text_block(kit, isolate(site), x, y, width, size * scale, bold=True,
                           color=kit.primary)
        if len(block.paragraph.lines) == 1:
            break
    return replace(block, role=SITE_ROLE)


def _scale(compact: bool) -> tuple[float, float]:
    return (2.0, 1.12) if compact else (HEADLINE, LARGE)


def _build(kit: Kit, width: float, height: float, size: float, site: str | None,
           draft: str | None, bleed: float,
           scale: tuple[float, float] = (HEADLINE, LARGE)) -> Page:
    margin = max(SAFE, min(width, height) * 0.06)
    inner = width - 2 * margin
    blocks: list[Block] = []
    header, y = band(kit, width, max(size * 0.8, 8.0), bleed)
    blocks += header
    if site:
        plate, _, y = _plate(kit, width, height, size, site, scale != (HEADLINE, LARGE), bleed)
        blocks += plate
    bottom_blocks, bottom_top = _bottom(kit, width, height, margin, size, draft)
    blocks += bottom_blocks
    region = Region(0, margin, y + size * 0.9, inner, bottom_top - size)
    placed = place(_items(kit, size, scale), [region])
    ask = [p.block for p in placed if p.tag == "ask"]
    body = [p.block for p in placed if p.tag != "ask"]
    if ask:
        blocks += _ask_box(kit, ask, margin, inner, size)
    blocks += body
    return Page(width, height, tuple(blocks))


def _items(kit: Kit, size: float, scale: tuple[float, float]) -> list[FlowItem]:
    digest_texts = kit.language.digest
    items = [
        FlowItem(kit.para(digest_texts.headline), TextStyle(size * scale[0], bold=True),
                 color=kit.primary, keep_together=True, balance=True,
                 structure=Structure(("H1",))),
        FlowItem(kit.para(digest_texts.summary), TextStyle(size * scale[1]),
                 space_before=size * 0.6),
    ]
    points = new_key("L")
    items += [FlowItem(kit.para(point.text), TextStyle(size), marker="•",
                       space_before=size * (0.8 if index == 0 else 0.45), keep_together=True,
                       structure=Structure(list_item(points)))
              for index, point in enumerate(digest_texts.points)]
    ask = digest_texts.ask
    items += [  # the box is drawn before the body: read after it
        FlowItem(kit.para(ask.heading), TextStyle(size * HEADING, bold=True),
                 space_before=size * 1.5, indent=size * ASK_PAD * 2, keep_together=True,
                 tag="ask", structure=Structure(("H2",), order=1)),
        FlowItem(kit.para(kit.fill(ask.text)), TextStyle(size), indent=size * ASK_PAD * 2,
                 space_before=size * 0.2, keep_together=True, tag="ask",
                 structure=Structure(order=1)),
    ]
    return items


def _ask_box(kit: Kit, ask: list[TextBlock], margin: float, inner: float,
             size: float) -> list[Block]:
    top = min(b.y for b in ask) - size * 0.7
    bottom = max(b.bottom for b in ask) + size * 0.7
    tint = tuple(c + (1 - c) * TINT for c in kit.primary)
    box = RuleBlock(margin, top, inner, bottom - top, tint)  # type: ignore[arg-type]
    edge_x = margin + inner - size * 0.25 if kit.rtl else margin
    edge = RuleBlock(edge_x, top, size * 0.25, bottom - top, kit.primary)
    # Set with twice the padding on the reading side, moved back by one: the
    # text keeps the same room from the box's edge on both sides.
    shift = size * ASK_PAD * (1 if kit.rtl else -1)
    return [box, edge, *(replace(block, x=block.x + shift) for block in ask)]


def _bottom(kit: Kit, width: float, height: float, margin: float, size: float,
            draft: str | None) -> tuple[list[Block], float]:
    """The QR code with its caption, and the draft notice under them; returns their top."""
    inner = width - 2 * margin
    url = kit.branding.translations_page
    code = max(0.75 * 72, min(width, height) * 0.14)  # 3/4 in still scans reliably
    quiet = module_size(url, code) * QUIET_ZONE
    notice = (text_block(kit, draft, margin, 0, inner, size * SMALL, color=GREY)
              if draft else None)
    notice_height = notice.paragraph.height + size * 0.4 if notice else 0.0
    top = height - margin - notice_height - code
    code_x = margin if kit.rtl else width - margin - code
    caption_x = margin + code + quiet if kit.rtl else margin
    caption_width = inner - code - quiet
    labels = kit.language.labels
    scan = text_block(kit, labels["scan_for_languages"], caption_x, top, caption_width,
                      size * 0.95, bold=True, color=kit.primary, structure=Structure(order=2))
    full = text_block(kit, kit.fill(kit.language.digest.ask.full_text), caption_x,
                      scan.bottom + size * 0.3, caption_width, size * SMALL,
                      structure=Structure(order=2))
    shift = max(0.0, (code - (full.bottom - top)) / 2)
    blocks: list[Block] = [_down(scan, shift), _down(full, shift)]
    figure = Structure((new_key("Figure"),), order=2,
                       alt=f"{labels['scan_for_languages']}: {url}")
    blocks += [with_structure(b, path=figure.path, order=2, alt=figure.alt)
               for b in qr_blocks(url, code_x, top, code)]
    if notice:
        blocks.append(replace(notice, y=height - margin - notice.paragraph.height,
                              structure=notice_structure(draft or "", Structure(order=3))))
    return blocks, top - quiet


def _down(block: TextBlock, dy: float) -> TextBlock:
    return replace(block, y=block.y + dy)

