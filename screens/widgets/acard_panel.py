"""The A-card panel (A卡): five criteria scored 1–5 with a note, the timing bucket, the result."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Grid, Vertical
from textual.widgets import Input, Label, Select, Static

from dragon_tui.labels import label, t
from dragon_tui.method.acard import assess
from dragon_tui.models import ACard, ACardScore
from dragon_tui.models.enums import ACardCriterion, TimingBucket


class ACardPanel(Vertical):
    """Edits an A-card; the total, effort share and recommendation follow every change.

    `card()` reads what is on screen as an ACard (the dossier saves it with the account).
    """

    def __init__(self, card: ACard, lang: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.initial = card
        self.lang = lang

    def compose(self) -> ComposeResult:
        with Grid(id="acard-grid"):
            for criterion in ACardCriterion:
                score = self.initial.scores.get(criterion, ACardScore())
                yield Label(label(criterion, self.lang), id=f"acard-label-{criterion.value}")
                yield Select(
                    [(str(i), i) for i in range(1, 6)],
                    value=score.score or Select.NULL,
                    id=f"acard-score-{criterion.value}",
                    compact=True,
                )
                yield Input(score.note, id=f"acard-note-{criterion.value}", compact=True)
        yield Select(
            [(label(b, self.lang), b.value) for b in TimingBucket],
            value=self.initial.timing_bucket or Select.NULL,
            id="acard-timing",
            compact=True,
        )
        yield Static(id="acard-result", classes="metrics")

    def on_mount(self) -> None:
        self.show_result()

    def card(self) -> ACard:
        scores = {}
        for criterion in ACardCriterion:
            value = self.query_one(f"#acard-score-{criterion.value}", Select).value
            note = self.query_one(f"#acard-note-{criterion.value}", Input).value
            score = value if isinstance(value, int) else None
            if score is not None or note:
                scores[criterion] = ACardScore(score=score, note=note)
        timing = self.query_one("#acard-timing", Select).value
        bucket = TimingBucket(timing) if isinstance(timing, str) else None
        return self.initial.model_copy(update={"scores": scores, "timing_bucket": bucket})

    def show_result(self) -> None:
        result = assess(self.card())
        share = "—" if result.effort_share is None else f"{result.effort_share:.0%}"
        total = "—" if result.total is None else f"{result.total}/25"
        rec = result.recommendation[0 if self.lang == "zh" else 1]
        text = t("dossier.acard_result", self.lang, total=total, share=share, rec=rec)
        self.query_one("#acard-result", Static).update(
            Text(text, style="bold green" if result.invest_now else "")
        )

    def set_language(self, lang: str) -> None:
        self.lang = lang
        for criterion in ACardCriterion:
            self.query_one(f"#acard-label-{criterion.value}", Label).update(label(criterion, lang))
        timing = self.query_one("#acard-timing", Select)
        chosen = timing.value
        with self.prevent(Select.Changed):
            timing.set_options([(label(b, lang), b.value) for b in TimingBucket])
            timing.value = chosen
        self.show_result()

    @on(Select.Changed)
    def _changed(self) -> None:
        self.show_result()
