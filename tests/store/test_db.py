"""Opening the database: key first, owner-only files, WAL, foreign keys, safe migrations."""

from __future__ import annotations

import os
import sqlite3
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest

from contactgate.core.model import Card, Contact, Phone
from contactgate.store import migrations
from contactgate.store.contacts import overrides, remember_override
from contactgate.store.db import StoreError, key_path_for, open_db

NOW = datetime(2026, 5, 1, tzinfo=UTC)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def somebody() -> Contact:
    return Contact(key=0, cards=[Card("a.vcf", 1, "3.0", [])], fn="Oma",
                   phones=[Phone("0171 3920011", "+491713920011")])


def test_new_database_and_key_are_owner_only_even_with_a_permissive_umask(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        store = open_db(tmp_path / "new" / "cg.db")
    finally:
        os.umask(old)
    store.close()
    assert mode(tmp_path / "new") == 0o700
    assert mode(tmp_path / "new" / "cg.db") == 0o600
    assert mode(key_path_for(tmp_path / "new" / "cg.db")) == 0o600


def test_wal_and_foreign_keys_are_on(tmp_path: Path) -> None:
    store = open_db(tmp_path / "cg.db")
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    store.close()


def test_reopening_keeps_the_key_and_the_remembered_decision(tmp_path: Path) -> None:
    store = open_db(tmp_path / "cg.db")
    remember_override(store, somebody(), "private", NOW)
    store.close()
    again = open_db(tmp_path / "cg.db")
    assert overrides(again, [somebody()]) == {0: "private"}
    again.close()


def test_decisions_hold_no_number_or_name_in_clear(tmp_path: Path) -> None:
    store = open_db(tmp_path / "cg.db")
    remember_override(store, somebody(), "private", NOW)
    store.close()
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("cg.db*"))
    assert b"491713920011" not in raw
    assert b"Oma" not in raw


def test_missing_key_is_an_error_once_decisions_exist(tmp_path: Path) -> None:
    store = open_db(tmp_path / "cg.db")
    remember_override(store, somebody(), "private", NOW)
    store.close()
    key_path_for(tmp_path / "cg.db").unlink()
    with pytest.raises(StoreError, match="key is missing"):
        open_db(tmp_path / "cg.db")
    assert not key_path_for(tmp_path / "cg.db").exists()  # never silently replaced


def test_a_foreign_key_file_is_refused(tmp_path: Path) -> None:
    store = open_db(tmp_path / "cg.db")
    remember_override(store, somebody(), "private", NOW)
    store.close()
    key_path_for(tmp_path / "cg.db").write_text("ab" * 32)
    with pytest.raises(StoreError, match="does not belong"):
        open_db(tmp_path / "cg.db")


def test_a_file_that_is_not_a_database_gives_a_clear_message(tmp_path: Path) -> None:
    bogus = tmp_path / "cg.db"
    bogus.write_bytes(b"this is a text file, not SQLite" * 100)
    with pytest.raises(StoreError, match="not a ContactGate database"):
        open_db(bogus)


def test_a_failing_migration_rolls_back_and_leaves_a_backup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_db(tmp_path / "cg.db").close()
    broken = [*migrations.MIGRATIONS, (99, "CREATE TABLE extra (x); THIS IS NOT SQL")]
    monkeypatch.setattr("contactgate.store.db.MIGRATIONS", broken)
    with pytest.raises(StoreError):
        open_db(tmp_path / "cg.db")
    conn = sqlite3.connect(tmp_path / "cg.db")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.MIGRATIONS[-1][0]
    assert not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'extra'").fetchone()
    conn.close()
    backups = list(tmp_path.glob("cg.db.v*.bak"))
    assert len(backups) == 1 and mode(backups[0]) == 0o600


def test_a_folder_where_the_database_should_be_is_reported(tmp_path: Path) -> None:
    (tmp_path / "cg.db").mkdir()
    with pytest.raises(StoreError, match="is a folder"):
        open_db(tmp_path / "cg.db")
