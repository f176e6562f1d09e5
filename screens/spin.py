"""SPIN prompts (挖掘需求): walk S → P → I → N with suggested questions, answers, the needs ladder."""

from __future__ import annotations

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Input, OptionList, SelectionList, Static
from textual.widgets.option_list import Option

from dragon_tui.method.needs_ladder import answers_for, ladder, record_answer
from dragon_tui.method.purchase_process import next_phase, phase_info
from dragon_tui.method.question_bank import (
    add_question,
    edit_question,
    retire,
    tag_industry,
)
from dragon_tui.method.spin_suggestions import Suggestion, suggestions
from dragon_tui.models import Account, Contact, NeedItem, Opportunity, SpinAnswer, SpinQuestion
from dragon_tui.models.base import utc_now
from dragon_tui.models.enums import AnswerStatus, PurchasePhase, SpinCategory
from dragon_tui.service.banks import ensure_seeded

from .base import DragonScreen, literal
from .widgets.footer import Footer
from .widgets.header import Header
from .widgets.prompt import PromptScreen

STEPS = list(SpinCategory)


class SpinScreen(DragonScreen):
    """One meeting's questions for an opportunity, driven by what is still unknown."""

    BINDINGS = [
        Binding("right", "step(1)", "Next S/P/I/N", id="spin.step_1"),
        Binding("left", "step(-1)", "Previous", show=False, id="spin.step_1"),
        Binding("s", "mark('skipped')", "Skip", id="spin.mark_skipped"),
        Binding("n", "mark('next_time')", "Next time", id="spin.mark_next_time"),
        Binding("f", "next_phase", "Purchase phase", id="spin.next_phase"),
        Binding("w", "toggle_written", "In writing", id="spin.toggle_written"),
        Binding("a", "add_question", "Add to bank", id="spin.add_question"),
        Binding("x", "retire_question", "Retire", show=False, id="spin.retire_question"),
        Binding("e", "edit_question", "Edit question", show=False, id="spin.edit_question"),
        Binding("i", "tag_industry", "Tag industry", show=False, id="spin.tag_industry"),
        Binding("l", "add_need", "Needs ladder", show=False, id="spin.add_need"),
        Binding("escape", "back", "Back", id="spin.back"),
    ]

    def __init__(self, store, opportunity_id: str, **kwargs) -> None:
        super().__init__(store, **kwargs)
        self.opportunity: Opportunity = store.require(Opportunity, opportunity_id)
        self.account = store.get(Account, self.opportunity.account_id)
        self.step = 0
        self.suggested: list[Suggestion] = []

    def shown_ids(self) -> tuple[str | None, str | None]:
        return self.opportunity.account_id, self.opportunity.id

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="spin-phase", classes="metrics")
        with Horizontal():
            with Vertical(id="spin-left"):
                yield Static("", classes="section-title", id="present-title")
                yield SelectionList[str](id="present")
                yield Static("", classes="section-title", id="ladder-title")
                with VerticalScroll():
                    yield Static(id="ladder")
            with Vertical(id="spin-main"):
                yield Static(id="spin-steps")
                yield OptionList(id="questions")
                yield Static(id="question-why", classes="hint")
                yield Input(id="answer", select_on_focus=False)  # typing may start on the list
                yield Static("", classes="section-title", id="answers-title")
                with VerticalScroll():
                    yield Static(id="answers")
        yield Footer()

    def on_mount(self) -> None:
        ensure_seeded(self.store)
        contacts = self.store.find(Contact, account_id=self.opportunity.account_id)
        present = self.query_one("#present", SelectionList)
        involved = set(self.opportunity.contact_ids)
        for c in sorted(contacts, key=lambda c: c.name):
            present.add_option((literal(f"{c.name} {c.title}"), c.id, c.id in involved))
        self.refresh_language()
        self.query_one("#questions", OptionList).focus()

    # ---------------------------------------------------------------- view
    def refresh_language(self) -> None:
        self.title = self.t("app.title")
        self.sub_title = f"{self.t('screen.spin')} — {self.opportunity.name}"
        self.query_one("#present-title", Static).update(self.t("spin.present"))
        self.query_one("#ladder-title", Static).update(self.t("spin.ladder"))
        self.query_one("#answers-title", Static).update(self.t("spin.answers"))
        self.query_one("#answer", Input).placeholder = self.t("spin.answer_placeholder")
        self.refresh_data()

    def _answers(self) -> list[SpinAnswer]:
        return self.store.find(SpinAnswer, opportunity_id=self.opportunity.id)

    def _present(self) -> list[Contact]:
        chosen = set(self.query_one("#present", SelectionList).selected)
        return [
            c
            for c in self.store.find(Contact, account_id=self.opportunity.account_id)
            if c.id in chosen
        ]

    def refresh_data(self) -> None:
        self.opportunity = self.store.get(Opportunity, self.opportunity.id) or self.opportunity
        category = STEPS[self.step]
        self._show_phase()
        steps = Text()
        for i, step in enumerate(STEPS):
            steps.append(
                f" {'SPIN'[i]} {self.label(step)} ",
                style="reverse bold" if i == self.step else "dim",
            )
            steps.append("→" if i < 3 else "")
        self.query_one("#spin-steps", Static).update(steps)
        answers = self._answers()
        contacts = self.store.find(Contact, account_id=self.opportunity.account_id)
        industry = self.account.industry if self.account else None
        self.suggested = suggestions(
            category,
            self.store.all(SpinQuestion),
            answers,
            self._present(),
            contacts,
            industry,
            limit=6,
        )
        options = self.query_one("#questions", OptionList)
        options.clear_options()
        options.add_options(
            [Option(literal(s.text(self.lang)), id=str(i)) for i, s in enumerate(self.suggested)]
        )
        if self.suggested:
            options.highlighted = 0
        self._show_answers(answers, category)
        self._show_ladder()

    def _show_phase(self) -> None:
        opp = self.opportunity
        text = Text()
        if opp.purchase_phase is None:
            text.append(self.t("spin.no_phase"))
        else:
            info = phase_info(opp.purchase_phase)
            text.append(f"{self.t('spin.phase')}: {self.label(info.phase)}", style="bold")
            text.append(f"  {self.t('spin.key_role')}: {self.label(info.key_role)}")
            text.append(f"  {self.t('spin.exit_event')}: {info.exit_event_text(self.lang)}")
            text.append(f"\n{self.t('spin.action')}: {info.sales_action_text(self.lang)}")
        written = self.t(
            "spin.written_yes" if opp.needs_confirmed_in_writing else "spin.written_no"
        )
        text.append(f"   {written}", style="green" if opp.needs_confirmed_in_writing else "yellow")
        self.query_one("#spin-phase", Static).update(text)

    def _show_answers(self, answers: list[SpinAnswer], category: SpinCategory) -> None:
        text = Text()
        for a in answers_for(answers, category):
            text.append(f"[{self.label(a.status)}] ", style="dim")
            text.append(a.question_text + "\n", style="bold")
            if a.answer:
                text.append("  " + a.answer + "\n")
        self.query_one("#answers", Static).update(
            text or Text(self.t("spin.no_answers"), style="dim")
        )

    def action_add_need(self) -> None:
        """Enter an item on any of the five rungs of the needs ladder (METHOD §2.3)."""
        from dragon_tui.method.needs_ladder import add_need
        from dragon_tui.models.enums import NeedLevel

        from .widgets.form import Field
        from .widgets.record_form import RecordFormScreen

        draft = add_need(self.opportunity.id, NeedLevel.GOAL, "…", self.opportunity.contact_ids)
        fields = [Field("level", "spin.need_level", NeedLevel), Field("text", "spin.need_text")]
        self.app.push_screen(
            RecordFormScreen(self.store, draft, fields, self.t("spin.ladder"), self.lang),
            lambda saved: self._show_ladder() if saved is not None else None,
        )

    def _show_ladder(self) -> None:
        names = {
            c.id: c.name for c in self.store.find(Contact, account_id=self.opportunity.account_id)
        }
        text = Text()
        for level, items in ladder(
            self.store.find(NeedItem, opportunity_id=self.opportunity.id)
        ).items():
            text.append(self.label(level) + "\n", style="bold")
            for item in items:
                who = "、".join(names.get(i, "?") for i in item.contact_ids)
                text.append(f"  • {item.text}" + (f" ({who})" if who else "") + "\n")
        self.query_one("#ladder", Static).update(text)

    @on(OptionList.OptionHighlighted, "#questions")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        suggestion = self._current()
        why = Text(suggestion.reason(self.lang)) if suggestion else Text("")
        self.query_one("#question-why", Static).update(why)

    @on(OptionList.OptionSelected, "#questions")
    def _selected(self) -> None:
        self.query_one("#answer", Input).focus()

    def on_key(self, event: events.Key) -> None:
        """Typing on the question list starts the answer: a character no key is bound to (the
        Chinese a rep types, a digit, a capital) goes to the answer box, which takes the focus.
        The letters bound to commands (s n f w a …) stay commands there."""
        questions = self.query_one("#questions", OptionList)
        if not (questions.has_focus and event.is_printable and event.character):
            return
        if event.character.isspace() or event.key in self.active_bindings:
            return  # a command key stays a command
        if self._current() is None:
            return
        answer = self.query_one("#answer", Input)
        answer.focus()
        answer.insert_text_at_cursor(event.character)
        event.stop()
        event.prevent_default()

    def _current(self) -> Suggestion | None:
        index = self.query_one("#questions", OptionList).highlighted
        return self.suggested[index] if index is not None and index < len(self.suggested) else None

    # ---------------------------------------------------------------- actions
    def _record(self, status: AnswerStatus, answer: str = "") -> None:
        suggestion = self._current()
        if suggestion is None:
            return
        records = record_answer(
            self.opportunity.id,
            suggestion.category,
            suggestion.text(self.lang),
            answer,
            status,
            [c.id for c in self._present()],
            utc_now(),
            question_id=suggestion.question_id,
            follows_answer_id=suggestion.follows_answer_id,
        )
        if self.attempt(lambda: self.store.save_many(records)) is not None:
            self.notify(self.t("spin.recorded", status=self.label(status)), timeout=2)
            self.refresh_data()

    @on(Input.Submitted, "#answer")
    def _answered(self, event: Input.Submitted) -> None:
        if not event.value.strip():
            return
        self._record(AnswerStatus.ASKED, event.value)
        event.input.value = ""
        self.query_one("#questions", OptionList).focus()

    def action_mark(self, status: str) -> None:
        self._record(AnswerStatus(status))

    def action_step(self, delta: int) -> None:
        self.step = max(0, min(len(STEPS) - 1, self.step + delta))
        self.refresh_data()

    def action_next_phase(self) -> None:
        current = self.opportunity.purchase_phase
        phase = (
            PurchasePhase.NEED_DISCOVERED
            if current is None
            else (next_phase(current) or PurchasePhase.NEED_DISCOVERED)
        )
        if self.attempt(
            lambda: self.store.save(self.opportunity.with_changes(purchase_phase=phase))
        ):
            self.refresh_data()

    def action_toggle_written(self) -> None:
        opp = self.opportunity
        if self.attempt(
            lambda: self.store.save(
                opp.with_changes(needs_confirmed_in_writing=not opp.needs_confirmed_in_writing)
            )
        ):
            self.refresh_data()

    def action_back(self) -> None:
        answer = self.query_one("#answer", Input)
        if answer.has_focus:
            self.query_one("#questions", OptionList).focus()
        else:
            self.app.pop_screen()

    @on(SelectionList.SelectedChanged, "#present")
    def _present_changed(self) -> None:
        self.refresh_data()

    # ---------------------------------------------------------------- the bank
    def action_add_question(self) -> None:
        category = STEPS[self.step]

        def done(text: str | None) -> None:
            if not text:
                return
            field = "text_zh" if self.lang == "zh" else "text_en"
            question = self.attempt(lambda: add_question(category, **{field: text}))
            if question is not None and self.attempt(lambda: self.store.save(question)):
                self.notify(self.t("spin.added"))
                self.refresh_data()

        self.app.push_screen(
            PromptScreen(self.t("spin.ask_new", category=self.label(category))), done
        )

    def _bank_question(self) -> SpinQuestion | None:
        suggestion = self._current()
        if suggestion is None or suggestion.question_id is None:
            self.notify(self.t("spin.not_bank"), severity="warning")
            return None
        return self.store.get(SpinQuestion, suggestion.question_id)

    def action_edit_question(self) -> None:
        question = self._bank_question()
        if question is None:
            return
        field = "text_zh" if self.lang == "zh" else "text_en"

        def done(text: str | None) -> None:
            if text is None:
                return
            edited = self.attempt(lambda: edit_question(question, **{field: text}))
            if edited is not None and self.attempt(lambda: self.store.save(edited)):
                self.notify(self.t("notify.saved"))
                self.refresh_data()

        self.app.push_screen(
            PromptScreen(self.t("spin.edit"), value=getattr(question, field)), done
        )

    def action_retire_question(self) -> None:
        question = self._bank_question()
        if question is not None and self.attempt(lambda: self.store.save(retire(question))):
            self.notify(self.t("spin.retired"))
            self.refresh_data()

    def action_tag_industry(self) -> None:
        question = self._bank_question()
        industry = self.account.industry if self.account else ""
        if (
            question is not None
            and industry
            and self.attempt(lambda: self.store.save(tag_industry(question, industry)))
        ):
            self.notify(self.t("spin.tagged", industry=industry), markup=False)
            self.refresh_data()

    TYPING_BLOCKS = (
        "step",
        "mark",
        "next_phase",
        "toggle_written",
        "add_question",
        "retire_question",
        "tag_industry",
        "edit_question",
    )

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        # Letter keys belong to the answer box while the rep is typing.
        if action in self.TYPING_BLOCKS and isinstance(self.focused, Input):
            return False
        return super().check_action(action, parameters)
