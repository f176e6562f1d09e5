"""The weekly funnel review (METHOD §4): per open opportunity, the review questions answered."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from dragon_tui.export.text import rule, wrap
from dragon_tui.labels import t
from dragon_tui.method.stages import stage_name
from dragon_tui.models import Account, Competitor, Opportunity
from dragon_tui.models.enums import OpportunityStatus, StageScheme

QUESTIONS = (
    "first_contact",
    "next_contact",
    "urgent_need",
    "decision",
    "competitors",
    "quoted",
    "next_action",
)


def review_answers(
    opp: Opportunity, competitors: Mapping[str, Competitor], lang: str
) -> list[tuple[str, str]]:
    none = t("review.unknown", lang)
    decision = (
        " / ".join(x for x in (opp.decision_process, str(opp.decision_date or "")) if x) or none
    )
    rivals = "、".join(competitors[c].name for c in opp.competitor_ids if c in competitors) or none
    values = (
        str(opp.first_contact_on or none),
        str(opp.next_contact_on or none),
        opp.urgent_need or none,
        decision,
        rivals,
        t("action.yes" if opp.quoted else "action.no", lang),
        opp.next_step or none,
    )
    return [(t(f"review.{q}", lang), v) for q, v in zip(QUESTIONS, values, strict=True)]


def _open(opportunities: Sequence[Opportunity]) -> list[Opportunity]:
    return sorted(
        (o for o in opportunities if o.status == OpportunityStatus.OPEN and not o.deleted),
        key=lambda o: (-o.stage, -o.amount),
    )


def review_text(
    opportunities: Sequence[Opportunity],
    accounts: Mapping[str, Account],
    competitors: Mapping[str, Competitor],
    lang: str,
    title: str,
    scheme: StageScheme = StageScheme.SIX_MOVES,
) -> str:
    out = wrap(title, 80) + [rule(80, "═")]
    for opp in _open(opportunities):
        account = accounts.get(opp.account_id)
        out += wrap(
            f"{opp.name} — {account.name if account else '?'} — {stage_name(scheme, opp, lang)} — {opp.amount:,.0f}",
            80,
        )
        for question, answer in review_answers(opp, competitors, lang):
            out += wrap(
                f"  {question}：{answer}" if lang == "zh" else f"  {question}: {answer}",
                80,
                indent="    ",
            )
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def review_markdown(
    opportunities: Sequence[Opportunity],
    accounts: Mapping[str, Account],
    competitors: Mapping[str, Competitor],
    lang: str,
    title: str,
    scheme: StageScheme = StageScheme.SIX_MOVES,
) -> str:
    out = [f"# {title}", ""]
    for opp in _open(opportunities):
        account = accounts.get(opp.account_id)
        out += [
            f"## {opp.name} — {account.name if account else '?'}",
            "",
            f"*{stage_name(scheme, opp, lang)} · {opp.amount:,.0f}*",
            "",
        ]
        out += [f"- **{q}**: {a}" for q, a in review_answers(opp, competitors, lang)]
        out.append("")
    return "\n".join(out).rstrip() + "\n"
