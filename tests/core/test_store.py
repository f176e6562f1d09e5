"""The store: round-trip of every record type, revisions, tombstones, batches, read-only."""

from __future__ import annotations

import os
import stat
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dragon_tui.errors import NotFound, ReadOnlyError
from dragon_tui.models import (
    RECORD_TYPES,
    ACard,
    ACardScore,
    Account,
    Activity,
    AttitudeChange,
    Checklist,
    ChecklistItem,
    CompetitiveCell,
    Competitor,
    Conflict,
    Contact,
    FabStatement,
    Invoice,
    NeedItem,
    NextStep,
    Objection,
    Opportunity,
    Payment,
    Product,
    Proposal,
    Quote,
    QuoteLine,
    Settings,
    SpinAnswer,
    SpinQuestion,
    StageChange,
)
from dragon_tui.models import enums as e
from dragon_tui.store import Store
from tests.conftest import lock_free

WHEN = datetime(2026, 5, 4, 3, 2, 1, tzinfo=UTC)
HOSTILE = "[bold]x[/] [/] [link=http://x]y[/link] \x1b[31mred\x1b[0m 🐉 北京现代"


def full_examples() -> list:
    """A fully populated instance of every record type."""
    account = Account(
        name=HOSTILE,
        nature=e.AccountNature.STATE_OWNED,
        industry="制造",
        region="华北",
        size=e.AccountSize.LARGE,
        staff_count=1200,
        annual_revenue=Decimal("123456789.12"),
        current_suppliers=["华为"],
        value_tier=e.ValueTier.A,
        lead_source=e.LeadSource.EXHIBITION,
        tags=["重点"],
        acard=ACard(
            scores={e.ACardCriterion.FIT: ACardScore(score=4, note="ok")},
            timing_bucket=e.TimingBucket.THIS_QUARTER,
            assessed_on=date(2026, 1, 2),
        ),
    )
    contact = Contact(
        account_id=account.id,
        name="王伟",
        roles=[e.PurchaseRole.DECISION_MAKER, e.PurchaseRole.EVALUATOR],
        is_coach=True,
        attitude=e.Attitude.OPPOSES,
        level=e.Level.DECISION,
        function=e.Function.TECHNICAL,
        relationship_stage=e.RelationshipStage.TRUST,
        communication_style=e.CommunicationStyle.OWL,
        influence=e.Influence.HIGH,
        personal_need=e.PersonalNeed.ESTEEM,
        birthday=date(1980, 2, 29),
        age=46,
        attitude_history=[AttitudeChange(on=WHEN, attitude=e.Attitude.NEUTRAL, note="x")],
    )
    opp = Opportunity(
        account_id=account.id,
        name="ERP",
        amount=Decimal("100000.50"),
        stage=3,
        stage_history=[
            StageChange(stage=1, entered_on=date(2026, 1, 1)),
            StageChange(stage=3, entered_on=date(2026, 2, 1), from_stage=1),
        ],
        purchase_phase=e.PurchasePhase.EVALUATION,
    )
    return [
        account,
        contact,
        opp,
        Competitor(account_id=account.id, name="华为", rival_rep="李"),
        Activity(
            account_id=account.id,
            opportunity_id=opp.id,
            type=e.ActivityType.DEMO,
            occurred_at=WHEN,
            contact_ids=[contact.id],
            next_steps=[NextStep(text="报价", due_on=date(2026, 6, 1), owner="张")],
        ),
        Checklist(
            account_id=account.id, items=[ChecklistItem(kind=e.ChecklistKind.GAP, text="找教练")]
        ),
        Proposal(
            opportunity_id=opp.id,
            account_id=account.id,
            sections={e.ProposalSection.SOLUTION: "方案"},
            fab_statements=[
                FabStatement(feature="f", advantage="a", benefit="b", contact_id=contact.id)
            ],
            quote=Quote(
                lines=[
                    QuoteLine(
                        product="x",
                        quantity=Decimal("2"),
                        unit_price=Decimal("9.99"),
                        discount=Decimal("0.1"),
                    )
                ]
            ),
        ),
        Product(name="平台", feature="f", advantage="a", unit_price=Decimal("10")),
        CompetitiveCell(
            opportunity_id=opp.id, need_id="n", position=e.CompetitivePosition.STRENGTH
        ),
        SpinQuestion(
            category=e.SpinCategory.IMPLICATION, text_zh="问", text_en="ask", industries=["制造"]
        ),
        SpinAnswer(
            opportunity_id=opp.id, category=e.SpinCategory.PROBLEM, answer="慢", asked_at=WHEN
        ),
        NeedItem(opportunity_id=opp.id, level=e.NeedLevel.GOAL, text="增长"),
        Objection(text_zh="太贵", response_zh="算总账"),
        Invoice(
            opportunity_id=opp.id,
            account_id=account.id,
            amount=Decimal("5"),
            issued_on=date(2026, 1, 1),
            due_on=date(2026, 2, 1),
            payments=[Payment(amount=Decimal("1"), paid_on=date(2026, 1, 5))],
        ),
        Conflict(
            record_table="accounts",
            record_id=account.id,
            field="name",
            kept_value="a",
            lost_value={"x": 1},
            detected_at=WHEN,
        ),
        Settings(language=e.Language.EN, sales_target=Decimal("500000")),
    ]


def test_examples_cover_every_record_type():
    assert {type(r) for r in full_examples()} == set(RECORD_TYPES)


def test_every_record_type_round_trips(db_path):
    examples = full_examples()
    with Store(db_path) as store:
        saved = store.save_many(examples)
    with Store(db_path) as store:
        for record in saved:
            again = store.get(type(record), record.id)
            assert again == record, type(record).__name__


def test_save_bumps_revision_and_stamps_device(store):
    first = store.save(Account(name="甲"))
    assert first.revision == 1 and first.updated_by == "test-device"
    second = store.save(first.with_changes(name="乙"))
    assert second.revision == 2
    assert second.updated_at >= first.updated_at
    assert store.get(Account, first.id).name == "乙"


def test_delete_is_a_recoverable_tombstone(store):
    account = store.save(Account(name="甲"))
    store.delete(Account, account.id)
    assert store.get(Account, account.id) is None
    assert [a.id for a in store.deleted(Account)] == [account.id]
    assert store.counts()["accounts"] == {"live": 0, "deleted": 1}
    store.restore(Account, account.id)
    assert store.get(Account, account.id).name == "甲"
    with pytest.raises(NotFound):
        store.require(Account, "nope")


def test_batch_writes_once_and_rolls_back_on_error(store, db_path):
    store.save(Account(name="before"))
    before = db_path.read_bytes()
    with pytest.raises(RuntimeError):
        with store.batch():
            store.save(Account(name="a"))
            store.save(Account(name="b"))
            raise RuntimeError("boom")
    assert db_path.read_bytes() == before
    assert [a.name for a in store.all(Account)] == ["before"]
    writes = store._storage.writes
    with store.batch():
        store.save(Account(name="a"))
        store.save(Account(name="b"))
    assert store._storage.writes == writes + 1
    assert len(store.all(Account)) == 3


def test_second_instance_is_read_only(db_path):
    with Store(db_path) as first:
        first.save(Account(name="甲"))
        with Store(db_path) as second:
            assert second.readonly
            assert "read-only" in second.readonly_reason
            assert [a.name for a in second.all(Account)] == ["甲"]
            with pytest.raises(ReadOnlyError):
                second.save(Account(name="乙"))
    with Store(db_path) as third:
        assert not third.readonly
        third.save(Account(name="乙"))


def test_files_are_private(db_path):
    with Store(db_path) as store:
        store.save(Account(name="甲"))
        store.save(Account(name="乙"))  # second write makes a backup first
    mode = stat.S_IMODE(os.stat(db_path).st_mode)
    assert mode == 0o600
    for backup in Store(db_path, readonly=True).list_backups():
        assert stat.S_IMODE(os.stat(backup).st_mode) == 0o600


def test_backups_keep_the_last_n(db_path):
    for i in range(8):
        with Store(db_path, backups=3) as store:
            store.save(Account(name=f"a{i}"))
    with Store(db_path, backups=3) as store:
        assert len(store.list_backups()) == 3


def test_find_and_settings(store):
    a = store.save(Account(name="甲"))
    store.save(Contact(account_id=a.id, name="王"))
    store.save(Contact(account_id="other", name="李"))
    assert [c.name for c in store.find(Contact, account_id=a.id)] == ["王"]
    assert store.settings().language == e.Language.ZH
    store.save_settings(store.settings().with_changes(language="en"))
    assert store.settings().language == e.Language.EN


@settings(
    max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None
)
@given(text=st.text(max_size=300))
def test_any_text_round_trips_exactly(tmp_path, text):
    path = tmp_path / "fuzz.json"
    path.unlink(missing_ok=True)
    with Store(path) as store:
        saved = store.save(Account(name="x", notes=text))
    with Store(path) as store:
        assert store.get(Account, saved.id).notes == text


def test_find_uses_defaults_and_enums(store):
    from dragon_tui.models.enums import OpportunityStatus

    store.save(Opportunity(account_id="a", name="open one"))
    store.save(
        Opportunity(account_id="a", name="won one", status="won", closed_on=date(2026, 1, 1))
    )
    store.save(Opportunity(account_id="b", name="other"))
    assert [
        o.name for o in store.find(Opportunity, status=OpportunityStatus.OPEN, account_id="a")
    ] == ["open one"]
    assert [o.name for o in store.find(Opportunity, status="won")] == ["won one"]
    store.delete(Opportunity, store.find(Opportunity, account_id="b")[0].id)
    assert store.find(Opportunity, account_id="b") == []


documents = st.dictionaries(
    st.text(max_size=8),
    st.dictionaries(
        st.text(max_size=5),
        st.integers(-(2**63), 2**63 - 1) | st.text(max_size=10) | st.none(),
        max_size=3,
    ),
    max_size=30,
)


@settings(max_examples=60)
@given(documents, st.integers(1, 7))
def test_a_table_written_in_pieces_is_the_same_json(table, piece):
    """Written a few documents at a time (so a fold does not hold the GIL for a whole table),
    a table's bytes are exactly one dump of it."""
    import orjson

    from dragon_tui import storage

    real = storage.DUMP_PIECE
    storage.DUMP_PIECE = piece
    try:
        assert b"".join(storage._dump_in_pieces(table)) == orjson.dumps(table)
    finally:
        storage.DUMP_PIECE = real


def test_the_journal_is_folded_after_a_share_of_the_main_file_not_before(db_path, monkeypatch):
    """A fold rewrites the whole main file: a big database lets its journal grow to a 16th of
    the main file before folding (a small one folds at JOURNAL_LIMIT)."""
    from dragon_tui import storage

    monkeypatch.setattr(storage, "JOURNAL_LIMIT", 1_000)
    with Store(db_path) as store:
        store.put([Account(name=f"旧{i}", notes="备注" * 100) for i in range(200)])
    with Store(db_path) as store:
        journal = store._storage
        share = db_path.stat().st_size // storage.JOURNAL_SHARE
        assert share > 4 * storage.JOURNAL_LIMIT
        saved = 0
        while journal._journal_size < share and saved < 5_000:
            assert journal.folds == journal.compactions == 0 and journal._fold is None
            store.save(Account(name=f"新{saved}"))
            saved += 1
        while journal.folds == 0 and saved < 10_000:
            journal._maybe_fold()
            store.save(Account(name=f"新{saved}"))
            saved += 1
        journal._finish_fold()
        assert journal.folds == 1
    with Store(db_path, readonly=True) as store:
        assert len(store.all(Account)) == 200 + saved


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(sizes=st.lists(st.sampled_from([0, 1, 7, 4096, (1 << 20) - 1, 1 << 20, (1 << 20) + 3])))
def test_parts_are_written_whole_and_in_order(tmp_path, sizes):
    """Small parts are gathered into large writes and large ones written straight through: the
    file holds every part, in order, and is private."""
    from dragon_tui.storage import write_atomic_parts

    parts = [bytes([n % 251]) * size for n, size in enumerate(sizes)]
    target = tmp_path / "parts.bin"
    write_atomic_parts(target, iter(parts))
    assert target.read_bytes() == b"".join(parts)
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600


def test_records_read_alike_share_one_set_of_field_names(db_path):
    """Two people stored with the same fields share the set of the names they were given (2 KB
    each otherwise); changing one with model_copy(update=) leaves the other's as it was."""
    with Store(db_path) as store:
        store.put(
            [
                Contact(id="c-1", account_id="a", name="王总", title="总经理"),
                Contact(id="c-2", account_id="a", name="李工", title="工程师"),
            ]
        )
    with Store(db_path, readonly=True) as store:
        first, second = store.get(Contact, "c-1"), store.get(Contact, "c-2")
        assert first.model_fields_set is second.model_fields_set
        assert {"name", "title", "account_id"} <= first.model_fields_set
        assert "phone" not in first.model_fields_set
        changed = first.model_copy(update={"phone": "138"})
        assert "phone" in changed.model_fields_set
        assert "phone" not in second.model_fields_set
        assert changed.model_dump(exclude_unset=True)["phone"] == "138"
        assert "phone" not in second.model_dump(exclude_unset=True)


def _resident_kb_of(path) -> int:
    """The kB of `path`'s mappings in this process's resident memory (Linux smaps)."""
    total, inside = 0, False
    with open("/proc/self/smaps") as smaps:
        for line in smaps:
            fields = line.split()
            if "-" in fields[0] and len(fields) >= 5:  # a mapping's header line
                inside = len(fields) >= 6 and fields[-1] == str(path)
            elif inside and fields[0] == "Rss:":
                total += int(fields[1])
    return total


@pytest.mark.skipif(not os.path.exists("/proc/self/smaps"), reason="Linux /proc only")
def test_the_file_read_through_its_mapping_leaves_resident_memory(tmp_path):
    """Opening, parsing and hashing read the file through a memory mapping; once they are done
    its pages leave the app's resident memory (at 5,000 accounts, 210 MB)."""
    from dragon_tui.service.demo import fill_with_demo

    path = tmp_path / "big.json"
    with Store(path) as store:
        fill_with_demo(store, 40, seed=2)
    assert path.stat().st_size > 1_000_000
    with Store(path, readonly=True) as store:
        assert len(store.all(Contact)) > 100
        assert len(store.raw("activities")) > 1000
        store.table_digest("accounts")
        assert _resident_kb_of(path) < 64  # a page or two being read, not the megabytes


def test_peek_reads_a_record_without_keeping_it(db_path):
    """Today reads thousands of people and activities it does not show: `peek` validates one
    without the store keeping it (`get` keeps what it makes); a deleted one is None."""
    import weakref

    with Store(db_path) as store:
        store.put([Contact(id="c-1", account_id="a", name="王总")])
        store.put([Contact(id="c-2", account_id="a", name="李工", deleted=True)])
    with Store(db_path, readonly=True) as store:
        person = store.peek(Contact, "c-1")
        assert person is not None and person.name == "王总"
        gone = weakref.ref(person)
        del person
        assert gone() is None  # nothing else held it
        assert store.peek(Contact, "c-2") is None and store.peek(Contact, "nobody") is None
        kept = store.get(Contact, "c-1")
        assert store.peek(Contact, "c-1") is kept


@pytest.mark.parametrize("many", [3, 400])  # a table as a dict, and in the line layout
def test_a_worker_readies_lookups_and_models_without_holding_the_lock(db_path, monkeypatch, many):
    """The list's warm-up reads whole tables for the next screens: the UI's reads and saves
    must not wait for it (a keystroke waited two seconds for the settings at 5,000 accounts).
    What it made is used when the table is unchanged, and dropped when a save came between."""
    with Store(db_path) as store:
        store.put(
            [Contact(id=f"c-{n}", account_id=f"a-{n % 3}", name=f"人{n}") for n in range(many)]
        )
    with Store(db_path) as store:
        seen_free = []
        real_validate = Store._validate

        def validate(self, model, record_id, doc):
            seen_free.append(lock_free(self))
            return real_validate(self, model, record_id, doc)

        monkeypatch.setattr(Store, "_validate", validate)
        store.prepare_models(Contact)
        assert seen_free and all(seen_free)  # every record made with the lock free
        monkeypatch.setattr(Store, "_validate", real_validate)
        assert Contact.table in store._complete
        assert len(store.all(Contact)) == many

        # lookups read from a copy: a save while they are read leaves them unused
        real_read = Store._read_indexes
        saved = []

        def read_then_save(self, model, fields, docs, **kwargs):
            made = real_read(self, model, fields, docs, **kwargs)
            if not saved:
                assert lock_free(self)
                saved.append(self.save(Contact(id="c-new", account_id="a-0", name="新人")))
            return made

        monkeypatch.setattr(Store, "_read_indexes", read_then_save)
        store.prepare_lookups(Contact)
        monkeypatch.setattr(Store, "_read_indexes", real_read)
        found = {c.id for c in store.find(Contact, account_id="a-0")}
        assert "c-new" in found  # not the lookups read before the save
        assert found == {f"c-{n}" for n in range(many) if n % 3 == 0} | {"c-new"}

    with Store(db_path) as store:
        # unchanged since: kept, and `find` reads nothing more
        store.prepare_lookups(Contact)
        monkeypatch.setattr(Store, "_read_indexes", lambda *a: pytest.fail("read again"))
        assert {c.id for c in store.find(Contact, account_id="a-1")} == {
            f"c-{n}" for n in range(many) if n % 3 == 1
        }
        assert {c.id for c in store.find(Contact, account_id="a-0")} >= {"c-0", "c-new"}


def test_all_of_a_large_table_validates_with_the_lock_let_go(db_path, monkeypatch):
    """The funnel's worker asks for every deal while the rep types: validating 20,000 of them
    held the lock for half a second, and each keystroke asking for the settings waited. A
    large table is read as a worker readies it; a caller holding the lock around keeps it."""
    with Store(db_path) as store:
        store.put(
            [Contact(id=f"c-{n}", account_id=f"a-{n % 3}", name=f"人{n}") for n in range(300)]
        )
    real_validate = Store._validate
    for around in (False, True):
        with Store(db_path) as store:
            seen_free = []

            def validate(self, model, record_id, doc, seen_free=seen_free):
                seen_free.append(lock_free(self))
                return real_validate(self, model, record_id, doc)

            monkeypatch.setattr(Store, "_validate", validate)
            if around:
                with store.batch():
                    people = store.all(Contact)
            else:
                people = store.all(Contact)
            monkeypatch.setattr(Store, "_validate", real_validate)
            assert sorted(p.id for p in people) == sorted(f"c-{n}" for n in range(300))
            assert len(seen_free) == 300
            assert all(seen_free) if not around else not any(seen_free)


def test_fields_that_nested_records_also_name_are_read_by_parsing(db_path):
    """An activity's next steps have ids too: read from the bytes, `"id":` would name either;
    `read_fields` parses the documents for such a field, and reads the others from the bytes."""
    from dragon_tui.models import nested_keys
    from dragon_tui.store import read_fields

    assert "id" in nested_keys(Activity) and "account_id" not in nested_keys(Activity)
    with Store(db_path) as store:
        store.put(
            [
                Activity(
                    id=f"act-{n}",
                    account_id=f"a-{n % 4}",
                    occurred_at=datetime(2026, 5, 1, tzinfo=UTC),
                    summary="拜访",
                    next_steps=[NextStep(id=f"step-{n}", text="回电")],
                )
                for n in range(300)  # the line layout
            ]
        )
    with Store(db_path) as store:
        docs = store.raw(Activity.table)
        ids, accounts = read_fields(Activity, docs, ["id", "account_id"])
        assert ids == {f"act-{n}": f"act-{n}" for n in range(300)}
        assert accounts == {f"act-{n}": f"a-{n % 4}" for n in range(300)}


def test_what_nested_records_may_hold_is_known_per_model():
    import collections
    import dataclasses
    from typing import Any

    from pydantic import BaseModel
    from typing_extensions import TypedDict

    from dragon_tui.models import Contact as Person
    from dragon_tui.models import Proposal, nested_keys

    # plain pydantic models: not `Model`'s subclasses, which the app's warm-up builds
    class Note(BaseModel):
        text: str = ""

    class Free(BaseModel):
        notes: list[Note] = []
        extra: dict[str, str] = {}

    class Loose(BaseModel):
        anything: Any = None

    class Kept(BaseModel):
        notes: list[Note] = []

    @dataclasses.dataclass
    class Pair:
        left: str = ""

    class Typed(TypedDict):
        left: str

    class WithPair(BaseModel):
        pair: Pair | None = None

    class WithTyped(BaseModel):
        typed: Typed | None = None

    class Ordered(BaseModel):
        kept: collections.OrderedDict[str, int] = collections.OrderedDict()

    class Plain(BaseModel):
        kept: dict = {}

    assert nested_keys(Person) >= {"attitude", "note", "on"}  # its attitude changes
    assert "account_id" not in nested_keys(Person)
    assert {"cover_letter", "feature", "unit_price"} <= nested_keys(Proposal)  # sections, FAB
    assert nested_keys(Free) is None  # free keys: any name may be nested
    assert nested_keys(Loose) is None
    assert nested_keys(Kept) == {"text"}
    for unlisted in (WithPair, WithTyped, Ordered, Plain):  # keys it cannot list
        assert nested_keys(unlisted) is None


def _activities(count: int, accounts: int, opportunities: int | None = None) -> list[Activity]:
    """`count` activities spread over `accounts` accounts (and `opportunities` deals)."""
    return [
        Activity(
            id=f"act-{n}",
            account_id=f"a-{n % accounts}",
            opportunity_id=f"o-{n % opportunities}" if opportunities else None,
            occurred_at=datetime(2026, 5, 1, tzinfo=UTC),
        )
        for n in range(count)
    ]


def test_lookups_by_one_field_answer_for_that_field(db_path):
    """The warm-up reads 200,000 activities by account alone; `lookups_ready` says so for
    that field, not for the opportunity, which is read when first asked for."""
    with Store(db_path) as store:
        store.put(_activities(300, accounts=4, opportunities=5))
    with Store(db_path) as store:
        assert not store.lookups_ready(Activity, ("account_id",))
        store.prepare_lookups(Activity, ("account_id",))
        assert store.lookups_ready(Activity, ("account_id",))
        assert not store.lookups_ready(Activity)  # every link: the opportunity's not read
        assert {a.id for a in store.find(Activity, opportunity_id="o-1")} == {
            f"act-{n}" for n in range(300) if n % 5 == 1
        }
        assert store.lookups_ready(Activity)


def test_a_find_while_a_worker_readies_the_table_waits_for_its_lookups(db_path, monkeypatch):
    """A dossier opened while the warm-up reads the activities: its `find` waits for what the
    worker makes (the lock let go meanwhile) instead of reading the table a second time."""
    import threading

    with Store(db_path) as store:
        store.put(
            [Contact(id=f"c-{n}", account_id=f"a-{n % 3}", name=f"人{n}") for n in range(300)]
        )
    with Store(db_path) as store:
        started, go, waiting = threading.Event(), threading.Event(), threading.Event()
        reads = []
        real_read = Store._read_indexes

        def slow_read(self, model, fields, docs, **kwargs):
            reads.append(threading.current_thread().name)
            started.set()
            assert go.wait(30)
            return real_read(self, model, fields, docs, **kwargs)

        real_wait = store._ready.wait

        def wait(*args):
            waiting.set()
            return real_wait(*args)

        monkeypatch.setattr(Store, "_read_indexes", slow_read)
        monkeypatch.setattr(store._ready, "wait", wait)
        worker = threading.Thread(target=store.prepare_lookups, args=(Contact,), name="warm-up")
        worker.start()
        assert started.wait(30)
        found: list = []
        reader = threading.Thread(
            target=lambda: found.extend(store.find(Contact, account_id="a-1")), name="screen"
        )
        reader.start()
        assert waiting.wait(30)  # the screen waits for the worker, not for the lock
        go.set()
        worker.join()
        reader.join()
        assert reads == ["warm-up"]
        assert {c.id for c in found} == {f"c-{n}" for n in range(300) if n % 3 == 1}


def _held_warm_up(monkeypatch, store: Store, model, fields=()):
    """A warm-up worker readying `model`'s lookups, held in its reading until `go` is set:
    (the worker's thread, go)."""
    import threading

    started, go = threading.Event(), threading.Event()
    real_read = Store._read_indexes

    def slow_read(self, model, fields, docs, **kwargs):
        if threading.current_thread().name == "warm-up":
            started.set()
            assert go.wait(60)
        return real_read(self, model, fields, docs, **kwargs)

    monkeypatch.setattr(Store, "_read_indexes", slow_read)
    worker = threading.Thread(target=store.prepare_lookups, args=(model, fields), name="warm-up")
    worker.start()
    assert started.wait(30)
    return worker, go


def _done_beside(worker, go, call) -> bool:
    """Whether `call`, in a thread of its own, ends while the held worker still reads (it did
    not wait for it); the worker let go after."""
    import threading

    thread = threading.Thread(target=call)
    thread.start()
    thread.join(30)
    done = not thread.is_alive()
    go.set()
    worker.join()
    thread.join()
    return done


def test_a_find_by_a_field_the_worker_is_not_reading_does_not_wait_for_it(db_path, monkeypatch):
    """The warm-up reads the activities by account: the deal plan's find by opportunity would
    gain nothing by waiting for it, and reads that field itself at once."""

    with Store(db_path) as store:
        store.put(_activities(300, accounts=3, opportunities=4))
    with Store(db_path) as store:
        worker, go = _held_warm_up(monkeypatch, store, Activity, ("account_id",))
        found: list = []
        assert _done_beside(
            worker, go, lambda: found.extend(store.find(Activity, opportunity_id="o-1"))
        )
        assert {a.id for a in found} == {f"act-{n}" for n in range(300) if n % 4 == 1}
        assert store.lookups_ready(Activity, ("account_id",))


def test_a_batch_never_lets_the_lock_go_to_wait_for_a_worker(db_path, monkeypatch):
    """Inside a batch, other threads must not see its changes before it ends: a `find` there
    reads the table itself rather than wait for a worker (which would let the lock go)."""

    with Store(db_path) as store:
        store.put([Contact(id=f"c-{n}", account_id="a", name=f"人{n}") for n in range(5)])
    with Store(db_path) as store:
        worker, go = _held_warm_up(monkeypatch, store, Contact)
        found: list = []

        def in_batch() -> None:
            with store.batch():
                store.save(Contact(id="c-new", account_id="a", name="新人"))
                found.extend(store.find(Contact, account_id="a"))

        assert _done_beside(worker, go, in_batch)
        assert {c.id for c in found} == {f"c-{n}" for n in range(5)} | {"c-new"}


def test_models_are_built_on_first_use_or_by_the_warm_up_and_validate_alike():
    """Importing the models builds no validator (70 ms of every start); the first record read
    builds its model's, in any thread, and `build_validators` builds the rest ahead. A model
    built late refuses what it refused when built at import."""
    import subprocess
    import sys

    script = """
import threading
from dragon_tui.models import Contact, Model, build_validators

def every(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from every(sub)

assert not any(m.__pydantic_complete__ for m in every(Model))
made, refused = [], []

def read():
    made.append(Contact.model_validate({"id": "c", "account_id": "a", "name": "王总"}))
    try:
        Contact.model_validate({"id": "c", "account_id": "a", "name": "王总", "extra": 1})
    except Exception as err:
        refused.append(type(err).__name__)

threads = [threading.Thread(target=read) for _ in range(8)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
assert [c.name for c in made] == ["王总"] * 8 and refused == ["ValidationError"] * 8
build_validators()
assert all(m.__pydantic_complete__ for m in every(Model))
print("ok")
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert out.stdout.strip() == "ok", out.stderr
