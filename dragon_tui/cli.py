"""The `dragon-tui` command: no subcommand opens the app; subcommands live in commands/.

Each module in `dragon_tui/commands/` defines `register(subparsers)`, adding its subcommands
with `set_defaults(run=function)`; `run(args)` returns the exit code. Every DragonError becomes
one line on stderr and exit 1: a traceback in front of a user is a bug.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys

from dragon_tui import __version__, commands
from dragon_tui.commands import add_db_option
from dragon_tui.commands.examples import add_examples
from dragon_tui.errors import DragonError

PROG = "dragon-tui"
EXAMPLES = """examples:
  dragon-tui                                      open the app (demo data the first time)
  dragon-tui import-csv accounts 客户.csv         bring in the office's spreadsheet
  dragon-tui list accounts --filter bjxd --json   find ids for scripts
  dragon-tui agenda --format ics -o 日程.ics      follow-ups for the phone's calendar
  dragon-tui export -o 给小李.dragon --since-last 小李

Every command has its own --help, with examples.
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="摧龙六式 dragon-tui: offline key-account selling. "
        "With no command, opens the app (on demo data the first time).",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    add_db_option(parser)
    subparsers = parser.add_subparsers(
        title="commands", metavar="COMMAND", help="what to do (none: open the app)"
    )
    for module_info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{commands.__name__}.{module_info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(subparsers)
    add_examples(subparsers)
    return parser


def open_app(args: argparse.Namespace) -> int:
    """Open the Textual app; with no database yet, create one from the demo data first."""
    from dragon_tui.commands.core import open_store_for_app

    store, first_run = open_store_for_app(getattr(args, "db", None))
    try:
        # `screens/` is installed as `dragon_tui.screens` (pyproject.toml: package-dir), never as
        # a top-level `screens` another distribution could overwrite; the editable install of a
        # checkout maps the same name onto the folder.
        from dragon_tui.screens.app import run_app

        run_app(store, first_run=first_run)
    finally:
        store.close()
    return 0


def _backup_hint(err: DragonError, args: argparse.Namespace) -> str:
    """For a damaged database file, say how to get the latest backup back (on the same line).

    Only when the file's content is bad: a lock, a permission problem or a full disk is not
    cured by a restore, and a restore would throw away good data."""
    from dragon_tui.errors import DamagedDatabase

    if (
        not isinstance(err, DamagedDatabase)
        or getattr(getattr(args, "run", None), "__name__", "") == "run_restore"
    ):
        return ""
    from dragon_tui.backups import latest_backup
    from dragon_tui.commands.core import db_path

    path = db_path(args)
    backup = latest_backup(path) if path.is_file() else None
    if backup is None:
        return ""
    return f" — a backup exists ({backup.name}): run `dragon-tui restore-backup --db {path}`"


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    run = getattr(args, "run", open_app)
    try:
        return int(run(args) or 0)
    except DragonError as err:
        print(f"{PROG}: error: {err}{_backup_hint(err, args)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
