"""`sync --server`: push the local changes since the last sync and pull everyone else's.

The merge is the bundles' (sync/merge.py via service/exchange.py): the hub's rows are read as if they
were a bundle, planned against the local database, and the merged state of every record this
laptop changed is written back to the hub. So hub-synced laptops and bundle-swapping laptops
converge to the same data in any order.

One sync is one transaction on the hub (holding the hub's advisory lock, so syncs are serial)
followed by one atomic write locally. Killed before the hub commits: the hub rolls back, the
laptop is unchanged. Killed after the hub commits but before the local write: the laptop still
has its old high-water marks, so the retry pushes the same (already merged, so unchanged) records
and pulls again; merging is idempotent, nothing is lost.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from dragon_tui.errors import ReadOnlyError
from dragon_tui.hub.client import check_schema, ownership_rows
from dragon_tui.hub.schema import LOCK_KEY, SCHEMA
from dragon_tui.models import BY_ACCOUNT, BY_OPPORTUNITY, Conflict, Contact, Record, model_for_table
from dragon_tui.service.exchange import (
    EXCHANGED,
    ImportPlan,
    _is_personal_conflict,
    apply_plan,
    plan_import,
)
from dragon_tui.service.records import Service, store_of
from dragon_tui.store import SYNC_TABLE, Store
from dragon_tui.sync.bundle import Bundle

if TYPE_CHECKING:
    import psycopg

Progress = Callable[[str, int, int], None]  # (phase, done, total)
HUBS_META = "hubs"


@dataclass
class HubSyncResult:
    hub_id: str
    rep: str
    pushed: int = 0
    pulled: int = 0
    plan: ImportPlan = field(default_factory=ImportPlan)
    refused: dict[str, list[str]] = field(default_factory=dict)  # account id -> record keys

    def summary(self) -> str:
        text = f"pushed {self.pushed}, pulled {self.pulled}: {self.plan.summary()}"
        if self.refused:
            keys = sum(len(v) for v in self.refused.values())
            text += f"; {keys} records of {len(self.refused)} accounts refused (owned exclusively by someone else)"
        return text


def hub_state(source: Service | Store, hub_id: str | None = None) -> dict[str, Any]:
    """What this laptop knows of a hub (of the last one synced when no id is given)."""
    store = store_of(source)
    hubs = store._meta().get(HUBS_META, {})
    if hub_id is None:
        hub_id = store._meta().get("last_hub", "")
    return dict(hubs.get(hub_id, {}))


def ownership_of(store: Service | Store, account_id: str) -> dict[str, Any] | None:
    """The hub ownership of an account as of the last sync (None: never synced with a hub)."""
    state = hub_state(store)
    if not state:
        return None
    return state.get("ownership", {}).get(
        account_id, {"owner": "", "shared": [], "protected": False}
    )


def _local_changes(store: Store, since: int) -> set[str]:
    """Keys ("table:id") of the records written locally after local sequence `since`; everything
    at the first sync. After that only the sync metadata is read (every save records its
    sequence there), so an incremental sync does not load every table of a large database."""
    tables = {m.table for m in EXCHANGED}
    if since == 0:
        return {f"{t}:{record_id}" for t in sorted(tables) for record_id in store.raw(t)}
    return {
        key
        for key, meta in store.raw(SYNC_TABLE).items()
        if meta.get("seq", 0) > since and key.split(":", 1)[0] in tables
    }


def _account_of(
    table: str, record: Record, lookup: Callable[[str, str], Record | None]
) -> str | None:
    """The same rule as the hub's account_of(), used to skip refused accounts before writing."""
    if table == "accounts":
        return record.id
    if table in BY_ACCOUNT:
        return record.account_id  # type: ignore[attr-defined]
    if table in BY_OPPORTUNITY:
        opp = lookup("opportunities", record.opportunity_id)  # type: ignore[attr-defined]
        return opp.account_id if opp is not None else "?"  # type: ignore[attr-defined]
    if isinstance(record, Conflict):
        target = lookup(record.record_table, record.record_id)
        if target is None or record.record_table not in {m.table for m in EXCHANGED}:
            return "?"
        return _account_of(record.record_table, target, lookup)
    return None


def is_personal(conflict: Conflict) -> bool:
    return _is_personal_conflict({"record_table": conflict.record_table, "field": conflict.field})


def _dumps(value: Any) -> str:
    return orjson.dumps(value).decode()


def sync_with_hub(
    source: Service | Store, conn: psycopg.Connection, progress: Progress | None = None
) -> HubSyncResult:
    """One sync: push local changes, pull the others' (see the module docstring)."""
    store = store_of(source)
    if store.readonly:
        raise ReadOnlyError(f"{store.path}: {store.readonly_reason}")
    check_schema(conn)
    tell = progress or (lambda phase, done, total: None)
    hub_id = conn.execute(
        f"SELECT value #>> '{{}}' FROM {SCHEMA}.meta WHERE key = 'hub_id'"
    ).fetchone()[0]
    rep = conn.execute("SELECT session_user").fetchone()[0]
    state = hub_state(store, hub_id)
    since_hub, since_local = int(state.get("hub_seq", 0)), int(state.get("local_seq", 0))
    push_keys = _local_changes(store, since_local) | set(state.get("pending", []))
    result = HubSyncResult(hub_id, rep)
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK_KEY,))
        conn.execute(f"SELECT {SCHEMA}.fall_back()")
        forbidden = {r[0] for r in conn.execute(f"SELECT * FROM {SCHEMA}.forbidden()")}
        tell("pull", 0, 1)
        tables, ids = (
            zip(*(k.split(":", 1) for k in push_keys), strict=True) if push_keys else ((), ())
        )
        first_sync = since_hub == 0 and not push_keys
        rows = conn.execute(
            f"""SELECT r.tbl, r.id, r.doc, r.vv, r.f, p.doc, p.f FROM {SCHEMA}.records r
                LEFT JOIN {SCHEMA}.private p ON p.tbl = r.tbl AND p.id = r.id"""
            if first_sync
            else f"""WITH wanted AS (
                  SELECT tbl, id FROM {SCHEMA}.records WHERE seq > %(since)s
                  UNION SELECT tbl, id FROM {SCHEMA}.records WHERE account_id IN
                    (SELECT account_id FROM {SCHEMA}.ownership WHERE seq > %(since)s)
                  UNION SELECT * FROM unnest(%(tables)s::text[], %(ids)s::text[])
                )
                SELECT r.tbl, r.id, r.doc, r.vv, r.f, p.doc, p.f
                FROM wanted w JOIN {SCHEMA}.records r ON r.tbl = w.tbl AND r.id = w.id
                LEFT JOIN {SCHEMA}.private p ON p.tbl = r.tbl AND p.id = r.id""",
            {"since": since_hub, "tables": list(tables), "ids": list(ids)},
        ).fetchall()
        redacted = {r[0] for r in conn.execute(f"SELECT * FROM {SCHEMA}.redacted_accounts()")}
        hub_rows = {f"{t}:{i}": (doc, vv, f, pdoc, pf) for t, i, doc, vv, f, pdoc, pf in rows}
        result.pulled = len(rows)
        full, partial = [], []
        for t, _i, doc, vv, f, pdoc, pf in rows:
            if t == Contact.table and pdoc is None:
                partial.append({"table": t, "record": doc, "sync": {"vv": vv, "f": f}})
            else:
                whole = {**doc, **(pdoc or {})}, {**f, **(pf or {})}
                full.append({"table": t, "record": whole[0], "sync": {"vv": vv, "f": whole[1]}})
        plan = _plan(store, hub_id, full, partial)
        result.plan = plan
        tell("merge", 1, 1)
        planned = {f"{r.table}:{r.id}": r for r in plan.writes}
        push_keys |= {f"conflicts:{c.id}" for c in plan.conflicts}

        def lookup(table: str, record_id: str) -> Record | None:
            found = planned.get(f"{table}:{record_id}")
            if found is None:
                try:
                    model = model_for_table(table)
                except KeyError:
                    return None
                found = store.get(model, record_id, include_deleted=True)
            return found

        outgoing: list[tuple[str, str, str, str, str]] = []
        private_rows: list[tuple[str, str, str, str]] = []
        touched: set[str] = set()
        for key in sorted(push_keys):
            table, record_id = key.split(":", 1)
            record = lookup(table, record_id)
            if record is None:
                continue
            account = _account_of(table, record, lookup)
            if account is not None and account in forbidden:
                result.refused.setdefault(account, []).append(key)
                continue
            if account in redacted and isinstance(record, Conflict) and is_personal(record):
                continue  # its values are personal: not this rep's to share (docs/team-hub.md)
            meta = plan.metas.get(key) or store.sync_meta(table, record_id)
            doc, vv, stamps = record.model_dump(mode="json"), meta.get("vv", {}), meta.get("f", {})
            private = None
            if table == Contact.table:
                personal = Contact.personal_fields
                private = (
                    {k: v for k, v in doc.items() if k in personal},
                    {k: v for k, v in stamps.items() if k in personal},
                )
                doc = {k: v for k, v in doc.items() if k not in personal}
                stamps = {k: v for k, v in stamps.items() if k not in personal}
                if account in redacted:
                    private = None  # shared with this rep, owned by another: not theirs to write
            on_hub = hub_rows.get(key)
            if on_hub is not None and on_hub[:3] == (doc, vv, stamps):
                if private is None or on_hub[3:] == private:
                    continue
            outgoing.append((table, record_id, _dumps(doc), _dumps(vv), _dumps(stamps)))
            if private is not None:
                private_rows.append((table, record_id, _dumps(private[0]), _dumps(private[1])))
            if account:
                touched.add(account)
        result.pushed = len(outgoing)
        tell("push", 0, len(outgoing))
        _upload(conn, outgoing, private_rows)
        tell("push", len(outgoing), len(outgoing))
        if touched:
            conn.execute(f"SELECT {SCHEMA}.touch(%s)", (sorted(touched),))
        high_water = conn.execute(f"SELECT {SCHEMA}.high_water()").fetchone()[0]
        owners = ownership_rows(conn, forbidden & set(store.raw("accounts")))
        server = conn.info.dsn  # the URL without password (libpq never shows it)
    # The hub has committed; now the one local write (records, metadata, high-water marks),
    # under the store's lock and then the file's, in the order every save takes them (the
    # file's first froze a save made meanwhile, and this write, for good).
    with store.batch():
        apply_plan(store, plan)
        hubs = dict(store._meta().get(HUBS_META, {}))
        hubs[hub_id] = {
            "hub_seq": high_water,
            "local_seq": store.sequence,
            "pending": sorted(k for keys in result.refused.values() for k in keys),
            "rep": rep,
            "ownership": owners,
            "server": server,
            "synced_at": datetime.now(UTC).isoformat(),
        }
        store._write_meta(**{HUBS_META: hubs, "last_hub": hub_id})
    tell("done", 1, 1)
    return result


def _plan(
    store: Store, hub_id: str, full: list[dict[str, Any]], partial: list[dict[str, Any]]
) -> ImportPlan:
    """Plan the hub's rows as two bundles: whole records, and contacts without their personal
    fields (merged as from a redacted bundle: the local personal fields are kept)."""
    now, where = datetime.now(UTC).isoformat(), Path(f"hub {hub_id}")
    plan = plan_import(store, Bundle("hub", now, {"kind": "hub"}, False, full), where)
    if partial:
        more = plan_import(store, Bundle("hub", now, {"kind": "hub"}, True, partial), where)
        known = {c.id for c in plan.conflicts}
        plan.added += more.added
        plan.updated += more.updated
        plan.deleted += more.deleted
        plan.unchanged += more.unchanged
        plan.conflicts += [c for c in more.conflicts if c.id not in known]
        plan.metas.update(more.metas)
    return plan


def _upload(
    conn: psycopg.Connection,
    rows: list[tuple[str, str, str, str, str]],
    private: list[tuple[str, str, str, str]],
) -> None:
    """COPY the rows into a temporary table, then upsert them in dependency order (an opportunity
    before what hangs from it, records before their conflicts) so the hub finds each one's account."""
    if not rows:
        return
    conn.execute(
        "CREATE TEMP TABLE incoming (tbl text, id text, doc jsonb, vv jsonb, f jsonb) ON COMMIT DROP"
    )
    with conn.cursor() as cur, cur.copy("COPY incoming (tbl, id, doc, vv, f) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
    late = list(BY_OPPORTUNITY)
    for where, args in (
        ("tbl <> ALL(%s) AND tbl <> 'conflicts'", (late,)),
        ("tbl = ANY(%s)", (late,)),
        ("tbl = 'conflicts'", ()),
    ):
        conn.execute(
            f"""INSERT INTO {SCHEMA}.records (tbl, id, doc, vv, f)
                SELECT tbl, id, doc, vv, f FROM incoming WHERE {where}
                ON CONFLICT (tbl, id) DO UPDATE SET doc = EXCLUDED.doc, vv = EXCLUDED.vv, f = EXCLUDED.f""",
            args,
        )
    if private:
        conn.execute(
            "CREATE TEMP TABLE incoming_private (tbl text, id text, doc jsonb, f jsonb) ON COMMIT DROP"
        )
        with (
            conn.cursor() as cur,
            cur.copy("COPY incoming_private (tbl, id, doc, f) FROM STDIN") as copy,
        ):
            for row in private:
                copy.write_row(row)
        conn.execute(
            f"""INSERT INTO {SCHEMA}.private (tbl, id, doc, f) SELECT tbl, id, doc, f FROM incoming_private
                ON CONFLICT (tbl, id) DO UPDATE SET doc = EXCLUDED.doc, f = EXCLUDED.f"""
        )


__all__ = ["HubSyncResult", "hub_state", "ownership_of", "sync_with_hub"]
