"""The pre-visit checklist (拜访准备清单): generate from the dossier's gaps, tick, export."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from dragon_tui.export.checklist import checklist_markdown, checklist_text
from dragon_tui.method.checklist import new_checklist, toggle_item
from dragon_tui.models import Account, Checklist, Contact, Opportunity
from dragon_tui.service.banks import ensure_seeded
from dragon_tui.service.visits import visit_context
from dragon_tui.text import safe_file_stem

from .base import DragonScreen
from .widgets.footer import Footer
from .widgets.header import Header
from .widgets.pick import PickScreen
from .widgets.prompt import PromptScreen


class ChecklistScreen(DragonScreen):
    BINDINGS = [
        Binding("g", "generate", "Generate", id="checklist.generate"),
        Binding("space", "toggle", "Tick", id="checklist.toggle"),
        Binding("h", "earlier", "Earlier", id="checklist.earlier"),
        Binding("e", "export", "Export", id="checklist.export"),
        Binding("o", "add_objection", "Add objection", show=False, id="checklist.add_objection"),
        Binding("escape", "app.pop_screen", "Back", id="checklist.app_pop_screen"),
    ]

    def __init__(self, store, account_id: str, opportunity_id: str | None = None, **kwargs) -> None:
        super().__init__(store, **kwargs)
        self.account: Account = store.require(Account, account_id)
        opp = store.get(Opportunity, opportunity_id) if opportunity_id else None
        self.opportunity = opp if opp is not None and opp.account_id == account_id else None
        self.checklist: Checklist | None = self._latest()

    def _all(self) -> list[Checklist]:
        """This account's checklists, newest first."""
        return sorted(
            self.store.find(Checklist, account_id=self.account.id),
            key=lambda c: c.created_at,
            reverse=True,
        )

    def _latest(self) -> Checklist | None:
        lists = self._all()
        return lists[0] if lists else None

    def _describe(self, checklist: Checklist) -> str:
        done = sum(1 for i in checklist.items if i.done)
        day = checklist.visit_on or checklist.created_at.astimezone().date()
        return self.t(
            "checklist.entry", date=day.isoformat(), done=done, total=len(checklist.items)
        )

    def action_earlier(self) -> None:
        """Pick any checklist of this account by date: `g` never hides the earlier ones."""
        lists = self._all()
        if not lists:
            self.notify(self.t("checklist.none"))
            return

        def picked(checklist_id: str | None) -> None:
            chosen = next((c for c in lists if c.id == checklist_id), None)
            if chosen is not None:
                self.checklist = chosen
                self.refresh_data()

        self.app.push_screen(
            PickScreen(
                self.t("checklist.pick_title"),
                [(c.id, self._describe(c)) for c in lists],
                self.lang,
                self.checklist.id if self.checklist else None,
            ),
            picked,
        )

    def shown_ids(self) -> tuple[str | None, str | None]:
        return self.account.id, self.opportunity.id if self.opportunity else None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="checklist-head", classes="metrics")
        yield OptionList(id="items")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_language()
        self.query_one(OptionList).focus()

    def refresh_language(self) -> None:
        self.title = self.t("app.title")
        self.sub_title = f"{self.t('screen.checklist')} — {self.account.name}"
        self.refresh_data()

    def refresh_data(self) -> None:
        head = self.query_one("#checklist-head", Static)
        options = self.query_one(OptionList)
        highlighted = options.highlighted
        options.clear_options()
        if self.checklist is None:
            head.update(self.t("checklist.none"))
            return
        c = self.checklist
        people = [
            p.name
            for p in self.store.find(Contact, account_id=self.account.id)
            if p.id in c.contact_ids
        ]
        lines = [self.t("checklist.title", account=self.account.name)]
        count = len(self._all())
        if count > 1:
            lines.append(self.t("checklist.count", count=count))
        if c.visit_on:
            lines.append(self.t("checklist.visit_on", date=c.visit_on.isoformat()))
        if people:
            lines.append(self.t("checklist.meeting", names="、".join(people)))
        head.update(Text("\n".join(lines)))
        for item in c.items:
            text = Text("☑ " if item.done else "☐ ", style="green" if item.done else "")
            text.append(f"[{self.label(item.kind)}] ", style="dim")
            text.append(item.text, style="dim strike" if item.done else "")
            options.add_option(Option(text, id=item.id))
        if c.items:
            options.highlighted = min(highlighted or 0, len(c.items) - 1)

    def on_option_list_option_selected(self) -> None:
        self.action_toggle()

    def action_generate(self) -> None:
        ensure_seeded(self.store)
        ctx = visit_context(
            self.store,
            self.account,
            self.opportunity.id if self.opportunity else None,
            self.lang,
            visit_on=self.today,
        )
        checklist = new_checklist(ctx)
        saved = self.attempt(lambda: self.store.save(checklist))
        if saved is not None:
            self.checklist = saved
            self.notify(self.t("checklist.generated", count=len(saved.items)))
            self.refresh_data()

    def action_toggle(self) -> None:
        options = self.query_one(OptionList)
        if self.checklist is None or options.highlighted is None:
            return
        item_id = self.checklist.items[options.highlighted].id
        saved = self.attempt(lambda: self.store.save(toggle_item(self.checklist, item_id)))
        if saved is not None:
            self.checklist = saved
            self.refresh_data()

    def action_export(self) -> None:
        if self.checklist is None:
            return
        checklist, account, opportunity = self.checklist, self.account, self.opportunity
        people = [
            p
            for p in self.store.find(Contact, account_id=account.id)
            if p.id in checklist.contact_ids
        ]
        self.export_files(
            safe_file_stem(self.t("screen.checklist"), account.name),
            lambda: {
                ".txt": checklist_text(checklist, account, opportunity, people, self.lang),
                ".md": checklist_markdown(checklist, account, opportunity, people, self.lang),
            },
            "checklist.exported",
        )

    def action_add_objection(self) -> None:
        """Add to the editable objection bank: "objection | response"."""
        from dragon_tui.models import Objection

        def done(text: str | None) -> None:
            if not text or "|" not in text:
                return
            objection, response = (part.strip() for part in text.split("|", 1))
            fields = (
                {"text_zh": objection, "response_zh": response}
                if self.lang == "zh"
                else {"text_en": objection, "response_en": response}
            )
            if self.attempt(lambda: self.store.save(Objection(channel="visit", **fields))):
                self.notify(self.t("checklist.objection_added"))

        self.app.push_screen(PromptScreen(self.t("checklist.ask_objection")), done)
