"""`safehaven pack` killed or interrupted halfway: whole files only; a rerun finishes the job."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from safehaven_docs import build_pack

from .conftest import (
    QUICK,
    SITES,
    Built,
    copy_pack,
    group_members,
    hashes,
    kill_group,
    pack_command,
    start,
    wait_for,
    write_roster,
)

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="uses process groups and /proc")

ARGS = ("--jobs", "2", "--documents", ",".join(QUICK))


def site_pdfs(out: Path) -> list[Path]:
    """Finished (not hidden, not temporary) PDFs in the site folders."""
    folders = [out / row["site_id"] for row in SITES]
    return [pdf for folder in folders if folder.is_dir() for pdf in folder.glob("*.pdf")
            if not pdf.name.startswith(".")]


def wait_for_site_files(process: subprocess.Popen[str], out: Path) -> None:
    wait_for(lambda: site_pdfs(out) or process.poll() is not None, 120,
             "the first file in a site folder")
    assert process.poll() is None, "the build ended before it could be interrupted"


def test_python_m_safehaven_docs_cli_runs_the_command() -> None:
    done = subprocess.run([sys.executable, "-m", "safehaven_docs.cli", "--version"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.startswith("safehaven ")


def test_after_kill_9_every_pdf_is_whole_and_a_rerun_gives_the_clean_pack(
        quick_pack: Built, tmp_path: Path, started: list[subprocess.Popen[str]]) -> None:
    out = tmp_path / "pack"
    command = pack_command(quick_pack.roster, out, *ARGS)
    process = start(command, tmp_path)
    started.append(process)
    wait_for_site_files(process, out)
    kill_group(process.pid)  # kill -9 the command and its workers: a power cut, the OOM killer
    process.communicate(timeout=30)
    assert process.returncode == -signal.SIGKILL
    assert not (out / "manifest.json").exists(), "the build finished before the kill"
    pdfs = [p for p in out.rglob("*.pdf") if not p.name.startswith(".")]
    assert pdfs
    for pdf in pdfs:
        data = pdf.read_bytes()
        assert data.rstrip().endswith(b"%%EOF"), f"{pdf} is cut short"
        assert len(PdfReader(io.BytesIO(data)).pages) >= 1, pdf
    rerun = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert "Traceback" not in rerun.stderr
    assert hashes(out) == hashes(quick_pack.out)
    left = [p for p in out.rglob("*.tmp") if p.parent.name != "sites"]  # see the next test
    assert left == [], "temporary files were left behind"


def test_a_rerun_sweeps_the_temporary_files_a_kill_left_anywhere(quick_pack: Built,
                                                                 tmp_path: Path) -> None:
    """A kill -9 in the middle of write_atomic leaves `.<name>.<8 chars>.tmp` next to the file.

    The pack writes into its root, the site folders, the render cache and the
    site records (.safehaven/sites); a rerun must clean up all of them.
    """
    out = copy_pack(quick_pack.out, tmp_path / "pack")
    leftovers = [out / ".manifest.json.k2x9_a7q.tmp", out / "A1" / ".print-A1.pdf.0ab_cd12.tmp",
                 out / ".safehaven" / "cache" / ".0123abcd.pdf.zz9_8yy7.tmp",
                 out / ".safehaven" / "sites" / ".A1.json.q1w2e3r4.tmp"]
    for path in leftovers:
        path.write_bytes(b"half a file")
    build_pack(quick_pack.roster, out=out, jobs=1, documents=QUICK)
    assert [str(p.relative_to(out)) for p in leftovers if p.exists()] == []


def test_killing_the_command_stops_its_worker_processes(
        district: Path, tmp_path: Path, started: list[subprocess.Popen[str]]) -> None:
    """`kill -9 <pid>` of `safehaven pack --jobs 2`: its workers must not live on.

    Orphaned workers keep rendering and writing into --out, racing the rerun
    a person starts next, and never exit.
    """
    out = tmp_path / "pack"
    process = start(pack_command(district, out, *ARGS), tmp_path)
    started.append(process)
    wait_for_site_files(process, out)
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)  # not communicate(): orphaned workers would hold its pipes open
    deadline = time.monotonic() + 5
    while group_members(process.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = group_members(process.pid)
    assert left == [], (f"{len(left)} worker process(es) kept running after the command was "
                        "killed")


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_exits_130_without_a_traceback(tmp_path: Path, jobs: str,
                                              started: list[subprocess.Popen[str]]) -> None:
    # One site: with two workers one of them is always waiting for work when Ctrl-C comes.
    roster = write_roster(tmp_path / "sites.csv", SITES[:1])
    out = tmp_path / "pack"
    process = start(pack_command(roster, out, "--jobs", jobs, "--documents", "digest,letter"),
                    tmp_path)
    started.append(process)
    wait_for(lambda: any((out / ".safehaven" / "cache").glob("*.pdf"))
             or process.poll() is not None, 120, "the first rendered document")
    assert process.poll() is None, "the build ended before it could be interrupted"
    os.killpg(process.pid, signal.SIGINT)  # Ctrl-C reaches the whole foreground group
    try:
        _, err = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        pytest.fail("the command hung after Ctrl-C")
    assert process.returncode == 130, err
    assert "Traceback" not in err, err
    assert err.rstrip().endswith("safehaven: interrupted")
    wait_for(lambda: not group_members(process.pid), 10, "the workers to exit")
