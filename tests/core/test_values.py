"""Cell values as people type them: amounts (¥380,000 / 38万 / 1.2亿), dates (2026/1/5,
2026年11月20日, Excel date cells) and enum labels (赢单, won, 决策层, 大力支持)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dragon_tui.export.csv_io import ENUMS
from dragon_tui.export.values import parse_amount, parse_date, parse_label, parse_whole
from dragon_tui.labels import label
from dragon_tui.models import enums as e

amounts = st.decimals(min_value=0, max_value=Decimal("1e12"), places=2, allow_nan=False)


def grouped(value: Decimal) -> str:
    """380000.5 → '380,000.50' as Excel shows it with a thousands separator."""
    return f"{value:,.2f}"


@given(amounts)
def test_an_amount_reads_back_in_every_way_people_write_it(value):
    written = [
        format(value, "f"),
        grouped(value),
        "¥" + grouped(value),
        "￥ " + grouped(value),
        grouped(value) + "元",
        "RMB " + format(value, "f"),
    ]
    for text in written:
        assert parse_amount(text) == value, text


@given(st.integers(min_value=0, max_value=10**8), st.sampled_from(["万", "万元", "亿", "亿元"]))
def test_wan_and_yi_multiply_by_ten_thousand_and_a_hundred_million(count, unit):
    factor = 10_000 if unit.startswith("万") else 100_000_000
    assert parse_amount(f"{count}{unit}") == count * factor
    tenth = Decimal(count) / 10
    assert parse_amount(f"{tenth}{unit}") == tenth * factor


def test_the_amounts_of_the_issue():
    assert parse_amount("¥380,000") == Decimal("380000")
    assert parse_amount("380,000.50") == Decimal("380000.50")
    assert parse_amount("38万") == Decimal("380000")
    assert parse_amount("1.2亿") == Decimal("120000000")
    assert str(parse_amount("1.2亿")) == "120000000"  # no exponent in what is stored
    assert parse_amount(380000.5) == Decimal("380000.5")  # an .xlsx number cell
    assert parse_amount(38000.0) == Decimal("38000")


@pytest.mark.parametrize(
    "text", ["", "很多", "-5", "1e5", "NaN", "Infinity", "1.2.3", "万", "¥", "38万万", "1,2亿x"]
)
def test_what_is_not_an_amount_is_refused_quoting_the_cell(text):
    with pytest.raises(ValueError, match="not an amount"):
        parse_amount(text)


def test_whole_numbers():
    assert parse_whole("1,200") == 1200 and parse_whole("1.2万") == 12000 and parse_whole(7.0) == 7
    with pytest.raises(ValueError, match="'1.5' is not a whole number"):
        parse_whole("1.5")


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2999, 12, 31)))
def test_a_date_reads_back_in_every_way_people_write_it(day):
    y, m, d = day.year, day.month, day.day
    written = [
        day.isoformat(),
        f"{y}/{m:02d}/{d:02d}",
        f"{y}/{m}/{d}",
        f"{y}年{m}月{d}日",
        f"{y}.{m}.{d}",
        f"{y}-{m}-{d} 0:00",
        f"{y}/{m}/{d} 00:00:00",
    ]
    for text in written:
        assert parse_date(text) == day, text
    assert parse_date(datetime(y, m, d, 0, 0)) == day  # an Excel date cell


@pytest.mark.parametrize(
    "text", ["2026-13-01", "2026/2/30", "20261120", "11/20/2026", "明天", "2026年11月", ""]
)
def test_what_is_not_a_date_is_refused(text):
    with pytest.raises(ValueError, match="not a date"):
        parse_date(text)


@pytest.mark.parametrize("enum_cls", sorted(set(ENUMS.values()), key=lambda c: c.__name__))
def test_every_member_reads_back_from_its_code_name_and_both_labels(enum_cls):
    others = {m.name for m in enum_cls}
    for member in enum_cls:
        for text in (str(member.value), member.name, label(member, "zh"), label(member, "en")):
            assert parse_label(enum_cls, text) is member, text
            # Upper case is another member's code name for one label (Attitude +2 "Supports"
            # vs the member SUPPORTS, +3): the code name wins, as the exact spelling.
            if text.upper() not in others - {member.name}:
                assert parse_label(enum_cls, f"  {text.upper()} ") is member, text


def test_the_words_reps_type():
    assert parse_label(e.OpportunityStatus, "赢单") is e.OpportunityStatus.WON
    assert parse_label(e.OpportunityStatus, "won") is e.OpportunityStatus.WON
    assert parse_label(e.OpportunityStatus, "丢单") is e.OpportunityStatus.LOST
    assert parse_label(e.Level, "决策层") is e.Level.DECISION
    assert parse_label(e.Attitude, "大力支持") is e.Attitude.SUPPORTS
    assert parse_label(e.Stage, 3.0) is e.Stage.DIG_NEEDS  # an .xlsx number cell
    with pytest.raises(ValueError, match="not a valid OpportunityStatus"):
        parse_label(e.OpportunityStatus, "也许")
