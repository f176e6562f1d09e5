"""Support score of an opportunity from the attitudes of the people involved (METHOD §3)."""

from __future__ import annotations

from collections.abc import Iterable

from dragon_tui.models import Contact, Opportunity
from dragon_tui.models.enums import Influence, PurchaseRole

# Influence weights: senior, influential people count more; decision-makers double.
WEIGHT = {Influence.HIGH: 3.0, Influence.MEDIUM: 2.0, Influence.LOW: 1.0, None: 1.5}


def people_involved(opp: Opportunity, contacts: Iterable[Contact]) -> list[Contact]:
    """The opportunity's contacts, or every contact at the account when none are named."""
    live = [c for c in contacts if not c.deleted and c.account_id == opp.account_id]
    if opp.contact_ids:
        wanted = set(opp.contact_ids)
        named = [c for c in live if c.id in wanted]
        if named:
            return named
    return live


def support_score(people: Iterable[Contact]) -> float | None:
    """Weighted mean attitude of the people with a known attitude, scaled to −1…+1.

    None when nobody's attitude is known: unknown is not neutral.
    """
    total = weight_sum = 0.0
    for person in people:
        if person.attitude is None:
            continue
        weight = WEIGHT[person.influence] * (
            2 if PurchaseRole.DECISION_MAKER in person.roles else 1
        )
        total += weight * int(person.attitude)
        weight_sum += weight
    if not weight_sum:
        return None
    return round(total / weight_sum / 4, 3)
