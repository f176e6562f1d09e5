"""Relationship upkeep (寻找客源, 沟通及维护, METHOD §5): the call one or two days after a first
meeting, and the birthdays and holidays of key people coming up."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from dragon_tui.labels import Phrase, phrase
from dragon_tui.method.followups import ActivityFacts, is_key_person
from dragon_tui.models import Activity, Contact
from dragon_tui.models.enums import ActivityType

# Meetings in person; the follow-up that holds the first impression is a call or a message.
MEETINGS = frozenset(
    {
        ActivityType.VISIT,
        ActivityType.MEAL,
        ActivityType.DEMO,
        ActivityType.EVENT,
        ActivityType.COMPANY_VISIT,
    }
)
FOLLOW_UPS = frozenset({ActivityType.CALL, ActivityType.SMS, ActivityType.EMAIL})
# "call within one or two days after a first meeting to hold the first impression"
CALL_AFTER_DAYS = (1, 2)

# Holidays on which reps send signed messages and gifts: fixed dates, and the lunar ones by year
# (春节, 端午节, 中秋节) for the years the app is used in.
# Each holiday is labelled "holiday.<name>".
FIXED_HOLIDAYS = {
    (1, 1): "new_year",
    (5, 1): "labour_day",
    (9, 10): "teachers_day",
    (10, 1): "national_day",
}
LUNAR_HOLIDAYS = {
    date(2026, 2, 17): "spring_festival",
    date(2026, 6, 19): "dragon_boat",
    date(2026, 9, 25): "mid_autumn",
    date(2027, 2, 6): "spring_festival",
    date(2027, 6, 9): "dragon_boat",
    date(2027, 9, 15): "mid_autumn",
    date(2028, 1, 26): "spring_festival",
    date(2028, 5, 28): "dragon_boat",
    date(2028, 10, 3): "mid_autumn",
}


@dataclass(frozen=True)
class FirstMeetingCall:
    contact: Contact
    met_on: date
    days_since: int


class Meetings:
    """Each person's first meeting and latest call or message, taken one activity at a time
    (so Today need not hold 200,000 activities to work out whose call is due)."""

    def __init__(self) -> None:
        # contact id → (when, that day): the earliest meeting, the latest follow-up
        self._first_met: dict[str, tuple[datetime, date]] = {}
        self._followed: dict[str, tuple[datetime, date]] = {}

    def add(self, activity: Activity | ActivityFacts) -> None:
        if activity.deleted or activity.planned:
            return
        if activity.type in MEETINGS:
            kept, latest = self._first_met, False
        elif activity.type in FOLLOW_UPS:
            kept, latest = self._followed, True
        else:
            return
        when = activity.occurred_at
        for contact_id in activity.contact_ids:
            seen = kept.get(contact_id)
            if seen is None or (when >= seen[0] if latest else when < seen[0]):
                kept[contact_id] = (when, when.date())

    def first_met_within(self, today: date) -> list[str]:
        """The ids of the people first met one or two days before `today`: the only people
        `calls` can name."""
        low, high = CALL_AFTER_DAYS
        return [
            contact_id
            for contact_id, (_, day) in self._first_met.items()
            if low <= (today - day).days <= high
        ]

    def calls(self, contacts: Iterable[Contact], today: date) -> list[FirstMeetingCall]:
        """People met for the first time one or two days ago and not called or messaged
        since."""
        result = []
        for contact in contacts:
            first = self._first_met.get(contact.id)
            if contact.deleted or first is None:
                continue
            met = first[1]
            days = (today - met).days
            followed = self._followed.get(contact.id)
            called = followed[1] if followed else None
            if CALL_AFTER_DAYS[0] <= days <= CALL_AFTER_DAYS[1] and (
                called is None or called < met
            ):
                result.append(FirstMeetingCall(contact, met, days))
        result.sort(key=lambda c: (-c.days_since, c.contact.name))
        return result


def first_meeting_calls(
    contacts: Iterable[Contact], activities: Iterable[Activity | ActivityFacts], today: date
) -> list[FirstMeetingCall]:
    """People met for the first time one or two days ago and not called or messaged since."""
    meetings = Meetings()
    for activity in activities:
        meetings.add(activity)
    return meetings.calls(contacts, today)


@dataclass(frozen=True)
class Occasion:
    """A birthday of a key person or a holiday, `days_away` days from today."""

    on: date
    days_away: int
    name: Phrase  # "occasion.birthday" or "holiday.<name>"
    contact: Contact | None = None  # the person, for a birthday

    def text(self, lang: str) -> str:
        return self.name.text(lang)


def _birthday_in(birthday: date, year: int) -> date:
    try:
        return birthday.replace(year=year)
    except ValueError:  # 29 February in a year that has none
        return date(year, 2, 28)


def occasions(contacts: Iterable[Contact], today: date, days: int = 7) -> list[Occasion]:
    """Key people's birthdays and holidays within the next `days` days (today included)."""
    horizon = today + timedelta(days=days)
    found: list[Occasion] = []
    for contact in contacts:
        if contact.deleted or contact.birthday is None or not is_key_person(contact):
            continue
        for year in (today.year, today.year + 1):
            when = _birthday_in(contact.birthday, year)
            if today <= when <= horizon:
                name = phrase("occasion.birthday", name=contact.name)
                found.append(Occasion(when, (when - today).days, name, contact))
                break
    holidays = dict(LUNAR_HOLIDAYS)
    for year in (today.year, today.year + 1):
        for (month, day), name in FIXED_HOLIDAYS.items():
            holidays[date(year, month, day)] = name
    for when, name in holidays.items():
        if today <= when <= horizon:
            found.append(Occasion(when, (when - today).days, phrase(f"holiday.{name}")))
    found.sort(key=lambda o: (o.on, o.contact is None, o.text("zh")))
    return found
