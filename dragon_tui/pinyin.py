"""Pinyin for search: each character's readings (from pypinyin's table), and a text's search
keys (`TextKeys`), worked out once per text and kept by `dragon_tui.search_cache`.

Polyphonic characters keep every reading (单 dan/shan/chan, 曾 zeng/ceng); tones are dropped and
ü is written v (and u). Characters without a reading stand for themselves, lowercased.
"""

from __future__ import annotations

import importlib.util
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import accumulate, chain
from pathlib import Path

import orjson

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


@cache
def all_syllables() -> tuple[frozenset[str], frozenset[str]]:
    """Every plain reading in the table, and every prefix of one (what a last piece can be)."""
    whole = frozenset(
        p for raw in _pinyin_table().values() for r in raw.split(",") for p in _plain(r)
    )
    return whole, frozenset(w[:i] for w in whole for i in range(1, len(w) + 1))
