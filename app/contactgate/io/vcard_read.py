"""Read vCard files (2.1, 3.0, 4.0, and what phones really write) into :class:`Card`.

Two stages, both streaming:

1. :class:`_Splitter` cuts the byte stream into cards by their ``BEGIN:VCARD`` /
   ``END:VCARD`` lines, before anything is parsed, so one broken card never costs
   its neighbours. It reads the file in chunks and holds at most one card (up to
   :data:`MAX_CARD_BYTES`) in memory; a larger card is skipped and reported by
   offset and length.
2. :class:`_CardParser` turns the lines of one card into properties with a lean
   tokenizer (no vobject on the hot path): folding, quoted-printable, base64,
   charsets, 2.1 bare parameters, then vCard 3.0 escaped text (see
   :mod:`contactgate.core.model`).

Every top-level card becomes exactly one :class:`Card` or :class:`Quarantined`;
everything else the reader meets (calendar entries, stray text, a lone END) is a
:class:`ReadProblem`. Choices where the standards or writers disagree:

* Folded lines: vCard 2.1 keeps the whitespace that starts a continuation line
  (RFC 822 folding, as the 2.1 spec says); 3.0/4.0 and cards without VERSION drop
  one whitespace character. The same holds after a quoted-printable soft break.
* After a soft break a line is continuation text unless it starts like a property
  (a known name, ``X-…``, or an upper-case name: ``TEL;…``, ``OPPO_RECENT_CALL:``);
  Outlook ends some values with a stray ``=``.
* A line without ``:`` quarantines its card, except after a value that ends in a
  backslash (Android continues an address that way).
"""

from __future__ import annotations

import binascii
import codecs
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import accumulate, chain
from pathlib import Path
from typing import BinaryIO, Final

from contactgate.core.model import Card, InputError, Prop, Quarantined, ReadProblem, escape_text
from contactgate.io import decode
from contactgate.io.decode import EIGHT_BIT, LISTED, STRUCTURED, VERBATIM
from contactgate.io.spool import SPOOL_MIN_CHARS, Spool

__all__ = [
    "MAX_CARD_BYTES", "READ_CHUNK_BYTES", "Pause", "find_seam", "read_vcard_bytes", "read_vcards",
    "read_vcards_from", "read_vcards_pausing",
]

MAX_CARD_BYTES: int = 64 * 1024 * 1024
"""A card larger than this is quarantined with ``raw=None`` and its offset/length."""

READ_CHUNK_BYTES: int = 1024 * 1024
"""How much of a file is read at a time."""

MAX_AGENT_DEPTH: Final = 8
_LONG_LINE: Final = 1024 * 1024  # a partial line this long outside a kept card is dropped

ReadItem = Card | Quarantined | ReadProblem

# A BEGIN/END line (BOM allowed: concatenated exports repeat it). Leading
# whitespace is not allowed: such a line is a folded continuation.
_BOUNDARY = re.compile(
    rb"(?:\xef\xbb\xbf)?(BEGIN|END)[ \t]*:[ \t]*([A-Za-z0-9_-]+)[ \t]*(?:\r\r\n|\r\n|\r|\n)?\Z",
    re.IGNORECASE,
)
_BOUNDARY_PREFIXES: Final = frozenset(
    {b"BE", b"Be", b"bE", b"be", b"EN", b"En", b"eN", b"en", b"\xef\xbb"}
)
_EMPTY_AGENT = re.compile(
    rb"(?:[A-Za-z0-9_-]+\.)?AGENT(?:;[^:\r\n]*)?:[ \t]*(?:\r\r\n|\r\n|\r|\n)?\Z", re.IGNORECASE
)
_PROPERTY_START = re.compile(
    rb"(?:[A-Za-z0-9_-]+\.)?(?:X-[A-Za-z0-9_-]+|BEGIN|END|VERSION|FN|N|NICKNAME|PHOTO|BDAY"
    rb"|ANNIVERSARY|GENDER|ADR|LABEL|TEL|EMAIL|MAILER|TZ|GEO|TITLE|ROLE|LOGO|AGENT|ORG"
    rb"|CATEGORIES|NOTE|PRODID|REV|SORT-STRING|SOUND|UID|URL|CLASS|KEY|IMPP|LANG|KIND"
    rb"|MEMBER|RELATED|SOURCE|FBURL|CALADRURI|CALURI|CLIENTPIDMAP|XML)[;:]",
    re.IGNORECASE,
)
_UPPER_NAME_START = re.compile(rb"(?:[A-Za-z0-9_-]+\.)?[A-Z][A-Z0-9_-]+[;:]")  # OPPO_RECENT_CALL:
_BASE64_LINE = re.compile(rb"[A-Za-z0-9+/=]+[ \t]*")
_QP_BAD = re.compile(rb"=(?![0-9A-Fa-f]{2})")
_SPECIAL_21 = re.compile(r"[\\,\r\n]")
_VALID_NAME = re.compile(r"[^\s\"',;:=()\[\]{}<>]+")
_VERBATIM_NAMES: Final = frozenset(
    {"URL", "GEO", "FBURL", "CALURI", "CALADRURI", "CAPURI", "SOURCE", "IMPP", "MEMBER", "RELATED"}
)
_LISTED_NAMES: Final = frozenset({"CATEGORIES", "NICKNAME"})
_URI_VALUES: Final = frozenset({"url", "uri", "cid", "content-id"})
_BARE_VALUES: Final = frozenset({"INLINE", "URL", "URI", "CONTENT-ID", "CID"})

# One parsed property head: name, group, params, quoted-printable, base64,
# charset codec, unknown charset name, how a 2.1 value converts (decode.STRUCTURED …).
_Head = tuple[str, str, tuple[tuple[str, str], ...], bool, bool, str | None, str, int]
_VERSION_HEAD: _Head = ("VERSION", "", (), False, False, None, "", STRUCTURED)
_BOUNDARY_HEAD: _Head = ("BEGIN", "", (), False, False, None, "", STRUCTURED)
_AGENT_HEAD: _Head = ("AGENT", "", (), False, False, None, "", STRUCTURED)


# --- public API ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Pause:
    """Where :func:`read_vcards_pausing` reached its pause offset.

    ``clean`` when the reader was between two cards there with nothing held, so
    :func:`read_vcards_from` at that offset and ``line`` gives the very items
    this reader would give for the rest of the file.
    """

    clean: bool
    line: int  # number of the line that starts at the pause offset


def read_vcards(path: str | Path, spool: Spool | None = None) -> Iterator[ReadItem]:
    """Read a vCard file, streaming: one item per card, calendar entry or stray text.

    Raises :class:`InputError` before the first item when the file is missing, a
    folder, unreadable, empty, or holds no vCard at all. Like any generator it
    does so on the first ``next()``.
    """
    for item in _read_file(Path(path), str(path), None, spool):
        assert not isinstance(item, Pause)  # none without a pause offset
        yield item


def read_vcards_pausing(path: Path, pause_at: int,
                        spool: Spool | None = None) -> Iterator[ReadItem | Pause]:
    """:func:`read_vcards` that yields a :class:`Pause` on reaching file offset ``pause_at``.

    The caller may stop there (another process read the rest) or go on reading.
    """
    return _read_file(path, str(path), pause_at, spool)


def _read_file(path: Path, source: str, pause_at: int | None,
               spool: Spool | None) -> Iterator[ReadItem | Pause]:
    if path.is_dir():
        raise InputError(source, "is a folder, not a file")
    try:
        handle = path.open("rb")
    except OSError as error:
        raise InputError.from_os_error(source, error) from None
    with handle:
        yield from _read_stream(_file_chunks(handle, source), source, _file_fetcher(path),
                                pause_at, spool)


def read_vcards_from(path: Path, offset: int, line: int,
                     spool: Spool | None = None) -> Iterator[ReadItem]:
    """The items of an 8-bit vCard file from a seam :func:`find_seam` found, numbered on.

    Only valid where a :class:`Pause` at ``offset`` is clean: the caller checks.
    """
    source = str(path)
    try:
        handle = path.open("rb")
        handle.seek(offset)
    except OSError as error:
        raise InputError.from_os_error(source, error) from None
    with handle:
        splitter = _Splitter(source, EIGHT_BIT, 0, _file_fetcher(path))
        splitter.next_line, splitter.pos, splitter.seg_line = line, offset, line
        parser = _CardParser(source, splitter, spool)
        for chunk, final in _with_final(_file_chunks(handle, source)):
            splitter.feed(chunk, final)
            yield from parser.parse_all(splitter.take())


# Between two cards: an END line, then a BEGIN line (LF or CR LF line ends).
_SEAM = re.compile(rb"\nEND:VCARD\r?\n(?=BEGIN:VCARD\r?\n)")
_SEAM_WINDOW = 1024 * 1024


def find_seam(path: Path, near: int) -> tuple[int, int] | None:
    """``(offset, line)`` of the first card that starts after offset ``near``.

    None when the file is not 8-bit text (UTF-16 is transcoded, so offsets would
    not be the reader's) or no seam is found close after ``near``. The line
    number counts LF; in a file with bare CR line ends the reader counts more,
    the :class:`Pause` there carries its own line, and the seam is refused.
    """
    try:
        with path.open("rb") as handle:
            codec, _bom = decode.sniff_file_encoding(handle.read(decode.SNIFF_BYTES + 3))
            if codec != EIGHT_BIT or near < 2 * READ_CHUNK_BYTES:
                return None
            handle.seek(near)
            found = _SEAM.search(handle.read(_SEAM_WINDOW))
            if found is None:
                return None
            offset = near + found.end()
            handle.seek(0)
            line = 1
            for chunk in _file_chunks_until(handle, offset):
                line += chunk.count(b"\n")
    except OSError:
        return None
    return offset, line


def _file_chunks_until(handle: BinaryIO, end: int) -> Iterator[bytes]:
    left = end
    while left > 0:
        chunk = handle.read(min(left, READ_CHUNK_BYTES))
        if not chunk:
            return
        left -= len(chunk)
        yield chunk


def read_vcard_bytes(data: bytes, source: str) -> Iterator[ReadItem]:
    """Read vCards held in memory; ``source`` names them in messages and items.

    Offsets of quarantined cards are offsets into ``data``.
    """
    data = bytes(data)
    fetch: Callable[[int, int], bytes] = lambda offset, size: data[offset : offset + size]  # noqa: E731
    return (i for i in _read_stream(iter((data,)), source, fetch) if not isinstance(i, Pause))


def _file_fetcher(file: Path) -> Callable[[int, int], bytes]:
    """Bytes of the file by offset: the raw bytes of a quarantined card of a UTF-16 file."""

    def fetch(offset: int, size: int) -> bytes:
        with file.open("rb") as handle:
            handle.seek(offset)
            return handle.read(size)

    return fetch


def _file_chunks(handle: BinaryIO, source: str) -> Iterator[bytes]:
    while True:
        try:
            chunk = handle.read(READ_CHUNK_BYTES)
        except OSError as error:
            raise InputError(source, f"cannot read: {error.strerror or error}") from None
        if not chunk:
            return
        yield chunk


# --- the stream: encoding, splitting, parsing ----------------------------------------


def _read_stream(
    chunks: Iterator[bytes], source: str, fetch: Callable[[int, int], bytes],
    pause_at: int | None = None, spool: Spool | None = None,
) -> Iterator[ReadItem | Pause]:
    first = b""
    for chunk in chunks:  # enough bytes to recognise the encoding
        first += chunk
        if len(first) >= decode.SNIFF_BYTES:
            break
    codec, bom = decode.sniff_file_encoding(first)
    stream: Iterator[bytes] = chain((first[bom:],), chunks)
    if codec != EIGHT_BIT:
        stream = _transcode(stream, codec)
    splitter = _Splitter(source, codec, bom, fetch)
    parser = _CardParser(source, splitter, spool)
    pending: list[ReadItem] = []  # held back until a vCard shows this is an address book
    saw_text = False
    if codec != EIGHT_BIT or pause_at is None or pause_at < bom + len(first):
        pause_at = None  # offsets of transcoded text are not file offsets
    fed = bom
    for whole, final in _with_final(stream):
        saw_text = saw_text or (bool(whole) and not whole.isspace())
        for chunk, last in _cut_at(whole, final, None if pause_at is None else pause_at - fed):
            fed += len(chunk)
            splitter.feed(chunk, last)
            items = splitter.take()
            if not splitter.seen_vcard:
                pending.extend(parser.parse_all(items))
            else:
                if pending:
                    yield from pending
                    pending = []
                yield from parser.parse_all(items)
            if fed == pause_at:
                yield Pause(_between_cards(splitter, pending), splitter.next_line)
                pause_at = None
    if not splitter.seen_vcard:
        if saw_text:
            raise InputError(source, "no vCard found (is this an address-book export?)")
        raise InputError(source, "file is empty")


def _cut_at(chunk: bytes, final: bool, cut: int | None) -> Iterator[tuple[bytes, bool]]:
    """The chunk, in two pieces when a pause falls inside it (``cut`` bytes in).

    A pause at the very end of the last chunk still comes before the end of the
    file is handled: an empty final piece follows it.
    """
    if cut is None or cut <= 0 or cut > len(chunk) or (cut == len(chunk) and not final):
        yield chunk, final
        return
    yield chunk[:cut], False
    yield chunk[cut:], final


def _between_cards(splitter: _Splitter, pending: list[ReadItem]) -> bool:
    """Whether a fresh reader from here would read on exactly as this one does."""
    s = splitter
    return (s.seen_vcard and not pending and s.state == _OUTSIDE and not s.parts
            and not s.rem and not s.mid_line and not s.junk_dropped and s.seg_size == 0)


def _with_final(stream: Iterator[bytes]) -> Iterator[tuple[bytes, bool]]:
    """Each chunk with a flag telling whether it is the last (an empty last chunk is sent)."""
    previous: bytes | None = None
    for chunk in stream:
        if not chunk:
            continue
        if previous is not None:
            yield previous, False
        previous = chunk
    yield (previous or b""), True


def _transcode(stream: Iterator[bytes], codec: str) -> Iterator[bytes]:
    """UTF-16 → UTF-8 so that the splitter and parser see ASCII-compatible bytes.

    ``surrogatepass`` keeps lone surrogates, so every character keeps its size in the
    file and offsets stay exact; an odd last byte becomes U+FFFD.
    """
    decoder = codecs.getincrementaldecoder(codec)("surrogatepass")
    for chunk in stream:
        text = decoder.decode(chunk)
        if text:
            yield text.encode("utf-8", "surrogatepass")
    try:
        tail = decoder.decode(b"", True)
    except UnicodeDecodeError:
        tail = "\ufffd"
    if tail:
        yield tail.encode("utf-8", "surrogatepass")


class _RawCard:
    """The lines of one complete top-level card, BEGIN to END, as the splitter found them.

    Its offset is worked out only when needed (a card that cannot be parsed):
    ``pos`` if known, else from the scanned ``chunk`` lines before index ``k``.
    """

    __slots__ = ("chunk", "k", "line", "lines", "pos")

    def __init__(
        self, lines: list[bytes], line: int, pos: int, chunk: list[bytes] | None, k: int
    ) -> None:
        self.lines = lines
        self.line = line
        self.pos = pos
        self.chunk = chunk
        self.k = k


def _human_size(size: int) -> str:
    for unit, factor in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if size >= factor:
            return f"{size / factor:g} {unit}"
    return f"{size} bytes"


def _has_text(lines: Iterable[bytes]) -> bool:
    """Whether lines hold anything but blanks and ``#`` comments."""
    return any(line.strip() and not line.lstrip().startswith(b"#") for line in lines)


def _merge_crcrlf(lines: list[bytes]) -> list[bytes]:
    """``splitlines`` cuts CR CR LF into two lines; it is one line break (iOS 6 wrote it)."""
    merged: list[bytes] = []
    for line in lines:
        if (
            line == b"\r\n"
            and merged
            and merged[-1].endswith(b"\r")
            and not merged[-1].endswith(b"\r\n")
        ):
            merged[-1] += line
        else:
            merged.append(line)
    return merged


# --- stage 1: cards out of lines --------------------------------------------------

_OUTSIDE, _CARD, _BIG, _FOREIGN = range(4)


class _Splitter:
    """Cuts lines into top-level cards; keeps the state between chunks.

    A ``BEGIN:VCARD`` inside a card is a nested card when the line before it is an
    empty ``AGENT:``. Otherwise it is either a nested card without AGENT (AOSP
    writes those) or the start of the next card after a missing END; that is only
    known later, so the splitter nests tentatively and decides when the outer card
    ends (nested), or when the file ends, more than :data:`MAX_AGENT_DEPTH` cards
    follow, or the card outgrows :data:`MAX_CARD_BYTES` (missing END: the lines
    before the first nested BEGIN are quarantined and the rest is split again).

    Offsets are raw file offsets after the BOM (``rawlen`` gives a line's size in
    the file: UTF-16 files are transcoded for reading).
    """

    def __init__(
        self, source: str, codec: str, bom: int, fetch: Callable[[int, int], bytes]
    ) -> None:
        self.source = source
        self.codec = codec
        self.bom = bom
        self.fetch = fetch
        self.rawlen: Callable[[bytes], int] = len if codec == EIGHT_BIT else _utf16_len
        self.out: list[ReadItem | _RawCard] = []
        self.seen_vcard = False
        self.rem: list[bytes] = []  # pieces of an incomplete last line, waiting for its end
        self.rem_size = 0
        self.mid_line = False  # the start of the current line was dropped (too long)
        self.next_line = 1  # line number of the next line to scan
        self.pos = 0  # offset of the next line to scan
        # the lines being scanned
        self.lines: list[bytes] = []
        self.line0 = 1
        self.pos0 = 0
        self.acc: list[int] | None = None  # offsets of self.lines, computed when needed
        self.size = 0  # their raw bytes
        # the open segment (card, stray text or skipped component)
        self.state = _OUTSIDE
        self.parts: list[bytes] = []  # its lines from earlier scans
        self.start = 0  # index in self.lines where the rest of it begins
        self.seg_k = 0  # index in self.lines where it began, -1: in an earlier scan
        self.seg_pos = 0  # its offset when seg_k == -1
        self.seg_line = 1
        self.seg_size = 0  # raw bytes of the segment held in self.parts
        self.junk_dropped = False  # stray text was too long to keep
        # a card being read
        self.depth = 0
        self.tentative: tuple[int, int, int] | None = None  # (index in card, line, offset)
        self.siblings = 0
        self.too_deep = False
        self.agent_dropped = False  # the lines dropped of a card over the limit end in AGENT:
        self.foreign = b""

    # -- input ---------------------------------------------------------------------

    def feed(self, chunk: bytes, final: bool) -> None:
        if not final and b"\n" not in chunk and b"\r" not in chunk:
            self._hold(chunk)  # still the same line: no copying until it ends
            return
        data = b"".join([*self.rem, chunk]) if self.rem else chunk
        self.rem, self.rem_size = [], 0
        tail = b""
        if final:
            region = data
        else:
            end = len(data.rstrip(b"\r"))  # a CR at the end may be the first half of CR LF
            cut = max(data.rfind(b"\n", 0, end), data.rfind(b"\r", 0, end)) + 1
            region = data[:cut]
            tail = data[cut:]
        lines = region.splitlines(True)
        if b"\r\r\n" in region:
            lines = _merge_crcrlf(lines)
        if self.mid_line and lines:
            self._skip_line_tail(lines.pop(0))
        if lines:
            self.scan(lines, self.next_line, self.pos)
        if tail:  # (after the lines before it: dropping it moves self.pos on)
            self._hold(tail)
        if final:
            self._finish()

    def _hold(self, piece: bytes) -> None:
        self.rem.append(piece)
        self.rem_size += len(piece)
        if self.rem_size > _LONG_LINE:
            self._limit_partial_line()

    def take(self) -> list[ReadItem | _RawCard]:
        out, self.out = self.out, []
        return out

    def offset_of(self, card: _RawCard) -> int:
        """File offset of a card handed out earlier."""
        if card.chunk is None:
            return self.bom + card.pos
        return self.bom + card.pos + sum(map(self.rawlen, card.chunk[: card.k]))

    def raw(self, lines: list[bytes], offset: int, size: int) -> bytes:
        """The file's bytes of ``lines`` at file ``offset`` (UTF-16 was transcoded to read it)."""
        if self.codec == EIGHT_BIT:
            return b"".join(lines)
        return self.fetch(offset, size)

    # -- scanning --------------------------------------------------------------------

    def scan(self, lines: list[bytes], line0: int, pos0: int) -> None:
        """Process complete lines whose first is line ``line0`` at offset ``pos0``."""
        self.lines, self.line0, self.pos0, self.acc = lines, line0, pos0, None
        self.start = 0
        prefixes = _BOUNDARY_PREFIXES
        match = _BOUNDARY.match
        out = self.out
        bounds = [k for k, line in enumerate(lines) if line[:2] in prefixes and match(line)]
        # only lines longer than the limit in total can hold a card over it
        self.size = sum(map(self.rawlen, lines))
        fast = self.size <= MAX_CARD_BYTES
        for k in bounds:
            found = match(lines[k])
            assert found is not None
            begin = found[1].upper() == b"BEGIN"
            name = found[2].upper()
            state = self.state
            if name == b"VCARD" and not self.parts:
                # the common case: cards back to back, no stray text, no nesting
                if state == _OUTSIDE and begin and self.start == k and not self.junk_dropped:
                    self.state, self.start, self.seg_k, self.seg_line = _CARD, k, k, line0 + k
                    self.depth, self.tentative, self.siblings, self.too_deep = 1, None, 0, False
                    self.seen_vcard = True
                    continue
                if state == _CARD and not begin and self.depth == 1 and not self.too_deep and fast:
                    start = self.start
                    out.append(_RawCard(lines[start : k + 1], self.seg_line, pos0, lines, start))
                    self.state, self.start, self.seg_k = _OUTSIDE, k + 1, k + 1
                    self.seg_line = line0 + k + 1
                    continue
            self._boundary(k, begin, name)
            if self.lines is not lines:  # a rescan in between replaced them
                self.lines, self.line0, self.pos0, self.acc = lines, line0, pos0, None
                self.size = sum(map(self.rawlen, lines))
        self._carry(len(lines))
        self.next_line = line0 + len(lines)
        self.pos = self._offset(len(lines))
        # Memory: a segment over the limit is not held on. That the card (or stray text)
        # is over the limit is decided at its next BEGIN/END line (or the end of the file)
        # whatever the chunks (see _boundary); no such line comes before that one, so
        # deciding here already gives the same items.
        if self.seg_size > MAX_CARD_BYTES:
            if self.state == _CARD:
                self._card_too_large(len(lines))
            elif self.state == _OUTSIDE:
                self.parts, self.seg_size, self.junk_dropped = [], 0, True

    def _offset(self, k: int) -> int:
        """Offset of line ``k`` of the lines being scanned."""
        if self.acc is None:
            self.acc = list(accumulate(map(self.rawlen, self.lines), initial=self.pos0))
        return self.acc[k]

    def _seg_pos(self) -> int:
        return self.seg_pos if self.seg_k < 0 else self._offset(self.seg_k)

    def _segment_lines(self, k: int) -> list[bytes]:
        """Lines of the open segment up to (not including) line ``k``."""
        here = self.lines[self.start : k]
        return self.parts + here if self.parts else here

    def _open(self, state: int, k: int) -> None:
        """Start a new segment at line ``k``."""
        self.state = state
        self.parts = []
        self.seg_size = 0
        self.start = self.seg_k = k
        self.seg_line = self.line0 + k
        self.junk_dropped = False

    def _carry(self, k: int) -> None:
        """Keep the open segment's lines up to ``k`` for the next scan."""
        if self.seg_k >= 0:
            self.seg_pos = self._offset(self.seg_k)
            self.seg_k = -1
        state = self.state
        if state == _CARD or (state == _OUTSIDE and not self.junk_dropped):
            kept = self.lines[self.start : k]
            if kept:
                self.parts = self.parts + kept if self.parts else kept
                self.seg_size += sum(map(self.rawlen, kept))
        elif state == _BIG:
            self.agent_dropped = self._after_empty_agent(k)
        self.start = k

    def _boundary(self, k: int, begin: bool, name: bytes) -> None:
        """A BEGIN/END line: first the size limit, then the line itself.

        A card (or stray text) is over :data:`MAX_CARD_BYTES` when its lines before
        a BEGIN/END line are: checked here, at every such line, so that what follows
        does not depend on where the chunks end.
        """
        state = self.state
        if state == _CARD:
            if self._over_limit(k):
                self._card_too_large(k)
                self._boundary(k, begin, name)  # in the state that follows
                return
            self._in_card(k, begin, name)
        elif state == _OUTSIDE:
            if not self.junk_dropped and self._over_limit(k):
                self.parts, self.seg_size, self.junk_dropped = [], 0, True
            self._outside(k, begin, name)
        elif state == _BIG:
            self._in_big_card(k, begin, name)
        else:
            self._in_foreign(k, begin, name)

    def _over_limit(self, k: int) -> bool:
        """Whether the open segment's lines before line ``k`` are over the limit."""
        if self.seg_size + self.size <= MAX_CARD_BYTES:
            return False
        return self.seg_size + self._offset(k) - self._offset(self.start) > MAX_CARD_BYTES

    def _outside(self, k: int, begin: bool, name: bytes) -> None:
        is_vcard = name == b"VCARD"
        if is_vcard:
            self.seen_vcard = True
        if not begin and is_vcard and not self.junk_dropped:
            lines = self._segment_lines(k)
            if _has_text(lines):
                self._missing_begin(lines, k)
                return
        self._report_junk(k)
        if begin:
            self._open(_CARD if is_vcard else _FOREIGN, k)
            self.depth, self.tentative, self.siblings, self.too_deep = 1, None, 0, False
            self.foreign = name
        else:
            component = name.decode("ascii")
            self._problem(self.line0 + k, f"END:{component} without BEGIN:{component}; skipped")
            self._open(_OUTSIDE, k + 1)

    def _in_card(self, k: int, begin: bool, name: bytes) -> None:
        if name != b"VCARD":
            return  # a component nested in a card: the parser reports it
        if begin:
            if self.depth == 1 and not self._after_empty_agent(k):
                if self.tentative is None:
                    index = len(self.parts) + k - self.start
                    self.tentative = (index, self.line0 + k, self._offset(k))
                self.siblings += 1
                if self.siblings > MAX_AGENT_DEPTH:
                    self._missing_end_before_nested(k)
                    self._boundary(k, begin, name)
                    return
            self.depth += 1
            if self.depth > MAX_AGENT_DEPTH + 1:
                self.too_deep = True
            return
        self.depth -= 1
        if self.depth:
            return
        lines = self._segment_lines(k + 1)
        if self.too_deep:
            self._quarantine(lines, f"AGENT cards nested deeper than {MAX_AGENT_DEPTH}")
        elif sum(map(self.rawlen, lines)) > MAX_CARD_BYTES:
            self._quarantine(lines, "")
        else:
            self.out.append(_RawCard(lines, self.seg_line, self._seg_pos(), None, 0))
        self._open(_OUTSIDE, k + 1)

    def _in_big_card(self, k: int, begin: bool, name: bytes) -> None:
        if name != b"VCARD":
            return
        if begin and not self._after_empty_agent(k):
            self._big_done(self._offset(k), "; missing END:VCARD")
            self._open(_OUTSIDE, k)
            self._outside(k, begin, name)
            return
        self.depth += 1 if begin else -1
        if not self.depth:
            self._big_done(self._offset(k + 1), "")
            self._open(_OUTSIDE, k + 1)

    def _in_foreign(self, k: int, begin: bool, name: bytes) -> None:
        component = self.foreign.decode("ascii")
        if begin and name == b"VCARD":
            self._problem(self.seg_line, f"BEGIN:{component} without END:{component}; skipped")
            self._open(_OUTSIDE, k)
            self._outside(k, begin, name)
            return
        if name != self.foreign:
            return  # only its own BEGIN/END nest (an END:VCARD inside is just skipped text)
        self.depth += 1 if begin else -1
        if not self.depth:
            self._problem(self.seg_line, f"skipped {component} component (not a vCard)")
            self._open(_OUTSIDE, k + 1)

    def _after_empty_agent(self, k: int) -> bool:
        """Whether the last non-blank line before line ``k`` is ``AGENT:`` with no value."""
        for line in chain(reversed(self.lines[self.start : k]), reversed(self.parts)):
            if line.strip():
                return _EMPTY_AGENT.match(line) is not None
        return self.state == _BIG and self.agent_dropped

    # -- decisions -------------------------------------------------------------------

    def _missing_end_before_nested(self, k: int) -> None:
        """The open card lacks its END: quarantine it up to its first nested BEGIN and
        split the lines after that again (up to line ``k``) as top-level text."""
        assert self.tentative is not None
        index, line, pos = self.tentative
        lines = self._segment_lines(k)
        self._quarantine(lines[:index], "missing END:VCARD")
        saved = (self.lines, self.line0, self.pos0, self.acc, self.size)
        self.state, self.parts, self.seg_size, self.junk_dropped = _OUTSIDE, [], 0, False
        self.seg_line, self.seg_k, self.seg_pos = line, -1, pos
        self.scan(lines[index:], line, pos)
        self.lines, self.line0, self.pos0, self.acc, self.size = saved
        self.start = k

    def _card_too_large(self, k: int) -> None:
        """The open card's lines before line ``k`` are over the limit."""
        if self.tentative is not None:
            self._missing_end_before_nested(k)
            return
        self.state = _BIG
        self.agent_dropped = self._after_empty_agent(k)
        self.parts, self.seg_size, self.start = [], 0, k

    def _big_done(self, end: int, suffix: str) -> None:
        reason = f"card larger than {_human_size(MAX_CARD_BYTES)}{suffix}"
        start = self._seg_pos()
        self.out.append(
            Quarantined(self.source, self.seg_line, reason, None, self.bom + start, end - start)
        )

    def _finish(self) -> None:
        if self.state == _CARD:
            if self.tentative is not None:
                self._missing_end_before_nested(len(self.lines))
                self._finish()
                return
            self._quarantine(self.parts, "missing END:VCARD")
        elif self.state == _BIG:
            self._big_done(self.pos, "; missing END:VCARD")
        elif self.state == _FOREIGN:
            component = self.foreign.decode("ascii")
            self._problem(self.seg_line, f"BEGIN:{component} without END:{component}; skipped")
        else:
            self._report_junk(len(self.lines), at_end=True)
        self.state = _OUTSIDE
        self.parts = []

    def _skip_line_tail(self, tail: bytes) -> None:
        """The end of a line whose start was dropped: it belongs to the open segment."""
        self.mid_line = False
        self.pos += self.rawlen(tail)
        self.next_line += 1

    def _limit_partial_line(self) -> None:
        """A line with no end in sight: drop it unless it belongs to a card still kept."""
        if self.state == _CARD:
            if self.seg_size + self.rem_size <= MAX_CARD_BYTES:
                return
            self._card_too_large(len(self.lines))
            if self.state == _CARD:  # the card was split again; the line is the next one's
                self._limit_partial_line()
                return
        if self.state == _OUTSIDE:
            self.parts, self.seg_size, self.junk_dropped = [], 0, True
        self.pos += sum(map(self.rawlen, self.rem))
        self.rem, self.rem_size = [], 0
        self.mid_line = True

    # -- output ----------------------------------------------------------------------

    def _report_junk(self, k: int, at_end: bool = False) -> None:
        """Stray text between cards (before line ``k``) becomes one ReadProblem."""
        lines = self.parts if at_end else self._segment_lines(k)
        if self.junk_dropped:  # too long to keep: report the whole stretch
            first = self.seg_line
            last = self.next_line - 1 if at_end else self.line0 + k - 1
        elif _has_text(lines):
            filled = [i for i, line in enumerate(lines) if line.strip()]
            first, last = self.seg_line + filled[0], self.seg_line + filled[-1]
        else:
            return
        span = f"line {first}" if last <= first else f"lines {first}–{last}"
        self.out.append(ReadProblem(self.source, first, f"{span}: text outside any vCard skipped"))

    def _missing_begin(self, lines: list[bytes], k: int) -> None:
        blank = next(i for i, line in enumerate(lines) if line.strip())
        raw = [*lines[blank:], self.lines[k]]
        pos = self._seg_pos() + sum(map(self.rawlen, lines[:blank]))
        size = sum(map(self.rawlen, raw))
        line = self.seg_line + blank
        reason = "missing BEGIN:VCARD"
        data = self.raw(raw, self.bom + pos, size)
        self.out.append(Quarantined(self.source, line, reason, data, self.bom + pos, len(data)))
        self._open(_OUTSIDE, k + 1)

    def _quarantine(self, lines: list[bytes], reason: str) -> None:
        """Quarantine the open card's ``lines``; one over the size limit goes by offset."""
        offset = self.bom + self._seg_pos()
        size = sum(map(self.rawlen, lines))
        raw: bytes | None = None
        if size > MAX_CARD_BYTES:
            too_large = f"card larger than {_human_size(MAX_CARD_BYTES)}"
            reason = f"{too_large}; {reason}" if reason else too_large
        else:
            raw = self.raw(lines, offset, size)
            size = len(raw)  # a UTF-16 file's odd last byte was counted as a character
        self.out.append(Quarantined(self.source, self.seg_line, reason, raw, offset, size))

    def _problem(self, line: int, message: str) -> None:
        self.out.append(ReadProblem(self.source, line, f"line {line}: {message}"))


def _utf16_len(line: bytes) -> int:
    return len(line.decode("utf-8", "surrogatepass").encode("utf-16-le", "surrogatepass"))


# --- stage 2: properties out of a card ----------------------------------------------


class _CardParser:
    """Parses the lines of one card; caches parsed property heads across cards."""

    def __init__(self, source: str, splitter: _Splitter, spool: Spool | None = None) -> None:
        self.spool = spool  # where big base64 values are set aside (None: kept in memory)
        self.source = source
        self.splitter = splitter
        self.utf16 = splitter.codec != EIGHT_BIT
        self.heads: dict[bytes, _Head | None] = {}

    def parse_all(self, items: list[ReadItem | _RawCard]) -> Iterator[ReadItem]:
        parse = self.parse
        for item in items:
            yield parse(item) if isinstance(item, _RawCard) else item

    def parse(self, raw: _RawCard) -> Card | Quarantined:
        result = self._parse(raw.lines, raw.line)
        if isinstance(result, Card):
            return result
        offset = self.splitter.offset_of(raw)
        size = sum(map(self.splitter.rawlen, raw.lines))
        data = self.splitter.raw(raw.lines, offset, size)
        return Quarantined(self.source, raw.line, result, data, offset, len(data))

    # -- pass 1: logical properties ----------------------------------------------------

    def _parse(self, card_lines: list[bytes], first_line: int) -> Card | str:
        data = b"".join(card_lines)
        if b"\r\r\n" in data:
            data = data.replace(b"\r\r\n", b"\r\n")
        lines = data.splitlines()  # lines[0] is BEGIN:VCARD, lines[-1] END:VCARD
        end = len(lines) - 1
        version = _version(lines, end)
        is21 = version.startswith("2")
        problems: list[str] = []
        props: list[tuple[int, _Head, list[bytes]]] = []
        agents: dict[int, str] = {}
        card_fallback: str | None = None
        parts: list[bytes] | None = None
        qp = b64 = qp_open = False
        cache = self.heads
        k = 0
        while k < end - 1:
            k += 1
            line = lines[k]
            if not line:
                continue  # blank lines are transparent
            first = line[0]
            if qp_open:
                assert parts is not None
                if first == 61 or not (
                    _PROPERTY_START.match(line) or _UPPER_NAME_START.match(line)
                ):
                    parts[-1] = parts[-1].rstrip(b" \t")[:-1]  # the soft break "=" goes
                    parts.append(line if is21 or first not in (32, 9) else line[1:])
                    qp_open = line.rstrip(b" \t").endswith(b"=")
                    continue
                qp_open = False
            elif first == 32 or first == 9:
                if parts is None:
                    problems.append(f"line {first_line + k}: continued line without a property")
                    continue
                parts.append(line if is21 else line[1:])
                qp_open = qp and line.rstrip(b" \t").endswith(b"=")
                continue
            elif b64 and _BASE64_LINE.fullmatch(line):
                assert parts is not None
                parts.append(line)  # 2.1 base64 lines need no indent
                continue
            elif first == 35:
                continue  # a "#" comment line
            colon = line.find(b":")
            head = cache.get(line[:colon]) if colon > 0 else None
            if head is None or head is _BOUNDARY_HEAD:
                head, colon = self._head(line, colon)
                if head is _BOUNDARY_HEAD:
                    found = _BOUNDARY.match(line)
                    if found:
                        nested = _Nested(lines, first_line, props, agents, problems)
                        k = nested.consume(k, end, found)
                    else:
                        problems.append(f"line {first_line + k}: stray BEGIN/END line skipped")
                    parts, qp, b64, qp_open = None, False, False, False
                    continue
                if head is None:
                    if parts is not None and parts[-1].endswith(b"\\"):
                        # Android: a backslash before the line break continues the value
                        parts[-1] = parts[-1][:-1]
                        parts.append((b"\n" if is21 else b"\\n") + line)
                        continue
                    if colon < 0:
                        return f"not valid vCard: line {first_line + k} has no ':'"
                    return f"not valid vCard: line {first_line + k} is not a property"
            if head is _VERSION_HEAD:
                parts, qp, b64, qp_open = None, False, False, False
                continue
            parts = [line[colon + 1 :]]
            props.append((first_line + k, head, parts))
            qp = head[3]
            b64 = head[4]
            qp_open = qp and line.rstrip(b" \t").endswith(b"=")
            if card_fallback is None and head[5] is not None and head[5] != "utf-8":
                card_fallback = head[5]
        values = self._values(props, agents, is21, card_fallback, problems)
        return Card(self.source, first_line, version, values, problems)

    def _head(self, line: bytes, colon: int) -> tuple[_Head | None, int]:
        """The parsed head of a property line and the index of the colon ending it."""
        if colon <= 0:
            return None, colon
        key = line[:colon]
        if b'"' in key or b"(" in key:
            # a colon inside quotes or X-CUSTOM(...) is no end; such heads are rare: no cache
            colon = _real_colon(line)
            return (_parse_head(_text_of(line[:colon])) if colon > 0 else None), colon
        if key in self.heads:
            return self.heads[key], colon
        if len(self.heads) > 4096:
            self.heads.clear()
        head = self.heads[key] = _parse_head(_text_of(key))
        return head, colon

    # -- pass 2: values -----------------------------------------------------------------

    def _values(
        self,
        props: list[tuple[int, _Head, list[bytes]]],
        agents: dict[int, str],
        is21: bool,
        card_fallback: str | None,
        problems: list[str],
    ) -> list[Prop]:
        """Decode each value (base64, quoted-printable, charset) into 3.0 escaped text."""
        values: list[Prop] = []
        append = values.append
        utf16 = self.utf16
        for index, (line, head, parts) in enumerate(props):
            name, group, params, qp, b64, charset, unknown, kind = head
            if agents and index in agents:
                append(Prop(name, agents[index], params, group))
                continue
            data = parts[0] if len(parts) == 1 else b"".join(parts)
            if b64:
                text, valid = decode.clean_base64(data)
                if not valid:
                    problems.append(f"line {line}: {name} is not valid base64; kept as written")
                elif self.spool is not None and len(text) >= SPOOL_MIN_CHARS:
                    append(Prop(name, "", params, group, self.spool.keep(text)))
                    continue
                append(Prop(name, text, params, group))
                continue
            if qp:
                stripped = data.rstrip(b" \t")
                if stripped.endswith(b"="):  # a soft break before the next property
                    data = stripped[:-1]
                decoded = binascii.a2b_qp(data)
                if b"=" in decoded and _QP_BAD.search(data):
                    problems.append(f"line {line}: bad quoted-printable in {name}; kept as written")
                data = decoded
            if utf16:
                text, problem = _utf8_or_replace(data)
            elif (charset is None or charset == "utf-8") and not unknown:
                try:
                    text, problem = data.decode(), ""
                except UnicodeDecodeError:
                    text, problem = decode.decode_value(data, charset, "", card_fallback)
            else:
                text, problem = decode.decode_value(data, charset, unknown, card_fallback)
            if problem:
                problems.append(f"line {line}: {name} {problem}")
            if not text.isprintable() and _UNWRITABLE.search(text):  # never silently
                problems.append(f"line {line}: {name} holds control characters; the outputs "
                                "leave them out")
            if is21:
                if kind != STRUCTURED or _SPECIAL_21.search(text):
                    text = decode.value_21_to_30(text, kind)
            elif qp:
                text = decode.escape_newlines(text)
            append(Prop(name, text, params, group))
        return values


# what the writer leaves out of any value (they could break a line or a terminal); line
# breaks (CR, LF) and tabs it writes
_UNWRITABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class _Nested:
    """A BEGIN line inside a card: a nested card becomes AGENT, anything else is skipped."""

    def __init__(
        self,
        lines: list[bytes],
        first_line: int,
        props: list[tuple[int, _Head, list[bytes]]],
        agents: dict[int, str],
        problems: list[str],
    ) -> None:
        self.lines = lines
        self.first_line = first_line
        self.props = props
        self.agents = agents
        self.problems = problems

    def consume(self, k: int, end: int, found: re.Match[bytes]) -> int:
        """Handle the block starting at line ``k``; return the index of its last line."""
        line_no = self.first_line + k
        name = found[2].upper()
        component = name.decode("ascii")
        if found[1].upper() != b"BEGIN":
            self.problems.append(
                f"line {line_no}: END:{component} without BEGIN:{component}; skipped"
            )
            return k
        collected, last = self._collect(k, end, name)
        if name != b"VCARD":
            self.problems.append(f"line {line_no}: nested {component} component skipped")
            return last
        nested = escape_text("\n".join(_text_of(text) for text in collected))
        props = self.props
        index = len(props) - 1
        if (
            index >= 0
            and props[index][1][0] == "AGENT"
            and index not in self.agents
            and not b"".join(props[index][2]).strip()
        ):
            self.agents[index] = nested  # 2.1: "AGENT:" and the card on the next lines
            return last
        props.append((line_no, _AGENT_HEAD, [b""]))
        self.agents[len(props) - 1] = nested
        self.problems.append(f"line {line_no}: vCard nested without AGENT; kept as AGENT")
        return last

    def _collect(self, k: int, end: int, name: bytes) -> tuple[list[bytes], int]:
        """Lines from ``k`` to the matching END (or the card's end)."""
        depth = 0
        collected: list[bytes] = []
        j = k
        while j < end:
            text = self.lines[j]
            inner = _BOUNDARY.match(text) if text[:2] in _BOUNDARY_PREFIXES else None
            if inner and inner[2].upper() == name:
                depth += 1 if inner[1].upper() == b"BEGIN" else -1
            collected.append(text)
            if not depth:
                return collected, j
            j += 1
        return collected, end - 1


def _utf8_or_replace(data: bytes) -> tuple[str, str]:
    try:
        return data.decode("utf-8"), ""
    except UnicodeDecodeError:
        return data.decode("utf-8", "replace"), "holds invalid UTF-16; damaged characters replaced"


def _text_of(data: bytes) -> str:
    """Bytes outside any declared charset (heads, nested cards): UTF-8, else Windows-1252."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return decode.decode_8bit(data, "cp1252")


def _version(lines: list[bytes], end: int) -> str:
    """The card's VERSION value ("" when it declares none); usually the second line."""
    for k in range(1, end):
        line = lines[k]
        if line[:8].upper() == b"VERSION:":
            value = line[8:].strip().decode("ascii", "replace")
            return f"{value}.0" if value.isdigit() else value
    return ""


def _real_colon(line: bytes) -> int:
    """Where the value starts when the head holds quotes or Samsung's ``X-CUSTOM(...)``."""
    quoted = False
    depth = 0
    for index, byte in enumerate(line):
        if byte == 34:  # "
            quoted = not quoted
        elif quoted:
            continue
        elif byte == 40:  # (
            depth += 1
        elif byte == 41 and depth:  # )
            depth -= 1
        elif byte == 58 and not depth:  # :
            return index
    return line.find(b":")


def _split_head(head: str) -> list[str]:
    """Split a head at ``;`` outside quotes and parentheses."""
    if '"' not in head and "(" not in head:
        return head.split(";")
    parts: list[str] = []
    current: list[str] = []
    quoted = False
    depth = 0
    for ch in head:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch == "(":
            depth += 1
        elif not quoted and ch == ")" and depth:
            depth -= 1
        elif ch == ";" and not quoted and not depth:
            parts.append("".join(current))
            current = []
            continue
        current.append(ch)
    parts.append("".join(current))
    return parts


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1]
    return value


def _no_breaks(value: str) -> str:
    """Parameter values never carry line breaks (a decoded label could)."""
    if "\n" in value or "\r" in value:
        return " ".join(value.splitlines())
    return value


def _custom_label(inner: str) -> str:
    """Samsung's ``X-CUSTOM(CHARSET=UTF-8,ENCODING=QUOTED-PRINTABLE,=41=72…)`` label text."""
    charset = "utf-8"
    qp = False
    rest = inner
    while True:
        item, comma, tail = rest.partition(",")
        key = item.strip().upper()
        if comma and key.startswith("CHARSET="):
            charset = decode.codec_for(item.strip()[8:]) or "utf-8"
        elif comma and key.startswith("ENCODING="):
            qp = "QUOTED" in key
        else:
            break
        rest = tail
    if not qp:
        return _no_breaks(rest.strip())
    data, _ = decode.decode_qp(rest.strip().encode("utf-8"))
    text, _ = decode.decode_value(data, charset, "", None)
    return _no_breaks(text)


def _parse_head(head: str) -> _Head | None:
    """``[group.]NAME[;params]`` → the pieces a property needs; None if it is no property."""
    pieces = _split_head(head)
    first = pieces[0].strip().lstrip("\ufeff")
    params: list[tuple[str, str]] = []
    if first.upper().startswith("X-CUSTOM(") and first.endswith(")"):
        params.append(("X-CUSTOM", _custom_label(first[9:-1])))
        group, name = "", "X-CUSTOM"
    else:
        group, _, name = first.rpartition(".")
        name = name.upper()
    if not _VALID_NAME.fullmatch(name) or (group and not _VALID_NAME.fullmatch(group)):
        return None
    if name == "VERSION":
        return _VERSION_HEAD
    if name in ("BEGIN", "END") and len(pieces) == 1 and not group:
        return _BOUNDARY_HEAD
    qp = b64 = False
    charset: str | None = None
    unknown = ""
    value_type = ""
    for piece in pieces[1:]:
        piece = piece.strip()
        if not piece:
            continue
        if piece.upper().startswith("X-CUSTOM(") and piece.endswith(")"):
            params.append(("X-CUSTOM", _custom_label(piece[9:-1])))  # Samsung's label
            continue
        key, eq, value = piece.partition("=")
        if not eq:
            word = _unquote(piece)
            upper = word.upper()
            if upper in ("QUOTED-PRINTABLE", "QP"):
                qp = True
            elif upper in ("BASE64", "B"):
                if not b64:
                    params.append(("ENCODING", "b"))
                b64 = True
            elif upper in ("7BIT", "8BIT"):
                pass
            elif upper in _BARE_VALUES:
                value_type = word.lower()
                params.append(("VALUE", value_type))
            elif decode.is_charset_name(word):
                charset = decode.codec_for(word)
            else:
                params.append(("TYPE", _no_breaks(word.lower())))
            continue
        key = key.strip().upper()
        if key == "TYPE":
            for item in value.split(","):
                item = item.strip().strip('"').strip().lower()
                if item:
                    params.append(("TYPE", _no_breaks(item)))
        elif key == "ENCODING":
            encoding = _unquote(value).upper()
            if encoding in ("QUOTED-PRINTABLE", "QP"):
                qp = True
            elif encoding in ("B", "BASE64"):
                if not b64:
                    params.append(("ENCODING", "b"))
                b64 = True
            elif encoding not in ("7BIT", "8BIT"):
                params.append(("ENCODING", _no_breaks(_unquote(value))))
        elif key == "CHARSET":
            charset = decode.codec_for(_unquote(value))
            unknown = "" if charset else _unquote(value)
        elif key == "VALUE":
            value_type = _unquote(value).lower()
            params.append(("VALUE", _no_breaks(value_type)))
        else:
            params.append((key, _no_breaks(_unquote(value))))
    if b64 or value_type in _URI_VALUES or name in _VERBATIM_NAMES:
        kind = VERBATIM
    elif name in _LISTED_NAMES:
        kind = LISTED
    else:
        kind = STRUCTURED
    return (name, group, tuple(params), qp, b64, charset, unknown, kind)
