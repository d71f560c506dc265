"""Inputs for the fuzzers: seed files and hypothesis strategies that build near-valid,
hostile files (a fuzzer that only sends noise never gets past the header check).
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import strategies as st

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpus"

# --- hostile fragments -------------------------------------------------------------

HOSTILE_TEXT = [
    "", " ", "Anna", "Müller", "=1+1", "+49 171 3920011", "@SUM(1)", "-2", "\t=1",
    "<script>alert(1)</script>", "a;b,c\\d", "\\n", "\\", "END:VCARD", "BEGIN:VCARD",
    "x\r\nEND:VCARD\r\nBEGIN:VCARD\r\nFN:Evil", '"quoted"', "'", "\x00\x01\x7f", "\u2028",
    "\ud7ff\ufffd", "=0D=0AEND:VCARD=0D=0A", "=", "=\r\n", "TYPE=", ";;;;", ":::", "🙂" * 3,
    "0" * 40, "  folded", "=C3=BC", "=XX", "data:image/png;base64,AAAA",
]
text_values = st.one_of(st.sampled_from(HOSTILE_TEXT), st.text(max_size=40))

# --- vCard -------------------------------------------------------------------------

PROP_NAMES = [
    "FN", "N", "TEL", "EMAIL", "ORG", "TITLE", "ROLE", "NOTE", "ADR", "PHOTO", "LOGO",
    "AGENT", "CATEGORIES", "UID", "BDAY", "URL", "X-ABLabel", "X-ABShowAs", "item1.TEL",
    "item1.X-ABLabel", "X-ANDROID-CUSTOM", "X-CUSTOM", "LABEL", "KIND", "MEMBER", "VERSION",
    "BEGIN", "END", "bad name", "é", "",
]
PARAMS = [
    "", ";TYPE=WORK", ";TYPE=CELL,HOME", ";CELL;VOICE", ";PREF", ";TYPE=\"work,voice\"",
    ";ENCODING=QUOTED-PRINTABLE", ";ENCODING=quoted-printable;CHARSET=UTF-8",
    ";CHARSET=SHIFT_JIS", ";CHARSET=nonsense", ";ENCODING=b", ";ENCODING=BASE64;TYPE=JPEG",
    ";VALUE=uri", ";X-A=\"x:y;z\"", ";=", ";TYPE", ";a=b=c", ";\"", ";LABEL=\"a\\nb\"",
]


@st.composite
def vcard_line(draw: st.DrawFn) -> str:
    name = draw(st.sampled_from(PROP_NAMES))
    params = "".join(draw(st.lists(st.sampled_from(PARAMS), max_size=3)))
    value = draw(text_values)
    if "QUOTED-PRINTABLE" in params.upper() and draw(st.booleans()):
        value = value + "=\r\n" + draw(text_values)  # soft line break, maybe broken
    if "BASE64" in params.upper() or ";ENCODING=b" in params:
        value = draw(st.sampled_from(["/9j/4AAQ", "AAAA====", "not base64!", ""]))
    line = f"{name}{params}:{value}"
    if draw(st.integers(0, 9)) == 0:
        line = line.replace(":", "", 1)  # a line without a colon
    return line


@st.composite
def vcard_card(draw: st.DrawFn, depth: int = 0) -> str:
    version = draw(st.sampled_from(["2.1", "3.0", "4.0", None]))
    lines = ["BEGIN:VCARD"]
    if version:
        lines.append(f"VERSION:{version}")
    lines += draw(st.lists(vcard_line(), max_size=8))
    if depth < 2 and draw(st.integers(0, 7)) == 0:
        lines += ["AGENT:", draw(vcard_card(depth=depth + 1)).rstrip("\r\n")]
    if draw(st.integers(0, 9)) != 0:
        lines.append(draw(st.sampled_from(["END:VCARD", "end:vcard", "END:VCARD "])))
    return "\r\n".join(lines) + "\r\n"


@st.composite
def vcard_files(draw: st.DrawFn) -> bytes:
    cards = draw(st.lists(vcard_card(), min_size=1, max_size=5))
    junk = draw(st.sampled_from(["", "garbage before\r\n", "\r\n\r\n", "\ufeff"]))
    text = junk + "".join(cards)
    newline = draw(st.sampled_from(["\r\n", "\n", "\r"]))
    text = text.replace("\r\n", newline)
    if draw(st.booleans()):
        text = _fold_somewhere(text, draw(st.integers(0, 1 << 16)), newline)
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-16", "latin-1", "cp1252"]))
    return text.encode(encoding, errors="replace")


def _fold_somewhere(text: str, seed: int, newline: str) -> str:
    if len(text) < 3:
        return text
    cut = 1 + seed % (len(text) - 1)
    return text[:cut] + newline + " " + text[cut:]


# --- CSV ---------------------------------------------------------------------------

CONTACT_HEADERS = [
    "Name", "Given Name", "Family Name", "First Name", "Last Name", "Vorname", "Nachname",
    "Phone 1 - Type", "Phone 1 - Value", "Mobile Phone", "Business Phone", "Telefon (privat)",
    "E-mail 1 - Value", "E-Mail-Adresse", "Primary Email", "Company", "Firma",
    "Organization 1 - Name",
    "Job Title", "Notes", "Group Membership", "Kategorien", "Birthday", "Geburtstag",
    "Home Street", "Address 1 - Formatted", "Custom Field", "", "=cmd|' /C calc'!A0",
]
CONSENT_HEADERS = [
    "phone", "Telefon", "granted_at", "erteilt_am", "method", "Methode", "evidence", "Nachweis",
    "withdrawn_at", "widerrufen_am", "expires_at", "purpose", "name", "email", "text_version",
    "recorded_by", "confirmed_at", "evidence_sha256", "", "unknown",
]
CELLS = [
    "", "+49 171 3920011", "0171/3920011", "(030) 231 25-0", "abc", "2026-01-15",
    "15.01.2026", "2026-02-30", "2026-01-15T10:00:00+01:00", "2026-01-15 25:00", "9999-12-31",
    "0001-01-01", "1.1.10000", "web_form", "whatsapp", "WhatsApp", "a@b.example",
    "\"quoted\"", "multi\nline", "semi;colon", "comma,cell", "tab\tcell", "=1+1", "'+49 1",
    "x" * 300, "Müller", "\x00", "\u00a0", "::;;,,", "e3b0c44298fc1c149afbf4c8996fb924",
]
csv_cells = st.one_of(st.sampled_from(CELLS), st.text(max_size=30))


@st.composite
def csv_files(draw: st.DrawFn, headers: list[str]) -> bytes:
    delimiter = draw(st.sampled_from([",", ";", "\t", "|"]))
    header = draw(st.lists(st.sampled_from(headers), min_size=1, max_size=8))
    width = len(header) + draw(st.integers(-1, 1))
    rows = draw(st.lists(st.lists(csv_cells, min_size=max(width, 0), max_size=max(width, 0)),
                         max_size=6))
    text = "\r\n".join(_csv_line(cells, delimiter, draw(st.booleans()))
                       for cells in [header, *rows])
    if draw(st.integers(0, 5)) == 0:
        text = text[: draw(st.integers(0, len(text)))]  # cut off, e.g. inside a quote
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]))
    return text.encode(encoding, errors="replace")


def _csv_line(cells: list[str], delimiter: str, quote_all: bool) -> str:
    out = []
    for cell in cells:
        needs = quote_all or any(ch in cell for ch in (delimiter, '"', "\n", "\r"))
        out.append('"' + cell.replace('"', '""') + '"' if needs else cell)
    return delimiter.join(out)


# --- policy ------------------------------------------------------------------------

POLICY_KEYS = {
    "": ["region", "version"],
    "company": ["name", "timezone", "domains"],
    "customers": ["domains", "list"],
    "categories": ["business", "private"],
    "labels": ["business", "private"],
    "names": ["family_words", "business_words"],
    "numbers": ["business_prefixes", "business", "private"],
    "emails": ["business", "private", "freemail_extra"],
    "thresholds": ["business_at", "private_at"],
    "consent": ["purpose", "max_age_days"],
    "weights": ["ORG", "WORK_TEL", "FAMILY_WORD", "NOPE"],
}
toml_scalars = st.one_of(
    st.sampled_from(['""', '"DE"', '"XX"', '"Europe/Berlin"', '"Mars/Olympus"', '"*"',
                     '"+49 30"', '"example.com"', '"customers.csv"', '"../../etc/passwd"',
                     "0", "-1", "99999999999999999999", "1.5", "nan", "inf", "true",
                     "1979-05-27", '"\\u0000"']),
    st.integers().map(str),
    st.text(max_size=12).map(lambda s: '"' + s.replace("\\", "\\\\").replace('"', '\\"')
                             .replace("\n", "\\n").replace("\r", "\\r") + '"'),
)
toml_values = st.one_of(
    toml_scalars,
    st.lists(toml_scalars, max_size=4).map(lambda xs: "[" + ", ".join(xs) + "]"),
    st.just("{ a = 1 }"),
    st.just("[[1], [2]]"),
)


@st.composite
def policy_files(draw: st.DrawFn) -> bytes:
    lines: list[str] = []
    for section in draw(st.lists(st.sampled_from(list(POLICY_KEYS)), max_size=6, unique=True)):
        if section:
            lines.append(f"[{section}]")
        for key in draw(st.lists(st.sampled_from(POLICY_KEYS[section]), max_size=4, unique=True)):
            lines.append(f"{key} = {draw(toml_values)}")
    if draw(st.integers(0, 9)) == 0:
        lines.append(draw(st.sampled_from(["[company", "x = ", "= 1", "[[weights]]", "\x00"])))
    return "\n".join(lines).encode("utf-8")


# --- seeds -------------------------------------------------------------------------

BUILTIN_SEEDS: dict[str, list[bytes]] = {
    "vcard": [
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Anna\r\nTEL;TYPE=CELL:+49 171 3920011\r\nEND:VCARD\r\n",
        b"BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=BCller=\r\n"
        b";Anna\r\nTEL;CELL:0171 3920011\r\nAGENT:\r\nBEGIN:VCARD\r\nFN:Sec\r\nEND:VCARD\r\n"
        b"END:VCARD\r\n",
        b"BEGIN:VCARD\nVERSION:4.0\nFN:Kai\nPHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQ\n AAAA\n"
        b"END:VCARD\n",
    ],
    "contacts_csv": [
        b"Name,Given Name,Family Name,Phone 1 - Type,Phone 1 - Value,E-mail 1 - Value\r\n"
        b"Anna Kunde,Anna,Kunde,Mobile,+49 171 3920011,anna@kunde.example\r\n",
        "Vorname;Nachname;Firma;Telefon geschäftlich;Mobiltelefon\r\n"
        "Bernd;Bauer;Bau GmbH;030 231250;0171 3920012\r\n".encode("cp1252"),
    ],
    "consent_csv": [
        b"phone,granted_at,method,evidence\n+49 30 23125 001,2026-01-15,web_form,form 17\n",
        "Telefon;erteilt_am;Methode;Nachweis;widerrufen_am\n"
        "0171 3920011;15.01.2026;mündlich;Notiz;\n".encode("cp1252"),
    ],
    "policy": [b'region = "DE"\n[company]\nname = "Firma"\ndomains = ["firma.example"]\n'],
}


def seeds(target: str) -> list[bytes]:
    """Built-in seeds plus, for the vCard reader, the shared corpus when present."""
    found = list(BUILTIN_SEEDS[target])
    if target == "vcard" and CORPUS.is_dir():
        found += [p.read_bytes() for p in sorted(CORPUS.rglob("*.vcf"))]
    if target == "policy":
        shipped = REPO / "resources" / "policy.toml"
        if shipped.is_file():
            found.append(shipped.read_bytes())
    return found


@st.composite
def mutated(draw: st.DrawFn, pool: list[bytes]) -> bytes:
    """A seed with a few byte-level edits: cut, insert, overwrite, duplicate a slice."""
    data = bytearray(draw(st.sampled_from(pool)))
    for _ in range(draw(st.integers(1, 4))):
        where = draw(st.integers(0, len(data)))
        action = draw(st.integers(0, 3))
        if action == 0:
            del data[where : where + draw(st.integers(1, 16))]
        elif action == 1:
            data[where:where] = draw(st.binary(min_size=1, max_size=8))
        elif action == 2:
            data[where:where] = draw(st.sampled_from(
                [b"\r\n", b"\n ", b"=\r\n", b"BEGIN:VCARD\r\n", b"END:VCARD\r\n", b'"', b";",
                 b",", b"\\", b"\x00", b"\xff\xfe", b"\xc3"]))
        else:
            data[where:where] = data[where : where + draw(st.integers(1, 64))]
    return bytes(data)


def strategy(target: str) -> st.SearchStrategy[bytes]:
    structured = {
        "vcard": vcard_files(),
        "contacts_csv": csv_files(CONTACT_HEADERS),
        "consent_csv": csv_files(CONSENT_HEADERS),
        "policy": policy_files(),
    }[target]
    return st.one_of(structured, mutated(seeds(target)), st.binary(max_size=512))
