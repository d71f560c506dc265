"""``contactgate consent …`` as scripts use it: exit codes, stdout JSON, stderr messages."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from contactgate.core.model import Contact, Email, Phone, Verdict
from contactgate.store.audit import list_events, verify_chain
from contactgate.store.consents import load_consents
from contactgate.store.contacts import save_business
from contactgate.store.db import open_db
from tests.conftest import CliRun

Run = Callable[..., CliRun]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "db" / "contactgate.db"


@pytest.fixture
def run(cli: Run, db: Path) -> Run:
    def go(*args: str | Path) -> CliRun:
        return cli("--db", db, "--region", "DE", *args)

    return go


def write_csv(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "consents.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_add_records_a_grant_and_prints_one_json_object(run: Run, db: Path) -> None:
    result = run("--json", "consent", "add", "030 1234567", "--granted-at", "2024-05-01",
                 "--method", "written", "--evidence", "letter 2024-04-30",
                 "--expires-at", "2025-04-30", "--name", "Klara Kunde")
    assert result.code == 0, result.err
    payload = json.loads(result.out)
    assert payload["e164"] == "+49301234567" and payload["purpose"] == "whatsapp"
    store = open_db(db)
    try:
        [grant] = load_consents(store)
        assert grant.granted_at == datetime(2024, 4, 30, 22, tzinfo=UTC)
        assert grant.expires_at == datetime(2025, 4, 30, 22, tzinfo=UTC)  # end of 30.04. Berlin
        assert grant.recorded_by != "" and grant.name == "Klara Kunde"
        assert [e.kind for e in list_events(store)] == ["consent_granted"]
    finally:
        store.close()


def test_add_with_evidence_file(run: Run, db: Path, tmp_path: Path) -> None:
    scan = tmp_path / "form.pdf"
    scan.write_bytes(b"signed")
    assert run("consent", "add", "+49 30 1234567", "--granted-at", "2024-05-01T10:00",
               "--method", "written", "--evidence", "form", "--evidence-file", scan).code == 0
    store = open_db(db)
    try:
        assert load_consents(store)[0].evidence_sha256 != ""
    finally:
        store.close()
    missing = run("consent", "add", "+49 30 1234568", "--granted-at", "2024-05-01",
                  "--method", "w", "--evidence", "e", "--evidence-file", tmp_path / "nope.pdf")
    assert missing.code == 2 and "nope.pdf" in missing.err


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("not-a-number", "--granted-at", "2024-05-01"), "not a phone number"),
        (("030 1234567", "--granted-at", "yesterday"), "--granted-at"),
        (("030 1234567", "--granted-at", "2024-05-01", "--expires-at", "2024-01-01"), "before"),
    ],
)
def test_add_with_bad_input_is_one_line_and_exit_2(run: Run, args: tuple[str, ...],
                                                   expected: str) -> None:
    result = run("consent", "add", *args, "--method", "w", "--evidence", "e")
    assert result.code == 2
    assert expected in result.err and "Traceback" not in result.err
    assert len(result.err.strip().splitlines()) == 1


def test_withdraw_closes_the_grant(run: Run) -> None:
    run("consent", "add", "030 1234567", "--granted-at", "2024-05-01", "--method", "w",
        "--evidence", "e")
    result = run("--json", "consent", "withdraw", "030 1234567", "--at", "2024-06-01",
                 "--route", "email")
    assert result.code == 0
    assert json.loads(result.out)["closed"] == 1
    listing = json.loads(run("--json", "consent", "list", "--valid-at", "2024-07-01").out)
    assert listing["count"] == 0
    listing = json.loads(run("--json", "consent", "list", "--valid-at", "2024-05-15").out)
    assert [c["e164"] for c in listing["consents"]] == ["+49301234567"]


def test_list_expiring_within_days(run: Run, tmp_path: Path) -> None:
    path = write_csv(tmp_path, "phone,granted_at,method,evidence,expires_at\n"
                               "+49 30 1111111,2024-01-01,w,e,2024-02-10\n"
                               "+49 30 2222222,2024-01-01,w,e,2024-12-31\n"
                               "+49 30 3333333,2024-01-01,w,e,\n")
    assert run("consent", "import", path).code == 0
    result = run("--json", "consent", "list", "--valid-at", "2024-02-01",
                 "--expiring-within", "30")
    assert [c["e164"] for c in json.loads(result.out)["consents"]] == ["+49301111111"]
    plain = run("consent", "list")
    assert plain.code == 0 and len(plain.out.strip().splitlines()) == 3


def test_extreme_dates_and_horizons_are_answered_never_a_traceback(run: Run) -> None:
    added = run("consent", "add", "+49 170 1000002", "--granted-at", "2024-01-01",
                "--method", "w", "--evidence", "e", "--expires-at", "9999-12-31")
    assert added.code == 0, added.err  # "no end date", as CRMs write it
    for days in ("3000000", "99999999999"):  # further than any date: every expiring grant
        listing = run("--json", "consent", "list", "--expiring-within", days)
        assert listing.code == 0, listing.err
        assert json.loads(listing.out)["consents"] == []  # the one grant never expires
    refused = run("consent", "list", "--valid-at", "0001-01-01")
    assert refused.code == 2
    assert "--valid-at: not a year from 1900 to 2999" in refused.err
    assert "Traceback" not in refused.err


def test_import_reports_bad_rows_on_stderr_and_still_exits_0(run: Run, tmp_path: Path) -> None:
    path = write_csv(tmp_path, "Telefon;erteilt_am;Methode;Nachweis\n"
                               "030 1234567;01.05.2024;web;F-1\n"
                               "kaputt;01.05.2024;web;F-2\n")
    result = run("--json", "consent", "import", path)
    assert result.code == 0
    assert f"{path}:3: " in result.err
    payload = json.loads(result.out)
    assert (payload["added"], payload["rejected"]) == (1, 1)
    again = json.loads(run("--json", "consent", "import", path).out)
    assert (again["added"], again["unchanged"]) == (0, 1)


@pytest.mark.parametrize("content", [None, "name,email\nA,a@example.com\n"])
def test_import_of_no_consent_csv_exits_2(run: Run, tmp_path: Path, content: str | None) -> None:
    path = tmp_path / "c.csv"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    result = run("consent", "import", path)
    assert result.code == 2 and str(path) in result.err and "Traceback" not in result.err


def test_export_is_formula_safe_and_reimports_unchanged(run: Run, tmp_path: Path,
                                                        db: Path) -> None:
    path = write_csv(tmp_path, "phone,granted_at,method,evidence,withdrawn_at,name,purpose\n"
                               "+49 30 1234567,2024-05-01,=cmd|' /C calc'!A0,@SUM(1),,Klara,\n"
                               "+49 30 7654321,2024-05-01,web,F,2024-06-01,Bernd,\n"
                               "+49 30 5555555,2024-05-01,web,F,,Carl,=whatsapp\n")
    run("consent", "import", path)
    out = tmp_path / "export.csv"
    assert run("consent", "export", out).code == 0
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["method"] for r in rows} >= {"'=cmd|' /C calc'!A0"}
    assert all(not r["phone"].startswith("+") for r in rows)  # '+49…: text, not a formula
    for row in rows:
        assert not any(v.startswith(("=", "+", "-", "@")) for v in row.values())
    before = _snapshot(db)
    again = json.loads(run("--json", "consent", "import", out).out)
    assert (again["added"], again["updated"], again["unchanged"]) == (0, 0, 3)
    assert _snapshot(db) == before


def _snapshot(db: Path) -> list[object]:
    store = open_db(db)
    try:
        return list(load_consents(store))
    finally:
        store.close()


def test_request_lists_business_contacts_without_consent(run: Run, db: Path,
                                                         tmp_path: Path) -> None:
    store = open_db(db)
    try:
        at = datetime(2024, 1, 1, tzinfo=UTC)
        verdict = Verdict("business", 3, ())
        save_business(store, [
            (_contact(1, "Klara Kunde", "+49301234567", "klara@kunde.example"), verdict, ""),
            (_contact(2, "Bernd Bauer", "+49307654321", "b@bauer.example"), verdict, ""),
            (_contact(3, "Wilma Widerruf", "+49305555555", ""), verdict, ""),
        ], "default", at)
    finally:
        store.close()
    run("consent", "add", "+49301234567", "--granted-at", "2024-01-01", "--method", "w",
        "--evidence", "e")
    run("consent", "add", "+49305555555", "--granted-at", "2024-01-01", "--method", "w",
        "--evidence", "e")
    run("consent", "withdraw", "+49305555555", "--at", "2024-02-01")
    out_dir = tmp_path / "requests"
    result = run("--json", "consent", "request", "--out-dir", out_dir, "--company", "ACME")
    assert result.code == 0 and json.loads(result.out)["requests"] == 1
    with (out_dir / "consent-requests.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["name"], r["email"]) for r in rows] == [("Bernd Bauer", "b@bauer.example")]
    german = (out_dir / "consent-request-de.txt").read_text(encoding="utf-8")
    english = (out_dir / "consent-request-en.txt").read_text(encoding="utf-8")
    assert "WhatsApp" in german and "widerrufen" in german and "ACME" in german
    assert "withdraw" in english and "{{name}}" in english


def test_every_consent_command_keeps_the_chain_intact(run: Run, db: Path, tmp_path: Path) -> None:
    path = write_csv(tmp_path, "phone,granted_at,method,evidence\n+49 30 1234567,2024-05-01,w,e\n")
    run("consent", "import", path)
    run("consent", "withdraw", "+49 30 1234567", "--at", "2024-06-01")
    store = open_db(db)
    try:
        result = verify_chain(store)
        assert result.ok and result.events == 3  # grant, import, withdrawal
    finally:
        store.close()


def _contact(key: int, name: str, number: str, email: str) -> Contact:
    return Contact(key=key, cards=[], fn=name, org="Firma", phones=[Phone(number, number)],
                   emails=[Email(email)] if email else [])
