"""Read the company's consent register from CSV (DESIGN.md, "Consent CSV").

UTF-8 (with or without BOM) or Windows-1252; comma, semicolon or tab; English
or German headers. Every row either becomes a :class:`Consent` or a
:class:`RowError` naming file and line: a row that cannot be read grants
nothing and never stops the rest of the file.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Protocol
from zoneinfo import ZoneInfo

from contactgate.core import phones
from contactgate.core.model import WHATSAPP_PURPOSE, Consent, ConsentFileError, RowError
from contactgate.io.bounded import LongLine, read_without_long_lines
from contactgate.io.csv_write import FORMULA_STARTS  # what our own export guards against

DEFAULT_LEGAL_BASIS = "Art. 6(1)(a) GDPR consent"
REQUIRED = ("phone", "granted_at", "method", "evidence")
MAX_BYTES = 256 * 1024 * 1024  # a register this size is not a consent CSV

# Normalised header (lower case, umlauts spelled out, separators as "_") -> field.
HEADER_ALIASES: dict[str, str] = {
    **dict.fromkeys(
        ("phone", "phone_number", "number", "tel", "telephone", "mobile", "msisdn", "e164",
         "telefon", "telefonnummer", "nummer", "rufnummer", "mobil", "mobilnummer", "handy",
         "handynummer"),
        "phone",
    ),
    **dict.fromkeys(
        ("granted_at", "granted", "consent_date", "consented_at", "date", "erteilt_am",
         "erteilt", "einwilligung_am", "eingewilligt_am", "zustimmung_am", "datum"),
        "granted_at",
    ),
    **dict.fromkeys(("method", "methode", "art", "weg", "kanal", "channel"), "method"),
    **dict.fromkeys(("evidence", "proof", "nachweis", "beleg"), "evidence"),
    **dict.fromkeys(
        ("withdrawn_at", "withdrawn", "revoked_at", "widerrufen_am", "widerrufen", "widerruf",
         "widerruf_am"),
        "withdrawn_at",
    ),
    **dict.fromkeys(
        ("expires_at", "expires", "expiry", "valid_until", "review_at", "ablauf", "ablauf_am",
         "ablaufdatum", "gueltig_bis", "befristet_bis"),
        "expires_at",
    ),
    **dict.fromkeys(("purpose", "zweck"), "purpose"),
    **dict.fromkeys(("name", "kontakt", "contact", "person"), "name"),
    **dict.fromkeys(("email", "e_mail", "mail", "email_address", "e_mail_adresse"), "email"),
    **dict.fromkeys(
        ("text_version", "textversion", "consent_text", "einwilligungstext", "text_hash",
         "version"),
        "text_version",
    ),
    **dict.fromkeys(("recorded_by", "erfasst_von", "erfasser", "bearbeiter"), "recorded_by"),
    **dict.fromkeys(("withdrawal_route", "widerrufsweg", "widerruf_ueber"), "withdrawal_route"),
    **dict.fromkeys(
        ("confirmed_at", "double_opt_in", "doi_confirmed_at", "bestaetigt_am"), "confirmed_at"
    ),
    **dict.fromkeys(("evidence_file", "nachweisdatei", "nachweis_datei"), "evidence_file"),
    **dict.fromkeys(("evidence_sha256", "nachweis_sha256"), "evidence_sha256"),
    **dict.fromkeys(("legal_basis", "rechtsgrundlage"), "legal_basis"),
    **dict.fromkeys(("controller", "verantwortlicher", "verantwortliche_stelle"), "controller"),
}

_GERMAN_DATE = re.compile(
    r"^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$"
)


def read_consent_csv(
    path: Path, tz: str = "Europe/Berlin", region: str = "DE"
) -> tuple[list[Consent], list[RowError]]:
    """The grants in ``path`` (one per identity, later rows update earlier) and the bad rows."""
    zone = ZoneInfo(tz)
    data, long_lines = _read_bytes(path)
    text = _decode(path, data)
    delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    source = str(path)
    try:
        header = next(reader, None)
        if header is None:
            raise ConsentFileError(source, "empty file, not a consent CSV")
        columns = _columns(source, header)
        consents, errors = _read_rows(reader, columns, source, zone, region.upper())
    except csv.Error as exc:
        raise ConsentFileError(
            source, f"line {reader.line_num}: not readable as CSV ({exc})") from exc
    errors += [RowError(source, g.line, "row too long to be a consent record; not read")
               for g in long_lines]
    errors.sort(key=lambda e: e.line)
    return _merge_duplicates(consents), errors


EARLIEST_YEAR, LATEST_YEAR = 1900, 2999  # a consent date outside these is a typing mistake
NO_END_YEAR = 9999  # 9999-12-31 is how CRMs and ERPs write "no end date"


def parse_when(text: str, zone: ZoneInfo) -> datetime:
    """ISO 8601 (or German ``TT.MM.JJJJ``) to an aware UTC datetime.

    A date without time means the start of that day in ``zone``; a time
    without offset is local time in ``zone``. Raises ValueError with a reason,
    also for a year outside EARLIEST_YEAR..LATEST_YEAR.
    """
    return _parse_when(text, zone, end_of_day=False)


def parse_expiry(text: str, zone: ZoneInfo) -> datetime | None:
    """An expiry as :func:`parse_when` reads it, except that a date alone runs to the
    end of its day (a grant is expired from the returned time on), and a date in
    the year 9999 means the grant does not expire (None)."""
    value = text.strip()
    day = _date_only(value)
    if (day.year if day is not None else _datetime(value).year) == NO_END_YEAR:
        return None
    return _parse_when(value, zone, end_of_day=True)


def _parse_when(text: str, zone: ZoneInfo, end_of_day: bool) -> datetime:
    value = text.strip()
    if not value:
        raise ValueError("empty date")
    day = _date_only(value)
    stamp = datetime.combine(day, time(0)) if day is not None else _datetime(value)
    out_of_range = ValueError(f"not a year from {EARLIEST_YEAR} to {LATEST_YEAR}: "
                              f"{_shorten(value)}")
    if not EARLIEST_YEAR - 1 <= stamp.year <= LATEST_YEAR + 1:  # far out: never converted
        raise out_of_range
    # the calendar date in ``zone``: what `consent export` writes (UTC) of a local
    # 1 January 1900 or 31 December 2999 reads back
    local = stamp if stamp.tzinfo is None else stamp.astimezone(zone)
    if not EARLIEST_YEAR <= local.year <= LATEST_YEAR:
        raise out_of_range
    if day is not None and end_of_day:
        stamp += timedelta(days=1)
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=zone)
    return stamp.astimezone(UTC)


def to_e164(raw: str, region: str = "DE") -> str:
    """A phone number in any common format as E.164, parsed exactly as contacts' numbers are
    (so a grant matches its contact); ValueError when it is not a number."""
    e164 = phones.to_e164(raw, region.upper()) if raw.strip() else None
    if e164 is None:
        raise ValueError(f"not a phone number for region {region.upper()}: {_shorten(raw)}")
    return e164


# --- file level --------------------------------------------------------------------


def _read_bytes(path: Path) -> tuple[bytes, list[LongLine]]:
    try:
        if path.is_dir():
            raise ConsentFileError(str(path), "is a folder, not a consent CSV")
        with path.open("rb") as handle:
            data, long_lines = read_without_long_lines(handle, MAX_BYTES)
        if len(data) > MAX_BYTES:
            raise ConsentFileError(str(path), "too large for a consent CSV")
        return data, long_lines
    except FileNotFoundError as exc:
        raise ConsentFileError(str(path), "no such file") from exc
    except OSError as exc:
        raise ConsentFileError(str(path), f"cannot read ({exc.strerror})") from exc


def _decode(path: Path, data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode text"
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ConsentFileError(str(path), "damaged UTF-16 text") from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise ConsentFileError(str(path), "neither UTF-8 nor Windows-1252 text") from exc


def _delimiter(text: str) -> str:
    """The separator of the header line: semicolon (German Excel), tab or comma."""
    first = text.split("\n", 1)[0]
    counts = {sep: first.count(sep) for sep in (";", "\t", ",")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] > 0 else ","


def _columns(source: str, header: list[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, title in enumerate(header):
        field = HEADER_ALIASES.get(_normalise_header(title))
        if field is not None and field not in columns:
            columns[field] = index
    if "phone" not in columns:
        raise ConsentFileError(
            source, "not a consent CSV: no phone column (phone / Telefon / Nummer)")
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        raise ConsentFileError(source, f"consent CSV without column(s): {', '.join(missing)}")
    return columns


def _normalise_header(title: str) -> str:
    text = title.strip().strip("\ufeff").lower()
    for umlaut, spelled in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(umlaut, spelled)
    text = re.sub(r"[\s\-./]+", "_", text)
    return text.strip("_*")


# --- row level ---------------------------------------------------------------------


class _Rows(Protocol):
    """A csv.reader: rows, and the physical line it has read up to."""

    @property
    def line_num(self) -> int: ...

    def __iter__(self) -> Iterator[list[str]]: ...


def _read_rows(
    reader: _Rows, columns: dict[str, int], source: str, zone: ZoneInfo,
    region: str,
) -> tuple[list[Consent], list[RowError]]:
    consents: list[Consent] = []
    errors: list[RowError] = []
    line = 1
    for row in reader:
        start, line = line + 1, reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        values = {name: _cell(row, index) for name, index in columns.items()}
        if "purpose" in columns:  # free text stored as written: " whatsapp" is not "whatsapp"
            raw = row[columns["purpose"]] if columns["purpose"] < len(row) else ""
            values["purpose"] = _unguarded(raw) if raw.strip() else ""
        try:
            consents.append(_consent(values, zone, region))
        except ValueError as exc:
            errors.append(RowError(source, start, str(exc)))
    return consents, errors


def _cell(row: list[str], index: int) -> str:
    return _unguarded(row[index].strip() if index < len(row) else "")


def _unguarded(value: str) -> str:
    """Our own export writes "'+49…", "'=whatsapp" (formula-safe): read back as written."""
    if value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def _consent(values: dict[str, str], zone: ZoneInfo, region: str) -> Consent:
    if any("\x00" in value for value in values.values()):
        raise ValueError("contains a NUL character")
    for name in REQUIRED:
        if not values.get(name):
            raise ValueError(f"{name} is empty")
    e164 = to_e164(values["phone"], region)
    granted_at = _when(values, "granted_at", zone)
    withdrawn_at = _optional_when(values, "withdrawn_at", zone)
    expires_at = _expiry(values, zone)
    if withdrawn_at is not None and withdrawn_at < granted_at:
        raise ValueError("withdrawn_at lies before granted_at")
    if expires_at is not None and expires_at <= granted_at:
        raise ValueError("expires_at lies before granted_at")
    return Consent(
        e164=e164,
        granted_at=granted_at,
        method=values["method"],
        evidence=values["evidence"],
        purpose=values.get("purpose") or WHATSAPP_PURPOSE,
        withdrawn_at=withdrawn_at,
        expires_at=expires_at,
        name=values.get("name", ""),
        email=values.get("email", "").lower(),
        text_version=values.get("text_version", ""),
        recorded_by=values.get("recorded_by", ""),
        withdrawal_route=values.get("withdrawal_route", ""),
        evidence_file=values.get("evidence_file", ""),
        evidence_sha256=_sha256_or_empty(values.get("evidence_sha256", "")),
        confirmed_at=_optional_when(values, "confirmed_at", zone),
        legal_basis=values.get("legal_basis") or DEFAULT_LEGAL_BASIS,
        controller=values.get("controller", ""),
    )


def _when(values: dict[str, str], name: str, zone: ZoneInfo) -> datetime:
    try:
        return parse_when(values[name], zone)
    except ValueError as exc:
        raise ValueError(f"{name}: {exc}") from None


def _optional_when(values: dict[str, str], name: str, zone: ZoneInfo) -> datetime | None:
    return _when(values, name, zone) if values.get(name) else None


def _expiry(values: dict[str, str], zone: ZoneInfo) -> datetime | None:
    if not values.get("expires_at"):
        return None
    try:
        return parse_expiry(values["expires_at"], zone)
    except ValueError as exc:
        raise ValueError(f"expires_at: {exc}") from None


def _date_only(value: str) -> date | None:
    german = _GERMAN_DATE.match(value)
    if german and german.group(4) is None:
        day, month, year = (int(german.group(i)) for i in (1, 2, 3))
        return _checked_date(year, month, day, value)
    if len(value) in (8, 10) and value[:4].isdigit():
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _datetime(value: str) -> datetime:
    german = _GERMAN_DATE.match(value)
    if german:
        day, month, year, hour, minute = (int(german.group(i)) for i in range(1, 6))
        second = int(german.group(6) or 0)
        _checked_date(year, month, day, value)
        try:
            return datetime(year, month, day, hour, minute, second)
        except ValueError:
            raise ValueError(f"not a date: {_shorten(value)}") from None
    try:
        return datetime.fromisoformat(value.replace(" ", "T", 1))
    except ValueError:
        raise ValueError(f"not an ISO 8601 date: {_shorten(value)}") from None


def _checked_date(year: int, month: int, day: int, value: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"not a date: {_shorten(value)}") from None


def _merge_duplicates(consents: list[Consent]) -> list[Consent]:
    """One grant per (number, purpose, granted_at): a later row updates an earlier one,
    but never drops a withdrawal (unsure means not exported)."""
    merged: dict[tuple[str, str, datetime], Consent] = {}
    for consent in consents:
        key = (consent.e164, consent.purpose, consent.granted_at)
        earlier = merged.get(key)
        if earlier is not None and consent.withdrawn_at is None and earlier.withdrawn_at:
            consent = replace(consent, withdrawn_at=earlier.withdrawn_at,
                              withdrawal_route=earlier.withdrawal_route)
        merged[key] = consent
    return list(merged.values())


def _sha256_or_empty(value: str) -> str:
    text = value.strip().lower()
    return text if re.fullmatch(r"[0-9a-f]{64}", text) else ""


def _shorten(text: str, limit: int = 40) -> str:
    clean = "".join(ch if ch.isprintable() else "?" for ch in text)
    return clean if len(clean) <= limit else clean[: limit - 1] + "…"
