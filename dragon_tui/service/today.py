"""Today (今日日程) read from the stored documents: the agenda and the calls after first
meetings, without a model for each of the 20,000 activities of 500 accounts.

Most activities only count for when each person was last met and first met: for those the
agenda reads the date, type and people straight from the document (`facts`). An activity with
a next step still open, or a visit planned from today on, becomes a model (its row shows it).
A document the quick read does not recognise becomes a model too, so a damaged record is
reported just as `Service.all` reports it."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from types import NoneType
from typing import Any

from dragon_tui.method.followups import ActivityFacts, Agenda, build_agenda, note_contacted
from dragon_tui.method.receivables import ReceivableRow
from dragon_tui.method.upkeep import FirstMeetingCall, Meetings, Occasion, occasions
from dragon_tui.models import Account, Activity, Contact, Invoice, Opportunity
from dragon_tui.models.enums import ActivityType, Influence, PurchaseRole
from dragon_tui.service.deal import receivables
from dragon_tui.service.records import Service, store_of
from dragon_tui.store import Store

# A time as a model writes it (ISO 8601, seconds, maybe their fractions, maybe an offset)
_AS_WRITTEN = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?(Z|[+-]\d\d:\d\d)?\Z")


@dataclass(frozen=True)
class Today:
    agenda: Agenda
    first_calls: list[FirstMeetingCall]
    occasions: list[Occasion]  # key people's birthdays and holidays this week
    receivables: list[ReceivableRow]  # overdue invoices with the matrix's action, most urgent first


def facts(doc: dict[str, Any]) -> ActivityFacts | None:
    """What the agenda reads of a stored activity, as its model would have it; None for a
    document this quick read does not recognise (the model then decides)."""
    try:
        occurred = doc["occurred_at"]
        planned = doc.get("planned", False)
        deleted = doc.get("deleted", False)
        people = doc.get("contact_ids", [])
        if not (
            type(occurred) is str
            and type(doc["id"]) is str
            and type(doc["account_id"]) is str
            and type(planned) is bool
            and type(deleted) is bool
            and type(people) is list
            and all(type(p) is str for p in people)
        ):
            return None
        if not _AS_WRITTEN.match(occurred):
            return None
        when = datetime.fromisoformat(occurred)  # in its own offset, as the model keeps it
        return ActivityFacts(
            id=doc["id"],
            account_id=doc["account_id"],
            type=ActivityType(doc.get("type", ActivityType.VISIT)),
            occurred_at=when,
            planned=planned,
            deleted=deleted,
            contact_ids=tuple(people),
        )
    except (KeyError, TypeError, ValueError):
        return None


def _open_steps(doc: dict[str, Any]) -> bool:
    """Whether a stored activity may have a next step still open (anything but a list of steps
    all done is taken to: a wrong guess only costs a model)."""
    steps = doc.get("next_steps", [])
    return not (
        isinstance(steps, list)
        and all(isinstance(s, dict) and s.get("done") is True for s in steps)
    )


def _maybe_key(doc: dict[str, Any]) -> bool:
    """Whether a stored person may be a key person (`is_key_person`: a coach, a decision-maker
    or of high influence), read loosely: a document not as expected is taken to be one (it
    then becomes a model, which decides, or says it is damaged)."""
    coach = doc.get("is_coach", False)
    roles = doc.get("roles", [])
    influence = doc.get("influence")
    if type(coach) is not bool or type(roles) is not list or type(influence) not in (str, NoneType):
        return True
    return coach or PurchaseRole.DECISION_MAKER.value in roles or influence == Influence.HIGH.value


def _documents(store: Store, table: str) -> Iterable[tuple[str, dict[str, Any]]]:
    """A table's documents as they are now, read without the store's lock: a save meanwhile
    does not reach them, and the UI is not kept waiting on the lock while Today is worked out
    (two seconds at 5,000 accounts). Parsed one at a time as they are read."""
    return store.raw_copy(table).items()


def _key_people(store: Store) -> list[Contact]:
    """The live people who may be key people, as models: Today lists only key people (quiet
    ones, birthdays), so the others (half the people, or more) stay documents."""
    people = []
    for record_id, doc in _documents(store, Contact.table):
        if doc.get("deleted") is True or not _maybe_key(doc):
            continue
        person = store.peek(Contact, record_id)
        if person is not None:
            people.append(person)
    return people


def _activities(store: Store, today: date) -> Iterator[Activity | ActivityFacts]:
    """Every live activity: a model where Today shows it in a row of its own (a next step
    open, a visit planned from today on) or the document is not recognised, else its facts."""
    for record_id, doc in _documents(store, Activity.table):
        if doc.get("deleted") is True:
            continue
        light = None if _open_steps(doc) else facts(doc)
        if light is not None and not (light.planned and light.occurred_at.date() >= today):
            yield light
            continue
        model = store.peek(Activity, record_id)  # validated (DamagedDatabase if it is bad)
        if model is not None:
            yield model


def today_view(source: Service | Store, today: date) -> Today:
    """The agenda of `today` (after the settings' days a key person counts as quiet) and the
    calls due after first meetings. Each activity is read once and only those with a row of
    their own are kept. Safe in a worker thread: the store is locked only while each table's
    documents are listed and each model is read."""
    store = store_of(source)
    shown: list[Activity | ActivityFacts] = []
    contacted: dict[str, date] = {}
    meetings = Meetings()
    for activity in _activities(store, today):
        note_contacted(contacted, activity)
        meetings.add(activity)
        if isinstance(activity, Activity):
            shown.append(activity)
    people = _key_people(store)
    agenda = build_agenda(
        shown,
        people,
        store.all(Opportunity),
        today,
        store.settings().stale_contact_days,
        contacted=contacted,
    )
    met = [store.get(Contact, contact_id) for contact_id in meetings.first_met_within(today)]
    calls = meetings.calls([person for person in met if person is not None], today)
    due = [row for row in receivables(store, today).rows if row.action is not None]
    return Today(agenda, calls, occasions(people, today), due)


def today_key(source: Service | Store, today: date) -> tuple:
    """What `today_view` is worked out from, to compare: the tables it reads as they are now
    (a table's generation), the settings it uses, and the day."""
    store = store_of(source)
    settings = store.settings()
    return (
        store.table_generation(*(m.table for m in (Activity, Contact, Opportunity, Invoice))),
        store.table_generation(Account.table),
        settings.stale_contact_days,
        settings.overdue_long_days,
        settings.large_amount,
        today,
    )
