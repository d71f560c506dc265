"""Reading the consent register from CSV: encodings, separators, German headers, dates, bad rows."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from contactgate.core.model import InputError
from contactgate.io.consent_csv import parse_expiry, parse_when, read_consent_csv

HEADER = "phone,granted_at,method,evidence\n"


def write(tmp_path: Path, text: str, encoding: str = "utf-8", name: str = "c.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_good_rows_become_grants_in_utc(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "+49 30 1234567,2024-05-01T10:00:00+02:00,web_form,F-1\n")
    consents, errors = read_consent_csv(path)
    assert errors == []
    [grant] = consents
    assert grant.e164 == "+49301234567"
    assert grant.granted_at == datetime(2024, 5, 1, 8, 0, tzinfo=UTC)
    assert grant.method == "web_form" and grant.evidence == "F-1"
    assert grant.purpose == "whatsapp"


def test_national_number_uses_the_region(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "030 1234567,2024-05-01,written,letter\n"
                                    "(0)1 42 68 53 00,2024-05-01,written,letter\n")
    german, _ = read_consent_csv(path, region="DE")
    french, _ = read_consent_csv(path, region="FR")
    assert german[0].e164 == "+49301234567"
    assert french[-1].e164 == "+33142685300"


def test_bad_rows_are_reported_with_line_and_grant_nothing(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER
                 + "+49 30 1234567,2024-05-01,web,F-1\n"      # line 2: good
                 + "not a number,2024-05-01,web,F-2\n"        # line 3: phone
                 + "+49 30 7654321,yesterday,web,F-3\n"       # line 4: date
                 + "+49 30 7654322,2024-05-01,,F-4\n"         # line 5: method empty
                 + "+49 30 7654323,2024-05-01,web,\n"         # line 6: evidence empty
                 + "+49 30 7654324,2024-05-01,web,F,2024-04-01\n"  # line 7: extra cell ignored
                 + "+49 30 7654325,2024-02-30,web,F-5\n")     # line 8: no such day
    consents, errors = read_consent_csv(path)
    assert [c.e164 for c in consents] == ["+49301234567", "+49307654324"]
    assert [(e.line, e.source) for e in errors] == [(n, str(path)) for n in (3, 4, 5, 6, 8)]
    assert "phone" in errors[0].reason or "number" in errors[0].reason
    assert "granted_at" in errors[1].reason
    assert "method" in errors[2].reason and "evidence" in errors[3].reason
    assert str(errors[0]).startswith(f"{path}:3: ")


def test_line_numbers_count_physical_lines_of_quoted_cells(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + '+49 30 1234567,2024-05-01,web,"two\nlines"\nbad,x,y,z\n')
    consents, errors = read_consent_csv(path)
    assert consents[0].evidence == "two\nlines"
    assert errors[0].line == 4


def test_duplicate_rows_give_one_grant_and_later_rows_update(tmp_path: Path) -> None:
    header = "phone,granted_at,method,evidence,withdrawn_at,expires_at\n"
    path = write(tmp_path, header
                 + "+49 30 1234567,2024-05-01,web,old,,\n"
                 + "+49301234567,2024-05-01,web,new,,2025-05-01\n"
                 + "+49 30 1234567,2024-05-01,web,old,2024-09-01,\n"
                 + "+49 30 1234567,2024-05-01,web,newest,,\n")
    consents, errors = read_consent_csv(path)
    assert errors == []
    [grant] = consents
    assert grant.evidence == "newest"
    assert grant.withdrawn_at is not None  # a later row never undoes a withdrawal


def test_same_number_other_purpose_or_date_are_separate_grants(tmp_path: Path) -> None:
    header = "phone,granted_at,method,evidence,purpose\n"
    path = write(tmp_path, header
                 + "+49 30 1234567,2024-05-01,web,a,\n"
                 + "+49 30 1234567,2024-05-01,web,a,advertising\n"
                 + "+49 30 1234567,2024-06-01,web,a,whatsapp\n")
    consents, _ = read_consent_csv(path)
    assert sorted((c.purpose, c.granted_at.month) for c in consents) == [
        ("advertising", 4), ("whatsapp", 4), ("whatsapp", 5)]


def test_purpose_is_stored_as_written(tmp_path: Path) -> None:
    path = write(tmp_path, "phone,granted_at,method,evidence,purpose\n"
                           "+49 30 1234567,2024-05-01,web,a,WhatsApp\n")
    consents, _ = read_consent_csv(path)
    assert consents[0].purpose == "WhatsApp"  # and so does not open the gate


def test_german_headers_semicolons_and_cp1252(tmp_path: Path) -> None:
    text = ("Telefon;Erteilt am;Methode;Nachweis;Widerrufen am;Gültig bis;Zweck;Name;E-Mail\n"
            "0171 3920001;01.05.2024;schriftlich;Brief vom 30.04.;;31.12.2024;;Jörg Müßig;"
            "J.M@Example.DE\n")
    path = write(tmp_path, text, encoding="cp1252")
    consents, errors = read_consent_csv(path)
    assert errors == []
    [grant] = consents
    assert grant.e164 == "+491713920001"
    assert grant.name == "Jörg Müßig"
    assert grant.email == "j.m@example.de"
    assert grant.method == "schriftlich"
    assert grant.granted_at == datetime(2024, 4, 30, 22, 0, tzinfo=UTC)  # 01.05. 00:00 in Berlin
    assert grant.expires_at == datetime(2024, 12, 31, 23, 0, tzinfo=UTC)  # end of 31.12. in Berlin


def test_utf8_bom_and_nummer_alias(tmp_path: Path) -> None:
    path = write(tmp_path, "\ufeffNummer,erteilt_am,Methode,Nachweis,ablauf\n"
                           "+49 30 1234567,2024-05-01 09:15,web,F-1,2024-06-30T12:00\n")
    consents, errors = read_consent_csv(path)
    assert errors == []
    assert consents[0].granted_at == datetime(2024, 5, 1, 7, 15, tzinfo=UTC)
    assert consents[0].expires_at == datetime(2024, 6, 30, 10, 0, tzinfo=UTC)  # a time: as given


def test_excel_unicode_text_is_utf16_with_tabs(tmp_path: Path) -> None:
    path = write(tmp_path, "\ufeffTelefon\tErteilt_am\tMethode\tNachweis\n"
                           "+49 30 1234567\t2024-05-01\tw\te\n", encoding="utf-16-le")
    consents, errors = read_consent_csv(path)
    assert errors == [] and consents[0].e164 == "+49301234567"


def test_tab_separated(tmp_path: Path) -> None:
    path = write(tmp_path, "phone\tgranted_at\tmethod\tevidence\n"
                           "+49 30 1234567\t2024-05-01\tw\te\n")
    consents, _ = read_consent_csv(path)
    assert len(consents) == 1


def test_date_rules_in_the_time_zone() -> None:
    from zoneinfo import ZoneInfo

    berlin = ZoneInfo("Europe/Berlin")
    assert parse_when("2024-01-15", berlin) == datetime(2024, 1, 14, 23, tzinfo=UTC)
    assert parse_expiry("2024-01-15", berlin) == datetime(2024, 1, 15, 23, tzinfo=UTC)
    assert parse_expiry("2024-01-15T12:00", berlin) == datetime(2024, 1, 15, 11, tzinfo=UTC)
    assert parse_when("2024-07-15T12:00", berlin) == datetime(2024, 7, 15, 10, tzinfo=UTC)
    assert parse_when("2024-07-15T12:00Z", berlin) == datetime(2024, 7, 15, 12, tzinfo=UTC)
    assert parse_when("15.07.2024 12:00", berlin) == datetime(2024, 7, 15, 10, tzinfo=UTC)
    with pytest.raises(ValueError):
        parse_when("07/15/2024", berlin)  # ambiguous: refused rather than guessed


@pytest.mark.parametrize("text", ["9999-12-31", "31.12.9999", "9999-12-31T23:00:00-05:00",
                                  "9999-01-01T00:00"])
def test_an_expiry_in_the_year_9999_means_no_expiry(text: str) -> None:
    """…and only then: 3000 is out of range for an expiry too (below)."""
    from zoneinfo import ZoneInfo

    # how CRMs and ERPs write "no end date"; it once overflowed into a traceback
    assert parse_expiry(text, ZoneInfo("Europe/Berlin")) is None


@pytest.mark.parametrize("text", ["0001-01-01", "1899-12-31", "3000-01-01", "3000-01-02",
                                  "9998-12-31T23:00:00-05:00", "01.01.0001 00:00"])
def test_a_date_outside_1900_to_2999_is_refused_with_its_reason(text: str) -> None:
    from zoneinfo import ZoneInfo

    with pytest.raises(ValueError, match="not a year from 1900 to 2999"):
        parse_when(text, ZoneInfo("Europe/Berlin"))
    if not text.startswith("9998"):
        with pytest.raises(ValueError, match="not a year from 1900 to 2999"):
            parse_expiry(text, ZoneInfo("Europe/Berlin"))


@pytest.mark.parametrize("local", ["1900-01-01", "2999-12-31T23:59"])
@pytest.mark.parametrize("zone_name",
                         ["Europe/Berlin", "America/Los_Angeles", "Pacific/Kiritimati"])
def test_the_first_and_last_accepted_dates_read_back_as_consent_export_writes_them(
        local: str, zone_name: str) -> None:
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(zone_name)
    utc = parse_when(local, zone)
    assert parse_when(utc.isoformat(), zone) == utc  # the export writes UTC ISO 8601


def test_rows_with_extreme_dates_are_read_or_rejected_never_a_crash(tmp_path: Path) -> None:
    path = write(tmp_path, "phone,granted_at,method,evidence,withdrawn_at,expires_at\n"
                           "+49 170 1000001,2024-01-01,web,ev,,9999-12-31\n"
                           "+49 170 1000002,0001-01-01,web,ev,,\n"
                           "+49 170 1000003,2024-01-01,web,ev,9999-12-31,\n"
                           "+49 170 1000004,2024-01-01,web,ev,,3000-06-30\n")
    consents, errors = read_consent_csv(path)
    assert [(c.e164, c.expires_at) for c in consents] == [("+491701000001", None)]
    assert [(e.line, e.reason.split(":")[0]) for e in errors] == [
        (3, "granted_at"), (4, "withdrawn_at"), (5, "expires_at")]


def test_expiry_and_withdrawal_before_the_grant_are_rejected(tmp_path: Path) -> None:
    path = write(tmp_path, "phone,granted_at,method,evidence,withdrawn_at,expires_at\n"
                           "+49 30 1234567,2024-05-01,web,F,2024-04-01,\n"
                           "+49 30 1234568,2024-05-01,web,F,,2024-04-01\n")
    consents, errors = read_consent_csv(path)
    assert consents == [] and [e.line for e in errors] == [2, 3]


def test_formula_cells_are_kept_as_text_and_our_apostrophe_is_undone(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "'+49 30 1234567,2024-05-01,web,'=HYPERLINK(\"x\")\n"
                                    "+49 30 1234568,2024-05-01,=1+1,@SUM(A1)\n")
    consents, errors = read_consent_csv(path)
    assert errors == []
    assert consents[0].e164 == "+49301234567"
    assert consents[0].evidence == '=HYPERLINK("x")'
    assert (consents[1].method, consents[1].evidence) == ("=1+1", "@SUM(A1)")


def test_blank_lines_are_skipped_silently(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "\n,,,\n+49 30 1234567,2024-05-01,web,F\n\n")
    consents, errors = read_consent_csv(path)
    assert len(consents) == 1 and errors == []


def test_header_only_is_an_empty_register(tmp_path: Path) -> None:
    assert read_consent_csv(write(tmp_path, HEADER)) == ([], [])


@pytest.mark.parametrize(
    "content",
    [b"", b"name,email\nA,a@example.com\n", b"phone,method\n+4930,x\n", b"\x81\x8d\x8f\x90"],
)
def test_not_a_consent_csv_is_an_input_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "c.csv"
    path.write_bytes(content)
    with pytest.raises(InputError) as info:
        read_consent_csv(path)
    assert str(path) in str(info.value)


def test_missing_file_and_folder_are_input_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_consent_csv(tmp_path / "missing.csv")
    with pytest.raises(InputError, match="folder"):
        read_consent_csv(tmp_path)


@given(st.text(max_size=60))
def test_any_phone_cell_gives_a_grant_or_a_row_error(tmp_path_factory: pytest.TempPathFactory,
                                                     cell: str) -> None:
    path = tmp_path_factory.mktemp("csv") / "c.csv"
    quoted = '"' + cell.replace('"', '""') + '"'
    path.write_text(HEADER + f"{quoted},2024-05-01,web,F\n", encoding="utf-8")
    consents, errors = read_consent_csv(path)
    assert len(consents) + len(errors) <= 1
    for grant in consents:
        assert grant.e164.startswith("+") and grant.e164[1:].isdigit()
