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

import functools
import operator
import re
import threading
from bisect import bisect_right
from collections.abc import (
    ItemsView,
    Iterator,
    Mapping,
    MutableMapping,
    Sequence,
    ValuesView,
)
from pathlib import Path
from typing import Any

import orjson

from dragon_tui.errors import DamagedDatabase
from dragon_tui.pages import release_pages

LINES_MIN_DOCS = 256  # a table of this many documents or more is written one per line
OPEN, SEP, CLOSE = b"{\n ", b",\n ", b"\n }"
_SHIFT, _MASK = 32, (1 << 32) - 1  # a document's place: start << 32 | length
_FIRST = re.compile(rb'\{\n "([^"\\]*)(["\\])')
_NEXT = re.compile(rb',\n "([^"\\]*)(["\\])')  # a literal start: found by a fast search
_MISSING = object()
_ESCAPED = re.compile(rb"\\u")  # a \u escape: where a key may be spelt unlike its name
_PLACING = threading.Lock()  # held while a table's places are put in (`LineTable.index`)
SCAN_BYTES = 1 << 20  # bytes of lines parsed together when a whole table is read
PIECE_DOCS = 500  # documents joined into one piece when a table is written
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
    first = _FIRST.match(blob, 0)
    if first is None:
        raise damaged()
    key, start = _key(first, blob, damaged)
    released = 0
    try:
        for match in _NEXT.finditer(blob, start, end):
            stop = match.start()
            if stop - start < 2 or blob[start] != 0x7B or blob[stop - 1] != 0x7D:  # { ... }
                raise damaged()
            places[key] = start << _SHIFT | (stop - start)
            if stop - released > PAGES_STEP:
                release_pages(blob)
                released = stop
            raw_key, closing = match.groups()
            after = match.end()
            if closing == b'"' and blob[after] == 0x3A:  # an id with no escape, then ":"
                key, start = raw_key.decode(), after + 1
            else:
                key, start = _key(match, blob, damaged)
    except UnicodeDecodeError:
        raise damaged() from None
    if end - start < 2 or blob[start] != 0x7B or blob[end - 1] != 0x7D:
        raise damaged()
    places[key] = start << _SHIFT | (end - start)
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
                if at + 4096 >= len(blob):
                    raise damaged()
                at += 4096  # a long id: look further
                continue
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
    """A table in the line layout: its documents parsed one at a time (see the module).

    Where each document lies is worked out when a document is first looked up by id (a quarter
    of a second for 200,000 activities), not for a scan of the whole table (Today, an export),
    which reads the lines a megabyte at a time."""

    __slots__ = ("name", "path", "_base", "_changed", "_count", "_origin")

    def __init__(
        self, name: str, blob: bytes | memoryview, places: dict[str, int] | None, path: Path
    ) -> None:
        self.name = name
        self.path = path
        # The bytes and where each document lies in them (None: not worked out yet), one tuple
        # replaced whole so that a reader in another thread never pairs new bytes with old
        # places. A dict of places is never changed once made. A change needs the places (is
        # the id there?), so a table without them has no changes.
        self._base: tuple[bytes | memoryview, dict[str, int] | None] = (blob, places)
        self._changed: dict[str, dict[str, Any] | None] = {}  # None: removed
        self._count = -1 if places is None else len(places)
        self._origin: LineTable | None = None  # the table this is a frozen copy of

    @classmethod
    def read(cls, name: str, blob: bytes | memoryview, path: Path) -> LineTable:
        if not is_lines(blob) or bytes(blob[len(blob) - len(CLOSE) :]) != CLOSE:
            raise DamagedDatabase(f"{path}: table {name!r} is corrupt (a document line is broken)")
        return cls(name, blob, None, path)

    def index(self) -> tuple[bytes | memoryview, dict[str, int]]:
        """The bytes and where each document lies in them, worked out if not yet."""
        blob, places = self._base
        if places is None:
            places = index_lines(self.name, blob, self.path)
            release_pages(blob)
            # two threads may work them out at once: the first one's are kept; a frozen copy's
            # serve the table it copies, if still of these bytes
            self.adopt_places(blob, places)
            now = self._base
            if now[0] is not blob or now[1] is not places:
                return now  # type: ignore[return-value]
        return blob, places

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
            raise self._wrong_shape()
        return doc

    def _wrong_shape(self) -> DamagedDatabase:
        return DamagedDatabase(
            f"{self.path}: not a dragon-tui database (wrong JSON shape in table {self.name!r})"
        )

    def __getitem__(self, key: str) -> dict[str, Any]:
        doc = self._changed.get(key, _MISSING)
        if doc is _MISSING:
            blob, places = self.index()
            return self._load(blob, key, places[key])
        if doc is None:
            raise KeyError(key)
        return doc  # type: ignore[return-value]

    def get(self, key: str, default: Any = None) -> Any:
        doc = self._changed.get(key, _MISSING)
        if doc is _MISSING:
            blob, places = self.index()
            place = places.get(key)
            return default if place is None else self._load(blob, key, place)
        return default if doc is None else doc

    def __contains__(self, key: object) -> bool:
        doc = self._changed.get(key, _MISSING)  # type: ignore[call-overload]
        if doc is _MISSING:
            return key in self.index()[1]
        return doc is not None

    def __len__(self) -> int:
        if self._count < 0:
            self.index()
        return self._count

    def __bool__(self) -> bool:
        if self._count >= 0:
            return self._count > 0
        return len(self._base[0]) > len(OPEN) + len(CLOSE)  # a line at least, none removed

    def __iter__(self) -> Iterator[str]:
        changed, places = self._changed, self.index()[1]
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
        """Every (id, document), in the file's order then the added ones, read a megabyte of
        lines at a time (`SCAN_BYTES`, one parse each: a scan of 200,000 documents parsed one
        by one spent most of its time in the calls)."""
        changed, (blob, _) = self._changed, self._base
        end = len(blob) - len(CLOSE)
        start = len(OPEN)  # where a run's first line starts (its id)
        seen: set[str] = set()  # the changed ids met in the file
        while start < end:
            found = _NEXT.search(blob, min(start + SCAN_BYTES, end), end)
            stop = end if found is None else found.start()
            docs = _parse_run(blob, start, stop)
            if docs is None:  # a broken line: read them one by one, which names it
                yield from self._items_one_by_one(start, seen)
                return
            release_pages(blob)  # a scan holds a megabyte of the file's pages at a time
            for key, doc in docs.items():
                if changed:
                    now = changed.get(key, _MISSING)
                    if now is not _MISSING:
                        seen.add(key)
                        if now is None:
                            continue
                        doc = now
                if type(doc) is not dict:
                    raise self._wrong_shape()
                yield key, doc
            start = stop + len(SEP)
        for key, doc in changed.items():
            if doc is not None and key not in seen:
                yield key, doc

    def _items_one_by_one(self, start: int, seen: set[str]) -> Iterator[tuple[str, dict]]:
        """`iter_items` from the line at `start` on, one document at a time."""
        changed, (blob, places) = self._changed, self.index()
        for key, place in places.items():
            if (place >> _SHIFT) < start:
                continue
            now = changed.get(key, _MISSING)
            if now is _MISSING:
                yield key, self._load(blob, key, place)
                continue
            seen.add(key)
            if now is not None:
                yield key, now  # type: ignore[misc]
        for key, doc in changed.items():
            if doc is not None and key not in seen and key not in places:
                yield key, doc

    def field_values(self, fields: Sequence[str]) -> list[dict[str, Any]]:
        """For each of `fields`, its value in each document that holds it, by id, found in the
        file's bytes without parsing the documents (two thirds of the time for 200,000
        activities). For top-level fields only: the caller knows that no object nested in a
        valid document holds such a key (`models.nested_keys`).

        `"field"` just after a `{` or a `,` and before a `:` is a key: a quote inside a JSON
        string is escaped, so that one opens a string, which the next quote closes. A document
        is parsed whole where that reading is unsure: a value that is a list or an object, a
        `\\u` escape (a key may be spelt with one), whitespace before a key. Of a key written
        twice, the last is kept, as parsing keeps it; of an id written twice, the document
        `index` keeps (the bytes of the other are not read)."""
        blob, places = self.index()
        ids = list(places)
        starts = [place >> _SHIFT for place in places.values()]
        ends = [(place >> _SHIFT) + (place & _MASK) for place in places.values()]
        if not all(map(operator.lt, starts, starts[1:])):  # an id written twice: in file order
            order = sorted(range(len(starts)), key=starts.__getitem__)
            ids, starts, ends = ([column[n] for n in order] for column in (ids, starts, ends))

        def owner(at: int) -> str | None:
            """The id of the document whose bytes hold `at` (None between documents)."""
            n = bisect_right(starts, at) - 1
            return ids[n] if n >= 0 and at < ends[n] else None

        found: list[dict[str, Any]] = [{} for _ in fields]
        whole: set[str | None] = set()  # documents to parse whole
        patterns = [_field_pattern(field) for field in fields]
        first = 0
        while first < len(starts):  # a few megabytes of whole lines at a time (`PAGES_STEP`)
            last = max(bisect_right(starts, starts[first] + PAGES_STEP), first + 1)
            low, high = starts[first], starts[last] if last < len(starts) else len(blob)
            first = last
            whole.update(owner(m.start()) for m in _ESCAPED.finditer(blob, low, high))
            for pattern, values in zip(patterns, found, strict=True):
                for match in pattern.finditer(blob, low, high):  # the hot loop: kept plain
                    at = match.start()
                    n = bisect_right(starts, at) - 1
                    if at >= ends[n]:
                        continue  # between documents (an id), or an id's other bytes
                    key = ids[n]
                    text, other = match.groups()
                    if text is not None and b"\\" not in text:
                        if blob[at - 1] in b"{,":
                            try:
                                values[key] = text.decode()
                                continue
                            except UnicodeDecodeError:
                                pass
                        whole.add(key)
                        continue
                    value = _scalar(text, other)
                    if value is _MISSING or blob[at - 1] not in b"{,":
                        whole.add(key)
                    else:
                        values[key] = value
            release_pages(blob)  # the pages just read leave the process's memory
        whole.discard(None)
        changed = self._changed
        parsed = ((key, self._load(blob, key, places[key])) for key in whole - changed.keys())
        for key, doc in (*parsed, *changed.items()):
            for field, values in zip(fields, found, strict=True):
                value = _MISSING if doc is None else doc.get(field, _MISSING)
                if value is _MISSING:
                    values.pop(key, None)
                else:
                    values[key] = value
        return found

    def items(self) -> ItemsView:
        return _Items(self)

    def values(self) -> ValuesView:
        return _Values(self)

    # -------------------------------------------------------------- changing
    def __setitem__(self, key: str, doc: dict[str, Any]) -> None:
        if key not in self:  # works out the places: a changed table has them
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
        copy._origin = self if self._base[1] is None else None
        return copy

    @property
    def blob(self) -> bytes | memoryview:
        return self._base[0]

    @property
    def changed(self) -> bool:
        """Whether documents were changed, added or removed since the bytes were read."""
        return bool(self._changed)

    def adopt_places(self, blob: bytes | memoryview, places: dict[str, int]) -> None:
        """Where each document lies in `blob`, worked out elsewhere from the very same bytes
        (`doc_scan`), kept as `index` would keep them (and by the table this copies)."""
        with _PLACING:
            for table in (self, self._origin):
                if table is not None and table._base[0] is blob and table._base[1] is None:
                    table._base = (blob, places)
                    table._count = len(places)

    def rebase(self, blob: bytes | memoryview, places: dict[str, int]) -> None:
        """Read from `blob` (this table's documents exactly, written from it) from now on."""
        self._base, self._changed = (blob, places), {}
        self._count = len(places)

    def raw_pieces(self) -> Iterator[tuple[str, bytes | memoryview | dict[str, Any]]]:
        """Each document, in order: the bytes it was read from if unchanged, else the doc."""
        changed, (blob, places) = self._changed, self.index()
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


@functools.cache
def _field_pattern(field: str) -> re.Pattern[bytes]:
    """`"field":` and a scalar value after it (group 1: a string's inside, group 2: another
    scalar); neither group when the value is a list or an object (`LineTable.field_values`)."""
    name = re.escape(orjson.dumps(field)[1:-1])
    return re.compile(
        rb'"' + name + rb'"[ \t\r\n]*:[ \t\r\n]*'
        # a string's inside: no quote, backslash or control character but escaped ones
        rb'(?:"([^"\\\x00-\x1f]*(?:\\.[^"\\\x00-\x1f]*)*)"|(null|true|false|-?[0-9][0-9.eE+-]*))?'
    )


def _scalar(text: bytes | None, other: bytes | None) -> Any:
    """The value `_field_pattern` matched; `_MISSING` when it is not a scalar it can read."""
    try:
        if text is not None:
            return orjson.loads(b'"' + text + b'"') if b"\\" in text else text.decode()
        if other is not None:
            return orjson.loads(other)
    except (orjson.JSONDecodeError, UnicodeDecodeError):
        pass
    return _MISSING


def _parse_run(blob: bytes | memoryview, start: int, stop: int) -> dict[str, Any] | None:
    """The documents of consecutive lines `blob[start:stop]` in one parse; None if they do not
    parse together."""
    run = bytearray(b"{")
    run += blob[start:stop]
    run += b"}"
    try:
        docs = orjson.loads(run)
    except orjson.JSONDecodeError:
        return None
    return docs if isinstance(docs, dict) else None


class _Items(ItemsView):
    def __iter__(self) -> Iterator[tuple[str, dict[str, Any]]]:
        return self._mapping.iter_items()


class _Values(ValuesView):
    def __iter__(self) -> Iterator[dict[str, Any]]:
        return (doc for _, doc in self._mapping.iter_items())


def wants_lines(table: Mapping[str, Any]) -> bool:
    """Whether a table is written one document per line (see `LINES_MIN_DOCS`)."""
    return isinstance(table, LineTable) or len(table) >= LINES_MIN_DOCS


def line_pieces(table: Mapping[str, Any], places: dict[str, int]) -> Iterator[bytes]:
    """A table's bytes in the line layout, a few hundred documents a piece; `places` is filled
    with where each document lies in them (as `index_lines` would find)."""
    docs = table.raw_pieces() if isinstance(table, LineTable) else table.items()
    if not table:
        yield b"{}"
        return
    offset = 0
    head = OPEN
    parts: list[bytes | memoryview] = []
    dumps = orjson.dumps
    for key, doc in docs:
        data = dumps(doc) if isinstance(doc, dict) else doc
        prefix = head + dumps(key) + b":"
        parts.append(prefix)
        parts.append(data)
        offset += len(prefix)
        places[key] = offset << _SHIFT | len(data)
        offset += len(data)
        head = SEP
        if len(parts) >= PIECE_DOCS * 2:
            yield b"".join(parts)
            parts.clear()
    parts.append(CLOSE)
    yield b"".join(parts)


def frozen(table: Mapping[str, Any]) -> Mapping[str, Any]:
    """A table as it is now, to read without the store's lock (documents are replaced, never
    changed in place, so a shallow copy is enough)."""
    if isinstance(table, LineTable):
        return table.frozen()
    return dict(table)
