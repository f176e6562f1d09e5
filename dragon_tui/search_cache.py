"""The search cache beside the database (`<db>.search`): what the account list is made of.

Working out the keys of 5,000 account names is a third of opening the database at that scale,
and parsing the accounts and opportunities tables (26 MB) for the list's views and deal figures
another half; reading them back is a few tens of milliseconds. Why it is safe:
- Name keys are keyed by the name itself: a text's keys depend on nothing in the database, so no
  edit, sync or restore can make an entry wrong. What can is a change of how keys are worked
  out (`pinyin.KEYS_VERSION`) or of the reading table (pypinyin updated): the file records both
  (`pinyin.keys_source()`) and is ignored whole when either differs.
- The account views and the deal figures are each kept under the SHA-256 of the table bytes
  they were made from, and used only for a table holding exactly those bytes now
  (`Store.table_digest`: none for a table changed since it was read), and only when made by
  this version of `search.account_views` / `search.deal_summaries` (`PARTS_VERSION`).
- The body carries its CRC-32 in the header line: a damaged or hand-edited file is ignored
  whole, and every entry's shape is checked as it is read. Anything wrong means "no cache":
  the keys are worked out again and the file rewritten. It is never an error.
- Written like every file of the app: atomically (temp, fsync, replace), 0600 — it holds names.
"""

from __future__ import annotations

import atexit
import threading
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import orjson

from dragon_tui.models.enums import AccountNature, AccountSize, LeadSource, ValueTier
from dragon_tui.pinyin import TextKeys, keys_source
from dragon_tui.search import PARTS_VERSION, AccountView
from dragon_tui.storage import write_atomic

FORMAT = 2


@dataclass
class SearchCache:
    """What `<db>.search` holds: each account name's keys (by the name), and the account views
    and deal figures of the accounts and opportunities tables, each under the SHA-256 of the
    table's bytes it was made from (`Store.table_digest`)."""

    keys: dict[str, TextKeys] = field(default_factory=dict)
    views: tuple[str, list[AccountView]] | None = None
    deals: tuple[str, dict[str, list]] | None = None


def cache_path(database: Path) -> Path:
    return database.with_name(database.name + ".search")


def read_keys(path: Path) -> dict[str, TextKeys]:
    """The cached keys, or {} when there is no usable cache (absent, stale, damaged)."""
    return read_cache(path).keys


def read_cache(path: Path) -> SearchCache:
    """The cache, or an empty one when there is none usable (absent, stale, damaged); a part
    made by another version of `account_views` / `deal_summaries`, or damaged, is left out."""
    try:
        raw = path.read_bytes()
    except OSError:
        return SearchCache()
    newline = raw.find(b"\n")
    try:
        header = orjson.loads(raw[:newline]) if newline > 0 else None
    except orjson.JSONDecodeError:
        return SearchCache()
    if (
        not isinstance(header, dict)
        or header.get("format") != FORMAT
        or header.get("source") != keys_source()
    ):
        return SearchCache()
    body = memoryview(raw)[newline + 1 :]
    if header.get("crc32") != zlib.crc32(body):
        return SearchCache()
    try:
        content = orjson.loads(body)
        keys = {text: _keys(entry) for text, entry in content["keys"].items()}
    except (orjson.JSONDecodeError, AttributeError, KeyError, TypeError, ValueError):
        return SearchCache()
    return SearchCache(keys, _part(content, "views", _views), _part(content, "deals", _deals))


def _part(content: dict, name: str, decode):
    part = content.get(name)
    if not isinstance(part, dict) or part.get("parts") != PARTS_VERSION:
        return None
    sha = part.get("sha256")
    if type(sha) is not str:
        return None
    try:
        return sha, decode(part["of"])
    except (AttributeError, KeyError, TypeError, ValueError):
        return None


def _keys(entry: list) -> TextKeys:
    initials, full, starts, polyphonic, letters, grams, syllables = entry
    if not (
        type(initials) is str
        and type(full) is str
        and type(starts) is list
        and all(type(at) is int for at in starts)
        and type(polyphonic) is bool
        and type(letters) is str
        and type(grams) is str
        and type(syllables) is str
    ):
        raise TypeError("not a cache entry")
    return TextKeys(
        initials, full, frozenset(starts), polyphonic, frozenset(letters), grams, syllables
    )


_KINDS = (ValueTier, LeadSource, AccountNature, AccountSize)


def _views(rows: list) -> list[AccountView]:
    views = []
    for row in rows:
        id_, name, industry, region, owner, tags, *kinds, rank = row
        if not (
            all(type(v) is str for v in (id_, name, industry, region, owner))
            and type(tags) is list
            and all(type(t) is str for t in tags)
            and len(kinds) == len(_KINDS)
        ):
            raise TypeError("not an account view")
        views.append(
            AccountView(
                id_,
                name,
                industry,
                region,
                owner,
                tuple(tags),
                *map(_member, _KINDS, kinds),
                _rank(rank),
            )
        )
    return views


def _member(kind, value):
    if value is None:
        return None
    member = kind._value2member_map_.get(value)  # a lookup; the call raises on a bad value
    return member if member is not None else kind(value)


def _rank(rank: object) -> tuple[int, int] | None:
    if rank is None:
        return None
    total, timing = rank  # type: ignore[misc]
    if type(total) is not int or type(timing) is not int:
        raise TypeError("not an A-card rank")
    return total, timing


def _deals(by_account: dict) -> dict[str, list]:
    deals = {}
    for account_id, (count, stage, rank) in by_account.items():
        if type(count) is not int or not (stage is None or type(stage) is int):
            raise TypeError("not deal figures")
        deals[account_id] = [count, stage, _rank(rank)]
    return deals


def encode(
    keys: dict[str, TextKeys],
    views: tuple[str, list[AccountView]] | None = None,
    deals: tuple[str, dict[str, list]] | None = None,
) -> bytes:
    """The cache file's bytes: a header line (format, source, CRC-32 of the body), the body."""
    content = {
        "keys": {
            text: [
                k.initials,
                k.full,
                sorted(k.starts),
                k.polyphonic,
                "".join(sorted(k.letters)),
                k.grams_text,
                k.syllables_text,
            ]
            for text, k in keys.items()
        },
        "views": None
        if views is None
        else {
            "sha256": views[0],
            "parts": PARTS_VERSION,
            "of": [
                [
                    v.id,
                    v.name,
                    v.industry,
                    v.region,
                    v.owner,
                    list(v.tags),
                    *(
                        None if k is None else k.value
                        for k in (v.value_tier, v.lead_source, v.nature, v.size)
                    ),
                    v.acard_rank,
                ]
                for v in views[1]
            ],
        },
        "deals": None
        if deals is None
        else {"sha256": deals[0], "parts": PARTS_VERSION, "of": deals[1]},
    }
    body = orjson.dumps(content)
    header = {"format": FORMAT, "source": keys_source(), "crc32": zlib.crc32(body)}
    return orjson.dumps(header) + b"\n" + body


def write_keys(
    path: Path,
    keys: dict[str, TextKeys],
    views: tuple[str, list[AccountView]] | None = None,
    deals: tuple[str, dict[str, list]] | None = None,
) -> bool:
    """Replace the cache atomically; a cache that cannot be written is simply not there.
    Whether it was written."""
    try:
        write_atomic(path, encode(keys, views, deals))
    except OSError:
        return False
    return True


_known: dict[Path, tuple[tuple[int, int, int], SearchCache]] = {}
_writing: list[tuple[threading.Thread, threading.Event]] = []
_waiting: dict[Path, SearchCache] = {}  # remembered, not yet written (`known_cache` reads it)
_lock = threading.Lock()
WRITE_DELAY = 1.0  # seconds: the list is painted and the first keys typed before the write


def known_cache(database: Path) -> SearchCache:
    """A database's search cache (read once per process while the file is unchanged: the
    index is rebuilt after every save)."""
    where = cache_path(database)
    with _lock:
        waiting = _waiting.get(where)
    if waiting is not None:  # this process's newest, not written yet
        return waiting
    try:
        stat = where.stat()
    except OSError:
        return SearchCache()
    seen = (stat.st_ino, stat.st_size, stat.st_mtime_ns)
    with _lock:
        memo = _known.get(where)
    if memo is not None and memo[0] == seen:
        return memo[1]
    cache = read_cache(where)
    with _lock:
        _known[where] = (seen, cache)
    return cache


def remember(database: Path, cache: SearchCache) -> threading.Thread:
    """Write the cache a little later, in a thread: its encoding would share the interpreter
    with whatever the open was for (painting the list), and no one waits for its fsync. A
    process that ends meanwhile writes it on the way out (`settle`, registered at exit).
    Meanwhile `known_cache` gives it (the full index, made next, reuses the quick one's
    parts), and a newer one remembered before the write replaces it (written once)."""
    where = cache_path(database)
    now = threading.Event()

    def write() -> None:
        now.wait(WRITE_DELAY)
        with _lock:
            if _waiting.get(where) is not cache:
                return  # a newer one was remembered meanwhile: that one is written
        written = write_keys(where, cache.keys, cache.views, cache.deals)
        try:  # what was written is what the next index reads: no need to read it back
            stat = where.stat() if written else None
        except OSError:
            stat = None
        with _lock:
            if _waiting.get(where) is cache:
                del _waiting[where]
            if stat is not None:
                _known[where] = ((stat.st_ino, stat.st_size, stat.st_mtime_ns), cache)

    thread = threading.Thread(target=write, name="search-cache", daemon=True)
    with _lock:
        _writing[:] = [(t, e) for t, e in _writing if t.is_alive()]
        _writing.append((thread, now))
        _waiting[where] = cache
    thread.start()
    return thread


def settle() -> None:
    """Write the caches waiting to be written, now, and wait for them (closing a database)."""
    with _lock:
        pending = list(_writing)
    for thread, now in pending:
        now.set()
        thread.join()


atexit.register(settle)
