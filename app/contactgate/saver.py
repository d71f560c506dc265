"""The company's records of an export, stored by a second process while this one writes files.

Storing 50,000 business contacts in full is about half a second of SQLite at
the end of a split, while the other core is idle. :class:`RecordSaver` starts
a spawned process that opens the same database and, as this process sends the
business rows' fields (the contact's fields, full vCard text and verdict,
pickled in parts), upserts them in one transaction; the rows' keyed hashes are
made there, with the key read beside the database. After the last part it
indexes their numbers while this process writes the output files and the
reports; given the files' hashes it records the export, commits and says
"done". If it cannot start, fails or dies, its transaction is rolled back, the
caller is told why and stores the records itself as it always did: the
database ends up the same. A cancelled export stores nothing either way.
"""

from __future__ import annotations

import contextlib
import gc
import pickle
import queue
import threading
from collections.abc import Iterable
from datetime import datetime
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from contactgate.second_core import second_core_free, start_helper, stop_helper
from contactgate.store.contacts import (
    BusinessFields,
    business_row,
    index_numbers,
    insert_business_rows,
)
from contactgate.store.db import Store, open_db
from contactgate.store.exports import record_export

SAVER_MIN_ROWS = 10_000  # below, starting a process costs about what it saves
PART_ROWS = 1_000
PART_CHARS = 4 * 1024 * 1024  # a part with photos goes once its vCard texts reach this
QUEUED_PARTS = 16  # taken from the pipe ahead of SQLite, so that the sender rarely waits
REPLY_POLL_SECONDS = 1.0  # how often a wait for "done" looks whether the process still lives

Message = tuple[str, Any]


def _serve(connection: Connection, db_path: str) -> None:
    """The second process: "fields" parts, "index", then "finish" commits; else a rollback.

    A thread takes the parts from the pipe as they come, so the first process
    hardly ever waits on a full pipe while SQLite is busy here. The transaction
    begins with the first part: the database is locked for writing no longer
    than the storing itself needs.
    """
    gc.disable()  # tens of thousands of small acyclic objects (see pipeline.collector_paused)
    messages: queue.Queue[Message | None] = queue.Queue(maxsize=QUEUED_PARTS)
    threading.Thread(target=_take_messages, args=(connection, messages), daemon=True).start()
    store: Store | None = None
    try:
        store = open_db(db_path)
        conn = store.db.conn
        while (message := messages.get()) is not None:
            if not conn.in_transaction:
                conn.execute("BEGIN IMMEDIATE")
            if _apply(store, message):
                conn.execute("COMMIT")
                connection.send_bytes(pickle.dumps(("done", None)))
                return
    except Exception as exc:  # the first process stores the records itself and says why
        with contextlib.suppress(OSError, ValueError):  # unless it went away (cancelled)
            connection.send_bytes(pickle.dumps(("failed", f"{type(exc).__name__}: {exc}")))
    finally:
        if store is not None:
            if store.db.conn.in_transaction:
                store.db.conn.execute("ROLLBACK")
            store.close()
        connection.close()


def _apply(store: Store, message: Message) -> bool:
    """Carry out one message inside the transaction; True for "finish" (then commit)."""
    kind, payload = message
    if kind == "fields":
        label, now, part = payload
        insert_business_rows(store.db.conn, (business_row(store, f, label, now) for f in part))
        return False
    if kind == "index":  # the last rows came: index them while the files are written
        index_numbers(store.db.conn, *payload)
        return False
    label, at, numbers, files = payload
    record_export(store, label, at, numbers, files)  # joins this transaction
    return True


def _take_messages(connection: Connection, messages: queue.Queue[Message | None]) -> None:
    """Messages from the pipe into ``messages`` up to "finish"; None when anything ends it."""
    finished = False
    try:
        while not finished:
            message: Message = pickle.loads(connection.recv_bytes())
            messages.put(message)
            finished = message[0] == "finish"
    except BaseException:  # the pipe ended, or anything else (MemoryError): nothing more comes;
        pass  # the main thread rolls back, and the first process stores the records itself
    finally:
        if not finished:
            messages.put(None)


class RecordSaver:
    """The business rows and the export record of one export, stored by a second process."""

    def __init__(self, process: BaseProcess, connection: Connection, last_export: int) -> None:
        self.process = process
        self.connection = connection
        self.last_export = last_export  # the newest export before this one
        self.working = True  # false once the second process cannot take more
        self.done = False
        self.failure = ""  # why the second process did not store the records

    @classmethod
    def start(cls, store: Store, rows: int, last_export: int) -> RecordSaver | None:
        """A saver for about ``rows`` business rows, or None to store them here;
        ``last_export`` is the newest export recorded before this one."""
        if rows < SAVER_MIN_ROWS or not second_core_free() or store.db.conn.in_transaction:
            return None  # a caller's open transaction would hold the lock the other one needs
        if not Path(store.path).is_file():
            return None
        started = start_helper(_serve, (str(store.path),), "contactgate-saver")
        return None if started is None else cls(*started, last_export)

    def send(self, fields: Iterable[BusinessFields], label: str, now: str) -> None:
        """Every business row's fields, in parts as they come; then "index"."""
        part: list[BusinessFields] = []
        chars = 0
        for item in fields:
            if not self.working:
                return  # the caller stores everything itself: stop making rows for nothing
            part.append(item)
            chars += len(item.vcard)  # photos make a row big
            if len(part) == PART_ROWS or chars >= PART_CHARS:
                self._send("fields", (label, now, part))
                part, chars = [], 0
        if part:
            self._send("fields", (label, now, part))
        self._send("index", (label, now))

    def finish(self, label: str, at: datetime, numbers: dict[str, str],
               files: dict[str, str]) -> bool:
        """Record the export and commit there; False when the caller must store it all."""
        self._send("finish", (label, at, numbers, files))
        reply = self._reply()
        self.done = reply == ("done", None)
        if not self.done:
            self.failure = str(reply[1]) if reply and reply[0] == "failed" else \
                "the second process ended without storing them"
        return self.done

    def close(self) -> None:
        """Stop the second process, unless it is done: then it ends by itself.

        Without "done" its transaction is rolled back (or, killed, never committed).
        """
        if self.done:
            self.connection.close()
        else:
            stop_helper(self.process, self.connection)

    def _reply(self) -> Message | None:
        """Its answer ("done", "failed"), or None when it died without one."""
        try:
            while not self.connection.poll(REPLY_POLL_SECONDS):
                if not self.process.is_alive():
                    return None
            reply: Message = pickle.loads(self.connection.recv_bytes())
            return reply
        except (EOFError, OSError, pickle.UnpicklingError):
            return None

    def _send(self, kind: str, payload: object) -> None:
        if not self.working:
            return
        try:
            self.connection.send_bytes(pickle.dumps((kind, payload), pickle.HIGHEST_PROTOCOL))
        except (OSError, ValueError):  # it failed (and says why) or died: stop sending
            self.working = False
