"""The detail panel's content: every field of a contact and the reasons for its verdict.

Everything from the address book is HTML-escaped here: a name like
``<img src=…>`` is shown as text, never rendered (invariant 4 holds on screen too).
"""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo
from html import escape

from PySide6.QtCore import QCoreApplication

from contactgate.core.consent import ConsentBook
from contactgate.core.gate import OUTPUT_FILES, Decision
from contactgate.core.model import Contact, Phone, Quarantined, Reason
from contactgate.ui.core_texts import core_text
from contactgate.ui.stored import StoredBusiness
from contactgate.ui.texts import bucket_label, consent_label, line_kind_label, reason_label

translate = QCoreApplication.translate
RAW_PREVIEW_BYTES = 4096


def _words() -> dict[str, str]:
    """The panel's headings in the current language, escaped once."""
    words = {
        "bucket": translate("Detail", "Bucket"),
        "score": translate("Detail", "Score"),
        "export": translate("Detail", "Export"),
        "consent": translate("Detail", "Consent"),
        "family": translate("Detail", "Family name"),
        "given": translate("Detail", "Given name"),
        "org": translate("Detail", "Organisation"),
        "title": translate("Detail", "Title"),
        "role": translate("Detail", "Role"),
        "categories": translate("Detail", "Categories"),
        "labels": translate("Detail", "Labels"),
        "adr": translate("Detail", "Address types"),
        "company": translate("Detail", "Shown as company"),
        "yes": translate("Detail", "yes"),
        "uid": translate("Detail", "UID"),
        "numbers": translate("Detail", "Numbers"),
        "written": translate("Detail", "As written"),
        "international": translate("Detail", "International"),
        "type": translate("Detail", "Type"),
        "label": translate("Detail", "Label"),
        "no_phone": translate("Detail", "No phone number."),
        "email": translate("Detail", "E-mail"),
        "address": translate("Detail", "Address"),
        "why": translate("Detail", "Why this bucket"),
        "reason": translate("Detail", "Reason"),
        "weight": translate("Detail", "Weight"),
        "sources": translate("Detail", "Source cards"),
        "where": translate("Detail", "File and line"),
        "version": translate("Detail", "vCard version"),
        "problems": translate("Detail", "Problems"),
        "phone_label": translate("Detail", "Phone label"),
        "first_seen": translate("Detail", "First seen"),
        "last_seen": translate("Detail", "Last exported"),
        "stored_note": translate(
            "Detail", "Kept in the database from an earlier export. Import the phone's address "
            "book again to review its private and unsure contacts and to export."),
        "file": translate("Detail", "File"),
        "line": translate("Detail", "Line"),
        "problem": translate("Detail", "Problem"),
        "unreadable": translate("Detail", "Unreadable card"),
        "quarantine_note": translate(
            "Detail", "This card could not be read. It is copied unchanged to quarantine.txt "
            "with every export, so nothing is lost."),
        "yours": translate("Detail", "(your decision)"),
    }
    return {key: escape(text) for key, text in words.items()}


def _row(label: str, value: str) -> str:
    if not value:
        return ""
    return f"<tr><th align='left' valign='top'>{label}</th><td>{escape(value)}</td></tr>"


def _table(rows: list[str]) -> str:
    body = "".join(rows)
    return f"<table cellspacing='2' cellpadding='2'>{body}</table>" if body else ""


def _grid(headers: list[str], rows: list[list[str]]) -> str:
    if not rows:
        return ""
    head = "".join(f"<th align='left'>{h}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td style='white-space:nowrap'>{escape(c)}</td>"
                                    for c in r) + "</tr>" for r in rows)
    return f"<table cellspacing='2' cellpadding='3'><tr>{head}</tr>{body}</table>"


def _phone_kind(phone: Phone) -> str:
    """TYPE values, the kind of line and the phone's own label, in one cell."""
    parts = [*sorted(phone.types), line_kind_label(phone.kind), phone.label]
    return ", ".join(dict.fromkeys(part for part in parts if part))


def _number_state(consents: ConsentBook, e164: str | None, at: datetime) -> str:
    if e164 is None:
        return consent_label("no_number")
    if consents.valid_for(e164, at) is not None:
        return consent_label("valid")
    return consent_label(consents.why_not([e164], at))


def _reasons(reasons: tuple[Reason, ...], w: dict[str, str], language: str) -> str:
    rows = [[reason_label(r, language), f"{r.weight:+d}"] for r in reasons]
    return _grid([w["reason"], w["weight"]], rows)


def destination_text(decision: Decision) -> str:
    texts = {
        "whatsapp": translate("Detail", "Exported to %1 with its consented numbers only."),
        "business_no_consent": translate(
            "Detail", "Kept back in %1 until a valid consent is recorded."),
        "private": translate("Detail", "Written to %1 only; never exported."),
        "review": translate("Detail", "Written to %1: mark it business or private."),
    }
    return texts[decision.destination].replace("%1", OUTPUT_FILES[decision.destination])


def contact_html(contact: Contact, decision: Decision, consents: ConsentBook, at: datetime,
                 language: str) -> str:
    w = _words()
    verdict = decision.verdict
    bucket = escape(bucket_label(verdict.bucket)) + (f" {w['yours']}" if verdict.overridden else "")
    n = (*contact.n, "", "")
    fields = [
        f"<tr><th align='left'>{w['bucket']}</th><td><b>{bucket}</b></td></tr>",
        _row(w["score"], str(verdict.score)),
        _row(w["export"], destination_text(decision)),
        _row(w["consent"], consent_label(decision.held_back)),
        _row(w["family"], n[0]),
        _row(w["given"], n[1]),
        _row(w["org"], contact.org),
        _row(w["title"], contact.title),
        _row(w["role"], contact.role),
        _row(w["categories"], ", ".join(contact.categories)),
        _row(w["labels"], ", ".join(contact.labels)),
        _row(w["adr"], ", ".join(sorted(contact.adr_types))),
        _row(w["company"], w["yes"] if contact.show_as_company else ""),
        _row(w["uid"], contact.uid),
    ]
    phones = [
        [p.raw, p.e164 or "?", _phone_kind(p), _number_state(consents, p.e164, at)]
        for p in contact.phones
    ]  # fmt: skip
    emails = [[e.address, ", ".join(sorted(e.types)), e.label] for e in contact.emails]
    sources = [[f"{card.source}:{card.line}", card.version, "; ".join(card.problems)]
               for card in contact.cards]
    return "".join([
        f"<h3>{escape(contact.display_name)}</h3>",
        _table(fields),
        f"<h4>{w['numbers']}</h4>",
        _grid([w["written"], w["international"], w["type"], w["consent"]], phones)
        or f"<p>{w['no_phone']}</p>",
        f"<h4>{w['email']}</h4>" if emails else "",
        _grid([w["address"], w["type"], w["label"]], emails),
        f"<h4>{w['why']}</h4>",
        _reasons(verdict.reasons, w, language),
        f"<h4>{w['sources']}</h4>",
        _grid([w["where"], w["version"], w["problems"]], sources),
    ])  # fmt: skip


def stored_html(stored: StoredBusiness, consents: ConsentBook, at: datetime,
                language: str, zone: tzinfo) -> str:
    """A business contact kept in the database; its times in ``zone`` (the policy's, as the
    consents beside it), not in UTC as stored."""
    w = _words()
    fields = [
        _row(w["bucket"], bucket_label("business")),
        _row(w["score"], str(stored.score)),
        _row(w["org"], stored.org),
        _row(w["phone_label"], stored.label),
        _row(w["first_seen"], _local_time(stored.first_seen, zone)),
        _row(w["last_seen"], _local_time(stored.last_seen, zone)),
    ]
    phones = [[n, _number_state(consents, n, at)] for n in stored.numbers]
    emails = [[e] for e in stored.emails]
    return "".join([
        f"<h3>{escape(stored.fn)}</h3>",
        f"<p><i>{w['stored_note']}</i></p>",
        _table(fields),
        f"<h4>{w['numbers']}</h4>",
        _grid([w["international"], w["consent"]], phones),
        f"<h4>{w['email']}</h4>" if emails else "",
        _grid([w["address"]], emails),
        f"<h4>{w['why']}</h4>",
        _reasons(stored.reasons, w, language),
    ])  # fmt: skip


def _local_time(stored: str, zone: tzinfo) -> str:
    try:
        moment = datetime.fromisoformat(stored)
    except ValueError:  # not written by ContactGate: shown as it is
        return stored
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def quarantine_html(item: Quarantined) -> str:
    w = _words()
    if item.raw is None:
        preview = translate(
            "Detail", "(too large to show: %1 bytes, copied unchanged to quarantine.txt)"
        ).replace("%1", str(item.length))
    else:
        preview = item.raw[:RAW_PREVIEW_BYTES].decode("utf-8", errors="replace")
    fields = [_row(w["file"], item.source), _row(w["line"], str(item.line)),
              _row(w["problem"], core_text(item.reason))]
    return "".join([
        f"<h3>{w['unreadable']}</h3>",
        f"<p><i>{w['quarantine_note']}</i></p>",
        _table(fields),
        f"<pre>{escape(preview)}</pre>",
    ])  # fmt: skip
