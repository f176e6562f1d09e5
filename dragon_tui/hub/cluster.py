"""A throwaway PostgreSQL cluster in a temporary folder: for the tests and the benchmark.

`initdb` refuses to run as root, so as root the server programs run as the unprivileged user
`nobody` (through `runuser`); the cluster listens only on a Unix socket inside its folder (no
TCP) and trusts local connections. Debian keeps the server programs out of PATH, in
/usr/lib/postgresql/<version>/bin; $DRAGON_TUI_PG_BIN names another folder.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from dragon_tui.errors import HubError

PG_BIN_ENV = "DRAGON_TUI_PG_BIN"
SUPERUSER = "dragon_admin"
UNPRIVILEGED = "nobody"


def server_bin() -> Path:
    """The folder holding initdb and pg_ctl; HubError when there is none."""
    candidates = [os.environ[PG_BIN_ENV]] if os.environ.get(PG_BIN_ENV) else []
    candidates += sorted(
        (str(Path(p).parent) for p in glob.glob("/usr/lib/postgresql/*/bin/initdb")),
        key=lambda p: int(Path(p).parent.name) if Path(p).parent.name.isdigit() else 0,
        reverse=True,
    )
    if shutil.which("initdb"):
        candidates.append(str(Path(shutil.which("initdb") or "").parent))
    for folder in candidates:
        if (Path(folder) / "initdb").is_file() and (Path(folder) / "pg_ctl").is_file():
            return Path(folder)
    raise HubError(
        "PostgreSQL server programs (initdb, pg_ctl) not found: install the Debian package "
        f"`postgresql` or set ${PG_BIN_ENV}"
    )


class TempCluster:
    """Start with `start()`, connect with `url(user)`, stop with `stop()` (also a context manager)."""

    def __init__(self) -> None:
        self.bin = server_bin()
        self.folder = Path(tempfile.mkdtemp(prefix="dragon-pg-"))
        self.data = self.folder / "data"
        self.socket = self.folder / "sock"
        self.log = self.folder / "server.log"
        self._as_user: list[str] = []
        if os.geteuid() == 0:
            self._as_user = ["runuser", "-u", UNPRIVILEGED, "--"]
            os.chmod(self.folder, 0o755)
            shutil.chown(self.folder, UNPRIVILEGED)
        self.socket.mkdir(mode=0o700)
        if self._as_user:
            shutil.chown(self.socket, UNPRIVILEGED)
            self.log.touch()
            shutil.chown(self.log, UNPRIVILEGED)
        self.running = False

    def _run(self, *args: str) -> None:
        done = subprocess.run(
            [*self._as_user, *args], capture_output=True, text=True, cwd=self.folder
        )
        if done.returncode != 0:
            log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise HubError(
                f"{Path(args[0]).name} failed ({done.returncode}): {done.stderr.strip()[-2000:]} {log}"
            )

    def start(self) -> TempCluster:
        self._run(
            str(self.bin / "initdb"),
            "-D",
            str(self.data),
            "-U",
            SUPERUSER,
            "--auth=trust",
            "--encoding=UTF8",
            "--no-locale",
            "--no-sync",
        )
        options = f"-k {self.socket} -c listen_addresses='' -c fsync=off -c max_connections=60"
        self._run(
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.log),
            "-o",
            options,
            "-w",
            "start",
        )
        self.running = True
        return self

    def url(self, user: str = SUPERUSER, dbname: str = "postgres") -> str:
        return f"host={self.socket} dbname={dbname} user={user}"

    def stop(self) -> None:
        if self.running:
            self._run(
                str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop"
            )
            self.running = False
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> TempCluster:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
