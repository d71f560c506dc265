"""The export report as an A4 PDF for the company's records, with a signature line.

Made with Qt (``QPdfWriter`` + ``QTextDocument``), loaded lazily: only writing
a PDF imports PySide6, so the command line starts without Qt and runs on
machines without a display (the ``offscreen`` platform is chosen here when no
platform is set). Qt's text layout is slow for huge tables, so long lists are
cut to a summary and the PDF says where the full list is (report.html).
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Sequence
from html import escape
from pathlib import Path
from typing import Any

from contactgate.io.atomic import OutputError, write_bytes_atomic
from contactgate.report.data import ChangeEntry, ReportInput
from contactgate.report.html import (
    SUMMARY_LABELS,
    format_time,
    meta_rows,
    reason_text,
    summary_label,
    texts,
)

HELD_BACK_LISTED = 200  # beyond this, held-back contacts are counted by reason
ROWS_LISTED = 2000  # exported/added/dropped rows drawn in full; the rest summarised
A4_MARGIN_MM = 15.0

_app: Any = None  # the QGuiApplication this module had to create; kept alive


def write_pdf(data: ReportInput, path: Path,
              write: Callable[[Path, bytes], None] = write_bytes_atomic) -> bytes:
    """Write the report to ``path`` with ``write`` (by default via ``path.part``,
    owner-only); returns what was written."""
    content = _pdf_bytes(data)
    if not content.startswith(b"%PDF"):
        raise OutputError(f"{path}: Qt produced no PDF")
    write(path, content)
    return content


def _pdf_bytes(data: ReportInput) -> bytes:
    _ensure_gui_application()
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF
    from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument

    buffer_bytes = QByteArray()
    buffer = QBuffer(buffer_bytes)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(
        QMarginsF(A4_MARGIN_MM, A4_MARGIN_MM, A4_MARGIN_MM, A4_MARGIN_MM),
        QPageLayout.Unit.Millimeter,
    )
    writer.setResolution(300)
    writer.setTitle(texts(data.lang)["title"])
    writer.setCreator(f"ContactGate {data.app_version}")
    document = QTextDocument()
    document.setDefaultStyleSheet(_STYLE)
    document.setHtml(pdf_html(data))
    document.print_(writer)
    del writer  # ends the PDF stream into the buffer
    buffer.close()
    return bytes(buffer.data().data())


def pdf_html(data: ReportInput) -> str:
    """The (Qt rich-text subset) HTML laid out into the PDF; long lists summarised."""
    t = texts(data.lang)
    zone = data.created_at.tzinfo
    lang = data.lang
    parts = [f"<h1>{_e(t['title'])}</h1>", _meta(data)]
    parts.append(f"<h2>{_e(t['counts'])}</h2>")
    known = [k for k in SUMMARY_LABELS["en"] if k in data.summary]
    parts.append(_table((t["counts"], t["count"]),
                        [(summary_label(k, lang), data.summary[k]) for k in known]))
    parts.append(f"<p><i>{_e(t['private_note'])}</i></p>")
    parts.append(f"<h2>{_e(t['exported'])}</h2><p>{_e(t['exported_intro'])}</p>")
    exported = [
        (e.name, e.org, e.e164, format_time(e.granted_at, lang, zone), e.method, e.evidence)
        for e in data.exported[:ROWS_LISTED]
    ]
    parts.append(_listed(
        (t["name"], t["org"], t["number"], t["granted"], t["method"], t["evidence"]),
        exported, len(data.exported), lang,
    ))
    parts.append(_held_back(data))
    parts.append(_changes(data))
    if data.reason_counts:
        ordered = sorted(data.reason_counts.items(), key=lambda kv: (-kv[1], kv[0]))
        parts.append(f"<h2>{_e(t['reasons'])}</h2>")
        parts.append(_table((t["reason_code"], t["contacts"]), ordered))
    parts.append(
        "<p><br><br><br>______________________________________________<br>"
        f"{_e(t['signature'])}</p>"
    )
    return "<html><body>" + "\n".join(parts) + "</body></html>"


# --- sections ----------------------------------------------------------------------


def _meta(data: ReportInput) -> str:
    t = texts(data.lang)
    rows = meta_rows(data)
    inputs = [(f"{t['file']}: {f.name}", f"{f.cards} · SHA-256 {f.sha256}") for f in data.inputs]
    return _table(None, rows + inputs)


def _held_back(data: ReportInput) -> str:
    t = texts(data.lang)
    title = f"<h2>{_e(t['held_back'])}</h2>"
    if len(data.held_back) <= HELD_BACK_LISTED:
        rows = [(h.name, h.org, ", ".join(h.numbers), reason_text(h.reason, data.lang))
                for h in data.held_back]
        return title + _listed((t["name"], t["org"], t["numbers"], t["reason"]), rows,
                               len(rows), data.lang)
    by_reason = Counter(h.reason for h in data.held_back)
    note = t["held_back_by_reason"].format(total=len(data.held_back))
    counted = [(reason_text(code, data.lang), n) for code, n in by_reason.most_common()]
    return title + f"<p>{_e(note)}</p>" + _table((t["reason"], t["count"]), counted)


def _changes(data: ReportInput) -> str:
    t = texts(data.lang)
    parts = [f"<h2>{_e(t['changes'])}</h2>"]
    if data.previous_export_at is None and not data.added and not data.dropped:
        return parts[0] + f"<p>{_e(t['none'])}</p>"
    for key, entries in (("added", data.added), ("dropped", data.dropped)):
        parts.append(f"<h3>{_e(t[key])}</h3>")
        parts.append(_change_rows(entries, data.lang))
    return "".join(parts)


def _change_rows(entries: list[ChangeEntry], lang: str) -> str:
    t = texts(lang)
    if not entries:
        return f"<p>{_e(t['no_changes'])}</p>"
    rows = [(c.name, c.e164, reason_text(c.why, lang)) for c in entries[:ROWS_LISTED]]
    return _listed((t["name"], t["number"], t["why"]), rows, len(entries), lang)


def _listed(
    header: tuple[str, ...], rows: Sequence[Sequence[object]], total: int, lang: str
) -> str:
    t = texts(lang)
    if total == 0:
        return f"<p>{_e(t['nothing'])}</p>"
    table = _table(header, rows)
    if total > len(rows):
        table += f"<p><b>{_e(t['summary_more'].format(shown=len(rows), total=total))}</b></p>"
    return table


def _table(header: tuple[str, ...] | None, rows: Sequence[Sequence[object]]) -> str:
    head = ""
    if header is not None:
        head = "<tr>" + "".join(f"<th>{_e(h)}</th>" for h in header) + "</tr>"
    body = "".join("<tr>" + "".join(f"<td>{_e(v)}</td>" for v in row) + "</tr>" for row in rows)
    return f'<table border="1" cellspacing="0" cellpadding="3" width="100%">{head}{body}</table>'


def _e(value: object) -> str:
    return escape("" if value is None else str(value), quote=True)


_STYLE = """
body { font-family: 'DejaVu Sans', sans-serif; font-size: 8pt; }
h1 { font-size: 14pt; } h2 { font-size: 11pt; } h3 { font-size: 9pt; }
th { background-color: #e6e6e6; text-align: left; }
"""


def _ensure_gui_application() -> None:
    """A QGuiApplication must exist to lay out text; make one only if there is none."""
    global _app
    if not os.environ.get("QT_QPA_PLATFORM"):
        from PySide6.QtCore import QCoreApplication

        if QCoreApplication.instance() is None:
            # The command line runs on machines without a display: no window is needed.
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QGuiApplication

    existing = QCoreApplication.instance()
    if existing is None:
        _app = QGuiApplication(["contactgate"])
    elif not isinstance(existing, QGuiApplication):
        raise OutputError("a PDF needs a Qt GUI application, but a console one is running")
