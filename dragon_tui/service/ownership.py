"""Account ownership on the team hub (知客CRM, METHOD §6): claim, release, assign, share,
protect and unprotect an account — the same call for the dossier and `dragon-tui account`.

The hub decides (`dragon_hub.set_owner()` checks who asks); the laptop keeps the answer with the
ownership it learnt at the last sync, so the dossier shows the change at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dragon_tui.errors import HubError
from dragon_tui.hub.client import (
    OWNERSHIP_ACTIONS,
    change_ownership,
    connect,
    hub_errors,
    ownership_rows,
    server_url,
)
from dragon_tui.hub.schema import SCHEMA
from dragon_tui.service.hub_sync import HUBS_META, hub_state, ownership_of
from dragon_tui.service.records import Service, store_of
from dragon_tui.store import Store

NEEDS_REP = ("assign", "share")


@dataclass(frozen=True)
class Ownership:
    owner: str  # "": in the pool (公海)
    shared: tuple[str, ...] = ()
    protected: bool = False
    hidden: bool = False  # owned exclusively by another rep: this rep sees no more than the owner

    @classmethod
    def of(cls, row: dict[str, Any] | None) -> Ownership:
        row = row or {}
        return cls(
            row.get("owner") or "",
            tuple(row.get("shared", ())),
            bool(row.get("protected")),
            bool(row.get("hidden")),
        )


def known_ownership(source: Service | Store, account_id: str) -> Ownership | None:
    """The account's ownership as of the last sync or change (None: no hub yet)."""
    row = ownership_of(source, account_id)
    return None if row is None else Ownership.of(row)


def last_server(source: Service | Store) -> str:
    """The hub URL to offer: $DRAGON_TUI_SERVER, else the one of the last sync (no password:
    libpq never puts it in a connection's string)."""
    import os

    from dragon_tui.hub.client import SERVER_ENV

    return os.environ.get(SERVER_ENV) or hub_state(source).get("server", "")


def change_account_ownership(
    source: Service | Store, url: str, account_id: str, action: str, rep: str | None = None
) -> Ownership:
    """Make the change on the hub and keep the hub's answer locally. An unreachable hub, a
    refused change, a missing rep: HubError in one line, nothing changed here."""
    if action not in OWNERSHIP_ACTIONS:
        raise HubError(f"unknown ownership action {action!r}")
    rep = (rep or "").strip() or None
    if action in NEEDS_REP and rep is None:
        raise HubError(f"{action}: give the rep (their login name on the hub)")
    conn = connect(server_url(url))
    try:
        change_ownership(conn, account_id, action, rep if action in NEEDS_REP else None)
        row = ownership_rows(conn, [account_id]).get(account_id)
        hub_id = conn.execute(
            f"SELECT value #>> '{{}}' FROM {SCHEMA}.meta WHERE key = 'hub_id'"
        ).fetchone()[0]
        server = conn.info.dsn
    except hub_errors() as exc:
        raise HubError(f"the hub refused: {(str(exc).strip().splitlines() or ['?'])[0]}") from None
    finally:
        conn.close()
    _remember(source, hub_id, account_id, row, server)
    return Ownership.of(row)


def _remember(
    source: Service | Store, hub_id: str, account_id: str, row: dict[str, Any] | None, server: str
) -> None:
    """Keep the hub's answer with what the last sync learnt (one atomic write); a read-only
    database keeps nothing (the next sync brings it)."""
    store = store_of(source)
    if store.readonly:
        return
    with store.lock:
        hubs = dict(store._meta().get(HUBS_META, {}))
        state = dict(hubs.get(hub_id, {}))
        ownership = dict(state.get("ownership", {}))
        if row is None:
            ownership.pop(account_id, None)  # in the pool, with no ownership row
        else:
            ownership[account_id] = row
        state["ownership"] = ownership
        state.setdefault("server", server)
        hubs[hub_id] = state
        store._write_meta(**{HUBS_META: hubs, "last_hub": hub_id})


__all__ = [
    "NEEDS_REP",
    "OWNERSHIP_ACTIONS",
    "Ownership",
    "change_account_ownership",
    "known_ownership",
    "last_server",
]
