"""Find contacts by what a user types: part of a name, organisation or e-mail, or a number."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from contactgate.core.model import Contact
from contactgate.core.phones import to_e164


def fold(text: str) -> str:
    """Case- and accent-insensitive form: SQLite's LIKE folds ASCII only (MÜLLER ≠ müller)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def search_text(contact: Contact) -> str:
    """Everything a search looks at, folded once (the GUI precomputes this per row)."""
    parts = [contact.display_name, contact.org, contact.title]
    parts += [e.address for e in contact.emails]
    parts += [p.raw for p in contact.phones]
    parts += [p.e164 for p in contact.phones if p.e164]
    return fold(" ".join(parts))


def find(contacts: Iterable[Contact], query: str, region: str) -> list[Contact]:
    """Contacts whose text contains the query, or that hold the number the query names."""
    needle = fold(query.strip())
    if not needle:
        return []
    number = to_e164(query, region) if any(ch.isdigit() for ch in query) else None
    return [
        c for c in contacts
        if needle in search_text(c) or (number is not None and number in c.numbers())
    ]
