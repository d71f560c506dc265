"""Damaged or foreign state: a clear one-line message and exit 2, never a traceback,
never a silent repair that loses data; the key is never silently replaced."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from contactgate.store import migrations
from contactgate.store.db import key_path_for, open_db
from tests.conftest import CliRun
from tests.reliability.helpers import business_card, integrity, one_line_error, private_card

Run = Callable[..., CliRun]
CONSENTS = "phone,granted_at,method,evidence\n" + "".join(
    f"+49 30 {2_000_000 + i:07d},2026-01-15,web_form,form {i}\n" for i in range(200))
COMMANDS = (("consent", "list"), ("audit", "verify"), ("consent", "export", "{tmp}/c.csv"))


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def consents_db(cli: Run, db_path: Path, tmp_path: Path) -> Path:
    """A database with consents and audit events, fully checkpointed into the main file."""
    (tmp_path / "consents.csv").write_text(CONSENTS, encoding="utf-8")
    assert cli("consent", "import", tmp_path / "consents.csv").code == 0
    _checkpoint(db_path)
    return db_path


@pytest.fixture
def keyed_db(cli: Run, db_path: Path, tmp_path: Path) -> Path:
    """A database that remembers people by keyed hash (business contacts, decisions)."""
    book = tmp_path / "phone.vcf"
    book.write_text(business_card(1) + private_card(2), encoding="utf-8")
    assert cli("split", book, "--out-dir", tmp_path / "out").code == 0
    _checkpoint(db_path)
    return db_path


def _checkpoint(db: Path) -> None:
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def run_all(cli: Run, tmp_path: Path) -> list[CliRun]:
    return [cli(*(a.format(tmp=tmp_path) for a in args)) for args in COMMANDS]


# --- damaged database files --------------------------------------------------------


def _garbage_header(data: bytes) -> bytes:
    return b"\x42" * 100 + data[100:]


def _truncated(data: bytes) -> bytes:
    return data[: len(data) // 3]


def _garbage_pages(data: bytes) -> bytes:
    page = 4096
    return data[: 2 * page] + bytes(range(256)) * (len(data[2 * page :]) // 256)


@pytest.mark.parametrize("damage", [_garbage_header, _truncated, _garbage_pages],
                         ids=["garbage header", "truncated to a third", "garbage pages"])
def test_a_damaged_database_is_a_clear_error_and_stays_as_it_was(
    cli: Run, consents_db: Path, tmp_path: Path, damage: Callable[[bytes], bytes]
) -> None:
    consents_db.write_bytes(damage(consents_db.read_bytes()))
    before = sha(consents_db)
    for result in run_all(cli, tmp_path):
        assert result.code == 2, result.err
        assert str(consents_db) in one_line_error(result.err)
    assert sha(consents_db) == before  # kept for forensics or recovery, never "repaired"
    assert key_path_for(consents_db).exists()


def test_a_text_file_posing_as_the_database_is_refused(cli: Run, db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_text("name,phone\nAnna,0171\n" * 200)
    result = cli("consent", "list")
    assert result.code == 2 and "not a ContactGate database" in one_line_error(result.err)
    assert not key_path_for(db_path).exists()  # no key minted for a file that is not ours


def test_another_programs_sqlite_database_is_refused_and_left_untouched(
    cli: Run, db_path: Path, tmp_path: Path
) -> None:
    db_path.parent.mkdir(parents=True)
    conn = sqlite3.connect(db_path)
    conn.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
    conn.execute("INSERT INTO moz_places (url) VALUES ('https://example.org')")
    conn.commit()
    conn.close()
    before = sha(db_path)
    result = cli("consent", "list")
    assert result.code == 2 and str(db_path) in one_line_error(result.err)
    assert sha(db_path) == before  # no ContactGate tables added to someone else's file
    assert not key_path_for(db_path).exists()


def test_a_database_from_a_newer_contactgate_is_refused(cli: Run, consents_db: Path) -> None:
    conn = sqlite3.connect(consents_db)
    conn.execute(f"PRAGMA user_version = {migrations.MIGRATIONS[-1][0] + 1}")
    conn.close()
    result = cli("consent", "list")
    assert result.code == 2
    assert "newer" in one_line_error(result.err) and str(consents_db) in result.err


def test_a_garbage_write_ahead_log_beside_the_database_loses_nothing(
    cli: Run, consents_db: Path
) -> None:
    consents_db.with_name(consents_db.name + "-wal").write_bytes(b"\x00junk" * 5000)
    result = cli("--json", "consent", "list")
    assert result.code == 0, result.err
    assert integrity(consents_db) == "ok"
    assert cli("audit", "verify").code == 0


def test_an_empty_database_file_left_by_a_crash_is_started_afresh(
    cli: Run, db_path: Path
) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(b"")
    assert cli("consent", "list").code == 0
    assert integrity(db_path) == "ok"


# --- the key -----------------------------------------------------------------------


def test_a_missing_key_is_an_error_once_people_are_remembered_by_it(
    cli: Run, keyed_db: Path, tmp_path: Path
) -> None:
    key = key_path_for(keyed_db)
    key.unlink()
    before = sha(keyed_db)
    book = tmp_path / "phone.vcf"
    for result in (cli("split", book, "--out-dir", tmp_path / "again"), cli("consent", "list")):
        assert result.code == 2
        line = one_line_error(result.err)
        assert str(key) in line and "missing" in line
    assert not key.exists()  # never silently replaced
    assert sha(keyed_db) == before


def test_a_missing_key_is_an_error_once_the_audit_trail_depends_on_it(
    cli: Run, consents_db: Path
) -> None:
    """Consents alone already tie the database to its key: the audit trail's head is
    signed with it, so a fresh key would make ``audit verify`` cry tampering."""
    key = key_path_for(consents_db)
    key.unlink()
    result = cli("consent", "list")
    assert result.code == 2
    assert str(key) in one_line_error(result.err)
    assert not key.exists()


@pytest.mark.parametrize("fixture", ["keyed_db", "consents_db"])
def test_a_key_of_another_installation_is_refused(
    cli: Run, request: pytest.FixtureRequest, fixture: str
) -> None:
    db: Path = request.getfixturevalue(fixture)
    key = key_path_for(db)
    key.write_text("ab" * 32 + "\n")
    result = cli("consent", "list")
    assert result.code == 2
    assert str(key) in one_line_error(result.err)
    assert key.read_text() == "ab" * 32 + "\n"


@pytest.mark.parametrize("content", [b"", b"not hex at all\n", b"abcd\n", b"\xff\xfe" * 40],
                         ids=["empty", "not hex", "too short", "binary"])
def test_a_damaged_key_file_is_named_and_kept(
    cli: Run, keyed_db: Path, content: bytes
) -> None:
    key = key_path_for(keyed_db)
    key.write_bytes(content)
    result = cli("consent", "list")
    assert result.code == 2 and str(key) in one_line_error(result.err)
    assert key.read_bytes() == content


def test_a_folder_where_the_key_should_be_is_named(cli: Run, keyed_db: Path) -> None:
    key = key_path_for(keyed_db)
    key.unlink()
    key.mkdir()
    result = cli("consent", "list")
    assert result.code == 2 and str(key) in one_line_error(result.err)


def test_a_file_where_the_database_folder_should_be_is_named(cli: Run, tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("x")
    result = cli("--db", blocker / "cg.db", "consent", "list")
    assert result.code == 2 and str(blocker) in one_line_error(result.err)


# --- migrations --------------------------------------------------------------------


def test_a_migration_backs_the_database_up_first(
    consents_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    version = migrations.MIGRATIONS[-1][0]
    monkeypatch.setattr("contactgate.store.db.MIGRATIONS",
                        [*migrations.MIGRATIONS, (version + 1, "CREATE TABLE extra (x TEXT)")])
    open_db(consents_db).close()
    backup = consents_db.with_name(f"{consents_db.name}.v{version}.bak")
    assert backup.stat().st_mode & 0o777 == 0o600
    assert integrity(backup) == "ok"
    conn = sqlite3.connect(backup)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == version
    assert conn.execute("SELECT COUNT(*) FROM consents").fetchone()[0] == 200
    conn.close()


def test_no_migration_without_its_backup(
    cli: Run, consents_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    version = migrations.MIGRATIONS[-1][0]
    monkeypatch.setattr("contactgate.store.db.MIGRATIONS",
                        [*migrations.MIGRATIONS, (version + 1, "CREATE TABLE extra (x TEXT)")])
    consents_db.with_name(f"{consents_db.name}.v{version}.bak").mkdir()  # the backup cannot be made
    result = cli("consent", "list")
    assert result.code == 2 and str(consents_db) in one_line_error(result.err)
    conn = sqlite3.connect(consents_db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == version
    conn.close()
