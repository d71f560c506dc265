"""CSV files ContactGate writes: UTF-8, comma, and no cell a spreadsheet would run.

Cells starting with ``=``, ``+``, ``-``, ``@``, tab or CR are prefixed with an
apostrophe (OWASP's advice against CSV injection); a phone number such as
``+49 …`` therefore appears as ``'+49 …`` in the file, which spreadsheets show
as text, exactly what a phone number is.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path

from contactgate.io.atomic import atomic_text

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """Write a formula-safe CSV atomically and owner-only."""
    with atomic_text(path) as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow([safe_cell(h) for h in header])
        for row in rows:
            writer.writerow([safe_cell(cell) for cell in row])
