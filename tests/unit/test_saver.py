"""Business records and the export record stored by a second process equal those stored here.

For a big export :class:`~contactgate.saver.RecordSaver` stores the business
contacts (and, last, the export record) in a spawned process while this one
writes the files. These tests force it (``SAVER_MIN_ROWS`` 0) on the sample
phone book with its consents, so that contacts go to every output and numbers
leave, and compare the database and the files with a run that stores here:
when the second process works, when it dies before the first row, and when
the export is cancelled half-way (nothing is stored, the process is gone).
"""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

import contactgate.saver as saver_module
from contactgate.core.model import BUSINESS
from contactgate.io.policy_file import load_policy
from contactgate.pipeline import ExportOptions, RunSettings, SplitResult, split
from contactgate.saver import RecordSaver, export_recorded
from contactgate.store.contacts import contact_identity
from contactgate.store.db import Store, open_db
from tests.factories import finish

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"
AT = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
OUTPUTS = ("whatsapp-business.vcf", "business-no-consent.vcf", "private.vcf", "review.vcf",
           "summary.json", "quarantine.txt", "report.html")


def run_split(tmp_path: Path, name: str) -> tuple[SplitResult, Store]:
    store = open_db(tmp_path / f"{name}.db")
    settings = RunSettings(load_policy(SAMPLES / "policy.toml"), "DE", "--region")
    options = ExportOptions(out_dir=tmp_path / name, consents_csv=SAMPLES / "consents.csv",
                            at=AT)
    return finish(split([SAMPLES / "phone-book.vcf"], settings, options, store)), store


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
            "SELECT label, at, numbers, json_remove(files, '$.\"report.pdf\"') FROM exports"
        ).fetchall(),
        "audit": conn.execute("SELECT kind, subject FROM audit_events ORDER BY id").fetchall(),
    }


def stored_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, list[tuple]]:
    with monkeypatch.context() as patched:
        patched.setattr(saver_module, "SAVER_MIN_ROWS", 1 << 40)
        result, store = run_split(tmp_path, "here")
    try:
        assert any(d.destination == "whatsapp" for d in result.decisions)  # numbers left
        records = stored(store)
        assert records["business"] and records["numbers"] and records["exports"]
        return records
    finally:
        store.close()


def force_saver(monkeypatch: pytest.MonkeyPatch, kill: bool = False) -> list[RecordSaver]:
    """The second process for every export (killed at once with ``kill``); savers recorded."""
    started: list[RecordSaver] = []
    start = RecordSaver.start.__func__  # type: ignore[attr-defined]

    def recording_start(cls: type[RecordSaver], store: Store, rows: int) -> RecordSaver | None:
        saver = start(cls, store, rows)
        assert saver is not None
        if kill:
            saver.process.kill()
            saver.process.join()
        started.append(saver)
        return saver

    monkeypatch.setattr(saver_module, "SAVER_MIN_ROWS", 0)
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
    finished: list[bool] = []
    finish_of = RecordSaver.finish

    def recording_finish(self: RecordSaver, *args: object) -> bool:
        finished.append(done := finish_of(self, *args))  # type: ignore[arg-type]
        return done

    monkeypatch.setattr(RecordSaver, "finish", recording_finish)
    result, store = run_split(tmp_path, "there")
    try:
        assert len(started) == 1 and finished == [True]  # stored there, not here again
        assert not started[0].process.is_alive()
        assert stored(store) == expected
        business = [d.contact for d in result.decisions if d.verdict.bucket == BUSINESS]
        identities = {row[0] for row in
                      store.db.conn.execute("SELECT identity FROM business_contacts")}
        assert identities == {contact_identity(store, c) for c in business}  # keyed there
        assert export_recorded(store.db.conn, "default", AT)
    finally:
        store.close()
    same_files(tmp_path, "there")


def test_a_dead_second_process_leaves_the_storing_to_this_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = stored_here(tmp_path, monkeypatch)
    started = force_saver(monkeypatch, kill=True)
    _result, store = run_split(tmp_path, "dead")
    try:
        assert len(started) == 1 and not started[0].working
        assert stored(store) == expected
    finally:
        store.close()
    same_files(tmp_path, "dead")


def test_a_cancelled_export_stores_nothing_and_stops_the_second_process(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    started = force_saver(monkeypatch)
    store = open_db(tmp_path / "cancelled.db")
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
        assert not export_recorded(store.db.conn, "default", AT)
    finally:
        store.close()
