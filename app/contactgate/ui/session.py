"""What the window shows: the open database, the book in memory, the consents, the rows.

The book (every contact of the imported phone export) lives only here, in
memory: private and unsure people are never written to the database
(invariant 5); a user's decision about them is remembered by keyed hash only
(``store.contacts.remember_override``). Without a book the session shows the
business contacts the database keeps from earlier exports.
"""

from __future__ import annotations

import gc
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, Signal

from contactgate.core.consent import ConsentBook
from contactgate.core.gate import Decision, decide
from contactgate.core.model import Bucket, Consent, Contact, Quarantined, Verdict
from contactgate.core.policy import DEFAULT_TIMEZONE
from contactgate.pipeline import Book, RunSettings, collector_paused
from contactgate.store.db import Store, open_db
from contactgate.ui.context import UiContext
from contactgate.ui.prepare import Prepared, load_gate_consents
from contactgate.ui.rows import (
    ContactText,
    Labels,
    Row,
    RowKind,
    consent_state,
    contact_row,
    contact_text,
    count_groups,
    quarantine_row,
    stored_row,
)
from contactgate.ui.stored import StoredBusiness, load_stored_business


class Session(QObject):
    rows_reset = Signal()  # every row is new (import, database switch, language)
    rows_changed = Signal(object)  # dict[int, Row]: new content for these row indices
    source_changed = Signal()  # database, book or sample mode changed
    consents_changed = Signal()

    def __init__(self, ctx: UiContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.store: Store | None = None
        self.db_path: Path | None = None
        self.sample_dir: Path | None = None  # set while the sample book runs in a scratch database
        self.book: Book | None = None
        self.policy_error: Exception | None = None  # why the chosen policy cannot be read
        # the region the book's numbers were read in (the sample's is DE anywhere): its
        # export and the numbers typed for its consents are read in it too
        self.book_region: str | None = None
        self.stored: list[StoredBusiness] = []
        self.consents: list[Consent] = []
        self.consent_book = ConsentBook([])
        self.zone = ZoneInfo(DEFAULT_TIMEZONE)  # until the policy is read with the consents
        self.decisions: dict[int, Decision] = {}
        self.rows: list[Row] = []
        self.counts: dict[str, int] = count_groups([])
        self.at: datetime = ctx.clock()
        self._index: dict[tuple[RowKind, int], int] | None = {}
        self._contacts: dict[int, Contact] = {}
        self._texts: dict[int, ContactText] = {}
        self._stored: dict[int, StoredBusiness] = {}
        self._keys_by_number: dict[str, list[int]] | None = None  # built on first use

    # --- the database ------------------------------------------------------------------

    def open_database(self, path: Path) -> None:
        """Open (or create) the database; StoreError when it cannot be used."""
        store = open_db(path)
        self.close_database()
        self.store, self.db_path = store, path
        self._load_from_store()
        self.source_changed.emit()

    def close_database(self) -> None:
        if self.store is not None:
            self.store.close()
        self.store = None
        self.db_path = None

    def start_sample_database(self) -> Path:
        """A fresh scratch database for the sample book; the user's own data stays untouched."""
        self.leave_sample()
        root = self.ctx.sample_root
        if root is not None:
            root.mkdir(parents=True, exist_ok=True)
        self.sample_dir = Path(tempfile.mkdtemp(prefix="contactgate-sample-", dir=root))
        path = self.sample_dir / "sample.db"
        self.open_database(path)
        return path

    def leave_sample(self) -> None:
        if self.sample_dir is None:
            return
        self.close_database()
        shutil.rmtree(self.sample_dir, ignore_errors=True)
        self.sample_dir = None

    @property
    def in_sample(self) -> bool:
        return self.sample_dir is not None

    def shutdown(self) -> None:
        self.close_database()
        self.leave_sample()

    # --- content -----------------------------------------------------------------------

    def set_book(self, book: Book | None, prepared: Prepared | None = None) -> None:
        """Show ``book``; ``prepared`` comes from the import worker (computed here without it)."""
        self.book = book
        self._contacts = {c.key: c for c in book.contacts} if book else {}
        _keep_out_of_collections()  # the book, before its rows are built
        if self.store is not None:
            self._load_stored()
        if book is None or prepared is None:
            self._load_consents()
            self._texts = {}
            self.rebuild()
        else:
            self.consents, self.consent_book = prepared.consents, prepared.consent_book
            self._texts = prepared.texts
            self._show(prepared)
        _keep_out_of_collections()  # and its rows
        self.source_changed.emit()

    def reload_consents(self, numbers: Iterable[str] | None = None) -> None:
        """Read the consents again after a change; with ``numbers``, update only their rows."""
        self._load_consents()
        if numbers is None or self.book is None:
            self.rebuild()
        else:
            self._refresh(self._keys_with_numbers(numbers))
        self.consents_changed.emit()

    def rebuild(self) -> None:
        """Decisions and rows for everything shown, as of now."""
        prepared = Prepared(self.ctx.clock(), self.consents, self.consent_book,
                            texts=self._texts)
        if self.book is not None:
            # 100k new objects would set off full collections
            with collector_paused(after="resume"):
                prepared.add(self.book.contacts, self.book.verdicts,
                             with_texts=len(self._texts) < len(self.book.contacts))
        self._texts = prepared.texts
        self._show(prepared)

    def _show(self, prepared: Prepared) -> None:
        self.at, self.decisions = prepared.at, prepared.decisions
        labels = Labels()
        book = self.book
        with collector_paused(after="resume"):
            if book is not None:
                decisions, states, texts = prepared.decisions, prepared.states, prepared.texts
                rows = [contact_row(decisions[key], texts[key], states[key], labels)
                        for key in (contact.key for contact in book.contacts)]
                rows.extend(quarantine_row(i, q, labels) for i, q in enumerate(book.quarantined))
            else:
                rows = [stored_row(s, self._stored_state(s), labels) for s in self.stored]
        self._set_rows(rows)

    # --- marking -----------------------------------------------------------------------

    def mark(self, keys: Sequence[int], bucket: Bucket) -> dict[int, Verdict]:
        """The user's decision for these contacts; returns their verdicts before it."""
        book = self._require_book()
        before = {key: book.verdicts[key] for key in keys}
        try:
            self._remember([(key, bucket) for key in keys])
        except Exception:
            book.verdicts.update(before)  # not remembered: not changed either
            raise
        self._refresh(keys)
        return before

    def restore(self, verdicts: dict[int, Verdict]) -> None:
        """Undo: put earlier verdicts back; a rules' verdict is the rules' again, not a decision."""
        book = self._require_book()
        if self.store is not None:
            from contactgate.commands.mark import unmark_many

            marked = {key: book.verdicts[key] for key in verdicts}
            try:
                unmark_many(self.store, book, [(self._contacts[key], verdict)
                                               for key, verdict in verdicts.items()],
                            self.ctx.clock())
            except Exception:
                book.verdicts.update(marked)  # not undone in the database: nor here
                raise
        book.verdicts.update(verdicts)  # exactly as before, the rules' reasons included
        self._refresh(list(verdicts))

    # --- lookups -----------------------------------------------------------------------

    def row_index(self, kind: RowKind, key: int) -> int | None:
        return self._row_indexes().get((kind, key))

    def _row_indexes(self) -> dict[tuple[RowKind, int], int]:
        if self._index is None:  # built on first use: showing a book should not wait for it
            self._index = {(row.kind, row.key): i for i, row in enumerate(self.rows)}
        return self._index

    def contact(self, key: int) -> Contact:
        return self._contacts[key]

    def stored_contact(self, key: int) -> StoredBusiness:
        return self._stored[key]

    def quarantined(self, index: int) -> Quarantined:
        return self._require_book().quarantined[index]

    def numbers_of(self, kind: RowKind, key: int) -> list[str]:
        if kind == "contact":
            return self._contacts[key].numbers()
        if kind == "stored":
            return list(self._stored[key].numbers)
        return []

    def grants_for(self, numbers: Iterable[str]) -> list[Consent]:
        wanted = set(numbers)
        return [c for c in self.consents if c.e164 in wanted]

    # --- internals ---------------------------------------------------------------------

    def _require_book(self) -> Book:
        if self.book is None:
            raise RuntimeError("no address book is loaded")
        return self.book

    def _load_from_store(self) -> None:
        self._load_stored()
        self._load_consents()
        if self.book is None:
            self.rebuild()

    def _load_stored(self) -> None:
        store = self.store
        self.stored = load_stored_business(store) if store is not None else []
        self._stored = {s.id: s for s in self.stored}

    def run_settings(self) -> RunSettings:
        """Policy, region and language for the core's work on this book: its numbers are
        read in the region the book was read in (the sample's is DE anywhere)."""
        return self.ctx.run_settings(self.book_region)

    def _load_consents(self) -> None:
        try:
            policy = self.run_settings().policy
            self.policy_error = None
        except Exception as exc:  # the policy file is gone or broken: the window still opens
            # and says so; the shipped policy decides what is shown until it is fixed (an
            # export needs the policy itself, and refuses)
            from contactgate.io.policy_file import load_policy

            self.policy_error, policy = exc, load_policy(None)
        self.zone = ZoneInfo(policy.timezone)  # consent dates are shown where they count
        self.consents = load_gate_consents(self.store, policy) if self.store is not None else []
        self.consent_book = ConsentBook(self.consents)

    def _decide(self, contact: Contact) -> Decision:
        book = self._require_book()
        return decide(contact, book.verdicts[contact.key], self.consent_book, self.at)

    def _stored_state(self, stored: StoredBusiness) -> str:
        if any(self.consent_book.valid_for(n, self.at) for n in stored.numbers):
            return "valid"
        return self.consent_book.why_not(stored.numbers, self.at) if stored.numbers else "no_number"

    def _set_rows(self, rows: list[Row]) -> None:
        self.rows = rows
        self._index = None
        self._keys_by_number = None
        self.counts = count_groups(rows)
        self.rows_reset.emit()

    def _keys_with_numbers(self, numbers: Iterable[str]) -> list[int]:
        if self._keys_by_number is None:
            self._keys_by_number = {}
            for contact in self._contacts.values():
                for number in contact.numbers():
                    self._keys_by_number.setdefault(number, []).append(contact.key)
        found: dict[int, None] = {}
        for number in numbers:
            found.update(dict.fromkeys(self._keys_by_number.get(number, ())))
        return list(found)

    def _refresh(self, keys: Iterable[int]) -> None:
        self.at = self.ctx.clock()
        labels = Labels()
        changes: dict[int, Row] = {}
        for key in keys:
            decision = self._decide(self._contacts[key])
            self.decisions[key] = decision
            state = consent_state(decision, self.consent_book, self.at)
            if key not in self._texts:
                self._texts[key] = contact_text(self._contacts[key])
            row = contact_row(decision, self._texts[key], state, labels)
            index = self._row_indexes()[("contact", key)]
            self.rows[index] = changes[index] = row
        self.counts = count_groups(self.rows)
        self.rows_changed.emit(changes)

    def _remember(self, decisions: list[tuple[int, Bucket]]) -> None:
        """Set the verdicts and remember them as the CLI's ``mark`` does.

        Private decisions are kept as keyed hashes only (invariant 5), and a
        contact that is no longer business leaves ``business_contacts``.
        """
        book = self._require_book()
        store = self.store
        if store is None:
            for key, bucket in decisions:
                book.override(key, bucket)
            return
        from contactgate.commands.mark import mark_many

        mark_many(store, book, [(self._contacts[key], bucket) for key, bucket in decisions],
                  self.ctx.clock())


def _keep_out_of_collections() -> None:
    """Move the book and its rows out of the cyclic garbage collector's sight.

    A full collection walks every tracked object: with 100k contacts that is
    over a second, at a random moment of the user's work. The book is acyclic,
    so reference counting still frees it when the next import replaces it.
    """
    gc.freeze()


