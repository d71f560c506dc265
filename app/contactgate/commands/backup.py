"""``contactgate backup DEST``: a consistent copy of the database and its key.

The database is copied with SQLite's online backup API from an open
connection, so a copy taken while the GUI or a batch is writing is still a
consistent snapshot (a plain file copy of a WAL database may not be). The
key is copied beside it as ``DEST.key``: a database without its key has lost
every remembered decision, so the two only ever travel together. The copy is
a single self-contained file (journal mode DELETE) that ``--db DEST`` opens
directly; restoring means copying both files back.

Both files are written as ``NAME.part`` owner-only, fsynced and renamed, the
key first (as ``open_db`` creates it first), so a crash or a full disk never
leaves a truncated backup under the final name.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sqlite3
from pathlib import Path
from typing import Any

from contactgate.cli import EXIT_OK, CommandError, Context
from contactgate.io.atomic import FILE_MODE, OutputError, make_private_dir
from contactgate.store.db import Store, key_path_for

PAGES_PER_STEP = 1024  # let other processes in between steps instead of holding a lock


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "backup",
        help="copy the database and its key consistently to DEST (and DEST.key)",
        description="Copy the database (SQLite backup API) to DEST and its key to DEST.key, "
        "owner-only. DEST may be an existing folder. Keep both files together and off "
        "network shares.",
    )
    parser.add_argument("dest", type=Path, metavar="DEST")
    parser.add_argument("--force", action="store_true", help="replace an existing backup")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    source = ctx.db_path
    if not source.is_file() or source.stat().st_size == 0:
        raise CommandError(f"{source}: no database here to back up")
    target = backup_target(args.dest, source)
    _refuse_unsafe_target(target, source, force=args.force)
    store = ctx.open_store()  # validates the key against the database before copying
    try:
        size = backup(store, target)
    finally:
        store.close()
    key_target = key_path_for(target)
    if ctx.json:
        payload = {"database": str(target), "key": str(key_target), "bytes": size}
        ctx.print_json(payload)
    ctx.say(f"backed up {source} to {target} and its key to {key_target}; keep them together")
    return EXIT_OK


def backup_target(dest: Path, source: Path) -> Path:
    """``DEST`` itself, or ``DEST/<database name>`` when DEST is an existing folder."""
    return dest / source.name if dest.is_dir() else dest


def backup(store: Store, target: Path) -> int:
    """Write ``target`` and ``target.key`` from an open store; returns the database's size.

    Both are complete as ``.part`` files before either is renamed, so a failure
    leaves neither a partial file nor a lone new key beside an old database.
    """
    make_private_dir(target.parent)
    key_target = key_path_for(target)
    parts = [part_of(key_target), part_of(target)]
    writing = key_target  # named in the message if anything fails
    try:
        _write_key(parts[0], store.key)
        writing = target
        _copy_database(store.db.conn, parts[1])
        _fsync_file(parts[1])
        os.replace(parts[0], key_target)
        os.replace(parts[1], target)
        _fsync_dir(target.parent)
    except (OSError, sqlite3.Error) as exc:
        for part in (*parts, parts[1].with_name(parts[1].name + "-journal")):
            _remove_quietly(part)
        raise OutputError(f"{writing}: cannot write the backup ({_reason(exc)})") from exc
    return target.stat().st_size


def part_of(path: Path) -> Path:
    return path.with_name(path.name + ".part")


def _refuse_unsafe_target(target: Path, source: Path, force: bool) -> None:
    key_target = key_path_for(target)
    # the database, its key, and the files SQLite keeps beside it (and removes on closing)
    ours = {_resolved(source.with_name(source.name + suffix))
            for suffix in ("", ".key", "-wal", "-shm", "-journal")}
    if _resolved(target) in ours or _resolved(key_target) in ours:
        raise CommandError(f"{target}: this is the live database, its key or one of SQLite's "
                           "files beside it, not a backup place")
    for path in (target, key_target):
        if path.is_dir():
            raise CommandError(f"{path}: is a folder, not a backup file")
        if path.exists() and not force:
            raise CommandError(f"{path}: already exists; use --force to replace it")


def _write_key(part: Path, key: bytes) -> None:
    fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    with os.fdopen(fd, "wb") as handle:
        handle.write(key.hex().encode("ascii") + b"\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.chmod(part, FILE_MODE)  # a leftover .part may have had wider bits


def _copy_database(conn: sqlite3.Connection, part: Path) -> None:
    fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    os.close(fd)  # created owner-only before SQLite opens it, whatever the umask
    os.chmod(part, FILE_MODE)
    target = sqlite3.connect(str(part), isolation_level=None)
    try:
        conn.backup(target, pages=PAGES_PER_STEP)
        # One self-contained file: no -wal beside it to forget when copying the backup on.
        target.execute("PRAGMA journal_mode = DELETE")
        check = target.execute("PRAGMA quick_check").fetchone()
        if check is None or check[0] != "ok":
            raise sqlite3.DatabaseError(f"the copy does not check out ({check})")
    finally:
        target.close()


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(directory: Path) -> None:
    with contextlib.suppress(OSError):  # not every system can fsync a folder (Windows)
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _resolved(path: Path) -> Path:
    return path.resolve(strict=False)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc)


def _remove_quietly(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()
