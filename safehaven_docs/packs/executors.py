"""Where the independent jobs of a pack run: here, in local processes, or on dask.

Every job is a plain function of picklable data, so the same job runs in this
process (``--jobs 1``), in a pool of local processes (the default, one per
core) or on a dask.distributed cluster (``--executor dask``; a LocalCluster
when no scheduler address is given). Results come back as they finish.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Any, Protocol

from ..errors import SafehavenError

EXECUTORS = ("processes", "dask")


class Executor(Protocol):
    """Runs ``fn`` over ``items`` and yields the results in the order they finish."""

    def run(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[Any]: ...

    def close(self) -> None: ...

    def abort(self) -> None: ...


class Serial:
    """Everything in this process: no start-up cost, the best for a few jobs."""

    def run(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[Any]:
        for item in items:
            yield fn(item)

    def close(self) -> None:
        pass

    def abort(self) -> None:
        pass


class Processes:
    """A pool of local worker processes; at most ``2 × jobs`` jobs are queued at once.

    Ctrl-C reaches only this process: the workers ignore SIGINT, and here it
    sets a flag that the waiting loop checks, so the interrupt never lands
    inside the pool's own locking (which can hang its shutdown). The build
    then calls :meth:`abort`, which stops the workers at once; they also die
    with this process if it is killed (``kill -9``), so none goes on writing.
    """

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        self.pool = ProcessPoolExecutor(max_workers=jobs, initializer=_worker_start,
                                        initargs=(os.getpid(),))

    def run(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[Any]:
        pending: set[Future[Any]] = set()
        queue = iter(items)
        with _interrupt_flag() as interrupted:
            try:
                for item in queue:
                    pending.add(self.pool.submit(fn, item))
                    while len(pending) >= 2 * self.jobs:
                        done, pending = self._wait(pending, interrupted)
                        yield from (future.result() for future in done)
                while pending:
                    done, pending = self._wait(pending, interrupted)
                    yield from (future.result() for future in done)
            finally:
                for future in pending:
                    future.cancel()

    @staticmethod
    def _wait(pending: set[Future[Any]],
              interrupted: list[bool]) -> tuple[set[Future[Any]], set[Future[Any]]]:
        done, rest = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
        if interrupted:
            raise KeyboardInterrupt
        return done, rest

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)

    def abort(self) -> None:
        # The executor keeps its processes private; stopping them is the only way to
        # end a job in the middle (its temporary file is swept by the next run).
        for process in list(getattr(self.pool, "_processes", {}).values()):
            process.terminate()
        self.pool.shutdown(wait=False, cancel_futures=True)


@contextlib.contextmanager
def _interrupt_flag() -> Iterator[list[bool]]:
    """A list that gets an item when Ctrl-C is pressed (main thread only)."""
    flag: list[bool] = []
    if threading.current_thread() is not threading.main_thread():
        yield flag
        return
    previous = signal.signal(signal.SIGINT, lambda *_: flag.append(True))
    try:
        yield flag
    finally:
        signal.signal(signal.SIGINT, previous)


def _worker_start(parent: int) -> None:
    """In each worker: leave Ctrl-C to the parent, stop at once when told, die with it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the command's own handler
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL("libc.so.6", use_errno=True)
            libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        if os.getppid() != parent:  # the parent died before prctl took effect
            os._exit(1)


class Dask:
    """Jobs on a dask.distributed cluster; the workers must see the same ``--out`` folder."""

    def __init__(self, jobs: int, scheduler: str | None) -> None:
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError:
            raise SafehavenError("--executor dask needs the dask extra: pip install "
                                 "'safehaven-docs[dask]'") from None
        self.cluster = None
        if scheduler:
            self.client = Client(scheduler, timeout="20s")
        else:
            self.cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True,
                                        dashboard_address=":0")  # any free port
            self.client = Client(self.cluster)

    def run(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[Any]:
        from dask.distributed import as_completed

        futures = self.client.map(fn, list(items), pure=False)
        for future in as_completed(futures):
            yield future.result()

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()

    def abort(self) -> None:
        self.close()


def executor(kind: str, jobs: int | None, scheduler: str | None = None) -> Executor:
    """The executor named ``kind`` with ``jobs`` workers (default: the number of cores)."""
    count = jobs or os.cpu_count() or 1
    if kind == "dask":
        return Dask(count, scheduler)
    if kind != "processes":
        raise SafehavenError(f"unknown executor {kind!r}; choose {' or '.join(EXECUTORS)}")
    if scheduler:
        raise SafehavenError("--scheduler goes with --executor dask")
    return Serial() if count == 1 else Processes(count)
