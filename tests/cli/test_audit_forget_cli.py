"""``contactgate audit verify`` and ``contactgate forget`` as an auditor and a DPO use them."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from contactgate.core.model import Contact, Email, Phone, Verdict
from contactgate.store.audit import list_events, verify_chain
from contactgate.store.consents import load_consents, number_hash
from contactgate.store.contacts import remember_override, save_business
from contactgate.store.db import open_db
from contactgate.store.exports import previous_export, record_export
from tests.conftest import CliRun

Run = Callable[..., CliRun]
KLARA = "+49301234567"
BERND = "+49307654321"
AT = datetime(2024, 1, 1, tzinfo=UTC)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "db" / "contactgate.db"


@pytest.fixture
def run(cli: Run, db: Path) -> Run:
    def go(*args: str | Path) -> CliRun:
        return cli("--db", db, "--region", "DE", *args)

    return go


def _contact(key: int, name: str, number: str, email: str = "") -> Contact:
    return Contact(key=key, cards=[], fn=name, org="Firma", phones=[Phone(number, number)],
                   emails=[Email(email)] if email else [])


@pytest.fixture
def filled(run: Run, db: Path) -> Path:
    """Two business contacts with consents, one private decision, one export."""
    store = open_db(db)
    try:
        verdict = Verdict("business", 3, ())
        save_business(store, [(_contact(1, "Klara Kunde", KLARA, "klara@kunde.example"),
                               verdict, "BEGIN:VCARD"),
                              (_contact(2, "Bernd Bauer", BERND), verdict, "BEGIN:VCARD")],
                      "default", AT)
        remember_override(store, _contact(3, "Mama", "+491713920001"), "private", AT)
        record_export(store, "default", AT, {KLARA: "Klara Kunde", BERND: "Bernd Bauer"}, {})
    finally:
        store.close()
    for number in (KLARA, BERND):
        run("consent", "add", number, "--granted-at", "2023-12-01", "--method", "web",
            "--evidence", "F", "--name", "Klara Kunde" if number == KLARA else "Bernd Bauer")
    return db


# --- audit verify ------------------------------------------------------------------


def test_verify_intact_chain_exits_0(run: Run, filled: Path) -> None:
    result = run("--json", "audit", "verify")
    assert result.code == 0
    payload = json.loads(result.out)
    assert payload["ok"] is True and payload["events"] >= 3


def test_verify_names_the_first_bad_event_and_exits_1(run: Run, filled: Path) -> None:
    store = open_db(filled)
    try:
        store.db.conn.execute("UPDATE audit_events SET kind = 'consent_edited' WHERE id = 2")
    finally:
        store.close()
    result = run("--json", "audit", "verify")
    assert result.code == 1
    assert json.loads(result.out)["first_bad_id"] == 2
    assert "event 2" in result.err


def test_verify_catches_a_deleted_last_event(run: Run, filled: Path) -> None:
    store = open_db(filled)
    try:
        store.db.conn.execute("DELETE FROM audit_events WHERE id = (SELECT max(id) FROM "
                              "audit_events)")
    finally:
        store.close()
    assert run("audit", "verify").code == 1


def test_verify_unreadable_or_missing_database_exits_2(run: Run, cli: Run, tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"this is not sqlite" * 100)
    result = cli("--db", garbage, "audit", "verify")
    assert result.code == 2 and "Traceback" not in result.err
    missing = cli("--db", tmp_path / "missing.db", "audit", "verify")
    assert missing.code == 2 and not (tmp_path / "missing.db").exists()


# --- forget ------------------------------------------------------------------------


def test_forget_by_number_erases_the_person_and_keeps_the_chain(run: Run, filled: Path) -> None:
    result = run("--json", "forget", "030 1234567")
    assert result.code == 0, result.err
    payload = json.loads(result.out)
    assert (payload["contacts"], payload["consents"], payload["export_entries"]) == (1, 1, 1)
    store = open_db(filled)
    try:
        conn = store.db.conn
        assert [c.e164 for c in load_consents(store)] == [BERND]
        assert [r[0] for r in conn.execute("SELECT fn FROM business_contacts")] == ["Bernd Bauer"]
        dump = " ".join(str(r) for t in ("business_contacts", "consents", "exports",
                                         "contact_numbers", "audit_events", "decisions")
                        for r in conn.execute(f"SELECT * FROM {t}"))
        assert "Klara" not in dump and "1234567" not in dump and "klara@" not in dump
        hashes = {r[0] for r in conn.execute("SELECT hash FROM suppressions")}
        assert number_hash(store, KLARA) in hashes
        assert store.keyed_hash("mail:klara@kunde.example") in hashes
        assert verify_chain(store).ok
        assert list_events(store)[-1].kind == "erasure"
        previous = previous_export(store, "default")
        assert previous is not None and previous.erased == 1 and KLARA not in previous.numbers
    finally:
        store.close()


def test_after_forget_an_old_grant_does_not_come_back_but_a_new_one_does(
        run: Run, filled: Path, tmp_path: Path) -> None:
    run("forget", KLARA)
    csv_path = tmp_path / "crm.csv"
    csv_path.write_text("phone,granted_at,method,evidence\n"
                        f"{KLARA},2023-12-01,web,F\n", encoding="utf-8")
    payload = json.loads(run("--json", "consent", "import", csv_path).out)
    assert (payload["added"], payload["suppressed"]) == (0, 1)
    later = (datetime.now(UTC) + timedelta(seconds=2)).replace(microsecond=0).isoformat()
    csv_path.write_text("phone,granted_at,method,evidence\n"
                        f"{KLARA},{later},web,new form\n", encoding="utf-8")
    assert json.loads(run("--json", "consent", "import", csv_path).out)["added"] == 1


def test_forget_by_name_and_by_email(run: Run, filled: Path) -> None:
    assert run("forget", "bernd bauer").code == 0
    assert run("forget", "klara@kunde.example").code == 0
    store = open_db(filled)
    try:
        assert load_consents(store) == []
        assert store.db.conn.execute("SELECT count(*) FROM business_contacts").fetchone()[0] == 0
    finally:
        store.close()


def test_a_name_with_consents_on_another_number_is_never_forgotten_by_half(
        run: Run, filled: Path) -> None:
    other = "+491718888888"
    assert run("consent", "add", other, "--granted-at", "2024-01-01", "--method", "web",
               "--evidence", "F", "--name", "Klara Kunde",
               "--email", "klara.private@example.org").code == 0
    refused = run("forget", "Klara Kunde")
    assert refused.code == 2  # not the contact alone, leaving her other consent in clear
    assert other in refused.err and "contact:" in refused.err
    contact_id = refused.err.split("contact:")[1].split()[0]
    assert run("forget", f"contact:{contact_id}").code == 0
    assert run("forget", other).code == 0
    assert run("audit", "verify").code == 0
    data = filled.read_bytes() + b"".join(
        p.read_bytes() for p in filled.parent.glob(filled.name + "-wal"))
    assert b"Klara" not in data and b"8888888" not in data and b"klara.private" not in data


def test_forget_a_private_number_removes_its_remembered_decision(run: Run, filled: Path) -> None:
    result = run("--json", "forget", "0171 3920001")
    assert result.code == 0 and json.loads(result.out)["decisions"] == 1
    store = open_db(filled)
    try:
        assert store.db.conn.execute("SELECT count(*) FROM decisions").fetchone()[0] == 0
    finally:
        store.close()


def test_forget_refuses_an_ambiguous_or_unknown_name(run: Run, filled: Path, db: Path) -> None:
    store = open_db(db)
    try:
        save_business(store, [(_contact(9, "Klara Kunde", "+49309999999"),
                               Verdict("business", 3, ()), "")], "default", AT)
    finally:
        store.close()
    ambiguous = run("forget", "Klara Kunde")
    assert ambiguous.code == 2 and "contact:" in ambiguous.err
    assert run("forget", "Nobody Known").code == 2
    assert run("forget", "contact:999").code == 2


def test_forget_dry_run_changes_nothing(run: Run, filled: Path) -> None:
    store = open_db(filled)
    try:
        before = store.db.conn.execute("SELECT count(*) FROM audit_events").fetchone()[0]
    finally:
        store.close()
    result = run("--json", "forget", "--dry-run", KLARA)
    assert result.code == 0 and json.loads(result.out)["contacts"] == 1
    store = open_db(filled)
    try:
        assert len(load_consents(store)) == 2
        assert store.db.conn.execute("SELECT count(*) FROM audit_events").fetchone()[0] == before
    finally:
        store.close()


def test_the_next_report_tells_to_remove_an_erased_persons_number(
        run: Run, tmp_path: Path) -> None:
    from tests.conftest import SAMPLES

    split = ("split", SAMPLES / "phone-book.vcf", "--consents", SAMPLES / "consents.csv",
             "--policy", SAMPLES / "policy.toml", "--out-dir", tmp_path / "out")
    first = json.loads(run("--json", *split).out)
    assert "+491713920013" in (tmp_path / "out" / "whatsapp-business.vcf").read_text("utf-8")
    assert run("forget", "Julia Hartmann").code == 0
    second = json.loads(run("--json", *split).out)
    assert second["exported_numbers"] == first["exported_numbers"] - 1
    report = (tmp_path / "out" / "report.html").read_text("utf-8")
    dropped = report.split('id="dropped"', 1)[1].split("</table>", 1)[0]
    assert "erased on request" in dropped  # the phone still holds it: remove it
    # only her keyed hash is left of the earlier export; the book still holds her card, so
    # she is listed again only as what she is now: business, without a consent
    assert "+491713920013" not in dropped
