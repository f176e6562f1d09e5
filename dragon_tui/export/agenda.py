"""The agenda for the phone and for scripts: every open follow-up (overdue ones included) and the
planned visits of the next N days, as text, JSON or an iCalendar file (RFC 5545).

Phone calendars ignore VTODO, so each item is a VEVENT. UIDs are derived from the record ids,
so exporting again updates the phone's events instead of adding copies. An overdue follow-up is
placed on today (marked overdue): on its old date it would hide in the past.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from dragon_tui import __version__
from dragon_tui.labels import t
from dragon_tui.method.followups import open_steps
from dragon_tui.models import Account, Activity, Opportunity
from dragon_tui.store import Store
from dragon_tui.text import printable

UID_DOMAIN = "dragon-tui"
VISIT_HOURS = 1
_NOT_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class AgendaItem:
    """One line of the agenda: a follow-up due (on a day) or a planned visit (at a time)."""

    uid: str
    kind: str  # "follow_up" or "visit"
    day: date  # the day it is shown on (today for an overdue follow-up)
    title: str
    account: str
    opportunity: str = ""
    due_on: date | None = None
    days_overdue: int = 0
    starts_at: datetime | None = None  # visits: UTC
    details: str = ""
    account_id: str = ""
    activity_id: str = ""


def agenda_items(store: Store, today: date, days: int = 7) -> list[AgendaItem]:
    """Open follow-ups due up to `days` days from today (every overdue one too) and the planned
    visits from today to `days` days ahead, in date order."""
    horizon = today + timedelta(days=days)
    accounts = {a.id: a.name for a in store.all(Account)}
    deals = {o.id: o.name for o in store.all(Opportunity)}
    activities = [a for a in store.all(Activity) if a.account_id in accounts]
    items = []
    for due in open_steps(activities, today):
        if due.step.due_on is None or due.step.due_on > horizon:
            continue
        activity = due.activity
        items.append(
            AgendaItem(
                uid=f"followup-{activity.id}-{due.step.id}@{UID_DOMAIN}",
                kind="follow_up",
                day=max(due.step.due_on, today),
                title=due.step.text,
                account=accounts[activity.account_id],
                opportunity=deals.get(activity.opportunity_id or "", ""),
                due_on=due.step.due_on,
                days_overdue=max(due.days_overdue, 0),
                details=activity.summary,
                account_id=activity.account_id,
                activity_id=activity.id,
            )
        )
    for activity in activities:
        if not activity.planned or not today <= activity.occurred_at.date() <= horizon:
            continue
        items.append(
            AgendaItem(
                uid=f"visit-{activity.id}@{UID_DOMAIN}",
                kind="visit",
                day=activity.occurred_at.date(),
                title=activity.summary.split("\n", 1)[0].strip(),
                account=accounts[activity.account_id],
                opportunity=deals.get(activity.opportunity_id or "", ""),
                starts_at=activity.occurred_at.astimezone(UTC),
                details=activity.summary,
                account_id=activity.account_id,
                activity_id=activity.id,
            )
        )
    items.sort(
        key=lambda i: (
            i.day,
            i.starts_at or datetime.min.replace(tzinfo=UTC),
            -i.days_overdue,
            i.uid,
        )
    )
    return items


def _headline(item: AgendaItem, lang: str) -> str:
    """`[逾期3天] 北京现代：寄送报价` / `拜访 北京现代：…`."""
    kind = t("agenda.kind_visit" if item.kind == "visit" else "agenda.kind_follow_up", lang)
    overdue = (
        f"[{t('agenda.days_overdue', lang, days=item.days_overdue)}] " if item.days_overdue else ""
    )
    sep = "：" if lang == "zh" else ": "
    return f"{overdue}{kind} {item.account}{sep}{item.title}".rstrip(sep).rstrip()


def agenda_text(items: list[AgendaItem], lang: str) -> str:
    if not items:
        return t("agenda.nothing", lang) + "\n"
    lines = []
    for item in items:
        when = item.day.isoformat()
        if item.starts_at is not None:
            when += " " + item.starts_at.astimezone().strftime("%H:%M")
        else:
            when += "      "
        lines.append(f"{when}  {printable(_headline(item, lang), single_line=True)}")
    return "\n".join(lines) + "\n"


def agenda_json(items: list[AgendaItem], today: date, days: int) -> str:
    """For scripts: dates as ISO strings, nothing as a float."""
    rows: list[dict[str, Any]] = [
        {
            "uid": item.uid,
            "kind": item.kind,
            "day": item.day.isoformat(),
            "due_on": item.due_on.isoformat() if item.due_on else None,
            "days_overdue": item.days_overdue,
            "starts_at": item.starts_at.isoformat() if item.starts_at else None,
            "title": item.title,
            "account": item.account,
            "account_id": item.account_id,
            "opportunity": item.opportunity,
            "activity_id": item.activity_id,
        }
        for item in items
    ]
    return (
        json.dumps(
            {"today": today.isoformat(), "days": days, "items": rows}, ensure_ascii=False, indent=2
        )
        + "\n"
    )


def _clean(text: str) -> str:
    return _NOT_TEXT.sub("", text)


def agenda_ics(items: list[AgendaItem], lang: str, now: datetime | None = None) -> bytes:
    """An RFC 5545 calendar, one VEVENT per item (all-day for follow-ups, one hour for visits)."""
    from icalendar import Calendar, Event

    stamp = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    calendar = Calendar()
    calendar.add("prodid", f"-//dragon-tui//dragon-tui {__version__}//{lang.upper()}")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", t("agenda.calendar_name", lang))
    for item in items:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("summary", _clean(_headline(item, lang)))
        if item.starts_at is not None:
            event.add("dtstart", item.starts_at)
            event.add("dtend", item.starts_at + timedelta(hours=VISIT_HOURS))
        else:
            event.add("dtstart", item.day)
            event.add("dtend", item.day + timedelta(days=1))
            event.add("transp", "TRANSPARENT")
        details = [item.details.strip()]
        if item.opportunity:
            details.insert(0, t("agenda.opportunity", lang, name=item.opportunity))
        text = _clean("\n".join(d for d in details if d))
        if text:
            event.add("description", text)
        event.add("categories", [t("agenda.calendar_name", lang)])
        calendar.add_component(event)
    return calendar.to_ical()
