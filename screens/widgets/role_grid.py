"""The org-chart role grid widget: levels × functions, a cursor over people, keys that post edits up."""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.table import Table
from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.visual import Visual, visualize
from textual.widget import Widget

from dragon_tui.export.orgchart import cells
from dragon_tui.labels import label, t
from dragon_tui.method.attitude import trend
from dragon_tui.models import Contact
from dragon_tui.models.enums import Function, Level, PurchaseRole
from dragon_tui.text import printable

LEVELS = list(Level)
FUNCTIONS = list(Function)
ROLE_KEYS = list(PurchaseRole)  # keys 1..8 toggle these


def attitude_style(value: int | None) -> str:
    if value is None:
        return "dim"
    if value >= 2:
        return "bold green"
    if value > 0:
        return "green"
    if value == 0:
        return "yellow"
    return "bold red" if value <= -2 else "red"


def _fit_words(words: str, width: int | None) -> str:
    """Latin words longer than `width` broken as a reader expects, not folded mid-word by the
    table ("Decision-m" / "aker", "Interactio" / "n"): after a hyphen of theirs ("Decision-" /
    "maker"), else with a hyphen added ("Interac-" / "tion"). CJK text breaks anywhere."""
    if width is None or width < 4:
        return words
    out = []
    for word in words.split(" "):
        lines = []
        while cell_len(word) == len(word):  # Latin
            cut = word.find("-", 0, width) + 1
            # `width` is the narrowest a column can be (some get a cell more): a word one
            # cell longer may fit, and is only broken at a hyphen of its own
            if not (cut and len(word) > width or len(word) > width + 1):
                break
            cut = cut or width - 1
            lines.append(word[:cut] + ("" if word[cut - 1] == "-" else "-"))
            word = word[cut:]
        out.append("\n".join([*lines, word]))
    return " ".join(out)


def badge(
    contact: Contact, lang: str, *, name_line: bool = False, width: int | None = None
) -> Text:
    """One person in a cell: signed coloured attitude, name, role badges, coach, style, influence.

    With `name_line` the attitude and the whole name come first on a line of their own, so a
    narrow grid cell still tells two people apart (曾强 and 曾娜, not 曾… twice)."""
    text = Text()
    value = None if contact.attitude is None else int(contact.attitude)
    text.append("?" if value is None else f"{value:+d}", style=attitude_style(value))
    arrow = {1: "↑", -1: "↓"}.get(trend(contact), "")
    text.append(arrow + " ", style="dim")
    text.append(printable(contact.name, single_line=True), style="bold")
    if contact.is_coach:
        text.append(" ★", style="bold yellow")
    if name_line:
        text.append("\n")
    if name_line:
        # a narrow cell: the roles by colour alone, so a long one wraps at a word, not mid-word
        roles = _fit_words(" ".join(label(role, lang) for role in contact.roles), width)
        if roles:
            text.append(roles + "\n", style="cyan")
    else:
        for role in contact.roles:
            text.append(f" [{label(role, lang)}]", style="cyan")
    extras = [
        label(v, lang)
        for v in (contact.communication_style, contact.relationship_stage)
        if v is not None
    ]
    if contact.influence is not None:
        extras.append(t("orgchart.influence", lang) + label(contact.influence, lang))
    if extras and name_line:
        text.append(_fit_words(" ".join(extras), width), style="dim")
    elif extras:
        text.append(" " + " ".join(extras), style="dim")
    text.rstrip()  # no empty last line when a person has no style, rung or influence
    return text


class RoleGrid(Widget, can_focus=True):
    """Arrows move the cursor over people and cells; `m` then arrows moves the person."""

    BINDINGS = [
        Binding("up", "cursor(-1, 0)", "Up", show=False, id="role_grid.cursor_1_0"),
        Binding("down", "cursor(1, 0)", "Down", show=False, id="role_grid.cursor_1_0"),
        Binding("left", "cursor(0, -1)", "Left", show=False, id="role_grid.cursor_0_1"),
        Binding("right", "cursor(0, 1)", "Right", show=False, id="role_grid.cursor_0_1"),
        Binding(
            "plus,equals_sign", "attitude(1)", "+/−", key_display="+/-", id="role_grid.attitude_1"
        ),
        Binding("minus", "attitude(-1)", "−", show=False, id="role_grid.attitude_1"),
        Binding("c", "coach", "Coach", id="role_grid.coach"),
        Binding("m", "move", "Move", id="role_grid.move"),
        *[
            Binding(
                str(i + 1), f"role({i})", label(role, "en"), show=False, id=f"role_grid.role_{i}"
            )
            for i, role in enumerate(ROLE_KEYS)
        ],
        Binding("enter", "open", "Open", show=False, id="role_grid.open"),
    ]

    cursor_cell: reactive[tuple[int, int]] = reactive((0, 0))
    cursor_person: reactive[int] = reactive(0)
    moving: reactive[bool] = reactive(False)

    @dataclass
    class AttitudeNudged(Message):
        """The rep moved a person's attitude one step up (+1) or down (-1)."""

        contact_id: str
        step: int

    @dataclass
    class CoachToggled(Message):
        contact_id: str

    @dataclass
    class RoleToggled(Message):
        contact_id: str
        role: PurchaseRole

    @dataclass
    class PersonMoved(Message):
        """The rep moved a person to another cell of the grid."""

        contact_id: str
        level: Level
        function: Function

    @dataclass
    class PersonOpened(Message):
        contact_id: str

    def __init__(self, lang: str = "zh", **kwargs) -> None:
        super().__init__(**kwargs)
        self.lang = lang
        self.contacts: list[Contact] = []
        self._version = 0  # bumped when the people change
        self._drawn_key: tuple | None = None
        self._drawn_width = 0  # the width the lines are being drawn for (render reads it)
        self._drawn: list[Strip] = []

    def set_contacts(self, contacts: list[Contact], lang: str) -> None:
        self.contacts = contacts
        self.lang = lang
        self._version += 1
        self._clamp()
        self.refresh()

    # The grid is a Rich table drawn with every person in it: measuring its height and painting
    # it each drew the whole table again, three or four times while the screen opened. It is
    # drawn once per width and state, and its lines are reused until something shown changes.
    def _lines(self, width: int) -> list[Strip]:
        key = (
            width,
            self._version,
            self.lang,
            self.cursor_cell,
            self.cursor_person,
            self.has_focus,
            self.moving,
            self.visual_style,
        )
        if key != self._drawn_key:
            self._drawn_width = width
            visual = visualize(self, self.render())
            self._drawn = Visual.to_strips(self, visual, width, None, self.visual_style)
            self._drawn_key = key
        return self._drawn

    def get_content_height(self, container, viewport, width: int) -> int:
        return len(self._lines(width)) if width else 0

    def render_line(self, y: int) -> Strip:
        lines = self._lines(self.size.width)
        if y < len(lines):
            return lines[y]
        return Strip.blank(self.size.width, self.visual_style.rich_style)

    def _grid(self) -> dict:
        return cells(self.contacts)

    def _people(self, row: int, col: int) -> list[Contact]:
        return self._grid().get((LEVELS[row], FUNCTIONS[col]), [])

    def selected(self) -> Contact | None:
        people = self._people(*self.cursor_cell)
        return people[self.cursor_person] if 0 <= self.cursor_person < len(people) else None

    def _clamp(self) -> None:
        count = len(self._people(*self.cursor_cell))
        self.cursor_person = min(self.cursor_person, max(count - 1, 0))

    def action_cursor(self, rows: int, cols: int) -> None:
        row, col = self.cursor_cell
        if self.moving:
            person = self.selected()
            new = (
                max(0, min(len(LEVELS) - 1, row + rows)),
                max(0, min(len(FUNCTIONS) - 1, col + cols)),
            )
            if person is not None and new != (row, col):
                self.cursor_cell = new
                self.post_message(self.PersonMoved(person.id, LEVELS[new[0]], FUNCTIONS[new[1]]))
            return
        if rows:
            count = len(self._people(row, col))
            target = self.cursor_person + rows
            if 0 <= target < count:
                self.cursor_person = target
                return
            row = max(0, min(2, row + rows))
            self.cursor_cell = (row, col)
            self.cursor_person = 0 if rows > 0 else max(len(self._people(row, col)) - 1, 0)
        else:
            self.cursor_cell = (row, max(0, min(len(FUNCTIONS) - 1, col + cols)))
            self.cursor_person = 0
        self._clamp()

    def _post(self, make) -> None:
        person = self.selected()
        if person is not None:
            self.post_message(make(person.id))

    def action_attitude(self, step: int) -> None:
        self._post(lambda cid: self.AttitudeNudged(cid, step))

    def action_coach(self) -> None:
        self._post(self.CoachToggled)

    def action_role(self, index: int) -> None:
        self._post(lambda cid: self.RoleToggled(cid, ROLE_KEYS[index]))

    def action_move(self) -> None:
        self.moving = not self.moving and self.selected() is not None

    def action_open(self) -> None:
        if self.moving:
            self.moving = False
            return
        self._post(self.PersonOpened)

    def watch_moving(self, moving: bool) -> None:
        self.set_class(moving, "-moving")
        self.refresh()

    def watch_cursor_cell(self, cell: tuple[int, int]) -> None:
        self.refresh()
        # Keep the cursor's level in view when the grid is taller than the screen.
        scroller = self.parent
        if scroller is not None and hasattr(scroller, "max_scroll_y"):
            row = cell[0]
            target = scroller.max_scroll_y * row / max(len(LEVELS) - 1, 1)
            scroller.scroll_to(y=target, animate=False)

    def watch_cursor_person(self) -> None:
        self.refresh()

    def render(self) -> Table:
        table = Table(expand=True, show_lines=True, padding=(0, 1))
        # as wide as the longest level's name ("Operational" was cut to "Operation…")
        names = [t("orgchart.level", self.lang), *(label(level, self.lang) for level in LEVELS)]
        level_width = max(map(cell_len, names))
        table.add_column(names[0], width=level_width, no_wrap=True)
        # each function column's text width: the table's width less its 7 borders and the
        # level column, shared by five, less each cell's padding
        drawn = self._drawn_width or self.size.width
        cell_width = max((drawn - 7 - (level_width + 2)) // len(FUNCTIONS) - 2, 1)
        for function in FUNCTIONS:
            # fold, never an ellipsis: a long name wraps rather than losing its end
            table.add_column(label(function, self.lang), ratio=1, overflow="fold")
        grid = self._grid()
        for r, level in enumerate(LEVELS):
            row = [Text(label(level, self.lang), style="bold")]
            for c, function in enumerate(FUNCTIONS):
                people = grid.get((level, function), [])
                cell = Text()
                here = (r, c) == self.cursor_cell
                for i, person in enumerate(people):
                    line = badge(person, self.lang, name_line=True, width=cell_width)
                    if here and i == self.cursor_person and self.has_focus:
                        line.stylize("reverse magenta" if self.moving else "reverse")
                    cell.append_text(line)
                    cell.append("\n")
                if not people:
                    cell.append(
                        t("orgchart.empty_cell", self.lang),
                        style="reverse dim" if here and self.has_focus else "dim",
                    )
                row.append(cell)
            table.add_row(*row)
        return table

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()
