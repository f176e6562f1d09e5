"""Pre-visit checklist (拜访前准备, METHOD §5), generated from what the dossier knows and lacks.

Every gap in the dossier produces its own GAP item; a complete dossier produces none of them.
The standing items (objective, people, appointment, topics, questions, materials, objections,
appearance, offer of help, next appointment) are always there, filled from what is known.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from dragon_tui.labels import Phrase, phrase
from dragon_tui.method.objections import active_objections
from dragon_tui.method.spin_suggestions import suggestions
from dragon_tui.models import (
    Account,
    Checklist,
    ChecklistItem,
    Competitor,
    Contact,
    Objection,
    Opportunity,
    Proposal,
    SpinAnswer,
    SpinQuestion,
)
from dragon_tui.models.enums import ChecklistKind, PurchaseRole, SpinCategory

K = ChecklistKind


@dataclass
class VisitContext:
    """Everything the generator reads; the caller gathers it from the store."""

    account: Account
    contacts: Sequence[Contact]  # every contact at the account
    competitors: Sequence[Competitor] = ()
    opportunity: Opportunity | None = None
    meeting: Sequence[Contact] = ()  # the people we will meet (empty = not decided yet)
    proposals: Sequence[Proposal] = ()
    bank: Sequence[SpinQuestion] = ()
    answers: Sequence[SpinAnswer] = ()
    objections: Sequence[Objection] = ()
    visit_on: date | None = None
    lang: str = "zh"


def gap_items(ctx: VisitContext) -> list[Phrase]:
    """Every gap in the dossier relevant to this visit ("gap.…" labels)."""
    gaps: list[Phrase] = []
    live = [c for c in ctx.contacts if not c.deleted]
    account = ctx.account
    if not any(c.is_coach for c in live):
        gaps.append(phrase("gap.coach"))
    deciders = [c for c in live if PurchaseRole.DECISION_MAKER in c.roles]
    if not deciders:
        gaps.append(phrase("gap.decision_maker"))
    for person in deciders:
        if person.attitude is None:
            gaps.append(phrase("gap.decision_maker_attitude", name=person.name))
    if not account.current_suppliers:
        gaps.append(phrase("gap.suppliers"))
    if not [c for c in ctx.competitors if not c.deleted]:
        gaps.append(phrase("gap.competitors"))
    card = ctx.opportunity.acard if ctx.opportunity is not None else account.acard
    if not any(s.score for s in card.scores.values()) and not any(
        s.score for s in account.acard.scores.values()
    ):
        gaps.append(phrase("gap.acard"))
    for person in ctx.meeting:
        if person.personal_need is None:
            gaps.append(phrase("gap.personal_need", name=person.name))
        if person.communication_style is None:
            gaps.append(phrase("gap.style", name=person.name))
        if person.attitude is None:
            gaps.append(phrase("gap.attitude", name=person.name))
    opp = ctx.opportunity
    if opp is not None:
        if not opp.urgent_need.strip():
            gaps.append(phrase("gap.urgent_need"))
        if not opp.decision_process.strip() or opp.decision_date is None:
            gaps.append(phrase("gap.decision_process"))
        if opp.stage >= 3 and not opp.needs_confirmed_in_writing:
            gaps.append(phrase("gap.needs_in_writing"))
    return gaps


def _people_items(ctx: VisitContext) -> list[Phrase]:
    lines = []
    for person in ctx.meeting:
        lines.append(
            phrase(
                "draft.checklist.person",
                name=person.name,
                title=person.title or "—",
                roles=list(person.roles) if person.roles else "—",
                attitude=f"{int(person.attitude):+d}" if person.attitude is not None else "?",
                style=person.communication_style or "?",
                need=person.personal_need or "?",
            )
        )
    met = {c.id for c in ctx.meeting}
    missing = [
        c
        for c in ctx.contacts
        if not c.deleted
        and c.id not in met
        and (PurchaseRole.DECISION_MAKER in c.roles or c.is_coach)
    ]
    if ctx.meeting and missing:
        lines.append(phrase("draft.checklist.not_met", names=[c.name for c in missing]))
    if not ctx.meeting:
        lines.append(phrase("draft.checklist.decide_people"))
    return lines


def _pick(lang: str, zh: str, en: str) -> str:
    """User text kept in both languages (a bank objection): the one asked for, else the other."""
    return (zh or en) if lang == "zh" else (en or zh)


def generate(ctx: VisitContext) -> list[ChecklistItem]:
    """The checklist items for a visit, in the context's language."""
    lang = ctx.lang
    items: list[ChecklistItem] = []

    def add(kind: ChecklistKind, text: Phrase | str) -> None:
        shown = text.text(lang) if isinstance(text, Phrase) else text
        items.append(ChecklistItem(kind=kind, text=shown))

    opp = ctx.opportunity
    goal = opp.next_step.strip() if opp and opp.next_step.strip() else ""
    add(
        K.OBJECTIVE,
        phrase("draft.checklist.objective", goal=goal or phrase("draft.checklist.goal_unset")),
    )
    for line in _people_items(ctx):
        add(K.PEOPLE, line)
    when = ctx.visit_on.isoformat() if ctx.visit_on else phrase("draft.checklist.date_unset")
    add(K.APPOINTMENT, phrase("draft.checklist.appointment", when=when))
    topic = opp.name if opp else ctx.account.name
    add(K.TOPICS, phrase("draft.checklist.topics", topic=topic))
    for category in SpinCategory:
        for s in suggestions(
            category,
            ctx.bank,
            ctx.answers,
            ctx.meeting,
            ctx.contacts,
            ctx.account.industry or None,
            limit=2,
        ):
            add(K.QUESTIONS, s.text(lang))
    latest = max((p for p in ctx.proposals if not p.deleted), key=lambda p: p.version, default=None)
    if latest is not None:
        add(K.MATERIALS, phrase("draft.checklist.latest_proposal", version=latest.version))
    add(K.MATERIALS, phrase("draft.checklist.references"))
    for objection in active_objections(ctx.objections, "visit")[:3]:
        text = _pick(lang, objection.text_zh, objection.text_en)
        answer = _pick(lang, objection.response_zh, objection.response_en)
        add(K.OBJECTIONS, f"{text} → {answer}")
    add(K.APPEARANCE, phrase("draft.checklist.appearance"))
    add(K.OFFER_OF_HELP, phrase("draft.checklist.offer_of_help"))
    add(K.NEXT_APPOINTMENT, phrase("draft.checklist.next_appointment"))
    for gap in gap_items(ctx):
        add(K.GAP, gap)
    return items


def new_checklist(ctx: VisitContext) -> Checklist:
    """A checklist record for the visit (not yet saved)."""
    return Checklist(
        account_id=ctx.account.id,
        opportunity_id=ctx.opportunity.id if ctx.opportunity else None,
        contact_ids=[c.id for c in ctx.meeting],
        visit_on=ctx.visit_on,
        objective=(ctx.opportunity.next_step if ctx.opportunity else "")[:2000],
        items=generate(ctx),
    )


def toggle_item(checklist: Checklist, item_id: str) -> Checklist:
    items = [i.with_changes(done=not i.done) if i.id == item_id else i for i in checklist.items]
    return checklist.with_changes(items=[i.model_dump() for i in items])
