"""The search-keys cache: each name's pinyin keys kept beside the database (`<db>.search`).

Working out the keys of 5,000 account names is a third of opening the database at that scale
(the first open of a process also reads pypinyin's table); reading them back is a few
milliseconds. Why it is safe:
- Entries are keyed by the text itself: a text's keys depend on nothing in the database, so no
  edit, sync or restore can make an entry wrong. What can is a change of how keys are worked
  out (`pinyin.KEYS_VERSION`) or of the reading table (pypinyin updated): the file records both
  (`pinyin.keys_source()`) and is ignored whole when either differs.
- The body carries its CRC-32 in the header line: a damaged or hand-edited file is ignored
  whole, and every entry's shape is checked as it is read. Anything wrong means "no cache":
  the keys are worked out again and the file rewritten. It is never an error.
- Written like every file of the app: atomically (temp, fsync, replace), 0600 — it holds names.
"""

from __future__ import annotations

import atexit
import threading
import zlib
from pathlib import Path

import orjson

from dragon_tui.pinyin import TextKeys, keys_source
from dragon_tui.storage import write_atomic

FORMAT = 1


def cache_path(database: Path) -> Path:
    return database.with_name(database.name + ".search")


def read_keys(path: Path) -> dict[str, TextKeys]:
    """The cached keys, or {} when there is no usable cache (absent, stale, damaged)."""
    try:
        raw = path.read_bytes()
    except OSError:
        return {}
    newline = raw.find(b"\n")
    try:
        header = orjson.loads(raw[:newline]) if newline > 0 else None
    except orjson.JSONDecodeError:
        return {}
    if (
        not isinstance(header, dict)
        or header.get("format") != FORMAT
        or header.get("source") != keys_source()
    ):
        return {}
    body = memoryview(raw)[newline + 1 :]
    if header.get("crc32") != zlib.crc32(body):
        return {}
    try:
        entries = orjson.loads(body)
        return {text: _keys(entry) for text, entry in entries.items()}
    except (orjson.JSONDecodeError, AttributeError, TypeError, ValueError):
        return {}


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


def encode(keys: dict[str, TextKeys]) -> bytes:
    """The cache file's bytes: a header line (format, source, CRC-32 of the body), the body."""
    body = orjson.dumps(
        {
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
        }
    )
    header = {"format": FORMAT, "source": keys_source(), "crc32": zlib.crc32(body)}
    return orjson.dumps(header) + b"\n" + body


def write_keys(path: Path, keys: dict[str, TextKeys]) -> None:
    """Replace the cache atomically; a cache that cannot be written is simply not there."""
    try:
        write_atomic(path, encode(keys))
    except OSError:
        pass


_known: dict[Path, tuple[tuple[int, int, int], dict[str, TextKeys]]] = {}
_writing: list[tuple[threading.Thread, threading.Event]] = []
_lock = threading.Lock()
WRITE_DELAY = 1.0  # seconds: the list is painted and the first keys typed before the write


def known_keys(database: Path) -> dict[str, TextKeys]:
    """The cached keys of a database's names (read once per process while the file is
    unchanged: the index is rebuilt after every save)."""
    where = cache_path(database)
    try:
        stat = where.stat()
    except OSError:
        return {}
    seen = (stat.st_ino, stat.st_size, stat.st_mtime_ns)
    with _lock:
        memo = _known.get(where)
    if memo is not None and memo[0] == seen:
        return memo[1]
    keys = read_keys(where)
    with _lock:
        _known[where] = (seen, keys)
    return keys


def remember_keys(database: Path, keys: dict[str, TextKeys]) -> threading.Thread:
    """Write the cache a little later, in a thread: its encoding would share the interpreter
    with whatever the open was for (painting the list), and no one waits for its fsync. A
    process that ends meanwhile writes it on the way out (`settle`, registered at exit)."""
    where = cache_path(database)
    now = threading.Event()

    def write() -> None:
        now.wait(WRITE_DELAY)
        write_keys(where, keys)

    thread = threading.Thread(target=write, name="search-keys", daemon=True)
    with _lock:
        _writing[:] = [(t, e) for t, e in _writing if t.is_alive()]
        _writing.append((thread, now))
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
