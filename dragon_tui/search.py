"""Account search as you type: name, pinyin initials and full pinyin, contacts, tags (METHOD §6).

`AccountIndex` is built once from the stored documents (by `dragon_tui.service.accounts`); each
keystroke is then a scan of precomputed lowercase strings. Polyphonic characters (单 dan/shan,
曾 zeng/ceng) are matched on every reading by a small search over per-character readings, used
only for names that contain such characters.
"""

from __future__ import annotations

import importlib.util
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from itertools import accumulate, chain
from pathlib import Path

import orjson

from dragon_tui.method.acard import prospect_rank_of_document
from dragon_tui.method.filters import AccountFilter, parse_filter
from dragon_tui.models.enums import (
    AccountNature,
    AccountSize,
    LeadSource,
    OpportunityStatus,
    ValueTier,
)

# Bumped whenever `text_keys` changes what it gives for a text: keys cached on disk by an
# earlier version are then never used (dragon_tui.search_cache).
KEYS_VERSION = 1


@cache
def _pinyin_file() -> Path | None:
    """pypinyin's per-character reading table (a data file), without importing pypinyin."""
    try:
        spec = importlib.util.find_spec("pypinyin")
        folder = Path(next(iter(spec.submodule_search_locations)))  # type: ignore[union-attr]
    except (ImportError, ValueError, TypeError, StopIteration):
        return None
    return folder / "pinyin_dict.json"


def keys_source() -> str:
    """What a text's keys are worked out from: this code's KEYS_VERSION and the reading table
    (its size and modification time; the public API's readings when the file is not there).
    Keys cached under another source are stale."""
    where = _pinyin_file()
    try:
        stat = where.stat() if where is not None else None
    except OSError:
        stat = None
    table = f"{stat.st_size}:{stat.st_mtime_ns}" if stat is not None else "api"
    return f"{KEYS_VERSION}/{table}"


@cache
def _pinyin_table() -> dict[str, str] | None:
    """pypinyin's per-character reading table, read straight from its data file, or None when
    this pypinyin keeps it elsewhere (then `char_readings` asks pypinyin's public API).

    Importing pypinyin itself loads its phrase dictionary too (a quarter of a second and ~60 MB);
    search needs only the per-character readings, every heteronym included. The file is not a
    public interface, hence the fallback (and the upper bound on pypinyin in pyproject.toml).
    """
    where = _pinyin_file()
    if where is None:
        return None
    try:
        table = orjson.loads(where.read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return None
    if not isinstance(table, dict) or not set(map(type, table.values())) <= {str}:
        return None
    return table


def _public_readings(char: str) -> str | None:
    """The readings of one character through pypinyin's public API ("zhōng,zhòng"), or None."""
    from pypinyin import Style, pinyin

    found = pinyin(char, style=Style.TONE, heteronym=True, errors=lambda _: [""])
    readings = [r for group in found for r in group if r]
    return ",".join(readings) or None


@cache
def _plain(reading: str) -> tuple[str, ...]:
    """'lǜ' → ('lv', 'lu'); 'zhōng' → ('zhong',). Cached: 53,000 characters share about 1,500
    readings, and the first index of a process reads them all (a tenth of a second uncached)."""
    base = "".join(
        c
        for c in unicodedata.normalize(
            "NFD",
            reading.replace("ü", "v")
            .replace("ǖ", "v")
            .replace("ǘ", "v")
            .replace("ǚ", "v")
            .replace("ǜ", "v"),
        )
        if not unicodedata.combining(c)
    )
    base = base.lower()
    return (base, base.replace("v", "u")) if "v" in base else (base,)


@cache
def _pinyin_bytes() -> bytes | None:
    """The reading table's bytes, when laid out as `_find_reading` expects (else None)."""
    where = _pinyin_file()
    try:
        raw = where.read_bytes() if where is not None else b""
    except OSError:
        return None
    laid_out = raw.startswith(b"{\n") and (raw.endswith(b"\n}") or raw.endswith(b"\n}\n"))
    return raw if laid_out else None


_ENTRY = re.compile(rb'"([0-9]+)": "([^"\\\n]*)",?')
# Looking characters up in the table's bytes costs ~20 µs each; reading the whole table
# (41,923 entries) costs ~10 ms, and ~25 ms in a fresh process that has to grow its heap for
# it. Past this many lookups, the whole table is read.
LOOKUPS_BEFORE_LOADING = 1_000
_lookups = 0


def _find_reading(raw: bytes, code: int) -> str | None:
    """The readings of character `code` ("zhōng,zhòng"), found by bisection in the table's
    bytes: one `"<code>": "<readings>",` per line, codes ascending (as pypinyin writes it; a
    test reads every entry both ways). ValueError when a line is not of that shape."""
    lo, hi = raw.index(b"\n") + 1, len(raw)
    while lo < hi:
        mid = (lo + hi) // 2
        start = raw.rfind(b"\n", lo, mid) + 1 or lo
        end = raw.find(b"\n", start, hi)
        end = hi if end < 0 else end
        entry = _ENTRY.fullmatch(raw, start, end)
        if entry is None:
            if raw[start:end] == b"}":
                hi = start
                continue
            raise ValueError("not pypinyin's reading table as expected")
        found = int(entry.group(1))
        if found == code:
            return entry.group(2).decode()
        if found < code:
            lo = end + 1
        else:
            hi = start
    return None


def _table_reading(char: str) -> str | None:
    """A character's readings from pypinyin's table: looked up in the file's bytes for the
    first characters of a process (a database's names use a few hundred), from the whole table
    once more are needed (search reads it anyway); the public API without the file."""
    global _lookups
    if _lookups < LOOKUPS_BEFORE_LOADING:
        raw = _pinyin_bytes()
        if raw is not None:
            try:
                found = _find_reading(raw, ord(char))
            except ValueError:
                pass
            else:
                _lookups += 1
                return found
    table = _pinyin_table()
    return table.get(str(ord(char))) if table is not None else _public_readings(char)


@lru_cache(maxsize=30_000)
def char_readings(char: str) -> tuple[str, ...]:
    found = _table_reading(char)
    if found is None:
        return (char.lower(),)
    return tuple(dict.fromkeys(p for r in found.split(",") for p in _plain(r)))


@lru_cache(maxsize=50_000)
def readings(text: str) -> tuple[tuple[str, ...], ...]:
    """Per character, its possible pinyin readings (lowercase, no tones); other characters as
    themselves (lowercased)."""
    return tuple(map(char_readings, text))


@dataclass(frozen=True, slots=True)
class TextKeys:
    """The pinyin search keys of one text (a name), worked out once per text.

    Each field is in the form an index row keeps for a row made of this one text, so a row of
    one name (the quick index) takes them as they are. Empty strings (a character with an
    empty reading) are left out of the sets: a search looks up letters and runs, never "".
    Kept in the search-keys cache next to the database (`dragon_tui.search_cache`)."""

    initials: str  # each character's first reading's initial
    full: str  # each character's first reading, joined
    starts: frozenset[int]  # where a syllable begins in `full`
    polyphonic: bool  # some character has more than one reading
    letters: frozenset[str]  # every initial any character can have
    grams_text: str  # every run of 1–3 characters spelled in initials (all readings), "|"-joined
    syllables_text: str  # every reading of every character, sorted, each after a "|"

    def grams(self) -> frozenset[str]:
        return frozenset(filter(None, self.grams_text.split("|")))

    def syllables(self) -> frozenset[str]:
        return frozenset(filter(None, self.syllables_text.split("|")))


@lru_cache(maxsize=30_000)
def _char_initials(char: str) -> tuple[str, ...]:
    """The distinct initials of a character's readings, first reading's first."""
    return tuple(dict.fromkeys(r[:1] for r in char_readings(char)))


@lru_cache(maxsize=50_000)
def text_keys(text: str) -> TextKeys:
    chars = tuple(map(char_readings, text))
    firsts = [r[0] for r in chars]
    syllables = frozenset(chain.from_iterable(chars))
    syllables -= {""}
    # Names share their runs ("有限公司" in most company names): each 3-character window's
    # spellings are worked out once.
    grams = frozenset().union(*(_window_grams(text[i : i + 3]) for i in range(len(text))))
    return TextKeys(
        initials="".join(f[:1] for f in firsts),
        full="".join(firsts),
        starts=frozenset(accumulate(map(len, firsts[:-1]), initial=0)) if firsts else frozenset(),
        polyphonic=any(len(r) > 1 for r in chars),
        letters=frozenset(r[0] for r in syllables),
        grams_text="|" + "|".join(grams - {""}) + "|",
        syllables_text="|" + "|".join(sorted(syllables)),
    )


@lru_cache(maxsize=50_000)
def _window_grams(window: str) -> frozenset[str]:
    """The runs of initials starting at a window's first character: its first 1, 2 and 3
    characters spelled with every reading's initial."""
    grams: set[str] = set()
    spelled = [""]
    for options in map(_char_initials, window):
        spelled = [s + i for s in spelled for i in options]
        grams.update(spelled)
    return frozenset(grams)


def _in_full(row: AccountRow, term: str) -> bool:
    """Is `term` in the full pinyin, starting where a syllable starts ("ha" is not in 长 chang)?"""
    at = row.full.find(term)
    while at != -1:
        if at in row.starts:
            return True
        at = row.full.find(term, at + 1)
    return False


def _match_from(chars: tuple[tuple[str, ...], ...], start: int, query: str) -> bool:
    """Does `query` match the readings from character `start` on? Each character may be typed
    as its initial or its full syllable (mixed, as pinyin input methods allow), any reading."""
    if not query:
        return True
    if start >= len(chars):
        return False
    for reading in chars[start]:
        if reading.startswith(query):
            return True  # the last syllable is still being typed
        if query.startswith(reading) and _match_from(chars, start + 1, query[len(reading) :]):
            return True
        if query[0] == reading[:1] and _match_from(chars, start + 1, query[1:]):
            return True
    return False


def prepare_search() -> None:
    """Read what a search needs beyond the index (the whole reading table, the syllables): the
    app does it in the worker that builds the full index, not on the first keystroke."""
    _syllables()


@cache
def _syllables() -> tuple[frozenset[str], frozenset[str]]:
    """Every plain reading in the table, and every prefix of one (what a last piece can be)."""
    whole = frozenset(
        p for raw in _pinyin_table().values() for r in raw.split(",") for p in _plain(r)
    )
    return whole, frozenset(w[:i] for w in whole for i in range(1, len(w) + 1))


def piece_initials(query: str, depth: int = 3) -> frozenset[str]:
    """The initials of the first `depth` characters any pinyin match of `query` must have.

    A match splits the query into pieces, one per character: a single letter (the initial), a
    whole syllable, or (last) the start of a syllable. Each piece starts with its character's
    initial, so the matched run of characters spells one of these strings in initials; a
    1-letter result means the whole query is one piece. Used to skip the exact search for rows
    that cannot match.
    """
    whole, prefixes = _syllables()
    found: set[str] = set()

    def walk(at: int, spelled: str) -> None:
        if at == len(query) or len(spelled) == depth:
            found.add(spelled)
            return
        spelled += query[at]
        rest = query[at:]
        if rest in prefixes:
            found.add(spelled)  # the rest is one character still being typed
        walk(at + 1, spelled)
        for end in range(at + 2, len(query) + 1):
            if query[at:end] in whole:
                walk(end, spelled)

    walk(0, "")
    return frozenset(found)


def initial_grams(texts: Iterable[str]) -> str:
    """Every run of 1–3 characters of `texts` spelled in initials (all readings), '|'-joined."""
    return "|" + "|".join(frozenset().union(*(text_keys(t).grams() for t in texts))) + "|"


def pinyin_match(text: str, query: str) -> bool:
    """Whether `query` (lowercase letters) matches `text` by pinyin initials and/or syllables."""
    chars = readings(text)
    return any(_match_from(chars, start, query) for start in range(len(chars)))


@dataclass(frozen=True, slots=True)
class AccountView:
    """The account fields the list shows and filters on, read from the stored document.

    Building 5,000 full models costs half a second at start-up; the list needs nine fields.
    """

    id: str
    name: str
    industry: str = ""
    region: str = ""
    owner: str = ""
    tags: tuple[str, ...] = ()
    value_tier: ValueTier | None = None
    lead_source: LeadSource | None = None
    nature: AccountNature | None = None
    size: AccountSize | None = None
    acard_rank: tuple[int, int] | None = None  # the account's own (older) A-card: total, timing

    @classmethod
    def from_doc(cls, doc: dict) -> AccountView:
        get = doc.get
        card = get("acard")
        return cls(
            doc["id"],
            doc["name"],
            get("industry", ""),
            get("region", ""),
            get("owner", ""),
            tuple(get("tags", ())),
            _member(ValueTier, get("value_tier")),
            _member(LeadSource, get("lead_source")),
            _member(AccountNature, get("nature")),
            _member(AccountSize, get("size")),
            None if card is None else prospect_rank_of_document(card),
        )


def _member(kind, value):
    """The enum member of a stored value: a dict lookup, not the Enum call (5,000 accounts × 4
    fields at start-up); the call only for what the lookup misses (it raises on a bad value)."""
    if value is None:
        return None
    member = kind._value2member_map_.get(value)
    return member if member is not None else kind(value)


@dataclass
class AccountRow:
    """What the account list shows and filters on."""

    account: AccountView
    open_opportunities: int = 0
    best_stage: int | None = None  # highest stage among open opportunities
    prospect_score: int | None = None  # best A-card total of its opportunities (METHOD §5)
    prospect_rank: tuple[int, int] = (0, 0)  # that card's (total, timing): the prospect list order
    contacts: list[str] = field(default_factory=list)
    haystack: str = ""  # lowercase name, industry, region, tags, owner, contact names
    initials: str = ""
    full: str = ""
    starts: frozenset[int] = frozenset()  # where a syllable begins in `full`
    polyphonic: bool = False
    letters: frozenset[str] = frozenset()  # every initial any character of the names can have
    grams: str = ""  # initial_grams of the names: rules rows out before the exact pinyin search
    syllables: str = ""  # "|"-joined readings of every character of the names

    @property
    def id(self) -> str:
        return self.account.id


_OPEN = OpportunityStatus.OPEN.value


def _deal_summaries(opportunities: Iterable[dict]) -> dict[str, list]:
    """Per account id: [open opportunities, best stage among them, best A-card rank among them],
    in one pass over the stored documents (deleted ones left out)."""
    summaries: dict[str, list] = {}
    for doc in opportunities:
        get = doc.get
        if get("deleted") or get("status", _OPEN) != _OPEN:
            continue
        account_id = doc["account_id"]
        summary = summaries.get(account_id)
        if summary is None:
            summary = summaries[account_id] = [0, None, None]
        summary[0] += 1
        stage = get("stage", 1)
        if summary[1] is None or stage > summary[1]:
            summary[1] = stage
        card = get("acard")
        if card is not None:
            rank = prospect_rank_of_document(card)
            if rank is not None and (summary[2] is None or rank > summary[2]):
                summary[2] = rank
    return summaries


def _row(account: AccountView, contacts: list[dict], opps: list[dict]) -> AccountRow:
    summary = _deal_summaries({**o, "account_id": account.id} for o in opps).get(account.id)
    return _make_row(account, [c["name"] for c in contacts], summary)


def _make_row(
    account: AccountView,
    names: list[str],
    summary: list | None,
    keys: Callable[[str], TextKeys] = text_keys,
) -> AccountRow:
    """A row of the index; `keys` gives the account name's pinyin keys (contacts' are worked
    out here: the quick index, which a rep waits for, has none)."""
    open_count, best_stage, best_card = summary if summary is not None else (0, None, None)
    # The A-card scores each opportunity; the account's older card stands in when none is scored.
    if best_card is None:
        best_card = account.acard_rank
    parts = [account.name, account.industry, account.region, account.owner, *account.tags, *names]
    if names:
        each = [keys(account.name), *map(text_keys, names)]
        starts: set[int] = set()
        offset = 0
        for k in each:
            starts.update(at + offset for at in k.starts)
            offset += len(k.full) + 1  # the "|" between names
        pinyin = (
            "|".join(k.initials for k in each),
            "|".join(k.full for k in each),
            frozenset(starts),
            any(k.polyphonic for k in each),
            frozenset().union(*(k.letters for k in each)),
            "|" + "|".join(frozenset().union(*(k.grams() for k in each))) + "|",
            "|" + "|".join(sorted(frozenset().union(*(k.syllables() for k in each)))),
        )
    else:
        k = keys(account.name)
        pinyin = (
            k.initials,
            k.full,
            k.starts,
            k.polyphonic,
            k.letters,
            k.grams_text,
            k.syllables_text,
        )
    return AccountRow(
        account,
        open_count,
        best_stage,
        best_card[0] if best_card else None,
        best_card or (0, 0),
        names,
        "\n".join(parts).casefold(),
        *pinyin,
    )


class KeyBook:
    """The pinyin keys of texts: those known already (read from the cache), and those worked out
    while building an index (`added` counts them: the cache is rewritten only when it grew)."""

    def __init__(self, known: dict[str, TextKeys] | None = None) -> None:
        self.known = dict(known or {})
        self.used: set[str] = set()
        self.added = 0

    def __call__(self, text: str) -> TextKeys:
        self.used.add(text)
        found = self.known.get(text)
        if found is None:
            found = self.known[text] = text_keys(text)
            self.added += 1
        return found


class AccountIndex:
    """All live accounts with their search keys, built once per store generation."""

    def __init__(self, rows: list[AccountRow], generation: int = -1) -> None:
        self.rows = rows
        self.generation = generation
        self._last: tuple[str, list[AccountRow]] = ("", rows)

    @classmethod
    def from_documents(
        cls,
        accounts: Iterable[dict],
        contacts: Iterable[dict],
        opportunities: Iterable[dict],
        generation: int = -1,
        *,
        keys: Callable[[str], TextKeys] = text_keys,
    ) -> AccountIndex:
        """The index of the live accounts among stored documents (the service reads them).

        Contacts and opportunities stay documents: the list needs a name, a status and a
        stage, not 7,000 validated models (they were validated on the way in)."""
        names: dict[str, list[str]] = {}
        for doc in contacts:
            if not doc.get("deleted"):
                names.setdefault(doc["account_id"], []).append(doc["name"])
        summaries = _deal_summaries(opportunities)
        views = sorted(
            (AccountView.from_doc(d) for d in accounts if not d.get("deleted")),
            key=lambda a: a.name,
        )
        rows = [_make_row(a, names.get(a.id, []), summaries.get(a.id), keys) for a in views]
        return cls(rows, generation)

    def search(self, query: str) -> list[AccountRow]:
        """Matching rows; a query that extends the previous one only narrows its results."""
        last_query, last_rows = self._last
        pool = self.rows
        if last_query and query.startswith(last_query) and " " not in query[len(last_query) - 1 :]:
            pool = last_rows
        found = search_rows(pool, query)
        self._last = (query, found)
        return found


def _could_match(row: AccountRow, term: str, pieces: frozenset[str]) -> bool:
    """Cheap necessary condition for a pinyin match (see piece_initials)."""
    for spelled in pieces:
        if len(spelled) == 1:
            if "|" + term in row.syllables:
                return True
        elif "|" + spelled in row.grams:
            return True
    return False


def _row_matches(row: AccountRow, term: str, pieces: frozenset[str] | None = None) -> bool:
    if term in row.haystack:
        return True
    if not term.isascii() or not term.isalpha() or term[0] not in row.letters:
        return False
    if term in row.initials or _in_full(row, term):
        return True
    if pieces is not None and not _could_match(row, term, pieces):
        return False
    # Mixed initials and syllables ("bjxiandai"), or other readings of polyphonic characters.
    texts = (row.account.name, *row.contacts) if row.polyphonic else (row.account.name,)
    return any(pinyin_match(text, term) for text in texts)


def search_rows(rows: Iterable[AccountRow], query: str) -> list[AccountRow]:
    """Rows matching every whitespace-separated term of `query` (case-insensitive)."""
    terms = query.casefold().split()
    if not terms:
        return list(rows)
    pieces = {t: piece_initials(t) if t.isascii() and t.isalpha() else None for t in terms}
    return [row for row in rows if all(_row_matches(row, t, pieces[t]) for t in terms)]


def search_accounts(
    index: AccountIndex, query: str, filters: AccountFilter | None = None
) -> list[AccountRow]:
    """What the account list shows for a typed query (free text and `key:value` tokens) and the
    filter bar's conditions; typed tokens win over the bar's for the same condition. Sorted by
    the filter's sort key (name by default)."""
    typed = parse_filter(query)
    wanted = filters if filters is not None else AccountFilter()
    merged = replace(wanted, conditions={**wanted.conditions, **typed.conditions})
    return merged.apply(index.search(typed.text))
