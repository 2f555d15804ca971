"""Export one language for translators and reviewers: XLIFF 1.2 or PO.

The export holds every unit of the English file with the current
translation and its state (see :mod:`safehaven_docs.model.review`) and the
language's translator notes, so a reviewer has the glossary and the open
questions in the CAT tool beside the text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from msgspec import Struct

from ..errors import Problem, SafehavenError, TextsError
from ..model import check_texts
from ..model.fingerprint import source_fingerprints
from ..model.loader import CheckReport, FileReport
from ..model.review import units
from ..model.tomlfile import read_toml
from ..resources import translator_notes_dir
from .exchange import FORMATS, Exchange, ExchangeUnit


class Language(Struct, frozen=True):
    """A translation's parsed file beside the parsed English file it translates."""

    tag: str
    path: Path
    data: dict[str, Any]
    source_path: Path
    source: dict[str, Any]

    @property
    def fingerprints(self) -> dict[str, str]:
        return source_fingerprints(self.source)


def find_language(tag: str, texts: Path | str | None = None) -> Language:
    """The file of translation ``tag`` and the English file; a clear error otherwise."""
    report = check_texts(texts)
    source = _source(report)
    target = next((f for f in report.files if (f.tag or "").lower() == tag.lower()), None)
    if target is None or target is source:
        known = ", ".join(f.tag for f in report.files if f.tag and f is not source)
        what = "the English file is the source, not a translation" if target else \
            f"no text file declares language {tag!r}"
        raise SafehavenError(f"{what}; translations: {known}")
    return Language(target.tag or tag, target.path, _parsed(target.path),
                    source.path, _parsed(source.path))


def _source(report: CheckReport) -> FileReport:
    for file in report.files:
        if file.status == "source" and file.ok:
            return file
    problems = [p for p in report.all_problems() if p.is_error] or [
        Problem(report.folder, "no usable source file", hint="run `safehaven check`")]
    raise TextsError(problems)


def _parsed(path: Path) -> dict[str, Any]:
    parsed = read_toml(path)
    if isinstance(parsed, Problem):
        raise TextsError([parsed])
    return parsed.data


def exchange_for(tag: str, texts: Path | str | None = None,
                 notes: Path | str | None = None) -> Exchange:
    """Everything an export of ``tag`` holds, as plain data."""
    language = find_language(tag, texts)
    found = units(language.source, language.data, language.fingerprints)
    meta = language.data.get("meta", {})
    return Exchange(
        tag=language.tag,
        source_tag=str(language.source["meta"]["tag"]),
        english_name=str(meta.get("english_name", language.tag)),
        file_name=language.path.name,
        notes=translator_notes(language.tag, notes),
        units=tuple(ExchangeUnit(u.key, u.source, u.target or "", u.state, u.section)
                    for u in found),
        script=str(meta.get("script", "Latn")),
        rtl=meta.get("direction") == "rtl",
    )


def translator_notes(tag: str, folder: Path | str | None = None) -> str:
    """The notes for ``tag`` (``<tag>.md``, else the language's ``<lang>.md``), or ""."""
    root = Path(folder) if folder is not None else translator_notes_dir()
    for name in (tag, tag.split("-")[0]):
        path = root / f"{name}.md"
        if path.is_file():
            return path.read_text(encoding="utf-8")
    return ""


def export(tag: str, fmt: str = "xliff", texts: Path | str | None = None,
           notes: Path | str | None = None) -> bytes:
    """The exchange file of language ``tag`` in ``fmt`` (``"xliff"`` or ``"po"``)."""
    if fmt not in FORMATS:
        raise SafehavenError(f"unknown format {fmt!r}; choose {' or '.join(FORMATS)}")
    exchange = exchange_for(tag, texts, notes)
    if fmt == "po":
        from .po import write_po

        return write_po(exchange)
    from .xliff import write_xliff

    return write_xliff(exchange)
