"""The TinyDB Storage: orjson, lazy tables, an append-only journal, atomic and private writes.

Why each choice:
- orjson parses and writes JSON several times faster than the json module.
- The database file keeps one table per line. Tables are parsed on first use, so opening the
  database and showing the account list never parses the 20,000 activities; a table nobody
  touched is written back as the very bytes it was read from.
- A table of 256 documents or more (`doc_lines.LINES_MIN_DOCS`) is written one document per
  line and read as a `doc_lines.LineTable`: its documents stay file bytes and are parsed one at
  a time when asked for (at 5,000 accounts the activities alone were 404 MB parsed). The
  storage document names where each table lies, so opening does not read through the file.
- The main file is only ever written whole: to a temp file in the same folder, fsync'd, then
  `os.replace`d over its target and the folder fsync'd: a crash leaves the old or the new file.
- Saves are small, the database is not: rewriting 210 MB for one edited record costs most of a
  second. So a save appends only the changed documents to a journal `<db>.delta` — one line per
  save, `<crc32> <json>\\n`, fsync'd before the save returns. A line cut short by a crash fails
  its checksum and is ignored (it was never acknowledged); a bad line followed by good ones is
  corruption and is reported, never skipped.
- Tables are changed in place (`put_docs`), never copied: a save's cost does not grow with the
  size of any table (TinyDB's `_update_table` copies a whole table twice per update).
- When the journal passes `JOURNAL_LIMIT` (or a 16th of the main file, if more), a background
  thread folds it into the main file while
  saves go on appending. The new main file names the generation it replaced (`from`) and where
  in that generation's journal it was taken (`offset`): at every instant the files on disk are
  either (old main + whole journal) or (new main + the journal's tail after `offset`) or (new
  main + a journal rebased onto it), and opening applies exactly the entries not in the main file.
  The fold reads each table under the storage's lock, which every write unit (one save, one
  batch) holds from its first change to its journal append, so it never captures a change that
  is not in the journal.
- A journal for another generation of the main file (say the main file was restored from a
  backup) is set aside as `.stale` and never applied. On close, the journal is folded in.
- Files are created 0600: the database holds personal data.
- A corrupt, empty or wrongly shaped file is never overwritten: reading it raises DamagedDatabase.
  Before the first write of a session every table not yet parsed is checked, so a corrupt table
  that nobody read is refused too, never copied into a new file. Each main file written records
  the SHA-256 of every table's bytes (in the storage document of `_meta`, written last): a table
  whose bytes still hash to it is exactly what was written — and only valid tables are ever
  written — so checking it costs a hash (which runs without the GIL) instead of a parse; any
  other table (a mismatch, a file from an older version, a hand edit) is parsed and its shape
  checked as before. `prepare()` does this check in a background thread at open, so the first
  save of a session waits for it only if it has not finished.
- Parsing a table makes hundreds of thousands of objects and no cycles: the cyclic collector is
  paused meanwhile and what was made is frozen (the 2 MB sync table took 320 ms to parse with
  the collector on, next to 2,000 records in memory, and 40 ms with it paused).
- Folders are created 0700.
"""

from __future__ import annotations

import errno
import gc
import hashlib
import mmap
import os
import re
import tempfile
import threading
import uuid
import zlib
from collections.abc import Iterator, MutableMapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

from dragon_tui.doc_lines import LineTable, frozen, index_lines, is_lines, line_pieces, wants_lines
from dragon_tui.errors import DamagedDatabase, DatabaseError, ReadOnlyError, WriteFailed
from dragon_tui.pages import release_pages

FILE_MODE = 0o600
FOLDER_MODE = 0o700
JOURNAL_LIMIT = 1_000_000  # bytes of journal before it is folded into the main file, at least
# ... or this share of the main file, if more: a fold rewrites the whole file (210 MB at 5,000
# accounts), and folding every 1 MB made the saves beside it wait on a disk busy with rewrites
# (write amplification bounded at 16×; a journal replayed at open stays a 16th of the file).
JOURNAL_SHARE = 16
JOURNAL_MAX_DOCS = 5_000  # a write of more documents rewrites the main file instead
STORAGE_TABLE, STORAGE_DOC = "_meta", "storage"
_NAME = re.compile(rb'"([A-Za-z0-9_]+)":')
_JOURNAL_VERSION = 1


@contextmanager
def no_gc_pauses(*, freeze: bool = True) -> Iterator[None]:
    """Bulk work (an import, an export, a whole-file write) makes hundreds of thousands of
    short-lived objects and no cycles: the cyclic collector would rescan them again and again
    (half the time of an import), so pause it meanwhile. Nests.

    On the way out, what survived is frozen (moved out of the collector's sight): it is the
    database held in memory, and re-enabling the collector would otherwise rescan all of it at
    once (another half second at 500 accounts). `freeze=False` when nothing made is kept."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            if freeze:
                gc.freeze()
            gc.enable()


DIGEST_STEP = 8 << 20  # bytes hashed before the mapped pages read are let go


def digest(blob: bytes | memoryview) -> str:
    """The SHA-256 of a table's bytes (hashlib releases the GIL while it hashes), a few
    megabytes at a time, their mapped pages let go after each (116 MB of activities at 5,000
    accounts counted whole in the app's memory)."""
    sha = hashlib.sha256()
    view = memoryview(blob)
    for start in range(0, len(view), DIGEST_STEP):
        sha.update(view[start : start + DIGEST_STEP])
        release_pages(blob)
    return sha.hexdigest()


def write_atomic(path: Path, data: bytes, *, mode: int = FILE_MODE) -> None:
    """Write `data` to `path` atomically and durably (temp file, fsync, replace, fsync folder)."""
    write_atomic_parts(path, [data], mode=mode)


WRITE_CHUNK = 1 << 20  # bytes gathered before one write


def write_atomic_parts(path: Path, parts: Any, *, mode: int = FILE_MODE) -> None:
    """`write_atomic` for data given piece by piece (an iterable of bytes), never joined whole."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
    with _replacing(path, mode) as fd:
        # Small parts (a bundle's records, one a line) are gathered into large writes: one
        # system call per record was a fifth of exporting 320,000 records. Large parts (a whole
        # table, a whole file) go straight through, never copied.
        pending = bytearray()
        for data in parts:
            if len(data) >= WRITE_CHUNK:
                if pending:
                    _write_all(fd, pending)
                    pending.clear()
                _write_all(fd, data)
                continue
            pending += data
            if len(pending) >= WRITE_CHUNK:
                _write_all(fd, pending)
                pending.clear()
        if pending:
            _write_all(fd, pending)
    _fsync_folder(path.parent)


@contextmanager
def _replacing(path: Path, mode: int) -> Iterator[int]:
    """A temp file (`mode`) beside `path` to write into; on a clean exit it is fsync'd and
    replaces `path`, on any failure it is removed and `path` is untouched."""
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, mode)
        yield fd
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


_NO_LINKS = (errno.EPERM, errno.EXDEV, errno.EOPNOTSUPP, errno.EMLINK, errno.ENOSYS)


def snapshot_file(source: Path, target: Path) -> None:
    """Make `target` a durable copy of `source` as it is now, complete or absent at every
    instant. A hard link when the file system allows one: the database file is never changed in
    place, only replaced whole (`os.replace`), so the link keeps these bytes after the database
    moves on, and costs no copy. Otherwise the bytes are copied in the kernel to a temp file
    (0600), fsync'd and renamed."""
    target = Path(target)
    try:
        os.link(source, target)
    except OSError as exc:
        if exc.errno not in _NO_LINKS:
            raise
        _copy_atomic(Path(source), target)
    _fsync_folder(target.parent)


def _copy_atomic(source: Path, target: Path) -> None:
    with _replacing(target, FILE_MODE) as fd, open(source, "rb") as src:
        size = os.fstat(src.fileno()).st_size
        done = 0
        while done < size:
            try:
                sent = os.copy_file_range(src.fileno(), fd, size - done)
            except OSError as exc:
                if exc.errno not in (errno.EXDEV, errno.ENOSYS, errno.EOPNOTSUPP, errno.EINVAL):
                    raise
                sent = os.sendfile(fd, src.fileno(), done, size - done)
                if sent:
                    src.seek(done + sent)
            if sent == 0:
                break  # the source got shorter: it is replaced, never cut, so not ours
            done += sent


def write_output(path: Path, data: bytes) -> None:
    """`write_atomic` for files the user asked for (exports): an OS failure is one clear line."""
    try:
        write_atomic(path, data)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        blocker = next((p for p in Path(path).parents if p.exists()), None)
        if blocker is not None and not blocker.is_dir():
            reason = f"{blocker} is a file, not a folder"
        raise WriteFailed(f"{path}: cannot write ({reason}); nothing was written") from None


def _write_all(fd: int, data: bytes | memoryview) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


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


def _parse_table(name: str, blob: bytes | memoryview, path: Path, *, keep: bool) -> dict[str, Any]:
    """A table's dict from its bytes, shape checked, with the collector paused (and what it made
    frozen when it is kept); DamagedDatabase if it is corrupt."""
    with no_gc_pauses(freeze=keep):
        try:
            table = orjson.loads(blob)
        except orjson.JSONDecodeError as exc:
            raise DamagedDatabase(f"{path}: table {name!r} is corrupt ({exc})") from None
        finally:
            release_pages(blob)
        return _check_table(name, table, path)


def _check_table(name: str, table: Any, path: Path) -> dict[str, Any]:
    if not isinstance(table, dict) or not all(isinstance(doc, dict) for doc in table.values()):
        raise DamagedDatabase(
            f"{path}: not a dragon-tui database (wrong JSON shape in table {name!r})"
        )
    return table


class Tables(MutableMapping):
    """The tables of the database; each is parsed from its bytes the first time it is used.

    A parsed table keeps the bytes it was read from (or last written as) until it is changed:
    `touch(name)` after changing it in place, or assigning a new dict, forgets them.
    """

    def __init__(
        self,
        path: Path,
        raw: dict[str, bytes | memoryview] | None = None,
        parsed: dict[str, Any] | None = None,
    ) -> None:
        self.path = path
        self.lock = threading.RLock()
        self._raw = dict(raw or {})
        self._parsed: dict[str, dict[str, Any]] = dict(parsed or {})
        self._order = list(self._raw) + [k for k in self._parsed if k not in self._raw]
        self._bytes: dict[str, bytes | memoryview] = {}  # parsed and unchanged since: its bytes
        self._version: dict[str, int] = {}  # bumped on every change of a table
        self.replaced: set[str] = set()  # tables assigned whole (changes not itemised)
        # What the file read says each table's bytes hash to (a claim, checked by `verify`),
        # and the digests known to be right for the bytes a table holds now.
        self.claimed: dict[str, str] = {}
        self._digest: dict[str, str] = {}

    def __getitem__(self, name: str) -> dict[str, Any]:
        parsed = self._parsed.get(name)
        if parsed is not None:
            return parsed
        with self.lock:
            if name in self._parsed:
                return self._parsed[name]
            if name not in self._raw:
                raise KeyError(name)
            blob = self._raw[name]
            if is_lines(blob):
                table = LineTable.read(name, blob, self.path)
            else:
                table = _parse_table(name, blob, self.path, keep=True)
            self._bytes[name] = blob
            self._parsed[name] = table
            del self._raw[name]
            return table

    def __setitem__(self, name: str, table: dict[str, Any]) -> None:
        with self.lock:
            if self._parsed.get(name) is table:
                return  # TinyDB writes back what it read: nothing new
            self._raw.pop(name, None)
            self._bytes.pop(name, None)
            self._bump(name)
            if name not in self._order:
                self._order.append(name)
            self._parsed[name] = table
            self.replaced.add(name)

    def table_for_update(self, name: str) -> dict[str, Any]:
        """The live dict of a table (created empty if missing), to change in place; call
        `touch(name)` after."""
        with self.lock:
            if name not in self:
                self._parsed[name] = {}
                self._order.append(name)
            table = self[name]
            self._bytes.pop(name, None)
            self._bump(name)
            return table

    def touch(self, name: str) -> None:
        self._bytes.pop(name, None)
        self._bump(name)

    def _bump(self, name: str) -> None:
        self._version[name] = self._version.get(name, 0) + 1
        self._digest.pop(name, None)

    def digest_of(self, name: str) -> str | None:
        """The SHA-256 of the bytes table `name` was read from (or last written as), when it
        holds exactly them still (never changed since); None otherwise. What is derived from a
        table can be cached under it: the same digest, the same documents."""
        with self.lock:
            blob = self._raw.get(name)
            if blob is None:
                blob = self._bytes.get(name)
            if blob is None:
                return None
            known = self._digest.get(name)
            if known is not None:
                return known
            version = self._version.get(name, 0)
        sha = digest(blob)  # outside the lock: the bytes are never changed, only dropped
        with self.lock:
            if self._version.get(name, 0) != version:
                return None  # changed meanwhile
            self._digest[name] = sha
        return sha

    def blob_for_write(self, name: str) -> tuple[bytes | memoryview, int, str | None]:
        """A table's JSON for writing the main file, its version, and its digest when known; a
        dump is not kept (the written file takes its place, see `adopt`)."""
        with self.lock:
            if name in self._raw:
                blob = self._raw[name]
            else:
                blob = self._bytes.get(name)
                if blob is None:
                    blob = table_bytes(self._parsed[name])
                    return blob, self._version.get(name, 0), None
            return blob, self._version.get(name, 0), self._digest.get(name)

    def snapshot_for_write(
        self, name: str
    ) -> tuple[bytes | memoryview | MutableMapping, int, str | None]:
        """`blob_for_write` without the dump: a changed table comes as a copy of itself
        (`doc_lines.frozen`), to be dumped outside the lock."""
        with self.lock:
            if name not in self._raw and name not in self._bytes:
                return frozen(self._parsed[name]), self._version.get(name, 0), None
            return self.blob_for_write(name)

    def adopt(self, path: Path, spans: list[Span]) -> None:
        """After the main file was written: each table still at the version written now reads
        its bytes from that file (mapped, so they cost page cache rather than heap, and the
        previous file's bytes are released). A table written one document per line
        (`doc_lines`) is read from there one document at a time: a parsed one is let go."""
        try:
            with open(path, "rb") as f:
                mapped = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        except (OSError, ValueError):
            return
        view = memoryview(mapped)
        with self.lock:
            for name, version, start, length, sha, places in spans:
                if self._version.get(name, 0) != version:
                    continue
                blob = view[start : start + length]
                if name in self._raw:
                    self._raw[name] = blob
                elif name in self._parsed:
                    self._bytes[name] = blob
                    table = self._parsed[name]
                    if places is not None and isinstance(table, LineTable):
                        table.rebase(blob, places)
                    elif places is not None:
                        self._parsed[name] = LineTable(name, blob, places, self.path)
                else:
                    continue
                self._digest[name] = sha

    def __delitem__(self, name: str) -> None:
        with self.lock:
            if name not in self:
                raise KeyError(name)
            self._raw.pop(name, None)
            self._parsed.pop(name, None)
            self._bytes.pop(name, None)
            self._bump(name)
            self._order.remove(name)
            self.claimed.pop(name, None)

    def __contains__(self, name: object) -> bool:
        return name in self._parsed or name in self._raw

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._order))

    def __len__(self) -> int:
        return len(self._order)

    def dump(self) -> bytes:
        """The whole file in memory, one table per line (for a backup or a restore)."""
        parts = [
            orjson.dumps(name)
            + b":"
            + (
                _meta_unplaced(self)
                if name == STORAGE_TABLE
                else bytes(self.blob_for_write(name)[0])
            )
            for name in self
        ]
        return b"{\n" + b",\n".join(parts) + b"\n}\n"

    def verify(self, cancelled: Any = None) -> bool:
        """Check every table not parsed yet (the bytes stay as they were): one whose bytes hash
        to the digest the file recorded is what was written; any other is parsed, its shape
        checked and the result thrown away. DamagedDatabase if one is corrupt. A table parsed
        meanwhile (by another thread) was checked by that parse. Returns False if `cancelled()`
        said to stop before the end."""
        for name in list(self._order):
            if cancelled is not None and cancelled():
                return False
            with self.lock:
                blob = self._raw.get(name)
                if blob is None:
                    continue
                version = self._version.get(name, 0)
            sha = digest(blob)
            if sha != self.claimed.get(name):
                _parse_table(name, blob, self.path, keep=False)
                if is_lines(blob):
                    index_lines(name, blob, self.path)  # each document on its own line
            with self.lock:
                if self._version.get(name, 0) == version:
                    self._digest[name] = sha  # these bytes are checked: a rewrite reuses it
        return True


def _split_lines(raw: bytes | mmap.mmap, path: Path) -> Tables | None:
    """Our own one-table-per-line layout, read without parsing the tables; None if not ours.

    Tables are kept as views into the file's bytes: no copy of a 20 MB file is made.
    """
    if not (raw[:2] == b"{\n" and raw[-3:] == b"\n}\n"):
        return None
    view = memoryview(raw)
    placed = _tables_where_placed(raw, view)
    if placed is not None:
        return Tables(path, raw=placed)
    tables: dict[str, memoryview] = {}
    start, end = 2, len(raw) - 3
    while start < end:
        # JSON as orjson writes it holds no newline: a newline and a quote start a table's line
        # (a newline and a space, a document's line: `doc_lines`). A regular expression finds
        # them several times faster than `find` does (which crawled through 238 MB in 0.3 s).
        found = _TABLE_LINE.search(raw, start, end)
        newline = -1 if found is None else found.start()
        if newline >= 0 and raw[newline - 1 : newline] != b",":
            return None
        stop = end if newline < 0 else newline - 1
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


_TABLE_LINE = re.compile(rb'\n"')


def _tables_where_placed(raw: bytes | mmap.mmap, view: memoryview) -> dict[str, memoryview] | None:
    """The tables of a main file this storage wrote, found where its storage document (in
    `_meta`, the last line) says they lie, without reading through the file; None when it says
    nothing or anything does not fit (each table where it says, one after the other, from the
    first line to `_meta`): the file is then read through."""
    end = len(raw) - 3
    at = raw.rfind(b'\n"' + STORAGE_TABLE.encode() + b'":{', 0, end)
    if at < 0:
        return None
    meta_start = at + len(STORAGE_TABLE) + 4
    try:
        places = orjson.loads(view[meta_start:end])[STORAGE_DOC]["places"]
        ordered = sorted((int(p[0]), int(p[1]), str(name)) for name, p in places.items())
    except (orjson.JSONDecodeError, KeyError, TypeError, ValueError, IndexError):
        return None
    tables: dict[str, memoryview] = {}
    expected = 2
    for start, length, name in ordered:
        head = orjson.dumps(name) + b":"
        stop = start + length
        if (
            start - len(head) != expected
            or raw[expected:start] != head
            or raw[start : start + 1] != b"{"
            or raw[stop - 1 : stop] != b"}"
            or raw[stop : stop + 2] != b",\n"
            or name in tables
        ):
            return None
        tables[name] = view[start:stop]
        expected = stop + 2
    if expected != at + 1:
        return None
    tables[STORAGE_TABLE] = view[meta_start:end]
    return tables


def _read_claims(tables: Tables) -> None:
    """The digests the file recorded for its tables (none in a file from an older version)."""
    if STORAGE_TABLE not in tables:
        return
    doc = tables[STORAGE_TABLE].get(STORAGE_DOC)
    claimed = doc.get("sha256") if isinstance(doc, dict) else None
    if isinstance(claimed, dict):
        tables.claimed = {k: v for k, v in claimed.items() if isinstance(v, str)}


def _is_blank(raw: bytes | mmap.mmap) -> bool:
    """Empty or only whitespace, without copying the file (bytes.strip would)."""
    return not len(raw) or raw[:1].isspace() and bytes(raw).isspace()


def _map_file(path: Path) -> bytes | mmap.mmap:
    """The file's bytes, memory-mapped: reading 238 MB into the heap was a quarter of opening
    the database at 5,000 accounts, and most tables are never parsed in a session. Safe because
    the main file is only ever replaced (`os.replace`), never changed in place: the mapping
    keeps the bytes it was opened on (as `Tables.adopt` does after a write). Read whole where
    the file cannot be mapped (empty, or a file system that refuses)."""
    with open(path, "rb") as f:
        try:
            return mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        except (OSError, ValueError):
            return f.read()


def load_database_file(path: Path) -> Tables | None:
    """Open a database file: None when it does not exist; DatabaseError when it is bad."""
    path = Path(path)
    try:
        raw = _map_file(path)
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise DatabaseError(f"{path}: is a folder, not a database file") from None
    except PermissionError:
        raise DatabaseError(f"{path}: permission denied when reading the database") from None
    except OSError as exc:
        raise DatabaseError(f"{path}: cannot read the database ({exc.strerror})") from None
    if _is_blank(raw):
        raise DamagedDatabase(f"{path}: the database file is empty (truncated?)")
    fast = _split_lines(raw, path)
    release_pages(raw)
    if fast is not None:
        _read_claims(fast)
        return fast
    try:
        data = orjson.loads(memoryview(raw))
    except orjson.JSONDecodeError as exc:
        raise DamagedDatabase(
            f"{path}: the database file is corrupt or truncated ({exc})"
        ) from None
    if not isinstance(data, dict):
        raise DamagedDatabase(f"{path}: not a dragon-tui database (wrong JSON shape)")
    for name, table in data.items():
        _check_table(name, table, path)
    return Tables(path, parsed=data)


def delta_path(path: Path) -> Path:
    return path.with_name(path.name + ".delta")


def _storage_doc(tables: Tables | None) -> dict[str, Any]:
    if tables is None or STORAGE_TABLE not in tables:
        return {}
    doc = tables[STORAGE_TABLE].get(STORAGE_DOC, {})
    return doc if isinstance(doc, dict) else {}


def _token(tables: Tables | None) -> str | None:
    return _storage_doc(tables).get("token")


def journal_header(base: str) -> bytes:
    return orjson.dumps({"journal": _JOURNAL_VERSION, "base": base}) + b"\n"


def journal_line(changes: dict[str, dict[str, Any]]) -> bytes:
    body = orjson.dumps(changes)
    return b"%08x " % zlib.crc32(body) + body + b"\n"


def _good_changes(changes: Any) -> bool:
    return isinstance(changes, dict) and all(
        isinstance(docs, dict) and all(d is None or isinstance(d, dict) for d in docs.values())
        for docs in changes.values()
    )


def read_journal(raw: bytes, where: Path) -> tuple[str | None, list[tuple[int, dict]], int]:
    """(base token, [(offset, changes)], length of the good part) of a journal file.

    A last line cut short (no newline, or a checksum that fails) is a write a crash interrupted
    before it was acknowledged: it is left out. A bad line with good ones after it is corruption.
    Also reads the former one-object delta format.
    """
    corrupt = DamagedDatabase(f"{where}: the change journal is corrupt")
    first_end = raw.find(b"\n")
    try:
        header = orjson.loads(raw if first_end < 0 else raw[:first_end])
    except orjson.JSONDecodeError:
        raise corrupt from None
    if not isinstance(header, dict):
        raise corrupt
    if "tables" in header:  # the former format: one JSON object holding every change
        if first_end >= 0 and raw[first_end + 1 :].strip() or not _good_changes(header["tables"]):
            raise corrupt
        return header.get("base"), [(0, header["tables"])], len(raw)
    if header.get("journal") != _JOURNAL_VERSION or first_end < 0:
        raise corrupt
    entries: list[tuple[int, dict]] = []
    start = first_end + 1
    while start < len(raw):
        end = raw.find(b"\n", start)
        line = raw[start:] if end < 0 else raw[start:end]
        changes = None
        if end >= 0 and len(line) > 9 and line[8:9] == b" ":
            body = line[9:]
            try:
                if int(line[:8], 16) == zlib.crc32(body):
                    changes = orjson.loads(body)
            except (ValueError, orjson.JSONDecodeError):
                changes = None
        if changes is None or not _good_changes(changes):
            if end < 0 or not raw[end + 1 :].strip():
                return header.get("base"), entries, start  # a torn last write
            raise corrupt
        entries.append((start, changes))
        start = end + 1
    return header.get("base"), entries, start


class _Fold:
    """One background fold: the main file rewritten from memory while saves go on."""

    def __init__(self, storage: AtomicJSONStorage, offset: int) -> None:
        self.storage = storage
        self.offset = offset
        self.cancelled = False
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="dragon-fold", daemon=True)

    def _run(self) -> None:
        try:
            self.storage._fold_main(self)
        except BaseException as exc:  # reported by the next write (the journal is intact)
            self.error = exc


class _Prepare:
    """The check before a session's first write, run in the background from the open: every
    table not parsed yet is checked (see `Tables.verify`) and the tables every save needs are
    parsed (kept). The first write waits for it (`AtomicJSONStorage.verify`)."""

    def __init__(self, tables: Tables, parse: tuple[str, ...]) -> None:
        self.tables = tables
        self.parse = parse
        self.cancelled = False
        self.done = False
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="dragon-prepare", daemon=True)

    def _run(self) -> None:
        try:
            for name in self.parse:
                if self.cancelled:
                    return
                if name in self.tables:
                    table = self.tables[name]
                    if isinstance(table, LineTable):
                        table.index()  # what a save looks up by id
            self.done = self.tables.verify(lambda: self.cancelled)
        except BaseException as exc:  # the first write checks again and reports it
            self.error = exc


class AtomicJSONStorage(Storage):
    """TinyDB storage over one JSON file and its journal; see the module docstring."""

    def __init__(self, path: str | os.PathLike[str], *, readonly: bool = False) -> None:
        self.path = Path(path)
        self.delta_file = delta_path(self.path)
        self.readonly = readonly
        self.lock = threading.RLock()  # held by each write unit, and by the fold per table
        self._cache: Tables | None = None
        self._loaded = False
        self._verified = False  # every table parsed once this session (checked before a write)
        self._deferred = 0
        self._dirty = False
        self._noted: dict[str, set[str]] | None = {}  # changed docs since the last write
        self._journal_fd = -1
        self._journal_base: str | None = None  # the generation the journal file applies to
        self._journal_size = 0  # bytes of the journal file (0: no journal file)
        self._journal_entries = 0
        self._fold: _Fold | None = None
        self._prepare: _Prepare | None = None
        # None: JOURNAL_LIMIT or a JOURNAL_SHARE-th of the main file, whichever is larger
        self.journal_limit: int | None = None
        self._main_size = 0
        self.writes = 0  # how many times a file was written (tests and benchmarks read it)
        self.compactions = 0
        self.folds = 0

    # ------------------------------------------------------------------ reading
    def read(self) -> Tables | None:
        if not self._loaded:
            self._cache = load_database_file(self.path)
            self._loaded = True
            self._note_main_size()
            self._apply_journal_file()
        return self._cache

    def _note_main_size(self) -> None:
        try:
            self._main_size = self.path.stat().st_size
        except OSError:
            self._main_size = 0

    def fold_threshold(self) -> int:
        """Bytes of journal before it is folded into the main file (see JOURNAL_SHARE)."""
        if self.journal_limit is not None:
            return self.journal_limit
        return max(JOURNAL_LIMIT, self._main_size // JOURNAL_SHARE)

    def _apply_journal_file(self) -> None:
        try:
            raw = self.delta_file.read_bytes()
        except FileNotFoundError:
            return
        except OSError as exc:
            raise DatabaseError(f"{self.delta_file}: cannot read ({exc.strerror})") from None
        base, entries, good = read_journal(raw, self.delta_file)
        meta = _storage_doc(self._cache)
        if self._cache is not None and base == meta.get("token"):
            skip = 0
        elif self._cache is not None and base is not None and base == meta.get("from"):
            skip = int(meta.get("offset", 0))  # a fold finished; its journal was not rebased yet
        else:
            # A journal for another generation of the main file (e.g. restored from a backup).
            if not self.readonly:
                self.delta_file.replace(self.delta_file.with_name(self.delta_file.name + ".stale"))
            return
        for offset, changes in entries:
            if offset < skip:
                continue
            for name, docs in changes.items():
                table = self._cache.table_for_update(name)
                for doc_id, doc in docs.items():
                    if doc is None:
                        table.pop(doc_id, None)
                    else:
                        table[doc_id] = doc
                self._cache.touch(name)
            self._journal_entries += 1
        self._journal_base = base
        self._journal_size = good
        self._noted = None  # a journal from an earlier session: the next write compacts

    @property
    def has_delta(self) -> bool:
        return self._journal_entries > 0 or (self._loaded and self.delta_file.exists())

    def prepare(self, parse: tuple[str, ...] = ()) -> None:
        """Start, in a background thread, the check the first write needs (`verify`), and parse
        the tables named in `parse` (those every save reads), so that the first save of a
        session costs what any save costs. Nothing is written."""
        if self.readonly or self._verified or self._prepare is not None:
            return
        tables = self.read()
        if tables is None:
            return
        self._prepare = _Prepare(tables, parse)
        self._prepare.thread.start()

    def _stop_prepare(self, *, cancel: bool) -> _Prepare | None:
        prepare, self._prepare = self._prepare, None
        if prepare is not None:
            prepare.cancelled = cancel
            prepare.thread.join()
        return prepare

    def verify(self) -> None:
        """Check every table of the file (once a session); DamagedDatabase if one is corrupt.

        Called before anything is written or backed up: a corrupt table that was never parsed
        must not be copied into a new file or a backup. Waits for the check `prepare` started;
        if that one did not finish cleanly, checks again here (and raises what it finds).
        """
        if self._verified:
            return
        prepare = self._stop_prepare(cancel=False)
        data = self.read()
        if prepare is not None and prepare.done and prepare.tables is data:
            self._verified = True
            return
        if data is not None:
            data.verify()
        self._verified = True

    # ------------------------------------------------------------------ writing
    def note_changes(self, table: str, doc_ids: Any) -> None:
        """Tell the storage which documents the coming write changes (so it can journal them)."""
        if self._noted is not None:
            self._noted.setdefault(table, set()).update(doc_ids)

    def put_docs(self, table: str, docs: dict[str, dict[str, Any] | None]) -> None:
        """Insert, replace (or, with None, remove) documents of one table, in place."""
        if self.readonly:
            raise ReadOnlyError(f"{self.path}: the database is open read-only")
        with self.deferred():
            if self.read() is None:
                self._cache = Tables(self.path)
            live = self._cache.table_for_update(table)
            for doc_id, doc in docs.items():
                if doc is None:
                    live.pop(doc_id, None)
                else:
                    live[doc_id] = doc
            self.note_changes(table, docs.keys())
            self._dirty = True

    def write(self, data: Any) -> None:
        if self.readonly:
            raise ReadOnlyError(f"{self.path}: the database is open read-only")
        if not self._loaded:
            self.read()  # never write over a file we have not read successfully
        if not isinstance(data, Tables):
            data = Tables(self.path, parsed=dict(data))
            self._noted = None
        self._cache = data
        self._dirty = True
        if not self._deferred:
            self.flush()

    def flush(self) -> None:
        """Write pending changes: appended to the journal when they are known and small, else
        the main file is rewritten.

        If the write fails (disk full, permission denied) the files are as they were; the cache,
        which already holds the failed change, is dropped so memory matches the disk again.
        """
        if self._cache is None or not self._dirty:
            return
        with self.lock:
            try:
                self.verify()  # never write from a file with a corrupt table nobody read yet
            except DamagedDatabase:
                self.discard()
                raise
            try:
                if self._cache.replaced:
                    self._noted = None
                if self._noted is None or not self._append():
                    self.compact()
            except OSError as exc:
                self.discard()
                reason = exc.strerror or str(exc)
                raise DatabaseError(
                    f"{self.path}: could not save ({reason}); nothing was changed"
                ) from None
            self._dirty = False
            self._noted = {}
        self._maybe_fold()

    def _append(self) -> bool:
        """Append the noted changes to the journal (one fsync'd line); False when too big."""
        fold = self._fold
        if fold is not None and fold.error is not None:
            self._finish_fold()
        token = self._journal_base or _token(self._cache)
        if token is None:
            return False
        noted = self._noted or {}
        if sum(len(ids) for ids in noted.values()) > JOURNAL_MAX_DOCS:
            return False  # a bulk write (an import): the main file is rewritten anyway
        changes: dict[str, dict[str, Any]] = {}
        for name, ids in noted.items():
            table = self._cache[name] if name in self._cache else {}
            changes[name] = {doc_id: table.get(doc_id) for doc_id in ids}
        if not changes:
            return True
        line = journal_line(changes)
        if len(line) > self.fold_threshold():
            return False
        if self._journal_fd < 0:
            self._open_journal(token)
        try:
            _write_all(self._journal_fd, line)
            os.fsync(self._journal_fd)
        except OSError:
            try:  # leave no partial line behind for the next append to follow
                os.ftruncate(self._journal_fd, self._journal_size)
            except OSError:
                self._close_journal()
            raise
        self._journal_size += len(line)
        self._journal_entries += 1
        self.writes += 1
        return True

    def _open_journal(self, token: str) -> None:
        """Start a journal for the main file's generation `token` (created atomically)."""
        if self._journal_size == 0 or self._journal_base != token:
            header = journal_header(token)
            write_atomic(self.delta_file, header)
            self._journal_base, self._journal_size = token, len(header)
            self._journal_entries = 0
        fd = os.open(self.delta_file, os.O_WRONLY | os.O_APPEND)
        try:
            os.ftruncate(fd, self._journal_size)  # a torn line from a crash, if any
        except OSError:
            os.close(fd)
            raise
        self._journal_fd = fd

    def _close_journal(self) -> None:
        if self._journal_fd >= 0:
            try:
                os.close(self._journal_fd)
            except OSError:
                pass
            self._journal_fd = -1

    # ------------------------------------------------------------------ folding
    def _maybe_fold(self) -> None:
        if self._fold is not None:
            if not self._fold.thread.is_alive():
                self._finish_fold()
            return
        if self._journal_size > self.fold_threshold() and self._journal_fd >= 0:
            self.start_fold()

    def start_fold(self) -> None:
        """Fold the journal into the main file in a background thread."""
        with self.lock:
            if self._fold is not None or self._cache is None or self._journal_base is None:
                return
            fold = _Fold(self, self._journal_size)
            storage_meta = self._cache.table_for_update(STORAGE_TABLE)
            storage_meta[STORAGE_DOC] = {
                "token": uuid.uuid4().hex,
                "from": self._journal_base,
                "offset": self._journal_size,
            }
            self._cache.touch(STORAGE_TABLE)
            self._fold = fold
        fold.thread.start()

    def _write_temp(self, tables: Tables, fold: _Fold | None) -> tuple[str, list[Span]]:
        """Write the whole database to a fsync'd temp file beside the main file, table by table
        (each read under the lock), `_meta` last with the digest of every other table; returns
        its name and where each table landed."""
        folder = self.path.parent
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=f".{self.path.name}.", suffix=".tmp")
        spans: list[Span] = []
        digests: dict[str, str] = {}
        try:
            os.fchmod(fd, FILE_MODE)
            offset = 2
            _write_all(fd, b"{\n")
            first = True
            names = [name for name in tables if name != STORAGE_TABLE] + [STORAGE_TABLE]
            for name in names:
                if fold is not None and fold.cancelled:
                    raise _Cancelled
                with self.lock:
                    if name not in tables:
                        continue
                    if name == STORAGE_TABLE:
                        source = _meta_with_digests(tables, digests, spans)
                        version, sha = -1, None
                    else:
                        source, version, sha = tables.snapshot_for_write(name)
                head = (b"" if first else b",\n") + orjson.dumps(name) + b":"
                first = False
                _write_all(fd, head)
                places: dict[str, int] | None = None
                if not isinstance(source, MutableMapping):
                    pieces: Iterator[bytes | memoryview] = iter((source,))
                elif wants_lines(source):
                    places = {}
                    pieces = line_pieces(source, places)
                else:
                    pieces = _dump_in_pieces(source)  # type: ignore[arg-type]
                length, written_sha = _write_pieces(fd, pieces, hashing=sha is None)
                release_pages(source.blob if isinstance(source, LineTable) else source)
                del source, pieces
                sha = sha or written_sha
                digests[name] = sha
                if version >= 0:
                    spans.append((name, version, offset + len(head), length, sha, places))
                offset += len(head) + length
            _write_all(fd, b"\n}\n")
            os.fsync(fd)
            os.close(fd)
            fd = -1
        except BaseException:
            if fd >= 0:
                os.close(fd)
            try:
                os.unlink(tmp_name)
            except OSError:
                pass
            raise
        return tmp_name, spans

    def _fold_main(self, fold: _Fold) -> None:
        """Runs in the fold thread: write the new main file to a temp file table by table, then,
        under the lock and unless cancelled meanwhile, put it in place and rebase the journal."""
        tables = self._cache
        if tables is None:
            return
        try:
            tmp_name, spans = self._write_temp(tables, fold)
        except _Cancelled:
            return
        with self.lock:
            if fold.cancelled:
                os.unlink(tmp_name)
                return
            try:
                os.replace(tmp_name, self.path)
            except BaseException:
                os.unlink(tmp_name)
                raise
            _fsync_folder(self.path.parent)
            self._note_main_size()
            self.writes += 1
            self.folds += 1
            tables.adopt(self.path, spans)
            self._rebase_journal(fold.offset)

    def _rebase_journal(self, offset: int) -> None:
        """After a fold: a journal holding only the entries after `offset`, for the new main."""
        token = _token(self._cache)
        with open(self.delta_file, "rb") as f:
            f.seek(offset)
            tail = f.read(self._journal_size - offset)
        header = journal_header(token)
        write_atomic(self.delta_file, header + tail)
        self._close_journal()
        self._journal_base, self._journal_size = token, len(header) + len(tail)
        self._journal_entries = tail.count(b"\n")
        self._open_journal(token)

    def _finish_fold(self) -> None:
        """Wait for the background fold (if any); a failed fold leaves everything as it was."""
        fold = self._fold
        if fold is None:
            return
        fold.thread.join()
        self._fold = None
        if fold.error is not None and self._cache is not None:
            storage_meta = self._cache.table_for_update(STORAGE_TABLE)
            storage_meta[STORAGE_DOC] = {"token": self._journal_base}
            self._cache.touch(STORAGE_TABLE)

    def _cancel_fold(self) -> None:
        """Stop a background fold without waiting: it checks the flag under the lock before it
        replaces anything, so it can never put an older main file over a newer one."""
        fold = self._fold
        if fold is not None:
            fold.cancelled = True
            self._fold = None

    def compact(self) -> None:
        """Rewrite the main file with everything, under a new generation token; drop the journal."""
        if self._cache is None:
            return
        with self.lock:
            self.verify()
            self._cancel_fold()
            storage_meta = self._cache.table_for_update(STORAGE_TABLE)
            storage_meta[STORAGE_DOC] = {"token": uuid.uuid4().hex}
            self._cache.touch(STORAGE_TABLE)
            tmp_name, spans = self._write_temp(self._cache, None)
            try:
                os.replace(tmp_name, self.path)
            except BaseException:
                os.unlink(tmp_name)
                raise
            self._cache.adopt(self.path, spans)
            self._note_main_size()
            self._cache.replaced.clear()
            self._close_journal()
            try:
                self.delta_file.unlink()
            except FileNotFoundError:
                pass
            _fsync_folder(self.path.parent)
            self._journal_base, self._journal_size, self._journal_entries = None, 0, 0
            self._noted = {}
            self._dirty = False
            self.writes += 1
            self.compactions += 1

    @contextmanager
    def deferred(self) -> Iterator[None]:
        """Hold writes in memory and write once at the end (one atomic step for many changes).

        The storage's lock is held throughout, so a background fold never sees half of it.
        On an exception nothing is written and the cache is dropped, so the next read
        comes from the files as they are.
        """
        with self.lock:
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
        self._stop_prepare(cancel=True)
        self._cancel_fold()
        self._close_journal()
        self._cache = None
        self._loaded = False
        self._verified = False
        self._dirty = False
        self._noted = {}
        self._journal_base, self._journal_size, self._journal_entries = None, 0, 0

    def close(self) -> None:
        self._stop_prepare(cancel=True)
        if self.readonly or self._deferred:
            return
        if self._dirty:
            self.flush()
        if self._cache is not None and (self._journal_entries or self.delta_file.exists()):
            try:
                self.compact()
            except OSError:
                pass  # the journal is still there and complete: nothing is lost
        self._close_journal()


# Where a table landed in a main file written: its name, the version written, its start and
# length, its SHA-256, and where each of its documents lies when written one per line.
Span = tuple[str, int, int, int, str, "dict[str, int] | None"]


def table_bytes(table: MutableMapping) -> bytes:
    """A table's JSON as it is written in the main file."""
    if wants_lines(table):
        return b"".join(line_pieces(table, {}))
    return orjson.dumps(table)


def _write_pieces(
    fd: int, pieces: Iterator[bytes | memoryview], *, hashing: bool
) -> tuple[int, str]:
    """Write a table's pieces, gathered into large writes (a table one document per line comes
    in two pieces a document); its length and, if `hashing`, its SHA-256."""
    hasher = hashlib.sha256() if hashing else None
    length = 0
    pending = bytearray()

    def put(data: bytes | memoryview | bytearray) -> None:
        _write_all(fd, data)
        if hasher is not None:
            hasher.update(data)

    for piece in pieces:
        length += len(piece)
        if len(piece) >= WRITE_CHUNK:
            if pending:
                put(pending)
                pending.clear()
            put(piece)
            continue
        pending += piece
        if len(pending) >= WRITE_CHUNK:
            put(pending)
            pending.clear()
    if pending:
        put(pending)
    return length, hasher.hexdigest() if hasher is not None else ""


DUMP_PIECE = 2_000  # documents dumped at a time when a table is written


def _dump_in_pieces(table: dict[str, Any]) -> Iterator[bytes]:
    """A table's JSON, the same bytes as `orjson.dumps(table)`, made a few thousand documents at
    a time: orjson holds the GIL while it dumps, and a 110 MB table dumped at once stalled every
    other thread (the saves a background fold runs beside) for most of a second."""
    items = list(table.items())
    if not items:
        yield b"{}"
        return
    for start in range(0, len(items), DUMP_PIECE):
        part = orjson.dumps(dict(items[start : start + DUMP_PIECE]))
        yield (b"{" if start == 0 else b",") + part[1:-1]
    yield b"}"


def _meta_with_digests(tables: Tables, digests: dict[str, str], spans: list[Span]) -> bytes:
    """The `_meta` table as written: its storage document names the digest of every table and
    where each lies in the file (`_tables_where_placed` reads it back)."""
    meta = dict(tables[STORAGE_TABLE])
    doc = meta.get(STORAGE_DOC)
    meta[STORAGE_DOC] = {
        **(doc if isinstance(doc, dict) else {}),
        "sha256": dict(digests),
        "places": {name: [start, length] for name, _, start, length, _, _ in spans},
    }
    return orjson.dumps(meta)


def _meta_unplaced(tables: Tables) -> bytes:
    """The `_meta` table without the places of the tables in the file it was read from (a file
    written otherwise, a backup, has them elsewhere)."""
    meta = dict(tables[STORAGE_TABLE])
    doc = meta.get(STORAGE_DOC)
    if isinstance(doc, dict) and "places" in doc:
        meta[STORAGE_DOC] = {k: v for k, v in doc.items() if k != "places"}
    return orjson.dumps(meta)


class _Cancelled(Exception):
    """The fold was cancelled (the cache it was writing was dropped)."""
