"""The SPIN question bank and the objection bank: seeded once per database, with stable ids."""

from __future__ import annotations

from dragon_tui.method.objections import seed_objections
from dragon_tui.method.spin_bank import seed_questions
from dragon_tui.models import Objection, SpinQuestion
from dragon_tui.service.records import Service, store_of
from dragon_tui.store import Store


def ensure_seeded(source: Service | Store) -> int:
    """Add the starting banks where missing. Seeded ids are the same on every laptop, so sync
    never duplicates them; a retired or edited seed counts as present."""
    store = store_of(source)
    if store.readonly:
        return 0
    missing = []
    for model, seeds in ((SpinQuestion, seed_questions()), (Objection, seed_objections())):
        have = {r.id for r in store.all(model, include_deleted=True)}
        missing += [record for record in seeds if record.id not in have]
    if missing:
        store.put(missing)
    return len(missing)
