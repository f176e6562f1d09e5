"""`dragon-tui bench`: measure the figures that make the app feel instant, against their targets.

Each figure is the median of several runs on a demo database built in a temporary folder.
Timings are wall-clock on this machine; they are printed, never asserted by the test suite.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

from tinydb import TinyDB

from dragon_tui.method.funnel import funnel_figures
from dragon_tui.method.periods import parse_period
from dragon_tui.method.stages import win_rates
from dragon_tui.models import Account, Opportunity, Proposal
from dragon_tui.service.accounts import account_index
from dragon_tui.service.deals import render_proposal
from dragon_tui.service.demo import fill_with_demo
from dragon_tui.service.exchange import apply_plan, export_bundle, plan_import
from dragon_tui.service.records import Service
from dragon_tui.sync.files import read_bundle, write_bundle

# (name, unit, target at 500 accounts, target at 5,000 accounts)
TARGETS = {
    "startup_to_account_list": ("s", 1.0, 3.0),
    "open_database": ("ms", 100, 1000),
    "save_one_record": ("ms", 15, 150),
    "search_keystroke": ("ms", 16, 100),
    "funnel_quarter": ("ms", 50, 500),
    "export_bundle_all": ("s", 0.5, 5.0),
    "import_merge_bundle": ("s", 2.0, 20.0),
    "proposal_to_text": ("ms", 50, 50),
    "peak_memory_app": ("MB", 200, 1024),
}
KEYSTROKES = [
    "b",
    "bj",
    "bjx",
    "bjxd",
    "s",
    "sh",
    "sha",
    "shan",
    "w",
    "wa",
    "wan",
    "wang",
    "现",
    "现代",
]


@dataclass
class Figure:
    name: str
    accounts: int
    value: float
    unit: str
    target: float
    ratio_vs_tinydb: float | None = None

    @property
    def ok(self) -> bool:
        return self.value <= self.target


def _median(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _target(name: str, accounts: int) -> tuple[str, float]:
    unit, small, large = TARGETS[name]
    return unit, small if accounts <= 500 else large


def _figure(name: str, accounts: int, seconds: float, **extra) -> Figure:
    unit, target = _target(name, accounts)
    scale = {"s": 1, "ms": 1000}[unit]
    return Figure(name, accounts, round(seconds * scale, 3), unit, target, **extra)


STARTUP_PROBE = "screens.bench_startup"  # the UI side of the measurement lives with the UI


def _startup(db: Path, runs: int) -> tuple[float, float]:
    """Seconds from process start to a populated account list, and peak memory (MB)."""
    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "PYTHONPATH": str(root) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    times, memory = [], []
    for _ in range(runs):
        started = time.time()
        out = subprocess.run(
            [sys.executable, "-m", STARTUP_PROBE, str(db), str(started)],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            check=True,
        )
        seconds, mb = out.stdout.strip().splitlines()[-1].split()
        times.append(float(seconds))
        memory.append(float(mb))
    return statistics.median(times), max(memory)


def _stock_tinydb_save(db: Path, account_id: str, runs: int) -> float:
    """The same one-record save through stock TinyDB (its JSONStorage, integer ids), for the ratio."""
    import json

    data = json.loads(db.read_text(encoding="utf-8"))
    stock_data, wanted = {}, None
    for table, docs in data.items():
        stock_data[table] = {}
        for number, (record_id, doc) in enumerate(docs.items(), start=1):
            stock_data[table][str(number)] = doc
            if table == "accounts" and record_id == account_id:
                wanted = number
    copy = db.with_name("stock.json")
    copy.write_text(json.dumps(stock_data), encoding="utf-8")
    stock = TinyDB(copy)
    table = stock.table("accounts")
    counter = iter(range(10_000))
    seconds = _median(
        lambda: table.update({"notes": f"edit {next(counter)}"}, doc_ids=[wanted]), runs
    )
    stock.close()
    return seconds


def run_bench(
    accounts: int = 500, runs: int = 5, progress: Callable[[str], None] = lambda _: None
) -> list[Figure]:
    folder = Path(tempfile.mkdtemp(prefix="dragon-bench-"))
    try:
        db = folder / "bench.json"
        progress(f"building a demo database of {accounts} accounts…")
        with Service.open(db, device_id="bench", backups=0) as store:
            fill_with_demo(store, accounts, seed=1)
        figures: list[Figure] = []
        progress("start-up to account list…")
        startup, memory = _startup(db, max(3, runs // 2))
        figures.append(_figure("startup_to_account_list", accounts, startup))
        progress("open database…")
        figures.append(
            _figure(
                "open_database",
                accounts,
                _median(
                    lambda: account_index(Service.open(db, readonly=True), with_contacts=False),
                    runs,
                ),
            )
        )
        store = Service.open(db, device_id="bench", backups=0)
        try:
            account = store.all(Account)[0]
            counter = iter(range(10_000))
            progress("save one record…")
            save = _median(
                lambda: store.save(account.with_changes(notes=f"edit {next(counter)}")), runs * 2
            )
            stock = _stock_tinydb_save(db, account.id, runs)
            figures.append(
                _figure("save_one_record", accounts, save, ratio_vs_tinydb=round(stock / save, 2))
            )
            progress("search as you type…")
            index = account_index(store)
            per_key = []
            for _ in range(runs):
                for query in KEYSTROKES:
                    start = time.perf_counter()
                    index.search(query)
                    per_key.append(time.perf_counter() - start)
            figures.append(_figure("search_keystroke", accounts, statistics.median(per_key)))
            progress("funnel figures…")
            settings = store.settings()
            period = parse_period("2026Q4")
            figures.append(
                _figure(
                    "funnel_quarter",
                    accounts,
                    _median(
                        lambda: funnel_figures(store.all(Opportunity), period, win_rates(settings)),
                        runs,
                    ),
                )
            )
            progress("export bundle…")
            bundle_path = folder / "all.bundle"
            figures.append(
                _figure(
                    "export_bundle_all",
                    accounts,
                    _median(lambda: write_bundle(bundle_path, export_bundle(store)), runs),
                )
            )
            opportunity_id = store.all(Proposal)[0].opportunity_id
            figures.append(
                _figure(
                    "proposal_to_text",
                    accounts,
                    _median(
                        lambda: render_proposal(
                            store, opportunity_id, "text", "zh", date(2026, 11, 25)
                        ),
                        runs,
                    ),
                )
            )
        finally:
            store.close()
        progress("import-merge bundle into a copy…")

        def merge_into_copy() -> None:
            copy = folder / "copy.json"
            shutil.copyfile(db, copy)
            with Service.open(copy, device_id="peer", backups=0) as peer:
                apply_plan(peer, plan_import(peer, read_bundle(bundle_path), bundle_path))

        figures.append(
            _figure("import_merge_bundle", accounts, _median(merge_into_copy, max(3, runs // 2)))
        )
        unit, target = _target("peak_memory_app", accounts)
        figures.append(Figure("peak_memory_app", accounts, round(memory, 1), unit, target))
        return figures
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def as_json(figures: list[Figure]) -> list[dict]:
    out = []
    for f in figures:
        row = asdict(f)
        if row["ratio_vs_tinydb"] is None:
            row.pop("ratio_vs_tinydb")
        out.append(row)
    return out


def as_table(figures: list[Figure]) -> str:
    lines = [f"{'figure':<26} {'value':>10} {'target':>10}  unit  ok"]
    for f in figures:
        extra = f"  ({f.ratio_vs_tinydb}× faster than stock TinyDB)" if f.ratio_vs_tinydb else ""
        lines.append(
            f"{f.name:<26} {f.value:>10} {f.target:>10}  {f.unit:<4}  {'✓' if f.ok else '✗'}{extra}"
        )
    return "\n".join(lines)
