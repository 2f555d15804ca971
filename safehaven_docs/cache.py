"""A cache on disk for slow, deterministic answers, so a new process need not work them out.

A command that renders one poster starts a new Python process each time; what the
process learnt (that the text files are correct, the body size at which a poster
fits) would be lost with it. This module keeps such answers as small JSON files in
the user's cache folder, each under a key that hashes everything the answer depends
on: the inputs' contents, this package's code and fonts (:func:`code_fingerprint`)
and :data:`VERSION`. A changed input is a new key, never a stale answer.

The cache only ever saves time: output bytes are the same with it, without it, or
with a damaged one. Any file that cannot be read, parsed or written is ignored (a
read-only home, a full disk, two processes writing at once). Where it lives:

- ``SAFEHAVEN_CACHE_DIR`` if set;
- else the platform's cache folder: ``$XDG_CACHE_HOME/safehaven_docs`` (default
  ``~/.cache/safehaven_docs``), ``~/Library/Caches/safehaven_docs`` on macOS,
  ``%LOCALAPPDATA%\\safehaven_docs\\Cache`` on Windows.

``SAFEHAVEN_NO_CACHE=1`` (or ``safehaven --no-cache``) turns it off; deleting the
folder clears it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import aside
from .files import OutputError, write_atomic

if TYPE_CHECKING:
    from importlib.machinery import ModuleSpec

#: Part of every key: raise it when the meaning of a stored answer changes.
VERSION = 1
ENV_DIR = "SAFEHAVEN_CACHE_DIR"
ENV_OFF = "SAFEHAVEN_NO_CACHE"
#: An entry larger than this is not one of ours.
MAX_ENTRY_BYTES = 64 * 1024

_PACKAGE = Path(__file__).resolve().parent
_disabled = False


def set_disabled(disabled: bool) -> bool:
    """Turn the cache off (or on again) in this process; returns the previous setting.

    ``safehaven --no-cache`` turns it off for the command it runs.
    """
    global _disabled
    previous, _disabled = _disabled, disabled
    return previous


def cache_dir() -> Path | None:
    """The folder of the cache, or None when the cache is turned off."""
    if _disabled or os.environ.get(ENV_OFF, "") not in ("", "0"):
        return None
    given = os.environ.get(ENV_DIR)
    if given:
        return Path(given)
    try:
        home = Path.home()
    except RuntimeError:  # no home folder known (HOME unset, no user entry): no cache
        return None
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
        return Path(base or home / "AppData" / "Local") / "safehaven_docs" / "Cache"
    if sys.platform == "darwin":
        return home / "Library" / "Caches" / "safehaven_docs"
    base = os.environ.get("XDG_CACHE_HOME")
    return Path(base if base and os.path.isabs(base) else home / ".cache") / "safehaven_docs"


def key(*parts: str) -> str:
    """A key for an answer that depends on ``parts`` (and on this code and its fonts)."""
    return key_of_parts(code_fingerprint(), *parts)


def key_of_parts(*parts: str) -> str:
    """A key for an answer that depends on ``parts`` only, not on this package's code.

    For an answer that another library works out (ReportLab's parse of a font): the
    parts must name that library's version and the format the answer is kept in, and
    an edit of this package does not leave another copy of it behind.
    """
    digest = hashlib.sha256(f"{VERSION}".encode())
    for part in parts:
        data = part.encode("utf-8", "surrogatepass")
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


def load(kind: str, entry: str) -> object | None:
    """The answer stored under ``entry`` of ``kind``, or None if absent or unreadable."""
    raw = _read(_path(kind, entry), MAX_ENTRY_BYTES)
    if raw is None:
        return None
    try:
        stored = json.loads(raw)
    except (ValueError, RecursionError):
        return None
    if not isinstance(stored, dict) or stored.get("key") != entry or "value" not in stored:
        return None  # damaged, truncated or put there by something else
    return stored["value"]


def store(kind: str, entry: str, value: object) -> None:
    """Keep ``value`` (plain JSON data) under ``entry``; silently nothing if it cannot.

    Written when the command's answer is (:func:`safehaven_docs.aside.later`)."""
    data = json.dumps({"key": entry, "value": value}, sort_keys=True).encode("utf-8")
    path = _path(kind, entry)
    aside.later(lambda: _write(path, data))


def load_bytes(kind: str, entry: str, limit: int) -> bytes | None:
    """The bytes stored under ``entry`` of ``kind`` by :func:`store_bytes`, or None.

    For answers too large to load fast as JSON (a parsed font). The bytes are
    exactly those stored: a file that is damaged or truncated fails its checksum
    (decoders such as :mod:`marshal` may not survive arbitrary bytes). A file of more
    than ``limit`` bytes is not taken.
    """
    raw = _read(_path(kind, entry, ".bin"), limit + 2 * len(entry) + 2)
    if raw is None:
        return None
    head, _, data = raw.partition(b"\n")
    if head != _bytes_head(entry, data):
        return None  # damaged, truncated or put there by something else
    return data


def store_bytes(kind: str, entry: str, data: bytes | Callable[[], bytes | None]) -> None:
    """Keep ``data`` under ``entry``; silently nothing if it cannot.

    Written when the command's answer is (:func:`safehaven_docs.aside.later`): ``data``
    may be a function that makes the bytes then (None: nothing to keep), for bytes that
    take time to make and are made from values nobody changes any more.
    """
    path = _path(kind, entry, ".bin")
    if path is None:
        return

    def write() -> None:
        made = data() if callable(data) else data
        if made is not None:
            _write(path, _bytes_head(entry, made) + b"\n" + made)

    aside.later(write)


#: Raise it when :func:`parsed_toml` keeps something else.
TOML_FORMAT = 1
_TOML_MAX_BYTES = 16 * 1024 * 1024


def parsed_toml(kind: str, raws: Sequence[bytes]) -> list[dict[str, Any]]:
    """Each of ``raws`` (a UTF-8 TOML file's bytes) parsed, as ``tomllib`` parses it; from
    the cache when these exact bytes were parsed before.

    ``tomllib`` is pure Python: the nine shipped text files take a new process 15–25 ms,
    restoring them from :mod:`marshal` about 1 ms, and a process that finds them here
    does not even import it. The data depend only on the bytes and Python's version
    (tomllib's, marshal's); data marshal cannot keep (a TOML date) are parsed each
    time. Raises what decoding and ``tomllib`` raise (``ValueError`` subclasses).
    """
    import marshal

    entry = key_of_parts(kind, str(TOML_FORMAT), sys.version,
                         *(hashlib.sha256(raw).hexdigest() for raw in raws))
    kept = load_bytes(kind, entry, _TOML_MAX_BYTES)
    if kept is not None:
        with contextlib.suppress(EOFError, ValueError, TypeError):
            found = marshal.loads(kept)
            if isinstance(found, list) and len(found) == len(raws) and all(
                    isinstance(data, dict) for data in found):
                return found
    import tomllib

    parsed = [tomllib.loads(raw.decode("utf-8").removeprefix("\ufeff")) for raw in raws]
    with contextlib.suppress(ValueError):
        store_bytes(kind, entry, marshal.dumps(parsed))
    return parsed


def _bytes_head(entry: str, data: bytes) -> bytes:
    """The first line of a file of bytes: its key and its data's SHA-256."""
    return f"{entry} {hashlib.sha256(data).hexdigest()}".encode("ascii")


def _read(path: Path | None, limit: int) -> bytes | None:
    """A file's bytes, or None if absent, unreadable or longer than ``limit``."""
    if path is None:
        return None
    try:
        with path.open("rb") as stream:
            raw = stream.read(limit + 1)
    except OSError:
        return None
    return raw if len(raw) <= limit else None


def _write(path: Path | None, data: bytes) -> None:
    """Write ``data`` to ``path`` whole or not at all (readers see the old entry or the
    whole new one, and a killed write's temporary is swept by the next); silently
    nothing if it cannot: an unwritable cache only costs time. Not synced to the disk
    (a few milliseconds an entry): an entry a power cut damaged fails its check when
    read, and is made again."""
    if path is None:
        return
    with contextlib.suppress(OutputError):
        write_atomic(path, data, durable=False)


def _path(kind: str, entry: str, suffix: str = ".json") -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    return folder / f"v{VERSION}" / kind / entry[:2] / f"{entry}{suffix}"


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """What the answers depend on besides their inputs: this package's code and fonts.

    Each module's and font's name, size and modification time (a stat, not a read:
    this runs in every command) and the versions of the shaping and line-breaking
    libraries. An edited, upgraded or reinstalled package gets new keys.
    """
    from . import __version__
    from .resources import fonts_dir

    parts = [__version__, sys.version, _library_versions()]
    for folder, suffix in ((_PACKAGE, ".py"), (fonts_dir(), "")):
        parts += _stats(folder, suffix)
    return hashlib.sha256("\n".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def _stats(folder: Path, suffix: str) -> list[str]:
    """``name:size:mtime`` of each file under ``folder`` ending in ``suffix``, sorted."""
    found = []
    for parent, folders, names in os.walk(folder):
        folders[:] = [name for name in folders if name != "__pycache__"]
        for name in names:
            if name.endswith(suffix):
                path = os.path.join(parent, name)
                try:
                    info = os.stat(path)
                except OSError:
                    continue
                found.append(f"{os.path.relpath(path, folder)}:{info.st_size}:"
                             f"{info.st_mtime_ns}")
    return sorted(found)


def _library_versions() -> str:
    """HarfBuzz's and ICU's versions, from the files of the installed libraries.

    Reading their metadata (``importlib.metadata``) or importing them would cost
    more than the rest of the fingerprint; their installed files' stats say as much.
    """
    found = []
    for name in ("uharfbuzz", "icu"):
        spec = _find_spec(name)
        if spec is None or not spec.submodule_search_locations:
            continue
        for folder in spec.submodule_search_locations:
            for path in sorted(Path(folder).iterdir()):
                if path.suffix in (".so", ".pyd", ".dylib"):
                    info = path.stat()
                    found.append(f"{name}/{path.name}:{info.st_size}:{info.st_mtime_ns}")
    return ";".join(found)


def _find_spec(name: str) -> ModuleSpec | None:
    """Where the top-level package ``name`` is installed, found on the path: not from an
    imported module (a module set to load at first use would load to say it)."""
    from importlib.machinery import PathFinder

    try:
        return PathFinder.find_spec(name)
    except (ImportError, ValueError):
        return None
