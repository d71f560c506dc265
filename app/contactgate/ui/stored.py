"""The business contacts the database keeps, as the window shows them before an import.

Read-only: rows are written by the core's export (``store.contacts.save_business``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from contactgate.core.model import Reason
from contactgate.store.db import Store


@dataclass(frozen=True, slots=True)
class StoredBusiness:
    id: int
    fn: str
    org: str
    numbers: tuple[str, ...]
    emails: tuple[str, ...]
    score: int
    reasons: tuple[Reason, ...]
    overridden: bool
    label: str
    first_seen: str
    last_seen: str


def load_stored_business(store: Store) -> list[StoredBusiness]:
    rows = store.db.query(
        "SELECT id, fn, org, numbers, emails, score, reasons, overridden, label, first_seen,"
        " last_seen FROM business_contacts ORDER BY fn COLLATE NOCASE, id"
    )
    return [_stored(row) for row in rows]


def _stored(row: dict[str, object]) -> StoredBusiness:
    return StoredBusiness(
        id=int(str(row["id"])),
        fn=str(row["fn"]),
        org=str(row["org"] or ""),
        numbers=tuple(str(n) for n in _json_list(row["numbers"])),
        emails=tuple(str(e) for e in _json_list(row["emails"])),
        score=int(str(row["score"])),
        reasons=tuple(_reason(r) for r in _json_list(row["reasons"]) if isinstance(r, dict)),
        overridden=bool(row["overridden"]),
        label=str(row["label"]),
        first_seen=str(row["first_seen"]),
        last_seen=str(row["last_seen"]),
    )


def _json_list(value: object) -> list[object]:
    try:
        data = json.loads(str(value or "[]"))
    except ValueError:
        return []
    return data if isinstance(data, list) else []


def _reason(data: dict[str, object]) -> Reason:
    weight = data.get("weight", 0)
    return Reason(
        code=str(data.get("code", "")),
        weight=weight if isinstance(weight, int) else 0,
        text=str(data.get("text", "")),
        detail=str(data.get("detail", "")),
    )
