"""Without a hub nothing changes: no PostgreSQL driver is needed to install, run or use the app."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
import sys
sys.modules["psycopg"] = None  # as if the optional driver were not installed
from dragon_tui.cli import main
import screens.app, screens.ownership, screens.sync_review  # the UI loads without it
db = sys.argv[1]
assert main(["demo", "--accounts", "3", "--db", db]) == 0
assert main(["funnel", "--period", "2026", "--db", db]) == 0
code = main(["sync", "--server", "host=/nowhere dbname=hub", "--db", db])
print("sync exit", code)
"""


def test_the_app_and_its_commands_work_without_the_postgresql_driver(tmp_path):
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path / "alone.json")],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "sync exit 1" in done.stdout
    err = done.stderr.strip().splitlines()
    assert len(err) == 1 and "pip install 'dragon-tui[hub]'" in err[0]
