"""Coverage warnings (each rule with and without its trigger), attitude history, support, export widths."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from dragon_tui.export.orgchart import orgchart_markdown, orgchart_text
from dragon_tui.export.text import pad, table, wrap
from dragon_tui.method import attitude
from dragon_tui.method.coverage import WarningKind, coverage_warnings
from dragon_tui.method.support import support_score
from dragon_tui.models import Account, Contact
from dragon_tui.models.enums import Function, Influence, Level, PurchaseRole

TODAY = date(2026, 11, 25)
RECENT = date(2026, 11, 20)


def complete_team() -> list[Contact]:
    """A team that triggers no warning at all."""

    def person(name, roles, **kw):
        base = {
            "account_id": "a",
            "name": name,
            "roles": roles,
            "attitude": 2,
            "level": Level.MANAGEMENT,
            "last_contacted_on": RECENT,
        }
        base.update(kw)
        return Contact(**base)

    return [
        person(
            "王总", [PurchaseRole.DECISION_MAKER], level=Level.DECISION, influence=Influence.HIGH
        ),
        person("李工", [PurchaseRole.DESIGNER, PurchaseRole.EVALUATOR], is_coach=True),
        person("张经理", [PurchaseRole.INITIATOR]),
        person("赵", [PurchaseRole.USER], level=Level.OPERATIONAL),
    ]


def kinds(contacts, **kw):
    return [w.kind for w in coverage_warnings(contacts, TODAY, 30, **kw)]


def test_complete_team_has_no_warning():
    assert kinds(complete_team()) == []


def replace(team, name, **changes):
    return [c.model_copy(update=changes) if c.name == name else c for c in team]


@pytest.mark.parametrize(
    ("name", "changes", "kind"),
    [
        ("李工", {"is_coach": False}, WarningKind.NO_COACH),
        ("张经理", {"roles": []}, WarningKind.ROLE_UNMAPPED),
        ("王总", {"attitude": None}, WarningKind.DECISION_MAKER_UNKNOWN),
        ("王总", {"attitude": 0}, WarningKind.DECISION_MAKER_NOT_SUPPORTIVE),
        ("王总", {"level": Level.MANAGEMENT}, WarningKind.NO_DECISION_LEVEL),
        ("赵", {"attitude": -2, "influence": Influence.HIGH}, WarningKind.HIGH_INFLUENCE_OPPONENT),
        ("王总", {"last_contacted_on": date(2026, 9, 1)}, WarningKind.KEY_PERSON_QUIET),
    ],
)
def test_each_warning_rule(name, changes, kind):
    found = coverage_warnings(replace(complete_team(), name, **changes), TODAY, 30)
    assert [w.kind for w in found] == [kind]
    assert found[0].text("zh") and found[0].todo("en")


def test_opponent_with_low_influence_is_not_flagged():
    assert kinds(replace(complete_team(), "赵", attitude=-3, influence=Influence.LOW)) == []


def test_recent_activity_counts_as_contact():
    team = replace(complete_team(), "王总", last_contacted_on=None)
    assert kinds(team) == [WarningKind.KEY_PERSON_QUIET]
    (boss,) = [c for c in team if c.name == "王总"]
    assert kinds(team, last_contacted={boss.id: RECENT}) == []


def test_attitude_history_and_trend():
    person = Contact(account_id="a", name="王")
    t1, t2 = datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 2, 1, tzinfo=UTC)
    warmer = attitude.nudge_attitude(attitude.set_attitude(person, -1, t1), 3, t2)
    assert int(warmer.attitude) == 2
    assert [(int(h.attitude), h.on) for h in warmer.attitude_history] == [(-1, t1), (2, t2)]
    assert attitude.trend(warmer) == 1
    cooler = attitude.set_attitude(warmer, -3)
    assert attitude.trend(cooler) == -1
    assert attitude.set_attitude(cooler, -3) is cooler  # no change, no history entry
    assert (
        int(attitude.nudge_attitude(attitude.set_attitude(person, 4), 1).attitude) == 4
    )  # clamped


def test_roles_coach_and_moves():
    person = Contact(account_id="a", name="王")
    person = attitude.toggle_role(person, PurchaseRole.USER)
    assert person.roles == [PurchaseRole.USER]
    assert attitude.toggle_role(person, PurchaseRole.USER).roles == []
    assert attitude.toggle_coach(person).is_coach
    moved = attitude.move_to_cell(person, Level.DECISION, Function.TECHNICAL)
    assert (moved.level, moved.function) == (Level.DECISION, Function.TECHNICAL)


def test_support_score_weights_influence_and_unknowns():
    assert support_score([Contact(account_id="a", name="x")]) is None
    team = complete_team()
    assert support_score(team) == pytest.approx(0.5)
    hostile_boss = replace(team, "王总", attitude=-4)
    assert support_score(hostile_boss) < 0


def test_export_fits_80_columns_with_chinese_names():
    team = complete_team() + [
        Contact(
            account_id="a",
            name="欧阳" * 30,
            roles=list(PurchaseRole),
            level=Level.DECISION,
            function=Function.OTHER,
        )
    ]
    team = [c.model_copy(update={"function": c.function or Function.TECHNICAL}) for c in team]
    account = Account(name="北京现代汽车有限公司")
    warnings = coverage_warnings(team, TODAY, 30)
    text = orgchart_text(account, team, warnings, "zh", TODAY)
    assert all(cell_len(line) <= 80 for line in text.splitlines())
    assert "王总" in text and "李工" in text
    md = orgchart_markdown(account, team, warnings, "en", TODAY)
    assert md.startswith("# 北京现代汽车有限公司") and "| Decision |" in md


def test_wrap_pad_table_by_display_width():
    mixed = "北京现代 ERP upgrade 项目需要在本季度完成 with a pilot in Q1"
    for width in (10, 17, 40):
        lines = wrap(mixed, width)
        assert all(cell_len(line) <= width for line in lines)
        assert "".join(lines).replace(" ", "") == mixed.replace(" ", "")
    assert cell_len(pad("北京", 7)) == 7 and pad("abc", 5, "right") == "  abc"
    rows = table([["名称", "金额"], ["北京现代", "1,000"]], [10, 8], ["left", "right"])
    assert [cell_len(r) for r in rows] == [20, 20]


def test_wrap_breaks_a_compound_word_after_its_hyphen_and_keeps_dates_whole():
    assert wrap("Reach the decision-maker; learn", 11) == [
        "Reach the",
        "decision-",
        "maker;",
        "learn",
    ]
    assert wrap("meet on 2026-11-25 to sign", 12) == ["meet on", "2026-11-25", "to sign"]
    assert wrap("a well-known fact", 40) == ["a well-known fact"]  # fits: left as it is


@given(
    text=st.text(alphabet=st.sampled_from("ab xyz北京现代项目，。-\n\t"), max_size=80),
    width=st.integers(min_value=1, max_value=30),
    indent=st.sampled_from(["", "  "]),
)
def test_wrap_keeps_every_character_within_the_width(text, width, indent):
    from dragon_tui.text import printable

    lines = wrap(text, width, indent)
    limit = max(width, 2 + cell_len(indent))
    assert all(cell_len(line) <= limit for line in lines)
    shown = printable(text)
    assert "".join(lines).replace(" ", "") == shown.replace("\n", "").replace(" ", "")
    first = shown.split("\n")[0]
    if cell_len(indent + first) <= limit:  # a paragraph that fits stays one line
        assert lines[0] == (indent + first).rstrip()


@given(
    text=st.text(alphabet=st.sampled_from("ab xyz北京现代项目，。-\n"), max_size=700),
    width=st.integers(min_value=1, max_value=30),
)
def test_wrap_answers_the_same_each_time_and_callers_own_their_lines(text, width):
    # a short text's lines are kept for the next call: a caller changing its list must not
    # change what the next caller gets, and a long text (not kept) wraps the same way
    first = wrap(text, width)
    first.append("changed by the caller")
    again = wrap(text, width)
    assert again == first[:-1]
    assert wrap(text + " " + "x" * 600, width)[: len(again) - 1] == again[:-1]
