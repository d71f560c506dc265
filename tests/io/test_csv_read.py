"""Contacts CSV import: every common export reads into cards, nothing is lost or smuggled."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contactgate.core.model import Card, InputError, Prop, Quarantined, ReadProblem, components
from contactgate.io.csv_read import (
    NOT_CONTACTS,
    classify_header,
    looks_like_csv,
    parse_date,
    read_contacts_csv,
    read_contacts_csv_bytes,
)

SRC = "book.csv"


def read(data: str | bytes, encoding: str = "utf-8") -> list[Card | Quarantined | ReadProblem]:
    raw = data.encode(encoding) if isinstance(data, str) else data
    return list(read_contacts_csv_bytes(raw, SRC))


def cards(data: str | bytes, encoding: str = "utf-8") -> list[Card]:
    items = read(data, encoding)
    assert all(isinstance(i, Card) for i in items), items
    return [i for i in items if isinstance(i, Card)]


def one(data: str | bytes, encoding: str = "utf-8") -> Card:
    (card,) = cards(data, encoding)
    return card


def prop(card: Card, name: str) -> Prop:
    found = card.first(name)
    assert found is not None, f"{name} missing in {card.props}"
    return found


def text(card: Card, name: str) -> str:
    return prop(card, name).text()


def tels(card: Card) -> list[tuple[str, frozenset[str]]]:
    return [(p.value, p.types()) for p in card.all("TEL")]


def label_of(card: Card, prop: Prop) -> str:
    labels = [p.text() for p in card.props if p.name == "X-ABLABEL" and p.group == prop.group]
    return labels[0] if prop.group and labels else ""


# --- real export formats ----------------------------------------------------------

GOOGLE_CURRENT = (
    "First Name,Middle Name,Last Name,Phonetic First Name,Phonetic Middle Name,"
    "Phonetic Last Name,Name Prefix,Name Suffix,Nickname,File As,Organization Name,"
    "Organization Title,Organization Department,Birthday,Notes,Photo,Labels,"
    "E-mail 1 - Label,E-mail 1 - Value,E-mail 2 - Label,E-mail 2 - Value,"
    "Phone 1 - Label,Phone 1 - Value,Phone 2 - Label,Phone 2 - Value,"
    "Address 1 - Label,Address 1 - Formatted,Address 1 - Street,Address 1 - City,"
    "Address 1 - PO Box,Address 1 - Region,Address 1 - Postal Code,Address 1 - Country,"
    "Address 1 - Extended Address,Website 1 - Label,Website 1 - Value\r\n"
    "Anna,Maria,Becker,,,,,,Anni,,Becker Elektro GmbH,Inhaberin,Vertrieb,1980-05-17,"
    '"Rückruf nur vormittags\nTor 2",,* myContacts ::: Kunden ::: * starred,'
    "* Work,anna.becker@becker-elektro.example,Home,anni@web.de,"
    "Mobile,+49 171 3920001 ::: 0171 3920002,Praxis,030 23125111,"
    'Work,"Hauptstr. 1\n10115 Berlin",Hauptstr. 1,Berlin,,,10115,Deutschland,,'
    "Homepage,https://becker-elektro.example\r\n"
)


def test_google_current_format_maps_names_org_and_every_value() -> None:
    card = one(GOOGLE_CURRENT)
    assert card.source == SRC and card.line == 2 and card.version == "3.0"
    assert text(card, "FN") == "Anna Maria Becker"
    assert components(prop(card, "N").value) == ["Becker", "Anna", "Maria", "", ""]
    assert text(card, "NICKNAME") == "Anni"
    assert components(prop(card, "ORG").value) == ["Becker Elektro GmbH", "Vertrieb"]
    assert text(card, "TITLE") == "Inhaberin"
    assert text(card, "BDAY") == "1980-05-17"
    assert text(card, "NOTE") == "Rückruf nur vormittags\nTor 2"


def test_google_multi_values_labels_and_categories() -> None:
    card = one(GOOGLE_CURRENT)
    assert tels(card) == [
        ("+49 171 3920001", frozenset({"cell"})),
        ("0171 3920002", frozenset({"cell"})),
        ("030 23125111", frozenset()),
    ]
    assert label_of(card, card.all("TEL")[2]) == "Praxis"  # custom label stays visible
    work, home = card.all("EMAIL")
    assert work.text() == "anna.becker@becker-elektro.example"
    assert work.types() == {"internet", "work", "pref"}  # "* Work": Google's primary mark
    assert home.types() == {"internet", "home"}
    assert prop(card, "CATEGORIES").value == "Kunden,starred"
    adr = prop(card, "ADR")
    assert adr is not None and adr.types() == {"work"}
    assert components(adr.value) == ["", "", "Hauptstr. 1", "Berlin", "", "10115", "Deutschland"]
    assert text(card, "URL") == "https://becker-elektro.example"


GOOGLE_OLD = (
    "Name,Given Name,Additional Name,Family Name,Yomi Name,Given Name Yomi,"
    "Additional Name Yomi,Family Name Yomi,Name Prefix,Name Suffix,Initials,Nickname,"
    "Short Name,Maiden Name,Birthday,Gender,Location,Billing Information,Directory Server,"
    "Mileage,Occupation,Hobby,Sensitivity,Priority,Subject,Notes,Language,Photo,"
    "Group Membership,E-mail 1 - Type,E-mail 1 - Value,Phone 1 - Type,Phone 1 - Value,"
    "Phone 2 - Type,Phone 2 - Value,Organization 1 - Type,Organization 1 - Name,"
    "Organization 1 - Yomi Name,Organization 1 - Title,Organization 1 - Department\n"
    "Gisela Hoffmann,Gisela,,Hoffmann,,,,,,,,,,,--03-08,female,,,,,,,,,,,,,"
    "* My Contacts ::: * Family,* Internet,gisela.hoffmann@gmx.de,Home,030 23125222,"
    "Work Fax,030 23125223,,,,,\n"
)


def test_google_old_format_types_groups_and_yearless_birthday() -> None:
    card = one(GOOGLE_OLD)
    assert text(card, "FN") == "Gisela Hoffmann"
    assert card.first("X-CSV-NAME") is None  # "Name" equals the composed name: no duplicate
    assert tels(card) == [
        ("030 23125222", frozenset({"home"})),
        ("030 23125223", frozenset({"fax", "work"})),
    ]
    assert prop(card, "EMAIL").types() == {"internet", "pref"}
    assert text(card, "CATEGORIES") == "Family"  # "* My Contacts" dropped, "*" stripped
    assert text(card, "BDAY") == "--03-08"
    assert text(card, "X-CSV-GENDER") == "female"  # unmapped columns are kept


OUTLOOK_EN = (
    '"Title","First Name","Middle Name","Last Name","Suffix","Company","Department",'
    '"Job Title","Business Street","Business City","Business Postal Code",'
    '"Business Country/Region","Assistant\'s Phone","Business Fax","Business Phone",'
    '"Home Phone","Mobile Phone","Other Phone","Primary Phone","Birthday","Categories",'
    '"E-mail Address","E-mail Type","E-mail Display Name","Notes","Office Location",'
    '"Sensitivity"\r\n'
    '"Mr.","Thomas","","Wagner","","Wagner Logistik AG","Einkauf","Einkaufsleiter",'
    '"Am Hafen 5","Hamburg","20457","Germany","040 66969 101","040 66969 199",'
    '"040 66969 100","","+49 171 3920020","","","0/0/00","Lieferanten;Business",'
    '"t.wagner@wagner-logistik.example","SMTP","Thomas Wagner (t.wagner@wagner-logistik.example)",'
    '"","","Normal"\r\n'
)


def test_outlook_english_salutation_phones_and_email_display_name() -> None:
    card = one(OUTLOOK_EN)
    assert text(card, "FN") == "Thomas Wagner"
    assert components(prop(card, "N").value)[3] == "Mr."
    assert text(card, "TITLE") == "Einkaufsleiter"
    assert components(prop(card, "ORG").value) == ["Wagner Logistik AG", "Einkauf"]
    phones = card.all("TEL")
    assert [(p.value, p.types()) for p in phones] == [
        ("040 66969 101", frozenset({"work"})),
        ("040 66969 199", frozenset({"fax", "work"})),
        ("040 66969 100", frozenset({"work"})),
        ("+49 171 3920020", frozenset({"cell"})),
    ]
    assert label_of(card, phones[0]) == "Assistant's Phone"
    assert card.first("BDAY") is None  # Outlook writes 0/0/00 for "no birthday"
    assert text(card, "CATEGORIES") == "Lieferanten,Business"
    assert text(card, "EMAIL") == "t.wagner@wagner-logistik.example"
    # The display-name column is about the address, never the person's name:
    assert "(" not in text(card, "FN")
    assert text(card, "X-CSV-E-MAIL-DISPLAY-NAME").startswith("Thomas Wagner (")
    assert components(prop(card, "ADR").value)[2:] == [
        "Am Hafen 5", "Hamburg", "", "20457", "Germany"
    ]


OUTLOOK_DE = (
    '"Anrede","Vorname","Weitere Vornamen","Nachname","Suffix","Firma","Abteilung",'
    '"Position","Straße geschäftlich","Ort geschäftlich","Postleitzahl geschäftlich",'
    '"Telefon geschäftlich","Fax geschäftlich","Mobiltelefon","Telefon privat","Autotelefon",'
    '"E-Mail-Adresse","E-Mail-Typ","E-Mail: Angezeigter Name","E-Mail 2: Adresse",'
    '"Geburtstag","Kategorien","Notizen","Ort","Privat"\r\n'
    '"Frau","Jürgen","","Weiß","","Schäfer Sanitär GmbH","Kundendienst","Meisterin",'
    '"Rosenstraße 3","München","80331","089 99998 300","089 99998 399","0171 3920030",'
    '"","0171 3920031","weiss@schaefer-sanitaer.example","SMTP","Jürgen Weiß","",'
    '"17.04.1975","Geschäftlich","Schlüssel für Lager","Büro 2. OG","Aus"\r\n'
)


def test_outlook_german_cp1252_umlauts_and_typed_columns() -> None:
    card = one(OUTLOOK_DE, "cp1252")
    assert text(card, "FN") == "Jürgen Weiß"
    assert components(prop(card, "N").value) == ["Weiß", "Jürgen", "", "Frau", ""]
    assert text(card, "TITLE") == "Meisterin"
    assert tels(card) == [
        ("089 99998 300", frozenset({"work"})),
        ("089 99998 399", frozenset({"fax", "work"})),
        ("0171 3920030", frozenset({"cell"})),
        ("0171 3920031", frozenset({"car"})),
    ]
    assert len(card.all("EMAIL")) == 1
    assert text(card, "BDAY") == "1975-04-17"
    adr = prop(card, "ADR")
    assert adr is not None and adr.types() == {"work"}
    assert components(adr.value)[2:6] == ["Rosenstraße 3", "München", "", "80331"]
    # Outlook's bare "Ort" is its Location field, not a city: kept as written.
    assert text(card, "X-CSV-ORT") == "Büro 2. OG"
    assert text(card, "NOTE") == "Schlüssel für Lager"


def test_outlook_german_semicolon_export_from_excel() -> None:
    data = OUTLOOK_DE.replace('","', '";"')
    card = one(data, "cp1252")
    assert text(card, "FN") == "Jürgen Weiß"
    assert len(card.all("TEL")) == 4


THUNDERBIRD_EN = (
    "First Name,Last Name,Display Name,Nickname,Primary Email,Secondary Email,Screen Name,"
    "Work Phone,Home Phone,Fax Number,Pager Number,Mobile Number,Home Address,"
    "Home Address 2,Home City,Home State,Home ZipCode,Home Country,Work Address,"
    "Work Address 2,Work City,Work State,Work ZipCode,Work Country,Job Title,Department,"
    "Organization,Web Page 1,Web Page 2,Birth Year,Birth Month,Birth Day,Custom 1,"
    "Custom 2,Custom 3,Custom 4,Notes,\n"
    ",,Klempner Huber,,huber.sanitaer@gmail.com,,,,,,,0171 3920040,,,,,,,"
    "Werkstraße 9,Hof 2,Köln,,50667,,,,,,,,4,1,,,,,,\n"
    "Lena,Fischer,Lena F.,Leni,lena.fischer@web.de,lena@fischer.example,,,030 23125 333,"
    ",,,,,,,,,,,,,,,,,,,,1990,11,23,,,,,Kennt Anna,\n"
)


def test_thunderbird_display_name_split_birthday_and_addresses() -> None:
    huber, lena = cards(THUNDERBIRD_EN)
    assert (huber.line, lena.line) == (2, 3)
    assert text(huber, "FN") == "Klempner Huber"  # only a display name: it is the name
    assert tels(huber) == [("0171 3920040", frozenset({"cell"}))]
    assert components(prop(huber, "ADR").value)[2:6] == [
        "Werkstraße 9\nHof 2", "Köln", "", "50667"
    ]
    assert text(huber, "BDAY") == "--04-01"  # month and day without a year
    assert text(lena, "FN") == "Lena Fischer"  # given and family win over "Lena F."
    assert text(lena, "X-CSV-DISPLAY-NAME") == "Lena F."  # ... which is kept, not lost
    assert text(lena, "BDAY") == "1990-11-23"
    assert [e.types() for e in lena.all("EMAIL")] == [{"internet", "pref"}, {"internet"}]


def test_thunderbird_german_geburtstag_is_the_day_beside_year_and_month() -> None:
    data = (
        "Vorname,Nachname,Anzeigename,Primäre E-Mail-Adresse,Tel. dienstlich,Mobil-Tel.-Nr.,"
        "Dienstlich: Ort,Geburtsjahr,Geburtsmonat,Geburtstag\n"
        "Jonas,Klein,Jonas Klein,jonas@klein-it.example,0221 4710 500,0171 3920050,"
        "Köln,1985,2,9\n"
    )
    card = one(data)
    assert text(card, "BDAY") == "1985-02-09"
    assert tels(card) == [
        ("0221 4710 500", frozenset({"work"})),
        ("0171 3920050", frozenset({"cell"})),
    ]
    assert prop(card, "ADR").types() == {"work"}


# --- any other CSV: header auto-mapping ---------------------------------------------


def test_generic_german_semicolon_csv_with_salutations_in_name_columns() -> None:
    data = (
        "VORNAME;Nach-Name;Firma;Telefon;Handy;E-Mail;Position;Telefon Praxis;Gruppe;Bemerkung\n"
        "Herr Dr. Peter;Krause;;030 23125 444;;;;030 23125 445;Ärzte;\n"
        ";Frau Lange;Lange Steuerberatung;;0171 3920060;info@lange-stb.example;"
        "Steuerberaterin;;Kunden, Steuer;Mandat seit 2019\n"
    )
    krause, lange = cards(data)
    assert text(krause, "FN") == "Peter Krause"
    assert components(prop(krause, "N").value)[:4] == ["Krause", "Peter", "", "Herr Dr."]
    assert label_of(krause, krause.all("TEL")[1]) == "Telefon Praxis"
    assert text(krause, "CATEGORIES") == "Ärzte"
    assert text(lange, "FN") == "Lange"
    assert components(prop(lange, "N").value)[:4] == ["Lange", "", "", "Frau"]
    assert tels(lange) == [("0171 3920060", frozenset({"cell"}))]
    assert prop(lange, "CATEGORIES").value == "Kunden,Steuer"
    assert text(lange, "TITLE") == "Steuerberaterin"


def test_single_name_column_is_split_into_n() -> None:
    data = (
        "Name\tTelefonnummer\n"
        "Müller, Anna\t0171 3920070\n"
        "Frau Schneider\t0171 3920071\n"
        "Ursula von der Heide\t0171 3920072\n"
        "Mama\t0171 3920073\n"
        "Müller & Söhne GmbH\t030 23125 555\n"
    )
    names = [
        (text(c, "FN"), components(prop(c, "N").value)[:4])
        for c in cards(data)
    ]
    assert names == [
        ("Anna Müller", ["Müller", "Anna", "", ""]),
        ("Schneider", ["Schneider", "", "", "Frau"]),
        ("Ursula von der Heide", ["von der Heide", "Ursula", "", ""]),
        ("Mama", ["", "Mama", "", ""]),
        ("Müller & Söhne GmbH", ["", "", "", ""]),
    ]


@pytest.mark.parametrize(
    ("header", "kind", "types"),
    [
        ("Telefon geschäftlich 2", "tel", ("work",)),
        ("TELEFON GESCHAEFTLICH", "tel", ("work",)),
        ("Mobiltelefon", "tel", ("cell",)),
        ("Handynummer", "tel", ("cell",)),
        ("Fax privat", "tel", ("fax", "home")),
        ("Haupttelefon", "tel", ("pref",)),
        ("Company Main Phone", "tel", ("work", "main")),
        ("E-Mail (privat)", "email", ("home",)),
        ("Work Email", "email", ("work",)),
        ("e mail adresse", "email", ()),
        ("E-mail Display Name", "extra", ()),
        ("Phonetic First Name", "extra", ()),
        ("Vorname", "given", ()),
        ("Nachname", "family", ()),
        ("Firma", "org", ()),
        ("Position", "title", ()),
        ("Anrede", "prefix", ()),
        ("Straße privat", "street", ()),
        ("PLZ", "code", ()),
        ("Land/Region geschäftlich", "country", ()),
        ("Geburtsdatum", "bday", ()),
        ("Organizational ID Number", "extra", ()),
    ],
)
def test_header_aliases_fold_case_space_and_umlauts(
    header: str, kind: str, types: tuple[str, ...]
) -> None:
    column = classify_header(0, header)
    assert (column.kind, column.types) == (kind, types)


def test_unmapped_columns_are_kept_as_x_csv_properties() -> None:
    card = one("Vorname,Kundennummer,Lieblingsfarbe (privat)\nEva,K-1001,grün; blau\n")
    assert text(card, "X-CSV-KUNDENNUMMER") == "K-1001"
    assert prop(card, "X-CSV-LIEBLINGSFARBE-PRIVAT").value == "grün\\; blau"


def test_spreadsheet_wrapped_numbers_are_unwrapped() -> None:
    card = one('Name,Mobil\nEva,"=""0171 3920080"""\n')
    assert tels(card) == [("0171 3920080", frozenset({"cell"}))]
    data = "Name,Mobil\nOtto,'+49 171 3920081\n"
    assert tels(one(data)) == [("+49 171 3920081", frozenset({"cell"}))]


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("17.04.1975", "1975-04-17"),
        ("1975-04-17", "1975-04-17"),
        ("1975-04-17T00:00:00Z", "1975-04-17"),
        ("4/17/1975", "1975-04-17"),
        ("17/4/1975", "1975-04-17"),
        ("--02-29", "--02-29"),
        ("19750417", "1975-04-17"),
        ("31.02.1975", None),
        ("im Frühling", None),
    ],
)
def test_birthday_forms(value: str, iso: str | None) -> None:
    assert parse_date(value) == iso


def test_unreadable_birthday_is_kept_as_text() -> None:
    card = one("Vorname,Geburtstag\nEva,im Frühling\n")
    bday = prop(card, "BDAY")
    assert bday is not None and bday.text() == "im Frühling" and bday.param("VALUE") == "text"


# --- encodings and delimiters -------------------------------------------------------

PLAIN = "Vorname;Nachname;Telefon\r\nJürgen;Groß;030 23125 666\r\n"


@pytest.mark.parametrize(
    "raw",
    [
        PLAIN.encode("utf-8"),
        b"\xef\xbb\xbf" + PLAIN.encode("utf-8"),
        PLAIN.encode("cp1252"),
        PLAIN.encode("utf-16"),  # with BOM, as Outlook's "Unicode" export
        PLAIN.encode("utf-16-le"),  # without BOM: recognised by its zero bytes
        PLAIN.encode("utf-16-be"),
        PLAIN.replace(";", "\t").encode("utf-8"),
        PLAIN.replace(";", ",").encode("utf-8"),
        b"sep=;\r\n" + PLAIN.encode("utf-8"),
    ],
    ids=["utf8", "utf8-bom", "cp1252", "utf16-bom", "utf16le", "utf16be", "tab", "comma", "sep"],
)
def test_encoding_and_delimiter_are_sniffed(raw: bytes) -> None:
    card = one(raw)
    assert text(card, "FN") == "Jürgen Groß"
    assert tels(card) == [("030 23125 666", frozenset())]


def test_line_numbers_count_physical_lines_of_multiline_fields() -> None:
    data = 'Name,Notiz\r\nA,"eins\r\nzwei\r\ndrei"\r\n\r\nB,x\r\n'
    assert [c.line for c in cards(data)] == [2, 6]


# --- bad input ------------------------------------------------------------------------


def test_missing_and_empty_files_are_input_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_contacts_csv(tmp_path / "none.csv")
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(InputError) as error:
        read_contacts_csv(empty)
    assert error.value.path == str(empty) and error.value.message == "empty file"
    with pytest.raises(InputError, match="folder"):
        read_contacts_csv(tmp_path)


def test_not_contacts_is_an_input_error_at_once(tmp_path: Path) -> None:
    path = tmp_path / "konto.csv"
    path.write_text("Datum;Betrag;Verwendungszweck\n01.02.2024;-12,50;Miete\n", "utf-8")
    with pytest.raises(InputError) as error:
        read_contacts_csv(path)  # raised on the call, before iteration
    assert str(error.value) == f"{path}: {NOT_CONTACTS}"


def test_binary_junk_is_an_input_error() -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x08" + bytes(range(256)) * 4
    with pytest.raises(InputError, match="binary"):
        read(png)


def test_vcard_given_to_the_csv_reader_is_not_contacts() -> None:
    with pytest.raises(InputError, match="not a contacts CSV"):
        read("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Eva\r\nEND:VCARD\r\n")


def test_header_only_file_has_no_cards(tmp_path: Path) -> None:
    path = tmp_path / "leer.csv"
    path.write_text("First Name,Last Name,Mobile Phone\n", "utf-8")
    assert list(read_contacts_csv(path)) == []


def test_ragged_rows_are_padded_or_quarantined_with_their_raw_bytes() -> None:
    data = (
        "Vorname,Nachname,Telefon,E-Mail\r\n"
        "Eva,Berg\r\n"  # trailing fields left out: padded
        "Max,Ernst,0171 3920090,max@web.de,,\r\n"  # empty extras: dropped
        "Otto,Graf,0171 3920091,otto@web.de,oops,more\r\n"  # extras with data: quarantined
        "nur ein Feld\r\n"  # one field of four: cannot be aligned
        "Ida,Hahn,0171 3920092\r\n"
    )
    items = read(data)
    kinds = [type(i).__name__ for i in items]
    assert kinds == ["Card", "Card", "Quarantined", "Quarantined", "Card"]
    bad, single = items[2], items[3]
    assert isinstance(bad, Quarantined) and isinstance(single, Quarantined)
    assert (bad.source, bad.line) == (SRC, 4)
    assert bad.raw == b"Otto,Graf,0171 3920091,otto@web.de,oops,more\r\n"
    assert bad.reason == "6 fields where the header has 4"
    assert (single.line, single.raw) == (5, b"nur ein Feld\r\n")
    assert isinstance(items[0], Card) and text(items[0], "FN") == "Eva Berg"


def test_unclosed_quote_costs_only_its_own_line() -> None:
    data = 'Name,Telefon\nEva,0171 3920093\n"Max,0171 3920094\nIda,0171 3920095\n'
    items = read(data)
    assert [type(i).__name__ for i in items] == ["Card", "Quarantined", "Card"]
    bad, ida = items[1], items[2]
    assert isinstance(bad, Quarantined) and isinstance(ida, Card)
    assert bad.line == 3 and bad.raw == b'"Max,0171 3920094\n'
    assert text(ida, "FN") == "Ida"


def test_a_row_in_the_other_8bit_encoding_is_read_in_it_and_said_so() -> None:
    good = "Vorname,Nachname\nJürgen,Groß\nÖzlem,Yılmaz\nÄnne,Öller\n".encode()
    other_row = "Björn,Müller\n".encode("cp1252")  # one row saved by another program
    items = read(good + other_row + b"Eva,Berg\n")
    assert [type(i).__name__ for i in items] == ["Card"] * 3 + ["ReadProblem", "Card", "Card"]
    note, card = items[3], items[4]
    assert isinstance(note, ReadProblem) and note.line == 5
    assert note.message == "row is not UTF-8; read as Windows-1252"
    assert isinstance(card, Card) and prop(card, "FN").text() == "Björn Müller"


def test_a_utf8_row_in_a_windows_1252_file_is_not_garbled() -> None:
    rows = "Vorname;Nachname\nJörg;Müller\n".encode() + "Björn;Weiß\nÄnne;Öller\n".encode(
        "cp1252")  # two exports joined: more Windows-1252 than UTF-8
    items = read(rows)
    cards = [i for i in items if isinstance(i, Card)]
    assert [prop(c, "FN").text() for c in cards] == ["Jörg Müller", "Björn Weiß", "Änne Öller"]
    notes = [i for i in items if isinstance(i, ReadProblem)]
    assert [(n.line, n.message) for n in notes] == [
        (2, "row is not Windows-1252; read as UTF-8")]


def test_a_google_group_repeated_in_the_header_keeps_both_groups_values() -> None:
    card = one("Name,Organization 1 - Name,Organization 1 - Title,Phone 1 - Label,"
               "Phone 1 - Value,Organization 1 - Name,Organization 1 - Title,Phone 1 - Label,"
               "Phone 1 - Value\nMax Mustermann,Alpha GmbH,CEO,Work,030 1111111,Beta AG,CTO,"
               "Home,030 2222222\n")  # two exports' columns side by side
    assert [p.text() for p in card.all("ORG")] == ["Alpha GmbH", "Beta AG"]
    assert [p.text() for p in card.all("TITLE")] == ["CEO", "CTO"]
    assert [(p.value, p.types()) for p in card.all("TEL")] == [
        ("030 1111111", frozenset({"work"})), ("030 2222222", frozenset({"home"}))]


@pytest.mark.parametrize("first_line", [
    '[{"name":"Anna Alt","phone":"+49 171 1234567","email":"anna@alt.de"}]',  # JSON
    "2024-05-01 10:00:00,123 INFO mailer: queue started",  # a log line naming "mail"
    "<html><body>Name, Phone, E-Mail</body></html>",
])
def test_json_a_log_or_markup_is_no_contacts_csv_whatever_words_it_holds(
        first_line: str) -> None:
    with pytest.raises(InputError, match="first line names no columns"):
        read(first_line + "\n2024-05-01 10:00:01,456 INFO mailer: sent 3 messages\n")


@pytest.mark.parametrize("header", [
    "Name,Phone,2024-05-01",  # an attendance list's date column
    "Name,E-Mail <privat>,Notes {internal},[Gruppe]",
    "Name,Phone,Do you agree that we contact you on WhatsApp about your orders and "
    "deliveries? (Google Forms names a column by its question)",
])
def test_headers_that_only_look_odd_are_still_headers(header: str) -> None:
    assert len(cards(f"{header}\nAnna Alt,+49 171 1234567,x\n")) == 1


def test_a_row_neither_encoding_reads_is_quarantined_never_garbled() -> None:
    head = "Vorname,Nachname\nJürgen,Groß\n".encode()
    cp850 = b"Bj\x94rn,M\x81ller\n"  # 0x81 is nothing in Windows-1252
    damaged = "Jürgen,Groß".encode()[:-1] + b"\xff\n"  # UTF-8 with one bad byte
    items = read(head + cp850 + damaged + b"Eva,Berg\n")
    quarantined = [i for i in items if isinstance(i, Quarantined)]
    assert [(q.line, q.raw) for q in quarantined] == [(3, cp850), (4, damaged)]
    names = [prop(c, "FN").text() for c in items if isinstance(c, Card)]
    assert names == ["Jürgen Groß", "Eva Berg"]  # no mojibake made of the damaged row


def test_a_repeated_business_address_keeps_its_type() -> None:
    card = one("Name,Business Street,Business City,Business Street,Business City\n"
               "Max,Hauptstr. 1,Köln,Nebenweg 2,Bonn\n")
    assert [p.types() for p in card.all("ADR")] == [frozenset({"work"})] * 2


def test_one_nul_byte_near_the_top_costs_its_row_not_the_file() -> None:
    items = read(b"Name,Phone,Notes\nAnna,+49301111111,ok\nBert,+49302222222,bad\x00note\n"
                 b"Cora,+49303333333,fine\n")
    assert [type(i).__name__ for i in items] == ["Card", "Quarantined", "Card"]
    bad = items[1]
    assert isinstance(bad, Quarantined) and bad.line == 3 and "NUL" in bad.reason


def test_a_birthday_with_digits_python_reads_but_int_refuses_is_kept_as_text() -> None:
    card = one("First Name,Birth Year,Birth Month,Birth Day\nAnna,1990,\u00b2,5\n")
    bday = prop(card, "BDAY")
    assert bday.params == (("VALUE", "text"),) and "\u00b2" in bday.text()


def test_a_row_that_is_neither_is_quarantined_byte_for_byte() -> None:
    good = "Vorname,Nachname\nJürgen,Groß\n".encode()
    junk = b"Bj\x81rn\x00,M\xfcller\n"  # a NUL and a byte no encoding here reads
    items = read(good + junk + b"Eva,Berg\n")
    bad = next(i for i in items if isinstance(i, Quarantined))
    assert bad.raw == junk and bad.line == 3


def test_formula_cells_are_kept_as_text() -> None:
    data = (
        'Name,Telefon,Firma\n"=HYPERLINK(""http://x.example"",""klick"")",'
        "+49 171 3920096,@SUM(A1)\n"
    )
    card = one(data)
    assert prop(card, "FN").text() == '=HYPERLINK("http://x.example","klick")'
    assert text(card, "ORG") == "@SUM(A1)"
    assert tels(card) == [("+49 171 3920096", frozenset())]


def test_injection_attempt_stays_inside_one_escaped_value() -> None:
    data = 'Name,Telefon\n"Eve\r\nEND:VCARD\r\nBEGIN:VCARD\r\nFN:Smuggled;x,y",0171 3920097\n'
    (card,) = cards(data)
    fn = prop(card, "FN")
    assert fn is not None and fn.text() == "Eve\nEND:VCARD\nBEGIN:VCARD\nFN:Smuggled;x,y"
    assert fn.value == "Eve\\nEND:VCARD\\nBEGIN:VCARD\\nFN:Smuggled\\;x\\,y"
    assert [p.name for p in card.props].count("FN") == 1


# --- sniffing -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"First Name,Last Name,Mobile Phone\r\nEva,Berg,0171\r\n", True),
        ("Vorname;Nachname\nJürgen;Groß\n".encode("cp1252"), True),
        ("Vorname\tTelefon\n".encode("utf-16"), True),
        (b"sep=;\nVorname;Nachname\n", True),
        (b"BEGIN:VCARD\r\nVERSION:3.0\r\nN:a;b;;;\r\n", False),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", False),
        (b"just one word\n", False),
        (b"   \n", False),
    ],
)
def test_looks_like_csv(head: bytes, expected: bool) -> None:
    assert looks_like_csv(head) is expected


# --- properties -----------------------------------------------------------------------

HEADER = ["First Name", "Last Name", "Mobile Phone", "E-mail Address", "Notes"]
_cell = st.text(
    alphabet=st.one_of(
        st.characters(blacklist_categories=("Cs", "Cc")),
        st.sampled_from([",", ";", '"', "\n", "\r", "\t", "'", "=", "\\", " ", "ä"]),
    ),
    max_size=12,
)
_row = st.lists(_cell, min_size=1, max_size=8).filter(lambda r: any(c.strip() for c in r))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(_row, max_size=12), encoding=st.sampled_from(["utf-8", "utf-16", "cp1252"]))
def test_every_row_yields_exactly_one_card_or_quarantine(
    rows: list[list[str]], encoding: str
) -> None:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    starts: list[int] = []
    for row in rows:
        starts.append(len(re.findall(r"\r\n|\r|\n", buffer.getvalue())) + 1)
        writer.writerow(row)
    raw = buffer.getvalue().encode(encoding, errors="replace")
    items = list(read_contacts_csv_bytes(raw, SRC))
    outputs = [i for i in items if isinstance(i, Card | Quarantined)]
    assert [i.line for i in outputs] == starts
    for item in outputs:
        if isinstance(item, Quarantined):
            assert item.raw is not None and item.raw in raw
        else:
            assert all("\r" not in p.value and "\n" not in p.value for p in item.props)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_arbitrary_bytes_never_raise_anything_but_input_error(data: bytes) -> None:
    try:
        items = list(read_contacts_csv_bytes(b"Name,Telefon\n" + data, SRC))
    except InputError:
        return
    for item in items:
        assert isinstance(item, Card | Quarantined | ReadProblem)
        if isinstance(item, Card):
            assert all("\r" not in p.value and "\n" not in p.value for p in item.props)
