"""Import the file a translator or reviewer returns: check everything, then write once.

The returned file is held to the same rules as ``safehaven check``
(placeholders, script, Zawgyi, NFC, coverage by the bundled fonts): the new
TOML file is built in memory and checked beside the English file, exactly as
``check`` would check it. Every problem is listed by unit (file, unit id,
line, what to do) and a refused import changes nothing. A file for another
language, or made from English that has changed since, is refused.
"""

from __future__ import annotations

import datetime
import tempfile
import tomllib
import unicodedata
from pathlib import Path

from msgspec import Struct

from ..errors import Problem
from ..files import write_atomic
from ..model import check_texts
from ..model.review import ReviewCounts, count, lookup, units
from ..model.strings import check_characters
from .exchange import FORMATS, ImportRefused, Returned, ReturnedUnit, refused
from .export import Language, find_language
from .records import Approval, MissingPlace, apply, new_approvals

#: A returned file for one language is well under a megabyte (the notes included).
MAX_BYTES = 8 * 1024 * 1024


class ImportResult(Struct, frozen=True):
    """What an import did to the language's file."""

    path: Path
    written: bool
    changed: tuple[str, ...]
    approved: tuple[str, ...]
    counts: ReviewCounts


def import_file(path: Path | str, texts: Path | str | None = None, *, lang: str | None = None,
                reviewer: str | None = None, date: str | None = None,
                fmt: str | None = None) -> ImportResult:
    """Read ``path`` (XLIFF or PO) into its language's TOML file; raises ImportRefused.

    ``lang``, when given, must be the file's language. ``reviewer`` and
    ``date`` (default: today) are recorded for units approved in the file.
    """
    path = Path(path)
    returned = read_returned(path, fmt)
    language = _language(path, returned, lang, texts)
    by_key = _units(path, returned, language)
    fresh = new_approvals(language.data, language.source, by_key)
    approval = _approval(path, reviewer, date) if fresh else None
    old = language.path.read_text(encoding="utf-8")
    try:
        new = apply(old, language.source, by_key, approval, language.fingerprints)
    except MissingPlace as exc:
        raise ImportRefused([refused(path, f"{language.path.name} has no place for this entry",
                                     "give the list as many entries as the English file, "
                                     "then import again", key=str(exc))]) from None
    _check_candidate(path, language, new, by_key)
    data = tomllib.loads(new)
    changed = tuple(k for k, u in by_key.items() if lookup(language.data, k) != u.target)
    if new != old:
        write_atomic(language.path, new.encode("utf-8"))
    return ImportResult(language.path, new != old, changed, tuple(fresh),
                        count(units(language.source, data, language.fingerprints)))


def read_returned(path: Path, fmt: str | None = None) -> Returned:
    """The units of ``path``, in ``fmt`` or the format its name or first byte says."""
    raw = _read(path)
    kind = fmt or _format_of(path, raw)
    if kind not in FORMATS:
        raise ImportRefused([refused(path, f"unknown format {kind!r}", "use xliff or po")])
    if kind == "po":
        from .po import read_po

        result = read_po(path, raw)
    else:
        from .xliff import read_xliff

        result = read_xliff(path, raw)
    if isinstance(result, list):
        raise ImportRefused(result)
    return result


def _read(path: Path) -> bytes:
    if not path.is_file():
        raise ImportRefused([refused(path, "no such file", "give the path of the .xlf or .po "
                                     "file the reviewer returned")])
    if path.stat().st_size > MAX_BYTES:
        raise ImportRefused([refused(path, f"larger than {MAX_BYTES // 2**20} MB; an export "
                                     "of one language is far smaller",
                                     "check that this is the returned file")])
    return path.read_bytes()


def _format_of(path: Path, raw: bytes) -> str:
    suffix = path.suffix.lower()
    if suffix in (".po", ".pot"):
        return "po"
    if suffix in (".xlf", ".xliff", ".xml"):
        return "xliff"
    return "xliff" if raw.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<") else "po"


def _language(path: Path, returned: Returned, lang: str | None,
              texts: Path | str | None) -> Language:
    tag = returned.target_language
    if not tag:
        raise ImportRefused([refused(path, "the file does not say which language it holds",
                                     "import the file exactly as it was exported (XLIFF: "
                                     "target-language; PO: Language header)")])
    if lang is not None and lang.lower() != tag.lower():
        raise ImportRefused([refused(path, f"the file holds language {tag!r}, not {lang!r}",
                                     "import the file made for this language, or drop --lang")])
    try:
        language = find_language(tag, texts)
    except Exception as exc:  # an unknown tag or a broken folder: one located problem
        raise ImportRefused([refused(path, f"language {tag!r}: {exc}",
                                     "import it into the folder that holds its text file "
                                     "(--texts DIR)")]) from None
    problems = []
    if returned.original and returned.original != language.path.name:
        problems.append(refused(path, f"the file was exported from {returned.original!r} but "
                                f"says language {tag!r} ({language.path.name})",
                                "a file for one language cannot be imported into another; "
                                "export the language again"))
    source_tag = str(language.source["meta"]["tag"])
    if returned.source_language and returned.source_language != source_tag:
        problems.append(refused(path, f"the source language is {returned.source_language!r}, "
                                f"not {source_tag!r}", "translate from the exported English"))
    if problems:
        raise ImportRefused(problems)
    return language


def _units(path: Path, returned: Returned, language: Language) -> dict[str, ReturnedUnit]:
    expected = {u.key: u.source for u in units(language.source, language.data,
                                                language.fingerprints)}
    problems: list[Problem] = []
    by_key: dict[str, ReturnedUnit] = {}
    for unit in returned.units:
        problems += _unit_problems(path, unit, expected, by_key)
        by_key.setdefault(unit.key, unit)
    for key in expected:
        if key not in by_key:
            problems.append(refused(path, "this unit is missing from the returned file",
                                    "return every unit of the export; export the language "
                                    "again if units were deleted", key=key))
    if problems:
        raise ImportRefused(problems)
    return {key: by_key[key] for key in expected}


def _unit_problems(path: Path, unit: ReturnedUnit, expected: dict[str, str],
                   seen: dict[str, ReturnedUnit]) -> list[Problem]:
    def problem(message: str, hint: str) -> list[Problem]:
        return [refused(path, message, hint, key=unit.key or "(no id)", line=unit.line)]

    if unit.key in seen:
        return problem("this unit appears twice", "keep one of them")
    if unit.key not in expected:
        return problem("no such key in the English file",
                       "the unit id must be a key of texts/en.toml; export again")
    if unicodedata.normalize("NFC", unit.source) != unicodedata.normalize(
            "NFC", expected[unit.key]):
        return problem("the English of this unit is not the current English: the text "
                       "changed after this file was exported",
                       "export the language again and carry the translation over")
    if not unit.target.strip():
        return problem("the unit has no translation",
                       "translate it (every unit needs a translation)")
    return []


def _approval(path: Path, reviewer: str | None, date: str | None) -> Approval:
    name = (reviewer or "").strip()
    problems = [p for p in check_characters("--reviewer", name) if p.is_error] if name else [
        refused(path, "units are approved in the file, but no reviewer is named",
                "say who reviewed it: --reviewer \"Full Name\"")]
    day = date or datetime.date.today().isoformat()
    try:
        valid = len(day) == 10 and bool(datetime.date.fromisoformat(day))
    except ValueError:
        valid = False
    if not valid:
        problems.append(refused(path, f"--date {day!r} is not a date",
                                "write the day of the review as YYYY-MM-DD"))
    if problems:
        raise ImportRefused(problems)
    return Approval(name, day)


def _check_candidate(path: Path, language: Language, new: str,
                     by_key: dict[str, ReturnedUnit]) -> None:
    """Check the new file beside the English one, with every rule of ``safehaven check``."""
    with tempfile.TemporaryDirectory(prefix="safehaven-import-") as folder:
        (Path(folder) / language.source_path.name).write_bytes(language.source_path.read_bytes())
        (Path(folder) / language.path.name).write_text(new, encoding="utf-8")
        report = check_texts(folder)
    problems = [_as_unit_problem(path, p, by_key) for p in report.all_problems() if p.is_error]
    if problems:
        raise ImportRefused(problems)


def _as_unit_problem(path: Path, problem: Problem, by_key: dict[str, ReturnedUnit]) -> Problem:
    unit = by_key.get(problem.key or "")
    if unit is None:
        return refused(path, f"{problem.message} (in the text file at [{problem.key}])",
                       problem.hint or "", key=problem.key)
    return refused(path, problem.message, problem.hint or "", key=unit.key, line=unit.line)

