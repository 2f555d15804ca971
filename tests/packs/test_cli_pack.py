"""`safehaven pack`: summary, progress, and plain messages (exit 2) for every bad input."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest

from safehaven_docs.cli import main
from safehaven_docs.packs.progress import progress_for

from .conftest import SITES, write_roster


@pytest.fixture
def roster(tmp_path: Path) -> Path:
    return write_roster(tmp_path / "sites.csv", SITES[:2])  # A1 en+es, B2 en+ar


def pack(roster: Path, out: Path, *extra: str) -> int:
    return main(["pack", str(roster), "--out", str(out), "--jobs", "1", "--documents", "digest",
                 *extra])


def test_pack_prints_a_summary_and_nothing_else_when_quiet(
        roster: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "pack"
    assert pack(roster, out, "--quiet") == 0
    captured = capsys.readouterr()
    warnings = (out / "warnings.txt").read_text(encoding="utf-8").splitlines()[2:]
    assert captured.out.splitlines() == [
        f"built 2 site(s) into {out}: 8 file(s) written, 0 unchanged, 0 removed",
        f"manifest: {out / 'manifest.json'}; {len(warnings)} warning(s) in "
        f"{out / 'warnings.txt'}",
    ]
    assert captured.err == ""
    assert sorted(p.name for p in (out / "A1").iterdir()) == [
        "digest-en-tabloid.pdf", "digest-es-tabloid.pdf", "order-A1.csv", "print-A1.pdf"]
    assert pack(roster, out, "--quiet") == 0
    assert capsys.readouterr().out.startswith(
        f"built 2 site(s) into {out}: 0 file(s) written, 8 unchanged, 0 removed")


def test_a_bad_roster_lists_every_problem_and_exits_2(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    roster = write_roster(tmp_path / "sites.csv", [
        {**SITES[0], "es": "twelve"},
        {**SITES[1], "poster_copies": "0"},
        {**SITES[2], "site_id": "a1"},
    ])
    out = tmp_path / "pack"
    assert pack(roster, out) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    err = captured.err
    assert err.startswith("safehaven: 3 problem(s) in the roster; nothing was built:")
    for where in (f"{roster}:2 [es]: error: 'twelve' is not a number of families",
                  f"{roster}:3 [poster_copies]: error: '0' is not a number of copies",
                  f"{roster}:4 [site_id]: error: site id 'a1' is already used on line 2"):
        assert where in err
    assert err.count("fix: ") == 3
    assert "Traceback" not in err
    assert not out.exists()


@pytest.mark.parametrize(("extra", "message"), [
    (["--shard", "3/2"], "--shard '3/2': write I/N with 1 <= I <= N"),
    (["--shard", "two"], "--shard 'two'"),
    (["--jobs", "0"], "--jobs must be a whole number from 1 to 256"),
    (["--jobs", "-3"], "--jobs must be a whole number from 1 to 256"),
    (["--documents", "digest,flyer"], "unknown document(s) flyer"),
    (["--scheduler", "tcp://127.0.0.1:1"], "--scheduler goes with --executor dask"),
])
def test_bad_options_are_plain_messages(roster: Path, tmp_path: Path, extra: list[str],
                                        message: str,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "pack"
    args = ["pack", str(roster), "--out", str(out), "--quiet", "--jobs", "1", *extra]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("safehaven: ") and message in err, err
    assert "Traceback" not in err
    assert not any(out.glob("*/*.pdf"))


def test_a_missing_roster_and_an_out_that_is_a_file(roster: Path, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    assert pack(tmp_path / "missing.csv", tmp_path / "pack") == 2
    assert "missing.csv: error: no such file" in capsys.readouterr().err
    (tmp_path / "taken").write_text("a file", encoding="utf-8")
    assert pack(roster, tmp_path / "taken") == 2
    assert "is a file; give a folder" in capsys.readouterr().err


def test_keep_going_builds_the_good_sites_and_exits_1(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    roster = write_roster(tmp_path / "sites.csv", [SITES[0], {**SITES[1], "en": "-1"}])
    out = tmp_path / "pack"
    assert pack(roster, out, "--quiet", "--keep-going") == 1
    assert capsys.readouterr().out.startswith(f"built 1 site(s) into {out}")
    warnings = (out / "warnings.txt").read_text(encoding="utf-8")
    assert f"row left out: {roster}:3 [en]: error: '-1' is not a number of families" in warnings


def test_progress_is_plain_lines_when_stderr_is_not_a_terminal(
        roster: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert pack(roster, tmp_path / "pack") == 0
    err = capsys.readouterr().err.splitlines()
    assert "sites: 2 to build" in err, err
    assert any(line.startswith("sites: 2/2 (") for line in err), err
    assert not any("\x1b[" in line for line in err), "no terminal control codes in a log"


def test_progress_goes_to_the_current_stderr() -> None:
    """progress_for() must write to sys.stderr as it is when called, not when imported."""
    stream = io.StringIO()
    with contextlib.redirect_stderr(stream):
        progress, close = progress_for()
        progress.start("sites", 2)
        progress.advance("A1", 14)
        progress.advance("B2", 16)
        close()  # type: ignore[operator]
    lines = stream.getvalue().splitlines()
    assert lines[:1] == ["sites: 2 to build"]
    assert lines[-1].startswith("sites: 2/2 (")
    assert "documents/s" in lines[-1] and "s left)" in lines[-1]
