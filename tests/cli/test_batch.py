"""``contactgate batch``: folder walk, one row per input, resume, dry run, failures, Ctrl-C."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contactgate.batch import (
    STATE_DIR,
    BatchOptions,
    BatchProgress,
    BatchResult,
    colliding_outputs,
    drive_batch,
    find_inputs,
    output_folders,
    prepare_batch,
    run_batch,
    safe_output_dir,
)
from contactgate.cli import main
from contactgate.io.atomic import OutputError
from contactgate.io.policy_file import load_policy
from contactgate.pipeline import ALL_FILES, ExportOptions, RunSettings, split
from contactgate.store.db import open_db
from tests.conftest import REPO, CliRun
from tests.factories import card

Run = Callable[..., CliRun]
EIGHT = set(ALL_FILES)
REPORTS = {"report.html", "report.pdf"}  # carry the export time and the previous export
AT = datetime(2026, 6, 1, 12, tzinfo=UTC)


ANNA = (  # Klara has a consent; Mama is private
    card("a1", "Klara Kunde", "+49 30 23125 001", org="Kunde AG", email="klara@kunde-ag.example")
    + card("a2", "Mama", "0171 3920001", extra="CATEGORIES:Familie")
)
BERND = (  # Bernd's consent is in the register too, Tom is nobody's business
    card("b1", "Bernd Bauer", "+49 30 23125 002", org="Bauer GmbH", email="b@bauer.example")
    + card("b2", "Tom", "0171 3920002")
)
CARLA_CSV = (
    "Name,Company,Business Phone,E-mail Address\n"
    "Carla Client,Client GmbH,+49 30 23125 003,c@client.example\n"
)
CONSENTS = (
    "phone,granted_at,method,evidence\n"
    "+49 30 23125 001,2026-01-15,web_form,opt-in form #17\n"
    "+49 30 23125 002,2026-01-15,web_form,opt-in form #18\n"
)
BROKEN = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Half a card\r\nTEL:+49 30 23125 009\r\n"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def phones(tmp_path: Path) -> Path:
    """Three phones in nested folders, suffixes in any case, plus things that are no phone."""
    root = tmp_path / "phones"
    write(root / "anna.vcf", ANNA)
    write(root / "team" / "Bernd.VCF", BERND)
    write(root / "team" / "sub" / "carla.Csv", CARLA_CSV)
    write(root / "notes.txt", "not an export")
    write(root / ".hidden.vcf", ANNA)
    write(root / ".trash" / "old.vcf", ANNA)
    return root


@pytest.fixture
def consents(tmp_path: Path) -> Path:
    return write(tmp_path / "register" / "consents.csv", CONSENTS)


@pytest.fixture
def batch(cli: Run, db_path: Path) -> Callable[..., tuple[CliRun, dict[str, object]]]:
    """``contactgate --json batch ARGS…`` against the test's own database."""

    def run(*args: str | Path) -> tuple[CliRun, dict[str, object]]:
        result = cli("--db", db_path, "--region", "DE", "--json", "batch", *args)
        payload = json.loads(result.out) if result.out.strip() else {}
        return result, payload

    return run


def statuses(payload: dict[str, object]) -> dict[str, str]:
    files = payload["files"]
    assert isinstance(files, list)
    return {row["input"]: row["status"] for row in files}


def read_rows(out: Path) -> tuple[list[str], list[dict[str, str]]]:
    with (out / "batch-summary.csv").open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def tree(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*")}


def settings_de() -> RunSettings:
    return RunSettings(policy=load_policy(None), region="DE", region_source="--region")


# --- the folder walk -------------------------------------------------------------------


def test_walk_finds_nested_inputs_of_any_suffix_case_and_nothing_else(
    phones: Path, tmp_path: Path
) -> None:
    found, problems = find_inputs(phones, tmp_path / "out")
    assert problems == []
    assert {(i.rel, i.out_rel) for i in found} == {
        ("anna.vcf", "anna"),
        ("team/Bernd.VCF", "team/Bernd"),
        ("team/sub/carla.Csv", "team/sub/carla"),
    }
    assert all(i.path == phones / i.rel and not i.refused for i in found)


def test_batch_writes_one_folder_per_phone_and_one_row_per_input(
    batch: Callable[..., tuple[CliRun, dict[str, object]]], phones: Path, consents: Path,
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    result, payload = batch(phones, "--out-dir", out, "--consents", consents, "--jobs", "2")
    assert result.code == 0, result.err
    for folder in ("anna", "team/Bernd", "team/sub/carla"):
        assert {p.name for p in (out / folder).iterdir()} == EIGHT
    assert "Klara Kunde" in (out / "anna" / "whatsapp-business.vcf").read_text()
    assert "Bernd Bauer" in (out / "team" / "Bernd" / "whatsapp-business.vcf").read_text()
    header, rows = read_rows(out)
    summary = json.loads((out / "anna" / "summary.json").read_text())
    keys = [k for k in summary if k != "inputs"]
    assert header[:2] == ["input", "sha256"] and header[-2:] == ["exit_status", "error"]
    assert sorted(header[2:-2]) == sorted(keys)
    assert sorted(r["input"] for r in rows) == ["anna.vcf", "team/Bernd.VCF", "team/sub/carla.Csv"]
    anna = next(r for r in rows if r["input"] == "anna.vcf")
    assert anna["sha256"] == summary["inputs"][0]["sha256"]
    assert (anna["exported_contacts"], anna["exit_status"], anna["error"]) == ("1", "0", "")
    assert anna["label"] == "anna.vcf"  # each phone's export history is its own
    objects = json.loads((out / "batch-summary.json").read_text())
    assert [o["input"] for o in objects] == [r["input"] for r in rows]
    assert list(objects[0]) == header
    assert payload["exit_code"] == 0 and payload["totals"]["exported_contacts"] == 2
    assert "<html" in (out / "batch-report.html").read_text()


def test_an_out_dir_inside_the_input_dir_is_never_read_as_input(
    batch: Callable[..., tuple[CliRun, dict[str, object]]], phones: Path
) -> None:
    out = phones / "results"
    first, _ = batch(phones, "--out-dir", out)
    second, payload = batch(phones, "--out-dir", out, "--force")
    assert (first.code, second.code) == (0, 0), second.err
    assert sorted(statuses(payload)) == ["anna.vcf", "team/Bernd.VCF", "team/sub/carla.Csv"]
    # nor is the output of an earlier run elsewhere in the tree
    third, payload = batch(phones, "--out-dir", phones.parent / "elsewhere")
    assert third.code == 0 and len(statuses(payload)) == 3
    assert "earlier batch run" in third.err


def test_colliding_names_keep_their_suffix(
    batch: Callable[..., tuple[CliRun, dict[str, object]]], tmp_path: Path
) -> None:
    root = tmp_path / "phones"
    write(root / "anna.vcf", ANNA)
    write(root / "anna.csv", CARLA_CSV)
    write(root / "team.vcf", BERND)  # its folder would hold team/…
    write(root / "team" / "tom.vcf", BERND)
    write(root / "batch-report.html.vcf", BERND)  # its folder would be a file of the batch
    out = tmp_path / "out"
    result, _ = batch(root, "--out-dir", out)
    assert result.code == 0, result.err
    for folder in ("anna.vcf", "anna.csv", "team.vcf", "team/tom", "batch-report.html.vcf"):
        assert {p.name for p in (out / folder).iterdir()} == EIGHT, folder
    assert (out / "batch-report.html").is_file()


def test_names_that_differ_only_in_case_never_share_a_folder() -> None:
    folders = output_folders(["Anna.vcf", "anna.VCF", "x.vcf"])
    assert folders == {"Anna.vcf": "Anna.vcf", "anna.VCF": "anna.VCF", "x.vcf": "x"}
    assert colliding_outputs(folders) == {"anna.VCF": "Anna.vcf"}


names = st.text(alphabet="aAbB.-_ü", min_size=1, max_size=4).filter(
    lambda s: not s.startswith(".") and s not in (".", "..")
)
rel_paths = st.lists(names, min_size=1, max_size=3).map("/".join).flatmap(
    lambda stem: st.sampled_from([stem + ".vcf", stem + ".CSV", stem + ".Vcf"])
)


@settings(max_examples=300, deadline=None)
@given(st.lists(rel_paths, min_size=1, max_size=8, unique=True))
def test_every_input_gets_its_own_folder_that_holds_no_other(rels: list[str]) -> None:
    folders = output_folders(rels)
    kept = {rel: out for rel, out in folders.items() if rel not in colliding_outputs(folders)}
    keys = [out.casefold() for out in kept.values()]
    assert len(set(keys)) == len(keys)  # no two inputs share a folder
    for out in keys:  # and no phone's folder contains another's
        assert not any(other.startswith(out + "/") for other in keys)
    for rel, out in folders.items():
        assert out in (rel, rel.rsplit(".", 1)[0])  # the suffix goes, or the whole name stays


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_progress_bar_with_eta_is_drawn_only_on_a_terminal(
    cli: Run, phones: Path, tmp_path: Path, db_path: Path
) -> None:
    err = Terminal()
    args = ["--db", str(db_path), "batch", str(phones), "--out-dir", str(tmp_path / "tty")]
    assert main(args, stdout=io.StringIO(), stderr=err) == 0
    assert "ETA" in err.getvalue() and "3/3 files" in err.getvalue()
    piped = cli("--db", db_path, "batch", phones, "--out-dir", tmp_path / "pipe")
    assert piped.code == 0
    assert "\r" not in piped.err and "ETA" not in piped.err
    assert "anna.vcf: exported 0 contacts with 0 numbers" in piped.err  # no consents given


# --- refusing paths that escape --------------------------------------------------------


def test_a_symlink_to_a_file_outside_the_input_dir_is_refused(
    batch: Callable[..., tuple[CliRun, dict[str, object]]], phones: Path, tmp_path: Path
) -> None:
    secret = write(tmp_path / "hr" / "ceo.vcf", ANNA)
    (phones / "evil.vcf").symlink_to(secret)
    out = tmp_path / "out"
    result, payload = batch(phones, "--out-dir", out)
    assert result.code == 1
    assert statuses(payload)["evil.vcf"] == "refused"
    assert not (out / "evil").exists()
    row = next(r for r in read_rows(out)[1] if r["input"] == "evil.vcf")
    assert "outside INPUT_DIR" in row["error"] and row["exit_status"] == "2"
    assert {p.name for p in (out / "anna").iterdir()} == EIGHT  # the others are fine


def test_an_output_folder_that_is_a_symlink_is_not_written_through(
    batch: Callable[..., tuple[CliRun, dict[str, object]]], phones: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out.mkdir()
    (out / "anna").symlink_to(elsewhere)
    (out / "team").mkdir()
    (out / "team" / "Bernd").write_text("a file where the phone's folder goes")
    result, payload = batch(phones, "--out-dir", out)
    assert result.code == 2  # DESIGN: an output that cannot be written, as when writing fails
    found = statuses(payload)
    assert found["anna.vcf"] == found["team/Bernd.VCF"] == "refused"
    assert found["team/sub/carla.Csv"] == "done"  # the others are exported all the same
    assert list(elsewhere.iterdir()) == []


def test_a_phone_folder_that_cannot_take_the_files_records_nothing_and_keeps_the_old_ones(
    batch: Callable[..., tuple[CliRun, dict[str, object]]], phones: Path, tmp_path: Path,
    db_path: Path,
) -> None:
    out = tmp_path / "out"
    batch(phones, "--out-dir", out)
    before = {p.name: p.read_bytes() for p in (out / "anna").iterdir()}
    (out / "anna" / "report.html").unlink()
    (out / "anna" / "report.html").mkdir()  # in the way of the new report
    del before["report.html"]
    result, payload = batch(phones, "--out-dir", out, "--force")
    assert result.code == 2
    assert statuses(payload)["anna.vcf"] == "failed" and "report.html" in result.err
    # the export was not recorded: the next report compares with what the phone really got
    store = open_db(db_path)
    labels = [r[0] for r in store.db.conn.execute("SELECT label FROM exports")]
    store.close()
    assert labels.count("anna.vcf") == 1
    kept = {p.name: p.read_bytes() for p in (out / "anna").iterdir() if p.is_file()}
    assert kept == before  # not half replaced


@pytest.mark.parametrize("name", ["../escape", "/etc/cron.d", "a/../../b", "a//b", "."])
def test_names_that_would_leave_the_output_folder_are_refused(tmp_path: Path, name: str) -> None:
    with pytest.raises(OutputError):
        safe_output_dir(tmp_path / "out", name)


# --- resume ------------------------------------------------------------------------------


def test_a_second_run_skips_unchanged_inputs_a_withdrawal_redoes_only_its_phone(
    batch: Callable[..., tuple[CliRun, dict[str, object]]], cli: Run, db_path: Path,
    phones: Path, consents: Path, tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    first, _ = batch(phones, "--out-dir", out, "--consents", consents)
    assert first.code == 0, first.err
    rows_before = read_rows(out)[1]

    second, payload = batch(phones, "--out-dir", out, "--consents", consents)
    assert second.code == 0
    assert set(statuses(payload).values()) == {"skipped"}
    assert read_rows(out)[1] == rows_before  # still one full row per input

    withdrawn = cli("--db", db_path, "consent", "withdraw", "+493023125001",
                    "--at", "2026-02-01")
    assert withdrawn.code == 0, withdrawn.err
    third, payload = batch(phones, "--out-dir", out)
    assert third.code == 0
    assert statuses(payload) == {
        "anna.vcf": "done", "team/Bernd.VCF": "skipped", "team/sub/carla.Csv": "skipped"}
    assert "Klara" not in (out / "anna" / "whatsapp-business.vcf").read_text()

    forced, payload = batch(phones, "--out-dir", out, "--force")
    assert set(statuses(payload).values()) == {"done"}
    assert forced.code == 0


def test_a_changed_input_or_a_deleted_output_is_redone(
    batch: Callable[..., tuple[CliRun, dict[str, object]]], phones: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    batch(phones, "--out-dir", out)
    write(phones / "anna.vcf", ANNA + card("a3", "Neu", "0171 3920003"))
    (out / "team" / "Bernd" / "private.vcf").unlink()
    _, payload = batch(phones, "--out-dir", out)
    assert statuses(payload) == {
        "anna.vcf": "done", "team/Bernd.VCF": "done", "team/sub/carla.Csv": "skipped"}


def test_a_consent_that_expired_since_the_export_makes_its_phone_run_again(
    phones: Path, tmp_path: Path, db_path: Path
) -> None:
    expiring = CONSENTS.replace("phone,granted_at,method,evidence",
                                "phone,granted_at,method,evidence,expires_at")
    expiring = expiring.replace("#17\n", "#17,2026-06-10\n").replace("#18\n", "#18,\n")
    register = write(tmp_path / "expiring.csv", expiring)

    def run(at: datetime, csv_path: Path | None = None) -> BatchResult:
        options = BatchOptions(phones, tmp_path / "out", db_path, consents_csv=csv_path, at=at)
        return drive_batch(run_batch(prepare_batch(options, settings_de())))

    first = run(AT, register)
    assert [f.status for f in first.files] == ["done", "done", "done"]
    assert [f.status for f in run(AT + timedelta(days=2)).files] == ["skipped"] * 3
    later = run(AT + timedelta(days=30))  # Klara's consent ran out on 10 June
    assert [f.status for f in later.files] == ["done", "skipped", "skipped"]
    assert later.files[0].summary["exported_contacts"] == 0


# --- dry run, --no-private -------------------------------------------------------------


def test_dry_run_prints_what_would_be_exported_and_writes_nothing(
    batch: Callable[..., tuple[CliRun, dict[str, object]]], phones: Path, consents: Path,
    tmp_path: Path, db_path: Path,
) -> None:
    before = tree(tmp_path)
    result, payload = batch(phones, "--out-dir", tmp_path / "out", "--consents", consents,
                            "--dry-run")
    assert result.code == 0, result.err
    assert tree(tmp_path) == before  # no output folder, no database, no state
    files = {row["input"]: row for row in payload["files"]}
    assert files["anna.vcf"]["would_export"] == ["+493023125001"]
    assert files["team/Bernd.VCF"]["would_export"] == ["+493023125002"]
    assert files["anna.vcf"]["exported_contacts"] == 1
    assert "+493023125001" in result.err and "would export 1 contact with 1 number" in result.err
    assert not db_path.exists()


def test_dry_run_says_which_inputs_a_real_run_would_skip(
    batch: Callable[..., tuple[CliRun, dict[str, object]]], phones: Path, consents: Path,
    tmp_path: Path, db_path: Path,
) -> None:
    out = tmp_path / "out"
    batch(phones, "--out-dir", out, "--consents", consents)
    before = {p: p.stat().st_mtime_ns for p in [*out.rglob("*"), db_path]}
    result, payload = batch(phones, "--out-dir", out, "--dry-run")
    assert all(row["unchanged"] for row in payload["files"])
    assert "a real run would skip it" in result.err
    # the same register once more: as the real import, it changes nothing
    _, payload = batch(phones, "--out-dir", out, "--dry-run", "--consents", consents)
    assert all(row["unchanged"] for row in payload["files"]), payload["files"]
    withdrawal = write(tmp_path / "withdrawal.csv", "phone,granted_at,method,evidence,"
                       "withdrawn_at\n+49 30 23125 001,2026-01-15,web_form,#17,2026-03-01\n")
    _, payload = batch(phones, "--out-dir", out, "--dry-run", "--consents", withdrawal)
    rows = {row["input"]: row for row in payload["files"]}
    assert (rows["anna.vcf"]["unchanged"], rows["anna.vcf"]["would_export"]) == (False, [])
    assert rows["team/Bernd.VCF"]["unchanged"] is True
    assert {p: p.stat().st_mtime_ns for p in [*out.rglob("*"), db_path]} == before


def test_no_private_leaves_private_vcf_out_and_removes_an_earlier_one(
    batch: Callable[..., tuple[CliRun, dict[str, object]]], phones: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    batch(phones, "--out-dir", out)
    assert (out / "anna" / "private.vcf").exists()
    result, payload = batch(phones, "--out-dir", out, "--no-private")
    assert result.code == 0
    assert set(statuses(payload).values()) == {"done"}  # a setting changed: redone
    for folder in ("anna", "team/Bernd", "team/sub/carla"):
        assert {p.name for p in (out / folder).iterdir()} == EIGHT - {"private.vcf"}
    assert payload["totals"]["private"] >= 1  # still counted, only not kept


# --- failures ------------------------------------------------------------------------------


def test_a_bad_file_fails_alone_and_is_reported(
    batch: Callable[..., tuple[CliRun, dict[str, object]]], phones: Path, tmp_path: Path
) -> None:
    write(phones / "broken.csv", "Colour,Size\nred,XL\n")
    write(phones / "half.vcf", ANNA + BROKEN)
    out = tmp_path / "out"
    result, payload = batch(phones, "--out-dir", out, "--jobs", "2")
    assert result.code == 1 and payload["exit_code"] == 1
    rows = {r["input"]: r for r in read_rows(out)[1]}
    assert len(rows) == 5
    assert rows["broken.csv"]["exit_status"] == "2"
    assert "not a contacts CSV" in rows["broken.csv"]["error"]
    assert rows["broken.csv"]["input_cards"] == ""
    assert rows["half.vcf"]["exit_status"] == "1" and rows["half.vcf"]["quarantined"] == "1"
    assert (rows["anna.vcf"]["exit_status"], rows["anna.vcf"]["error"]) == ("0", "")
    assert not (out / "broken").exists()
    assert "broken.csv: failed:" in result.err
    assert "Traceback" not in result.err


def test_summary_cells_cannot_become_formulas_or_markup(
    batch: Callable[..., tuple[CliRun, dict[str, object]]], tmp_path: Path
) -> None:
    root = tmp_path / "phones"
    write(root / "=HYPERLINK(1).vcf", ANNA)
    write(root / "<img src=x onerror=alert(1)>.vcf", BERND)
    out = tmp_path / "out"
    result, _ = batch(root, "--out-dir", out)
    assert result.code == 0, result.err
    text = (out / "batch-summary.csv").read_text(encoding="utf-8")
    assert "\n'=HYPERLINK(1).vcf," in text
    report = (out / "batch-report.html").read_text(encoding="utf-8")
    assert "<img" not in report and "&lt;img src=x onerror=alert(1)&gt;.vcf" in report


def test_the_batch_report_speaks_the_language_of_the_phones_reports(
    cli: Run, db_path: Path, phones: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = cli("--db", db_path, "--region", "DE", "--lang", "de", "batch", phones,
                 "--out-dir", out)
    assert result.code in (0, 1), result.err
    report = (out / "batch-report.html").read_text(encoding="utf-8")
    assert '<html lang="de">' in report
    for words in ("ContactGate-Stapelbericht", "Summen", "Eingabeordner", "exportiert",
                  "Bewahren Sie diese Ordner nur auf"):
        assert words in report, words
    assert "Totals" not in report and "Input folder" not in report
    phone = (out / "anna" / "report.html").read_text(encoding="utf-8")
    assert '<html lang="de"' in phone  # the same language as each phone's own report


def test_an_undecodable_file_name_is_processed_and_named_readably(
    batch: Callable[..., tuple[CliRun, dict[str, object]]], tmp_path: Path
) -> None:
    root = tmp_path / "phones"
    root.mkdir()
    (Path(os.fsdecode(bytes(root) + b"/caf\xe9.vcf"))).write_text(ANNA, encoding="utf-8")
    out = tmp_path / "out"
    result, payload = batch(root, "--out-dir", out)
    assert result.code == 0, result.err
    assert statuses(payload) == {"caf\ufffd.vcf": "done"}  # its state recorded too
    assert [r["input"] for r in read_rows(out)[1]] == ["caf\ufffd.vcf"]
    assert "Traceback" not in result.err
    _again, payload = batch(root, "--out-dir", out)
    assert statuses(payload) == {"caf\ufffd.vcf": "skipped"}  # not failed and redone


def test_links_in_a_loop_are_refused_and_the_rest_is_exported(
    batch: Callable[..., tuple[CliRun, dict[str, object]]], tmp_path: Path
) -> None:
    root = tmp_path / "phones"
    write(root / "anna.vcf", ANNA)
    (root / "a.vcf").symlink_to("b.vcf")
    (root / "b.vcf").symlink_to("a.vcf")
    result, payload = batch(root, "--out-dir", tmp_path / "out")
    assert "Traceback" not in result.err
    found = statuses(payload)
    assert found["anna.vcf"] == "done"
    assert found["a.vcf"] == found["b.vcf"] == "refused"


def test_a_folder_that_cannot_be_read_is_listed_and_the_walk_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "phones"
    write(root / "anna.vcf", ANNA)
    write(root / "locked" / "bernd.vcf", BERND)
    is_dir = Path.is_dir

    def locked(path: Path) -> bool:  # what a folder with mode 000 does (tests run as root)
        if "locked" in path.parts:
            raise PermissionError(13, "Permission denied", str(path))
        return is_dir(path)

    monkeypatch.setattr(Path, "is_dir", locked)
    inputs, _problems = find_inputs(root, tmp_path / "out")
    assert [i.rel for i in inputs if not i.refused] == ["anna.vcf", "locked/bernd.vcf"]


@pytest.mark.parametrize("case", ["missing", "same", "empty", "jobs"])
def test_bad_usage_exits_2_with_one_line(
    batch: Callable[..., tuple[CliRun, dict[str, object]]], phones: Path, tmp_path: Path,
    case: str,
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    args = {
        "missing": (tmp_path / "nope", "--out-dir", tmp_path / "out"),
        "same": (phones, "--out-dir", phones),
        "empty": (empty, "--out-dir", tmp_path / "out"),
        "jobs": (phones, "--out-dir", tmp_path / "out", "--jobs", "0"),
    }[case]
    result, _ = batch(*args)
    assert result.code == 2
    assert "Traceback" not in result.err and result.err.strip()


# --- same files as split ---------------------------------------------------------------


def test_each_phone_gets_exactly_what_split_gives_for_that_file_alone(
    phones: Path, consents: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    options = BatchOptions(phones, out, tmp_path / "batch.db", consents_csv=consents, jobs=2,
                           at=AT)
    result = drive_batch(run_batch(prepare_batch(options, settings_de())))
    assert result.exit_code == 0
    for item in result.files:
        alone = tmp_path / "alone" / item.out_rel
        store = open_db(tmp_path / "split.db")
        try:
            work = split([phones / item.rel], settings_de(),
                         ExportOptions(alone, consents_csv=consents, label=item.rel, at=AT), store)
            for _progress in work:
                pass
        finally:
            store.close()
        mine = out / item.out_rel
        assert {p.name for p in mine.iterdir()} == {p.name for p in alone.iterdir()}
        for name in sorted(EIGHT - REPORTS):
            assert (mine / name).read_bytes() == (alone / name).read_bytes(), (item.rel, name)


# --- interruption ----------------------------------------------------------------------


def assert_nothing_half_written(out: Path, folders: list[str]) -> None:
    assert not [p for p in out.rglob("*") if p.name.endswith((".part", ".batch-part"))]
    for folder in folders:
        path = out / folder
        assert not path.exists() or {p.name for p in path.iterdir()} == EIGHT, folder


def test_an_interrupt_stops_cleanly_and_the_next_run_finishes_the_rest(
    tmp_path: Path, db_path: Path
) -> None:
    root = tmp_path / "phones"
    names = [f"phone{i}" for i in range(5)]
    for name in names:
        write(root / f"{name}.vcf", ANNA + BERND)
    out = tmp_path / "out"
    finished: list[str] = []

    def stop_after_the_first(progress: BatchProgress) -> None:
        if progress.finished is not None:
            finished.append(progress.finished.rel)
            raise KeyboardInterrupt

    options = BatchOptions(root, out, db_path, jobs=1)
    result = drive_batch(run_batch(prepare_batch(options, settings_de())), stop_after_the_first)
    assert result.interrupted and result.exit_code == 130
    assert len(result.files) == 5
    by_status = Counter(f.status for f in result.files)
    assert by_status["done"] >= 1 and by_status["interrupted"] >= 1
    assert all(f.error for f in result.files if f.status == "interrupted")
    assert_nothing_half_written(out, names)

    again = drive_batch(run_batch(prepare_batch(options, settings_de())))
    assert again.exit_code == 0
    assert {f.rel for f in again.files if f.status == "skipped"} >= set(finished)
    assert_nothing_half_written(out, names)
    assert all((out / name / "summary.json").exists() for name in names)


def start_batch_and_wait_for_a_phone(tmp_path: Path, db_path: Path) -> tuple[
        subprocess.Popen[bytes], Path, list[str]]:
    """``contactgate batch`` in its own process group, once its first phone is done."""
    root = tmp_path / "phones"
    # big enough that the batch is surely still running when Ctrl-C comes (~1 s a phone)
    book = "".join(card(f"u{i}", f"Kunde {i}", f"+49 30 2312{i:04}", org="Kunde AG")
                   for i in range(1500))
    names = [f"phone{i:02}" for i in range(24)]
    for name in names:
        write(root / f"{name}.vcf", book)
    out = tmp_path / "out"
    command = [sys.executable, "-m", "contactgate", "--db", str(db_path), "batch", str(root),
               "--out-dir", str(out), "--jobs", "2"]
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 60
    state = out / STATE_DIR / "state"
    while time.monotonic() < deadline and process.poll() is None:
        if state.is_dir() and any(state.iterdir()):
            break
        time.sleep(0.02)
    return process, out, names


def group_is_gone(pgid: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


def test_ctrl_c_on_a_running_batch_leaves_no_half_written_output(
    tmp_path: Path, db_path: Path
) -> None:
    process, out, names = start_batch_and_wait_for_a_phone(tmp_path, db_path)
    try:
        os.killpg(process.pid, signal.SIGINT)  # as Ctrl-C does: the whole process group
        _stdout, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 130, stderr.decode()
    assert group_is_gone(process.pid, 10)
    assert b"Traceback" not in stderr
    assert_nothing_half_written(out, names)
    rows = read_rows(out)[1]
    assert len(rows) == 24
    assert any(r["error"] == "interrupted before it was finished" for r in rows)


def test_workers_of_a_killed_batch_stop_instead_of_writing_on(
    tmp_path: Path, db_path: Path
) -> None:
    process, _out, _names = start_batch_and_wait_for_a_phone(tmp_path, db_path)
    process.kill()  # SIGKILL: the parent cannot tell its workers
    process.wait(timeout=60)
    try:
        assert group_is_gone(process.pid, 10), "worker processes outlived their parent"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # what this test started, if still there
