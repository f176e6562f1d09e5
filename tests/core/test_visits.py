"""Checklist generation from gaps, follow-ups and the agenda, objection bank, checklist exports."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from dragon_tui.cli import main
from dragon_tui.errors import ValidationFailed
from dragon_tui.export.checklist import checklist_markdown, checklist_text
from dragon_tui.method import objections
from dragon_tui.method.activity_log import new_activity, resolve_people
from dragon_tui.method.checklist import (
    VisitContext,
    gap_items,
    generate,
    new_checklist,
    toggle_item,
)
from dragon_tui.method.followups import build_agenda, complete_step
from dragon_tui.models import (
    ACard,
    ACardScore,
    Account,
    Activity,
    ChecklistItem,
    Competitor,
    Contact,
    NextStep,
    Opportunity,
)
from dragon_tui.models.enums import (
    ACardCriterion,
    ActivityType,
    ChecklistKind,
    CommunicationStyle,
    PersonalNeed,
    PurchaseRole,
)
from dragon_tui.store import Store

TODAY = date(2026, 11, 25)
GOLDEN = Path(__file__).parent.parent / "golden"


def complete_context(**overrides) -> VisitContext:
    account = Account(
        id="acc",
        name="北京现代",
        current_suppliers=["华为"],
        acard=ACard(scores={ACardCriterion.FIT: ACardScore(score=4)}),
    )
    boss = Contact(
        id="boss",
        account_id="acc",
        name="王总",
        roles=[PurchaseRole.DECISION_MAKER],
        attitude=2,
        personal_need=PersonalNeed.ESTEEM,
        communication_style=CommunicationStyle.EAGLE,
    )
    coach = Contact(
        id="coach",
        account_id="acc",
        name="李工",
        is_coach=True,
        attitude=3,
        personal_need=PersonalNeed.SAFETY,
        communication_style=CommunicationStyle.OWL,
    )
    opp = Opportunity(
        id="opp",
        account_id="acc",
        name="ERP",
        stage=3,
        urgent_need="产能",
        decision_process="总经理审批",
        decision_date=date(2026, 12, 20),
        needs_confirmed_in_writing=True,
        next_step="约技术交流",
    )
    values = {
        "account": account,
        "contacts": [boss, coach],
        "competitors": [Competitor(account_id="acc", name="SAP")],
        "opportunity": opp,
        "meeting": [boss, coach],
        "objections": objections.seed_objections(),
        "visit_on": TODAY,
    }
    values.update(overrides)
    return VisitContext(**values)


def test_complete_dossier_has_no_gap_items():
    assert gap_items(complete_context()) == []
    items = generate(complete_context())
    assert not [i for i in items if i.kind == ChecklistKind.GAP]
    kinds = {i.kind for i in items}
    assert kinds == set(ChecklistKind) - {ChecklistKind.GAP}


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda c: {"contacts": [p.model_copy(update={"is_coach": False}) for p in c.contacts]},
            "Find a coach",
        ),
        (
            lambda c: {"contacts": [p.model_copy(update={"roles": []}) for p in c.contacts]},
            "who the decision-maker is",
        ),
        (
            lambda c: {
                "contacts": [c.contacts[0].model_copy(update={"attitude": None}), c.contacts[1]]
            },
            "王总's attitude",
        ),
        (
            lambda c: {"account": c.account.model_copy(update={"current_suppliers": []})},
            "current suppliers",
        ),
        (lambda c: {"competitors": []}, "competitors"),
        (lambda c: {"account": c.account.model_copy(update={"acard": ACard()})}, "A-card"),
        (
            lambda c: {"meeting": [c.meeting[0].model_copy(update={"personal_need": None})]},
            "personal need",
        ),
        (
            lambda c: {"meeting": [c.meeting[0].model_copy(update={"communication_style": None})]},
            "communication style",
        ),
        (
            lambda c: {"opportunity": c.opportunity.model_copy(update={"urgent_need": ""})},
            "urgent need",
        ),
        (
            lambda c: {"opportunity": c.opportunity.model_copy(update={"decision_date": None})},
            "decision process",
        ),
        (
            lambda c: {
                "opportunity": c.opportunity.model_copy(
                    update={"needs_confirmed_in_writing": False}
                )
            },
            "in writing",
        ),
    ],
)
def test_each_missing_piece_produces_its_item(change, expected):
    base = complete_context()
    ctx = complete_context(**change(base))
    ctx.lang = "en"
    gaps = [i.text for i in generate(ctx) if i.kind == ChecklistKind.GAP]
    assert len(gaps) == 1 and expected in gaps[0], gaps


def test_people_items_name_who_is_missing():
    ctx = complete_context(meeting=[complete_context().contacts[1]])
    people = [i.text for i in generate(ctx) if i.kind == ChecklistKind.PEOPLE]
    assert any("王总" in p and "见不到" in p for p in people)


def test_toggle_and_objection_bank():
    checklist = new_checklist(complete_context())
    first = checklist.items[0]
    assert toggle_item(checklist, first.id).items[0].done
    bank = objections.seed_objections()
    assert len(objections.active_objections(bank, "phone")) == 4
    retired = [bank[0].with_changes(retired=True), *bank[1:]]
    assert len(objections.active_objections(retired, "phone")) == 3


def step_activity(
    due: date, done: bool = False, planned: bool = False, when: datetime | None = None
) -> Activity:
    return Activity(
        account_id="acc",
        occurred_at=when or datetime(2026, 11, 1, tzinfo=UTC),
        planned=planned,
        contact_ids=["boss"],
        next_steps=[NextStep(text=f"step {due}", due_on=due, done=done)],
    )


def test_agenda():
    activities = [
        step_activity(date(2026, 11, 20)),
        step_activity(TODAY),
        step_activity(date(2026, 11, 28)),
        step_activity(date(2026, 12, 30)),
        step_activity(date(2026, 11, 1), done=True),
        step_activity(date(2026, 12, 31), planned=True, when=datetime(2026, 11, 27, tzinfo=UTC)),
    ]
    ctx = complete_context()
    no_step = Opportunity(account_id="acc", name="quiet deal")
    agenda = build_agenda(
        activities, list(ctx.contacts), [ctx.opportunity, no_step], TODAY, quiet_days=30
    )
    assert [d.step.due_on for d in agenda.overdue] == [date(2026, 11, 20)]
    assert agenda.overdue[0].days_overdue == 5
    assert [d.step.due_on for d in agenda.due_today] == [TODAY]
    assert [d.step.due_on for d in agenda.due_soon] == [date(2026, 11, 28)]
    assert len(agenda.planned_visits) == 1
    assert [q.contact.name for q in agenda.quiet_contacts] == ["李工"]  # 王总 met on 2026-11-01
    assert agenda.no_next_step == [no_step]
    done = complete_step(activities[0], activities[0].next_steps[0].id, TODAY)
    assert done.next_steps[0].done and done.next_steps[0].done_on == TODAY


def test_activity_quick_entry_helpers():
    contacts = complete_context().contacts
    assert resolve_people("王总、李工", contacts) == ["boss", "coach"]
    with pytest.raises(ValidationFailed, match="张三"):
        resolve_people("张三", contacts)
    a = new_activity(
        "acc",
        ActivityType.CALL,
        TODAY,
        "电话",
        next_step="发资料",
        due_on=date(2026, 12, 1),
        owner="我",
    )
    assert a.next_steps[0].due_on == date(2026, 12, 1) and a.occurred_at.date() == TODAY


@pytest.mark.parametrize(("fmt", "lang"), [("txt", "zh"), ("md", "en")])
def test_checklist_golden(fmt, lang):
    ctx = complete_context(contacts=[complete_context().contacts[0]], competitors=[], lang=lang)
    checklist = new_checklist(ctx)
    checklist = checklist.with_changes(
        items=[
            ChecklistItem(id=f"i{n}", kind=i.kind, text=i.text, done=n == 0).model_dump()
            for n, i in enumerate(checklist.items)
        ]
    )
    render = checklist_text if fmt == "txt" else checklist_markdown
    output = render(checklist, ctx.account, ctx.opportunity, ctx.meeting, lang)
    golden = GOLDEN / f"checklist-{lang}.{fmt}"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(output, encoding="utf-8")
    assert output == golden.read_text(encoding="utf-8")


def test_checklist_cli(tmp_path, capsys):
    db = tmp_path / "db.json"
    ctx = complete_context()
    with Store(db) as store:
        store.save_many([ctx.account, *ctx.contacts, ctx.opportunity])
    assert (
        main(
            [
                "checklist",
                "北京",
                "--opportunity",
                "opp",
                "--format",
                "md",
                "--lang",
                "en",
                "--db",
                str(db),
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert out.startswith("# Pre-visit checklist: 北京现代") and "- [ ]" in out
    assert main(["checklist", "nobody", "--db", str(db)]) == 1
