"""Hints on what a person needs: organisational needs by function and level, personal (Maslow) needs."""

from __future__ import annotations

from dragon_tui.labels import Phrase, phrase
from dragon_tui.models import Contact
from dragon_tui.models.enums import PersonalNeed

# The hints are labels (dragon_tui/labels/rules.py):
# - "needs.level.<level>": "The decision level makes five decisions: whether to buy, when, the
#   budget, which vendor, and signing"; management answers for its department's results; the
#   execution (operational) level lives with the product every day (METHOD §3);
# - "needs.function.<function>": organisational needs by function (METHOD §3);
# - "needs.personal.<need>": the personal (Maslow) need and how to serve it;
# - "needs.cue.<need>": how a rep spots each personal need, shown while it is unknown.


def needs_hint_phrases(contact: Contact) -> list[Phrase]:
    """What the person needs, by level, function and personal need (or how to find it out)."""
    hints = []
    if contact.level is not None:
        hints.append(phrase(f"needs.level.{contact.level.value}"))
    if contact.function is not None:
        hints.append(phrase(f"needs.function.{contact.function.value}"))
    if contact.personal_need is not None:
        hints.append(phrase(f"needs.personal.{contact.personal_need.value}"))
    else:
        hints.append(phrase("needs.personal_unknown"))
        hints += [phrase(f"needs.cue.{need.value}") for need in PersonalNeed]
    return hints


def needs_hints(contact: Contact, lang: str) -> list[str]:
    """`needs_hint_phrases` in `lang`."""
    return [hint.text(lang) for hint in needs_hint_phrases(contact)]
