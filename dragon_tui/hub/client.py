"""Talking to the hub: connect, create or migrate its schema, and ownership changes.

The URL is a libpq connection string or URI; it may not carry a password (credentials come from
libpq's usual means: ~/.pgpass, $PGPASSWORD, or the server's peer/certificate authentication).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from dragon_tui.errors import HubError
from dragon_tui.hub.schema import LOCK_KEY, MIGRATIONS, SCHEMA, SCHEMA_VERSION

if TYPE_CHECKING:
    import psycopg

SERVER_ENV = "DRAGON_TUI_SERVER"
OWNERSHIP_ACTIONS = ("claim", "release", "assign", "share", "protect", "unprotect")
_URI_PASSWORD = re.compile(r"^[a-z]+://[^/@]*:[^/@]*@", re.IGNORECASE)
_KV_PASSWORD = re.compile(r"(^|\s)password\s*=", re.IGNORECASE)


def server_url(given: str | None) -> str:
    """The hub URL from --server or $DRAGON_TUI_SERVER; refused when it carries a password."""
    url = given or os.environ.get(SERVER_ENV, "")
    if not url:
        raise HubError(f"no hub given: use --server URL or ${SERVER_ENV}")
    if _URI_PASSWORD.match(url) or _KV_PASSWORD.search(url):
        raise HubError("the hub URL carries a password; put it in ~/.pgpass or $PGPASSWORD instead")
    return url


def redacted(url: str) -> str:
    return url


def connect(url: str) -> psycopg.Connection:
    """A connection to the hub; psycopg is imported here, only when needed.

    Autocommit: every write happens inside an explicit `conn.transaction()` block, which then is
    a real transaction (committed at its end, rolled back on an error or a lost connection)."""
    try:
        import psycopg
    except ImportError:
        raise HubError(
            "syncing with a hub needs the PostgreSQL driver: pip install 'dragon-tui[hub]'"
        ) from None
    try:
        conn = psycopg.connect(
            url, connect_timeout=15, application_name="dragon-tui", autocommit=True
        )
    except psycopg.Error as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise HubError(f"cannot connect to the hub: {first}") from None
    import orjson
    from psycopg.types.json import set_json_loads

    set_json_loads(orjson.loads, conn)  # a first sync reads tens of thousands of documents
    return conn


def hub_errors():
    """The psycopg error base class (for `except`), imported lazily."""
    import psycopg

    return psycopg.Error


def schema_version(conn: psycopg.Connection) -> int:
    with conn.cursor() as cur:
        cur.execute("SELECT to_regclass(%s)", (f"{SCHEMA}.meta",))
        if cur.fetchone()[0] is None:
            return 0
        cur.execute(f"SELECT value FROM {SCHEMA}.meta WHERE key = 'schema_version'")
        row = cur.fetchone()
        return int(row[0]) if row else 0


def init_hub(conn: psycopg.Connection) -> tuple[int, int]:
    """Create or migrate the hub's schema in one transaction; returns (from, to) versions."""
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK_KEY,))
        before = schema_version(conn)
        if before > SCHEMA_VERSION:
            raise HubError(
                f"the hub has schema {before}; this dragon-tui knows up to {SCHEMA_VERSION}: update it"
            )
        for step in range(before, SCHEMA_VERSION):
            conn.execute(MIGRATIONS[step])
        conn.execute(
            f"INSERT INTO {SCHEMA}.meta VALUES ('schema_version', %s::text::jsonb) "
            "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
            (str(SCHEMA_VERSION),),
        )
    return before, SCHEMA_VERSION


def check_schema(conn: psycopg.Connection) -> None:
    version = schema_version(conn)
    if version == 0:
        raise HubError("the hub has no dragon-tui schema yet: run `dragon-tui team init` first")
    if version != SCHEMA_VERSION:
        raise HubError(
            f"the hub has schema {version}, this dragon-tui uses {SCHEMA_VERSION}: "
            "run `dragon-tui team init` with the newer of the two"
        )


def add_member(conn: psycopg.Connection, role: str, *, manager: bool = False) -> None:
    """Create a login role for a rep (or a manager) without a password (IT sets one)."""
    from psycopg import sql

    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", role):
        raise HubError(f"{role!r} is not a valid role name (lower-case letters, digits, _)")
    group = "dragon_manager" if manager else "dragon_rep"
    with conn.transaction():
        exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(role)))
        conn.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(group), sql.Identifier(role)))


def set_setting(conn: psycopg.Connection, key: str, value: Any) -> None:
    import json

    with conn.transaction():
        conn.execute(
            f"INSERT INTO {SCHEMA}.meta VALUES (%s, %s::jsonb) "
            "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
            (key, json.dumps(value)),
        )


def set_funnel_settings(
    conn: psycopg.Connection,
    stage_scheme: str | None = None,
    win_rates: list[float] | None = None,
    expected_stage_days: list[int] | None = None,
) -> None:
    """The team funnel's stage scheme, win rates and expected days in each stage, checked as the
    laptop's settings are. A new scheme without rates takes that scheme's default rates."""
    from pydantic import ValidationError

    from dragon_tui.models import DEFAULT_WIN_RATES, Settings
    from dragon_tui.models.enums import StageScheme

    values: dict[str, Any] = {}
    try:
        if stage_scheme is not None:
            scheme = StageScheme(stage_scheme)
            values["stage_scheme"] = scheme.value
            values["win_rates"] = list(DEFAULT_WIN_RATES[scheme])
    except ValueError:
        known = ", ".join(s.value for s in StageScheme)
        raise HubError(f"unknown stage scheme {stage_scheme!r} (one of {known})") from None
    if win_rates is not None:
        if len(win_rates) != 6:
            raise HubError(f"win rates: give 6, one per stage (got {len(win_rates)})")
        values["win_rates"] = list(win_rates)
    if expected_stage_days is not None:
        if any(not 0 <= d <= 3650 for d in expected_stage_days):
            raise HubError("expected days in stage: each between 0 and 3650")
        values["expected_stage_days"] = list(expected_stage_days)
    try:
        Settings(
            win_rates={StageScheme.SIX_MOVES: values.get("win_rates", [])},
            **{k: v for k, v in values.items() if k == "expected_stage_days"},
        )
    except ValidationError as exc:
        problem = exc.errors()[0]
        where = ".".join(str(part) for part in problem["loc"])
        raise HubError(f"{where}: {problem['msg']}") from None
    with conn.transaction():
        for key, value in values.items():
            set_setting(conn, key, value)


def change_ownership(
    conn: psycopg.Connection, account_id: str, action: str, rep: str | None = None
) -> None:
    """Claim, release, assign, share, protect or unprotect an account; refusals raise HubError."""
    if action not in OWNERSHIP_ACTIONS:
        raise HubError(f"unknown ownership action {action!r}")
    check_schema(conn)
    with conn.transaction():
        refusal = conn.execute(
            f"SELECT {SCHEMA}.set_owner(%s, %s, %s)", (account_id, action, rep)
        ).fetchone()[0]
    if refusal:
        raise HubError(f"account {account_id}: {action} refused: {refusal}")


def ownership_rows(
    conn: psycopg.Connection, hidden: Iterable[str] = ()
) -> dict[str, dict[str, Any]]:
    """Ownership of every account this connection may see, by account id; and of the `hidden`
    accounts (owned by another, not shared with this rep) just the owner."""
    rows = conn.execute(
        f"SELECT account_id, owner, shared, protected, last_activity FROM {SCHEMA}.ownership"
    ).fetchall()
    found: dict[str, dict[str, Any]] = {
        r[0]: {
            "owner": r[1] or "",
            "shared": list(r[2]),
            "protected": bool(r[3]),
            "last_activity": r[4].isoformat(),
        }
        for r in rows
    }
    wanted = sorted(set(hidden) - set(found))
    if wanted:
        owners = conn.execute(f"SELECT * FROM {SCHEMA}.owners_of(%s)", (wanted,)).fetchall()
        for account_id, owner in owners:
            found[account_id] = {"owner": owner, "shared": [], "protected": False, "hidden": True}
    return found
