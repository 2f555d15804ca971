"""Load a folder of text files into the content model, checking everything.

:func:`check_texts` never raises for bad input: it returns a report of every
problem in every file, located by file, key and line. :func:`load_texts`
returns the model or raises :class:`~safehaven_docs.errors.TextsError` with
that same report. The source file is the one whose status is ``"source"``.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import lru_cache, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec.structs
from msgspec import Struct

from .. import cache
from ..errors import Problem, Severity, TextsError
from ..numerals import digits_of
from ..resources import default_texts_dir
from . import strings
from .build import build_language, parse_year_month
from .content import TextSet
from .fingerprint import source_fingerprints
from .meta import check_meta
from .structure import (
    DATES_SHAPE,
    TRANSLATED_SECTIONS,
    check_mirror,
    check_shape,
    check_source_shape,
)
from .tomlfile import TomlFile, key_lines, parse_toml, read_limited

if TYPE_CHECKING:
    from .review import ReviewCounts

_INDEX = re.compile(r"\[\d+\]")


class FileReport(Struct, frozen=True):
    """What ``safehaven check`` found in one file."""

    path: Path
    tag: str | None
    status: str | None
    problems: tuple[Problem, ...]
    #: Units reviewed, draft and stale (None for the source and unreadable files).
    review: ReviewCounts | None = None

    @property
    def ok(self) -> bool:
        return not any(p.is_error for p in self.problems)

    def keys_with(self, code: str) -> list[str]:
        return [p.key or "" for p in self.problems if p.code == code]

    @property
    def stale(self) -> list[str]:
        return self.keys_with("stale")


class CheckReport(Struct, frozen=True):
    """Every problem in a folder of texts, and the model when there were no errors."""

    folder: Path
    files: tuple[FileReport, ...]
    problems: tuple[Problem, ...]
    texts: TextSet | None

    @property
    def ok(self) -> bool:
        return self.texts is not None

    def all_problems(self) -> list[Problem]:
        return list(self.problems) + [p for f in self.files for p in f.problems]


def load_texts(folder: Path | str | None = None) -> TextSet:
    """The texts of every language in ``folder`` (default: the shipped texts).

    Files whose exact bytes were checked without errors before, by this process or
    an earlier one (the verdict is kept in :mod:`safehaven_docs.cache`), are only
    parsed and built: a command that renders one document does not check nine
    languages again. Any changed byte, file name, code or font means a full check.
    """
    return _load(folder, None)


def load_drawn(folder: Path | str | None, drawn: Iterable[str] | None) -> TextSet:
    """The texts of every language in ``folder``, for a document that draws the strings
    of the source and of the languages ``drawn`` only (None: every language's, as
    :func:`load_texts`).

    Every file is parsed and its metadata and structure checked (a document names
    every language, and the texts are built whole); the strings themselves (their
    characters, placeholders, script, glyphs, digits) are checked in the languages
    drawn. A problem in a language the document does not draw is for ``safehaven
    check`` to report; one in a language it draws raises :class:`TextsError` naming
    it as :func:`load_texts` would.
    """
    return _load(folder, _scope(drawn))


def load_drawn_to_check(folder: Path | str | None, drawn: Iterable[str] | None
                        ) -> tuple[TextSet, Callable[[], object] | None]:
    """The texts :func:`load_drawn` gives, and the check still owed on them (None if none is).

    Files this process or the cache on disk has not seen pass their check are parsed and
    built without it, and the check is returned instead of run: a caller that can run it
    beside its own work (a render, :mod:`safehaven_docs.aside`) must run it, and see it
    return, before it gives out anything made from these texts. The check raises
    :class:`TextsError` as :func:`load_drawn` would, and remembers its verdict. Files
    that cannot be built unchecked are checked here, as :func:`load_drawn` does.
    """
    return _load_to_check(folder, _scope(drawn))


def _scope(drawn: Iterable[str] | None) -> frozenset[str] | None:
    """The lower-case tags whose strings are checked (None: every file's)."""
    return None if drawn is None else frozenset(tag.lower() for tag in drawn)


#: The languages whose strings this process checked in these files (None: all). Asked
#: for others, it checks them all, once, instead of a part again each time.
_SCOPE: dict[tuple[Path, _Contents], frozenset[str] | None] = {}


def _load(folder: Path | str | None, drawn: frozenset[str] | None) -> TextSet:
    return _load_to_check(folder, drawn, defer=False)[0]


def _load_to_check(folder: Path | str | None, drawn: frozenset[str] | None,
                   defer: bool = True) -> tuple[TextSet, Callable[[], object] | None]:
    found = _read_folder(folder)
    if isinstance(found, CheckReport):
        raise TextsError(found.all_problems())
    root, raws = found
    contents = _contents(raws)
    if contents is not None and _SCOPE.get((root, contents), drawn) != drawn:
        drawn = None
    if contents is not None and any(
            cache.load("texts-checked", _verdict_key(contents, scope)) is True
            for scope in ((None, drawn) if drawn is not None else (None,))):
        known = _built(root, contents)
        if known is not None:
            return known, None
    if defer and contents is not None:
        try:
            unchecked = _built(root, contents)
        except Exception:  # files unfit to build unchecked are checked now
            unchecked = None
        if unchecked is not None:
            return unchecked, partial(_confirmed, root, raws, contents, drawn)
    return _confirmed(root, raws, contents, drawn), None


def _confirmed(root: Path, raws: Mapping[Path, bytes | Problem], contents: _Contents | None,
               drawn: frozenset[str] | None) -> TextSet:
    """The checked texts; raises :class:`TextsError` with every problem found."""
    report = _report(root, raws, contents, drawn)
    if report.texts is None:
        raise TextsError(report.all_problems())
    if contents is not None:
        cache.store("texts-checked", _verdict_key(contents, drawn), True)
        if len(_SCOPE) >= 8:
            _SCOPE.clear()
        _SCOPE[root, contents] = drawn
    return report.texts


def check_texts(folder: Path | str | None = None, *, dates: bool = True) -> CheckReport:
    """Check every ``*.toml`` file in ``folder`` against the source file.

    ``dates``: also warn of a file whose letter cannot be dated (this loads Babel; a
    listing of the languages need not).
    """
    found = _read_folder(folder)
    if isinstance(found, CheckReport):
        return found
    root, raws = found
    report = _report(root, raws, _contents(raws), None)
    return _with_date_warnings(report, raws) if dates else report


def _with_date_warnings(report: CheckReport, raws: Mapping[Path, bytes | Problem]) -> CheckReport:
    """``report`` with a warning for each language whose letter cannot be dated.

    A file with no ``[dates]`` table prints its dates from CLDR, and the locale it names
    must have real month names there (Babel has "nv" and "ht" with "M08" only, and no
    "xx"). Posters and digests print no date, so it is a warning, not an error; the
    letter fails at render time with the same advice, and ``check`` said ok before it.
    Only ``check`` asks (it loads Babel, which loading texts for a render need not), and
    only of files that check without errors (the texts are built from them).
    """
    if report.texts is None:
        return report
    from .cldr import month_year_problem

    found: dict[Path, list[Problem]] = defaultdict(list)
    for language in report.texts.languages:
        locale = language.meta.cldr_locale
        problem = month_year_problem(locale) if language.month_names is None and locale \
            else None
        raw = raws.get(language.path)
        if problem is None or not isinstance(raw, bytes):
            continue
        lines = key_lines(raw.decode("utf-8", "replace"))
        found[language.path].append(Problem(
            language.path,
            f"no [dates] table, and CLDR cannot print a date for it: {problem}; the letter "
            "in this language cannot be made (posters and digests can)",
            line=lines.get("meta.cldr_locale"),
            key="meta.cldr_locale",
            code="cldr",
            severity=Severity.WARNING,
            hint="add [dates] with months = [the twelve month names, January first] and "
            'month_year = "{month} {year}", or name a CLDR locale that has the language\'s '
            "month names (see docs/texts-format.md)",
        ))
    if not found:
        return report
    files = tuple(msgspec.structs.replace(f, problems=(*f.problems, *found[f.path]))
                  if f.path in found else f for f in report.files)
    return msgspec.structs.replace(report, files=files)


def _read_folder(folder: Path | str | None) -> tuple[Path, dict[Path, bytes | Problem]] | \
        CheckReport:
    """The folder's ``*.toml`` files and their bytes, or the report of why there are none."""
    if folder is not None and not isinstance(folder, str | os.PathLike):
        raise TypeError(f"folder must be a path (str or Path), not {type(folder).__name__}")
    root = Path(folder) if folder is not None else default_texts_dir()
    if not root.is_dir():
        problem = Problem(
            root,
            "no such folder of text files",
            code="folder",
            hint="pass --texts DIR with the folder that holds <tag>.toml files",
        )
        return CheckReport(root, (), (problem,), None)
    paths = sorted(root.glob("*.toml"))
    if not paths:
        problem = Problem(
            root,
            "the folder has no .toml text files",
            code="folder",
            hint="copy texts/en.toml there and add one file per language",
        )
        return CheckReport(root, (), (problem,), None)
    return root, {path: read_limited(path) for path in paths}


_Contents = tuple[tuple[Path, bytes], ...]


def _contents(raws: Mapping[Path, bytes | Problem]) -> _Contents | None:
    """Every file's bytes, or None if one could not be read (reported, never cached)."""
    if not all(isinstance(raw, bytes) for raw in raws.values()):
        return None
    return tuple((path, raw) for path, raw in raws.items() if isinstance(raw, bytes))


def _report(root: Path, raws: Mapping[Path, bytes | Problem], contents: _Contents | None,
            drawn: frozenset[str] | None) -> CheckReport:
    if contents is None:
        return _Checker(root, raws, drawn).run()
    return _checked(root, contents, drawn)


def _verdict_key(contents: _Contents, drawn: frozenset[str] | None) -> str:
    """The cache key of "these files, exactly these bytes, check without errors" (every
    string, or those of the source and the languages ``drawn``)."""
    scope = "*" if drawn is None else ",".join(sorted(drawn))
    return cache.key("texts-checked", scope, *(f"{path.name}:{hashlib.sha256(raw).hexdigest()}"
                                               for path, raw in contents))


@lru_cache(maxsize=8)
def _checked(root: Path, contents: _Contents, drawn: frozenset[str] | None) -> CheckReport:
    """The report on files with these paths and contents, checked once per process.

    Checking every language takes a tenth of a second or more; a program that renders
    many documents (without passing the loaded texts) reads the files each time but
    checks them again only when a byte changed. The report and the texts are immutable.
    """
    report = _Checker(root, dict(contents), drawn).run()
    if report.texts is None:
        return report
    # The same object :func:`load_texts` gives for these files, however it got them.
    return msgspec.structs.replace(report, texts=_built(root, contents, report.texts))


#: Texts built per folder and exact contents, so both ways in give the same object.
_BUILT: dict[tuple[Path, _Contents], TextSet] = {}


def _built(root: Path, contents: _Contents, checked: TextSet | None = None) -> TextSet | None:
    """The texts of these files: ``checked`` (just built by a check), or built from files
    known to be correct without checking them again.

    None if, against the cache's word, they cannot be built (then they are checked).
    """
    known = _BUILT.get((root, contents))
    if known is not None:
        return known
    texts = checked if checked is not None else _unchecked(root, contents)
    if texts is not None:
        if len(_BUILT) >= 8:
            del _BUILT[next(iter(_BUILT))]
        _BUILT[root, contents] = texts
    return texts


def _unchecked(root: Path, contents: _Contents) -> TextSet | None:
    """Parse and build without the checks; None if that fails (a cache that was wrong)."""
    try:
        files = [TomlFile(path, data, {})
                 for (path, _), data in zip(contents, cache.parsed_toml(
                     "texts-parsed", [raw for _, raw in contents]), strict=True)]
        source = next(f for f in files if _meta_value(f.data, "status") == "source")
        return _text_set(root, files, source)
    except (ValueError, KeyError, TypeError, IndexError, AttributeError, StopIteration):
        return None


def _text_set(root: Path, files: list[TomlFile], source: TomlFile) -> TextSet:
    """Every language built, the source first, then by tag."""
    files = sorted(files, key=lambda f: (f is not source, f.data["meta"]["tag"]))
    return TextSet(tuple(build_language(f.data, source.data, f.path) for f in files), root)


class _Checker:
    """One pass over a folder: parse, find the source, check each file, build."""

    def __init__(self, root: Path, raws: Mapping[Path, bytes | Problem],
                 drawn: frozenset[str] | None = None) -> None:
        self.root = root
        #: Lower-case tags whose strings are checked (None: every file's).
        self.drawn = drawn
        self.parsed: dict[Path, TomlFile | Problem] = {
            path: raw if isinstance(raw, Problem) else parse_toml(path, raw)
            for path, raw in raws.items()}
        self.folder_problems: list[Problem] = []

    def run(self) -> CheckReport:
        source = self._find_source()
        context = _SourceContext.from_file(source) if source else None
        reports = [
            self._check_one(path, parsed, source, context) for path, parsed in self.parsed.items()
        ]
        reports = self._mark_duplicates(reports)
        ok = not self.folder_problems and all(r.ok for r in reports)
        texts = self._build(source) if ok and source else None
        return CheckReport(self.root, tuple(reports), tuple(self.folder_problems), texts)

    def _find_source(self) -> TomlFile | None:
        sources = [f for f in self._files() if _meta_value(f.data, "status") == "source"]
        if len(sources) == 1:
            return sources[0]
        names = ", ".join(f.path.name for f in sources)
        message = (
            'no file has status = "source"'
            if not sources
            else f'more than one file has status = "source": {names}'
        )
        self.folder_problems.append(
            Problem(
                self.root,
                message,
                code="source",
                hint='exactly one file (texts/en.toml) is the source; translations are "draft"',
            )
        )
        return None

    def _files(self) -> Iterator[TomlFile]:
        return (p for p in self.parsed.values() if isinstance(p, TomlFile))

    def _check_one(
        self,
        path: Path,
        parsed: TomlFile | Problem,
        source: TomlFile | None,
        context: _SourceContext | None,
    ) -> FileReport:
        if isinstance(parsed, Problem):
            return FileReport(path, None, None, (parsed,))
        if parsed is source:
            found = list(_check_source(parsed.data))
        else:
            tag = (_meta_value(parsed.data, "tag") or "").lower()
            full = self.drawn is None or tag in self.drawn
            found = list(_check_translation(parsed.data, path, context, each_string=full))
        located = tuple(_locate(p, parsed) for p in found)
        review = None
        if context is not None and parsed is not source:
            from .review import count, units  # checks only: a render of known texts skips it

            review = count(units(context.data, parsed.data, context.fingerprints))
        return FileReport(
            path, _meta_value(parsed.data, "tag"), _meta_value(parsed.data, "status"), located,
            review,
        )

    def _mark_duplicates(self, reports: list[FileReport]) -> list[FileReport]:
        by_tag: dict[str, list[FileReport]] = defaultdict(list)
        for report in reports:
            if report.tag:
                by_tag[report.tag.lower()].append(report)
        marked = []
        for report in reports:
            twins = [
                r.path.name for r in by_tag.get((report.tag or "").lower(), []) if r is not report
            ]
            if twins:
                problem = Problem(
                    report.path,
                    f"language tag {report.tag!r} is also declared by {', '.join(twins)}",
                    key="meta.tag",
                    code="duplicate",
                    hint="each language has exactly one file; delete or rename one",
                )
                report = msgspec.structs.replace(report, problems=(*report.problems, problem))
            marked.append(report)
        return marked

    def _build(self, source: TomlFile) -> TextSet:
        return _text_set(self.root, list(self._files()), source)


class _SourceContext(Struct, frozen=True):
    """What every translation is compared with."""

    data: dict[str, Any]
    strings: dict[str, str]
    latin_words: frozenset[str]
    fingerprints: dict[str, str]

    @classmethod
    def from_file(cls, source: TomlFile) -> _SourceContext:
        texts = dict(strings.walk_strings(source.data))
        return cls(
            source.data,
            texts,
            strings.latin_words(iter(texts.values())),
            source_fingerprints(source.data),
        )


def _check_source(data: dict[str, Any]) -> Iterator[Problem]:
    yield from check_meta(data.get("meta"), Path("en.toml"))
    shape = list(check_source_shape(data))
    yield from shape
    if shape:
        return
    try:
        parse_year_month(data["letter"]["date"])
    except ValueError as exc:
        yield Problem(
            None,
            str(exc),
            key="letter.date",
            code="date",
            hint='write the letter\'s date as "YYYY-MM", e.g. "2019-08"',
        )
    script = _meta_value(data, "script") or "Latn"
    for key, text in _text_strings(data):
        yield from strings.check_characters(key, text)
        yield from strings.check_placeholders(key, text, text)
        yield from strings.check_coverage(key, text, script)


def _check_translation(
    data: dict[str, Any], path: Path, context: _SourceContext | None, *, each_string: bool = True
) -> Iterator[Problem]:
    """Every problem of a translation (without ``each_string``: not its strings' own)."""
    meta_problems = list(check_meta(data.get("meta"), path))
    yield from meta_problems
    if _meta_value(data, "status") == "source":
        yield Problem(
            None,
            'only the source file has status "source"',
            key="meta.status",
            code="status",
            hint='a translation is "draft" until a reviewer signs off',
        )
    if context is None:
        return
    yield from check_mirror(context.data, data)
    script = _meta_value(data, "script")
    meta_ok = not any(p.key in ("meta.script", "meta") for p in meta_problems)
    for key, text in _text_strings(data) if each_string else ():
        yield from strings.check_characters(key, text)
        if not key.startswith("dates."):
            yield from strings.check_placeholders(key, text, context.strings.get(key))
        if script and meta_ok:
            yield from strings.check_script(key, text, script, context.latin_words)
            yield from strings.check_coverage(key, text, script)
            if script == "Mymr":
                yield from strings.check_zawgyi(key, text)
            if _meta_value(data, "direction") == "rtl":
                yield from strings.check_latin_phrases(key, text)
        yield from _check_text_digits(key, text, _meta_value(data, "digits"))
    yield from _check_dates(data)
    yield from _check_fingerprints(data, context.fingerprints)
    from .review import check_review

    yield from check_review(data, context.data, context.fingerprints)


def _check_text_digits(key: str, text: str, system: str | None) -> Iterator[Problem]:
    """A file that chose its digits writes its own numbers (years) in them too: a warning."""
    digits = digits_of(system) if system else None
    if digits is None:
        return
    other = next((c for c in text if unicodedata.category(c) == "Nd" and c not in digits), None)
    if other is not None:
        yield Problem(
            None,
            f"writes the digit {other} ({unicodedata.name(other, '?')}), but [meta] digits = "
            f"{system!r} prints {digits[0]}–{digits[9]}",
            key=key,
            code="digits",
            severity=Severity.WARNING,
            hint=f"write the number in the file's digits ({digits}), or change [meta] digits",
        )


def _text_strings(data: dict[str, Any]) -> Iterator[tuple[str, str]]:
    for key, text in strings.walk_strings(data):
        if not key.startswith(("meta.", "translated_from.", "review.", "letter.date")):
            yield key, text


def _check_dates(data: dict[str, Any]) -> Iterator[Problem]:
    dates = data.get("dates")
    if dates is None:
        if _meta_value(data, "cldr_locale") == "":
            yield Problem(
                None,
                "cldr_locale is empty, so the file needs a [dates] table",
                key="dates",
                code="missing-key",
                hint="add [dates] with months = [12 names] and "
                'month_year = "{month} {year}" (see docs/texts-format.md)',
            )
        return
    shape = list(check_shape(dates, DATES_SHAPE, "dates"))
    yield from shape
    if shape:
        return
    if len(dates["months"]) != 12:
        yield Problem(
            None,
            f"has {len(dates['months'])} month names, not 12",
            key="dates.months",
            code="count",
            hint="list January to December",
        )
    if strings.placeholders(dates["month_year"]) != {"month", "year"}:
        yield Problem(
            None,
            "month_year must contain {month} and {year}, and nothing else in braces",
            key="dates.month_year",
            code="placeholder",
            hint='e.g. month_year = "{month} {year}"',
        )


def _check_fingerprints(data: dict[str, Any], current: dict[str, str]) -> Iterator[Problem]:
    recorded = data.get("translated_from", {})
    if not isinstance(recorded, dict):
        yield Problem(
            None,
            "must be a table",
            key="translated_from",
            code="type",
            hint="run `safehaven stamp TAG` to write it",
        )
        return
    for name in recorded:
        if name not in TRANSLATED_SECTIONS:
            yield Problem(
                None,
                "unknown section",
                key=f"translated_from.{name}",
                code="unknown-key",
                hint=f"sections are: {', '.join(TRANSLATED_SECTIONS)}",
            )
    for name in TRANSLATED_SECTIONS:
        yield from _stale(name, recorded.get(name), current.get(name))


def _stale(name: str, recorded: object, current: str | None) -> Iterable[Problem]:
    key = f"translated_from.{name}"
    if recorded is None:
        return [
            Problem(
                None,
                f"no record of which English {name} text this translates",
                key=key,
                code="unstamped",
                severity=Severity.WARNING,
                hint="once the section matches English, run `safehaven stamp TAG`",
            )
        ]
    if recorded != current:
        return [
            Problem(
                None,
                f"stale: the English {name} section changed since this "
                f"translation (was {recorded}, now {current})",
                key=key,
                code="stale",
                severity=Severity.WARNING,
                hint=f"update the {name} section from texts/en.toml, then run "
                "`safehaven stamp TAG`",
            )
        ]
    return []


def _meta_value(data: dict[str, Any], name: str) -> str | None:
    meta = data.get("meta")
    value = meta.get(name) if isinstance(meta, dict) else None
    return value if isinstance(value, str) else None


def _locate(problem: Problem, parsed: TomlFile) -> Problem:
    line = problem.line
    if line is None and problem.key:
        line = parsed.line_of(_INDEX.sub("", problem.key))
    return msgspec.structs.replace(problem, path=problem.path or parsed.path, line=line)
