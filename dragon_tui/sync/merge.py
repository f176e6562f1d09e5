"""Merging one record from two laptops: pure functions, no store, no clock.

Each record carries sync metadata beside it (kept by the store in the `_sync` table):
- `vv`: a version vector {device: number of saves of this record made on that device};
- `f`: per field, the stamp of its last write: [microseconds, device, counter], where counter is
  the device's save number that wrote it, and optionally a fourth element listing other
  [device, counter] writes that set the same value concurrently (so none of them is forgotten).
  Stamps are hybrid-logical: a save stamps later than any stamp already on the record, so an
  edit made after seeing another always sorts after it.

A field's value is the one with the greatest stamp (last-writer-wins per field). Per-field LWW
with a total order on stamps is a join semilattice: merging is commutative, associative and
idempotent, so laptops exchanging bundles in any order converge. Edits to different fields both
survive because each field has its own stamp. When the same field was changed on both sides and
neither side had seen the other's write (by the version vectors), the losing value is reported as
a conflict, so no edit disappears silently. `deleted` is a field like any other: a tombstone
wins over older edits, and an explicit restore made later wins over the tombstone.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

META_FIELDS = frozenset({"id", "created_at", "updated_at", "updated_by", "revision"})
CONFLICT_NAMESPACE = uuid.UUID("8d3c1f0e-52f4-4b7e-9a0e-2b9d6c3f7e11")

Stamp = tuple[int, str, int]

# The stamp of a field left out by redaction: below every real write (and below a creation), so
# a value that was never sent can never win a merge, however old the other side's value is.
ABSENT_STAMP: Stamp = (0, "", 0)


def micros(value: str | datetime) -> int:
    """Microseconds since the epoch, from a datetime or an ISO string."""
    when = datetime.fromisoformat(value.replace("Z", "+00:00")) if isinstance(value, str) else value
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return int(when.timestamp() * 1_000_000)


@dataclass(slots=True)
class Versioned:
    """A record as JSON (model_dump(mode="json")) with its sync metadata. (Slots: an import
    holds one per record.)"""

    record: dict[str, Any]
    vv: dict[str, int] = field(default_factory=dict)
    stamps: dict[str, list] = field(default_factory=dict)

    def stamp(self, name: str) -> Stamp:
        explicit = self.stamps.get(name)
        if explicit is not None and len(explicit) >= 3:
            return (int(explicit[0]), str(explicit[1]), int(explicit[2]))
        # A field never written since the record was made: the creation is its only write.
        return (micros(self.record["created_at"]), "", 0)

    def co_writers(self, name: str) -> list[list]:
        explicit = self.stamps.get(name)
        return [list(w) for w in explicit[3]] if explicit is not None and len(explicit) > 3 else []

    def meta(self) -> dict[str, Any]:
        return {"vv": dict(self.vv), "f": {k: list(v) for k, v in self.stamps.items()}}


@dataclass(frozen=True)
class ConflictInfo:
    field: str
    kept_value: Any
    lost_value: Any
    kept: Stamp
    lost: Stamp

    def conflict_id(self, table: str, record_id: str) -> str:
        key = f"{table}/{record_id}/{self.field}/{self.lost[0]}/{self.lost[1]}/{self.lost[2]}"
        return str(uuid.uuid5(CONFLICT_NAMESPACE, key))


def _seen(writes: list[tuple[str, int]], vv: dict[str, int]) -> bool:
    """Has a laptop with version vector `vv` already incorporated every one of these writes?"""
    return all(counter <= vv.get(device, 0) for device, counter in writes)


def is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _tiebreak(a: Any, b: Any) -> bool:
    """Equal stamps with different values: never prefer an empty value over a real one, and
    otherwise decide the same way on every laptop (a total order, so merging stays commutative).

    Equal stamps happen for records stored without per-field stamps (demo data, old files): each
    field's stamp is then the record's creation time on both sides."""
    return (not is_empty(a), repr(a)) >= (not is_empty(b), repr(b))


def merge_versions(
    local: Versioned, remote: Versioned, skip: frozenset[str] = frozenset()
) -> tuple[Versioned, list[ConflictInfo]]:
    """The merged record and the conflicts found; `skip` fields keep the local value (redaction)."""
    names = (set(local.record) | set(remote.record)) - META_FIELDS
    out: dict[str, Any] = {}
    stamps: dict[str, list] = {}
    conflicts: list[ConflictInfo] = []
    # A field never written since its record was made is stamped with the creation time, and
    # the merged record keeps the earlier creation: a value that won by a later creation keeps
    # its stamp written out (else it would lose to the other side's when met again).
    created = min(local.record["created_at"], remote.record["created_at"], key=micros)
    implicit = (micros(created), "", 0)
    for name in sorted(names):
        lv, rv = local.record.get(name), remote.record.get(name)
        ls, rs = local.stamp(name), remote.stamp(name)
        if name in skip:
            out[name] = lv
            if name in local.stamps:
                stamps[name] = list(ls)
            continue
        local_wins = ls > rs or (ls == rs and _tiebreak(lv, rv))
        win_value, win_stamp, lose_value, lose_stamp = (
            (lv, ls, rv, rs) if local_wins else (rv, rs, lv, ls)
        )
        out[name] = win_value
        lco, rco = local.co_writers(name), remote.co_writers(name)
        if lv == rv:
            # The same value written on both sides: keep every writer, so a later change made
            # without seeing one of them is still recognised as concurrent with it.
            writers = {tuple(w) for w in lco + rco} | {(ls[1], ls[2]), (rs[1], rs[2])}
            co = sorted(w for w in writers if w != (win_stamp[1], win_stamp[2]) and w[1])
        else:
            co = lco if local_wins else rco
        if (
            win_stamp[2]
            or co
            or name in local.stamps
            or name in remote.stamps
            or win_stamp != implicit
        ):
            stamps[name] = [*win_stamp, [list(w) for w in co]] if co else list(win_stamp)
        local_writes = [(ls[1], ls[2]), *map(tuple, lco)]
        remote_writes = [(rs[1], rs[2]), *map(tuple, rco)]
        if lv != rv and not _seen(remote_writes, local.vv) and not _seen(local_writes, remote.vv):
            conflicts.append(ConflictInfo(name, win_value, lose_value, win_stamp, lose_stamp))
    _merge_meta(out, local.record, remote.record)
    vv = {d: max(local.vv.get(d, 0), remote.vv.get(d, 0)) for d in set(local.vv) | set(remote.vv)}
    return Versioned(out, vv, stamps), conflicts


def _merge_meta(out: dict[str, Any], a: dict[str, Any], b: dict[str, Any]) -> None:
    out["id"] = a["id"]
    out["created_at"] = min(a["created_at"], b["created_at"], key=micros)
    latest = max((a, b), key=lambda r: (micros(r["updated_at"]), r.get("updated_by", "")))
    out["updated_at"] = latest["updated_at"]
    out["updated_by"] = latest.get("updated_by", "")
    out["revision"] = max(a.get("revision", 0), b.get("revision", 0))
