"""The export report as one self-contained HTML page (German or English).

Pure: data in, text out. Every value from the input is HTML-escaped here
(invariant 4), and the page loads nothing from anywhere (no scripts, no
external styles, fonts or images). Private and unsure contacts appear only as
counts (invariant 5); :class:`ReportInput` holds nothing else about them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import datetime, tzinfo
from html import escape

from contactgate.report.data import ChangeEntry, ReportInput

TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "title": "ContactGate export report",
        "company": "Company",
        "operator": "Operator",
        "created": "Created",
        "app_version": "ContactGate version",
        "policy_version": "Policy version",
        "label": "Export label",
        "region": "Default region",
        "previous": "Previous export under this label",
        "none": "none (first export)",
        "inputs": "Input files",
        "file": "File",
        "sha256": "SHA-256",
        "cards": "Cards",
        "counts": "Counts",
        "count": "Count",
        "exported": "Exported to WhatsApp Business",
        "exported_intro": "Each number below left because its contact is a business contact "
                          "with a valid WhatsApp consent at the export time.",
        "name": "Name",
        "org": "Organisation",
        "number": "Number",
        "numbers": "Numbers",
        "granted": "Consent granted",
        "method": "Method",
        "evidence": "Evidence",
        "held_back": "Business contacts held back",
        "reason": "Reason",
        "private_note": "Private and unsure contacts are listed as counts only; "
                        "their names and numbers are not part of this report.",
        "changes": "Changes since the previous export",
        "added": "Added since the previous export",
        "dropped": "Dropped out since the previous export (remove from the phone)",
        "why": "Why",
        "no_changes": "No changes.",
        "reasons": "Classification reasons",
        "reason_code": "Reason",
        "contacts": "Contacts",
        "nothing": "None.",
        "signature": "Place, date, signature",
        "summary_more": "{shown} of {total} shown; the complete list is in report.html.",
        "held_back_by_reason": "{total} business contacts held back, counted by reason "
                               "(the complete list is in report.html).",
    },
    "de": {
        "title": "ContactGate-Exportbericht",
        "company": "Unternehmen",
        "operator": "Bearbeitet von",
        "created": "Erstellt",
        "app_version": "ContactGate-Version",
        "policy_version": "Richtlinienversion",
        "label": "Export-Bezeichnung",
        "region": "Standardregion",
        "previous": "Vorheriger Export unter dieser Bezeichnung",
        "none": "keiner (erster Export)",
        "inputs": "Eingabedateien",
        "file": "Datei",
        "sha256": "SHA-256",
        "cards": "Karten",
        "counts": "Zahlen",
        "count": "Anzahl",
        "exported": "An WhatsApp Business exportiert",
        "exported_intro": "Jede Nummer unten wurde exportiert, weil ihr Kontakt geschäftlich "
                          "ist und zum Exportzeitpunkt eine gültige WhatsApp-Einwilligung "
                          "vorliegt.",
        "name": "Name",
        "org": "Organisation",
        "number": "Nummer",
        "numbers": "Nummern",
        "granted": "Einwilligung erteilt",
        "method": "Methode",
        "evidence": "Nachweis",
        "held_back": "Zurückgehaltene Geschäftskontakte",
        "reason": "Grund",
        "private_note": "Private und unklare Kontakte erscheinen nur als Anzahl; "
                        "ihre Namen und Nummern sind nicht Teil dieses Berichts.",
        "changes": "Änderungen seit dem vorherigen Export",
        "added": "Seit dem vorherigen Export hinzugekommen",
        "dropped": "Seit dem vorherigen Export entfallen (vom Telefon entfernen)",
        "why": "Warum",
        "no_changes": "Keine Änderungen.",
        "reasons": "Gründe der Einordnung",
        "reason_code": "Grund",
        "contacts": "Kontakte",
        "nothing": "Keine.",
        "signature": "Ort, Datum, Unterschrift",
        "summary_more": "{shown} von {total} gezeigt; die vollständige Liste steht in "
                        "report.html.",
        "held_back_by_reason": "{total} Geschäftskontakte zurückgehalten, nach Grund gezählt "
                               "(die vollständige Liste steht in report.html).",
    },
}

SUMMARY_LABELS: dict[str, dict[str, str]] = {
    "en": {
        "input_cards": "Cards in the input",
        "parsed": "Cards read",
        "quarantined": "Cards quarantined (unreadable)",
        "merged": "Cards merged into another",
        "business": "Business contacts",
        "private": "Private contacts",
        "unsure": "Unsure contacts (to review)",
        "consented": "Contacts with a valid WhatsApp consent",
        "exported_contacts": "Contacts exported",
        "exported_numbers": "Numbers exported",
        "consent_rows_rejected": "Consent rows rejected",
    },
    "de": {
        "input_cards": "Karten in der Eingabe",
        "parsed": "Gelesene Karten",
        "quarantined": "Unlesbare Karten (Quarantäne)",
        "merged": "Mit anderen zusammengeführte Karten",
        "business": "Geschäftskontakte",
        "private": "Private Kontakte",
        "unsure": "Unklare Kontakte (zu prüfen)",
        "consented": "Kontakte mit gültiger WhatsApp-Einwilligung",
        "exported_contacts": "Exportierte Kontakte",
        "exported_numbers": "Exportierte Nummern",
        "consent_rows_rejected": "Abgewiesene Einwilligungszeilen",
    },
}

REASON_TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "no_consent": "no consent on record",
        "not_yet_granted": "consent granted after the export time",
        "withdrawn": "consent withdrawn",
        "expired": "consent expired",
        "other_purpose": "consent only for another purpose than WhatsApp",
        "no_number": "no readable phone number",
        "new": "new in the export",
        "no consent": "no valid consent",
        "new consent": "new consent",
        "new contact": "new contact",
        "reclassified": "no longer classified as business",
        "erased": "erased on request",
        "not in the book": "no longer in the address book",
    },
    "de": {
        "no_consent": "keine Einwilligung erfasst",
        "not_yet_granted": "Einwilligung erst nach dem Exportzeitpunkt erteilt",
        "withdrawn": "Einwilligung widerrufen",
        "expired": "Einwilligung abgelaufen",
        "other_purpose": "Einwilligung nur für einen anderen Zweck als WhatsApp",
        "no_number": "keine lesbare Telefonnummer",
        "new": "neu im Export",
        "no consent": "keine gültige Einwilligung",
        "new consent": "neue Einwilligung",
        "new contact": "neuer Kontakt",
        "reclassified": "nicht mehr als geschäftlich eingeordnet",
        "erased": "auf Antrag gelöscht",
        "not in the book": "nicht mehr im Adressbuch",
    },
}

STYLE = """
body { font-family: sans-serif; margin: 2em; color: #222; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 1.6em; }
table { border-collapse: collapse; margin: 0.5em 0; }
th, td { border: 1px solid #bbb; padding: 0.2em 0.5em; text-align: left; vertical-align: top; }
th { background: #eee; } td.n { text-align: right; }
.note { color: #555; } .sign { margin-top: 4em; border-top: 1px solid #000; width: 22em; }
"""


def texts(lang: str) -> dict[str, str]:
    return TEXTS.get(lang, TEXTS["en"])


def reason_text(code: str, lang: str) -> str:
    """A held-back or change reason in the report's language; unknown codes as they are."""
    return REASON_TEXTS.get(lang, REASON_TEXTS["en"]).get(code, code)


def summary_label(key: str, lang: str) -> str:
    return SUMMARY_LABELS.get(lang, SUMMARY_LABELS["en"]).get(key, key)


def format_time(value: datetime | None, lang: str, zone: tzinfo | None = None) -> str:
    """A time in the report's zone, German or ISO style, with the zone's name."""
    if value is None:
        return ""
    local = value.astimezone(zone) if zone is not None else value
    pattern = "%d.%m.%Y %H:%M" if lang == "de" else "%Y-%m-%d %H:%M"
    return f"{local.strftime(pattern)} {local.tzname() or ''}".strip()


def render_html(data: ReportInput) -> str:
    """The whole report page; ``data.lang`` picks German or English."""
    t = texts(data.lang)
    parts: list[str] = [
        "<!DOCTYPE html>",
        f'<html lang="{_e(data.lang if data.lang in TEXTS else "en")}">',
        "<head><meta charset=\"utf-8\">",
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'\">",
        f"<title>{_e(t['title'])}</title><style>{STYLE}</style></head><body>",
        f"<h1>{_e(t['title'])}</h1>",
        _meta_table(data),
        _inputs_section(data),
        _counts_section(data),
        _exported_section(data),
        _held_back_section(data),
        _changes_section(data),
        _reasons_section(data),
        f'<p class="sign">{_e(t["signature"])}</p>',
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"


# --- sections ----------------------------------------------------------------------


def _meta_table(data: ReportInput) -> str:
    rows = meta_rows(data)
    body = "".join(f'<tr><th scope="row">{_e(k)}</th><td>{_e(v)}</td></tr>' for k, v in rows)
    return f'<table class="meta">{body}</table>'


def meta_rows(data: ReportInput) -> list[tuple[str, str]]:
    """Who, when, under which policy: the head of both the HTML and the PDF report."""
    t = texts(data.lang)
    previous = (
        format_time(data.previous_export_at, data.lang, data.created_at.tzinfo)
        if data.previous_export_at is not None else t["none"]
    )
    return [
        (t["company"], data.company),
        (t["operator"], data.operator),
        (t["created"], format_time(data.created_at, data.lang)),
        (t["policy_version"], data.policy_version),
        (t["label"], data.label),
        (t["region"], data.region),
        (t["app_version"], data.app_version),
        (t["previous"], previous),
    ]


def _inputs_section(data: ReportInput) -> str:
    t = texts(data.lang)
    rows = [(f.name, f.sha256, _Num(f.cards)) for f in data.inputs]
    return _section(t["inputs"], (t["file"], t["sha256"], t["cards"]), rows, t["nothing"], "inputs")


def _counts_section(data: ReportInput) -> str:
    t = texts(data.lang)
    known = [k for k in SUMMARY_LABELS["en"] if k in data.summary]
    rows = [(summary_label(k, data.lang), _Num(data.summary[k])) for k in known]
    table = _table((t["counts"], t["count"]), rows, "counts")
    return f"<h2>{_e(t['counts'])}</h2>{table}<p class=\"note\">{_e(t['private_note'])}</p>"


def _exported_section(data: ReportInput) -> str:
    t = texts(data.lang)
    zone = data.created_at.tzinfo
    rows = (
        (e.name, e.org, e.e164, format_time(e.granted_at, data.lang, zone), e.method, e.evidence)
        for e in data.exported
    )
    header = (t["name"], t["org"], t["number"], t["granted"], t["method"], t["evidence"])
    intro = f"<p class=\"note\">{_e(t['exported_intro'])}</p>"
    return _section(t["exported"], header, rows, t["nothing"], "exported", intro)


def _held_back_section(data: ReportInput) -> str:
    t = texts(data.lang)
    rows = (
        (h.name, h.org, ", ".join(h.numbers), reason_text(h.reason, data.lang))
        for h in data.held_back
    )
    header = (t["name"], t["org"], t["numbers"], t["reason"])
    return _section(t["held_back"], header, rows, t["nothing"], "held-back")


def _changes_section(data: ReportInput) -> str:
    t = texts(data.lang)
    parts = [f"<h2>{_e(t['changes'])}</h2>"]
    if data.previous_export_at is None and not data.added and not data.dropped:
        parts.append(f"<p>{_e(t['none'])}</p>")
        return "".join(parts)
    for key, entries in (("added", data.added), ("dropped", data.dropped)):
        parts.append(f"<h3>{_e(t[key])}</h3>")
        parts.append(_change_table(entries, data.lang, key) if entries
                     else f"<p>{_e(t['no_changes'])}</p>")
    return "".join(parts)


def _change_table(entries: Sequence[ChangeEntry], lang: str, css_id: str) -> str:
    t = texts(lang)
    rows = ((c.name, c.e164, reason_text(c.why, lang)) for c in entries)
    return _table((t["name"], t["number"], t["why"]), rows, css_id)


def _reasons_section(data: ReportInput) -> str:
    t = texts(data.lang)
    ordered = sorted(data.reason_counts.items(), key=lambda kv: (-kv[1], kv[0]))
    rows = ((code, _Num(count)) for code, count in ordered)
    return _section(t["reasons"], (t["reason_code"], t["contacts"]), rows, t["nothing"], "reasons")


# --- building blocks ---------------------------------------------------------------


class _Num:
    """A cell value drawn right-aligned."""

    __slots__ = ("value",)

    def __init__(self, value: object) -> None:
        self.value = value


def _section(
    title: str, header: Sequence[str], rows: Iterable[Sequence[object]], empty: str,
    css_id: str, intro: str = "",
) -> str:
    table = _table(header, rows, css_id)
    if table.endswith("</tr></thead><tbody></tbody></table>"):
        table = f"<p>{_e(empty)}</p>"
    return f"<h2>{_e(title)}</h2>{intro}{table}"


def _table(header: Sequence[str], rows: Iterable[Sequence[object]], css_id: str) -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(_cell(v) for v in row) + "</tr>\n" for row in rows)
    return f'<table id="{_e(css_id)}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _cell(value: object) -> str:
    if isinstance(value, _Num):
        return f'<td class="n">{_e(value.value)}</td>'
    return f"<td>{_e(value)}</td>"


_MARKUP = re.compile(r"[&<>\"']")


def _e(value: object) -> str:
    text = "" if value is None else str(value)
    # a 50,000-row table: most cells hold nothing to escape, and a search says so fastest
    return escape(text, quote=True) if _MARKUP.search(text) else text
