"""The ``safehaven`` console script, kept apart from the command line it starts.

Loading the command line takes a moment (ICU, HarfBuzz, the PDF writer); a
Ctrl-C in that moment must end with the same one-line message as a Ctrl-C
later on, not a traceback of half-imported modules.
"""

from __future__ import annotations

import gc
import sys
from typing import TYPE_CHECKING

from . import aside

if TYPE_CHECKING:
    from _thread import LockType
    from collections.abc import Callable


def main() -> int:
    """Load the command line and run it; exit status 130 if interrupted outside a command.

    Python's cycle collector is off while the command line loads (loading makes modules,
    not garbage), and stays off through ``render``. Collecting looks through every
    object the process holds, again and again as a render makes its glyphs, lines and
    PDF objects: about 5 % of a one-poster command's work (a first render, callgrind:
    English 1,255 -> 1,196 M instructions, Burmese 1,861 -> 1,770 M). A render's
    objects are freed by their reference counts; what only a collection would free was
    under a megabyte in every language and in the multilingual poster (peak memory
    55-66 MB either way), and the process ends after its one document. Every other
    command (packs, the studio, anything long) collects as usual once loaded.
    """
    collecting = gc.isenabled()
    gc.disable()
    ending = False
    unraisable = sys.unraisablehook
    lost = sys.unraisablehook = _LostInterrupt(unraisable)
    try:
        from .cli import _command_named
        from .cli import main as run

        one_document = _command_named(sys.argv[1:]) == "render"  # one thread, no pools
        if collecting and not one_document:
            gc.enable()
        if one_document:
            aside.enable()  # its checks and cache writes go beside it, on another core
        status = run()  # a command's own Ctrl-C is handled inside, after its clean-up
        if lost.landed_late():
            raise KeyboardInterrupt
        ending = one_document
    except KeyboardInterrupt:
        sys.stderr.write("safehaven: interrupted\n")
        return 130
    except BaseException:
        lost.landed_late()  # a Ctrl-C sent again lands here, not in the error's report
        raise
    finally:
        sys.unraisablehook = unraisable
        if collecting and not ending:
            gc.enable()
    if ending:
        aside.finish()  # the cache's writes, in a child that outlives this process
        # Not collecting first: switched on, the collector's next pass would look through
        # every object the render made (15-25 ms) just before the process ends.
        _end_without_teardown(status)
        if collecting:
            gc.enable()
    return status


class _LostInterrupt:
    """An ``unraisablehook`` that sends again a Ctrl-C Python could not raise where it
    landed.

    A Ctrl-C that arrives while Python runs a callback it cannot raise from (a weak
    reference's, such as those of the import system's module locks: seen once in a
    loading command under load) was printed as "Exception ignored in ..." with a
    traceback, and lost: the command went on. It is now raised again in the main thread,
    from a helper thread once this hook has returned (one raised while the hook runs
    would be ignored in the hook too), and reaches the command or :func:`main`, which
    end the one-line way.
    """

    def __init__(self, previous: Callable[[sys.UnraisableHookArgs], object]) -> None:
        self.previous = previous
        #: Held from a Ctrl-C's arrival here until it has been sent again.
        self.sent: LockType | None = None
        self.returned = True  # whether the hook has left (the helper waits for it)

    def __call__(self, unraisable: sys.UnraisableHookArgs) -> object:
        if not isinstance(unraisable.exc_value, KeyboardInterrupt):
            return self.previous(unraisable)
        if self.sent is None or not self.sent.locked():  # none on its way already
            import _thread

            self.returned = False
            self.sent = _thread.allocate_lock()
            self.sent.acquire()
            _thread.start_new_thread(self._send, (self.sent,))
        self.returned = True  # the last instruction before leaving: no check of signals
        return None

    def _send(self, sent: LockType) -> None:
        import _thread
        import time

        while not self.returned:
            time.sleep(0.001)
        _thread.interrupt_main()
        sent.release()

    def landed_late(self) -> bool:
        """Whether an interrupt sent again arrives only after the command ended."""
        if self.sent is None:
            return False
        try:
            with self.sent:  # until it has been sent
                pass
            for _ in range(1000):  # room to land: Python checks between instructions
                pass
        except KeyboardInterrupt:
            return True
        return False


def _end_without_teardown(status: int) -> None:
    """End the process now, without tearing the interpreter down, when nothing is left to
    do at exit: no ``atexit`` callback and no other thread (a render's usual case: its file
    is written and synced, and so is every cache entry). Only after ``render``: commands
    with worker pools or servers end the normal way.

    Freeing every module and object of a one-poster command takes 30–40 ms, a tenth of
    it. Anything that asked for work at exit (a PNG preview's PDFium, a pack's pools) ends
    the normal way.
    """
    import atexit
    import os
    import threading

    callbacks = getattr(atexit, "_ncallbacks", None)  # CPython's count of exit callbacks
    if callbacks is None or callbacks() or threading.active_count() > 1:
        return
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        return  # a closed or broken stream: let the interpreter report it as it would
    os._exit(status)
