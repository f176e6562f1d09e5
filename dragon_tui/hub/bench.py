"""`dragon-tui bench --hub`: the hub's figures on a throwaway PostgreSQL started for the run.

The team: `reps` simulated reps, each owning `accounts` demo accounts (one demo data set per rep,
seeded by its number), loaded straight into the hub. Then, as one rep with their own role:
the first full sync of an empty laptop, an incremental sync of 20 changed records, and, as the
manager, the team funnel over the whole team.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import orjson

from dragon_tui.bench import Figure
from dragon_tui.hub.client import add_member, connect, init_hub
from dragon_tui.hub.cluster import TempCluster
from dragon_tui.hub.schema import SCHEMA
from dragon_tui.models import BY_OPPORTUNITY, Account, Contact
from dragon_tui.store import Store

TEAM_WIDE = {"products", "spin_questions", "objections"}  # shared by the team, loaded once
TARGETS = {"hub first full sync": 10.0, "hub incremental sync (20)": 1.0, "hub team funnel": 2.0}


def _load_team(conn, reps: int, accounts: int, progress: Callable[[str], None]) -> None:
    from dragon_tui.demo import demo_records_flat
    from dragon_tui.models import Settings

    late = set(BY_OPPORTUNITY)
    personal = Contact.personal_fields
    for n in range(reps):
        role = f"rep_{n:02d}"
        add_member(conn, role)
        records = [
            r
            for r in demo_records_flat(accounts=accounts, seed=1000 + n)
            if not isinstance(r, Settings) and (n == 0 or r.table not in TEAM_WIDE)
        ]
        with conn.transaction():
            for wave in (False, True):
                with (
                    conn.cursor() as cur,
                    cur.copy(f"COPY {SCHEMA}.records (tbl, id, doc) FROM STDIN") as copy,
                ):
                    for r in records:
                        if (r.table in late) == wave:
                            doc = r.model_dump(mode="json")
                            if r.table == Contact.table:
                                doc = {k: v for k, v in doc.items() if k not in personal}
                            copy.write_row((r.table, r.id, orjson.dumps(doc).decode()))
            with (
                conn.cursor() as cur,
                cur.copy(f"COPY {SCHEMA}.ownership (account_id, owner) FROM STDIN") as copy,
            ):
                for r in records:
                    if isinstance(r, Account):
                        copy.write_row((r.id, role))
        progress(f"hub bench: loaded rep {n + 1}/{reps} ({len(records)} records)")
    for table in ("records", "ownership", "opps", "people", "account_people"):
        conn.execute(f"VACUUM ANALYZE {SCHEMA}.{table}")  # as autovacuum would after such a load


def run_hub_bench(
    reps: int = 50,
    accounts: int = 500,
    runs: int = 3,
    progress: Callable[[str], None] = lambda message: None,
) -> list[Figure]:
    from dragon_tui.hub.funnel import team_funnel
    from dragon_tui.method.periods import quarter_of
    from dragon_tui.service.hub_sync import sync_with_hub

    figures: list[Figure] = []
    with TempCluster() as cluster:
        with connect(cluster.url()) as admin:
            init_hub(admin)
            add_member(admin, "manager", manager=True)
            _load_team(admin, reps, accounts, progress)
        rep = "rep_00"
        first: list[float] = []
        for run in range(runs):
            laptop = Path(cluster.folder) / f"laptop-{run}.json"
            with Store(laptop, device_id=f"bench{run}") as store, connect(cluster.url(rep)) as conn:
                start = time.perf_counter()
                result = sync_with_hub(store, conn)
                first.append(time.perf_counter() - start)
        progress(f"hub bench: first full sync pulled {result.pulled} records")
        figures.append(_fig("hub first full sync", accounts, statistics.median(first)))
        incremental: list[float] = []
        with (
            Store(laptop, device_id=f"bench{runs - 1}") as store,
            connect(cluster.url(rep)) as conn,
        ):
            for _ in range(runs):
                changed = [
                    a.with_changes(notes=f"visit {time.time_ns()}") for a in store.all(Account)[:20]
                ]
                store.save_many(changed)
                start = time.perf_counter()
                result = sync_with_hub(store, conn)
                incremental.append(time.perf_counter() - start)
                assert result.pushed == 20, result.summary()
        figures.append(_fig("hub incremental sync (20)", accounts, statistics.median(incremental)))
        # `team funnel` runs in a process of its own: drop the syncs' tens of thousands of
        # records first, or the collector walks them while the funnel allocates its deals.
        del result
        gc.collect()
        funnel: list[float] = []
        with connect(cluster.url("manager")) as conn:
            for _ in range(runs):
                start = time.perf_counter()
                report = team_funnel(conn, quarter_of(date.today()))
                funnel.append(time.perf_counter() - start)
        progress(f"hub bench: team funnel over {len(report['reps'])} reps")
        figures.append(_fig("hub team funnel", accounts, statistics.median(funnel)))
    return figures


def _fig(name: str, accounts: int, seconds: float) -> Figure:
    return Figure(name, accounts, round(seconds, 3), "s", TARGETS[name])
