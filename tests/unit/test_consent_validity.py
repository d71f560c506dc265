"""When a consent opens the gate: each rule of core/consent.py, and withdrawal as a property."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from contactgate.core.consent import ConsentBook, apply_withdrawals, is_valid, state_at
from contactgate.core.model import Consent

NUMBER = "+49301234567"
T0 = datetime(2024, 5, 1, 8, 0, tzinfo=UTC)
DAY = timedelta(days=1)


def grant(**changes: object) -> Consent:
    fields: dict[str, object] = {"e164": NUMBER, "granted_at": T0, "method": "web_form",
                                 "evidence": "F-1"}
    fields.update(changes)
    return Consent(**fields)  # type: ignore[arg-type]


def test_a_whatsapp_grant_is_valid_after_it_was_granted() -> None:
    assert is_valid(grant(), T0 + DAY)


def test_granted_exactly_at_export_time_counts() -> None:
    assert is_valid(grant(), T0)


def test_granted_after_export_time_does_not_count() -> None:
    assert state_at(grant(), T0 - timedelta(seconds=1)) == "not_yet_granted"


def test_only_purpose_whatsapp_opens_the_gate() -> None:
    assert state_at(grant(purpose="advertising"), T0 + DAY) == "other_purpose"
    assert state_at(grant(purpose="WhatsApp"), T0 + DAY) == "other_purpose"  # exactly as written
    assert state_at(grant(purpose="whatsapp "), T0 + DAY) == "other_purpose"


def test_withdrawn_from_the_moment_of_withdrawal() -> None:
    withdrawn = grant(withdrawn_at=T0 + DAY)
    assert is_valid(withdrawn, T0 + DAY - timedelta(seconds=1))
    assert state_at(withdrawn, T0 + DAY) == "withdrawn"
    assert state_at(withdrawn, T0 + 30 * DAY) == "withdrawn"


def test_expired_from_the_expiry_on() -> None:
    expiring = grant(expires_at=T0 + DAY)
    assert is_valid(expiring, T0 + DAY - timedelta(microseconds=1))
    assert state_at(expiring, T0 + DAY) == "expired"


def test_a_withdrawal_closes_every_earlier_grant_of_that_number_and_purpose() -> None:
    first = grant(granted_at=T0)
    second = grant(granted_at=T0 + DAY, evidence="F-2")
    stop = grant(granted_at=T0 + 2 * DAY, withdrawn_at=T0 + 3 * DAY, evidence="F-3")
    closed = apply_withdrawals([first, second, stop])
    assert [c.withdrawn_at for c in closed] == [T0 + 3 * DAY] * 3


def test_a_withdrawal_leaves_later_grants_and_other_purposes_alone() -> None:
    stop = grant(withdrawn_at=T0 + DAY)
    renewed = grant(granted_at=T0 + 2 * DAY, evidence="new")
    advertising = grant(purpose="advertising")
    other_number = grant(e164="+49307654321")
    closed = {(c.e164, c.purpose, c.granted_at): c
              for c in apply_withdrawals([stop, renewed, advertising, other_number])}
    assert closed[(NUMBER, "whatsapp", T0 + 2 * DAY)].withdrawn_at is None
    assert closed[(NUMBER, "advertising", T0)].withdrawn_at is None
    assert closed[("+49307654321", "whatsapp", T0)].withdrawn_at is None


def test_book_picks_the_latest_valid_grant_and_explains_refusals() -> None:
    book = ConsentBook([grant(), grant(granted_at=T0 + DAY, evidence="newer")])
    chosen = book.valid_for(NUMBER, T0 + 2 * DAY)
    assert chosen is not None and chosen.evidence == "newer"
    assert book.valid_for("+49999999999", T0) is None
    assert book.why_not(["+49999999999"], T0) == "no_consent"
    assert ConsentBook([grant(expires_at=T0 + DAY)]).why_not([NUMBER], T0 + DAY) == "expired"
    assert ConsentBook([grant(purpose="ads")]).why_not([NUMBER], T0) == "other_purpose"
    assert ConsentBook([grant(withdrawn_at=T0)]).why_not([NUMBER], T0) == "withdrawn"


_offsets = st.integers(min_value=0, max_value=10_000)


@given(
    grants=st.lists(st.tuples(_offsets, st.one_of(st.none(), _offsets)), min_size=1, max_size=8),
    probe=_offsets,
)
def test_a_withdrawn_grant_never_validates_after_its_withdrawal(
    grants: list[tuple[int, int | None]], probe: int
) -> None:
    """Whatever else is on file, no grant opens the gate at or after a later withdrawal."""
    consents = [
        grant(granted_at=T0 + timedelta(hours=g),
              withdrawn_at=None if w is None else T0 + timedelta(hours=g + w),
              evidence=f"E{i}")
        for i, (g, w) in enumerate(grants)
    ]
    at = T0 + timedelta(hours=probe)
    withdrawals = [c.withdrawn_at for c in consents if c.withdrawn_at is not None]
    book = ConsentBook(consents)
    chosen = book.valid_for(NUMBER, at)
    if chosen is not None:
        assert not any(chosen.granted_at <= w <= at for w in withdrawals)
    for c in apply_withdrawals(consents):
        if c.withdrawn_at is not None and c.withdrawn_at <= at:
            assert not is_valid(c, at)
