"""The ``safehaven`` command: a thin layer over the public API.

Each sub-command parses its arguments, calls the same functions a district
tool would import, and prints. Errors caused by input are printed as plain
messages naming the file, key and line, with exit status 1 (a check found
problems) or 2 (the command could not run); never a traceback.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__, cache
from .documents import DOCUMENTS, FORMATS, SIZES, render, write
from .errors import Problem, SafehavenError, TextsError
from .files import write_atomic
from .model import CheckReport, FileReport, check_texts, load_texts
from .values import terminal_safe

if TYPE_CHECKING:
    from .model.review import ReviewCounts

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    arguments = sys.argv[1:] if argv is None else list(argv)
    parser = _parser(_command_named(arguments))
    args = parser.parse_args(arguments)
    was_off = cache.set_disabled(True) if args.no_cache else None
    if args.run is not _render:  # the one command that reads no PDF starts without logging
        _quiet_pypdf()
    main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _terminate) if main_thread else None
    try:
        status: int = args.run(args)
    except SafehavenError as exc:
        print(f"safehaven: {terminal_safe(str(exc))}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("safehaven: interrupted", file=sys.stderr)
        return 130
    except Terminated:
        print("safehaven: terminated", file=sys.stderr)
        return 143
    finally:
        if was_off is not None:
            cache.set_disabled(was_off)
        if main_thread:
            signal.signal(signal.SIGTERM, previous)
    return status


def _quiet_pypdf() -> None:
    """pypdf logs its own warnings about damaged files; our message says it better."""
    import logging

    logging.getLogger("pypdf").setLevel(logging.ERROR)


class Terminated(BaseException):
    """SIGTERM, raised where the program is so that files being written are cleaned up."""


def _terminate(signum: int, frame: object) -> None:
    raise Terminated


def _command_named(arguments: Sequence[str]) -> str | None:
    """The command ``arguments`` run, if it is one of ours and nothing asks for the help or
    version of the whole program; else None (every command's parser is built)."""
    for argument in arguments:
        if argument in ("-h", "--help", "--version"):
            return None
        if not argument.startswith("-"):
            return argument if argument in COMMANDS else None
    return None


#: Every command, in the order ``--help`` lists them (a test holds it to the parser's).
COMMANDS = ("languages", "check", "stamp", "sample", "render", "contact-sheet", "preflight",
            "pack", "merge-manifests", "export", "import", "review-sheet", "studio",
            "normalize")


def _parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser; with ``only``, the parser of that one command alone is
    built (building every command's takes a new process about 10 ms)."""
    _ONLY[0] = only
    try:
        return _build_parser()
    finally:
        _ONLY[0] = None


#: The one command :func:`_parser` is building, while it builds.
_ONLY: list[str | None] = [None]


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="safehaven",
        description="Print-ready Safe Haven resolution documents in every family's language.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--no-cache", action="store_true",
                        help="neither read nor write the cache of checked texts and fitted "
                        "sizes (also: SAFEHAVEN_NO_CACHE=1)")
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")
    _command(commands, "languages", "list every language with its status", _languages)
    check = _command(commands, "check", "validate every text file", _check)
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    stamp = _command(
        commands, "stamp", "record that a translation matches the current English", _stamp
    )
    stamp.add_argument("tag", help="the language tag whose file to stamp, e.g. so")
    sample = _command(commands, "sample", "render the complete resolution as a PDF text sample",
                      _sample)
    sample.add_argument("--lang", action="append", metavar="TAG",
                        help="language tag (repeat for several; default: every language)")
    sample.add_argument("--out", type=Path, default=Path("samples"), metavar="DIR",
                        help="folder for the PDF files (default: ./samples)")
    sample.add_argument("--size", type=float, default=11.0, help="type size in points")
    sample.add_argument("--force", action="store_true", help="replace existing files")
    render = _command(commands, "render", "make a print-ready document in one language",
                      _render)
    render.add_argument("doc", choices=DOCUMENTS, help="which document")
    render.add_argument("--lang", metavar="TAG",
                        help="language tag, e.g. so (not for multilingual)")
    _render_options(render)
    render.add_argument("--out", metavar="FILE",
                        help="output file, or a folder ending in / (default: "
                        "out/DOC-LANG-SIZE.pdf, .png or .docx)")
    render.add_argument("--format", choices=FORMATS, default="pdf", dest="fmt",
                        help="pdf (default), png preview, or docx (an editable Word document)")
    render.add_argument("--preview", action="store_const", const="png", dest="fmt",
                        help="same as --format png")
    render.add_argument("--dpi", type=float, default=100.0,
                        help="resolution of PNG previews (default 100)")
    render.add_argument("--force", action="store_true", help="replace an existing output file")
    sheet = _command(commands, "contact-sheet",
                     "one PNG with a document in every language, for a look before printing",
                     _contact_sheet)
    sheet.add_argument("doc", choices=DOCUMENTS, help="which document")
    _render_options(sheet)
    sheet.add_argument("--out", type=Path, metavar="FILE", help="default: out/DOC-contact.png")
    sheet.add_argument("--force", action="store_true", help="replace an existing output file")
    check_pdf = _command(commands, "preflight",
                         "check a PDF as a print shop would, and whether it is accessible",
                         _preflight, texts=False)
    check_pdf.add_argument("file", type=Path, metavar="FILE.pdf")
    check_pdf.add_argument("--size", choices=(*SIZES, "half-letter"),
                           help="expected trim size")
    check_pdf.add_argument("--cmyk", action="store_true", help="expect CMYK or grey only")
    check_pdf.add_argument("--bleed", action="store_true", help="expect 0.125 in bleed")
    check_pdf.add_argument("--min-size", type=float, default=7.0, metavar="PT",
                           help="smallest allowed text size (default 7 pt)")
    check_pdf.add_argument("--accessible", action="store_true",
                           help="also fail when the PDF/UA checks fail (they are always shown)")
    _pack_parsers(commands)
    _translation_parsers(commands)
    _studio_parser(commands)
    normalize = _command(
        commands, "normalize", "rewrite text files in Unicode NFC", _normalize, texts=False
    )
    normalize.add_argument("files", nargs="+", type=Path, metavar="FILE")
    return parser


def _pack_parsers(commands: argparse._SubParsersAction) -> None:
    pack = _command(commands, "pack", "build every school site's print pack from a roster",
                    _pack)
    pack.add_argument("roster", nargs="?", type=Path, metavar="ROSTER",
                      help="CSV or .xlsx roster (default: the example district)")
    pack.add_argument("--out", type=Path, default=Path("dist"), metavar="DIR",
                      help="folder for the pack (default: ./dist)")
    pack.add_argument("--jobs", type=int, metavar="N", help="worker processes (default: cores)")
    pack.add_argument("--shard", metavar="I/N", help="build only the I-th of N slices of sites")
    pack.add_argument("--config", type=Path, metavar="FILE",
                      help="branding and [pack] settings (TOML)")
    pack.add_argument("--documents", metavar="LIST",
                      help="comma-separated: poster,digest,multilingual,letter,handout")
    pack.add_argument("--docx", action="store_true", default=None,
                      help="also editable Word files (DOCX) of each letter and digest, beside "
                      "the PDFs; they are not printed")
    pack.add_argument("--keep-going", action="store_true",
                      help="build the good sites when some rows or sites fail")
    pack.add_argument("--quiet", action="store_true", help="no progress, only the summary")
    pack.add_argument("--force", action="store_true",
                      help="replace pack files a person changed since the pack wrote them")
    pack.add_argument("--executor", choices=("processes", "dask"), default="processes",
                      help="local processes (default) or a dask.distributed cluster")
    pack.add_argument("--scheduler", metavar="ADDRESS",
                      help="dask scheduler address (default: a local cluster)")
    merge = _command(commands, "merge-manifests", "join the manifests of shard runs into one",
                     _merge_manifests, texts=False)
    merge.add_argument("manifests", nargs="+", type=Path, metavar="MANIFEST")
    merge.add_argument("--out", type=Path, required=True, metavar="DIR",
                       help="folder for the joined manifest.json, order-summary.csv, "
                       "warnings.txt")
    merge.add_argument("--force", action="store_true", help="replace existing files")


def _studio_parser(commands: argparse._SubParsersAction) -> None:
    studio = _command(commands, "studio", "a local web page to pick, preview and download "
                      "documents (needs the studio extra)", _studio)
    studio.add_argument("--host", default="127.0.0.1",
                        help="address to listen on (default 127.0.0.1: this computer only)")
    studio.add_argument("--port", type=int, default=8765, help="port (default 8765)")
    studio.add_argument("--open", action="store_true", help="open the page in a web browser")
    studio.add_argument("--roster", type=Path, metavar="FILE",
                        help="CSV or .xlsx roster of school sites (default: the example "
                        "district)")
    studio.add_argument("--config", type=Path, action="append", metavar="FILE",
                        help="branding file (TOML); repeat to offer several")
    studio.add_argument("--jobs", type=int, metavar="N",
                        help="worker processes for renders (default: cores, at most 4)")


def _studio(args: argparse.Namespace) -> int:
    from .studio.server import serve

    return serve(host=args.host, port=args.port, open_browser=args.open, texts=args.texts,
                 roster=args.roster, configs=args.config, jobs=args.jobs)


def _translation_parsers(commands: argparse._SubParsersAction) -> None:
    export = _command(commands, "export", "one language as XLIFF 1.2 or PO for translators "
                      "and reviewers", _export)
    export.add_argument("tag", help="the language to export, e.g. so")
    export.add_argument("--format", choices=("xliff", "po"), default="xliff", dest="fmt",
                        help="xliff (default, XLIFF 1.2) or po")
    export.add_argument("--out", type=Path, metavar="FILE",
                        help="default: TAG.xlf or TAG.po in the current folder")
    export.add_argument("--notes", type=Path, metavar="DIR",
                        help="folder of translator notes <tag>.md (default: the shipped ones)")
    export.add_argument("--force", action="store_true", help="replace an existing file")
    imp = _command(commands, "import", "write a returned XLIFF or PO file into its text "
                   "file, with the reviewer's approvals", _import)
    imp.add_argument("file", type=Path, metavar="FILE", help="the .xlf or .po file returned")
    imp.add_argument("--lang", metavar="TAG", help="refuse the file unless it holds TAG")
    imp.add_argument("--reviewer", metavar="NAME",
                     help="who approved the units marked approved/final in the file")
    imp.add_argument("--date", metavar="YYYY-MM-DD", help="day of the review (default: today)")
    sheet = _command(commands, "review-sheet", "a bilingual PDF and CSV for reviewing on paper",
                     _review_sheet)
    sheet.add_argument("tag", help="the language to review, e.g. so")
    sheet.add_argument("--out", type=Path, metavar="FILE",
                       help="the PDF (the CSV is written beside it); default: "
                       "review-TAG.pdf")
    sheet.add_argument("--force", action="store_true", help="replace existing files")


def _export(args: argparse.Namespace) -> int:
    from .translation.export import export

    out = args.out or Path(f"{args.tag}{'.po' if args.fmt == 'po' else '.xlf'}")
    if (out.exists() or out.is_symlink()) and not args.force:
        raise SafehavenError(f"{out} already exists; choose another --out or pass --force")
    data = export(args.tag, args.fmt, texts=args.texts, notes=args.notes)
    write_atomic(out, data, replace=args.force)
    print(f"wrote {out}")
    return EXIT_OK


def _import(args: argparse.Namespace) -> int:
    from .translation.exchange import ImportRefused
    from .translation.importing import import_file

    try:
        result = import_file(args.file, args.texts, lang=args.lang, reviewer=args.reviewer,
                             date=args.date)
    except ImportRefused as exc:
        for problem in exc.problems:
            print(terminal_safe(str(problem)), file=sys.stderr)
        print(f"\nrefused: {len(exc.problems)} problem(s); nothing was written",
              file=sys.stderr)
        return EXIT_PROBLEMS
    counts = result.counts
    what = "wrote" if result.written else "unchanged:"
    print(f"{what} {result.path}: {len(result.changed)} text(s) changed, "
          f"{len(result.approved)} unit(s) newly approved; {counts.reviewed} reviewed, "
          f"{counts.draft} draft, {counts.stale} stale of {counts.total}")
    return EXIT_OK


def _review_sheet(args: argparse.Namespace) -> int:
    from .translation.review_sheet import write_review_sheet

    out = args.out or Path(f"review-{args.tag}.pdf")
    pdf, csv_path = write_review_sheet(args.tag, out, texts=args.texts, force=args.force)
    print(f"wrote {pdf}\nwrote {csv_path}")
    return EXIT_OK


def _pack(args: argparse.Namespace) -> int:
    from .packs.build import build_pack
    from .packs.progress import progress_for

    if args.jobs is not None and not 1 <= args.jobs <= 256:
        raise SafehavenError("--jobs must be a whole number from 1 to 256")
    documents = args.documents.replace(",", " ").split() if args.documents else None
    progress, close = progress_for(quiet=args.quiet)
    try:
        result = build_pack(args.roster, out=args.out, jobs=args.jobs, shard=args.shard,
                            texts=args.texts, config=args.config, documents=documents,
                            docx=args.docx,
                            keep_going=args.keep_going, force=args.force,
                            executor_kind=args.executor, scheduler=args.scheduler,
                            progress=progress)
    finally:
        close()  # type: ignore[operator]
    unchanged = len(result.files) - len(result.written)
    print(f"built {len(result.sites)} site(s) into {result.out}: {len(result.written)} file(s) "
          f"written, {unchanged} unchanged, {len(result.removed)} removed")
    for site, why in result.failed:
        print(terminal_safe(f"safehaven: site {site} not built: {why}"), file=sys.stderr)
    print(f"manifest: {result.manifest}; {len(result.warnings)} warning(s) in "
          f"{result.out / 'warnings.txt'}")
    bad_rows = any(line.startswith("row left out") for line in result.warnings)
    return EXIT_PROBLEMS if result.failed or bad_rows else EXIT_OK


def _merge_manifests(args: argparse.Namespace) -> int:
    from .packs import manifest

    targets = [args.out / name for name in (manifest.MANIFEST, manifest.SUMMARY,
                                            manifest.WARNINGS)]
    existing = [str(t) for t in targets if t.exists()]
    if existing and not args.force:
        raise SafehavenError(f"{', '.join(existing)} already exist(s); choose another --out "
                             "or pass --force")
    loaded = [manifest.load(path) for path in args.manifests]
    merged = manifest.merge(loaded, [str(p) for p in args.manifests])
    manifest.write_district(args.out, merged)
    print(f"joined {len(loaded)} manifest(s): {len(merged['sites'])} site(s), "
          f"{len(merged['files'])} file(s) -> {args.out / manifest.MANIFEST}")
    return EXIT_OK


def _command(
    commands: argparse._SubParsersAction,
    name: str,
    help_text: str,
    run: Callable[[argparse.Namespace], int],
    *,
    texts: bool = True,
) -> argparse.ArgumentParser:
    only = _ONLY[0]
    if only is not None and name != only:
        return _Unused()  # type: ignore[return-value]  # takes its arguments, builds nothing
    parser: argparse.ArgumentParser = commands.add_parser(
        name, help=help_text, description=help_text
    )
    if texts:
        parser.add_argument(
            "--texts",
            type=Path,
            metavar="DIR",
            default=None,
            help="folder of <tag>.toml text files (default: the shipped texts)",
        )
    parser.set_defaults(run=run)
    return parser


class _Unused:
    """The parser of a command that is not being run: its arguments are not worked out."""

    def add_argument(self, *args: object, **kwargs: object) -> None:
        return None


def _languages(args: argparse.Namespace) -> int:
    report = check_texts(args.texts, dates=False)
    texts = report.texts
    if texts is None:
        raise TextsError(report.all_problems())
    counts = {f.tag: f.review for f in report.files}
    rows = [("tag", "native name", "English name", "script", "direction", "status",
             "reviewed", "draft", "stale")]
    rows += [
        (m.tag, m.native_name, m.english_name, m.script, m.direction.value, m.status.value,
         *_counts(counts.get(m.tag)))
        for m in (language.meta for language in texts)
    ]
    print(_table(rows))
    return EXIT_OK


def _counts(review: ReviewCounts | None) -> tuple[str, str, str]:
    """Units reviewed, draft and stale, or dashes for the source."""
    if review is None:
        return "-", "-", "-"
    return str(review.reviewed), str(review.draft), str(review.stale)


def _check(args: argparse.Namespace) -> int:
    report = check_texts(args.texts)
    print(_table(_check_rows(report)))
    problems = report.all_problems()
    if problems:
        print()
    for problem in problems:
        print(terminal_safe(str(problem)))
    failed = not report.ok or (args.strict and bool(problems))
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    verdict = "FAILED" if failed else "ok"
    print(f"\n{verdict}: {len(report.files)} file(s), {errors} error(s), {warnings} warning(s)")
    return EXIT_PROBLEMS if failed else EXIT_OK


def _check_rows(report: CheckReport) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = [
        ("language", "file", "status", "reviewed", "draft", "stale", "missing", "extra",
         "stale sections", "errors", "warnings")
    ]
    for file in report.files:
        rows.append(
            (
                file.tag or "?",
                file.path.name,
                file.status or "?",
                *_counts(file.review),
                _keys(file, "missing-key"),
                _keys(file, "unknown-key"),
                ", ".join(k.removeprefix("translated_from.") for k in file.stale) or "-",
                str(sum(p.is_error for p in file.problems)),
                str(sum(not p.is_error for p in file.problems)),
            )
        )
    return rows


def _keys(file: FileReport, code: str) -> str:
    keys = file.keys_with(code)
    if not keys:
        return "0"
    shown = ", ".join(keys[:2]) + (", …" if len(keys) > 2 else "")
    return f"{len(keys)} ({shown})"


def _stamp(args: argparse.Namespace) -> int:
    report = check_texts(args.texts)
    source = _source_file(report)
    target = _file_for_tag(report, args.tag)
    if source is None or target is None:
        return EXIT_PROBLEMS
    if target is source:
        print("safehaven: the source file needs no stamp; stamp a translation", file=sys.stderr)
        return EXIT_USAGE
    from .model.editing import stamp_file  # tomlkit: only this command and normalize
    from .model.fingerprint import source_fingerprints
    from .model.tomlfile import read_toml

    parsed = read_toml(source.path)
    if isinstance(parsed, Problem):
        print(parsed, file=sys.stderr)
        return EXIT_PROBLEMS
    fingerprints = source_fingerprints(parsed.data)
    stamp_file(target.path, fingerprints)
    print(f"stamped {target.path}: " + ", ".join(f"{k}={v}" for k, v in fingerprints.items()))
    return EXIT_OK


def _source_file(report: CheckReport) -> FileReport | None:
    for file in report.files:
        if file.status == "source" and file.ok:
            return file
    print(
        "safehaven: the source file has errors or is missing; run `safehaven check`",
        file=sys.stderr,
    )
    return None


def _file_for_tag(report: CheckReport, tag: str) -> FileReport | None:
    for file in report.files:
        if (file.tag or "").lower() == tag.lower():
            return file
    known = ", ".join(f.tag for f in report.files if f.tag)
    print(f"safehaven: no text file declares tag {tag!r}; known: {known}", file=sys.stderr)
    return None


def _sample(args: argparse.Namespace) -> int:
    from .writers.sample import write_sample

    texts = load_texts(args.texts)
    languages = [texts[tag] for tag in args.lang] if args.lang else list(texts)
    if not 4 <= args.size <= 72:
        print("safehaven: --size must be between 4 and 72 points", file=sys.stderr)
        return EXIT_USAGE
    paths = [args.out / f"sample-{language.tag}.pdf" for language in languages]
    existing = [str(path) for path in paths if path.exists()]
    if existing and not args.force:
        print(f"safehaven: {', '.join(existing)} already exist(s); pass --force to replace",
              file=sys.stderr)
        return EXIT_USAGE
    for language, target in zip(languages, paths, strict=True):
        path = write_sample(language, target, args.size)
        print(f"wrote {path}")
    return EXIT_OK


def _render_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--size", choices=SIZES, default="tabloid",
                        help="sheet for posters (default tabloid, 11x17 in)")
    parser.add_argument("--site", metavar="NAME", help='school name for "Posted at"')
    parser.add_argument("--config", type=Path, metavar="FILE",
                        help="branding file (TOML); default: Milwaukee Public Schools")
    parser.add_argument("--bleed", action="store_true", help="add 0.125 in bleed")
    parser.add_argument("--crop-marks", action="store_true", help="draw crop marks")
    parser.add_argument("--cmyk", action="store_true", help="CMYK colours for print shops")
    parser.add_argument("--with-english", action="store_true",
                        help="handout: English on the second half")
    parser.add_argument("--require-reviewed", action="store_true",
                        help="refuse draft translations")


def _render_kwargs(args: argparse.Namespace) -> dict[str, Any]:
    return {"size": args.size, "site": args.site, "texts": args.texts,
            "branding": args.config, "bleed": args.bleed, "crop_marks": args.crop_marks,
            "cmyk": args.cmyk, "with_english": args.with_english,
            "require_reviewed": args.require_reviewed}


def _render(args: argparse.Namespace) -> int:
    if args.doc == "multilingual":
        lang = args.lang or "en"
        name = f"multilingual-{args.size}"
    elif args.lang:
        lang, name = args.lang, f"{args.doc}-{args.lang}-{args.size}"
    else:
        print(f"safehaven: {args.doc} needs --lang TAG (see `safehaven languages`)",
              file=sys.stderr)
        return EXIT_USAGE
    out = _output_path(args.out, f"{name}.{args.fmt}")
    if not 20 <= args.dpi <= 600:
        print("safehaven: --dpi must be between 20 and 600", file=sys.stderr)
        return EXIT_USAGE
    if args.fmt != "docx":  # a Word file is made without ReportLab
        _libraries_on_first_use()
    path = write(out, args.doc, lang, force=args.force, fmt=args.fmt, dpi=args.dpi,
                 **_render_kwargs(args))
    print(f"wrote {path}")
    return EXIT_OK


def _libraries_on_first_use() -> None:
    """Let Pillow's image module load when first used, and keep ReportLab from loading
    HarfBuzz for a shaping of its own.

    ReportLab imports ``PIL.Image`` (15-20 ms) whole, though a poster without a logo
    never uses it: here it is set to load at first use. It also imports ``uharfbuzz``
    (20 ms) to shape strings it is asked to draw; we draw glyphs HarfBuzz placed already
    and never ask it to, and a render whose paragraphs come from the cache on disk needs
    no HarfBuzz at all. So ReportLab is imported here while ``uharfbuzz`` is marked
    absent, and our engine imports it when it sets a paragraph. (A lazy module would not
    do: an ``import`` statement reads its ``__spec__``, which loads it.)

    Only for this command: its one process renders one document in one thread, and
    Python 3.11's lazy loader is not safe when two threads first touch a module at once
    (packs render in threads); a program that imports this package keeps ReportLab as
    it is.
    """
    import importlib.util

    if "PIL.Image" not in sys.modules:
        try:
            spec = importlib.util.find_spec("PIL.Image")
        except (ImportError, ValueError):
            spec = None
        if spec is not None and spec.loader is not None:
            loader = importlib.util.LazyLoader(spec.loader)
            spec.loader = loader
            module = importlib.util.module_from_spec(spec)
            sys.modules["PIL.Image"] = module
            loader.exec_module(module)
            setattr(sys.modules["PIL"], "Image", module)  # noqa: B010 - as an import would
    if "reportlab.pdfbase.ttfonts" not in sys.modules and "uharfbuzz" not in sys.modules:
        sys.modules["uharfbuzz"] = None  # type: ignore[assignment]  # "import" raises
        try:
            import reportlab.pdfbase.ttfonts  # noqa: F401 - imported without HarfBuzz
        finally:
            del sys.modules["uharfbuzz"]


def _output_path(given: str | None, default_name: str) -> Path:
    """``--out`` as given; a folder (existing, or written with a final /) gets the name."""
    if not given:
        return Path("out") / default_name
    if given.endswith(("/", os.sep)) or Path(given).is_dir():
        return Path(given) / default_name
    return Path(given)


def _contact_sheet(args: argparse.Namespace) -> int:
    from .writers.png import contact_sheet, page_images

    out = args.out or Path("out") / f"{args.doc}-contact.png"
    if out.exists() and not args.force:
        raise SafehavenError(f"{out} already exists; choose another --out or pass --force")
    texts = load_texts(args.texts)
    kwargs = _render_kwargs(args) | {"texts": texts}
    previews = []
    for language in texts:
        pdf = render(args.doc, language.tag, **kwargs)
        previews.append((f"{language.tag} - {language.meta.english_name}",
                         page_images(pdf, 40)[0]))
    write_atomic(out, contact_sheet(previews))
    print(f"wrote {out}")
    return EXIT_OK


def _preflight(args: argparse.Namespace) -> int:
    from .layout.documents.common import sheet_size
    from .layout.marks import BLEED
    from .preflight import (
        Expectations,
        accessibility,
        format_accessibility,
        format_report,
        preflight,
    )

    if not args.file.is_file():
        print(f"safehaven: {args.file}: no such file", file=sys.stderr)
        return EXIT_USAGE
    if not 0 < args.min_size <= 72:  # also refuses nan and inf
        print("safehaven: --min-size must be a size in points from 0 to 72", file=sys.stderr)
        return EXIT_USAGE
    expect = Expectations(page_size=sheet_size(args.size) if args.size else None,
                          cmyk=args.cmyk, bleed=BLEED if args.bleed else None,
                          min_text_size=args.min_size)
    report = preflight(args.file, expect)
    print(format_report(report, str(args.file)))
    access = accessibility(args.file)
    print(format_accessibility(access))
    return EXIT_OK if report.ok and (access.ok or not args.accessible) else EXIT_PROBLEMS


def _normalize(args: argparse.Namespace) -> int:
    from .model.editing import normalize_file

    for path in args.files:
        if not path.is_file():
            print(f"safehaven: {path}: no such file", file=sys.stderr)
            return EXIT_USAGE
    for path in args.files:
        try:
            changed = normalize_file(path)
        except UnicodeDecodeError:
            print(f"safehaven: {path}: not UTF-8; save it as UTF-8 first", file=sys.stderr)
            return EXIT_PROBLEMS
        print(f"{path}: {'rewritten in NFC' if changed else 'already NFC'}")
    return EXIT_OK


def _table(rows: Sequence[tuple[str, ...]]) -> str:
    rows = [tuple(terminal_safe(cell) for cell in row) for row in rows]
    widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [cell + " " * (widths[i] - _width(cell)) for i, cell in enumerate(row)]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def _width(text: str) -> int:
    """Terminal columns, counting combining marks as zero wide."""
    import unicodedata

    return sum(
        0
        if unicodedata.combining(c) or unicodedata.category(c) == "Mn"
        else 2
        if unicodedata.east_asian_width(c) in "WF"
        else 1
        for c in text
    )


if __name__ == "__main__":
    sys.exit(main())
