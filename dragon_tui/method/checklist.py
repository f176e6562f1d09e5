"""Pre-visit checklist (拜访前准备, METHOD §5), generated from what the dossier knows and lacks.

Every gap in the dossier produces its own GAP item; a complete dossier produces none of them.
The standing items (objective, people, appointment, topics, questions, materials, objections,
appearance, offer of help, next appointment) are always there, filled from what is known.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

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


def _pick(lang: str, zh: str, en: str) -> str:
    return zh if lang == "zh" else en


def gap_items(ctx: VisitContext) -> list[tuple[str, str]]:
    """(zh, en) texts of every gap in the dossier relevant to this visit."""
    gaps: list[tuple[str, str]] = []
    live = [c for c in ctx.contacts if not c.deleted]
    account = ctx.account
    if not any(c.is_coach for c in live):
        gaps.append(
            (
                "找到内线/教练：谁希望我们赢并愿意传递信息？",
                "Find a coach: who wants us to win and will share information?",
            )
        )
    deciders = [c for c in live if PurchaseRole.DECISION_MAKER in c.roles]
    if not deciders:
        gaps.append(("确认谁是决策者", "Find out who the decision-maker is"))
    for person in deciders:
        if person.attitude is None:
            gaps.append(
                (
                    f"了解决策者{person.name}对我们的态度",
                    f"Learn decision-maker {person.name}'s attitude to us",
                )
            )
    if not account.current_suppliers:
        gaps.append(("了解客户现有的供应商", "Learn who the current suppliers are"))
    if not [c for c in ctx.competitors if not c.deleted]:
        gaps.append(
            (
                "了解有哪些竞争对手在接触这个客户",
                "Learn which competitors are active at the account",
            )
        )
    card = ctx.opportunity.acard if ctx.opportunity is not None else account.acard
    if not any(s.score for s in card.scores.values()) and not any(
        s.score for s in account.acard.scores.values()
    ):
        gaps.append(
            (
                "完成A卡评估（量、时间、匹配、回报、赢率）",
                "Assess the A-card (volume, timing, fit, return, win probability)",
            )
        )
    for person in ctx.meeting:
        if person.personal_need is None:
            gaps.append((f"了解{person.name}的个人需求", f"Learn {person.name}'s personal need"))
        if person.communication_style is None:
            gaps.append(
                (f"观察{person.name}的沟通风格", f"Observe {person.name}'s communication style")
            )
        if person.attitude is None:
            gaps.append(
                (f"判断{person.name}对我们的支持度", f"Judge {person.name}'s attitude to us")
            )
    opp = ctx.opportunity
    if opp is not None:
        if not opp.urgent_need.strip():
            gaps.append(("确认客户的紧迫需求", "Confirm the customer's urgent need"))
        if not opp.decision_process.strip() or opp.decision_date is None:
            gaps.append(("了解决策流程和决策时间", "Learn the decision process and decision date"))
        if opp.stage >= 3 and not opp.needs_confirmed_in_writing:
            gaps.append(("争取客户书面确认需求", "Get the needs confirmed in writing"))
    return gaps


def _people_items(ctx: VisitContext) -> list[str]:
    from dragon_tui.labels import label

    lang = ctx.lang
    lines = []
    for person in ctx.meeting:
        roles = "、".join(label(r, lang) for r in person.roles) if person.roles else "—"
        attitude = f"{int(person.attitude):+d}" if person.attitude is not None else "?"
        style = label(person.communication_style, lang) if person.communication_style else "?"
        need = label(person.personal_need, lang) if person.personal_need else "?"
        lines.append(
            _pick(
                lang,
                f"{person.name}（{person.title or '—'}）：角色 {roles}，支持度 {attitude}，风格 {style}，个人需求 {need}",
                f"{person.name} ({person.title or '—'}): roles {roles}, attitude {attitude}, style {style}, personal need {need}",
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
        names = "、".join(c.name for c in missing)
        lines.append(
            _pick(
                lang,
                f"这次见不到：{names}——如何争取见面？",
                f"Not in this meeting: {names} — how do we reach them?",
            )
        )
    if not ctx.meeting:
        lines.append(_pick(lang, "确定这次要见的人", "Decide who we will meet"))
    return lines


def generate(ctx: VisitContext) -> list[ChecklistItem]:
    """The checklist items for a visit, in the context's language."""
    lang = ctx.lang
    items: list[ChecklistItem] = []

    def add(kind: ChecklistKind, text: str) -> None:
        items.append(ChecklistItem(kind=kind, text=text))

    opp = ctx.opportunity
    goal = opp.next_step.strip() if opp and opp.next_step.strip() else ""
    add(
        K.OBJECTIVE,
        _pick(
            lang,
            f"本次拜访目标与希望达成的下一步：{goal or '（待定）'}",
            f"Objective of this visit and the next step we want: {goal or '(to decide)'}",
        ),
    )
    for line in _people_items(ctx):
        add(K.PEOPLE, line)
    when = ctx.visit_on.isoformat() if ctx.visit_on else _pick(lang, "待定", "to be set")
    add(
        K.APPOINTMENT,
        _pick(lang, f"确认拜访时间段（{when}）", f"Confirm the appointment time window ({when})"),
    )
    topic = opp.name if opp else ctx.account.name
    add(K.TOPICS, _pick(lang, f"话题：{topic}", f"Topics: {topic}"))
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
        add(
            K.MATERIALS,
            _pick(
                lang,
                f"带上最新方案 v{latest.version}",
                f"Bring the latest proposal v{latest.version}",
            ),
        )
    add(K.MATERIALS, _pick(lang, "带上客户案例与推荐信、样品", "Bring references and samples"))
    for objection in active_objections(ctx.objections, "visit")[:3]:
        text = _pick(
            lang, objection.text_zh or objection.text_en, objection.text_en or objection.text_zh
        )
        answer = _pick(
            lang,
            objection.response_zh or objection.response_en,
            objection.response_en or objection.response_zh,
        )
        add(K.OBJECTIONS, f"{text} → {answer}")
    add(K.APPEARANCE, _pick(lang, "着装得体，与客户风格相称", "Dress to suit the customer's style"))
    add(
        K.OFFER_OF_HELP,
        _pick(
            lang,
            "准备一件能帮到对方的事（资料、引荐、建议）",
            "Prepare an offer of help (information, an introduction, advice)",
        ),
    )
    add(
        K.NEXT_APPOINTMENT,
        _pick(lang, "离开前约定下一次见面", "Ask for the next appointment before leaving"),
    )
    for zh, en in gap_items(ctx):
        add(K.GAP, _pick(lang, zh, en))
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
