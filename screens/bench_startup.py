"""Benchmark probe: start the app headless on a database, report seconds to a populated account
list and the process's peak memory, then exit. Run by `dragon-tui bench` in a fresh process:

    python -m dragon_tui.screens.bench_startup DB_PATH START_EPOCH_SECONDS
"""

from __future__ import annotations

import sys
import time

from textual.widgets import DataTable

from dragon_tui.service.records import Service

from .app import DragonApp


def peak_mb() -> float:
    # VmHWM, not ru_maxrss: Linux carries the parent's peak across fork+exec into ru_maxrss.
    with open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith("VmHWM"))
    return int(line.split()[1]) / 1024


class ProbeApp(DragonApp):
    def __init__(self, store: Service, started: float) -> None:
        super().__init__(store)
        self.started = started

    def on_mount(self) -> None:
        self.set_interval(0.005, self._check)

    def _check(self) -> None:
        tables = self.screen.query(DataTable)
        if tables and tables.first().row_count:
            print(time.time() - self.started, peak_mb(), flush=True)
            self.exit()


def main() -> None:
    store = Service.open(sys.argv[1], readonly=True)
    ProbeApp(store, float(sys.argv[2])).run(headless=True)


if __name__ == "__main__":
    main()
