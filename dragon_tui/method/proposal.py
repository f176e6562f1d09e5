"""Proposals (方案, METHOD §2.4): pre-filled sections, length guidance, versions, presentation outline."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from dragon_tui.export.text import wrap
from dragon_tui.labels import Phrase, phrase, t
from dragon_tui.method.needs_ladder import ladder
from dragon_tui.models import Account, Contact, NeedItem, Opportunity, Proposal, SpinAnswer
from dragon_tui.models.base import new_id
from dragon_tui.models.enums import (
    AnswerStatus,
    NeedLevel,
    ProposalSection,
    PurchaseRole,
    SpinCategory,
)

S = ProposalSection
PAGE_LINES = 40  # one printed page of the 80-column text export
_ITEM = re.compile(r"^\s*(\d+[.、)]|[-•*·])\s*")


@dataclass
class ProposalSources:
    """What a proposal is pre-filled from; the caller gathers it from the store."""

    account: Account
    opportunity: Opportunity
    contacts: Sequence[Contact] = ()
    answers: Sequence[SpinAnswer] = ()
    needs: Sequence[NeedItem] = ()
    advice: Sequence[str] = ()
    lang: str = "zh"
    extra: dict = field(default_factory=dict)


def _asked(answers: Sequence[SpinAnswer], category: SpinCategory) -> list[str]:
    return [
        a.answer.strip()
        for a in answers
        if a.category == category
        and a.status == AnswerStatus.ASKED
        and a.answer.strip()
        and not a.deleted
    ]


def prefill(src: ProposalSources) -> dict[ProposalSection, str]:
    """The nine sections in order, drafted from what the rep has recorded."""
    lang, account, opp = src.lang, src.account, src.opportunity
    rungs = ladder(src.needs)
    deciders = [
        c.name for c in src.contacts if PurchaseRole.DECISION_MAKER in c.roles and not c.deleted
    ]
    greeting: object = deciders if deciders else account.name
    goals = [n.text for n in rungs[NeedLevel.GOAL]]
    situation = _asked(src.answers, SpinCategory.SITUATION)
    problems = _asked(src.answers, SpinCategory.PROBLEM) or [
        n.text for n in rungs[NeedLevel.PROBLEM]
    ]
    implications = _asked(src.answers, SpinCategory.IMPLICATION)
    items = (problems + implications)[:5]
    solutions = [n.text for n in rungs[NeedLevel.SOLUTION]] + list(src.advice)
    criteria = [n.text for n in rungs[NeedLevel.PURCHASE_CRITERIA]]
    products = [n.text for n in rungs[NeedLevel.PRODUCT_SERVICE]]  # what to address with FABs
    numbered = lambda lines: "\n".join(f"{i}. {line}" for i, line in enumerate(lines, 1))  # noqa: E731
    return {
        S.COVER_LETTER: phrase(
            "draft.proposal.cover_letter", greeting=greeting, opportunity=opp.name
        ).text(lang),
        S.CURRENT_AND_FUTURE: " ".join(situation[:3] + goals[:3])
        or t("draft.proposal.current", lang, account=account.name),
        S.PROBLEMS_AND_CHALLENGES: numbered(items),
        S.SOLUTION: numbered(solutions) if solutions else "",
        S.PRODUCTS_AND_SERVICES: numbered(products) if products else "",
        S.IMPLEMENTATION_PLAN: t("draft.proposal.implementation", lang),
        S.QUOTE: "",
        S.RESPONSES: numbered(criteria),
        S.CREDENTIALS: t("draft.proposal.credentials", lang),
    }


@dataclass(frozen=True)
class Guidance:
    ok: bool
    message: Phrase  # "guidance.…"

    def text(self, lang: str) -> str:
        return self.message.text(lang)


def count_items(text: str) -> int:
    """Numbered or bulleted lines; if there are none, non-empty lines."""
    lines = [line for line in text.splitlines() if line.strip()]
    marked = [line for line in lines if _ITEM.match(line)]
    return len(marked) if marked else len(lines)


def page_lines(text: str, width: int = 80) -> int:
    return sum(len(wrap(p, width)) for p in text.split("\n")) if text else 0


def guidance(section: ProposalSection, text: str) -> Guidance:
    """Live length guidance: one page, one paragraph, or 3 to 5 items, as METHOD §2.4 asks."""
    if section == S.PROBLEMS_AND_CHALLENGES:
        n = count_items(text)
        return Guidance(3 <= n <= 5, phrase("guidance.items", n=n))
    if section == S.CURRENT_AND_FUTURE:
        paragraphs = (
            len([p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]) if text.strip() else 0
        )
        return Guidance(paragraphs == 1, phrase("guidance.paragraphs", n=paragraphs))
    if section in (S.COVER_LETTER, S.IMPLEMENTATION_PLAN, S.QUOTE, S.RESPONSES):
        lines = page_lines(text)
        return Guidance(lines <= PAGE_LINES, phrase("guidance.page", lines=lines, page=PAGE_LINES))
    return Guidance(True, phrase("guidance.none"))


def new_proposal(src: ProposalSources, today: date, version: int = 1) -> Proposal:
    return Proposal(
        opportunity_id=src.opportunity.id,
        account_id=src.account.id,
        version=version,
        title=t(
            "draft.proposal.title",
            src.lang,
            account=src.account.name,
            opportunity=src.opportunity.name,
        ),
        language=src.lang,
        issued_on=today,
        sections=prefill(src),
    )


def latest(proposals: Sequence[Proposal]) -> Proposal | None:
    live = [p for p in proposals if not p.deleted]
    return max(live, key=lambda p: p.version, default=None)


def next_version(proposal: Proposal, today: date) -> Proposal:
    """A new version copying the given one; the old one stays as it was, readable."""
    data = proposal.model_dump()
    data.update(id=new_id(), version=proposal.version + 1, issued_on=today, revision=0)
    for key in ("created_at", "updated_at", "updated_by"):
        data.pop(key)
    return Proposal.model_validate(data)


# The presentation outline of METHOD §2.4, each step labelled "outline.<step>".
OUTLINE = ("open", "attention", "thank", "value", "agenda", "body", "summary", "ask")


def presentation_outline(proposal: Proposal, lang: str) -> list[str]:
    """The presentation outline of METHOD §2.4, filled from the proposal."""
    points = [
        _ITEM.sub("", line).strip()
        for line in proposal.sections.get(S.PROBLEMS_AND_CHALLENGES, "").splitlines()
        if line.strip()
    ][:5]
    points += [s.benefit for s in proposal.fab_statements if s.benefit][: max(0, 5 - len(points))]
    value = (
        next((s.benefit for s in proposal.fab_statements if s.benefit), "")
        or proposal.sections.get(S.SOLUTION, "").split("\n")[0]
    )
    lines = []
    for n, step in enumerate(OUTLINE, 1):
        head = phrase(f"outline.{step}")
        if step == "value" and value:
            head = phrase("outline.with_value", head=head, value=value)
        lines.append(f"{n}. {head.text(lang)}")
        if step == "body":
            lines += [f"   - {p}" for p in points[:5]]
    return lines
