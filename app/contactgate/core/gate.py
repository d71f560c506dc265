"""The one place that decides what leaves, and in what shape (invariants 1 and 2).

A number reaches ``whatsapp-business.vcf`` only if its contact is *business*
and the number has a WhatsApp consent valid at the export time. Of such a
contact only the consented numbers and the fields of the export profile leave.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from contactgate.core.consent import ConsentBook
from contactgate.core.model import (
    BUSINESS,
    PRIVATE,
    Consent,
    Contact,
    Phone,
    Prop,
    Verdict,
    escape_text,
)

Destination = Literal["whatsapp", "business_no_consent", "private", "review"]
Profile = Literal["minimal", "standard"]
PROFILES: tuple[Profile, ...] = ("minimal", "standard")

OUTPUT_FILES: dict[Destination, str] = {
    "whatsapp": "whatsapp-business.vcf",
    "business_no_consent": "business-no-consent.vcf",
    "private": "private.vcf",
    "review": "review.vcf",
}


@dataclass(frozen=True, slots=True)
class Decision:
    contact: Contact
    verdict: Verdict
    destination: Destination
    # the numbers that leave, each with the grant that opens the gate for it
    exported: tuple[tuple[Phone, Consent], ...] = ()
    held_back: str = ""  # for business contacts that stay back: a consent.HELD_BACK_REASONS key
    consented: bool = False  # any number has a valid WhatsApp grant, whatever the bucket


def decide(contact: Contact, verdict: Verdict, consents: ConsentBook, at: datetime) -> Decision:
    """Where one contact goes, and which of its numbers leave."""
    exported = _consented_phones(contact, consents, at)
    consented = bool(exported)
    if verdict.bucket == PRIVATE:
        return Decision(contact, verdict, "private", consented=consented)
    if verdict.bucket != BUSINESS:
        return Decision(contact, verdict, "review", consented=consented)
    if not exported:
        numbers = contact.numbers()
        reason = consents.why_not(numbers, at) if numbers else "no_number"
        return Decision(contact, verdict, "business_no_consent", held_back=reason)
    return Decision(contact, verdict, "whatsapp", exported=exported, consented=True)


def _consented_phones(
    contact: Contact, consents: ConsentBook, at: datetime
) -> tuple[tuple[Phone, Consent], ...]:
    chosen: list[tuple[Phone, Consent]] = []
    seen: set[str] = set()
    for phone in contact.phones:
        if phone.e164 is None or phone.e164 in seen:
            continue
        grant = consents.valid_for(phone.e164, at)
        if grant is not None:
            seen.add(phone.e164)
            chosen.append((phone, grant))
    return tuple(chosen)


def export_props(decision: Decision, profile: Profile = "minimal") -> list[Prop]:
    """The properties of a gated export card: FN, N, ORG, consented TEL (+ TITLE, WORK e-mail).

    Values are built from parsed fields and escaped here, never copied raw,
    so nothing from the input can add a property or a card (invariant 4).
    """
    if decision.destination != "whatsapp":
        raise ValueError("only contacts bound for WhatsApp have an export shape")
    contact = decision.contact
    props = [Prop("FN", escape_text(export_name(decision)))]
    n_parts = (tuple(contact.n) + ("",) * 5)[:5]
    props.append(Prop("N", ";".join(escape_text(part) for part in n_parts)))
    if contact.org:
        props.append(Prop("ORG", escape_text(contact.org)))
    if profile == "standard" and contact.title:
        props.append(Prop("TITLE", escape_text(contact.title)))
    for phone, _grant in decision.exported:
        props.append(Prop("TEL", escape_text(phone.e164 or ""), (("TYPE", _tel_type(phone)),)))
    if profile == "standard":
        for email in contact.emails:
            if "work" in email.types:
                props.append(Prop("EMAIL", escape_text(email.address), (("TYPE", "work"),)))
    return props


def export_name(decision: Decision) -> str:
    """FN of an export card: never falls back to a number that has no consent."""
    contact = decision.contact
    given_family = " ".join(p for p in (contact.n[1:2] + contact.n[:1]) if p)
    consented = decision.exported[0][0].e164 if decision.exported else ""
    return contact.fn or given_family or contact.org or consented or ""


def _tel_type(phone: Phone) -> str:
    for kind in ("cell", "work", "voice"):
        if kind in phone.types:
            return kind
    return "cell" if phone.kind == "mobile" else "voice"
