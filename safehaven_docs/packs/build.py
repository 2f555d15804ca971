"""``build_pack``: a district's print packs, made once, kept safe, rebuilt only where needed.

The build reads and checks every input before it writes anything, plans the
pack (pure data), renders each shared document once into the pack's cache,
then builds the sites in parallel. What each site folder holds is recorded
in ``.safehaven/sites/<folder>.json`` as the site finishes, so a second run
skips every file whose inputs and bytes are unchanged, and an interrupted run
resumes. A file in ``--out`` that the pack did not write is never replaced.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from msgspec import Struct, field, to_builtins
from msgspec.structs import asdict

from .. import __version__
from ..branding import load_branding
from ..errors import Problem, SafehavenError
from ..model import load_texts
from ..resources import example_roster
from . import manifest as district
from .config import load_settings, sha_of
from .executors import Executor, executor
from .keys import combine, fingerprints, render_key
from .plan import DOCUMENTS, Plan, Render, SitePlan, plan_pack, shard_of
from .records import (
    STATE,
    PackError,
    check_ownership,
    owned,
    planned_paths,
    read_states,
    remove_obsolete,
    sweep_temporary,
    write_state,
)
from .roster import Roster, RosterError, read_roster
from .site import (
    CACHE,
    Context,
    FileRecord,
    SiteJob,
    SiteResult,
    build_site,
    cache_path,
    inputs,
    make_shared,
    unchanged,
)


class PackResult(Struct, frozen=True):
    """What a build made: every site built or failed, every file, every warning."""

    out: Path
    sites: tuple[str, ...]
    failed: tuple[tuple[str, str], ...]
    files: tuple[FileRecord, ...]
    written: tuple[str, ...]
    removed: tuple[str, ...]
    warnings: tuple[str, ...]
    manifest: Path

    @property
    def ok(self) -> bool:
        return not self.failed


class Progress(Struct):
    """Told about each phase and each finished job; the CLI draws it, the API ignores it."""

    start: Callable[[str, int], None] = lambda phase, total: None
    #: One job done: its name and how many documents it made (files written or checked).
    advance: Callable[[str, int], None] = lambda what, documents: None


class _Shard(Struct, frozen=True):
    index: int
    count: int

    @classmethod
    def parse(cls, text: str | None) -> _Shard | None:
        if text is None:
            return None
        match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text)
        if not match or not 1 <= int(match[1]) <= int(match[2]):
            raise PackError(f"--shard {text!r}: write I/N with 1 <= I <= N, e.g. 2/8")
        return cls(int(match[1]), int(match[2]))

    def holds(self, site_id: str) -> bool:
        return shard_of(site_id, self.count) == self.index


class _Run(Struct):
    """The state of one build while it runs."""

    out: Path
    context: Context
    plan: Plan
    keys: dict[Render, str]
    states: dict[str, dict[str, Any]]
    failed: list[tuple[str, str]] = field(default_factory=list)
    results: dict[str, SiteResult] = field(default_factory=dict)


def build_pack(roster: Path | str | None = None, *, out: Path | str = "dist",
               jobs: int | None = None, shard: str | None = None,
               texts: Path | str | None = None, config: Path | str | None = None,
               documents: list[str] | None = None, docx: bool | None = None,
               keep_going: bool = False,
               force: bool = False, executor_kind: str = "processes",
               scheduler: str | None = None, progress: Progress | None = None) -> PackResult:
    """Build the print packs of every site in ``roster`` (default: the example district).

    Raises :class:`RosterError` or :class:`PackError` before writing anything
    when an input is wrong; with ``keep_going`` the good sites are built and
    the bad rows are reported in the result's warnings and ``warnings.txt``.
    """
    progress = progress or Progress()
    roster_path = Path(roster) if roster is not None else example_roster()
    out_dir = Path(out)
    text_set = load_texts(texts)
    branding = load_branding(config)
    settings = load_settings(config, documents, docx)
    checked = read_roster(roster_path, text_set.tags)
    if checked.errors and not keep_going:
        raise RosterError(checked.problems)
    chosen = _Shard.parse(shard)
    sites = [s for s in checked.sites if chosen is None or chosen.holds(s.id)]
    plan = plan_pack(sites, text_set.tags, settings, text_set.source.tag,
                     _full_handouts(text_set, branding, settings.documents))
    prints = fingerprints(text_set, branding)
    keys = {render: render_key(render, prints) for render in plan.renders()}
    context = Context(out_dir, Path(texts) if texts else None, Path(config) if config else None,
                      combine([prints.branding, *(sha for _, sha in prints.files)]))
    if out_dir.exists() and not out_dir.is_dir():
        raise PackError(f"--out {out_dir}: is a file; give a folder for the pack")
    states = read_states(out_dir)
    run = _Run(out_dir, context, plan, keys, states)
    check_ownership(out_dir, plan, states, force)
    _prepare_out(out_dir)
    sweep_temporary(out_dir)
    inputs(context)  # loaded once here; forked workers inherit it
    pool = executor(executor_kind, jobs, scheduler)
    try:
        _build(run, pool, progress, keep_going)
    except BaseException:
        pool.abort()
        raise
    pool.close()
    removed = remove_obsolete(out_dir, plan, states,
                              lambda site: chosen is None or chosen.holds(site))
    document = _manifest(run, checked, text_set, settings, config, chosen)
    district.write_district(out_dir, document)
    _prune_cache(run)
    files = tuple(record for result in _in_order(run) for record in result.files)
    written = tuple(path for result in _in_order(run) for path in result.written)
    warnings = tuple(district.warnings_text(document).decode().splitlines()[2:])
    return PackResult(out_dir, tuple(s.site.id for s in plan.sites if s.site.id in run.results),
                      tuple(run.failed), files, written, tuple(removed), warnings,
                      out_dir / district.MANIFEST)


def _full_handouts(text_set: Any, branding: Any, documents: tuple[str, ...]) -> frozenset[str]:
    """Languages whose handout is a full Letter page (the order counts sheets, not halves)."""
    if "handout" not in documents:
        return frozenset()
    from ..documents import handout_sheet

    return frozenset(tag for tag in text_set.tags
                     if handout_sheet(tag, texts=text_set, branding=branding) == "letter")


# -- before anything is written ------------------------------------------------------------------

def _prepare_out(out: Path) -> None:
    try:
        (out / STATE).mkdir(parents=True, exist_ok=True)
        (out / CACHE).mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PackError(f"--out {out}: cannot create the folder ({exc.strerror})") from None


# -- the build -----------------------------------------------------------------------------------

def _build(run: _Run, pool: Executor, progress: Progress, keep_going: bool) -> None:
    jobs = [job for job in (_job(run, site_plan) for site_plan in run.plan.sites) if job]
    for job in jobs:  # claim every path before writing any, so a resumed run owns them
        write_state(run.out, job.plan.site.folder, {
            "site": job.plan.site.id, "claimed": planned_paths(job.plan),
            "files": [asdict(r) for r in job.previous]})
    needed = {item.render for job in jobs for item in job.plan.items
              if item.render.site_name is None}
    shared = [(run.context, render, run.keys[render]) for render in run.plan.shared_renders()
              if render in needed
              and not cache_path(run.out, run.keys[render], render.fmt).exists()]
    progress.start("shared documents", len(shared))
    for render_name in pool.run(_shared_task, shared):
        if isinstance(render_name, tuple):
            raise PackError(f"{render_name[0]}: {render_name[1]}")
        progress.advance(render_name, 1)
    progress.start("sites", len(jobs))
    for outcome in pool.run(_site_task, [(run.context, job) for job in jobs]):
        if isinstance(outcome, SiteResult):
            run.results[outcome.site] = outcome
            folder = next(p.site.folder for p in run.plan.sites if p.site.id == outcome.site)
            write_state(run.out, folder, {"site": outcome.site,
                                           "files": [asdict(r) for r in outcome.files],
                                           "orders": [asdict(r) for r in outcome.orders]})
        else:
            run.failed.append(outcome)
            if not keep_going:
                raise PackError(f"site {outcome[0]}: {outcome[1]}\n(the sites finished so far "
                                "are kept; pass --keep-going to build the others anyway)")
        if isinstance(outcome, SiteResult):
            progress.advance(outcome.site, len(outcome.files))
        else:
            progress.advance(outcome[0], 0)


def _job(run: _Run, site_plan: SitePlan) -> SiteJob | None:
    """The job for one site, or None when every file it holds is already as planned."""
    state = run.states.get(site_plan.site.folder, {})
    previous = tuple(r for r in owned(state).values() if r is not None)
    keys = tuple(run.keys[item.render] for item in site_plan.items)
    printed = site_plan.printed  # the print file holds these; editable twins do not count
    print_key = combine([*(run.keys[item.render] for item in printed),
                         json.dumps([to_builtins(site_plan.site)], default=str),
                         json.dumps([to_builtins(item) for item in printed], default=str)])
    job = SiteJob(site_plan, keys, print_key, previous)
    by_path = {r.path: r for r in previous}
    expected = dict(zip(planned_paths(site_plan), (*keys, print_key), strict=False))
    complete = (not state.get("claimed") and set(by_path) >= set(planned_paths(site_plan))
                and all(unchanged(run.out, by_path[p], k) for p, k in expected.items())
                and all(unchanged(run.out, by_path[p], by_path[p].key)
                        for p in planned_paths(site_plan)[len(keys) + 1:]))
    if complete:
        run.results[site_plan.site.id] = SiteResult(
            site_plan.site.id, tuple(by_path[p] for p in planned_paths(site_plan)),
            _orders_from_state(state), ())
        return None
    return job


def _orders_from_state(state: dict[str, Any]) -> tuple[Any, ...]:
    from .site import OrderRow

    return tuple(OrderRow(**row) for row in state.get("orders", []))


def _shared_task(args: tuple[Context, Render, str]) -> str | tuple[str, str]:
    context, render, key = args
    try:
        make_shared(context, render, key)
    except SafehavenError as exc:
        return (f"{render.doc} in {render.lang}", str(exc))
    return f"{render.doc}-{render.lang}-{render.size}"


def _site_task(args: tuple[Context, SiteJob]) -> SiteResult | tuple[str, str]:
    context, job = args
    try:
        return build_site(context, job)
    except SafehavenError as exc:
        return (job.plan.site.id, str(exc))
    except OSError as exc:
        return (job.plan.site.id, f"cannot write the site's files ({exc.strerror}: "
                                  f"{exc.filename})")


# -- after the sites ------------------------------------------------------------------------------

def _in_order(run: _Run) -> list[SiteResult]:
    return [run.results[p.site.id] for p in run.plan.sites if p.site.id in run.results]


def _prune_cache(run: _Run) -> None:
    keep = {f"{run.keys[r]}.{r.fmt}" for r in run.plan.shared_renders()}
    for path in (run.out / CACHE).glob("*.*"):
        if path.suffix in (".pdf", ".docx") and path.name not in keep:
            path.unlink(missing_ok=True)


def _manifest(run: _Run, roster: Roster, text_set: Any, settings: Any, config: Any,
              chosen: _Shard | None) -> dict[str, Any]:
    results = _in_order(run)
    previous: dict[str, FileRecord] = {}
    for state in run.states.values():
        previous |= {path: r for path, r in owned(state).items() if r is not None}
    files = []
    for result in results:
        for record in result.files:
            entry = asdict(record)
            before = previous.get(record.path)
            entry["status"] = ("new" if before is None else
                               "unchanged" if before.sha256 == record.sha256 else "updated")
            files.append(entry)
    sites = [{"id": p.site.id, "name": p.site.name, "folder": p.site.folder, "row": p.site.row,
              "languages": list(p.site.languages)} for p in run.plan.sites
             if p.site.id in run.results]
    return {
        "format": district.FORMAT,
        "generator": f"safehaven_docs {__version__}",
        "roster": roster.path.name,
        "roster_sha256": sha_of(roster.path),
        "config_sha256": sha_of(Path(config)) if config else None,
        "languages": [{"tag": language.tag, "status": language.meta.status.value}
                      for language in text_set],
        "documents": list(settings.documents),
        "docx": settings.docx,
        "shard": f"{chosen.index}/{chosen.count}" if chosen else None,
        "shard_count": chosen.count if chosen else 1,
        "site_count": len(roster.sites),
        "sites": sites,
        "files": files,
        "orders": [asdict(row) for result in results for row in result.orders],
        "warnings": _warnings(run, roster),
    }


def _warnings(run: _Run, roster: Roster) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = [{"site": None, "message": _problem_text(p)}
                                   for p in roster.problems]
    for site_plan in run.plan.sites:
        for tag, count in site_plan.site.unserved:
            found.append({"site": site_plan.site.id, "message": f"{count} families read "
                          f"{tag!r}, which has no text file: nothing was made for them"})
    found += [{"site": site, "message": f"not built: {why}"} for site, why in run.failed]
    return found


def _problem_text(problem: Problem) -> str:
    kind = "row left out" if problem.is_error else "note"
    return f"{kind}: {problem}".replace("\n", " ")


__all__ = ["DOCUMENTS", "PackError", "PackResult", "Progress", "build_pack"]
