"""The ownership dialog (客户归属): claim, release, assign, share, protect or unprotect an account on
the team hub, from the dossier. Dismisses with True when something changed."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from dragon_tui.errors import DragonError
from dragon_tui.labels import t
from dragon_tui.models import Account
from dragon_tui.service.ownership import (
    NEEDS_REP,
    OWNERSHIP_ACTIONS,
    Ownership,
    change_account_ownership,
    known_ownership,
    last_server,
)
from dragon_tui.text import printable

KEYS = {"claim": "c", "release": "r", "assign": "a", "share": "s", "protect": "p", "unprotect": "u"}


def ownership_text(own: Ownership | None, lang: str) -> str:
    """Owner, sharing and protection in one line ("" when this laptop knows no hub)."""
    if own is None:
        return ""
    if own.hidden:
        return t("hub.hidden", lang, owner=own.owner)
    parts = [t("hub.owner", lang, owner=own.owner) if own.owner else t("hub.pool", lang)]
    if own.shared:
        parts.append(t("hub.shared", lang, reps=", ".join(own.shared)))
    if own.protected:
        parts.append(t("hub.protected", lang))
    return " · ".join(parts)


def ownership_hint(service, account_id: str, lang: str) -> str:
    """The dossier's ownership part of its summary line, with the key that changes it."""
    text = ownership_text(known_ownership(service, account_id), lang)
    return f"   {text}  (O)" if text else ""


class OwnershipScreen(ModalScreen[bool]):
    """One key per change (c r a s p u); assign and share ask for the rep first. The hub's
    answer, or why it refused, shows inline; escape closes."""

    DEFAULT_CSS = """
    OwnershipScreen { align: center middle; }
    OwnershipScreen #ownership-dialog { width: 84; max-width: 95%; height: auto;
        padding: 1 2; border: thick $primary; background: $surface; }
    OwnershipScreen #ownership-actions { height: auto; margin: 1 0 0 0; }
    OwnershipScreen #ownership-actions Button { margin: 0 1 0 0; }
    OwnershipScreen #ownership-message { height: auto; margin: 1 0 0 0; }
    OwnershipScreen #ownership-message.-error { color: $error; }
    """
    BINDINGS = [
        *(
            Binding(key, f"change('{action}')", action, show=False, id=f"ownership.{action}")
            for action, key in KEYS.items()
        ),
        Binding("escape", "close", "Close", id="ownership.close"),
    ]

    def __init__(self, service, account_id: str, lang: str = "zh") -> None:
        super().__init__()
        self.service = service
        self.account_id = account_id
        self.account_name = service.require(Account, account_id).name
        self.lang = lang
        self.pending: str | None = None  # assign/share waiting for the rep's name
        self.changed = False

    def compose(self) -> ComposeResult:
        lang = self.lang
        with Vertical(id="ownership-dialog"):
            yield Static(
                printable(t("ownership.title", lang, name=self.account_name)),
                markup=False,
                classes="section-title",
            )
            yield Static(id="ownership-now", markup=False)
            yield Label(t("ownership.url", lang))
            yield Input(last_server(self.service), id="ownership-url", compact=True)
            yield Label(t("ownership.rep", lang))
            yield Input(id="ownership-rep", compact=True)
            with Horizontal(id="ownership-actions"):
                for action in OWNERSHIP_ACTIONS:
                    text = f"{t(f'ownership.{action}', lang)} ({KEYS[action]})"
                    yield Button(text, id=f"own-{action}", compact=True)
                yield Button(f"{t('ownership.close', lang)} (esc)", id="own-close", compact=True)
            yield Static(id="ownership-message", markup=False)

    def on_mount(self) -> None:
        self._show_now(known_ownership(self.service, self.account_id))
        self.query_one("#own-claim", Button).focus()

    def _show_now(self, own: Ownership | None) -> None:
        text = ownership_text(own, self.lang) or t("ownership.no_hub", self.lang)
        self.query_one("#ownership-now", Static).update(Text(printable(text)))

    def _say(self, message: str, *, error: bool = False) -> None:
        shown = self.query_one("#ownership-message", Static)
        shown.update(Text(printable(message)))
        shown.set_class(error, "-error")

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        name = event.button.id or ""
        if name == "own-close":
            self.action_close()
        elif name.startswith("own-"):
            self.action_change(name.removeprefix("own-"))

    @on(Input.Submitted, "#ownership-rep")
    def _rep_given(self) -> None:
        if self.pending is not None:
            self.action_change(self.pending)
        else:
            self.query_one("#own-assign", Button).focus()

    @on(Input.Submitted, "#ownership-url")
    def _url_given(self) -> None:
        self.query_one("#own-claim", Button).focus()

    def action_change(self, action: str) -> None:
        name = t(f"ownership.{action}", self.lang)
        rep = self.query_one("#ownership-rep", Input).value.strip()
        if action in NEEDS_REP and not rep:
            self.pending = action
            self._say(t("ownership.need_rep", self.lang, action=name), error=True)
            self.query_one("#ownership-rep", Input).focus()
            return
        self.pending = None
        self._say(t("ownership.working", self.lang, action=name))
        url = self.query_one("#ownership-url", Input).value.strip()
        self._change(action, url, rep if action in NEEDS_REP else None)

    @work(thread=True, exclusive=True, group="ownership")
    def _change(self, action: str, url: str, rep: str | None) -> None:
        """Talk to the hub off the UI thread; any refusal is shown inline, never raised."""
        try:
            own = change_account_ownership(self.service, url, self.account_id, action, rep)
        except (DragonError, OSError) as err:
            self.app.call_from_thread(self._failed, action, str(err))
            return
        self.app.call_from_thread(self._done, action, own)

    def _done(self, action: str, own: Ownership) -> None:
        self.changed = True
        self._show_now(own)
        self._say(t("ownership.done", self.lang, action=t(f"ownership.{action}", self.lang)))
        self.query_one(f"#own-{action}", Button).focus()

    def _failed(self, action: str, error: str) -> None:
        name = t(f"ownership.{action}", self.lang)
        self._say(t("ownership.failed", self.lang, action=name, error=error), error=True)

    def action_close(self) -> None:
        self.dismiss(self.changed)
