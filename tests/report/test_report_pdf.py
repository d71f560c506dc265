"""The PDF export report: written atomically and owner-only, a real A4 PDF, fast when large."""

from __future__ import annotations

import re
import stat
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from contactgate.report.data import ExportedEntry, HeldBackEntry, ReportInput
from contactgate.report.pdf import HELD_BACK_LISTED, ROWS_LISTED, pdf_html, write_pdf

AT = datetime(2025, 3, 1, 9, 30, tzinfo=UTC)
A4_POINTS = (595, 842)


def report(exported: int = 2, held_back: int = 2, lang: str = "en") -> ReportInput:
    return ReportInput(
        company="ACME <Handel> GmbH", operator="it-admin", created_at=AT, app_version="0.1.0",
        policy_version="2025-01", label="default", region="DE", lang=lang,
        summary={"business": exported + held_back, "private": 4, "unsure": 1},
        exported=[ExportedEntry(f"Kunde {i}", "Kunde AG", f"+4930{i:07d}", AT, "web_form", "F")
                  for i in range(exported)],
        held_back=[HeldBackEntry(f"Held {i}", "", (f"+4940{i:07d}",),
                                 "withdrawn" if i % 3 else "no_consent")
                   for i in range(held_back)],
    )


def pages(pdf: bytes) -> list[tuple[float, ...]]:
    """The MediaBox of every page object (Qt writes the PDF uncompressed at object level)."""
    boxes = re.findall(rb"/Type\s*/Page\b.*?/MediaBox\s*\[([^\]]*)\]", pdf, re.S)
    return [tuple(float(v) for v in box.split()) for box in boxes]


def test_pdf_is_written_owner_only_and_is_a_complete_a4_pdf(tmp_path: Path) -> None:
    target = tmp_path / "report.pdf"
    write_pdf(report(), target)
    data = target.read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert not (tmp_path / "report.pdf.part").exists()
    boxes = pages(data)
    assert boxes, "no page in the PDF"
    for box in boxes:
        assert (round(box[2] - box[0]), round(box[3] - box[1])) == A4_POINTS
    assert b"/Count " + str(len(boxes)).encode() in data


def test_pdf_content_lists_exports_and_a_signature_line() -> None:
    html = pdf_html(report(lang="de"))
    assert "Kunde 0" in html and "+49300000001" in html
    assert "Ort, Datum, Unterschrift" in html and "____" in html
    assert "ACME &lt;Handel&gt; GmbH" in html  # escaped, not markup


def test_beyond_the_limit_held_back_contacts_are_counted_by_reason() -> None:
    small = pdf_html(report(held_back=HELD_BACK_LISTED))
    large = pdf_html(report(held_back=HELD_BACK_LISTED + 1))
    assert "Held 199" in small
    assert "Held 0" not in large
    assert f"{HELD_BACK_LISTED + 1} business contacts held back, counted by reason" in large
    assert "consent withdrawn" in large and "no consent on record" in large


def test_a_large_report_is_summarised_and_fast(tmp_path: Path) -> None:
    data = report(exported=100_000, held_back=5_000)
    started = time.monotonic()
    write_pdf(data, tmp_path / "big.pdf")
    assert time.monotonic() - started < 30
    html = pdf_html(data)
    assert f"{ROWS_LISTED} of 100000 shown" in html
    assert f"Kunde {ROWS_LISTED}<" not in html


def test_cli_process_writes_a_pdf_without_a_display_and_qt_loads_only_then(
        tmp_path: Path) -> None:
    script = (
        "import os, sys\n"
        "os.environ.pop('QT_QPA_PLATFORM', None); os.environ.pop('DISPLAY', None)\n"
        "from contactgate.report import pdf\n"
        "assert 'PySide6' not in sys.modules\n"
        "from tests.report.test_report_pdf import report\n"
        f"pdf.write_pdf(report(), __import__('pathlib').Path({str(tmp_path / 'r.pdf')!r}))\n"
        "assert os.environ['QT_QPA_PLATFORM'] == 'offscreen'\n"
    )
    repo = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-c", script], cwd=repo, capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")
