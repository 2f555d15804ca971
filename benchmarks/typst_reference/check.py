"""Compile every document × language with Typst; print milliseconds, write PDFs.

    .venv/bin/python benchmarks/typst_reference/check.py [--runs N] [--out DIR]

Poster and digest at tabloid, the letter, the handout, and the multilingual
poster once. Everything runs warm in this one process (fonts loaded, the
templates compiled once before timing starts). Each timed compile gets a
changed source, in one of three ways, so the numbers say what Typst's
memoization can and cannot answer:

- **fresh**: ``#set text(tracking: N·1e-6pt)`` prepended, N new each run: a
  style every paragraph depends on changes, so Typst lays out and shapes
  everything again (the document looks the same). This is the comparable
  number: a document set from scratch.
- **site**: another "Posted at {site}" name each run (digest and handout
  only), as a district build makes the same documents for many schools;
  Typst reuses whatever the change did not touch.
- **comment**: a different comment appended each run; the content is the
  same, so layout is answered almost entirely from Typst's cache (PDF export
  is still done each time).

The **1-size** column is *fresh* with the body size given (the sheet's
minimum size), so Typst lays the document out once instead of searching for
the largest size that fits; the difference is the cost of that search.

Not a test: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import pypdfium2 as pdfium

import safehaven_docs as sh
from benchmarks.typst_reference import SIZES, compile_one, typst_source

SITE = "Hamilton High School"
ONE_PAGE = {"poster", "digest", "handout", "multilingual"}


def minimum_body(doc: str) -> float | None:
    """The low end of each document's size search (layout/documents/*.py)."""
    width, height = SIZES["tabloid"]
    low = round(9.0 * (min(width, height) / (8.5 * 72)) ** 0.75, 1)
    return {"poster": low, "digest": low, "handout": 8.0, "multilingual": low * 0.8}.get(doc)


def jobs(tags: list[str]) -> list[tuple[str, str]]:
    out = [(doc, tag) for doc in ("poster", "digest", "letter", "handout") for tag in tags]
    return [*out, ("multilingual", "mul")]


def timed(source: str) -> tuple[float, bytes]:
    start = time.perf_counter()
    pdf = compile_one(source)
    return (time.perf_counter() - start) * 1000, pdf


def median_ms(sources: list[str]) -> float:
    return statistics.median(timed(source)[0] for source in sources)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="timed compiles per variant")
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "typst-ref")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    tags = sh.load_texts().tags

    first, _ = timed(typst_source("digest", "en", site=SITE))  # fonts, templates
    print(f"first compile in this process (digest en): {first:.0f} ms")
    print(f"median of {args.runs} compiles per variant, ms\n")
    print(f"{'document':13} {'lang':9} {'fresh':>8} {'1-size':>8} {'site':>8} {'comment':>8} "
          f"{'pages':>6}")

    problems, totals = [], {}
    counter = 0
    for doc, tag in jobs(tags):
        site = SITE if doc in ("digest", "handout") else None
        source = typst_source(doc, tag, site=site)
        _, pdf = timed(source)
        name = f"{doc}-tabloid-{tag}" if doc in ("poster", "digest") else f"{doc}-{tag}"
        (args.out / f"{name}.pdf").write_bytes(pdf)
        pages = len(pdfium.PdfDocument(pdf))
        if doc in ONE_PAGE and pages != 1:
            problems.append(f"{name}: {pages} pages, expected 1")

        fresh = []
        for _ in range(args.runs):
            counter += 1
            fresh.append(f"#set text(tracking: {counter}e-6pt)\n{source}")
        fresh_ms = median_ms(fresh)
        low = minimum_body(doc)
        if low is not None:
            fixed = typst_source(doc, tag, site=site, body_size=low)
            counter += args.runs
            one_ms = median_ms([f"#set text(tracking: {counter + i}e-6pt)\n{fixed}"
                                for i in range(args.runs)])
        else:
            one_ms = fresh_ms
        if site:
            counter += args.runs
            site_ms = median_ms([typst_source(doc, tag, site=f"{SITE} {counter + i}")
                                 for i in range(args.runs)])
        else:
            site_ms = None
        comment_ms = median_ms([f"{source}// run {counter + i}\n" for i in range(args.runs)])
        counter += args.runs
        totals[doc] = totals.get(doc, 0.0) + fresh_ms
        site_text = f"{site_ms:8.1f}" if site_ms is not None else f"{'-':>8}"
        print(f"{doc:13} {tag:9} {fresh_ms:8.1f} {one_ms:8.1f} {site_text} {comment_ms:8.1f} "
              f"{pages:6}",
              flush=True)

    print("\nsum of fresh medians per document (all languages):")
    for doc, total in totals.items():
        print(f"  {doc:13} {total:8.1f} ms")
    print(f"  {'all':13} {sum(totals.values()):8.1f} ms")
    print(f"\nPDFs in {args.out}")
    for problem in problems:
        print("PROBLEM:", problem)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
