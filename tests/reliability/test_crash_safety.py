"""SIGKILL ``contactgate split`` (and ``batch``) at several moments of a large run.

After every kill: each output is absent or complete (parsed strictly: never a
truncated vCard), the database passes ``PRAGMA integrity_check`` and its audit
chain still verifies. Finally a re-run completes with every card accounted for.
The kills accumulate on one database and one output folder, as they would for
a user who keeps retrying.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.reliability.helpers import (
    ALL_OUTPUTS,
    assert_complete,
    cg_command,
    cg_env,
    integrity,
    leftovers,
    needs_split,
    run_cg,
    write_book,
    write_consents,
)

CARDS = 4_500  # a few seconds for a whole split here: time enough to kill it mid-way
POLL_S = 0.001

Condition = Callable[[Path, Path, float], bool]


@dataclass(frozen=True)
class KillPoint:
    name: str
    when: Condition


def _started(out: Path, db: Path, elapsed: float) -> bool:
    return db.exists()


def _timer(seconds: float) -> Condition:
    return lambda out, db, elapsed: elapsed >= seconds


def _writing_vcards(out: Path, db: Path, elapsed: float) -> bool:
    return any(p.name.endswith(".vcf.part") for p in _entries(out))


def _writing_reports(out: Path, db: Path, elapsed: float) -> bool:
    return any(p.name.startswith("report.") for p in _entries(out))


def _storing(out: Path, db: Path, elapsed: float) -> bool:
    # the last file is complete (the files appear once the export is recorded):
    # the business rows and the export record are being stored
    try:
        return (out / "report.pdf.part").read_bytes().endswith(b"%%EOF\n")
    except FileNotFoundError:
        return False


def _entries(folder: Path) -> list[os.DirEntry[str]]:
    try:
        return list(os.scandir(folder))
    except FileNotFoundError:
        return []


KILL_POINTS = [
    KillPoint("while opening the database", _started),
    KillPoint("after 0.8 s (reading, classifying)", _timer(0.8)),
    KillPoint("while a vCard file is being written", _writing_vcards),
    KillPoint("while the report is being written", _writing_reports),
    KillPoint("while business contacts are being stored", _storing),
]


def split_and_kill(db: Path, book: Path, consents: Path, out: Path, point: KillPoint) -> int:
    """Start a split, SIGKILL it when ``point`` is reached; return its exit status."""
    command = cg_command(db, "split", book, "--consents", consents, "--out-dir", out)
    process = subprocess.Popen(command, env=cg_env(), stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    started = time.monotonic()
    try:
        while process.poll() is None:
            if point.when(out, db, time.monotonic() - started):
                process.send_signal(signal.SIGKILL)
                break
            time.sleep(POLL_S)
        return process.wait(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def assert_database_survived(db: Path) -> None:
    assert integrity(db) == "ok"
    audit = run_cg(db, "audit", "verify")
    assert audit.returncode == 0, audit.stderr


@pytest.mark.slow
def test_killing_split_never_leaves_a_truncated_output_or_a_damaged_database(
    tmp_path: Path,
) -> None:
    needs_split()
    book = write_book(tmp_path / "phone.vcf", CARDS)
    consents = write_consents(tmp_path / "consents.csv", CARDS)
    db, out = tmp_path / "data" / "cg.db", tmp_path / "out"
    killed = []
    for point in KILL_POINTS:
        status = split_and_kill(db, book, consents, out, point)
        killed.append((point.name, status))
        assert_complete(out)
        if db.exists():
            assert_database_survived(db)
    assert sum(status == -signal.SIGKILL for _, status in killed) >= 3, killed
    rerun = run_cg(db, "--json", "split", book, "--consents", consents, "--out-dir", out)
    assert rerun.returncode == 0, rerun.stderr
    assert {p.name for p in out.iterdir()} == set(ALL_OUTPUTS)  # and no .part left over
    assert_everything_accounted_for(out, json.loads(rerun.stdout))
    assert_database_survived(db)


def assert_everything_accounted_for(out: Path, summary: dict[str, int]) -> None:
    counts = assert_complete(out)
    third = CARDS // 3
    consented = len(range(0, CARDS, 6))
    assert summary["input_cards"] == summary["parsed"] == CARDS
    assert (summary["business"], summary["private"], summary["unsure"]) == (third,) * 3
    assert counts == {
        "whatsapp-business.vcf": consented,
        "business-no-consent.vcf": third - consented,
        "private.vcf": third,
        "review.vcf": third,
    }


@pytest.mark.slow
def test_killing_batch_leaves_each_phone_folder_complete_or_absent(tmp_path: Path) -> None:
    needs_split()
    from importlib.util import find_spec

    if find_spec("contactgate.commands.batch") is None:
        pytest.skip("batch is not present yet")
    phones = tmp_path / "phones"
    phones.mkdir()
    for index in range(4):
        write_book(phones / f"phone{index}.vcf", CARDS // 4)
    db, out = tmp_path / "data" / "cg.db", tmp_path / "batch-out"
    for delay in (0.6, 1.6):
        process = subprocess.Popen(cg_command(db, "batch", phones, "--out-dir", out, "--force"),
                                   env=cg_env(), stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        for folder in [out, *[p for p in out.rglob("*") if p.is_dir()]] if out.exists() else []:
            assert_complete(folder)
        if (out / "batch-summary.csv").exists():
            assert (out / "batch-summary.csv").read_bytes().endswith(b"\n")
        if db.exists():
            assert integrity(db) == "ok"
    rerun = run_cg(db, "batch", phones, "--out-dir", out, "--force")
    assert rerun.returncode == 0, rerun.stderr
    assert leftovers(out) == []
    for index in range(4):
        assert sum(assert_complete(out / f"phone{index}").values()) == CARDS // 4
