"""Account search as you type: name, pinyin initials and full pinyin, contacts, tags (METHOD §6).

`AccountIndex` is built once from the stored documents (by `dragon_tui.service.accounts`); each
keystroke is then a scan of precomputed lowercase strings. Polyphonic characters (单 dan/shan,
曾 zeng/ceng) are matched on every reading by a small search over per-character readings, used
only for names that contain such characters.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from dragon_tui.method.acard import prospect_rank_of_document
from dragon_tui.method.filters import AccountFilter, parse_filter
from dragon_tui.models.enums import (
    AccountNature,
    AccountSize,
    LeadSource,
    OpportunityStatus,
    ValueTier,
)
from dragon_tui.pinyin import TextKeys, all_syllables, readings, text_keys


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
    all_syllables()


def piece_initials(query: str, depth: int = 3) -> frozenset[str]:
    """The initials of the first `depth` characters any pinyin match of `query` must have.

    A match splits the query into pieces, one per character: a single letter (the initial), a
    whole syllable, or (last) the start of a syllable. Each piece starts with its character's
    initial, so the matched run of characters spells one of these strings in initials; a
    1-letter result means the whole query is one piece. Used to skip the exact search for rows
    that cannot match.
    """
    whole, prefixes = all_syllables()
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


# Bumped whenever `account_views` or `deal_summaries` change what they give for the same
# documents: what the search cache kept of an earlier version is then never used.
PARTS_VERSION = 1
_OPEN = OpportunityStatus.OPEN.value


def account_views(accounts: Iterable[dict]) -> list[AccountView]:
    """The live accounts' views, in name order."""
    return sorted(
        (AccountView.from_doc(d) for d in accounts if not d.get("deleted")), key=lambda a: a.name
    )


def contact_names(contacts: Iterable[dict]) -> dict[str, list[str]]:
    """Per account id, the names of its live contacts."""
    names: dict[str, list[str]] = {}
    for doc in contacts:
        if not doc.get("deleted"):
            names.setdefault(doc["account_id"], []).append(doc["name"])
    return names


def deal_summaries(opportunities: Iterable[dict]) -> dict[str, list]:
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
    summary = deal_summaries({**o, "account_id": account.id} for o in opps).get(account.id)
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
        return cls.from_parts(
            account_views(accounts),
            contact_names(contacts),
            deal_summaries(opportunities),
            generation,
            keys=keys,
        )

    @classmethod
    def from_parts(
        cls,
        views: list[AccountView],
        names: dict[str, list[str]],
        summaries: dict[str, list],
        generation: int = -1,
        *,
        keys: Callable[[str], TextKeys] = text_keys,
    ) -> AccountIndex:
        """The index from what it is made of: `account_views`, `contact_names` and
        `deal_summaries` of the stored documents (each may come from the search cache)."""
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
