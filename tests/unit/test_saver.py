"""Business records and the export record stored by a second process equal those stored here.

For a big export :class:`~contactgate.saver.RecordSaver` stores the business
contacts (and, last, the export record) in a spawned process while this one
writes the files. These tests force it (``SAVER_MIN_ROWS`` 0, parts of a few
rows) on the sample phone book with its consents, so that contacts go to every
output and numbers leave, and compare the database and the files with a run
that stores here: when the second process works, when it dies (also when an
export of the same label and time is already recorded), when it fails inside
its transaction, and when the export is cancelled half-way.
"""

from __future__ import annotations

import os
import pickle
import sqlite3
import threading
from datetime import UTC, datetime
from multiprocessing import Pipe
from pathlib import Path

import pytest

import contactgate.saver as saver_module
from contactgate.core.model import BUSINESS
from contactgate.io.policy_file import load_policy
from contactgate.pipeline import ExportOptions, RunSettings, SplitResult, split
from contactgate.saver import RecordSaver
from contactgate.store.audit import verify_chain
from contactgate.store.contacts import BusinessFields, contact_identity
from contactgate.store.db import Store, open_db
from contactgate.store.exports import last_export_id, recorded_since
from tests.factories import finish

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"
AT = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
OUTPUTS = ("whatsapp-business.vcf", "business-no-consent.vcf", "private.vcf", "review.vcf",
           "summary.json", "quarantine.txt", "report.html")


def run_split(tmp_path: Path, name: str, db: str | None = None,
              notes: list[str] | None = None) -> tuple[SplitResult, Store]:
    store = open_db(tmp_path / f"{db or name}.db")
    settings = RunSettings(load_policy(SAMPLES / "policy.toml"), "DE", "--region")
    options = ExportOptions(out_dir=tmp_path / name, consents_csv=SAMPLES / "consents.csv",
                            at=AT)
    work = split([SAMPLES / "phone-book.vcf"], settings, options, store,
                 (notes if notes is not None else []).append)
    return finish(work), store


def stored(store: Store) -> dict[str, list[tuple[object, ...]]]:
    """The database's records of the export, without the installation-keyed identities."""
    conn = store.db.conn
    return {
        "business": conn.execute(
            "SELECT id, fn, org, numbers, emails, vcard, score, reasons, overridden, label, "
            "first_seen, last_seen FROM business_contacts ORDER BY id").fetchall(),
        "numbers": conn.execute(
            "SELECT b.fn, n.e164 FROM contact_numbers AS n JOIN business_contacts AS b "
            "ON b.id = n.contact_id ORDER BY n.e164, b.fn").fetchall(),
        "exports": conn.execute(
            "SELECT id, label, at, numbers, json_remove(files, '$.\"report.pdf\"') FROM exports"
        ).fetchall(),
        "audit": conn.execute("SELECT kind, subject FROM audit_events ORDER BY id").fetchall(),
    }


def stored_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                exports: int = 1) -> dict[str, list[tuple[object, ...]]]:
    """The records of ``exports`` splits of the sample into one database, all stored here."""
    with monkeypatch.context() as patched:
        patched.setattr(saver_module, "SAVER_MIN_ROWS", 1 << 40)
        for _ in range(exports):
            result, store = run_split(tmp_path, "here")
            records = stored(store)
            store.close()
    assert any(d.destination == "whatsapp" for d in result.decisions)  # numbers left
    assert records["business"] and records["numbers"] and len(records["exports"]) == exports
    return records


def force_saver(monkeypatch: pytest.MonkeyPatch, kill: bool = False) -> list[RecordSaver]:
    """The second process for every export (killed at once with ``kill``); savers recorded."""
    started: list[RecordSaver] = []
    start = RecordSaver.start.__func__  # type: ignore[attr-defined]

    def recording_start(cls: type[RecordSaver], store: Store, rows: int,
                        last_export: int) -> RecordSaver | None:
        saver = start(cls, store, rows, last_export)
        assert saver is not None
        if kill:
            saver.process.kill()
            saver.process.join()
        started.append(saver)
        return saver

    monkeypatch.setattr(saver_module, "SAVER_MIN_ROWS", 0)
    monkeypatch.setattr(saver_module, "PART_ROWS", 3)  # several parts even for the sample
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    monkeypatch.setattr(RecordSaver, "start", classmethod(recording_start))
    return started


def same_files(tmp_path: Path, name: str) -> None:
    for output in OUTPUTS:
        assert (tmp_path / name / output).read_bytes() == \
            (tmp_path / "here" / output).read_bytes(), output


def test_the_second_process_stores_what_this_one_would(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = stored_here(tmp_path, monkeypatch)
    started = force_saver(monkeypatch)
    sent: list[tuple[str, object]] = []
    send = RecordSaver._send

    def recording_send(self: RecordSaver, kind: str, payload: object) -> None:
        sent.append((kind, payload))
        send(self, kind, payload)

    monkeypatch.setattr(RecordSaver, "_send", recording_send)
    notes: list[str] = []
    result, store = run_split(tmp_path, "there", notes=notes)
    try:
        assert len(started) == 1 and started[0].done and started[0].working
        assert not [n for n in notes if "stored by this process" in n]
        assert stored(store) == expected
        assert verify_chain(store).ok
        business = [d.contact for d in result.decisions if d.verdict.bucket == BUSINESS]
        identities = {row[0] for row in
                      store.db.conn.execute("SELECT identity FROM business_contacts")}
        assert identities == {contact_identity(store, c) for c in business}  # keyed there
    finally:
        store.close()
    same_files(tmp_path, "there")
    parts = [payload for kind, payload in sent if kind == "fields"]
    assert len(parts) > 1  # sent in parts, taken in order
    fields = [f for _label, _now, part in parts for f in part]  # type: ignore[misc]
    assert [f.fn for f in fields] == [c.display_name for c in business]  # nobody else left
    started[0].process.join(10)
    assert started[0].process.exitcode == 0


def test_a_dead_second_process_leaves_the_storing_to_this_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = stored_here(tmp_path, monkeypatch)
    started = force_saver(monkeypatch, kill=True)
    notes: list[str] = []
    _result, store = run_split(tmp_path, "dead", notes=notes)
    try:
        assert len(started) == 1 and not started[0].done
        assert stored(store) == expected
        assert [n for n in notes if "stored by this process instead" in n]  # and says so
    finally:
        store.close()
    same_files(tmp_path, "dead")


def test_an_earlier_export_of_the_same_time_is_not_taken_for_this_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Exports at a fixed time (ExportOptions.at): the second one must still be stored."""
    expected = stored_here(tmp_path, monkeypatch, exports=2)
    with monkeypatch.context() as patched:
        patched.setattr(saver_module, "SAVER_MIN_ROWS", 1 << 40)
        _first, store = run_split(tmp_path, "again")
        store.close()
    force_saver(monkeypatch, kill=True)
    _second, store = run_split(tmp_path, "again")
    try:
        assert stored(store) == expected
    finally:
        store.close()


def test_a_failure_inside_the_transaction_rolls_it_back_and_says_why(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(saver_module.gc, "disable", lambda: None)  # served here, in a thread
    store = open_db(tmp_path / "failed.db")
    here, there = Pipe(duplex=True)
    serving = threading.Thread(target=saver_module._serve, args=(there, str(store.path)))
    serving.start()
    good = BusinessFields("tel:+491711111111|anna bau", "Anna Bau", "Bau GmbH",
                          ["+491711111111"], [], "BEGIN:VCARD\r\nEND:VCARD\r\n", 3, "[]", 0)
    now = AT.isoformat()
    here.send_bytes(pickle.dumps(("fields", ("default", now, [good]))))
    here.send_bytes(pickle.dumps(("fields", ("default", now, [("not", "fields")]))))
    kind, why = pickle.loads(here.recv_bytes())
    serving.join(10)
    here.close()
    assert kind == "failed" and "AttributeError" in why
    conn = store.db.conn
    conn.execute("BEGIN IMMEDIATE")  # the lock is free again
    assert conn.execute("SELECT count(*) FROM business_contacts").fetchone() == (0,)
    conn.execute("ROLLBACK")
    store.close()


def test_a_cancelled_export_stores_nothing_and_stops_the_second_process(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    started = force_saver(monkeypatch)
    store = open_db(tmp_path / "cancelled.db")
    before = last_export_id(store)
    settings = RunSettings(load_policy(SAMPLES / "policy.toml"), "DE", "--region")
    work = split([SAMPLES / "phone-book.vcf"], settings,
                 ExportOptions(out_dir=tmp_path / "cancelled", at=AT), store)
    try:
        while next(work).stage != "write":  # the rows have been sent by then
            pass
        work.close()  # what the GUI's cancel does
        assert len(started) == 1 and not started[0].process.is_alive()
        with sqlite3.connect(tmp_path / "cancelled.db") as conn:  # another connection
            assert conn.execute("SELECT count(*) FROM business_contacts").fetchone() == (0,)
            assert conn.execute("SELECT count(*) FROM exports").fetchone() == (0,)
        assert not recorded_since(store, before, "default", AT)
    finally:
        store.close()
