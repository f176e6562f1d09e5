"""Accounts as callers look for them: by id or name, and the search index of the account list."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dragon_tui.errors import NotFound
from dragon_tui.models import Account, Contact, Opportunity
from dragon_tui.search import (
    AccountIndex,
    KeyBook,
    account_views,
    deal_summaries,
    prepare_search,
)
from dragon_tui.search_cache import SearchCache, known_cache, remember
from dragon_tui.service.records import Service, store_of
from dragon_tui.store import Store, read_fields


def find_account(source: Service | Store, key: str) -> Account:
    """An account by id, exact name, or a unique name prefix."""
    account = source.get(Account, key)
    if account is not None:
        return account
    accounts = source.all(Account)
    exact = [a for a in accounts if a.name == key]
    if exact:
        return exact[0]
    prefix = [a for a in accounts if a.name.startswith(key)]
    if len(prefix) == 1:
        return prefix[0]
    if len(prefix) > 1:
        names = ", ".join(a.name for a in prefix[:5])
        raise NotFound(
            f"{key!r} matches {len(prefix)} accounts ({names}…); give more of the name or the id"
        )
    raise NotFound(f"no account with id or name {key!r}")


class PeopleByAccount:
    """The live people of each account, read as asked: `get(account_id, [])` as on a dict of
    every account's people, but only the accounts asked for become models (the people of 5,000
    accounts, 50,000 models, took 0.8 s and 90 MB to read whole for the funnel's 240 deals)."""

    def __init__(self, source: Service | Store) -> None:
        self._source = source
        self._found: dict[str, list[Contact]] = {}

    def get(self, account_id: str, default: list[Contact] | None = None) -> list[Contact]:
        """An account's people ([] for none: as `default` always is where a dict is asked)."""
        found = self._found.get(account_id)
        if found is None:
            found = self._found[account_id] = self._source.find(Contact, account_id=account_id)
        return found

    def __getitem__(self, account_id: str) -> list[Contact]:
        return self.get(account_id)


def account_index(
    source: Service | Store, with_contacts: bool = True, *, elsewhere: bool = False
) -> AccountIndex:
    """The search index of every live account, read from the stored documents.

    What the search cache beside the database (`dragon_tui.search_cache`) holds for them is
    taken from it: the keys of the names it knows, and the account views and deal figures when
    their tables are still the bytes they were made from. What it lacks is worked out, and the
    cache rewritten in the background. `elsewhere`: made by a worker beside the UI (the
    people of a very large database are read by a child process: `read_fields`)."""
    store = store_of(source)
    if with_contacts:
        # The quick index (what a rep waits for) leaves this to the full one, which the app
        # builds in a worker right after the list is shown: first, before the first keystroke.
        prepare_search()
    cache = known_cache(store.path)
    with store.lock:  # a consistent view while the UI may be saving: copies, read after
        generation = _index_generation(store)
        accounts_sha = store.table_digest("accounts")
        deals_sha = store.table_digest("opportunities")
        views = _part(cache.views, accounts_sha)
        summaries = _part(cache.deals, deals_sha)
        accounts = store.raw_copy("accounts") if views is None else {}
        deals = store.raw_copy("opportunities") if summaries is None else {}
        people = store.raw_copy("contacts") if with_contacts else {}
    # Read without the lock (50,000 people at 5,000 accounts: a keystroke asking the store
    # for the settings waited for them). Made from the records as they were at `generation`,
    # the index is made again when asked after a save.
    if views is None:
        views = account_views(accounts.values())
    if summaries is None:
        summaries = deal_summaries(deals.values())
    names = _contact_names(people, elsewhere) if with_contacts else {}
    book = KeyBook(cache.keys)
    index = AccountIndex.from_parts(views, names, summaries, generation, keys=book)
    # Rewritten for new names or new tables; the names cut down to those in use once most
    # entries are of names no longer in the database (renamed, deleted).
    unused = len(book.known) - len(book.used)
    new_views = accounts_sha is not None and _part(cache.views, accounts_sha) is None
    new_deals = deals_sha is not None and _part(cache.deals, deals_sha) is None
    if book.added or new_views or new_deals or unused > max(100, len(book.used)):
        keep = {t: book.known[t] for t in book.used} if unused > len(book.used) else book.known
        remember(
            store.path,
            SearchCache(
                keep,
                (accounts_sha, views) if new_views else cache.views,
                (deals_sha, summaries) if new_deals else cache.deals,
            ),
        )
    return index


def _contact_names(people: Mapping[str, dict[str, Any]], elsewhere: bool) -> dict[str, list[str]]:
    """`contact_names` of the people's documents, read from the table's bytes (`read_fields`:
    parsing 50,000 people whole took twice as long); one without a name or an account (a
    damaged record, reported where it is read) is left out."""
    fields = ("account_id", "name", "deleted")
    accounts, names, deleted = read_fields(Contact, people, fields, elsewhere=elsewhere)
    found: dict[str, list[str]] = {}
    for record_id in people:
        if deleted.get(record_id) or record_id not in names or record_id not in accounts:
            continue
        found.setdefault(accounts[record_id], []).append(names[record_id])
    return found


def _index_generation(store: Store) -> int:
    """The index is made of the accounts, people and deals alone: a setting saved (the
    language) leaves it as it is."""
    return store.table_generation(Account.table, Contact.table, Opportunity.table)


def _part(kept: tuple[str, Any] | None, sha: str | None) -> Any:
    """A part of the search cache, if it was made from the bytes the table holds now."""
    return kept[1] if kept is not None and sha is not None and kept[0] == sha else None


class IndexCache:
    """Keeps one AccountIndex per database and rebuilds it only when the records have changed.

    `quick()` gives an index without contact names (what the list shows), so the list appears
    at once; `get()` gives the full one, which the UI builds in a worker meanwhile.
    """

    def __init__(self, source: Service | Store) -> None:
        self.source = source
        self._index: AccountIndex | None = None
        self._quick: AccountIndex | None = None

    def _fresh(self, index: AccountIndex | None) -> bool:
        return index is not None and index.generation == _index_generation(store_of(self.source))

    def get(self, *, elsewhere: bool = False) -> AccountIndex:
        """The full index (`elsewhere`: made by a worker, see `account_index`)."""
        if not self._fresh(self._index):
            self._index = account_index(self.source, elsewhere=elsewhere)
        return self._index  # type: ignore[return-value]

    def quick(self) -> AccountIndex:
        if self._fresh(self._index):
            return self._index  # type: ignore[return-value]
        if not self._fresh(self._quick):
            self._quick = account_index(self.source, with_contacts=False)
        return self._quick  # type: ignore[return-value]

    @property
    def is_complete(self) -> bool:
        return self._fresh(self._index)
