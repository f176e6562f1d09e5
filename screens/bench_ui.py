"""Benchmark probe for what a rep feels: key → painted screen, driven through the real app.

Run by `dragon-tui bench` in a fresh process (the core never imports the UI), on the synced
database (one that imported a bundle, as a rep's does), opened writable as the app opens it, on
a copy; prints JSON:

    python -m dragon_tui.screens.bench_ui DB_PATH [--runs N] [--profile FIGURE]

Each figure presses a real key (sent through the driver, as a terminal would) and stops the
clock at the first frame painted after the screen shows its data: the screen is on top, no
widget shows a loading indicator, none of its workers is still running, and the frame has been
rendered to terminal output (headless Textual skips that step; the probe does it, so its cost
counts). `ui_start_to_painted_list` starts the real `dragon-tui` command in a pseudo-terminal
and waits for the painted list on the terminal's output.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import pty
import select
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from textual import events
from textual.screen import Screen
from textual.widgets import DataTable
from textual.worker import WorkerState

from dragon_tui.models import Account, Opportunity, Proposal
from dragon_tui.service.records import Service
from dragon_tui.store import Store

from .app import DragonApp
from .base import needs_paint
from .home import HomeScreen

SIZE = (80, 24)
KEYSTROKES = "bjxd"  # typed one key at a time, then erased: pinyin initials, as a rep searches


def peak_mb() -> float:
    # VmHWM, not ru_maxrss: Linux carries the parent's peak across fork+exec into ru_maxrss.
    with open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith("VmHWM"))
    return int(line.split()[1]) / 1024


class ProbeApp(DragonApp):
    """The real app, counting the frames it paints and rendering them as a terminal would."""

    def __init__(self, store: Store) -> None:
        super().__init__(store)
        self.frames = 0
        self.last_frame = 0.0
        self.keys_handled = 0

    async def on_event(self, event: events.Event) -> None:
        await super().on_event(event)
        if isinstance(event, events.Key):
            self.keys_handled += 1

    def _display(self, screen: Screen, renderable) -> None:
        super()._display(screen, renderable)
        if renderable is not None and hasattr(renderable, "render_segments"):
            renderable.render_segments(self.console)  # the bytes a terminal would receive
        self.frames += 1
        self.last_frame = time.perf_counter()


def is_settled(app: ProbeApp, screen_type: type[Screen]) -> bool:
    """The screen is on top and shows its data: nothing loading, no worker of it running."""
    screen = app.screen
    if not isinstance(screen, screen_type):
        return False
    if any(widget.loading for widget in screen.query("*")):
        return False
    busy = (WorkerState.PENDING, WorkerState.RUNNING)
    for worker in app.workers:
        if worker.state in busy and worker.group != "index":
            node = worker.node
            if node is screen or (hasattr(node, "screen") and _on_screen(node, screen)):
                return False
    if isinstance(screen, HomeScreen) and not screen.shows_query():
        return False
    return is_idle(app, screen)


def is_idle(app: ProbeApp, screen: Screen) -> bool:
    """No message or after-refresh callback waiting anywhere on the screen (a footer rebuild
    queued by a key is part of that key's answer)."""
    if screen._callbacks:
        return False
    for node in (app, screen, *screen.walk_children()):
        if not node._message_queue.empty() or node._next_callbacks:
            return False
    return True


def _on_screen(node, screen: Screen) -> bool:
    try:
        return node.screen is screen
    except Exception:  # a node not mounted any more
        return False


async def press_and_paint(app: ProbeApp, key: str, screen_type: type[Screen]) -> float:
    """Seconds from sending `key` to the first frame painted once the screen has settled."""
    char = key if len(key) == 1 else None
    event = events.Key(key, char)
    event.set_sender(app)
    handled = app.keys_handled
    start = time.perf_counter()
    app._driver.send_message(event)
    await asyncio.sleep(0)
    while app.keys_handled == handled:  # settled before the key arrived is not its answer
        await asyncio.sleep(0.0005)
    while True:
        if is_settled(app, screen_type):
            if not needs_paint(app.screen):
                # everything is on the terminal: the answer is the last frame (or now, if the
                # key changed nothing that shows)
                return (
                    max(app.last_frame, start) - start
                    if app.last_frame > start
                    else (time.perf_counter() - start)
                )
            frames = app.frames
            while app.frames == frames:
                await asyncio.sleep(0.001)
            # the frame painted after the settled state is the one the rep sees
            if is_settled(app, screen_type):
                return app.last_frame - start
        await asyncio.sleep(0.002)


async def wait_settled(app: ProbeApp, screen_type: type[Screen]) -> None:
    while not is_settled(app, screen_type):
        await asyncio.sleep(0.005)
    frames = app.frames
    app.screen.refresh()
    while app.frames == frames:
        await asyncio.sleep(0.005)


async def wait_idle(app: ProbeApp) -> None:
    """Until the screen on top has settled (no Pilot timeout: 5,000 accounts may be slow)."""
    await asyncio.sleep(0.01)
    while not is_settled(app, Screen):
        await asyncio.sleep(0.01)


async def rest(app: ProbeApp) -> None:
    """The rep reads the list before the next account: the app's idle moment, in which it runs
    the collector's full pass (`DragonApp.collect_idle`), passes."""
    from .app import IDLE_SECONDS

    await asyncio.sleep(IDLE_SECONDS * 1.6)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def summary(seconds: list[float]) -> dict:
    ms = [s * 1000 for s in seconds] or [float("nan")]
    return {
        "p50": round(statistics.median(ms), 1),
        "p95": round(percentile(ms, 0.95), 1),
        "samples": len(ms),
    }


def pick_accounts(store, count: int, listed_ids: list[str]) -> list[tuple[str, str]]:
    """(account id, opportunity id) pairs among the accounts listed, spread over them, a deal
    with a proposal first. Only the deals and proposals of the accounts looked at become models
    (the app's peak memory is measured in this process: the probe must not read every one)."""
    step = max(1, len(listed_ids) // max(count, 1))
    pairs: list[tuple[str, str]] = []
    for account_id in listed_ids[::step]:
        deals = store.find(Opportunity, account_id=account_id)
        if not deals:
            continue
        proposed = [d for d in deals if store.find(Proposal, opportunity_id=d.id)]
        pairs.append((account_id, (proposed or deals)[0].id))
    pairs = pairs or [(a, "") for a in listed_ids[::step]]
    return (pairs * count)[:count]


async def measure(store: Store, runs: int, profile: str | None) -> dict:
    from .dossier import DossierScreen
    from .funnel import FunnelScreen
    from .orgchart import OrgChartScreen
    from .proposal import ProposalScreen

    times: dict[str, list[float]] = {
        name: []
        for name in (
            "ui_keystroke_search",
            "ui_open_dossier",
            "ui_open_orgchart",
            "ui_open_proposal",
            "ui_open_funnel",
            "ui_switch_language",
        )
    }
    profiler = None
    if profile:
        from pyinstrument import Profiler

        profiler = Profiler(async_mode="disabled", interval=0.0005)

    def timed(name: str) -> Callable:
        async def run(coro):
            if profiler and profile == name:
                profiler.start()
            try:
                seconds = await coro
            finally:
                if profiler and profile == name:
                    profiler.stop()
            times[name].append(seconds)

        return run

    app = ProbeApp(store)
    async with app.run_test(size=SIZE):
        await wait_settled(app, HomeScreen)
        home = app.screen
        # search as you type: each key, then each backspace
        await press_and_paint(app, "slash", HomeScreen)
        for _ in range(runs):
            for char in KEYSTROKES:
                await timed("ui_keystroke_search")(press_and_paint(app, char, HomeScreen))
            for _ in KEYSTROKES:
                await timed("ui_keystroke_search")(press_and_paint(app, "backspace", HomeScreen))
        await press_and_paint(app, "escape", HomeScreen)
        table = home.query_one(DataTable)
        listed_ids = [key.value for key in table.rows]
        account_id = opportunity_id = None
        for account_id, opportunity_id in pick_accounts(store, runs, listed_ids):
            table.move_cursor(row=table.get_row_index(account_id))
            await wait_settled(app, HomeScreen)
            await timed("ui_open_dossier")(press_and_paint(app, "enter", DossierScreen))
            dossier = app.screen
            if opportunity_id:
                opps = dossier.query_one("#opp-table", DataTable)
                opps.move_cursor(row=opps.get_row_index(opportunity_id))
            await timed("ui_switch_language")(press_and_paint(app, "ctrl+l", DossierScreen))
            await timed("ui_open_orgchart")(press_and_paint(app, "o", OrgChartScreen))
            await press_and_paint(app, "escape", DossierScreen)
            if opportunity_id:
                await timed("ui_open_proposal")(press_and_paint(app, "p", ProposalScreen))
                await press_and_paint(app, "escape", DossierScreen)
            await timed("ui_open_funnel")(press_and_paint(app, "ctrl+f", FunnelScreen))
            await press_and_paint(app, "escape", DossierScreen)
            await press_and_paint(app, "escape", HomeScreen)
            await rest(app)
        # every other screen once, for the peak memory of an app that has shown everything
        from .app import SCREENS

        for name in SCREENS:
            if name in ("home", "log_activity"):
                continue
            app.open_screen(name, account_id, opportunity_id or None)
            await wait_idle(app)
            while len(app.screen_stack) > 2:
                app.pop_screen()
                await wait_idle(app)
        memory = peak_mb()
    if profiler:
        sys.stderr.write(
            profiler.output_text(unicode=True, show_all=True, flat=os.environ.get("FLAT") == "1")
        )
    return {"figures": {name: summary(values) for name, values in times.items()}, "peak": memory}


# ---------------------------------------------------------------- start-up in a real terminal
def start_to_painted_list(db: Path, runs: int) -> list[float]:
    """Seconds from launching `dragon-tui --db DB` in an 80×24 pseudo-terminal to the account
    list painted on it (the status line counting the accounts shown)."""
    import fcntl
    import struct
    import termios

    with Service.open(db, readonly=True) as service:
        count = len(service.all(Account))
    shown = str(count).encode()  # the count line: "<matching> / <total>", all at start
    exe = shutil.which("dragon-tui", path=str(Path(sys.executable).parent)) or "dragon-tui"
    times = []
    for _ in range(runs):
        folder = Path(tempfile.mkdtemp(prefix="dragon-ui-start-"))
        copy = folder / "db.json"
        shutil.copyfile(db, copy)
        main, child = pty.openpty()
        fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", SIZE[1], SIZE[0], 0, 0))
        env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "", "LINES": ""}
        env.pop("COLUMNS")
        env.pop("LINES")
        start = time.perf_counter()
        process = subprocess.Popen(
            [exe, "--db", str(copy)],
            stdin=child,
            stdout=child,
            stderr=child,
            env=env,
            start_new_session=True,
            close_fds=True,
        )
        os.close(child)
        screen = b""
        try:
            while True:
                ready, _, _ = select.select([main], [], [], 30)
                if not ready:
                    raise RuntimeError(f"no painted list after 30 s: {screen[-400:]!r}")
                try:
                    chunk = os.read(main, 65536)
                except OSError:
                    raise RuntimeError(f"the app ended: {screen[-400:]!r}") from None
                screen += chunk
                if _shows_list(screen, shown):
                    times.append(time.perf_counter() - start)
                    break
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
            os.close(main)
            shutil.rmtree(folder, ignore_errors=True)
    return times


def _shows_list(output: bytes, shown: bytes) -> bool:
    """The status line under the list reads `<shown> / <total>` once the rows are in."""
    import re

    text = re.sub(rb"\x1b\[[0-9;?]*[A-Za-z]", b"", output)
    return bool(re.search(rb"\b" + shown + rb" *(/|of) *\d+", text))


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m dragon_tui.screens.bench_ui")
    parser.add_argument("db", type=Path)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--start-runs", type=int, default=3)
    parser.add_argument("--profile", help="print a pyinstrument profile of this figure (stderr)")
    parser.add_argument("--skip-start", action="store_true")
    args = parser.parse_args()
    # As a rep opens it: writable (which reads the sync table and keeps the lock), on a copy so
    # the database measured is left as it was.
    folder = Path(tempfile.mkdtemp(prefix="dragon-ui-probe-"))
    try:
        copy = folder / "db.json"
        shutil.copyfile(args.db, copy)
        store = Store(copy, backups=0)
        try:
            result = asyncio.run(measure(store, args.runs, args.profile))
        finally:
            store.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if not args.skip_start:
        result["figures"]["ui_start_to_painted_list"] = summary(
            start_to_painted_list(args.db, args.start_runs)
        )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
