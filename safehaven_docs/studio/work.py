"""The studio's renders: run in worker processes, cached by their inputs.

A render takes from a tenth of a second (a poster) to several seconds (a
site's whole print pack), and it is CPU work: it runs in a pool of worker
processes so the page stays responsive and one slow render does not hold up
the others. Each job is plain, picklable data (a :class:`Job` names the texts
folder and a stamp of its contents, never anything from the browser) and each
result is plain bytes or a :class:`Failed` sentence, so no exception needs to
cross the process boundary. :class:`Renders` keeps the last results by job, so
a document made before comes back at once, and shares a render in progress
between the requests that wait for it.
"""

from __future__ import annotations

import asyncio
import csv
import io
import multiprocessing
import re
import signal
import tempfile
import zipfile
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import lru_cache
from pathlib import Path
from typing import Any

from msgspec import Struct

from ..branding import Branding, load_branding
from ..errors import SafehavenError
from ..model import TextSet, load_texts
from ..packs.roster import Site
from .choices import Choice

#: A preview page is this many pixels on its long side, whatever the sheet.
PREVIEW_PIXELS = 1000
#: How many results are kept (a page's previews, PDFs, Word files, packs).
CACHE_ENTRIES = 64


class RenderFailed(SafehavenError):
    """A document could not be made; the message says why in plain words."""


class Job(Struct, frozen=True):
    """One document to make: the choice, and where (and which version of) the inputs are."""

    choice: Choice
    texts: Path | None
    stamp: str
    config: Path | None


class PackJob(Struct, frozen=True):
    """One roster site's whole print pack."""

    site: Site
    texts: Path | None
    stamp: str
    config: Path | None


class Preview(Struct, frozen=True):
    """A rendered PDF, a PNG of each page, and its print check in plain sentences."""

    pdf: bytes
    pages: tuple[bytes, ...]
    checks: tuple[str, ...]
    problems: tuple[str, ...]


class Failed(Struct, frozen=True):
    """A job that could not be done, with the reason in plain words."""

    message: str


# -- in the worker processes ---------------------------------------------------------------------

def worker_start() -> None:
    """Ctrl-C in the terminal is for the server, which then stops the workers."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def warm(texts: Path | None) -> bool:
    """Load the library and the texts before the first real job."""
    from .. import documents  # noqa: F401  (the import is the work)

    load_texts(texts)
    return True


@lru_cache(maxsize=4)
def _inputs(texts: Path | None, stamp: str, config: Path | None) -> tuple[TextSet, Branding]:
    return load_texts(texts), load_branding(config)


def make_preview(job: Job) -> Preview | Failed:
    """Render the PDF, check it as a print shop would, and draw every page."""
    try:
        pdf = _render(job, "pdf")
        from ..preflight import Expectations, preflight
        from ..writers.png import page_images

        report = preflight(pdf, Expectations(min_text_size=_min_text()))
        first = report.pages[0].trim_size_in
        dpi = PREVIEW_PIXELS / max(first)
        pages = tuple(_png(image) for image in page_images(pdf, dpi))
        return Preview(pdf, pages, _checks(report), tuple(report.problems))
    except SafehavenError as exc:
        return _failed(job, exc)


def make_docx(job: Job) -> bytes | Failed:
    """The Word file, from the library's own ``render(..., fmt="docx")``."""
    try:
        return _render(job, "docx")
    except SafehavenError as exc:
        return _failed(job, exc)


def make_sheet(pages: tuple[bytes, ...]) -> bytes:
    """Every page's preview side by side in one PNG."""
    from PIL import Image

    from ..writers.png import side_by_side

    images = [Image.open(io.BytesIO(page)).convert("RGB") for page in pages]
    return _png(side_by_side(images))


def make_pack(job: PackJob) -> bytes | Failed:
    """The site's print pack folder (as ``safehaven pack`` makes it) in a ZIP file."""
    from ..packs.build import build_pack

    try:
        with tempfile.TemporaryDirectory(prefix="safehaven-studio-") as folder:
            roster = Path(folder) / "roster.csv"
            roster.write_text(_roster_csv(job.site), encoding="utf-8")
            out = Path(folder) / "pack"
            build_pack(roster, out=out, jobs=1, texts=job.texts, config=job.config)
            return _zip(out, job.site.folder)
    except SafehavenError as exc:
        return Failed(plain(str(exc)))


def _render(job: Job, fmt: str) -> bytes:
    from ..documents import render

    texts, branding = _inputs(job.texts, job.stamp, job.config)
    c = job.choice
    return render(c.doc, c.lang, size=c.size, site=c.site, fmt=fmt, texts=texts,
                  branding=branding, with_english=c.with_english)


def _min_text() -> float:
    from ..documents import MIN_TEXT

    return MIN_TEXT


def _png(image: Any) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=6)
    return out.getvalue()


def _checks(report: Any) -> tuple[str, ...]:
    """What the print check found, one plain sentence each."""
    width, height = report.pages[0].trim_size_in
    count = len(report.pages)
    pages = f"{count} page{'s' if count > 1 else ''}"
    found = [f"{pages}, {round(width, 2):g} × {round(height, 2):g} inches."]
    fonts = report.fonts
    if fonts and all(font.embedded for font in fonts):
        found.append(f"Every font is built into the file ({len(fonts)} fonts), so it prints "
                     "exactly as shown.")
    if report.smallest_text is not None:
        found.append(f"The smallest text is {report.smallest_text:.1f} points (at least "
                     f"{_min_text():g} is readable).")
    return tuple(found)


def _roster_csv(site: Site) -> str:
    stream = io.StringIO(newline="")
    writer = csv.writer(stream, lineterminator="\n")
    tags = [tag for tag, _ in site.families]
    writer.writerow(["site_id", "site_name", "type", "address", "phone", "poster_sizes",
                     "poster_copies", *tags])
    writer.writerow([site.id, site.name, site.kind or "", site.address or "", site.phone or "",
                     " ".join(site.sizes), str(site.poster_copies),
                     *(str(count) for _, count in site.families)])
    return stream.getvalue()


def _zip(out: Path, folder: str) -> bytes:
    """The site's folder and the pack's warnings, with fixed dates (same input, same bytes)."""
    site = out / folder
    members = [(f"{folder}/{path.relative_to(site).as_posix()}", path)
               for path in sorted(site.rglob("*")) if path.is_file()]
    members.append((f"{folder}/warnings.txt", out / "warnings.txt"))
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, path in members:
            if path.is_file():
                info = zipfile.ZipInfo(name, date_time=(2017, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, path.read_bytes())
    return data.getvalue()


def _failed(job: Job, exc: SafehavenError) -> Failed:
    """The library's message in the page's words, the language named as the page names it."""
    message = plain(str(exc))
    try:
        texts, _ = _inputs(job.texts, job.stamp, job.config)
        name = texts[job.choice.lang].meta.english_name
    except SafehavenError:
        return Failed(message)
    return Failed(message.replace(f"in {job.choice.lang!r}", f"in {name}"))


def plain(message: str) -> str:
    """A library message for people using the page, not the command line.

    The library names its command-line options (``use --size a4``); the page calls
    the same choice "Paper size".
    """
    message = re.sub(r"use --size (\S+)", lambda m: "choose the paper size "
                     f"{m[1].upper() if m[1].startswith('a') else m[1]}", message)
    message = message.replace("a larger --size", "a larger paper size")
    return message[:1].upper() + message[1:]


# -- in the server -------------------------------------------------------------------------------

class Renders:
    """A pool of worker processes, and the last results by job."""

    def __init__(self, jobs: int, texts: Path | None = None) -> None:
        self.jobs = jobs
        self.texts = texts
        self._pool: ProcessPoolExecutor | None = None
        self._cache: OrderedDict[tuple[str, Any], Future[Any]] = OrderedDict()

    def start(self) -> None:
        """Start the workers and let each load the library while nobody waits yet."""
        pool = self._workers()
        for _ in range(self.jobs):
            pool.submit(warm, self.texts)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None

    async def run(self, fn: Callable[[Any], Any], job: Any) -> Any:
        """``fn(job)`` from the cache or the pool; a :class:`Failed` raises RenderFailed."""
        key = (fn.__name__, job)
        future = self._cache.get(key)
        if future is None:
            future = self._workers().submit(fn, job)
            self._cache[key] = future
            while len(self._cache) > CACHE_ENTRIES:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(key)
        try:
            result = await asyncio.wrap_future(future)
        except BrokenProcessPool:
            self._cache.pop(key, None)
            self.close()  # a worker died (out of memory?): the next request starts new ones
            raise RenderFailed("The document could not be made because a worker stopped "
                               "unexpectedly; try again.") from None
        if isinstance(result, Failed):
            raise RenderFailed(result.message)
        return result

    def cached(self, fn: Callable[[Any], Any], job: Any) -> bool:
        """Whether ``fn(job)`` is done and kept (so a request for it is answered at once)."""
        future = self._cache.get((fn.__name__, job))
        return future is not None and future.done()

    def _workers(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # spawn: a fresh interpreter per worker, safe whatever threads the server runs
            self._pool = ProcessPoolExecutor(self.jobs,
                                             mp_context=multiprocessing.get_context("spawn"),
                                             initializer=worker_start)
        return self._pool


__all__ = ["Job", "PackJob", "Preview", "RenderFailed", "Renders", "make_docx", "make_pack",
           "make_preview", "make_sheet"]
