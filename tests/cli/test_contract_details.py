"""Contract details a script relies on: exact purposes, one JSON object even on failure."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CliRun
from tests.factories import card

Run = Callable[..., CliRun]


@pytest.mark.parametrize("purpose", [" whatsapp", "whatsapp ", "WhatsApp", "whatsapp-ads"])
def test_only_exactly_whatsapp_opens_the_gate(cli: Run, tmp_path: Path, purpose: str) -> None:
    (tmp_path / "b.vcf").write_text(
        card("k1", "Klara Kunde", "+49 30 23125 001", org="Kunde AG",
             email="k@kunde-ag.example"), encoding="utf-8")
    (tmp_path / "c.csv").write_text(
        'phone,granted_at,method,evidence,purpose\n'
        f'+49 30 23125 001,2026-01-15,web_form,form,"{purpose}"\n', encoding="utf-8")
    result = cli("--json", "split", tmp_path / "b.vcf", "--consents", tmp_path / "c.csv",
                 "--out-dir", tmp_path / "out")
    assert json.loads(result.out)["exported_numbers"] == 0
    listed = json.loads(cli("--json", "consent", "list").out)["consents"]
    assert [c["purpose"] for c in listed] == [purpose]  # stored as written


def test_a_failure_with_json_still_prints_one_json_object(cli: Run, tmp_path: Path) -> None:
    result = cli("--json", "split", tmp_path / "missing.vcf", "--out-dir", tmp_path / "o")
    assert result.code == 2
    assert json.loads(result.out) == {"error": json.loads(result.out)["error"], "exit_code": 2}
    assert "missing.vcf" in json.loads(result.out)["error"]


@pytest.mark.parametrize(("args", "words"), [
    (("split", "x.vcf"), "the following arguments are required: --out-dir"),
    (("bogus",), "invalid choice: 'bogus'"),
    (("split", "x.vcf", "--out-dir", "o", "--format", "vcard99"), "invalid choice: 'vcard99'"),
    (("consent", "list", "--expiring-within", "abc"), "invalid int value: 'abc'"),
])
def test_a_usage_error_with_json_prints_one_json_object_too(
        cli: Run, args: tuple[str, ...], words: str) -> None:
    result = cli("--json", *args)
    assert result.code == 2
    payload = json.loads(result.out)  # exactly one object, nothing else
    assert payload["exit_code"] == 2 and words in payload["error"]
    assert "usage: contactgate" in result.err and ": error: " in result.err and words in result.err
    plain = cli(*args)
    assert plain.code == 2 and plain.out == "" and words in plain.err


def test_mark_with_json_reports_the_decision(cli: Run, tmp_path: Path) -> None:
    (tmp_path / "b.vcf").write_text(card("h1", "Hausmeister Kowalski", "0171 3920003"),
                                    encoding="utf-8")
    result = cli("--region", "DE", "--json", "mark", tmp_path / "b.vcf", "Kowalski", "business")
    assert result.code == 0
    assert json.loads(result.out)["bucket"] == "business"


def test_audit_verify_catches_a_withdrawal_undone_by_hand(
    cli: Run, tmp_path: Path, db_path: Path
) -> None:
    import sqlite3

    assert cli("consent", "add", "+49 171 3920099", "--granted-at", "2026-01-15", "--method",
               "web_form", "--evidence", "form 9").code == 0
    assert cli("consent", "withdraw", "+49 171 3920099", "--at", "2026-02-01").code == 0
    assert cli("audit", "verify").code == 0
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE consents SET withdrawn_at = NULL")
    conn.commit()
    conn.close()
    result = cli("audit", "verify")
    assert result.code == 1
    assert "changed outside ContactGate" in result.err


def test_erasure_is_not_mistaken_for_tampering(cli: Run, tmp_path: Path) -> None:
    assert cli("consent", "add", "+49 171 3920098", "--granted-at", "2026-01-15", "--method",
               "web_form", "--evidence", "form 8", "--name", "Nina Berger").code == 0
    assert cli("forget", "+49 171 3920098").code == 0
    assert cli("audit", "verify").code == 0


def test_audit_verify_is_not_fooled_by_a_consent_recorded_while_it_reads(
    cli: Run, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import UTC, datetime

    from contactgate.core.model import Consent
    from contactgate.store import audit
    from contactgate.store.consents import add_consent
    from contactgate.store.db import open_db

    assert cli("consent", "add", "+49 171 3920097", "--granted-at", "2026-01-15", "--method",
               "web_form", "--evidence", "form 7").code == 0
    read_events = audit.list_events

    def another_process_records_a_grant_meanwhile(store: object) -> list[audit.AuditEvent]:
        events = read_events(store)  # type: ignore[arg-type]
        other = open_db(db_path)  # e.g. the app, committing between two reads of verify
        add_consent(other, Consent(e164="+491713920096", granted_at=datetime(2026, 1, 16,
                                   tzinfo=UTC), method="web_form", evidence="form 6"))
        other.close()
        return events

    monkeypatch.setattr(audit, "list_events", another_process_records_a_grant_meanwhile)
    result = cli("audit", "verify")
    assert result.code == 0, result.err  # one snapshot: neither the grant nor its event
    monkeypatch.undo()
    assert cli("audit", "verify").code == 0  # and the grant is accounted for afterwards


def test_json_is_read_as_argparse_reads_the_global_options(cli: Run) -> None:
    from contactgate import __version__

    abbreviated = cli("--jso", "split", "x.vcf")  # argparse takes --jso for --json
    assert abbreviated.code == 2 and "--out-dir" in json.loads(abbreviated.out)["error"]
    after_dashes = cli("split", "--", "--json")  # a file named --json: no JSON asked for
    assert after_dashes.code == 2 and after_dashes.out == ""
    assert json.loads(cli("--json", "--version").out) == {"version": __version__}
    helped = cli("--json", "--help")
    assert helped.code == 0 and "usage: contactgate" in json.loads(helped.out)["help"]
    assert cli("--version").out == f"contactgate {__version__}\n"


def test_a_file_name_that_is_not_utf8_leaves_stdout_valid_utf8_and_json(
        cli: Run, tmp_path: Path) -> None:
    import os

    from tests.conftest import SAMPLES

    book = Path(os.fsdecode(bytes(tmp_path) + b"/b\xff.vcf"))
    book.write_bytes((SAMPLES / "phone-book.vcf").read_bytes())
    register = Path(os.fsdecode(bytes(tmp_path) + b"/n\xffu.csv"))
    for args in (("--json", "consent", "export", register), ("--json", "explain", book, "Huber"),
                 ("explain", book, "Huber")):
        result = cli(*args)
        assert result.code == 0, result.err
        result.out.encode("utf-8")  # a strict UTF-8 stdout takes it (it raised before)
        if args[0] == "--json":
            json.loads(result.out)  # and a script's parser: the stray byte is an escape
        assert "\\udcff" in result.out
