"""Writing output files so that nothing a user had is lost and no half file is left.

One routine writes every file the package makes: :func:`write_atomic`. It
writes a temporary file beside the target, flushes it to disk, and only then
puts it in place, so a crash, Ctrl-C, ``kill`` or a full disk leaves either
the old file or the new one, never a truncated mix. It replaces only regular
files (never a folder, a device or a pipe), writes through a symbolic link to
the file it names, and, when asked not to replace, refuses even a file that
appears while the data was being made. A temporary left by a write that was
killed outright (``kill -9``, power loss) is removed by the next write of the
same file. Every failure is an
:class:`OutputError` that names the path and says what to do.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
import time
from pathlib import Path

from .errors import SafehavenError

#: Temporary files are named ``.<target name>.<pid>.<random>.tmp`` beside the target.
TEMPORARY_SUFFIX = ".tmp"
#: A temporary older than this is left over whatever its process (another machine's, say).
STALE_AFTER = 6 * 3600.0


class OutputError(SafehavenError):
    """An output file cannot be written; the message names it and says what to do."""


def write_atomic(path: Path | str, data: bytes, *, replace: bool = True,
                 durable: bool = True) -> Path:
    """Write ``data`` to ``path`` through a temporary file; returns the path written.

    With ``replace=False`` an existing file is never replaced, even one that
    appears while ``data`` is being written. With ``durable=False`` the file and its
    folder are not synced to the disk: for what can be lost in a power cut and made
    again (the cache's entries, each checked when read), not for a user's file.
    Raises :class:`OutputError`.
    """
    target = _target(Path(path))
    _check_target(target, replace)
    _make_folder(target.parent)
    sweep_stale(target)
    try:
        handle, temporary = tempfile.mkstemp(dir=target.parent,
                                             prefix=f".{target.name}.{os.getpid()}.",
                                             suffix=TEMPORARY_SUFFIX)
    except OSError as exc:
        raise _error(target, exc) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            if durable:
                os.fsync(stream.fileno())
        os.chmod(temporary, _mode_for(target))
        _put_in_place(temporary, target, replace)
        if durable:
            _sync_folder(target.parent)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise _error(target, exc) from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


def sweep_stale(target: Path) -> list[Path]:
    """Remove the temporaries an earlier write of ``target`` left when it was killed (-9).

    Only files of our own naming for this target go, and only when the
    process that made them is gone or they are hours old: a write of the same
    file running at this moment keeps its temporary. Returns what was removed.
    """
    prefix = f".{target.name}."
    removed = []
    with contextlib.suppress(OSError), os.scandir(target.parent) as entries:
        for entry in entries:
            pid = _temporary_pid(entry.name, prefix)
            if pid is None or not entry.is_file(follow_symlinks=False):
                continue
            path = Path(entry.path)
            if _alive(pid) and time.time() - path.stat().st_mtime < STALE_AFTER:
                continue
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


#: The characters of the random part of a temporary's name (``tempfile``'s are a subset).
_RANDOM = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")


def _temporary_pid(name: str, prefix: str) -> int | None:
    """The process id in ``name`` if it is one of our temporaries, ``<prefix><pid>.<8
    random characters>.tmp``; else None. Plain string tests: a write compiles no pattern
    (every cache entry is a write, and a pattern per file name is compiled anew)."""
    if not (name.startswith(prefix) and name.endswith(TEMPORARY_SUFFIX)):
        return None
    pid, dot, random = name[len(prefix):-len(TEMPORARY_SUFFIX)].partition(".")
    if not (dot and pid and pid.isascii() and pid.isdigit() and len(random) == 8
            and _RANDOM.issuperset(random)):
        return None
    return int(pid)


def _alive(pid: int) -> bool:
    """Whether a process ``pid`` runs on this machine (signal 0 checks without sending)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError, ValueError):
        return False  # gone, or a number no process can have
    except PermissionError:
        return True  # another user's process
    return pid > 0


def _target(path: Path) -> Path:
    """The file to write: a symbolic link's target (the link itself stays)."""
    if path.is_symlink():
        return Path(os.path.realpath(path))
    return path


def _check_target(target: Path, replace: bool) -> None:
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise _error(target, exc) from None
    if stat.S_ISDIR(mode):
        raise OutputError(f"{target} is a folder; give the path of a file to write")
    if not stat.S_ISREG(mode):
        raise OutputError(f"{target} is a device, pipe or socket, not a file; it is never "
                          "replaced: give the path of a file")
    if not replace:
        raise OutputError(f"{target} already exists; choose another path or pass --force to "
                          "replace it")


def _make_folder(folder: Path) -> None:
    for parent in (folder, *folder.parents):
        if parent.exists() and not parent.is_dir():
            raise OutputError(f"{parent} is a file, not a folder; choose another output path")
        if parent.is_dir():
            break
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _error(folder, exc) from None


def _put_in_place(temporary: str, target: Path, replace: bool) -> None:
    if replace:
        _check_target(target, True)  # not replaced by a folder or a device meanwhile
        os.replace(temporary, target)
        return
    try:
        os.link(temporary, target)  # fails if the name was taken meanwhile
    except FileExistsError:
        raise OutputError(f"{target} appeared while it was being written; it was left as it "
                          "is: choose another path or pass --force") from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
            raise
        _exclusive_copy(temporary, target)  # a file system without hard links
    os.unlink(temporary)


def _exclusive_copy(temporary: str, target: Path) -> None:
    try:
        handle = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, _mode_for(target))
    except FileExistsError:
        raise OutputError(f"{target} appeared while it was being written; it was left as it "
                          "is: choose another path or pass --force") from None
    with os.fdopen(handle, "wb") as stream, open(temporary, "rb") as source:
        stream.write(source.read())
        stream.flush()
        os.fsync(stream.fileno())


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); harmless where folders cannot be opened."""
    with contextlib.suppress(OSError):
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


def _error(path: Path, exc: OSError) -> OutputError:
    reasons = {
        errno.ENOSPC: "the disk is full; free some space and try again (nothing was replaced)",
        errno.EDQUOT: "the disk quota is used up; free some space (nothing was replaced)",
        errno.EACCES: "permission denied; choose a folder you can write to",
        errno.EPERM: "permission denied; choose a folder you can write to",
        errno.EROFS: "the file system is read-only; choose another folder",
        errno.ENOTDIR: "a part of the path is a file, not a folder; choose another path",
        errno.EISDIR: "it is a folder; give the path of a file",
        errno.ENAMETOOLONG: "the name is too long; choose a shorter path",
    }
    reason = reasons.get(exc.errno or 0, exc.strerror or str(exc))
    return OutputError(f"cannot write {path}: {reason}")


def _mode_for(path: Path) -> int:
    """The existing file's mode, or what a plain ``open()`` would give (0666 less umask).

    ``mkstemp`` creates files readable by the owner only; output is for sharing.
    """
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask
