"""Large tables kept as their file bytes, one document per line, parsed one at a time."""

from __future__ import annotations

import gc
import weakref
from contextlib import contextmanager
from datetime import UTC, datetime

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dragon_tui import doc_lines
from dragon_tui.doc_lines import LineTable, index_lines, line_pieces
from dragon_tui.errors import DamagedDatabase
from dragon_tui.models import Account, Activity
from dragon_tui.store import Store

# ids as a hostile file could hold them: quotes, backslashes, colons, control characters, CJK
ids = st.text(max_size=12)
values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=6,
)
documents = st.dictionaries(st.text(max_size=6), values, max_size=4)
tables = st.dictionaries(ids, documents, min_size=1, max_size=25)
PATH = "db.json"
WHEN = datetime(2026, 5, 4, 3, 2, 1, tzinfo=UTC)


def _written(table) -> tuple[bytes, dict[str, int]]:
    places: dict[str, int] = {}
    return b"".join(bytes(p) for p in line_pieces(table, places)), places


@settings(max_examples=150)
@given(tables)
def test_a_table_written_one_document_a_line_reads_back_the_same(table):
    """The bytes are one JSON value equal to the table (any reader parses them), one line a
    document; reading them finds each document where the writer put it."""
    blob, places = _written(table)
    assert orjson.loads(blob) == table
    assert blob.count(b"\n") == len(table) + 1  # "{", a line each, " }"
    assert index_lines("t", blob, PATH) == places
    read = LineTable.read("t", blob, PATH)
    assert dict(read.items()) == table
    assert list(read) == list(table)
    assert len(read) == len(table)
    for key, doc in table.items():
        assert read[key] == doc and read.get(key) == doc and key in read


@settings(max_examples=150)
@given(
    tables,
    st.lists(st.tuples(st.booleans(), ids, documents), max_size=15),
    st.sampled_from([1, 60, 1 << 20]),
)
def test_changes_read_and_write_like_a_dict(table, changes, scan_bytes):
    """Documents set, replaced and removed on a LineTable read as on a dict, however many lines
    a scan parses together; written again, the table is the changed dict, and read from the
    new bytes it is the same."""
    with _set(SCAN_BYTES=scan_bytes):
        _check_changes(table, changes)


@contextmanager
def _set(**values):
    """`doc_lines` constants set for a Hypothesis example (a fixture would last the test)."""
    real = {name: getattr(doc_lines, name) for name in values}
    for name, value in values.items():
        setattr(doc_lines, name, value)
    try:
        yield
    finally:
        for name, value in real.items():
            setattr(doc_lines, name, value)


def _check_changes(table, changes):
    blob, _ = _written(table)
    lines = LineTable.read("t", blob, PATH)
    expected = dict(table)
    for remove, key, doc in changes:
        if remove:
            assert lines.pop(key, None) == expected.pop(key, None)
        else:
            lines[key] = expected[key] = doc
    assert dict(lines.items()) == expected
    assert sorted(lines) == sorted(expected)
    assert len(lines) == len(expected)
    assert all((key in lines) == (key in expected) for _, key, _ in changes)
    rewritten, places = _written(lines)
    assert orjson.loads(rewritten) == expected
    if expected:
        frozen = lines.frozen()
        lines.rebase(rewritten, places)
        assert dict(lines.items()) == expected == dict(frozen.items())
        assert index_lines("t", rewritten, PATH) == places


def test_a_copy_taken_before_a_change_keeps_the_table_as_it_was():
    blob, _ = _written({"a": {"n": 1}, "b": {"n": 2}})
    lines = LineTable.read("t", blob, PATH)
    before = lines.frozen()
    lines["a"] = {"n": 9}
    del lines["b"]
    lines["c"] = {"n": 3}
    assert dict(before.items()) == {"a": {"n": 1}, "b": {"n": 2}}
    assert dict(lines.items()) == {"a": {"n": 9}, "c": {"n": 3}}


@pytest.mark.parametrize(
    "blob",
    [
        b'{\n "a":{"n":1},\n "b":{"n":2}\n',  # cut short
        b'{\n "a":{"n":1},\n "b":[1]\n }',  # a document that is not an object
        b'{\n "a":{"n":1},\n "b"{"n":2}\n }',  # no colon after the id
        b'{\n "a":{"n":1},\n "b\\":{"n":2}\n }',  # an id whose quote is never closed
    ],
)
def test_a_broken_layout_is_one_line_naming_the_file(blob):
    with pytest.raises(DamagedDatabase) as caught:
        index_lines("activities", blob, PATH)
    assert PATH in str(caught.value) and "activities" in str(caught.value)
    assert "\n" not in str(caught.value)


def test_a_broken_document_is_reported_when_read_and_the_others_still_read():
    lines = LineTable.read("activities", b'{\n "a":{"n":1},\n "b":{"n":}\n }', PATH)
    assert lines["a"] == {"n": 1}
    with pytest.raises(DamagedDatabase, match="record b in activities is corrupt"):
        lines.get("b")


@pytest.mark.parametrize("scan_bytes", [1, 1 << 20])
def test_a_scan_names_the_broken_document(monkeypatch, scan_bytes):
    monkeypatch.setattr(doc_lines, "SCAN_BYTES", scan_bytes)
    lines = LineTable.read("activities", b'{\n "a":{"n":1},\n "b":{"n":}\n }', PATH)
    with pytest.raises(DamagedDatabase, match="record b in activities is corrupt"):
        list(lines.items())
    lines = LineTable.read("activities", b'{\n "a":{"n":1},\n "b":[2]\n }', PATH)
    with pytest.raises(DamagedDatabase, match="db.json: .*table 'activities'"):
        for _ in lines.values():
            pass


@pytest.fixture
def few_lines(monkeypatch):
    """Tables of 20 documents or more are written one document a line."""
    monkeypatch.setattr(doc_lines, "LINES_MIN_DOCS", 20)


def test_a_large_table_is_read_one_document_at_a_time(db_path, few_lines):
    """Written by the store, the activities are one a line on disk; opened again, reading one
    activity parses that one only, and a save, the journal and a compaction keep every one."""
    with Store(db_path) as store:
        store.put([Account(id="a", name="北京现代")])
        store.put(
            [
                Activity(id=f"v{i}", account_id="a", occurred_at=WHEN, summary=f"拜访 {i}")
                for i in range(40)
            ]
        )
    text = db_path.read_bytes()
    assert b'\n "v7":{' in text and orjson.loads(text)["activities"]["v7"]["summary"] == "拜访 7"
    with Store(db_path) as store:
        table = store.raw("activities")
        assert isinstance(table, LineTable) and not table._changed
        assert store.get(Activity, "v3").summary == "拜访 3"
        store.save(store.get(Activity, "v5").model_copy(update={"summary": "改了"}))
        store.delete(Activity, "v6")
        store.save(Activity(id="v99", account_id="a", occurred_at=WHEN, summary="新的"))
        assert store._storage.has_delta  # journalled, not rewritten
    with Store(db_path, readonly=True) as store:
        summaries = {a.id: a.summary for a in store.find(Activity, account_id="a")}
        assert summaries["v5"] == "改了" and summaries["v99"] == "新的" and "v6" not in summaries
        assert len(summaries) == 40
        assert isinstance(store.raw("activities"), LineTable)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    moves=st.lists(st.tuples(st.integers(0, 29), st.sampled_from(["a", "b", "c", ""])), max_size=12)
)
def test_find_after_saves_matches_reading_everything(tmp_path, monkeypatch, moves):
    """The store keeps its lookups by account up to date through each save (rather than reading
    every activity again): after any saves, find gives what reading every record gives."""
    monkeypatch.setattr(doc_lines, "LINES_MIN_DOCS", 10)
    path = tmp_path / f"db-{len(list(tmp_path.iterdir()))}.json"
    with Store(path) as store:
        store.put(
            [Activity(id=f"v{i}", account_id="abc"[i % 3], occurred_at=WHEN) for i in range(30)]
        )
        store.find(Activity, account_id="a")  # the lookup exists before the saves
        for number, account in moves:
            record = store.get(Activity, f"v{number}", include_deleted=True)
            if account:
                store.save(record.model_copy(update={"account_id": account, "deleted": False}))
            else:
                store.delete(Activity, record.id) if not record.deleted else None
        kept = store._indexes[("activities", "account_id")][0]
        assert kept == store.table_generation("activities")  # moved, not to be read again
        for account in "abc":
            found = sorted(r.id for r in store.find(Activity, account_id=account))
            every = sorted(r.id for r in store.all(Activity) if r.account_id == account)
            assert found == every


def test_a_save_lets_the_garbage_of_the_moment_go(store):
    """A save does not freeze what exists (only a bulk write does): a closed screen that is
    garbage when the rep saves is still collected."""

    class Node:
        pass

    garbage = Node()
    garbage.me = garbage  # a cycle: only the collector frees it
    gone = weakref.ref(garbage)
    del garbage
    store.save(Account(name="北京现代"))
    gc.collect()
    assert gone() is None


def test_the_tables_are_found_where_the_file_says_they_lie(db_path, few_lines):
    """A main file names where each of its tables lies: opening reads them from there (no read
    through 238 MB); a file whose places do not fit (edited, or from elsewhere) is read through,
    and every record is still there."""
    import mmap

    from dragon_tui.storage import _tables_where_placed, load_database_file

    with Store(db_path) as store:
        store.put([Account(id=f"a{i}", name=f"客户 {i}") for i in range(30)])
        store.put([Activity(id=f"v{i}", account_id="a1", occurred_at=WHEN) for i in range(25)])
        store._storage.compact()
    whole = orjson.loads(db_path.read_bytes())
    with open(db_path, "rb") as f:
        mapped = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        placed = _tables_where_placed(mapped, memoryview(mapped))
        assert placed is not None and set(placed) == set(whole)
        assert all(orjson.loads(placed[name]) == whole[name] for name in whole)
        del placed
        mapped.close()
    text = db_path.read_bytes()
    places = whole["_meta"]["storage"]["places"]
    start, length = places["activities"]
    moved = text.replace(f'"activities":[{start},'.encode(), f'"activities":[{start + 1},'.encode())
    assert moved != text
    db_path.write_bytes(moved)
    assert _tables_where_placed(moved, memoryview(moved)) is None
    assert load_database_file(db_path) is not None
    with Store(db_path, readonly=True) as store:
        assert len(store.all(Activity)) == 25 and len(store.all(Account)) == 30


def test_places_worked_out_in_two_threads_at_once_keep_a_change_made_between(monkeypatch):
    """The prepare thread may work out a table's places while a save works them out too and
    adds a document: the first places put in are kept, and so is the count of documents."""
    import threading

    blob, _ = _written({f"k{i}": {"n": i} for i in range(5)})
    table = LineTable.read("t", blob, PATH)
    real = doc_lines.index_lines
    started, go = threading.Event(), threading.Event()

    def slow(*args):
        places = real(*args)
        if threading.current_thread() is not threading.main_thread():
            started.set()
            go.wait(10)
        return places

    monkeypatch.setattr(doc_lines, "index_lines", slow)
    other = threading.Thread(target=table.index)
    other.start()
    assert started.wait(10)
    table["new"] = {"n": 9}
    go.set()
    other.join()
    assert len(table) == 6 and table["new"] == {"n": 9}
    assert sorted(table) == ["k0", "k1", "k2", "k3", "k4", "new"]


def test_an_id_with_escapes_longer_than_a_read_ahead_is_found():
    """An id with a quote and a backslash in it, 9,000 characters long (longer than the
    4,096 bytes read ahead for its closing quote)."""
    long_id = 'x"' + "y" * 9000 + "\\"
    table = {"a": {"n": 1}, long_id: {"n": 2}, "b": {"n": 3}}
    blob, places = _written(table)
    assert index_lines("t", blob, PATH) == places
    read = LineTable.read("t", blob, PATH)
    assert read[long_id] == {"n": 2} and dict(read.items()) == table


def test_a_file_of_the_earlier_layout_opens_and_is_rewritten_in_lines(db_path, few_lines):
    """A database written before this layout (every table on one line) opens as before; its
    tables move to one document a line when they are next written, and nothing is lost."""
    with Store(db_path) as store:
        store.put([Activity(id=f"v{i}", account_id="a", occurred_at=WHEN) for i in range(30)])
    whole = orjson.loads(db_path.read_bytes())
    for docs in whole.values():  # as the earlier version wrote it: no places, one line a table
        docs.get("storage", {}).pop("places", None)
    lines = [orjson.dumps(name) + b":" + orjson.dumps(docs) for name, docs in whole.items()]
    db_path.write_bytes(b"{\n" + b",\n".join(lines) + b"\n}\n")
    assert b'\n "v1":' not in db_path.read_bytes()
    with Store(db_path) as store:
        assert not isinstance(store.raw("activities"), LineTable)  # parsed whole, as before
        assert len(store.all(Activity)) == 30
        store.save(store.get(Activity, "v3").model_copy(update={"summary": "改了"}))
    text = db_path.read_bytes()  # the close folded the change in
    assert b'\n "v1":' in text
    with Store(db_path, readonly=True) as store:
        assert isinstance(store.raw("activities"), LineTable)
        assert len(store.all(Activity)) == 30 and store.get(Activity, "v3").summary == "改了"


# ------------------------------------------------------------------ fields read from the bytes
FIELDS = ("k", "mm")
# text as a rep's notes or a hostile file hold it: quotes, backslashes, escapes, key-like runs
tricky_text = st.sampled_from(
    ['","k":"x', '{"k":1}', "\\", '\\"k\\":', "\\u006b", '"k"', "\x1b[31m", "曾", ",", "{"]
) | st.text(max_size=12)
scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**63 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | tricky_text
)
nested = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text(max_size=5).filter(lambda k: k not in FIELDS), inner, max_size=3)
    ),
    max_leaves=6,
)
# JSON's whitespace; never a line break then a space and a quote (the next document's line)
spacing = st.sampled_from(["", " ", "\t", "\n", "\r\n", "\t\r"])
# a field's value: escapes, quotes, the other scalars, and what is read by parsing (list, object)
field_values = (
    st.sampled_from(["x\\y", 'q"r', "\\u006b", "", "曾娜", None, 0, -2.5e-3, True, [1], {"a": 1}])
    | scalars
    | nested
)


@st.composite
def document_bytes(draw) -> bytes:
    """One document's JSON as any writer could spell it: keys twice, spaces around the colon, a
    key spelt with \\u escapes; nested objects never hold the fields (their contract)."""
    entries = []
    for _ in range(draw(st.integers(0, 5))):
        # keys holding a field's name after a quote: `"x\"k":` holds `"k":` after a backslash
        key = draw(st.sampled_from([*FIELDS, "a", "kk", 'x"k', 'x"mm', '"k']) | st.text(max_size=4))
        if key.isascii() and draw(st.booleans()):
            spelt = '"' + "".join(f"\\u{ord(c):04x}" for c in key) + '"'
        else:
            spelt = orjson.dumps(key).decode()
        value = orjson.dumps(draw(nested if key not in FIELDS else field_values)).decode()
        before, around, after = draw(spacing), draw(spacing), draw(spacing)
        entries.append(f"{before}{spelt}{around}:{after}{value}")
    return ("{" + ",".join(entries) + "}").encode()


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(
    # ids drawn from a few: an id written twice, as a hand-merged file may hold
    st.lists(
        st.tuples(ids | st.sampled_from(["a", "b"]), document_bytes()), min_size=1, max_size=20
    ),
    st.lists(st.tuples(ids, st.none() | documents), max_size=4),
    st.sampled_from([1, 50, 8 << 20]),
)
def test_fields_read_from_the_bytes_are_those_of_the_parsed_documents(docs, changes, step):
    """`field_values` finds, without parsing, each top-level field's value as parsing the
    table gives it (the last of a key or an id written twice), for documents spelt any way,
    and the changed documents' own values; however many lines it reads at a time."""
    with _set(PAGES_STEP=step):
        _check_fields(docs, changes)


def _check_fields(docs, changes):
    blob = (
        doc_lines.OPEN
        + doc_lines.SEP.join(orjson.dumps(key) + b":" + doc for key, doc in docs)
        + doc_lines.CLOSE
    )
    table = LineTable.read("t", blob, PATH)
    parsed = orjson.loads(blob)  # the table as any JSON reader reads it
    for key, doc in changes:
        if doc is None:
            table.pop(key, None)
            parsed.pop(key, None)
        else:
            table[key] = parsed[key] = doc
    found = table.field_values(FIELDS)
    assert found == [
        {key: doc[field] for key, doc in parsed.items() if field in doc} for field in FIELDS
    ]


def test_a_copy_works_out_the_places_for_the_table_it_copies(monkeypatch):
    """A frozen copy (read without the store's lock) works out where each document lies once,
    for itself and for the table it copies, while that still holds the same bytes."""
    blob, places = _written({f"k{i}": {"n": i} for i in range(5)})
    calls = []
    real = doc_lines.index_lines
    monkeypatch.setattr(doc_lines, "index_lines", lambda *a: calls.append(a) or real(*a))
    table = LineTable.read("t", blob, PATH)
    table.frozen().index()
    assert table.index() == (blob, places) and len(calls) == 1
    # a table rebased onto new bytes meanwhile keeps its own places
    other = LineTable.read("t", blob, PATH)
    copy = other.frozen()
    new_blob, new_places = _written({"x": {"n": 1}})
    other.rebase(new_blob, new_places)
    copy.index()
    assert other.index() == (new_blob, new_places) and list(copy) == list(places)
