"""FAB statements (Feature → Advantage → Benefit, METHOD §2.4) and the builder's warnings."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from dragon_tui.labels import Phrase, phrase
from dragon_tui.models import Contact, FabStatement, NeedItem, Product
from dragon_tui.models.enums import PurchaseRole


@dataclass(frozen=True)
class FabWarning:
    kind: str  # no_benefit | no_need | decision_maker_unaddressed
    message: Phrase  # "fab.<kind>"
    statement_id: str | None = None

    def text(self, lang: str) -> str:
        return self.message.text(lang)


def statement_from_product(
    product: Product, benefit: str = "", contact_id: str | None = None, need_id: str | None = None
) -> FabStatement:
    return FabStatement(
        product_id=product.id,
        feature=product.feature,
        advantage=product.advantage,
        benefit=benefit,
        contact_id=contact_id,
        need_id=need_id,
    )


def fab_warnings(
    statements: Sequence[FabStatement], contacts: Iterable[Contact], needs: Iterable[NeedItem]
) -> list[FabWarning]:
    """A statement without a benefit; a benefit tied to no need; a decision-maker nobody addresses."""
    need_ids = {n.id for n in needs if not n.deleted}
    warnings = []
    for i, s in enumerate(statements, start=1):
        label = s.feature.strip()[:20] or f"#{i}"
        if not s.benefit.strip():
            warnings.append(FabWarning("no_benefit", phrase("fab.no_benefit", feature=label), s.id))
        elif s.need_id is None or s.need_id not in need_ids:
            warnings.append(FabWarning("no_need", phrase("fab.no_need", feature=label), s.id))
    addressed = {s.contact_id for s in statements if s.contact_id}
    for person in contacts:
        if (
            not person.deleted
            and PurchaseRole.DECISION_MAKER in person.roles
            and person.id not in addressed
        ):
            warnings.append(
                FabWarning(
                    "decision_maker_unaddressed",
                    phrase("fab.decision_maker_unaddressed", name=person.name),
                )
            )
    return warnings
