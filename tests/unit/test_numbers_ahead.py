"""A big book's numbers parsed on two cores, while reading, give exactly what one core gives."""

from __future__ import annotations

from contactgate.core.model import Card, Prop
from contactgate.core.phones import parse_many
from contactgate.pipeline import PARALLEL_NUMBERS_MIN, NumbersAhead


def cards(count: int) -> list[Card]:
    return [Card("big.vcf", i, "3.0", [Prop("TEL", f"0171 {i:07d}"), Prop("TEL", "12")])
            for i in range(count)]


def test_two_process_parse_equals_the_plain_parse() -> None:
    ahead = NumbersAhead("DE")
    for card in cards(PARALLEL_NUMBERS_MIN + 7_010):
        ahead.add(card)
    known = ahead.results()
    assert len(known) == PARALLEL_NUMBERS_MIN + 7_011  # every distinct number, "12" once
    dialables = sorted(known)
    assert [known[d] for d in dialables] == parse_many(dialables, "DE")


def test_small_books_stay_in_one_process() -> None:
    ahead = NumbersAhead("DE")
    for card in cards(50):
        ahead.add(card)
    assert ahead.results() == {}
    assert ahead.pool is None
