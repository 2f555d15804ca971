"""What a pack owns in its ``--out`` folder, and the records that say so.

Each site's record (``.safehaven/sites/<folder>.json``) lists the files the
pack wrote there with their keys and hashes; before a site is built, its
record first *claims* every path it is about to write. A path is the pack's
only if a record names it, so a file a person put in ``--out`` is never
replaced, a pack file a person edited is replaced only when forced, and an
interrupted run's files are still known to be the pack's when it resumes.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..errors import SafehavenError
from ..files import write_atomic
from . import manifest as district
from .plan import Plan, SitePlan
from .site import CACHE, FileRecord, unchanged

STATE = Path(".safehaven") / "sites"
_TEMPORARY = re.compile(r"^\..+\.[A-Za-z0-9_]{8}\.tmp$")


class PackError(SafehavenError):
    """The pack cannot be built as asked; the message says why and what to do."""


def read_states(out: Path) -> dict[str, dict[str, Any]]:
    """Every site record in ``out``, by folder; a damaged record is left out (rebuilt)."""
    states = {}
    if not (out / STATE).is_dir():
        return {}
    for path in sorted((out / STATE).glob("*.json")):
        try:
            states[path.stem] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
    return states


def write_state(out: Path, folder: str, state: dict[str, Any]) -> None:
    write_atomic(out / STATE / f"{folder}.json",
                 json.dumps(state, indent=1, sort_keys=True, ensure_ascii=False).encode())


def owned(state: dict[str, Any]) -> dict[str, FileRecord | None]:
    """Paths a site's record claims; a record is None while the site was being built."""
    records = {r["path"]: FileRecord(**r) for r in state.get("files", [])}
    claimed: dict[str, FileRecord | None] = dict.fromkeys(state.get("claimed", []))
    return claimed | records


def planned_paths(site_plan: SitePlan) -> list[str]:
    """The paths of one site's files: its documents, then the print and order files."""
    folder = site_plan.site.folder
    names = [item.file for item in site_plan.items]
    return [f"{folder}/{name}" for name in (*names, site_plan.print_file,
                                            site_plan.order_file)]


def check_ownership(out: Path, plan: Plan, states: dict[str, dict[str, Any]],
                    force: bool) -> None:
    """Refuse to replace files the pack did not write, or that a person changed since."""
    ours: dict[str, FileRecord | None] = {}
    for state in states.values():
        ours |= owned(state)
    folders = [Path(".safehaven"), STATE, CACHE, *(Path(p.site.folder) for p in plan.sites)]
    strangers = [f"{folder}/" for folder in folders if (out / folder).is_symlink() or (
        (out / folder).exists() and not (out / folder).is_dir())]
    edited = []
    for site_plan in plan.sites:
        for path in planned_paths(site_plan):
            target = out / path
            if not target.exists() and not target.is_symlink():
                continue
            if path not in ours or target.is_symlink() or not target.is_file():
                strangers.append(path)
            elif (record := ours[path]) and not force and not unchanged(out, record,
                                                                         record.key):
                edited.append(path)
    for name in (district.MANIFEST, district.SUMMARY, district.WARNINGS):
        target = out / name
        if (target.exists() or target.is_symlink()) and (
                not (out / STATE).is_dir() or not target.is_file() or target.is_symlink()):
            strangers.append(name)
    if strangers:
        raise PackError(_listing(strangers, "not written by `safehaven pack`; it is never "
                                 "replaced: move it away or choose another --out"))
    if edited:
        raise PackError(_listing(edited, "changed since the pack wrote it; pass --force to "
                                 "replace it with a fresh copy"))


def _listing(paths: list[str], why: str) -> str:
    shown = "\n  ".join(paths[:20]) + (f"\n  … and {len(paths) - 20} more"
                                        if len(paths) > 20 else "")
    return f"{len(paths)} file(s) in the way, {why}:\n  {shown}"


def sweep_temporary(out: Path) -> None:
    """Remove temporary files an interrupted run (kill -9) left behind."""
    for folder in (out, *(p for p in out.iterdir() if p.is_dir())):
        for path in folder.glob(".*.tmp"):
            if _TEMPORARY.match(path.name) and path.is_file():
                path.unlink(missing_ok=True)
    for folder in (out / CACHE, out / STATE):
        for path in folder.glob(".*.tmp"):
            path.unlink(missing_ok=True)


def remove_obsolete(out: Path, plan: Plan, states: dict[str, dict[str, Any]],
                    mine: Callable[[str], bool]) -> list[str]:
    """Delete files the pack wrote that the plan no longer holds (sites left the roster).

    Only sites ``mine`` accepts are touched (a shard leaves the others' files alone),
    and only files still exactly as the pack wrote them.
    """
    planned = {path for p in plan.sites for path in planned_paths(p)}
    folders = {p.site.folder for p in plan.sites}
    removed = []
    for folder, state in states.items():
        if not mine(state.get("site", "")):
            continue
        for path, record in owned(state).items():
            if path in planned or record is None:
                continue
            if unchanged(out, record, record.key):
                (out / path).unlink()
                removed.append(path)
        if folder not in folders:
            (out / STATE / f"{folder}.json").unlink(missing_ok=True)
            with contextlib.suppress(OSError):  # it holds what a person put there: keep it
                (out / folder).rmdir()
    return sorted(removed)
