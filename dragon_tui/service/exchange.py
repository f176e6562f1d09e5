"""Exporting records into a bundle and importing one: select, validate everything, merge, apply.

Settings are not exchanged: they belong to one laptop (its language, its rep). An import reads
and validates the whole file first, plans the merge without touching the database, and then
writes every change in one atomic step; importing the same bundle twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, MutableSequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from dragon_tui.errors import BundleError, ReadOnlyError
from dragon_tui.models import (
    BY_ACCOUNT,
    BY_OPPORTUNITY,
    RECORD_TYPES,
    Account,
    Conflict,
    Contact,
    Opportunity,
    Record,
    Settings,
    model_for_table,
)
from dragon_tui.service.records import Service, store_of
from dragon_tui.store import SYNC_TABLE, Store
from dragon_tui.sync.bundle import Bundle, no_gc_pauses
from dragon_tui.sync.merge import ABSENT_STAMP, Versioned, merge_versions, micros

EXCHANGED = tuple(m for m in RECORD_TYPES if m is not Settings)
Progress = Callable[[int, int], None]


def _entries(
    store: Store,
    sync: Mapping[str, dict[str, Any]],
    model: type[Record],
    ids: set[str] | None,
    since: int | None,
    redact: bool,
) -> list[dict[str, Any]]:
    out = []
    for record_id, doc in store.raw(model.table).items():
        if ids is not None and record_id not in ids:
            continue
        meta = sync.get(f"{model.table}:{record_id}", {})
        if since is not None and meta.get("seq", 0) <= since and not (since == 0 and not meta):
            continue
        if redact and model is Conflict and _is_personal_conflict(doc):
            continue  # its kept and lost values are personal: redaction leaves the whole entry out
        # The stored documents go into the bundle as they are (it is encoded straight away);
        # copied only when fields are to be left out.
        record, stamps = doc, meta.get("f", {})
        if redact and model is Contact:
            record, stamps = dict(doc), dict(stamps)
            for name in Contact.personal_fields:
                record.pop(name, None)
                stamps[name] = list(ABSENT_STAMP)  # "not sent": never wins a merge
        out.append(
            {
                "table": model.table,
                "record": record,
                "sync": {"vv": meta.get("vv", {}), "f": stamps},
            }
        )
    return out


def _is_personal_conflict(doc: dict[str, Any]) -> bool:
    return doc.get("record_table") == Contact.table and doc.get("field") in Contact.personal_fields


def _account_ids(store: Store, account_id: str) -> dict[str, set[str]]:
    if store.get(Account, account_id, include_deleted=True) is None:
        from dragon_tui.errors import NotFound

        raise NotFound(f"no account with id {account_id!r}")
    ids: dict[str, set[str]] = {"accounts": {account_id}}
    for table in BY_ACCOUNT:
        ids[table] = {
            rid for rid, doc in store.raw(table).items() if doc.get("account_id") == account_id
        }
    opps = ids["opportunities"]
    for table in BY_OPPORTUNITY:
        ids[table] = {
            rid for rid, doc in store.raw(table).items() if doc.get("opportunity_id") in opps
        }
    ids["conflicts"] = {
        rid
        for rid, doc in store.raw("conflicts").items()
        if any(doc.get("record_id") in s for s in ids.values())
    }
    return ids


def export_bundle(
    store: Store | Service,
    *,
    account_id: str | None = None,
    peer: str | None = None,
    redact: bool = False,
) -> Bundle:
    """Build a bundle: everything, one account and what hangs from it, or what changed since the
    last bundle sent to `peer`. Nothing is recorded here: `export_to_file` moves the peer's mark
    once the file is safely on disk."""
    store = store_of(store)
    with store.lock, no_gc_pauses():
        return _export_bundle(store, account_id, peer, redact)


def _export_bundle(store: Store, account_id: str | None, peer: str | None, redact: bool) -> Bundle:
    ids = _account_ids(store, account_id) if account_id else None
    peers = store._meta().get("peers", {})
    since = int(peers.get(peer, 0)) if peer else None
    records: list[dict[str, Any]] = []
    # For everything, the sync table read through once (a megabyte of lines a parse) rather
    # than looked up record by record (each lookup parses one entry); one account's records
    # are looked up.
    sync = store.raw(SYNC_TABLE)
    if ids is None:
        sync = dict(sync.items())
    for model in EXCHANGED:
        chosen = ids.get(model.table, set()) if ids is not None else None
        records += _entries(store, sync, model, chosen, since, redact)
    scope: dict[str, Any] = {"kind": "account" if account_id else "since_last" if peer else "all"}
    if account_id:
        scope["account_id"] = account_id
    if peer:
        scope["peer"] = peer
    now = datetime.now(UTC).isoformat()
    return Bundle(store.device_id, now, scope, redact, records)


def export_to_file(
    store: Store | Service,
    path: Path,
    *,
    account_id: str | None = None,
    peer: str | None = None,
    redact: bool = False,
    passphrase: str | None = None,
) -> tuple[Bundle, int]:
    """Export a bundle to `path` (atomic, fsynced); only then, for `peer`, record what was sent,
    so a failed write leaves the mark where it was and the next export carries every change.
    Returns the bundle and the file's size."""
    from dragon_tui.sync.files import write_bundle

    store = store_of(store)
    if peer and store.readonly:
        raise ReadOnlyError(
            f"{store.path}: cannot record what was sent to {peer!r}: {store.readonly_reason}"
        )
    with store.lock:
        mark = store.sequence  # what this bundle covers: every write up to now
        bundle = export_bundle(store, account_id=account_id, peer=peer, redact=redact)
    try:
        size = write_bundle(Path(path), bundle, passphrase)
    except OSError as exc:
        raise BundleError(f"{path}: cannot write the bundle ({exc.strerror or exc})") from None
    if peer:
        record_sent(store, peer, mark)
    return bundle, size


def record_sent(store: Store | Service, peer: str, mark: int) -> None:
    """Remember that everything up to write `mark` has reached `peer`."""
    store = store_of(store)
    peers = store._meta().get("peers", {})
    store._write_meta(peers={**peers, peer: max(mark, int(peers.get(peer, 0)))})


class PlannedRecords(MutableSequence[Record]):
    """A list of records in which a record new to this database is kept as the document it will
    be stored as (validated, canonical) and made a model again only when it is read.

    An import of everything holds hundreds of thousands of new records: as models beside their
    documents they were a third of the import's peak memory. Reading an item (iterating,
    indexing, slicing) gives models, as a list would."""

    def __init__(self, items: Iterable[Record] = ()) -> None:
        self._items: list[Record | tuple[type[Record], dict[str, Any]]] = list(items)

    def add_document(self, model: type[Record], document: dict[str, Any]) -> None:
        """A new record by its stored document (already validated through `model`)."""
        self._items.append((model, document))

    def documents(self) -> Iterator[tuple[type[Record], dict[str, Any]]]:
        """The items held as documents, without making models."""
        return (item for item in self._items if isinstance(item, tuple))

    def records(self) -> Iterator[Record]:
        """The items held as models."""
        return (item for item in self._items if not isinstance(item, tuple))

    @staticmethod
    def _model(item: Record | tuple[type[Record], dict[str, Any]]) -> Record:
        if isinstance(item, tuple):
            model, document = item
            return model.model_validate(document)
        return item

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return [self._model(item) for item in self._items[index]]
        return self._model(self._items[index])

    def __setitem__(self, index, value) -> None:  # type: ignore[override]
        self._items[index] = value

    def __delitem__(self, index) -> None:  # type: ignore[override]
        del self._items[index]

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[Record]:
        return (self._model(item) for item in self._items)

    def insert(self, index: int, value: Record) -> None:
        self._items.insert(index, value)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, PlannedRecords | list | tuple):
            return list(self) == list(other)
        return NotImplemented

    def __repr__(self) -> str:
        return f"PlannedRecords({len(self)} records)"


@dataclass
class ImportPlan:
    """What an import would do, before it does it."""

    added: PlannedRecords = field(default_factory=PlannedRecords)
    updated: list[Record] = field(default_factory=list)
    deleted: PlannedRecords = field(default_factory=PlannedRecords)
    unchanged: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    metas: dict[str, dict[str, Any]] = field(default_factory=dict)
    # What the plan was made from: applying it re-checks that the database has not moved since.
    bundle: Bundle | None = field(default=None, repr=False)
    path: Path | None = None
    generation: int = -1

    @property
    def writes(self) -> list[Record]:
        return [*self.added, *self.updated, *self.deleted, *self.conflicts]

    def summary(self) -> str:
        return f"{len(self.added)} added, {len(self.updated)} updated, {self.unchanged} unchanged, {len(self.deleted)} deleted, {len(self.conflicts)} conflicts"


def _good_stamp(stamp: Any) -> bool:
    if not (isinstance(stamp, list) and len(stamp) in (3, 4)):
        return False
    if not (isinstance(stamp[0], int) and isinstance(stamp[1], str) and isinstance(stamp[2], int)):
        return False
    co = stamp[3] if len(stamp) == 4 else []
    return isinstance(co, list) and all(
        isinstance(w, list) and len(w) == 2 and isinstance(w[0], str) and isinstance(w[1], int)
        for w in co
    )


def _validate_meta(meta: Any, where: str) -> tuple[dict[str, int], dict[str, list]]:
    if not isinstance(meta, dict):
        raise BundleError(f"{where}: sync metadata is not an object")
    vv, stamps = meta.get("vv", {}), meta.get("f", {})
    if not isinstance(vv, dict) or not isinstance(stamps, dict):
        raise BundleError(f"{where}: invalid sync metadata")
    for device, count in vv.items():
        if not (isinstance(device, str) and isinstance(count, int) and count >= 0):
            raise BundleError(f"{where}: invalid version vector")
    for name, stamp in stamps.items():
        if not (isinstance(name, str) and _good_stamp(stamp)):
            raise BundleError(f"{where}: invalid field stamps")
    return vv, stamps


def validate_entries(bundle: Bundle, path: Path) -> list[tuple[Record, Versioned, dict[str, Any]]]:
    """Every record through its model, every stamp checked; the first problem rejects the file."""
    return list(iter_entries(bundle, path))


def iter_entries(bundle: Bundle, path: Path) -> Iterator[tuple[Record, Versioned, dict[str, Any]]]:
    """`validate_entries` one entry at a time (the planner keeps no model it does not need)."""
    known = {m.table for m in EXCHANGED}
    for index, entry in enumerate(bundle.records):
        where = f"{path}: record {index + 1}"
        if (
            not isinstance(entry, dict)
            or entry.get("table") not in known
            or not isinstance(entry.get("record"), dict)
        ):
            raise BundleError(f"{where}: not a record of a known table")
        model = model_for_table(entry["table"])
        try:
            record = model.model_validate(entry["record"])
        except ValidationError as exc:
            err = exc.errors()[0]
            raise BundleError(
                f"{where} ({entry['table']}): {'.'.join(map(str, err['loc'])) or 'record'}: {err['msg']}"
            ) from None
        vv, stamps = _validate_meta(entry.get("sync", {}), where)
        yield record, Versioned({}, vv, stamps), entry["record"]


def plan_import(
    store: Store | Service, bundle: Bundle, path: Path, progress: Progress | None = None
) -> ImportPlan:
    """What importing `bundle` would change; validates everything first, writes nothing."""
    store = store_of(store)
    with store.lock, no_gc_pauses():
        plan = _plan_import(store, bundle, path, progress)
    plan.bundle, plan.path, plan.generation = bundle, path, store.generation
    return plan


def _plan_import(store: Store, bundle: Bundle, path: Path, progress: Progress | None) -> ImportPlan:
    """Validates and merges one entry at a time: a plan holds models only of records that exist
    here already (and of conflicts); a new record is kept as the document it will be stored as."""
    total = len(bundle.records)
    plan = ImportPlan()
    skip = frozenset(Contact.personal_fields) if bundle.redacted else frozenset()
    existing_conflicts = set(store.raw("conflicts"))
    sync_table = store.raw(SYNC_TABLE)
    for n, (remote_record, remote, remote_doc) in enumerate(iter_entries(bundle, path), 1):
        if progress and n % 5000 == 0:
            progress(n, total)
        model, table = type(remote_record), remote_record.table
        key = f"{table}:{remote_record.id}"
        if bundle.redacted and model is Conflict and _is_personal_conflict(remote_doc):
            continue  # a redacted bundle carries no personal values, not even in a conflict
        local_doc = store.raw(table).get(remote_record.id)
        if local_doc is not None and local_doc == remote_doc:
            # The same stored document: unchanged unless the sync metadata differs.
            local_meta = sync_table.get(key, {})
            if local_meta.get("vv", {}) == remote.vv and local_meta.get("f", {}) == remote.stamps:
                plan.unchanged += 1
                continue
        local_record = store.get(model, remote_record.id, include_deleted=True)
        if local_record is None:  # a new record: its metadata is all the plan needs
            if bundle.redacted and model is Contact:
                # The personal fields were not sent: they hold no information, so they carry
                # the absent stamp and lose to any real value this record meets later.
                remote = Versioned(
                    remote.record,
                    remote.vv,
                    {k: v for k, v in remote.stamps.items() if k not in skip}
                    | {k: list(ABSENT_STAMP) for k in skip},
                )
            # Kept as sent (validated above) when that is what would be stored, not copied, and
            # without its model: an import of everything holds hundreds of thousands of these.
            stored = Store.document(remote_record)
            (plan.deleted if remote_record.deleted else plan.added).add_document(
                model, remote_doc if stored == remote_doc else stored
            )
            plan.metas[key] = {"vv": remote.vv, "f": remote.stamps}
            continue
        remote.record = remote_record.model_dump(mode="json")
        meta = store.sync_meta(table, remote_record.id)
        local = Versioned(local_record.model_dump(mode="json"), meta["vv"], meta["f"])
        merged, conflicts = merge_versions(local, remote, skip if model is Contact else frozenset())
        if merged.record == local.record and merged.meta() == local.meta():
            plan.unchanged += 1
            continue
        result = model.model_validate(merged.record)
        (plan.deleted if result.deleted and not local_record.deleted else plan.updated).append(
            result
        )
        plan.metas[key] = merged.meta()
        for info in conflicts:
            conflict_id = info.conflict_id(table, remote_record.id)
            if conflict_id in existing_conflicts:
                continue
            when = datetime.fromtimestamp(max(info.kept[0], info.lost[0]) / 1_000_000, UTC)
            plan.conflicts.append(
                Conflict(
                    id=conflict_id,
                    record_table=table,
                    record_id=remote_record.id,
                    field=info.field,
                    kept_value=info.kept_value,
                    lost_value=info.lost_value,
                    kept_by=info.kept[1],
                    lost_by=info.lost[1],
                    detected_at=when,
                    created_at=when,
                    updated_at=when,
                    updated_by="sync",
                    revision=1,
                )
            )
            plan.metas[f"conflicts:{conflict_id}"] = {"vv": {}, "f": {}}
            existing_conflicts.add(conflict_id)
    return plan


def apply_plan(store: Store | Service, plan: ImportPlan) -> ImportPlan:
    """Write every change of the plan in one atomic step, and return what was written.

    A record edited since the preview must not be overwritten with the previewed merge: when the
    database has changed since the plan was made, the bundle is merged again against what is
    there now (the rep's new edit takes part in the merge like any other), and that is written.
    """
    store = store_of(store)
    with store.lock:  # no save can slip in between the re-check and the write
        if plan.generation != store.generation and plan.bundle is not None:
            plan = plan_import(store, plan.bundle, plan.path or Path("bundle"))
        if plan.added or plan.updated or plan.deleted or plan.conflicts:
            stored: dict[str, dict[str, dict[str, Any]]] = {}
            for planned in (plan.added, plan.deleted):
                for model, document in planned.documents():
                    stored.setdefault(model.table, {})[document["id"]] = document
            records = [
                *plan.added.records(),
                *plan.updated,
                *plan.deleted.records(),
                *plan.conflicts,
            ]
            with no_gc_pauses():
                store.put(records, plan.metas, stored=stored)
        plan.generation = store.generation
    return plan


def describe(record: Record) -> str:
    name = (
        getattr(record, "name", "")
        or getattr(record, "summary", "")
        or getattr(record, "text", "")
        or record.id
    )
    return f"{record.table}: {str(name)[:60]}"


__all__ = [
    "ImportPlan",
    "PlannedRecords",
    "apply_plan",
    "describe",
    "export_bundle",
    "micros",
    "no_gc_pauses",
    "plan_import",
    "Opportunity",
]
