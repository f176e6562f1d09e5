"""The account list's filter bar: one choice per condition of METHOD §6, and the sort order."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid
from textual.message import Message
from textual.widgets import Select

from dragon_tui.labels import enum_name, label, t
from dragon_tui.method.filters import CONDITIONS, ENUMS, SORTS, AccountFilter

# The bar's label of each condition (enum conditions use the enum's own name).
TEXT_LABELS = {
    "industry": "col.industry",
    "region": "col.region",
    "owner": "col.owner",
    "tags": "dossier.tags",
}
SORT_LABELS = {
    "name": "col.name",
    "industry": "col.industry",
    "region": "col.region",
    "value_tier": "col.tier",
    "owner": "col.owner",
    "open_opportunities": "col.open_opps",
    "best_stage": "col.best_stage",
}


class AccountFilters(Grid):
    """Pick industry, region, nature, size, tier, stage, owner, source, tag and the sort; every
    change posts `AccountFilters.Changed` with the whole filter (the free text is kept as given).

    `choices` are the values in use for the free-text conditions (see `filter_choices`).
    """

    DEFAULT_CSS = """
    AccountFilters {
        grid-size: 5;
        grid-gutter: 0 1;
        height: auto;
        padding: 0 1;
    }
    AccountFilters Select { width: 1fr; }
    """
    BINDINGS = [Binding("ctrl+u", "clear_filters", "Clear filters")]

    @dataclass
    class Changed(Message):
        """The filter bar's conditions or sort changed."""

        filters: AccountFilter

    def __init__(
        self,
        choices: Mapping[str, Sequence[str]],
        current: AccountFilter | None = None,
        lang: str = "zh",
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.choices = choices
        self.filters = current or AccountFilter()
        self.lang = lang

    def _options(self, name: str) -> list[tuple[str, Any]]:
        if name in ENUMS:
            return [
                (label(m, self.lang), int(m) if name == "stage" else m.value) for m in ENUMS[name]
            ]
        return [(value, value.casefold()) for value in self.choices.get(name, ())]

    def _prompt(self, name: str) -> str:
        return (
            enum_name(ENUMS[name], self.lang) if name in ENUMS else t(TEXT_LABELS[name], self.lang)
        )

    def _current(self, name: str) -> Any:
        wanted = self.filters.conditions.get(name)
        if isinstance(wanted, tuple):
            wanted = wanted[0] if wanted else None
        if wanted is None:
            return Select.NULL
        if name == "stage":
            return int(wanted)  # type: ignore[call-overload]
        value = getattr(wanted, "value", wanted)
        known = {v for _, v in self._options(name)}
        return value if value in known else Select.NULL

    def compose(self) -> ComposeResult:
        for name in CONDITIONS:
            yield Select(
                self._options(name),
                prompt=self._prompt(name),
                value=self._current(name),
                id=f"filter-{name}",
                compact=True,
            )
        sorts = [
            (f"{t(SORT_LABELS[key], self.lang)} {arrow}", f"{sign}{key}")
            for key in SORTS
            for sign, arrow in (("", "↑"), ("-", "↓"))
        ]
        current = ("-" if self.filters.descending else "") + self.filters.sort
        yield Select(
            sorts,
            prompt=t("filters.sort", self.lang),
            value=current if current != "name" else Select.NULL,
            id="filter-sort",
            compact=True,
        )

    def set_language(self, lang: str) -> None:
        """Relabel every choice in `lang`, keeping what is chosen."""
        self.lang = lang
        self.refresh(recompose=True)

    def set_filters(self, filters: AccountFilter) -> None:
        """Show `filters` without posting Changed (the caller already knows)."""
        self.filters = filters
        self.refresh(recompose=True)

    def _read(self) -> AccountFilter:
        result = replace(self.filters, conditions={}, errors=[])
        for name in CONDITIONS:
            value = self.query_one(f"#filter-{name}", Select).value
            if value in (Select.NULL, Select.BLANK):
                continue
            result = result.with_condition(name, ENUMS[name](value) if name in ENUMS else value)
        # A typed tag beyond the first one stays (the bar shows one tag at a time).
        typed_tags = self.filters.conditions.get("tags")
        if isinstance(typed_tags, tuple) and "tags" in result.conditions:
            result = result.with_condition("tags", (*result.conditions["tags"], *typed_tags[1:]))  # type: ignore[misc]
        sort = self.query_one("#filter-sort", Select).value
        key = sort if isinstance(sort, str) else "name"
        return replace(result, sort=key.lstrip("-"), descending=key.startswith("-"))

    @on(Select.Changed)
    def _changed(self, event: Select.Changed) -> None:
        event.stop()
        filters = self._read()
        if filters != self.filters:
            self.filters = filters
            self.post_message(self.Changed(filters))

    def action_clear_filters(self) -> None:
        cleared = AccountFilter(text=self.filters.text)
        if cleared != self.filters:
            self.set_filters(cleared)
            self.post_message(self.Changed(cleared))
