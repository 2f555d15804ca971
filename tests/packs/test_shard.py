"""Shards: --shard I/N builds a slice of the district; merge-manifests joins the slices."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from safehaven_docs import PackError, build_pack
from safehaven_docs.cli import main

from .conftest import QUICK, SITES, Built, manifest_of, write_roster

DISTRICT_FILES = ("manifest.json", "order-summary.csv", "warnings.txt")


@dataclass(frozen=True)
class Shards:
    single: Path
    parts: tuple[Path, Path]


@pytest.fixture(scope="module")
def shards(quick_pack: Built, tmp_path_factory: pytest.TempPathFactory) -> Shards:
    """The quick district built as shards 1/2 and 2/2 into two folders."""
    base = tmp_path_factory.mktemp("shards")
    parts = []
    for index in (1, 2):
        out = base / f"d{index}"
        build_pack(quick_pack.roster, out=out, jobs=1, shard=f"{index}/2", documents=QUICK)
        parts.append(out)
    return Shards(quick_pack.out, (parts[0], parts[1]))


def test_the_shards_split_the_sites(shards: Shards) -> None:
    ids = [[s["id"] for s in manifest_of(part)["sites"]] for part in shards.parts]
    assert all(ids), ids
    assert sorted(ids[0] + ids[1]) == sorted(row["site_id"] for row in SITES)
    for part, members in zip(shards.parts, ids, strict=True):
        folders = {p.name for p in part.iterdir() if p.is_dir() and p.name != ".safehaven"}
        assert folders == set(members)
    assert [manifest_of(p)["shard"] for p in shards.parts] == ["1/2", "2/2"]


def test_merged_shards_equal_a_single_run(shards: Shards, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    merged = tmp_path / "merged"
    status = main(["merge-manifests", *(str(p / "manifest.json") for p in shards.parts),
                   "--out", str(merged)])
    out = capsys.readouterr().out
    assert status == 0
    assert f"joined 2 manifest(s): {len(SITES)} site(s)" in out
    single = manifest_of(shards.single)
    joined = json.loads((merged / "manifest.json").read_text(encoding="utf-8"))
    differing = sorted(k for k in single.keys() | joined.keys() if single.get(k) != joined.get(k))
    assert differing == [], {k: (joined.get(k), single.get(k)) for k in differing}
    for name in DISTRICT_FILES:
        assert (merged / name).read_bytes() == (shards.single / name).read_bytes(), name


def test_the_same_shard_twice_is_refused(shards: Shards, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    first = str(shards.parts[0] / "manifest.json")
    status = main(["merge-manifests", first, first, "--out", str(tmp_path / "merged")])
    err = capsys.readouterr().err
    assert status == 2
    assert "each manifest must be a different shard" in err and "1/2, 1/2" in err
    assert "Traceback" not in err
    assert not (tmp_path / "merged").exists()


def test_a_missing_shard_is_refused(shards: Shards, tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["merge-manifests", str(shards.parts[0] / "manifest.json"),
                   "--out", str(tmp_path / "merged")])
    err = capsys.readouterr().err
    held = len(manifest_of(shards.parts[0])["sites"])
    assert status == 2
    assert f"the shards hold {held} of the roster's {len(SITES)} sites" in err


def test_shards_of_different_rosters_are_refused(shards: Shards, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    changed = [dict(row) for row in SITES]
    changed[0]["en"] = "11"  # same sites, one count differs
    other = write_roster(tmp_path / "other" / "sites.csv", changed)
    other_shard = tmp_path / "other" / "d2"
    build_pack(other, out=other_shard, jobs=1, shard="2/2", documents=QUICK)
    status = main(["merge-manifests", str(shards.parts[0] / "manifest.json"),
                   str(other_shard / "manifest.json"), "--out", str(tmp_path / "merged")])
    err = capsys.readouterr().err
    assert status == 2
    assert "roster_sha256" in err and "same roster" in err
    assert str(other_shard / "manifest.json") in err


def test_a_single_run_and_a_shard_do_not_merge(shards: Shards, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["merge-manifests", str(shards.single / "manifest.json"),
                   str(shards.parts[1] / "manifest.json"), "--out", str(tmp_path / "m")])
    assert status == 2
    assert "shard" in capsys.readouterr().err


def test_merge_never_replaces_files_without_force(shards: Shards, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    merged = tmp_path / "merged"
    merged.mkdir()
    (merged / "manifest.json").write_text("mine", encoding="utf-8")
    args = ["merge-manifests", *(str(p / "manifest.json") for p in shards.parts),
            "--out", str(merged)]
    assert main(args) == 2
    assert "already exist" in capsys.readouterr().err
    assert (merged / "manifest.json").read_text(encoding="utf-8") == "mine"
    assert main([*args, "--force"]) == 0
    assert manifest_of(merged)["site_count"] == len(SITES)


def test_not_a_manifest_is_a_clear_error(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    bogus = tmp_path / "manifest.json"
    bogus.write_text('{"files": []}', encoding="utf-8")
    assert main(["merge-manifests", str(bogus), "--out", str(tmp_path / "m")]) == 2
    err = capsys.readouterr().err
    assert "not a manifest written by `safehaven pack`" in err and "Traceback" not in err


@pytest.mark.parametrize("shard", ["3/2", "0/2", "1/0", "half", "1/2/3"])
def test_a_bad_shard_is_a_pack_error(quick_pack: Built, tmp_path: Path, shard: str) -> None:
    with pytest.raises(PackError, match="--shard"):
        build_pack(quick_pack.roster, out=tmp_path / "out", jobs=1, shard=shard,
                   documents=QUICK)
    assert not (tmp_path / "out").exists()
