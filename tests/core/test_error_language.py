"""Refusals raised in the core carry the message in both languages for the UI; the CLI's line
(`str(err)`) stays as it was."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from dragon_tui.errors import DragonError
from dragon_tui.method.activity_log import resolve_people
from dragon_tui.method.periods import parse_period
from dragon_tui.method.receivables import add_payment
from dragon_tui.models import Contact, Invoice


def refusal(call) -> DragonError:
    with pytest.raises(DragonError) as caught:
        call()
    return caught.value


@pytest.mark.parametrize(
    ("call", "zh", "en", "cli"),
    [
        (lambda: parse_period("下季度"), "不是年份", "is not a year", "is not a year"),
        (lambda: parse_period("2026-13"), "月份须在 1–12", "month must be 1–12", "1–12"),
        (
            lambda: resolve_people("王总, 张三", [Contact(account_id="a", name="王总")]),
            "没有叫张三的联系人",
            "no contact named 张三",
            "unknown 张三",
        ),
    ],
)
def test_each_refusal_speaks_both_languages(call, zh, en, cli):
    err = refusal(call)
    assert zh in err.text("zh") and not any(c.isascii() and c.isalpha() for c in zh)
    assert en in err.text("en")
    assert cli in str(err)


def test_a_payment_of_nothing_is_refused_in_the_reps_language():
    invoice = Invoice(
        opportunity_id="o",
        account_id="a",
        number="INV-7",
        amount=Decimal(100),
        issued_on=date(2026, 11, 1),
        due_on=date(2026, 12, 1),
    )
    err = refusal(lambda: add_payment(invoice, Decimal(0), date(2026, 11, 25)))
    assert err.text("zh") == "发票 INV-7：回款金额必须大于 0"
    assert "INV-7" in err.text("en") and "more than 0" in err.text("en")


def test_an_error_without_a_phrase_is_shown_as_raised():
    assert DragonError("disk full").text("zh") == "disk full"
