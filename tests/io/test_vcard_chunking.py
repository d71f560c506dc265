"""Where the reader's chunks end never changes what it reads.

The reader takes a file in ``READ_CHUNK_BYTES`` pieces and holds at most one card
(up to ``MAX_CARD_BYTES``) in memory. Whether a card is over that limit is decided
at its first BEGIN/END line past the limit (or at the end of the file), not where a
chunk happens to end, so a card that swallows the cards after it (its nested card
lacks END:VCARD) is cut up the same way whatever the chunks. Pinned here on two
hand-made books and on generated hostile ones, read with a small ``MAX_CARD_BYTES``
and ``decode.SNIFF_BYTES`` (the reader gathers that many bytes before it splits)
in pieces of many sizes, and in one piece by :func:`read_vcard_bytes`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import contactgate.io.decode as decode
import contactgate.io.vcard_read as vcard_read
from contactgate.core.model import Card, InputError, Quarantined, ReadProblem
from contactgate.io.vcard_read import read_vcard_bytes, read_vcards

ReadItem = Card | Quarantined | ReadProblem

CHUNKS = [1, 7, 16, 64, 333, 1024 * 1024]
MAX_CARD = 400


@contextmanager
def limits(chunk: int, max_card: int = MAX_CARD, sniff: int = 16) -> Iterator[None]:
    with mock.patch.object(vcard_read, "READ_CHUNK_BYTES", chunk), \
            mock.patch.object(vcard_read, "MAX_CARD_BYTES", max_card), \
            mock.patch.object(decode, "SNIFF_BYTES", sniff):
        yield


def read_all_ways(path: Path, chunks: list[int], max_card: int = MAX_CARD
                  ) -> list[ReadItem] | None:
    """The items of one read of ``path`` (None: no vCard), the same for every chunk size."""
    data = path.read_bytes()
    results: dict[str, list[ReadItem] | None] = {}
    for chunk in chunks:
        with limits(chunk, max_card):
            try:
                results[f"{chunk}-byte chunks"] = list(read_vcards(path))
            except InputError:
                results[f"{chunk}-byte chunks"] = None
    with limits(len(data) + 1, max_card):
        try:
            results["in memory"] = list(read_vcard_bytes(data, str(path)))
        except InputError:
            results["in memory"] = None
    (first_way, first), *others = results.items()
    for way, items in others:
        assert items == first, f"{way} differ from {first_way}"
    if first is not None:
        check_quarantined_bytes(data, first, max_card)
    return first


def check_quarantined_bytes(data: bytes, items: list[ReadItem], max_card: int) -> None:
    """A quarantined card is the file's bytes at its offset; only one over the limit has
    none (it is copied from the file by offset)."""
    for item in items:
        if not isinstance(item, Quarantined):
            continue
        assert item.offset >= 0 and item.offset + item.length <= len(data), item
        if item.raw is None:
            assert item.length > max_card, item
        else:
            assert item.raw == data[item.offset : item.offset + item.length], item


def card(name: str, nl: str = "\n") -> str:
    return nl.join(["BEGIN:VCARD", "VERSION:3.0", f"FN:{name}", f"N:{name};;;;",
                    "TEL;TYPE=CELL:+49 171 5550000", "END:VCARD"]) + nl


def people(first: int, count: int) -> str:
    return "".join(card(f"Person {i:03d}") for i in range(first, first + count))


def where_each_person_is(data: bytes, items: list[ReadItem]) -> dict[str, int]:
    """How often each "Person nnn" comes back, as a Card or inside a quarantined card."""
    seen: dict[str, int] = {}
    for item in items:
        if isinstance(item, Card):
            names = [prop.value for prop in item.props if prop.name == "FN"]
        elif isinstance(item, Quarantined):
            raw = data[item.offset : item.offset + item.length]
            names = [line[3:].decode() for line in raw.splitlines() if line.startswith(b"FN:")]
        else:
            continue
        for name in names:
            if name.startswith("Person"):
                seen[name] = seen.get(name, 0) + 1
    return seen


# --- the two books that showed the bug ------------------------------------------------


def test_agent_card_without_end_is_cut_at_the_same_line_whatever_the_chunks(
        tmp_path: Path) -> None:
    """A 2.1 card whose AGENT card lacks END swallows the cards after it until it is over
    the limit; the next card that begins after that is its own again."""
    text = ("\ufeff" + people(0, 80) + "BEGIN:VCARD\nVERSION:2.1\nN:Cut;;;;\nAGENT:\n"
            "BEGIN:VCARD\nVERSION:3.0\nFN:No End\n" + people(80, 5))
    path = tmp_path / "book.vcf"
    path.write_bytes(text.encode())
    items = read_all_ways(path, CHUNKS)
    assert items is not None
    data = path.read_bytes()
    [cut] = [item for item in items if isinstance(item, Quarantined)]
    assert cut.raw is None and cut.reason == "card larger than 400 bytes; missing END:VCARD"
    assert data[cut.offset:].startswith(b"BEGIN:VCARD\nVERSION:2.1\nN:Cut")
    assert cut.length > MAX_CARD
    # it ends where the first card beginning past the limit begins: that card is read
    rest = data[cut.offset + cut.length:]
    assert rest.startswith(b"BEGIN:VCARD\nVERSION:3.0\nFN:Person")
    assert where_each_person_is(data, items) == {f"Person {i:03d}": 1 for i in range(85)}
    assert sum(isinstance(item, Card) for item in items) == 80 + rest.count(b"BEGIN:VCARD")


def test_card_missing_end_before_a_long_card_gives_every_card_once(tmp_path: Path) -> None:
    text = ("\ufeff" + people(0, 80) + "BEGIN:VCARD\nVERSION:3.0\nFN:No End\n" + people(80, 1)
            + "BEGIN:VCARD\nVERSION:3.0\nFN:Person 081\nNOTE:" + "n" * 300 + "\nEND:VCARD\n"
            + people(82, 5))
    path = tmp_path / "book.vcf"
    path.write_bytes(text.encode())
    items = read_all_ways(path, CHUNKS)
    assert items is not None
    data = path.read_bytes()
    assert where_each_person_is(data, items) == {f"Person {i:03d}": 1 for i in range(87)}
    [lost] = [item for item in items if isinstance(item, Quarantined)]
    assert lost.raw == b"BEGIN:VCARD\nVERSION:3.0\nFN:No End\n"
    assert lost.reason == "missing END:VCARD"


@pytest.mark.parametrize("max_card", [200, 400, 1000])
def test_nested_cards_without_agent_past_the_limit(tmp_path: Path, max_card: int) -> None:
    """AOSP nests cards without AGENT: whether the outer card lacks its END is decided
    at the same line for every chunking, also when the limit falls inside a long line."""
    nested = ("BEGIN:VCARD\nVERSION:2.1\nN:Outer;;;;\n"
              + "".join(f"BEGIN:VCARD\nN:Inner {i};;;;\nNOTE:{'x' * 90}\nEND:VCARD\n"
                        for i in range(4))
              + "NOTE:" + "y" * 500 + "\n" + people(0, 3) + "END:VCARD\n")
    path = tmp_path / "book.vcf"
    path.write_bytes((people(100, 30) + nested + people(200, 6)).encode())
    items = read_all_ways(path, CHUNKS, max_card)
    assert items is not None
    data = path.read_bytes()
    counts = where_each_person_is(data, items)
    assert set(counts.values()) == {1}
    assert len(counts) == 39


# --- generated hostile books ----------------------------------------------------------

NAMES = st.sampled_from(["Anna", "Jürgen", "Özlem", "x;y", "a\\,b"])


def _segments() -> st.SearchStrategy[list[str]]:
    good = NAMES.map(lambda n: ["BEGIN:VCARD", "VERSION:3.0", f"FN:{n}", f"N:{n};;;;",
                                "TEL;TYPE=CELL:+49 171 5550000", "END:VCARD"])
    good21 = NAMES.map(lambda n: ["BEGIN:VCARD", "VERSION:2.1", f"N:{n};;;;", "TEL;CELL:0171 1",
                                  "END:VCARD"])
    long_note = st.integers(50, 700).map(
        lambda size: ["BEGIN:VCARD", "VERSION:3.0", "FN:Long", "NOTE:" + "n" * size, "END:VCARD"])
    folded = st.integers(1, 12).map(
        lambda count: ["BEGIN:VCARD", "VERSION:3.0", "FN:Folded", "NOTE:start"]
        + [" " + "f" * 60] * count + ["END:VCARD"])
    agent = st.sampled_from([
        ["BEGIN:VCARD", "VERSION:2.1", "N:Boss;;;;", "AGENT:", "BEGIN:VCARD", "N:Aide;;;;",
         "END:VCARD", "END:VCARD"],
        ["BEGIN:VCARD", "VERSION:2.1", "N:Boss;;;;", "AGENT:", "", "BEGIN:VCARD", "N:Aide;;;;",
         "END:VCARD", "BEGIN:VCARD", "N:Sibling;;;;", "END:VCARD", "TEL:1", "END:VCARD"],
        ["BEGIN:VCARD", "VERSION:3.0", "FN:Deep", "BEGIN:VCARD", "BEGIN:VCARD", "FN:in",
         "END:VCARD", "END:VCARD", "END:VCARD"],
        ["BEGIN:VCARD", "VERSION:2.1", "N:Aosp;;;;", "BEGIN:VCARD", "N:A;;;;", "END:VCARD",
         "BEGIN:VCARD", "N:B;;;;", "NOTE:" + "b" * 200, "END:VCARD", "END:VCARD"],
    ])
    missing_end = st.sampled_from([
        ["BEGIN:VCARD", "VERSION:3.0", "FN:No End"],
        ["BEGIN:VCARD", "VERSION:2.1", "N:Cut;;;;", "AGENT:"],
        ["BEGIN:VCARD", "VERSION:2.1", "N:Cut;;;;", "AGENT:", "BEGIN:VCARD", "FN:No End"],
        ["BEGIN:VCARD", "VERSION:2.1", "N:Cut;;;;", "AGENT:", "", "BEGIN:VCARD", "FN:No End",
         "AGENT:"],
        ["BEGIN:VCARD", "VERSION:3.0", "FN:Aosp", "BEGIN:VCARD", "FN:No End"],
    ])
    between = st.sampled_from([
        [""], ["", ""], ["stray text"], ["stray " + "s" * 450], ["# comment"], ["END:VCARD"],
        ["lost", "its", "BEGIN", "END:VCARD"], ["t" * 200, "t" * 250, "END:VCARD"],
        ["BEGIN:VCALENDAR", "END:VCARD", "END:VCALENDAR"], ["BEGIN:VCALENDAR", "X-OPEN:1"],
        [" END:VCARD"], ["end:vcard "], ["AGENT:"],
    ])
    odd = st.sampled_from([
        ["\ufeffBEGIN:VCARD", "VERSION:3.0", "FN:BOM", "END:VCARD"],
        ["BEGIN:VCARD", "VERSION:3.0", "FN:no colon", "oops", "END:VCARD"],
        ["BEGIN:VCARD", "VERSION:2.1", "PHOTO;ENCODING=BASE64;JPEG:AAAA", "BBBB", "", "END:VCARD"],
        ["BEGIN:VCARD", "VERSION:3.0", "BEGIN:VCALENDAR", "X:" + "c" * 400, "END:VCALENDAR",
         "END:VCARD"],
        ["BEGIN:VCARD", "VERSION:3.0", "FN:x", " folded", "END:VCARD  "],
    ])
    kinds = ([good] * 8 + [good21] * 2 + [long_note, folded, agent, agent, between, between, odd,
                                          missing_end, missing_end])
    return st.sampled_from(kinds).flatmap(lambda kind: kind)


@st.composite
def hostile_books(draw: st.DrawFn) -> bytes:
    segments = draw(st.lists(_segments(), min_size=5, max_size=60))
    nl = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    mixed = draw(st.integers(0, 3)) == 0
    parts = ["\ufeff"] if draw(st.integers(0, 4)) == 0 else []
    for lines in segments:
        for line in lines:
            parts.append(line + (draw(st.sampled_from(["\n", "\r\n", "\r\r\n"])) if mixed else nl))
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8", "cp1252", "utf-16-le"]))
    return "".join(parts).encode(encoding, "replace")


FUZZ = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])


@FUZZ
@given(data=hostile_books(), max_card=st.sampled_from([300, 400, 600]))
def test_generated_books_read_the_same_in_chunks_of_any_size(
        tmp_path_factory: pytest.TempPathFactory, data: bytes, max_card: int) -> None:
    path = tmp_path_factory.mktemp("chunks") / "book.vcf"
    path.write_bytes(data)
    read_all_ways(path, [7, 16, 64, 333, 1024 * 1024], max_card)
