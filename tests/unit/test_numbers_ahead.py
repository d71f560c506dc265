"""A big book's numbers parsed on two cores give exactly what one core gives."""

from __future__ import annotations

from contactgate.core.model import Card, Prop
from contactgate.core.phones import parse_many
from contactgate.pipeline import PARALLEL_NUMBERS_MIN, parse_numbers_ahead


def test_two_process_parse_equals_the_plain_parse() -> None:
    count = PARALLEL_NUMBERS_MIN + 10
    cards = [
        Card("big.vcf", i, "3.0", [Prop("TEL", f"0171 {i:07d}"), Prop("TEL", "12")])
        for i in range(count)
    ]
    known = parse_numbers_ahead(cards, "DE")
    assert len(known) == count + 1
    dialables = sorted(known)
    assert [known[d] for d in dialables] == parse_many(dialables, "DE")


def test_small_books_stay_in_one_process() -> None:
    assert parse_numbers_ahead([Card("s.vcf", 1, "3.0", [Prop("TEL", "0171 1234567")])], "DE") == {}
