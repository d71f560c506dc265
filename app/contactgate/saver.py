"""The company's records of an export, written by a second process while this one writes files.

Storing 50,000 business contacts in full is about half a second of SQLite at
the end of a split, while the other core is idle. :class:`RecordSaver` starts
a spawned process that opens the same database, begins one transaction and
upserts the business rows as this process sends their seeds (what a row is
made of: the contact's fields, full vCard text and verdict), pickled in parts;
the rows' keyed hashes are made there, with the key read beside the database.
This process meanwhile writes the output files and the reports; at the end the
second process indexes the numbers, records the export (with the files'
hashes), commits and says "done". Anything else — it could not start, failed,
died, or the caller was cancelled — ends in a rollback there, and the caller
stores the records itself as it always did: the database ends up the same.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import pickle
import queue
import sqlite3
import threading
from collections.abc import Iterable
from datetime import datetime
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from contactgate.store.contacts import (
    Seed,
    business_row,
    index_numbers,
    insert_business_rows,
)
from contactgate.store.db import Store, open_db
from contactgate.store.exports import record_export, stored_time
from contactgate.tail import second_core_free

SAVER_MIN_ROWS = 10_000  # below, starting a process costs about what it saves
PART_ROWS = 1_000
PART_CHARS = 4 * 1024 * 1024  # a part with photos is sent before it holds more than this

QUEUED_PARTS = 16  # taken from the pipe ahead of SQLite, so that the sender rarely waits

Message = tuple[str, Any]


def _serve(connection: Connection, db_path: str) -> None:
    """The second process: "seeds" parts into one transaction, then "finish" commits it.

    A thread takes the parts from the pipe as they come, so the first process
    hardly ever waits on a full pipe while SQLite is busy here. The rows'
    identities are keyed hashes: the key is read here, from beside the database.
    """
    messages: queue.Queue[Message | None] = queue.Queue(maxsize=QUEUED_PARTS)
    threading.Thread(target=_take_messages, args=(connection, messages), daemon=True).start()
    store: Store | None = None
    try:
        store = open_db(db_path)
        conn = store.db.conn
        conn.execute("BEGIN IMMEDIATE")
        written = 0
        while (message := messages.get()) is not None:
            kind, payload = message
            if kind == "seeds":
                label, now, seeds = payload
                insert_business_rows(conn, (business_row(store, s, label, now) for s in seeds))
                written += len(seeds)
            elif kind == "index":  # the last rows came: index them while the files are written
                index_numbers(conn, *payload)
            else:
                label, at, numbers, files = payload
                record_export(store, label, at, numbers, files)  # joins this transaction
                conn.execute("COMMIT")
                connection.send_bytes(pickle.dumps(("done", written)))
                return
    except OSError:  # the first process went away (cancelled, failed)
        pass
    except Exception as exc:  # the first process stores the records itself and reports
        _say_failed(connection, exc)
    finally:
        if store is not None:
            if store.db.conn.in_transaction:
                store.db.conn.execute("ROLLBACK")
            store.close()
        connection.close()


def _take_messages(connection: Connection, messages: queue.Queue[Message | None]) -> None:
    """Messages from the pipe into ``messages`` up to "finish"; None when the pipe ends."""
    try:
        while True:
            message: Message = pickle.loads(connection.recv_bytes())
            messages.put(message)
            if message[0] == "finish":
                return
    except (EOFError, OSError, pickle.UnpicklingError):
        messages.put(None)


def _say_failed(connection: Connection, exc: Exception) -> None:
    with contextlib.suppress(OSError, ValueError):  # it may have gone away meanwhile
        connection.send_bytes(pickle.dumps(("failed", f"{type(exc).__name__}: {exc}")))


class RecordSaver:
    """The business rows and the export record of one export, stored by a second process."""

    def __init__(self, process: BaseProcess, connection: Connection) -> None:
        self.process = process
        self.connection = connection
        self.working = True  # false once the second process cannot take more
        self.failure = ""  # what the second process said when it failed

    @classmethod
    def start(cls, store: Store, rows: int) -> RecordSaver | None:
        """A saver for about ``rows`` business rows, or None to store them here."""
        if rows < SAVER_MIN_ROWS or not second_core_free() or store.db.conn.in_transaction:
            return None  # a caller's open transaction would hold the lock the other one needs
        if not Path(store.path).is_file():
            return None
        context = multiprocessing.get_context("spawn")  # see contactgate.tail on forking
        receiving, sending = context.Pipe(duplex=True)
        process = context.Process(target=_serve, args=(sending, str(store.path)),
                                  name="contactgate-saver", daemon=True)
        try:
            process.start()
        except Exception:  # no process to be had: the caller stores the rows itself
            receiving.close()
            return None
        finally:
            sending.close()
        return cls(process, receiving)

    def send(self, seeds: Iterable[Seed], label: str, now: str) -> None:
        """The seeds of every row (``store.contacts.business_seeds``), in parts as they come."""
        part: list[Seed] = []
        chars = 0
        for seed in seeds:
            part.append(seed)
            chars += len(seed[5])  # its vCard text: photos make a row big
            if len(part) == PART_ROWS or chars >= PART_CHARS:
                self._send("seeds", (label, now, part))
                part, chars = [], 0
        if part:
            self._send("seeds", (label, now, part))
        self._send("index", (label, now))

    def finish(self, label: str, at: datetime, numbers: dict[str, str],
               files: dict[str, str]) -> bool:
        """Index, record the export and commit there; False when the caller must store it all."""
        self._send("finish", (label, at, numbers, files))
        if not self.working:
            return False
        try:
            kind, value = pickle.loads(self.connection.recv_bytes())
        except (EOFError, OSError, pickle.UnpicklingError):
            return False
        if kind != "done":
            self.failure = str(value)
        return bool(kind == "done")

    def close(self) -> None:
        """Stop the second process; without "done" its transaction is rolled back."""
        self.connection.close()
        if self.process.is_alive():
            self.process.terminate()
        self.process.join()

    def _send(self, kind: str, payload: object) -> None:
        if not self.working:
            return
        try:
            self.connection.send_bytes(pickle.dumps((kind, payload), pickle.HIGHEST_PROTOCOL))
        except (OSError, ValueError):  # it failed (and says why) or died: stop sending
            self.working = False


def export_recorded(conn: sqlite3.Connection, label: str, at: datetime) -> bool:
    """Whether the second process committed this export although its "done" never came."""
    row = conn.execute("SELECT count(*) FROM exports WHERE label = ? AND at = ?",
                       (label, stored_time(at))).fetchone()
    return bool(row[0])
