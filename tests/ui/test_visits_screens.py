"""Quick activity entry with one key, the agenda (done + log in one move), the checklist screen."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from textual.widgets import DataTable, Input, OptionList, Static

from dragon_tui.models import Activity, Checklist, Contact, NextStep
from screens.activity import ActivityEntryScreen
from screens.agenda import AgendaScreen
from screens.app import DragonApp
from screens.checklist import ChecklistScreen
from screens.widgets.footer import Footer
from screens.widgets.pick import PickScreen
from screens.widgets.unsaved import UnsavedScreen
from tests.ui.conftest import today_ready

TODAY = date(2026, 11, 25)


@pytest.fixture
def busy_store(fixed_store):
    fixed_store.save_many(
        [
            Contact(id="boss", account_id="acc-1", name="王总", is_coach=True),
            Activity(
                id="act-1",
                account_id="acc-1",
                occurred_at=datetime(2026, 11, 10, tzinfo=UTC),
                summary="拜访",
                contact_ids=["boss"],
                next_steps=[
                    NextStep(id="s-1", text="发送案例", due_on=date(2026, 11, 20), owner="张明")
                ],
            ),
            Activity(
                id="act-2",
                account_id="acc-2",
                occurred_at=datetime(2026, 11, 28, tzinfo=UTC),
                planned=True,
                summary="技术交流",
            ),
        ]
    )
    return fixed_store


async def test_quick_activity_entry_from_the_account_list(busy_store):
    app = DragonApp(busy_store, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash", *"bjxd", "enter")  # select 北京现代 in the list
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert isinstance(app.screen, ActivityEntryScreen)
        await pilot.press(*"电话沟通报价")
        app.screen.query_one("#a-people", Input).value = "王总"
        app.screen.query_one("#a-next", Input).value = "提交报价"
        app.screen.query_one("#a-due", Input).value = "2026-12-01"
        await pilot.press("ctrl+s")
        await pilot.pause()
        logged = [
            a for a in busy_store.find(Activity, account_id="acc-1") if a.summary == "电话沟通报价"
        ]
        assert len(logged) == 1
        assert logged[0].contact_ids == ["boss"] and logged[0].next_steps[0].due_on == date(
            2026, 12, 1
        )


async def test_bad_date_keeps_the_form_open(busy_store):
    app = DragonApp(busy_store, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_screen("log_activity", "acc-1")
        await pilot.pause()
        app.screen.query_one("#a-when", Input).value = "tomorrow"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ActivityEntryScreen)
        assert "tomorrow" in str(app.screen.query_one("#activity-error", Static).render())


async def test_agenda_done_logs_the_follow_up(busy_store):
    app = DragonApp(busy_store, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+t")
        await today_ready(pilot)
        assert isinstance(app.screen, AgendaScreen)
        overdue = app.screen.query_one("#agenda-overdue", DataTable)
        assert "发送案例" in str(overdue.get_row_at(0)[2])
        assert app.screen.query_one("#agenda-planned", DataTable).row_count == 1
        await pilot.press("d")
        await today_ready(pilot)
        assert busy_store.get(Activity, "act-1").next_steps[0].done
        assert any(a.summary == "发送案例" for a in busy_store.find(Activity, account_id="acc-1"))
        await pilot.press("u")  # undo: the follow-up is open again, the logged visit gone
        await today_ready(pilot)
        assert not busy_store.get(Activity, "act-1").next_steps[0].done
        assert not any(
            a.summary == "发送案例" for a in busy_store.find(Activity, account_id="acc-1")
        )
        assert "发送案例" in str(overdue.get_row_at(0)[2])


async def test_quick_entry_shows_its_keys_and_asks_before_losing_text(busy_store):
    app = DragonApp(busy_store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_screen("log_activity", "acc-1")
        await pilot.pause()
        entry = app.screen
        keys = {k.key_display: k.description for k in entry.query_one(Footer).entries()}
        assert keys.get("^s") == "保存" and keys.get("esc") == "取消"
        await pilot.press(*"客户要报价")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, UnsavedScreen)
        await pilot.press("escape")  # stay
        await pilot.pause()
        assert app.screen is entry
        assert entry.query_one("#a-summary", Input).value == "客户要报价"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("s")  # save from the question
        await pilot.pause()
        assert not isinstance(app.screen, ActivityEntryScreen | UnsavedScreen)
        assert any(a.summary == "客户要报价" for a in busy_store.find(Activity, account_id="acc-1"))


async def test_checklist_generate_tick_export(busy_store, tmp_path):
    app = DragonApp(busy_store, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_screen("checklist", "acc-1")
        await pilot.pause()
        assert isinstance(app.screen, ChecklistScreen)
        await pilot.press("g")
        await pilot.pause()
        (checklist,) = busy_store.all(Checklist)
        assert checklist.items and any(i.kind == "gap" for i in checklist.items)
        await pilot.press("space")
        await pilot.pause()
        assert busy_store.get(Checklist, checklist.id).items[0].done
        assert app.screen.query_one(OptionList).option_count == len(checklist.items)
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#prompt-input").value = str(tmp_path)
        await pilot.press("enter")
        await pilot.pause()
        assert "[x]" in next(tmp_path.glob("*.txt")).read_text()


async def test_generating_again_keeps_earlier_checklists_reachable(busy_store):
    app = DragonApp(busy_store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_screen("checklist", "acc-1")
        await pilot.pause()
        screen = app.screen
        await pilot.press("g")
        await pilot.pause()
        await pilot.press("space")  # tick the first item of the first checklist
        await pilot.pause()
        first = screen.checklist
        await pilot.press("g")
        await pilot.pause()
        assert screen.checklist.id != first.id and len(busy_store.all(Checklist)) == 2
        await pilot.press("h")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, PickScreen)
        options = picker.query_one(OptionList)
        assert options.option_count == 2
        assert "1/" in str(options.get_option_at_index(1).prompt)  # the older one, one ticked
        options.highlighted = 1
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen and screen.checklist.id == first.id
        assert str(screen.query_one(OptionList).get_option_at_index(0).prompt).startswith("☑")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_agenda_snapshot(snap_compare, busy_store, lang):
    busy_store.save_settings(busy_store.settings().with_changes(language=lang))

    async def run_before(pilot):
        pilot.app.open_screen("agenda")
        await today_ready(pilot)

    assert snap_compare(
        DragonApp(busy_store, today=TODAY), terminal_size=(120, 40), run_before=run_before
    )


async def test_agenda_shows_a_page_of_a_long_section_and_more_on_enter(fixed_store):
    """250 overdue follow-ups: the first 100 (oldest first), then a row saying how many more;
    enter on it adds the next 100 with the cursor on the first of them; `d` there does nothing."""
    fixed_store.save_many(
        [
            Activity(
                account_id="acc-1",
                occurred_at=datetime(2026, 1, 1, tzinfo=UTC),
                next_steps=[
                    NextStep(text=f"跟进 {n:03}", due_on=date(2026, 1, 1) + timedelta(days=n))
                ],
            )
            for n in range(250)
        ]
    )
    app = DragonApp(fixed_store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+t")
        await today_ready(pilot)
        overdue = app.screen.query_one("#agenda-overdue", DataTable)
        assert overdue.row_count == 101
        assert "跟进 099" in str(overdue.get_row_at(99)[2])
        more = "".join(str(cell) for cell in overdue.get_row_at(100)).replace("\n", "")
        assert "还有150条：回车再显示100条" in more.replace(" ", "")  # whole, wrapped
        overdue.focus()
        await pilot.press("end")  # the last row, "… more" (Textual's end only scrolled sideways)
        assert overdue.cursor_row == 100
        await pilot.press("home")
        assert overdue.cursor_row == 0
        await pilot.press("end")
        await pilot.press("d")
        await today_ready(pilot)
        assert not any(a.next_steps[0].done for a in fixed_store.all(Activity) if a.next_steps)
        await pilot.press("enter")
        await pilot.pause()
        assert overdue.row_count == 201
        assert overdue.cursor_row == 100
        assert "跟进 100" in str(overdue.get_row_at(100)[2])
        more = "".join(str(cell) for cell in overdue.get_row_at(200))
        assert "还有50条：回车再显示50条" in more.replace("\n", "").replace(" ", "")
        await pilot.press("end")
        assert overdue.cursor_row == 200
        await pilot.press("enter")
        await pilot.pause()
        assert overdue.row_count == 250
        assert "跟进 249" in str(overdue.get_row_at(249)[2])


async def test_agenda_wraps_long_text_whole_and_shows_control_characters(fixed_store):
    text = "请准备" + "技术方案和报价" * 40 + "\x1b[31m[bold]完"
    fixed_store.save(
        Activity(
            account_id="acc-1",
            occurred_at=datetime(2026, 11, 1, tzinfo=UTC),
            next_steps=[NextStep(text=text, due_on=date(2026, 11, 20))],
        )
    )
    app = DragonApp(fixed_store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+t")
        await today_ready(pilot)
        overdue = app.screen.query_one("#agenda-overdue", DataTable)
        cell = overdue.get_row_at(0)[2]
        shown = str(cell)
        assert shown.replace("\n", "").startswith("请准备技术方案和报价")
        assert shown.replace("\n", "").endswith("[31m[bold]完")  # the escape byte made visible
        assert "\x1b" not in shown
        assert cell.spans == []  # "[bold]" is text, not markup
        lines = shown.split("\n")
        assert len(lines) > 10
        assert overdue.rows[overdue.coordinate_to_cell_key((0, 0)).row_key].height == len(lines)


async def test_enter_on_an_agenda_row_opens_its_account(busy_store):
    from screens.dossier import DossierScreen

    app = DragonApp(busy_store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+t")
        await today_ready(pilot)
        await pilot.press("enter")  # the overdue follow-up at 北京现代 (acc-1)
        await pilot.pause()
        assert isinstance(app.screen, DossierScreen)
        assert app.screen.account.id == "acc-1"


async def test_today_is_worked_out_behind_a_loading_indicator_then_kept(busy_store, monkeypatch):
    """Today is worked out in a worker (two seconds at 5,000 accounts): the screen, its keys and
    a loading indicator show at once. Opened again with the records unchanged, it shows what
    was worked out without working it out again; a change to the records works it out anew."""
    import threading

    import screens.agenda as agenda

    release, calls = threading.Event(), []
    real = agenda.today_view

    def slow(service, today):
        calls.append(today)
        release.wait(timeout=30)
        return real(service, today)

    monkeypatch.setattr(agenda, "today_view", slow)
    monkeypatch.setattr(agenda, "_KEPT", None)
    app = DragonApp(busy_store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+t")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, AgendaScreen)
        assert screen.query_one("#agenda").loading
        assert screen.query_one(Footer).entries()  # the keys are there meanwhile
        release.set()
        await today_ready(pilot)
        assert "发送案例" in str(screen.query_one("#agenda-overdue", DataTable).get_row_at(0)[2])
        assert len(calls) == 1
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ctrl+t")  # again: shown at once, nothing worked out
        await pilot.pause()
        again = app.screen
        assert isinstance(again, AgendaScreen) and again is not screen
        assert not again.query_one("#agenda").loading and again._working is None
        assert "发送案例" in str(again.query_one("#agenda-overdue", DataTable).get_row_at(0)[2])
        assert len(calls) == 1
        await pilot.press("d")  # the records change: worked out again, the rows shown meanwhile
        await today_ready(pilot)
        assert len(calls) == 2
        assert busy_store.get(Activity, "act-1").next_steps[0].done


async def test_a_damaged_activity_is_one_line_on_today_not_a_traceback(tmp_path):
    """Today worked out in its worker meets a damaged record: the screen says which file and
    record, in one line, and the app goes on (no traceback, escape goes back)."""
    from dragon_tui.models import Account
    from dragon_tui.store import Store
    from screens.home import HomeScreen

    path = tmp_path / "db.json"
    with Store(path) as store:
        account = Account(name="客户")
        bad = Activity(
            account_id=account.id,
            occurred_at=datetime(2026, 11, 1, tzinfo=UTC),
            next_steps=[NextStep(text="跟进", due_on=date(2026, 11, 20))],
        )
        store.put([account, bad])
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"due_on":"2026-11-20"', '"due_on":"someday"'), encoding="utf-8")
    with Store(path, readonly=True) as damaged:
        app = DragonApp(damaged, today=TODAY)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("ctrl+t")
            for _ in range(2000):
                await app.workers.wait_for_complete()
                await pilot.pause()
                if app.screen._refused is not None:
                    break
            screen = app.screen
            assert isinstance(screen, AgendaScreen)
            shown = str(screen.query_one("#title-overdue").render())
            assert str(path) in shown and bad.id in shown and "\\n" not in shown.strip()
            assert not screen.query_one("#agenda").loading
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
