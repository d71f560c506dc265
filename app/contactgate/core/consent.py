"""When a consent opens the gate: purpose ``whatsapp``, granted, not withdrawn, not expired."""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime
from typing import Literal

from contactgate.core.model import WHATSAPP_PURPOSE, Consent

State = Literal["valid", "not_yet_granted", "withdrawn", "expired", "other_purpose"]

# Why a business contact stays back; reports and the window word these keys.
HELD_BACK_REASONS: tuple[str, ...] = (
    "no_consent", "not_yet_granted", "withdrawn", "expired", "other_purpose", "no_number",
)


def state_at(consent: Consent, at: datetime) -> State:
    """The state of one grant at ``at`` (an aware datetime)."""
    if consent.purpose != WHATSAPP_PURPOSE:
        return "other_purpose"
    if consent.granted_at > at:
        return "not_yet_granted"
    if consent.withdrawn_at is not None and consent.withdrawn_at <= at:
        return "withdrawn"
    if consent.expires_at is not None and consent.expires_at <= at:
        return "expired"
    return "valid"


def is_valid(consent: Consent, at: datetime) -> bool:
    return state_at(consent, at) == "valid"


def apply_withdrawals(consents: Iterable[Consent]) -> list[Consent]:
    """A withdrawal closes every earlier grant of the same number and purpose."""
    groups: dict[tuple[str, str], list[Consent]] = defaultdict(list)
    for consent in consents:
        groups[(consent.e164, consent.purpose)].append(consent)
    result: list[Consent] = []
    for grants in groups.values():
        withdrawals = sorted(g.withdrawn_at for g in grants if g.withdrawn_at is not None)
        for grant in grants:
            closing = next((w for w in withdrawals if w >= grant.granted_at), None)
            if closing is not None and (grant.withdrawn_at is None or closing < grant.withdrawn_at):
                grant = replace(grant, withdrawn_at=closing)
            result.append(grant)
    return result


def review_date(granted_at: datetime, months: int) -> datetime:
    """``months`` after a grant, on the same day of the month (or that month's last day)."""
    month_index = granted_at.month - 1 + months
    year, month = granted_at.year + month_index // 12, month_index % 12 + 1
    day = min(granted_at.day, calendar.monthrange(year, month)[1])
    return granted_at.replace(year=year, month=month, day=day)


def with_reconfirmation(consents: Iterable[Consent], months: int | None) -> list[Consent]:
    """The policy's "re-confirm after N months": a grant without an earlier expiry lapses then."""
    if not months:
        return list(consents)
    result = []
    for consent in consents:
        due = review_date(consent.granted_at, months)
        if consent.expires_at is None or due < consent.expires_at:
            consent = replace(consent, expires_at=due)
        result.append(consent)
    return result


class ConsentBook:
    """All grants by number, asked the one question the gate has: valid at this time?"""

    def __init__(self, consents: Iterable[Consent]) -> None:
        self._by_number: dict[str, list[Consent]] = defaultdict(list)
        for consent in apply_withdrawals(consents):
            self._by_number[consent.e164].append(consent)

    def __len__(self) -> int:
        return sum(len(grants) for grants in self._by_number.values())

    def grants(self, e164: str) -> list[Consent]:
        return list(self._by_number.get(e164, ()))

    def valid_for(self, e164: str, at: datetime) -> Consent | None:
        """The latest valid WhatsApp grant for a number, or None."""
        grants = self._by_number.get(e164)
        if not grants:  # most numbers of a book: no grant at all
            return None
        valid = [c for c in grants if is_valid(c, at)]
        return max(valid, key=lambda c: c.granted_at) if valid else None

    def why_not(self, e164s: Iterable[str], at: datetime) -> str:
        """Why none of these numbers has a valid grant: the most telling HELD_BACK_REASONS key."""
        states = {state_at(c, at) for n in e164s for c in self._by_number.get(n, ())}
        for state in ("withdrawn", "expired", "not_yet_granted", "other_purpose"):
            if state in states:
                return state
        return "no_consent"
