"""``contactgate forget QUERY``: erase a person's data (GDPR Art. 17).

Removes the business contact row, its consents, remembered decisions and the
number's entries in past exports; keeps the audit trail (which names people
only by id or keyed hash) and adds a keyed-hash suppression per number and
e-mail, so a later import cannot put the number back into an export without
a consent given after the erasure.

QUERY is ``contact:ID``, a phone number, an e-mail address, or a full name.
A name or number that fits more than one stored business contact is refused
with the candidates listed: an erasure must hit exactly one person.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

from contactgate.cli import EXIT_OK, CommandError, Context
from contactgate.commands.common import add_policy_option, run_settings
from contactgate.core.phones import to_e164
from contactgate.core.search import fold
from contactgate.store.db import Store, write_transaction

_PHONE_CHARS = set("0123456789+()-./ ")


@dataclass
class ErasurePlan:
    """What one erasure removes; filled before anything is deleted."""

    contact_ids: set[int] = field(default_factory=set)
    consent_ids: set[int] = field(default_factory=set)
    numbers: set[str] = field(default_factory=set)
    emails: set[str] = field(default_factory=set)
    kept_shared: set[str] = field(default_factory=set)  # numbers another stored contact holds


@dataclass(frozen=True, slots=True)
class ErasureResult:
    contacts: int
    consents: int
    decisions: int
    export_entries: int
    suppressed: int
    kept_shared: int


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "forget", help="erase a person's data (keeps a keyed-hash suppression and the audit)",
        description="Erase a person: business contact, consents, decisions. QUERY is "
        "contact:ID, a phone number, an e-mail address or a full name.",
    )
    parser.add_argument("query", metavar="QUERY")
    parser.add_argument("--dry-run", action="store_true", help="show what would be erased")
    add_policy_option(parser)
    parser.set_defaults(func=run_forget)


def run_forget(args: argparse.Namespace, ctx: Context) -> int:
    query = args.query.strip()
    if not query:
        raise CommandError("forget needs a QUERY: contact:ID, a number, an e-mail or a name")
    store = ctx.open_store()
    try:
        plan = plan_erasure(store, query, run_settings(args, ctx).region)
        if args.dry_run:
            result = ErasureResult(len(plan.contact_ids), len(plan.consent_ids), 0, 0,
                                   len(plan.numbers) + len(plan.emails), len(plan.kept_shared))
        else:
            result = erase(store, plan, datetime.now(UTC))
    finally:
        store.close()
    verb = "would erase" if args.dry_run else "erased"
    ctx.say(f"{verb}: {result.contacts} business contact(s), {result.consents} consent(s), "
            f"{result.decisions} remembered decision(s), {result.export_entries} export "
            f"entr(ies); {result.suppressed} number(s)/e-mail(s) suppressed")
    if result.kept_shared:
        ctx.say(f"{result.kept_shared} number(s) kept: another stored business contact holds them")
    if ctx.json:
        payload = {"dry_run": bool(args.dry_run), **asdict(result)}
        ctx.print_json(payload)
    return EXIT_OK


def plan_erasure(store: Store, query: str, region: str) -> ErasurePlan:
    """Who QUERY names, and everything stored about them."""
    conn = store.db.conn
    contacts = _business_contacts(conn)
    plan = ErasurePlan()
    if query.lower().startswith("contact:"):
        plan.contact_ids = _contact_by_id(contacts, query)
    elif "@" in query:
        plan.emails.add(query.lower())
        plan.contact_ids = {cid for cid, c in contacts.items() if query.lower() in c["emails"]}
    elif set(query) <= _PHONE_CHARS and (number := to_e164(query, region)) is not None:
        plan.numbers.add(number)
        plan.contact_ids = {cid for cid, c in contacts.items() if number in c["numbers"]}
    else:
        plan.contact_ids = {cid for cid, c in contacts.items() if fold(c["fn"]) == fold(query)}
        if len(plan.contact_ids) > 1:
            raise CommandError(_ambiguous(query, plan.contact_ids, contacts))
        if not plan.contact_ids:  # else the contact's numbers and e-mails find its consents
            _plan_by_consent_name(conn, query, plan)
        else:
            _refuse_consents_named_elsewhere(conn, query, contacts[min(plan.contact_ids)],
                                             min(plan.contact_ids))
    if len(plan.contact_ids) > 1:
        raise CommandError(_ambiguous(query, plan.contact_ids, contacts))
    for cid in plan.contact_ids:
        plan.numbers.update(contacts[cid]["numbers"])
        plan.emails.update(contacts[cid]["emails"])
    plan.kept_shared = {
        n for n in plan.numbers
        if any(n in c["numbers"] for cid, c in contacts.items() if cid not in plan.contact_ids)
    }
    plan.numbers -= plan.kept_shared
    plan.consent_ids |= _consent_ids(conn, plan.numbers, plan.emails)
    if not (plan.contact_ids or plan.consent_ids or plan.numbers or plan.emails):
        raise CommandError(f"nothing stored matches {query!r}")
    return plan


def erase(store: Store, plan: ErasurePlan, at: datetime) -> ErasureResult:
    """Carry out a plan in one transaction and record it in the audit trail."""
    from contactgate.store import audit
    from contactgate.store.exports import erase_numbers

    conn = store.db.conn  # opened with secure_delete: freed pages are overwritten
    hashes = sorted({store.keyed_hash(f"tel:{n}") for n in plan.numbers}
                    | {store.keyed_hash(f"mail:{e}") for e in plan.emails})
    with write_transaction(conn):
        consents = _delete_ids(conn, "consents", plan.consent_ids)
        contacts = _delete_ids(conn, "business_contacts", plan.contact_ids)
        decisions = sum(
            conn.execute("DELETE FROM decisions WHERE hash = ?", (h,)).rowcount for h in hashes
        )
        export_entries = erase_numbers(store, plan.numbers)
        conn.executemany(
            "INSERT INTO suppressions(hash, at) VALUES (?, ?) "
            "ON CONFLICT(hash) DO UPDATE SET at = excluded.at",
            [(h, at.isoformat()) for h in hashes],
        )
        subject = (f"contact:{min(plan.contact_ids)}" if plan.contact_ids
                   else (hashes[0] if hashes else ""))
        audit.append_event(store, audit.ERASURE, subject, {
            "contacts": sorted(plan.contact_ids), "consents": sorted(plan.consent_ids),
            "decisions": decisions, "export_entries": export_entries, "suppressed": hashes,
        }, at)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the WAL must not keep the erased rows
    return ErasureResult(contacts, consents, decisions, export_entries, len(hashes),
                         len(plan.kept_shared))


# --- internals ---------------------------------------------------------------------


def _business_contacts(conn: sqlite3.Connection) -> dict[int, dict[str, Any]]:
    rows = conn.execute("SELECT id, fn, org, numbers, emails FROM business_contacts")
    return {
        int(cid): {"fn": fn, "org": org, "numbers": set(json.loads(numbers)),
                   "emails": {e.lower() for e in json.loads(emails)}}
        for cid, fn, org, numbers, emails in rows
    }


def _contact_by_id(contacts: dict[int, dict[str, Any]], query: str) -> set[int]:
    text = query.partition(":")[2].strip()
    if not text.isdigit() or int(text) not in contacts:
        raise CommandError(f"no stored business contact {query!r}")
    return {int(text)}


def _plan_by_consent_name(conn: sqlite3.Connection, query: str, plan: ErasurePlan) -> None:
    """Consents recorded under this name; their numbers must all be one person's."""
    wanted = fold(query)
    hits = [(int(cid), str(e164), str(email))
            for cid, e164, name, email in conn.execute("SELECT id, e164, name, email FROM consents")
            if name and fold(str(name)) == wanted]
    numbers = {e164 for _cid, e164, _email in hits}
    if len(numbers) > 1:
        raise CommandError(
            f"{query!r} names consents for {len(numbers)} different numbers; "
            "forget each by its number instead"
        )
    plan.consent_ids.update(cid for cid, _e164, _email in hits)
    plan.numbers.update(numbers)
    plan.emails.update(email.lower() for _cid, _e164, email in hits if email)


def _refuse_consents_named_elsewhere(conn: sqlite3.Connection, query: str,
                                     contact: dict[str, Any], contact_id: int) -> None:
    """Consents under this name for a number or address the contact does not have: the
    same person's other phone, or someone of the same name. Never guessed, never kept
    silently: the user is told how to forget each."""
    wanted = fold(query)
    elsewhere = sorted({str(e164) for e164, name, email in conn.execute(
        "SELECT e164, name, email FROM consents")
        if name and fold(str(name)) == wanted and str(e164) not in contact["numbers"]
        and (not email or str(email).lower() not in contact["emails"])})
    if elsewhere:
        raise CommandError(
            f"{query!r} names business contact {contact_id} and consents for "
            f"{len(elsewhere)} other number(s) ({', '.join(elsewhere)}): the same person or "
            f"someone of the same name. Forget the contact as contact:{contact_id} and each "
            "number by itself")


def _consent_ids(conn: sqlite3.Connection, numbers: set[str], emails: set[str]) -> set[int]:
    ids: set[int] = set()
    for number in numbers:
        ids.update(int(r[0]) for r in conn.execute("SELECT id FROM consents WHERE e164 = ?",
                                                   (number,)))
    for email in emails:
        ids.update(int(r[0]) for r in conn.execute(
            "SELECT id FROM consents WHERE lower(email) = ?", (email,)))
    return ids


def _delete_ids(conn: sqlite3.Connection, table: str, ids: set[int]) -> int:
    return sum(conn.execute(f"DELETE FROM {table} WHERE id = ?", (i,)).rowcount for i in ids)


def _ambiguous(query: str, ids: set[int], contacts: dict[int, dict[str, Any]]) -> str:
    def describe(cid: int) -> str:
        org = contacts[cid]["org"]
        return f"contact:{cid} ({contacts[cid]['fn']}{', ' + org if org else ''})"

    choices = ", ".join(describe(cid) for cid in sorted(ids))
    return f"{query!r} fits {len(ids)} business contacts; forget one of: {choices}"
