"""Which reader a file needs: vCard or CSV, by content first and by suffix second."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from contactgate.core.model import Card, InputError, Quarantined, ReadProblem

HEAD_BYTES = 65_536
VCARD_SUFFIXES = (".vcf", ".vcard")
CSV_SUFFIXES = (".csv", ".tsv", ".txt")


def is_vcard_head(head: bytes) -> bool:
    lowered = head.lower()
    if b"begin:vcard" in lowered:
        return True
    # UTF-16 without decoding: the marker with zero bytes between its letters.
    return b"b\x00e\x00g\x00i\x00n\x00:\x00v\x00c\x00a\x00r\x00d" in lowered


def read_contacts(path: Path) -> Iterator[Card | Quarantined | ReadProblem]:
    """Cards from a vCard or contacts-CSV file; InputError when it is neither."""
    from contactgate.io.csv_read import read_contacts_csv
    from contactgate.io.vcard_read import read_vcards

    head = _head(path)
    if is_vcard_head(head) or path.suffix.lower() in VCARD_SUFFIXES:
        yield from read_vcards(path)
    else:
        yield from read_contacts_csv(path)


def _head(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(HEAD_BYTES)
    except FileNotFoundError:
        raise InputError(str(path), "no such file") from None
    except IsADirectoryError:
        raise InputError(str(path), "is a folder, not a file") from None
    except OSError as exc:
        raise InputError(str(path), f"cannot read ({exc.strerror})") from exc
