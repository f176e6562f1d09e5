"""Accounts as callers look for them: by id or name, and the search index of the account list."""

from __future__ import annotations

from dragon_tui.errors import NotFound
from dragon_tui.models import Account
from dragon_tui.search import AccountIndex, KeyBook, prepare_search
from dragon_tui.search_cache import known_keys, remember_keys
from dragon_tui.service.records import Service, store_of
from dragon_tui.store import Store


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


def account_index(source: Service | Store, with_contacts: bool = True) -> AccountIndex:
    """The search index of every live account, read from the stored documents.

    The pinyin keys of account names come from the search-keys cache beside the database
    (`dragon_tui.search_cache`) where it has them; names it lacks are worked out and the cache
    rewritten in the background."""
    store = store_of(source)
    if with_contacts:
        # The quick index (what a rep waits for) leaves this to the full one, which the app
        # builds in a worker right after the list is shown: first, before the first keystroke.
        prepare_search()
    with store.lock:  # a consistent view while the UI may be saving
        accounts = list(store.raw("accounts").values())
        contacts = list(store.raw("contacts").values()) if with_contacts else []
        opportunities = list(store.raw("opportunities").values())
        generation = store.generation
    book = KeyBook(known_keys(store.path))
    index = AccountIndex.from_documents(accounts, contacts, opportunities, generation, keys=book)
    # Rewritten for new names; cut down to the names in use once most entries are of names no
    # longer in the database (renamed, deleted).
    unused = len(book.known) - len(book.used)
    if book.added or unused > max(100, len(book.used)):
        keep = {t: book.known[t] for t in book.used} if unused > len(book.used) else book.known
        remember_keys(store.path, keep)
    return index


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
        return index is not None and index.generation == self.source.generation

    def get(self) -> AccountIndex:
        if not self._fresh(self._index):
            self._index = account_index(self.source)
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
