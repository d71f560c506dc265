"""Table rows computed once per change, so the view never calls back into the core.

A :class:`Row` holds the display strings of one contact (or stored business
contact, or unreadable card) and a folded search text. What never changes for a
contact (:class:`ContactText`: name, organisation, numbers, search text) is
computed once, in the import worker; what a decision changes (group, bucket,
consent) is computed in the window. Labels are translated once per build.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from contactgate.core.consent import ConsentBook
from contactgate.core.gate import Decision
from contactgate.core.model import Contact, Quarantined
from contactgate.ui.core_texts import core_text
from contactgate.ui.stored import StoredBusiness
from contactgate.ui.texts import GROUPS, Group, bucket_label, consent_label

RowKind = Literal["contact", "stored", "quarantined"]
# What people put between digits: dropped, so "0171 23-45" and "01712345" are one search.
_NUMBER_SPACING = str.maketrans("", "", " \t\u00a0()./-")
# Combining marks left after NFKD (accents, umlaut dots): dropped, so "muller" finds "Müller".
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")

_DESTINATION_GROUP: dict[str, Group] = {
    "whatsapp": "ready",
    "business_no_consent": "no_consent",
    "private": "private",
    "review": "unsure",
}


@dataclass(slots=True)
class Row:
    kind: RowKind
    key: int  # contact key, stored id or quarantine index, depending on kind
    group: Group
    name: str
    org: str
    numbers: str
    bucket: str
    score: int | None
    consent: str
    overridden: bool
    search: str  # folded name, organisation, title, numbers and e-mails


@dataclass(frozen=True, slots=True)
class ContactText:
    """What a contact shows and is found by; independent of verdicts and consents."""

    name: str
    org: str
    numbers: str
    search: str


def contact_text(contact: Contact) -> ContactText:
    phones = contact.phones
    numbers = ", ".join([p.e164 or f"{p.raw} (?)" for p in phones])
    raw = " ".join([p.raw.translate(_NUMBER_SPACING) for p in phones])
    emails = " ".join([e.address for e in contact.emails])
    name = contact.display_name
    words = folded(f"{name} {contact.org} {contact.title}")
    return ContactText(name, contact.org, numbers, f"{words} {numbers} {raw} {emails}".casefold())


def contact_texts(contacts: Iterable[Contact]) -> dict[int, ContactText]:
    return {contact.key: contact_text(contact) for contact in contacts}


class Labels:
    """The translated labels a build needs, looked up once."""

    def __init__(self) -> None:
        self.bucket = {b: bucket_label(b) for b in ("business", "private", "unsure", "quarantined")}
        self.consent: dict[str, str] = {}

    def consent_state(self, state: str) -> str:
        label = self.consent.get(state)
        if label is None:
            label = self.consent[state] = consent_label(state)
        return label


def group_of(decision: Decision) -> Group:
    return _DESTINATION_GROUP[decision.destination]


def consent_state(decision: Decision, consents: ConsentBook, at: datetime) -> str:
    """'valid', or why no number of the contact has a valid WhatsApp consent at ``at``."""
    if decision.consented:
        return "valid"
    if decision.held_back:
        return decision.held_back
    numbers = decision.contact.numbers()
    if not numbers:
        return "no_number"
    return consents.why_not(numbers, at)


def contact_row(decision: Decision, text: ContactText, state: str, labels: Labels) -> Row:
    """One contact's row: the hot loop of showing a book, so nothing here is computed twice."""
    verdict = decision.verdict
    return Row(
        kind="contact",
        key=decision.contact.key,
        group=_DESTINATION_GROUP[decision.destination],
        name=text.name,
        org=text.org,
        numbers=text.numbers,
        bucket=labels.bucket[verdict.bucket],
        score=verdict.score,
        consent=labels.consent_state(state),
        overridden=verdict.overridden,
        search=text.search,
    )


def folded(text: str) -> str:
    """Case- and accent-free like ``core.search.fold``, at C speed: this runs per row."""
    text = text.casefold()
    return text if text.isascii() else _COMBINING.sub("", unicodedata.normalize("NFKD", text))


def stored_row(stored: StoredBusiness, state: str, labels: Labels) -> Row:
    numbers = ", ".join(stored.numbers)
    return Row(
        kind="stored",
        key=stored.id,
        group="ready" if state == "valid" else "no_consent",
        name=stored.fn,
        org=stored.org,
        numbers=numbers,
        bucket=labels.bucket["business"],
        score=stored.score,
        consent=labels.consent_state(state),
        overridden=stored.overridden,
        search=folded(" ".join((stored.fn, stored.org, numbers, *stored.emails))),
    )


def quarantine_row(index: int, item: Quarantined, labels: Labels) -> Row:
    where = f"{item.source}:{item.line}"
    return Row(
        kind="quarantined",
        key=index,
        group="quarantined",
        name=where,
        org="",
        numbers="",
        bucket=labels.bucket["quarantined"],
        score=None,
        consent=core_text(item.reason),
        overridden=False,
        search=folded(f"{where} {item.reason} {core_text(item.reason)}"),
    )


def count_groups(rows: Iterable[Row]) -> dict[str, int]:
    counts: dict[str, int] = dict.fromkeys(GROUPS, 0)
    total = 0
    for row in rows:
        counts[row.group] += 1
        total += 1
    return {**counts, "all": total}


def normalise_needle(text: str) -> str:
    """What the user typed, as the search text holds it; '0171 23-45' matches '01712345'."""
    needle = folded(" ".join(text.split()))
    squeezed = needle.translate(_NUMBER_SPACING)
    if squeezed and sum(ch.isdigit() for ch in squeezed) >= 3 and all(
        ch.isdigit() or ch == "+" for ch in squeezed
    ):
        return squeezed
    return needle
