"""``contactgate split INPUT… --out-dir DIR``: the gate, end to end."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from contactgate.cli import Context
from contactgate.commands.common import add_run_options, drive, run_settings
from contactgate.core.gate import PROFILES
from contactgate.io.vcard_write import FORMATS
from contactgate.pipeline import ExportOptions, SplitResult, split


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "split",
        help="sort address-book exports and write the gated WhatsApp file",
        description="Read vCard/CSV exports, classify every contact, and write only "
        "business contacts with a valid WhatsApp consent to whatsapp-business.vcf.",
    )
    parser.add_argument("inputs", nargs="+", type=Path, metavar="INPUT")
    parser.add_argument("--out-dir", type=Path, required=True, metavar="DIR")
    add_run_options(parser)
    parser.add_argument("--label", default="default",
                        help="name of this phone's export history (default: default)")
    parser.add_argument("--format", dest="fmt", choices=FORMATS, default="vcard30")
    parser.add_argument("--profile", choices=PROFILES, default="minimal")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    settings = run_settings(args, ctx)
    options = ExportOptions(
        out_dir=args.out_dir,
        consents_csv=args.consents,
        label=args.label,
        fmt=args.fmt,
        profile=args.profile,
    )
    store = ctx.open_store()
    try:
        result: SplitResult = drive(split(args.inputs, settings, options, store, ctx.say), ctx)
    finally:
        store.close()
    _print_summary(result, ctx)
    return result.exit_code


def _print_summary(result: SplitResult, ctx: Context) -> None:
    summary = result.summary
    if ctx.json:
        ctx.print_json(summary, sort_keys=True)
        return
    ctx.say(
        f"{summary['input_cards']} cards read: {summary['parsed']} parsed, "
        f"{summary['quarantined']} quarantined, {summary['merged']} merged into others"
    )
    ctx.say(
        f"business {summary['business']} · private {summary['private']} · "
        f"unsure {summary['unsure']}"
    )
    ctx.say(
        f"  whatsapp-business.vcf    {summary['exported_contacts']} contacts, "
        f"{summary['exported_numbers']} numbers with a valid WhatsApp consent\n"
        f"  business-no-consent.vcf  {summary['business_no_consent']} contacts without one\n"
        f"  private.vcf              {summary['private']} contacts\n"
        f"  review.vcf               {summary['unsure']} contacts to decide "
        "(contactgate mark)"
    )
    ctx.say(f"written to {result.out_dir}; the report is {result.out_dir / 'report.html'}")
    if summary["quarantined"]:
        ctx.say(f"see {result.out_dir / 'quarantine.txt'} for the cards that could not be read")
