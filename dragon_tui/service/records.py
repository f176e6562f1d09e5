"""`Service`: the one object screens, the CLI and the benchmark hold instead of the store.

It offers the typed record operations callers need (get, find, save …) and the gathered views
of the other service modules (a visit's context, a proposal's sources, account rows, sync).
The `Store` itself, its raw documents and its storage object stay behind it: only modules of
`dragon_tui.service` reach them, through `store_of`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from dragon_tui.models import Record, Settings
from dragon_tui.search_cache import settle
from dragon_tui.store import Store

if TYPE_CHECKING:
    from datetime import date

    from dragon_tui.method.checklist import VisitContext
    from dragon_tui.method.proposal import ProposalSources
    from dragon_tui.models import Account, Opportunity
    from dragon_tui.service.exchange import ImportPlan
    from dragon_tui.sync.bundle import Bundle

R = TypeVar("R", bound=Record)


class Service:
    """The records of one database, and what the screens and commands need from them."""

    def __init__(self, store: Store) -> None:
        self._store = store

    @classmethod
    def open(cls, path: Path | str, *, readonly: bool = False, **options: Any) -> Service:
        return cls(Store(Path(path), readonly=readonly, **options))

    # ------------------------------------------------------------------ the database
    @property
    def path(self) -> Path:
        return self._store.path

    @property
    def readonly(self) -> bool:
        return self._store.readonly

    @property
    def readonly_reason(self) -> str:
        return self._store.readonly_reason

    @property
    def generation(self) -> int:
        """Moves on every write: caches built from the records compare it."""
        return self._store.generation

    def generation_of(self, *models: type[Record]) -> int:
        """Moves on every write to one of these models' tables: a cache built from them alone
        compares it, and is kept when only another table changed (a setting, say)."""
        return self._store.table_generation(*(model.table for model in models))

    @property
    def device_id(self) -> str:
        return self._store.device_id

    @property
    def schema_version(self) -> int:
        return self._store.schema_version

    def counts(self) -> dict[str, dict[str, int]]:
        return self._store.counts()

    def problems(self) -> list[str]:
        return self._store.problems()

    def close(self) -> None:
        self._store.close()
        settle()  # a search-keys cache being written lands before the caller moves on

    def __enter__(self) -> Service:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ records
    def get(self, model: type[R], record_id: str, *, include_deleted: bool = False) -> R | None:
        return self._store.get(model, record_id, include_deleted=include_deleted)

    def require(self, model: type[R], record_id: str) -> R:
        return self._store.require(model, record_id)

    def all(self, model: type[R], *, include_deleted: bool = False) -> list[R]:
        return self._store.all(model, include_deleted=include_deleted)

    def find(self, model: type[R], **equals: Any) -> list[R]:
        return self._store.find(model, **equals)

    def prepare(
        self, model: type[R], *, lookups: bool = False, models: bool = False, by: str = ""
    ) -> None:
        """For a worker readying what the next screens read, without keeping the records from
        the UI meanwhile: the lookups of `find` by account and opportunity (by the field `by`
        alone if given), and every record made a model (what `all` does first)."""
        if lookups:
            self._store.prepare_lookups(model, (by,) if by else ())
        if models:
            self._store.prepare_models(model)

    def lookups_ready(self, *models: type[R], by: str = "") -> bool:
        """Whether `find` by account and opportunity (by the field `by` alone if given)
        answers at once for each of `models` (see `Store.lookups_ready`); a screen that would
        wait reads in a worker instead."""
        return all(self._store.lookups_ready(model, (by,) if by else ()) for model in models)

    def deleted(self, model: type[R]) -> list[R]:
        return self._store.deleted(model)

    def save(self, record: R) -> R:
        return self._store.save(record)

    def save_many(self, records: Iterable[R]) -> list[R]:
        return self._store.save_many(records)

    def put(self, records: Iterable[Record]) -> None:
        """Write records as they are (demo data, seeded banks) in one atomic step."""
        self._store.put(list(records))

    def delete(self, model: type[R], record_id: str) -> R:
        return self._store.delete(model, record_id)

    def restore(self, model: type[R], record_id: str) -> R:
        return self._store.restore(model, record_id)

    @contextmanager
    def batch(self) -> Iterator[None]:
        with self._store.batch():
            yield

    def settings(self) -> Settings:
        return self._store.settings()

    def save_settings(self, settings: Settings) -> Settings:
        return self._store.save_settings(settings)

    # ------------------------------------------------------------------ gathered views
    def find_account(self, key: str) -> Account:
        from dragon_tui.service.accounts import find_account

        return find_account(self, key)

    def visit_context(
        self,
        account: Account,
        opportunity_id: str | None,
        lang: str,
        meeting_ids: list[str] | None = None,
        visit_on: date | None = None,
    ) -> VisitContext:
        from dragon_tui.service.visits import visit_context

        return visit_context(self, account, opportunity_id, lang, meeting_ids, visit_on)

    def proposal_sources(self, opportunity: Opportunity, lang: str) -> ProposalSources:
        from dragon_tui.service.deals import proposal_sources

        return proposal_sources(self, opportunity, lang)

    def opportunities_of(self, account_id: str) -> list[Opportunity]:
        """The account's live opportunities, open ones first, newest first within each."""
        from dragon_tui.service.deals import opportunities_of

        return opportunities_of(self, account_id)

    # ------------------------------------------------------------------ sync
    def export_bundle(
        self, *, account_id: str | None = None, peer: str | None = None, redact: bool = False
    ) -> Bundle:
        """A bundle in memory (nothing recorded: see `export_to_file`)."""
        from dragon_tui.service.exchange import export_bundle

        return export_bundle(self._store, account_id=account_id, peer=peer, redact=redact)

    def export_to_file(
        self,
        path: Path,
        *,
        account_id: str | None = None,
        peer: str | None = None,
        redact: bool = False,
        passphrase: str | None = None,
    ) -> tuple[Bundle, int]:
        """Write a bundle durably; only then remember, for `peer`, what it carried."""
        from dragon_tui.service.exchange import export_to_file

        return export_to_file(
            self._store,
            path,
            account_id=account_id,
            peer=peer,
            redact=redact,
            passphrase=passphrase,
        )

    def preview_import(self, bundle: Bundle, path: Path, progress: Any = None) -> ImportPlan:
        from dragon_tui.service.exchange import plan_import

        return plan_import(self._store, bundle, path, progress)

    def apply_import(self, plan: ImportPlan) -> ImportPlan:
        """Write a previewed import; merged again if the records changed since the preview."""
        from dragon_tui.service.exchange import apply_plan

        return apply_plan(self._store, plan)


def store_of(source: Service | Store) -> Store:
    """The store behind a service (for the service's own modules only)."""
    return source._store if isinstance(source, Service) else source
