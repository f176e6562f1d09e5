"""A person's detail panel: role, attitude history and trend, organisational and personal needs."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from dragon_tui.labels import label, t
from dragon_tui.method.attitude import attitude_cue_phrases, trend, trust_activities
from dragon_tui.method.needs_hints import needs_hints
from dragon_tui.models import Contact

from .role_grid import badge


def person_text(contact: Contact, lang: str) -> Text:
    text = Text()
    text.append_text(badge(contact, lang))
    text.append("\n")
    details = [contact.title, contact.department]
    text.append(" · ".join(d for d in details if d) + "\n", style="dim")
    text.append("\n" + t("person.needs", lang) + "\n", style="bold")
    for hint in needs_hints(contact, lang):
        text.append(f"  • {hint}\n")
    text.append_text(rating_cues(contact, lang))
    direction = trend(contact)
    text.append("\n" + t("person.history", lang), style="bold")
    if direction:
        text.append("  " + t("orgchart.trend_up" if direction > 0 else "orgchart.trend_down", lang))
    text.append("\n")
    for change in reversed(contact.attitude_history[-12:]):
        value = "?" if change.attitude is None else f"{int(change.attitude):+d}"
        stage = label(change.relationship_stage, lang) if change.relationship_stage else ""
        text.append(
            f"  {change.on.astimezone().strftime('%Y-%m-%d')}  {value:>3}  {stage}  {change.note}\n"
        )
    if not contact.attitude_history:
        text.append("  —\n")
    return text


def attitude_notice(contact: Contact, lang: str) -> str:
    """What the rep sees after rating a person: the level's label, cues and typical phrases."""
    if contact.attitude is None:
        return ""
    cues = attitude_cue_phrases(contact.attitude)
    level = f"{int(contact.attitude):+d} {label(contact.attitude, lang)}"
    return f"{contact.name}: {level}\n{cues.behaviour.text(lang)}\n{cues.says.text(lang)}"


def rating_cues(contact: Contact, lang: str) -> Text:
    """The source's cues for the person's attitude level and the trust activities of his rung."""
    text = Text()
    if contact.attitude is not None:
        cues = attitude_cue_phrases(contact.attitude)
        behaviour, says = cues.behaviour.text(lang), cues.says.text(lang)
        text.append(
            f"\n{label(contact.attitude, lang)} ({int(contact.attitude):+d})\n", style="bold"
        )
        text.append(f"  {behaviour}\n  {says}\n")
        text.append(f"  {t('attitude.strategy', lang)}\n", style="dim")
    if contact.relationship_stage is not None:
        text.append(f"  {trust_activities(contact.relationship_stage, lang)}\n")
    return text


class PersonScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,enter,q", "dismiss", "Close", id="person.dismiss")]

    def __init__(self, contact: Contact, lang: str) -> None:
        super().__init__()
        self.contact = contact
        self.lang = lang

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="person-dialog"):
            yield Static(person_text(self.contact, self.lang))
