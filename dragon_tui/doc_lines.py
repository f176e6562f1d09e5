"""Large tables kept as their file bytes, one document parsed at a time.

Why: at 5,000 accounts the activities table is 116 MB of JSON and 404 MB once parsed, the
people 44 MB and 175 MB; most of a session reads a few accounts' worth of them. So a table of
`LINES_MIN_DOCS` documents or more is written one document per line,

    "activities":{
     "id1":{...},
     "id2":{...}
     },

still one JSON value (the file parses whole with any JSON reader, and an older dragon-tui reads it
as before), and read back as a `LineTable`: the bytes (a view into the file's mapping, page cache
rather than heap), where each document starts and ends, and the documents changed since. A
document is parsed when it is asked for and not kept: what is kept is the callers' business
(the store keeps the models it makes). A table line starts with a quote and a document line with
a space, so the file's table-per-line reading (`storage._split_lines`) never confuses the two.

Writing a `LineTable` copies the unchanged documents' bytes as they are and dumps only the
changed ones; where each document landed is noted as it is written, so the table reads from the
new file without a second scan.
"""

from __future__ import annotations

import re
from collections.abc import ItemsView, Iterator, Mapping, MutableMapping, ValuesView
from pathlib import Path
from typing import Any

import orjson

from dragon_tui.errors import DamagedDatabase
from dragon_tui.pages import release_pages

LINES_MIN_DOCS = 1_000  # a table of this many documents or more is written one per line
OPEN, SEP, CLOSE = b"{\n ", b",\n ", b"\n }"
_SHIFT, _MASK = 32, (1 << 32) - 1  # a document's place: start << 32 | length
_FIRST = re.compile(rb'\{\n "([^"\\]*)(["\\])')
_NEXT = re.compile(rb',\n "([^"\\]*)(["\\])')  # a literal start: found by a fast search
_MISSING = object()
PAGES_STEP = 8 << 20  # bytes read through the file's mapping before its pages are let go


def is_lines(blob: bytes | memoryview) -> bool:
    """Whether a table's bytes are in the one-document-per-line layout."""
    return bytes(blob[:3]) == OPEN


def index_lines(name: str, blob: bytes | memoryview, path: Path) -> dict[str, int]:
    """Where each document of a table in the line layout lies in its bytes, by id, in the
    order of the file; DamagedDatabase if the layout is broken."""

    def damaged() -> DamagedDatabase:
        return DamagedDatabase(f"{path}: table {name!r} is corrupt (a document line is broken)")

    end = len(blob) - len(CLOSE)
    if not is_lines(blob) or bytes(blob[end:]) != CLOSE:
        raise damaged()
    places: dict[str, int] = {}
    match = _FIRST.match(blob, 0)
    if match is None:
        raise damaged()
    released = 0
    while True:
        key, start = _key(match, blob, damaged)
        match = _NEXT.search(blob, start)
        stop = end if match is None else match.start()
        if stop - released > PAGES_STEP:
            release_pages(blob)
            released = stop
        if stop - start < 2 or blob[start] != 0x7B or blob[stop - 1] != 0x7D:  # { ... }
            raise damaged()
        places[key] = start << _SHIFT | (stop - start)
        if match is None:
            return places


def _key(match: re.Match, blob: bytes | memoryview, damaged: Any) -> tuple[str, int]:
    """A document line's id and where its document starts (after `"id":`)."""
    if match.group(2) == b'"':
        after = match.end()
        raw_key = match.group(1)
        try:
            key = raw_key.decode()
        except UnicodeDecodeError:
            raise damaged() from None
    else:  # an id with an escape in it: read the JSON string properly
        opening = match.start(1) - 1
        at = opening + 1
        while True:
            quote = bytes(blob[at : at + 4096]).find(b'"')
            if quote < 0:
                raise damaged()
            at += quote
            slashes = 0
            while blob[at - 1 - slashes] == 0x5C:
                slashes += 1
            if slashes % 2 == 0:
                break
            at += 1
        try:
            key = orjson.loads(blob[opening : at + 1])
        except orjson.JSONDecodeError:
            raise damaged() from None
        after = at + 1
    if blob[after : after + 1] != b":":
        raise damaged()
    return key, after + 1


class LineTable(MutableMapping):
    """A table in the line layout: its documents parsed one at a time (see the module)."""

    __slots__ = ("name", "path", "_base", "_changed", "_count")

    def __init__(
        self, name: str, blob: bytes | memoryview, places: dict[str, int], path: Path
    ) -> None:
        self.name = name
        self.path = path
        # The bytes and where each document lies in them, one tuple replaced whole (`rebase`)
        # so that a reader in another thread never pairs new bytes with old places. The dict
        # of places is never changed.
        self._base = (blob, places)
        self._changed: dict[str, dict[str, Any] | None] = {}  # None: removed
        self._count = len(places)

    @classmethod
    def read(cls, name: str, blob: bytes | memoryview, path: Path) -> LineTable:
        return cls(name, blob, index_lines(name, blob, path), path)

    # -------------------------------------------------------------- reading
    def _load(self, blob: bytes | memoryview, key: str, place: int) -> dict[str, Any]:
        start = place >> _SHIFT
        try:
            doc = orjson.loads(blob[start : start + (place & _MASK)])
        except orjson.JSONDecodeError as exc:
            raise DamagedDatabase(
                f"{self.path}: record {key} in {self.name} is corrupt ({exc})"
            ) from None
        if not isinstance(doc, dict):
            raise DamagedDatabase(
                f"{self.path}: not a dragon-tui database (wrong JSON shape in table {self.name!r})"
            )
        return doc

    def __getitem__(self, key: str) -> dict[str, Any]:
        doc = self._changed.get(key, _MISSING)
        if doc is _MISSING:
            blob, places = self._base
            return self._load(blob, key, places[key])
        if doc is None:
            raise KeyError(key)
        return doc  # type: ignore[return-value]

    def get(self, key: str, default: Any = None) -> Any:
        doc = self._changed.get(key, _MISSING)
        if doc is _MISSING:
            blob, places = self._base
            place = places.get(key)
            return default if place is None else self._load(blob, key, place)
        return default if doc is None else doc

    def __contains__(self, key: object) -> bool:
        doc = self._changed.get(key, _MISSING)  # type: ignore[call-overload]
        if doc is _MISSING:
            return key in self._base[1]
        return doc is not None

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[str]:
        changed, places = self._changed, self._base[1]
        if not changed:
            yield from places
            return
        for key in places:
            if changed.get(key, _MISSING) is not None:
                yield key
        for key, doc in changed.items():
            if doc is not None and key not in places:
                yield key

    def iter_items(self) -> Iterator[tuple[str, dict[str, Any]]]:
        changed, (blob, places), load = self._changed, self._base, self._load
        unreleased = 0
        for key, place in places.items():
            doc = changed.get(key, _MISSING)
            if doc is _MISSING:
                unreleased += place & _MASK
                if unreleased > PAGES_STEP:  # a scan of the table holds a few pages at a time
                    release_pages(blob)
                    unreleased = 0
                yield key, load(blob, key, place)
            elif doc is not None:
                yield key, doc  # type: ignore[misc]
        for key, doc in changed.items():
            if doc is not None and key not in places:
                yield key, doc
        release_pages(blob)  # every page was read: they leave the app's memory

    def items(self) -> ItemsView:
        return _Items(self)

    def values(self) -> ValuesView:
        return _Values(self)

    # -------------------------------------------------------------- changing
    def __setitem__(self, key: str, doc: dict[str, Any]) -> None:
        if key not in self:
            self._count += 1
        self._changed[key] = doc

    def __delitem__(self, key: str) -> None:
        if key not in self:
            raise KeyError(key)
        self._count -= 1
        self._changed[key] = None

    def pop(self, key: str, *default: Any) -> Any:
        if key not in self:
            if default:
                return default[0]
            raise KeyError(key)
        doc = self[key]
        del self[key]
        return doc

    def clear(self) -> None:
        self._base, self._changed, self._count = (b"", {}), {}, 0

    # -------------------------------------------------------------- writing
    def frozen(self) -> LineTable:
        """A copy that later changes to this table do not reach (they go to a new dict of
        changes; the bytes and places are never changed): to read or write without the lock."""
        copy = LineTable(self.name, *self._base, self.path)
        copy._changed = dict(self._changed)
        copy._count = self._count
        return copy

    @property
    def blob(self) -> bytes | memoryview:
        return self._base[0]

    def rebase(self, blob: bytes | memoryview, places: dict[str, int]) -> None:
        """Read from `blob` (this table's documents exactly, written from it) from now on."""
        self._base, self._changed = (blob, places), {}
        self._count = len(places)

    def raw_pieces(self) -> Iterator[tuple[str, bytes | memoryview | dict[str, Any]]]:
        """Each document, in order: the bytes it was read from if unchanged, else the doc."""
        changed, (blob, places) = self._changed, self._base
        for key, place in places.items():
            doc = changed.get(key, _MISSING)
            if doc is _MISSING:
                start = place >> _SHIFT
                yield key, blob[start : start + (place & _MASK)]
            elif doc is not None:
                yield key, doc  # type: ignore[misc]
        for key, doc in changed.items():
            if doc is not None and key not in places:
                yield key, doc


class _Items(ItemsView):
    def __iter__(self) -> Iterator[tuple[str, dict[str, Any]]]:
        return self._mapping.iter_items()


class _Values(ValuesView):
    def __iter__(self) -> Iterator[dict[str, Any]]:
        return (doc for _, doc in self._mapping.iter_items())


def wants_lines(table: Mapping[str, Any]) -> bool:
    """Whether a table is written one document per line (see `LINES_MIN_DOCS`)."""
    return isinstance(table, LineTable) or len(table) >= LINES_MIN_DOCS


def line_pieces(table: Mapping[str, Any], places: dict[str, int]) -> Iterator[bytes | memoryview]:
    """A table's bytes in the line layout, piece by piece; `places` is filled with where each
    document lies in them (as `index_lines` would find)."""
    docs = table.raw_pieces() if isinstance(table, LineTable) else table.items()
    if not table:
        yield b"{}"
        return
    offset = 0
    head = OPEN
    for key, doc in docs:
        data = doc if not isinstance(doc, dict) else orjson.dumps(doc)
        prefix = head + orjson.dumps(key) + b":"
        yield prefix
        yield data
        offset += len(prefix)
        places[key] = offset << _SHIFT | len(data)
        offset += len(data)
        head = SEP
    yield CLOSE


def frozen(table: Mapping[str, Any]) -> Mapping[str, Any]:
    """A table as it is now, to read without the store's lock (documents are replaced, never
    changed in place, so a shallow copy is enough)."""
    if isinstance(table, LineTable):
        return table.frozen()
    return dict(table)
