"""Full disks and unwritable targets: one clear line naming the path, exit 2, no
partial files. Tests run as root (mode bits stop nothing), so targets are made
unwritable by a file where a folder should be, a full small tmpfs, or a
read-only mount."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CliRun
from tests.reliability.helpers import (
    SmallFilesystem,
    assert_complete,
    fill,
    integrity,
    leftovers,
    needs_split,
    one_line_error,
    run_cg,
    write_book,
    write_consents,
)

Run = Callable[..., CliRun]
CARDS = 3_000  # several MB of output: more than the small filesystems hold


@pytest.fixture
def book(tmp_path: Path) -> Path:
    needs_split()
    return write_book(tmp_path / "phone.vcf", CARDS)


def assert_clean_failure(done: subprocess.CompletedProcess[str], where: Path) -> str:
    assert done.returncode == 2, done.stderr
    line = one_line_error(done.stderr)
    assert str(where) in line, line
    return line


@pytest.mark.parametrize("size", ["64k", "400k"], ids=["nothing fits", "the first files fit"])
def test_split_onto_a_small_filesystem_fails_cleanly(
    tmp_path: Path, book: Path, size: str
) -> None:
    db = tmp_path / "data" / "cg.db"
    with SmallFilesystem(tmp_path / "small", size) as small:
        out = small / "out"
        done = run_cg(db, "split", book, "--out-dir", out)
        assert_clean_failure(done, out)
        assert leftovers(small) == []
        if out.exists():
            assert_complete(out)
    assert integrity(db) == "ok"


def test_split_onto_a_full_filesystem_fails_cleanly(
    tmp_path: Path, book: Path
) -> None:
    with SmallFilesystem(tmp_path / "small", "256k") as small:
        (small / "out").mkdir()
        fill(small)
        done = run_cg(tmp_path / "cg.db", "split", book, "--out-dir", small / "out")
        assert_clean_failure(done, small / "out")
        assert leftovers(small) == []
        assert_complete(small / "out")  # an empty file needs no space: it may be there


def test_a_full_disk_under_the_database_is_a_clear_error(tmp_path: Path, book: Path) -> None:
    consents = write_consents(tmp_path / "consents.csv", CARDS)
    with SmallFilesystem(tmp_path / "small", "2m") as small:
        db = small / "cg.db"
        assert run_cg(db, "consent", "list").returncode == 0
        fill(small)
        done = run_cg(db, "split", book, "--consents", consents, "--out-dir", tmp_path / "out")
        line = assert_clean_failure(done, db)
        assert "full" in line or "space" in line
        for path in (small / "filler", small / "filler-tail"):
            path.unlink()  # room again: the database must be as before and usable
        assert integrity(db) == "ok"
        assert run_cg(db, "audit", "verify").returncode == 0


def test_consent_export_onto_a_full_filesystem_leaves_nothing(cli: Run, tmp_path: Path) -> None:
    csv = tmp_path / "c.csv"
    csv.write_text("phone,granted_at,method,evidence\n" + "".join(
        f"+49 30 {2_000_000 + i:07d},2026-01-15,web_form,{'x' * 200}\n" for i in range(2000)))
    assert cli("consent", "import", csv).code == 0
    with SmallFilesystem(tmp_path / "small", "128k") as small:
        result = cli("consent", "export", small / "register.csv")
        assert result.code == 2
        assert str(small / "register.csv") in one_line_error(result.err)
        assert not (small / "register.csv").exists() and leftovers(small) == []


def test_a_read_only_filesystem_is_named(tmp_path: Path, book: Path) -> None:
    with SmallFilesystem(tmp_path / "ro", "1m") as mounted:
        (mounted / "out").mkdir()
        remount = subprocess.run(["mount", "-o", "remount,ro", str(mounted)],
                                 capture_output=True, text=True, check=False)
        if remount.returncode != 0:
            pytest.skip(f"cannot remount read-only: {remount.stderr.strip()}")
        done = run_cg(tmp_path / "cg.db", "split", book, "--out-dir", mounted / "out")
        assert_clean_failure(done, mounted / "out")


def test_a_file_where_the_output_folder_should_be(tmp_path: Path, book: Path) -> None:
    blocker = tmp_path / "out"
    blocker.write_text("a file")
    done = run_cg(tmp_path / "cg.db", "split", book, "--out-dir", blocker)
    assert_clean_failure(done, blocker)
    assert blocker.read_text() == "a file"


def test_a_folder_where_an_output_file_should_be(tmp_path: Path, book: Path) -> None:
    out = tmp_path / "out"
    (out / "private.vcf").mkdir(parents=True)
    done = run_cg(tmp_path / "cg.db", "split", book, "--out-dir", out)
    assert_clean_failure(done, out / "private.vcf")
    assert leftovers(out) == []
    assert_complete(out)


def test_batch_onto_a_small_filesystem_fails_cleanly(tmp_path: Path) -> None:
    needs_split()
    phones = tmp_path / "phones"
    phones.mkdir()
    for index in range(3):
        write_book(phones / f"phone{index}.vcf", CARDS // 3)
    with SmallFilesystem(tmp_path / "small", "512k") as small:
        done = run_cg(tmp_path / "cg.db", "batch", phones, "--out-dir", small / "batch")
        assert done.returncode == 2, done.stderr
        assert "Traceback" not in done.stderr and str(small / "batch") in done.stderr
        assert leftovers(small) == []
        for folder in [p for p in small.rglob("*") if p.is_dir()]:
            assert_complete(folder)
