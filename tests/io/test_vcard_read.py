"""The vCard reader at file level: what a user's export turns into.

Every card becomes one Card or one Quarantined (its bytes unchanged, its line and a
reason); a file that is not an address book is one clear InputError; encodings and
line endings of real phones all read alike; big files stream.
"""

from __future__ import annotations

import os
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest

import contactgate.io.vcard_read as reader
from contactgate.core.model import Card, InputError, Quarantined, ReadProblem
from contactgate.io.vcard_read import read_vcard_bytes, read_vcards

ADA = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\nTEL;TYPE=cell:+44 20 7946 0000\r\n"
    "END:VCARD\r\n"
)
BOB = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bob Müller\r\nEND:VCARD\r\n"


def items_of(text: str | bytes) -> list[Card | Quarantined | ReadProblem]:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return list(read_vcard_bytes(data, "book.vcf"))


def cards(items: list[Card | Quarantined | ReadProblem]) -> list[Card]:
    return [item for item in items if isinstance(item, Card)]


def names(items: list[Card | Quarantined | ReadProblem]) -> list[str]:
    return [fn.text() for card in cards(items) if (fn := card.first("FN")) is not None]


Item = TypeVar("Item", Card, Quarantined, ReadProblem)


def only(items: list[Card | Quarantined | ReadProblem], kind: type[Item]) -> list[Item]:
    return [item for item in items if isinstance(item, kind)]


@pytest.fixture
def book(tmp_path: Path) -> Iterator[Path]:
    yield tmp_path / "book.vcf"


# --- files that are no address book -------------------------------------------------


def test_missing_file_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputError) as raised:
        next(read_vcards(tmp_path / "nope.vcf"))
    assert raised.value.message == "no such file"
    assert str(raised.value).startswith(str(tmp_path / "nope.vcf"))


def test_a_folder_is_not_a_book(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a folder"):
        next(read_vcards(tmp_path))


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads anything")
def test_unreadable_file(book: Path) -> None:
    book.write_text(ADA)
    book.chmod(0)
    with pytest.raises(InputError, match="permission denied"):
        next(read_vcards(book))


@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbf", b"\xff\xfe", b" \r\n\r\n\t"])
def test_empty_file(book: Path, content: bytes) -> None:
    book.write_bytes(content)
    with pytest.raises(InputError) as raised:
        next(read_vcards(book))
    assert raised.value.message == "file is empty"


@pytest.mark.parametrize(
    "content",
    [
        bytes(range(256)) * 40,  # binary junk
        b"name,phone\r\nAda,+44 20 7946 0000\r\n",  # a CSV
        b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
    ],
)
def test_no_vcard_raises_before_anything_is_yielded(book: Path, content: bytes) -> None:
    book.write_bytes(content)
    stream = read_vcards(book)
    with pytest.raises(InputError) as raised:
        next(stream)
    assert raised.value.message == "no vCard found (is this an address-book export?)"


# --- card boundaries ---------------------------------------------------------------


def test_cards_come_in_order_with_their_lines() -> None:
    items = items_of(ADA + BOB + ADA)
    assert names(items) == ["Ada Lovelace", "Bob Müller", "Ada Lovelace"]
    assert [card.line for card in cards(items)] == [1, 6, 10]
    assert all(card.source == "book.vcf" for card in cards(items))


def test_missing_end_quarantines_that_card_and_the_next_one_still_reads() -> None:
    broken = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Broken\r\n"
    data = (ADA + broken + BOB).encode()
    items = items_of(data)
    assert names(items) == ["Ada Lovelace", "Bob Müller"]
    [quarantined] = only(items, Quarantined)
    assert quarantined.reason == "missing END:VCARD"
    assert quarantined.raw == broken.encode()
    assert quarantined.line == 6
    assert data[quarantined.offset : quarantined.offset + quarantined.length] == broken.encode()


def test_missing_end_at_the_end_of_the_file() -> None:
    items = items_of(ADA + "BEGIN:VCARD\r\nFN:Cut off\r\nTEL:1")
    assert names(items) == ["Ada Lovelace"]
    [quarantined] = only(items, Quarantined)
    assert quarantined.raw == b"BEGIN:VCARD\r\nFN:Cut off\r\nTEL:1"
    assert quarantined.reason == "missing END:VCARD"


def test_missing_end_before_many_cards_costs_none_of_them() -> None:
    others = "".join(BOB.replace("Bob Müller", f"Person {i}") for i in range(12))
    items = items_of("BEGIN:VCARD\r\nFN:Broken\r\n" + others)
    assert names(items) == [f"Person {i}" for i in range(12)]
    assert [q.reason for q in only(items, Quarantined)] == ["missing END:VCARD"]


def test_missing_begin_is_quarantined_with_its_lines() -> None:
    orphan = "VERSION:3.0\r\nFN:Lost its BEGIN\r\nEND:VCARD\r\n"
    items = items_of(ADA + orphan + BOB)
    assert names(items) == ["Ada Lovelace", "Bob Müller"]
    [quarantined] = only(items, Quarantined)
    assert quarantined.reason == "missing BEGIN:VCARD"
    assert quarantined.raw == orphan.encode()
    assert quarantined.line == 6


def test_extra_end_and_stray_text_are_reported_not_carded() -> None:
    items = items_of("Exported by PhoneTool\r\n\r\n" + ADA + "END:VCARD\r\n" + BOB)
    assert names(items) == ["Ada Lovelace", "Bob Müller"]
    assert [p.message for p in only(items, ReadProblem)] == [
        "line 1: text outside any vCard skipped",
        "line 8: END:VCARD without BEGIN:VCARD; skipped",
    ]
    assert not only(items, Quarantined)


def test_blank_and_comment_lines_between_cards_are_fine() -> None:
    items = items_of("# exported 2024-01-01\r\n\r\n" + ADA + "\r\n\r\n# next\r\n" + BOB)
    assert names(items) == ["Ada Lovelace", "Bob Müller"]
    assert items == cards(items)


def test_other_components_are_skipped_with_a_note() -> None:
    calendar = (
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Meeting\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    items = items_of(calendar + ADA + "BEGIN:VTODO\r\nSUMMARY:never closed\r\n" + BOB)
    assert names(items) == ["Ada Lovelace", "Bob Müller"]
    assert [p.message for p in only(items, ReadProblem)] == [
        "line 1: skipped VCALENDAR component (not a vCard)",
        "line 11: BEGIN:VTODO without END:VTODO; skipped",
    ]


def test_an_unreadable_line_quarantines_only_its_card() -> None:
    bad = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Half\r\nthis line has no colon\r\nEND:VCARD\r\n"
    items = items_of(ADA + bad + BOB)
    assert names(items) == ["Ada Lovelace", "Bob Müller"]
    [quarantined] = only(items, Quarantined)
    assert quarantined.reason == "not valid vCard: line 9 has no ':'"
    assert quarantined.raw == bad.encode()
    assert quarantined.line == 6


def test_agent_card_stays_inside_its_card() -> None:
    boss = (
        "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Boss\r\nAGENT:\r\n"
        "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Assistant, Jr.\r\nTEL:+1 555 0100\r\nEND:VCARD\r\n"
        "TEL;WORK:+1 555 0199\r\nEND:VCARD\r\n"
    )
    items = items_of(boss + BOB)
    [first, second] = cards(items)
    assert [p.name for p in first.props] == ["FN", "AGENT", "TEL"]
    agent = first.first("AGENT")
    assert agent is not None
    assert agent.text() == (
        "BEGIN:VCARD\nVERSION:2.1\nFN:Assistant, Jr.\nTEL:+1 555 0100\nEND:VCARD"
    )
    assert "\n" not in agent.value and "\r" not in agent.value
    assert second.first("FN") is not None


def test_agents_nested_deeper_than_eight_are_quarantined() -> None:
    opening = "".join(f"AGENT:\r\nBEGIN:VCARD\r\nFN:Level {i}\r\n" for i in range(1, 10))
    deep = "BEGIN:VCARD\r\nFN:Top\r\n" + opening + "END:VCARD\r\n" * 10
    items = items_of(deep + BOB)
    assert names(items) == ["Bob Müller"]
    [quarantined] = only(items, Quarantined)
    assert quarantined.reason == "AGENT cards nested deeper than 8"
    assert quarantined.raw == deep.encode()


# --- encodings and line endings ----------------------------------------------------


@pytest.mark.parametrize("newline", ["\r\n", "\n", "\r", "\r\r\n"])
def test_every_line_ending_reads_alike(newline: str) -> None:
    text = (ADA + BOB + ADA).replace("\r\n", newline)
    items = items_of(text)
    assert names(items) == ["Ada Lovelace", "Bob Müller", "Ada Lovelace"]
    assert [card.line for card in cards(items)] == [1, 6, 10]


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: t.encode("utf-8"),
        lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"),
        lambda t: t.encode("utf-16"),  # with BOM
        lambda t: b"\xff\xfe" + t.encode("utf-16-le"),
        lambda t: b"\xfe\xff" + t.encode("utf-16-be"),
        lambda t: t.encode("utf-16-le"),  # no BOM: recognised by its zero bytes
        lambda t: t.encode("utf-16-be"),
        lambda t: b"\xef\xbb\xbf" + t.encode("utf-16-le"),  # a wrong BOM is not believed
    ],
    ids=["utf8", "utf8-bom", "utf16", "utf16le-bom", "utf16be-bom", "utf16le", "utf16be",
         "utf8bom-utf16"],
)
def test_boms_and_utf16_read_alike(encode: Callable[[str], bytes]) -> None:
    items = items_of(encode(ADA + BOB))
    assert names(items) == ["Ada Lovelace", "Bob Müller"]
    assert not any(card.problems for card in cards(items))


def test_one_stray_nul_does_not_make_a_file_utf16() -> None:
    items = items_of((ADA.replace("Lovelace", "Love\x00lace") + BOB).encode("utf-8"))
    assert names(items) == ["Ada Love\x00lace", "Bob Müller"]


def test_a_bom_in_the_middle_of_concatenated_exports() -> None:
    data = b"\xef\xbb\xbf" + ADA.encode() + b"\xef\xbb\xbf" + BOB.encode()
    assert names(items_of(data)) == ["Ada Lovelace", "Bob Müller"]


def test_quarantined_bytes_of_a_utf16_file_are_the_files_bytes() -> None:
    data = "\ufeff".encode("utf-16-le") + (ADA + "BEGIN:VCARD\r\nFN:Zoë\r\n").encode("utf-16-le")
    [_, quarantined] = items_of(data)
    assert isinstance(quarantined, Quarantined)
    assert quarantined.raw == "BEGIN:VCARD\r\nFN:Zoë\r\n".encode("utf-16-le")
    assert data[quarantined.offset : quarantined.offset + quarantined.length] == quarantined.raw


# --- size and streaming ------------------------------------------------------------


def test_a_card_over_the_limit_is_quarantined_by_offset(
    book: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reader, "MAX_CARD_BYTES", 1000)
    big = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Big\r\nNOTE:" + "x" * 5000 + "\r\nEND:VCARD\r\n"
    data = (ADA + big + BOB).encode()
    book.write_bytes(data)
    items = list(read_vcards(book))
    assert names(items) == ["Ada Lovelace", "Bob Müller"]
    [quarantined] = only(items, Quarantined)
    assert quarantined.raw is None
    assert quarantined.reason == "card larger than 1000 bytes"
    assert quarantined.line == 6
    assert data[quarantined.offset : quarantined.offset + quarantined.length] == big.encode()


def test_a_huge_card_is_not_held_in_memory(book: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A 24 MB photo on one line with a 1 MB limit: memory stays near one chunk."""
    monkeypatch.setattr(reader, "MAX_CARD_BYTES", 1 << 20)
    monkeypatch.setattr(reader, "READ_CHUNK_BYTES", 1 << 18)
    photo = b"PHOTO;ENCODING=b;TYPE=JPEG:" + b"QUJD" * (6 << 20) + b"\r\n"
    with book.open("wb") as handle:
        handle.write(ADA.encode())
        handle.write(b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Huge\r\n" + photo + b"END:VCARD\r\n")
        handle.write(BOB.encode())
    tracemalloc.start()
    try:
        items = list(read_vcards(book))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert names(items) == ["Ada Lovelace", "Bob Müller"]
    [quarantined] = only(items, Quarantined)
    assert quarantined.raw is None and quarantined.length > 24 << 20
    assert peak < 8 << 20


def test_reading_in_small_chunks_changes_nothing(
    book: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = (
        "\ufeffjunk\r\n" + ADA
        + "BEGIN:VCARD\r\nVERSION:2.1\r\nN;ENCODING=QUOTED-PRINTABLE:M=C3=BC=\r\n"
        + "ller;Ada\r\nEND:VCARD\r\r\n" + "BEGIN:VCARD\r\nFN:open\r\n" + BOB + "END:VCARD\r\n"
    )
    data = text.encode("utf-8")
    book.write_bytes(data)
    expected = list(read_vcard_bytes(data, str(book)))
    for size in (1, 2, 3, 5, 17):
        monkeypatch.setattr(reader, "READ_CHUNK_BYTES", size)
        assert list(read_vcards(book)) == expected, size


def test_file_and_bytes_read_alike(book: Path) -> None:
    data = (ADA + "oops\r\n" + BOB).encode()
    book.write_bytes(data)
    assert list(read_vcards(book)) == list(read_vcard_bytes(data, str(book)))
