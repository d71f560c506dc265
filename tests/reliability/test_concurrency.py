"""Two ContactGates on one database (GUI and CLI, two CLIs, a batch beside an import):
each waits its turn or says plainly that the database is busy; nothing is lost."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from contactgate.store.consents import load_consents
from contactgate.store.db import open_db
from tests.conftest import CliRun
from tests.reliability.helpers import (
    cg_command,
    cg_env,
    integrity,
    needs_split,
    one_line_error,
    run_cg,
    write_book,
)

Run = Callable[..., CliRun]

HOLDER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
conn.execute("INSERT INTO meta(key, value) VALUES ('holder', 'x')")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
conn.execute("ROLLBACK")
"""


@contextmanager
def write_lock_held(db: Path, seconds: float) -> Iterator[subprocess.Popen[str]]:
    """Another process holds the database's write lock for ``seconds``."""
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(db), str(seconds)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        yield holder
    finally:
        holder.kill()
        holder.wait()


def consent_csv(path: Path, first: int, rows: int) -> Path:
    lines = ["phone,granted_at,method,evidence"]
    lines += [f"+49 89 {5_000_000 + i:07d},2026-03-01,web_form,form {i}"
              for i in range(first, first + rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def count(db: Path, table: str) -> int:
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
    finally:
        conn.close()


@pytest.fixture
def ready_db(cli: Run, db_path: Path) -> Path:
    assert cli("consent", "list").code == 0  # created, migrated, keyed
    return db_path


def test_a_writer_waits_for_another_processes_short_transaction(
    ready_db: Path,
) -> None:
    with write_lock_held(ready_db, 1.5):
        done = run_cg(ready_db, "consent", "add", "+49 89 5000001", "--granted-at",
                      "2026-03-01", "--method", "web_form", "--evidence", "form 1")
    assert done.returncode == 0, done.stderr
    assert count(ready_db, "consents") == 1


@pytest.mark.parametrize(
    "args",
    [
        ("consent", "add", "+49 89 5000002", "--granted-at", "2026-03-01", "--method", "web",
         "--evidence", "form 2"),
        ("consent", "import", "{csv}"),
        ("mark", "{book}", "Kundin 000000", "private"),
        ("split", "{book}", "--out-dir", "{out}"),
    ],
    ids=["consent add", "consent import", "mark", "split"],
)
def test_a_writer_that_cannot_wait_longer_says_the_database_is_busy(
    cli: Run, ready_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    args: tuple[str, ...],
) -> None:
    needs_split()
    monkeypatch.setattr("contactgate.store.db.BUSY_TIMEOUT_MS", 300)  # instead of 10 s
    book = write_book(tmp_path / "phone.vcf", 6)
    csv = consent_csv(tmp_path / "c.csv", 0, 5)
    filled = [a.format(book=book, csv=csv, out=tmp_path / "out") for a in args]
    before = count(ready_db, "consents"), count(ready_db, "audit_events")
    with write_lock_held(ready_db, 30):
        result = cli(*filled)
    assert result.code == 2
    line = one_line_error(result.err)
    assert "busy" in line and str(ready_db) in line
    assert (count(ready_db, "consents"), count(ready_db, "audit_events")) == before
    assert integrity(ready_db) == "ok"


def test_readers_are_not_blocked_by_a_writer(
    cli: Run, ready_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("contactgate.store.db.BUSY_TIMEOUT_MS", 300)
    with write_lock_held(ready_db, 30):
        for args in (("consent", "list"), ("audit", "verify")):
            result = cli(*args)
            assert result.code == 0, (args, result.err)


@pytest.mark.slow
def test_parallel_imports_a_split_and_adds_lose_nothing(ready_db: Path, tmp_path: Path) -> None:
    needs_split()
    book = write_book(tmp_path / "phone.vcf", 600)  # 200 business contacts
    jobs = [
        cg_command(ready_db, "consent", "import", consent_csv(tmp_path / "a.csv", 0, 300)),
        cg_command(ready_db, "consent", "import", consent_csv(tmp_path / "b.csv", 300, 300)),
        cg_command(ready_db, "split", book, "--out-dir", tmp_path / "out1", "--label", "one"),
        *[cg_command(ready_db, "consent", "add", f"+49 40 {6_000_000 + i:07d}", "--granted-at",
                     "2026-03-01", "--method", "web", "--evidence", f"add {i}")
          for i in range(3)],
    ]
    processes = [subprocess.Popen(job, env=cg_env(), stdout=subprocess.DEVNULL,
                                  stderr=subprocess.PIPE, text=True) for job in jobs]
    results = [(p.wait(timeout=120), p.stderr.read() if p.stderr else "") for p in processes]
    assert [code for code, _ in results] == [0] * len(jobs), results
    assert count(ready_db, "consents") == 603
    assert count(ready_db, "business_contacts") == 200
    assert count(ready_db, "exports") == 1
    assert integrity(ready_db) == "ok"
    audit = run_cg(ready_db, "audit", "verify")
    assert audit.returncode == 0, audit.stderr


def test_a_long_lived_gui_connection_and_the_cli_share_the_database(ready_db: Path) -> None:
    """The GUI keeps its store open for hours; the CLI writes meanwhile; both see all."""
    gui = open_db(ready_db)
    try:
        done = run_cg(ready_db, "consent", "add", "+49 89 5000009", "--granted-at",
                      "2026-03-01", "--method", "web_form", "--evidence", "form 9")
        assert done.returncode == 0, done.stderr
        assert [c.e164 for c in load_consents(gui)] == ["+49895000009"]
        gui.db.conn.execute("INSERT INTO meta(key, value) VALUES ('gui-note', 'x')")
        again = run_cg(ready_db, "audit", "verify")
        assert again.returncode == 0, again.stderr
    finally:
        gui.close()
    assert integrity(ready_db) == "ok"
