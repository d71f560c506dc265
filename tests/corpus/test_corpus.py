"""The vCard reader over the real-world corpus in ``../shared/corpus`` (220 files).

Every file reads without an exception (a file that is no address book gives the
one documented InputError), and every card in it comes back as a Card or a
Quarantined: their number equals the cards an independent count finds. The
content of the files in ``expected.json`` was checked by hand and is pinned.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest

from contactgate.core.model import Card, InputError, Quarantined, ReadProblem, components
from contactgate.io.vcard_read import read_vcards
from tests.corpus import CORPUS, corpus_files, count_top_level_cards

pytestmark = pytest.mark.skipif(
    not CORPUS.is_dir(), reason="the shared vCard corpus (../shared/corpus) is not present"
)

EXPECTED: dict[str, Any] = json.loads(
    (Path(__file__).with_name("expected.json")).read_text(encoding="utf-8")
)
PINNED = sorted(name for name in EXPECTED if not name.startswith("_"))
NO_ADDRESS_BOOK = {name for name in PINNED if "error" in EXPECTED[name]}
PHOTO_NAMES = ("PHOTO", "LOGO", "X-MS-CARDPICTURE")


def _rel(path: Path) -> str:
    return path.relative_to(CORPUS).as_posix()


@pytest.mark.parametrize("path", corpus_files(), ids=_rel)
def test_every_card_comes_back_as_card_or_quarantined(path: Path) -> None:
    data = path.read_bytes()
    try:
        items = list(read_vcards(path))
    except InputError:
        assert count_top_level_cards(data) == 0
        assert _rel(path) in NO_ADDRESS_BOOK, "only the pinned non-vCard files may be refused"
        return
    assert all(isinstance(item, Card | Quarantined | ReadProblem) for item in items)
    kept = [item for item in items if isinstance(item, Card | Quarantined)]
    assert len(kept) == count_top_level_cards(data)
    for item in kept:
        if isinstance(item, Quarantined) and item.raw is not None:
            assert data[item.offset : item.offset + item.length] == item.raw


def test_the_table_pins_enough_files() -> None:
    assert len(PINNED) >= 40
    assert all((CORPUS / name).is_file() for name in PINNED)


@pytest.mark.parametrize("name", PINNED)
def test_pinned_contents(name: str) -> None:
    expected = EXPECTED[name]
    if "error" in expected:
        with pytest.raises(InputError) as raised:
            list(read_vcards(CORPUS / name))
        assert raised.value.message == expected["error"]
        return
    items = list(read_vcards(CORPUS / name))
    cards = [item for item in items if isinstance(item, Card)]
    if "cards" in expected:
        assert len(cards) == len(expected["cards"])
        pins = expected["cards"]
        assert [summary(card, set(pin)) for card, pin in zip(cards, pins, strict=True)] == pins
    else:
        assert len(cards) == expected["card_count"]
        for index, pin in expected["cards_sample"].items():
            assert summary(cards[int(index)], set(pin)) == pin
    quarantined = [[item.line, item.reason] for item in items if isinstance(item, Quarantined)]
    assert quarantined == expected["quarantined"]
    assert [p for card in cards for p in card.problems] == expected["problems"]
    assert [item.message for item in items if isinstance(item, ReadProblem)] == expected["notes"]


def summary(card: Card, keys: set[str]) -> dict[str, Any]:
    """The pinned view of a card, limited to ``keys``."""
    views: dict[str, Any] = {
        "line": lambda: card.line,
        "version": lambda: card.version,
        "fn": lambda: _first_text(card, "FN"),
        "n": lambda: _first_components(card, "N"),
        "org": lambda: _first_components(card, "ORG"),
        "tel": lambda: [p.text() for p in card.all("TEL")],
        "email": lambda: [p.text() for p in card.all("EMAIL")],
        "label": lambda: [p.text() for p in card.all("LABEL")],
        "note": lambda: [p.text() for p in card.all("NOTE")],
        "adr": lambda: [components(p.value) for p in card.all("ADR")],
        "photo_bytes": lambda: photo_sizes(card),
    }
    return {key: views[key]() for key in keys}


def _first_text(card: Card, name: str) -> str | None:
    prop = card.first(name)
    return None if prop is None else prop.text()


def _first_components(card: Card, name: str) -> list[str] | None:
    prop = card.first(name)
    return None if prop is None else components(prop.value)


def photo_sizes(card: Card) -> list[int]:
    """Decoded sizes of inline pictures: base64 (ENCODING=b) or ``data:`` URIs."""
    sizes = []
    for prop in card.props:
        if prop.name not in PHOTO_NAMES:
            continue
        if prop.param("ENCODING") == "b":
            sizes.append(len(base64.b64decode(prop.value, validate=True)))
        elif prop.value.startswith("data:") and ";base64," in prop.value:
            sizes.append(len(base64.b64decode(prop.value.split(",", 1)[1], validate=True)))
    return sizes
