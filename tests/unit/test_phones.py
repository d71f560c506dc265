"""Numbers as people write them end up as one E.164 form; unreadable ones are kept, flagged."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from contactgate.core.phones import PhoneNormaliser, to_e164


@pytest.mark.parametrize(
    "written",
    [
        "030 1234567", "030/1234567", "+49 30 1234567", "+49 (0)30 1234567", "0049 30 1234567",
        "+49-30-1234567", "tel:+49-30-1234567", "(030) 123 45 67", "030 1234567p123",
        "030 1234567w99", "030 1234567,1",
    ],
)
def test_german_formats_give_the_same_e164(written: str) -> None:
    assert to_e164(written, "DE") == "+49301234567"


def test_extension_does_not_change_the_line() -> None:
    assert to_e164("+49 171 3920011 ext. 12", "DE") == "+491713920011"


def test_region_decides_numbers_without_country_code() -> None:
    assert to_e164("01 23 45 67 89", "FR") == "+33123456789"
    assert to_e164("0171 3920011", "AT") != to_e164("0171 3920011", "DE")


@pytest.mark.parametrize("junk", ["", "abc", "12", "+", "call me"])
def test_unreadable_numbers_are_kept_as_written_with_no_e164(junk: str) -> None:
    phone = PhoneNormaliser("DE").phone(junk)
    assert phone.e164 is None
    assert phone.raw == junk


def test_number_kind_marks_toll_free_and_mobile() -> None:
    normaliser = PhoneNormaliser("DE")
    assert normaliser.phone("0800 1234567").kind == "toll_free"
    assert normaliser.phone("0171 3920011").kind == "mobile"


@given(st.text(max_size=30))
def test_any_text_is_either_a_plausible_e164_or_none(text: str) -> None:
    e164 = to_e164(text, "DE")
    assert e164 is None or (e164.startswith("+") and e164[1:].isdigit() and len(e164) <= 16)
