"""``contactgate mark FILE QUERY business|private``: a decision that sticks across re-imports.

Business decisions are kept with the business contact in the database;
private ones only as keyed hashes of the person's numbers and e-mails.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from contactgate.cli import CommandError, Context
from contactgate.commands.common import add_policy_option, drive, run_settings
from contactgate.core.model import BUSINESS, Bucket, Contact, Verdict
from contactgate.core.search import find
from contactgate.io.vcard_write import full_props, render_card
from contactgate.pipeline import Book, load_book
from contactgate.store.audit import append_event
from contactgate.store.contacts import (
    contact_hashes,
    forget_business_rows_not_business,
    forget_override,
    remember_override,
    save_business,
)
from contactgate.store.db import Store, write_transaction


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "mark", help="decide a contact's bucket yourself; remembered on every later import",
    )
    parser.add_argument("file", type=Path, metavar="FILE")
    parser.add_argument("query", metavar="QUERY")
    parser.add_argument("bucket", choices=("business", "private"))
    add_policy_option(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    settings = run_settings(args, ctx)
    store = ctx.open_store()
    try:
        book = drive(load_book([args.file], settings, store), ctx)
        contact = _single_match(book, args.query, settings.region, args.file)
        mark(store, book, contact, args.bucket, datetime.now(UTC))
    finally:
        store.close()
    ctx.say(f"{contact.display_name}: marked {args.bucket}")
    if ctx.json:
        ctx.print_json({"name": contact.display_name, "bucket": args.bucket,
                        "source": [f"{c.source}:{c.line}" for c in contact.cards]})
    return 0


def mark(store: Store, book: Book, contact: Contact, bucket: Bucket, at: datetime) -> None:
    """Remember a user's decision (shared by the CLI and the GUI)."""
    mark_many(store, book, [(contact, bucket)], at)


def mark_many(store: Store, book: Book, marks: Sequence[tuple[Contact, Bucket]],
              at: datetime) -> None:
    """Remember users' decisions, all or none (the GUI marks thousands at once)."""
    with write_transaction(store.db.conn):
        for contact, bucket in marks:
            book.override(contact.key, bucket)
            remember_override(store, contact, bucket, at)
            _audit_decision(store, contact, {"bucket": bucket}, at)
        _keep_in_full(store, book, [contact for contact, _bucket in marks], at)


def unmark(store: Store, book: Book, contact: Contact, verdict: Verdict, at: datetime) -> None:
    """Undo a decision: the earlier verdict returns and the rules decide on the next import."""
    unmark_many(store, book, [(contact, verdict)], at)


def unmark_many(store: Store, book: Book, restores: Sequence[tuple[Contact, Verdict]],
                at: datetime) -> None:
    """Undo decisions, all or none: each contact's verdict before it returns."""
    with write_transaction(store.db.conn):
        for contact, verdict in restores:
            if verdict.overridden:  # undoing back to an earlier user decision keeps it
                remember_override(store, contact, verdict.bucket, at)
            else:  # the rules decide on the next import
                forget_override(store, contact)
            book.verdicts[contact.key] = verdict
            _audit_decision(store, contact, {"bucket": verdict.bucket, "undone": True}, at)
        _keep_in_full(store, book, [contact for contact, _verdict in restores], at)


def _keep_in_full(store: Store, book: Book, contacts: list[Contact], at: datetime) -> None:
    """Business contacts in full, in one pass; invariant 5: nobody else stays in full."""
    business = [c for c in contacts if book.verdicts[c.key].bucket == BUSINESS]
    if business:
        save_business(store, [(c, book.verdicts[c.key], render_card(full_props(c)))
                              for c in business], "default", at)
    leaving = [c for c in contacts if book.verdicts[c.key].bucket != BUSINESS]
    if leaving:
        forget_business_rows_not_business(store, leaving)


def _audit_decision(store: Store, contact: Contact, details: dict[str, object],
                    at: datetime) -> None:
    hashes = contact_hashes(store, contact)
    append_event(store, "override", subject=hashes[0] if hashes else "",
                 details={**details, "keys": len(hashes)}, at=at)


def _single_match(book: Book, query: str, region: str, file: Path) -> Contact:
    matches = find(book.contacts, query, region)
    if not matches:
        raise CommandError(f"no contact in {file} matches {query!r}")
    if len(matches) > 1:
        names = "; ".join(c.display_name for c in matches[:5])
        raise CommandError(f"{len(matches)} contacts match {query!r} ({names}); be more specific")
    return matches[0]
