"""An export's files appear only together with its record (invariant 6).

``split`` writes its eight files as ``NAME.part`` and renames them once the
business contacts and the export record are committed. When the database
cannot take the record, or the user cancels, the output folder keeps exactly
what it held before: no whatsapp-business.vcf leaves without a record.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Generator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

import contactgate.pipeline as pipeline
from contactgate.core.model import Progress
from contactgate.io.atomic import OutputError
from contactgate.io.policy_file import load_policy
from contactgate.pipeline import ALL_FILES, ExportOptions, RunSettings, SplitResult, split
from contactgate.store.db import Store, open_db
from tests.factories import finish
from tests.unit.test_saver import force_saver

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"
AT = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)


def start_split(store: Store, out: Path, at: datetime) -> Generator[Progress, None, SplitResult]:
    settings = RunSettings(load_policy(SAMPLES / "policy.toml"), "DE", "--region")
    options = ExportOptions(out_dir=out, consents_csv=SAMPLES / "consents.csv", at=at)
    return split([SAMPLES / "phone-book.vcf"], settings, options, store)


def folder(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def exports(store: Store) -> int:
    count: int = store.db.conn.execute("SELECT count(*) FROM exports").fetchone()[0]
    return count


def _locked(*_args: object) -> None:
    raise sqlite3.OperationalError("database is locked")


def test_the_files_written_are_the_files_recorded(tmp_path: Path) -> None:
    store = open_db(tmp_path / "cg.db")
    result: SplitResult = finish(start_split(store, tmp_path / "out", AT))
    written = folder(tmp_path / "out")
    assert set(written) == set(ALL_FILES)  # all eight, no part file left
    recorded = store.db.conn.execute("SELECT files FROM exports").fetchone()[0]
    assert json.loads(recorded) == result.files == {
        name: hashlib.sha256(data).hexdigest() for name, data in written.items()}
    assert any(d.destination == "whatsapp" for d in result.decisions)  # numbers did leave


def test_an_export_the_database_cannot_record_leaves_the_folder_as_it_was(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = open_db(tmp_path / "cg.db")
    out = tmp_path / "out"
    finish(start_split(store, out, AT))
    before = folder(out)

    monkeypatch.setattr(pipeline, "record_export", _locked)
    with pytest.raises(sqlite3.OperationalError):
        finish(start_split(store, out, AT + timedelta(days=1)))

    assert folder(out) == before  # the earlier export's files, byte for byte; no part file
    assert exports(store) == 1


def test_an_export_cancelled_after_its_files_are_written_leaves_none_of_them(
        tmp_path: Path) -> None:
    store = open_db(tmp_path / "cg.db")
    out = tmp_path / "out"
    work = start_split(store, out, AT)
    while next(work).stage != "report":  # the vCard files and the summary are written
        pass
    assert {p.name for p in out.iterdir()} >= {"whatsapp-business.vcf.part", "summary.json.part"}

    work.close()  # what the GUI's cancel does

    assert list(out.iterdir()) == []
    assert exports(store) == 0


def test_with_the_second_process_the_files_appear_once_it_has_recorded_them(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    savers = force_saver(monkeypatch)
    store = open_db(tmp_path / "cg.db")
    result: SplitResult = finish(start_split(store, tmp_path / "out", AT))
    assert savers and savers[0].done  # the second process stored and recorded them
    written = folder(tmp_path / "out")
    assert set(written) == set(ALL_FILES)
    recorded = store.db.conn.execute("SELECT files FROM exports").fetchone()[0]
    assert json.loads(recorded) == result.files == {
        name: hashlib.sha256(data).hexdigest() for name, data in written.items()}


def test_when_neither_process_can_record_the_export_no_file_appears(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    force_saver(monkeypatch, kill=True)  # the second process dies: this one stores ...
    monkeypatch.setattr(pipeline, "record_export", _locked)  # ... and cannot either
    store = open_db(tmp_path / "cg.db")
    with pytest.raises(sqlite3.OperationalError):
        finish(start_split(store, tmp_path / "out", AT))
    assert list((tmp_path / "out").iterdir()) == []
    assert exports(store) == 0


def test_a_recorded_export_whose_file_cannot_be_renamed_keeps_the_gated_file_back(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    replace = os.replace

    def held_open(source: str | Path, target: str | Path) -> None:
        if Path(target).name == "report.html":  # as when a viewer holds it open (Windows)
            raise PermissionError(13, "Permission denied")
        replace(source, target)

    monkeypatch.setattr(os, "replace", held_open)
    store = open_db(tmp_path / "cg.db")

    with pytest.raises(OutputError, match="recorded") as failed:
        finish(start_split(store, out, AT))

    assert exports(store) == 1
    assert "whatsapp-business.vcf.part" in str(failed.value)
    present = {p.name for p in out.iterdir()}
    assert "whatsapp-business.vcf" not in present  # never out without its report
    assert {"whatsapp-business.vcf.part", "report.html.part"} <= present


def test_an_interrupt_inside_the_record_leaves_neither_record_nor_files(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = pipeline._record_export

    def interrupted(*args: object) -> None:
        real(*args)  # type: ignore[arg-type]
        raise KeyboardInterrupt  # Ctrl-C before the transaction commits

    monkeypatch.setattr(pipeline, "_record_export", interrupted)
    store = open_db(tmp_path / "cg.db")
    with pytest.raises(KeyboardInterrupt):
        finish(start_split(store, tmp_path / "out", AT))
    assert exports(store) == 0
    assert list((tmp_path / "out").iterdir()) == []


def test_an_interrupt_after_the_second_process_committed_still_puts_the_files_in_place(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import contactgate.saver as saver_module

    force_saver(monkeypatch)
    real = saver_module.RecordSaver.finish

    def committed_then_interrupted(self: saver_module.RecordSaver, *args: object) -> bool:
        assert real(self, *args)  # type: ignore[arg-type]
        raise KeyboardInterrupt  # Ctrl-C as its "done" comes back

    monkeypatch.setattr(saver_module.RecordSaver, "finish", committed_then_interrupted)
    store = open_db(tmp_path / "cg.db")
    with pytest.raises(KeyboardInterrupt):
        finish(start_split(store, tmp_path / "out", AT))
    # the record holds (it committed): so do the files it names, never a record alone
    assert exports(store) == 1
    assert {p.name for p in (tmp_path / "out").iterdir()} == set(ALL_FILES)


def test_a_folder_in_the_place_of_a_file_is_found_before_anything_is_recorded(
        tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "report.pdf").mkdir(parents=True)
    store = open_db(tmp_path / "cg.db")
    with pytest.raises(OutputError, match=r"report\.pdf: is a folder"):
        finish(start_split(store, out, AT))
    assert exports(store) == 0
    assert [p.name for p in out.iterdir()] == ["report.pdf"]  # no part file left


def test_every_progress_of_an_export_comes_before_its_record_so_a_cancel_there_is_clean(
        tmp_path: Path) -> None:
    store = open_db(tmp_path / "cg.db")
    out = tmp_path / "out"
    work = start_split(store, out, AT)
    while True:
        try:
            next(work)
        except StopIteration:
            break
        # a cancel here (the GUI checks between steps) would leave nothing: so nothing is
        # recorded yet, and no file is in place; afterwards there is no step to cancel at
        assert exports(store) == 0
        assert not (out / "whatsapp-business.vcf").exists()
    assert exports(store) == 1 and (out / "whatsapp-business.vcf").is_file()
