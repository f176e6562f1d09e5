"""Relationship upkeep on Today (METHOD §5): the call after a first meeting, birthdays, holidays."""

from __future__ import annotations

from datetime import UTC, date, datetime

from hypothesis import given
from hypothesis import strategies as st

from dragon_tui.method.upkeep import first_meeting_calls, occasions
from dragon_tui.models import Activity, Contact
from dragon_tui.models.enums import ActivityType, PurchaseRole

TODAY = date(2026, 11, 25)


def person(cid: str, **kw) -> Contact:
    return Contact(id=cid, account_id="acc", name=cid, **kw)


def met(cid: str, day: date, kind: ActivityType = ActivityType.VISIT, **kw) -> Activity:
    return Activity(
        account_id="acc",
        type=kind,
        occurred_at=datetime(day.year, day.month, day.day, 10, tzinfo=UTC),
        contact_ids=[cid],
        **kw,
    )


def test_call_one_or_two_days_after_a_first_meeting():
    # METHOD §5: "call within one or two days after a first meeting to hold the first impression"
    people = [person(p) for p in ("a", "b", "c", "d", "e")]
    activities = [
        met("a", date(2026, 11, 24)),  # yesterday: call today
        met("b", date(2026, 11, 23), ActivityType.MEAL),  # two days ago: still due
        met("c", date(2026, 11, 22)),  # three days ago: the moment has passed
        met("d", date(2026, 11, 24)),
        met("d", date(2026, 11, 24), ActivityType.CALL),  # already called
        met("e", date(2026, 10, 1)),
        met("e", date(2026, 11, 24)),  # not a first meeting
        met("a", date(2026, 11, 26), planned=True),  # planned visits do not count
    ]
    due = first_meeting_calls(people, activities, TODAY)
    assert [(c.contact.id, c.days_since) for c in due] == [("b", 2), ("a", 1)]


def test_birthdays_of_key_people_and_holidays_in_the_coming_week():
    # METHOD §5: "gifts on holidays and birthdays (local specialities)"
    people = [
        person("boss", roles=[PurchaseRole.DECISION_MAKER], birthday=date(1970, 11, 28)),
        person("clerk", birthday=date(1990, 11, 27)),  # not a key person
        person("coach", is_coach=True, birthday=date(1985, 12, 30)),  # too far away
    ]
    found = occasions(people, date(2026, 9, 24), days=7)
    assert [(o.on, o.text("en")) for o in found] == [
        (date(2026, 9, 25), "Mid-Autumn Festival"),
        (date(2026, 10, 1), "National Day"),
    ]
    found = occasions(people, TODAY, days=7)
    assert [(o.on, o.text("zh"), o.contact.id) for o in found] == [
        (date(2026, 11, 28), "boss生日", "boss")
    ]
    new_year = occasions(people, date(2026, 12, 28), days=7)
    assert [o.text("en") for o in new_year] == ["coach's birthday", "New Year's Day"]


@given(st.dates(min_value=date(1940, 1, 1), max_value=date(2010, 12, 31)), st.integers(0, 400))
def test_a_birthday_shows_exactly_when_it_falls_within_the_week(birthday, offset):
    today = date(2026, 1, 1).fromordinal(date(2026, 1, 1).toordinal() + offset)
    boss = person("boss", is_coach=True, birthday=birthday)
    found = [o for o in occasions([boss], today, days=7) if o.contact is not None]
    for o in found:
        assert 0 <= o.days_away <= 7 and (o.on.month, o.on.day) in {
            (birthday.month, birthday.day),
            (2, 28),
        }
    upcoming = [today.fromordinal(today.toordinal() + d) for d in range(8)]
    expected = any(
        (d.month, d.day) == (birthday.month, birthday.day)
        or (
            (birthday.month, birthday.day) == (2, 29)
            and (d.month, d.day) == (2, 28)
            and not _leap(d.year)
        )
        for d in upcoming
    )
    assert bool(found) == expected


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
