"""Hostile input: nothing smuggled into any output (vCard, CSV, HTML, terminal), no path
escapes a batch's output folder, and giant or deeply nested cards are quarantined
with a clear reason in bounded memory."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import sqlite3
from collections.abc import Callable
from importlib.util import find_spec
from pathlib import Path

import pytest

from tests.conftest import CliRun
from tests.reliability.helpers import (
    VCARD_OUTPUTS,
    Measured,
    assert_complete,
    needs_split,
    run_cg,
    run_measured,
    vcard_cards,
)

Run = Callable[..., CliRun]
EVIL_TEL = "+4915100000666"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# --- vCard injection ---------------------------------------------------------------

# Unescaped, each payload tries to end the card and start one of its own.
ESCAPED = f"\\nEND:VCARD\\nBEGIN:VCARD\\nFN:Evil\\nTEL:{EVIL_TEL}\\nX-EVIL:1\\n"
QP = f"=0D=0AEND:VCARD=0D=0ABEGIN:VCARD=0D=0AFN:Evil=0D=0ATEL:{EVIL_TEL}=0D=0AX-EVIL:1=0D=0A"
RAW = f"\r\nEND:VCARD\r\nBEGIN:VCARD\r\nFN:Evil\r\nTEL:{EVIL_TEL}\r\nX-EVIL:1\r\n"
PARAM = '"work:X-EVIL:1;TYPE=x,y"'


def hostile_30(uid: str, kind: str, number: str) -> str:
    """A vCard 3.0 card with the escaped payload in every text field and odd parameters."""
    p = ESCAPED
    lines = ["BEGIN:VCARD", "VERSION:3.0", f"UID:{uid}{p}", f"FN:Name {uid}{p}",
             f"N:Fam{p};Giv{p};Mid{p};Pre{p};Suf{p}", f"NICKNAME:Nick{p}", f"NOTE:Note{p}",
             f"ADR;TYPE={PARAM}:;;Street{p};City{p};;12345{p};DE{p}", f"LABEL:Label{p}",
             f"URL:https://example.org/{p}", f"BDAY:1980-01-01{p}", f"X-CUSTOM:Custom{p}",
             f"item1.EMAIL;TYPE=INTERNET:{uid}@example.org", f"item1.X-ABLabel:Lab{p}",
             f"TEL;TYPE=VOICE;X-P={PARAM}:0171 9{abs(hash(uid)) % 10**6:06d}{p}",
             f"X-ODD;{PARAM}={PARAM}:value{p}"]
    if kind == "business":
        lines += [f"ORG:Kunde GmbH{p};Abteilung{p}", f"TITLE:Einkauf{p}", f"ROLE:Rolle{p}",
                  f"TEL;TYPE=WORK:{number}", f"EMAIL;TYPE=WORK:{uid}@kunde-gmbh.example"]
    elif kind == "private":
        lines += [f"TEL;TYPE=CELL:{number}", "CATEGORIES:Familie", f"CATEGORIES:Mehr{p}"]
    else:
        lines += [f"TEL:{number}"]
    return "\r\n".join([*lines, "END:VCARD"]) + "\r\n"


def hostile_21(uid: str, number: str) -> str:
    """vCard 2.1: quoted-printable values that decode to line breaks and a new card."""
    qp = ";CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE"
    return "\r\n".join([
        "BEGIN:VCARD", "VERSION:2.1", f"N{qp}:Fam{QP};Giv{QP}", f"FN{qp}:Name {uid}{QP}",
        f"NOTE{qp}:Note{QP}", f"ORG{qp}:Kunde GmbH{QP}", f"TITLE{qp}:Einkauf{QP}",
        f"TEL;WORK;VOICE:{number}", f"EMAIL;WORK:{uid}@kunde-gmbh.example", "END:VCARD",
    ]) + "\r\n"


def hostile_csv(numbers: list[str]) -> str:
    """A contacts CSV whose quoted cells hold raw line breaks and a card of their own.

    A first, harmless row of 70 KB keeps the payload out of the part of the file that
    the format sniffer reads (see test_a_csv_mentioning_begin_vcard_is_still_a_csv).
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["First Name", "Last Name", "Company", "Job Title", "Business Phone",
                     "Mobile Phone", "E-mail Address", "Notes", "Categories"])
    writer.writerow(["Lang", "Notiz", "", "", "", "0171 3000003", "", "x" * 70_000, "Familie"])
    writer.writerow([f"Csv{RAW}", f"Kunde{RAW}", f"Csv GmbH{RAW}", f"Chef{RAW}", numbers[0],
                     f"0171 3{RAW}", "csv@csv-gmbh.example", f"Notiz{RAW}", "Kunden"])
    writer.writerow([f"Privat{RAW}", f"Person{RAW}", "", "", "", numbers[1], "",
                     f"Notiz{RAW}", "Familie"])
    return out.getvalue()


@pytest.fixture
def hostile_inputs(tmp_path: Path) -> tuple[list[Path], Path, list[str]]:
    needs_split()
    book = tmp_path / "hostile.vcf"
    book.write_text(
        hostile_30("b1", "business", "+49 30 2000001") + hostile_30("b2", "business",
                                                                     "+49 30 2000002")
        + hostile_30("p1", "private", "0171 3000001") + hostile_30("u1", "unsure", "0172 4000001")
        + hostile_21("q1", "+49 30 2000003"), encoding="utf-8")
    table = tmp_path / "hostile.csv"
    table.write_text(hostile_csv(["+49 30 2000004", "0171 3000002"]), encoding="utf-8")
    consents = tmp_path / "consents.csv"
    consented = ["+49302000001", "+49302000003", "+49302000004"]
    consents.write_text("phone,granted_at,method,evidence\n" + "".join(
        f"{n},2026-01-15,web_form,form\n" for n in consented), encoding="utf-8")
    return [book, table], consents, consented


def injected_lines(cards: list[list[str]]) -> list[str]:
    """Lines a payload would have created had it escaped its value."""
    bad = re.compile(rf"^(X-EVIL|FN:Evil|TEL:\{EVIL_TEL})", re.IGNORECASE)
    return [line for card in cards for line in card if bad.match(line)]


@pytest.mark.parametrize(("fmt", "profile"), [("vcard30", "minimal"), ("vcard30", "standard"),
                                              ("vcard21", "standard"), ("vcard40", "standard")])
def test_no_field_can_inject_a_card_or_property_into_any_vcard_output(
    tmp_path: Path, hostile_inputs: tuple[list[Path], Path, list[str]], fmt: str, profile: str
) -> None:
    inputs, consents, consented = hostile_inputs
    out, db = tmp_path / "out", tmp_path / "cg.db"
    done = run_cg(db, "--region", "DE", "--json", "split", *inputs, "--consents", consents,
                  "--out-dir", out,
                  "--format", fmt, "--profile", profile)
    assert done.returncode == 0, done.stderr  # processed normally, not quarantined
    summary = json.loads(done.stdout)
    counts = assert_complete(out)  # strict parse: every card complete, every line a property
    assert summary["quarantined"] == 0
    assert sum(counts.values()) == summary["parsed"] - summary["merged"] == 8
    assert all(counts[name] for name in VCARD_OUTPUTS), counts  # the payload reached every file
    for name in VCARD_OUTPUTS:
        assert injected_lines(vcard_cards(out / name)) == [], name
    exported = vcard_cards(out / "whatsapp-business.vcf")
    tels = [line.split(":", 1)[1] for card in exported for line in card if line.startswith("TEL")]
    assert sorted(tels) == consented


def test_stored_business_cards_hold_no_injected_card(
    tmp_path: Path, hostile_inputs: tuple[list[Path], Path, list[str]]
) -> None:
    inputs, consents, _ = hostile_inputs
    db = tmp_path / "cg.db"
    assert run_cg(db, "--region", "DE", "split", *inputs, "--consents", consents, "--out-dir",
                  tmp_path / "out").returncode == 0
    conn = sqlite3.connect(db)
    stored = [row[0] for row in conn.execute("SELECT vcard FROM business_contacts")]
    conn.close()
    assert len(stored) >= 4
    for text in stored:
        (tmp_path / "one.vcf").write_text(text, encoding="utf-8", newline="")
        cards = vcard_cards(tmp_path / "one.vcf")
        assert len(cards) == 1 and injected_lines(cards) == []


def test_a_soft_line_break_never_starts_a_vcard_21_line_with_begin_or_end(
    tmp_path: Path,
) -> None:
    """Found by fuzzing: quoted-printable output wrapped so that a continuation line read
    ``BEGIN:VCARD`` — an importer that splits cards before decoding sees a new card."""
    from contactgate.core.model import Prop
    from contactgate.io.vcard_write import render_card

    for pad in range(0, 90):
        for marker in ("BEGIN:VCARD", "END:VCARD"):
            text = render_card([Prop("NOTE", "ü" + "a" * pad + marker)], "vcard21")
            inner = text.split("\r\n")[1:-2]
            assert marker not in inner, (pad, text)


def test_a_csv_mentioning_begin_vcard_is_still_read_as_a_csv(tmp_path: Path) -> None:
    """A cell that merely mentions BEGIN:VCARD must not turn a contacts CSV into a
    "vCard" whose every row is quarantined."""
    needs_split()
    table = tmp_path / "contacts.csv"
    table.write_text("First Name,Last Name,Mobile Phone,Notes\r\n"
                     "Anna,Alt,0171 3000001,ok\r\n"
                     'Ben,Bau,0171 3000002,"see BEGIN:VCARD\r\nEND:VCARD"\r\n', encoding="utf-8")
    done = run_cg(tmp_path / "cg.db", "--region", "DE", "--json", "split", table, "--out-dir",
                  tmp_path / "out")
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert (summary["parsed"], summary["quarantined"]) == (2, 0)


# --- CSV formula injection ---------------------------------------------------------

FORMULAS = ["=HYPERLINK(\"http://evil.example\",\"x\")", "+1+1", "-2+3", "@SUM(A1)",
            "=cmd|' /C calc'!A0"]


def formula_cells(path: Path) -> list[str]:
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    return [cell for row in rows for cell in row if cell.startswith(FORMULA_STARTS)]


def test_consent_export_neutralises_formulas_and_reads_back_unchanged(
    cli: Run, tmp_path: Path
) -> None:
    rows = ["phone,granted_at,method,evidence,name,email,text_version,recorded_by,purpose,"
            "controller"]
    for index, formula in enumerate(FORMULAS):
        cells = [f"+49 30 {2_000_000 + index:07d}", "2026-01-15", formula, formula, formula,
                 formula, formula, formula, "whatsapp", formula]
        rows.append(",".join('"' + c.replace('"', '""') + '"' for c in cells))
    source = tmp_path / "in.csv"
    source.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert cli("consent", "import", source).code == 0
    added = cli("consent", "add", "+49 30 2999999", "--granted-at", "2026-01-15", "--method",
                "\t=1+1", "--evidence", "\r=1+1", "--name", "@x", "--controller", "-1")
    assert added.code == 0, added.err
    export = tmp_path / "register.csv"
    assert cli("consent", "export", export).code == 0
    assert formula_cells(export) == []
    text = export.read_text(encoding="utf-8")
    assert all(formula in text for formula in FORMULAS[1:])  # kept, behind an apostrophe
    again = cli("--db", tmp_path / "other.db", "--json", "consent", "import", export)
    assert again.code == 0, again.err
    listing = cli("--db", tmp_path / "other.db", "--json", "consent", "list")
    assert all(formula in listing.out for formula in ("+1+1", "@SUM(A1)"))


def test_consent_request_neutralises_formulas_in_names_and_companies(
    cli: Run, tmp_path: Path
) -> None:
    needs_split()
    cards = "".join(
        "BEGIN:VCARD\r\nVERSION:3.0\r\n"
        f"FN:{formula}\r\nORG:{formula}\r\nTITLE:Einkauf\r\n"
        f"TEL;TYPE=WORK:+49 30 {2_100_000 + i:07d}\r\nEMAIL;TYPE=WORK:-{i}@firma.example\r\n"
        "CATEGORIES:Kunden\r\nEND:VCARD\r\n" for i, formula in enumerate(FORMULAS))
    (tmp_path / "book.vcf").write_text(cards, encoding="utf-8")
    assert cli("split", tmp_path / "book.vcf", "--out-dir", tmp_path / "out").code == 0
    request = cli("consent", "request", "--out-dir", tmp_path / "req")
    assert request.code == 0, request.err
    path = tmp_path / "req" / "consent-requests.csv"
    assert len(path.read_text(encoding="utf-8").splitlines()) == 1 + len(FORMULAS)
    assert formula_cells(path) == []


def test_batch_summary_neutralises_formulas_in_file_names(tmp_path: Path) -> None:
    needs_split()
    if find_spec("contactgate.commands.batch") is None:
        pytest.skip("batch is not present yet")
    phones = tmp_path / "phones"
    phones.mkdir()
    card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:A\r\nTEL:0171 3920001\r\nEND:VCARD\r\n"
    for name in ("=1+1.vcf", "+49.vcf", "-x.vcf", "@SUM(A1).vcf", "\t=tab.vcf"):
        (phones / name).write_text(card, encoding="utf-8")
    (phones / "=broken.vcf").write_bytes(b"\x00\x01 not a vcard")  # its error names it too
    done = run_cg(tmp_path / "cg.db", "batch", phones, "--out-dir", tmp_path / "out")
    assert "Traceback" not in done.stderr
    summary = tmp_path / "out" / "batch-summary.csv"
    assert len(list(csv.reader(summary.open(encoding="utf-8", newline="")))) == 7
    assert formula_cells(summary) == []


# --- markup in the HTML reports ----------------------------------------------------

MARKUP = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<svg onload=alert(1)>",
          "</title><iframe src=//evil.example>", "<b>fett</b>"]


def assert_no_raw_markup(html: str) -> None:
    lowered = html.lower()
    for tag in ("<script>alert", "<img src=x", "<svg onload", "<iframe", "<b>fett"):
        assert tag not in lowered, tag


def test_markup_in_names_evidence_and_file_names_never_reaches_the_report_raw(
    cli: Run, tmp_path: Path
) -> None:
    needs_split()
    cards = "".join(
        "BEGIN:VCARD\r\nVERSION:3.0\r\n"
        f"FN:{markup}\r\nN:{markup};{markup};;;\r\nORG:{markup}\r\nTITLE:{markup}\r\n"
        f"TEL;TYPE=WORK:+49 30 {2_200_000 + i:07d}\r\nCATEGORIES:Kunden\r\nNOTE:{markup}\r\n"
        f"item1.TEL:+49 30 {2_300_000 + i:07d}\r\nitem1.X-ABLabel:{markup}\r\nEND:VCARD\r\n"
        for i, markup in enumerate(MARKUP))
    book = tmp_path / "<svg onload=alert(1)>.vcf"
    book.write_text(cards + "BEGIN:VCARD\r\nFN broken <script>alert(1)</script>\r\n",
                    encoding="utf-8")
    consents = tmp_path / "c.csv"
    consents.write_text("phone,granted_at,method,evidence,name\n" + "".join(
        f'+49 30 {2_200_000 + i:07d},2026-01-15,"{m}","{m}","{m}"\n'
        for i, m in enumerate(MARKUP)), encoding="utf-8")
    first = cli("split", book, "--consents", consents, "--label", MARKUP[0], "--out-dir",
                tmp_path / "one")
    assert first.code in (0, 1), first.err
    assert_no_raw_markup((tmp_path / "one" / "report.html").read_text(encoding="utf-8"))
    assert cli("consent", "withdraw", "+49 30 2200000").code == 0  # one drops out next time
    second = cli("split", book, "--label", MARKUP[0], "--out-dir", tmp_path / "two")
    assert second.code in (0, 1), second.err
    report = (tmp_path / "two" / "report.html").read_text(encoding="utf-8")
    assert_no_raw_markup(report)
    assert "&lt;script&gt;" in report or "&lt;script>" in report  # shown, as text


def test_markup_in_file_names_never_reaches_the_batch_report_raw(tmp_path: Path) -> None:
    needs_split()
    if find_spec("contactgate.commands.batch") is None:
        pytest.skip("batch is not present yet")
    phones = tmp_path / "phones"
    phones.mkdir()
    card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:<script>alert(1)</script>\r\nTEL:0171 1\r\n" \
           "END:VCARD\r\n"
    for name in ("<script>alert(1)<", "<img src=x onerror=alert(1)>", "<b>fett<"):
        (phones / f"{name}.vcf").write_text(card, encoding="utf-8")
    run_cg(tmp_path / "cg.db", "batch", phones, "--out-dir", tmp_path / "out")
    assert_no_raw_markup((tmp_path / "out" / "batch-report.html").read_text(encoding="utf-8"))


# --- the terminal and the quarantine file ------------------------------------------


def test_control_characters_in_input_never_reach_the_terminal(tmp_path: Path) -> None:
    """An ESC sequence in a file name or a card could retitle or rewrite the terminal."""
    needs_split()
    book = tmp_path / "phone\x1b]0;pwned\x07.vcf"
    book.write_bytes(
        b"junk before \x1b[2J\x1b]0;pwned\x07\r\n"
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:A\x1b[31m\r\nTEL:0171 3920001\x1b[0m\r\n"
        b"X-\x1b[1mBAD;\x1b=1:v\r\nno colon here \x1b[2J\r\nEND:VCARD\r\n"
        b"BEGIN:VCARD\r\nFN broken \x1b[2J\r\n")
    done = run_cg(tmp_path / "cg.db", "split", book, "--out-dir", tmp_path / "out")
    assert done.returncode in (0, 1) and "Traceback" not in done.stderr
    assert "\x1b" not in done.stderr and "\x07" not in done.stderr


def test_a_file_name_cannot_forge_a_quarantine_entry(tmp_path: Path) -> None:
    needs_split()
    book = tmp_path / "a\n### forged.vcf:1: fake reason\nb.vcf"
    book.write_bytes(b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN broken\r\nEND:VCARD\r\n")
    done = run_cg(tmp_path / "cg.db", "split", book, "--out-dir", tmp_path / "out")
    assert done.returncode == 1, done.stderr
    quarantine = (tmp_path / "out" / "quarantine.txt").read_text(encoding="utf-8")
    headers = [line for line in quarantine.splitlines() if line.startswith("### ")]
    assert len(headers) == 1, quarantine


# --- batch paths that try to leave the output folder -------------------------------


def tree(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")}


def test_batch_never_reads_or_writes_outside_its_folders(tmp_path: Path) -> None:
    needs_split()
    if find_spec("contactgate.commands.batch") is None:
        pytest.skip("batch is not present yet")
    card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:A\r\nTEL:0171 3920001\r\nEND:VCARD\r\n"
    outside = tmp_path / "outside"
    (outside / "secrets").mkdir(parents=True)
    (outside / "secrets" / "boss.vcf").write_text(card, encoding="utf-8")
    phones = tmp_path / "phones"
    phones.mkdir()
    (phones / "ok.vcf").write_text(card, encoding="utf-8")
    (phones / "x..\\..\\win.vcf").write_text(card, encoding="utf-8")  # a separator on Windows
    os.symlink(outside / "secrets" / "boss.vcf", phones / "link-out.vcf")
    os.symlink(outside / "secrets", phones / "dir-out")
    os.symlink("/etc/passwd", phones / "passwd.csv")
    out = tmp_path / "out"
    out.mkdir()
    os.symlink(outside, out / "ok")  # a planted link where an output folder will go
    before = tree(outside)
    done = run_cg(tmp_path / "cg.db", "batch", phones, "--out-dir", out)
    assert "Traceback" not in done.stderr
    assert tree(outside) == before  # nothing written through the planted link
    rows = {row["input"]: row for row in csv.DictReader(
        (out / "batch-summary.csv").open(encoding="utf-8", newline=""))}
    for refused in ("link-out.vcf", "passwd.csv", "ok.vcf"):
        assert rows[refused]["exit_status"] == "2" and rows[refused]["error"], refused
    assert "dir-out" in done.stderr  # a linked folder is not walked into, and says so
    assert rows["x..\\..\\win.vcf"]["exit_status"] == "0"
    assert (out / "x..\\..\\win" / "private.vcf").exists() or (
        out / "x..\\..\\win" / "review.vcf").exists()
    for path in out.rglob("*"):
        assert path.resolve().is_relative_to(out.resolve()) or path == out / "ok", path


# --- giant and deeply nested cards: bounded memory, a clear reason -----------------

MB = 1 << 20
GOOD = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Gut\r\nTEL;TYPE=CELL:0171 3920009\r\nEND:VCARD\r\n"
BIG_MB = 200


@pytest.fixture(scope="module")
def baseline_rss(tmp_path_factory: pytest.TempPathFactory) -> float:
    needs_split()
    work = tmp_path_factory.mktemp("baseline")
    (work / "small.vcf").write_bytes(GOOD)
    measured = run_measured(work / "cg.db", "split", work / "small.vcf", "--out-dir", work / "o")
    assert measured.code == 0, measured.err
    return measured.peak_rss_mb


def write_long_line(path: Path) -> Path:
    with open(path, "wb") as handle:
        handle.write(b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Lang\r\nNOTE:")
        chunk = b"A" * MB
        for _ in range(BIG_MB):
            handle.write(chunk)
        handle.write(b"\r\nEND:VCARD\r\n" + GOOD)
    return path


def write_big_photo(path: Path) -> Path:
    line = b"\r\n " + b"/9j/" * 19
    block = line * (MB // len(line))
    with open(path, "wb") as handle:
        handle.write(b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Foto\r\nPHOTO;ENCODING=b;TYPE=JPEG:")
        for _ in range(BIG_MB):
            handle.write(block)
        handle.write(b"\r\nEND:VCARD\r\n" + GOOD)
    return path


def write_nested_agents(path: Path, depth: int = 100_000) -> Path:
    with open(path, "wb") as handle:
        handle.write(b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Agent\r\nAGENT:\r\n" * depth)
        handle.write(b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Innen\r\nEND:VCARD\r\n")
        handle.write(b"END:VCARD\r\n" * depth)
        handle.write(GOOD)
    return path


def write_long_csv_line(path: Path, size_mb: int = 120) -> Path:
    with open(path, "wb") as handle:
        handle.write(b"Name,Mobile Phone,Notes\r\nGut,0171 3920009,ok\r\nLang,0171 3920010,")
        chunk = b"A" * MB
        for _ in range(size_mb):
            handle.write(chunk)
        handle.write(b"\r\nNach,0171 3920011,ok\r\n")
    return path


def split_measured(tmp_path: Path, book: Path) -> tuple[Measured, Path]:
    out = tmp_path / "out"
    try:
        return run_measured(tmp_path / "cg.db", "split", book, "--out-dir", out), out
    finally:
        book.unlink()


def quarantine_reasons(out: Path) -> list[str]:
    with open(out / "quarantine.txt", "rb") as handle:
        return [line.decode("utf-8", "replace").rstrip("\n") for line in handle
                if line.startswith(b"### ")]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("make", "words", "extra_mb"),
    [
        (write_long_line, ("large", "long", "MB", "size"), BIG_MB * 0.75),
        (write_big_photo, ("large", "long", "MB", "size"), BIG_MB * 0.75),
        (write_nested_agents, ("nest", "AGENT", "deep"), 100),
    ],
    ids=[f"a {BIG_MB} MB line", f"a {BIG_MB} MB base64 photo", "AGENT nested 100,000 deep"],
)
def test_giant_cards_are_quarantined_in_bounded_memory(
    tmp_path: Path, baseline_rss: float, make: Callable[[Path], Path],
    words: tuple[str, ...], extra_mb: float,
) -> None:
    measured, out = split_measured(tmp_path, make(tmp_path / "giant.vcf"))
    try:
        assert measured.code == 1, measured.err
        assert "Traceback" not in measured.err
        reasons = quarantine_reasons(out)
        assert len(reasons) == 1 and any(w.lower() in reasons[0].lower() for w in words), reasons
        summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
        assert (summary["parsed"], summary["quarantined"]) == (1, 1)  # the card after it is kept
        assert measured.peak_rss_mb < baseline_rss + extra_mb, (measured.peak_rss_mb, baseline_rss)
    finally:
        (out / "quarantine.txt").unlink(missing_ok=True)  # hundreds of MB: not kept in /tmp


@pytest.mark.slow
def test_a_giant_csv_row_is_quarantined_in_bounded_memory(
    tmp_path: Path, baseline_rss: float
) -> None:
    measured, out = split_measured(tmp_path, write_long_csv_line(tmp_path / "giant.csv"))
    try:
        assert measured.code == 1 and "Traceback" not in measured.err
        assert len(quarantine_reasons(out)) == 1
        summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
        assert (summary["parsed"], summary["quarantined"]) == (2, 1)
        assert measured.peak_rss_mb < baseline_rss + 100, (measured.peak_rss_mb, baseline_rss)
    finally:
        (out / "quarantine.txt").unlink(missing_ok=True)


def write_long_consent_row(path: Path, size_mb: int = 150) -> Path:
    with open(path, "wb") as handle:
        handle.write(b"phone,granted_at,method,evidence\n+49 30 2000001,2026-01-15,web,ok\n"
                     b"+49 30 2000002,2026-01-15,web,")
        chunk = b"A" * MB
        for _ in range(size_mb):
            handle.write(chunk)
        handle.write(b"\n+49 30 2000003,2026-01-15,web,ok\n")
    return path


@pytest.mark.slow
def test_a_giant_consent_row_is_rejected_alone_in_bounded_memory(
    tmp_path: Path, baseline_rss: float
) -> None:
    """DESIGN: a consent row that cannot be read is reported as FILE:LINE, grants
    nothing and changes no exit code; the rows around it still count."""
    source = write_long_consent_row(tmp_path / "consents.csv")
    try:
        measured = run_measured(tmp_path / "cg.db", "consent", "import", source)
    finally:
        source.unlink()
    assert measured.code == 0, measured.err
    assert f"{source}:3:" in measured.err and "Traceback" not in measured.err
    conn = sqlite3.connect(tmp_path / "cg.db")
    numbers = sorted(row[0] for row in conn.execute("SELECT e164 FROM consents"))
    conn.close()
    assert numbers == ["+49302000001", "+49302000003"]
    assert measured.peak_rss_mb < baseline_rss + 150, (measured.peak_rss_mb, baseline_rss)
