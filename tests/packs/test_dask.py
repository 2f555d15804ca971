"""The dask executor: the same pack as a serial build, made on a local dask cluster."""

from __future__ import annotations

from pathlib import Path

import pytest

from safehaven_docs import build_pack

from .conftest import QUICK, Built, hashes

pytest.importorskip("dask.distributed", reason="the dask extra is not installed")


def test_a_dask_build_equals_a_serial_build(quick_pack: Built, tmp_path: Path) -> None:
    out = tmp_path / "pack"
    result = build_pack(quick_pack.roster, out=out, jobs=2, executor_kind="dask",
                        documents=QUICK)
    assert result.ok and result.sites == quick_pack.result.sites
    assert hashes(out) == hashes(quick_pack.out)
    assert [r.path for r in result.files] == [r.path for r in quick_pack.result.files]
    again = build_pack(quick_pack.roster, out=out, jobs=2, executor_kind="dask",
                       documents=QUICK)
    assert again.written == ()
