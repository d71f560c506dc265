"""``contactgate explain FILE QUERY``: the verdict and its reasons for matching contacts."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from contactgate.cli import CommandError, Context, printable
from contactgate.commands.common import add_policy_option, drive, run_settings
from contactgate.core.classify import reason_text
from contactgate.core.model import Contact, Verdict
from contactgate.core.search import find
from contactgate.pipeline import load_book


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "explain", help="show why contacts were sorted as they were",
        description="Print the bucket, score and the weighted reasons for every contact "
        "in FILE that matches QUERY (part of a name, organisation, e-mail, or a number).",
    )
    parser.add_argument("file", type=Path, metavar="FILE")
    parser.add_argument("query", metavar="QUERY")
    add_policy_option(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    settings = run_settings(args, ctx)
    store = ctx.open_store()
    try:
        book = drive(load_book([args.file], settings, store), ctx)
    finally:
        store.close()
    matches = find(book.contacts, args.query, settings.region)
    if not matches:
        raise CommandError(f"no contact in {args.file} matches {args.query!r}")
    entries = [_entry(c, book.verdicts[c.key], ctx.lang) for c in matches]
    if ctx.json:
        ctx.print_json({"matches": entries})
    else:
        # a name or file name from the card: control characters and stray bytes escaped
        print(printable("\n\n".join(_as_text(e) for e in entries)), file=ctx.stdout)
    return 0


def _entry(contact: Contact, verdict: Verdict, lang: str) -> dict[str, Any]:
    return {
        "name": contact.display_name,
        "org": contact.org,
        "numbers": [p.e164 or p.raw for p in contact.phones],
        "source": [f"{card.source}:{card.line}" for card in contact.cards],
        "bucket": verdict.bucket,
        "score": verdict.score,
        "overridden": verdict.overridden,
        "reasons": [
            {"code": r.code, "weight": r.weight, "text": reason_text(r, lang)}
            for r in verdict.reasons
        ],
    }


def _as_text(entry: dict[str, Any]) -> str:
    lines = [
        f"{entry['name']}" + (f" ({entry['org']})" if entry["org"] else ""),
        f"  {', '.join(entry['source'])}",
        f"  → {entry['bucket']} (score {entry['score']:+d})"
        + ("  [decided by a user]" if entry["overridden"] else ""),
    ]
    lines += [f"    {r['weight']:+3d}  {r['text']}" for r in entry["reasons"]]
    return "\n".join(lines)
