"""Progress of a pack build on a terminal (rich), as plain lines in a log, or not at all."""

from __future__ import annotations

import sys
import time
from typing import Any, TextIO

from .build import Progress


def progress_for(stream: TextIO | None = None, *,
                 quiet: bool = False) -> tuple[Progress, object]:
    """A :class:`Progress` for ``stream`` (default: the current stderr) and a closer."""
    stream = stream or sys.stderr
    if quiet:
        return Progress(), lambda: None
    if stream.isatty():
        return _rich(stream)
    return _plain(stream)


def _rich(stream: TextIO) -> tuple[Progress, object]:
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )
    from rich.progress import Progress as Bar

    bar = Bar(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
              TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), TimeRemainingColumn(),
              console=Console(file=stream), transient=False)
    bar.start()
    tasks: dict[str, object] = {}
    started: dict[str, float] = {}
    documents: dict[str, int] = {}
    current = [""]

    def start(phase: str, total: int) -> None:
        current[0] = phase
        started[phase] = time.perf_counter()
        tasks[phase] = bar.add_task(phase, total=total or 1, completed=0 if total else 1,
                                    rate="")

    def advance(_: str, made: int) -> None:
        phase = current[0]
        documents[phase] = documents.get(phase, 0) + made
        rate = documents[phase] / max(time.perf_counter() - started[phase], 1e-6)
        bar.update(tasks[phase], advance=1,  # type: ignore[arg-type]
                   rate=f"{rate:.1f} documents/s")

    return Progress(start, advance), bar.stop


def _plain(stream: TextIO) -> tuple[Progress, object]:
    state: dict[str, Any] = {"phase": "", "total": 0, "done": 0, "t": 0.0, "shown": -1,
                             "documents": 0}

    def start(phase: str, total: int) -> None:
        state.update(phase=phase, total=total, done=0, t=time.perf_counter(), shown=-1,
                     documents=0)
        print(f"{phase}: {total} to build", file=stream, flush=True)

    def advance(_: str, made: int) -> None:
        state["done"] += 1
        state["documents"] += made
        done, total = state["done"], state["total"]
        tenth = done * 10 // max(total, 1)
        if tenth != state["shown"] or done == total:
            state["shown"] = tenth
            elapsed = time.perf_counter() - state["t"]
            rate = done / max(elapsed, 1e-6)
            left = (total - done) / rate if rate else 0.0
            documents = state["documents"] / max(elapsed, 1e-6)
            print(f"{state['phase']}: {done}/{total} ({documents:.1f} documents/s, about "
                  f"{left:.0f} s left)", file=stream, flush=True)

    return Progress(start, advance), lambda: None
