"""The TinyDB Storage: orjson, an in-memory cache, and atomic, durable, private writes.

Why each choice:
- orjson parses and writes JSON several times faster than the json module.
- The whole database is cached after the first read (TinyDB re-reads on every query otherwise).
- Every write goes to a temp file in the same folder, is fsync'd, then `os.replace`d over the
  database and the folder is fsync'd: a crash leaves the old or the new file, never half of one.
- Files are created 0600: the database holds personal data.
- A corrupt, empty or wrongly shaped file is never overwritten: reading it raises DatabaseError
  and the storage refuses to write until it has read a good state.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

from dragon_tui.errors import DatabaseError, ReadOnlyError

FILE_MODE = 0o600


def write_atomic(path: Path, data: bytes, *, mode: int = FILE_MODE) -> None:
    """Write `data` to `path` atomically and durably (temp file, fsync, replace, fsync folder)."""
    path = Path(path)
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, mode)
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
        os.close(fd)
        fd = -1
        os.replace(tmp_name, path)
    except BaseException:
        if fd >= 0:
            os.close(fd)
        try:
            os.unlink(tmp_name)
        except OSError:
            pass
        raise
    _fsync_folder(folder)


def _fsync_folder(folder: Path) -> None:
    try:
        dir_fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)


def load_database_file(path: Path) -> dict[str, dict[str, Any]] | None:
    """Parse a database file: None when it does not exist; DatabaseError when it is bad."""
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise DatabaseError(f"{path}: is a folder, not a database file") from None
    except PermissionError:
        raise DatabaseError(f"{path}: permission denied when reading the database") from None
    except OSError as exc:
        raise DatabaseError(f"{path}: cannot read the database ({exc.strerror})") from None
    if not raw.strip():
        raise DatabaseError(f"{path}: the database file is empty (truncated?)")
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise DatabaseError(f"{path}: the database file is corrupt or truncated ({exc})") from None
    if not isinstance(data, dict) or not all(
        isinstance(table, dict) and all(isinstance(doc, dict) for doc in table.values())
        for table in data.values()
    ):
        raise DatabaseError(f"{path}: not a dragon-tui database (wrong JSON shape)")
    return data


class AtomicJSONStorage(Storage):
    """TinyDB storage over one JSON file; see the module docstring for the guarantees."""

    def __init__(self, path: str | os.PathLike[str], *, readonly: bool = False) -> None:
        self.path = Path(path)
        self.readonly = readonly
        self._cache: dict[str, dict[str, Any]] | None = None
        self._loaded = False
        self._deferred = 0
        self._dirty = False
        self.writes = 0  # how many times the file was written (tests and benchmarks read it)

    def read(self) -> dict[str, dict[str, Any]] | None:
        if not self._loaded:
            self._cache = load_database_file(self.path)
            self._loaded = True
        return self._cache

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        if self.readonly:
            raise ReadOnlyError(f"{self.path}: the database is open read-only")
        if not self._loaded:
            # Never write over a file we have not read successfully.
            self.read()
        self._cache = data
        if self._deferred:
            self._dirty = True
            return
        self.flush()

    def flush(self) -> None:
        """Write the cached state to disk now.

        If the write fails (disk full, permission denied) the file is as it was; the cache,
        which already holds the failed change, is dropped so memory matches the disk again.
        """
        if self._cache is None:
            return
        try:
            write_atomic(self.path, orjson.dumps(self._cache))
        except OSError as exc:
            self.discard()
            reason = exc.strerror or str(exc)
            raise DatabaseError(
                f"{self.path}: could not save ({reason}); nothing was changed"
            ) from None
        self._dirty = False
        self.writes += 1

    @contextmanager
    def deferred(self) -> Iterator[None]:
        """Hold writes in memory and write once at the end (one atomic step for many changes).

        On an exception nothing is written and the cache is dropped, so the next read
        comes from the file as it was.
        """
        self._deferred += 1
        try:
            yield
        except BaseException:
            self._deferred -= 1
            if self._deferred == 0:
                self.discard()
            raise
        self._deferred -= 1
        if self._deferred == 0 and self._dirty:
            try:
                self.flush()
            except BaseException:
                self.discard()
                raise

    def discard(self) -> None:
        """Forget the cache; the next read reloads the file."""
        self._cache = None
        self._loaded = False
        self._dirty = False

    def close(self) -> None:
        if self._dirty and not self.readonly and not self._deferred:
            self.flush()
