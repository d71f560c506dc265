"""Contacts from CSV: Google, Outlook (English/German), Thunderbird, and any CSV whose
headers name contact fields.

Every data row becomes one :class:`Card` whose properties are synthesised exactly as
the vCard reader would have produced them: values in escaped vCard 3.0 text form,
TYPE parameters lower case, a custom label as an Apple ``itemN.X-ABLABEL`` beside its
TEL/EMAIL. A column that maps to no vCard property becomes ``X-CSV-<HEADER>``, so
nothing in the file is lost. A row that cannot be read becomes :class:`Quarantined`
with its raw bytes and never stops the rest of the file.

Header matching folds case, spaces, punctuation and umlauts ("E-Mail-Adresse",
"e mail adresse" and "EMAILADRESSE" are one header). Known exports are covered by
explicit aliases; anything else by the words a header contains ("Telefon Praxis"
is a phone with the label "Telefon Praxis").
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from contactgate.core.model import (
    Card,
    InputError,
    Prop,
    Quarantined,
    ReadProblem,
    escape_text,
)
from contactgate.io import bounded
from contactgate.io.bounded import read_without_long_lines

Item = Card | Quarantined | ReadProblem

NOT_CONTACTS = "not a contacts CSV: no name, phone or e-mail column"
NOT_A_HEADER = "not a contacts CSV: its first line names no columns (JSON, a log?)"
MAX_BYTES = 512 * 1024 * 1024  # far beyond any address book; guards against reading a disk image
DELIMITERS = (",", ";", "\t", "|")
CARD_VERSION = "3.0"

# --- decoding ---------------------------------------------------------------------

_UTF8_BOM = b"\xef\xbb\xbf"
_BOMS = (
    (_UTF8_BOM, "utf-8", "UTF-8"),
    (b"\xff\xfe", "utf-16-le", "UTF-16"),
    (b"\xfe\xff", "utf-16-be", "UTF-16"),
)
_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")
_NON_ASCII = re.compile("[^\x00-\x7f]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class _Text:
    """Decoded file text plus what it takes to get a row's raw bytes back."""

    text: str
    codec: str
    errors: str  # the same handler both ways makes ``text.encode`` give the bytes as read
    label: str  # the encoding's name in messages
    dropped_byte: bool = False  # UTF-16 with an odd trailing byte

    def raw(self, chunk: str) -> bytes:
        return chunk.encode(self.codec, self.errors)


def _decode(data: bytes) -> _Text:
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            return _decode_as(data[len(bom) :], codec, label)
    utf16 = _utf16_by_zero_bytes(data)
    if utf16:
        return _decode_as(data, utf16, "UTF-16")
    if _mostly_utf8(data):
        return _decode_as(data, "utf-8", "UTF-8")
    return _decode_as(data, "cp1252", "Windows-1252")


def _decode_as(data: bytes, codec: str, label: str) -> _Text:
    if codec.startswith("utf-16"):
        even = data[: len(data) // 2 * 2]
        text = even.decode(codec, "surrogatepass")
        return _Text(text, codec, "surrogatepass", label, len(even) != len(data))
    return _Text(data.decode(codec, "surrogateescape"), codec, "surrogateescape", label)


def _utf16_by_zero_bytes(data: bytes) -> str | None:
    """UTF-16 without BOM: ASCII text leaves a zero in every other byte, not one stray NUL."""
    sample = data[:4096]
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    zeros_even = sample[0 : pairs * 2 : 2].count(0)
    zeros_odd = sample[1 : pairs * 2 : 2].count(0)
    if zeros_odd >= 0.3 * pairs and zeros_even <= 0.05 * pairs:
        return "utf-16-le"
    if zeros_even >= 0.3 * pairs and zeros_odd <= 0.05 * pairs:
        return "utf-16-be"
    return None


def _mostly_utf8(data: bytes) -> bool:
    """UTF-8 unless invalid sequences outnumber valid ones (a cp1252 file has none valid).

    The file's encoding reads its header; each row of an 8-bit file is then read in
    whichever of the two fits it (``_in_its_own_encoding``), with a note.
    """
    text = data.decode("utf-8", "surrogateescape")
    bad = len(_ESCAPED_BYTE.findall(text))
    if not bad:
        return True
    good = len(_NON_ASCII.findall(text)) - bad
    return good > 0 and good >= bad


def _looks_binary(sample: str) -> bool:
    """Many control characters (NUL among them): a binary file, not a CSV. One NUL in a
    row is that row's problem: it is quarantined, the rest is read."""
    return len(_CONTROL.findall(sample)) > 0.05 * max(len(sample), 1)


# --- records ----------------------------------------------------------------------

_BREAK = re.compile(r"\r\n|\r|\n")
_SEP_LINE = re.compile(r"sep=(.)\s*$", re.IGNORECASE)  # Excel's delimiter hint


@dataclass(frozen=True, slots=True)
class _Record:
    line: int  # first physical line, 1-based
    text: str  # as read, with its line break
    fields: list[str] | None  # None when the record cannot be split; see problem
    problem: str = ""

    def blank(self) -> bool:
        return not self.text.strip()


def _record_pattern(delim: str) -> re.Pattern[str]:
    """One CSV record as Python's csv module reads it: a quote opens a field only at its start.

    A record whose quoted field never closes does not match, so it can be reported
    alone instead of swallowing the rest of the file.
    """
    d = re.escape(delim)
    one = rf'(?:"[^"]*(?:""[^"]*)*"[^{d}\r\n]*|[^"{d}\r\n][^{d}\r\n]*|)'
    return re.compile(rf"{one}(?:{d}{one})*(?:\r\n|\r|\n|\Z)")


def _scan(text: str, pos: int, line: int, delim: str) -> Iterator[_Record]:
    pattern = _record_pattern(delim)
    while pos < len(text):
        match = pattern.match(text, pos)
        if match is None or match.end() == pos:
            end = _end_of_line(text, pos)
            yield _Record(line, text[pos:end], None, "a quoted field is never closed")
            pos, line = end, line + 1
            continue
        chunk = match.group()
        fields, problem = _split_fields(chunk, delim)
        yield _Record(line, chunk, fields, problem)
        pos = match.end()
        line += max(1, len(_BREAK.findall(chunk)))


def _end_of_line(text: str, pos: int) -> int:
    match = _BREAK.search(text, pos)
    return match.end() if match else len(text)


def _split_fields(chunk: str, delim: str) -> tuple[list[str] | None, str]:
    body = chunk.rstrip("\r\n")  # a quoted field's own line breaks end before its quote
    if "\x00" in body:
        return None, "contains NUL bytes (binary data)"
    try:
        fields = next(csv.reader([body], delimiter=delim, quotechar='"'), [])
    except csv.Error as exc:
        return None, f"cannot be split into fields ({exc})"
    return (fields or [""]), ""


def _sniff_delimiter(line: str) -> str:
    """The candidate that splits the header line most often, outside quotes; comma on a tie."""
    unquoted = re.sub(r'"[^"]*"', "", line)
    counts = {d: unquoted.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


# --- header words -----------------------------------------------------------------

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def header_words(header: str) -> list[str]:
    """Lower-case ASCII words of a header: umlauts spelled out, accents and punctuation gone."""
    folded = unicodedata.normalize("NFKD", header.casefold().translate(_UMLAUTS))
    ascii_only = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return re.findall(r"[a-z]+|\d+", ascii_only)


def _compact(words: list[str]) -> str:
    """Header key for aliases: the words run together, numbers dropped ("E-Mail 2" → "email")."""
    return "".join(w for w in words if not w.isdigit())


# Column kinds. Name parts, organisation and single-value properties:
GIVEN, MIDDLE, FAMILY, PREFIX, SUFFIX = "given", "middle", "family", "prefix", "suffix"
FULLNAME, NICKNAME, TITLE_OR_PREFIX = "fullname", "nickname", "title_or_prefix"
ORG, DEPARTMENT, TITLE, ROLE = "org", "department", "title", "role"
NOTE, BDAY, BDAY_YEAR, BDAY_MONTH, BDAY_DAY = "note", "bday", "bday_year", "bday_month", "bday_day"
ANNIVERSARY, CATEGORIES = "anniversary", "categories"
# Multi-value, typed:
TEL, EMAIL, URL = "tel", "email", "url"
# Address components (ADR order: pobox; extended; street; locality; region; code; country):
ADR_PARTS = ("pobox", "ext", "street", "city", "region", "code", "country")
HOUSE = "house"  # a separate house-number column, appended to the street
ADR_LABEL = "adr_label"  # a pre-formatted address (Google's "Address 1 - Formatted")
GROUP_LABEL = "group_label"  # Google's "Phone 1 - Label": types for the group's values
EXTRA = "extra"  # anything else: kept as X-CSV-<HEADER>

NAME_KINDS = frozenset({GIVEN, MIDDLE, FAMILY, FULLNAME, NICKNAME})


def _aliases(kind: str, *keys: str) -> dict[str, str]:
    return dict.fromkeys(keys, kind)


ALIASES: dict[str, str] = {
    **_aliases(GIVEN, "firstname", "givenname", "vorname", "first", "forename", "rufname"),
    **_aliases(MIDDLE, "middlename", "additionalname", "weiterevornamen", "zweitervorname",
               "middle", "mittelname"),
    **_aliases(FAMILY, "lastname", "familyname", "surname", "nachname", "familienname",
               "zuname", "last"),
    **_aliases(PREFIX, "anrede", "salutation", "nameprefix", "prefix", "namensvorsatz"),
    **_aliases(SUFFIX, "suffix", "namesuffix", "namenszusatz", "namensuffix"),
    **_aliases(TITLE_OR_PREFIX, "title", "titel", "akadtitel", "akademischertitel"),
    **_aliases(FULLNAME, "name", "fullname", "displayname", "anzeigename", "vollstaendigername",
               "kontakt", "kontaktname", "contact", "contactname", "ansprechpartner"),
    **_aliases(NICKNAME, "nickname", "spitzname", "nick"),
    **_aliases(ORG, "company", "firma", "organization", "organisation", "organizationname",
               "organisationname", "unternehmen", "firmenname", "companyname", "employer",
               "arbeitgeber"),
    **_aliases(DEPARTMENT, "department", "abteilung", "organizationdepartment", "dept"),
    **_aliases(TITLE, "jobtitle", "position", "organizationtitle", "arbeitstitel",
               "berufsbezeichnung", "funktion", "stellung", "jobbezeichnung"),
    **_aliases(ROLE, "profession", "beruf", "role", "rolle", "occupation"),
    **_aliases(NOTE, "notes", "note", "notizen", "notiz", "bemerkung", "bemerkungen",
               "kommentar", "kommentare", "comment", "comments", "anmerkung", "anmerkungen",
               "hinweis", "hinweise"),
    **_aliases(BDAY, "birthday", "geburtstag", "geburtsdatum", "birthdate", "dateofbirth",
               "bday"),
    **_aliases(BDAY_YEAR, "birthyear", "geburtsjahr"),
    **_aliases(BDAY_MONTH, "birthmonth", "geburtsmonat"),
    **_aliases(ANNIVERSARY, "anniversary", "jahrestag", "hochzeitstag"),
    **_aliases(CATEGORIES, "categories", "category", "kategorien", "kategorie", "labels",
               "groupmembership", "groups", "group", "gruppe", "gruppen", "tags"),
    **_aliases(URL, "webpage", "website", "webseite", "homepage", "url", "internetseite",
               "webadresse", "web"),
}

# Words that give a TEL/EMAIL/ADR/URL its TYPE; checked as whole words or word starts.
_TYPE_WORDS: tuple[tuple[tuple[str, ...], tuple[str, ...], bool], ...] = (
    # (word starts, types, also keep the header/label text as a custom label)
    (("mobil", "handy", "cell", "natel"), ("cell",), False),
    (("fax", "telefax"), ("fax",), False),
    (("pager", "funkruf", "piepser"), ("pager",), False),
    (("autotel",), ("car",), False),
    (("isdn",), ("isdn",), False),
    (("haupt", "primary", "primaer"), ("pref",), False),
)
_EXACT_TYPE_WORDS: dict[str, tuple[tuple[str, ...], bool]] = {
    **dict.fromkeys(("business", "work", "geschaeftlich", "geschaeftl", "gesch", "dienstlich",
                     "dienstl", "dienst", "buero", "office", "firma", "company", "arbeit",
                     "job", "beruflich"), (("work",), False)),
    **dict.fromkeys(("assistant", "assistent"), (("work",), True)),
    **dict.fromkeys(("home", "privat", "private", "priv", "personal", "persoenlich",
                     "zuhause", "daheim"), (("home",), False)),
    "car": (("car",), False),
    "main": (("main",), False),
    "internet": (("internet",), False),
    "pref": (("pref",), False),
    "voice": (("voice",), False),
}
# Words that say nothing about the type but are no custom label either.
_FILLER = frozenset({
    "tel", "fon", "phone", "telephone", "telefon", "nummer", "number", "nr", "no",
    "rufnummer", "festnetz", "e", "mail", "email", "adresse", "address", "value", "s",
    "fuer", "for", "der", "des", "von", "of", "und", "and", "other", "weiteres", "weitere",
    "weiterer", "sonstige", "sonstiges", "andere", "anderes", "secondary", "sekundaere",
    "sekundaer", "zweite", "website", "webseite", "webpage", "web", "page", "url",
    "homepage", "telefonnummer",
})


def _types_and_label(text: str) -> tuple[tuple[str, ...], str]:
    """TYPE values a header or label implies, and the text itself when it says more.

    A leading ``*`` is Google's mark for the primary value.
    """
    stripped = text.strip()
    types: dict[str, None] = {}
    if stripped.startswith("*"):
        types["pref"] = None
        stripped = stripped.lstrip("* ").strip()
    custom = False
    for word in header_words(stripped):
        word_types, keep_label = _word_types(word)
        types.update(dict.fromkeys(word_types))
        custom = custom or keep_label
    return tuple(types), (stripped if custom else "")


def _word_types(word: str) -> tuple[tuple[str, ...], bool]:
    if word.isdigit() or word in _FILLER:
        return (), False
    if word in _EXACT_TYPE_WORDS:
        return _EXACT_TYPE_WORDS[word]
    for starts, types, keep_label in _TYPE_WORDS:
        if word.startswith(starts):
            return types, keep_label
    if word.endswith(("telefon", "phone")):
        return (), False
    return (), True  # an unknown word: the text is a custom label such as "Praxis"


_PHONE_WORDS = frozenset({"tel", "fon", "phone", "telephone", "handy", "cell", "cellphone",
                          "fax", "telefax", "pager", "funkruf", "isdn", "telex", "festnetz",
                          "rufnummer", "callback", "rueckmeldung", "natel", "mobile", "mobil"})
_PHONE_STARTS = ("telefon", "handy", "mobil", "fax", "rufnummer", "festnetz", "autotelefon",
                 "haupttelefon")


def _is_phone(words: list[str]) -> bool:
    return any(
        w in _PHONE_WORDS or w.startswith(_PHONE_STARTS) or w.endswith(("telefon", "phone"))
        for w in words
    )


def _is_email(compact: str) -> bool:
    return "mail" in compact


def _email_side_column(compact: str) -> bool:
    """Outlook's "E-mail Display Name"/"E-mail Type": about the address, never the name."""
    return any(part in compact for part in ("display", "angezeigt", "anzeige", "typ"))


_ADR_WORDS: tuple[tuple[str, frozenset[str]], ...] = (
    ("pobox", frozenset({"postfach", "pobox", "box"})),
    ("ext", frozenset({"zusatz", "adresszusatz", "extended"})),
    ("code", frozenset({"plz", "postleitzahl", "zip", "zipcode", "postcode", "postal"})),
    ("country", frozenset({"country", "land", "countryregion"})),
    ("region", frozenset({"state", "region", "bundesland", "kanton", "province", "provinz"})),
    ("city", frozenset({"city", "ort", "stadt", "town", "wohnort"})),
    (HOUSE, frozenset({"hausnummer", "hausnr", "housenumber"})),
    ("street", frozenset({"street", "strasse", "str", "address", "adresse", "anschrift"})),
)


def _address_part(words: list[str]) -> str | None:
    present = set(words)
    for part, keys in _ADR_WORDS:
        if present & keys:
            return part
    return None


def _address_slot(words: list[str]) -> str:
    """Which address of the card a column belongs to: "work", "home", "other" or ""."""
    types, _ = _types_and_label(" ".join(words))
    if "work" in types:
        return "work"
    if "home" in types:
        return "home"
    if set(words) & {"other", "weitere", "weiterer", "weiteres"}:
        return "other"
    return ""


# --- columns ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Column:
    """What one CSV column holds. ``slot`` ties columns of one address/organisation/group."""

    index: int
    header: str
    kind: str
    types: tuple[str, ...] = ()
    label: str = ""
    slot: str = ""
    part: str = ""  # the ADR component for address columns


_GOOGLE_GROUP = re.compile(r"^\s*(?P<group>.+?)\s+(?P<index>\d+)\s+-\s+(?P<field>.+?)\s*$")
_GOOGLE_SUBFIELDS: dict[str, dict[str, str]] = {
    "phone": {"label": GROUP_LABEL, "type": GROUP_LABEL, "value": TEL},
    "email": {"label": GROUP_LABEL, "type": GROUP_LABEL, "value": EMAIL},
    "website": {"label": GROUP_LABEL, "type": GROUP_LABEL, "value": URL},
    "organization": {"name": ORG, "title": TITLE, "department": DEPARTMENT},
    "address": {
        "label": GROUP_LABEL, "type": GROUP_LABEL, "formatted": ADR_LABEL,
        "street": "street", "city": "city", "pobox": "pobox", "region": "region",
        "postalcode": "code", "country": "country", "extendedaddress": "ext",
    },
}


def classify_header(index: int, header: str) -> Column:
    """The column a header names; unknown headers become EXTRA (kept as X-CSV-...)."""
    grouped = _google_column(index, header)
    if grouped is not None:
        return grouped
    words = header_words(header)
    compact = _compact(words)
    if compact in ALIASES:
        return Column(index, header, ALIASES[compact])
    if _is_email(compact):
        if _email_side_column(compact):
            return Column(index, header, EXTRA)
        return Column(index, header, EMAIL, *_types_and_label(header))
    if _is_phone(words):
        types, label = _types_and_label(header)
        if set(words) & {"callback", "rueckmeldung", "telex"}:
            label = header.strip()
        return Column(index, header, TEL, types, label)
    part = _address_part(words)
    if part is not None:
        return Column(index, header, part, slot=_address_slot(words), part=part)
    return Column(index, header, EXTRA)


def _google_column(index: int, header: str) -> Column | None:
    match = _GOOGLE_GROUP.match(header)
    if match is None:
        return None
    group = _compact(header_words(match["group"]))
    subfield = _compact(header_words(match["field"]))
    kinds = _GOOGLE_SUBFIELDS.get(group)
    if kinds is None:
        return Column(index, header, EXTRA)  # relations, events, IM, custom fields
    kind = kinds.get(subfield, EXTRA)
    slot = f"{group} {match['index']}"
    part = kind if kind in ADR_PARTS else ""
    return Column(index, header, kind, slot=slot, part=part)


def _layout(headers: list[str]) -> list[Column]:
    columns = _repeats_apart([classify_header(i, h) for i, h in enumerate(headers)])
    kinds = {c.kind for c in columns}
    if kinds & {BDAY_YEAR, BDAY_MONTH}:
        # Thunderbird splits the birthday: its "Birth Day"/"Geburtstag" is the day only.
        columns = [_retype(c, BDAY_DAY) if c.kind == BDAY else c for c in columns]
    if any(c.part and c.slot for c in columns):
        # Beside typed addresses, Outlook's bare "Ort" is its Location field, not a city.
        columns = [
            _retype(c, EXTRA) if c.part == "city" and not c.slot and c.header.strip().casefold()
            == "ort" else c
            for c in columns
        ]
    return columns


def _repeats_apart(columns: list[Column]) -> list[Column]:
    """A header repeated within a group (``Organization 1 - Name`` twice, as two exports
    joined leave it) starts a group of its own, so that no value overwrites another."""
    seen: Counter[tuple[str, str]] = Counter()  # ("Work Address 2" is no repeat: a 2nd line)
    result = []
    for column in columns:
        if column.slot:
            key = (column.slot, " ".join(column.header.casefold().split()))
            repeat = seen[key]
            seen[key] += 1
            if repeat:
                column = replace(column, slot=f"{column.slot}~{repeat}")
        result.append(column)
    return result


def _retype(column: Column, kind: str) -> Column:
    return Column(column.index, column.header, kind, column.types, column.label, column.slot)


def _is_contacts(columns: list[Column]) -> bool:
    return any(c.kind in NAME_KINDS or c.kind in (TEL, EMAIL) for c in columns)


# how JSON, markup or a log line begins: never a header row of column names
_NOT_A_HEADER_LINE = re.compile(r"\s*(?:[\[{<]|\d{4}-\d{2}-\d{2}[ T]\d)")


def _header_like(line: str) -> bool:
    """A header row, not a JSON record, markup or a log line ("2024-05-01 10:00:00 INFO
    mailer: sent") whose words happen to name a column."""
    return not _NOT_A_HEADER_LINE.match(line)


# --- values -----------------------------------------------------------------------

SALUTATIONS = frozenset({
    "herr", "herrn", "frau", "hr", "fr", "frl", "fraeulein", "familie", "fam", "mr", "mrs",
    "ms", "miss", "mx", "dr", "prof", "professor", "sir", "madam", "dipl-ing", "ing",
})
_PARTICLES = frozenset({"von", "van", "de", "der", "den", "zu", "vom", "zum", "zur", "di",
                        "da", "del", "la", "le", "ten", "ter", "dos", "das", "du"})
_COMPANY_HINT = re.compile(r"\b(gmbh|ag|kg|ohg|gbr|ug|ltd|inc|llc|co|se|mbh)\b", re.IGNORECASE)
# Letters with the joiners names use; anything else (digits, "&", "=", "(") is no person's name.
_NAME_JOINER = r"(?:[ .'\-]+,?|,)[ .'\-]*"  # at least one joiner: no ambiguous backtracking
_PERSON_NAME = re.compile(rf"[^\W\d_]+(?:{_NAME_JOINER}[^\W\d_]+)*\.?")
_EMPTY_DATES = frozenset({"0.0.00", "0/0/00", "00.00.0000", "0000-00-00", "00.00.00"})


def _is_salutation(token: str) -> bool:
    key = token.casefold().translate(_UMLAUTS).rstrip(".").replace(".", "")
    return key in SALUTATIONS


def split_salutation(text: str) -> tuple[str, str]:
    """("Herr Dr.", "Max") from "Herr Dr. Max": leading salutations go to the name prefix.

    The rest is returned as written (its inner spacing and line breaks untouched).
    """
    salutations: list[str] = []
    pos = 0
    for match in re.finditer(r"\S+", text):
        if not _is_salutation(match.group()):
            break
        salutations.append(match.group())
        pos = match.end()
    return " ".join(salutations), text[pos:].strip()


def split_full_name(text: str) -> tuple[str, str]:
    """(given, family) from one name column: "Müller, Anna" or "Anna von Müller".

    A company-like name (GmbH, digits, "&", a formula) is not split: ("", "") comes back and
    only FN carries it. One word alone is a given name ("Mama").
    """
    if not _PERSON_NAME.fullmatch(text) or _COMPANY_HINT.search(text):
        return "", ""
    if text.count(",") == 1:
        family, given = (part.strip() for part in text.split(","))
        return given, family
    tokens = text.split()
    if len(tokens) < 2:
        return text, ""
    start = len(tokens) - 1
    while start > 1 and tokens[start - 1].casefold() in _PARTICLES:
        start -= 1
    return " ".join(tokens[:start]), " ".join(tokens[start:])


def clean_phone(value: str) -> str:
    """Undo spreadsheet tricks around numbers: ``="0171…"`` and a leading apostrophe."""
    text = value.strip()
    if text.startswith('="') and text.endswith('"'):
        text = text[2:-1]
    return text.lstrip("'").strip()


def parse_date(value: str) -> str | None:
    """An ISO date (or ``--MM-DD`` without year) from the forms exports write; None if unsure.

    Dots are German (day first); slashes are English Outlook's month first unless the
    first number cannot be a month.
    """
    text = value.strip()
    if "T" in text and text[:4].isdigit():
        text = text.split("T", 1)[0]
    if match := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text):
        return _iso(int(match[1]), int(match[2]), int(match[3]))
    if match := re.fullmatch(r"--(\d{2})-?(\d{2})", text):
        return _iso(2000, int(match[1]), int(match[2]), with_year=False)
    if match := re.fullmatch(r"(\d{4})(\d{2})(\d{2})", text):
        return _iso(int(match[1]), int(match[2]), int(match[3]))
    if match := re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text):
        return _iso(int(match[3]), int(match[2]), int(match[1]))
    if match := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text):
        first, second = int(match[1]), int(match[2])
        month, day = (second, first) if first > 12 else (first, second)
        return _iso(int(match[3]), month, day)
    return None


def _iso(year: int, month: int, day: int, with_year: bool = True) -> str | None:
    try:
        when = date(year, month, day)  # 2000 is a leap year: --02-29 passes without a year
    except ValueError:
        return None
    return when.isoformat() if with_year else f"--{when:%m-%d}"


def _multi(value: str) -> list[str]:
    """Google's " ::: " separates several values in one cell."""
    return [part.strip() for part in value.split(":::") if part.strip()]


def split_categories(value: str) -> list[str]:
    """Category names of one cell, without Google's system group "* myContacts"."""
    parts = _multi(value) if ":::" in value else re.split(r"[;,]", value)
    names: list[str] = []
    for part in parts:
        name = part.strip().lstrip("*").strip()
        if name and name.casefold().replace(" ", "") != "mycontacts":
            names.append(name)
    return names


def x_name(header: str, index: int) -> str:
    """``X-CSV-<HEADER>``: a valid property name made from any header."""
    token = "-".join(header_words(header)).upper()
    return f"X-CSV-{token or f'COLUMN-{index + 1}'}"


# --- one row → one card -----------------------------------------------------------


@dataclass(slots=True)
class _Row:
    """What one row says, gathered per kind before the properties are written."""

    texts: dict[str, list[str]] = field(default_factory=dict)
    group_labels: dict[str, str] = field(default_factory=dict)
    orgs: dict[str, dict[str, str]] = field(default_factory=dict)
    addresses: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    typed: list[tuple[str, str, tuple[str, ...], str, str]] = field(default_factory=list)
    extras: list[Prop] = field(default_factory=list)

    def add(self, kind: str, value: str) -> None:
        self.texts.setdefault(kind, []).append(value)

    def first(self, kind: str) -> str:
        return " ".join(self.texts.get(kind, []))


class _CardMaker:
    """Turns the rows of one file into cards, knowing its columns."""

    def __init__(self, source: str, columns: list[Column]) -> None:
        self.source = source
        self.columns = columns

    def card(self, line: int, fields: list[str]) -> Card:
        row = self._gather(fields)
        props = self._names(row) + self._orgs(row) + self._typed(row) + self._addresses(row)
        props += self._singles(row) + row.extras
        return Card(self.source, line, CARD_VERSION, props)

    def _gather(self, fields: list[str]) -> _Row:
        row = _Row()
        for column in self.columns:
            value = fields[column.index].strip() if column.index < len(fields) else ""
            if value:
                self._take(row, column, value)
        return row

    def _take(self, row: _Row, column: Column, value: str) -> None:
        kind = column.kind
        if kind == GROUP_LABEL:
            row.group_labels[column.slot] = value
        elif kind in (ORG, DEPARTMENT, TITLE) and column.slot:
            row.orgs.setdefault(column.slot, {})[kind] = value
        elif column.part or kind in (HOUSE, ADR_LABEL):
            slot = row.addresses.setdefault(column.slot, {})
            slot.setdefault(column.part or kind, []).append(value)
        elif kind in (TEL, EMAIL, URL):
            for one in _multi(value):
                row.typed.append((kind, one, column.types, column.label, column.slot))
        elif kind == EXTRA or (kind in (FULLNAME, NICKNAME) and row.texts.get(kind)):
            # unmapped columns, and a second name column, are kept as written
            row.extras.append(Prop(x_name(column.header, column.index), escape_text(value)))
        else:
            row.add(kind, value)

    # names -------------------------------------------------------------------

    def _names(self, row: _Row) -> list[Prop]:
        given, middle, family = row.first(GIVEN), row.first(MIDDLE), row.first(FAMILY)
        prefixes = row.texts.get(PREFIX, [])[:]
        for value in row.texts.get(TITLE_OR_PREFIX, []):
            # Outlook's "Title" is "Mr."/"Dr."; elsewhere "Title" may be a job title.
            if split_salutation(value)[1]:
                row.add(TITLE, value)
            else:
                prefixes.append(value)
        if given:
            salutation, given = split_salutation(given)
        else:
            salutation, family = split_salutation(family)
        prefixes.append(salutation)
        fullname = row.first(FULLNAME)
        if not (given or middle or family) and fullname:
            full_salutation, rest = split_salutation(fullname)
            prefixes.append(full_salutation)
            given, family = split_full_name(rest)
            if full_salutation and not family:
                given, family = "", given  # "Frau Müller": a salutation precedes a family name
            fullname = rest
        composed = " ".join(p for p in (given, middle, family) if p)
        fn = composed or fullname or row.first(NICKNAME) or self._org_name(row)
        self._keep_other_fullname(row, fullname, composed)
        prefix = " ".join(p for p in prefixes if p)
        n_value = ";".join(
            escape_text(p) for p in (family, given, middle, prefix, row.first(SUFFIX))
        )
        props = [Prop("FN", escape_text(fn))] if fn else []
        props.append(Prop("N", n_value))
        if row.first(NICKNAME):
            props.append(Prop("NICKNAME", escape_text(row.first(NICKNAME))))
        return props

    def _keep_other_fullname(self, row: _Row, fullname: str, composed: str) -> None:
        """A name column that says more than the name parts is kept, not dropped."""
        if fullname and composed and _fold(fullname) != _fold(composed):
            column = next(c for c in self.columns if c.kind == FULLNAME)
            row.extras.insert(0, Prop(x_name(column.header, column.index), escape_text(fullname)))

    @staticmethod
    def _org_name(row: _Row) -> str:
        if row.first(ORG):
            return row.first(ORG)
        return next((org[ORG] for org in row.orgs.values() if org.get(ORG)), "")

    # organisation ------------------------------------------------------------

    def _orgs(self, row: _Row) -> list[Prop]:
        slots = [{ORG: row.first(ORG), DEPARTMENT: row.first(DEPARTMENT)}]
        slots += list(row.orgs.values())
        props: list[Prop] = []
        for org in slots:
            name, unit = org.get(ORG, ""), org.get(DEPARTMENT, "")
            if name or unit:
                value = escape_text(name) + (";" + escape_text(unit) if unit else "")
                props.append(Prop("ORG", value))
        titles = row.texts.get(TITLE, []) + [o[TITLE] for o in row.orgs.values() if o.get(TITLE)]
        props += [Prop("TITLE", escape_text(t)) for t in titles]
        props += [Prop("ROLE", escape_text(r)) for r in row.texts.get(ROLE, [])]
        return props

    # phones, e-mails, web pages ----------------------------------------------

    def _typed(self, row: _Row) -> list[Prop]:
        props: list[Prop] = []
        items = 0
        for kind, value, types, label, slot in row.typed:
            if slot:
                types, label = _types_and_label(row.group_labels.get(slot, ""))
            if kind == EMAIL:
                types = ("internet", *(t for t in types if t != "internet"))
            text = clean_phone(value) if kind == TEL else value
            if not text:
                continue
            params = tuple(("TYPE", t) for t in types)
            group = ""
            if label:
                items += 1
                group = f"item{items}"
            props.append(Prop(kind.upper(), escape_text(text), params, group))
            if label:
                props.append(Prop("X-ABLABEL", escape_text(label), (), group))
        return props

    # addresses ---------------------------------------------------------------

    def _addresses(self, row: _Row) -> list[Prop]:
        props: list[Prop] = []
        for slot, parts in row.addresses.items():
            types = self._address_types(row, slot)
            params = tuple(("TYPE", t) for t in types)
            formatted = parts.get(ADR_LABEL, [])
            structured = {p: "\n".join(parts.get(p, [])) for p in ADR_PARTS}
            if parts.get(HOUSE):
                structured["street"] = " ".join([structured["street"], *parts[HOUSE]]).strip()
            if not any(structured.values()) and formatted:
                structured["street"] = "\n".join(formatted)
            if any(structured.values()):
                value = ";".join(escape_text(structured[p]) for p in ADR_PARTS)
                props.append(Prop("ADR", value, params))
            props += [Prop("LABEL", escape_text(f), params) for f in formatted]
        return props

    @staticmethod
    def _address_types(row: _Row, slot: str) -> tuple[str, ...]:
        kind = slot.split("~", 1)[0]  # a repeated header's group ("work~1") is still work
        if kind in ("work", "home"):
            return (kind,)
        if slot.startswith("address"):
            return _types_and_label(row.group_labels.get(slot, ""))[0]
        return ()

    # single values -----------------------------------------------------------

    def _singles(self, row: _Row) -> list[Prop]:
        props: list[Prop] = []
        props += [_date_prop("BDAY", v) for v in row.texts.get(BDAY, []) if v not in _EMPTY_DATES]
        split_bday = self._split_birthday(row)
        if split_bday:
            props.append(_date_prop("BDAY", split_bday))
        props += [
            _date_prop("X-ANNIVERSARY", v)
            for v in row.texts.get(ANNIVERSARY, [])
            if v not in _EMPTY_DATES
        ]
        categories = _unique(c for v in row.texts.get(CATEGORIES, []) for c in split_categories(v))
        if categories:
            props.append(Prop("CATEGORIES", ",".join(escape_text(c) for c in categories)))
        props += [Prop("NOTE", escape_text(v)) for v in row.texts.get(NOTE, [])]
        return props

    @staticmethod
    def _split_birthday(row: _Row) -> str:
        """Thunderbird's Birth Year/Month/Day columns as one date (``--MM-DD`` without year)."""
        year, month, day = row.first(BDAY_YEAR), row.first(BDAY_MONTH), row.first(BDAY_DAY)
        if not (_digits(month) and _digits(day)):
            return " ".join(p for p in (year, month, day) if p)
        if _digits(year):
            return f"{int(year):04d}-{int(month):02d}-{int(day):02d}"
        return f"--{int(month):02d}-{int(day):02d}"


def _digits(text: str) -> bool:
    """ASCII digits only: ``str.isdigit`` also takes "²", which ``int`` refuses."""
    return text.isascii() and text.isdigit()


def _date_prop(name: str, value: str) -> Prop:
    iso = parse_date(value)
    if iso is not None:
        return Prop(name, iso)
    return Prop(name, escape_text(value), (("VALUE", "text"),))


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def _unique(values: Iterator[str]) -> list[str]:
    return list(dict.fromkeys(values))


# --- the file ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Prepared:
    source: str
    decoded: _Text
    maker: _CardMaker
    width: int
    records: Iterator[_Record]
    delim: str = ","
    # an 8-bit file without BOM: each row is read as UTF-8 if it is that, else Windows-1252
    per_row: bool = False


def read_contacts_csv(path: str | Path) -> Iterator[Item]:
    """Cards from a contacts CSV file.

    Raises :class:`InputError` at once (not on first iteration) when the file is
    missing, unreadable, empty, binary or holds no name, phone or e-mail column.
    """
    source = str(path)
    try:
        with Path(path).open("rb") as handle:
            data, long_lines = read_without_long_lines(handle, MAX_BYTES)
    except OSError as error:
        raise InputError.from_os_error(source, error) from None
    if len(data) > MAX_BYTES:
        raise InputError(source, "too large for a contacts CSV")
    items = read_contacts_csv_bytes(data, source)
    if not long_lines:
        return items
    reason = f"row longer than {bounded.MAX_LINE_BYTES // (1024 * 1024)} MB"
    giants = [Quarantined(source, g.line, reason, None, g.offset, g.length) for g in long_lines]
    return _with_giants(items, giants)


def _with_giants(items: Iterator[Item], giants: list[Quarantined]) -> Iterator[Item]:
    """Put each giant row's quarantine entry where the row stood, in line order."""
    pending = list(giants)
    for item in items:
        while pending and pending[0].line <= item.line:
            yield pending.pop(0)
        yield item
    yield from pending


def read_contacts_csv_bytes(data: bytes, source: str) -> Iterator[Item]:
    """Cards from CSV bytes; ``source`` names the file in cards and messages."""
    return _items(_prepare(data, source))


def looks_like_csv(head: bytes) -> bool:
    """Whether the first bytes of a file look like delimited text with a header line."""
    if not head.strip():
        return False
    text = _decode(head).text
    if _looks_binary(text[:8192]):
        return False
    first = next((line for line in _BREAK.split(text) if line.strip()), "")
    if first.lstrip().upper().startswith("BEGIN:"):
        return False
    sep = _SEP_LINE.match(first)
    if sep:
        return True
    delim = _sniff_delimiter(first)
    return delim in re.sub(r'"[^"]*"', "", first)


def _prepare(data: bytes, source: str) -> _Prepared:
    if not data.strip():
        raise InputError(source, "empty file")
    decoded = _decode(data)
    text = decoded.text
    if _looks_binary(text[:8192]):
        raise InputError(source, "not a contacts CSV: the file holds binary data")
    pos, line, delim = _header_start(text)
    header = next(_scan(text, pos, line, delim), None)
    if header is None or header.fields is None or _SURROGATE.search(header.text):
        raise InputError(source, NOT_CONTACTS)
    if not _header_like(header.text):
        raise InputError(source, NOT_A_HEADER)
    columns = _layout(header.fields)
    if not _is_contacts(columns):
        raise InputError(source, NOT_CONTACTS)
    next_line = header.line + max(1, len(_BREAK.findall(header.text)))
    records = _scan(text, pos + len(header.text), next_line, delim)
    per_row = decoded.codec in ("utf-8", "cp1252") and not data.startswith(_UTF8_BOM)
    return _Prepared(source, decoded, _CardMaker(source, columns), len(header.fields), records,
                     delim, per_row)


def _header_start(text: str) -> tuple[int, int, str]:
    """Position and line of the header record, and the delimiter (Excel's ``sep=`` honoured)."""
    pos, line, delim = 0, 1, ""
    while pos < len(text):
        end = _end_of_line(text, pos)
        content = text[pos:end].rstrip("\r\n")
        if content.strip():
            sep = _SEP_LINE.match(content)
            if sep is None or delim:
                return pos, line, delim or _sniff_delimiter(content)
            delim = sep[1]
        pos, line = end, line + 1
    return pos, line, delim or ","


def _items(prepared: _Prepared) -> Iterator[Item]:
    last_line = 1
    for as_read in prepared.records:
        last_line = as_read.line
        record, other = _in_its_own_encoding(as_read, prepared) if prepared.per_row \
            else (as_read, "")
        if other:  # joined from two exports, say: no row is garbled
            yield ReadProblem(prepared.source, record.line,
                              f"row is not {prepared.decoded.label}; read as {other}")
        problem = _row_problem(record, prepared)
        if problem:
            yield _quarantine(prepared, as_read, problem)  # its bytes as read
        elif record.blank():
            continue
        elif not any(f.strip() for f in record.fields or []):
            yield ReadProblem(prepared.source, record.line, "row with only empty fields skipped")
        else:
            yield prepared.maker.card(record.line, record.fields or [])
    if prepared.decoded.dropped_byte:
        yield ReadProblem(prepared.source, last_line, "file ends in the middle of a character")


def _in_its_own_encoding(record: _Record, prepared: _Prepared) -> tuple[_Record, str]:
    """The row as the file's encoding reads it, and "" when that fits; else the row read
    as the other 8-bit encoding a contacts CSV comes in, and that encoding's name."""
    if prepared.decoded.codec == "utf-8":
        # a UTF-8 row with a damaged byte has valid multi-byte characters too: it stays as
        # read (and is quarantined), never turned into mojibake
        if not _SURROGATE.search(record.text) or _holds_utf8(record.text):
            return record, ""
        other, label = "cp1252", "Windows-1252"
    else:
        if record.text.isascii():
            return record, ""
        other, label = "utf-8", "UTF-8"
    raw = prepared.decoded.raw(record.text)
    try:  # strictly: bytes that neither reads (CP850's 0x81) keep the row as read
        text = raw.decode(other)
    except UnicodeDecodeError:
        if other == "utf-8" and _holds_utf8(raw.decode("utf-8", "surrogateescape")):
            # UTF-8 with a damaged byte: quarantined as read, not taken as mojibake
            return _Record(record.line, record.text, None, "bytes that are not valid UTF-8"), ""
        return record, ""
    fields, problem = _split_fields(text, prepared.delim)
    if problem:
        return record, ""  # the row's own problem is reported as read
    return _Record(record.line, text, fields), label


def _holds_utf8(text: str) -> bool:
    """Whether bytes read as UTF-8 (bad ones as surrogate escapes) hold valid multi-byte
    characters: UTF-8 text, even where a byte is damaged."""
    return _NON_ASCII.search(_ESCAPED_BYTE.sub("", text)) is not None


def _row_problem(record: _Record, prepared: _Prepared) -> str:
    if _SURROGATE.search(record.text):
        return f"bytes that are not valid {prepared.decoded.label}"
    if record.fields is None:
        return record.problem
    count, width = len(record.fields), prepared.width
    if count > width and any(f.strip() for f in record.fields[width:]):
        return f"{count} fields where the header has {width}"
    if count == 1 and width > 2 and record.fields[0].strip():
        return f"1 field where the header has {width}"
    return ""


def _quarantine(prepared: _Prepared, record: _Record, reason: str) -> Quarantined:
    return Quarantined(prepared.source, record.line, reason, prepared.decoded.raw(record.text))
