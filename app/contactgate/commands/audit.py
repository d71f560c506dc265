"""``contactgate audit verify``: is the hash-chained audit trail intact?

Exit 0 intact, 1 broken (naming the first bad event), 2 database unreadable.
"""

from __future__ import annotations

import argparse
import sqlite3
from typing import Any

from contactgate.cli import EXIT_OK, EXIT_QUARANTINED, Context

EXIT_BROKEN = EXIT_QUARANTINED  # "done, but": the chain does not hold


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("audit", help="check the audit trail")
    actions = parser.add_subparsers(dest="audit_action", metavar="ACTION", required=True)
    verify = actions.add_parser(
        "verify", help="verify the hash chain (exit 1 names the first bad event)")
    verify.set_defaults(func=run_verify)


def run_verify(args: argparse.Namespace, ctx: Context) -> int:
    from contactgate.store.audit import verify_chain
    from contactgate.store.consents import verify_consents
    from contactgate.store.db import read_snapshot

    if not ctx.db_path.is_file():
        return ctx.fail(f"{ctx.db_path}: no database here")
    store = ctx.open_store()
    try:
        # the chain and the register as of one moment: a consent recorded by another
        # process in between would otherwise look like a row added by hand
        with read_snapshot(store.db.conn):
            result = verify_chain(store)
            tampered = verify_consents(store) if result.ok else []
    except sqlite3.DatabaseError as exc:
        return ctx.fail(f"{ctx.db_path}: cannot read the audit trail ({exc})")
    finally:
        store.close()
    if ctx.json:
        payload = {"ok": result.ok and not tampered, "events": result.events,
                   "first_bad_id": result.first_bad_id, "message": result.message,
                   "consents_changed": tampered}
        ctx.print_json(payload)
    if not result.ok:
        ctx.say(f"audit trail BROKEN at event {result.first_bad_id}: {result.message}")
        return EXIT_BROKEN
    if tampered:
        for problem in tampered:
            ctx.say(f"consent register BROKEN: {problem}")
        return EXIT_BROKEN
    ctx.say(f"audit trail intact: {result.message}")
    return EXIT_OK
