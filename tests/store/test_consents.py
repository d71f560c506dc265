"""The consent register in the database: identity, re-import, withdrawal, audit, erasure."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from contactgate.core.model import Consent, InputError
from contactgate.store import audit
from contactgate.store.audit import list_events, verify_chain
from contactgate.store.consents import (
    add_consent,
    drop_suppressed,
    expiring_within,
    load_consents,
    load_records,
    number_hash,
    upsert_consents,
    valid_at,
    withdraw,
)
from contactgate.store.db import Store, open_db
from contactgate.store.exports import erase_numbers, previous_export, record_export

NUMBER = "+49301234567"
OTHER = "+49307654321"
T0 = datetime(2024, 5, 1, 8, 0, tzinfo=UTC)
DAY = timedelta(days=1)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_db(tmp_path / "db.sqlite")
    yield opened
    opened.close()


def grant(**changes: object) -> Consent:
    fields: dict[str, object] = {"e164": NUMBER, "granted_at": T0, "method": "web_form",
                                 "evidence": "F-1", "name": "Klara Kunde"}
    fields.update(changes)
    return Consent(**fields)  # type: ignore[arg-type]


def test_added_grant_round_trips_every_field(store: Store) -> None:
    full = grant(expires_at=T0 + 365 * DAY, email="k@kunde.example", text_version="v3",
                 recorded_by="it-admin", confirmed_at=T0 + timedelta(minutes=5),
                 controller="ACME GmbH", legal_basis="Art. 6(1)(a) GDPR consent")
    counts = upsert_consents(store, [full], recorded_by="someone-else")
    assert (counts.added, counts.updated, counts.unchanged) == (1, 0, 0)
    assert load_consents(store) == [full]  # recorded_by on the row wins over the default


def test_reimport_adds_nothing(store: Store) -> None:
    rows = [grant(), grant(e164=OTHER)]
    upsert_consents(store, rows)
    again = upsert_consents(store, rows)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 2)
    assert len(load_consents(store)) == 2


def test_the_same_grant_twice_in_one_batch_is_one_row(store: Store) -> None:
    counts = upsert_consents(store, [grant(), grant(evidence="F-1 scanned")])
    assert (counts.added, counts.updated) == (1, 1)
    assert [c.evidence for c in load_consents(store)] == ["F-1 scanned"]


def test_reimport_updates_expiry_and_evidence_of_the_same_grant(store: Store) -> None:
    upsert_consents(store, [grant()])
    counts = upsert_consents(store, [grant(evidence="F-1 scanned", expires_at=T0 + DAY)])
    assert (counts.added, counts.updated) == (0, 1)
    [stored] = load_consents(store)
    assert (stored.evidence, stored.expires_at) == ("F-1 scanned", T0 + DAY)
    edited = list_events(store, audit.CONSENT_EDITED)
    assert len(edited) == 1 and "evidence" in str(edited[0].details["fields"])


def test_reimport_without_the_withdrawal_never_reopens_the_gate(store: Store) -> None:
    upsert_consents(store, [grant(withdrawn_at=T0 + DAY)])
    counts = upsert_consents(store, [grant()])
    assert counts.unchanged == 1
    assert load_consents(store)[0].withdrawn_at == T0 + DAY
    assert valid_at(store, T0 + 2 * DAY) == []


def test_withdrawal_in_an_import_closes_every_earlier_grant(store: Store) -> None:
    upsert_consents(store, [grant(), grant(granted_at=T0 + DAY, evidence="F-2")])
    stop = grant(granted_at=T0 + 2 * DAY, withdrawn_at=T0 + 3 * DAY, evidence="F-3")
    counts = upsert_consents(store, [stop])
    assert counts.closed == 2
    assert {c.withdrawn_at for c in load_consents(store)} == {T0 + 3 * DAY}
    assert valid_at(store, T0 + 4 * DAY) == []
    assert upsert_consents(store, [stop]).unchanged == 1  # idempotent


def test_withdraw_closes_grants_before_it_and_leaves_later_ones(store: Store) -> None:
    upsert_consents(store, [grant(), grant(purpose="advertising"),
                            grant(granted_at=T0 + 10 * DAY, evidence="renewed")])
    closed = withdraw(store, NUMBER, T0 + 5 * DAY, route="email")
    assert closed == 1
    by_key = {(c.purpose, c.granted_at): c for c in load_consents(store)}
    assert by_key[("whatsapp", T0)].withdrawn_at == T0 + 5 * DAY
    assert by_key[("whatsapp", T0)].withdrawal_route == "email"
    assert by_key[("advertising", T0)].withdrawn_at is None
    assert by_key[("whatsapp", T0 + 10 * DAY)].withdrawn_at is None
    assert [r.consent.evidence for r in valid_at(store, T0 + 6 * DAY)] == []
    assert [r.consent.evidence for r in valid_at(store, T0 + 11 * DAY)] == ["renewed"]


def test_withdrawal_before_any_grant_closes_a_grant_imported_later(store: Store) -> None:
    assert withdraw(store, NUMBER, T0 + 5 * DAY, route="phone") == 0
    assert valid_at(store, T0 + 6 * DAY) == []
    counts = upsert_consents(store, [grant()])  # the CRM still has the old grant
    assert counts.added == 1 and counts.closed == 1
    assert valid_at(store, T0 + 6 * DAY) == []
    assert withdraw(store, NUMBER, T0 + 5 * DAY) == 0  # recording it twice adds nothing
    assert len(load_consents(store)) == 2


def test_valid_at_and_expiring_within(store: Store) -> None:
    upsert_consents(store, [
        grant(expires_at=T0 + 40 * DAY),
        grant(e164=OTHER, expires_at=T0 + 400 * DAY),
        grant(e164="+49301111111", purpose="advertising"),
        grant(e164="+49302222222", granted_at=T0 + 100 * DAY),
    ])
    at = T0 + 10 * DAY
    assert sorted(r.consent.e164 for r in valid_at(store, at)) == [NUMBER, OTHER]
    assert [r.consent.e164 for r in expiring_within(store, at, 30)] == [NUMBER]
    assert [r.consent.e164 for r in expiring_within(store, at, 29)] == []


def test_every_change_is_audited_without_the_number_or_name(store: Store) -> None:
    upsert_consents(store, [grant()])
    upsert_consents(store, [grant(expires_at=T0 + DAY)])
    withdraw(store, NUMBER, T0 + DAY / 2)
    kinds = [e.kind for e in list_events(store)]
    assert kinds == [audit.CONSENT_GRANTED, audit.CONSENT_EDITED, audit.CONSENT_WITHDRAWN]
    first = list_events(store)[0]
    assert first.subject == f"consent:{load_records(store)[0].id}"
    assert first.details["number"] == number_hash(store, NUMBER)
    dump = "\n".join(str(row) for row in store.db.conn.execute("SELECT * FROM audit_events"))
    assert "301234567" not in dump and "Klara" not in dump and "F-1" not in dump
    assert verify_chain(store).ok


def test_a_failed_batch_records_nothing(store: Store) -> None:
    naive = grant(e164=OTHER, granted_at=datetime(2024, 5, 1))  # no time zone: refused
    with pytest.raises(ValueError):
        upsert_consents(store, [grant(), naive])
    assert load_consents(store) == [] and list_events(store) == []


def test_evidence_file_is_stored_by_sha256_and_path(store: Store, tmp_path: Path) -> None:
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(b"%PDF signed form")
    consent_id = add_consent(store, grant(), evidence_path=scan)
    [record] = load_records(store)
    assert record.id == consent_id
    assert record.consent.evidence_file == str(scan.resolve())
    assert record.consent.evidence_sha256 == hashlib.sha256(b"%PDF signed form").hexdigest()
    with pytest.raises(InputError):
        add_consent(store, grant(e164=OTHER), evidence_path=tmp_path / "missing.pdf")


def test_erased_numbers_only_come_back_with_a_newer_grant(store: Store) -> None:
    store.db.conn.execute("INSERT INTO suppressions(hash, at) VALUES (?, ?)",
                          (number_hash(store, NUMBER), (T0 + DAY).isoformat()))
    counts = upsert_consents(store, [grant(), grant(granted_at=T0 + 2 * DAY, evidence="new")])
    assert (counts.added, counts.suppressed) == (1, 1)
    assert [c.evidence for c in load_consents(store)] == ["new"]
    kept, dropped = drop_suppressed(store, [grant(), grant(e164=OTHER)])
    assert [c.e164 for c in kept] == [OTHER] and dropped == 1
    with pytest.raises(InputError):
        add_consent(store, grant(granted_at=T0 - DAY))


def test_grants_are_kept_to_the_second(store: Store) -> None:
    upsert_consents(store, [grant(granted_at=T0 + timedelta(microseconds=123))])
    assert upsert_consents(store, [grant()]).unchanged == 1


# --- exports -----------------------------------------------------------------------


def test_previous_export_is_the_last_under_the_same_label(store: Store) -> None:
    assert previous_export(store, "default") is None
    record_export(store, "default", T0, {NUMBER: "Klara"}, {"whatsapp-business.vcf": "aa"})
    record_export(store, "phones/anna", T0 + DAY, {OTHER: "Bernd"}, {})
    record_export(store, "default", T0 + 2 * DAY, {OTHER: "Bernd", NUMBER: "Klara"}, {})
    last = previous_export(store, "default")
    assert last is not None
    assert last.at == T0 + 2 * DAY and last.numbers == {NUMBER: "Klara", OTHER: "Bernd"}
    anna = previous_export(store, "phones/anna")
    assert anna is not None and anna.numbers == {OTHER: "Bernd"}


def test_export_is_audited_with_file_hashes_and_no_names(store: Store) -> None:
    files = {"whatsapp-business.vcf": "a" * 64, "report.pdf": "b" * 64}
    export_id = record_export(store, "phones/anna-meier", T0, {NUMBER: "Klara Kunde"}, files)
    [event] = list_events(store, audit.EXPORT)
    assert event.subject == f"export:{export_id}"
    assert event.details["files"] == files and event.details["numbers"] == 1
    dump = str(store.db.conn.execute("SELECT * FROM audit_events").fetchall())
    assert "Klara" not in dump and "anna" not in dump and "301234567" not in dump
    assert verify_chain(store).ok


def test_erasing_a_number_removes_it_from_past_exports_but_counts_it(store: Store) -> None:
    record_export(store, "default", T0, {NUMBER: "Klara", OTHER: "Bernd"}, {})
    assert erase_numbers(store, {NUMBER}) == 1
    last = previous_export(store, "default")
    assert last is not None
    assert last.numbers == {OTHER: "Bernd"} and last.erased == 1
    assert "Klara" not in str(store.db.conn.execute("SELECT numbers FROM exports").fetchall())


def test_naive_export_time_is_refused(store: Store) -> None:
    with pytest.raises(ValueError):
        record_export(store, "default", datetime(2024, 1, 1), {}, {})
    assert previous_export(store, "default") is None


def test_consent_table_is_one_row_per_number_purpose_and_grant(store: Store) -> None:
    upsert_consents(store, [grant(), replace(grant(), purpose="advertising"),
                            grant(granted_at=T0 + DAY)])
    rows = store.db.conn.execute(
        "SELECT e164, purpose, granted_at FROM consents ORDER BY purpose, granted_at").fetchall()
    assert rows == [(NUMBER, "advertising", "2024-05-01T08:00:00+00:00"),
                    (NUMBER, "whatsapp", "2024-05-01T08:00:00+00:00"),
                    (NUMBER, "whatsapp", "2024-05-02T08:00:00+00:00")]
