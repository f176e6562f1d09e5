"""Examples shown at the end of `dragon-tui COMMAND --help`, for commands that do not define
their own (a command module may set `epilog=` itself; that one wins)."""

from __future__ import annotations

import argparse

EXAMPLES: dict[str, str] = {
    "restore-backup": "dragon-tui restore-backup\ndragon-tui restore-backup --db ~/other.json\n"
    "ssh office cat dragon.json | dragon-tui restore-backup --backup -",
    "bench": "dragon-tui bench --accounts 500\ndragon-tui bench --accounts 5000 --json",
    "checklist": "dragon-tui checklist 北京现代\n"
    "dragon-tui checklist 北京现代 --opportunity 3f2a… --format md -o 拜访准备.md",
    "demo": "dragon-tui demo --accounts 50 --seed 7 --db /tmp/demo.json",
    "stats": "dragon-tui stats\ndragon-tui stats --json",
    "doctor": "dragon-tui doctor\ndragon-tui doctor --json",
    "funnel": "dragon-tui funnel --period 2026Q4 --target 5000000\n"
    "dragon-tui funnel --period 2026-11 --json",
    "orgchart": "dragon-tui orgchart 北京现代\ndragon-tui orgchart bjxd --format md --lang en",
    "export": "dragon-tui export -o 给小李.dragon --since-last 小李\n"
    "dragon-tui export -o 北京现代.dragon --account 3f2a… --redact --encrypt\n"
    "dragon-tui export -o - --since-last 小李 | ssh li@laptop dragon-tui import -",
    "import": "dragon-tui import 来自小李.dragon --dry-run\ndragon-tui import 来自小李.dragon -v\n"
    "cat 来自小李.dragon | dragon-tui import - --dry-run",
}


def epilog(*lines: str) -> str:
    """The examples block of a `--help` (shown as written: give the parser
    `formatter_class=argparse.RawDescriptionHelpFormatter`)."""
    return "examples:\n" + "\n".join(f"  {line}" for line in lines)


def add_examples(subparsers: argparse._SubParsersAction) -> None:
    """Give every command without examples of its own the ones above."""
    for name, parser in subparsers.choices.items():
        if parser.epilog or name not in EXAMPLES:
            continue
        parser.epilog = epilog(*EXAMPLES[name].splitlines())
        parser.formatter_class = argparse.RawDescriptionHelpFormatter
