"""The method returns label keys, never (zh, en) pairs (issue 15, "Language as state": "method
modules return label keys or enums, not (zh, en) tuples indexed in screens").

Three checks: the results of the method's rules, walked field by field, carry no tuple of two
strings and every `Phrase` in them names a label that renders in both languages; no method
module holds Chinese text of its own (the seed banks and the filter aliases are data and input,
not labels); no label key is defined twice with two texts (a later module would silently win).
"""

from __future__ import annotations

import ast
import dataclasses
import importlib
import pkgutil
import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from enum import Enum
from pathlib import Path

from pydantic import BaseModel

import dragon_tui.labels as labels_package
import dragon_tui.method as method_package
from dragon_tui.labels import STRINGS, Phrase, phrase
from dragon_tui.method import (
    acard,
    attitude,
    checklist,
    commitment,
    competitive,
    completeness,
    coverage,
    fab,
    health,
    moves,
    needs_hints,
    proposal,
    purchase_process,
    receivables,
    risk,
    spin_suggestions,
    stages,
    upkeep,
)
from dragon_tui.models import (
    ACard,
    ACardScore,
    Account,
    Activity,
    CompetitiveCell,
    Competitor,
    Concession,
    Contact,
    FabStatement,
    Invoice,
    NeedItem,
    NegotiationPlan,
    Opportunity,
    Proposal,
    Settings,
    SpinAnswer,
)
from dragon_tui.models.enums import (
    ACardCriterion,
    ActivityType,
    AnswerStatus,
    Attitude,
    CommunicationStyle,
    CompetitivePosition,
    Function,
    Influence,
    Level,
    NeedLevel,
    PersonalNeed,
    ProposalSection,
    PurchasePhase,
    PurchaseRole,
    SpinCategory,
    StageScheme,
)

TODAY = date(2026, 11, 25)
METHOD_DIR = Path(method_package.__file__).parent
# Modules whose Chinese text is data or input, not labels: the seed question and objection banks
# (copied into the rep's own banks, which he edits in both languages) and the zh filter keys.
DATA_MODULES = {"spin_bank.py", "objections.py", "filters.py"}
IDEOGRAPH = re.compile(r"[\u4e00-\u9fff]")


def is_pair_of_strings(value: object) -> bool:
    return isinstance(value, tuple) and len(value) == 2 and all(isinstance(v, str) for v in value)


def walk(value: object, path: str, found: list[str], phrases: list[Phrase]) -> None:
    """Every tuple of two strings anywhere in `value` (dataclasses, lists, dicts …) goes to
    `found` with its path; every Phrase to `phrases`. Stored records are the data, not results."""
    if is_pair_of_strings(value):
        found.append(f"{path} = {value!r}")
    elif isinstance(value, Phrase):
        phrases.append(value)
        for name, arg in value.args.items():
            walk(arg, f"{path}.args[{name}]", found, phrases)
    elif isinstance(value, BaseModel | Enum | str | bytes):
        return
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            walk(getattr(value, f.name), f"{path}.{f.name}", found, phrases)
    elif isinstance(value, dict):
        for key, item in value.items():
            walk(key, f"{path}[key {key!r}]", found, phrases)
            walk(item, f"{path}[{key!r}]", found, phrases)
    elif isinstance(value, list | tuple | set | frozenset):
        for i, item in enumerate(value):
            walk(item, f"{path}[{i}]", found, phrases)


def test_the_walker_finds_a_pair_wherever_it_hides():
    @dataclasses.dataclass
    class Holder:
        inner: object

    found: list[str] = []
    walk([{"k": Holder(("甲", "a"))}], "r", found, [])
    assert found == ["r[0]['k'].inner = ('甲', 'a')"]
    found = []
    walk(phrase("x", names=[("乙", "b")]), "p", found, [])
    assert found == ["p.args[names][0] = ('乙', 'b')"]
    walk(Holder(("only", "a", "triple")), "r", found := [], [])
    assert found == []


def scored(*scores: int) -> ACard:
    return ACard(
        scores={c: ACardScore(score=s) for c, s in zip(ACardCriterion, scores, strict=False)}
    )


def scenario():
    account = Account(id="acc", name="北京现代汽车有限公司", departments=[])
    people = [
        Contact(
            id="boss",
            account_id="acc",
            name="王总",
            roles=[PurchaseRole.DECISION_MAKER],
            attitude=Attitude(-1),
            level=Level.MANAGEMENT,
            function=Function.FINANCE,
            influence=Influence.HIGH,
            birthday=TODAY + timedelta(days=2),
        ),
        Contact(id="dm2", account_id="acc", name="赵总", roles=[PurchaseRole.DECISION_MAKER]),
        Contact(
            id="coach",
            account_id="acc",
            name="李工",
            is_coach=True,
            attitude=Attitude(-2),
            influence=Influence.HIGH,
            last_contacted_on=TODAY - timedelta(days=90),
        ),
        Contact(
            id="fan",
            account_id="acc",
            name="孙经理",
            attitude=Attitude(2),
            personal_need=PersonalNeed.ESTEEM,
            communication_style=CommunicationStyle.EAGLE,
            level=Level.OPERATIONAL,
            function=Function.TECHNICAL,
        ),
    ]
    opp = Opportunity(
        id="opp",
        account_id="acc",
        name="ERP升级项目",
        amount=Decimal("500000"),
        stage=3,
        acard=scored(2, 2, 2),
        negotiation=NegotiationPlan(
            concessions=[Concession(amount=Decimal("10")), Concession(amount=Decimal("20"))]
        ),
    )
    return account, people, opp


def results() -> dict[str, object]:
    """The results of the method's rules, on data that makes each rule say something."""
    account, people, opp = scenario()
    rival = Competitor(id="rival", account_id="acc", name="对手甲")
    need_strong = NeedItem(opportunity_id="opp", level=NeedLevel.GOAL, text="降本")
    need_weak = NeedItem(opportunity_id="opp", level=NeedLevel.PROBLEM, text="宕机")
    cells = [
        CompetitiveCell(
            opportunity_id="opp", need_id=need_strong.id, position=CompetitivePosition.STRENGTH
        ),
        CompetitiveCell(
            opportunity_id="opp", need_id=need_weak.id, position=CompetitivePosition.WEAKNESS
        ),
    ]
    answer = SpinAnswer(
        opportunity_id="opp",
        category=SpinCategory.PROBLEM,
        status=AnswerStatus.ASKED,
        answer="高峰期宕机",
    )
    met = Activity(
        account_id="acc",
        type=ActivityType.VISIT,
        occurred_at=datetime.combine(TODAY - timedelta(days=1), datetime.min.time(), UTC),
        contact_ids=["fan"],
    )
    invoice = Invoice(
        account_id="acc",
        opportunity_id="opp",
        number="INV-1",
        amount=Decimal("800000"),
        issued_on=TODAY - timedelta(days=200),
        due_on=TODAY - timedelta(days=120),
    )
    draft = Proposal(
        opportunity_id="opp",
        account_id="acc",
        sections={ProposalSection.PROBLEMS_AND_CHALLENGES: "1. 宕机"},
        fab_statements=[FabStatement(feature="双活架构", benefit="")],
    )
    records = moves.DealRecords(opp, account, people, [rival], [met], [invoice], [answer])
    ctx = checklist.VisitContext(account, people, opportunity=opp, meeting=people[:2])
    days = [30] * 6
    return {
        "acard": [acard.assess(c) for c in (ACard(), scored(5, 5, 5, 5, 5), scored(2, 2, 2, 2, 2))],
        "coverage": coverage.coverage_warnings(people, TODAY)
        + coverage.coverage_warnings(people[3:], TODAY),
        "completeness": completeness.completeness(account, people, [rival]),
        "completeness_empty": completeness.completeness(account, [], []),
        "fab": fab.fab_warnings(draft.fab_statements, people, [need_strong]),
        "health": health.deal_health(opp, account, people, TODAY, days),
        "risks": risk.opportunity_risks(opp, people, TODAY, [0] * 6),
        "guidance": [proposal.guidance(s, "1. a\n\nb\n\nc") for s in ProposalSection],
        "phases": [purchase_process.phase_info(p) for p in PurchasePhase],
        "markers": [stages.exit_marker_phrase(s, n) for s in StageScheme for n in range(1, 7)],
        "occasions": upkeep.occasions(people, date(2026, 9, 24), days=10)
        + upkeep.occasions(people, TODAY, days=7),
        "first_calls": upkeep.first_meeting_calls(people, [met], TODAY),
        "gaps": checklist.gap_items(ctx),
        "advice": competitive.advice_phrases(
            competitive.chart([need_strong, need_weak], [rival], cells)
        ),
        "needs": [needs_hints.needs_hint_phrases(p) for p in people],
        "suggestions": [
            spin_suggestions.suggestions(c, [], [answer], people, people[3:]) for c in SpinCategory
        ],
        "concessions": commitment.concession_warnings(opp),
        "guide": moves.move_guide(records),
        "overdue": receivables.overdue_invoices([invoice], TODAY, Settings()),
        "cues": [attitude.attitude_cue_phrases(a) for a in Attitude],
    }


def test_method_results_carry_label_keys_not_zh_en_pairs():
    found: list[str] = []
    phrases: list[Phrase] = []
    for name, result in results().items():
        walk(result, name, found, phrases)
    assert found == []
    # the scenario makes the rules speak: every coverage warning kind is there, and many phrases
    kinds = {w.kind for w in results()["coverage"]}
    assert kinds == set(coverage.WarningKind)
    assert len({p.key for p in phrases}) > 80
    for p in phrases:
        assert p.key in STRINGS, p.key
        zh, en = p.text("zh"), p.text("en")
        assert "{" not in zh + en, p  # every placeholder filled
        if p.key != "guidance.none":
            assert zh and en and zh != en, p


def test_phrase_arguments_are_rendered_in_the_language_shown():
    said = phrase(
        "completeness.missing_of",
        who="王总{0}",  # user text with braces stays literal
        fields=[phrase("completeness.field.title"), phrase("completeness.field.phone")],
    )
    assert said.text("zh") == "王总{0}缺少职务、电话"
    assert said.text("en") == "王总{0}: missing title, phone"
    role = phrase("coverage.role_unmapped", role_name=PurchaseRole.DECISION_MAKER)
    assert role.text("en") == "Nobody is mapped as Decision-maker"
    assert role.text("zh") == "没有人对应“决策者”角色"


def test_no_method_module_holds_chinese_text_of_its_own():
    offenders = []
    for path in sorted(METHOD_DIR.glob("*.py")):
        if path.name in DATA_MODULES:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
            and node.body
            and isinstance(node.body[0], ast.Expr)
        }
        offenders += [
            f"{path.name}:{node.lineno} {node.value[:30]!r}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
            and IDEOGRAPH.search(node.value)
        ]
    assert offenders == []


def test_no_label_key_is_defined_twice_with_different_texts():
    # Modules are merged into one table in name order: a key defined twice with two texts
    # would show whichever module sorts last.
    seen: dict[str, tuple[str, tuple[str, str]]] = {}
    clashes = []
    for info in pkgutil.iter_modules(labels_package.__path__):
        module = importlib.import_module(f"{labels_package.__name__}.{info.name}")
        for key, texts in getattr(module, "STRINGS", {}).items():
            if key in seen and seen[key][1] != texts:
                clashes.append(f"{key}: {seen[key][0]} and {info.name}")
            seen[key] = (info.name, texts)
    assert clashes == []


def test_lists_in_drafts_use_the_languages_separator():
    # Names and roles listed in English no longer use the Chinese enumeration comma 、.
    account = Account(id="acc", name="甲")
    boss = Contact(
        account_id="acc",
        name="王总",
        roles=[PurchaseRole.DECISION_MAKER, PurchaseRole.EVALUATOR],
    )
    coach = Contact(account_id="acc", name="李工", is_coach=True)
    other = Contact(account_id="acc", name="赵总", roles=[PurchaseRole.DECISION_MAKER])
    texts = {
        lang: [
            item.text
            for item in checklist.generate(
                checklist.VisitContext(account, [boss, coach, other], meeting=[boss], lang=lang)
            )
        ]
        for lang in ("zh", "en")
    }
    assert any("roles Decision-maker, Evaluator," in t for t in texts["en"])
    assert any("角色 决策者、评估者，" in t for t in texts["zh"])
    assert "Not in this meeting: 李工, 赵总 — how do we reach them?" in texts["en"]
    assert "这次见不到：李工、赵总——如何争取见面？" in texts["zh"]
