"""The audit trail: an append-only, hash-chained table (invariant 6, GDPR Art. 5(2)).

Each row stores the hash of the row before it (``prev_hash``) and its own
``hash`` = SHA-256 over the canonical JSON of ``[id, at, kind, subject,
details, prev_hash]``. Events name people only by id (``contact:12``) or by
keyed hash (``Store.keyed_hash("tel:" + e164)``), never in clear, so erasing a person
never has to touch the chain.

What :func:`verify_chain` detects, and what it cannot:

- an edited row (any column): its hash no longer matches its content;
- a deleted row in the middle or at the start: the next row's ``prev_hash``
  (or the first row's genesis link) and the id sequence break;
- an inserted row: ids are consecutive and part of the hash, so a row slipped
  in between breaks the links; one appended at the end without going through
  :func:`append_event` disagrees with the head kept in ``meta``;
- reordered rows (contents swapped between ids): the id is hashed, so both fail;
- a deleted last row or a truncated tail: the ``meta`` head (last id, its hash
  and the event count) no longer matches the table;
- a rewrite of the whole chain with fresh SHA-256 hashes plus a matching
  ``meta`` head: caught by ``audit_head_mac``, an HMAC of the head under the
  installation key, as long as the forger does not hold ``<db>.key``.

It cannot detect a rewrite by someone holding both the database and its key,
nor the database being replaced as a whole by an older copy with its own key
(keep exported reports and backups elsewhere for that).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime

from contactgate.store.db import Store, write_transaction

GENESIS_HASH = "0" * 64
HEAD_KEY = "audit_head"  # meta value: "<last id> <last hash> <event count>"
HEAD_MAC_KEY = "audit_head_mac"

# Event kinds: stable strings, counted and filtered by auditors' scripts.
IMPORT = "import"
OVERRIDE = "override"
CONSENT_GRANTED = "consent_granted"
CONSENT_WITHDRAWN = "consent_withdrawn"
CONSENT_EDITED = "consent_edited"
EXPORT = "export"
ERASURE = "erasure"


@dataclass(frozen=True, slots=True)
class VerifyResult:
    ok: bool
    events: int
    first_bad_id: int | None
    message: str


@dataclass(frozen=True, slots=True)
class AuditEvent:
    id: int
    at: datetime
    kind: str
    subject: str
    details: dict[str, object]


def append_event(
    store: Store,
    kind: str,
    subject: str = "",
    details: dict[str, object] | None = None,
    at: datetime | None = None,
) -> int:
    """Append one event to the chain and return its id.

    Runs inside the caller's transaction when there is one (so an event and
    the change it records commit together), else in its own IMMEDIATE one, so
    two processes appending at once never fork the chain.
    """
    if not kind:
        raise ValueError("an audit event needs a kind")
    when = _utc_text(at or datetime.now(UTC))
    body = dict(details or {})
    with write_transaction(store.db.conn) as conn:
        last_id, last_hash, count = _tail(conn)
        event_id = last_id + 1
        digest = event_hash(event_id, when, kind, subject, body, last_hash)
        conn.execute(
            "INSERT INTO audit_events(id, at, kind, subject, details, prev_hash, hash) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (event_id, when, kind, subject, canonical_json(body), last_hash, digest),
        )
        _write_head(conn, store.key, event_id, digest, count + 1)
    return event_id


def verify_chain(store: Store) -> VerifyResult:
    """Walk the chain from the first event; report the first one that does not hold."""
    conn = store.db.conn
    expected_prev = GENESIS_HASH
    expected_id = 1
    count = 0
    rows = conn.execute(
        "SELECT id, at, kind, subject, details, prev_hash, hash FROM audit_events ORDER BY id"
    )
    for event_id, at, kind, subject, details_text, prev_hash, stored_hash in rows:
        problem = _row_problem(
            event_id, expected_id, at, kind, subject, details_text, prev_hash, stored_hash,
            expected_prev,
        )
        if problem:
            return VerifyResult(False, count, event_id, f"event {event_id}: {problem}")
        count += 1
        expected_id = event_id + 1
        expected_prev = stored_hash
    return _check_head(conn, store.key, expected_id - 1, expected_prev, count)


def list_events(store: Store, kind: str | None = None) -> list[AuditEvent]:
    """The events in order (optionally of one kind), details parsed."""
    sql = "SELECT id, at, kind, subject, details FROM audit_events"
    params: tuple[str, ...] = ()
    if kind is not None:
        sql += " WHERE kind = ?"
        params = (kind,)
    rows = store.db.conn.execute(sql + " ORDER BY id", params).fetchall()
    return [
        AuditEvent(row[0], datetime.fromisoformat(row[1]), row[2], row[3], json.loads(row[4]))
        for row in rows
    ]


def canonical_json(value: object) -> str:
    """One spelling per value: sorted keys, no spaces, UTF-8 kept; datetimes as UTC ISO."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_json_default
    )


def event_hash(
    event_id: int, at: str, kind: str, subject: str, details: object, prev_hash: str
) -> str:
    payload = canonical_json([event_id, at, kind, subject, details, prev_hash])
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


# --- internals ---------------------------------------------------------------------


def _tail(conn: sqlite3.Connection) -> tuple[int, str, int]:
    """The id to follow, the hash to chain onto, and the event count so far.

    The head recorded in ``meta`` wins over the table's last row: were the last
    rows deleted, chaining onto the survivors would hide the deletion behind a
    fresh, valid link; chaining onto the recorded head keeps it visible.
    """
    row = conn.execute("SELECT id, hash FROM audit_events ORDER BY id DESC LIMIT 1").fetchone()
    tail_id, tail_hash = (int(row[0]), str(row[1])) if row is not None else (0, GENESIS_HASH)
    head = _read_head(conn)
    if head is None or head[0] < 0:
        total = conn.execute("SELECT COUNT(*) FROM audit_events").fetchone()[0]
        return tail_id, tail_hash, int(total)
    head_id, head_hash, head_count = head
    return max(head_id, tail_id), head_hash, head_count


def _row_problem(
    event_id: int,
    expected_id: int,
    at: str,
    kind: str,
    subject: str,
    details_text: str,
    prev_hash: str,
    stored_hash: str,
    expected_prev: str,
) -> str:
    if event_id != expected_id:
        return f"expected event {expected_id} here; events were deleted or inserted"
    if prev_hash != expected_prev:
        return "does not link to the event before it (an event was deleted, inserted or moved)"
    try:
        details = json.loads(details_text)
    except (TypeError, ValueError):
        return "its details are not valid JSON (edited)"
    if event_hash(event_id, at, kind, subject, details, prev_hash) != stored_hash:
        return "its content does not match its hash (edited)"
    return ""


def _check_head(
    conn: sqlite3.Connection, key: bytes, last_id: int, last_hash: str, count: int
) -> VerifyResult:
    head = _read_head(conn)
    if head is None:
        if count == 0:
            return VerifyResult(True, 0, None, "no audit events yet")
        return VerifyResult(
            False, count, 1, "the recorded head of the chain is missing (meta edited)"
        )
    head_id, head_hash, head_count = head
    if (head_id, head_hash, head_count) != (last_id, last_hash, count):
        bad = min(last_id, head_id) + 1 if head_id != last_id else max(last_id, 1)
        return VerifyResult(
            False,
            count,
            bad,
            f"the chain ends at event {last_id} ({count} events) but the recorded head is "
            f"event {head_id} ({head_count} events): events were removed from or added to the end",
        )
    mac = conn.execute("SELECT value FROM meta WHERE key = ?", (HEAD_MAC_KEY,)).fetchone()
    expected_mac = _head_mac(key, head_id, head_hash, count)
    if mac is None or not hmac.compare_digest(str(mac[0]), expected_mac):
        return VerifyResult(
            False, count, max(head_id, 1),
            "the head of the chain is not signed by this installation's key (chain rewritten)",
        )
    return VerifyResult(True, count, None, f"{count} audit events, chain intact")


def _read_head(conn: sqlite3.Connection) -> tuple[int, str, int] | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (HEAD_KEY,)).fetchone()
    if row is None:
        return None
    try:
        head_id, head_hash, head_count = str(row[0]).split()
        return int(head_id), head_hash, int(head_count)
    except ValueError:
        return -1, "", -1  # damaged: never matches a real chain


def _write_head(
    conn: sqlite3.Connection, key: bytes, event_id: int, digest: str, count: int
) -> None:
    conn.execute(
        "INSERT INTO meta(key, value) VALUES (?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (HEAD_KEY, f"{event_id} {digest} {count}"),
    )
    conn.execute(
        "INSERT INTO meta(key, value) VALUES (?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (HEAD_MAC_KEY, _head_mac(key, event_id, digest, count)),
    )


def _head_mac(key: bytes, event_id: int, digest: str, count: int) -> str:
    message = f"audit head {event_id} {digest} {count}".encode("ascii")
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def _utc_text(at: datetime) -> str:
    if at.tzinfo is None:
        raise ValueError("audit times must be timezone-aware")
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def _json_default(value: object) -> object:
    if isinstance(value, datetime):
        return _utc_text(value)
    if isinstance(value, (set, frozenset, tuple)):
        return sorted(value) if isinstance(value, (set, frozenset)) else list(value)
    raise TypeError(f"cannot record {type(value).__name__} in an audit event")
