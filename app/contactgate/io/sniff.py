"""Which reader a file needs: vCard or CSV, by content first and by suffix second."""

from __future__ import annotations

from collections.abc import Generator
from pathlib import Path

from contactgate.core.model import Card, InputError, Quarantined, ReadProblem
from contactgate.io.spool import Spool
from contactgate.io.vcard_read import Pause

HEAD_BYTES = 65_536
VCARD_SUFFIXES = (".vcf", ".vcard")
CSV_SUFFIXES = (".csv", ".tsv", ".txt")


_UTF16_MARKER = b"b\x00e\x00g\x00i\x00n\x00:\x00v\x00c\x00a\x00r\x00d"
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def is_vcard_head(head: bytes) -> bool:
    """Somewhere in the first bytes there is a card (UTF-8/8-bit or UTF-16)."""
    lowered = head.lower()
    return b"begin:vcard" in lowered or _UTF16_MARKER in lowered


def starts_like_vcard(head: bytes) -> bool:
    """The file opens with a card: a CSV cell that mentions BEGIN:VCARD does not."""
    for bom in _BOMS:
        head = head.removeprefix(bom)
    stripped = head.lstrip(b" \t\r\n\x00").lower()
    return stripped.startswith((b"begin:vcard", _UTF16_MARKER[1:], _UTF16_MARKER))


def read_contacts(path: Path, pause_at: int | None = None, spool: Spool | None = None,
                  ) -> Generator[Card | Quarantined | ReadProblem | Pause, None, None]:
    """Cards from a vCard or contacts-CSV file; InputError when it is neither.

    With ``pause_at``, a vCard file's reader yields a :class:`Pause` at that
    offset (see :mod:`contactgate.tail`); a CSV file never pauses. With
    ``spool``, big base64 values are set aside there (:mod:`contactgate.io.spool`).
    """
    from contactgate.io.csv_read import read_contacts_csv
    from contactgate.io.vcard_read import read_vcards, read_vcards_pausing

    head = _head(path)
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        as_vcard = starts_like_vcard(head)
    else:
        as_vcard = suffix in VCARD_SUFFIXES or is_vcard_head(head)
    if as_vcard and pause_at is not None:
        yield from read_vcards_pausing(path, pause_at, spool)
    elif as_vcard:
        yield from read_vcards(path, spool)
    else:
        yield from read_contacts_csv(path)


def _head(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(HEAD_BYTES)
    except OSError as error:
        raise InputError.from_os_error(str(path), error) from None
