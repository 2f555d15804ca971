"""The studio's routes: the page, its static files, and the HTTP API under it.

Routes only: each one checks its query (``choices``), asks the catalog or the
render pool (``work``) and answers with a page, a file or JSON. Errors caused
by a request are JSON ``{"error": "…", "field": "…"}`` with status 400, in
plain words; anything else is a 500 with a plain sentence, never a traceback.
The API is documented in the README ("The studio").
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator, Mapping
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from .. import __version__, documents
from ..errors import SafehavenError
from ..resources import fonts_dir
from .answers import DOCUMENT_NAMES, SIZE_NAMES, language_body, preview_body
from .catalog import Catalog, Texts
from .choices import (
    PACK_PARAMS,
    RENDER_PARAMS,
    BadInput,
    branding_number,
    check_names,
    choice,
    disposition,
    download_name,
    output_format,
    page_number,
    safe_ascii,
    site_name,
)
from .work import Job, PackJob, Preview, Renders, make_docx, make_pack, make_preview, make_sheet

HERE = Path(__file__).resolve().parent
MEDIA = {"pdf": "application/pdf", "png": "image/png", "zip": "application/zip",
         "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
#: The page loads nothing from anywhere else: no fonts, scripts or styles from the internet.
HEADERS = {"Content-Security-Policy": "default-src 'self'; img-src 'self' data:; "
           "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
           "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
           "Cache-Control": "no-store"}
log = logging.getLogger("safehaven.studio")


class Studio:
    """The route handlers over one catalog and one render pool; each answers one address."""

    def __init__(self, catalog: Catalog, renders: Renders) -> None:
        self.catalog = catalog
        self.renders = renders
        self.templates = Jinja2Templates(directory=HERE / "templates")

    async def page(self, request: Request) -> Response:
        catalog = self.catalog
        return self.templates.TemplateResponse(request, "index.html", {
            "languages": catalog.texts().languages, "documents": DOCUMENT_NAMES,
            "sizes": SIZE_NAMES, "sites": catalog.sites, "brandings": catalog.brandings,
            "docx": docx_available(), "version": __version__,
            "roster": catalog.roster_path.name}, headers=HEADERS)

    async def health(self, request: Request) -> Response:
        return _json({"status": "ok", "version": __version__,
                      "languages": len(self.catalog.texts().languages),
                      "sites": len(self.catalog.sites), "workers": self.renders.jobs,
                      "formats": list(_formats())})

    async def languages(self, request: Request) -> Response:
        check_names(request.query_params, frozenset())
        return _json({"languages": [language_body(language)
                                    for language in self.catalog.texts().languages]})

    async def sites(self, request: Request) -> Response:
        check_names(request.query_params, frozenset({"q"}))
        wanted = request.query_params.get("q", "").strip().casefold()[:120]
        found = [site for site in self.catalog.sites
                 if wanted in site.name.casefold() or wanted in site.id.casefold()]
        return _json({"roster": self.catalog.roster_path.name, "sites": [
            {"id": s.id, "name": s.name, "languages": list(s.languages)} for s in found]})

    async def preview(self, request: Request) -> Response:
        params = request.query_params
        job, texts = self._job(params, RENDER_PARAMS - {"format", "page"})
        cached = self.renders.cached(make_preview, job)
        made: Preview = await self.renders.run(make_preview, job)
        # the site chooses the print pack even for documents that do not print its name
        site = self.catalog.site_named(site_name(params.get("site", "")))
        return _json(preview_body(job.choice, texts.languages, made, site, cached=cached,
                                  docx=docx_available()))

    async def render(self, request: Request) -> Response:
        params = request.query_params
        job, _ = self._job(params, RENDER_PARAMS)
        fmt, page_asked = output_format(params), page_number(params)
        name = download_name(job.choice, fmt)
        if fmt == "docx":
            if not docx_available():
                raise BadInput("format", "Word (DOCX) files are not available in this version "
                               "of safehaven_docs yet; download the PDF.")
            return _file(await self.renders.run(make_docx, job), name)
        made: Preview = await self.renders.run(make_preview, job)
        if fmt == "pdf":
            return _file(made.pdf, name)
        if page_asked is None:
            return _file(await self.renders.run(make_sheet, made.pages), name, inline=True)
        if page_asked > len(made.pages):
            raise BadInput("page", f"The {job.choice.doc} has {len(made.pages)} page(s); "
                           f"there is no page {page_asked}.")
        return _file(made.pages[page_asked - 1], name.replace(".png", f"-{page_asked}.png"),
                     inline=True)

    async def pack(self, request: Request) -> Response:
        params, catalog = request.query_params, self.catalog
        check_names(params, PACK_PARAMS)
        site = catalog.site_with_id(params.get("site_id", ""))
        if site is None:
            raise BadInput("site_id", "Unknown site: pick a school from the district's list "
                           f"({catalog.roster_path.name}); /api/sites lists them.")
        config = catalog.brandings[branding_number(params, len(catalog.brandings))].path
        job = PackJob(site, catalog.texts_dir, catalog.texts().stamp, config)
        data = await self.renders.run(make_pack, job)
        return _file(data, f"safehaven-pack-{safe_ascii(site.folder) or 'site'}.zip")

    def _job(self, params: Mapping[str, str], allowed: frozenset[str]) -> tuple[Job, Texts]:
        check_names(params, allowed)
        texts = self.catalog.texts()
        chosen = choice(params, texts.texts.tags, len(self.catalog.brandings))
        config = self.catalog.brandings[chosen.branding].path
        return Job(chosen, self.catalog.texts_dir, texts.stamp, config), texts

    @contextlib.asynccontextmanager
    async def lifespan(self, app: Starlette) -> AsyncIterator[None]:
        self.renders.start()
        try:
            yield
        finally:
            self.renders.close()


def create_app(catalog: Catalog, renders: Renders,
               allowed_hosts: list[str] | None = None) -> Starlette:
    """The studio for ``catalog``'s choices, rendering with ``renders``.

    ``allowed_hosts``: the host names requests must be addressed to (None: any).
    """
    studio = Studio(catalog, renders)
    routes = [
        Route("/", studio.page),
        Route("/api/health", studio.health),
        Route("/api/languages", studio.languages),
        Route("/api/sites", studio.sites),
        Route("/api/preview", studio.preview),
        Route("/api/render", studio.render),
        Route("/api/pack", studio.pack),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
        Mount("/fonts", StaticFiles(directory=fonts_dir()), name="fonts"),
    ]
    middleware = [Middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts)] \
        if allowed_hosts else []
    return Starlette(routes=routes, middleware=middleware, lifespan=studio.lifespan,
                     exception_handlers={SafehavenError: _bad_input, HTTPException: _http,
                                         Exception: _crash})


def docx_available() -> bool:
    """Whether this version of the library can write Word files."""
    return "docx" in documents.FORMATS


def _formats() -> tuple[str, ...]:
    return ("pdf", "png", "docx") if docx_available() else ("pdf", "png")


def _json(content: Any, status: int = 200) -> JSONResponse:
    return JSONResponse(content, status_code=status, headers=HEADERS)


def _file(data: bytes, name: str, *, inline: bool = False) -> Response:
    kind = MEDIA[name.rsplit(".", 1)[1]]
    header = disposition(name).replace("attachment", "inline") if inline else disposition(name)
    return Response(data, media_type=kind, headers={**HEADERS, "Content-Disposition": header})


async def _bad_input(request: Request, exc: Exception) -> Response:
    body = {"error": str(exc)}
    if isinstance(exc, BadInput):
        body["field"] = exc.field
    return _json(body, 400)


async def _http(request: Request, exc: Exception) -> Response:
    status = getattr(exc, "status_code", 500)
    words = {404: "There is nothing at this address.",
             405: "This address only answers GET requests."}.get(status, "The request failed.")
    if request.url.path.startswith("/api/") or status != 404:
        return _json({"error": words}, status)
    return HTMLResponse(f"<!doctype html><title>Not found</title><p>{words} "
                        '<a href="/">Back to the studio</a></p>', 404, headers=HEADERS)


async def _crash(request: Request, exc: Exception) -> Response:
    log.error("studio: %s failed", request.url.path, exc_info=exc)
    return _json({"error": "Something went wrong on the studio's side; the document was not "
                  "made. Try again, and if it happens again, tell the person who runs the "
                  "studio (the details are in its window)."}, 500)
