"""A district's roster of school sites: CSV or Excel rows → typed, checked sites.

District offices keep the list of schools, with how many families read each
home language, in a spreadsheet. This module reads it (CSV, or the first sheet
of an ``.xlsx`` workbook through openpyxl) and checks every cell. Every problem
is collected with its file, row and column so a person can fix them all in one
go; nothing downstream ever sees a half-valid roster. The format is documented
in ``docs/roster.md``.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

from msgspec import Struct

from ..errors import Problem, SafehavenError, Severity
from ..values import value_problems

REQUIRED = ("site_id", "site_name")
OPTIONAL = ("type", "address", "phone", "poster_sizes", "poster_copies")
POSTER_SIZES = ("letter", "tabloid", "a4", "a3", "18x24", "24x36")
DEFAULT_SIZE = "tabloid"
#: Limits that keep one careless cell from costing minutes or gigabytes.
MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 200_000
MAX_FAMILIES = 100_000
MAX_COPIES = 1_000
#: A header that looks like a BCP 47 tag names a language column.
_LANGUAGE_HEADER = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})*$")
_SAFE_FOLDER = re.compile(r"[^A-Za-z0-9._-]")
#: How a changed name ends; a kept id never ends so, so it cannot meet a changed one.
_HASHED = re.compile(r"-[0-9a-f]{8}$")
#: Folder names Windows refuses, whatever the extension.
_RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)),
                       *(f"lpt{i}" for i in range(10))})


class Site(Struct, frozen=True):
    """One school site as the pack needs it; ``families`` maps a language tag to a count."""

    id: str
    name: str
    folder: str
    families: tuple[tuple[str, int], ...]
    sizes: tuple[str, ...] = (DEFAULT_SIZE,)
    poster_copies: int = 1
    address: str | None = None
    phone: str | None = None
    kind: str | None = None
    row: int = 0
    #: Families whose language has no text file (a roster error, kept for --keep-going).
    unserved: tuple[tuple[str, int], ...] = ()

    def families_of(self, tag: str) -> int:
        return dict(self.families).get(tag, 0)

    @property
    def languages(self) -> tuple[str, ...]:
        """Tags with at least one family, in roster column order."""
        return tuple(tag for tag, count in self.families if count > 0)


class Roster(Struct, frozen=True):
    """The sites that passed every check, and every problem found (errors and warnings)."""

    path: Path
    sites: tuple[Site, ...]
    problems: tuple[Problem, ...] = ()
    #: Rows (1-based, as a spreadsheet shows them) that had errors and were left out.
    bad_rows: tuple[int, ...] = ()

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def ok(self) -> bool:
        return not self.errors


class RosterError(SafehavenError):
    """The roster cannot be used; ``problems`` lists every error with row and column."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        errors = [p for p in self.problems if p.is_error]
        lines = [f"{len(errors)} problem(s) in the roster; nothing was built:"]
        lines += [str(p) for p in errors[:200]]
        if len(errors) > 200:
            lines.append(f"… and {len(errors) - 200} more")
        super().__init__("\n".join(lines))


def folder_for(site_id: str) -> str:
    """A folder name for ``site_id`` that is safe on every file system.

    Letters, digits, ``.``, ``-`` and ``_`` are kept; anything else (``/``, ``..``,
    markup, control or direction characters) is replaced, and a short hash of the
    id is added whenever the name had to change, so two ids never share a folder.
    """
    safe = _SAFE_FOLDER.sub("_", unicodedata.normalize("NFC", site_id)).strip("._-")[:48]
    if safe == site_id and safe and not _HASHED.search(safe) and \
            safe.split(".")[0].lower() not in _RESERVED:
        return safe
    digest = hashlib.sha256(site_id.encode("utf-8")).hexdigest()[:8]
    if safe.split(".")[0].lower() in _RESERVED:
        safe = f"site_{safe}"
    return f"{safe or 'site'}-{digest}"


def read_roster(path: Path | str, languages: Iterable[str]) -> Roster:
    """The roster at ``path`` checked against the known language ``languages``.

    Raises :class:`RosterError` when the file cannot be read at all or its
    header is unusable; row problems are returned in :attr:`Roster.problems`
    (the rows with errors are left out of :attr:`Roster.sites`).
    """
    path = Path(path)
    rows = _read_rows(path)
    header, body = _split_header(path, rows)
    columns = _columns(path, header, {tag.lower(): tag for tag in languages})
    return _check_rows(path, columns, body)


# -- reading ---------------------------------------------------------------------------------

Row = tuple[int, list[str]]


def _read_rows(path: Path) -> list[Row]:
    if not path.exists():
        raise RosterError([Problem(path, "no such file", hint="check the roster's path")])
    if not path.is_file():
        raise RosterError([Problem(path, "not a regular file",
                                   hint="give the path of a .csv or .xlsx file")])
    if path.stat().st_size > MAX_BYTES:
        raise RosterError([Problem(path, f"larger than {MAX_BYTES // 2**20} MB",
                                   hint="a roster is one row per school; split it with --shard "
                                   "or remove what is not part of it")])
    data = path.read_bytes()
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _xlsx_rows(path, data)
    if path.suffix.lower() == ".xls":
        raise RosterError([Problem(path, "old Excel .xls files cannot be read",
                                   hint="in Excel, save it as .xlsx or as CSV UTF-8")])
    return _csv_rows(path, data)


def _csv_rows(path: Path, data: bytes) -> list[Row]:
    if data.startswith(b"PK\x03\x04"):
        raise RosterError([Problem(path, "this is an Excel workbook with a .csv name",
                                   hint="rename it to .xlsx, or save it as CSV UTF-8")])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise RosterError([Problem(path, "not UTF-8 text", line=line,
                                   hint="in Excel use File > Save As > 'CSV UTF-8'")]) from None
    if "\x00" in text:
        raise RosterError([Problem(path, "contains NUL bytes: not a CSV text file",
                                   hint="export the roster as CSV UTF-8")])
    reader = csv.reader(io.StringIO(text, newline=""), _dialect(text), strict=True)
    rows: list[Row] = []
    start = 1
    try:
        for cells in reader:
            rows.append((start, cells))
            start = reader.line_num + 1
            if len(rows) > MAX_ROWS:
                raise RosterError([Problem(path, f"more than {MAX_ROWS} rows",
                                           hint="split the roster and build it with --shard")])
    except csv.Error as exc:
        raise RosterError([Problem(path, f"broken CSV: {exc}", line=start,
                                   hint="a quote opened on this line is never closed, or "
                                   "stands inside a cell; check the quotes")]) from None
    return rows


def _dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    """Comma, semicolon (Excel in many locales) or tab, read from the header line."""
    first = text.split("\n", 1)[0]
    try:
        return csv.Sniffer().sniff(first, delimiters=",;\t")
    except csv.Error:
        return csv.excel


def _xlsx_rows(path: Path, data: bytes) -> list[Row]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise RosterError([Problem(path, f"not a readable Excel workbook ({type(exc).__name__})",
                                   hint="open it in Excel and save it again as .xlsx, or save "
                                   "it as CSV UTF-8")]) from None
    try:
        sheet = book.worksheets[0]
        rows: list[Row] = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), 1):
            rows.append((number, [_cell_text(value) for value in values]))
            if len(rows) > MAX_ROWS:
                raise RosterError([Problem(path, f"more than {MAX_ROWS} rows",
                                           hint="split the roster and build it with --shard")])
        return rows
    finally:
        book.close()


def _cell_text(value: object) -> str:
    """An Excel cell as the text a person sees: 12.0 → "12", empty → ""."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# -- the header --------------------------------------------------------------------------------

class _Columns(Struct, frozen=True):
    index: dict[str, int]  # fixed column name → position
    languages: tuple[tuple[str, int], ...]  # tag (as the texts spell it) → position
    unknown: tuple[tuple[str, int], ...]  # language columns with no text file → position
    problems: tuple[Problem, ...]


def _split_header(path: Path, rows: list[Row]) -> tuple[Row, list[Row]]:
    rows = [row for row in rows if any(cell.strip() for cell in row[1])]
    if not rows:
        raise RosterError([Problem(path, "the roster is empty",
                                   hint="the first row names the columns (site_id, site_name, "
                                   "en, es, …); then one row per school site")])
    return rows[0], rows[1:]


def _columns(path: Path, header: Row, known: dict[str, str]) -> _Columns:
    line, cells = header
    names = [cell.strip().lower() for cell in cells]
    problems: list[Problem] = []
    index: dict[str, int] = {}
    languages: list[tuple[str, int]] = []
    unknown: list[tuple[str, int]] = []
    seen: dict[str, int] = {}
    for position, name in enumerate(names):
        if not name:
            continue
        if name in seen:
            problems.append(Problem(path, f"the column {name!r} appears twice", line=line,
                                    key=name, hint="keep one of them"))
            continue
        seen[name] = position
        if name in REQUIRED or name in OPTIONAL:
            index[name] = position
        elif name in known:
            languages.append((known[name], position))
        elif _LANGUAGE_HEADER.match(name):
            unknown.append((cells[position].strip(), position))
            problems.append(Problem(
                path, f"the column {cells[position].strip()!r} names a language that has no "
                "text file", line=line, key=name,
                hint=f"add texts/{name}.toml (see docs/texts-format.md), fix the tag, or "
                f"remove the column; known languages: {', '.join(sorted(known.values()))}"))
        else:
            problems.append(Problem(path, f"the column {cells[position].strip()!r} is not "
                                    "part of the roster format and is ignored", line=line,
                                    key=name, severity=Severity.WARNING, code="ignored-column",
                                    hint="see docs/roster.md for the columns"))
    missing = [name for name in REQUIRED if name not in index]
    if missing:
        problems.append(Problem(path, f"missing column(s): {', '.join(missing)}", line=line,
                                hint="the first row must name the columns; found: "
                                + (", ".join(n for n in names if n) or "nothing")))
    if not languages and not missing:
        problems.append(Problem(path, "no language columns (en, es, …)", line=line,
                                hint="add one column per home language with the number of "
                                "families"))
    unknown_keys = {tag.lower() for tag, _ in unknown}
    if missing or any(p.is_error and p.key not in unknown_keys for p in problems):
        raise RosterError(problems)
    return _Columns(index, tuple(languages), tuple(unknown), tuple(problems))


# -- the rows ----------------------------------------------------------------------------------

def _check_rows(path: Path, columns: _Columns, body: list[Row]) -> Roster:
    if not body:
        raise RosterError([*columns.problems, Problem(
            path, "the roster has a header but no sites", hint="add one row per school site")])
    problems = list(columns.problems)
    sites: list[Site] = []
    bad: list[int] = []
    ids: dict[str, int] = {}
    for line, cells in body:
        row_problems, site = _site(path, columns, line, cells)
        position = columns.index["site_id"]
        site_id = cells[position].strip() if position < len(cells) else ""
        first = ids.setdefault(unicodedata.normalize("NFC", site_id).casefold(), line)
        if site_id and first != line:
            row_problems.append(Problem(path, f"site id {site_id!r} is already used on "
                                        f"line {first}", line=line, key="site_id",
                                        hint="every site needs its own id"))
        problems += row_problems
        if any(p.is_error for p in row_problems) or site is None:
            bad.append(line)
        else:
            sites.append(site)
    return Roster(path, tuple(sites), tuple(problems), tuple(bad))


def _site(path: Path, columns: _Columns, line: int,
          cells: list[str]) -> tuple[list[Problem], Site | None]:
    def cell(name: str) -> str:
        position = columns.index.get(name)
        if position is None or position >= len(cells):
            return ""
        return unicodedata.normalize("NFC", cells[position].strip())

    problems: list[Problem] = []

    def problem(key: str, message: str, hint: str) -> None:
        problems.append(Problem(path, message, key=key, line=line, hint=hint))

    texts = {name: cell(name) for name in ("site_id", "site_name", "address", "phone", "type")}
    for name, value in texts.items():
        problems += _text_problems(path, line, name, value)
    families, unserved = [], []
    for tag, position in (*columns.languages, *columns.unknown):
        raw = cells[position].strip() if position < len(cells) else ""
        count = _whole(raw, 0, MAX_FAMILIES)
        if count is None:
            problem(tag, f"{raw!r} is not a number of families",
                    f"write a whole number from 0 to {MAX_FAMILIES}, or leave it empty for 0")
        if (tag, position) in columns.unknown:
            if count:
                unserved.append((tag, count))
        else:
            families.append((tag, count or 0))
    copies = _whole(cell("poster_copies"), 1, MAX_COPIES)
    if copies is None or copies < 1:
        problem("poster_copies", f"{cell('poster_copies')!r} is not a number of copies",
                f"write a whole number from 1 to {MAX_COPIES}, or leave it empty for 1")
    sizes = _sizes(cell("poster_sizes"))
    if isinstance(sizes, str):
        problem("poster_sizes", f"unknown poster size {sizes!r}",
                f"use any of {', '.join(POSTER_SIZES)}, separated by spaces or commas")
    if any(p.is_error for p in problems):
        return problems, None
    site_id = texts["site_id"]
    return problems, Site(site_id, texts["site_name"], folder_for(site_id), tuple(families),
                          sizes, copies or 1, texts["address"] or None,  # type: ignore[arg-type]
                          texts["phone"] or None, texts["type"] or None, line,
                          tuple(unserved))


def _text_problems(path: Path, line: int, key: str, value: str) -> Iterator[Problem]:
    for found in value_problems(key, value, required=key in REQUIRED):
        yield Problem(path, found.message, key=key, line=line, hint=found.hint)


def _whole(raw: str, empty: int, limit: int) -> int | None:
    """A whole number in [0, limit] (``12.0`` from Excel included), ``empty`` if blank."""
    if not raw:
        return empty
    try:
        number = float(raw.replace(",", "").replace("_", ""))
    except ValueError:
        return None
    if not number.is_integer() or not 0 <= number <= limit:
        return None
    return int(number)


def _sizes(raw: str) -> tuple[str, ...] | str:
    """The poster sizes in ``raw`` (the default when blank), or the first unknown one."""
    names = [name.lower() for name in re.split(r"[\s,;]+", raw) if name]
    for name in names:
        if name not in POSTER_SIZES:
            return name
    return tuple(dict.fromkeys(names)) or (DEFAULT_SIZE,)
