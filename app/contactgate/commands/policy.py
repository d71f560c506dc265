"""``contactgate policy check FILE``: is a company policy usable, and if not, where not."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from contactgate.cli import EXIT_BAD, EXIT_OK, Context
from contactgate.core.classify import Classifier
from contactgate.core.policy import Policy, PolicyError


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "policy", help="work with company policy files",
        description="Company policy files (TOML): check one before handing it out.",
    )
    actions = parser.add_subparsers(dest="policy_command", metavar="ACTION", required=True)
    check = actions.add_parser(
        "check", help="report every mistake in a policy file with its line number",
        description="Read FILE (and the customer list it names) the way split and batch "
        "would; print 'FILE: OK (…)' or one 'FILE:LINE: message' per mistake (exit 2).",
    )
    check.add_argument("file", type=Path, metavar="FILE")
    check.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    from contactgate.io.policy_file import load_policy

    try:
        policy = load_policy(args.file)
    except PolicyError as error:
        return _report_errors(args.file, error.errors, ctx)
    rules = len(Classifier(policy).rules)
    if ctx.json:
        ctx.print_json(_summary(args.file, policy, rules))
    else:
        company = policy.company or "not named"
        ctx.say(f"{args.file}: OK (company {company}, {rules} rules)")
    return EXIT_OK


def _summary(path: Path, policy: Policy, rules: int) -> dict[str, Any]:
    return {
        "file": str(path),
        "ok": True,
        "company": policy.company,
        "region": policy.region,
        "timezone": policy.timezone,
        "rules": rules,
        "version": policy.version,
        "customer_numbers": len(policy.customer_numbers),
        "customer_emails": len(policy.customer_emails),
        "thresholds": {"business_at": policy.thresholds.business_at,
                       "private_at": policy.thresholds.private_at},
        "reconfirm_months": policy.reconfirm_months,
        "errors": [],
    }


def _report_errors(path: Path, errors: tuple[PolicyError, ...], ctx: Context) -> int:
    for error in errors:
        print(error, file=ctx.stderr)
    if ctx.json:
        entries = [{"file": e.source, "line": e.line, "message": e.message} for e in errors]
        ctx.print_json({"file": str(path), "ok": False, "errors": entries})
    return EXIT_BAD
