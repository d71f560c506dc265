"""A contacts CSV row too long to hold is quarantined by offset, in place, neighbours kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from contactgate.core.model import Card, Quarantined
from contactgate.io.csv_read import read_contacts_csv


@pytest.mark.parametrize("newline", [b"\r\n", b"\n"])
def test_giant_row_is_quarantined_in_order_with_exact_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, newline: bytes
) -> None:
    monkeypatch.setattr("contactgate.io.bounded.MAX_LINE_BYTES", 1000)
    giant = b"Lang,0171 3920010," + b"A" * 5000 + newline
    data = (b"Name,Mobile Phone,Notes" + newline + b"Gut,0171 3920009,ok" + newline + giant
            + b"Nach,0171 3920011,ok" + newline)
    path = tmp_path / "g.csv"
    path.write_bytes(data)
    items = list(read_contacts_csv(path))
    assert [(type(i).__name__, i.line) for i in items] == [
        ("Card", 2), ("Quarantined", 3), ("Card", 4)]
    quarantined = items[1]
    assert isinstance(quarantined, Quarantined) and quarantined.raw is None
    assert data[quarantined.offset : quarantined.offset + quarantined.length] == giant
    assert all(isinstance(i, Card) for i in (items[0], items[2]))
