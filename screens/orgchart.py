"""The org chart (组织结构): the role grid with coverage warnings, and the reports-to tree."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Static, Tree

from dragon_tui.export.orgchart import orgchart_markdown, orgchart_text
from dragon_tui.method import attitude
from dragon_tui.method.coverage import coverage_warnings
from dragon_tui.method.followups import last_contacted
from dragon_tui.method.support import support_score
from dragon_tui.models import Account, Activity, Contact
from dragon_tui.text import printable, safe_file_stem

from .base import DragonScreen
from .widgets.footer import Footer
from .widgets.header import Header
from .widgets.person import PersonScreen, attitude_notice
from .widgets.role_grid import RoleGrid, badge
from .widgets.tabbook import TabBook, TabPage


class OrgChartScreen(DragonScreen):
    """Who matters at the account and where the gaps are."""

    BINDINGS = [
        Binding("t", "toggle_view", "Grid/tree", id="orgchart.toggle_view"),
        Binding("e", "export", "Export", id="orgchart.export"),
        Binding("escape", "app.pop_screen", "Back", id="orgchart.app_pop_screen"),
    ]

    def __init__(self, store, account_id: str, **kwargs) -> None:
        super().__init__(store, **kwargs)
        self.account: Account = store.require(Account, account_id)

    def shown_ids(self) -> tuple[str | None, str | None]:
        return self.account.id, None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="org-summary", classes="metrics")
        with TabBook(self._tab_labels(), id="org-tabs", build=self._build_tree):
            with TabPage(id="tab-grid"):
                with Horizontal():
                    with VerticalScroll(id="grid-scroll"):
                        yield RoleGrid(self.lang, id="grid")
                    with VerticalScroll(id="warnings-scroll"):
                        yield Static(id="warnings")
            # the reports-to tree is made when first shown (`_build_tree`): a dozen styles
        yield Footer()

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    AUTO_FOCUS = "RoleGrid"  # focused from the first frame: the grid is drawn once, focused

    def on_mount(self) -> None:
        self.refresh_language()
        grid = self.query_one(RoleGrid)
        self.watch(grid, "moving", self._show_summary, init=False)

    def _contacts(self) -> list[Contact]:
        return self.store.find(Contact, account_id=self.account.id)

    def refresh_language(self) -> None:
        self.title = self.t("app.title")
        self.sub_title = f"{self.t('screen.orgchart')} — {self.account.name}"
        self.query_one(TabBook).set_labels(self._tab_labels())
        self.refresh_data()

    def _tab_labels(self) -> dict[str, str]:
        return {"tab-grid": self.t("orgchart.tab_grid"), "tab-tree": self.t("orgchart.tab_tree")}

    def refresh_data(self) -> None:
        contacts = self._contacts()
        self.query_one(RoleGrid).set_contacts(contacts, self.lang)
        self._show_summary()
        # A grid, so a warning that wraps keeps its indent and the arrow stays with its text.
        grid = Table.grid(padding=(0, 1, 0, 0))
        grid.add_column(no_wrap=True)
        grid.add_column(ratio=1, overflow="fold")
        for w in self._warnings(contacts):
            grid.add_row(Text("!", style="red"), Text(w.text(self.lang), style="red"))
            grid.add_row(Text(" →", style="dim"), Text(w.todo(self.lang), style="dim"))
        title = Text(self.t("orgchart.warnings"), style="bold")
        self.query_one("#warnings", Static).update(Group(title, grid))
        tree = next(iter(self.query(Tree)), None)
        if tree is not None:
            self._fill_tree(tree, contacts)

    def _build_tree(self, page: TabPage) -> None:
        """The reports-to tree, made and filled the first time its tab is shown."""
        tree = Tree(Text(self.account.name), id="tree")
        self._fill_tree(tree, self._contacts())
        page.mount(tree)

    def _show_summary(self, _moving: bool = False) -> None:
        contacts = self._contacts()
        score = support_score(contacts)
        summary = Text(self.t("orgchart.support", score="—" if score is None else f"{score:+.2f}"))
        if not contacts:
            summary.append("   " + self.t("orgchart.no_people"), style="yellow")
        grid = self.query_one(RoleGrid)
        person = grid.selected()
        if grid.moving and person is not None:
            summary.append("   ")
            summary.append(
                self.t("orgchart.moving", name=printable(person.name, single_line=True)),
                style="bold reverse magenta",
            )
        self.query_one("#org-summary", Static).update(summary)

    def _warnings(self, contacts):
        seen = last_contacted(self.store.find(Activity, account_id=self.account.id))
        return coverage_warnings(
            contacts, self.today, self.store.settings().stale_contact_days, seen
        )

    def _fill_tree(self, tree: Tree, contacts: list[Contact]) -> None:
        tree.clear()
        tree.root.set_label(Text(self.account.name))
        ids = {c.id for c in contacts}
        children: dict[str | None, list[Contact]] = {}
        for c in sorted(contacts, key=lambda c: c.name):
            parent = c.reports_to if c.reports_to in ids else None
            children.setdefault(parent, []).append(c)

        def add(node, parent_id, seen):
            for child in children.get(parent_id, []):
                if child.id in seen:  # a loop in reports-to: show once
                    continue
                branch = node.add(badge(child, self.lang), expand=True)
                add(branch, child.id, seen | {child.id})

        add(tree.root, None, frozenset())
        tree.root.expand()

    def _change(self, contact_id: str, change) -> Contact | None:
        """Apply a method rule to one person of this account and save the result."""
        contact = self.store.get(Contact, contact_id)
        if contact is None or contact.account_id != self.account.id:
            return None
        updated = self.attempt(lambda: change(contact))
        if (
            updated is not None
            and updated != contact
            and self.attempt(lambda: self.store.save(updated))
        ):
            self.refresh_data()
            return updated
        return None

    @on(RoleGrid.AttitudeNudged)
    def _attitude(self, event: RoleGrid.AttitudeNudged) -> None:
        rated = self._change(event.contact_id, lambda c: attitude.nudge_attitude(c, event.step))
        if rated is not None and rated.attitude is not None:
            # the source's label, cues and typical phrases of the level just set (METHOD §3)
            self.notify(attitude_notice(rated, self.lang), markup=False, timeout=8)

    @on(RoleGrid.CoachToggled)
    def _coach(self, event: RoleGrid.CoachToggled) -> None:
        self._change(event.contact_id, attitude.toggle_coach)

    @on(RoleGrid.RoleToggled)
    def _role(self, event: RoleGrid.RoleToggled) -> None:
        self._change(event.contact_id, lambda c: attitude.toggle_role(c, event.role))

    @on(RoleGrid.PersonMoved)
    def _move(self, event: RoleGrid.PersonMoved) -> None:
        self._change(
            event.contact_id, lambda c: attitude.move_to_cell(c, event.level, event.function)
        )

    @on(RoleGrid.PersonOpened)
    def _open_person(self, event: RoleGrid.PersonOpened) -> None:
        contact = self.store.get(Contact, event.contact_id)
        if contact is not None:
            self.app.push_screen(PersonScreen(contact, self.lang))

    def action_toggle_view(self) -> None:
        tabs = self.query_one(TabBook)
        tabs.active = "tab-tree" if tabs.active == "tab-grid" else "tab-grid"
        # focus follows the view, so the keys act on what is shown
        (self.query_one(RoleGrid) if tabs.active == "tab-grid" else self.query_one(Tree)).focus()

    def action_export(self) -> None:
        contacts = self._contacts()
        warnings = self._warnings(contacts)
        account = self.account
        self.export_files(
            safe_file_stem(self.t("screen.orgchart"), account.name),
            lambda: {
                ".txt": orgchart_text(account, contacts, warnings, self.lang, self.today),
                ".md": orgchart_markdown(account, contacts, warnings, self.lang, self.today),
            },
            "orgchart.exported",
        )
