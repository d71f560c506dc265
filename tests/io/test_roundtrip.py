"""Fidelity: read → write → read gives the same properties, in every output format."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from contactgate.core.model import Card, Prop
from contactgate.io.vcard_read import read_vcard_bytes, read_vcards
from contactgate.io.vcard_write import FORMATS, Format, render_card
from tests.conftest import SAMPLES

MANAGED = {"VERSION", "PRODID"}
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def comparable(prop: Prop, fmt: Format) -> tuple[str, str, tuple[tuple[str, str], ...], str]:
    params = tuple(sorted(p for p in prop.params if fmt != "vcard40" or p[0] != "ENCODING"))
    value = CONTROL.sub("", prop.value)  # the writer drops C0 controls: invalid in a vCard
    if fmt == "vcard40" and prop.param("ENCODING") == "b":
        return (prop.group.lower(), prop.name, (), "binary")  # becomes a data: URI in 4.0
    return (prop.group.lower(), prop.name, params, value)


def round_trip(card: Card, fmt: Format) -> Card:
    text = render_card(card.props, fmt)
    items = list(read_vcard_bytes(text.encode("utf-8"), "written.vcf"))
    assert len(items) == 1 and isinstance(items[0], Card), items
    return items[0]


def assert_same(card: Card, fmt: Format) -> None:
    again = round_trip(card, fmt)
    before = [comparable(p, fmt) for p in card.props if p.name not in MANAGED]
    after = [comparable(p, fmt) for p in again.props if p.name not in MANAGED]
    if fmt == "vcard40":
        before = [b for b in before if b[3] != "binary"]
        after = [a for a in after if a[3] != "binary" and a[1] != "PHOTO"]
    assert after == before


@pytest.mark.parametrize("fmt", FORMATS)
def test_sample_book_round_trips_in_every_format(fmt: Format) -> None:
    cards = [c for c in read_vcards(SAMPLES / "phone-book.vcf") if isinstance(c, Card)]
    assert len(cards) == 40
    for card in cards:
        assert_same(card, fmt)


def test_corpus_cards_round_trip_through_clean_vcard30(corpus: Path) -> None:
    checked = 0
    for path in sorted(corpus.rglob("*.vcf")):
        try:
            items = list(read_vcards(path))
        except Exception:  # unreadable files are the reader's tests' business
            continue
        for card in (i for i in items if isinstance(i, Card)):
            assert_same(card, "vcard30")
            checked += 1
    assert checked > 200
