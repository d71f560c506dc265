"""Splitting a vCard file at a seam loses nothing and changes nothing.

A big 8-bit file is read by two processes (see :mod:`contactgate.tail`): one
reads from a seam ``find_seam`` found to the end (``read_vcards_from``), this
one reads up to it and pauses there (``read_vcards_pausing``). Two claims are
pinned here, on the corpus, on hostile hand-made books and on generated ones:

* the head items (before the :class:`Pause`) followed by the tail items are
  exactly the items of one sequential read whenever the pause is clean and its
  line is the seam's line (the only case the pipeline takes the other half);
* the pausing reader that simply reads on (an unclean pause, a line mismatch)
  gives exactly the sequential items: the pause never changes what is read.

``READ_CHUNK_BYTES`` (and where stated ``decode.SNIFF_BYTES``, the bytes the
reader looks at before it may pause, and ``MAX_CARD_BYTES``) are made small so
that seams, chunk boundaries, pauses and cards over the size limit fall inside
small files. (The pipeline still reads a file once more after an unclean pause
rather than reading on: see ``contactgate.pipeline._Loader.read``.)
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import contactgate.io.decode as decode
import contactgate.io.vcard_read as vcard_read
from contactgate.core.model import Card, InputError, Quarantined, ReadProblem
from contactgate.io.vcard_read import Pause, find_seam, read_vcards, read_vcards_from
from contactgate.io.vcard_read import read_vcards_pausing as read_pausing
from tests.corpus import corpus_files

ReadItem = Card | Quarantined | ReadProblem

# What find_seam looks for (kept here to enumerate every seam of a file).
SEAM = re.compile(rb"\nEND:VCARD\r?\n(?=BEGIN:VCARD\r?\n)")


@contextmanager
def small_reads(chunk: int, sniff: int | None = None, max_card: int | None = None
                ) -> Iterator[None]:
    """Read in ``chunk``-byte pieces (and sniff ``sniff`` bytes, cap cards at ``max_card``)."""
    with mock.patch.object(vcard_read, "READ_CHUNK_BYTES", chunk), \
            mock.patch.object(decode, "SNIFF_BYTES", sniff or decode.SNIFF_BYTES), \
            mock.patch.object(vcard_read, "MAX_CARD_BYTES", max_card or vcard_read.MAX_CARD_BYTES):
        yield


@dataclass
class Split:
    head: list[ReadItem]  # items before the pause (all items when there was none)
    pause: Pause | None
    whole: list[ReadItem]  # every item of the pausing reader that read on


def read_split(path: Path, offset: int) -> Split:
    head: list[ReadItem] = []
    whole: list[ReadItem] = []
    pauses: list[Pause] = []
    for item in read_pausing(path, offset):
        if isinstance(item, Pause):
            pauses.append(item)
            continue
        whole.append(item)
        if not pauses:
            head.append(item)
    assert len(pauses) <= 1, f"more than one pause: {pauses}"
    return Split(head, pauses[0] if pauses else None, whole)


@dataclass
class Tally:
    seams: int = 0  # seams find_seam returned
    paused: int = 0  # … at which the reader paused
    taken: int = 0  # … cleanly, on the seam's line: the other half was used
    unclean: int = 0
    line_mismatch: int = 0


def check_seam(path: Path, seam: tuple[int, int], sequential: list[ReadItem],
               tally: Tally) -> None:
    """Both claims for one seam find_seam returned."""
    offset, line = seam
    split = read_split(path, offset)
    tally.seams += 1
    assert split.whole == sequential, f"{path.name}: reading on past offset {offset} differs"
    if split.pause is None:
        return
    tally.paused += 1
    if not split.pause.clean:
        tally.unclean += 1
        return
    if split.pause.line != line:
        tally.line_mismatch += 1
        return
    tally.taken += 1
    tail = list(read_vcards_from(path, offset, line))
    assert split.head + tail == sequential, f"{path.name}: split at {offset} (line {line}) differs"


def check_any_pause(path: Path, offset: int, sequential: list[ReadItem]) -> Pause | None:
    """A pause anywhere: reading on is sequential; a clean one before a card (as at a seam)
    can be continued by another reader."""
    split = read_split(path, offset)
    assert split.whole == sequential, f"{path.name}: reading on past offset {offset} differs"
    if split.pause is not None and split.pause.clean and before_a_card(path, offset):
        tail = list(read_vcards_from(path, offset, split.pause.line))
        assert split.head + tail == sequential, f"{path.name}: clean pause at {offset} differs"
    return split.pause


def before_a_card(path: Path, offset: int) -> bool:
    """Whether a card (or nothing but blanks) follows ``offset``, as after a seam."""
    with path.open("rb") as handle:
        handle.seek(offset)
        rest = handle.read(4096).lstrip(b" \t\r\n").removeprefix(b"\xef\xbb\xbf")
    return not rest or rest[:11].upper() == b"BEGIN:VCARD"


def every_seam(path: Path, data: bytes) -> list[tuple[int, int]]:
    """Each seam of the file as find_seam gives it (asked just before each candidate)."""
    seams = set()
    for found in SEAM.finditer(data):
        seam = find_seam(path, found.start())
        if seam is not None:
            seams.add(seam)
    return sorted(seams)


def spread(values: list[tuple[int, int]], most: int) -> list[tuple[int, int]]:
    if len(values) <= most:
        return values
    return [values[i * len(values) // most] for i in range(most)]


def sequential_or_none(path: Path) -> list[ReadItem] | None:
    try:
        return list(read_vcards(path))
    except InputError:
        return None


# --- the corpus ----------------------------------------------------------------------


@pytest.mark.parametrize(("chunk", "sniff"), [(64, 64), (256, None)],
                         ids=["64-byte-chunks-short-sniff", "256-byte-chunks"])
def test_corpus_split_at_every_kind_of_seam_equals_one_read(chunk: int, sniff: int | None
                                                            ) -> None:
    files = corpus_files()
    if not files:
        pytest.skip("the shared vCard corpus (../shared/corpus) is not present")
    tally = Tally()
    for path in files:
        data = path.read_bytes()
        if not SEAM.search(data):
            continue
        # a few hundred chunks per file at most: the big files would take seconds otherwise
        with small_reads(max(chunk, len(data) // 300), sniff):
            sequential = sequential_or_none(path)
            if sequential is None:
                continue
            for seam in spread(every_seam(path, data), 12):
                check_seam(path, seam, sequential, tally)
    # the pause comes only after the sniffed bytes; with the real sniff only big files
    assert tally.taken >= (45 if sniff else 20), tally
    assert tally.taken == tally.paused, f"a corpus seam was not between cards: {tally}"


def test_corpus_clean_pause_anywhere_continues_in_another_reader() -> None:
    """Pauses at line starts and inside lines: unclean ones read on, clean ones continue."""
    files = [path for path in corpus_files() if path.stat().st_size <= 20_000]
    if not files:
        pytest.skip("the shared vCard corpus (../shared/corpus) is not present")
    paused = clean = 0
    with small_reads(64, 64):
        for path in files:
            sequential = sequential_or_none(path)
            if sequential is None:
                continue
            data = path.read_bytes()
            breaks = {found.end() for found in re.finditer(rb"\r\n|\r|\n", data)}
            offsets = sorted(o for o in breaks | set(range(0, len(data) + 2, 37)) if o >= 64)
            for offset in offsets[:: max(1, len(offsets) // 40)]:
                pause = check_any_pause(path, offset, sequential)
                paused += pause is not None
                clean += pause is not None and pause.clean and before_a_card(path, offset)
    assert paused >= 1000 and clean >= 60, (paused, clean)
    assert clean < paused  # unclean pauses (inside a card) were exercised too


# --- hostile books by hand -----------------------------------------------------------


def vcard(*lines: str, end: bool = True, nl: str = "\n") -> str:
    body = ["BEGIN:VCARD", *lines] + (["END:VCARD"] if end else [])
    return nl.join(body) + nl


def plain(index: int, nl: str = "\n") -> str:
    return vcard("VERSION:3.0", f"FN:Person {index}", f"N:{index};Person;;;",
                 f"TEL;TYPE=CELL:+49 171 {index:07d}", nl=nl)


def plains(first: int, count: int, nl: str = "\n") -> str:
    return "".join(plain(i, nl) for i in range(first, first + count))


def write(tmp_path: Path, text: str | bytes, name: str = "book.vcf") -> Path:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def seam_at(path: Path, marker: bytes) -> tuple[int, int]:
    """The seam find_seam gives when asked just before ``marker`` (which must be unique)."""
    data = path.read_bytes()
    assert data.count(marker) == 1
    seam = find_seam(path, data.index(marker))
    assert seam is not None, "no seam found"
    return seam


def test_soft_break_lines_reading_end_and_begin_split_like_one_read(tmp_path: Path) -> None:
    """A 2.1 quoted-printable value whose continuation lines read END:VCARD / BEGIN:VCARD:
    the reader cuts cards at those lines, the split reader must cut the same way."""
    hostile = vcard("VERSION:2.1", "N:Soft;Break;;;",
                    "NOTE;ENCODING=QUOTED-PRINTABLE:first line=0D=0A=", "END:VCARD",
                    "BEGIN:VCARD", "=0D=0Asecond=", "END:VCARD=0D=0A=", "=3Dtail",
                    "TEL:+49 171 0000001")
    path = write(tmp_path, plains(0, 40) + hostile + plains(40, 20))
    with small_reads(64, 64):
        sequential = list(read_vcards(path))
        seam = seam_at(path, b"first line")
        assert path.read_bytes()[seam[0]:].startswith(b"BEGIN:VCARD\n=0D=0Asecond=")
        tally = Tally()
        check_seam(path, seam, sequential, tally)
    assert tally.taken == 1, tally
    assert any(isinstance(item, Quarantined) for item in sequential)  # "=0D=0Asecond=" has no ':'


def test_agent_nested_cards_are_never_split(tmp_path: Path) -> None:
    nested = vcard("VERSION:2.1", "N:Boss;;;;", "AGENT:",
                   "BEGIN:VCARD", "VERSION:2.1", "N:Aide;;;;", "END:VCARD",
                   "BEGIN:VCARD", "VERSION:2.1", "N:Second;;;;", "END:VCARD",  # AOSP: no AGENT
                   "BEGIN:VCARD", "N:Third;;;;", "END:VCARD",
                   "TEL:+49 171 0000002")
    path = write(tmp_path, plains(0, 40) + nested.replace("N:Aide", "N:Aide<mark>") + plains(40, 9))
    with small_reads(64, 64):
        sequential = list(read_vcards(path))
        seam = seam_at(path, b"<mark>")
        tally = Tally()
        check_seam(path, seam, sequential, tally)
        second = check_any_pause(path, seam_at(path, b"N:Second")[0], sequential)
    assert tally.unclean == 1 and tally.taken == 0, tally
    assert second is not None and not second.clean
    boss = [i for i in sequential if isinstance(i, Card) and i.first("N") is not None
            and i.props[0].value.startswith("Boss")]
    assert len(boss) == 1 and len(boss[0].all("AGENT")) == 3


def test_card_missing_end_before_the_seam_is_not_split(tmp_path: Path) -> None:
    lost = vcard("VERSION:3.0", "FN:Lost End", "TEL:+49 171 0000003", end=False)
    path = write(tmp_path, plains(0, 40) + lost + plains(40, 13))
    with small_reads(64, 64):
        sequential = list(read_vcards(path))
        data = path.read_bytes()
        seam = find_seam(path, data.index(b"FN:Person 40"))
        assert seam is not None
        tally = Tally()
        check_seam(path, seam, sequential, tally)
    assert tally.unclean == 1 and tally.taken == 0, tally
    reasons = [item.reason for item in sequential if isinstance(item, Quarantined)]
    assert reasons == ["missing END:VCARD"]
    assert sum(isinstance(item, Card) for item in sequential) == 53


def test_bare_cr_before_the_seam_puts_the_lines_out_of_step(tmp_path: Path) -> None:
    """find_seam counts LF; the reader counts a bare CR too: the pause says so by its line."""
    path = write(tmp_path, plains(0, 20, nl="\r") + plains(20, 20) + plains(40, 10))
    with small_reads(64, 64):
        sequential = list(read_vcards(path))
        data = path.read_bytes()
        seam = find_seam(path, data.index(b"FN:Person 30"))
        assert seam is not None
        tally = Tally()
        check_seam(path, seam, sequential, tally)
        pause = read_split(path, seam[0]).pause
        wrongly_numbered = list(read_vcards_from(path, *seam))
    assert tally.line_mismatch == 1 and tally.taken == 0, tally
    assert pause is not None and pause.clean and pause.line > seam[1]
    # taking the tail with find_seam's line would have numbered its cards wrongly
    tail_lines = [item.line for item in sequential[-len(wrongly_numbered):]]
    assert [item.line for item in wrongly_numbered] != tail_lines


def test_only_bare_cr_line_ends_give_no_seam(tmp_path: Path) -> None:
    path = write(tmp_path, plains(0, 60, nl="\r"))
    with small_reads(64, 64):
        assert all(find_seam(path, near) is None for near in range(128, 4000, 97))


def test_cr_cr_lf_before_the_seam_keeps_lines_in_step(tmp_path: Path) -> None:
    """iOS 6 wrote CR CR LF: one line break for the reader and one LF for find_seam."""
    path = write(tmp_path, plains(0, 30, nl="\r\r\n") + plains(30, 20, nl="\r\n"))
    with small_reads(64, 64):
        sequential = list(read_vcards(path))
        tally = Tally()
        for seam in every_seam(path, path.read_bytes()):
            check_seam(path, seam, sequential, tally)
    assert tally.taken == 19, tally  # every seam between the CR LF cards


def test_blank_lines_and_junk_between_cards(tmp_path: Path) -> None:
    """No seam where blank lines or text stand between two cards; the next real one is taken."""
    text = (plains(0, 10) + "\n\n" + plains(10, 10) + "stray text\nmore\n" + plains(20, 10)
            + "END:VCARD\n" + plains(30, 10))
    path = write(tmp_path, text)
    with small_reads(64, 64):
        sequential = list(read_vcards(path))
        data = path.read_bytes()
        tally = Tally()
        seams = every_seam(path, data)
        for seam in seams:
            check_seam(path, seam, sequential, tally)
        # asked just before the blank lines / the junk: the seam is the next card boundary
        blank = find_seam(path, data.index(b"\n\n"))
        junk = find_seam(path, data.index(b"stray text"))
    assert tally.taken == len(seams) == 36, tally  # 9 between the cards of each run of 10
    assert blank is not None and data.index(b"\n\n") < blank[0] < data.index(b"Person 11")
    assert junk is not None and data.index(b"more\n") < junk[0] < data.index(b"Person 21")
    messages = [item.message for item in sequential if isinstance(item, ReadProblem)]
    assert len(messages) == 2, messages  # the text, the lone END


def test_seam_inside_a_calendar_is_refused(tmp_path: Path) -> None:
    """END:VCARD / BEGIN:VCARD inside a calendar entry: the reader is not between cards there.

    The BEGIN:VCARD ends the calendar and opens a card that lacks its END; the
    cards after it are taken as nested until more than eight follow.
    """
    text = (plains(0, 10) + "BEGIN:VCALENDAR\nEND:VCARD\nBEGIN:VCARD\nEND:VCALENDAR\n"
            + plains(10, 12))
    path = write(tmp_path, text)
    with small_reads(64, 64):
        sequential = list(read_vcards(path))
        tally = Tally()
        for seam in every_seam(path, path.read_bytes()):
            check_seam(path, seam, sequential, tally)
    # refused: the one in the calendar and those after cards 10..17 (held as nested)
    assert tally.unclean == 9 and tally.taken == 8 + 3, tally  # (the first seam is too near)
    assert [item.reason for item in sequential if isinstance(item, Quarantined)] == [
        "missing END:VCARD"]
    assert sum(isinstance(item, Card) for item in sequential) == 22


def test_bom_keeps_offsets_and_lines(tmp_path: Path) -> None:
    """A UTF-8 BOM: offsets of cards quarantined after the seam are file offsets."""
    broken = vcard("VERSION:3.0", "FN:Broken", "this line has no colon")
    text = "\ufeff" + plains(0, 30) + broken + plains(30, 5) + broken + plains(35, 5)
    path = write(tmp_path, text)
    with small_reads(64, 64):
        sequential = list(read_vcards(path))
        tally = Tally()
        for seam in every_seam(path, path.read_bytes()):
            check_seam(path, seam, sequential, tally)
    data = path.read_bytes()
    quarantined = [item for item in sequential if isinstance(item, Quarantined)]
    assert len(quarantined) == 2
    for item in quarantined:
        assert item.raw is not None and data[item.offset : item.offset + item.length] == item.raw
    assert tally.taken == 40, tally


def test_bom_repeated_before_a_card_is_no_seam(tmp_path: Path) -> None:
    """Concatenated exports repeat the BOM before BEGIN: not a seam find_seam may use."""
    path = write(tmp_path, plains(0, 20) + "\ufeff" + plains(20, 1) + plains(21, 20))
    with small_reads(64, 64):
        sequential = list(read_vcards(path))
        tally = Tally()
        data = path.read_bytes()
        for seam in every_seam(path, data):
            assert data[seam[0] : seam[0] + 11] == b"BEGIN:VCARD"
            check_seam(path, seam, sequential, tally)
    assert tally.taken == 38, tally  # 40 boundaries: one has the BOM, one is too near


def test_card_over_the_size_limit_before_the_seam(tmp_path: Path) -> None:
    """A card too large to hold is quarantined by offset; the seam after it is clean."""
    big = vcard("VERSION:3.0", "FN:Big", *(f"NOTE:{'x' * 60}" for _ in range(20)))
    path = write(tmp_path, plains(0, 20) + big + plains(20, 20))
    with small_reads(64, 64, max_card=600):
        sequential = list(read_vcards(path))
        tally = Tally()
        for seam in every_seam(path, path.read_bytes()):
            check_seam(path, seam, sequential, tally)
    [too_big] = [item for item in sequential if isinstance(item, Quarantined)]
    assert too_big.raw is None and too_big.reason.startswith("card larger than")
    assert tally.taken == 39, tally


# --- where the pause falls: chunk ends, the first chunk, the last byte -----------------


def padded_to_chunk(chunk: int) -> bytes:
    """A book with a seam exactly at a multiple of ``chunk`` (the third chunk's end or later)."""
    head = plains(0, 6)
    for pad in range(chunk):
        text = head + vcard("VERSION:3.0", "FN:Pad", f"NOTE:{'p' * pad}") + plains(6, 6)
        seam = text.index("FN:Person 6") - len("BEGIN:VCARD\nVERSION:3.0\n")
        if seam % chunk == 0:
            return text.encode()
    raise AssertionError("no padding puts the seam on a chunk boundary")


@pytest.mark.parametrize("chunk", [16, 64, 100])
def test_pause_at_the_end_of_a_chunk(tmp_path: Path, chunk: int) -> None:
    data = padded_to_chunk(chunk)
    path = write(tmp_path, data)
    with small_reads(chunk, chunk):
        sequential = list(read_vcards(path))
        seam = find_seam(path, data.index(b"FN:Pad"))
        assert seam is not None and seam[0] % chunk == 0 and seam[0] < len(data)
        tally = Tally()
        check_seam(path, seam, sequential, tally)
    assert tally.taken == 1, tally


@pytest.mark.parametrize("trailer", ["", "\n", "x"])
def test_pause_at_the_last_byte(tmp_path: Path, trailer: str) -> None:
    """A pause at the very end still comes before the end of the file is handled."""
    path = write(tmp_path, plains(0, 12) + trailer)
    size = path.stat().st_size
    with small_reads(64, 64):
        sequential = list(read_vcards(path))
        split = read_split(path, size)
        beyond = read_split(path, size + 1)
        tail = list(read_vcards_from(path, size, split.pause.line)) if split.pause else None
    assert beyond.pause is None and beyond.whole == sequential
    assert split.pause is not None and split.whole == sequential
    if trailer:  # a blank line or unfinished stray text after the last card: held, not clean
        assert not split.pause.clean
        assert isinstance(sequential[-1], ReadProblem) == (trailer == "x")
    else:
        assert split.pause.clean and tail == [] and split.head == sequential
        assert split.pause.line == path.read_bytes().count(b"\n") + 1


def test_pause_at_the_last_byte_of_a_card_without_end(tmp_path: Path) -> None:
    path = write(tmp_path, plains(0, 12) + vcard("VERSION:3.0", "FN:Cut", end=False))
    with small_reads(64, 64):
        sequential = list(read_vcards(path))
        split = read_split(path, path.stat().st_size)
    assert split.pause is not None and not split.pause.clean
    assert split.whole == sequential
    assert isinstance(sequential[-1], Quarantined) and sequential[-1].reason == "missing END:VCARD"
    assert split.head == sequential[:-1]  # the cut card comes after the pause, at the end


@pytest.mark.parametrize("exact_chunks", [False, True])
def test_pause_at_the_last_byte_when_the_file_ends_on_a_chunk(tmp_path: Path,
                                                              exact_chunks: bool) -> None:
    data = padded_to_chunk(64)
    data = data[: data.index(b"BEGIN:VCARD\nVERSION:3.0\nFN:Person 6")]
    path = write(tmp_path, data)
    assert len(data) % 64 == 0
    chunk = 64 if exact_chunks else 48
    with small_reads(chunk, chunk):
        sequential = list(read_vcards(path))
        split = read_split(path, len(data))
    assert split.pause is not None and split.pause.clean
    assert split.head == split.whole == sequential


def test_no_pause_inside_the_sniffed_bytes_or_at_the_bom(tmp_path: Path) -> None:
    """The reader decides the encoding on its first bytes and only pauses after them."""
    path = write(tmp_path, "\ufeff" + plains(0, 30))
    size = path.stat().st_size
    with small_reads(64, 256):
        sequential = list(read_vcards(path))
        # the first chunks are read together until 256 bytes are there: 4 chunks
        for offset in (0, 3, 100, 200, 255):
            split = read_split(path, offset)
            assert split.pause is None and split.whole == sequential, offset
        assert find_seam(path, 200) is not None  # find_seam does not know: the pause decides
        offsets = [*range(259, size + 1, 7), size]
        pauses = sum(read_split(path, offset).pause is not None for offset in offsets)
    assert pauses == len(offsets)


def test_clean_pause_before_stray_text_continues_in_another_reader(tmp_path: Path) -> None:
    """The Pause docstring: clean means a reader from here at that line reads on the same."""
    path = write(tmp_path, plains(0, 10) + "stray text\n" + plains(10, 10))
    offset = path.read_bytes().index(b"stray text")
    with small_reads(64, 64):
        sequential = list(read_vcards(path))
        split = read_split(path, offset)
        assert split.pause is not None and split.pause.clean
        tail = list(read_vcards_from(path, offset, split.pause.line))
    [problem] = [item for item in sequential if isinstance(item, ReadProblem)]
    assert problem.line == split.pause.line
    assert split.head + tail == sequential


def test_utf16_files_have_no_seam_and_never_pause(tmp_path: Path) -> None:
    path = write(tmp_path, plains(0, 40).encode("utf-16"))
    with small_reads(64, 64):
        sequential = list(read_vcards(path))
        assert all(find_seam(path, near) is None for near in range(128, 4000, 211))
        for offset in range(200, path.stat().st_size, 333):
            split = read_split(path, offset)
            assert split.pause is None and split.whole == sequential
    assert len(sequential) == 40


# --- generated hostile books -----------------------------------------------------------

BREAKS = ["\n", "\r\n"]
ODD_BREAKS = ["\r", "\r\r\n", "\n", "\r\n"]


def _segments() -> st.SearchStrategy[list[str]]:
    """One piece of a book as lines: cards good and hostile, and what stands between them."""
    name = st.sampled_from(["Anna", "Jürgen", "Özlem", "Zoë", "x;y", "a\\,b"])
    good = name.map(lambda n: ["BEGIN:VCARD", "VERSION:3.0", f"FN:{n}", f"N:{n};;;;",
                               "TEL;TYPE=CELL:+49 171 5550000", "END:VCARD"])
    good21 = name.map(lambda n: ["BEGIN:VCARD", "VERSION:2.1", f"N:{n};;;;", "TEL;CELL:0171 1",
                                 "END:VCARD"])
    soft_break = st.sampled_from([
        ["BEGIN:VCARD", "VERSION:2.1", "NOTE;ENCODING=QUOTED-PRINTABLE:a=", "END:VCARD",
         "BEGIN:VCARD", "b=", "c", "END:VCARD"],
        ["BEGIN:VCARD", "VERSION:2.1", "NOTE;ENCODING=QUOTED-PRINTABLE:a=", "END:VCARD",
         "BEGIN:VCARD", "VERSION:2.1", "FN:Soft", "END:VCARD"],
        ["BEGIN:VCARD", "VERSION:2.1", "NOTE;QUOTED-PRINTABLE:=0D=0AEND:VCARD=",
         "=0D=0ABEGIN:VCARD", "END:VCARD"],
    ])
    agent = st.sampled_from([
        ["BEGIN:VCARD", "VERSION:2.1", "N:Boss;;;;", "AGENT:", "BEGIN:VCARD", "N:Aide;;;;",
         "END:VCARD", "END:VCARD"],
        ["BEGIN:VCARD", "VERSION:2.1", "N:Boss;;;;", "AGENT:", "BEGIN:VCARD", "N:Aide;;;;",
         "END:VCARD", "BEGIN:VCARD", "N:Sibling;;;;", "END:VCARD", "TEL:1", "END:VCARD"],
        ["BEGIN:VCARD", "VERSION:3.0", "FN:Deep", "BEGIN:VCARD", "BEGIN:VCARD", "FN:in",
         "END:VCARD", "END:VCARD", "END:VCARD"],
    ])
    missing_end = st.sampled_from([["BEGIN:VCARD", "VERSION:3.0", "FN:No End"],
                                   ["BEGIN:VCARD", "VERSION:2.1", "N:Cut;;;;", "AGENT:"]])
    between = st.sampled_from([[""], ["", ""], ["stray text"], ["# comment"], ["END:VCARD"],
                               ["BEGIN:VCALENDAR", "END:VCARD", "END:VCALENDAR"],
                               ["BEGIN:VCALENDAR", "X-OPEN:1"], [" END:VCARD"], ["end:vcard "]])
    odd = st.sampled_from([
        ["\ufeffBEGIN:VCARD", "VERSION:3.0", "FN:BOM", "END:VCARD"],
        ["BEGIN:VCARD", "VERSION:3.0", "FN:no colon", "oops", "END:VCARD"],
        ["BEGIN:VCARD", "VERSION:2.1", "PHOTO;ENCODING=BASE64;JPEG:AAAA", "BBBB", "", "END:VCARD"],
        ["BEGIN:VCARD", "VERSION:3.0", "NOTE:" + "n" * 300, "END:VCARD"],
        ["BEGIN:VCARD", "VERSION:3.0", "FN:x", " folded", "END:VCARD  "],
    ])
    # mostly good cards, so that many seams lie between cards: a card without END holds
    # up to nine cards after it
    kinds = [good] * 12 + [good21] * 3 + [soft_break, agent, between, between, odd, missing_end]
    return st.sampled_from(kinds).flatmap(lambda kind: kind)


@st.composite
def hostile_books(draw: st.DrawFn) -> bytes:
    segments = draw(st.lists(_segments(), min_size=20, max_size=80))
    odd_breaks = draw(st.booleans())
    default = draw(st.sampled_from(BREAKS))
    parts = ["\ufeff"] if draw(st.integers(0, 4)) == 0 else []
    for lines in segments:
        for line in lines:
            nl = draw(st.sampled_from(ODD_BREAKS)) if odd_breaks and draw(
                st.integers(0, 5)) == 0 else default
            parts.append(line + nl)
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "cp1252"]))
    return "".join(parts).encode(encoding, "replace")


def after_an_end(data: bytes, offset: int) -> int:
    """The start of the line after the next END:VCARD line (where a clean pause can fall)."""
    found = re.compile(rb"END:VCARD[ \t]*(?:\r\r\n|\r\n|\r|\n)").search(data, offset)
    return found.end() if found else len(data)


FUZZ = settings(max_examples=200, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def test_generated_hostile_books_split_like_one_read(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    """Books of hostile cards, split where find_seam says and paused anywhere."""
    tally = Tally()
    anywhere = Tally()

    @FUZZ
    @given(data=hostile_books(), chunk=st.sampled_from([16, 64, 128]),
           sniff=st.sampled_from([16, 64]),
           nears=st.lists(st.integers(0, 100), min_size=1, max_size=4),
           pauses=st.lists(st.tuples(st.integers(0, 100), st.booleans()), max_size=3))
    def check(data: bytes, chunk: int, sniff: int, nears: list[int],
              pauses: list[tuple[int, bool]]) -> None:
        path = tmp_path_factory.mktemp("seam") / "book.vcf"
        path.write_bytes(data)
        with small_reads(chunk, sniff):
            sequential = sequential_or_none(path)
            if sequential is None:
                return
            seams = {find_seam(path, near * len(data) // 100) for near in nears}
            for seam in sorted(s for s in seams if s is not None):
                check_seam(path, seam, sequential, tally)
            for percent, after_end in pauses:
                offset = percent * (len(data) + 1) // 100
                offset = after_an_end(data, offset) if after_end else offset
                pause = check_any_pause(path, offset, sequential)
                anywhere.paused += pause is not None
                anywhere.taken += (pause is not None and pause.clean
                                   and before_a_card(path, offset))

    check()
    # not vacuous: many seams were taken, and the ways a seam must be refused occurred
    assert tally.taken >= 40, tally
    assert tally.unclean >= 20 and tally.line_mismatch >= 10, tally
    assert anywhere.taken >= 20 and anywhere.paused - anywhere.taken >= 50, anywhere


# --- cards over MAX_CARD_BYTES ----------------------------------------------------------
# The reader decides that a card is over the limit at a BEGIN/END line, wherever its
# chunks end (tests/io/test_vcard_chunking.py): a seam or a pause changes nothing.

BROKEN_AGENT = "BEGIN:VCARD\nVERSION:2.1\nN:Cut;;;;\nAGENT:\nBEGIN:VCARD\nFN:No End\n"


def test_generated_books_with_cards_over_the_limit_split_like_one_read(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    tally = Tally()

    @settings(FUZZ, max_examples=120)
    @given(data=hostile_books(), chunk=st.sampled_from([16, 64, 128]),
           nears=st.lists(st.integers(0, 100), min_size=1, max_size=4))
    def check(data: bytes, chunk: int, nears: list[int]) -> None:
        path = tmp_path_factory.mktemp("limit") / "book.vcf"
        path.write_bytes(data)
        with small_reads(chunk, 16, max_card=400):
            sequential = sequential_or_none(path)
            if sequential is None:
                return
            for near in nears:
                seam = find_seam(path, near * len(data) // 100)
                if seam is None:
                    continue
                split = read_split(path, seam[0])
                if split.pause is not None and split.pause.clean and split.pause.line == seam[1]:
                    tally.taken += 1
                    tail = list(read_vcards_from(path, *seam))
                    assert split.head + tail == sequential, f"split at {seam[0]} differs"
                    assert split.whole == sequential

    check()
    assert tally.taken >= 40, tally


@pytest.mark.parametrize("chunk", [300, 1000, 4096])
def test_card_over_the_limit_after_the_seam_is_cut_up_as_in_one_read(tmp_path: Path,
                                                                     chunk: int) -> None:
    path = write(tmp_path, plains(0, 200) + BROKEN_AGENT + plains(200, 60))
    data = path.read_bytes()
    tally = Tally()
    with small_reads(chunk, 64, max_card=400):
        sequential = list(read_vcards(path))
        for near in range(2 * chunk, data.index(b"FN:Person 199"), 331):
            seam = find_seam(path, near)
            assert seam is not None
            check_seam(path, seam, sequential, tally)
    assert tally.taken >= 5 and tally.taken == tally.seams, tally
    [cut] = [item for item in sequential if isinstance(item, Quarantined)]
    assert cut.raw is None and cut.reason == "card larger than 400 bytes; missing END:VCARD"


def test_a_pause_inside_a_card_over_the_limit_is_not_clean(tmp_path: Path) -> None:
    """A pause inside an open card says so; reading on from it is still one read."""
    path = write(tmp_path, plains(0, 100) + BROKEN_AGENT + plains(100, 30))
    data = path.read_bytes()
    unclean = 0
    with small_reads(1000, max_card=400):
        sequential = list(read_vcards(path))
        for near in range(data.index(b"N:Cut"), data.index(b"FN:Person 120"), 40):
            seam = find_seam(path, near)
            assert seam is not None
            split = read_split(path, seam[0])
            assert split.pause is not None
            assert split.whole == sequential
            if not split.pause.clean:  # inside the open card
                unclean += 1
                continue
            tail = list(read_vcards_from(path, seam[0], split.pause.line))
            assert split.head + tail == sequential
    assert unclean >= 5
