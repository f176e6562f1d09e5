"""A real PostgreSQL for the hub tests: one throwaway cluster per test session (per xdist
worker), started as an unprivileged user in a temp folder, Unix socket only; a fresh database
with the hub schema for each test. No PostgreSQL on the machine is a failure, never a skip."""

from __future__ import annotations

import itertools

import pytest

from dragon_tui.hub.client import add_member, connect, init_hub

_names = itertools.count()


@pytest.fixture(scope="session")
def cluster():
    from dragon_tui.hub.cluster import TempCluster

    try:
        started = TempCluster().start()
    except Exception as exc:  # noqa: BLE001 - any failure here must fail the suite loudly
        pytest.fail(f"the hub tests need PostgreSQL 15 server programs: {exc}", pytrace=False)
    yield started
    started.stop()


class Hub:
    """One hub database; `url(role)` connects as a rep, a manager or the superuser."""

    def __init__(self, cluster, dbname: str) -> None:
        self.cluster, self.dbname = cluster, dbname

    def url(self, role: str | None = None) -> str:
        return self.cluster.url(role, self.dbname) if role else self.cluster.url(dbname=self.dbname)

    def connect(self, role: str | None = None):
        return connect(self.url(role))

    def add(self, role: str, *, manager: bool = False) -> None:
        with self.connect() as conn:
            add_member(conn, role, manager=manager)


@pytest.fixture
def hub(cluster):
    name = f"hub_{next(_names)}"
    with connect(cluster.url()) as admin:
        admin.autocommit = True
        admin.execute(f"CREATE DATABASE {name}")
    created = Hub(cluster, name)
    with created.connect() as conn:
        init_hub(conn)
    for rep in ("rep_a", "rep_b", "rep_c"):
        created.add(rep)
    created.add("boss", manager=True)
    yield created
    with connect(cluster.url()) as admin:
        admin.autocommit = True
        admin.execute(f"DROP DATABASE {name} WITH (FORCE)")
