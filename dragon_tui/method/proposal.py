"""Proposals (方案, METHOD §2.4): pre-filled sections, length guidance, versions, presentation outline."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from dragon_tui.export.text import wrap
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


def _pick(lang: str, zh: str, en: str) -> str:
    return zh if lang == "zh" else en


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
    greeting = "、".join(deciders) if deciders else account.name
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
        S.COVER_LETTER: _pick(
            lang,
            f"尊敬的{greeting}：\n\n感谢贵公司对我们的信任。针对“{opp.name}”，我们提出以下方案，期待与您共同实现目标。",
            f"Dear {greeting},\n\nThank you for your trust. For “{opp.name}” we propose the following, and look forward to reaching your goals together.",
        ),
        S.CURRENT_AND_FUTURE: " ".join(situation[:3] + goals[:3])
        or _pick(
            lang,
            f"{account.name}正处于业务发展的关键阶段。",
            f"{account.name} is at a key stage of its growth.",
        ),
        S.PROBLEMS_AND_CHALLENGES: numbered(items),
        S.SOLUTION: numbered(solutions) if solutions else "",
        S.PRODUCTS_AND_SERVICES: numbered(products) if products else "",
        S.IMPLEMENTATION_PLAN: _pick(
            lang,
            "1. 调研与设计\n2. 实施与上线\n3. 培训与验收",
            "1. Discovery and design\n2. Implementation and go-live\n3. Training and acceptance",
        ),
        S.QUOTE: "",
        S.RESPONSES: numbered(criteria),
        S.CREDENTIALS: _pick(
            lang, "公司资质与同行业客户案例", "Company credentials and references in your industry"
        ),
    }


@dataclass(frozen=True)
class Guidance:
    ok: bool
    message: tuple[str, str]

    def text(self, lang: str) -> str:
        return self.message[0] if lang == "zh" else self.message[1]


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
        return Guidance(3 <= n <= 5, (f"{n} 项（应为 3–5 项）", f"{n} items (3–5 expected)"))
    if section == S.CURRENT_AND_FUTURE:
        paragraphs = (
            len([p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]) if text.strip() else 0
        )
        return Guidance(
            paragraphs == 1,
            (f"{paragraphs} 段（应为一段）", f"{paragraphs} paragraphs (one expected)"),
        )
    if section in (S.COVER_LETTER, S.IMPLEMENTATION_PLAN, S.QUOTE, S.RESPONSES):
        lines = page_lines(text)
        return Guidance(
            lines <= PAGE_LINES,
            (f"{lines}/{PAGE_LINES} 行（一页以内）", f"{lines}/{PAGE_LINES} lines (one page)"),
        )
    return Guidance(True, ("", ""))


def new_proposal(src: ProposalSources, today: date, version: int = 1) -> Proposal:
    return Proposal(
        opportunity_id=src.opportunity.id,
        account_id=src.account.id,
        version=version,
        title=_pick(
            src.lang,
            f"{src.account.name} {src.opportunity.name} 建议书",
            f"{src.opportunity.name} proposal for {src.account.name}",
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


OUTLINE = (
    ("开场", "Open"),
    ("引起注意", "Grab attention"),
    ("致谢", "Thank"),
    ("价值陈述", "Value statement"),
    ("议程", "Agenda"),
    ("正文要点", "Body"),
    ("总结", "Summary"),
    ("请求决定", "Ask for the decision"),
)


def presentation_outline(proposal: Proposal, lang: str) -> list[str]:
    """The presentation outline of METHOD §2.4, filled from the proposal."""
    i = 0 if lang == "zh" else 1
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
    for n, (zh, en) in enumerate(OUTLINE, 1):
        head = f"{n}. {(zh, en)[i]}"
        if (zh, en) == OUTLINE[3] and value:
            head += f"：{value}" if lang == "zh" else f": {value}"
        lines.append(head)
        if (zh, en) == OUTLINE[5]:
            lines += [f"   - {p}" for p in points[:5]]
    return lines
