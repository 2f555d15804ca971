"""Work a one-document command does beside its answer, in a second process.

``safehaven render`` is a new process for one document. A first render (nothing in the
cache on disk yet) spends part of its time on work the document does not wait for:

- checking each drawn string of the texts (the document is laid out the same either way;
  only a failed check changes what the command does, and then it reports the problems
  before anything is written);
- parsing the fonts for the PDF writer, which only draws once the layout is done;
- writing what it worked out to the cache on disk, for the next process.

On a machine with two cores such work can run beside the render instead of before or
after it:

- :func:`beside` runs a function in a forked child while this process goes on; its
  :class:`Pending` says later whether the function returned. The caller then does the
  work itself if it did not (a failed check is checked again here, so the messages and
  errors are the same as without a child).
- :func:`later` keeps a function (a cache write) for the end of the command;
  :func:`finish` runs them in a child of their own that outlives the command, so the
  command ends as soon as its file is written. A cache entry is written whole or not at
  all (:func:`safehaven_docs.files.write_atomic`): a process that starts meanwhile finds
  it or works it out.

Only where the command switched it on (:func:`enable`: the console script's ``render``,
one document in one thread) and where the process may fork (Linux, one thread).
Elsewhere, and in any program that imports this package, :func:`beside` declines and
:func:`later` runs its function at once: a library must not fork its host program, which
may hold threads or locks a child would inherit half-taken. A child never prints: its
standard streams are the null device.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable

#: What a child writes to its pipe when its function returned.
_DONE = b"done"
_enabled = False
#: Functions kept for :func:`finish` (only while enabled).
_later: list[Callable[[], object]] = []


def enable(on: bool = True) -> bool:
    """Let this process hand work to children (or stop it); returns the previous setting."""
    global _enabled
    previous, _enabled = _enabled, on
    return previous


def enabled() -> bool:
    """Whether work can go to a child now: switched on, Linux, and one thread."""
    if not _enabled or not sys.platform.startswith("linux"):
        return False
    import threading

    return threading.active_count() == 1


class Pending:
    """A function running in a child; :meth:`succeeded` waits for it."""

    def __init__(self, pid: int, reading: int) -> None:
        self._pid = pid
        self._reading = reading
        self._result: bool | None = None

    def succeeded(self) -> bool:
        """Whether the function returned (False if it raised, or the child died). Waits."""
        if self._result is None:
            with os.fdopen(self._reading, "rb") as stream:  # until the child's end closes
                received = stream.read()
            _, status = os.waitpid(self._pid, 0)
            self._result = received == _DONE and os.waitstatus_to_exitcode(status) == 0
        return self._result


def beside(work: Callable[[], object]) -> Pending | None:
    """``work()`` started in a child process; None where that cannot be (see the module's
    docstring): the caller then does the work itself, in its own time."""
    if not enabled():
        return None
    reading, writing = os.pipe()
    pid = _fork(work, writing)
    os.close(writing)
    if pid is None:
        os.close(reading)
        return None
    return Pending(pid, reading)


def later(write: Callable[[], object]) -> None:
    """``write()`` at the end of the command (see :func:`finish`), or now if no child can
    take it then. ``write`` must not raise: it runs where nobody would see it."""
    if _enabled:
        _later.append(write)
    else:
        write()


def finish() -> None:
    """Run what :func:`later` kept, in a child that outlives this process, or here if
    there can be none. Called when the command's answer is written."""
    kept = list(_later)
    _later.clear()
    if kept and (not enabled() or _fork(lambda: _each(kept), None) is None):
        _each(kept)


def _fork(work: Callable[[], object], writing: int | None) -> int | None:
    """The pid of a child that runs ``work`` (and says so on ``writing``; without it, in a
    session of its own, not waited for); None if the process could not fork."""
    _flush()
    try:
        pid = os.fork()
    except OSError:
        return None
    if pid == 0:  # the child: it never returns from here
        if writing is None:
            os.setsid()  # not the terminal's: a Ctrl-C meant for the next command
        _run_as_child(work, writing)
    return pid


def _each(writes: list[Callable[[], object]]) -> None:
    """Every one of ``writes``, whatever one of them raises (a cache write only saves time)."""
    for write in writes:
        try:
            write()
        except Exception:  # the next entry may still be written
            continue


def _run_as_child(work: Callable[[], object], writing: int | None) -> None:
    """Run ``work`` in this newly forked child, report on ``writing`` and end the child."""
    global _enabled
    done = False
    try:
        _enabled = False  # the child's own cache writes happen at once
        _later.clear()
        _silence()
        work()
        done = True
        if writing is not None:
            os.write(writing, _DONE)
    except BaseException:  # the parent does the work again, or does without
        done = False
    finally:
        os._exit(0 if done else 1)


def _flush() -> None:
    """Empty Python's buffers before a fork, so that nothing buffered is written twice."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError, AttributeError):
            stream.flush()


def _silence() -> None:
    """Point the child's standard streams at the null device: a reader waiting for the
    command's output to end must not wait for a child, and a child says nothing."""
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    os.close(null)
