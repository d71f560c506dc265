"""What left in each export, per label, so the next report can say what changed.

``exports.numbers`` holds {E.164: display name} of the business contacts that
left (company data). When a person is erased (``forget``) their entry is
replaced by ``erased:<keyed hash>``: the next report can still count them as
dropped out without keeping the number or the name.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime

from contactgate.store import audit
from contactgate.store.audit import append_event
from contactgate.store.db import Store, write_transaction

ERASED_PREFIX = "erased:"
DEFAULT_LABEL = "default"


@dataclass(frozen=True, slots=True)
class PreviousExport:
    id: int
    at: datetime
    numbers: dict[str, str]  # {e164: name}
    files: dict[str, str] = field(default_factory=dict)  # {file name: sha256}
    # keyed hashes ("tel:" + E.164) of numbers of this export whose person was erased since
    erased_hashes: tuple[str, ...] = ()

    @property
    def erased(self) -> int:
        return len(self.erased_hashes)


def previous_export(store: Store, label: str = DEFAULT_LABEL) -> PreviousExport | None:
    """The last export recorded under ``label``, or None for the first one."""
    row = store.db.conn.execute(
        "SELECT id, at, numbers, files FROM exports WHERE label = ? ORDER BY id DESC LIMIT 1",
        (label,),
    ).fetchone()
    if row is None:
        return None
    stored: dict[str, str] = json.loads(row[2])
    numbers = {k: v for k, v in stored.items() if not k.startswith(ERASED_PREFIX)}
    return PreviousExport(
        id=int(row[0]),
        at=datetime.fromisoformat(row[1]),
        numbers=numbers,
        files=json.loads(row[3]),
        erased_hashes=tuple(sorted(k.removeprefix(ERASED_PREFIX) for k in stored
                                   if k.startswith(ERASED_PREFIX))),
    )


def last_export_id(store: Store) -> int:
    """The id of the newest export of any label (0 for none): what came after it is new."""
    row = store.db.conn.execute("SELECT coalesce(max(id), 0) FROM exports").fetchone()
    return int(row[0])


def recorded_since(store: Store, last_id: int, label: str, at: datetime) -> bool:
    """Whether an export of ``label`` at ``at`` was recorded after export ``last_id``."""
    row = store.db.conn.execute(
        "SELECT count(*) FROM exports WHERE id > ? AND label = ? AND at = ?",
        (last_id, label, stored_time(at))).fetchone()
    return bool(row[0])


def stored_time(at: datetime) -> str:
    """An export's time as the exports table holds it."""
    return at.astimezone(UTC).isoformat()


def record_export(
    store: Store, label: str, at: datetime, numbers: dict[str, str], files: dict[str, str]
) -> int:
    """Remember what left and the SHA-256 of every file written; audit it without names."""
    if at.tzinfo is None:
        raise ValueError("export times must be timezone-aware")
    with write_transaction(store.db.conn) as conn:
        cursor = conn.execute(
            "INSERT INTO exports(label, at, numbers, files) VALUES (?, ?, ?, ?)",
            (label, stored_time(at), _json(numbers), _json(files)),
        )
        export_id = int(cursor.lastrowid or 0)
        append_event(
            store,
            audit.EXPORT,
            f"export:{export_id}",
            {"label": store.keyed_hash("label:" + label), "numbers": len(numbers),
             "files": dict(sorted(files.items()))},
            at,
        )
    return export_id


def erase_numbers(store: Store, e164s: set[str]) -> int:
    """Replace erased numbers in past exports by keyed hashes; returns entries changed."""
    if not e164s:
        return 0
    changed = 0
    rows = store.db.conn.execute("SELECT id, numbers FROM exports").fetchall()
    for export_id, text in rows:
        numbers: dict[str, str] = json.loads(text)
        hit = e164s.intersection(numbers)
        if not hit:
            continue
        for e164 in hit:
            del numbers[e164]
            numbers[ERASED_PREFIX + store.keyed_hash(f"tel:{e164}")] = ""
        store.db.conn.execute(
            "UPDATE exports SET numbers = ? WHERE id = ?", (_json(numbers), export_id)
        )
        changed += len(hit)
    return changed


def _json(value: dict[str, str]) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
