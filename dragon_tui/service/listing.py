"""Accounts and opportunities as scripts list them (`dragon-tui list`): ids, names, and the
fields to tell them apart; money as strings."""

from __future__ import annotations

from typing import Any

from dragon_tui.errors import ValidationFailed
from dragon_tui.method.filters import parse_filter
from dragon_tui.models import Account, Opportunity
from dragon_tui.search import search_accounts
from dragon_tui.service.accounts import account_index
from dragon_tui.service.records import Service
from dragon_tui.store import Store


def _matching_accounts(source: Service | Store, query: str) -> list[Any]:
    typed = parse_filter(query)
    if typed.errors:
        raise ValidationFailed(f"--filter: cannot read {', '.join(map(repr, typed.errors))}")
    return search_accounts(account_index(source), query)


def list_accounts(source: Service | Store, query: str = "") -> list[dict[str, Any]]:
    """The live accounts matching `query` (the account list's search: text, pinyin, tokens)."""
    return [
        {
            "id": row.account.id,
            "name": row.account.name,
            "industry": row.account.industry,
            "region": row.account.region,
            "owner": row.account.owner,
            "open_opportunities": row.open_opportunities,
        }
        for row in _matching_accounts(source, query)
    ]


def list_opportunities(source: Service | Store, query: str = "") -> list[dict[str, Any]]:
    """The live opportunities of the accounts matching `query`, or whose own name contains the
    query's free text; by account, then name."""
    names = {a.id: a.name for a in source.all(Account)}
    wanted = {row.account.id for row in _matching_accounts(source, query)}
    text = parse_filter(query).text.strip().casefold()
    found = [
        o
        for o in source.all(Opportunity)
        if o.account_id in wanted or (text and text in o.name.casefold())
    ]
    found.sort(key=lambda o: (names.get(o.account_id, ""), o.name, o.id))
    return [
        {
            "id": o.id,
            "name": o.name,
            "account_id": o.account_id,
            "account": names.get(o.account_id, ""),
            "stage": o.stage,
            "status": o.status.value,
            "amount": format(o.amount, "f"),
            "currency": o.currency,
            "expected_close": o.expected_close.isoformat() if o.expected_close else None,
        }
        for o in found
    ]
