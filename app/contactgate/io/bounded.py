"""Read a line-oriented text file without ever holding a line that is too long.

Used by the CSV readers: a row of hundreds of megabytes is left out (its line
kept empty so the rows after it keep their numbers) and reported by line,
offset and length; the caller quarantines or rejects it. Memory stays bounded
by the ordinary rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import BinaryIO

MAX_LINE_BYTES = 16 * 1024 * 1024  # no contact or consent row is this long
CHUNK_BYTES = 1 << 20


@dataclass(frozen=True, slots=True)
class LongLine:
    line: int  # 1-based physical line
    offset: int
    length: int  # bytes, with its line break


def looks_utf16(head: bytes) -> bool:
    """Zero bytes everywhere: UTF-16, where splitting at b"\\n" bytes would cut characters."""
    return bool(head) and head.count(b"\x00") > len(head) // 4


def read_without_long_lines(handle: BinaryIO, limit: int,
                            max_line: int | None = None) -> tuple[bytes, list[LongLine]]:
    """Up to ``limit`` bytes of the file with lines over ``max_line`` left empty.

    UTF-16 files are read whole (up to ``limit + 1`` bytes), as no row can be told apart
    without decoding. A result longer than ``limit`` tells the caller the file is too big.
    """
    max_line = max_line or MAX_LINE_BYTES
    head = handle.read(4096)
    handle.seek(0)
    if looks_utf16(head):
        return handle.read(limit + 1), []
    kept: list[bytes] = []
    long_lines: list[LongLine] = []
    line, start, offset, size, total = 1, 0, 0, 0, 0
    current: list[bytes] = []
    too_long = False
    for chunk in iter(lambda: handle.read(CHUNK_BYTES), b""):
        pieces = chunk.split(b"\n")
        end = offset
        for index, piece in enumerate(pieces):
            last = index == len(pieces) - 1
            step = len(piece) + (0 if last else 1)
            size, end = size + step, end + step
            if not too_long and size > max_line:
                too_long, current = True, []
            if not too_long:
                current.append(piece if last else piece + b"\n")
            if last:
                continue
            if too_long:
                long_lines.append(LongLine(line, start, end - start))
                kept.append(b"\n")  # the rows after it keep their line numbers
            else:
                kept.extend(current)
                total += size
                if total > limit:
                    return b"".join(kept), long_lines
            current, size, too_long = [], 0, False
            line, start = line + 1, end
        offset += len(chunk)
    if too_long:
        long_lines.append(LongLine(line, start, offset - start))
    else:
        kept.extend(current)
    return b"".join(kept), long_lines
