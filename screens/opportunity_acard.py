"""The A-card (A卡) of one opportunity: five criteria scored 1–5, timing, the recommendation and
the effort share (70/20/10, or all on this quarter when its target is at risk)."""

from __future__ import annotations

from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select, Static

from dragon_tui.errors import DragonError
from dragon_tui.labels import label, t
from dragon_tui.method.acard import assess, effort_share
from dragon_tui.models import ACard, ACardScore, Opportunity
from dragon_tui.models.enums import ACardCriterion, TimingBucket
from dragon_tui.service.deal import quarter_at_risk


class OpportunityACardScreen(ModalScreen[Opportunity | None]):
    """ctrl+s saves the card on the opportunity; escape cancels."""

    DEFAULT_CSS = """
    OpportunityACardScreen #acard-dialog { width: 80; height: auto; max-height: 90%;
        background: $panel; border: round $accent; padding: 0 1; }
    OpportunityACardScreen #opp-acard-grid { grid-size: 3; grid-columns: 16 10 1fr;
        height: auto; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="opportunity_acard.save"),
        Binding("escape", "cancel", "Cancel", id="opportunity_acard.cancel"),
    ]

    def __init__(self, store, opportunity_id: str, lang: str, today: date) -> None:
        super().__init__()
        self.store = store
        self.opportunity = store.require(Opportunity, opportunity_id)
        self.lang = lang
        self.today = today
        self.at_risk = quarter_at_risk(store, today)

    def compose(self) -> ComposeResult:
        card = self.opportunity.acard
        with VerticalScroll(id="acard-dialog"):
            yield Static(
                f"{t('dossier.tab_acard', self.lang)} · {self.opportunity.name}",
                markup=False,
                classes="section-title",
            )
            with Grid(id="opp-acard-grid"):
                for criterion in ACardCriterion:
                    score = card.scores.get(criterion, ACardScore())
                    yield Label(label(criterion, self.lang))
                    yield Select(
                        [(str(i), i) for i in range(1, 6)],
                        value=score.score or Select.NULL,
                        prompt="—",
                        id=f"opp-acard-score-{criterion.value}",
                        compact=True,
                    )
                    yield Input(score.note, id=f"opp-acard-note-{criterion.value}", compact=True)
            yield Select(
                [(label(b, self.lang), b.value) for b in TimingBucket],
                value=card.timing_bucket or Select.NULL,
                prompt="—",
                id="opp-acard-timing",
                compact=True,
            )
            yield Static(id="opp-acard-result", classes="metrics")

    def on_mount(self) -> None:
        self._show(self.opportunity.acard)

    def card(self) -> ACard:
        scores = {}
        for criterion in ACardCriterion:
            value = self.query_one(f"#opp-acard-score-{criterion.value}", Select).value
            note = self.query_one(f"#opp-acard-note-{criterion.value}", Input).value
            score = value if isinstance(value, int) else None
            if score is not None or note:
                scores[criterion] = ACardScore(score=score, note=note)
        timing = self.query_one("#opp-acard-timing", Select).value
        bucket = TimingBucket(timing) if isinstance(timing, str) else None
        return ACard(scores=scores, timing_bucket=bucket, assessed_on=self.today)

    def _show(self, card: ACard) -> None:
        result = assess(card)
        share = effort_share(card, self.at_risk)
        text = t(
            "dossier.acard_result",
            self.lang,
            total="—" if result.total is None else f"{result.total}/25",
            share="—" if share is None else f"{share:.0%}",
            rec=result.recommendation_text(self.lang),
        )
        text += "\n" + t("acard.effort_rule", self.lang)
        if self.at_risk:
            text += "\n" + t("acard.quarter_at_risk", self.lang)
        self.query_one("#opp-acard-result", Static).update(text)

    @on(Select.Changed)
    def _changed(self) -> None:
        self._show(self.card())

    def action_save(self) -> None:
        try:
            saved = self.store.save(self.opportunity.with_changes(acard=self.card().model_dump()))
        except DragonError as err:
            self.notify(err.text(self.lang), severity="error", markup=False)
            return
        self.app.notify(t("notify.saved", self.lang))
        self.dismiss(saved)

    def action_cancel(self) -> None:
        self.dismiss(None)
