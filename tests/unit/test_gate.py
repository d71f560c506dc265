"""The gate's invariants 1, 2 and 4, by example and over generated books and consent sets."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import vobject
from hypothesis import given, settings
from hypothesis import strategies as st

from contactgate.core.consent import ConsentBook, is_valid
from contactgate.core.gate import decide, export_props
from contactgate.core.model import (
    BUCKETS,
    Card,
    Consent,
    Contact,
    Phone,
    Reason,
    Verdict,
    components,
)
from contactgate.io.vcard_write import render_card

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
NUMBERS = [f"+4917139200{i:02d}" for i in range(12)]


def contact(*numbers: str, name: str = "Anna Beispiel", org: str = "Beispiel GmbH") -> Contact:
    card = Card(source="book.vcf", line=1, version="3.0", props=[])
    phones = [Phone(raw=n, e164=n, types=frozenset({"cell"}), kind="mobile") for n in numbers]
    return Contact(key=1, cards=[card], fn=name, n=("Beispiel", "Anna"), org=org,
                   title="Einkauf", phones=phones)


def verdict(bucket: str) -> Verdict:
    return Verdict(bucket, 0, (Reason("test", 0, "test"),))  # type: ignore[arg-type]


def grant(e164: str, **changes: object) -> Consent:
    base: dict[str, object] = {
        "e164": e164, "granted_at": NOW - timedelta(days=30), "method": "web_form",
        "evidence": "form #1",
    }
    base.update(changes)
    return Consent(**base)  # type: ignore[arg-type]


def test_business_contact_with_valid_consent_leaves_with_that_number_only() -> None:
    person = contact(NUMBERS[0], NUMBERS[1])
    decision = decide(person, verdict("business"), ConsentBook([grant(NUMBERS[0])]), NOW)
    assert decision.destination == "whatsapp"
    assert [p.e164 for p, _ in decision.exported] == [NUMBERS[0]]


def test_private_contact_with_consent_stays_private_and_counts_as_consented() -> None:
    decision = decide(contact(NUMBERS[0]), verdict("private"), ConsentBook([grant(NUMBERS[0])]),
                      NOW)
    assert decision.destination == "private"
    assert decision.exported == ()
    assert decision.consented


def test_unsure_contact_goes_to_review_even_with_consent() -> None:
    decision = decide(contact(NUMBERS[0]), verdict("unsure"), ConsentBook([grant(NUMBERS[0])]), NOW)
    assert decision.destination == "review"
    assert decision.exported == ()


def test_withdrawn_consent_holds_the_contact_back_and_says_why() -> None:
    withdrawn = grant(NUMBERS[0], withdrawn_at=NOW - timedelta(days=1))
    decision = decide(contact(NUMBERS[0]), verdict("business"), ConsentBook([withdrawn]), NOW)
    assert decision.destination == "business_no_consent"
    assert decision.held_back == "withdrawn"


def test_expired_future_and_advertising_consents_do_not_open_the_gate() -> None:
    cases = {
        "expired": grant(NUMBERS[0], expires_at=NOW - timedelta(seconds=1)),
        "not_yet_granted": grant(NUMBERS[0], granted_at=NOW + timedelta(seconds=1)),
        "other_purpose": grant(NUMBERS[0], purpose="advertising"),
    }
    for reason, consent in cases.items():
        decision = decide(contact(NUMBERS[0]), verdict("business"), ConsentBook([consent]), NOW)
        assert decision.destination == "business_no_consent", reason
        assert decision.held_back == reason


def test_a_later_withdrawal_row_closes_an_earlier_grant() -> None:
    early = grant(NUMBERS[0], granted_at=NOW - timedelta(days=60))
    later = grant(NUMBERS[0], granted_at=NOW - timedelta(days=10),
                  withdrawn_at=NOW - timedelta(days=5))
    decision = decide(contact(NUMBERS[0]), verdict("business"), ConsentBook([early, later]), NOW)
    assert decision.destination == "business_no_consent"


def test_minimal_profile_writes_only_name_org_and_consented_numbers() -> None:
    person = contact(NUMBERS[0], NUMBERS[1])
    person.emails = []
    decision = decide(person, verdict("business"), ConsentBook([grant(NUMBERS[1])]), NOW)
    props = export_props(decision, "minimal")
    assert [p.name for p in props] == ["FN", "N", "ORG", "TEL"]
    assert props[-1].value == NUMBERS[1]


def test_standard_profile_adds_title_and_work_email_only() -> None:
    from contactgate.core.model import Email

    person = contact(NUMBERS[0])
    person.emails = [Email("anna@beispiel.example", frozenset({"work"})),
                     Email("anna@web.de", frozenset({"home"}))]
    decision = decide(person, verdict("business"), ConsentBook([grant(NUMBERS[0])]), NOW)
    names = [(p.name, p.value) for p in export_props(decision, "standard")]
    assert ("TITLE", "Einkauf") in names
    assert ("EMAIL", "anna@beispiel.example") in names
    assert all(value != "anna@web.de" for _, value in names)


# --- properties over generated books and consent sets ------------------------------

hostile_text = st.one_of(
    st.text(max_size=40),
    st.sampled_from([
        "Evil\r\nEND:VCARD\r\nBEGIN:VCARD\r\nTEL:+4930999",
        "a;b,c:d\\", "X\nTEL;TYPE=cell:+491234", "=HYPERLINK(\"x\")", "<b>bold</b>",
    ]),
)
when = st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2027, 12, 31),
                    timezones=st.just(UTC))


@st.composite
def consent_sets(draw: st.DrawFn) -> list[Consent]:
    grants = []
    for _ in range(draw(st.integers(0, 10))):
        granted = draw(when)
        grants.append(Consent(
            e164=draw(st.sampled_from(NUMBERS)),
            granted_at=granted,
            method="web_form",
            evidence="e",
            purpose=draw(st.sampled_from(["whatsapp", "whatsapp", "advertising", "WhatsApp"])),
            withdrawn_at=draw(st.none() | when),
            expires_at=draw(st.none() | when),
        ))
    return grants


@st.composite
def books(draw: st.DrawFn) -> list[tuple[Contact, Verdict]]:
    result = []
    for key in range(draw(st.integers(1, 8))):
        numbers = draw(st.lists(st.sampled_from(NUMBERS), min_size=0, max_size=3))
        person = contact(*numbers, name=draw(hostile_text), org=draw(hostile_text))
        person.key = key
        person.phones.append(Phone(raw="not a number", e164=None))
        result.append((person, verdict(draw(st.sampled_from(BUCKETS)))))
    return result


@settings(max_examples=300, deadline=None)
@given(book=books(), grants=consent_sets(), at=when)
def test_no_consent_no_export_and_only_consented_numbers_leave(
    book: list[tuple[Contact, Verdict]], grants: list[Consent], at: datetime
) -> None:
    consents = ConsentBook(grants)
    for person, person_verdict in book:
        decision = decide(person, person_verdict, consents, at)
        leaving = {phone.e164 for phone, _ in decision.exported}
        if person_verdict.bucket != "business":
            assert leaving == set()
        for phone, used in decision.exported:
            assert used.e164 == phone.e164 and used.purpose == "whatsapp"
            assert is_valid(used, at)
            # the grant was not closed by any withdrawal of that number at or before `at`
            assert not any(
                g.e164 == phone.e164 and g.purpose == "whatsapp" and g.withdrawn_at is not None
                and used.granted_at <= g.withdrawn_at <= at
                for g in grants
            )
        valid_numbers = {n for n in person.numbers() if consents.valid_for(n, at)}
        if person_verdict.bucket == "business":
            assert leaving == valid_numbers
            assert (decision.destination == "whatsapp") == bool(valid_numbers)


@settings(max_examples=200, deadline=None)
@given(book=books(), grants=consent_sets())
def test_exported_card_cannot_smuggle_cards_properties_or_parameters(
    book: list[tuple[Contact, Verdict]], grants: list[Consent]
) -> None:
    consents = ConsentBook(grants)
    for person, _ in book:
        decision = decide(person, verdict("business"), consents, NOW)
        if decision.destination != "whatsapp":
            continue
        text = render_card(export_props(decision, "standard"), "vcard30")
        parsed = list(vobject.readComponents(text))  # an independent parser as the judge
        assert len(parsed) == 1
        names = {child.name for child in parsed[0].getChildren()}
        assert names <= {"VERSION", "PRODID", "FN", "N", "ORG", "TITLE", "TEL", "EMAIL"}
        tels = [child.value for child in parsed[0].contents.get("tel", [])]
        assert sorted(tels) == sorted(p.e164 for p, _ in decision.exported)
        assert parsed[0].fn.value == _as_written(person.display_name)


def _as_written(text: str) -> str:
    """What a name looks like after writing: line breaks kept as breaks, control bytes gone."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", "", text)


def test_structured_name_components_survive_escaping() -> None:
    person = contact(NUMBERS[0])
    person.n = ("Mül;ler", "An,na", "", "Dr.\\", "")
    decision = decide(person, verdict("business"), ConsentBook([grant(NUMBERS[0])]), NOW)
    n_prop = next(p for p in export_props(decision) if p.name == "N")
    assert components(n_prop.value) == ["Mül;ler", "An,na", "", "Dr.\\", ""]


def test_policy_reconfirmation_lets_an_old_grant_lapse_at_its_review_date() -> None:
    from contactgate.core.consent import review_date, with_reconfirmation

    old = grant(NUMBERS[0], granted_at=datetime(2025, 8, 31, tzinfo=UTC))
    assert review_date(old.granted_at, 6) == datetime(2026, 2, 28, tzinfo=UTC)
    lapsed = ConsentBook(with_reconfirmation([old], 6))
    kept = ConsentBook(with_reconfirmation([old], None))
    assert decide(contact(NUMBERS[0]), verdict("business"), lapsed, NOW).held_back == "expired"
    assert decide(contact(NUMBERS[0]), verdict("business"), kept, NOW).destination == "whatsapp"
    early = grant(NUMBERS[0], expires_at=NOW - timedelta(days=40))
    assert with_reconfirmation([early], 24)[0].expires_at == early.expires_at  # earlier one stands
