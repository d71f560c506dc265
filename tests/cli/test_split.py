"""``contactgate split`` end to end: the contract of DESIGN.md, the invariants, bad input."""

from __future__ import annotations

import json
import sqlite3
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
import vobject
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import CliRun
from tests.factories import card

EIGHT = {
    "whatsapp-business.vcf",
    "business-no-consent.vcf",
    "private.vcf",
    "review.vcf",
    "quarantine.txt",
    "report.html",
    "report.pdf",
    "summary.json",
}
VCARD_OUTPUTS = ("whatsapp-business.vcf", "business-no-consent.vcf", "private.vcf", "review.vcf")
SUMMARY_KEYS = {
    "input_cards",
    "parsed",
    "quarantined",
    "merged",
    "business",
    "private",
    "unsure",
    "consented",
    "exported_contacts",
    "exported_numbers",
    "consent_rows_rejected",
    "region",
}
Run = Callable[..., CliRun]


BOOK = (
    card("u1", "Klara Kunde", "+49 30 23125 001", org="Kunde AG", email="klara@kunde-ag.example")
    + card("u2", "Bernd Bauer", "+49 30 23125 002", org="Bauer GmbH", email="b@bauer.example")
    + card("u3", "Mama", "0171 3920001", extra="CATEGORIES:Familie")
    + card("u4", "Tom", "0171 3920002")
)
CONSENTS = (
    "phone,granted_at,method,evidence\n"
    "+49 30 23125 001,2026-01-15,web_form,opt-in form #17\n"
    "0171 3920001,2026-01-15,verbal,call\n"
    "+49 30 23125 002,not a date,web_form,x\n"
)


@pytest.fixture
def book(tmp_path: Path) -> Path:
    path = tmp_path / "phone.vcf"
    path.write_text(BOOK, encoding="utf-8")
    return path


@pytest.fixture
def consents(tmp_path: Path) -> Path:
    path = tmp_path / "consents.csv"
    path.write_text(CONSENTS, encoding="utf-8")
    return path


def cards_in(path: Path) -> list[vobject.base.Component]:
    text = path.read_text(encoding="utf-8")
    return list(vobject.readComponents(text)) if text.strip() else []


def test_split_writes_all_eight_files_and_only_the_consented_business_number(
    cli: Run, book: Path, consents: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = cli("--region", "DE", "split", book, "--consents", consents, "--out-dir", out)
    assert result.code == 0, result.err
    assert {p.name for p in out.iterdir()} == EIGHT
    exported = cards_in(out / "whatsapp-business.vcf")
    assert [c.fn.value for c in exported] == ["Klara Kunde"]
    assert [t.value for t in exported[0].contents["tel"]] == ["+493023125001"]
    assert {c.name for c in exported[0].getChildren()} <= {
        "VERSION",
        "PRODID",
        "UID",
        "FN",
        "N",
        "ORG",
        "TEL",
    }
    assert [c.fn.value for c in cards_in(out / "business-no-consent.vcf")] == ["Bernd Bauer"]
    assert "Mama" in [c.fn.value for c in cards_in(out / "private.vcf")]  # consent is no signal
    summary = json.loads((out / "summary.json").read_text())
    assert summary.keys() >= SUMMARY_KEYS
    assert summary["parsed"] + summary["quarantined"] == summary["input_cards"] == 4
    assert summary["business"] + summary["private"] + summary["unsure"] == 4 - summary["merged"]
    assert summary["consented"] == 2
    assert (summary["exported_contacts"], summary["exported_numbers"]) == (1, 1)
    assert summary["consent_rows_rejected"] == 1
    assert f"{consents}:4:" in result.err  # the bad row, by file and line


def test_the_company_keeps_the_full_record_of_an_exported_contact(
    cli: Run, book: Path, consents: Path, tmp_path: Path
) -> None:
    """The export is reduced to name and consented number; the database row is not."""
    db = tmp_path / "cg.db"
    result = cli("--region", "DE", "--db", db, "split", book, "--consents", consents,
                 "--out-dir", tmp_path / "out")
    assert result.code == 0, result.err
    with sqlite3.connect(db) as conn:
        stored = dict(conn.execute("SELECT fn, vcard FROM business_contacts").fetchall())
    [klara] = vobject.readComponents(stored["Klara Kunde"])
    assert klara.email.value == "klara@kunde-ag.example"  # not in the minimal export
    assert klara.tel.value == "+49 30 23125 001"  # as written, not the export's E.164
    assert "contactgate-" not in stored["Klara Kunde"]  # its own UID, not the export's


def test_json_puts_exactly_the_summary_on_stdout(cli: Run, book: Path, tmp_path: Path) -> None:
    result = cli("--region", "DE", "--json", "split", book, "--out-dir", tmp_path / "out")
    summary = json.loads(result.out)
    assert summary == json.loads((tmp_path / "out" / "summary.json").read_text())


def test_outputs_are_owner_only_and_no_part_files_remain(
    cli: Run, book: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    assert cli("--region", "DE", "split", book, "--out-dir", out).code == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o700
    for path in out.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name
    assert not list(out.glob("*.part"))


def test_running_twice_gives_the_same_vcards_and_no_duplicate_rows(
    cli: Run, book: Path, consents: Path, tmp_path: Path, db_path: Path
) -> None:
    for name in ("a", "b"):
        assert (
            cli(
                "--region",
                "DE",
                "split",
                book,
                "--consents",
                consents,
                "--out-dir",
                tmp_path / name,
            ).code
            == 0
        )
    for name in VCARD_OUTPUTS:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT COUNT(*) FROM business_contacts").fetchone()[0] == 2
    assert conn.execute("SELECT COUNT(*) FROM consents").fetchone()[0] == 2
    conn.close()


def test_private_people_never_reach_the_database(
    cli: Run, book: Path, consents: Path, tmp_path: Path, db_path: Path
) -> None:
    assert cli("--region", "DE", "split", book, "--out-dir", tmp_path / "out").code == 0
    raw = b"".join(p.read_bytes() for p in db_path.parent.glob("contactgate.db*"))
    for secret in (b"Mama", b"Tom", b"491713920002"):
        assert secret not in raw
    assert b"Bernd Bauer" in raw  # business contacts are kept in full


def test_unreadable_cards_are_quarantined_raw_and_exit_code_is_1(cli: Run, tmp_path: Path) -> None:
    broken = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Kaputt\r\nthis line has no colon\r\n"
    path = tmp_path / "mixed.vcf"
    path.write_bytes((card("g1", "Gut", "0171 3920009") + broken).encode())
    result = cli("--region", "DE", "split", path, "--out-dir", tmp_path / "out")
    assert result.code == 1
    quarantine = (tmp_path / "out" / "quarantine.txt").read_bytes()
    assert quarantine.startswith(f"### {path}:".encode())
    assert broken.encode() in quarantine
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert (summary["parsed"], summary["quarantined"]) == (1, 1)


@pytest.mark.parametrize(
    ("make_input", "message"),
    [
        (lambda d: d / "missing.vcf", "missing.vcf"),
        (lambda d: _write(d / "empty.vcf", b""), "empty.vcf"),
        (lambda d: d, "folder"),
        (lambda d: _write(d / "junk.vcf", bytes(range(256)) * 40), "junk.vcf"),
    ],
)
def test_bad_inputs_give_one_line_and_exit_2(
    cli: Run, tmp_path: Path, make_input: Callable[[Path], Path], message: str
) -> None:
    result = cli("--region", "DE", "split", make_input(tmp_path), "--out-dir", tmp_path / "out")
    assert result.code == 2
    assert result.err.count("\n") == 1 and message in result.err
    assert "Traceback" not in result.err


def test_an_out_dir_that_cannot_be_made_is_exit_2(cli: Run, book: Path, tmp_path: Path) -> None:
    blocker = _write(tmp_path / "file", b"x")
    result = cli("--region", "DE", "split", book, "--out-dir", blocker / "out")
    assert result.code == 2
    assert str(blocker) in result.err


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


# --- invariant 3: nothing is lost, over generated books -------------------------------

names = st.sampled_from(["Anna", "Ben", "Mama", "Dr. Weiß", "Oma", "Kai", "Lena", "Team"])
orgs = st.sampled_from(["", "", "Kunde AG", "Praxis Nord", "Bau GmbH"])


@st.composite
def generated_books(draw: st.DrawFn) -> tuple[str, int]:
    text, count = "", draw(st.integers(1, 12))
    for index in range(count):
        if draw(st.integers(0, 9)) == 0:
            text += f"BEGIN:VCARD\r\nVERSION:3.0\r\nUID:bad{index}\r\nFN broken\r\nEND:VCARD\r\n"
            continue
        name = draw(names) + f" {index}"
        text += card(
            f"id{index}",
            name,
            f"0171 39200{index:02d}",
            org=draw(orgs),
            extra=draw(st.sampled_from(["", "CATEGORIES:Familie", "CATEGORIES:Kunden"])),
        )
    return text, count


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(generated=generated_books())
def test_every_card_lands_in_exactly_one_output_or_the_quarantine(
    cli: Run, tmp_path_factory: pytest.TempPathFactory, generated: tuple[str, int]
) -> None:
    text, count = generated
    work = tmp_path_factory.mktemp("gen")
    (work / "book.vcf").write_text(text, encoding="utf-8")
    result = cli(
        "--region",
        "DE",
        "--db",
        work / "db.sqlite",
        "split",
        work / "book.vcf",
        "--out-dir",
        work / "out",
    )
    assert result.code in (0, 1)
    uids: list[str] = []
    for name in VCARD_OUTPUTS[1:]:
        uids += [c.uid.value for c in cards_in(work / "out" / name)]
    conn = sqlite3.connect(work / "db.sqlite")
    exported_full = [row[0] for row in conn.execute("SELECT vcard FROM business_contacts")]
    conn.close()
    exported = {c.uid.value for c in cards_in(work / "out" / "whatsapp-business.vcf")}
    uids += [
        u
        for v in exported_full
        for c in vobject.readComponents(v)
        if (u := c.uid.value) in exported
    ]
    quarantine = (work / "out" / "quarantine.txt").read_bytes().decode("utf-8")
    quarantined = [f"bad{i}" for i in range(count) if f"UID:bad{i}\r\n" in quarantine]
    assert sorted(uids + quarantined) == sorted(
        [f"id{i}" for i in range(count) if f"UID:id{i}\r\n" in text] + quarantined
    )
    assert len(quarantined) == text.count("FN broken")
