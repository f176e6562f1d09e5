"""zh/en labels: `label(member, lang)` for enums, `t(key, lang)` for UI and export strings,
`Phrase(key, args)` for a string the method returns without knowing the language.

UI strings live in the modules of this package that define `STRINGS = {key: (zh, en)}`; they
are discovered at import, so a feature adds its strings in its own module.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum, IntEnum
from typing import TypeVar

from dragon_tui.labels.enums import CLASS_LABELS, member_aliases, member_pair

E = TypeVar("E", bound=Enum)
LANGUAGES = ("zh", "en")


def _index(lang: object) -> int:
    value = getattr(lang, "value", lang)
    return 1 if value == "en" else 0


def _load_strings() -> dict[str, tuple[str, str]]:
    strings: dict[str, tuple[str, str]] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        strings.update(getattr(module, "STRINGS", {}))
    return strings


STRINGS = _load_strings()


def label(member: Enum, lang: object = "zh") -> str:
    """The label of an enum member in `lang` ("zh"/"en" or a Language)."""
    pair = member_pair(member)
    if pair is None:
        return str(member.value)
    return pair[_index(lang)]


def enum_name(enum_cls: type[Enum], lang: object = "zh") -> str:
    pair = CLASS_LABELS.get(enum_cls)
    return pair[_index(lang)] if pair else enum_cls.__name__


def t(key: str, lang: object = "zh", **fmt: object) -> str:
    """A UI string in `lang`; an unknown key returns the key itself, so a gap is visible."""
    pair = STRINGS.get(key)
    if pair is None:
        return key
    text = pair[_index(lang)]
    return text.format(**fmt) if fmt else text


@dataclass(frozen=True)
class Phrase:
    """A UI string key and its format arguments: what `dragon_tui.method` returns instead of a
    (zh, en) pair, so the language is chosen where the text is shown (`phrase.text(lang)`).

    An argument is rendered in the same language: a Phrase by its text, an enum member by its
    label, a list by its items joined with the language's separator (、 or , ), anything else
    by `str` (user text stays literal: `str.format` never reads braces inside an argument).
    """

    key: str
    args: Mapping[str, object] = field(default_factory=dict)

    def text(self, lang: object = "zh") -> str:
        return t(self.key, lang, **{k: _render(v, lang) for k, v in self.args.items()})


def phrase(key: str, **args: object) -> Phrase:
    """`Phrase(key, args)` written as a call: `phrase("coverage.no_coach")`."""
    return Phrase(key, args)


def _render(value: object, lang: object) -> str:
    if isinstance(value, Phrase):
        return value.text(lang)
    if isinstance(value, Enum) and member_pair(value) is not None:
        return label(value, lang)
    if isinstance(value, list):
        return t("list.separator", lang).join(_render(v, lang) for v in value)
    return str(value)


def parse_enum(enum_cls: type[E], text: object) -> E:
    """Read an enum from its value, name, number (IntEnum) or zh/en label, case-insensitively."""
    raw = str(text).strip()
    candidates: list[tuple[E, set[str]]] = []
    for member in enum_cls:
        names = {str(member.value), member.name, member.name.replace("_", " ")}
        names.update(member_pair(member) or ())
        names.update(member_aliases(member))
        if issubclass(enum_cls, IntEnum):
            names.add(str(int(member)))
        candidates.append((member, names))
    # Exact spelling first: "SUPPORTS" is the member, "Supports" the label of another one.
    for member, names in candidates:
        if raw in names:
            return member
    wanted = raw.casefold()
    for member, names in candidates:
        if wanted in {c.casefold() for c in names}:
            return member
    allowed = ", ".join(f"{m.value} ({'/'.join(member_pair(m) or ())})" for m in enum_cls)
    raise ValueError(f"{raw!r} is not a valid {enum_cls.__name__}; use one of: {allowed}")
