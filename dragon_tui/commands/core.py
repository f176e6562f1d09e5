"""Core subcommands: `demo`, `stats`, `doctor`, and opening the database for the app."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from dragon_tui.errors import DatabaseError, DragonError
from dragon_tui.locations import default_db_path
from dragon_tui.models import Account
from dragon_tui.service.demo import fill_with_demo
from dragon_tui.service.records import Service

FIRST_RUN_ACCOUNTS = 40


def db_path(args: argparse.Namespace) -> Path:
    return Path(getattr(args, "db", None) or default_db_path())


def open_store(args: argparse.Namespace, *, readonly: bool = False) -> Service:
    """The database named by `--db` (or the default), behind the service layer."""
    return Service.open(db_path(args), readonly=readonly)


def emit(text: str, output: str | Path | None) -> None:
    """Write `text` to `output` atomically (0600), or to standard output when there is none
    or it is `-`."""
    emit_bytes(text.encode("utf-8"), output)


def emit_bytes(data: bytes, output: str | Path | None) -> None:
    """Write `data` to `output` atomically (0600); no output or `-` is standard output."""
    import sys

    from dragon_tui.storage import write_output

    if output and str(output) != "-":
        write_output(Path(output), data)
        print(f"wrote {output}", file=sys.stderr)
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()


def history(path: Path) -> list[Path]:
    """What shows a database has lived at `path`: its backups, set-aside and journal files."""
    from dragon_tui.locations import backups_dir

    found = sorted(path.parent.glob(f"{path.name}.*")) if path.parent.is_dir() else []
    # the lock and the search-keys cache hold no records: no trace of data to restore
    found = [f for f in found if not f.name.endswith((".lock", ".search"))]
    folder = backups_dir(path)
    if folder.is_dir():
        found += sorted(folder.glob(f"{path.stem}.*{path.suffix}"))
    return found


def open_store_for_app(path: Path | None) -> tuple[Service, bool]:
    """Open the database the app will show; on a true first run (no database, no backups, no
    set-aside files) create it with demo data. A missing database that had a history is an
    error pointing at `restore-backup`, never silently replaced by demo data."""
    path = Path(path or default_db_path())
    first_run = not path.exists()
    if first_run and not path.is_symlink():
        traces = history(path)
        if traces:
            raise DatabaseError(
                f"{path}: the database file is missing, but {traces[-1]} shows it had data; "
                f"run `dragon-tui restore-backup --db {path}` (or move those files away to "
                "start afresh)"
            )
    store = Service.open(path)
    if first_run and not store.readonly:
        try:
            fill_with_demo(store, FIRST_RUN_ACCOUNTS, seed=7)
        except BaseException:
            store.close()
            raise
    return store, first_run


def run_demo(args: argparse.Namespace) -> int:
    if args.accounts < 1 or args.accounts > 100_000:
        raise DragonError(f"--accounts must be between 1 and 100000, not {args.accounts}")
    path = db_path(args)
    with Service.open(path) as store:
        if store.readonly:
            raise DatabaseError(f"{path}: {store.readonly_reason}")
        if store.all(Account, include_deleted=True) and not args.force:
            raise DatabaseError(
                f"{path}: already holds accounts; use --force to add the demo data anyway"
            )
        count = fill_with_demo(store, args.accounts, args.seed)
    print(f"wrote {count} demo records ({args.accounts} accounts, seed {args.seed}) to {path}")
    return 0


def run_stats(args: argparse.Namespace) -> int:
    with open_store(args, readonly=True) as store:
        counts = store.counts()
    if args.json:
        print(json.dumps(counts, ensure_ascii=False, indent=2))
        return 0
    width = max(len(name) for name in counts)
    print(f"{'table':<{width}}  {'records':>8}  {'deleted':>8}")
    for name, row in counts.items():
        print(f"{name:<{width}}  {row['live']:>8}  {row['deleted']:>8}")
    return 0


def run_doctor(args: argparse.Namespace) -> int:
    path = db_path(args)
    if not path.exists():
        raise DatabaseError(f"{path}: no database file here")
    with Service.open(path, readonly=True) as store:
        problems = store.problems()
        total = sum(row["live"] + row["deleted"] for row in store.counts().values())
    if getattr(args, "json", False):
        report = {
            "database": str(path),
            "ok": not problems,
            "records": total,
            "schema": store.schema_version,
            "problems": problems,
        }
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return 1 if problems else 0
    for problem in problems:
        print(problem)
    if problems:
        print(f"{path}: {len(problems)} problem(s) in {total} records")
        return 1
    print(f"{path}: ok, {total} records valid (schema {store.schema_version})")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    from dragon_tui.commands import add_db_option

    demo = subparsers.add_parser("demo", help="write a realistic bilingual demo dataset")
    demo.add_argument("--accounts", type=int, default=500, help="number of accounts (500)")
    demo.add_argument("--seed", type=int, default=7, help="random seed; same seed, same data")
    demo.add_argument("--force", action="store_true", help="add to a database that has data")
    add_db_option(demo)
    demo.set_defaults(run=run_demo)

    stats = subparsers.add_parser("stats", help="record counts per table (tombstones apart)")
    stats.add_argument("--json", action="store_true", help="print JSON")
    add_db_option(stats)
    stats.set_defaults(run=run_stats)

    doctor = subparsers.add_parser("doctor", help="validate every record; non-zero if any is bad")
    doctor.add_argument("--json", action="store_true", help="print the report as JSON")
    add_db_option(doctor)
    doctor.set_defaults(run=run_doctor)
