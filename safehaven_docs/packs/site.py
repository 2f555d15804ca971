"""Building one site's folder: its documents, its print file and its order.

This is the unit of work a process or a dask worker runs. It receives a
:class:`SiteJob` (plain, picklable data: the site's plan, the keys of its
files, what the previous run wrote) and returns a :class:`SiteResult`; it
writes only inside the site's folder, each file under a temporary name and
then renamed. Shared documents are read from the pack's render cache, made
once by :func:`make_shared`; only the digest poster (and its editable twin)
is rendered here. Editable DOCX files sit in the folder and the manifest but
not on the order sheet or in the print file.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from functools import lru_cache
from pathlib import Path

from msgspec import Struct
from msgspec.structs import replace

from ..branding import Branding, load_branding
from ..files import write_atomic
from ..layout.page import TextBlock
from ..model import TextSet, load_texts
from .plan import Item, Render, SitePlan

CACHE = Path(".safehaven") / "cache"
_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")
ORDER_COLUMNS = ("item", "document", "language", "size", "paper", "sides", "copies",
                 "finishing", "file")


class Context(Struct, frozen=True):
    """Where a worker finds the inputs: the same for every job of one build."""

    out: Path
    texts: Path | None
    config: Path | None
    #: A hash of the texts' and branding's contents: a worker reloads them when it changes.
    stamp: str = ""


class FileRecord(Struct, frozen=True):
    """A file the pack wrote: what it is, its content key and its bytes' hash."""

    path: str  # relative to the pack folder, with "/"
    sha256: str
    bytes: int
    pages: int
    document: str
    language: str
    size: str
    site: str
    key: str


class SiteJob(Struct, frozen=True):
    """One site to build: its plan, each item's key, and last run's records by path."""

    plan: SitePlan
    keys: tuple[str, ...]  # one per plan item
    print_key: str
    previous: tuple[FileRecord, ...] = ()


class OrderRow(Struct, frozen=True):
    """One line of a site's order (also one row of order-<site>.csv)."""

    site: str
    item: str
    document: str
    language: str
    size: str
    paper: str
    sides: int
    copies: int
    finishing: str
    file: str


class SiteResult(Struct, frozen=True):
    """What a site job did: the records of every file it holds, and its order."""

    site: str
    files: tuple[FileRecord, ...]
    orders: tuple[OrderRow, ...]
    written: tuple[str, ...]


def inputs(context: Context) -> tuple[TextSet, Branding]:
    """Texts and branding, loaded once per worker process and contents."""
    return _inputs(context.texts, context.config, context.stamp)


@lru_cache(maxsize=2)
def _inputs(texts: Path | None, config: Path | None, stamp: str) -> tuple[TextSet, Branding]:
    return load_texts(texts), load_branding(config)


def make_shared(context: Context, render: Render, key: str) -> int:
    """Render a document many sites share into the cache (once); returns its page count."""
    target = cache_path(context.out, key, render.fmt)
    if target.exists():
        return pages_of(target.read_bytes(), render.fmt)
    data = render_file(context, render)
    write_atomic(target, data)
    return pages_of(data, render.fmt)


def cache_path(out: Path, key: str, fmt: str = "pdf") -> Path:
    return out / CACHE / f"{key}.{fmt}"


def render_file(context: Context, render: Render) -> bytes:
    """The bytes of ``render``: its PDF, or for an editable twin its DOCX."""
    if render.fmt == "pdf":
        return render_pdf(context, render)
    from ..documents import render as render_document

    texts, branding = inputs(context)
    branding = replace(branding, phone=render.phone or branding.phone,
                       address=render.address or branding.address)
    size = render.size if render.doc == "digest" else "tabloid"
    return render_document(render.doc, render.lang, size=size, site=render.site_name,
                           texts=texts, branding=branding, fmt=render.fmt)


def pages_of(data: bytes, fmt: str) -> int:
    """Pages of a PDF; 0 for an editable file (its pages are the word processor's)."""
    return count_pages(data) if fmt == "pdf" else 0


def render_pdf(context: Context, render: Render) -> bytes:
    """The PDF bytes of ``render``, preflighted (through the public render API)."""
    from ..documents import render as render_document

    texts, branding = inputs(context)
    branding = replace(branding, phone=render.phone or branding.phone,
                       address=render.address or branding.address)
    lang = "en" if render.doc == "multilingual" else render.lang
    size = render.size if render.size in ("letter", "tabloid", "a4", "a3", "18x24",
                                          "24x36") else "tabloid"
    return render_document(render.doc, lang, size=size, site=render.site_name, texts=texts,
                           branding=branding)


def count_pages(pdf: bytes) -> int:
    return len(_PAGE.findall(pdf))


def build_site(context: Context, job: SiteJob) -> SiteResult:
    """Make or keep every file of one site; returns what its folder now holds."""
    plan = job.plan
    folder = plan.site.folder
    previous = {record.path: record for record in job.previous}
    records: list[FileRecord] = []
    written: list[str] = []
    contents: list[bytes] = []
    kept_paths = {f"{folder}/{item.file}" for item, key in zip(plan.items, job.keys,
                                                               strict=True)
                  if unchanged(context.out, previous.get(f"{folder}/{item.file}"), key)}
    digests = site_digests(context, [item.render for item in plan.printed
                                     if item.render.site_name is not None
                                     and f"{folder}/{item.file}" not in kept_paths])
    for item, key in zip(plan.items, job.keys, strict=True):
        path = f"{folder}/{item.file}"
        kept = path in kept_paths
        data = ((context.out / path).read_bytes() if kept
                else digests[item.render] if item.render in digests
                else _bytes_for(context, item, key))
        if not kept:
            write_atomic(context.out / path, data)
            written.append(path)
        if item.printed:
            contents.append(data)
        records.append(_record(path, data, item.render, folder, key, kept, previous))
    orders = tuple(_order_rows(context, plan, records))
    records += _print_and_order(context, job, contents, orders, previous, written)
    return SiteResult(plan.site.id, tuple(records), orders, tuple(written))


def unchanged(out: Path, record: FileRecord | None, key: str) -> bool:
    """True when the file on disk is exactly what the last run wrote for the same key."""
    if record is None or record.key != key:
        return False
    path = out / record.path
    try:
        if path.stat().st_size != record.bytes:
            return False
        return hashlib.sha256(path.read_bytes()).hexdigest() == record.sha256
    except OSError:
        return False


def _bytes_for(context: Context, item: Item, key: str) -> bytes:
    if item.render.site_name is None:
        cached = cache_path(context.out, key, item.render.fmt)
        if cached.exists():
            return cached.read_bytes()
    return render_file(context, item.render)


def site_digests(context: Context, renders: list[Render]) -> dict[Render, bytes]:
    """Digests naming their site: each page but its "Posted at" line is made once per
    shape of that line (its position, lines and height), and each digest's line on its
    own, painted into its place in the tagged page (see ``layers``), so a digest's bytes
    depend only on its own inputs."""
    from ..layout.documents.common import Kit, draft_notice, sheet_size
    from ..layout.documents.digest import fitting_size, site_line
    from .layers import reuse_marked

    texts, branding = inputs(context)
    made: dict[Render, bytes] = {}
    for render in renders:
        kit = Kit(texts[render.lang], replace(branding, phone=render.phone or branding.phone))
        width, height = sheet_size(render.size)
        size = fitting_size(kit, width, height, site=render.site_name,
                            draft=draft_notice(kit, texts.source))
        line = site_line(kit, width, height, size, render.site_name or "")
        shape = ("digest", render.lang, render.size, render.phone, context.stamp, size,
                 *_line_shape(line))
        data = reuse_marked(shape, line)
        made[render] = data if data is not None else _first_digest(context, render, shape)
    return made


def _line_shape(line: TextBlock) -> tuple[float, int, float]:
    """Where the site line stands and how much room it takes: all the rest depends on."""
    return round(line.y, 3), len(line.paragraph.lines), round(line.paragraph.height, 3)


def _first_digest(context: Context, render: Render, shape: tuple[object, ...]) -> bytes:
    """The first digest of its shape: laid out whole, its shared part kept for the next."""
    from ..documents import Options, lay_out
    from ..layout.documents.digest import SITE_ROLE
    from .layers import marked_layer_pdf

    texts, branding = inputs(context)
    branding = replace(branding, phone=render.phone or branding.phone)
    document = lay_out("digest", render.lang, texts, branding,
                       Options(size=render.size, site=render.site_name))
    placed = [b for b in document.pages[0].blocks
              if isinstance(b, TextBlock) and b.role == SITE_ROLE]
    if len(document.pages) != 1 or len(placed) != 1 or shape[-3:] != _line_shape(placed[0]):
        return render_pdf(context, render)  # the layout chose otherwise: write it whole
    made = marked_layer_pdf(document, lambda block: block is placed[0], shape)
    return made if made is not None else render_pdf(context, render)


def _record(path: str, data: bytes, render: Render, folder: str, key: str, kept: bool,
            previous: dict[str, FileRecord]) -> FileRecord:
    if kept:
        return previous[path]
    return FileRecord(path, hashlib.sha256(data).hexdigest(), len(data),
                      pages_of(data, render.fmt), render.doc, render.lang, render.size, folder,
                      key)


def _order_rows(context: Context, plan: SitePlan,
                records: list[FileRecord]) -> list[OrderRow]:
    texts, _ = inputs(context)
    rows = []
    for item, record in zip(plan.items, records, strict=True):
        if not item.printed:
            continue
        render = item.render
        language = ("All languages" if render.lang == "mul"
                    else texts[render.lang].meta.english_name)
        sides = 2 if item.duplex and record.pages > 1 else 1
        rows.append(OrderRow(plan.site.id, item.label, render.doc, language,
                             _size_name(render.size), item.paper, sides, item.copies,
                             item.finishing, item.file))
    return rows


def _size_name(size: str) -> str:
    return {"letter-landscape": "letter"}.get(size, size)


def _print_and_order(context: Context, job: SiteJob, contents: list[bytes],
                     orders: tuple[OrderRow, ...], previous: dict[str, FileRecord],
                     written: list[str]) -> list[FileRecord]:
    plan = job.plan
    folder = plan.site.folder
    csv_path, pdf_path = f"{folder}/{plan.order_file}", f"{folder}/{plan.print_file}"
    csv_data = order_csv(orders)
    csv_key = hashlib.sha256(csv_data).hexdigest()
    records = []
    for path, doc, key, make in (
        (pdf_path, "print", job.print_key, lambda: print_file(context, plan, contents, orders)),
        (csv_path, "order", csv_key, lambda: csv_data),
    ):
        if unchanged(context.out, previous.get(path), key):
            records.append(previous[path])
            continue
        data = make()
        write_atomic(context.out / path, data)
        written.append(path)
        pages = count_pages(data) if doc == "print" else 0
        records.append(FileRecord(path, hashlib.sha256(data).hexdigest(), len(data), pages,
                                  doc, "mul", "", folder, key))
    return records


def order_csv(orders: tuple[OrderRow, ...]) -> bytes:
    """The site's order as CSV (UTF-8 with a BOM, so Excel shows every script)."""
    stream = io.StringIO(newline="")
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow(ORDER_COLUMNS)
    for row in orders:
        writer.writerow((row.item, row.document, row.language, row.size, row.paper, row.sides,
                         row.copies, row.finishing, row.file))
    return ("\ufeff" + stream.getvalue()).encode("utf-8")


def print_file(context: Context, plan: SitePlan, contents: list[bytes],
               orders: tuple[OrderRow, ...]) -> bytes:
    """The order sheet followed by one copy of every document, in print order: tagged,
    each part's structure tree a Part in its own language (``mul`` for the file)."""
    from ..writers.pdf_join import JoinError, join

    parts = [order_sheet_pdf(context, plan, orders), *contents]
    title = f"Print order: {plan.site.name}"
    try:
        return join(parts, title=title, lang="mul")
    except JoinError:  # not our writer's simple shape: let pypdf do the general work
        return _join_with_pypdf(parts, title)


def _join_with_pypdf(parts: list[bytes], title: str) -> bytes:
    """The general join, for parts our joiner cannot copy (never our own files): untagged,
    as pypdf merges pages, not structure trees."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.pdf_header = b"%PDF-1.7"  # as every file we write (ISO 32000-1)
    for data in parts:
        writer.append(PdfReader(io.BytesIO(data)))
    writer.add_metadata({"/Title": title, "/Producer": "safehaven_docs",
                         "/Creator": "safehaven_docs"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def order_sheet_pdf(context: Context, plan: SitePlan, orders: tuple[OrderRow, ...]) -> bytes:
    """The order sheet page(s) as a preflighted, tagged PDF.

    Sites with the same items share everything but the heading and the copies
    column: that part is made once per item list (see ``layers``), and each site's
    heading and copies are painted into their places. Its title names no site (the
    shared part's metadata serves every site; the print file has a title of its own).
    """
    from ..documents import finish
    from ..layout.documents.common import Kit
    from ..layout.documents.order_sheet import VARYING, OrderLine, order_sheet
    from ..layout.page import Document
    from .layers import marked_layer_pdf

    texts, branding = inputs(context)
    lines = [OrderLine(row.item, row.language, row.size, row.paper, row.sides, row.copies,
                       row.file, row.finishing) for row in orders]
    pages = order_sheet(Kit(texts.source, branding), plan.site.name, plan.site.id, lines,
                        plan.print_file)
    document = Document(tuple(pages), "Print order", "en")
    if len(pages) == 1:
        def varies(block: object) -> bool:
            return getattr(block, "role", "") in VARYING

        table_top = min((b.y for b in pages[0].blocks if not varies(b)), default=0.0)
        rows = tuple((r.item, r.language, r.size, r.paper, r.sides, r.file, r.finishing)
                     for r in orders)
        layered = marked_layer_pdf(document, varies,
                                   ("order", context.stamp, rows, round(table_top, 3)))
        # (the key holds everything the shared table depends on: the same rows at the
        # same height give the same table, whatever the site's name and copies)
        if layered is not None:
            return layered
    return finish(document)
