"""``contactgate consent add|withdraw|list|import|export|request`` (DESIGN.md contract)."""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from contactgate.cli import EXIT_OK, CommandError, Context, printable
from contactgate.commands.common import add_policy_option, run_settings
from contactgate.core.consent import state_at
from contactgate.core.model import WHATSAPP_PURPOSE, Consent
from contactgate.core.policy import Policy
from contactgate.io.consent_csv import parse_expiry, parse_when, to_e164
from contactgate.pipeline import operator_name
from contactgate.store.db import Store

EXPORT_HEADER = (
    "phone", "granted_at", "method", "evidence", "withdrawn_at", "expires_at", "purpose", "name",
    "email", "text_version", "recorded_by", "withdrawal_route", "confirmed_at", "evidence_file",
    "evidence_sha256", "legal_basis", "controller", "recorded_at",
)
REQUEST_CSV = "consent-requests.csv"
GERMAN_SPEAKING = ("+49", "+43", "+41", "+423")  # which template a mail merge picks
REQUEST_TEXTS = {"de": "consent-request-de.txt", "en": "consent-request-en.txt"}


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "consent", help="the consent register: add, withdraw, list, import, export, request",
        description="Record and review consents. Only a grant for the purpose 'whatsapp' that "
        "is granted, not withdrawn and not expired at export time opens the gate.",
    )
    actions = parser.add_subparsers(dest="consent_action", metavar="ACTION", required=True)
    _register_add(actions)
    _register_withdraw(actions)
    _register_list(actions)
    _register_import(actions)
    _register_export(actions)
    _register_request(actions)


def _register_add(actions: Any) -> None:
    add = actions.add_parser("add", help="record one grant")
    add.add_argument("phone", metavar="PHONE")
    add.add_argument("--granted-at", required=True, metavar="ISO")
    add.add_argument("--method", required=True, metavar="TEXT",
                     help="how consent was obtained: web_form, written, verbal, whatsapp_optin …")
    add.add_argument("--evidence", required=True, metavar="TEXT",
                     help="where the proof is: form id, letter, recording reference …")
    add.add_argument("--purpose", default=WHATSAPP_PURPOSE, metavar="TEXT")
    add.add_argument("--expires-at", metavar="ISO")
    add.add_argument("--name", default="", metavar="TEXT")
    add.add_argument("--evidence-file", type=Path, metavar="PATH")
    add.add_argument("--email", default="", metavar="TEXT")
    add.add_argument("--text-version", default="", metavar="TEXT",
                     help="version or hash of the consent text the person agreed to")
    add.add_argument("--confirmed-at", metavar="ISO", help="double opt-in confirmation time")
    add.add_argument("--controller", default="", metavar="TEXT", help="company name")
    add_policy_option(add)
    add.set_defaults(func=run_add)


def _register_withdraw(actions: Any) -> None:
    withdraw = actions.add_parser("withdraw", help="record a withdrawal (closes earlier grants)")
    withdraw.add_argument("phone", metavar="PHONE")
    withdraw.add_argument("--at", metavar="ISO", help="when it was withdrawn (default: now)")
    withdraw.add_argument("--purpose", default=WHATSAPP_PURPOSE, metavar="TEXT")
    withdraw.add_argument("--route", default="", metavar="TEXT",
                          help="how it reached you: email, phone, letter, whatsapp_stop …")
    add_policy_option(withdraw)
    withdraw.set_defaults(func=run_withdraw)


def _register_list(actions: Any) -> None:
    listing = actions.add_parser("list", help="show the register")
    listing.add_argument("--valid-at", metavar="ISO", help="only grants valid at this time")
    listing.add_argument("--expiring-within", type=int, metavar="DAYS",
                         help="only grants valid now that expire within DAYS (due for renewal)")
    add_policy_option(listing)
    listing.set_defaults(func=run_list)


def _register_import(actions: Any) -> None:
    importing = actions.add_parser("import", help="import a consent CSV (re-import is safe)")
    importing.add_argument("csv", type=Path, metavar="CSV")
    add_policy_option(importing)
    importing.set_defaults(func=run_import)


def _register_export(actions: Any) -> None:
    exporting = actions.add_parser("export", help="write the register as CSV (formula-safe)")
    exporting.add_argument("csv", type=Path, metavar="CSV")
    exporting.set_defaults(func=run_export)


def _register_request(actions: Any) -> None:
    request = actions.add_parser(
        "request", help="write a mail-merge CSV and texts asking business contacts for opt-in")
    request.add_argument("--out-dir", type=Path, required=True, metavar="DIR")
    request.add_argument("--company", default="", metavar="TEXT",
                         help="company name for the letter (default: placeholder)")
    add_policy_option(request)
    request.set_defaults(func=run_request)


# --- add / withdraw ----------------------------------------------------------------


def run_add(args: argparse.Namespace, ctx: Context) -> int:
    from contactgate.store.consents import add_consent

    region, zone, policy = _local(args, ctx)
    consent = Consent(
        e164=_number(args.phone, region),
        granted_at=_when(args.granted_at, "--granted-at", zone),
        method=_text(args.method, "--method"),
        evidence=_text(args.evidence, "--evidence"),
        purpose=_purpose(args.purpose),
        expires_at=_expiry(args.expires_at, zone),
        name=args.name.strip(),
        email=args.email.strip().lower(),
        text_version=args.text_version.strip(),
        confirmed_at=_optional_when(args.confirmed_at, "--confirmed-at", zone),
        controller=args.controller.strip() or policy.company,
    )
    if consent.expires_at is not None and consent.expires_at <= consent.granted_at:
        raise CommandError("--expires-at lies before --granted-at")
    if args.evidence_file is not None and not args.evidence_file.is_file():
        raise CommandError(f"{args.evidence_file}: no such evidence file")
    store = ctx.open_store()
    try:
        consent_id = add_consent(store, consent, recorded_by=operator_name(),
                                 evidence_path=args.evidence_file)
    finally:
        store.close()
    ctx.say(f"consent {consent_id} recorded for {consent.e164} ({consent.purpose})")
    _emit(ctx, {"id": consent_id, "e164": consent.e164, "purpose": consent.purpose,
                "granted_at": consent.granted_at.isoformat()})
    return EXIT_OK


def run_withdraw(args: argparse.Namespace, ctx: Context) -> int:
    from contactgate.store.consents import withdraw

    region, zone, _policy = _local(args, ctx)
    e164 = _number(args.phone, region)
    at = _when(args.at, "--at", zone) if args.at else datetime.now(UTC)
    store = ctx.open_store()
    try:
        closed = withdraw(store, e164, at, purpose=_text(args.purpose, "--purpose"),
                          route=args.route.strip(), recorded_by=operator_name())
    finally:
        store.close()
    if closed:
        ctx.say(f"withdrawal recorded: {closed} grant(s) for {e164} closed")
    else:
        ctx.say(f"withdrawal recorded for {e164}: no open grant on file; "
                "it will also close an earlier grant imported later")
    _emit(ctx, {"e164": e164, "purpose": args.purpose, "withdrawn_at": at.isoformat(),
                "closed": closed})
    return EXIT_OK


# --- list / import / export --------------------------------------------------------


def run_list(args: argparse.Namespace, ctx: Context) -> int:
    from contactgate.store.consents import expiring_within, load_records, valid_at

    now = datetime.now(UTC)
    if args.expiring_within is not None and args.expiring_within < 0:
        raise CommandError("--expiring-within needs a number of days, 0 or more")
    _region, zone, policy = _local(args, ctx)
    at = _when(args.valid_at, "--valid-at", zone) if args.valid_at else now
    months = policy.reconfirm_months
    store = ctx.open_store()
    try:
        if args.expiring_within is not None:
            records = expiring_within(store, at, args.expiring_within, months)
        elif args.valid_at:
            records = valid_at(store, at, months)
        else:
            records = load_records(store)
    finally:
        store.close()
    rows = [_record_json(r.id, r.consent, at) for r in records]
    if ctx.json:
        _emit(ctx, {"at": at.isoformat(), "count": len(rows), "consents": rows})
    else:
        for row in rows:
            print(printable(_record_line(row)), file=ctx.stdout)
        ctx.say(f"{len(rows)} consent record(s)")
    return EXIT_OK


def run_import(args: argparse.Namespace, ctx: Context) -> int:
    from contactgate.pipeline import import_consent_file

    path: Path = args.csv
    store = ctx.open_store()
    try:
        region, _zone, policy = _local(args, ctx)
        counts = import_consent_file(store, path, policy.timezone, region, policy.company)
    finally:
        store.close()
    for error in counts.errors:
        ctx.say(str(error))
    ctx.say(f"{path}: {counts.added} added, {counts.updated} updated, "
            f"{counts.unchanged} unchanged, {len(counts.errors)} rejected"
            + (f", {counts.closed} earlier grant(s) closed by withdrawal" if counts.closed else "")
            + (f", {counts.suppressed} skipped (erased)" if counts.suppressed else ""))
    _emit(ctx, {"file": str(path), **counts.as_dict()})
    return EXIT_OK


def run_export(args: argparse.Namespace, ctx: Context) -> int:
    from contactgate.io.atomic import OutputError
    from contactgate.io.csv_write import write_csv
    from contactgate.store.consents import load_records

    store = ctx.open_store()
    try:
        records = load_records(store)
    finally:
        store.close()
    rows = [_export_row(r.consent, r.recorded_at) for r in records]
    try:
        write_csv(args.csv, EXPORT_HEADER, rows)
    except OutputError as exc:
        raise CommandError(str(exc)) from exc
    ctx.say(f"{args.csv}: {len(rows)} consent record(s) written")
    _emit(ctx, {"file": str(args.csv), "count": len(rows)})
    return EXIT_OK


# --- request -----------------------------------------------------------------------


def run_request(args: argparse.Namespace, ctx: Context) -> int:
    from contactgate.io.atomic import OutputError, make_private_dir, write_text_atomic
    from contactgate.io.csv_write import write_csv

    store = ctx.open_store()
    try:
        rows = consent_request_rows(store, datetime.now(UTC), _local(args, ctx)[2])
    finally:
        store.close()
    company = args.company.strip() or _local(args, ctx)[2].company or "{{company}}"
    try:
        make_private_dir(args.out_dir)
        write_csv(args.out_dir / REQUEST_CSV,
                  ("contact_id", "name", "org", "email", "phone", "language"), rows)
        for lang, name in REQUEST_TEXTS.items():
            write_text_atomic(args.out_dir / name, request_text(lang, company))
    except OutputError as exc:
        raise CommandError(str(exc)) from exc
    ctx.say(f"{args.out_dir / REQUEST_CSV}: {len(rows)} business contact(s) without consent; "
            "nothing was sent")
    _emit(ctx, {"out_dir": str(args.out_dir), "requests": len(rows),
                "files": [REQUEST_CSV, *REQUEST_TEXTS.values()]})
    return EXIT_OK


def consent_request_rows(store: Store, at: datetime, policy: Policy) -> list[tuple[object, ...]]:
    """Business contacts in the database with no valid WhatsApp grant on any number.

    People who withdrew are not asked again: a withdrawal is an answer.
    """
    from contactgate.core.consent import ConsentBook
    from contactgate.pipeline import gate_register
    from contactgate.store.consents import load_consents

    grants = load_consents(store)
    book = ConsentBook(gate_register(store, policy))  # a lapsed re-confirmation asks again
    withdrew = {c.e164 for c in grants if c.withdrawn_at is not None}
    rows: list[tuple[object, ...]] = []
    query = "SELECT id, fn, org, numbers, emails FROM business_contacts ORDER BY fn, id"
    for contact_id, fn, org, numbers_json, emails_json in store.db.conn.execute(query):
        numbers: list[str] = json.loads(numbers_json)
        emails: list[str] = json.loads(emails_json)
        if not numbers or any(book.valid_for(n, at) for n in numbers):
            continue
        if any(n in withdrew for n in numbers):
            continue
        language = "de" if numbers[0].startswith(GERMAN_SPEAKING) else "en"
        rows.append((contact_id, fn, org, emails[0] if emails else "", numbers[0], language))
    return rows


def request_text(lang: str, company: str) -> str:
    if lang == "de":
        return (
            "Betreff: Dürfen wir Sie per WhatsApp kontaktieren?\n\n"
            "Guten Tag {{name}},\n\n"
            f"wir, {company}, möchten Sie künftig auch über WhatsApp Business erreichen, "
            "zum Beispiel für Terminabsprachen und Rückfragen zu Ihren Aufträgen. Dafür "
            "speichern wir Ihre Telefonnummer {{phone}} in unserem geschäftlichen "
            "WhatsApp-Adressbuch; WhatsApp (Meta) erhält dabei diese Nummer.\n\n"
            "Das tun wir nur mit Ihrer Einwilligung. Wenn Sie einverstanden sind, antworten "
            "Sie bitte auf diese E-Mail mit „Ja, WhatsApp“.\n\n"
            "Ihre Einwilligung ist freiwillig. Sie können sie jederzeit ohne Angabe von "
            "Gründen mit Wirkung für die Zukunft widerrufen, etwa per E-Mail oder indem Sie "
            "uns in WhatsApp „STOPP“ schreiben. Ohne Einwilligung erreichen wir Sie wie "
            "bisher per Telefon oder E-Mail.\n\n"
            "Mit freundlichen Grüßen\n"
            f"{company}\n"
        )
    return (
        "Subject: May we contact you on WhatsApp?\n\n"
        "Dear {{name}},\n\n"
        f"We at {company} would like to reach you on WhatsApp Business as well, for example "
        "to arrange appointments and answer questions about your orders. For this we keep "
        "your number {{phone}} in our business WhatsApp address book; WhatsApp (Meta) "
        "receives this number.\n\n"
        "We only do this with your consent. If you agree, please reply to this e-mail with "
        "\"Yes, WhatsApp\".\n\n"
        "Your consent is voluntary. You can withdraw it at any time, without giving reasons, "
        "with effect for the future, for example by e-mail or by sending us \"STOP\" on "
        "WhatsApp. Without consent we will keep reaching you by phone or e-mail as before.\n\n"
        "Kind regards\n"
        f"{company}\n"
    )


# --- helpers -----------------------------------------------------------------------


def _local(args: argparse.Namespace, ctx: Context) -> tuple[str, ZoneInfo, Policy]:
    """Region, time zone and company as split sees them (--region, --policy, locale, DE)."""
    settings = run_settings(args, ctx)
    return settings.region, ZoneInfo(settings.policy.timezone), settings.policy


def _number(raw: str, region: str) -> str:
    try:
        return to_e164(raw, region)
    except ValueError as exc:
        raise CommandError(str(exc)) from None


def _when(text: str, option: str, zone: ZoneInfo) -> datetime:
    try:
        return parse_when(text, zone)
    except ValueError as exc:
        raise CommandError(f"{option}: {exc}") from None


def _optional_when(text: str | None, option: str, zone: ZoneInfo) -> datetime | None:
    return _when(text, option, zone) if text else None


def _expiry(text: str | None, zone: ZoneInfo) -> datetime | None:
    try:
        return parse_expiry(text, zone) if text else None
    except ValueError as exc:
        raise CommandError(f"--expires-at: {exc}") from None


def _purpose(value: str) -> str:
    """Free text stored as written: only exactly ``whatsapp`` opens the gate."""
    if not value.strip():
        raise CommandError("--purpose must not be empty")
    return value


def _text(value: str, option: str) -> str:
    text = value.strip()
    if not text:
        raise CommandError(f"{option} must not be empty")
    return text


def _iso(value: datetime | None) -> str:
    return value.astimezone(UTC).isoformat() if value is not None else ""


def _record_json(record_id: int, consent: Consent, at: datetime) -> dict[str, object]:
    return {
        "id": record_id,
        "e164": consent.e164,
        "purpose": consent.purpose,
        "granted_at": _iso(consent.granted_at),
        "method": consent.method,
        "evidence": consent.evidence,
        "evidence_file": consent.evidence_file,
        "evidence_sha256": consent.evidence_sha256,
        "withdrawn_at": _iso(consent.withdrawn_at),
        "withdrawal_route": consent.withdrawal_route,
        "expires_at": _iso(consent.expires_at),
        "name": consent.name,
        "state": state_at(consent, at),
    }


def _record_line(row: dict[str, object]) -> str:
    # One line per grant; values are printed, never interpreted, so control characters go.
    fields = [str(row[k]) for k in ("id", "e164", "purpose", "state", "granted_at", "method",
                                    "expires_at", "withdrawn_at", "name")]
    return "\t".join("".join(ch if ch.isprintable() else "?" for ch in f) for f in fields)


def _export_row(consent: Consent, recorded_at: datetime) -> tuple[object, ...]:
    return (
        consent.e164, _iso(consent.granted_at), consent.method, consent.evidence,
        _iso(consent.withdrawn_at), _iso(consent.expires_at), consent.purpose, consent.name,
        consent.email, consent.text_version, consent.recorded_by, consent.withdrawal_route,
        _iso(consent.confirmed_at), consent.evidence_file, consent.evidence_sha256,
        consent.legal_basis, consent.controller, _iso(recorded_at),
    )


def _emit(ctx: Context, payload: dict[str, object]) -> None:
    if ctx.json:
        ctx.print_json(payload)
