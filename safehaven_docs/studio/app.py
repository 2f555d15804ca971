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
from urllib.parse import urlencode

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
from ..packs.roster import Site
from ..resources import fonts_dir
from .catalog import Catalog, Language
from .choices import (
    PACK_PARAMS,
    RENDER_PARAMS,
    BadInput,
    Choice,
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
DOCUMENT_NAMES = {
    "poster": ("Poster", "The complete resolution on one sheet, to post at the school."),
    "digest": ("Digest", "The main points, the phone number and a QR code; names the school."),
    "letter": ("Letter to families", "The district's letter, on US Letter paper."),
    "handout": ("Handout", "The digest on a half sheet, two to a Letter page, to cut."),
    "multilingual": ("Every language", "Each language's headline and summary on one poster."),
}
SIZE_NAMES = {"tabloid": "Tabloid, 11 × 17 in", "letter": "Letter, 8.5 × 11 in",
              "a4": "A4, 210 × 297 mm", "a3": "A3, 297 × 420 mm",
              "18x24": "Poster, 18 × 24 in", "24x36": "Large poster, 24 × 36 in"}
log = logging.getLogger("safehaven.studio")


def create_app(catalog: Catalog, renders: Renders,
               allowed_hosts: list[str] | None = None) -> Starlette:
    """The studio for ``catalog``'s choices, rendering with ``renders``."""
    templates = Jinja2Templates(directory=HERE / "templates")

    async def page(request: Request) -> Response:
        texts = catalog.texts()
        return templates.TemplateResponse(request, "index.html", {
            "languages": texts.languages, "documents": DOCUMENT_NAMES, "sizes": SIZE_NAMES,
            "sized": documents.SIZED, "sites": catalog.sites, "brandings": catalog.brandings,
            "docx": docx_available(), "version": __version__,
            "roster": catalog.roster_path.name}, headers=HEADERS)

    async def health(request: Request) -> Response:
        texts = catalog.texts()
        return _json({"status": "ok", "version": __version__,
                      "languages": len(texts.languages), "sites": len(catalog.sites),
                      "workers": renders.jobs, "formats": list(_formats())})

    async def languages(request: Request) -> Response:
        check_names(request.query_params, frozenset())
        return _json({"languages": [_language(language)
                                    for language in catalog.texts().languages]})

    async def sites(request: Request) -> Response:
        check_names(request.query_params, frozenset({"q"}))
        wanted = request.query_params.get("q", "").strip().casefold()[:120]
        found = [site for site in catalog.sites
                 if wanted in site.name.casefold() or wanted in site.id.casefold()]
        return _json({"roster": catalog.roster_path.name, "sites": [
            {"id": s.id, "name": s.name, "languages": list(s.languages)} for s in found]})

    async def preview(request: Request) -> Response:
        job, chosen = _job(request.query_params, RENDER_PARAMS - {"format", "page"})
        cached = renders.cached(make_preview, job)
        result: Preview = await renders.run(make_preview, job)
        # the site chooses the print pack even for documents that do not print its name
        site = catalog.site_named(site_name(request.query_params.get("site", "")))
        return _json(_preview(job.choice, chosen, result, cached, site))

    async def render(request: Request) -> Response:
        params = request.query_params
        job, _ = _job(params, RENDER_PARAMS)
        fmt, page_asked = output_format(params), page_number(params)
        name = download_name(job.choice, fmt)
        if fmt == "docx":
            if not docx_available():
                raise BadInput("format", "Word (DOCX) files are not available in this version "
                               "of safehaven_docs yet; download the PDF.")
            return _file(await renders.run(make_docx, job), name)
        made: Preview = await renders.run(make_preview, job)
        if fmt == "pdf":
            return _file(made.pdf, name)
        if page_asked is None:
            return _file(await renders.run(make_sheet, made.pages), name, inline=True)
        if page_asked > len(made.pages):
            raise BadInput("page", f"The {job.choice.doc} has {len(made.pages)} page(s); "
                           f"there is no page {page_asked}.")
        return _file(made.pages[page_asked - 1], name.replace(".png", f"-{page_asked}.png"),
                     inline=True)

    async def pack(request: Request) -> Response:
        params = request.query_params
        check_names(params, PACK_PARAMS)
        site = catalog.site_with_id(params.get("site_id", ""))
        if site is None:
            raise BadInput("site_id", "Unknown site: pick a school from the district's list "
                           f"({catalog.roster_path.name}); /api/sites lists them.")
        texts = catalog.texts()
        from .choices import branding_number

        config = catalog.brandings[branding_number(params, len(catalog.brandings))].path
        data = await renders.run(make_pack, PackJob(site, catalog.texts_dir, texts.stamp,
                                                    config))
        return _file(data, f"safehaven-pack-{safe_ascii(site.folder) or 'site'}.zip")

    def _job(params: Mapping[str, str], allowed: frozenset[str]) -> tuple[Job, Any]:
        check_names(params, allowed)
        texts = catalog.texts()
        chosen = choice(params, texts.texts.tags, len(catalog.brandings))
        config = catalog.brandings[chosen.branding].path
        return Job(chosen, catalog.texts_dir, texts.stamp, config), texts

    def _preview(chosen: Choice, texts: Any, made: Preview, cached: bool,
                 site: Site | None) -> dict[str, Any]:
        shown = [lang for lang in texts.languages
                 if chosen.doc == "multilingual" or lang.tag == chosen.lang]
        drafts = [lang for lang in shown if lang.status == "draft"]
        query = _query(chosen)
        label = DOCUMENT_NAMES[chosen.doc][0].lower()
        language = shown[0] if chosen.doc != "multilingual" else None
        return {
            "document": chosen.doc,
            "language": _language(language) if language else None,
            "draft": bool(drafts),
            "status": language.status_words if language else _multilingual_words(drafts),
            "pages": [{"number": n, "image": f"/api/render?{query}&format=png&page={n}",
                       "alt": _alt(chosen, label, language, n, len(made.pages))}
                      for n in range(1, len(made.pages) + 1)],
            "preflight": {"ok": not made.problems, "checks": list(made.checks),
                          "problems": list(made.problems)},
            "downloads": {
                "pdf": f"/api/render?{query}&format=pdf",
                "docx": f"/api/render?{query}&format=docx" if docx_available() else None,
                "pack": (f"/api/pack?{urlencode({'site_id': site.id, 'branding': chosen.branding})}"
                         if site else None)},
            "site": {"printed": chosen.site, "id": site.id if site else None,
                     "name": site.name if site else None},
            "cached": cached,
        }

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        renders.start()
        try:
            yield
        finally:
            renders.close()

    routes = [
        Route("/", page),
        Route("/api/health", health),
        Route("/api/languages", languages),
        Route("/api/sites", sites),
        Route("/api/preview", preview),
        Route("/api/render", render),
        Route("/api/pack", pack),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
        Mount("/fonts", StaticFiles(directory=fonts_dir()), name="fonts"),
    ]
    middleware = [Middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts)] \
        if allowed_hosts else []
    return Starlette(routes=routes, middleware=middleware, lifespan=lifespan,
                     exception_handlers={SafehavenError: _bad_input, HTTPException: _http,
                                         Exception: _crash})


def docx_available() -> bool:
    """Whether this version of the library can write Word files."""
    return "docx" in documents.FORMATS


def _formats() -> tuple[str, ...]:
    return ("pdf", "png", "docx") if docx_available() else ("pdf", "png")


def _language(language: Language) -> dict[str, Any]:
    return {"tag": language.tag, "native_name": language.native_name,
            "english_name": language.english_name, "script": language.script,
            "direction": language.direction, "status": language.status,
            "reviewer": language.reviewer, "reviewed_on": language.reviewed_on,
            "stale_sections": list(language.stale), "status_words": language.status_words}


def _multilingual_words(drafts: list[Language]) -> str:
    if not drafts:
        return "Every language on this poster is reviewed or the original English."
    names = ", ".join(language.english_name for language in drafts)
    return (f"{len(drafts)} languages on this poster are draft translations ({names}): not "
            "yet checked by a qualified translator. The poster says so in small print.")


def _alt(chosen: Choice, label: str, language: Language | None, page: int, pages: int) -> str:
    where = f" in {language.english_name}" if language else ", every language"
    site = f", for {chosen.site}" if chosen.site else ""
    return f"Preview of the {label}{where}{site}: page {page} of {pages}"


def _query(chosen: Choice) -> str:
    params: dict[str, str] = {"doc": chosen.doc}
    if chosen.doc != "multilingual":
        params["lang"] = chosen.lang
    if chosen.sized:
        params["size"] = chosen.size
    if chosen.site:
        params["site"] = chosen.site
    if chosen.branding:
        params["branding"] = str(chosen.branding)
    if chosen.with_english:
        params["with_english"] = "1"
    return urlencode(params)


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
