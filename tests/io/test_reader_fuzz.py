"""Property tests: whatever bytes the vCard reader gets, it never raises (except the
documented InputError) and never loses a card: cards in == Card + Quarantined.

Inputs are generated cards (every quirk the reader knows, in every encoding and
line ending) and corpus cards, both mutated: truncated, bytes injected, lines
dropped or doubled, encodings flipped, very long lines. The oracle for "cards in"
is ``tests.corpus.count_top_level_cards``, which does not use the reader's code.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contactgate.core.model import Card, InputError, Quarantined, ReadProblem
from contactgate.io.vcard_read import read_vcard_bytes, read_vcards
from tests.corpus import corpus_files, count_top_level_cards

FUZZ = settings(
    max_examples=500,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

NAMES = ["FN", "N", "TEL", "EMAIL", "ORG", "ADR", "NOTE", "PHOTO", "AGENT", "item1.TEL",
         "X-ABLabel", "CATEGORIES", "URL", "LABEL", "X-ANDROID-CUSTOM", "VERSION", "BEGIN", "END"]
PARAMS = ["", ";CELL", ";TYPE=work,voice", ";type=HOME;type=pref", ';TYPE="a,b"', ";PREF=1",
          ";CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE", ";quoted-printable", ";CHARSET=Windows-1252",
          ";CHARSET=Murks", ";ENCODING=BASE64", ";ENCODING=b", ";VALUE=uri",
          ";X-CUSTOM(CHARSET=UTF-8,ENCODING=QUOTED-PRINTABLE,=41=72)", ';LABEL="x:y;z"', ";;"]
VALUES = ["Jürgen Müller", "a;b;c", "a\\,b\\;c\\\\", "=C3=BC=\r\n=C3=A4", "=", "x=ZZ",
          "+49 170 1234567", "data:image/png;base64,AAAA", "tel:+1-555;ext=1", "", ":::",
          "BEGIN:VCARD", "/9j/4AAQ", "\u00e9\u20ac", "line\\nbreak"]
BREAKS = [b"\r\n", b"\n", b"\r", b"\r\r\n"]
ENCODINGS = ["utf-8", "utf-8-sig", "cp1252", "utf-16-le", "utf-16-be", "utf-16"]

_SMALL_CORPUS = [path for path in corpus_files() if path.stat().st_size <= 8000]


@st.composite
def generated_book(draw: st.DrawFn) -> bytes:
    """A book of cards made of the pieces real writers use, quirks included."""
    cards = []
    for _ in range(draw(st.integers(0, 4))):
        lines = ["BEGIN:VCARD"]
        version = draw(st.sampled_from(["2.1", "3.0", "4.0", ""]))
        if version:
            lines.append(f"VERSION:{version}")
        for _ in range(draw(st.integers(0, 6))):
            name = draw(st.sampled_from(NAMES))
            params = draw(st.sampled_from(PARAMS))
            value = draw(st.sampled_from(VALUES) | st.text(max_size=12))
            lines.append(f"{name}{params}:{value}")
            if draw(st.booleans()):
                lines.append(draw(st.sampled_from([" folded", "\tfolded", "=3D", "", "# note"])))
        lines.append("END:VCARD")
        cards.append(lines)
    between = draw(st.sampled_from(["", "\n", "junk text\n", "BEGIN:VCALENDAR\nEND:VCALENDAR\n"]))
    text = between.join("\n".join(lines) + "\n" for lines in cards)
    encoding = draw(st.sampled_from(ENCODINGS))
    data = text.encode(encoding, "replace")
    if encoding.startswith("utf-16"):
        return data  # line breaks of a 16-bit file are not swapped byte-wise
    return data.replace(b"\n", draw(st.sampled_from(BREAKS)))


@st.composite
def mutated(draw: st.DrawFn, base: st.SearchStrategy[bytes]) -> bytes:
    """Damage bytes the ways files get damaged."""
    data = draw(base)
    for _ in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from(["truncate", "inject", "drop_line", "double_line",
                                     "long_line", "flip", "upper"]))
        at = draw(st.integers(0, len(data)))
        if kind == "truncate":
            data = data[:at]
        elif kind == "inject":
            junk = draw(st.binary(max_size=8) | st.sampled_from(
                [b"\x00", b"\r", b"\n", b"=", b"\\", b";", b":", b"\xef\xbb\xbf",
                 b"\nBEGIN:VCARD\n", b"\nEND:VCARD\n", b"\nAGENT:\n", b'"', b"("]))
            data = data[:at] + junk + data[at:]
        elif kind in ("drop_line", "double_line"):
            lines = data.splitlines(keepends=True)
            if lines:
                index = at % len(lines)
                lines[index : index + 1] = [] if kind == "drop_line" else [lines[index]] * 2
                data = b"".join(lines)
        elif kind == "long_line":
            data = data[:at] + b"NOTE:" + b"x" * draw(st.integers(1000, 20000)) + b"\n" + data[at:]
        elif kind == "flip":
            data = data.decode("latin-1").encode(draw(st.sampled_from(["utf-8", "utf-16"])))
        else:
            data = data.upper()
    return data


def corpus_card_bytes() -> st.SearchStrategy[bytes]:
    if not _SMALL_CORPUS:
        return st.just(b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada\r\nEND:VCARD\r\n")
    return st.sampled_from(_SMALL_CORPUS).map(Path.read_bytes)


def assert_reader_keeps_every_card(data: bytes) -> None:
    try:
        items = list(read_vcard_bytes(data, "fuzz.vcf"))
    except InputError as error:
        assert error.message
        assert count_top_level_cards(data) == 0
        return
    kept = [item for item in items if isinstance(item, Card | Quarantined)]
    assert len(kept) == count_top_level_cards(data)
    assert all(isinstance(item, Card | Quarantined | ReadProblem) for item in items)
    lines = [item.line for item in kept]
    assert lines == sorted(lines), "cards come in file order"
    for item in kept:
        if isinstance(item, Card):
            assert_nothing_smuggled(item)
        else:
            assert item.reason
            assert item.length > 0
            if item.raw is not None:
                assert data[item.offset : item.offset + item.length] == item.raw


def assert_nothing_smuggled(card: Card) -> None:
    for prop in card.props:
        params = (part for pair in prop.params for part in pair)
        fields = [prop.name, prop.group, prop.value, *params]
        assert not any("\r" in text or "\n" in text for text in fields), prop
        assert prop.name and prop.name == prop.name.upper()


@FUZZ
@given(mutated(generated_book()))
def test_generated_books_keep_every_card(data: bytes) -> None:
    assert_reader_keeps_every_card(data)


@FUZZ
@given(mutated(corpus_card_bytes()))
def test_damaged_corpus_files_keep_every_card(data: bytes) -> None:
    assert_reader_keeps_every_card(data)


@settings(max_examples=120, deadline=None)
@given(data=mutated(generated_book()), chunk=st.integers(1, 64))
def test_chunked_reading_gives_the_same_items(
    data: bytes, chunk: int, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """A file read in small chunks gives what the same bytes give at once."""
    path = tmp_path_factory.mktemp("chunks") / "book.vcf"
    path.write_bytes(data)
    try:
        whole = list(read_vcard_bytes(data, str(path)))
    except InputError as error:
        with pytest.raises(InputError) as raised:
            _read_in_chunks(path, chunk)
        assert raised.value.message == error.message
        return
    assert _read_in_chunks(path, chunk) == whole


def _read_in_chunks(path: Path, chunk: int) -> list[object]:
    """Read with READ_CHUNK_BYTES set to ``chunk`` (restored afterwards)."""
    import contactgate.io.vcard_read as reader

    saved = reader.READ_CHUNK_BYTES
    reader.READ_CHUNK_BYTES = chunk
    try:
        return list(read_vcards(path))
    finally:
        reader.READ_CHUNK_BYTES = saved
