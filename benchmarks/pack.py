"""Benchmark: the example district's print packs, beside Typst making the same documents.

    python benchmarks/pack.py [--sites N] [--typst] [--big 2000]

Measures, each as a fresh ``safehaven pack`` process: cold time with ``--jobs 1`` and
``--jobs 2``, the incremental (unchanged) time, documents per second, peak memory (max
RSS of the process and its workers), the marginal cost of one more site once its
languages are cached, and optionally peak memory on a synthetic roster of ``--big``
sites. With ``--typst``, Typst (``pip install typst``) compiles every PDF document of
the same manifest one by one in one process, from ``benchmarks/typst_reference``.

Not a test: timings depend on the machine. Results go to benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import csv
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROSTER = ROOT / "examples" / "sites.csv"


#: Runs one pack in a fresh process and prints the largest resident size among it and
#: its workers (RUSAGE_CHILDREN of a process that ran nothing else).
_MEASURED = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def pack(roster: Path, out: Path, *extra: str) -> tuple[float, float]:
    """Seconds and peak MB (the largest process: main or a worker) of one pack run."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _MEASURED, sys.executable, "-m",
                           "safehaven_docs.cli", "pack", str(roster), "--out", str(out),
                           "--quiet", *extra], check=True, capture_output=True, text=True)
    return time.perf_counter() - start, int(done.stdout.split()[-1]) / 1024


def synthetic(rows: int, target: Path, languages: tuple[str, ...] = ("en", "es")) -> Path:
    """A roster of ``rows`` sites cycling the example district's rows with new ids."""
    with ROSTER.open(encoding="utf-8") as stream:
        source = list(csv.DictReader(stream))
    with target.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(source[0]))
        writer.writeheader()
        for index in range(rows):
            row = dict(source[index % len(source)])
            row["site_id"] = f"X{index:05d}"
            row["site_name"] = f"{row['site_name']} {index}"
            if languages:
                for tag in ("so", "hmn", "ar", "my", "ksw", "rhg", "rhg-Latn"):
                    if tag not in languages:
                        row[tag] = ""
            writer.writerow(row)
    return target


def documents_in(manifest: Path) -> list[dict]:
    data = json.loads(manifest.read_text(encoding="utf-8"))
    return [f for f in data["files"] if f["document"] not in ("print", "order")]


def typst_same(files: list[dict], sites: dict[str, str]) -> tuple[float, int]:
    """Typst compiling each document of the manifest one by one (one process, warm)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from typst_reference import compile_one, typst_source

    compile_one(typst_source("poster", "en"))  # load fonts once, as a warm process would
    start = time.perf_counter()
    for record in files:
        doc, lang = record["document"], record["language"]
        site = sites[record["site"]] if doc == "digest" else None
        size = record["size"] if doc in ("poster", "digest", "multilingual") else "letter"
        compile_one(typst_source(doc, "en" if lang == "mul" else lang, size=size, site=site))
    return time.perf_counter() - start, len(files)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--typst", action="store_true")
    parser.add_argument("--big", type=int, default=0, help="sites in the synthetic roster")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="pack-bench-"))
    results: dict[str, object] = {}
    try:
        for jobs in (1, 2):
            out = work / f"dist{jobs}"
            seconds, peak = pack(ROSTER, out, "--jobs", str(jobs))
            files = documents_in(out / "manifest.json")
            results[f"cold_jobs{jobs}_s"] = round(seconds, 1)
            results[f"peak_jobs{jobs}_mb"] = round(peak)
            results[f"docs_per_s_jobs{jobs}"] = round(len(files) / seconds, 1)
            results["documents"] = len(files)
        again = [pack(ROSTER, work / "dist2", "--jobs", "2")[0] for _ in range(3)]
        results["incremental_s"] = round(sorted(again)[1], 2)
        # One more site once every language's layout is cached: the same process sets 220 or
        # 420 sites (cycling the district's rows, so every shape is met early), the shared
        # documents already in the cache; the difference over 200 sites, median of 3.
        small, large = synthetic(220, work / "r220.csv"), synthetic(420, work / "r420.csv")
        pack(small, work / "warm", "--jobs", "1")
        margins = []
        for attempt in range(3):
            timed = {}
            for count, roster in ((220, small), (420, large)):
                out = work / f"m{count}-{attempt}"
                shutil.copytree(work / "warm" / ".safehaven" / "cache",
                                out / ".safehaven" / "cache")
                timed[count] = pack(roster, out, "--jobs", "1")[0]
            margins.append((timed[420] - timed[220]) / 200 * 1000)
        results["marginal_per_site_ms"] = round(sorted(margins)[1])
        if args.big:
            big = synthetic(args.big, work / "big.csv")
            seconds, peak = pack(big, work / "big", "--jobs", "2")
            results[f"sites{args.big}_s"] = round(seconds, 1)
            results[f"sites{args.big}_peak_mb"] = round(peak)
        if args.typst:
            manifest = json.loads((work / "dist2" / "manifest.json").read_text("utf-8"))
            names = {s["folder"]: s["name"] for s in manifest["sites"]}
            seconds, count = typst_same(documents_in(work / "dist2" / "manifest.json"), names)
            results["typst_same_documents_s"] = round(seconds, 1)
            results["typst_documents"] = count
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
