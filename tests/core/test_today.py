"""Today read from the stored documents (`service.today`): the same agenda as from models."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dragon_tui.errors import DamagedDatabase
from dragon_tui.method.followups import build_agenda
from dragon_tui.method.upkeep import first_meeting_calls, occasions
from dragon_tui.models import Account, Activity, Contact, NextStep, Opportunity
from dragon_tui.models.enums import ActivityType, Influence, PurchaseRole
from dragon_tui.service.demo import fill_with_demo
from dragon_tui.service.today import facts, today_view
from dragon_tui.store import Store

TODAY = date(2026, 11, 25)

offsets = st.integers(min_value=-14 * 60, max_value=14 * 60).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)
moments = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=offsets
)
ids = st.text("abcdef0123456789-", min_size=1, max_size=12)


@given(
    when=moments,
    kind=st.sampled_from(ActivityType),
    planned=st.booleans(),
    deleted=st.booleans(),
    people=st.lists(ids, max_size=4),
)
@settings(max_examples=200, deadline=None)
def test_facts_read_a_stored_activity_as_its_model_does(when, kind, planned, deleted, people):
    activity = Activity(
        account_id="acc",
        occurred_at=when,
        type=kind,
        planned=planned,
        deleted=deleted,
        contact_ids=people,
    )
    doc = Store.document(activity)  # as stored: fields at their default left out
    read = facts(doc)
    assert read is not None
    assert read.id == activity.id
    assert read.account_id == "acc"
    assert read.occurred_at == activity.occurred_at
    assert read.occurred_at.date() == activity.occurred_at.date()  # the day where it was
    assert (read.type, read.planned, read.deleted) == (kind, planned, deleted)
    assert list(read.contact_ids) == people


@pytest.mark.parametrize(
    "change",
    [
        {"occurred_at": 20261125},
        {"occurred_at": "yesterday"},
        {"occurred_at": "2026-11-01"},
        {"occurred_at": "2026-W44-7T00:00:00"},
        {"planned": "yes"},
        {"contact_ids": "boss"},
        {"contact_ids": [1, 2]},
        {"type": "telepathy"},
        {"account_id": 7},
        {"id": None},
    ],
)
def test_facts_leave_a_document_they_do_not_recognise_to_the_model(change):
    doc = Store.document(Activity(account_id="acc", occurred_at=datetime(2026, 11, 1, tzinfo=UTC)))
    assert facts({**doc, **change}) is None


def _people(account_id: str) -> list[Contact]:
    return [
        Contact(account_id=account_id, name=name, roles=[PurchaseRole.DECISION_MAKER])
        for name in ("王总", "李工", "赵处", "钱经理")
    ]


def test_today_is_the_agenda_of_every_activity_as_a_model(tmp_path):
    """On a demo database plus the edge cases (steps done and open, visits planned before, on
    and after today, in other time zones, deleted), the agenda read from documents is the one
    `build_agenda` makes from every activity as a model, and so are the first-meeting calls."""
    store = Store(tmp_path / "db.json")
    fill_with_demo(store, 12, seed=3)
    account = Account(name="边界测试")
    wang, li, zhao, qian = _people(account.id)
    east = timezone(timedelta(hours=8))
    edge = [
        # first met two days ago, not called since: a call is due
        Activity(account_id=account.id, occurred_at=datetime(2026, 11, 23, 10, tzinfo=UTC),
                 type=ActivityType.VISIT, contact_ids=[wang.id]),
        # met 40 days ago and called since: quiet for 40 days, no call due
        Activity(account_id=account.id, occurred_at=datetime(2026, 10, 16, tzinfo=UTC),
                 type=ActivityType.MEAL, contact_ids=[li.id]),
        Activity(account_id=account.id, occurred_at=datetime(2026, 10, 17, tzinfo=UTC),
                 type=ActivityType.CALL, contact_ids=[li.id]),
        # a visit planned just after midnight UTC today, written in UTC+8 (yesterday there)
        Activity(account_id=account.id, occurred_at=datetime(2026, 11, 25, 7, tzinfo=east),
                 planned=True, contact_ids=[zhao.id], summary="今天的拜访"),
        # planned in the past (never held): not shown, and not a contact either
        Activity(account_id=account.id, occurred_at=datetime(2026, 11, 20, tzinfo=UTC),
                 planned=True, contact_ids=[qian.id]),
        # steps: one open and due, one done
        Activity(account_id=account.id, occurred_at=datetime(2026, 11, 1, tzinfo=UTC),
                 contact_ids=[zhao.id],
                 next_steps=[NextStep(text="送方案", due_on=date(2026, 11, 24)),
                             NextStep(text="已完成", due_on=date(2026, 11, 2), done=True)]),
        # deleted: counts for nothing
        Activity(account_id=account.id, occurred_at=datetime(2026, 11, 24, tzinfo=UTC),
                 contact_ids=[qian.id], deleted=True),
    ]  # fmt: skip
    # birthdays this week: a key person's shows, a person of no influence's does not
    sun = Contact(
        account_id=account.id,
        name="孙处",
        influence=Influence.HIGH,
        birthday=date(1980, 11, 28),
    )
    zhou = Contact(account_id=account.id, name="周员", birthday=date(1990, 11, 27))
    edge.append(
        Activity(account_id=account.id, occurred_at=datetime(2026, 11, 24, 9, tzinfo=UTC),
                 type=ActivityType.DEMO, contact_ids=[zhou.id])
    )  # fmt: skip
    store.put([account, wang, li, zhao, qian, sun, zhou, *edge])

    shown = today_view(store, TODAY)

    activities = store.all(Activity)
    contacts = store.all(Contact)
    days = store.settings().stale_contact_days
    expected = build_agenda(activities, contacts, store.all(Opportunity), TODAY, days)
    agenda = shown.agenda

    def steps(items):
        return [(d.activity.id, d.step.id, d.days_overdue) for d in items]

    assert steps(agenda.overdue) == steps(expected.overdue)
    assert steps(agenda.due_today) == steps(expected.due_today)
    assert steps(agenda.due_soon) == steps(expected.due_soon)
    assert [a.id for a in agenda.planned_visits] == [a.id for a in expected.planned_visits]
    assert agenda.quiet_contacts == expected.quiet_contacts
    assert agenda.no_next_step == expected.no_next_step
    assert sorted((c.contact.id, c.met_on, c.days_since) for c in shown.first_calls) == sorted(
        calls_by_sorting(contacts, activities, TODAY)
    )
    assert shown.occasions == occasions(contacts, TODAY)
    # the edge cases are really in it
    birthdays = [o.contact.id for o in shown.occasions if o.contact]
    assert sun.id in birthdays and zhou.id not in birthdays
    assert zhou.id in [c.contact.id for c in shown.first_calls]  # met yesterday, no key person
    assert any(c.contact.id == wang.id for c in shown.first_calls)
    assert edge[3].id in [a.id for a in agenda.planned_visits]
    assert edge[4].id not in [a.id for a in agenda.planned_visits]
    assert ("送方案", 1) in [(d.step.text, d.days_overdue) for d in agenda.overdue]
    quiet = {q.contact.id: q.days_quiet for q in agenda.quiet_contacts}
    assert quiet[li.id] == 39
    assert quiet[qian.id] is None  # only a deleted activity and a visit never held


def test_a_damaged_activity_is_reported_as_the_models_report_it(tmp_path):
    path = tmp_path / "db.json"
    store = Store(path)
    account = Account(name="客户")
    bad = Activity(account_id=account.id, occurred_at=datetime(2026, 11, 1, tzinfo=UTC))
    store.put([account, bad])
    store.close()
    text = path.read_text(encoding="utf-8").replace(
        '"occurred_at":"2026-11-01T00:00:00Z"', '"occurred_at":"the first of november"'
    )
    assert "the first of november" in text
    path.write_text(text, encoding="utf-8")
    with Store(path, readonly=True) as damaged, pytest.raises(DamagedDatabase) as refused:
        today_view(damaged, TODAY)
    assert str(path) in str(refused.value) and bad.id in str(refused.value)


def calls_by_sorting(contacts, activities, today):
    """The first-meeting calls as worked out before `Meetings`: every held activity sorted by
    time, the first meeting and the last follow-up of each person taken from that order."""
    from dragon_tui.method.upkeep import CALL_AFTER_DAYS, FOLLOW_UPS, MEETINGS

    held = sorted(
        (a for a in activities if not a.deleted and not a.planned), key=lambda a: a.occurred_at
    )
    first_met, followed = {}, {}
    for activity in held:
        for contact_id in activity.contact_ids:
            if activity.type in MEETINGS:
                first_met.setdefault(contact_id, activity.occurred_at.date())
            elif activity.type in FOLLOW_UPS:
                followed[contact_id] = activity.occurred_at.date()
    result = []
    for contact in contacts:
        met = first_met.get(contact.id)
        if met is None:
            continue
        days, called = (today - met).days, followed.get(contact.id)
        if CALL_AFTER_DAYS[0] <= days <= CALL_AFTER_DAYS[1] and (called is None or called < met):
            result.append((contact.id, met, days))
    return sorted(result, key=lambda c: (-c[2], c[0]))


near = st.datetimes(
    min_value=datetime(2026, 11, 18), max_value=datetime(2026, 11, 26), timezones=offsets
)


@given(
    st.lists(
        st.tuples(
            near,
            st.sampled_from(ActivityType),
            st.booleans(),
            st.lists(st.sampled_from("abcd"), max_size=3),
        ),
        max_size=30,
    )
)
@settings(max_examples=300, deadline=None)
def test_meetings_taken_one_at_a_time_match_sorting_them_all(made):
    """`Meetings` folds activities in any order and keeps no list of them; its calls are the
    ones sorting every activity gives (times in several offsets, so the first meeting is the
    earliest moment, not the smallest day)."""
    people = [Contact(id=c, account_id="acc", name=c) for c in "abcd"]
    activities = [
        Activity(account_id="acc", occurred_at=when, type=kind, planned=planned, contact_ids=who)
        for when, kind, planned, who in made
    ]
    calls = first_meeting_calls(people, activities, TODAY)
    assert sorted((c.contact.id, c.met_on, c.days_since) for c in calls) == sorted(
        calls_by_sorting(people, activities, TODAY)
    )


def test_today_is_worked_out_again_when_what_it_reads_changes_not_the_language(tmp_path):
    """`today_key` moves with the tables and settings Today reads (so a kept Today is never
    stale) and stays put on a language switch (so switching shows the kept one at once)."""
    from dragon_tui.models import Invoice
    from dragon_tui.models.enums import Language
    from dragon_tui.service.today import today_key

    store = Store(tmp_path / "db.json")
    account = store.save(Account(name="甲"))
    key = today_key(store, TODAY)
    store.save_settings(store.settings().with_changes(language=Language.EN))
    assert today_key(store, TODAY) == key
    changes = [
        lambda: store.save(
            Invoice(
                account_id=account.id,
                number="INV-1",
                amount=100,
                issued_on=date(2026, 8, 1),
                due_on=date(2026, 9, 1),
            )
        ),
        lambda: store.save(account.with_changes(name="甲公司")),
        lambda: store.save(Contact(account_id=account.id, name="王总")),
        lambda: store.save_settings(store.settings().with_changes(large_amount=1)),
        lambda: store.save_settings(store.settings().with_changes(stale_contact_days=7)),
    ]
    for change in changes:
        change()
        assert today_key(store, TODAY) != key
        key = today_key(store, TODAY)
    assert today_key(store, TODAY + timedelta(days=1)) != key
