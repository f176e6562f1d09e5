"""The TinyDB Storage: orjson, lazy tables, a small write-ahead delta, atomic and private writes.

Why each choice:
- orjson parses and writes JSON several times faster than the json module.
- The database file keeps one table per line. Tables are parsed on first use, so opening the
  database and showing the account list never parses the 20,000 activities; a table nobody
  touched is written back as the very bytes it was read from.
- Every write goes to a temp file in the same folder, is fsync'd, then `os.replace`d over its
  target and the folder is fsync'd: a crash leaves the old or the new file, never half of one.
- Saves are small, the database is not: rewriting 20 MB for one edited record costs tens of
  milliseconds of fsync. So a save writes only the changed documents to a sidecar
  `<db>.delta` (itself replaced atomically), and the main file is rewritten (compacted) when the
  delta grows past a limit, when the database is opened after a crash, and when it is closed.
  The delta names the main file's generation token; a delta that does not match (say the main
  file was restored from a backup) is set aside and never applied.
- Files are created 0600: the database holds personal data.
- A corrupt, empty or wrongly shaped file is never overwritten: reading it raises DatabaseError.
"""

from __future__ import annotations

import os
import re
import tempfile
import threading
import uuid
from collections.abc import Iterator, MutableMapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

from dragon_tui.errors import DatabaseError, ReadOnlyError

FILE_MODE = 0o600
DELTA_LIMIT = 1_000_000  # bytes of delta before the main file is rewritten
STORAGE_TABLE, STORAGE_DOC = "_meta", "storage"
_NAME = re.compile(rb'"([A-Za-z0-9_]+)":')


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


def _check_table(name: str, table: Any, path: Path) -> dict[str, Any]:
    if not isinstance(table, dict) or not all(isinstance(doc, dict) for doc in table.values()):
        raise DatabaseError(
            f"{path}: not a dragon-tui database (wrong JSON shape in table {name!r})"
        )
    return table


class Tables(MutableMapping):
    """The tables of the database; each is parsed from its bytes the first time it is used."""

    def __init__(
        self,
        path: Path,
        raw: dict[str, bytes | memoryview] | None = None,
        parsed: dict[str, Any] | None = None,
    ) -> None:
        self.path = path
        self._raw = dict(raw or {})
        self._parsed: dict[str, dict[str, Any]] = dict(parsed or {})
        self._order = list(self._raw) + [k for k in self._parsed if k not in self._raw]
        self._bytes: dict[
            str, tuple[int, bytes | memoryview]
        ] = {}  # name → (id of the dict dumped, its bytes)
        # A table moves from raw to parsed under this lock: a second reader waits for the
        # parse instead of finding the table in neither place (and taking it for empty).
        self._parse_lock = threading.Lock()

    def __getitem__(self, name: str) -> dict[str, Any]:
        parsed = self._parsed.get(name)
        if parsed is not None:
            return parsed
        with self._parse_lock:
            if name in self._parsed:
                return self._parsed[name]
            if name not in self._raw:
                raise KeyError(name)
            blob = self._raw[name]
            try:
                table = orjson.loads(blob)
            except orjson.JSONDecodeError as exc:
                raise DatabaseError(f"{self.path}: table {name!r} is corrupt ({exc})") from None
            self._parsed[name] = _check_table(name, table, self.path)
            self._bytes[name] = (id(table), blob)
            del self._raw[name]
            return table

    def __setitem__(self, name: str, table: dict[str, Any]) -> None:
        self._raw.pop(name, None)
        if name not in self._parsed and name not in self._order:
            self._order.append(name)
        self._parsed[name] = table

    def __delitem__(self, name: str) -> None:
        if name not in self:
            raise KeyError(name)
        self._raw.pop(name, None)
        self._parsed.pop(name, None)
        self._order.remove(name)

    def __contains__(self, name: object) -> bool:
        return name in self._parsed or name in self._raw

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._order))

    def __len__(self) -> int:
        return len(self._order)

    def dump(self) -> bytes:
        """The whole file: one table per line, untouched tables copied as they were read."""
        parts = []
        for name in self._order:
            if name in self._raw:
                blob = self._raw[name]
            else:
                table = self._parsed[name]
                cached = self._bytes.get(name)
                if cached is not None and cached[0] == id(table):
                    blob = cached[1]
                else:
                    blob = orjson.dumps(table)
                    self._bytes[name] = (id(table), blob)
            parts.append(orjson.dumps(name) + b":" + blob)
        return b"{\n" + b",\n".join(parts) + b"\n}\n"


def _split_lines(raw: bytes, path: Path) -> Tables | None:
    """Our own one-table-per-line layout, read without parsing the tables; None if not ours.

    Tables are kept as views into the file's bytes: no copy of a 20 MB file is made.
    """
    if not (raw.startswith(b"{\n") and raw.endswith(b"\n}\n")):
        return None
    view = memoryview(raw)
    tables: dict[str, memoryview] = {}
    start, end = 2, len(raw) - 3
    while start < end:
        stop = raw.find(b",\n", start, end)
        stop = end if stop < 0 else stop
        match = _NAME.match(raw, start, stop)
        if (
            match is None
            or raw[stop - 1 : stop] != b"}"
            or raw[match.end() : match.end() + 1] != b"{"
        ):
            return None
        tables[match.group(1).decode()] = view[match.end() : stop]
        start = stop + 2
    return Tables(path, raw=tables)


def load_database_file(path: Path) -> Tables | None:
    """Open a database file: None when it does not exist; DatabaseError when it is bad."""
    path = Path(path)
    try:
        raw = path.read_bytes()
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
    fast = _split_lines(raw, path)
    if fast is not None:
        return fast
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise DatabaseError(f"{path}: the database file is corrupt or truncated ({exc})") from None
    if not isinstance(data, dict):
        raise DatabaseError(f"{path}: not a dragon-tui database (wrong JSON shape)")
    for name, table in data.items():
        _check_table(name, table, path)
    return Tables(path, parsed=data)


def delta_path(path: Path) -> Path:
    return path.with_name(path.name + ".delta")


def _token(tables: Tables | None) -> str | None:
    if tables is None or STORAGE_TABLE not in tables:
        return None
    return tables[STORAGE_TABLE].get(STORAGE_DOC, {}).get("token")


class AtomicJSONStorage(Storage):
    """TinyDB storage over one JSON file and its delta; see the module docstring."""

    def __init__(self, path: str | os.PathLike[str], *, readonly: bool = False) -> None:
        self.path = Path(path)
        self.delta_file = delta_path(self.path)
        self.readonly = readonly
        self._cache: Tables | None = None
        self._loaded = False
        self._deferred = 0
        self._dirty = False
        self._noted: (
            dict[str, set[str]] | None
        ) = {}  # changed docs since the last write; None = unknown
        self._delta: dict[str, dict[str, Any]] = {}  # everything in the delta file now
        self._delta_size = 0
        self.writes = 0  # how many times a file was written (tests and benchmarks read it)
        self.compactions = 0

    # ------------------------------------------------------------------ reading
    def read(self) -> Tables | None:
        if not self._loaded:
            self._cache = load_database_file(self.path)
            self._loaded = True
            self._apply_delta_file()
        return self._cache

    def _apply_delta_file(self) -> None:
        try:
            raw = self.delta_file.read_bytes()
        except FileNotFoundError:
            return
        except OSError as exc:
            raise DatabaseError(f"{self.delta_file}: cannot read ({exc.strerror})") from None
        try:
            delta = orjson.loads(raw)
        except orjson.JSONDecodeError:
            delta = None
        tables = delta.get("tables") if isinstance(delta, dict) else None
        if not isinstance(tables, dict) or not all(
            isinstance(docs, dict) and all(d is None or isinstance(d, dict) for d in docs.values())
            for docs in tables.values()
        ):
            raise DatabaseError(f"{self.delta_file}: the change journal is corrupt")
        if self._cache is None or delta.get("base") != _token(self._cache):
            # A delta for another generation of the main file (e.g. restored from a backup).
            if not self.readonly:
                self.delta_file.replace(self.delta_file.with_name(self.delta_file.name + ".stale"))
            return
        for name, docs in tables.items():
            table = dict(self._cache[name]) if name in self._cache else {}
            for doc_id, doc in docs.items():
                if doc is None:
                    table.pop(doc_id, None)
                else:
                    table[doc_id] = doc
            self._cache[name] = table
        self._delta = tables
        self._delta_size = len(raw)
        self._noted = None  # the main file lacks these changes: the next write compacts

    @property
    def has_delta(self) -> bool:
        return bool(self._delta)

    # ------------------------------------------------------------------ writing
    def note_changes(self, table: str, doc_ids: Any) -> None:
        """Tell the storage which documents the coming write changes (so it can write a delta)."""
        if self._noted is not None:
            self._noted.setdefault(table, set()).update(doc_ids)

    def write(self, data: Any) -> None:
        if self.readonly:
            raise ReadOnlyError(f"{self.path}: the database is open read-only")
        if not self._loaded:
            self.read()  # never write over a file we have not read successfully
        if not isinstance(data, Tables):
            data = Tables(self.path, parsed=dict(data))
        self._cache = data
        self._dirty = True
        if not self._deferred:
            self.flush()

    def flush(self) -> None:
        """Write pending changes: to the delta when they are known and small, else compact.

        If the write fails (disk full, permission denied) the files are as they were; the cache,
        which already holds the failed change, is dropped so memory matches the disk again.
        """
        if self._cache is None or not self._dirty:
            return
        try:
            if self._noted is None or not self._write_delta():
                self.compact()
        except OSError as exc:
            self.discard()
            reason = exc.strerror or str(exc)
            raise DatabaseError(
                f"{self.path}: could not save ({reason}); nothing was changed"
            ) from None
        self._dirty = False
        self._noted = {}

    def _write_delta(self) -> bool:
        merged = {name: dict(docs) for name, docs in self._delta.items()}
        for name, ids in (self._noted or {}).items():
            table = self._cache[name] if name in self._cache else {}
            target = merged.setdefault(name, {})
            for doc_id in ids:
                target[doc_id] = table.get(doc_id)
        blob = orjson.dumps({"base": _token(self._cache), "tables": merged})
        if len(blob) > DELTA_LIMIT or _token(self._cache) is None:
            return False
        write_atomic(self.delta_file, blob)
        self._delta, self._delta_size = merged, len(blob)
        self.writes += 1
        return True

    def compact(self) -> None:
        """Rewrite the main file with everything, under a new generation token; drop the delta."""
        if self._cache is None:
            return
        storage_meta = dict(self._cache[STORAGE_TABLE]) if STORAGE_TABLE in self._cache else {}
        storage_meta[STORAGE_DOC] = {"token": uuid.uuid4().hex}
        self._cache[STORAGE_TABLE] = storage_meta
        write_atomic(self.path, self._cache.dump())
        try:
            self.delta_file.unlink()
        except FileNotFoundError:
            pass
        _fsync_folder(self.path.parent)
        self._delta, self._delta_size = {}, 0
        self._noted = {}
        self._dirty = False
        self.writes += 1
        self.compactions += 1

    @contextmanager
    def deferred(self) -> Iterator[None]:
        """Hold writes in memory and write once at the end (one atomic step for many changes).

        On an exception nothing is written and the cache is dropped, so the next read
        comes from the files as they are.
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
            self.flush()

    def discard(self) -> None:
        """Forget the cache; the next read reloads the files."""
        self._cache = None
        self._loaded = False
        self._dirty = False
        self._noted = {}
        self._delta, self._delta_size = {}, 0

    def close(self) -> None:
        if self.readonly or self._deferred:
            return
        if self._dirty:
            self.flush()
        if self._cache is not None and (self._delta or self.delta_file.exists()):
            try:
                self.compact()
            except OSError:
                pass  # the delta is still there and complete: nothing is lost
