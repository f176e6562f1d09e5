"""Asked when leaving a form with unsaved edits: save, discard, or stay; dismisses with the choice."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Static

from dragon_tui.labels import t

from .footer import Footer
from .footer_language import TranslatedFooter

Choice = Literal["save", "discard", "stay"]


class UnsavedScreen(TranslatedFooter, ModalScreen[Choice]):
    """`s` saves, `d` discards, escape stays (nothing is lost by pressing escape twice)."""

    BINDINGS = [
        Binding("s", "choose('save')", "Save", id="unsaved.choose_save"),
        Binding("d", "choose('discard')", "Discard", id="unsaved.choose_discard"),
        Binding("escape", "choose('stay')", "Stay", id="unsaved.choose_stay"),
    ]

    def __init__(self, lang: str) -> None:
        super().__init__()
        self.lang = lang

    def compose(self) -> ComposeResult:
        with Vertical(id="unsaved-dialog"):
            yield Static(t("unsaved.question", self.lang), id="unsaved-question")
            with Horizontal(id="unsaved-buttons"):
                for choice, variant in (
                    ("save", "primary"),
                    ("discard", "error"),
                    ("stay", "default"),
                ):
                    key = {"save": "s", "discard": "d", "stay": "esc"}[choice]
                    yield Button(
                        f"{t(f'unsaved.{choice}', self.lang)} ({key})",
                        id=f"unsaved-{choice}",
                        variant=variant,
                    )
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#unsaved-stay", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss((event.button.id or "unsaved-stay").removeprefix("unsaved-"))

    def action_choose(self, choice: Choice) -> None:
        self.dismiss(choice)


def leave_or_ask(
    screen: Screen,
    changed: bool,
    save: Callable[[], object],
    leave: Callable[[], object],
    lang: str,
) -> None:
    """Leave at once when nothing changed; else ask save / discard / stay: `save` (which leaves
    when it succeeds), `leave`, or nothing."""
    if not changed:
        leave()
        return

    def chosen(choice: Choice | None) -> None:
        if choice == "save":
            save()
        elif choice == "discard":
            leave()

    screen.app.push_screen(UnsavedScreen(lang), chosen)
