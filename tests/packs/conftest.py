"""Shared helpers for the district print pack tests: tiny rosters and packs built once.

Rendering costs a fraction of a second per document, so every roster here is
small (a few sites, English plus Spanish and/or Arabic) and the packs that
several read-only tests inspect are built once per session.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

# Imported at collection time on purpose: ``progress_for`` binds its default
# stream when this module is first imported, so importing it here makes the
# progress tests behave the same whatever order the tests run in (see
# test_cli_pack.py).
import safehaven_docs.packs.progress  # noqa: F401
from safehaven_docs import build_pack, load_texts

HEADER = ("site_id", "site_name", "type", "address", "phone", "poster_sizes", "poster_copies",
          "en", "es", "ar")

#: The small district most build tests use (4 sites, English, Spanish, Arabic).
#: B2 prints posters on letter paper, two copies, and has its own phone number;
#: C3 has its own address; D4 reads all three languages.
SITES: tuple[dict[str, str], ...] = (
    {"site_id": "A1", "site_name": "Alpha School", "en": "10", "es": "5"},
    {"site_id": "B2", "site_name": "Beta School", "phone": "(414) 555-0100",
     "poster_sizes": "letter", "poster_copies": "2", "en": "20", "es": "0", "ar": "3"},
    {"site_id": "C3", "site_name": "Gamma School", "address": "12 Main St., Milwaukee, WI",
     "en": "7", "es": "155"},
    {"site_id": "D4", "site_name": "Delta Academy", "en": "4", "es": "11", "ar": "2"},
)
#: Documents that are cheap to render; the full set is used by ``full_pack`` only.
QUICK = ["digest", "letter"]


def write_roster(path: Path, rows: Sequence[dict[str, str]],
                 header: Sequence[str] = HEADER) -> Path:
    """A CSV roster at ``path`` with one line per row (missing cells left empty)."""
    stream = io.StringIO(newline="")
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(name, "") for name in header])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(stream.getvalue(), encoding="utf-8")
    return path


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def manifest_of(out: Path) -> dict[str, Any]:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def hashes(out: Path) -> dict[str, str]:
    """Path → sha256 of every file the manifest lists."""
    return {entry["path"]: entry["sha256"] for entry in manifest_of(out)["files"]}


def visible_files(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` outside hidden folders and not hidden, by relative path."""
    found = {}
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if path.is_file() and not any(part.startswith(".") for part in relative.parts):
            found[relative.as_posix()] = path.read_bytes()
    return found


@dataclass(frozen=True)
class Built:
    """A pack built once for the session; tests must only read it."""

    roster: Path
    out: Path
    result: Any  # PackResult


@pytest.fixture(scope="session")
def known_tags() -> tuple[str, ...]:
    return tuple(load_texts().tags)


@pytest.fixture(scope="session")
def district(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 4-site roster in a session folder (read-only)."""
    return write_roster(tmp_path_factory.mktemp("district") / "sites.csv", SITES)


@pytest.fixture(scope="session")
def quick_pack(district: Path, tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The 4-site district with digests and letters only, built serially."""
    out = tmp_path_factory.mktemp("quick") / "pack"
    return Built(district, out, build_pack(district, out=out, jobs=1, documents=QUICK))


@pytest.fixture(scope="session")
def full_pack(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """Three sites with every document, built serially."""
    roster = write_roster(tmp_path_factory.mktemp("full") / "sites.csv", SITES[:3])
    out = roster.parent / "pack"
    return Built(roster, out, build_pack(roster, out=out, jobs=1))


# -- running the command in a subprocess --------------------------------------------------------

def pack_command(roster: Path, out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "safehaven_docs.cli", "pack", str(roster), "--out", str(out),
            *extra]


def start(command: list[str], cwd: Path) -> subprocess.Popen[str]:
    """Start ``command`` in its own session, so that it and its workers can be signalled."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True, env=env)


def wait_for(predicate: Any, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.01)


def group_members(pgid: int) -> list[int]:
    """Live (not zombie) processes in process group ``pgid`` (Linux /proc)."""
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()  # after "pid (comm) "
        state, group = fields[0], int(fields[2])
        if group == pgid and state not in ("Z", "X"):
            members.append(int(entry.name))
    return members


def kill_group(pgid: int) -> None:
    """SIGKILL every process left in the group this test started."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, signal.SIGKILL)


@pytest.fixture
def started() -> Iterator[list[subprocess.Popen[str]]]:
    """Processes a test starts; whatever is left of their groups is killed afterwards."""
    processes: list[subprocess.Popen[str]] = []
    yield processes
    for process in processes:
        kill_group(process.pid)
        if process.poll() is None:
            process.kill()
        process.communicate()


def copy_pack(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    return target
