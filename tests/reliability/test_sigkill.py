"""SIGKILL a process while it saves (journal appends), folds the journal in the background,
batch-imports, migrates or writes the search-keys cache: nothing acknowledged is lost, and the
cache is whole or absent."""

from __future__ import annotations

import os
import random
import signal
import time
from pathlib import Path

import orjson

from dragon_tui.models import Account, Contact
from dragon_tui.pinyin import text_keys
from dragon_tui.search_cache import cache_path, read_keys, settle
from dragon_tui.service.accounts import account_index
from dragon_tui.storage import delta_path
from dragon_tui.store import Store

KILLS_PER_MODE = {"save": 40, "fold": 40, "batch": 30, "migrate": 20, "search": 20}
FOLD_LIMIT = 6_000  # journal bytes before a background fold: a fold every few saves
PRELOAD = 200  # enough data that a write takes long enough to be interrupted


def _child(path: Path, mode: str, ack_fd: int) -> None:
    """Runs in the forked child: write forever, acknowledging each write once it returned."""
    store = Store(path, device_id="child")
    if mode == "fold":
        store._storage.journal_limit = FOLD_LIMIT
    i = 0
    while True:
        i += 1
        if mode == "batch":
            # big enough records that a batch write, and the compactions it triggers, take time
            records = [
                Contact(account_id="acc", name=f"c{i}-{k}", personal_notes="备注" * 800)
                for k in range(25)
            ]
            with store.batch():
                saved = [store.save(r) for r in records]
            os.write(ack_fd, ("\n".join(r.id for r in saved) + "\n").encode())
        elif mode == "search":
            # a new name each time: every index rewrites the search-keys cache (in a thread)
            saved = store.save(Account(name=f"新客户{i}号"))
            account_index(store, with_contacts=False)
            settle()  # written now, not a second later: the kill may land in the write
            os.write(ack_fd, (saved.id + "\n").encode())
        else:
            saved = store.save(Account(name=f"a{i}", notes="备注" * 50))
            os.write(ack_fd, (saved.id + "\n").encode())


def _run_and_kill(path: Path, mode: str, rng: random.Random) -> set[str]:
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child never returns
        os.close(read_fd)
        try:
            _child(path, mode, write_fd)
        finally:
            os._exit(0)
    os.close(write_fd)
    time.sleep(rng.uniform(0.005, 0.12))
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    acked = b""
    while chunk := os.read(read_fd, 65536):
        acked += chunk
    os.close(read_fd)
    lines = acked.decode().split("\n")
    return {line for line in lines[:-1] if line}  # the last piece may be a torn line


def _preload(path: Path, mode: str) -> set[str]:
    accounts = [Account(name=f"pre{i}", notes="旧数据" * 30) for i in range(PRELOAD)]
    if mode == "migrate":
        # a schema-0 file: no meta table
        docs = {a.id: a.model_dump(mode="json") for a in accounts}
        path.write_bytes(orjson.dumps({"accounts": docs}))
    else:
        with Store(path) as store:
            store.put(accounts)
    return {a.id for a in accounts}


def _kill_rounds(tmp_path: Path, mode: str) -> tuple[int, int]:
    """Run the kill rounds of one mode; returns how many kills landed mid-write, and how many
    found a main file written by a background fold whose journal still had entries after it."""
    rng = random.Random(f"kill-{mode}")
    known: dict[Path, set[str]] = {}
    torn = 0  # kills that landed mid-write (a temp file was left behind)
    after_fold = 0
    for round_ in range(KILLS_PER_MODE[mode]):
        path = tmp_path / f"{mode}-{round_ % 5}.json"
        if mode == "migrate" or path not in known:
            path.unlink(missing_ok=True)
            known[path] = _preload(path, mode)
        known[path] |= _run_and_kill(path, mode, rng)
        torn += bool(list(tmp_path.glob(f".{path.name}*.tmp")))
        journal = delta_path(path)
        after_fold += b'"from":' in path.read_bytes() and journal.exists()
        with Store(path) as store:  # always opens (and migrates when needed)
            assert store.problems() == []
            present = {r.id for r in store.all(Account)} | {r.id for r in store.all(Contact)}
        missing = known[path] - present
        assert not missing, f"{mode} round {round_}: {len(missing)} acknowledged records lost"
        if mode == "search":
            if cache_path(path).exists():  # whole: every entry the keys worked out now
                cached = read_keys(cache_path(path))
                assert cached and all(keys == text_keys(text) for text, keys in cached.items())
    return torn, after_fold


def test_sigkill_never_loses_acknowledged_writes(tmp_path: Path):
    results = {mode: _kill_rounds(tmp_path, mode) for mode in sorted(KILLS_PER_MODE)}
    # The test only means something if some kills interrupted a write, and if some found the
    # files between a background fold and the next compaction.
    assert sum(torn for torn, _ in results.values()) > 0
    assert results["fold"][1] > 0
