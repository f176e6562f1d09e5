"""Filling a database with the deterministic demo dataset."""

from __future__ import annotations

from dragon_tui.service.records import Service, store_of
from dragon_tui.store import Store


def fill_with_demo(source: Service | Store, accounts: int, seed: int) -> int:
    """Write the demo dataset in one atomic write; returns the record count."""
    from dragon_tui.demo import build_demo

    records = [r for group in build_demo(accounts=accounts, seed=seed).values() for r in group]
    store_of(source).put(records)
    return len(records)
