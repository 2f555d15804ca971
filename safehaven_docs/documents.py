"""The documents API: ``render(doc, lang, …) -> bytes`` and ``write(path, …)``.

This is what the CLI and district tools call. It loads texts and branding,
lays the document out (pure), preflights it and writes the PDF — a render
that would give a print shop a problem fails here, with a message, before any
file is written. ``fmt="docx"`` gives an editable Word document of the same
texts instead, built from the document's structure (``layout/structure.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from msgspec import Struct
from msgspec.structs import replace

from . import aside, bundles
from .branding import Branding, load_branding
from .errors import RenderError
from .files import write_atomic
from .layout.documents.common import SHEETS, DoesNotFit, Kit, draft_notice, sheet_size
from .layout.flow import Overflow, shown
from .layout.marks import BLEED, for_print
from .layout.page import Block, Document, Page, TextBlock
from .model import LanguageTexts, TextSet, load_drawn, load_drawn_to_check
from .print_checks import Expectations
from .text.scripts import MIN_PRINTED
from .values import checked_value
from .writers.model_preflight import preflight_document

if TYPE_CHECKING:
    from .layout.structure import Structure
    from .text.fonts import Face

DOCUMENTS = ("poster", "digest", "letter", "handout", "multilingual")
SIZES = tuple(name for name in SHEETS if name != "half-letter")
FORMATS = ("pdf", "png", "docx")
#: The documents whose sheet ``--size`` chooses (letters and handouts have one sheet).
SIZED = ("poster", "digest", "multilingual")
#: No visible text on any document is smaller than this (footers, draft notices).
MIN_TEXT = MIN_PRINTED


class Options(Struct, frozen=True):
    """Everything a render can be asked for besides the document and language."""

    size: str = "tabloid"
    site: str | None = None
    bleed: bool = False
    crop_marks: bool = False
    cmyk: bool = False
    with_english: bool = False
    require_reviewed: bool = False


def render(doc: str, lang: str, *, size: str = "tabloid", site: str | None = None,
           fmt: str = "pdf", texts: TextSet | Path | str | None = None,
           branding: Branding | Path | str | None = None, bleed: bool = False,
           crop_marks: bool = False, cmyk: bool = False, with_english: bool = False,
           require_reviewed: bool = False, dpi: float = 100.0) -> bytes:
    """The document ``doc`` in language ``lang`` as PDF bytes (or one PNG preview, or DOCX).

    ``doc`` is one of :data:`DOCUMENTS`, ``size`` one of :data:`SIZES` (posters;
    the letter is always US Letter; the handout is two half-letter copies on
    Letter landscape when its script's minimum size fits there, else a full
    Letter page, and ``size="letter"`` asks for the full page). ``fmt`` is one
    of :data:`FORMATS`; a DOCX has no bleed, crop marks or CMYK. Raises
    :class:`~safehaven_docs.SafehavenError` subclasses with a clear message.
    """
    for name, value in (("doc", doc), ("lang", lang), ("size", size), ("fmt", fmt)):
        if not isinstance(value, str):
            raise TypeError(f"{name} must be a str, not {type(value).__name__}")
    if site is not None and not isinstance(site, str):
        raise TypeError(f"site must be a str or None, not {type(site).__name__}")
    if fmt not in FORMATS:
        raise RenderError(f"unknown format {fmt!r}; choose pdf, png or docx")
    if not isinstance(dpi, int | float) or not 20 <= dpi <= 600:
        raise RenderError(f"dpi must be a number from 20 to 600, not {dpi!r}")
    if site is not None:
        site = checked_value("site", site)
    options = Options(size, site, bleed, crop_marks, cmyk, with_english, require_reviewed)
    text_set, owed = ((texts, _OwedCheck(None, None)) if isinstance(texts, TextSet)
                      else _texts_to_check(doc, lang, texts))
    try:
        brand = branding if isinstance(branding, Branding) else load_branding(branding)
        data = _rendered(doc, lang, fmt, text_set, brand, options, dpi)
    except Exception:
        owed.settle()  # a text that fails its check is the error to report
        raise
    owed.settle()
    return data


def _rendered(doc: str, lang: str, fmt: str, text_set: TextSet, brand: Branding,
              options: Options, dpi: float) -> bytes:
    if fmt == "docx":
        return _docx(doc, lang, text_set, brand, options)
    # A process's first document takes its set paragraphs and line plans from its bundle
    # in the cache on disk (bundles.py), kept per document and options, whatever the site.
    with bundles.document(doc, lang, repr(replace(options, site=None))):
        pdf = finish(lay_out(doc, lang, text_set, brand, options), options)
    if fmt == "png":
        from .writers.png import preview_png

        return preview_png(pdf, dpi)
    return pdf


class _OwedCheck:
    """The check of texts loaded unchecked, running in a child process beside the render
    (:mod:`.aside`), or run here first where no child can take it.

    :meth:`settle` waits for it before the render gives out its bytes (or its error); a
    check that failed in the child, or a child that died, is run here again, so its
    :class:`~safehaven_docs.errors.TextsError` is the one :func:`texts_for` raises. The
    child goes on to parse the fonts the PDF writer will ask for, into the cache on disk,
    where the writer finds them if they are done in time.
    """

    def __init__(self, check: Callable[[], object] | None, script: str | None) -> None:
        self._check = check
        self._child = None if check is None else aside.beside(partial(_check_then_parse,
                                                                      check, script))
        if check is not None and self._child is None:
            check()
            self._check = None

    def settle(self) -> None:
        """Return once the texts are known to pass; else raise the check's error."""
        check, self._check = self._check, None
        if check is not None and (self._child is None or not self._child.succeeded()):
            check()


def _texts_to_check(doc: str, lang: str, folder: Path | str | None
                    ) -> tuple[TextSet, _OwedCheck]:
    """:func:`texts_for`'s texts, with the check still owed on them (see :class:`_OwedCheck`)."""
    if not aside.enabled():
        return texts_for(doc, lang, folder), _OwedCheck(None, None)
    text_set, check = load_drawn_to_check(folder, _drawn(doc, lang))
    script = next((language.meta.script for language in text_set
                   if language.tag.lower() == lang.lower()), None)
    return text_set, _OwedCheck(check, script)


def _check_then_parse(check: Callable[[], object], script: str | None) -> None:
    """What the child of :class:`_OwedCheck` does: the check, then the fonts' parse."""
    check()
    _parse_fonts_ahead(script)


def _parse_fonts_ahead(script: str | None) -> None:
    """ReportLab's parse of the bundled faces into the cache on disk, those a poster in
    ``script`` draws first (its script's, Latin's, then the other scripts' regular faces;
    italics last)."""
    from .text.fonts import font_library
    from .writers.pdf_faces import parsed_face

    def order(face: Face) -> tuple[bool, bool, bool]:
        own = script in face.scripts or "Latn" in face.scripts
        return face.style != "normal", face.weight != "regular" and not own, not own

    for face in sorted(font_library().faces, key=order):
        parsed_face(face)


def handout_sheet(lang: str, *, texts: TextSet | Path | str | None = None,
                  branding: Branding | Path | str | None = None,
                  with_english: bool = False, site: str | None = None) -> str:
    """The sheet the handout in ``lang`` (for ``site``, if named) prints on, for print orders.

    ``"letter-landscape"``: two half-letter handouts to a sheet, cut in half;
    ``"letter"``: one handout per Letter page, because the digest cannot reach
    its script's minimum body size on half a sheet.
    """
    from .layout.documents.handout import handout_sheet as layout_handout_sheet

    text_set = texts if isinstance(texts, TextSet) else texts_for("handout", lang, texts)
    brand = branding if isinstance(branding, Branding) else load_branding(branding)
    kit = Kit(text_set[lang], brand)
    english = text_set.source
    english_kit = Kit(english, brand) if with_english else None
    return layout_handout_sheet(kit, english_kit, site=site, draft=draft_notice(kit, english),
                                english_draft=(draft_notice(english_kit, english)
                                               if english_kit else None))


def texts_for(doc: str, lang: str, folder: Path | str | None) -> TextSet:
    """The texts ``doc`` in ``lang`` needs, loaded from ``folder``.

    Every language's file is read (a poster names them all), but only the strings a
    document draws are checked one by one: the source's and ``lang``'s, or every
    language's for the multilingual poster. Checking the rest is ``safehaven check``'s
    job; a render that checked all nine languages would spend most of its time there.
    """
    return load_drawn(folder, _drawn(doc, lang))


def _drawn(doc: str, lang: str) -> list[str] | None:
    """The languages whose strings ``doc`` in ``lang`` draws besides the source's (None:
    every language's)."""
    return None if doc == "multilingual" else [lang]


def finish(document: Document, options: Options = Options(),
           elsewhere: Callable[[Block], bool] | None = None, cut: bool = False) -> bytes:
    """The PDF of a laid-out ``document``, preflighted; raises RenderError if it fails.

    The preflight reads the document the writer draws, not the written file: the same
    checks and messages as ``safehaven preflight FILE``, without parsing our own output.
    Blocks for which ``elsewhere`` is true are left for another file to paint in (see
    ``writers.pdf.pdf_bytes``), and ``cut`` marks where a layer is cut into blocks.
    """
    from .writers.pdf import pdf_bytes  # ReportLab: loaded by the commands that write

    _preflight(document, options)
    return pdf_bytes(document, elsewhere, cut)


def write(path: Path | str, doc: str, lang: str, *, force: bool = False, **options) -> Path:
    """Render and write ``path`` atomically; refuses to replace a file unless ``force``."""
    target = Path(path)
    if (target.exists() or target.is_symlink()) and not force:  # before the work, not after
        raise RenderError(f"{target} already exists; choose another --out or pass --force "
                          "to replace it")
    if target.is_dir():
        raise RenderError(f"{target} is a folder; give the path of a file to write")
    data = render(doc, lang, **options)
    write_atomic(target, data, replace=force)
    return target


def _docx(doc: str, lang: str, texts: TextSet, branding: Branding, options: Options) -> bytes:
    """The editable DOCX of ``doc``: print-shop options are refused, not ignored."""
    for name, value in (("bleed", options.bleed), ("crop marks", options.crop_marks),
                        ("CMYK", options.cmyk)):
        if value:
            raise RenderError(f"a DOCX file has no {name}; leave that option out for "
                              "--format docx (it is for the print-ready PDF)")
    from .writers.docx import docx_bytes  # python-docx: loaded by the commands that write it

    return docx_bytes(structure_of(doc, lang, texts, branding, options))


def structure_of(doc: str, lang: str, texts: TextSet, branding: Branding,
                 options: Options) -> Structure:
    """The editable structure of ``doc`` (pure: no DOCX yet); errors as :func:`lay_out`'s."""
    from .layout.documents import editable  # only DOCX needs it: a PDF render starts faster
    language = _requested(doc, lang, texts, options)
    english = texts.source
    kit = Kit(language, branding)
    try:
        if doc == "poster":
            others = [other.meta.native_name for other in texts if other.tag != language.tag]
            return editable.poster_structure(kit, english, options.size, others)
        if doc == "digest":
            return editable.digest_structure(kit, english, options.size, options.site)
        if doc == "letter":
            return editable.letter_structure(kit, english)
        if doc == "handout":
            english_kit = Kit(english, branding) if options.with_english else None
            return editable.handout_structure(kit, english_kit, english, options.site)
        return editable.multilingual_structure([Kit(other, branding) for other in texts],
                                               english, options.size)
    except DoesNotFit as exc:
        raise RenderError(f"{exc}, or choose a larger --size") from None


def lay_out(doc: str, lang: str, texts: TextSet, branding: Branding,
            options: Options) -> Document:
    """The laid-out pages of ``doc`` (pure: no PDF yet)."""
    kit = Kit(_requested(doc, lang, texts, options), branding)
    english = texts.source
    draft = draft_notice(kit, english)
    title = _title(doc, kit, english)
    try:
        pages, lang = _pages(doc, kit, texts, english, options, draft)
    except DoesNotFit as exc:
        if doc != "digest":  # posters and grids word their own remedy; others have one sheet
            raise
        raise RenderError(f"{exc}, or choose a larger --size") from None
    except Overflow as exc:  # a layout that could not place a text: say which, never a traceback
        remedy = " or choose a larger --size" if doc in SIZED else ""
        raise RenderError(f"the {doc} in {lang!r} does not fit on its sheet: {exc}; shorten "
                          f"that text{remedy}") from None
    for page in pages:
        _check_inside(page, doc)
    pages = [for_print(p, bleed=options.bleed, marks=options.crop_marks) for p in pages]
    return Document(tuple(pages), title, lang,
                    cmyk=options.cmyk, subject=english.resolution.title)


def _requested(doc: str, lang: str, texts: TextSet, options: Options) -> LanguageTexts:
    """The language ``doc`` is asked in, once the document, sheet and (with
    ``require_reviewed``) every language it prints are known to be acceptable."""
    if doc not in DOCUMENTS:
        raise RenderError(f"unknown document {doc!r}; choose one of {', '.join(DOCUMENTS)}")
    sheet_size(options.size)
    language = texts[lang]
    if options.require_reviewed:
        for other in (texts if doc == "multilingual" else [language]):
            _refuse_draft(other)
    return language


def _pages(doc: str, kit: Kit, texts: TextSet, english: LanguageTexts, options: Options,
           draft: str | None) -> tuple[list[Page], str]:
    """The pages of ``doc`` and the document's language tag.

    Each document's module is imported when it is first drawn: a command that makes
    one document starts without loading the others.
    """
    language, branding = kit.language, kit.branding
    bleed = BLEED if options.bleed else 0.0
    if doc == "poster":
        from .layout.documents.poster import poster

        others = [other.meta.native_name for other in texts if other.tag != language.tag]
        pages = [poster(kit, options.size, others=others, draft=draft, bleed=bleed)]
    elif doc == "digest":
        from .layout.documents.digest import digest

        pages = [digest(kit, *sheet_size(options.size), site=options.site, draft=draft,
                        bleed=bleed)]
    elif doc == "letter":
        from .layout.documents.letter import letter

        pages = letter(kit, draft=draft)
    elif doc == "handout":
        from .layout.documents.handout import handout

        english_kit = Kit(english, branding) if options.with_english else None
        english_draft = draft_notice(english_kit, english) if english_kit else None
        pages = handout(kit, english_kit, site=options.site, draft=draft,
                        english_draft=english_draft, full=options.size == "letter")
    else:
        from .layout.documents.multilingual import multilingual

        kits = [Kit(other, branding) for other in texts]
        notice = english.labels["draft_notice"] if any(
            other.meta.is_draft for other in texts) else None
        pages = [multilingual(kits, options.size, bleed=bleed, draft=notice)]
    return pages, language.tag if doc != "multilingual" else "mul"


def _check_inside(page: Page, doc: str) -> None:
    """Every text on the sheet: a text too long for its place is named, not printed off it."""
    for block in page.blocks:
        if not isinstance(block, TextBlock):
            continue
        if (block.x < -1 or block.y < -1 or block.right > page.width + 1
                or block.bottom > page.height + 1):
            text = " ".join(block.paragraph.text.split())
            raise RenderError(f"the text “{shown(text)}” ({len(text)} characters) is too long for "
                              f"its place on the {doc} and would run off the sheet; shorten "
                              "it in the text file or the branding file")


def _title(doc: str, kit: Kit, english: LanguageTexts) -> str:
    language = kit.language
    return {
        "poster": language.resolution.title,
        "digest": language.digest.headline,
        "handout": language.digest.headline,
        "letter": language.labels["letter_title"],
        "multilingual": english.digest.headline,
    }[doc]


def _refuse_draft(language: LanguageTexts) -> None:
    if language.meta.is_draft:
        raise RenderError(f"{language.path.name} is a draft translation (status = \"draft\"); "
                          "--require-reviewed accepts only reviewed texts")


def expectations(document: Document, options: Options) -> Expectations:
    """What a render of ``document`` with ``options`` orders from the print shop."""
    first: Page = document.pages[0]
    return Expectations(page_size=(first.width, first.height), pages=len(document.pages),
                        cmyk=options.cmyk, bleed=BLEED if options.bleed else None,
                        min_text_size=MIN_TEXT)


def _preflight(document: Document, options: Options) -> None:
    report = preflight_document(document, expectations(document, options))
    if not report.ok:
        raise RenderError("the rendered PDF failed its preflight:\n  " +
                          "\n  ".join(report.problems))
