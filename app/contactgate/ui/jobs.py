"""The long jobs the window runs in its worker: thin wrappers around the core's generators.

Each opens its own database connection inside the worker thread and closes it
when done or cancelled (an sqlite3 connection may only be used by the thread
that opened it). None of them re-implements a stage: they call the pipeline.
"""

from __future__ import annotations

import getpass
from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from contactgate.core.model import Progress, RowError
from contactgate.pipeline import (
    Book,
    ExportOptions,
    RunSettings,
    SplitResult,
    export_book,
    load_book,
)
from contactgate.store.db import Store, open_db
from contactgate.ui.prepare import Prepared, load_gate_consents

PREPARE_CHUNK = 5_000


@dataclass(frozen=True, slots=True)
class ImportedBook:
    book: Book
    prepared: Prepared  # decisions and search texts, computed here, off the window's thread


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class ConsentImport:
    path: Path
    grants: int
    errors: tuple[RowError, ...]


def operator_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry in some containers
        return "unknown"


def import_job(paths: Sequence[Path], settings: RunSettings, db_path: Path | None,
               consents_csv: Path | None = None,
               clock: Callable[[], datetime] = utc_now) -> Generator[Progress, None, ImportedBook]:
    """Read, merge and classify ``paths``, then prepare what the table shows.

    Remembered decisions and the consents come from the database.
    """
    store = open_db(db_path) if db_path is not None else None
    try:
        if consents_csv is not None and store is not None:
            yield Progress(0, 1, "consents")
            _import_consents(consents_csv, settings, store)
        book = yield from load_book(list(paths), settings, store)
        consents = load_gate_consents(store, settings.policy) if store is not None else []
    finally:
        if store is not None:
            store.close()
    prepared = Prepared.at_time(consents, clock())
    total = len(book.contacts)
    for done in range(0, total, PREPARE_CHUNK):
        yield Progress(done, total, "index")
        prepared.add(book.contacts[done:done + PREPARE_CHUNK], book.verdicts)
    return ImportedBook(book, prepared)


def export_job(book: Book, settings: RunSettings, options: ExportOptions,
               db_path: Path) -> Generator[Progress, None, SplitResult]:
    """The files of ``contactgate split``, written by the core's ``export_book``."""
    store = open_db(db_path)
    try:
        result = yield from export_book(book, settings, options, store)
    finally:
        store.close()
    return result


def consent_csv_job(path: Path, settings: RunSettings,
                    db_path: Path) -> Generator[Progress, None, ConsentImport]:
    store = open_db(db_path)
    try:
        yield Progress(0, 1, "consents")
        result = _import_consents(path, settings, store)
        yield Progress(1, 1, "consents")
    finally:
        store.close()
    return result


def _import_consents(path: Path, settings: RunSettings, store: Store) -> ConsentImport:
    """As ``consent import`` and ``split --consents`` do it: evidence hashed, import audited."""
    from contactgate.pipeline import import_consent_file

    done = import_consent_file(store, path, settings.policy.timezone, settings.region,
                               settings.policy.company)
    return ConsentImport(path, done.added + done.updated + done.unchanged, tuple(done.errors))
