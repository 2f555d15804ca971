"""The one file-writing routine: whole files only, nothing a user had is lost."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from safehaven_docs.cli import main
from safehaven_docs.files import OutputError, write_atomic


def _temporaries(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p.name.endswith(".tmp")]


def test_writes_and_replaces_a_regular_file(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "x.pdf"
    write_atomic(target, b"one")
    write_atomic(target, b"two")
    assert target.read_bytes() == b"two"
    assert not _temporaries(target.parent)


def test_a_folder_is_never_replaced(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    with pytest.raises(OutputError, match="is a folder"):
        write_atomic(tmp_path / "d", b"x")
    assert (tmp_path / "d").is_dir()


def test_a_file_in_the_way_of_a_folder_is_named(tmp_path: Path) -> None:
    (tmp_path / "file").write_bytes(b"keep")
    with pytest.raises(OutputError, match="is a file, not a folder"):
        write_atomic(tmp_path / "file" / "x.pdf", b"x")
    assert (tmp_path / "file").read_bytes() == b"keep"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_devices_and_pipes_are_never_replaced(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    with pytest.raises(OutputError, match="device, pipe or socket"):
        write_atomic(pipe, b"x")
    assert pipe.is_fifo()
    with pytest.raises(OutputError, match="device, pipe or socket"):
        write_atomic(Path("/dev/null"), b"x")
    assert Path("/dev/null").is_char_device()


def test_without_replace_an_existing_file_is_kept(tmp_path: Path) -> None:
    target = tmp_path / "x.pdf"
    target.write_bytes(b"mine")
    with pytest.raises(OutputError, match="already exists"):
        write_atomic(target, b"new", replace=False)
    assert target.read_bytes() == b"mine"


def test_a_file_that_appears_while_writing_is_kept(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "x.pdf"
    real_fsync = os.fsync

    def someone_else_writes(fd: int) -> None:
        real_fsync(fd)
        if not target.exists():
            target.write_bytes(b"theirs")

    monkeypatch.setattr(os, "fsync", someone_else_writes)
    with pytest.raises(OutputError, match="appeared while it was being written"):
        write_atomic(target, b"ours", replace=False)
    assert target.read_bytes() == b"theirs"
    assert not _temporaries(tmp_path)


@pytest.mark.parametrize(("code", "words"), [(errno.ENOSPC, "disk is full"),
                                             (errno.EROFS, "read-only"),
                                             (errno.EACCES, "permission denied")])
def test_a_failing_disk_leaves_the_old_file_and_no_temporary(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, words: str) -> None:
    target = tmp_path / "x.pdf"
    target.write_bytes(b"old")

    def fail(fd: int) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, "fsync", fail)
    with pytest.raises(OutputError, match=words):
        write_atomic(target, b"new" * 1000)
    assert target.read_bytes() == b"old"
    assert not _temporaries(tmp_path)


def test_a_link_is_written_through_and_stays_a_link(tmp_path: Path) -> None:
    real = tmp_path / "real.toml"
    real.write_bytes(b"old")
    link = tmp_path / "link.toml"
    link.symlink_to(real)
    write_atomic(link, b"new")
    assert link.is_symlink() and real.read_bytes() == b"new"


def test_render_into_a_folder_given_with_a_slash(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["render", "digest", "--lang", "en", "--out", "new/"]) == 0
    assert (tmp_path / "new" / "digest-en-tabloid.pdf").is_file()
    assert main(["render", "digest", "--lang", "en", "--out", "new", "--force"]) == 0
    assert (tmp_path / "new").is_dir()


def test_sigterm_during_a_render_ends_cleanly(tmp_path: Path) -> None:
    out = tmp_path / "out"
    process = subprocess.Popen(
        [sys.executable, "-m", "safehaven_docs.cli", "render", "poster", "--lang", "my",
         "--out", str(out / "poster.pdf")], stderr=subprocess.PIPE, text=True)
    time.sleep(2.0)
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=60)
    assert "Traceback" not in err
    if process.returncode in (143, -signal.SIGTERM):  # stopped (or still starting up)
        assert process.returncode == -signal.SIGTERM or "terminated" in err
        # Nothing half-written: no file, or (when the signal came just after the write
        # was renamed into place) the whole file, and never a temporary file left behind.
        left = sorted(path.name for path in out.iterdir()) if out.exists() else []
        assert left in ([], ["poster.pdf"]), left
        if left:
            assert (out / "poster.pdf").read_bytes().rstrip().endswith(b"%%EOF")
    else:  # finished before the signal: a whole file
        assert process.returncode == 0
        assert (out / "poster.pdf").read_bytes().rstrip().endswith(b"%%EOF")


def test_the_next_write_sweeps_what_a_killed_write_left(tmp_path: Path) -> None:
    target = tmp_path / "poster.pdf"
    dead = subprocess.Popen([sys.executable, "-c", ""])  # a process that has ended
    dead.wait()
    left = tmp_path / f".poster.pdf.{dead.pid}.abcd1234.tmp"
    left.write_bytes(b"%PDF-1.4 half")
    running = tmp_path / f".poster.pdf.{os.getpid()}.efgh5678.tmp"  # a write going on now
    running.write_bytes(b"%PDF-1.4 in progress")
    old = tmp_path / f".poster.pdf.{os.getpid()}.ijkl9012.tmp"
    old.write_bytes(b"old")
    os.utime(old, (time.time() - 7 * 3600,) * 2)
    other = tmp_path / f".letter.pdf.{dead.pid}.abcd1234.tmp"  # another file's: not ours now
    other.write_bytes(b"x")
    mine_not = tmp_path / ".poster.pdf.notes.tmp"  # not our naming
    mine_not.write_bytes(b"x")
    write_atomic(target, b"%PDF-1.4 whole")
    assert target.read_bytes() == b"%PDF-1.4 whole"
    assert not left.exists() and not old.exists()
    assert running.exists() and other.exists() and mine_not.exists()


def test_a_render_killed_while_writing_leaves_nothing_after_the_next_run(tmp_path: Path) -> None:
    out = tmp_path / "poster.pdf"
    script = ("import os, signal, safehaven_docs.files as f\n"
              "real = os.fsync\n"
              "def stop(fd):\n"
              "    real(fd)\n"
              "    os.kill(os.getpid(), signal.SIGKILL)\n"
              "os.fsync = stop\n"
              f"f.write_atomic({str(out)!r}, b'%PDF-1.4 data')\n")
    killed = subprocess.run([sys.executable, "-c", script], check=False)
    assert killed.returncode == -signal.SIGKILL
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")], "left behind"
    assert main(["render", "digest", "--lang", "en", "--out", str(out)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["poster.pdf"]


def test_a_users_file_is_synced_and_a_cache_entry_is_not(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A cache entry a power cut damages fails its check and is made again (the damaged
    cache test in test_disk_cache.py), so it skips the sync a user's file needs."""
    from safehaven_docs import cache

    synced: list[int] = []
    real_fsync = os.fsync

    def counted(fd: int) -> None:
        synced.append(fd)
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", counted)
    monkeypatch.delenv(cache.ENV_OFF, raising=False)
    monkeypatch.setenv(cache.ENV_DIR, str(tmp_path / "cache"))
    cache.store("fitted", "k" * 64, 12.5)
    cache.store_bytes("bundle", "b" * 64, b"data")
    assert cache.load("fitted", "k" * 64) == 12.5
    assert cache.load_bytes("bundle", "b" * 64, 100) == b"data"
    assert synced == []
    write_atomic(tmp_path / "poster.pdf", b"%PDF")
    assert len(synced) == 2  # the file, then its folder
