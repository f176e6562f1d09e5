"""Shared fixtures: every test gets its own database path; nothing touches real user data."""

from __future__ import annotations

from pathlib import Path

import pytest

from dragon_tui.store import Store


@pytest.fixture(autouse=True)
def _isolated_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    db = tmp_path / "data" / "dragon.json"
    monkeypatch.setenv("DRAGON_TUI_DB", str(db))
    monkeypatch.setenv("DRAGON_TUI_DEVICE", "test-device")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    return db


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "db.json"


@pytest.fixture
def store(db_path: Path):
    with Store(db_path) as opened:
        yield opened


@pytest.fixture(scope="session")
def demo_records():
    from dragon_tui.demo import demo_records_flat

    return demo_records_flat(accounts=12, seed=3)


@pytest.fixture
def demo_store(db_path: Path, demo_records):
    with Store(db_path) as opened:
        opened.put(demo_records)
        yield opened


def lock_free(store: Store) -> bool:
    """Whether another thread could take the store's lock now (no waiting: it is tried once)."""
    import threading

    free: list[bool] = []

    def attempt() -> None:
        got = store.lock.acquire(blocking=False)
        free.append(got)
        if got:
            store.lock.release()

    helper = threading.Thread(target=attempt)
    helper.start()
    helper.join()
    return free[0]
