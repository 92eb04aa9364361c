"""Atomic writes: a reader sees the old file or the whole new one, never a partial one.

`replace_set` writes a run's set of outputs as one: every new file is written in full
beside its target first, and only then are the old files set aside and the new ones put
in place; if anything fails, the old set is put back. `FolderLock` keeps two runs from
writing into one folder at once. Operating-system errors become `OutputError`s naming
the file or folder and the reason in plain English.
"""

from __future__ import annotations

import errno
import os
import re
import socket
import tempfile
import time
from pathlib import Path
from types import TracebackType

from redactor.errors import OutputError

LOCK_NAME = ".redactor.lock"

_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EFBIG: "the file would be larger than this disk or system allows",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EROFS: "the disk is read-only",
    errno.ENOENT: "the folder does not exist",
    errno.ENOTDIR: "a part of the path is not a folder",
    errno.EIO: "the disk reported an input/output error",
}


def os_reason(error: OSError) -> str:
    """An operating-system error in plain English ("the disk is full")."""
    return _REASONS.get(error.errno or 0, error.strerror or str(error))


def _write_temp(path: Path, data: bytes, mode: int) -> Path:
    """`data` in full in a new hidden file beside `path` (flushed to disk); its name."""
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as error:
        raise OutputError(path.parent, f"cannot write {path.name} in this folder "
                          f"({os_reason(error)})") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
    except BaseException as error:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise OutputError(path, f"cannot write the file ({os_reason(error)})") from None
        raise
    return Path(tmp)


def atomic_write_bytes(path: Path, data: bytes, mode: int = 0o644) -> None:
    """Write `data` to `path` via a temporary file and rename, so no partial file is seen.

    Raises `OutputError` (naming the file and the reason) when it cannot be written.
    """
    path = Path(path)
    tmp = _write_temp(path, data, mode)
    try:
        os.replace(tmp, path)
    except OSError as error:
        tmp.unlink(missing_ok=True)
        raise OutputError(path, f"cannot write the file ({os_reason(error)})") from None


def replace_set(files: list[tuple[Path, bytes, int]]) -> None:
    """Write `(path, data, mode)` files as one set, in the order given.

    All new files are written in full first (a full disk stops the run here, with the old
    files untouched); then each old file is set aside, the new ones renamed into place,
    and the old ones deleted. If a rename fails, the new files are removed and the old
    ones put back. Raises `OutputError` naming the file and the reason.
    """
    temps: list[Path] = []
    try:
        for path, data, mode in files:
            temps.append(_write_temp(Path(path), data, mode))
    except BaseException:
        for tmp in temps:
            tmp.unlink(missing_ok=True)
        raise
    placed: list[Path] = []
    backups: list[tuple[Path, Path]] = []
    try:
        for (path, _, _), tmp in zip(files, temps, strict=True):
            path = Path(path)
            if path.exists():
                backup = path.with_name(f"{tmp.name}.old")
                os.replace(path, backup)
                backups.append((path, backup))
            os.replace(tmp, path)
            placed.append(path)
    except BaseException as error:
        for path in placed:
            path.unlink(missing_ok=True)
        stranded = []
        for path, backup in backups:
            try:
                os.replace(backup, path)
            except OSError:
                stranded.append(f"{path.name} is kept as {backup.name}")
        for tmp in temps:
            tmp.unlink(missing_ok=True)
        if isinstance(error, OSError):
            where = Path(error.filename) if error.filename else Path(files[0][0]).parent
            kept = ("; ".join(stranded) + " (rename it back)") if stranded else \
                "the previous ones are kept"
            raise OutputError(where, f"cannot replace the outputs ({os_reason(error)}); "
                              f"{kept}") from None
        raise
    for _, backup in backups:
        backup.unlink(missing_ok=True)


_STALE_TEMP = re.compile(r"^\..+\.tmp(?:\.old)?$")  # what `_write_temp` and `replace_set` make


def remove_stale_temps(folder: Path) -> list[Path]:
    """Remove the temporary files a run killed mid-write left in `folder` (hidden, partial,
    and in the confidential folder holding real names); call only while holding its lock,
    when no other run can be writing them."""
    removed = []
    for path in Path(folder).iterdir():
        if _STALE_TEMP.match(path.name) and path.is_file():
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


class FolderLock:
    """One run at a time per output folder: an advisory lock on `<folder>/.redactor.lock`.

    The lock file says who holds it (process, machine, start time); a second run is
    refused with that. The operating system releases the lock when its holder dies (and
    its worker processes, which exit with it), so a crash never leaves a folder locked.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.path = self.folder / LOCK_NAME
        self._fd: int | None = None

    def acquire(self) -> None:
        import fcntl

        while True:
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            except OSError as error:
                raise OutputError(self.folder, "cannot write in the output folder "
                                  f"({os_reason(error)})") from None
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                holder = os.read(fd, 500).decode("utf-8", "replace").strip() or "unknown"
                os.close(fd)
                raise OutputError(self.folder, f"another redactor run is writing to this "
                                  f"folder ({holder}); wait for it to finish, or choose "
                                  "another --out") from None
            try:
                same = os.fstat(fd).st_ino == os.stat(self.path).st_ino
            except FileNotFoundError:
                same = False
            if same:  # not a file its last holder removed while we opened it
                break
            os.close(fd)
        started = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime())
        os.ftruncate(fd, 0)
        os.write(fd, f"process {os.getpid()} on {socket.gethostname()}, started {started}"
                 .encode())
        self._fd = fd
        remove_stale_temps(self.folder)

    def release(self) -> None:
        if self._fd is None:
            return
        self.path.unlink(missing_ok=True)
        os.close(self._fd)
        self._fd = None

    def __enter__(self) -> FolderLock:
        self.acquire()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.release()
