"""Merging: a shared number or e-mail with compatible names makes one contact."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from contactgate.core.dedupe import merge_contacts, name_key
from contactgate.core.model import Card, Contact, Email, Phone


def person(key: int, name: str, *numbers: str, email: str = "") -> Contact:
    card = Card(source="a.vcf", line=key, version="3.0", props=[])
    return Contact(
        key=key,
        cards=[card],
        fn=name,
        phones=[Phone(raw=n, e164=n) for n in numbers],
        emails=[Email(email)] if email else [],
    )


def test_same_number_and_same_name_in_other_spelling_merge_numbers_united() -> None:
    merged = merge_contacts(
        [person(1, "Hans Müller", "+491"), person(2, "müller, hans", "+491", "+492")]
    )
    assert len(merged) == 1
    assert merged[0].numbers() == ["+491", "+492"]
    assert len(merged[0].cards) == 2


def test_shared_number_with_different_names_stays_two_contacts() -> None:
    merged = merge_contacts([person(1, "Hans Müller", "+491"), person(2, "Eva Müller", "+491")])
    assert [c.fn for c in merged] == ["Hans Müller", "Eva Müller"]


def test_nameless_card_joins_the_named_one_by_email() -> None:
    merged = merge_contacts(
        [person(1, "", "+493", email="a@b.example"), person(2, "Ina", email="a@b.example")]
    )
    assert len(merged) == 1
    assert merged[0].fn == "Ina"
    assert merged[0].numbers() == ["+493"]


def test_name_key_ignores_case_accents_order_and_punctuation() -> None:
    assert name_key(person(1, "Dr. Jürgen Groß")) == name_key(person(2, "groß, jurgen dr"))


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["Anna", "Ben", ""]),
            st.lists(st.sampled_from(["+491", "+492", "+493"]), max_size=2),
        ),
        max_size=12,
    )
)
def test_merging_loses_no_card_and_no_number(entries: list[tuple[str, list[str]]]) -> None:
    contacts = [person(i, name, *numbers) for i, (name, numbers) in enumerate(entries)]
    merged = merge_contacts(contacts)
    assert sorted(card.line for c in merged for card in c.cards) == list(range(len(entries)))
    assert {n for c in contacts for n in c.numbers()} == {n for c in merged for n in c.numbers()}
    for contact in merged:  # never two different names in one contact
        names = {
            name_key(person(0, card_name))
            for card_name, _ in (entries[card.line] for card in contact.cards)
        } - {""}
        assert len(names) <= 1
