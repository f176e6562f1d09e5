"""Who may see what, enforced by the hub: RLS per rep role, the manager, exclusive accounts,
ownership changes and fall-back to the pool; each checked with the rep's own connection."""

from __future__ import annotations

import json

import psycopg
import pytest

from dragon_tui.errors import HubError
from dragon_tui.hub.client import change_ownership, connect, ownership_rows, set_setting
from dragon_tui.models import Account, NeedItem, Opportunity
from dragon_tui.service.hub_sync import ownership_of, sync_with_hub
from dragon_tui.store import Store


def sync(store: Store, url: str):
    with connect(url) as conn:
        return sync_with_hub(store, conn)


def own(hub, role: str, account_id: str, action: str, rep: str | None = None) -> None:
    with hub.connect(role) as conn:
        change_ownership(conn, account_id, action, rep)


@pytest.fixture
def team(hub, tmp_path):
    """Laptops of rep_a and rep_b with two pool accounts, X (then claimed by rep_a) and Y."""
    a = Store(tmp_path / "a.json", device_id="A")
    b = Store(tmp_path / "b.json", device_id="B")
    x = a.save(Account(name="X 独占"))
    y = a.save(Account(name="Y 公海"))
    opp = a.save(Opportunity(account_id=x.id, name="X deal", amount="1000"))
    sync(a, hub.url("rep_a"))
    sync(b, hub.url("rep_b"))  # rep_b saw both while they were in the pool
    own(hub, "rep_a", x.id, "claim")
    yield a, b, x, y, opp
    a.close()
    b.close()


def visible(hub, role: str) -> set[str]:
    with hub.connect(role) as conn:
        return {r[0] for r in conn.execute("SELECT DISTINCT account_id FROM dragon_hub.records")}


def test_a_rep_sees_the_pool_and_their_own_and_nothing_else(hub, team):
    a, b, x, y, opp = team
    assert visible(hub, "rep_a") == {x.id, y.id}
    assert visible(hub, "rep_b") == {y.id}
    assert visible(hub, "boss") == {x.id, y.id}
    own(hub, "rep_a", x.id, "share", "rep_b")
    assert visible(hub, "rep_b") == {x.id, y.id}
    assert visible(hub, "rep_c") == {y.id}


def test_a_rep_cannot_write_another_reps_exclusive_account_directly(hub, team):
    a, b, x, y, opp = team
    with hub.connect("rep_b") as conn:
        # Not visible, so an UPDATE touches nothing …
        changed = conn.execute(
            'UPDATE dragon_hub.records SET doc = doc || \'{"name": "mine"}\' WHERE id = %s',
            (x.id,),
        ).rowcount
        assert changed == 0
        # … and a new record hanging from X (through its opportunity) is refused by the policy.
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(
                "INSERT INTO dragon_hub.records (tbl, id, account_id, doc) VALUES "
                "('need_items', 'n1', NULL, %s::jsonb)",
                (json.dumps({"id": "n1", "opportunity_id": opp.id}),),
            )
        conn.rollback()
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("UPDATE dragon_hub.ownership SET owner = 'rep_b'")
        conn.rollback()
    with hub.connect() as conn:
        name = conn.execute(
            "SELECT doc->>'name' FROM dragon_hub.records WHERE id = %s", (x.id,)
        ).fetchone()[0]
    assert name == "X 独占"


def test_a_push_touching_an_exclusive_account_is_refused_for_that_account_only(hub, team):
    a, b, x, y, opp = team
    b.save(b.require(Account, x.id).with_changes(industry="抢单"))
    b.save(b.require(Account, y.id).with_changes(industry="公海行业"))
    result = sync(b, hub.url("rep_b"))
    assert set(result.refused) == {x.id}
    sync(a, hub.url("rep_a"))
    assert a.require(Account, y.id).industry == "公海行业"  # the rest went through
    assert a.require(Account, x.id).industry == ""
    assert b.require(Account, x.id).industry == "抢单"  # kept on rep_b's laptop
    # Once shared, the refused change is pushed at the next sync (it stayed pending).
    own(hub, "rep_a", x.id, "share", "rep_b")
    assert sync(b, hub.url("rep_b")).refused == {}
    sync(a, hub.url("rep_a"))
    assert a.require(Account, x.id).industry == "抢单"


def test_ownership_rules(hub, team):
    a, b, x, y, opp = team
    with pytest.raises(HubError, match="owned by rep_a"):
        own(hub, "rep_b", x.id, "claim")
    with pytest.raises(HubError, match="only its owner or a manager"):
        own(hub, "rep_b", x.id, "release")
    with pytest.raises(HubError, match="not a rep"):
        own(hub, "rep_a", x.id, "assign", "nobody_here")
    own(hub, "boss", x.id, "assign", "rep_c")
    assert visible(hub, "rep_a") == {y.id}
    own(hub, "rep_c", x.id, "release")
    assert visible(hub, "rep_b") == {x.id, y.id}
    own(hub, "rep_b", x.id, "claim")
    with hub.connect("boss") as conn:
        row = ownership_rows(conn)[x.id]
    assert (row["owner"], row["shared"], row["protected"]) == ("rep_b", [], False)
    # The laptop keeps the ownership it saw at its last sync, for the dossier.
    sync(b, hub.url("rep_b"))
    assert ownership_of(b, x.id)["owner"] == "rep_b"


def test_an_idle_account_falls_back_to_the_pool_unless_protected(hub, team):
    a, b, x, y, opp = team
    own(hub, "rep_a", y.id, "claim")
    own(hub, "rep_a", y.id, "protect")
    with hub.connect() as conn:
        set_setting(conn, "fallback_days", 30)
        conn.execute("UPDATE dragon_hub.ownership SET last_activity = now() - interval '31 days'")
        conn.commit()
    assert visible(hub, "rep_b") == set()
    sync(b, hub.url("rep_b"))  # any sync applies the fall-back
    assert visible(hub, "rep_b") == {x.id}
    assert ownership_of(b, x.id)["owner"] == ""
    # Activity keeps an account: rep_a claims again and pushes; nothing falls back.
    own(hub, "rep_a", x.id, "claim")
    a.save(a.require(Account, x.id).with_changes(notes="visited"))
    sync(a, hub.url("rep_a"))
    sync(b, hub.url("rep_b"))
    assert visible(hub, "rep_b") == set()


def test_an_orphan_record_is_seen_only_by_the_manager(hub, tmp_path):
    with Store(tmp_path / "c.json", device_id="C") as c:
        c.save(NeedItem(opportunity_id="nowhere", level="goal", text="orphan"))
        sync(c, hub.url("boss"))
    assert visible(hub, "boss") == {"?"}
    assert visible(hub, "rep_a") == set()


def test_a_rep_a_contact_is_shared_with_gets_it_redacted(hub, team, tmp_path):
    from dragon_tui.models import Contact

    a, b, x, y, opp = team
    person = a.save(Contact(account_id=x.id, name="王总", title="总经理", phone="13800000000"))
    own(hub, "rep_a", x.id, "share", "rep_b")
    sync(a, hub.url("rep_a"))
    sync(b, hub.url("rep_b"))
    seen = b.require(Contact, person.id)
    assert (seen.name, seen.title, seen.phone) == ("王总", "总经理", "")
    with hub.connect("rep_b") as conn:  # not even with rep_b's own connection
        assert conn.execute("SELECT count(*) FROM dragon_hub.private").fetchone()[0] == 0
        assert "13800000000" not in str(
            conn.execute("SELECT doc FROM dragon_hub.records").fetchall()
        )
    with hub.connect("boss") as conn:
        assert (
            conn.execute("SELECT doc->>'phone' FROM dragon_hub.private").fetchone()[0]
            == "13800000000"
        )
    # rep_b's edits of the public fields reach the owner; the personal ones are not theirs to push.
    b.save(seen.with_changes(title="董事长", phone="999"))
    assert sync(b, hub.url("rep_b")).refused == {}
    sync(a, hub.url("rep_a"))
    back = a.require(Contact, person.id)
    assert (back.title, back.phone) == ("董事长", "13800000000")
    # A pool account's contacts are seen whole by every rep.
    pooled = a.save(Contact(account_id=y.id, name="李工", phone="13900000000"))
    sync(a, hub.url("rep_a"))
    with Store(tmp_path / "c.json", device_id="C") as c:
        sync(c, hub.url("rep_c"))
        assert c.require(Contact, pooled.id).phone == "13900000000"
        assert c.get(Contact, person.id) is None


def test_a_conflict_over_a_personal_field_stays_with_those_who_see_the_contact_whole(
    hub, team, tmp_path
):
    """A redacted bundle leaves out a conflict whose values are personal; the hub hides it
    from a rep the account is only shared with, like the contact's personal fields."""
    from dragon_tui.models import Conflict, Contact

    a, b, x, y, opp = team
    person = a.save(Contact(account_id=x.id, name="王总", phone="13800000000"))
    sync(a, hub.url("rep_a"))
    with Store(tmp_path / "a2.json", device_id="A2") as a2:  # rep_a's second laptop
        sync(a2, hub.url("rep_a"))
        a2.save(a2.require(Contact, person.id).with_changes(phone="13911111111"))
        a.save(a.require(Contact, person.id).with_changes(phone="13722222222"))
        sync(a2, hub.url("rep_a"))
        sync(a, hub.url("rep_a"))
    assert [c.field for c in a.all(Conflict)] == ["phone"]
    own(hub, "rep_a", x.id, "share", "rep_b")
    assert sync(b, hub.url("rep_b")).refused == {}
    assert b.all(Conflict) == []
    with hub.connect("rep_b") as conn:
        rows = str(conn.execute("SELECT doc FROM dragon_hub.records").fetchall())
    assert "139111" not in rows and "137222" not in rows
    with hub.connect("boss") as conn:
        rows = str(conn.execute("SELECT doc FROM dragon_hub.records").fetchall())
    assert "139111" in rows or "137222" in rows  # the owner's team keeps it
