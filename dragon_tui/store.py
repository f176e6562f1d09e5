"""Typed access to the database: get/save/delete per record type, revisions and tombstones.

A `Store` opens one TinyDB file through `AtomicJSONStorage`. Records go in and out as pydantic
models (validated on the way in); the store bumps `revision`, `updated_at` and `updated_by` on
every save and keeps deleted records as tombstones so deletions travel in sync bundles.
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import filelock
from pydantic import ValidationError
from pydantic_core import to_jsonable_python
from tinydb import TinyDB
from tinydb.table import Table

from dragon_tui.doc_lines import LineTable, frozen
from dragon_tui.doc_scan import field_values_elsewhere
from dragon_tui.errors import DamagedDatabase, DatabaseError, NotFound, ReadOnlyError
from dragon_tui.locations import backups_dir, default_db_path, lock_path
from dragon_tui.models import (
    RECORD_TYPES,
    SETTINGS_ID,
    Record,
    Settings,
    model_for_table,
    nested_keys,
)
from dragon_tui.models.base import new_id, utc_now
from dragon_tui.storage import (
    FILE_MODE,
    FOLDER_MODE,
    AtomicJSONStorage,
    load_database_file,
    no_gc_pauses,
    snapshot_file,
    write_atomic,
)

F = TypeVar("F", bound=Callable[..., Any])


def _locked(method: F) -> F:
    """Run a Store method under the store's lock: workers read while the UI saves, and a
    table being parsed, indexed or updated must never be seen half-done."""

    @functools.wraps(method)
    def locked(self: Store, *args: Any, **kwargs: Any) -> Any:
        with self.lock:
            return method(self, *args, **kwargs)

    return locked  # type: ignore[return-value]


R = TypeVar("R", bound=Record)

SCHEMA_VERSION = 2
META_TABLE = "_meta"
META_ID = "meta"
SYNC_TABLE = (
    "_sync"  # per record: version vector, per-field stamps, local sequence (see sync/merge.py)
)
META_FIELDS = frozenset({"id", "created_at", "updated_at", "updated_by", "revision"})
DEVICE_ENV = "DRAGON_TUI_DEVICE"
BACKUPS_KEPT = 5


_DEFAULTS: dict[type, dict[str, Any]] = {}


def _json_defaults(model: type[Record]) -> dict[str, Any]:
    """A model's top-level defaults as JSON values, computed once. A default factory counts only
    when it is constant (two calls agree: `list`, `dict`), never `new_id` or `utc_now`."""
    cached = _DEFAULTS.get(model)
    if cached is None:
        cached = {}
        for name, info in model.model_fields.items():
            if info.is_required():
                continue
            if info.default_factory is not None:
                if getattr(info, "default_factory_takes_data", False):
                    continue
                first, second = info.default_factory(), info.default_factory()  # type: ignore[call-arg]
                if first != second:
                    continue
                value = first
            else:
                value = info.default
            cached[name] = to_jsonable_python(value)
        _DEFAULTS[model] = cached
    return cached


def _with_seq(meta: dict[str, Any], seq: int) -> dict[str, Any]:
    """The sync metadata with the local sequence, set in place (the metas given to `put` are
    built for it; an import of everything holds hundreds of thousands)."""
    meta["seq"] = seq
    return meta


class RecordTable(Table):
    """A TinyDB table keyed by our record ids (UUID strings) instead of integers."""

    document_id_class = str

    def put_many(self, docs: dict[str, dict[str, Any]]) -> None:
        """Insert or replace many documents in one write, changing the stored table in place:
        the cost follows the documents written, not the size of the table (TinyDB's own
        `_update_table` copies the whole table twice)."""
        put_docs = getattr(self._storage, "put_docs", None)
        if put_docs is not None:
            put_docs(self.name, docs)
        else:

            def updater(table: dict[str, Any]) -> None:
                table.update(docs)

            self._update_table(updater)
        self.clear_cache()


class StoreDB(TinyDB):
    table_class = RecordTable


def _migrate_0_to_1(data: Any) -> None:
    """Schema 0 is a file with no meta table (hand-made or an early build): add the meta."""
    if META_TABLE not in data:
        data[META_TABLE] = {}


def _migrate_1_to_2(data: Any) -> None:
    """Schema 2 scores the A-card on each opportunity (the source scores each sales
    opportunity): an opportunity with no A-card of its own gets its account's A-card."""
    if "opportunities" not in data or "accounts" not in data:
        return
    accounts = data["accounts"]
    opportunities = dict(data["opportunities"])  # a new dict, so the table is written again
    for record_id, doc in opportunities.items():
        card = accounts.get(doc.get("account_id"), {}).get("acard")
        if card and not doc.get("acard"):
            opportunities[record_id] = {**doc, "acard": card}
    data["opportunities"] = opportunities


MIGRATIONS = {0: _migrate_0_to_1, 1: _migrate_1_to_2}
INDEXED_LINKS = ("account_id", "opportunity_id")  # indexed together (`Store._index`)
FREEZE_MIN_RECORDS = 1_000  # a write of this many records freezes what it made (`put`)
INDEX_MOVES_MAX = 5_000  # records written at once beyond which an index is made again
_NO_VALUE = object()  # a record not in the table (before it was added)


def _index_key(value: Any) -> Any:
    """A stored value as a key of `Store._index` (a list, as a tuple)."""
    return tuple(value) if isinstance(value, list) else value


def read_fields(
    model: type[Record],
    docs: Mapping[str, dict[str, Any]],
    fields: Sequence[str],
    *,
    elsewhere: bool = False,
) -> list[dict[str, Any]]:
    """For each of `fields`, its stored value by id in each of `docs` that holds it (documents
    leave out default values). A large table's are read from its bytes without parsing its
    documents (`LineTable.field_values`) when no object nested in a valid document of `model`
    may hold such a key; else each document is parsed. `elsewhere`: for a worker, whose
    reading shares the interpreter with the UI: a very large table is read by a child process
    on another core (`doc_scan`; longer from start to end, but the UI keeps the interpreter)."""
    below = nested_keys(model)
    if isinstance(docs, LineTable) and below is not None and below.isdisjoint(fields):
        if elsewhere and (found := field_values_elsewhere(docs, fields)) is not None:
            return found
        return docs.field_values(fields)
    found: list[dict[str, Any]] = [{} for _ in fields]
    for record_id, doc in docs.items():
        for field, values in zip(fields, found, strict=True):
            value = doc.get(field, _NO_VALUE)
            if value is not _NO_VALUE:
                values[record_id] = value
    return found


class Store:
    """The database of one laptop. Use as a context manager or call `close()`."""

    def __init__(
        self,
        path: str | os.PathLike[str] | None = None,
        *,
        device_id: str | None = None,
        readonly: bool = False,
        backups: int = BACKUPS_KEPT,
    ) -> None:
        self.path = Path(path) if path is not None else default_db_path()
        # Held for every read or write of records; the service holds it around longer reads.
        self.lock = threading.RLock()
        self.backups = backups
        self.readonly_reason: str | None = "opened read-only" if readonly else None
        self._lock: filelock.BaseFileLock | None = None
        self._backed_up = False
        self._models: dict[str, dict[str, Record]] = {}
        self._indexes: dict[tuple[str, str], tuple[int, dict[Any, list[str]]]] = {}
        self._complete: set[str] = set()  # tables whose every record is in self._models
        # What a worker is reading without the lock (`prepare_lookups`, `prepare_models`), as
        # (table, "lookups" | "models") → the fields of the lookups read: a reader that needs
        # the same waits for it, the lock let go meanwhile, rather than reading the table a
        # second time beside it.
        self._readying: dict[tuple[str, str], frozenset[str]] = {}
        self._ready = threading.Condition(self.lock)
        self.generation = 0  # bumped on every change; views use it to know their data is stale
        # The generation at which each table last changed (every table: `_all_changed`), so a
        # view of some tables is not rebuilt when only another changed (the language setting).
        self._changed: dict[str, int] = {}
        self._all_changed = 0
        if self.path.is_dir():
            raise DatabaseError(f"{self.path}: is a folder, not a database file")
        if not readonly:
            self._take_lock()
        self._storage: AtomicJSONStorage | None = None
        self.db = StoreDB(self.path, storage=self._make_storage)
        data = self.db.storage.read()  # raises DatabaseError on a bad file, before any write
        self._check_schema(data)
        if not self.readonly and self._storage is not None and self._storage.has_delta:
            self._backup_once()
            try:
                self._storage.compact()  # a session left changes in the delta: fold them in now
            except OSError as exc:
                self._storage.discard()  # the files are as they were, the delta complete
                self.close()
                raise DatabaseError(
                    f"{self.path}: cannot fold in the changes of the last session "
                    f"({exc.strerror or exc}); nothing was changed"
                ) from None
        meta = self._meta()
        self.device_id = device_id or os.environ.get(DEVICE_ENV) or meta.get("device_id") or ""
        if not self.readonly and (data is None or "device_id" not in meta or self._needs_migration):
            self._write_meta(device_id=meta.get("device_id") or self.device_id or new_id()[:8])
            self.device_id = self.device_id or self._meta()["device_id"]
        if not self.readonly and self._storage is not None:
            # The check before the first write (every table) and the sync table every save
            # reads, in the background: the first save of a session costs what any save does.
            self._storage.prepare(parse=(SYNC_TABLE,))

    # ------------------------------------------------------------------ opening
    def _make_storage(self, path: Path) -> AtomicJSONStorage:
        self._storage = AtomicJSONStorage(path, readonly=self.readonly)
        return self._storage

    @property
    def readonly(self) -> bool:
        return self.readonly_reason is not None

    def _take_lock(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
        except OSError as exc:
            raise DatabaseError(f"{self.path}: cannot create the folder ({exc.strerror})") from None
        lock = filelock.FileLock(str(lock_path(self.path)), timeout=0, mode=FILE_MODE)
        try:
            lock.acquire()
        except filelock.Timeout:
            self.readonly_reason = "another dragon-tui is using this database; opened read-only"
            return
        except OSError as exc:
            self.readonly_reason = f"cannot lock the database ({exc.strerror}); opened read-only"
            return
        self._lock = lock
        # Temp files left by a writer killed mid-write: harmless, but we own the folder now.
        for stale in self.path.parent.glob(f".{self.path.name}.*.tmp"):
            stale.unlink(missing_ok=True)
        for stale in backups_dir(self.path).glob(f".{self.path.stem}.*{self.path.suffix}.*.tmp"):
            stale.unlink(missing_ok=True)

    def _check_schema(self, data: dict[str, Any] | None) -> None:
        self._needs_migration = False
        if data is None:
            return
        version = (
            (data[META_TABLE] if META_TABLE in data else {})
            .get(META_ID, {})
            .get("schema_version", 0)
        )
        if not isinstance(version, int) or version < 0:
            raise DamagedDatabase(f"{self.path}: the schema version {version!r} is not valid")
        if version > SCHEMA_VERSION:
            raise DatabaseError(
                f"{self.path}: written by a newer dragon-tui (schema {version}; this version "
                f"reads up to {SCHEMA_VERSION}); update dragon-tui to open it"
            )
        unknown = set(data) - {META_TABLE, SYNC_TABLE} - {m.table for m in RECORD_TYPES}
        if unknown:
            raise DamagedDatabase(
                f"{self.path}: not a dragon-tui database (unknown tables: {', '.join(sorted(unknown))})"
            )
        if version < SCHEMA_VERSION:
            if self.readonly:
                # Read-only (a report, a second instance): upgrade the copy in memory only; the
                # file is upgraded by the next session that may write it.
                for step in range(version, SCHEMA_VERSION):
                    MIGRATIONS[step](data)
                return
            self._needs_migration = True
            self._backup_once()
            with self.db.storage.deferred():
                for step in range(version, SCHEMA_VERSION):
                    MIGRATIONS[step](data)
                meta_table = dict(data[META_TABLE])
                meta_table[META_ID] = {
                    **meta_table.get(META_ID, {}),
                    "schema_version": SCHEMA_VERSION,
                }
                data[META_TABLE] = meta_table
                self.db.storage.write(data)

    def _meta(self) -> dict[str, Any]:
        data = self.db.storage.read()
        if data is None or META_TABLE not in data:
            return {}
        return dict(data[META_TABLE].get(META_ID, {}))

    def _write_meta(self, **values: Any) -> None:
        meta = self._meta()
        meta.update(values)
        meta["schema_version"] = SCHEMA_VERSION
        self._table(META_TABLE).put_many({META_ID: meta})

    @property
    def schema_version(self) -> int:
        return int(self._meta().get("schema_version", 0))

    def _backup_once(self) -> None:
        """Before the first write of a session, copy the file to backups/ and keep the last N.

        Every table is checked first (a corrupt table nobody read is refused, never backed up;
        the check started in the background at open). The copy is a hard link where the file
        system allows (`snapshot_file`: the main file is only ever replaced, never changed in
        place, so the link keeps the session's starting bytes), else an atomic copy (temp, fsync,
        rename); 0600 in a 0700 folder; old backups are pruned only once the new one is
        complete. An OS failure is one line.
        """
        if self._backed_up:
            return
        if self._storage is not None:
            self._storage.verify()
        if self.backups <= 0 or not self.path.exists():
            self._backed_up = True
            return
        folder = backups_dir(self.path)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        target = folder / f"{self.path.stem}.{stamp}{self.path.suffix}"
        try:
            folder.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
            if folder.stat().st_mode & 0o077:
                folder.chmod(FOLDER_MODE)
            storage = self._storage
            if storage is not None and storage.has_delta:
                # After a crash the last session's changes are in the delta: back up the data
                # as it stands (file and delta), not the main file alone.
                write_atomic(target, storage.read().dump())
            else:
                snapshot_file(self.path, target)
        except OSError as exc:
            raise DatabaseError(
                f"{target}: cannot write the backup ({exc.strerror or exc}); nothing was changed"
            ) from None
        for old in self.list_backups()[self.backups :]:
            try:
                old.unlink(missing_ok=True)
            except OSError:
                pass  # an extra old backup is harmless
        self._backed_up = True

    def list_backups(self) -> list[Path]:
        """Backups of this database, newest first."""
        folder = backups_dir(self.path)
        if not folder.is_dir():
            return []
        pattern = f"{self.path.stem}.*{self.path.suffix}"
        return sorted(folder.glob(pattern), reverse=True)

    # ------------------------------------------------------------------ reading
    def _table(self, name: str) -> RecordTable:
        return self.db.table(name, cache_size=0)  # type: ignore[return-value]

    def raw(self, table: str) -> dict[str, dict[str, Any]]:
        """The stored documents of a table, by id (read-only view; do not mutate)."""
        data = self.db.storage.read()
        if data is None or table not in data:
            return {}
        return data[table]

    @_locked
    def raw_copy(self, table: str) -> Mapping[str, dict[str, Any]]:
        """`raw` as it is now, to read without the lock while saves go on (a large table's
        documents are still parsed one at a time as they are read)."""
        return frozen(self.raw(table))

    def table_digest(self, table: str) -> str | None:
        """The SHA-256 of a table's bytes in the file, while the table is unchanged since it was
        read or written (`Tables.digest_of`); None for a table changed in this session."""
        data = self.db.storage.read()
        if data is None or not hasattr(data, "digest_of"):
            return None
        return data.digest_of(table)

    def _parsed(self, model: type[R]) -> dict[str, R]:
        """Every record of a table as a model (parsed once, then kept)."""
        if model.table not in self._complete:
            self._wait_for(model, "models")
        if (
            model.table not in self._complete
            and isinstance(self.raw(model.table), LineTable)
            and not self._held_around()
        ):
            # a large table (20,000 deals: half a second) is read with the lock let go, as a
            # worker readies it: the UI's keys meanwhile do not wait for another thread's `all`
            self.lock.release()
            try:
                self.prepare_models(model)
            finally:
                self.lock.acquire()
            self._wait_for(model, "models")  # when another thread was reading it already
        cached = self._models.setdefault(model.table, {})
        if model.table not in self._complete:
            # thousands of models and no cycles: the collector paused, what is kept frozen
            with no_gc_pauses():
                for record_id, doc in self.raw(model.table).items():
                    if record_id not in cached:
                        cached[record_id] = self._validate(model, record_id, doc)
            self._complete.add(model.table)
        return cached  # type: ignore[return-value]

    def _record(self, model: type[R], record_id: str, *, keep: bool = True) -> R | None:
        """One record as a model, parsing only that document (20,000 activities stay documents
        until someone asks for them); kept for the next time unless `keep` is False."""
        cached = self._models.setdefault(model.table, {})
        record = cached.get(record_id)
        if record is None and model.table not in self._complete:
            doc = self.raw(model.table).get(record_id)
            if doc is not None:
                record = self._validate(model, record_id, doc)
                if keep:
                    cached[record_id] = record
        return record  # type: ignore[return-value]

    def _validate(self, model: type[R], record_id: str, doc: dict[str, Any]) -> R:
        try:
            return model.model_validate(doc)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "record"
            raise DamagedDatabase(
                f"{self.path}: record {record_id} in {model.table} is invalid: "
                f"{where}: {first['msg']}"
            ) from None

    @_locked
    def get(self, model: type[R], record_id: str, *, include_deleted: bool = False) -> R | None:
        record = self._record(model, record_id)
        if record is None or (record.deleted and not include_deleted):
            return None
        return record

    @_locked
    def peek(self, model: type[R], record_id: str) -> R | None:
        """`get` for a reader that keeps what it needs itself (Today's scan): a record not made
        into a model before is validated and not kept by the store, so the thousands it reads
        and does not show are let go."""
        record = self._record(model, record_id, keep=False)
        return None if record is None or record.deleted else record

    @_locked
    def require(self, model: type[R], record_id: str) -> R:
        record = self.get(model, record_id)
        if record is None:
            raise NotFound(
                f"no {model.table[:-1] if model.table.endswith('s') else model.table} with id {record_id}"
            )
        return record

    @_locked
    def all(self, model: type[R], *, include_deleted: bool = False) -> list[R]:
        records = self._parsed(model).values()
        if include_deleted:
            return list(records)
        return [r for r in records if not r.deleted]

    @_locked
    def find(self, model: type[R], **equals: Any) -> list[R]:
        """Live records whose fields equal the given values, e.g. find(Contact, account_id=x).

        The first field is looked up in an in-memory index (built once per table and field,
        rebuilt after a change), so opening one account among 5,000 does not scan 50,000 contacts.
        """
        if not equals:
            return self.all(model)
        (first, value), *rest = equals.items()
        wanted = getattr(value, "value", value)  # documents hold enum values
        found = (self._record(model, rid) for rid in self._index(model, first).get(wanted, []))
        return [
            r
            for r in found
            if r is not None and not r.deleted and all(getattr(r, k) == v for k, v in rest)
        ]

    def _index(self, model: type[Record], field: str) -> dict[Any, list[str]]:
        """Record ids by the value of one field, read from the stored documents (which leave out
        values equal to the default, hence the default below)."""
        key = (model.table, field)
        cached = self._indexes.get(key)
        generation = self.table_generation(model.table)
        if (cached is None or cached[0] != generation) and self._wait_for(model, "lookups", field):
            cached = self._indexes.get(key)
            generation = self.table_generation(model.table)
        if cached is None or cached[0] != generation:
            fields = self._index_fields(model, field)
            docs = self.raw(model.table)
            made = self._read_indexes(model, fields, docs)
            # what `find` does next: each record found is read by its id
            if isinstance(docs, LineTable):
                docs.index()
            for name, index in zip(fields, made, strict=True):
                self._indexes[(model.table, name)] = (generation, index)
            cached = self._indexes[key]
        return cached[1]

    def _index_fields(self, model: type[Record], field: str | None) -> list[str]:
        """One reading of a table makes every index of it: the field asked for, those asked for
        before and the links a screen looks up by, so that the next screen does not read all
        200,000 activities again for another field (each document is parsed as it is read)."""
        asked = [field] if field else []
        return asked + [
            f
            for f in dict.fromkeys(
                [f for t, f in self._indexes if t == model.table] + list(INDEXED_LINKS)
            )
            if f != field and f in model.model_fields
        ]

    def _read_indexes(
        self,
        model: type[Record],
        fields: list[str],
        docs: Mapping[str, dict[str, Any]],
        *,
        elsewhere: bool = False,
    ) -> list[dict[Any, list[str]]]:
        """The index of each of `fields`, in one reading of `docs` (`read_fields`)."""
        made: list[dict[Any, list[str]]] = [{} for _ in fields]
        found = read_fields(model, docs, fields, elsewhere=elsewhere)
        for field, values, index in zip(fields, found, made, strict=True):
            default = self._index_default(model, field)
            get = values.get
            for record_id in docs:
                index.setdefault(_index_key(get(record_id, default)), []).append(record_id)
        return made

    # ------------------------------------------------------------------ readying, for a worker
    def _wait_for(self, model: type[Record], what: str, field: str | None = None) -> bool:
        """Under the lock: if a worker is reading `model`'s table for `what` (the lookups of
        `field`, if given), wait until it is done (the lock let go meanwhile) and say so. Not
        when a caller holds the lock around this call (a batch, whose changes no other thread
        may see before it ends; a reader that wants its records as of one moment): then the
        table is read here, as without a worker."""
        key = (model.table, what)
        reading = self._readying.get(key)
        if reading is None or (field is not None and field not in reading):
            return False
        if self._held_around():
            return False
        while key in self._readying:
            self._ready.wait()
        return True

    def _held_around(self) -> bool:
        """Whether this thread holds the lock more than once (a caller holds it around the Store
        method that asks). `_is_owned` is the RLock's own test, which `threading.Condition`
        uses; released once, the lock is still this thread's only if held more than once."""
        self.lock.release()
        try:
            return self.lock._is_owned()  # type: ignore[attr-defined]
        finally:
            self.lock.acquire()

    def _done_reading(self, key: tuple[str, str]) -> None:
        """Under the lock: a worker's reading of `key` is over (see `_wait_for`)."""
        self._readying.pop(key, None)
        self._ready.notify_all()

    def prepare_lookups(self, model: type[Record], fields: Sequence[str] = ()) -> None:
        """What `find` by a link (account, opportunity) reads first, worked out by a worker
        while the UI reads and saves: the table is read from a copy without holding the lock
        (reading 200,000 activities held it for a second, and a keystroke that asked for the
        settings waited for it), and the lookups are kept if the table did not change
        meanwhile; else the next `find` makes them, as without this. A `find` of the same
        table meanwhile waits for them rather than reading the table beside it. `fields`:
        those of the lookups, when not every link and the fields asked for before."""
        key = (model.table, "lookups")
        with self.lock:
            generation = self.table_generation(model.table)
            fields = list(fields) or self._index_fields(model, None)
            if self._indexed(model, fields, generation) or key in self._readying:
                return
            # where each document lies, worked out on the copy, serves the table too (what
            # `find` does next: each record found is read by its id)
            docs = frozen(self.raw(model.table))
            self._readying[key] = frozenset(fields)
        made = None
        try:
            # lists of ids for every record, kept as long as the app: the collector paused
            # meanwhile (its passes over a growing heap, on a key's time too), what is made frozen
            with no_gc_pauses():
                made = self._read_indexes(model, fields, docs, elsewhere=True)
        finally:
            with self.lock:
                # kept if the table did not change while read; else made when next used
                if made is not None and self.table_generation(model.table) == generation:
                    for name, index in zip(fields, made, strict=True):
                        if self._indexes.get((model.table, name), (None,))[0] != generation:
                            self._indexes[(model.table, name)] = (generation, index)
                self._done_reading(key)

    @_locked
    def lookups_ready(self, model: type[Record], fields: Sequence[str] = ()) -> bool:
        """Whether `find` by `fields` of `model` (by default each of its links) answers at
        once: its lookups are made and up to date, or its table is small (a dict, read at
        once; not the line layout)."""
        if not isinstance(self.raw(model.table), LineTable):
            return True
        links = list(fields) or [field for field in INDEXED_LINKS if field in model.model_fields]
        return self._indexed(model, links, self.table_generation(model.table))

    def _indexed(self, model: type[Record], fields: list[str], generation: int) -> bool:
        """Whether `model`'s indexes of `fields` are made and up to date at `generation`."""
        return all(
            self._indexes.get((model.table, field), (None,))[0] == generation for field in fields
        )

    def prepare_models(self, model: type[Record]) -> None:
        """Every record of a table made a model (what `all` does first), by a worker while the
        UI reads and saves: validated from a copy without holding the lock, and kept if the
        table did not change meanwhile. An `all` of the same table meanwhile waits for it."""
        key = (model.table, "models")
        with self.lock:
            if model.table in self._complete or key in self._readying:
                return
            generation = self.table_generation(model.table)
            docs = frozen(self.raw(model.table))
            self._readying[key] = frozenset()
        made = None
        try:
            with no_gc_pauses():
                made = {rid: self._validate(model, rid, doc) for rid, doc in docs.items()}
        finally:
            with self.lock:
                unchanged = self.table_generation(model.table) == generation
                if made is not None and unchanged and model.table not in self._complete:
                    cached = self._models.setdefault(model.table, {})
                    for record_id, record in made.items():
                        cached.setdefault(record_id, record)
                    self._complete.add(model.table)
                self._done_reading(key)

    def _index_values(
        self, changed: dict[str, list[str]]
    ) -> list[tuple[tuple[str, str], dict[str, Any], Any, list[str]]]:
        """Before a write: for each index that is up to date on a table the write changes, the
        value each changed record has in it now (`_update_indexes` moves them after)."""
        found = []
        stored: dict[str, dict[str, Any]] = {}  # table → the changed records' documents now
        for (table, field), (generation, _) in self._indexes.items():
            ids = changed.get(table)
            if not ids or len(ids) > INDEX_MOVES_MAX or generation != self.table_generation(table):
                continue  # not kept up to date: made again when next used
            if table not in stored:  # read once for all of the table's indexes
                docs = self.raw(table)
                stored[table] = {rid: doc for rid in ids if (doc := docs.get(rid)) is not None}
            default = self._index_default(model_for_table(table), field)
            old = {rid: _index_key(doc.get(field, default)) for rid, doc in stored[table].items()}
            found.append(((table, field), old, default, ids))
        return found

    def _update_indexes(
        self, before: list[tuple[tuple[str, str], dict[str, Any], Any, list[str]]]
    ) -> None:
        """After a write: the indexes `_index_values` looked at, with the changed records moved
        to their new values, so that saving one activity does not make the next `find` read all
        200,000 again (a large table's documents are parsed each time they are read)."""
        for key, old, default, ids in before:
            _, index = self._indexes[key]
            docs = self.raw(key[0])
            for record_id in ids:
                doc = docs.get(record_id)
                new = _index_key(doc.get(key[1], default)) if doc is not None else _NO_VALUE
                was = old.get(record_id, _NO_VALUE)
                if new == was and type(new) is type(was):
                    continue
                if was is not _NO_VALUE:
                    ids_with = index.get(was)
                    if ids_with is not None and record_id in ids_with:
                        ids_with.remove(record_id)
                        if not ids_with:
                            del index[was]
                if new is not _NO_VALUE:
                    index.setdefault(new, []).append(record_id)
            self._indexes[key] = (self.table_generation(key[0]), index)

    @staticmethod
    def _index_default(model: type[Record], field: str) -> Any:
        default = model.model_fields[field].get_default(call_default_factory=True)
        return getattr(default, "value", default)

    @_locked
    def deleted(self, model: type[R]) -> list[R]:
        """The trash: tombstoned records of a type, newest deletion first."""
        gone = [r for r in self._parsed(model).values() if r.deleted]
        return sorted(gone, key=lambda r: r.updated_at, reverse=True)

    @_locked
    def counts(self) -> dict[str, dict[str, int]]:
        """Per table: live records and tombstones."""
        result = {}
        for model in RECORD_TYPES:
            docs = self.raw(model.table).values()
            dead = sum(1 for d in docs if d.get("deleted"))
            result[model.table] = {"live": len(docs) - dead, "deleted": dead}
        return result

    # ------------------------------------------------------------------ writing
    def _ensure_writable(self) -> None:
        if self.readonly:
            raise ReadOnlyError(f"{self.path}: {self.readonly_reason}")

    def _stamp(self, record: R) -> tuple[R, dict[str, Any]]:
        """The record with its new revision, and its sync metadata with the changed fields stamped."""
        existing = self._record(type(record), record.id)
        revision = max(record.revision, existing.revision if existing else 0) + 1
        now = utc_now()
        stamped = record.model_copy(
            update={"revision": revision, "updated_at": now, "updated_by": self.device_id}
        )
        meta = self.sync_meta(record.table, record.id)
        counter = meta["vv"].get(self.device_id, 0) + 1
        meta["vv"][self.device_id] = counter
        # Hybrid logical time: later than the wall clock and than every stamp already on the
        # record, so an edit made after seeing another always sorts after it.
        micros = int(now.timestamp() * 1_000_000)
        micros = max(
            [micros, *(int(s[0]) + 1 for s in meta["f"].values())]
        )  # co-writers dropped below
        new = stamped.model_dump(mode="json")
        old = existing.model_dump(mode="json") if existing else None
        for name, value in new.items():
            if name not in META_FIELDS and (old is None or old.get(name) != value):
                meta["f"][name] = [micros, self.device_id, counter]
        return stamped, meta

    @_locked
    def sync_meta(self, table: str, record_id: str) -> dict[str, Any]:
        """A copy of a record's sync metadata: {"vv": {...}, "f": {...}, "seq": n}."""
        meta = self.raw(SYNC_TABLE).get(f"{table}:{record_id}")
        if meta is None:
            return {"vv": {}, "f": {}, "seq": 0}
        return {
            "vv": dict(meta.get("vv", {})),
            "f": {k: list(v) for k, v in meta.get("f", {}).items()},
            "seq": meta.get("seq", 0),
        }

    @property
    def sequence(self) -> int:
        """The local write sequence: bumped on every write, recorded on each record written."""
        return int(self._meta().get("seq", 0))

    @staticmethod
    def document(record: Record) -> dict[str, Any]:
        """The stored document: the record as JSON without top-level fields equal to their
        default. (`model_dump(exclude_defaults=True)` calls every default factory on every dump
        — a uuid4 each — which was a quarter of an import.)"""
        defaults = _json_defaults(type(record))
        return {
            name: value
            for name, value in record.model_dump(mode="json").items()
            if name == "id" or name not in defaults or defaults[name] != value
        }

    @_locked
    def put(
        self,
        records: Iterable[Record],
        metas: dict[str, dict[str, Any]] | None = None,
        documents: dict[str, dict[str, Any]] | None = None,
        *,
        stored: dict[str, dict[str, dict[str, Any]]] | None = None,
    ) -> None:
        """Store records exactly as given (no revision bump): sync merge and demo loading.

        `metas` maps "table:id" to the sync metadata to keep with a record (see sync/merge.py).
        `documents` maps "table:id" to the document a record was validated from (an import's);
        when it is exactly what would be stored, it is kept instead of a second copy.
        `stored` maps table → id → document for records given only as their stored document
        (validated, and as `document` gives it: an import's new records); no model is made.
        """
        self._ensure_writable()
        by_table: dict[str, dict[str, Record]] = {}
        for record in records:
            by_table.setdefault(record.table, {})[record.id] = record
        stored = {table: docs for table, docs in (stored or {}).items() if docs}
        if not by_table and not stored:
            return
        self._backup_once()
        changed_ids = {t: list(recs) for t, recs in by_table.items()}
        for table, docs in stored.items():
            changed_ids.setdefault(table, []).extend(docs)
        before = self._index_values(changed_ids)
        # What a bulk write (an import) made is kept out of the collector's sight; a save's few
        # documents are not: freezing also keeps whatever garbage exists at that moment (the
        # screens the rep just closed) for good, a few MB on every save.
        bulk = sum(len(ids) for ids in changed_ids.values()) >= FREEZE_MIN_RECORDS
        try:
            with self.db.storage.deferred(), no_gc_pauses(freeze=bulk):
                for table, recs in by_table.items():
                    self._table(table).put_many(
                        {rid: self._document(r, documents) for rid, r in recs.items()}
                    )
                for table, docs in stored.items():
                    self._table(table).put_many(docs)
                if metas:
                    seq = self.sequence + 1
                    self._table(SYNC_TABLE).put_many(
                        {key: _with_seq(meta, seq) for key, meta in metas.items()}
                    )
                    self._write_meta(seq=seq)
        except BaseException:
            self._models.clear()
            self._complete.clear()
            raise
        for table, recs in by_table.items():
            self._models.setdefault(table, {}).update(recs)
        for table, docs in stored.items():  # their models are made when first read
            cached = self._models.get(table, {})
            for record_id in docs:
                cached.pop(record_id, None)
            self._complete.discard(table)
        self.generation += 1
        for table in (*by_table, *stored):
            self._changed[table] = self.generation
        self._update_indexes(before)

    def _document(self, record: Record, given: dict[str, dict[str, Any]] | None) -> dict[str, Any]:
        dumped = self.document(record)
        if given is not None:
            same = given.get(f"{record.table}:{record.id}")
            if same is not None and same == dumped:
                return same
        return dumped

    @_locked
    def save(self, record: R) -> R:
        """Save one record (new or edited); returns it with its new revision."""
        return self.save_many([record])[0]

    @_locked
    def save_many(self, records: Iterable[R]) -> list[R]:
        """Save many records in one atomic write."""
        saved: list[R] = []
        metas: dict[str, dict[str, Any]] = {}
        for record in records:
            stamped, meta = self._stamp(record)
            saved.append(stamped)
            metas[f"{record.table}:{record.id}"] = meta
        self.put(saved, metas)
        return saved

    @_locked
    def delete(self, model: type[R], record_id: str) -> R:
        """Tombstone a record (recoverable with `restore`)."""
        return self.save(self.require(model, record_id).model_copy(update={"deleted": True}))

    @_locked
    def restore(self, model: type[R], record_id: str) -> R:
        record = self.get(model, record_id, include_deleted=True)
        if record is None:
            raise NotFound(f"no {model.table} record with id {record_id}")
        return self.save(record.model_copy(update={"deleted": False}))

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Group saves into one atomic write; on an exception nothing is written."""
        self._ensure_writable()
        try:
            with self.lock, self.db.storage.deferred():
                yield
        except BaseException:
            self._models.clear()
            self._complete.clear()
            self.generation += 1
            self._all_changed = self.generation
            raise

    def table_generation(self, *tables: str) -> int:
        """The generation at which the last of `tables` changed: a view built from these tables
        alone compares it (and is kept when another table changes)."""
        return max(self._all_changed, *(self._changed.get(table, 0) for table in tables))

    # ------------------------------------------------------------------ settings
    @_locked
    def settings(self) -> Settings:
        return self.get(Settings, SETTINGS_ID) or Settings()

    @_locked
    def save_settings(self, settings: Settings) -> Settings:
        return self.save(settings)

    # ------------------------------------------------------------------ checks
    @_locked
    def problems(self) -> list[str]:
        """Every record that does not validate, one line each (used by `doctor`)."""
        found = []
        data = self.db.storage.read()
        for table in list(data or []):
            if table in (META_TABLE, SYNC_TABLE):
                continue
            try:
                docs = data[table]
            except DatabaseError as err:
                found.append(str(err))
                continue
            try:
                model = model_for_table(table)
            except KeyError:
                found.append(f"{self.path}: unknown table {table}")
                continue
            for record_id, doc in docs.items():
                try:
                    record = model.model_validate(doc)
                except ValidationError as exc:
                    for err in exc.errors():
                        where = ".".join(str(p) for p in err["loc"]) or "record"
                        found.append(f"{table}/{record_id}: {where}: {err['msg']}")
                    continue
                if record.id != record_id:
                    found.append(f"{table}/{record_id}: stored under a different id ({record.id})")
        return found

    def close(self) -> None:
        try:
            if self._storage is not None:
                self._storage.close()
        finally:
            if self._lock is not None:
                self._lock.release()
                self._lock = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def check_database_file(path: Path) -> None:
    """Check a file exactly as an open does, and more: it parses, every table has the right shape,
    the schema is one this version reads, and every record validates. Raises DatabaseError
    (DamagedDatabase for bad content) naming the file and the first problem; used on a backup
    before it is restored."""
    path = Path(path)
    tables = load_database_file(path)
    if tables is None:
        raise DatabaseError(f"{path}: no such file")
    tables.verify()
    meta = (tables[META_TABLE] if META_TABLE in tables else {}).get(META_ID, {})
    version = meta.get("schema_version", 0) if isinstance(meta, dict) else None
    if not isinstance(version, int) or version < 0:
        raise DamagedDatabase(f"{path}: the schema version {version!r} is not valid")
    if version > SCHEMA_VERSION:
        raise DatabaseError(
            f"{path}: written by a newer dragon-tui (schema {version}; this version "
            f"reads up to {SCHEMA_VERSION})"
        )
    known = {m.table: m for m in RECORD_TYPES}
    for name in tables:
        if name in (META_TABLE, SYNC_TABLE):
            continue
        model = known.get(name)
        if model is None:
            raise DamagedDatabase(f"{path}: not a dragon-tui database (unknown table {name!r})")
        for record_id, doc in tables[name].items():
            try:
                record = model.model_validate(doc)
            except ValidationError as exc:
                first = exc.errors()[0]
                where = ".".join(str(p) for p in first["loc"]) or "record"
                raise DamagedDatabase(
                    f"{path}: record {record_id} in {name} is invalid: {where}: {first['msg']}"
                ) from None
            if record.id != record_id:
                raise DamagedDatabase(
                    f"{path}: record {record_id} in {name} is stored under another id"
                )
