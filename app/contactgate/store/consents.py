"""The consent register: table ``consents``, one row per number, purpose and grant.

A grant is identified by (E.164 number, purpose, granted_at). Recording it
again updates withdrawn_at, expires_at and evidence and adds nothing. A
withdrawal closes every earlier grant of that number and purpose, and it
stands: a later import that lacks it never re-opens the gate (Art. 7(3)).
Every grant, withdrawal and edit appends an audit event naming the grant by
id and the number only by keyed hash.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from contactgate.core.consent import apply_withdrawals, is_valid, with_reconfirmation
from contactgate.core.model import WHATSAPP_PURPOSE, Consent, InputError
from contactgate.store import audit
from contactgate.store.audit import append_event
from contactgate.store.db import Store, write_transaction

WITHDRAWAL_ONLY_METHOD = "withdrawal"  # a withdrawal recorded before any grant is on file

_COLUMNS = (
    "id, e164, purpose, granted_at, method, evidence, evidence_file, evidence_sha256, "
    "withdrawn_at, withdrawal_route, expires_at, confirmed_at, name, email, text_version, "
    "recorded_by, recorded_at, legal_basis, controller, contact_id"
)


@dataclass(frozen=True, slots=True)
class UpsertCounts:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    closed: int = 0  # earlier grants closed by a withdrawal in this batch
    suppressed: int = 0  # grants for erased people, older than the erasure: not recorded


@dataclass(frozen=True, slots=True)
class ConsentRecord:
    """A stored grant with its row id and when it was recorded."""

    id: int
    consent: Consent
    recorded_at: datetime
    contact_id: int | None = None


# --- writing -----------------------------------------------------------------------


def upsert_consents(
    store: Store,
    consents: Iterable[Consent],
    recorded_by: str = "",
    source: str = "",
    now: datetime | None = None,
) -> UpsertCounts:
    """Record grants in one transaction; see the module docstring for the rules."""
    when = now or datetime.now(UTC)
    counts = {"added": 0, "updated": 0, "unchanged": 0, "closed": 0, "suppressed": 0}
    touched: set[tuple[str, str]] = set()
    with write_transaction(store.db.conn):
        suppressions = _suppressions(store)
        known = {_identity(r.consent): r for r in load_records(store)}  # one query, not one a row
        for consent in consents:
            stamped = _second_precision(
                consent if consent.recorded_by else replace(consent, recorded_by=recorded_by)
            )
            erased_at = suppressions.get(number_hash(store, consent.e164))
            if erased_at is not None and stamped.granted_at <= erased_at:
                counts["suppressed"] += 1
                continue
            outcome = _upsert_one(store, known, stamped, when, source)
            counts[outcome] += 1
            touched.add((consent.e164, consent.purpose))
        counts["closed"] = _close_earlier_grants(store, touched, when)
    return UpsertCounts(**counts)


def add_consent(
    store: Store,
    consent: Consent,
    recorded_by: str = "",
    evidence_path: Path | None = None,
    now: datetime | None = None,
) -> int:
    """Record one grant (``consent add``); returns its row id. Same identity: an update."""
    if evidence_path is not None:
        consent = with_evidence_file(consent, evidence_path)
    upsert_consents(store, [consent], recorded_by=recorded_by, source="manual", now=now)
    row = store.db.conn.execute(
        "SELECT id FROM consents WHERE e164 = ? AND purpose = ? AND granted_at = ?",
        (consent.e164, consent.purpose, _iso(_second_precision(consent).granted_at)),
    ).fetchone()
    if row is None:  # suppressed: an erased person's old grant
        raise InputError(
            consent.e164, "this number was erased; only a grant given after the erasure counts"
        )
    return int(row[0])


def withdraw(
    store: Store,
    e164: str,
    at: datetime,
    purpose: str = WHATSAPP_PURPOSE,
    route: str = "",
    recorded_by: str = "",
    now: datetime | None = None,
) -> int:
    """Close every grant of ``e164`` and ``purpose`` given at or before ``at``; returns how many.

    With no grant on file the withdrawal is still recorded (as a grant that is
    withdrawn the moment it starts), so a grant imported later from before
    ``at`` is closed by it.
    """
    when = now or datetime.now(UTC)
    if at.tzinfo is None:
        raise ValueError("a withdrawal time must be timezone-aware")
    at = at.astimezone(UTC).replace(microsecond=0)
    with write_transaction(store.db.conn):
        open_grants = [
            record for record in _records(store, "e164 = ? AND purpose = ?", (e164, purpose))
            if record.consent.granted_at <= at
            and (record.consent.withdrawn_at is None or record.consent.withdrawn_at > at)
        ]
        for record in open_grants:
            _set_withdrawn(store, record, at, route, why="withdrawn", now=when)
        if not open_grants and not _has_withdrawal_at(store, e164, purpose, at):
            marker = Consent(
                e164=e164, granted_at=at, method=WITHDRAWAL_ONLY_METHOD,
                evidence=route or "withdrawal recorded", purpose=purpose, withdrawn_at=at,
                withdrawal_route=route, recorded_by=recorded_by,
            )
            _insert(store, marker, when, source="withdraw")
    return len(open_grants)


def with_evidence_file(consent: Consent, path: Path) -> Consent:
    """The grant with its evidence file referenced by absolute path and SHA-256."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    except OSError as exc:
        raise InputError(str(path), f"cannot read the evidence file ({exc.strerror})") from exc
    return replace(consent, evidence_file=str(path.resolve()), evidence_sha256=digest.hexdigest())


def resolve_evidence_files(consents: Iterable[Consent], base: Path) -> list[Consent]:
    """For imported rows naming an evidence file that exists (relative to ``base``): hash it."""
    resolved: list[Consent] = []
    for consent in consents:
        path = Path(consent.evidence_file) if consent.evidence_file else None
        if path is not None and not path.is_absolute():
            path = base / path
        if path is not None and path.is_file() and not consent.evidence_sha256:
            consent = with_evidence_file(consent, path)
        resolved.append(consent)
    return resolved


# --- reading -----------------------------------------------------------------------


def load_consents(store: Store) -> list[Consent]:
    """Every stored grant, ordered by number, purpose and grant time."""
    return [record.consent for record in load_records(store)]


def load_records(store: Store, e164: str | None = None) -> list[ConsentRecord]:
    if e164 is None:
        return _records(store, "1 = 1", ())
    return _records(store, "e164 = ?", (e164,))


def valid_at(store: Store, at: datetime,
             reconfirm_months: int | None = None) -> list[ConsentRecord]:
    """Grants that open the gate at ``at`` (purpose whatsapp, granted, open, unexpired),
    judged with the policy's re-confirmation as the gate judges them."""
    return [r for r in _closed_records(store, reconfirm_months) if is_valid(r.consent, at)]


def expiring_within(store: Store, at: datetime, days: int,
                    reconfirm_months: int | None = None) -> list[ConsentRecord]:
    """Grants valid at ``at`` whose expiry (or review date) falls within ``days``."""
    try:
        horizon = at + timedelta(days=days)
    except OverflowError:  # further than any date: every grant that expires at all
        horizon = datetime.max.replace(tzinfo=UTC)
    return [
        r for r in valid_at(store, at, reconfirm_months)
        if r.consent.expires_at is not None and r.consent.expires_at <= horizon
    ]


def drop_suppressed(store: Store, consents: Iterable[Consent]) -> tuple[list[Consent], int]:
    """Grants not belonging to an erased person (or given after the erasure), and how many went."""
    suppressions = _suppressions(store)
    kept: list[Consent] = []
    dropped = 0
    for consent in consents:
        erased_at = suppressions.get(number_hash(store, consent.e164))
        if erased_at is not None and consent.granted_at <= erased_at:
            dropped += 1
        else:
            kept.append(consent)
    return kept, dropped


def number_hash(store: Store, e164: str) -> str:
    """How a number is named in audit events and suppressions (as store.contacts keys it)."""
    return store.keyed_hash(f"tel:{e164}")


# --- internals ---------------------------------------------------------------------


def _upsert_one(
    store: Store, known: dict[tuple[str, str, datetime], ConsentRecord], consent: Consent,
    now: datetime, source: str,
) -> str:
    record = known.get(_identity(consent))
    if record is None:
        consent_id = _insert(store, consent, now, source)
        known[_identity(consent)] = ConsentRecord(consent_id, consent, now)
        return "added"
    changes = _changes(record.consent, consent)
    if not changes:
        return "unchanged"
    _apply_changes(store, record, changes, now)
    known[_identity(consent)] = _records(store, "id = ?", (record.id,))[0]
    return "updated"


def _identity(consent: Consent) -> tuple[str, str, datetime]:
    return consent.e164, consent.purpose, consent.granted_at


def reimported(old: Consent, new: Consent) -> Consent:
    """A stored grant as importing ``new`` (the same grant) would leave it."""
    return replace(old, **_changes(old, new))  # type: ignore[arg-type]


def _changes(old: Consent, new: Consent) -> dict[str, object]:
    """What a re-recording changes: expiry, evidence, and a withdrawal (never undone)."""
    changes: dict[str, object] = {}
    withdrawn = _earliest(old.withdrawn_at, new.withdrawn_at)
    if withdrawn != old.withdrawn_at:
        changes["withdrawn_at"] = withdrawn
        changes["withdrawal_route"] = new.withdrawal_route or old.withdrawal_route
    if new.expires_at != old.expires_at:
        changes["expires_at"] = new.expires_at
    for name in ("evidence", "evidence_file", "evidence_sha256"):
        value = getattr(new, name)
        if value and value != getattr(old, name):
            changes[name] = value
    return changes


def _apply_changes(
    store: Store, record: ConsentRecord, changes: dict[str, object], now: datetime
) -> None:
    columns = ", ".join(f"{name} = ?" for name in changes)
    values = [_iso(v) if isinstance(v, datetime) else v for v in changes.values()]
    store.db.conn.execute(f"UPDATE consents SET {columns} WHERE id = ?", (*values, record.id))
    if "withdrawn_at" in changes:
        _audit(store, audit.CONSENT_WITHDRAWN, record.id, record.consent, now,
               withdrawn_at=changes["withdrawn_at"], route=changes.get("withdrawal_route", ""))
    edited = sorted(set(changes) - {"withdrawn_at", "withdrawal_route"})
    if edited:
        _audit(store, audit.CONSENT_EDITED, record.id, record.consent, now, fields=edited,
               expires_at=changes.get("expires_at", record.consent.expires_at),
               evidence_sha256=changes.get("evidence_sha256", ""))


def _insert(store: Store, consent: Consent, now: datetime, source: str) -> int:
    cursor = store.db.conn.execute(
        "INSERT INTO consents (e164, purpose, granted_at, method, evidence, evidence_file, "
        "evidence_sha256, withdrawn_at, withdrawal_route, expires_at, confirmed_at, name, email, "
        "text_version, recorded_by, recorded_at, legal_basis, controller, contact_id) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
        "(SELECT contact_id FROM contact_numbers WHERE e164 = ? ORDER BY contact_id LIMIT 1))",
        (
            consent.e164, consent.purpose, _iso(consent.granted_at), consent.method,
            consent.evidence, consent.evidence_file, consent.evidence_sha256,
            _iso_or_none(consent.withdrawn_at), consent.withdrawal_route,
            _iso_or_none(consent.expires_at), _iso_or_none(consent.confirmed_at),
            consent.name, consent.email, consent.text_version, consent.recorded_by, _iso(now),
            consent.legal_basis, consent.controller, consent.e164,
        ),
    )
    consent_id = int(cursor.lastrowid or 0)
    if source != "withdraw":  # a grant, however its method is worded: in the trail
        _audit(store, audit.CONSENT_GRANTED, consent_id, consent, now, source=source,
               method=consent.method, granted_at=consent.granted_at,
               expires_at=consent.expires_at, confirmed_at=consent.confirmed_at,
               text_version=consent.text_version, recorded_by=consent.recorded_by,
               evidence_sha256=consent.evidence_sha256)
    if consent.withdrawn_at is not None:
        _audit(store, audit.CONSENT_WITHDRAWN, consent_id, consent, now,
               withdrawn_at=consent.withdrawn_at, route=consent.withdrawal_route)
    return consent_id


def _close_earlier_grants(store: Store, groups: set[tuple[str, str]], now: datetime) -> int:
    withdrawn_groups = {
        (str(e164), str(purpose)) for e164, purpose in store.db.conn.execute(
            "SELECT DISTINCT e164, purpose FROM consents WHERE withdrawn_at IS NOT NULL")
    }
    closed = 0
    for e164, purpose in sorted(groups & withdrawn_groups):
        records = _records(store, "e164 = ? AND purpose = ?", (e164, purpose))
        for record, after in zip(records, apply_withdrawals(r.consent for r in records),
                                 strict=True):
            if after.withdrawn_at != record.consent.withdrawn_at and after.withdrawn_at:
                _set_withdrawn(store, record, after.withdrawn_at, "closed by a later withdrawal",
                               why="closed", now=now)
                closed += 1
    return closed


def _set_withdrawn(
    store: Store, record: ConsentRecord, at: datetime, route: str, why: str, now: datetime
) -> None:
    store.db.conn.execute(
        "UPDATE consents SET withdrawn_at = ?, withdrawal_route = ? WHERE id = ?",
        (_iso(at), route, record.id),
    )
    _audit(store, audit.CONSENT_WITHDRAWN, record.id, record.consent, now,
           withdrawn_at=at, route=route, why=why)


def _has_withdrawal_at(store: Store, e164: str, purpose: str, at: datetime) -> bool:
    return any(
        r.consent.withdrawn_at is not None and r.consent.withdrawn_at <= at
        for r in _records(store, "e164 = ? AND purpose = ?", (e164, purpose))
    )


def _audit(
    store: Store, kind: str, consent_id: int, consent: Consent, now: datetime, **details: object
) -> None:
    # People only by keyed hash: erasing one never has to rewrite the chain.
    body: dict[str, object] = {
        "number": number_hash(store, consent.e164),
        "purpose": consent.purpose,
        **{k: v for k, v in details.items() if v not in (None, "")},
        "row_v2": row_digest(store, consent_id),  # the whole row as this event left it
    }
    append_event(store, kind, f"consent:{consent_id}", body, now)


# What a keyed row digest covers: every column a person or the gate reads (not the
# id, nor contact_id, which the database itself clears when a contact is erased).
_DIGEST_COLUMNS = (
    "e164, purpose, granted_at, method, evidence, evidence_file, evidence_sha256, "
    "withdrawn_at, withdrawal_route, expires_at, confirmed_at, name, email, text_version, "
    "recorded_by, recorded_at, legal_basis, controller")
# digests in events of the first release ("row") covered what the gate reads only
_FIRST_DIGEST_COLUMNS = "e164, purpose, granted_at, withdrawn_at, expires_at"


def row_digest(store: Store, consent_id: int, columns: str = _DIGEST_COLUMNS) -> str:
    """Keyed digest of a consent row as it is now ("" when it is gone; no number in clear)."""
    row = store.db.conn.execute(
        f"SELECT {columns} FROM consents WHERE id = ?", (consent_id,)).fetchone()
    return store.keyed_hash("consent-row:" + repr(tuple(row))) if row else ""


def verify_consents(store: Store) -> list[str]:
    """Consent rows added, changed or deleted outside ContactGate, judged by the audit trail.

    Each grant, withdrawal and edit records a keyed digest of the row it left
    (and every row ContactGate adds has such an event): a row without any
    event was added by hand, and a row whose digest differs from its last
    event's was edited by hand (a withdrawal undone, an expiry moved, evidence
    made up). Rows whose events carry no digest (none do since the first
    release) are not judged.
    """
    return [problem for _consent_id, problem in _unaccounted(store)]


def _unaccounted(store: Store) -> list[tuple[int, str]]:
    """(consent id, what is wrong) for each row the audit trail does not account for."""
    last: dict[int, tuple[str, str]] = {}  # consent id -> (columns, digest) of its last event
    mentioned: set[int] = set()
    erased: set[int] = set()  # ids whose last event is an erasure (an id can be used again)
    for event in audit.list_events(store):  # in order
        if event.subject.startswith("consent:"):
            consent_id = int(event.subject.split(":", 1)[1])
            mentioned.add(consent_id)
            erased.discard(consent_id)
            if "row_v2" in event.details:
                last[consent_id] = (_DIGEST_COLUMNS, str(event.details["row_v2"]))
            elif "row" in event.details:
                last[consent_id] = (_FIRST_DIGEST_COLUMNS, str(event.details["row"]))
        elif event.kind == audit.ERASURE:
            ids = event.details.get("consents", [])
            if isinstance(ids, list):
                erased.update(i for i in ids if isinstance(i, int))
    problems = []
    for consent_id, (columns, digest) in sorted(last.items()):
        current = row_digest(store, consent_id, columns)
        if consent_id in erased:
            if current:  # erased, and a row with its id came back without an event
                problems.append((consent_id, f"consent {consent_id} was added outside "
                                             "ContactGate"))
        elif not current:
            problems.append((consent_id, f"consent {consent_id} was deleted outside ContactGate"))
        elif current != digest:
            problems.append((consent_id, f"consent {consent_id} was changed outside ContactGate"))
    rows = store.db.conn.execute("SELECT id FROM consents ORDER BY id").fetchall()
    problems += [(int(row_id), f"consent {row_id} was added outside ContactGate")
                 for (row_id,) in rows if row_id not in mentioned]
    return sorted(problems)


def _records(store: Store, where: str, params: tuple[object, ...]) -> list[ConsentRecord]:
    rows = store.db.conn.execute(
        f"SELECT {_COLUMNS} FROM consents WHERE {where} ORDER BY e164, purpose, granted_at, id",
        params,
    ).fetchall()
    return [_record(row) for row in rows]


def _closed_records(store: Store, reconfirm_months: int | None = None) -> list[ConsentRecord]:
    """All records with withdrawals and re-confirmation applied (as the gate sees them)."""
    records = load_records(store)
    closed = with_reconfirmation(apply_withdrawals(r.consent for r in records), reconfirm_months)
    by_identity = {(c.e164, c.purpose, c.granted_at): c for c in closed}
    return [
        replace(r, consent=by_identity[(r.consent.e164, r.consent.purpose, r.consent.granted_at)])
        for r in records
    ]


def _record(row: sqlite3.Row | tuple[object, ...]) -> ConsentRecord:
    (row_id, e164, purpose, granted_at, method, evidence, evidence_file, evidence_sha256,
     withdrawn_at, withdrawal_route, expires_at, confirmed_at, name, email, text_version,
     recorded_by, recorded_at, legal_basis, controller, contact_id) = tuple(row)
    consent = Consent(
        e164=str(e164), granted_at=_parse(granted_at), method=str(method),
        evidence=str(evidence), purpose=str(purpose), withdrawn_at=_parse_or_none(withdrawn_at),
        expires_at=_parse_or_none(expires_at), name=str(name), email=str(email),
        text_version=str(text_version), recorded_by=str(recorded_by),
        withdrawal_route=str(withdrawal_route), evidence_file=str(evidence_file),
        evidence_sha256=str(evidence_sha256), confirmed_at=_parse_or_none(confirmed_at),
        legal_basis=str(legal_basis), controller=str(controller),
    )
    return ConsentRecord(
        id=int(str(row_id)), consent=consent, recorded_at=_parse(recorded_at),
        contact_id=int(str(contact_id)) if contact_id is not None else None,
    )


def _suppressions(store: Store) -> dict[str, datetime]:
    rows = store.db.conn.execute("SELECT hash, at FROM suppressions").fetchall()
    return {str(h): _parse(at) for h, at in rows}


def _second_precision(consent: Consent) -> Consent:
    """Grants are kept to the second: one fixed-width UTC spelling per identity."""
    def trim(value: datetime | None) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:  # a naive time would silently mean this machine's zone
            raise ValueError(f"consent for {consent.e164}: times must be timezone-aware")
        return value.astimezone(UTC).replace(microsecond=0)

    granted_at = trim(consent.granted_at)
    assert granted_at is not None
    return replace(
        consent, granted_at=granted_at,
        withdrawn_at=trim(consent.withdrawn_at), expires_at=trim(consent.expires_at),
        confirmed_at=trim(consent.confirmed_at),
    )


def _earliest(a: datetime | None, b: datetime | None) -> datetime | None:
    present = [x for x in (a, b) if x is not None]
    return min(present) if present else None


def _iso(value: datetime) -> str:
    if value.tzinfo is None:
        raise ValueError("consent times must be timezone-aware")
    return value.astimezone(UTC).isoformat(timespec="seconds")


def _iso_or_none(value: datetime | None) -> str | None:
    return _iso(value) if value is not None else None


def _parse(value: object) -> datetime:
    stamp = datetime.fromisoformat(str(value))
    return stamp if stamp.tzinfo is not None else stamp.replace(tzinfo=UTC)


def _parse_or_none(value: object) -> datetime | None:
    return _parse(value) if value is not None else None
