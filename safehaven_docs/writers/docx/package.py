"""The package around the document: properties, settings, and byte-identical output.

python-docx starts from a template whose properties name its author and an
application, with a thumbnail, custom XML and a list of revision-save ids; none of
that belongs in our files. python-docx stamps ZIP entries with the time of
saving; :func:`save` writes them with one fixed time, so the same input always
gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.pkgwriter import PackageWriter
from docx.oxml.ns import qn

from .oxml import element, replace_child

#: The one date every file carries (the resolution's adoption year): never "now".
FIXED_DATE = dt.datetime(2017, 1, 1, tzinfo=dt.UTC)
_ZIP_TIME = (2017, 1, 1, 0, 0, 0)
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
_APP_XML = (b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
            b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
            b'extended-properties"><Application>safehaven_docs</Application>'
            b"<DocSecurity>0</DocSecurity></Properties>")


def set_properties(document: DocxDocument, *, title: str, subject: str, language: str) -> None:
    """Title, subject and language set; author, comments and dates neutral and fixed."""
    core = document.core_properties
    core.title, core.subject, core.language = title, subject, language
    core.author = core.last_modified_by = core.comments = core.keywords = core.category = ""
    core.revision = 1
    core.created = core.modified = FIXED_DATE.replace(tzinfo=None)
    package = document.part.package
    for rel in list(package.rels.values()):
        if rel.reltype == RT.THUMBNAIL:
            del package.rels[rel.rId]
        elif rel.reltype == RT.EXTENDED_PROPERTIES:
            rel.target_part._blob = _APP_XML
    for rel in list(document.part.rels.values()):
        if rel.reltype in (RT.CUSTOM_XML, _STYLES_WITH_EFFECTS):
            del document.part.rels[rel.rId]


def strip_revision_ids(document: DocxDocument) -> None:
    """Remove the template's revision-save ids (``w:rsid*``) from body and styles."""
    for root in (document.element, document.styles.element):
        for old in list(root.iter(qn("w:rsid"))):
            old.getparent().remove(old)
        for node in root.iter():
            for name in [n for n in node.attrib if n.startswith(f"{{{_W}}}rsid")]:
                del node.attrib[name]


def set_settings(document: DocxDocument, language: str) -> None:
    """Embedded fonts used (``w:embedTrueTypeFonts``); the template's revision-save ids removed."""
    settings = document.settings.element
    for tag in ("w:rsids", "w:proofState", "w:attachedTemplate", "w:savePreviewPicture"):
        for old in settings.findall(qn(tag)):
            settings.remove(old)
    for old in settings.findall(qn("w14:docId")):
        settings.remove(old)
    replace_child(settings, element("w:embedTrueTypeFonts"),
                  ("w:embedSystemFonts", "w:saveSubsetFonts", "w:saveFormsData", "w:mirrorMargins",
                   "w:alignBordersAndEdges", "w:bordersDoNotSurroundHeader",
                   "w:bordersDoNotSurroundFooter", "w:gutterAtTop", "w:hideSpellingErrors",
                   "w:hideGrammaticalErrors", "w:activeWritingStyle", "w:proofState",
                   "w:formsDesign", "w:attachedTemplate", "w:linkStyles",
                   "w:stylePaneFormatFilter", "w:stylePaneSortMethod", "w:documentType",
                   "w:mailMerge", "w:revisionView", "w:trackRevisions", "w:doNotTrackMoves",
                   "w:doNotTrackFormatting", "w:documentProtection", "w:autoFormatOverride",
                   "w:styleLockTheme", "w:styleLockQFSet", "w:defaultTabStop"))
    for theme_lang in settings.findall(qn("w:themeFontLang")):
        theme_lang.set(qn("w:val"), language)
        theme_lang.set(qn("w:bidi"), language)


def save(document: DocxDocument) -> bytes:
    """The package's bytes, each ZIP entry with one fixed time (compressed once).

    python-docx's own ``save`` stamps entries with the current time; this writes the
    same parts, in the same order, through its package writer's steps.
    """
    package = document.part.package
    parts = list(package.parts)
    for part in parts:
        part.before_marshal()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        writer = _FixedTimeWriter(archive)
        PackageWriter._write_content_types_stream(writer, parts)
        PackageWriter._write_pkg_rels(writer, package.rels)
        PackageWriter._write_parts(writer, parts)  # type: ignore[arg-type]
    return out.getvalue()


class _FixedTimeWriter:
    """python-docx's physical-package writer interface, with a fixed entry time."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self._archive = archive

    def write(self, pack_uri: PackURI, blob: bytes) -> None:
        entry = zipfile.ZipInfo(pack_uri.membername, date_time=_ZIP_TIME)
        entry.compress_type = zipfile.ZIP_DEFLATED
        entry.external_attr = 0o644 << 16
        self._archive.writestr(entry, blob)
