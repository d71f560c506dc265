"""Business contacts in full, user decisions, and erased people (by keyed hash only).

Invariant 5: a private or unsure person never enters the database in clear.
Their user decisions ("this one is private") are kept as HMAC-SHA256 of each
normalised number and e-mail, which lets a re-import recognise them without
storing who they are.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Iterator
from datetime import datetime
from functools import lru_cache
from typing import Any, NamedTuple

from contactgate.core.dedupe import name_key
from contactgate.core.model import BUCKETS, BUSINESS, Bucket, Contact, Reason, Verdict
from contactgate.store.db import Store, write_transaction


def identity_keys(contact: Contact) -> list[str]:
    """Normalised numbers and e-mails: what a decision or an erasure is remembered by."""
    return list(_identity_keys(contact))


def _identity_keys(contact: Contact) -> Iterator[str]:
    yield from (f"tel:{n}" for n in contact.numbers())
    yield from (f"mail:{e.address}" for e in contact.emails if e.address)


def contact_hashes(store: Store, contact: Contact) -> list[str]:
    return [store.keyed_hash(key) for key in identity_keys(contact)]


def contact_identity(store: Store, contact: Contact) -> str:
    """A stable row identity for a business contact across re-imports.

    Its first number or e-mail *and* its name: two people who share a
    switchboard number stay two rows.
    """
    return store.keyed_hash(_identity_text(contact))


def _identity_text(contact: Contact) -> str:
    return f"{_first_identity_key(contact)}|{name_key(contact)}"


def _first_identity_key(contact: Contact) -> str:
    """``identity_keys(contact)[0]`` (or "name"), without making the others."""
    return next(_identity_keys(contact), "name")


def overrides(store: Store, contacts: Iterable[Contact]) -> dict[int, Bucket]:
    """User decisions that apply to these contacts, by contact key."""
    remembered: dict[str, Bucket] = {
        row["hash"]: row["bucket"]
        for row in store.db.query("SELECT hash, bucket FROM decisions WHERE source = 'override'")
    }
    if not remembered:
        return {}
    found: dict[int, Bucket] = {}
    for contact in contacts:
        for digest in contact_hashes(store, contact):
            bucket = remembered.get(digest)
            if bucket is not None:
                found[contact.key] = bucket
                break
    return found


def remember_override(store: Store, contact: Contact, bucket: Bucket, at: datetime) -> int:
    """Record a user's decision by keyed hash; returns how many keys were remembered."""
    if bucket not in BUCKETS:
        raise ValueError(f"unknown bucket {bucket!r}")
    rows = [(digest, bucket, at.isoformat()) for digest in contact_hashes(store, contact)]
    with write_transaction(store.db.conn) as conn:
        conn.executemany(
            "INSERT INTO decisions(hash, bucket, source, decided_at) VALUES (?, ?, 'override', ?) "
            "ON CONFLICT(hash) DO UPDATE SET bucket = excluded.bucket, source = 'override', "
            "decided_at = excluded.decided_at",
            rows,
        )
    return len(rows)


def forget_override(store: Store, contact: Contact) -> int:
    """Drop a user's decision again (undo): the rules decide once more. Returns keys dropped."""
    hashes = [(digest,) for digest in contact_hashes(store, contact)]
    with write_transaction(store.db.conn) as conn:
        cursor = conn.executemany(
            "DELETE FROM decisions WHERE hash = ? AND source = 'override'", hashes)
    return max(cursor.rowcount, 0)


def load_business(store: Store) -> list[dict[str, Any]]:
    """Stored business contacts for display: id, name, organisation, numbers, reasons."""
    rows = store.db.conn.execute(
        "SELECT id, fn, org, numbers, emails, score, reasons, overridden, last_seen "
        "FROM business_contacts ORDER BY fn COLLATE NOCASE, id"
    ).fetchall()
    keys = ("id", "fn", "org", "numbers", "emails", "score", "reasons", "overridden", "last_seen")
    result = []
    for row in rows:
        item = dict(zip(keys, row, strict=True))
        for name in ("numbers", "emails", "reasons"):
            item[name] = json.loads(item[name])
        item["overridden"] = bool(item["overridden"])
        result.append(item)
    return result


def save_business(store: Store, contacts: Iterable[tuple[Contact, Verdict, str]],
                  label: str, at: datetime) -> int:
    """Upsert business contacts (contact, verdict, full vCard text); returns rows written.

    Rows are made as sqlite asks for them: 50,000 of them never sit in memory at once.
    """
    now = at.isoformat()
    written = 0

    def rows() -> Iterator[tuple[Any, ...]]:
        nonlocal written
        for fields in business_fields(contacts):
            written += 1
            yield business_row(store, fields, label, now)

    with write_transaction(store.db.conn) as conn:  # one transaction, not one per row
        insert_business_rows(conn, rows())
        index_numbers(conn, label, now)
    return written


class BusinessFields(NamedTuple):
    """What a business row is made of, before the installation key, the label and the time."""

    identity: str  # first number or e-mail and name key: hashed with the key into the row
    fn: str
    org: str
    numbers: list[str]
    emails: list[str]
    vcard: str
    score: int
    reasons: str  # JSON
    overridden: int


def business_fields(contacts: Iterable[tuple[Contact, Verdict, str]]) -> Iterator[BusinessFields]:
    """The fields of ``save_business``'s rows, for a caller that makes the rows elsewhere."""
    for contact, verdict, vcard in contacts:
        if verdict.bucket != BUSINESS:
            raise ValueError("only business contacts are stored in full (invariant 5)")
        yield BusinessFields(_identity_text(contact), contact.display_name, contact.org,
                             contact.numbers(), [e.address for e in contact.emails], vcard,
                             verdict.score, reasons_json(verdict.reasons), int(verdict.overridden))


def business_row(store: Store, fields: BusinessFields, label: str, now: str) -> tuple[Any, ...]:
    """The values of one row, in the order of the upsert's columns."""
    return (store.keyed_hash(fields.identity), fields.fn, fields.org, _json_list(fields.numbers),
            _json_list(fields.emails), fields.vcard, fields.score, fields.reasons,
            fields.overridden, label, now, now)


def insert_business_rows(conn: sqlite3.Connection, rows: Iterable[tuple[Any, ...]]) -> None:
    """Upsert rows made by ``business_row`` (inside the caller's transaction)."""
    conn.executemany(_UPSERT_BUSINESS, rows)


def index_numbers(conn: sqlite3.Connection, label: str, now: str) -> None:
    """contact_numbers for the rows just written, from their own ``numbers`` column."""
    try:  # one statement instead of one per number (JSON1 is built into SQLite >= 3.38)
        conn.execute(
            "INSERT OR IGNORE INTO contact_numbers(contact_id, e164) "
            "SELECT b.id, j.value FROM business_contacts AS b, json_each(b.numbers) AS j "
            "WHERE b.label = ? AND b.last_seen = ?", (label, now))
    except sqlite3.OperationalError:  # an SQLite built without JSON
        written = conn.execute("SELECT id, numbers FROM business_contacts "
                               "WHERE label = ? AND last_seen = ?", (label, now)).fetchall()
        conn.executemany("INSERT OR IGNORE INTO contact_numbers(contact_id, e164) VALUES (?, ?)",
                         [(row_id, n) for row_id, listed in written for n in json.loads(listed)])


_UPSERT_BUSINESS = """
INSERT INTO business_contacts
    (identity, fn, org, numbers, emails, vcard, score, reasons, overridden, label,
     first_seen, last_seen)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT(identity) DO UPDATE SET
    fn = excluded.fn, org = excluded.org, numbers = excluded.numbers, emails = excluded.emails,
    vcard = excluded.vcard, score = excluded.score, reasons = excluded.reasons,
    overridden = excluded.overridden, label = excluded.label, last_seen = excluded.last_seen
"""


_NEEDS_ESCAPING = re.compile(r'["\\\x00-\x1f\x7f-\U0010ffff]')


def _json_list(items: list[str]) -> str:
    """``json.dumps(items)``, character for character; plain ASCII without its detour."""
    if any(_NEEDS_ESCAPING.search(item) for item in items):
        return json.dumps(items)
    return '["' + '", "'.join(items) + '"]' if items else "[]"


@lru_cache(maxsize=16_384)  # a book has few distinct sets of reasons: encode each once
def reasons_json(reasons: tuple[Reason, ...]) -> str:
    return json.dumps(
        [{"code": r.code, "weight": r.weight, "text": r.text, "detail": r.detail}
         for r in reasons],
        ensure_ascii=False,
    )


def forget_business_rows_not_business(store: Store, contacts: Iterable[Contact]) -> int:
    """Remove stored rows of contacts that are no longer business (reclassified)."""
    identities = [contact_identity(store, c) for c in contacts]
    if not identities:
        return 0
    with write_transaction(store.db.conn) as conn:
        cursor = conn.executemany(
            "DELETE FROM business_contacts WHERE identity = ?", [(i,) for i in identities]
        )
    return cursor.rowcount if cursor.rowcount is not None else 0


def suppressions(store: Store) -> dict[str, datetime]:
    """Keyed hashes of erased people, with the time of erasure."""
    return {
        row["hash"]: datetime.fromisoformat(row["at"])
        for row in store.db.query("SELECT hash, at FROM suppressions")
    }
