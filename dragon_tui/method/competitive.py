"""The competitive analysis chart (竞争分析, METHOD §2.4): needs × us and each competitor."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from dragon_tui.labels import Phrase, phrase
from dragon_tui.models import CompetitiveCell, Competitor, NeedItem
from dragon_tui.models.enums import CompetitivePosition

US = None  # the column for our own position


@dataclass(frozen=True)
class ChartRow:
    need: NeedItem
    cells: dict[str | None, CompetitiveCell | None]  # competitor id (None = us) → cell

    def position(self, column: str | None) -> CompetitivePosition | None:
        cell = self.cells.get(column)
        return cell.position if cell else None


def chart(
    needs: Iterable[NeedItem], competitors: Sequence[Competitor], cells: Iterable[CompetitiveCell]
) -> list[ChartRow]:
    columns = [US, *[c.id for c in competitors if not c.deleted]]
    by_key = {(c.need_id, c.competitor_id): c for c in cells if not c.deleted}
    return [
        ChartRow(need, {col: by_key.get((need.id, col)) for col in columns})
        for need in sorted((n for n in needs if not n.deleted), key=lambda n: n.created_at)
    ]


def set_cell(
    existing: CompetitiveCell | None,
    opportunity_id: str,
    need_id: str,
    competitor_id: str | None,
    position: CompetitivePosition,
    note: str = "",
) -> CompetitiveCell:
    if existing is not None:
        return existing.with_changes(position=position, note=note or existing.note)
    return CompetitiveCell(
        opportunity_id=opportunity_id,
        need_id=need_id,
        competitor_id=competitor_id,
        position=position,
        note=note,
    )


def advice_phrases(rows: Sequence[ChartRow]) -> list[Phrase]:
    """Where we lead (strengthen), trail (neutralise or shift the criteria)."""
    lines = []
    for row in rows:
        ours = row.position(US)
        if ours == CompetitivePosition.STRENGTH:
            lines.append(phrase("competitive.strengthen", need=row.need.text))
        elif ours == CompetitivePosition.WEAKNESS:
            lines.append(phrase("competitive.neutralise", need=row.need.text))
    return lines


def advice(rows: Sequence[ChartRow], lang: str) -> list[str]:
    """`advice_phrases` in `lang`."""
    return [line.text(lang) for line in advice_phrases(rows)]
