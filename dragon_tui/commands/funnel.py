"""`dragon-tui funnel`: the stage table and forecast, progress and loss rate for a period."""

from __future__ import annotations

import argparse
import json
from datetime import date
from decimal import Decimal, InvalidOperation

from dragon_tui.commands.core import open_store
from dragon_tui.errors import DragonError
from dragon_tui.labels import label
from dragon_tui.method.funnel import funnel_figures
from dragon_tui.method.periods import parse_period, quarter_of
from dragon_tui.method.stages import paid_stage, stage_enum, win_rates
from dragon_tui.models import Opportunity

TARGET_MAX = Decimal(10**13)  # as for every amount stored (`Money`)


def _target(text: str | None) -> Decimal | None:
    if text is None:
        return None
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:
        raise DragonError(f"--target {text!r} is not an amount") from None
    if not value.is_finite():
        raise DragonError(f"--target {text!r} is not an amount")
    if value > TARGET_MAX:
        raise DragonError(f"--target {text!r} is out of range (0 to {TARGET_MAX:,})")
    return value


def run_funnel(args: argparse.Namespace) -> int:
    period = parse_period(args.period) if args.period else quarter_of(date.today())
    with open_store(args, readonly=True) as store:
        settings = store.settings()
        target = _target(args.target)
        if target is None and settings.sales_target > 0:
            target = settings.sales_target
        figures = funnel_figures(
            store.all(Opportunity),
            period,
            win_rates(settings),
            target,
            paid_stage(settings.stage_scheme),
        )
    if args.json:
        print(json.dumps(figures.as_json(), ensure_ascii=False, indent=2))
        return 0
    lang = args.lang or settings.language.value
    print(f"{period.name}  ({period.start} – {period.end})")
    print(f"{'stage':<20} {'win':>5} {'count':>6} {'amount':>16} {'weighted':>16}")
    for row in figures.stages:
        name = label(stage_enum(settings.stage_scheme, row.stage), lang)
        print(
            f"{row.stage} {name:<18} {row.win_rate:>5.0%} {row.count:>6} {row.amount:>16,.0f} {row.weighted:>16,.0f}"
        )
    print(f"closed revenue {figures.closed_revenue:,.0f}; funnel total {figures.funnel_total:,.0f}")
    forecast = f"{figures.forecast:.1%}" if figures.forecast is not None else "— (no target)"
    print(
        f"forecast {forecast}; progress {figures.progress:.1%}; loss rate {figures.loss_rate:.1%}"
    )
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    from dragon_tui.commands import add_db_option

    funnel = subparsers.add_parser(
        "funnel", help="funnel by stage; forecast, progress and loss rate"
    )
    funnel.add_argument("--period", help="2026Q4, 2026-11 or 2026 (default: this quarter)")
    funnel.add_argument("--target", help="sales target for the period (default: settings)")
    funnel.add_argument("--json", action="store_true", help="print JSON")
    funnel.add_argument("--lang", choices=["zh", "en"], help="label language")
    add_db_option(funnel)
    funnel.set_defaults(run=run_funnel)
