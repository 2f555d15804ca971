"""Benchmark: one poster per language, ours beside Typst compiling the same poster.

    python benchmarks/render.py [--runs N] [--typst-runs N] [--cold-runs N] [--cold-only]
                                [--lang TAG ...]

In one process, for every language, medians of N runs of:

- **ours warm**: ``render("poster", lang, texts=loaded)`` in a warm process (fonts,
  texts and the engine's caches as a district tool calling ``render`` again has them);
  laying out, preflighting and writing the PDF;
- **ours, caches cleared**: the same after :func:`typeset.clear_caches` and the poster's
  own ``clear_caches`` (every paragraph itemized, shaped, broken and placed again at every
  size the search tries; fonts stay loaded);
- **Typst fresh**: Typst 0.15 (``pip install typst``) compiling the same poster from
  ``benchmarks/typst_reference`` (same texts, fonts, sheet, structure, and the same
  search for the largest body size that fits). Each compile is a source Typst has not
  seen *in a way its memoization cannot answer*: ``#set text(tracking: k·1e-6pt)`` with
  a new k changes a style every paragraph depends on, so everything is shaped and laid
  out again (the page looks the same). A different comment is not enough: the content
  is unchanged and the layout comes from Typst's cache (the **Typst, comment**
  column shows what that measures);
- **Typst at our size**: fresh, with the body size our layout found given, so Typst
  lays the page out once instead of searching: the least Typst can do for this poster.

Then the cold command line: ``safehaven render poster --lang LANG --out FILE`` in a new
process each time (bytecode compiled, as after installing), median wall and CPU time,
in every language, twice: with the cache on disk filled by an earlier render of the same
poster (as for anyone who has rendered before), and with an empty cache folder for each
process (the first render after installing, or after a text or the package changed).
``--cold-only`` measures just that.

Ratios are Typst ÷ ours (above 1: ours is faster). Not a test: timings depend on the
machine and on what else it runs. Results go to benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from safehaven_docs.model import TextSet

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LANGUAGES = ("en", "es", "so", "hmn", "rhg-Latn", "ar", "my", "ksw", "rhg")


def median_ms(run: Callable[[], object], times: int,
              before: Callable[[], object] | None = None) -> float:
    """Median wall time of ``run`` in milliseconds (``before`` runs untimed first)."""
    samples = []
    for _ in range(times):
        if before is not None:
            before()
        start = time.perf_counter()
        run()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def body_size(lang: str, texts: TextSet) -> float:
    """The body size our poster in ``lang`` was set at (its most common paragraph size)."""
    from safehaven_docs.branding import DEFAULT_BRANDING
    from safehaven_docs.documents import Options, lay_out
    from safehaven_docs.layout.page import TextBlock

    document = lay_out("poster", lang, texts, DEFAULT_BRANDING, Options())
    sizes = Counter(round(block.paragraph.size, 4) for block in document.pages[0].blocks
                    if isinstance(block, TextBlock))
    return sizes.most_common(1)[0][0]


class Typst:
    """Compiles Typst sources, each one new to Typst's memoization."""

    def __init__(self) -> None:
        from benchmarks.typst_reference import compile_one, typst_source

        self.compile_one, self.typst_source = compile_one, typst_source
        self.counter = 0
        compile_one(typst_source("poster", "en"))  # fonts and templates loaded once

    def fresh(self, source: str) -> Callable[[], object]:
        def run() -> object:
            self.counter += 1
            return self.compile_one(f"#set text(tracking: {self.counter}e-6pt)\n{source}")
        return run

    def commented(self, source: str) -> Callable[[], object]:
        def run() -> object:
            self.counter += 1
            return self.compile_one(f"{source}// run {self.counter}\n")
        return run


def cold_cli(runs: int, lang: str, *, filled: bool) -> tuple[float, float]:
    """Median wall and CPU seconds of a fresh ``safehaven render poster --lang LANG``.

    ``filled``: the cache on disk holds what earlier renders of the same poster put
    there (the texts' check and parse, the fitted size, the fonts' parse; the set
    paragraphs and the lines' operators, which the first render keeps), as for
    anyone who has rendered that poster before;
    otherwise each process starts with an empty cache folder of its own (the first
    render after installing, or after the texts or the package changed).
    """
    import resource

    script = Path(sys.executable).with_name("safehaven")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "safehaven_docs.cli"]
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONDONTWRITEBYTECODE", "SAFEHAVEN_NO_CACHE")}
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / f"poster-{lang}.pdf"
        args = [*command, "render", "poster", "--lang", lang, "--out", str(out), "--force"]
        env["SAFEHAVEN_CACHE_DIR"] = str(Path(folder) / "cache")
        for _ in range(2):  # bytecode and the cache (the first fills it; the second checks)
            subprocess.run(args, check=True, env=env, capture_output=True)
        walls, cpus = [], []
        for run in range(runs):
            if not filled:
                env["SAFEHAVEN_CACHE_DIR"] = str(Path(folder) / f"empty-{run}")
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run(args, check=True, env=env, capture_output=True)
            walls.append(time.perf_counter() - start)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def cold_table(runs: int, languages: list[str]) -> list[dict[str, float | str]]:
    """The cold command line in every language, with the cache filled and empty."""
    print(f"\ncold `safehaven render poster --lang LANG --out FILE`, medians of {runs} "
          "processes, s\n"
          f"{'lang':9} {'filled wall':>11} {'cpu':>6} {'empty wall':>11} {'cpu':>6}", flush=True)
    rows: list[dict[str, float | str]] = []
    for lang in languages:
        filled_wall, filled_cpu = cold_cli(runs, lang, filled=True)
        empty_wall, empty_cpu = cold_cli(runs, lang, filled=False)
        rows.append({"lang": lang, "filled_wall_s": filled_wall, "filled_cpu_s": filled_cpu,
                     "empty_wall_s": empty_wall, "empty_cpu_s": empty_cpu})
        print(f"{lang:9} {filled_wall:11.3f} {filled_cpu:6.3f} {empty_wall:11.3f} "
              f"{empty_cpu:6.3f}", flush=True)
    return rows


def warm_table(args: argparse.Namespace) -> list[dict[str, float | str]]:
    """Ours warm and with caches cleared, beside Typst, per language (in this process,
    with the cache on disk off: "caches cleared" must search for the size again)."""
    os.environ["SAFEHAVEN_NO_CACHE"] = "1"
    import safehaven_docs as sh
    from safehaven_docs.layout.documents import poster
    from safehaven_docs.text import typeset

    def clear_caches() -> None:
        typeset.clear_caches()
        poster.clear_caches()

    texts = sh.load_texts()
    typst = Typst()
    rows: list[dict[str, float | str]] = []
    header = (f"{'lang':9} {'ours warm':>10} {'cleared':>8} {'Typst':>8} {'at size':>8} "
              f"{'comment':>8} {'T÷warm':>7} {'T÷clear':>8} {'size÷warm':>9}")
    print(f"poster, tabloid; medians of {args.runs} (ours) and {args.typst_runs} (Typst) runs, "
          "ms\n" + header, flush=True)
    for lang in args.lang or LANGUAGES:
        def ours(lang: str = lang) -> bytes:
            return sh.render("poster", lang, texts=texts)

        ours()
        warm = median_ms(ours, args.runs)
        cleared = median_ms(ours, max(3, args.runs // 3), before=clear_caches)
        source = typst.typst_source("poster", lang)
        sized = typst.typst_source("poster", lang, body_size=body_size(lang, texts))
        fresh = median_ms(typst.fresh(source), args.typst_runs)
        at_size = median_ms(typst.fresh(sized), args.typst_runs)
        comment = median_ms(typst.commented(source), args.typst_runs)
        row = {"lang": lang, "ours_warm_ms": warm, "ours_cleared_ms": cleared,
               "typst_fresh_ms": fresh, "typst_at_our_size_ms": at_size,
               "typst_comment_ms": comment}
        rows.append(row)
        print(f"{lang:9} {warm:10.1f} {cleared:8.1f} {fresh:8.1f} {at_size:8.1f} "
              f"{comment:8.1f} {fresh / warm:7.1f} {fresh / cleared:8.1f} "
              f"{at_size / warm:9.2f}", flush=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=21, help="timed renders per language")
    parser.add_argument("--typst-runs", type=int, default=7, help="timed compiles per variant")
    parser.add_argument("--cold-runs", type=int, default=7,
                        help="fresh command-line processes per language and cache state")
    parser.add_argument("--cold-only", action="store_true",
                        help="only the cold command line (no Typst, no warm renders)")
    parser.add_argument("--lang", action="append", help="only these languages (repeatable)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()

    rows = [] if args.cold_only else warm_table(args)
    cold = cold_table(args.cold_runs, args.lang or list(LANGUAGES))
    if args.json:
        args.json.write_text(json.dumps({"posters": rows, "cold_cli": cold}, indent=2),
                             encoding="utf-8")


if __name__ == "__main__":
    main()
