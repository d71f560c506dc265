"""Merge cards that are the same person, across all inputs.

Two contacts merge when they share an E.164 number or an e-mail address *and*
their names are compatible: equal after normalisation (case, accents, order,
punctuation) or one side without a name. Otherwise both stay, share the
number, and are judged on their own. Work is linear: one pass with a dict
from number/e-mail to the groups that hold it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import TypeVar

from contactgate.core.model import Contact

T = TypeVar("T")
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


def name_key(contact: Contact) -> str:
    """A name as a sorted bag of case- and accent-folded words.

    "Müller, Hans" and "hans muller" give the same key; word order and
    punctuation do not matter. An empty key means the contact has no name.
    """
    return _folded_words(contact.fn or " ".join(contact.n))


@lru_cache(maxsize=65_536)
def _folded_words(name: str) -> str:
    if not name.strip():
        return ""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    ascii_ish = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    words = _NON_WORD.sub(" ", ascii_ish).split()
    return " ".join(sorted(words))


class _Group:
    __slots__ = ("members", "name")

    def __init__(self, first: Contact, name: str) -> None:
        self.members = [first]
        self.name = name

    def accepts(self, name: str) -> bool:
        return not name or not self.name or name == self.name


def merge_contacts(contacts: Iterable[Contact]) -> list[Contact]:
    """Merged contacts in input order; each keeps every source card."""
    groups: list[_Group] = []
    by_key: dict[str, list[_Group]] = {}
    for contact in contacts:
        name = name_key(contact)
        keys = _match_keys(contact)
        target = _first_accepting(keys, by_key, name)
        if target is None:
            target = _Group(contact, name)
            groups.append(target)
        else:
            target.members.append(contact)
            target.name = target.name or name
        for key in keys:
            holders = by_key.get(key)
            if holders is None:  # most numbers and addresses: seen for the first time
                by_key[key] = [target]
            elif target not in holders:
                holders.append(target)
    return [_combine(group.members) for group in groups]


def _match_keys(contact: Contact) -> list[str]:
    """Its match keys, each once: "tel:" + each E.164 number, "mail:" + each address."""
    keys = {f"tel:{phone.e164}": None for phone in contact.phones if phone.e164}
    keys.update((f"mail:{email.address}", None) for email in contact.emails
                if "@" in email.address)
    return list(keys)


def _first_accepting(keys: list[str], by_key: dict[str, list[_Group]],
                     name: str) -> _Group | None:
    for key in keys:
        groups = by_key.get(key)
        if groups is not None:
            for group in groups:
                if group.accepts(name):
                    return group
    return None


def _combine(members: list[Contact]) -> Contact:
    if len(members) == 1:
        return members[0]
    first = members[0]
    merged = Contact(key=first.key, cards=[card for m in members for card in m.cards])
    for member in members:
        merged.fn = merged.fn or member.fn
        merged.n = merged.n or member.n
        merged.org = merged.org or member.org
        merged.title = merged.title or member.title
        merged.role = merged.role or member.role
        merged.uid = merged.uid or member.uid
        merged.show_as_company = merged.show_as_company or member.show_as_company
        merged.adr_types |= member.adr_types
        _extend_unique(merged.phones, member.phones, lambda p: p.e164 or p.raw)
        _extend_unique(merged.emails, member.emails, lambda e: e.address)
        _extend_unique(merged.categories, member.categories, str.casefold)
        _extend_unique(merged.labels, member.labels, str.casefold)
    return merged


def _extend_unique(target: list[T], items: list[T], key: Callable[[T], str]) -> None:
    seen = {key(item) for item in target}
    for item in items:
        k = key(item)
        if k not in seen:
            seen.add(k)
            target.append(item)
