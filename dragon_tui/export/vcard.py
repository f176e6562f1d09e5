"""An account's people as vCards (vobject, vCard 3.0) for a phone's address book.

Each card carries the name, title, company (and department), phone and email, and the contact's
id as UID so importing again updates the card. `redact` leaves every personal field out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from dragon_tui.models import Account, Contact

_NOT_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _clean(text: str) -> str:
    return _NOT_TEXT.sub("", text).strip()


def contacts_vcf(account: Account, contacts: Iterable[Contact], *, redact: bool = False) -> str:
    """The vCards of `contacts`, one after the other (a .vcf file's text)."""
    import vobject

    cards = []
    for contact in sorted(contacts, key=lambda c: (c.name, c.id)):
        if contact.deleted:
            continue
        card = vobject.vCard()
        name = _clean(contact.name) or "?"
        card.add("fn").value = name
        # A Chinese name is written family name first with no space: keep it whole as the
        # family name rather than guess where the given name starts.
        card.add("n").value = vobject.vcard.Name(family=name)
        org = [_clean(account.name)] + ([_clean(contact.department)] if contact.department else [])
        card.add("org").value = org
        if contact.title:
            card.add("title").value = _clean(contact.title)
        card.add("uid").value = f"urn:uuid:{contact.id}" if len(contact.id) == 36 else contact.id
        if not redact:
            if contact.phone:
                tel = card.add("tel")
                tel.value = _clean(contact.phone)
                tel.type_param = "CELL"
            if contact.email:
                email = card.add("email")
                email.value = _clean(contact.email)
                email.type_param = "INTERNET"
            if contact.office_address:
                card.add("note").value = _clean(contact.office_address)
        cards.append(card.serialize())
    return "".join(cards)
