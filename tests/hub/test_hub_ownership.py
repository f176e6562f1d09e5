"""Ownership from the laptop (the dossier's and the CLI's service call), against a real hub."""

from __future__ import annotations

import pytest

from dragon_tui.errors import HubError
from dragon_tui.hub.client import connect, ownership_rows
from dragon_tui.models import Account
from dragon_tui.service.hub_sync import sync_with_hub
from dragon_tui.service.ownership import (
    Ownership,
    change_account_ownership,
    known_ownership,
    last_server,
)
from dragon_tui.store import Store


def sync(store: Store, url: str) -> None:
    with connect(url) as conn:
        sync_with_hub(store, conn)


def on_hub(hub, account_id: str) -> dict | None:
    with hub.connect("boss") as conn:
        return ownership_rows(conn).get(account_id)


@pytest.fixture
def laptops(hub, tmp_path, monkeypatch):
    monkeypatch.delenv("DRAGON_TUI_SERVER", raising=False)
    a = Store(tmp_path / "a.json", device_id="A")
    b = Store(tmp_path / "b.json", device_id="B")
    account = a.save(Account(name="华东电力"))
    sync(a, hub.url("rep_a"))
    sync(b, hub.url("rep_b"))
    yield a, b, account.id
    a.close()
    b.close()


def test_each_action_changes_the_hub_and_the_laptop_knows_at_once(hub, laptops):
    a, b, account = laptops
    assert known_ownership(a, account) == Ownership("")
    url = hub.url("rep_a")
    steps = [
        ("claim", None, Ownership("rep_a")),
        ("share", "rep_b", Ownership("rep_a", ("rep_b",))),
        ("protect", None, Ownership("rep_a", ("rep_b",), True)),
        ("unprotect", None, Ownership("rep_a", ("rep_b",))),
    ]
    for action, rep, expected in steps:
        assert change_account_ownership(a, url, account, action, rep) == expected
        assert known_ownership(a, account) == expected  # no sync needed for the dossier
        row = on_hub(hub, account)
        assert (row["owner"], tuple(row["shared"]), row["protected"]) == (
            expected.owner,
            expected.shared,
            expected.protected,
        )
    # rep_a gives it away: now rep_c's (still shared with rep_b), and rep_a may not see it
    given = change_account_ownership(a, url, account, "assign", "rep_c")
    assert given == Ownership("rep_c", hidden=True)
    assert known_ownership(a, account) == given
    assert on_hub(hub, account)["owner"] == "rep_c"
    back = change_account_ownership(a, hub.url("rep_c"), account, "release")
    assert back == Ownership("") and on_hub(hub, account)["owner"] == ""


def test_refused_missing_rep_or_unreachable_is_one_line_and_changes_nothing(hub, laptops, tmp_path):
    a, b, account = laptops
    change_account_ownership(a, hub.url("rep_a"), account, "claim")
    before = known_ownership(b, account)
    with pytest.raises(HubError, match="owned by rep_a"):
        change_account_ownership(b, hub.url("rep_b"), account, "claim")
    with pytest.raises(HubError, match="only its owner or a manager"):
        change_account_ownership(b, hub.url("rep_b"), account, "protect")
    with pytest.raises(HubError, match="give the rep"):
        change_account_ownership(a, hub.url("rep_a"), account, "share", "  ")
    with pytest.raises(HubError, match="not a rep of this team"):
        change_account_ownership(a, hub.url("rep_a"), account, "assign", "somebody")
    with pytest.raises(HubError, match="cannot connect to the hub"):
        change_account_ownership(a, f"host={tmp_path} dbname=none", account, "release")
    with pytest.raises(HubError, match="password"):
        change_account_ownership(a, "postgresql://u:secret@db/hub", account, "release")
    assert known_ownership(b, account) == before
    row = on_hub(hub, account)
    assert (row["owner"], row["shared"], row["protected"]) == ("rep_a", [], False)


def test_an_account_owned_by_another_shows_its_owner_not_the_pool(hub, laptops):
    """rep_b holds the account from when it was in the pool; once rep_a owns it exclusively,
    rep_b's sync learns the owner (the dossier must not say "in the pool")."""
    a, b, account = laptops
    change_account_ownership(a, hub.url("rep_a"), account, "claim")
    sync(b, hub.url("rep_b"))
    assert known_ownership(b, account) == Ownership("rep_a", hidden=True)
    assert last_server(b) and "rep_b" in last_server(b)  # offered for the next change
    assert "password" not in last_server(b)
