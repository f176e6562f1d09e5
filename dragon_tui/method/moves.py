"""Each of the six moves guided and checked (METHOD §2): its steps as done / not done and its
exit marker checked from the data; moving on with the marker unmet records an override."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from dragon_tui.errors import ValidationFailed
from dragon_tui.method import stages
from dragon_tui.method.acard import assess
from dragon_tui.method.receivables import invoices_paid
from dragon_tui.models import (
    Account,
    Activity,
    CompetitiveCell,
    Competitor,
    Contact,
    Invoice,
    NeedItem,
    Opportunity,
    Proposal,
    SpinAnswer,
    StageOverride,
)
from dragon_tui.models.enums import (
    ActivityType,
    AnswerStatus,
    NeedLevel,
    PurchaseRole,
    RelationshipStage,
    StageScheme,
)


class ExitMarkerUnmet(ValidationFailed):
    """Moving on (or marking won) without the exit marker needs a reason."""


@dataclass(frozen=True)
class DealRecords:
    """Everything the move checks read for one opportunity (gathered by the service layer)."""

    opportunity: Opportunity
    account: Account
    contacts: list[Contact] = field(default_factory=list)
    competitors: list[Competitor] = field(default_factory=list)
    activities: list[Activity] = field(default_factory=list)
    invoices: list[Invoice] = field(default_factory=list)
    spin_answers: list[SpinAnswer] = field(default_factory=list)
    need_items: list[NeedItem] = field(default_factory=list)
    proposals: list[Proposal] = field(default_factory=list)
    competitive_cells: list[CompetitiveCell] = field(default_factory=list)

    @property
    def people(self) -> list[Contact]:
        """The people of this deal: those named on it, else everyone at the account."""
        wanted = set(self.opportunity.contact_ids)
        chosen = [c for c in self.contacts if c.id in wanted]
        return chosen or list(self.contacts)

    @property
    def key_people(self) -> list[Contact]:
        """The decision-maker(s) and the coach(es) of the deal."""
        return [c for c in self.people if c.is_coach or PurchaseRole.DECISION_MAKER in c.roles]


_LADDER = list(RelationshipStage)


def _at_least(contact: Contact, rung: RelationshipStage) -> bool:
    stage = contact.relationship_stage
    return stage is not None and _LADDER.index(stage) >= _LADDER.index(rung)


@dataclass(frozen=True)
class Step:
    key: str  # labels: "move.step.<key>"
    done: bool


Check = Callable[[DealRecords], bool]

# The steps of each move (METHOD §2.1–§2.6), each with the data that shows it done.
STEPS: dict[int, list[tuple[str, Check]]] = {
    1: [
        # "Find an inside contact, the coach (内线/教练)"
        ("find_coach", lambda r: any(c.is_coach for c in r.contacts)),
        # "Collect four categories of information (the dossier)"
        (
            "customer_status",
            lambda r: bool(r.account.industry or r.account.nature or r.account.business_scope),
        ),
        ("organisation", lambda r: any(c.level is not None for c in r.contacts)),
        ("competitors", lambda r: bool(r.competitors)),
        # "Assess the opportunity: the A-card (A卡) — five criteria, each scored"
        ("acard", lambda r: assess(r.opportunity.acard).total is not None),
    ],
    2: [
        # "认识 acquaintance → 约会 dates and interaction → 信赖 trust → 同盟 alliance"
        (
            "key_people_met",
            lambda r: any(_at_least(c, RelationshipStage.ACQUAINTANCE) for c in r.key_people),
        ),
        ("dates", lambda r: any(_at_least(c, RelationshipStage.INTERACTION) for c in r.key_people)),
        # "Communication styles (沟通风格), to adapt how we talk"
        (
            "styles",
            lambda r: bool(r.key_people) and all(c.communication_style for c in r.key_people),
        ),
    ],
    3: [
        # "SPIN questions … records answers"
        (
            "spin",
            lambda r: any(a.status == AnswerStatus.ASKED and a.answer for a in r.spin_answers),
        ),
        # "Needs ladder (需求层次), from deep to surface"
        (
            "deep_needs",
            lambda r: any(n.level in (NeedLevel.GOAL, NeedLevel.PROBLEM) for n in r.need_items),
        ),
        # "Customer purchase process (采购流程) — six phases"
        ("purchase_process", lambda r: r.opportunity.purchase_phase is not None),
    ],
    4: [
        # "Competitive analysis chart (竞争分析)"
        ("competitive_chart", lambda r: bool(r.competitive_cells)),
        # "FAB … Proposal structure (方案结构)"
        ("proposal", lambda r: bool(r.proposals)),
        (
            "presentation",
            lambda r: any(
                a.type in (ActivityType.DEMO, ActivityType.PROPOSAL_SENT) and not a.planned
                for a in r.activities
            ),
        ),
    ],
    5: [
        # "Buying signals (购买信号)"
        ("buying_signals", lambda r: bool(r.opportunity.buying_signals)),
        # "Closing methods: choice close, promotion / free trial, direct summary-and-ask"
        ("closing", lambda r: any(a.closing_method is not None for a in r.activities)),
        # "Negotiation, five steps: understand both positions and interests → trade concessions"
        (
            "negotiation",
            lambda r: bool(
                r.opportunity.negotiation.their_interests and r.opportunity.negotiation.trades
            ),
        ),
        ("walk_away", lambda r: bool(r.opportunity.negotiation.walk_away.strip())),
        # "Expand the deal: vertical (more of the same), horizontal (other products/departments)"
        ("upsell", lambda r: bool(r.opportunity.upsells)),
    ],
    6: [
        # "Causes of late payment: fraud (prevent with a credit check)"
        ("credit_check", lambda r: r.account.credit_check is not None),
        ("invoices", lambda r: bool(r.invoices)),
        ("payments", lambda r: any(i.payments for i in r.invoices)),
    ],
}

# Exit markers checked from the data (issue 19, METHOD §2 table):
EXIT_CHECKS: dict[int, Check] = {
    # move 1 — "A strong A-card → invest now (go to stage 2)"
    1: lambda r: assess(r.opportunity.acard).invest_now,
    # move 2 — "relationship ≥ trust with decision-maker/coach"
    2: lambda r: any(_at_least(c, RelationshipStage.TRUST) for c in r.key_people),
    # move 3 — "needs explicit and, ideally, confirmed in writing (书面需求)"
    3: lambda r: r.opportunity.needs_confirmed_in_writing,
    # move 4 — "the customer signals they will switch to us": a buying signal seen
    4: lambda r: bool(r.opportunity.buying_signals),
    # move 5 — "contract signed"
    5: lambda r: r.opportunity.contract_signed_on is not None,
    # move 6 — "payment received": the opportunity's invoices paid in full
    6: lambda r: invoices_paid(r.invoices),
}


@dataclass(frozen=True)
class MoveGuide:
    """The current move of an opportunity: its steps and whether its exit marker is met."""

    stage: int
    steps: list[Step]
    marker_met: bool | None  # None: this stage scheme's marker cannot be read from the data

    @property
    def steps_done(self) -> int:
        return sum(s.done for s in self.steps)


def move_guide(
    records: DealRecords, scheme: StageScheme = StageScheme.SIX_MOVES, stage: int | None = None
) -> MoveGuide:
    """The steps and exit marker of `stage` (default: the opportunity's current stage)."""
    stage = stage or records.opportunity.stage
    if scheme != StageScheme.SIX_MOVES:
        return MoveGuide(stage, [], None)
    steps = [Step(key, bool(check(records))) for key, check in STEPS[stage]]
    return MoveGuide(stage, steps, bool(EXIT_CHECKS[stage](records)))


def _override(opp: Opportunity, to_stage: int, on: date, reason: str) -> Opportunity:
    entry = StageOverride(from_stage=opp.stage, to_stage=to_stage, on=on, reason=reason.strip())
    history = [o.model_dump() for o in opp.stage_overrides] + [entry.model_dump()]
    return opp.with_changes(stage_overrides=history)


def advance_checked(
    records: DealRecords,
    on: date,
    reason: str = "",
    scheme: StageScheme = StageScheme.SIX_MOVES,
) -> Opportunity:
    """Move to the next stage. With the exit marker unmet, a reason is required and the move is
    recorded as an override ("Advancing with the marker unmet asks for a reason and records the
    override")."""
    opp = records.opportunity
    guide = move_guide(records, scheme)
    if guide.marker_met is False:
        if not reason.strip():
            raise ExitMarkerUnmet(
                f"opportunity {opp.name!r}: the exit marker of stage {opp.stage} is not met; "
                "give a reason to move on anyway"
            )
        opp = _override(opp, opp.stage + 1, on, reason)
    return stages.advance(opp, on, reason.strip())


def can_win_without_override(opp: Opportunity) -> bool:
    """ "Won is only possible from move 5 or with a recorded override" (move 6 is after it)."""
    return opp.stage >= 5


def mark_won_checked(opp: Opportunity, on: date, reason: str = "") -> Opportunity:
    """Mark won; before move 5 only with a reason, recorded as an override to 0 (won)."""
    if can_win_without_override(opp):
        return stages.mark_won(opp, on)
    if not reason.strip():
        raise ExitMarkerUnmet(
            f"opportunity {opp.name!r} is at stage {opp.stage}; a deal is won from stage 5 — "
            "give a reason to mark it won anyway"
        )
    return stages.mark_won(_override(opp, 0, on, reason), on)
