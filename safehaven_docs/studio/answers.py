"""What the page and the API say: display names, and the JSON of a language and a preview.

Pure functions of plain data, kept out of the routes so that what a person
reads (names, descriptions, status sentences, image descriptions) is in one
place.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import urlencode

from ..packs.roster import Site
from .catalog import Language
from .choices import Choice
from .work import Preview

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


def language_body(language: Language) -> dict[str, Any]:
    """One language as ``/api/languages`` gives it."""
    return {"tag": language.tag, "native_name": language.native_name,
            "english_name": language.english_name, "script": language.script,
            "direction": language.direction, "status": language.status,
            "reviewer": language.reviewer, "reviewed_on": language.reviewed_on,
            "stale_sections": list(language.stale), "status_words": language.status_words}


def preview_body(chosen: Choice, languages: Sequence[Language], made: Preview,
                 site: Site | None, *, cached: bool, docx: bool) -> dict[str, Any]:
    """What ``/api/preview`` answers: the pages, the words above them, the downloads."""
    shown = [lang for lang in languages
             if chosen.doc == "multilingual" or lang.tag == chosen.lang]
    drafts = [lang for lang in shown if lang.status == "draft"]
    language = shown[0] if chosen.doc != "multilingual" else None
    query = render_query(chosen)
    count = len(made.pages)
    return {
        "document": chosen.doc,
        "language": language_body(language) if language else None,
        "draft": bool(drafts),
        "status": language.status_words if language else _multilingual_words(drafts),
        "pages": [{"number": n, "image": f"/api/render?{query}&format=png&page={n}",
                   "alt": _alt(chosen, language, n, count)} for n in range(1, count + 1)],
        "preflight": {"ok": not made.problems, "checks": list(made.checks),
                      "problems": list(made.problems)},
        "downloads": {
            "pdf": f"/api/render?{query}&format=pdf",
            "docx": f"/api/render?{query}&format=docx" if docx else None,
            "pack": (f"/api/pack?{urlencode({'site_id': site.id, 'branding': chosen.branding})}"
                     if site else None)},
        "site": {"printed": chosen.site, "id": site.id if site else None,
                 "name": site.name if site else None},
        "cached": cached,
    }


def render_query(chosen: Choice) -> str:
    """The query string of ``/api/render`` for ``chosen`` (only what applies to it)."""
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


def _multilingual_words(drafts: list[Language]) -> str:
    if not drafts:
        return "Every language on this poster is reviewed or the original English."
    names = ", ".join(language.english_name for language in drafts)
    return (f"{len(drafts)} languages on this poster are draft translations ({names}): not "
            "yet checked by a qualified translator. The poster says so in small print.")


def _alt(chosen: Choice, language: Language | None, page: int, pages: int) -> str:
    """The description a screen reader gives of one page's preview."""
    label = DOCUMENT_NAMES[chosen.doc][0].lower()
    where = f" in {language.english_name}" if language else ", every language"
    site = f", for {chosen.site}" if chosen.site else ""
    return f"Preview of the {label}{where}{site}: page {page} of {pages}"
