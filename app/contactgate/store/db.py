"""Open the database: key first, then file, pragmas, migrations.

The HMAC key lives beside the database as ``<db>.key`` and is created before
the database, owner-only. Once keyed hashes exist a missing key is an error:
a new key would silently orphan every remembered decision.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import secrets
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from contactgate.store.migrations import MIGRATIONS

KEY_BYTES = 32
BUSY_TIMEOUT_MS = 10_000


class StoreError(Exception):
    """The database or its key cannot be used; the message says what to do."""


@dataclass(slots=True)
class Store:
    """An open database plus the installation's HMAC key."""

    db: sqlite_utils.Database
    path: Path
    key: bytes

    def keyed_hash(self, normalised: str) -> str:
        """HMAC-SHA256 of a normalised number or e-mail: remembers without storing."""
        return hmac.new(self.key, normalised.encode("utf-8"), hashlib.sha256).hexdigest()

    def close(self) -> None:
        self.db.conn.close()


@contextlib.contextmanager
def write_transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE … COMMIT (ROLLBACK on error), or join the caller's transaction.

    The connection runs in autocommit mode, where ``with conn:`` alone would
    commit every statement separately: bulk writes must come through here.
    """
    if conn.in_transaction:
        yield conn
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:  # SQLite may have rolled back already (disk full, I/O error)
            conn.execute("ROLLBACK")
        raise


@contextlib.contextmanager
def read_snapshot(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """Reads that see one state of the database, whatever other processes commit meanwhile
    (a deferred transaction; WAL lets writers go on). Joins the caller's transaction."""
    if conn.in_transaction:
        yield conn
        return
    conn.execute("BEGIN")
    try:
        yield conn
    finally:
        if conn.in_transaction:
            conn.execute("COMMIT")  # nothing was written: this only ends the snapshot


def key_path_for(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".key")


SQLITE_HEADER = b"SQLite format 3\x00"
# Tables whose rows are keyed by the installation's key (hashes, or the audit head's HMAC).
KEYED_TABLES = ("decisions", "suppressions", "business_contacts", "consents", "audit_events")


def open_db(path: Path | str) -> Store:
    """Open (creating if needed) the database at ``path`` and bring its schema up to date.

    A foreign file is refused before anything is written beside it: the key is
    created only for a new database or one of ours.
    """
    db_path = Path(path)
    _make_private_dir(db_path.parent)
    if db_path.exists() and db_path.is_dir():
        raise StoreError(f"{db_path}: is a folder, not a database file")
    existed = db_path.exists() and db_path.stat().st_size > 0
    if existed:
        _check_ours(db_path)
    key = _load_or_create_key(db_path, existed)
    if not existed:
        _touch_private(db_path)
    try:
        conn = sqlite3.connect(str(db_path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    except sqlite3.DatabaseError as exc:
        raise StoreError(explain_db_error(db_path, exc)) from exc
    try:
        _configure(conn)
        if existed and _has_keyed_hashes(conn) and not _key_matches(conn, key):
            raise StoreError(  # checked before any migration touches the file
                f"{key_path_for(db_path)}: this key does not belong to {db_path}; "
                "restore the key saved with the database"
            )
        _migrate(conn, db_path)
        _remember_key_fingerprint(conn, key)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StoreError(explain_db_error(db_path, exc)) from exc
    except BaseException:
        conn.close()
        raise
    return Store(db=sqlite_utils.Database(conn), path=db_path, key=key)


def check_database_place(db_path: Path) -> None:
    """StoreError unless a database can be opened (or made) at ``db_path``; writes nothing.

    For a place chosen in the window's Settings, before it is kept.
    """
    if db_path.is_dir():
        raise StoreError(f"{db_path}: is a folder, not a database file")
    if db_path.exists():
        _check_ours(db_path)
        return
    folder = db_path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not folder.is_dir():
        raise StoreError(f"{folder}: is a file, not a folder (database folder)")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise StoreError(f"{db_path}: cannot create the database (Permission denied)")


def _check_ours(db_path: Path) -> None:
    """Refuse a text file, another program's SQLite file, or a newer ContactGate's."""
    try:
        with db_path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise StoreError(f"{db_path}: cannot read the database ({exc.strerror})") from exc
    if header != SQLITE_HEADER:
        raise StoreError(f"{db_path}: not a ContactGate database (not SQLite); restore a backup")
    try:
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise StoreError(explain_db_error(db_path, exc)) from exc
    newest = MIGRATIONS[-1][0]
    if version > newest:
        raise StoreError(f"{db_path}: made by a newer ContactGate (schema {version} > {newest}); "
                         "update ContactGate")
    if version == 0 and tables:
        raise StoreError(f"{db_path}: another program's SQLite database, not ContactGate's; "
                         "choose another --db")


def _make_private_dir(directory: Path) -> None:
    from contactgate.io.atomic import OutputError, make_private_dir

    try:
        make_private_dir(directory)
    except OutputError as exc:
        raise StoreError(f"{exc} (database folder)") from exc


def _touch_private(path: Path) -> None:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    except OSError as exc:
        raise StoreError(f"{path}: cannot create the database ({exc.strerror})") from exc
    os.close(fd)
    os.chmod(path, 0o600)  # the umask may have widened nothing, but a pre-existing file may be wide


def _load_or_create_key(db_path: Path, db_existed: bool) -> bytes:
    key_path = key_path_for(db_path)
    if key_path.exists():
        try:
            key = bytes.fromhex(key_path.read_text(encoding="ascii").strip())
        except (OSError, ValueError, UnicodeDecodeError) as exc:
            raise StoreError(f"{key_path}: the key file is unreadable or damaged") from exc
        if len(key) != KEY_BYTES:
            raise StoreError(f"{key_path}: the key file is damaged (wrong length)")
        return key
    if db_existed and _db_has_keyed_hashes(db_path):
        raise StoreError(
            f"{key_path}: the key is missing but the database remembers decisions by it; "
            "restore the key saved with the database"
        )
    key = secrets.token_bytes(KEY_BYTES)
    _write_key(key_path, key)
    return key


def _write_key(key_path: Path, key: bytes) -> None:
    tmp = key_path.with_name(key_path.name + ".part")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(key.hex() + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, key_path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise StoreError(f"{key_path}: cannot write the key ({exc.strerror})") from exc


def _db_has_keyed_hashes(db_path: Path) -> bool:
    try:
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        try:
            return _has_keyed_hashes(conn)
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return False


def _has_keyed_hashes(conn: sqlite3.Connection) -> bool:
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    for table in KEYED_TABLES:
        if table in tables and conn.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone():
            return True
    return False


def _key_fingerprint(key: bytes) -> str:
    return hmac.new(key, b"contactgate key fingerprint", hashlib.sha256).hexdigest()[:16]


def _key_matches(conn: sqlite3.Connection, key: bytes) -> bool:
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'meta'").fetchone():
        return True  # a schema too old to remember the key: nothing to compare with
    row = conn.execute("SELECT value FROM meta WHERE key = 'key_fingerprint'").fetchone()
    return row is None or row[0] == _key_fingerprint(key)


def _remember_key_fingerprint(conn: sqlite3.Connection, key: bytes) -> None:
    known = conn.execute("SELECT 1 FROM meta WHERE key = 'key_fingerprint'").fetchone()
    if known is None:  # only then write: a reader must not need the write lock
        conn.execute(
            "INSERT OR IGNORE INTO meta(key, value) VALUES ('key_fingerprint', ?)",
            (_key_fingerprint(key),),
        )


def _configure(conn: sqlite3.Connection) -> None:
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()
    if mode is None or str(mode[0]).lower() != "wal":
        raise sqlite3.DatabaseError("cannot switch to WAL journal mode")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = NORMAL")
    # a person marked private or erased must not linger in freed pages (invariant 5)
    conn.execute("PRAGMA secure_delete = ON")


def _migrate(conn: sqlite3.Connection, db_path: Path) -> None:
    current = conn.execute("PRAGMA user_version").fetchone()[0]
    pending = [(v, sql) for v, sql in MIGRATIONS if v > current]
    if not pending:
        return
    if current > 0:
        _backup_before_migration(conn, db_path, current)
    conn.execute("BEGIN IMMEDIATE")
    try:
        for version, sql in pending:
            for statement in _statements(sql):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {version}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def _statements(script: str) -> list[str]:
    # executescript() would COMMIT our transaction; split instead so a failure rolls back.
    return [s.strip() for s in script.split(";") if s.strip()]


def _backup_before_migration(conn: sqlite3.Connection, db_path: Path, version: int) -> None:
    """A complete, owner-only copy before the schema changes: ``.part`` first, then renamed."""
    backup_path = db_path.with_name(f"{db_path.name}.v{version}.bak")
    part = backup_path.with_name(backup_path.name + ".part")
    try:
        _touch_private(part)
        target = sqlite3.connect(str(part))
        try:
            conn.backup(target)
        finally:
            target.close()
        os.replace(part, backup_path)
    except (OSError, sqlite3.DatabaseError) as exc:
        with contextlib.suppress(OSError):
            part.unlink()
        raise StoreError(f"{backup_path}: cannot back up the database before upgrading it "
                         f"({exc}); free some space and try again") from exc


def explain_db_error(db_path: Path, exc: sqlite3.DatabaseError) -> str:
    """One line a user can act on, for any SQLite error met while using the database."""
    text = str(exc)
    if "locked" in text or "busy" in text:
        return f"{db_path}: the database is busy (another ContactGate is using it); try again"
    if "not a database" in text or "malformed" in text:
        return f"{db_path}: not a ContactGate database or damaged ({text}); restore a backup"
    if "disk is full" in text or "disk I/O" in text:
        return f"{db_path}: cannot write the database ({text}); free some space and try again"
    return f"{db_path}: database error ({text})"
