"""`dragon-tui bench`: performance figures against their targets (see docs/BENCHMARKS.md)."""

from __future__ import annotations

import argparse
import json
import sys

from dragon_tui.errors import DragonError


def run_bench_command(args: argparse.Namespace) -> int:
    from dragon_tui.bench import as_json, as_table, run_bench

    if not 1 <= args.accounts <= 20_000:
        raise DragonError(f"--accounts must be between 1 and 20000, not {args.accounts}")
    figures = run_bench(
        args.accounts, args.runs, progress=lambda m: print(m, file=sys.stderr, flush=True)
    )
    print(json.dumps(as_json(figures), indent=2) if args.json else as_table(figures))
    missed = [f.name for f in figures if not f.ok]
    if missed:
        print(f"bench: targets missed: {', '.join(missed)}", file=sys.stderr)
        return 1
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    bench = subparsers.add_parser("bench", help="measure performance against the targets")
    bench.add_argument(
        "--accounts", type=int, default=500, help="demo scale: 500 ≈ 27.5k records, 5000 ≈ 275k"
    )
    bench.add_argument(
        "--runs", type=int, default=5, help="runs per figure (p50 and p95 are shown)"
    )
    bench.add_argument("--json", action="store_true", help="print JSON")
    bench.set_defaults(run=run_bench_command)
