"""One document's worth of cached work, read from the disk cache as one file and written
back as one: what lets a new process render a document it rendered before without
shaping, breaking and planning every line again.

A command that renders one poster is a new process each time, and most of its work
after the imports is the same as last time: setting the same paragraphs at the same
widths (:mod:`.text.kept`) and planning and encoding how each line's glyphs are drawn and
read back (:mod:`.writers.kept_plans`: the operators themselves are kept). Inside
:func:`document`, those stages look in a bundle read once from :mod:`.cache`, each in its
own section, under keys that describe their inputs whole; on leaving, what the document
used is written back, if anything had to be worked out (or the bundle held more).

- The bundle's own key names the document and its options and, through ``cache.key``,
  this package's code, its fonts and the shaping libraries: a changed engine never
  finds an old answer. A changed text is a new key inside, and is worked out.
- Values are plain :mod:`marshal` data behind the cache's checksum; each stage restores
  what it stored and treats anything it cannot restore as absent, so a PDF's bytes are
  the same with the bundle, without it, or with a damaged one.
- Only a process's first document uses a bundle: a process that renders more has what
  documents share in its memory already, and a pack build would otherwise write a bundle
  per document.
- A layout that searches for its size (no fitted size in the cache yet) sets its trial
  sizes with lines measured, outside the bundle (:func:`.text.typeset.measuring`); the
  layout at the size found is set in full and keeps what it uses, so the first process
  writes the bundle the next needs.
"""

from __future__ import annotations

import hashlib
import marshal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from . import cache

T = TypeVar("T")

KIND = "document"
#: Raise it when a section's stored form changes.
FORMAT = 1
#: A poster's paragraphs and line plans take about 0.2–1 MB; more is not a bundle of ours.
MAX_BYTES = 64 * 1024 * 1024


class Bundle:
    """The sections of one document's bundle: as read from disk, and as used since."""

    def __init__(self, entry: str, stored: dict[str, dict[str, Any]]) -> None:
        self.entry = entry
        self.stored = stored
        self.kept: dict[str, dict[str, Any]] = {}
        self.changed = False
        #: What the stages made of their values, by (section, key): each is restored once.
        self.objects: dict[Any, Any] = {}

    def get(self, section: str, key: str) -> Any | None:
        """The value stored under ``key`` in ``section``, or None; kept if found (a value
        its stage cannot restore is replaced by :meth:`put`)."""
        value = self.stored.get(section, {}).get(key)
        if value is not None:
            self.kept.setdefault(section, {})[key] = value
        return value

    def put(self, section: str, key: str, value: Any) -> None:
        """Keep ``value`` (plain marshal data) under ``key`` in ``section``."""
        self.kept.setdefault(section, {})[key] = value
        self.changed = True

    def answer(self, section: str, key: str, make: Callable[[], T],
               keep: Callable[[T], Any], restore: Callable[[Any], T]) -> T:
        """The value under ``key`` in ``section`` as ``restore`` makes it again; else
        ``make()``, kept as ``keep`` gives it. A stored value ``restore`` cannot read
        (raising ValueError, TypeError, KeyError or IndexError: damaged, though its file's
        checksum passed) is made again."""
        stored = self.get(section, key)
        if stored is not None:
            try:
                return restore(stored)
            except (ValueError, TypeError, KeyError, IndexError):
                pass
        made = make()
        self.put(section, key, keep(made))
        return made

    def close(self) -> None:
        """Write what the document used, if it differs from what was read.

        Its bytes are made when the cache writes them (at the end of a ``render``
        command, beside it: :mod:`safehaven_docs.aside`); nothing changes what it keeps
        once closed."""
        used = sum(len(values) for values in self.kept.values())
        if not self.changed and used == sum(len(values) for values in self.stored.values()):
            return
        cache.store_bytes(KIND, self.entry, lambda: _bytes(self.kept))


def _bytes(kept: dict[str, dict[str, Any]]) -> bytes | None:
    """A bundle's file: its sections in :mod:`marshal`'s format (None: not one to keep)."""
    try:
        data = marshal.dumps((FORMAT, kept))
    except ValueError:
        return None
    return data if len(data) <= MAX_BYTES else None


#: The open bundle, and the thread that opened it: a render in another thread of the same
#: process (a pack's) works without one.
_current: list[tuple[int, Bundle]] = []
_first_done = False


@contextmanager
def document(*parts: str) -> Iterator[None]:
    """Within, the stages of the document ``parts`` name find their work in its bundle.

    Only the first time in a process (see the module's docstring); nothing otherwise,
    and nothing when the cache is off.
    """
    global _first_done
    with _LOCK:
        first = not _first_done and cache.cache_dir() is not None
        _first_done = True
    if not first:
        yield
        return
    entry = cache.key(KIND, str(FORMAT), *parts)
    bundle = Bundle(entry, _read(entry))
    _current.append((threading.get_ident(), bundle))
    try:
        yield
    finally:
        _current.clear()
    bundle.close()


def current() -> Bundle | None:
    """The bundle of the document this thread is rendering, if it has one."""
    found = _current[0] if _current else None
    return found[1] if found is not None and found[0] == threading.get_ident() else None


_LOCK = threading.Lock()


def forget() -> None:
    """Let this process use a bundle again, as if it were new (tests, benchmarks)."""
    global _first_done
    _first_done = False


def digest(value: Any) -> str:
    """A key for plain ``value`` (numbers, strings, tuples, lists): marshal's version 2 writes
    equal values as equal bytes (no references to shared or interned objects) and floats
    exactly, and is quick."""
    return hashlib.sha256(marshal.dumps(value, 2)).hexdigest()


def _read(entry: str) -> dict[str, dict[str, Any]]:
    raw = cache.load_bytes(KIND, entry, MAX_BYTES)
    if raw is None:
        return {}
    try:
        version, stored = marshal.loads(raw)
    except (EOFError, ValueError, TypeError):
        return {}
    if version != FORMAT or not isinstance(stored, dict) or not all(
            isinstance(values, dict) for values in stored.values()):
        return {}
    return stored
