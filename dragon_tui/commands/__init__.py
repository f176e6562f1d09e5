"""CLI subcommands, one module per area; each defines `register(subparsers)`."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_db_option(parser: argparse.ArgumentParser) -> None:
    """The `--db PATH` option every command takes (default: $DRAGON_TUI_DB or the data folder)."""
    parser.add_argument(
        "--db",
        type=Path,
        default=argparse.SUPPRESS,
        help="database file (default: $DRAGON_TUI_DB or the user data folder)",
    )
