"""``contactgate backup DEST``: database and key together, consistent, owner-only, safe."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from contactgate.core.model import Consent
from contactgate.io.consent_csv import parse_when
from contactgate.store.consents import add_consent
from contactgate.store.db import key_path_for, open_db
from tests.conftest import CliRun
from tests.reliability.helpers import (
    SmallFilesystem,
    fill,
    integrity,
    leftovers,
    one_line_error,
    run_cg,
)

Run = Callable[..., CliRun]
CONSENTS = "phone,granted_at,method,evidence\n" + "".join(
    f"+49 30 {2_000_000 + i:07d},2026-01-15,web_form,form {i}\n" for i in range(20))


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def filled_db(cli: Run, db_path: Path, tmp_path: Path) -> Path:
    (tmp_path / "consents.csv").write_text(CONSENTS, encoding="utf-8")
    assert cli("consent", "import", tmp_path / "consents.csv").code == 0
    return db_path


def consent_count(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute("SELECT COUNT(*) FROM consents").fetchone()[0])
    finally:
        conn.close()


def test_backup_copies_database_and_key_owner_only_and_opens_as_is(
    cli: Run, filled_db: Path, tmp_path: Path
) -> None:
    dest = tmp_path / "usb" / "cg-backup.db"
    result = cli("backup", dest)
    assert result.code == 0, result.err
    assert str(dest) in result.err and str(key_path_for(dest)) in result.err
    assert mode(dest) == mode(key_path_for(dest)) == 0o600
    assert mode(dest.parent) == 0o700
    assert key_path_for(dest).read_bytes() == key_path_for(filled_db).read_bytes()
    assert not list(dest.parent.glob("*-wal")) and not leftovers(dest.parent)
    conn = sqlite3.connect(dest)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one file to carry
    conn.close()
    assert integrity(dest) == "ok" and consent_count(dest) == 20
    verified = cli("--db", dest, "audit", "verify")  # the key belongs: the chain's head checks out
    assert verified.code == 0, verified.err


def test_backup_into_an_existing_folder_uses_the_database_name(
    cli: Run, filled_db: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    assert cli("backup", folder).code == 0
    assert consent_count(folder / filled_db.name) == 20
    assert key_path_for(folder / filled_db.name).is_file()


def test_an_existing_backup_is_only_replaced_with_force(
    cli: Run, filled_db: Path, tmp_path: Path
) -> None:
    dest = tmp_path / "b.db"
    dest.write_bytes(b"an older backup")
    refused = cli("backup", dest)
    assert refused.code == 2
    assert str(dest) in one_line_error(refused.err) and "--force" in refused.err
    assert dest.read_bytes() == b"an older backup" and not key_path_for(dest).exists()
    assert cli("backup", dest, "--force").code == 0
    assert consent_count(dest) == 20


def test_a_lone_key_at_the_destination_also_blocks_without_force(
    cli: Run, filled_db: Path, tmp_path: Path
) -> None:
    dest = tmp_path / "b.db"
    key_path_for(dest).write_text("someone else's key\n")
    refused = cli("backup", dest)
    assert refused.code == 2 and str(key_path_for(dest)) in refused.err
    assert not dest.exists()


def test_backup_onto_the_live_database_is_refused_even_with_force(
    cli: Run, filled_db: Path
) -> None:
    beside = [filled_db.with_name(filled_db.name + s) for s in ("-wal", "-shm", "-journal")]
    # SQLite removes its -wal and -shm files when the database closes: a backup written
    # there would vanish
    for target in (filled_db, filled_db.parent, key_path_for(filled_db).with_suffix(""),
                   *beside):
        result = cli("backup", target, "--force")
        assert result.code == 2, target
        assert "live database" in result.err
    assert integrity(filled_db) == "ok" and consent_count(filled_db) == 20


def test_no_database_no_backup(cli: Run, db_path: Path, tmp_path: Path) -> None:
    result = cli("backup", tmp_path / "b.db")
    assert result.code == 2 and str(db_path) in one_line_error(result.err)
    assert not db_path.exists() and not (tmp_path / "b.db").exists()


def test_a_database_whose_key_is_lost_is_not_backed_up_alone(
    cli: Run, filled_db: Path, tmp_path: Path
) -> None:
    store = open_db(filled_db)  # a remembered decision makes the key indispensable
    store.db.conn.execute("INSERT INTO decisions VALUES ('h', 'private', 'override', 'now')")
    store.close()
    key_path_for(filled_db).unlink()
    result = cli("backup", tmp_path / "b.db")
    assert result.code == 2 and "key" in one_line_error(result.err)
    assert not (tmp_path / "b.db").exists()


def test_backup_holds_what_is_still_only_in_the_write_ahead_log(
    filled_db: Path, tmp_path: Path
) -> None:
    """A plain file copy of a WAL database misses committed rows; the backup API does not."""
    store = open_db(filled_db)
    store.db.conn.execute("PRAGMA wal_autocheckpoint = 0")  # keep new rows in the -wal file
    granted = parse_when("2026-02-01", ZoneInfo("Europe/Berlin"))
    for i in range(30):
        add_consent(store, Consent(f"+4989{5_000_000 + i:07d}", granted, "web", f"f{i}"))
    try:
        naive = tmp_path / "naive.db"
        shutil.copyfile(filled_db, naive)  # what copying just the database file gives
        done = run_cg(filled_db, "backup", tmp_path / "b.db")  # while the writer is still open
        assert done.returncode == 0, done.stderr
        assert consent_count(tmp_path / "b.db") == 50
        assert consent_count(naive) < 50
    finally:
        store.close()


def test_backup_files_are_owner_only_under_a_permissive_umask(
    filled_db: Path, tmp_path: Path
) -> None:
    dest = tmp_path / "new-folder" / "b.db"
    done = run_cg(filled_db, "backup", dest, umask=0)
    assert done.returncode == 0, done.stderr
    assert (mode(dest.parent), mode(dest), mode(key_path_for(dest))) == (0o700, 0o600, 0o600)


def test_a_file_where_the_backup_folder_should_be_is_exit_2(
    cli: Run, filled_db: Path, tmp_path: Path
) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("x")
    result = cli("backup", blocker / "sub" / "b.db")
    assert result.code == 2 and str(blocker) in one_line_error(result.err)


@pytest.mark.slow
def test_a_full_disk_leaves_no_partial_backup(filled_db: Path, tmp_path: Path) -> None:
    with SmallFilesystem(tmp_path / "small", "1m") as small:
        fill(small)
        os.remove(small / "filler-tail")  # a few KB free: the key fits, the database does not
        done = run_cg(filled_db, "backup", small / "b.db")
        assert done.returncode == 2
        line = one_line_error(done.stderr)
        assert str(small / "b.db") in line or str(key_path_for(small / "b.db")) in line
        assert not (small / "b.db").exists() and not key_path_for(small / "b.db").exists()
        assert leftovers(small) == []
    assert integrity(filled_db) == "ok"
