"""Benchmark: set one page of the full resolution in each language.

Reports, per language, the median milliseconds to lay out the complete
resolution (the text sample: every paragraph shaped, broken, reordered and
placed) cold (first time in a fresh process, caches empty — includes font
loading) and warm (caches filled, as in a district build that sets the same
texts for many sites), plus the median to write the PDF, and peak memory.

    python benchmarks/typeset_pages.py [--repeat N]

Not a test: timings depend on the machine. Results are kept in
benchmarks/RESULTS.md with the machine they were measured on.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
import tracemalloc

COLD = """
import time, json
t = time.perf_counter()
import safehaven_docs as sh
from safehaven_docs.layout.sample import sample_document
texts = sh.load_texts()
t0 = time.perf_counter()
sample_document(texts[{tag!r}])
print(json.dumps((time.perf_counter() - t0) * 1000))
"""


def _cold(tag: str, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        out = subprocess.run([sys.executable, "-c", COLD.format(tag=tag)], capture_output=True,
                             text=True, check=True).stdout
        runs.append(json.loads(out))
    return statistics.median(runs)


def _clear_layout_caches() -> None:
    """Forget every shaped run and set line; fonts stay loaded."""
    from safehaven_docs.text.typeset import clear_caches

    clear_caches()


def _warm(tag: str, repeat: int) -> tuple[float, float, float, float]:
    import safehaven_docs as sh
    from safehaven_docs.layout.sample import sample_document
    from safehaven_docs.writers.pdf import pdf_bytes

    language = sh.load_texts()[tag]
    sample_document(language)
    uncached, cached, write = [], [], []
    for _ in range(repeat):
        _clear_layout_caches()
        t0 = time.perf_counter()
        sample_document(language)
        t1 = time.perf_counter()
        document = sample_document(language)
        t2 = time.perf_counter()
        pdf_bytes(document)
        t3 = time.perf_counter()
        uncached.append((t1 - t0) * 1000)
        cached.append((t2 - t1) * 1000)
        write.append((t3 - t2) * 1000)
    _clear_layout_caches()
    tracemalloc.start()
    pdf_bytes(sample_document(language))
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    return (statistics.median(uncached), statistics.median(cached), statistics.median(write),
            peak)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    import safehaven_docs as sh

    print(f"{'lang':9} {'cold':>8} {'warm':>8} {'cached':>8} {'pdf':>8} {'peak MB':>8}")
    for tag in sh.load_texts().tags:
        cold = _cold(tag, max(3, args.repeat // 5))
        warm, cached, write, peak = _warm(tag, args.repeat)
        print(f"{tag:9} {cold:8.1f} {warm:8.1f} {cached:8.2f} {write:8.1f} {peak:8.1f}")


if __name__ == "__main__":
    main()
